"""A kit's own font files: set at the weights the kit gives them, everywhere it prints."""

import io
import re
import shutil
import textwrap
import uuid
import zipfile
from pathlib import Path

import fontpkg
import pikepdf
import pytest
from fontTools.ttLib import TTFont
from lxml import etree

from mythprint.errors import BrandError
from mythprint.formats.wordfonts import obfuscate
from mythprint.inputs.brand import load_brand

from .conftest import font_of_each_character, require_font, run_cli

ATKINSON = {
    file.weight: file.path
    for file in fontpkg.family("Atkinson Hyperlegible").files
    if file.style == "normal"
}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def house_sans_kit(brands: Path, bold_weight: str | None, files: dict[str, Path] | None = None):
    """A kit whose font, House Sans, is two files of its own: Atkinson Hyperlegible's regular
    and bold under other names, so that nothing but the kit says which is which."""
    weight_line = "" if bold_weight is None else f"\n          weight: {bold_weight}"
    folder = brands / "house"
    folder.mkdir(parents=True)
    (folder / "_brand.yml").write_text(
        textwrap.dedent(
            """\
            meta:
              name: Testshire Partnership
            color:
              primary: "#005a70"
            typography:
              fonts:
                - family: House Sans
                  source: file
                  files:
                    - path: HouseSans-Regular.ttf
                      weight: 400
                    - path: HouseSans-Bold.ttfWEIGHT
              base: House Sans
              headings: House Sans
            """
        ).replace("WEIGHT", weight_line)
    )
    files = files or {"HouseSans-Regular.ttf": ATKINSON[400], "HouseSans-Bold.ttf": ATKINSON[700]}
    for name, source in files.items():
        shutil.copy(source, folder / name)
    return folder


def face_weights(brands: Path) -> set[tuple[str, int]]:
    return {(face.path.name, face.weight) for face in load_brand(brands, "house").faces}


@pytest.mark.parametrize(
    ("given", "expected"),
    [("700", 700), ("'700'", 700), ("bold", 700), ("semi-bold", 600), (None, 700)],
    ids=["number", "quoted", "bold", "named", "from-the-file"],
)
def test_a_font_file_is_set_at_the_weight_the_kit_gives_it(tmp_path, given, expected):
    """`weight: 700` reached mythprint as brand-yml's wrapper of 700, which it read as 400:
    both files were regular. A file with no weight takes the one the font itself declares."""
    house_sans_kit(tmp_path, given)
    assert face_weights(tmp_path) == {
        ("HouseSans-Regular.ttf", 400),
        ("HouseSans-Bold.ttf", expected),
    }


@pytest.mark.parametrize(
    ("given", "expected"),
    [("100..900", {400, 700}), ("[300, 600]", {400, 600}), (None, {400, 700})],
    ids=["range", "list", "from-the-file"],
)
def test_a_variable_font_file_gives_each_weight_mythprint_sets(tmp_path, given, expected):
    require_font("Noto Sans", "fontpkg-noto-sans")
    [variable] = [f.path for f in fontpkg.family("Noto Sans").files if f.style == "normal"]
    files = {"HouseSans-Regular.ttf": ATKINSON[400], "HouseSans-Bold.ttf": variable}
    house_sans_kit(tmp_path, given, files)
    weights = {w for name, w in face_weights(tmp_path) if name == "HouseSans-Bold.ttf"}
    assert weights == expected


@pytest.fixture(scope="module")
def house_build(tmp_path_factory) -> Path:
    """A poster, the handout and the web edition of a kit with `weight: 700` on its bold."""
    root = tmp_path_factory.mktemp("house")
    house_sans_kit(root / "brands", "700")
    out = root / "out"
    formats = ("--format", "poster", "--format", "handout", "--format", "html")
    result = run_cli(
        "build", "--brands-dir", str(root / "brands"), "--brand", "house", "--out", str(out),
        *formats,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return out / "house"


def test_the_poster_prints_its_headings_in_the_kits_bold_file(house_build):
    poster = house_build / "poster-a3.pdf"
    with pikepdf.open(poster) as pdf:
        embedded = {
            str(font.BaseFont).split("+", 1)[-1]
            for page in pdf.pages
            for font in page.Resources.Font.values()
        }
    assert embedded == {"House-Sans", "House-Sans-Bold"}
    drawn = font_of_each_character(poster)
    bold = "".join(character for character, font in drawn if font.endswith("House-Sans-Bold"))
    assert "Myth-busting guide" in bold and "Testshire Partnership" in bold


def word_fonts(handout: Path) -> dict[str, TTFont]:
    """The fonts the Word file carries for House Sans, de-obfuscated, by the slot each fills."""
    with zipfile.ZipFile(handout) as package:
        table = etree.fromstring(package.read("word/fontTable.xml"))
        rels = etree.fromstring(package.read("word/_rels/fontTable.xml.rels"))
        targets = {rel.get("Id"): package.read("word/" + rel.get("Target")) for rel in rels}
    [entry] = [e for e in table.iter(f"{W}font") if e.get(f"{W}name") == "House Sans"]
    return {
        embed.tag.removeprefix(W): TTFont(
            io.BytesIO(obfuscate(targets[embed.get(f"{R}id")], uuid.UUID(embed.get(f"{W}fontKey"))))
        )
        for embed in entry
        if embed.tag.startswith(f"{W}embed")
    }


def test_the_handout_carries_the_kits_bold_for_word_to_set_bold_in(house_build):
    """With both files at 400, the Word file carried the regular only, and Word faked bold."""
    fonts = word_fonts(house_build / "handout.docx")
    assert set(fonts) == {"embedRegular", "embedBold"}
    assert fonts["embedRegular"]["OS/2"].usWeightClass == 400
    assert fonts["embedBold"]["OS/2"].usWeightClass == 700


def test_the_web_edition_ships_the_kits_bold_as_its_700(house_build):
    """It shipped one WOFF2, house-sans-400, and browsers faked the headings' bold."""
    web = house_build / "web"
    assert sorted(p.name for p in web.glob("*.woff2")) == [
        "house-sans-400.woff2",
        "house-sans-700.woff2",
    ]
    for weight in (400, 700):
        font = TTFont(io.BytesIO((web / f"house-sans-{weight}.woff2").read_bytes()))
        assert font["OS/2"].usWeightClass == weight
    css = (web / "web.css").read_text()
    assert re.search(r'src: url\("house-sans-700\.woff2"\)[^}]*font-weight: 700;', css)


def with_fs_type(source: Path, fs_type: int, target: Path) -> Path:
    """A copy of the font at `source` whose licence bits (OS/2 fsType) are `fs_type`."""
    font = TTFont(str(source))
    font["OS/2"].fsType = fs_type
    font.save(str(target))
    return target


def licence_kit(brands: Path, fs_type: int) -> Path:
    folder = house_sans_kit(brands, "700")
    for name in ("HouseSans-Regular.ttf", "HouseSans-Bold.ttf"):
        with_fs_type(folder / name, fs_type, folder / name)
    return folder


@pytest.mark.parametrize(
    ("fs_type", "why"),
    [
        (0x0002, "does not allow embedding it in documents (its fsType is 0x0002)"),
        (0x0200, "allows only its bitmaps to be embedded in documents"),
        (0x0100, "does not allow embedding it cut down to the letters a document uses"),
        (0x0108, "does not allow embedding it cut down"),  # editable, but whole
    ],
    ids=["restricted", "bitmap-only", "no-subsetting", "editable-no-subsetting"],
)
def test_a_font_whose_licence_forbids_embedding_it_is_refused_by_check(tmp_path, fs_type, why):
    """Such a font was embedded in every PDF, the Word handout and the web edition's WOFF2s
    without a word."""
    brands = tmp_path / "brands"
    folder = licence_kit(brands, fs_type)
    result = run_cli("check", "--brands-dir", str(brands), "--brand", "house")
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if why in line]
    assert [line.split(": the licence")[0] for line in lines] == [
        f"Error: {folder / '_brand.yml'}:10:11",
        f"Error: {folder / '_brand.yml'}:12:11",
    ], result.output
    assert "ask the font's supplier for a licence" in lines[0] and "another font" in lines[0]
    assert "Traceback" not in result.output
    built = run_cli(
        "build", "--brands-dir", str(brands), "--brand", "house", "--out", str(tmp_path / "out")
    )
    assert built.exit_code == 1 and why in built.output
    assert not (tmp_path / "out" / "house").exists()


@pytest.mark.parametrize("fs_type", [0x0000, 0x0004, 0x0008, 0x000C, 0x0006])
def test_a_font_licensed_for_print_or_editing_is_a_font_like_any_other(tmp_path, fs_type):
    """Installable, preview-and-print and editable embedding all allow a PDF (of 2, 4 and
    8 set together, the least restrictive applies)."""
    licence_kit(tmp_path, fs_type)
    assert face_weights(tmp_path) == {("HouseSans-Regular.ttf", 400), ("HouseSans-Bold.ttf", 700)}


def test_an_installed_font_forbidding_embedding_is_refused_where_the_kit_names_it(
    tmp_path, monkeypatch
):
    from mythprint.inputs import kit
    from mythprint.inputs.brand import FontFace

    restricted = with_fs_type(ATKINSON[400], 0x0002, tmp_path / "Licensed-Regular.ttf")
    monkeypatch.setattr(
        kit, "system_faces", lambda family: [FontFace(family, restricted, 400, "normal")]
    )
    folder = tmp_path / "kit"
    folder.mkdir()
    (folder / "_brand.yml").write_text(
        'color:\n  primary: "#005a70"\ndefaults:\n  mythprint:\n'
        "    fallback-fonts: [Licensed Sans]\n"
    )
    with pytest.raises(BrandError) as caught:
        load_brand(tmp_path, "kit")
    assert [str(problem) for problem in caught.value.problems] == [
        f"{folder / '_brand.yml'}:5:22: the licence of font 'Licensed Sans' (file "
        "Licensed-Regular.ttf) does not allow embedding it in documents (its fsType is "
        "0x0002); ask the font's supplier for a licence that does, or use another font"
    ]


def test_the_fonts_mythprint_ships_with_allow_what_it_does_with_them():
    """The default font and the fallback chain come from font packages, all embeddable."""
    from mythprint.inputs.fontchain import DEFAULT_CHAIN
    from mythprint.inputs.fontlicence import embedding_refused
    from mythprint.inputs.kit import DEFAULT_FAMILY
    from mythprint.inputs.kitfonts import package_faces

    installed = []
    for family in (DEFAULT_FAMILY, *DEFAULT_CHAIN):
        try:
            installed += package_faces(family)
        except fontpkg.FontpkgError:
            continue  # the languages extra is not installed
    assert installed
    assert {face.path.name: embedding_refused(face.path) for face in installed} == {
        face.path.name: None for face in installed
    }
