"""The Word handout as an office edits it: every letter of its languages in the embedded font,
Urdu in the theme's fonts, heading pairs spaced by their style, readable theme colours, and
lines spaced alike whatever font a language is set in (read back from the file, and from
LibreOffice's print of it)."""

import collections
import ctypes
import itertools
import shutil
import zipfile
from pathlib import Path

import docx
import pypdfium2
import pypdfium2.raw as pdfium_raw
import pytest
from lxml import etree

from mythprint.inputs.brand import load_brand
from mythprint.inputs.colors import Rgb, contrast_ratio
from mythprint.paths import DEFAULT_BRANDS_DIR, DEFAULT_CONTENT

from .conftest import SOFFICE, build_kit, font_of_each_character, libreoffice_pdf
from .test_bilingual_handout import (
    HEADING_IDS,
    KIT,
    PACK_FONT,
    URDU,
    WELSH,
    build_handout,
    parts,
    require_pack_font,
    style_id,
)
from .test_direction import W
from .test_fontchain import embedded_faces
from .test_urdu import ARABIC_FAMILY, require_arabic_font

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
needs_libreoffice = pytest.mark.skipif(
    SOFFICE is None, reason="needs LibreOffice (.ci/run installs it)"
)
# Welsh's letters (/work/shared/PRINT-NOTES.md, "Languages"): w and y with a circumflex,
# grave, acute or diaeresis, and the vowels with a circumflex, diaeresis, acute or grave.
WELSH_LETTERS = "ŵŷẁẃẅỳýÿ" + "âêîôûáéíóúàèìòùäëïöü"


@pytest.fixture(scope="module")
def welsh_pack(tmp_path_factory) -> Path:
    require_pack_font()
    return build_handout(tmp_path_factory.mktemp("cy-en"), WELSH, DEFAULT_CONTENT)


@pytest.fixture(scope="module")
def urdu_pack(tmp_path_factory) -> Path:
    require_arabic_font()
    return build_handout(tmp_path_factory.mktemp("ur-en"), URDU, DEFAULT_CONTENT)


@pytest.fixture(scope="module")
def english(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("en")
    result = build_kit(DEFAULT_BRANDS_DIR, KIT, "handout", out, "--no-previews")
    assert result.exit_code == 0, result.output
    return out / KIT / "handout.docx"


def read_part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read(name))


# ---- Every letter of the pack's languages, for an editor to type ----


def test_the_embedded_font_has_every_welsh_letter_not_only_those_the_text_prints(welsh_pack):
    """The sample Welsh prints ŵ and ŷ but no ẁ, ẃ, ẅ or ỳ, which lie in another block of
    Unicode: cut down to the text's blocks, the embedded Noto Sans lacked them, and a Welsh
    editor typing one on a PC without Noto Sans got it from another font."""
    letters = set(WELSH_LETTERS) | set(WELSH_LETTERS.upper())
    faces = [font for family, _, font in embedded_faces(welsh_pack) if family == PACK_FONT]
    assert len(faces) == 4
    for font in faces:
        have = {chr(code) for code in font.getBestCmap()}
        assert not letters - have, sorted(letters - have)


# ---- Urdu in the theme's complex-script fonts ----


def test_urdu_text_takes_its_font_from_the_theme_as_english_does(urdu_pack):
    """The styles named IBM Plex Sans Arabic for complex-script text directly, and the
    theme's complex-script fonts were empty, so Design > Fonts never reached the Urdu. Now
    the styles refer to the theme (w:cstheme), and the theme names the kit's font for the
    script, as its complex-script font and as its font for Arabic script, which Word and
    LibreOffice take for the language w:themeFontLang's w:bidi names: Urdu, not w:val."""
    styles = read_part(urdu_pack, "word/styles.xml")
    assert not [f for f in styles.iter(f"{W}rFonts") if f.get(f"{W}cs") is not None]
    defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    assert defaults.get(f"{W}cstheme") == "minorBidi"
    heading = styles.find(f"{W}style[@{W}styleId='Heading1']/{W}rPr/{W}rFonts")
    assert heading.get(f"{W}cstheme") == "majorBidi"
    theme = read_part(urdu_pack, "word/theme/theme1.xml")
    for slot in ("majorFont", "minorFont"):
        scheme = theme.find(f".//{A}{slot}")
        assert scheme.find(f"{A}cs").get("typeface") == ARABIC_FAMILY
        assert scheme.find(f"{A}font[@script='Arab']").get("typeface") == ARABIC_FAMILY
    language = read_part(urdu_pack, "word/settings.xml").find(f"{W}themeFontLang")
    assert (language.get(f"{W}val"), language.get(f"{W}bidi")) == ("en-GB", "ur-PK")


@needs_libreoffice
def test_a_new_theme_font_reaches_the_urdu_text(urdu_pack, tmp_path):
    """Choosing other theme fonts (Design > Fonts rewrites the theme) sets the Urdu in them:
    LibreOffice prints the handout's Urdu in DejaVu Sans once the theme names it."""
    edited = tmp_path / "edited.docx"
    with zipfile.ZipFile(urdu_pack) as source, zipfile.ZipFile(edited, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/theme/theme1.xml":
                data = data.replace(ARABIC_FAMILY.encode(), b"DejaVu Sans")
            target.writestr(item, data)
    printed = font_of_each_character(libreoffice_pdf(edited, tmp_path))
    fonts = {font for character, font in printed if "\u0600" <= character <= "\u06ff"}
    assert fonts and all("DejaVuSans" in name for name in fonts), fonts


# ---- A pack's headings, close to their counterparts through their style ----


def test_no_heading_is_spaced_by_hand(welsh_pack):
    """The second language's title and headings set w:spacing w:before="0" on the paragraph,
    against "nothing in the text is formatted by hand". Heading 1 (and Title, based on it)
    says instead that a heading right after a heading adds no space between them."""
    read = parts(welsh_pack)
    headings = [p for p in read["document"].iter(f"{W}p") if style_id(p) in HEADING_IDS]
    assert len(headings) > 10
    for paragraph in headings:
        tags = [child.tag for child in paragraph.find(f"{W}pPr")]
        assert tags == [f"{W}pStyle", f"{W}rPr"], tags
    heading = read["styles"].find(f"{W}style[@{W}styleId='Heading1']/{W}pPr")
    assert heading.find(f"{W}contextualSpacing") is not None
    assert int(heading.find(f"{W}spacing").get(f"{W}before")) > 0


def baseline(text, index: int, height: float) -> float:
    """Where character `index` of a page's text sits, in points from the page's top."""
    x, y = ctypes.c_double(), ctypes.c_double()
    pdfium_raw.FPDFText_GetCharOrigin(text.raw, index, ctypes.byref(x), ctypes.byref(y))
    return round(height - y.value, 1)


def baselines(page) -> list[float]:
    """The baseline of each line of a page's text, top first."""
    text, height = page.get_textpage(), page.get_height()
    lines = collections.Counter(
        baseline(text, index, height)
        for index in range(text.count_chars())
        if text.get_text_range(index, 1).isalpha()
    )
    return sorted(y for y, count in lines.items() if count > 3)


def line_of(page, words: str) -> float:
    """The baseline of the line of `page` that starts with `words`."""
    text = page.get_textpage()
    printed = text.get_text_range()
    index = printed.index(words)
    assert index == 0 or printed[index - 1] == "\n", words
    return baseline(text, index, page.get_height())


@needs_libreoffice
def test_headings_sit_close_to_their_counterparts_and_a_new_heading_keeps_its_space(
    welsh_pack, tmp_path
):
    """In LibreOffice, the English heading follows the Welsh one at its own line spacing,
    with no space between them; a heading the README's way (Heading 1, then the language's
    Heading Text), added after the introduction, keeps the space above a heading."""
    document = docx.Document(str(welsh_pack))
    [intro] = [p for p in document.paragraphs if p.style.name == "Normal (English)"]
    added = document.add_paragraph(style="Heading 1")
    added.add_run("An added heading").style = document.styles["Heading Text (English)"]
    intro._p.addnext(added._p)
    edited = tmp_path / "edited.docx"
    document.save(str(edited))
    page = pypdfium2.PdfDocument(libreoffice_pdf(edited, tmp_path))[0]
    welsh = line_of(page, "Myth: Mae Deddf Diogelu")
    english = line_of(page, "Myth: The Data Protection")
    lines = baselines(page)
    welsh_next = lines[lines.index(welsh) + 1]  # the Welsh heading's second line
    pitch = welsh_next - welsh
    assert english - welsh_next == pytest.approx(pitch, abs=0.5)
    above = line_of(page, "An added heading")
    before = lines[lines.index(above) - 1]  # the introduction's last line
    assert above - before > pitch + 10  # its 16 pt above, as every myth's heading has


# ---- Theme colours Word offers for text ----


def test_every_theme_colour_offered_for_text_is_readable_on_white(english):
    """Accents 3, 5 and 6 were Office 2007's pale green, aqua and orange (2.2:1 to 2.6:1),
    offered in Word's colour picker beside the kit's. Each is now readable on the page (its
    hue darkened as little as that takes); accents 1 and 2 stay the kit's own."""
    kit = load_brand(DEFAULT_BRANDS_DIR, KIT)
    theme = read_part(english, "word/theme/theme1.xml")
    scheme = theme.find(f".//{A}clrScheme")
    colours = {
        etree.QName(slot).localname: "#" + slot.find(f"{A}srgbClr").get("val")
        for slot in scheme
        if slot.find(f"{A}srgbClr") is not None
    }
    white = Rgb.parse("#ffffff")
    for name in ("accent1", "accent2", "accent3", "accent4", "accent5", "accent6", "hlink"):
        assert contrast_ratio(Rgb.parse(colours[name]), white) >= 4.5, (name, colours[name])
    assert colours["accent1"].lower() == kit.palette.accent.lower()
    assert colours["accent2"].lower() == kit.palette.myth.lower()
    assert len({colours[f"accent{n}"] for n in range(1, 7)}) == 6  # six to choose from


# ---- Lines spaced alike, whatever font a language is set in ----


def body_pitch(pdf_path: Path) -> float:
    """The commonest distance between the baselines of page 2's lines."""
    lines = baselines(pypdfium2.PdfDocument(pdf_path)[1])
    steps = collections.Counter(round(b - a, 1) for a, b in itertools.pairwise(lines))
    return steps.most_common(1)[0][0]


@needs_libreoffice
def test_a_pack_in_a_fallback_font_spaces_its_lines_as_the_kit_s_font_does(
    welsh_pack, urdu_pack, english, tmp_path
):
    """Line spacing was a multiple of each font's own line: Noto Sans's is 10% taller than
    Atkinson Hyperlegible's (23% in Word), IBM Plex Sans Arabic's more, so the Welsh pack
    ran to a fourth page and the Urdu one left a third of its first page blank. Set in
    points, the text's lines are as far apart in every language: 1.55 lines of the text's
    size, 12 pt in English and 11.5 pt in a pack (see test_pack_pages.py)."""
    pitches = {}
    for name, path in (("en", english), ("cy", welsh_pack), ("ur", urdu_pack)):
        folder = tmp_path / name
        folder.mkdir()
        shutil.copy(path, folder / "handout.docx")
        pitches[name] = body_pitch(libreoffice_pdf(folder / "handout.docx", folder))
    assert pitches["en"] == pytest.approx(18.6, abs=0.3)  # the kit's font: as before
    assert pitches["cy"] == pytest.approx(17.85, abs=0.3), pitches  # 1.55 lines of 11.5 pt
    assert pitches["ur"] == pytest.approx(pitches["cy"], abs=0.3), pitches
