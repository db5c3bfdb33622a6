"""Embeds TrueType fonts in a Word file the way Word does (ECMA-376 Part 1, 17.8)."""

import hashlib
import io
import uuid
from functools import lru_cache
from pathlib import Path

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from fontTools.ttLib import TTFont
from lxml import etree

from ..inputs.brand import FontFace
from ..inputs.content import primary_language
from .webfonts import EDIT_CHARACTERS, font_characters, subset_font

OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
EMBEDDABLE = (".ttf", ".otf")
SLOTS = {  # (bold, italic) -> the font table's element for that face
    (False, False): "w:embedRegular",
    (True, False): "w:embedBold",
    (False, True): "w:embedItalic",
    (True, True): "w:embedBoldItalic",
}
EMBED_TAGS = frozenset(qn(tag) for tag in SLOTS.values())
FONT_SLOTS = ("ascii", "hAnsi", "eastAsia", "cs")  # w:rFonts's fonts, each named on its own
# An editor may type any letter of the scripts the text uses: a variable font is cut down to
# every letter it has within the same blocks of this many code points as the text's own.
BLOCK = 128
# Every letter of each language the handout may be written in, as CLDR's exemplar characters
# (its main set) list them, lower case; their capitals are kept too. A text seldom shows all
# of its language's letters: the sample Welsh has ŵ and ŷ, but no ẁ, ẃ, ẅ or ỳ, which lie
# in another block, so a Welsh editor typing one would get another font for it on a PC that
# lacks the embedded one. English needs nothing beyond EDIT_CHARACTERS.
LANGUAGE_LETTERS = {
    "cy": "aáàâäbcdeéèêëfghiíìîïjlmnoóòôöprstuúùûüwẃẁŵẅyýỳŷÿ",
    "pl": "aąbcćdeęfghijklłmnńoóprsśtuwyzźż",
    "ro": "aăâbcdefghiîjklmnopqrsștțuvwxyz",
    "ur": "اأآبپتٹثجچحخدڈذرڑزژسشصضطظعغفقکگلمنںوؤہۂھءیئےةه",
    "ar": "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي"
    + "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670",  # its vowel marks
}
# What Word shows, and substitutes by, if the embedded font cannot be used.
FALLBACK_FONT = "Arial"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def obfuscate(font: bytes, key: uuid.UUID) -> bytes:
    """XOR the first 32 bytes with the key: the GUID's bytes in reverse order (17.8.1)."""
    mask = bytes.fromhex(key.hex)[::-1]
    head = bytes(byte ^ mask[index % 16] for index, byte in enumerate(font[:32]))
    return head + font[32:]


def font_key(font: bytes) -> uuid.UUID:
    """A key derived from the font itself, so that identical inputs give identical files."""
    return uuid.UUID(bytes=hashlib.sha256(font).digest()[:16])


def panose(path) -> str:
    """The font's PANOSE classification, which lets Word pick a close substitute."""
    font = TTFont(str(path), lazy=True)
    try:
        p = font["OS/2"].panose
        values = (
            p.bFamilyType,
            p.bSerifStyle,
            p.bWeight,
            p.bProportion,
            p.bContrast,
            p.bStrokeVariation,
            p.bArmStyle,
            p.bLetterForm,
            p.bMidline,
            p.bXHeight,
        )
    except KeyError:
        return "00000000000000000000"
    finally:
        font.close()
    return "".join(f"{v:02X}" for v in values)


def embed_fonts(
    document, faces: tuple[FontFace, ...], text: str = "", languages: tuple[str, ...] = ()
) -> None:
    """Put each family's regular, bold, italic and bold italic into the file, obfuscated.

    `text` is what the file prints, in `languages`: a variable font is embedded as static
    faces cut down to the scripts it uses and every letter of those languages (see
    `face_bytes`).
    """
    font_table = document.part.part_related_by(RT.FONT_TABLE)
    settings = document.settings.element
    table = parse_xml(font_table.blob)
    number = 0
    for family in dict.fromkeys(face.family for face in faces):
        entry = _font_entry(table, family, [f for f in faces if f.family == family])
        for slot, face in _slot_faces([f for f in faces if f.family == family]):
            number += 1
            data = face_bytes(face, text, languages)
            key = font_key(data)
            part = Part(
                PackURI(f"/word/fonts/font{number}.odttf"),
                OBFUSCATED_FONT,
                obfuscate(data, key),
                document.part.package,
            )
            rel_id = font_table.relate_to(part, RT.FONT)
            element = entry.makeelement(
                qn(slot),
                {
                    qn("r:id"): rel_id,
                    qn("w:fontKey"): "{" + str(key).upper() + "}",
                },
            )
            entry.append(element)
        _order_children(entry)
    font_table._blob = etree.tostring(
        table, xml_declaration=True, encoding="UTF-8", standalone=True
    )
    _require(settings, "w:embedTrueTypeFonts", after=("w:zoom", "w:view", "w:writeProtection"))


def drop_unnamed_fonts(document) -> None:
    """Take out of the font table each font that no style, paragraph or list names, and
    that the file does not embed or fall back to: the starting file's Cambria, Calibri,
    Times New Roman, Courier, MS Mincho and MS Gothic, which Word would show as the file's
    fonts. Word lists a font there again when text is set in it."""
    font_table = document.part.part_related_by(RT.FONT_TABLE)
    table = parse_xml(font_table.blob)
    named = set()
    for part in document.part.package.iter_parts():
        element = getattr(part, "element", None)
        for fonts in element.iter(qn("w:rFonts")) if element is not None else ():
            named |= {fonts.get(qn(f"w:{slot}")) for slot in FONT_SLOTS}
    entries = table.findall(qn("w:font"))
    for entry in entries:
        if any(child.tag in EMBED_TAGS for child in entry):
            named.add(entry.get(qn("w:name")))
            named |= {alt.get(qn("w:val")) for alt in entry.findall(qn("w:altName"))}
    for entry in entries:
        if entry.get(qn("w:name")) not in named:
            table.remove(entry)
    font_table._blob = etree.tostring(
        table, xml_declaration=True, encoding="UTF-8", standalone=True
    )


def _slot_faces(faces: list[FontFace]) -> list[tuple[str, FontFace]]:
    """The face for each of Word's four slots that the family fills: of its faces in that
    slot's style and weight class, the nearest to 400 (or 700 for bold). A package with
    nine weights fills its regular slot with its Regular, never its Thin."""
    chosen = []
    for (bold, italic), slot in SLOTS.items():
        fits = [
            face
            for face in faces
            if (face.weight >= 600) == bold
            and (face.style == "italic") == italic
            and face.path.suffix.lower() in EMBEDDABLE
        ]
        if fits:
            chosen.append(
                (slot, min(fits, key=lambda face: abs(face.weight - (700 if bold else 400))))
            )
    return chosen


def face_bytes(face: FontFace, text: str, languages: tuple[str, ...] = ()) -> bytes:
    """The font file to embed for `face`: a static font as it is; a variable font as the
    static instance at the face's weight, cut down to the letters `text` and an edit of it
    in `languages` may need.

    Word and LibreOffice set an embedded variable font at its default instance, so its bold
    would be faked; and a variable font with every script runs to megabytes a face.
    """
    if not _is_variable(face.path):
        return face.path.read_bytes()
    have = font_characters(face.path)
    blocks = {ord(character) // BLOCK for character in text}
    wanted = set(text) | EDIT_CHARACTERS | language_letters(languages)
    kept = {c for c in have if ord(c) // BLOCK in blocks} | wanted & have
    return _static_instance(face.path, face.weight, face.style == "italic", "".join(sorted(kept)))


def language_letters(languages: tuple[str, ...]) -> set[str]:
    """Every letter of each of `languages` (tags such as cy-GB), in both cases, that
    LANGUAGE_LETTERS knows."""
    letters = "".join(LANGUAGE_LETTERS.get(primary_language(tag), "") for tag in languages)
    return set(letters) | set(letters.upper())


@lru_cache(maxsize=8)
def _is_variable(path: Path) -> bool:
    font = TTFont(str(path), lazy=True)
    try:
        return "fvar" in font
    finally:
        font.close()


@lru_cache(maxsize=16)
def _static_instance(path: Path, weight: int, italic: bool, characters: str) -> bytes:
    """The font at `weight` (its other axes at their defaults), with only `characters`;
    the same bytes every time (fontTools would stamp the clock into its `head` table)."""
    from fontTools.varLib import instancer

    font = TTFont(io.BytesIO(_cut_down(path, characters)))
    try:
        axes = {axis.axisTag: axis.defaultValue for axis in font["fvar"].axes}
        font = instancer.instantiateVariableFont(
            font, {**axes, "wght": weight}, updateFontNames=True
        )
        bold = weight >= 600
        font["OS/2"].usWeightClass = weight
        font["OS/2"].fsSelection = (font["OS/2"].fsSelection & ~0b1100001) | (
            (0b100000 if bold else 0) | (1 if italic else 0) | (0 if bold or italic else 0b1000000)
        )
        font["head"].macStyle = (1 if bold else 0) | (2 if italic else 0)
        font.recalcTimestamp = False  # keep the font's own date, not the clock's
        buffer = io.BytesIO()
        font.save(buffer)
        return buffer.getvalue()
    finally:
        font.close()


@lru_cache(maxsize=8)
def _cut_down(path: Path, characters: str) -> bytes:
    """The variable font with only `characters`, still variable: done once for all its
    weights, since cutting down a font of every script is the slow part."""
    return subset_font(path, characters, layout_features=["*"])


def _font_entry(table, family: str, faces):
    for existing in table.findall(qn("w:font")):
        if existing.get(qn("w:name")) == family:
            table.remove(existing)
    entry = parse_xml(
        f'<w:font xmlns:w="{W_NS}" xmlns:r="{R_NS}" w:name="{_attr(family)}">'
        f'<w:altName w:val="{FALLBACK_FONT}"/>'
        f'<w:panose1 w:val="{panose(faces[0].path)}"/>'
        '<w:charset w:val="00"/><w:family w:val="swiss"/><w:pitch w:val="variable"/>'
        "</w:font>"
    )
    table.append(entry)
    return entry


def _order_children(entry) -> None:
    """The schema wants the embed elements in a fixed order: regular, bold, italic, both."""
    order = [
        qn(tag)
        for tag in ("w:altName", "w:panose1", "w:charset", "w:family", "w:pitch", *SLOTS.values())
    ]
    children = sorted(entry, key=lambda child: order.index(child.tag))
    for child in children:
        entry.append(child)


def _require(settings, tag: str, after: tuple[str, ...]) -> None:
    if settings.find(qn(tag)) is not None:
        return
    element = settings.makeelement(qn(tag), {})
    anchor = next((settings.find(qn(t)) for t in after if settings.find(qn(t)) is not None), None)
    if anchor is None:
        settings.insert(0, element)
    else:
        anchor.addnext(element)


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
