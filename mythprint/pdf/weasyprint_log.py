"""WeasyPrint's log while a document is made: the harmless messages, and the rest that stop it."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

WEASYPRINT_LOGGER = logging.getLogger("weasyprint")
# fontTools, which cuts fonts down to the letters a file prints (for WeasyPrint without
# HarfBuzz-Subset, and for the web edition's fonts), logs one warning, each table it cannot
# cut down and so drops: "FFTM NOT subset; don't know how to subset; dropped" for the
# timestamp FontForge writes. Nothing prints differently and no user can act on it, so it
# is not said; fontTools raises its errors, which still stop the file.
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)


@dataclass(frozen=True)
class Benign:
    """A message WeasyPrint logs that does not change the printed page, and what to tell
    the user instead (once a run)."""

    message: re.Pattern
    note: str


# Everything else WeasyPrint logs while a document is made stops that document.
BENIGN = (
    # Without libharfbuzz-subset, fonts are subset by fontTools: the same glyphs, slower.
    Benign(
        re.compile(r"^Using fontTools instead of HarfBuzz-Subset for font "),
        "fonts are embedded with fontTools, which is slower; installing the "
        "libharfbuzz-subset0 package (HarfBuzz-Subset 4.1 or newer) makes builds faster.",
    ),
)


def benign_note(message: str) -> str | None:
    """The note to show for a harmless WeasyPrint message, or None if it is not harmless."""
    for benign in BENIGN:
        if benign.message.match(message):
            return benign.note
    return None


class Collector(logging.Handler):
    """Keeps the warnings WeasyPrint logs while one document is made: the harmless ones
    as notes, the rest as problems."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []
        self.notes: set[str] = set()

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        note = benign_note(message)
        if note is None:
            self.messages.append(message)
        else:
            self.notes.add(note)
