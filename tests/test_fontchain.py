"""Text the kit's fonts cannot set is set wholly in one fallback font, never two in a word."""

import io
import re
import unicodedata
import uuid
import zipfile
from pathlib import Path

import fontpkg
import pikepdf
import pytest
from fontTools.ttLib import TTFont
from lxml import etree
from ruamel.yaml import YAML

from mythprint.formats.wordfonts import obfuscate
from mythprint.paths import DEFAULT_BRANDS_DIR, DEFAULT_CONTENT

from .conftest import build_kit, font_of_each_character, pdf_text
from .test_exit_codes import assert_clean_failure, run
from .test_kits import make_kit

try:
    fontpkg.family("Noto Sans")
except fontpkg.FontpkgError:
    pytest.skip("the languages extra (fontpkg-noto-sans) is not installed", allow_module_level=True)

# Sample text for tests, not a translation: the English, with the Welsh letters ŵ and ŷ that
# the kit's font, Atkinson Hyperlegible, lacks, inside words: a word mixing two fonts shows.
SAMPLE = "[sampl dŵr tŷ] "


def sample_content(folder: Path, extra: str = "") -> Path:
    yaml = YAML()
    data = yaml.load(DEFAULT_CONTENT.read_text(encoding="utf-8"))
    data["language"] = "cy"
    for myth in data["myths"]:
        myth["myth"] = SAMPLE + myth["myth"] + extra
        myth["rebuttal"] = SAMPLE + myth["rebuttal"]
    data["labels"]["myth"], data["labels"]["fact"] = "Myth ŵ", "Fact ŷ"
    path = folder / "myths.cy.yml"
    with path.open("w", encoding="utf-8") as file:
        yaml.dump(data, file)
    return path


@pytest.fixture(scope="module")
def welsh_posters(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("welsh")
    content = sample_content(folder)
    out = folder / "out"
    result = build_kit(DEFAULT_BRANDS_DIR, "default", "poster", out, "--content", str(content))
    assert result.exit_code == 0, result.output
    assert "set wholly in 'Noto Sans'" in result.output
    return out / "default"


def test_check_warns_that_the_text_is_set_in_the_fallback_font(tmp_path):
    content = sample_content(tmp_path)
    result = run("check", "--content", str(content), "--brand", "default", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    [warning] = [line for line in result.stderr.splitlines() if "Noto Sans" in line]
    assert warning.startswith("Warning: ") and "_brand.yml" in warning
    assert "font 'Atkinson Hyperlegible' lacks (ŵ ŷ), so it is set wholly in 'Noto Sans'" in warning


def test_a_fallback_the_kit_names_itself_sets_the_text_without_a_warning(tmp_path):
    """A kit that names Noto Sans in fallback-fonts, as the README says to, chose it: the
    warning that the text is set in it stood all the same, so `check --strict` could never
    pass for a Welsh pack."""
    brands = tmp_path / "brands"
    kit = brands / "default" / "_brand.yml"
    kit.parent.mkdir(parents=True)
    kit.write_text(
        (DEFAULT_BRANDS_DIR / "default" / "_brand.yml")
        .read_text(encoding="utf-8")
        .replace("  mythprint: {}", "  mythprint:\n    fallback-fonts: [Noto Sans]"),
        encoding="utf-8",
    )
    content = sample_content(tmp_path)
    checked = run("check", "--content", str(content), "--brands-dir", "brands", cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert "_brand.yml" not in checked.stderr and "brands/default: OK" in checked.stdout
    out = tmp_path / "out"
    built = build_kit(brands, "default", "poster", out, "--content", str(content))
    assert built.exit_code == 0 and "Noto Sans" not in built.output, built.output
    with pikepdf.open(out / "default" / "poster-a3.pdf") as pdf:
        fonts = {str(f.BaseFont).split("+", 1)[-1] for f in pdf.pages[0].Resources.Font.values()}
    assert fonts == {"Noto-Sans", "Noto-Sans-Bold"}


def test_every_letter_is_drawn_and_the_whole_poster_is_in_one_family(welsh_posters):
    poster = welsh_posters / "poster-a3.pdf"
    text = pdf_text(poster)
    assert text.count("ŵ") >= 5 and "ŷ" in text and "\ufffd" not in text
    with pikepdf.open(poster) as pdf:
        fonts = {
            str(font.BaseFont).split("+", 1)[-1]
            for page in pdf.pages
            for font in page.Resources.Font.values()
        }
    assert fonts == {"Noto-Sans", "Noto-Sans-Bold"}


def test_no_word_mixes_two_fonts(welsh_posters):
    characters = font_of_each_character(welsh_posters / "poster-a3.pdf")
    words, fonts = [], set()
    for character, font in [*characters, (" ", "")]:
        if character.isspace() or not character.isalnum():
            if len(fonts) > 1:
                words.append(fonts)
            fonts = set()
        else:
            fonts.add(re.sub(r"^[A-Z]{6}\+|-Bold$", "", font))
    assert len(characters) > 1000
    assert words == []


def pdf_widths(widths) -> dict[int, float]:
    """A CIDFont's /W array as {glyph: width}: `c [w1 w2 ...]` and `first last w` runs."""
    found, items, index = {}, list(widths), 0
    while index < len(items):
        first = int(items[index])
        if isinstance(items[index + 1], pikepdf.Array):
            found.update({first + n: float(w) for n, w in enumerate(items[index + 1])})
            index += 2
        else:
            last, width = int(items[index + 1]), float(items[index + 2])
            found.update(dict.fromkeys(range(first, last + 1), width))
            index += 3
    return found


def test_bold_letters_print_at_the_widths_of_the_bold_they_are_drawn_in(welsh_posters):
    """Noto Sans is one variable file for every weight. WeasyPrint laid bold text out at
    the file's default, regular, widths, and embedded its bold: bold letters at regular
    spacing, touching ("mythau"). Each glyph's width in the PDF is its embedded advance."""
    checked = set()
    with pikepdf.open(welsh_posters / "poster-a3.pdf") as pdf:
        for font in pdf.pages[0].Resources.Font.values():
            descendant = font.DescendantFonts[0]
            program = TTFont(io.BytesIO(descendant.FontDescriptor.FontFile2.read_bytes()))
            order, metrics = program.getGlyphOrder(), program["hmtx"].metrics
            scale = 1000 / program["head"].unitsPerEm
            for glyph, width in pdf_widths(descendant.W).items():
                assert width == pytest.approx(metrics[order[glyph]][0] * scale, abs=1), (
                    str(font.BaseFont),
                    order[glyph],
                )
            checked.add(str(font.BaseFont).split("+", 1)[-1])
    assert checked == {"Noto-Sans", "Noto-Sans-Bold"}


def test_every_printed_weight_is_asked_of_a_variable_font_too():
    """What holds the widths right: each rule of the print styles that sets a font-weight
    sets the same "wght" variation, and the root sets both, for text at its default."""
    import tinycss2

    from mythprint.paths import PROJECT_ROOT

    seen = 0
    for name in ("base.css", "poster.css", "leaflet.css"):
        css = (PROJECT_ROOT / "styles" / name).read_text(encoding="utf-8")
        for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
            if rule.type != "qualified-rule":
                continue
            declarations = {
                d.lower_name: tinycss2.serialize(d.value).strip()
                for d in tinycss2.parse_blocks_contents(rule.content)
                if d.type == "declaration"
            }
            if "font-weight" in declarations:
                selector = tinycss2.serialize(rule.prelude).strip()
                expected = f'"wght" {declarations["font-weight"]}'
                assert declarations.get("font-variation-settings") == expected, (name, selector)
                seen += 1
                if name == "base.css" and selector == "html":
                    assert declarations["font-weight"] == "400"
    assert seen >= 10


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_a_kit_named_in_welsh_sets_the_english_guide_in_the_fallback_font(tmp_path, form):
    """A partnership in Wales prints its own name and contacts in Welsh beside the English
    guide. Only the guide's letters chose the font, so 'Gŵyr' was an error no form could
    fix; the kit's own words now choose it too, and the whole page is in one font.
    Typed as w and a combining circumflex (NFD, as a Mac or a PDF may give it), ŵ passed
    every check and printed its accent over the y ("Gwŷr"): it is read composed."""
    brands = tmp_path / "brands"
    make_kit(
        brands,
        "gower",
        unicodedata.normalize(
            form,
            """\
            meta:
              name: Partneriaeth Diogelu Plant Gŵyr
            defaults:
              mythprint:
                contacts:
                  - label: Tŷ Penallta
                    value: "0300 123 4568"
            """,
        ),
    )
    result = run("check", "--brands-dir", "brands", "--brand", "gower", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    [warning] = [line for line in result.stderr.splitlines() if "Noto Sans" in line]
    assert (
        "the kit's own words (its names, contacts or review note) have letters that font "
        "'Atkinson Hyperlegible' lacks (ŵ ŷ), so the text is set wholly in 'Noto Sans'"
    ) in warning
    out = tmp_path / "out"
    built = build_kit(brands, "gower", "poster", out)
    assert built.exit_code == 0, built.output
    poster = out / "gower" / "poster-a3.pdf"
    assert "Gŵyr" in pdf_text(poster) and "Tŷ Penallta" in pdf_text(poster)
    with pikepdf.open(poster) as pdf:
        found = pdf.pages[0].Resources.Font.values()
        fonts = {str(font.BaseFont).split("+", 1)[-1] for font in found}
    assert fonts == {"Noto-Sans", "Noto-Sans-Bold"}


def test_a_letter_no_font_in_the_chain_has_is_still_an_error(tmp_path):
    content = sample_content(tmp_path, extra=" ሀ")  # Ethiopic: neither the kit nor Noto Sans
    result = run("check", "--content", str(content), "--brand", "default", cwd=tmp_path)
    lines = assert_clean_failure(result)
    assert any("no font has the Ethiopic letters" in line and "U+1200" in line for line in lines)


def embedded_faces(handout: Path) -> list[tuple[str, str, TTFont]]:
    """Each font the Word file carries, de-obfuscated: its family, the slot it fills
    (embedRegular, embedBold...) and the font."""
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    r = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    with zipfile.ZipFile(handout) as package:
        table = etree.fromstring(package.read("word/fontTable.xml"))
        rels = etree.fromstring(package.read("word/_rels/fontTable.xml.rels"))
        files = {n: package.read(n) for n in package.namelist() if n.startswith("word/fonts/")}
    targets = {rel.get("Id"): "word/" + rel.get("Target") for rel in rels}
    faces = []
    for entry in table.iter(f"{w}font"):
        for embed in entry:
            if embed.tag.startswith(f"{w}embed"):
                key = uuid.UUID(embed.get(f"{w}fontKey"))
                data = obfuscate(files[targets[embed.get(f"{r}id")]], key)
                faces.append(
                    (entry.get(f"{w}name"), embed.tag.removeprefix(w), TTFont(io.BytesIO(data)))
                )
    return faces


def embedded_fonts(handout: Path) -> dict[str, TTFont]:
    """Each font the Word file carries, by the slot it fills (a file of one family)."""
    return {slot: font for _, slot, font in embedded_faces(handout)}


def embedded_families(handout: Path) -> set[str]:
    return {font["name"].getBestFamilyName() for font in embedded_fonts(handout).values()}


def test_the_handout_carries_only_the_font_its_text_is_set_in(tmp_path):
    content = sample_content(tmp_path)
    out = tmp_path / "out"
    result = build_kit(DEFAULT_BRANDS_DIR, "default", "handout", out, "--content", str(content))
    assert result.exit_code == 0, result.output
    assert embedded_families(out / "default" / "handout.docx") == {"Noto Sans"}


def test_the_handouts_fallback_font_is_four_static_faces_of_the_scripts_it_prints(tmp_path):
    """Word and LibreOffice set an embedded variable font at its default instance, faking
    its bold, and Noto Sans's variable files run to megabytes: the handout carries each
    weight and style as a static face, cut down to the blocks of letters the text uses."""
    content = sample_content(tmp_path)
    out = tmp_path / "out"
    result = build_kit(DEFAULT_BRANDS_DIR, "default", "handout", out, "--content", str(content))
    assert result.exit_code == 0, result.output
    handout = out / "default" / "handout.docx"
    fonts = embedded_fonts(handout)
    expected = {"embedRegular": (400, 0), "embedBold": (700, 1), "embedItalic": (400, 2),
                "embedBoldItalic": (700, 3)}  # fmt: skip
    assert set(fonts) == set(expected)
    for slot, font in fonts.items():
        weight, style_bits = expected[slot]
        assert "fvar" not in font and "gvar" not in font, slot
        assert font["OS/2"].usWeightClass == weight, slot
        assert font["head"].macStyle & 3 == style_bits, slot
        letters = set(map(chr, font.getBestCmap()))
        assert {"ŵ", "ŷ", "ŝ", "é", "’"} <= letters, slot  # ŝ: its block, for an editor
        assert not letters & {"Ж", "α"}, slot  # not the scripts the text does not use
    assert handout.stat().st_size < 400_000
