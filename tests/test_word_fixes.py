"""The Word handout as an office edits it: every letter of its languages in the embedded font,
Urdu in the theme's fonts, heading pairs spaced by their style, readable theme colours, and
lines spaced alike whatever font a language is set in (read back from the file, and from
LibreOffice's print of it)."""

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from mythprint.inputs.brand import load_brand
from mythprint.inputs.colors import Rgb, contrast_ratio
from mythprint.paths import DEFAULT_BRANDS_DIR, DEFAULT_CONTENT

from .conftest import build_kit, font_of_each_character
from .test_bilingual_handout import (
    KIT,
    PACK_FONT,
    URDU,
    WELSH,
    build_handout,
    require_pack_font,
)
from .test_direction import W
from .test_fontchain import embedded_faces
from .test_handout import SOFFICE, libreoffice_pdf
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
