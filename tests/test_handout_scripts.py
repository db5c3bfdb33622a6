"""The Word handout in a language whose script Word sets as complex script though it reads
left to right (Panjabi in Gurmukhi, Bengali): its text in the kit's font for that script,
named as the theme's complex-script font, in its own language, bold through w:bCs, and
nothing turned right to left. Set in the Latin font slot's fonts, or with Arabic as its
complex-script language, LibreOffice printed every Gurmukhi and Bengali letter as a box."""

import shutil
import subprocess
import zipfile
from pathlib import Path

import pikepdf
import pytest
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from lxml import etree

from mythprint.paths import DEFAULT_BRANDS_DIR, DEFAULT_CONTENT

from .conftest import SOFFICE, build_handout, libreoffice_pdf, require_font, run_cli
from .test_bilingual_handout import parts, run_property, style_id
from .test_direction import W, complex_script_font
from .test_fontchain import embedded_faces
from .test_urdu import ARABIC_FAMILY, require_arabic_font

FIXTURES = Path(__file__).parent / "fixtures"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
# Each sample language: its script as a Word theme names it, the name Word knows it by, and
# the language fontconfig finds a font for it by.
LANGUAGES = {"pa": ("Guru", "pa-IN"), "bn": ("Beng", "bn-BD")}
KIT = "script-kit"


def script_font(folder: Path, language: str) -> tuple[str, Path]:
    """A font for the language's letters, its family and file: one installed on the machine
    (fc-list), else one made here whose every character of the sample beyond ASCII (letters,
    marks, the danda) is a plain box, which is
    all the handout needs of it: a font the kit names for the script (fonts-lohit-guru and
    fonts-lohit-beng-bengali are real ones)."""
    listed = (
        shutil.which("fc-list")
        and subprocess.run(
            ["fc-list", f":lang={language}", "family", "file"], capture_output=True, text=True
        ).stdout
    )
    for line in (listed or "").splitlines():
        path, _, families = line.partition(": ")
        if path.lower().endswith(".ttf"):
            return families.split(",")[0].strip(), Path(path)
    script = LANGUAGES[language][0]
    letters = {
        ch
        for ch in (FIXTURES / f"myths.{language}.yml").read_text(encoding="utf-8")
        if not ch.isascii() and not ch.isspace()
    }
    family = f"Sample {script}"
    path = folder / f"Sample-{script}.ttf"
    _box_font(path, family, sorted(letters))
    return family, path


def _box_font(path: Path, family: str, letters: list[str]) -> None:
    names = [".notdef", "space", *(f"uni{ord(ch):04X}" for ch in letters)]
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({0x20: "space"} | {ord(ch): f"uni{ord(ch):04X}" for ch in letters})
    pen = TTGlyphPen(None)
    for x, y in ((100, 0), (100, 600), (500, 600), (500, 0)):
        (pen.moveTo if (x, y) == (100, 0) else pen.lineTo)((x, y))
    pen.closePath()
    box, empty = pen.glyph(), TTGlyphPen(None).glyph()
    builder.setupGlyf({name: empty if name == "space" else box for name in names})
    builder.setupHorizontalMetrics({name: (600, 100) for name in names})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable(
        {
            "familyName": family,
            "styleName": "Regular",
            "fullName": family,
            "psName": family.replace(" ", "") + "-Regular",
        }
    )
    # Installable (fsType 0): LibreOffice uses no embedded font that may not be edited with.
    builder.setupOS2(
        fsType=0, sTypoAscender=800, sTypoDescender=-200, usWinAscent=800, usWinDescent=200
    )
    builder.setupPost()
    builder.save(str(path))


def script_kit(folder: Path, language: str, *others: str) -> tuple[Path, str]:
    """The example kit with a font for the language's script as its fallback font (source:
    file, as a partnership adds Lohit Gurmukhi), after the fallback fonts `others`: its
    brands folder, and the font's family."""
    kit = folder / "brands" / KIT
    shutil.copytree(DEFAULT_BRANDS_DIR / "example-partnership", kit)
    family, source = script_font(folder, language)
    shutil.copy(source, kit / "script.ttf")
    brand_yml = kit / "_brand.yml"
    text = brand_yml.read_text(encoding="utf-8")
    fonts = "typography:\n  fonts:\n"
    assert fonts in text
    text = text.replace(
        fonts,
        f"{fonts}    - family: {family}\n      source: file\n      files:\n"
        "        - path: script.ttf\n          weight: 400\n",
        1,
    ).replace(
        "  mythprint:\n", f"  mythprint:\n    fallback-fonts: [{', '.join([*others, family])}]\n", 1
    )
    brand_yml.write_text(text, encoding="utf-8")
    return kit.parent, family


@pytest.fixture(scope="module", params=[(lang, first) for lang in LANGUAGES for first in (1, 0)])
def handout(request, tmp_path_factory) -> tuple[Path, str, str]:
    """The sample language and English as one handout, the sample first or second: the file,
    the language, and the family of the kit's font for its script."""
    language, sample_first = request.param
    folder = tmp_path_factory.mktemp(f"{language}-{sample_first}")
    brands, family = script_kit(folder, language)
    sample = FIXTURES / f"myths.{language}.yml"
    contents = (sample, DEFAULT_CONTENT) if sample_first else (DEFAULT_CONTENT, sample)
    return build_handout(folder, brands, KIT, *contents), language, family


def read_xml(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read(f"word/{name}.xml"))


def test_the_theme_s_complex_script_fonts_are_the_kit_s_font_for_the_script(handout):
    """Word and LibreOffice set Gurmukhi and Bengali in the theme's complex-script font
    (w:cstheme), and first in its font for the script of w:themeFontLang's w:bidi: both name
    the kit's font, never Raavi or Vrinda (fonts of Windows alone) or nothing at all."""
    path, language, family = handout
    script, word_tag = LANGUAGES[language]
    theme = read_xml(path, "theme/theme1")
    for slot in ("majorFont", "minorFont"):
        scheme = theme.find(f".//{A}{slot}")
        assert scheme.find(f"{A}latin").get("typeface") == "Atkinson Hyperlegible"
        assert scheme.find(f"{A}cs").get("typeface") == family
        assert scheme.find(f"{A}font[@script='{script}']").get("typeface") == family
    language_setting = read_xml(path, "settings").find(f"{W}themeFontLang")
    assert language_setting.get(f"{W}bidi") == word_tag
    assert language_setting.get(f"{W}val") == "en-GB"  # the Latin text's, in either order
    for style in (None, f"Fact-{language}", "Fact-en-GB", "Heading1"):
        assert complex_script_font(path, style) == family, style
    assert family in {name for name, _, _ in embedded_faces(path)}


def test_each_paragraph_of_the_language_names_it_as_its_complex_script_language(handout):
    """A paragraph in the sample language is in it as Word tells complex-script text's
    language (w:lang w:bidi, pa-IN), its Latin words in English (w:val); the English ones
    are in English. Nothing reads right to left, and nothing names Arabic, which the pack
    does not have: Word's default complex-script language, ar-SA, made LibreOffice choose
    a font for Arabic."""
    path, language, _ = handout
    word_tag = LANGUAGES[language][1]
    read = parts(path)
    styles, body = read["styles"], read["document"].find(f"{W}body")
    found = {}
    for paragraph in body.iter(f"{W}p"):
        text = "".join(paragraph.itertext())
        script = _script_of(text)
        lang = run_property(styles, paragraph, "lang")
        bidi = _bidi_of(styles, paragraph)
        if script == "sample":
            assert (lang.get(f"{W}val"), bidi) == ("en-GB", word_tag), (style_id(paragraph), text)
        elif script == "latin":
            assert lang.get(f"{W}val") == "en-GB", (style_id(paragraph), text)
        found[script] = found.get(script, 0) + 1
    assert found["sample"] > 10 and found["latin"] > 10
    for part in ("styles", "document", "header", "footer"):
        assert not list(read[part].iter(f"{W}rtl", f"{W}bidi")), part
    settings = etree.tostring(read_xml(path, "settings"), encoding="unicode")
    assert "ar-SA" not in etree.tostring(styles, encoding="unicode") + settings


def test_bold_in_the_language_is_bold(handout):
    """Word takes a complex-script run's weight from w:bCs, as it does Urdu's."""
    styles = parts(handout[0])["styles"]
    by_id = {style.get(f"{W}styleId"): style for style in styles.iter(f"{W}style")}
    for style_id_ in ("MythLabel", "FactLabel", "Subtitle", "Header", "Strong", "Heading1"):
        assert by_id[style_id_].find(f"{W}rPr/{W}bCs") is not None, style_id_


def test_a_pack_with_no_complex_script_language_keeps_word_s_default(tmp_path):
    """English and Welsh: nothing is complex script, so the theme's complex-script fonts
    stay the starting file's (empty: Word's own for the language), as before."""
    require_font("Noto Sans", "fontpkg-noto-sans")  # the kit's font lacks ŵ and ŷ
    result = run_cli(
        "build", "--brand", "example-partnership", "--format", "handout", "--out",
        str(tmp_path), "--no-previews", "--content", str(FIXTURES / "myths.cy.yml"),
        "--content", str(DEFAULT_CONTENT),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    path = tmp_path / "example-partnership" / "handout.docx"
    theme = read_xml(path, "theme/theme1")
    assert {cs.get("typeface") for cs in theme.iter(f"{A}cs")} == {""}
    assert read_xml(path, "settings").find(f"{W}themeFontLang").get(f"{W}bidi") is None


@pytest.fixture(scope="module")
def urdu_and_panjabi(tmp_path_factory) -> tuple[Path, str]:
    """Urdu, Panjabi and English as one handout, the kit with IBM Plex Sans Arabic and a
    Gurmukhi font as its fallback fonts: the file, and the Gurmukhi font's family."""
    require_arabic_font()
    folder = tmp_path_factory.mktemp("ur-pa")
    brands, family = script_kit(folder, "pa", ARABIC_FAMILY)
    contents = (FIXTURES / "myths.ur.yml", FIXTURES / "myths.pa.yml", DEFAULT_CONTENT)
    return build_handout(folder, brands, KIT, *contents), family


def test_two_complex_scripts_are_each_in_their_own_font(urdu_and_panjabi):
    """The theme's complex-script fonts serve one language, the first (w:themeFontLang's
    w:bidi, Urdu): the Panjabi styles name their font themselves, and the theme's font for
    Gurmukhi is it too. Taken from the theme, Panjabi was set in the Arabic font, which has
    no Gurmukhi."""
    path, family = urdu_and_panjabi
    assert read_xml(path, "settings").find(f"{W}themeFontLang").get(f"{W}bidi") == "ur-PK"
    theme = read_xml(path, "theme/theme1")
    for scheme in theme.iter(f"{A}majorFont", f"{A}minorFont"):
        assert scheme.find(f"{A}cs").get("typeface") == ARABIC_FAMILY
        assert scheme.find(f"{A}font[@script='Guru']").get("typeface") == family
    for style in ("Fact", "Source", "HeadingText", "MythLabel"):
        assert complex_script_font(path, f"{style}-ur") == ARABIC_FAMILY, style
        assert complex_script_font(path, f"{style}-pa") == family, style


@pytest.mark.skipif(SOFFICE is None, reason="needs LibreOffice (.ci/run installs it)")
def test_libreoffice_prints_urdu_and_panjabi_each_in_its_font(urdu_and_panjabi, tmp_path):
    path, family = urdu_and_panjabi
    fonts = libreoffice_fonts(path, tmp_path)
    assert any(name.startswith(family.replace(" ", "")) for name in fonts), fonts
    assert any(name.startswith(ARABIC_FAMILY.replace(" ", "")) for name in fonts), fonts
    assert not [name for name in fonts if name.startswith("DejaVu")], fonts


def _script_of(text: str) -> str | None:
    """ "sample" for text mostly in a sample language's script, "latin" for Latin text."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return None
    latin = sum(ch.isascii() for ch in letters)
    return "latin" if latin * 2 > len(letters) else "sample"


def _bidi_of(styles: etree._Element, paragraph: etree._Element) -> str | None:
    """The w:bidi of the paragraph's w:lang as Word resolves it: each attribute of w:lang is
    inherited on its own, from the mark's character style, the paragraph's, the defaults."""
    from .test_bilingual_handout import run_chain

    for element in run_chain(styles, paragraph, None):
        for found in element.iter(f"{W}lang"):
            if found.get(f"{W}bidi") is not None:
                return found.get(f"{W}bidi")
    return None


@pytest.mark.skipif(SOFFICE is None, reason="needs LibreOffice (.ci/run installs it)")
def test_libreoffice_prints_the_language_in_the_kit_s_font(handout, tmp_path):
    """LibreOffice sets the sample language's letters in the kit's font for its script,
    embedded in the file, and in no other: before, it took DejaVu, which has no Gurmukhi or
    Bengali, and printed boxes."""
    path, _, family = handout
    fonts = libreoffice_fonts(path, tmp_path)
    ours = family.replace(" ", "")
    assert any(name.startswith(ours) for name in fonts), fonts
    assert all(name.startswith((ours, "AtkinsonHyperlegible")) for name in fonts), fonts


def libreoffice_fonts(path: Path, folder: Path) -> set[str]:
    """The fonts of the PDF LibreOffice makes of the Word file, without their subset tags."""
    with pikepdf.open(libreoffice_pdf(path, folder)) as pdf:
        return {
            str(font.BaseFont).split("+")[-1]
            for page in pdf.pages
            for font in page.Resources.Font.values()
        }
