"""The words every output prints around the guide's own text: read from the content file.

The templates and builders hold no English: "Myth", "Fact", "Myth 2 of 5" and the rest are
`labels` in the content file, so that a translated content file translates them too. A label
is plain text; a counted one names its values in braces, such as "Myth {n} of {total}", and
each must use exactly the placeholders listed here, so a translation can reorder them but
not drop one or invent another.
"""

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

# Every label, with the placeholders its text must use (each once or more, and no others).
LABELS: dict[str, tuple[str, ...]] = {
    "myth": (),
    "fact": (),
    "myth_lead": (),
    "fact_lead": (),
    "myth_number": ("n", "total"),
    "myth_count": ("total",),
    "contacts": (),
    "find_out_more": (),
    "qr_alt": ("address",),
    "version": ("version",),
    "reviewed": ("date",),
    "date": ("day", "month", "year"),
    "page_number": ("page", "pages"),
    "skip_link": (),
    "downloads_heading": (),
    "downloads_intro": (),
    "downloads_intro_from": ("publisher",),
    "published_by": ("publisher",),
    "read_more_online": (),
    "website": (),
    "poster_description": ("total",),
    "myth_poster_title": ("myth", "title"),
    "myth_poster_description": ("n", "total", "myth"),
    "leaflet_description": (),
    "web_description": ("total",),
    "handout_subject": ("total",),
    "handout_keywords": (),
    "describe_poster": (),
    "describe_myth_poster": ("myth",),
    "describe_leaflet": (),
    "describe_handout": (),
    "describe_web": (),
    "language_name": (),
    "other_languages": ("languages",),
    "language_switch": (),
}
# Placeholders a label may leave out. {languages} fills in the other languages' own names
# ("ar gael hefyd yn English"); a translator may name them in the label's own language
# instead ("ar gael yn Saesneg hefyd"), which only they can write. {address}, in the QR
# code's alt text, is the address printed (and read) right after the code: the English
# leaves it out, so that a screen reader does not read it twice, and content files made
# before then still have it.
OPTIONAL: dict[str, frozenset[str]] = {
    "other_languages": frozenset({"languages"}),
    "qr_alt": frozenset({"address"}),
}
# Labels only a pack of several languages prints (see packs.py), so a content file made
# for one language may leave them out.
PACK_LABELS = frozenset({"language_name", "other_languages"})
# Labels any content file may leave out, as files made before they were added do: the
# outputs say it otherwise, in words every reader understands, and `check` warns of a
# translation that lacks one its source has. `language_switch` names the web edition's
# switch between languages ("Languages"); without it, the switch is named by the languages
# it offers, each in its own words ("Cymraeg / English").
LATER_LABELS = frozenset({"language_switch"})
# What a translator needs to know of a label beyond its English (translate export): in
# letters every encoding a translator's tool may save in has (Windows-1252's, say).
TRANSLATOR_NOTES = {
    "qr_alt": (
        "Heard, not seen: what a screen reader says for the QR code. The web address it "
        "opens is printed, and read, right after it, so leave {address} out, as the English "
        "does, or it is read twice."
    ),
    "language_name": (
        "This language's own name, as its speakers write it (Cymraeg for Welsh, Polski for "
        "Polish), not its name in English: the language switch shows it to them."
    ),
    "other_languages": (
        "{languages} is filled with the other languages' own names (English, Cymraeg). "
        "To name them in this language instead, write them out and leave {languages} out."
    ),
    "language_switch": (
        "Heard, not seen: the name a screen reader gives the list of links to this guide in "
        "other languages, as a heading would name it (Welsh: Ieithoedd)."
    ),
}
# The month names, January first: a list label, for the dates the outputs print.
MONTHS = "months"
MONTH_COUNT = 12
LABEL_KEYS = (*LABELS, MONTHS)

PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
# A brace left over once the placeholders are taken out: a typing slip, or a "{ n }".
STRAY_BRACE = re.compile(r"[{}]")


def placeholder_problem(name: str, text: str) -> str | None:
    """What is wrong with the placeholders of label `name`'s `text`, or None if nothing."""
    wanted = set(LABELS[name])
    used = set(PLACEHOLDER.findall(text))
    if STRAY_BRACE.search(PLACEHOLDER.sub("", text)):
        return "has a brace that is not part of a placeholder such as {n}"
    if used - wanted:
        unknown = ", ".join(f"{{{p}}}" for p in sorted(used - wanted))
        allowed = ", ".join(f"{{{p}}}" for p in LABELS[name]) or "none"
        return f"uses {unknown}, which it cannot fill (placeholders it may use: {allowed})"
    if wanted - used - OPTIONAL.get(name, frozenset()):
        missing = ", ".join(f"{{{p}}}" for p in LABELS[name] if p not in used)
        return f"lacks {missing}"
    return None


@dataclass(frozen=True)
class Labels:
    """The content file's labels, validated: `text` fills one for printing."""

    # (label name, text with its placeholders), in LABELS order: pairs, not a dict, so that
    # the content stays hashable and crosses to worker processes.
    pairs: tuple[tuple[str, str], ...]
    months: tuple[str, ...]

    @cached_property
    def texts(self) -> dict[str, str]:
        return dict(self.pairs)

    def text(self, name: str, **values: Any) -> str:
        """Label `name` with its placeholders filled from `values` (as plain text)."""
        return _fill(self.texts[name], values)

    def split(self, name: str, slot: str, **values: Any) -> list[str]:
        """Label `name` filled from `values`, cut where placeholder `slot` is: for a template
        to fill that slot with markup, such as a name in another language."""
        return [_fill(piece, values) for piece in self.texts[name].split(f"{{{slot}}}")]

    def date(self, day) -> str:
        """A date as the content's language writes it, e.g. "1 April 2026"."""
        return self.text("date", day=day.day, month=self.months[day.month - 1], year=day.year)

    def every_text(self) -> str:
        """Every label's words, for the glyph check of text only the handout or web prints."""
        return " ".join((*self.texts.values(), *self.months))


def _fill(text: str, values: dict[str, Any]) -> str:
    return PLACEHOLDER.sub(lambda match: str(values[match.group(1)]), text)
