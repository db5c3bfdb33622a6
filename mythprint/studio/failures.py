"""The pack's files that could not be made, in the studio's words: each file named by what
it is ("the leaflet", never leaflet-dl.pdf), and a page that ran out of room said beside the
field that would make room on it. The CLI's words (the file's name, the type size's floor)
serve people who run mythprint; these serve the people who fill in the form."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from ..errors import ERROR, Overflow, whole_mm
from ..inputs.content import Content
from ..inputs.inline import plain_text
from .kitform import KitFields, Notice

# The files a preview run makes, as a sentence names them; a single myth's poster is named
# by its myth (see file_words).
FILE_WORDS = {
    "leaflet-dl.pdf": "the leaflet",
    "poster-a3.pdf": "the poster with every myth",
    "handout.docx": "the Word handout",
}
MYTH_POSTER = re.compile(r"poster-a3-([a-z0-9-]+)\.pdf")
# A file of the pack where a message names it, with any folders before it (kit/, press/).
PACK_FILE = re.compile(
    r"(?<![\w.-])(?:[\w.-]+/)*(?:poster-a3(?:-[a-z0-9-]+)?\.pdf|leaflet-dl\.pdf|handout\.docx)"
    r"(?![\w.-])"
)
PRESS = "press"
SMALLEST = "even in the smallest type that is easy to read"


def file_words(path: str, content: Content) -> str | None:
    """A file of the pack as a sentence names it, 'the leaflet'; None for another file."""
    name = PurePosixPath(path).name
    words = FILE_WORDS.get(name)
    if match := MYTH_POSTER.fullmatch(name):
        myth = next((myth for myth in content.myths if myth.id == match[1]), None)
        words = f"the poster of the myth “{plain_text(myth.statement)}”" if myth else None
    if words and PRESS in PurePosixPath(path).parts[:-1]:
        words += " for the print shop"
    return words


def plain_files(line: str, content: Content) -> str:
    """`line` with each file of the pack it names said as what it is, and a capital first:
    "leaflet-dl.pdf: ..." reads "The leaflet: ..."."""
    text = PACK_FILE.sub(lambda match: file_words(match[0], content) or match[0], line)
    return text[:1].upper() + text[1:]


def failure_notice(
    line: str, overflow: Overflow | None, fields: KitFields, content: Content
) -> Notice:
    """A file that could not be made: beside the field that would make room on its page,
    in the form's words, where the fit says which; else above the form, its files named."""
    if overflow is not None and (placed := _overflow_notice(overflow, fields, content)):
        return placed
    return Notice(None, ERROR, plain_files(line, content))


def _overflow_notice(overflow: Overflow, fields: KitFields, content: Content) -> Notice | None:
    what = file_words(overflow.output, content) or "this file"
    file = f"{what[:1].upper()}{what[1:]} was not made"
    if overflow.panel == "back cover" and fields.contacts:
        also = [name for name, given in (("the review note", fields.review),
                                         ("the QR code address", fields.qr)) if given]  # fmt: skip
        shorten = _listed(["them", *also])
        return Notice("contacts", ERROR, (
            f"{file}: its back cover has room for fewer contacts. They run {_past(overflow)} "
            f"the foot of the cover, {SMALLEST}. Remove a contact, or shorten {shorten}."
        ))  # fmt: skip
    if overflow.panel == "front cover" and fields.name:
        return Notice("name", ERROR, (
            f"{file}: its front cover has no room for your partnership's name. The cover's "
            f"words run {_past(overflow)} its foot, {SMALLEST}. Shorten the name."
        ))  # fmt: skip
    if overflow.crowded_by == "contacts":
        return Notice("contacts", ERROR, (
            f"{file}: it has room for fewer contacts. With these, its text runs "
            f"{_past(overflow)} the page, {SMALLEST}. Remove a contact, or shorten them."
        ))  # fmt: skip
    return None


def _past(overflow: Overflow) -> str:
    """How far a page ran on, before the word "past": '11 mm past'; just 'past' where the
    fit did not measure it."""
    if overflow.overflow_mm is None:
        return "past"
    return f"{whole_mm(overflow.overflow_mm)} mm past"


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"
