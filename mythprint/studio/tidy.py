"""Text as it arrives from Word, Excel or a web page, tidied before it is checked: tabs and
runs of spaces made one space, and the invisible characters that come with a paste removed."""

from __future__ import annotations

import unicodedata

JOINERS = ("\u200c", "\u200d")  # zero-width non-joiner and joiner


def tidy_line(text: str) -> str:
    """One line of text: every run of whitespace (tabs, non-breaking spaces, line breaks)
    one space, invisible format characters removed, the ends trimmed. Letters and their
    accents are never changed."""
    return " ".join(_without_format_characters(text).split())


def tidy_lines(text: str) -> str:
    """Text of one item a line: each line tidied, every line break made "\\n" (a browser
    sends "\\r\\n"), and blank lines kept between items, so that line numbers stay."""
    lines = [tidy_line(line) for line in text.splitlines()]
    return "\n".join(lines).strip("\n")


def printable(text: str) -> str:
    """One line with everything that does not print removed: for a name to show, such as a
    file's, never for what a partnership typed (that is refused, and said, instead)."""
    return "".join(ch for ch in tidy_line(text) if unprintable(ch) is None)


def unprintable(text: str) -> str | None:
    """The first character left that prints as nothing (a control character, or a private
    one from a symbol font), as 'U+F0B7'; None if there is none."""
    for ch in text:
        if unicodedata.category(ch).startswith("C") and ch not in JOINERS:
            return f"U+{ord(ch):04X}"
    return None


def _without_format_characters(text: str) -> str:
    """`text` without its format characters: direction marks and embeddings, zero-width
    spaces, byte-order marks and soft hyphens. A joiner or non-joiner between two letters of
    a script that joins them (Urdu, Persian, the Indian scripts) is spelling, and is kept."""
    return "".join(
        ch
        for index, ch in enumerate(text)
        if unicodedata.category(ch) != "Cf" or (ch in JOINERS and _joins(text, index))
    )


def _joins(text: str, index: int) -> bool:
    before = text[index - 1] if index > 0 else ""
    after = text[index + 1] if index + 1 < len(text) else ""
    return _joining_letter(before) and _joining_letter(after)


def _joining_letter(ch: str) -> bool:
    """A letter or mark of a script other than Latin, Greek or Cyrillic, which never join."""
    if not ch or unicodedata.category(ch)[0] not in "LM":
        return False
    return not unicodedata.name(ch, "").startswith(("LATIN", "GREEK", "CYRILLIC", "COMBINING"))
