"""The Word handout of a pack: every block in each language, the first first, each paragraph's
language through a style (its own, or its words' in Word's own title and headings), read back
with python-docx, its XML, and LibreOffice."""

import re
import unicodedata
import zipfile
from pathlib import Path

import docx
import pikepdf
import pytest
from docx.enum.style import WD_STYLE_TYPE
from fontTools.ttLib import TTFont
from lxml import etree

from mythprint.inputs.brand import load_brand
from mythprint.inputs.colors import Rgb, contrast_ratio
from mythprint.paths import DEFAULT_BRANDS_DIR, DEFAULT_CONTENT

from .conftest import SOFFICE, libreoffice_pdf, pdf_text, raw_content, require_font, run_cli, squash
from .test_direction import W, complex_script_font, resolved, style_chain
from .test_fontchain import embedded_faces
from .test_handout import ALLOWED_RUN_PROPERTIES
from .test_urdu import ARABIC_FAMILY, border_sides, require_arabic_font

FIXTURES = Path(__file__).parent / "fixtures"
WELSH = FIXTURES / "myths.cy.yml"
URDU = FIXTURES / "myths.ur.yml"
KIT = "example-partnership"
PACK_FONT = "Noto Sans"  # the kit's Atkinson Hyperlegible lacks ŵ and ŷ
# What each language's paragraph styles are called after: the language's own name, by the
# content's tag and by the tag Word knows the language by (see test_word_names_...).
NAMES = {"cy": "Cymraeg", "en-GB": "English", "ur": "اردو", "cy-GB": "Cymraeg", "ur-PK": "اردو"}
# The look a language's counterpart style must share with its language's other one: all
# but the colour, which sets the second language apart (see test_the_second_language_...).
LOOK = ("rFonts", "sz", "szCs", "b", "bCs", "i", "ind", "pBdr", "jc", "outlineLvl")
# Word's own styles that every language's title and headings are in (by name and by id).
HEADINGS = ("Title", "Heading 1")
HEADING_IDS = ("Title", "Heading1")


def build_handout(out: Path, *contents: Path) -> Path:
    pack = [option for path in contents for option in ("--content", str(path))]
    result = run_cli(
        "build", "--brand", KIT, "--format", "handout", "--out", str(out), "--no-previews", *pack
    )
    assert result.exit_code == 0, result.output
    return out / KIT / "handout.docx"


def require_pack_font() -> None:
    require_font(PACK_FONT, "fontpkg-noto-sans")


@pytest.fixture(scope="module")
def welsh_first(tmp_path_factory) -> Path:
    require_pack_font()
    return build_handout(tmp_path_factory.mktemp("cy-en"), WELSH, DEFAULT_CONTENT)


@pytest.fixture(scope="module")
def document(welsh_first):
    return docx.Document(str(welsh_first))


def parts(path: Path) -> dict[str, etree._Element]:
    """The handout's styles, body, header and footer, as XML."""
    with zipfile.ZipFile(path) as package:
        read = {name: etree.fromstring(package.read(f"word/{name}.xml")) for name in ("styles",)}
        read["document"] = etree.fromstring(package.read("word/document.xml"))
        for name in ("header", "footer"):
            [found] = [n for n in package.namelist() if re.fullmatch(rf"word/{name}\d*\.xml", n)]
            read[name] = etree.fromstring(package.read(found))
    return read


def style_id(paragraph: etree._Element) -> str | None:
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    return None if style is None else style.get(f"{W}val")


def mark_style(paragraph: etree._Element) -> str | None:
    """The character style of the paragraph's mark: in a pack's title and headings, that of
    their words, which carries their language."""
    style = paragraph.find(f"{W}pPr/{W}rPr/{W}rStyle")
    return None if style is None else style.get(f"{W}val")


def run_chain(
    styles: etree._Element, paragraph: etree._Element, run: etree._Element | None = None
) -> list[etree._Element]:
    """Where Word looks for a property of `run` (None: of the paragraph's mark), nearest
    first: what is set on it, its character style and theirs, its paragraph's style and
    theirs, the document's defaults."""
    own = paragraph.find(f"{W}pPr/{W}rPr") if run is None else run.find(f"{W}rPr")
    character = None
    if own is not None and own.find(f"{W}rStyle") is not None:
        character = own.find(f"{W}rStyle").get(f"{W}val")
    chain = style_chain(styles, character, style_id(paragraph) or "Normal")
    return [own, *chain] if own is not None else chain


def run_property(
    styles: etree._Element, paragraph: etree._Element, tag: str, run=None
) -> etree._Element | None:
    """Property `tag` (say w:color) of `run`, or of the paragraph's mark, as Word resolves it."""
    found = (element.find(f".//{W}{tag}") for element in run_chain(styles, paragraph, run))
    return next((element for element in found if element is not None), None)


def paragraph_property(styles: etree._Element, paragraph: etree._Element, tag: str):
    """Property `tag` (say w:bidi) of the paragraph: its own, else its style's, and so on."""
    own = paragraph.find(f"{W}pPr/{W}{tag}")
    return own if own is not None else resolved(styles, style_id(paragraph) or "Normal", tag)


def is_on(element: etree._Element | None) -> bool:
    return element is not None and element.get(f"{W}val") in (None, "1", "true")


def language_of(styles: etree._Element, paragraph: etree._Element, run=None) -> str:
    """The language of `run`, or of the paragraph's mark (so, of the paragraph), as Word
    resolves it from the styles: right-to-left text's is its w:bidi (its w:val is that of
    the Latin words inside it). Each attribute of w:lang is inherited on its own."""
    attribute = "bidi" if is_on(run_property(styles, paragraph, "rtl", run)) else "val"
    for element in run_chain(styles, paragraph, run):
        for found in element.iter(f"{W}lang"):
            if found.get(f"{W}{attribute}") is not None:
                return found.get(f"{W}{attribute}")
    raise AssertionError("no language")


def language_style(document, paragraph):
    """The python-docx style that says the paragraph's language: its own, or, in Word's own
    title and headings, their words' character style (that of the paragraph's mark)."""
    mark = mark_style(paragraph._p)
    if mark is None:
        return paragraph.style
    return next(style for style in document.styles if style.style_id == mark)


def kind(paragraph) -> str:
    """What a paragraph is, in whichever language: Title, Heading 1, or the style its
    language's counterpart is based on (Fact for Fact (Cymraeg))."""
    style = paragraph.style
    return style.name if style.name in HEADINGS else style.base_style.name


def resolved_attribute(styles: etree._Element, style: str, tag: str, name: str) -> str | None:
    """One attribute of a property, as Word resolves it: each of w:rFonts's fonts is
    inherited on its own, from the nearest style (or the defaults) that names it."""
    for element in style_chain(styles, style):
        for found in element.iter(f"{W}{tag}"):
            if found.get(f"{W}{name}") is not None:
                return found.get(f"{W}{name}")
    return None


def expected_blocks(path: Path) -> list[str]:
    """The content's paragraphs in the handout's order, as squashed text."""
    content = raw_content(path)
    labels = content["labels"]
    total = len(content["myths"])
    blocks = [
        content["title"],
        labels["myth_count"].format(total=total),
        content["intro"],
        content["lead_in"],
    ]
    for myth in content["myths"]:
        blocks += [
            f"{labels['myth_lead']} {myth['myth']}",
            f"{labels['fact_lead']} {myth['rebuttal']}",
        ]
    blocks.append(f"({content['source']})")
    return [squash(block) for block in blocks]


def assert_block_by_block(document, first: Path, second: Path) -> None:
    """Each of `first`'s paragraphs is followed at once by `second`'s counterpart."""
    firsts, seconds = expected_blocks(first), expected_blocks(second)
    language = {first: raw_content(first).get("language", "en-GB")}
    language[second] = raw_content(second).get("language", "en-GB")
    paragraphs = document.paragraphs
    assert len(paragraphs) >= 2 * len(firsts)
    for index, (one, other) in enumerate(zip(firsts, seconds, strict=True)):
        leading, following = paragraphs[2 * index], paragraphs[2 * index + 1]
        assert squash(leading.text).startswith(one), (index, leading.text)
        assert squash(following.text).startswith(other), (index, following.text)
        for paragraph, content in ((leading, first), (following, second)):
            name = language_style(document, paragraph).name
            assert name.endswith(f" ({NAMES[language[content]]})"), (index, name)
        assert kind(leading) == kind(following)


def test_each_welsh_paragraph_is_followed_by_its_english_counterpart(document):
    assert_block_by_block(document, WELSH, DEFAULT_CONTENT)
    assert [kind(p) for p in document.paragraphs[:8:2]] == [
        "Title", "Subtitle", "Normal", "Lead In",
    ]  # fmt: skip
    # The kit's review note, its own words, is printed once, after the source line and
    # before the contacts (their heading, three contacts, the website) that close the text.
    review = [p._p for p in document.paragraphs if "Next review" in p.text]
    assert review == [document.paragraphs[-6]._p]


def test_an_english_first_pack_puts_english_first(tmp_path):
    require_pack_font()
    document = docx.Document(str(build_handout(tmp_path, DEFAULT_CONTENT, WELSH)))
    assert_block_by_block(document, DEFAULT_CONTENT, WELSH)
    assert document.core_properties.language == "en-GB"
    assert document.core_properties.title.startswith("Myth-busting guide")


def test_every_paragraph_s_language_comes_from_a_style(welsh_first):
    """No paragraph or run sets a language itself: each paragraph's style, named for its
    language, sets it, or, in Word's own title and headings, its words' character style
    (Heading Text (Cymraeg)). Nothing else is set by hand: not even a heading's space
    above, which its style leaves out after a heading (see test_word_fixes)."""
    read = parts(welsh_first)
    styles = read["styles"]
    by_id = {s.get(f"{W}styleId"): s for s in styles.iter(f"{W}style")}
    seen = set()
    for name in ("document", "header", "footer"):
        part = read[name]
        assert not list(part.iter(f"{W}lang")), f"a language set directly in {name}"
        for run_properties in part.iter(f"{W}rPr"):
            assert {child.tag for child in run_properties} <= ALLOWED_RUN_PROPERTIES
        for paragraph in part.iter(f"{W}p"):
            own = style_id(paragraph)
            tags = [child.tag for child in paragraph.find(f"{W}pPr")]
            if own in HEADING_IDS:
                assert tags == [f"{W}pStyle", f"{W}rPr"], own
            else:
                assert tags == [f"{W}pStyle"], own
            language = language_of(styles, paragraph)
            seen.add(language)
            # A style says it, not only the document's defaults.
            carrier = by_id[mark_style(paragraph) or own]
            assert carrier.find(f"{W}rPr/{W}lang").get(f"{W}val") == language, own
            name_of = carrier.find(f"{W}name").get(f"{W}val")
            assert name_of.endswith(f" ({NAMES[language]})"), name_of
    assert seen == {"cy-GB", "en-GB"}


def test_the_welsh_paragraphs_are_welsh_and_the_english_english(document):
    for paragraph in document.paragraphs:
        carrier = language_style(document, paragraph)
        language = carrier.element.find(f"{W}rPr/{W}lang").get(f"{W}val")
        if "[sampl]" in paragraph.text or "ŵyr" in paragraph.text or "Ffaith" in paragraph.text:
            assert language == "cy-GB", paragraph.text
        if paragraph.text.startswith(("Fact:", "Myth: The", "Below are")):
            assert language == "en-GB", paragraph.text


def test_both_languages_styles_share_font_size_and_weight(welsh_first):
    """The Welsh Language Standards: Welsh is not set smaller or lighter than the English.
    Each language's style adds its language (and the second its colour) to their base; its
    headings share Word's own, and their words' styles add only that too."""
    read = parts(welsh_first)
    styles = read["styles"]
    by_id = {s.get(f"{W}styleId"): s for s in styles.iter(f"{W}style")}
    pairs = [
        (welsh, welsh.removesuffix("-cy") + "-en-GB") for welsh in by_id if welsh.endswith("-cy")
    ]
    assert {welsh for welsh, _ in pairs} >= {
        f"{base}-cy"
        for base in ("Subtitle", "Normal", "LeadIn", "Fact", "HeadingText", "MythLabel")
    }
    for welsh, english in pairs:
        for style in (welsh, english):
            run_properties = [child.tag for child in by_id[style].find(f"{W}rPr")]
            assert run_properties in ([f"{W}lang"], [f"{W}color", f"{W}lang"]), style
        for tag in LOOK:
            welsh_look, english_look = (as_xml(resolved(styles, s, tag)) for s in (welsh, english))
            assert welsh_look == english_look, (welsh, tag)
    headings = [p for p in read["document"].iter(f"{W}p") if style_id(p) == "Heading1"]
    looks = {
        language_of(styles, heading): {
            tuple(as_xml(run_property(styles, heading, tag, run)) for tag in LOOK)
            for run in heading.iter(f"{W}r")
            if not run.find(f"{W}rPr/{W}rStyle").get(f"{W}val").startswith("MythLabel")
        }
        for heading in headings
    }
    assert set(looks) == {"cy-GB", "en-GB"}
    assert looks["cy-GB"] == looks["en-GB"] and len(looks["cy-GB"]) == 1
    for heading in headings:  # Heading 1's own 15 pt bold
        assert run_property(styles, heading, "sz").get(f"{W}val") == "30"
        assert is_on(run_property(styles, heading, "b"))


def test_the_second_language_is_set_apart_by_its_colour_alone(welsh_first):
    """A reader tells at a glance where the Welsh ends and the English begins: the English
    is set in the kit's other text colour (running text in the accent colour, titles and
    headings in the text colour), at the Welsh's size, weight and font, each colour at WCAG
    AA on the page, which is white. The Welsh keeps the kit's own look; the page's header
    and footer, printed once, stay alike."""
    read = parts(welsh_first)
    styles = read["styles"]
    assert read["document"].find(f"{W}background") is None  # the page is white
    kit = load_brand(DEFAULT_BRANDS_DIR, KIT).palette
    white = Rgb.parse("#ffffff")
    for base in ("Subtitle", "Normal", "LeadIn", "Fact", "Source"):
        welsh, english = (
            resolved(styles, f"{base}-{tag}", "color").get(f"{W}val") for tag in ("cy", "en-GB")
        )
        assert welsh != english, base
        for color in (welsh, english):
            assert contrast_ratio(Rgb.parse(f"#{color}"), white) >= 4.5, (base, color)
        assert {f"#{welsh}", f"#{english}"} <= {c.upper() for c in (kit.text, kit.accent, kit.myth)}
        own = styles.find(f"{W}style[@{W}styleId='{base}-cy']/{W}rPr/{W}color")
        assert own is None, f"{base} (Cymraeg) sets a colour of its own"
    for base in ("Header", "Footer", "Contact"):
        assert resolved(styles, f"{base}-cy", "color") is resolved(styles, f"{base}-en-GB", "color")
    # The title and headings, in Word's own styles, by their words' styles (the colours the
    # words of each language's resolve to are in test_handout_headings).
    welsh, english = (
        styles.find(f"{W}style[@{W}styleId='HeadingText-{tag}']/{W}rPr/{W}color")
        for tag in ("cy", "en-GB")
    )
    assert welsh is None and english.get(f"{W}val") == kit.text.lstrip("#").upper()


def test_every_language_s_colour_follows_the_theme(welsh_first):
    """Heading 1 (English), Title (English), Subtitle (English) and Lead In (English) set the
    text colour as a fixed 1B1B1B: Design > Colors recoloured every other text but never
    these. Each colour a style sets names the theme's colour it is (the kit's text colour is
    the theme's Dark 1, Word's Text 1), so the theme reaches every language's text."""
    styles = parts(welsh_first)["styles"]
    with zipfile.ZipFile(welsh_first) as package:
        theme = etree.fromstring(package.read("word/theme/theme1.xml"))
    drawing = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    slots = {"text1": "dk1", "accent1": "accent1", "accent2": "accent2"}
    in_theme = {
        name: theme.find(f".//{drawing}{slot}/{drawing}srgbClr").get("val")
        for name, slot in slots.items()
    }
    colors = [*styles.iter(f"{W}color")]
    assert len(colors) > 10
    for color in colors:
        if color.get(f"{W}val") == "auto":
            continue
        named = color.get(f"{W}themeColor")
        assert named in in_theme, etree.tostring(color)
        assert in_theme[named] == color.get(f"{W}val")
    kit = load_brand(DEFAULT_BRANDS_DIR, KIT).palette
    assert in_theme["text1"] == kit.text.lstrip("#").upper()


def as_xml(element: etree._Element | None) -> bytes | None:
    return None if element is None else etree.tostring(element)


def test_a_myths_answers_in_both_languages_stay_on_one_page(document):
    """The Welsh answer kept its lines together but not with the English answer after it,
    so a page could end between them (on US Letter in LibreOffice it did). The English
    answer, last of the pair, lets the page break after it."""
    styles = document.styles
    assert styles["Fact (Cymraeg)"].paragraph_format.keep_with_next is True
    assert styles["Fact (English)"].paragraph_format.keep_with_next is None
    assert styles["Heading 1"].paragraph_format.keep_with_next is True
    assert all(p.paragraph_format.keep_with_next is None for p in document.paragraphs)


def test_the_pack_is_editable_on_named_styles_that_follow_each_other(document):
    """Enter after a Welsh answer starts its English counterpart, and after the English
    answer Heading 1, Word's own, which every language's headings are in; after a heading,
    the Welsh answer. Each language's words in a heading have a character style of their
    own, in the quick styles gallery: Heading Text (Cymraeg), Heading Text (English)."""
    styles = document.styles
    heading = styles["Heading 1"]
    assert heading.style_id == "Heading1" and heading.element.get(f"{W}customStyle") is None
    assert heading.next_paragraph_style.name == "Fact (Cymraeg)"
    assert styles["Fact (Cymraeg)"].next_paragraph_style.name == "Fact (English)"
    assert styles["Fact (English)"].next_paragraph_style.name == "Heading 1"
    assert styles["Lead In (English)"].next_paragraph_style.name == "Heading 1"
    assert styles["Title"].next_paragraph_style.name == "Subtitle (Cymraeg)"
    names = {style.name for style in styles}
    assert not {"Heading 1 (Cymraeg)", "Heading 1 (English)", "Title (Cymraeg)"} & names
    for language in ("Cymraeg", "English"):
        words = styles[f"Heading Text ({language})"]
        assert words.type == WD_STYLE_TYPE.CHARACTER and words.quick_style
        label = styles[f"Myth Label ({language})"]
        assert label.type == WD_STYLE_TYPE.CHARACTER and label.base_style.name == "Myth Label"
    # The header's, the footer's and the contacts' are printed once: out of the gallery.
    for name in ("Header", "Footer", "Contact"):
        assert not styles[f"{name} (Cymraeg)"].quick_style, name
        assert not styles[f"{name} (English)"].quick_style, name
    level = resolved(document.styles.element, "Heading1", "outlineLvl")
    assert level.get(f"{W}val") == "0"
    # Restyling Heading 1 restyles both languages' headings but for the second's colour.
    assert styles["Heading Text (Cymraeg)"].element.find(f"{W}rPr/{W}color") is None
    assert all(p.text.strip() for p in document.paragraphs), "no empty paragraphs as spacing"


def test_header_footer_and_properties_hold_both_languages_the_first_first(document):
    footer = [p for p in document.sections[0].footer.paragraphs]
    # The page number in both languages, on one line, each in its language (Word fills the
    # numbers): a footer line less on every page.
    pages = [p for p in footer if p.text.startswith(("Tudalen", "Page"))]
    assert [p.text for p in pages] == ["Tudalen  o \u00a0· Page  of "]
    assert [p.style.name for p in pages] == ["Footer (Cymraeg)"]
    assert [len(p._p.findall(f"{W}fldSimple")) for p in pages] == [4]
    english = [run for run in pages[0].runs if run.text.strip() in ("Page", "of")]
    assert [run.style.name for run in english] == ["Words (English)"] * 2
    core = document.core_properties
    assert core.title == (
        "Canllaw chwalu mythau am rannu gwybodaeth / Myth-busting guide to Information sharing"
    )
    assert core.subject.index("myth am rannu") < core.subject.index("myths about")
    assert core.language == "cy"
    assert "diogelu" in core.keywords and "safeguarding" in core.keywords
    settings = document.settings.element.find(f"{W}themeFontLang")
    assert settings.get(f"{W}val") == "cy-GB"


def test_the_contacts_close_the_text_under_a_heading_in_both_languages(document):
    """As the posters head them in every language, the first first; the kit's own (English)
    words print once, in the English styles, so that Word reads them in English. What the
    text prints once is labelled once, on one line in both languages, each word in its
    language's style: the heading, and the website's name."""
    tail = [(p.text, p.style.name) for p in document.paragraphs[-5:]]
    assert tail[0] == ("Cysylltiadau\u00a0/ Contacts", "Heading 1")
    heading = document.paragraphs[-5]
    assert language_style(document, heading).name == "Heading Text (Cymraeg)"
    assert [run.style.name for run in heading.runs] == [
        "Heading Text (Cymraeg)", "Heading Text (English)",
    ]  # fmt: skip
    assert [style for _, style in tail[1:4]] == ["Contact Line (English)"] * 3
    assert tail[3][0] == "Police (non-emergency): 020 7946 0789"
    assert tail[4] == ("Gwefan\u00a0/ Website: https://www.example.org/", "Contact Line (Cymraeg)")
    words = [run for run in document.paragraphs[-1].runs if run.text.startswith("Website")]
    assert [run.style.name for run in words] == ["Words (English)"]


def test_word_names_each_language_as_its_proofing_tools_know_it(welsh_first, document):
    """Word and LibreOffice check spelling in a language they know with its region: cy-GB.
    A bare cy, as the content says it, had Word check the Welsh in no language. The tag
    stays the content's where it is the file's own: its properties, its styles' ids."""
    with zipfile.ZipFile(welsh_first) as package:
        styles = etree.fromstring(package.read("word/styles.xml"))
        settings = etree.fromstring(package.read("word/settings.xml"))
    named = [*styles.iter(f"{W}lang"), settings.find(f"{W}themeFontLang")]
    tags = {e.get(f"{W}{name}") for e in named for name in ("val", "bidi")} - {None}
    assert tags == {"cy-GB", "en-GB", "ar-SA"}  # ar-SA: Word's own complex-script default
    assert settings.find(f"{W}themeFontLang").get(f"{W}val") == "cy-GB"
    assert document.core_properties.language == "cy"
    assert document.styles["Fact (Cymraeg)"].style_id == "Fact-cy"


def embedded_fonts(path: Path) -> dict[str, list[TTFont]]:
    """Every font embedded in the Word file, de-obfuscated, by family."""
    fonts: dict[str, list[TTFont]] = {}
    for family, _, font in embedded_faces(path):
        fonts.setdefault(family, []).append(font)
    return fonts


def printed_letters(path: Path) -> set[str]:
    read = parts(path)
    text = "".join("".join(read[name].itertext()) for name in ("document", "header", "footer"))
    return {ch for ch in text if unicodedata.category(ch)[0] in ("L", "M", "N")}


def test_the_embedded_font_has_every_letter_of_both_languages(welsh_first):
    """One font for the pack, as the posters have it: ŵ and ŷ, which the kit's font lacks,
    in the same font as the rest, every face of it embedded."""
    fonts = embedded_fonts(welsh_first)
    assert list(fonts) == [PACK_FONT]
    letters = printed_letters(welsh_first)
    assert {"ŵ", "ŷ"} <= letters
    for font in fonts[PACK_FONT]:
        missing = letters - {chr(code) for code in font.getBestCmap()}
        assert not missing, missing
    assert len(fonts[PACK_FONT]) == 4  # regular, bold, italic, bold italic
    with zipfile.ZipFile(welsh_first) as package:
        theme = package.read("word/theme/theme1.xml").decode()
    assert theme.count(f'typeface="{PACK_FONT}"') >= 2


def test_an_embedded_variable_font_keeps_its_own_date(welsh_first):
    """Noto Sans is a variable font, made static for Word: the same inputs must give the
    same file, so no clock time may go into it."""
    import fontpkg

    source = fontpkg.family(PACK_FONT).files[0].path
    dated = TTFont(str(source), lazy=True)["head"].modified
    assert {font["head"].modified for font in embedded_fonts(welsh_first)[PACK_FONT]} == {dated}


def test_one_content_makes_a_handout_without_language_styles(tmp_path):
    """A single content's handout is as it was: no counterpart styles, the document's
    language from its defaults alone."""
    path = build_handout(tmp_path, DEFAULT_CONTENT)
    styles = parts(path)["styles"]
    ids = [s.get(f"{W}styleId") for s in styles.iter(f"{W}style")]
    assert not [i for i in ids if i.endswith(("-en-GB", "-cy"))]
    assert len(list(styles.iter(f"{W}lang"))) == 1  # the document defaults'


@pytest.mark.parametrize("order", ["en-ur", "ur-en"])
def test_an_urdu_companion_is_right_to_left_through_its_styles(tmp_path, order):
    """Each Urdu paragraph reads right to left, and each English one left to right, by its
    style; the headings and the title, in Word's own styles, by their words' character
    style and the direction set on the paragraph where it is not the document's."""
    require_arabic_font()
    contents = (DEFAULT_CONTENT, URDU) if order == "en-ur" else (URDU, DEFAULT_CONTENT)
    path = build_handout(tmp_path, *contents)
    read = parts(path)
    styles = read["styles"]
    body = read["document"].find(f"{W}body")
    languages = set()
    for paragraph in body.findall(f"{W}p"):
        own = style_id(paragraph)
        language = language_of(styles, paragraph)
        languages.add(language)
        bidi = paragraph_property(styles, paragraph, "bidi")
        on = [is_on(bidi), is_on(run_property(styles, paragraph, "rtl"))]
        if own not in HEADING_IDS:
            assert paragraph.find(f"{W}pPr/{W}bidi") is None, own
        if language == "ur-PK":
            assert on == [True, True], own
            assert run_property(styles, paragraph, "lang").get(f"{W}bidi") == "ur-PK"
            assert complex_script_font(path, own) == ARABIC_FAMILY
        else:
            assert on == [False, False], own
    assert languages == {"ur-PK", "en-GB"}
    assert (order == "ur-en") == (language_of(styles, body.find(f"{W}p")) == "ur-PK")
    # Each language's answers have their rule down the side they start from.
    for style in ("Fact", "Quote"):
        assert border_sides(styles, f"{style}-ur") == {"right"}
        assert border_sides(styles, f"{style}-en-GB") == {"left"}
    # Bold Urdu is bold: Word takes a complex-script run's weight from w:bCs.
    label = next(s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == "MythLabel")
    assert label.find(f"{W}rPr/{W}bCs") is not None
    # Each space as one (a heading's last two words are held by a no-break space).
    text = " ".join("".join(body.itertext()).split())
    for myth in raw_content(URDU)["myths"]:
        assert " ".join(myth["myth"].split()) in text


def test_the_kit_s_english_words_keep_left_to_right_in_an_urdu_first_pack(tmp_path):
    require_arabic_font()
    document = docx.Document(str(build_handout(tmp_path, URDU, DEFAULT_CONTENT)))
    footer = document.sections[0].footer.paragraphs
    contacts = [p for p in footer if "01632" in p.text]
    assert contacts and all(p.style.name == "Footer (English)" for p in contacts)
    assert document.paragraphs[0].style.name == "Title"
    assert language_style(document, document.paragraphs[0]).name == "Heading Text (اردو)"


@pytest.mark.skipif(SOFFICE is None, reason="needs LibreOffice (.ci/run installs it)")
def test_libreoffice_prints_welsh_then_english_in_the_embedded_font(welsh_first, tmp_path):
    pdf_path = libreoffice_pdf(welsh_first, tmp_path)
    text = squash(pdf_text(pdf_path))
    welsh, english = raw_content(WELSH), raw_content()
    for cy, en in zip(welsh["myths"], english["myths"], strict=True):
        assert text.index(squash(cy["myth"])) < text.index(squash(en["myth"]))
        assert text.index(squash(en["myth"])) < text.index(squash(cy["rebuttal"]))
    assert "ŵyr" in text
    with pikepdf.open(pdf_path) as pdf:
        assert 2 <= len(pdf.pages) <= 4
        fonts = {str(font.BaseFont) for page in pdf.pages for font in page.Resources.Font.values()}
    assert all("NotoSans" in name for name in fonts), fonts


def test_languages_set_in_fonts_of_their_own_have_each_font_embedded(tmp_path):
    """Where no one font has every language's letters, each language is set in its own
    (see fontchain.py): the handout embeds each font, with every letter its language
    prints, and Word sets the Urdu (complex script) runs in the Urdu one."""
    require_pack_font()
    require_arabic_font()
    from dataclasses import asdict, replace

    from mythprint.formats.handout import make_handout
    from mythprint.formats.markup import make_environment
    from mythprint.formats.wordtext import style_context
    from mythprint.inputs.brand import load_brand
    from mythprint.inputs.kitfonts import package_faces
    from mythprint.inputs.packs import load_pack
    from mythprint.paths import DEFAULT_BRANDS_DIR

    welsh, urdu = load_pack((WELSH, URDU))
    kit = load_brand(DEFAULT_BRANDS_DIR, KIT)

    def set_in(family: str):
        faces = tuple(package_faces(family))
        return replace(kit, body_family=family, heading_family=family, faces=faces)

    welsh_kit, urdu_kit = set_in(PACK_FONT), set_in(ARABIC_FAMILY)
    colors = {role: value.lstrip("#").upper() for role, value in asdict(kit.palette).items()}
    styles_xml = (
        make_environment()
        .get_template("handout-styles.xml.j2")
        .render(colors=colors, **style_context(welsh, welsh_kit, (urdu_kit,)))
    )
    path = tmp_path / "handout.docx"
    path.write_bytes(
        make_handout(welsh, welsh_kit, styles_xml, "2026-01-01T00:00:00Z", None, 14, (urdu_kit,))
    )
    fonts = embedded_fonts(path)
    assert set(fonts) == {PACK_FONT, ARABIC_FAMILY}
    read = parts(path)
    styles = read["styles"]
    letters: dict[str, set[str]] = {"cy-GB": set(), "ur-PK": set()}
    for paragraph in read["document"].iter(f"{W}p"):
        text = "".join(paragraph.itertext())
        letters[language_of(styles, paragraph)] |= {c for c in text if c.isalpha()}
    assert "ŵ" in letters["cy-GB"] and "ی" in letters["ur-PK"]
    for family, language in ((PACK_FONT, "cy-GB"), (ARABIC_FAMILY, "ur-PK")):
        for font in fonts[family]:
            assert letters[language] <= {chr(code) for code in font.getBestCmap()}, family
    assert complex_script_font(path, "Fact-ur") == ARABIC_FAMILY
