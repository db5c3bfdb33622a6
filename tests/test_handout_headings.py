"""A pack's handout sets every language's title and headings in Word's own Title and Heading 1.

Word exposes only its own heading styles as headings: a style based on Heading 1 is not one to
UI Automation or to a range's GoTo(wdGotoHeading), so NVDA's H key and Elements List found no
heading in a pack whose headings were in Heading 1 (Cymraeg) and Heading 1 (English) (NVDA
issues 5186 and 15543). Each heading's words carry their language, and the second language's
its colour, by a character style of their language instead; read back with python-docx, the
XML, and LibreOffice's tagged PDF (which finds headings by outline level, so it is no proof of
what Word does, only that nothing was lost on the way).
"""

import unicodedata
from pathlib import Path

import docx
import pikepdf
import pypdfium2
import pytest
from lxml import etree

from mythprint.inputs.brand import load_brand
from mythprint.paths import DEFAULT_BRANDS_DIR, DEFAULT_CONTENT

from .conftest import SOFFICE, libreoffice_pdf, raw_content
from .test_bilingual_handout import (
    KIT,
    URDU,
    WELSH,
    build_handout,
    is_on,
    language_of,
    paragraph_property,
    parts,
    require_pack_font,
    resolved,
    run_property,
    style_id,
)
from .test_direction import W
from .test_handout import out_of_schema_order
from .test_urdu import require_arabic_font

# Each pack, its contents in reading order, and its languages as Word names them.
PACKS = {
    "cy-en": ((WELSH, DEFAULT_CONTENT), ("cy-GB", "en-GB")),
    "en-ur": ((DEFAULT_CONTENT, URDU), ("en-GB", "ur-PK")),
    "ur-en": ((URDU, DEFAULT_CONTENT), ("ur-PK", "en-GB")),
}
MYTHS = len(raw_content()["myths"])


@pytest.fixture(scope="module", params=list(PACKS))
def pack(request, tmp_path_factory) -> tuple[tuple[str, str], Path]:
    """Each pack's handout, and its languages in reading order."""
    contents, languages = PACKS[request.param]
    if WELSH in contents:
        require_pack_font()
    if URDU in contents:
        require_arabic_font()
    return languages, build_handout(tmp_path_factory.mktemp(request.param), *contents)


def body_paragraphs(path: Path) -> tuple[etree._Element, list[etree._Element]]:
    read = parts(path)
    return read["styles"], read["document"].find(f"{W}body").findall(f"{W}p")


def has_arabic(text: str) -> bool:
    return any(unicodedata.bidirectional(character) in ("R", "AL") for character in text)


def test_every_heading_in_every_language_is_word_s_own_heading_1(pack):
    """Each myth's heading and the contacts' heading, in each language, is in Heading 1
    itself (style id Heading1, named "heading 1", not a custom style), and the title in
    Title; and no other paragraph style is a heading, which only Word's outline would see."""
    languages, path = pack
    styles, paragraphs = body_paragraphs(path)
    by_id = {style.get(f"{W}styleId"): style for style in styles.iter(f"{W}style")}
    for own, name in (("Heading1", "heading 1"), ("Title", "Title")):
        assert by_id[own].find(f"{W}name").get(f"{W}val") == name
        assert by_id[own].get(f"{W}customStyle") is None, own
    for own, style in by_id.items():
        if style.get(f"{W}type") == "paragraph" and own not in ("Heading1", "Heading2"):
            level = resolved(styles, own, "outlineLvl")
            assert level is None or level.get(f"{W}val") == "9", own
    assert not [p for p in paragraphs if p.find(f"{W}pPr/{W}outlineLvl") is not None]
    headings = [p for p in paragraphs if style_id(p) == "Heading1"]
    leveled = [p for p in paragraphs if resolved(styles, style_id(p), "outlineLvl") is not None]
    assert [p for p in leveled if style_id(p) != "Title"] == headings
    # Each myth's twice; the contacts' twice, or, in a pack that reads one way, once, with
    # every language's words in their own language ("Cysylltiadau / Contacts").
    contacts = contacts_headings(languages)
    assert len(headings) == 2 * MYTHS + len(contacts)
    assert [language_of(styles, p) for p in headings] == list(languages) * MYTHS + contacts
    if len(contacts) == 1:
        *headings, shared = headings
        runs = list(shared.iter(f"{W}r"))
        assert [language_of(styles, shared, run) for run in runs] == list(languages)
    titles = [p for p in paragraphs if style_id(p) == "Title"]
    assert [language_of(styles, p) for p in titles] == list(languages)
    for paragraph in headings + titles:
        assert_words_in_their_language(styles, paragraph)
    # What is set on a heading's paragraph and runs is in the order Word requires.
    assert out_of_schema_order(path) == []


def contacts_headings(languages: tuple[str, ...]) -> list[str]:
    """The language of each contacts' heading of a pack: one a language, or, where every
    language reads one way (no Urdu), one in the first's, holding each's words."""
    return list(languages) if "ur-PK" in languages else [languages[0]]


def shared_heading(paragraph: etree._Element) -> bool:
    """Whether the heading holds the words of more than one language (each language's
    Heading Text): the contacts' heading of a pack that reads one way."""
    styles = {run.find(f"{W}rPr/{W}rStyle").get(f"{W}val") for run in paragraph.iter(f"{W}r")}
    return len({style for style in styles if style.startswith("HeadingText-")}) > 1


def assert_words_in_their_language(styles: etree._Element, paragraph: etree._Element) -> None:
    """Every run of a heading is in the heading's language, and reads in its direction; the
    English words inside an Urdu one (a law's name) are English, left to right, as Word
    itself writes them; and the heading reads in its language's direction."""
    language = language_of(styles, paragraph)
    right_to_left = language == "ur-PK"
    assert is_on(paragraph_property(styles, paragraph, "bidi")) == right_to_left
    runs = list(paragraph.iter(f"{W}r"))
    assert runs
    for run in runs:
        text = "".join(run.itertext())
        rtl = is_on(run_property(styles, paragraph, "rtl", run))
        if right_to_left and not has_arabic(text):
            assert (language_of(styles, paragraph, run), rtl) == ("en-GB", False), text
        else:
            assert (language_of(styles, paragraph, run), rtl) == (language, right_to_left), text


def test_the_second_language_s_headings_keep_the_text_colour_as_a_theme_colour(pack):
    """The second language's title and headings are in the kit's text colour, the first's
    in its accent, as when each had a style of its own; the colour comes from the words'
    character style and names the theme's colour (Text 1), so Design > Colors reaches it.
    The Myth label keeps its own colour in both."""
    languages, path = pack
    styles, paragraphs = body_paragraphs(path)
    kit = load_brand(DEFAULT_BRANDS_DIR, KIT).palette
    expected = {
        languages[0]: ("accent1", kit.accent),
        languages[1]: ("text1", kit.text),
        "label": ("accent2", kit.myth),
    }
    seen = set()
    for paragraph in paragraphs:
        if style_id(paragraph) not in ("Title", "Heading1"):
            continue
        for run in paragraph.iter(f"{W}r"):
            assert run.find(f"{W}rPr/{W}color") is None, "a colour set by hand"
            character = run.find(f"{W}rPr/{W}rStyle").get(f"{W}val")
            # The contacts' heading of a pack that reads one way holds every language's words.
            own = language_of(styles, paragraph, run if shared_heading(paragraph) else None)
            role = "label" if character.startswith("MythLabel") else own
            color = run_property(styles, paragraph, "color", run)
            theme, value = expected[role]
            assert color.get(f"{W}themeColor") == theme, (role, "".join(run.itertext()))
            assert color.get(f"{W}val") == value.lstrip("#").upper()
            seen.add(role)
    assert seen == set(expected)


def test_a_heading_s_bold_italic_and_link_keep_its_language(tmp_path):
    """A run has one character style: in a pack's heading, bold and italic words take their
    language's Heading Text, bold or italic as Word's B and I buttons make them; a link
    keeps its Hyperlink style and takes its language on the run itself."""
    require_pack_font()
    link = "(https://a.example/)"
    marked = {
        WELSH: ("Mae Deddf Diogelu Data", f"Mae **Deddf** *Diogelu* [Data]{link}"),
        DEFAULT_CONTENT: ("The Data Protection Act", f"The **Data** *Protection* [Act]{link}"),
    }
    contents = []
    for source, (plain, rich) in marked.items():
        text = source.read_text(encoding="utf-8")
        assert plain in text
        copy = tmp_path / source.name
        copy.write_text(text.replace(plain, rich, 1), encoding="utf-8")
        contents.append(copy)
    path = build_handout(tmp_path / "out", *contents)
    styles, paragraphs = body_paragraphs(path)
    headings = [p for p in paragraphs if style_id(p) == "Heading1"][:2]
    words = {"cy": ("Deddf", "Diogelu"), "en-GB": ("Data", "Protection")}  # bold, italic
    for heading, (tag, language) in zip(
        headings, (("cy", "cy-GB"), ("en-GB", "en-GB")), strict=True
    ):
        runs = {"".join(run.itertext()): run for run in heading.iter(f"{W}r")}
        bold, italic = (runs[word] for word in words[tag])
        for run, marks in ((bold, ("b", "bCs")), (italic, ("i", "iCs"))):
            assert run.find(f"{W}rPr/{W}rStyle").get(f"{W}val") == f"HeadingText-{tag}"
            assert all(is_on(run.find(f"{W}rPr/{W}{mark}")) for mark in marks)
        [link] = heading.findall(f"{W}hyperlink/{W}r")
        assert link.find(f"{W}rPr/{W}rStyle").get(f"{W}val") == "Hyperlink"
        assert link.find(f"{W}rPr/{W}lang").get(f"{W}val") == language
        for run in heading.iter(f"{W}r"):
            assert language_of(styles, heading, run) == language, "".join(run.itertext())
    assert out_of_schema_order(path) == []
    document = docx.Document(str(path))
    english = [p for p in document.paragraphs if p.style.name == "Heading 1"][1]
    assert english.text.startswith("Myth: The Data Protection Act (a.example) 1998")


def tagged_pdf(path: Path, folder: Path) -> Path:
    """The handout as LibreOffice prints it, with its structure tags."""
    export = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'
    return libreoffice_pdf(path, folder, export)


def struct_nodes(node) -> list:
    """The structure element `node` and every one under it, in reading order."""
    found = [node]
    kids = node.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            found += struct_nodes(kid)
    return found


@pytest.mark.skipif(SOFFICE is None, reason="needs LibreOffice (.ci/run installs it)")
def test_libreoffice_tags_every_language_s_headings_and_sets_urdu_s_at_the_right(pack, tmp_path):
    """Each language's headings come out of LibreOffice's tagged PDF as H1, their words in
    their language's Heading Text; an Urdu heading starts at the right, an English one at
    the left."""
    languages, path = pack
    pdf_path = tagged_pdf(path, tmp_path)
    labels = {"cy-GB": "Cymraeg", "en-GB": "English", "ur-PK": "اردو"}
    with pikepdf.open(pdf_path) as pdf:
        nodes = struct_nodes(pdf.Root.StructTreeRoot)
        headings = [node for node in nodes if node.get("/S") == "/H1"]
        spans = {f"/Heading Text ({labels[tag]})" for tag in languages}
        words = [{str(kid.S) for kid in struct_nodes(h)} & spans for h in headings]
    contacts = contacts_headings(languages)
    assert len(headings) == 2 * MYTHS + len(contacts)
    expected = [{f"/Heading Text ({labels[tag]})"} for tag in languages] * MYTHS
    if len(contacts) == 1:
        expected.append({f"/Heading Text ({labels[tag]})" for tag in languages})
    else:
        expected += [{f"/Heading Text ({labels[tag]})"} for tag in languages]
    assert words == expected
    if "ur-PK" not in languages:
        return
    contacts = {"ur-PK": raw_content(URDU)["labels"]["contacts"], "en-GB": "Contacts"}
    document = pypdfium2.PdfDocument(str(pdf_path))
    try:
        page = document[len(document) - 1]
        textpage = page.get_textpage()
        text = "".join(textpage.get_text_range(i, 1) for i in range(textpage.count_chars()))
        spans = {}
        for tag, heading in contacts.items():
            at = text.index(heading)
            boxes = [textpage.get_charbox(i) for i in range(at, at + len(heading))]
            width = page.get_width()
            spans[tag] = (min(b[0] for b in boxes) / width, max(b[2] for b in boxes) / width)
    finally:
        document.close()
    assert spans["ur-PK"][1] > 0.85 and spans["ur-PK"][0] > 0.5, spans
    assert spans["en-GB"][0] < 0.15, spans
