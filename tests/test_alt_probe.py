"""What users' probes of the PDFs found: words a screen reader read twice (the logo beside the
partnership's name, the QR code beside its address), fit errors that gave no numbers or sent a
partnership to cut national text, a white logo that printed as nothing, and a one-word name
that ran off the page."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pypdfium2
import pytest
from PIL import Image, ImageDraw

from mythprint.inputs.content import load_content
from mythprint.inputs.labels import placeholder_problem
from mythprint.paths import DEFAULT_BRANDS_DIR, DEFAULT_CONTENT, PROJECT_ROOT
from mythprint.pdf.finishing import struct_elements

from .conftest import build_kit, pdf_text, squash
from .test_kits import EIGHT_LONG_CONTACTS, kit_with_contacts

EXAMPLE = "example-partnership"
NAME = "Exampleshire Safeguarding Children Partnership"
WELSH = Path(__file__).parent / "fixtures" / "myths.cy.yml"
LOGO_PIXELS = (660, 600)  # the logo's size tells its image from the QR code's


def copy_example(brands: Path, slug: str, logo: Image.Image | None = None, alt=None) -> Path:
    """brands/slug: the example kit, with `logo` as its PNG logo, and its alt text `alt`."""
    folder = brands / slug
    shutil.copytree(DEFAULT_BRANDS_DIR / EXAMPLE, folder)
    kit = folder / "_brand.yml"
    text = kit.read_text()
    if logo is not None:
        logo.save(folder / "logo.png")
        text = text.replace("path: logo.svg", "path: logo.png")
    if alt is not None:
        text = text.replace(f"alt: {NAME} logo", f'alt: "{alt}"')
    kit.write_text(text)
    return folder


def rings() -> Image.Image:
    """A logo in the kit's colours on a see-through background, as the example's."""
    image = Image.new("RGBA", LOGO_PIXELS, (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((30, 200, 370, 540), outline=(11, 79, 108, 255), width=40)
    draw.ellipse((290, 200, 630, 540), outline=(184, 51, 106, 255), width=40)
    return image


def figures(path: Path) -> list[str]:
    with pikepdf.open(path) as pdf:
        return [
            str(element.get("/Alt"))
            for element in struct_elements(pdf.Root.StructTreeRoot)
            if element.get("/S") == "/Figure"
        ]


def images_marked(path: Path) -> dict[tuple[int, int], list[str]]:
    """Each image drawn on the first page, by its pixel size: the marked content it is
    drawn in (/Artifact, or a tag such as /Figure), innermost last, through the forms
    (XObjects of their own content) it is drawn in."""
    found: dict[tuple[int, int], list[str]] = {}

    def walk(stream, resources, marks: list[str]) -> None:
        xobjects = resources.get("/XObject", {})
        for operands, operator in pikepdf.parse_content_stream(stream):
            name = str(operator)
            if name in ("BDC", "BMC"):
                marks.append(str(operands[0]))
            elif name == "EMC":
                marks.pop()
            elif name == "Do" and str(operands[0]) in xobjects:
                drawn = xobjects[str(operands[0])]
                if drawn.get("/Subtype") == "/Image":
                    found[(int(drawn.Width), int(drawn.Height))] = list(marks)
                elif drawn.get("/Subtype") == "/Form":
                    walk(drawn, drawn.get("/Resources", resources), list(marks))

    with pikepdf.open(path) as pdf:
        page = pdf.pages[0]
        walk(page, page.Resources, [])
    return found


@pytest.fixture(scope="module")
def ringed(tmp_path_factory) -> Path:
    """The example kit with a PNG logo whose alt text only names the partnership, built."""
    root = tmp_path_factory.mktemp("ringed")
    copy_example(root / "brands", "ringed", rings())
    out = root / "out"
    formats = ("--format", "leaflet", "--format", "myth-posters", "--no-previews")
    for profile in ("office", "press"):
        result = build_kit(root / "brands", "ringed", "poster", out, *formats, "--for", profile)
        assert result.exit_code == 0, result.output
    return out / "ringed"


@pytest.mark.parametrize("folder", ["", "press/"])
@pytest.mark.parametrize("name", ["leaflet-dl.pdf", "poster-a3.pdf", "poster-a3-consent.pdf"])
def test_a_logo_that_only_names_the_partnership_beside_it_is_an_artifact(ringed, folder, name):
    """A screen reader read "Exampleshire Safeguarding Children Partnership logo", then the
    name printed beside it. The logo is drawn still, but as an artifact, not a figure (a
    figure with empty alt text would fail PDF/UA)."""
    path = ringed / folder / name
    assert not any(NAME in alt for alt in figures(path)), figures(path)
    assert squash(NAME) in squash(pdf_text(path)), "the name is printed"
    if not folder:  # the press file's logo is converted to CMYK: its pixels stay
        marks = images_marked(path)
        assert marks[LOGO_PIXELS][-1:] == ["/Artifact"], marks


def test_a_logo_whose_alt_text_says_more_than_the_name_stays_a_figure(tmp_path):
    """A kit's alt text that says more than the printed name (a strapline in the logo) is
    still read: the logo stays a figure, with that alt text."""
    alt = f"{NAME} logo, with its strapline: working together to keep children safe"
    copy_example(tmp_path / "brands", "strapline", rings(), alt=alt)
    result = build_kit(tmp_path / "brands", "strapline", "leaflet", tmp_path / "out")
    assert result.exit_code == 0, result.output
    path = tmp_path / "out" / "strapline" / "leaflet-dl.pdf"
    assert alt in figures(path)
    assert "/Figure" in images_marked(path)[LOGO_PIXELS]
    with pikepdf.open(path) as pdf:  # its /BBox on the front cover, where it is drawn
        [box] = [
            [float(v) / (72 / 25.4) for v in element.A.BBox]
            for element in struct_elements(pdf.Root.StructTreeRoot)
            if element.get("/S") == "/Figure" and str(element.Alt) == alt
        ]
    assert 197 < box[0] < box[2] < 297 and 0 < box[1] < box[3] < 210, box


def test_the_qr_codes_alt_text_does_not_repeat_the_address_printed_after_it(ringed):
    """The QR code's alt text was "QR code for www.example.org/...", and its address, a link,
    followed at once: read twice. The code says what it is; the link says where."""
    path = ringed / "leaflet-dl.pdf"
    [qr] = [alt for alt in figures(path) if alt.startswith("QR code")]
    assert qr == "QR code for the web address that follows"
    assert "example.org" not in qr
    assert "www.example.org/safeguarding/information-sharing" in "".join(
        pypdfium2.PdfDocument(path)[0].get_textpage().get_text_range().split()
    )


def test_a_translation_may_still_fill_the_qr_codes_address():
    """The English leaves {address} out now; a translation made before still has it, and a
    new one may leave it out: both are valid, and one that has it is filled."""
    assert placeholder_problem("qr_alt", "QR code for the web address that follows") is None
    assert placeholder_problem("qr_alt", "Cod QR ar gyfer {address}") is None
    assert "{n}" in placeholder_problem("qr_alt", "Cod QR {n}")
    english = load_content(DEFAULT_CONTENT)
    assert "{" not in english.labels.text("qr_alt", address="www.example.org")
    welsh = load_content(WELSH)
    assert welsh.labels.text("qr_alt", address="www.example.org").endswith("www.example.org")


def leaflet_error(brands: Path, tmp_path: Path) -> str:
    result = build_kit(brands, "northshire", "leaflet", tmp_path / "out", "--no-previews")
    assert result.exit_code == 1, result.output
    [error] = [line for line in result.output.splitlines() if line.startswith("Error:")]
    return error


def test_the_leaflets_back_cover_error_says_how_many_contacts_fit(tmp_path):
    """ "The back cover overflows by 11 mm ...: shorten those" gave no numbers, where the
    posters say what the contacts take. It says how many contacts there are, how many of
    their length fit, and how much to cut; and it is right: that many fit."""
    kit_with_contacts(tmp_path / "brands", EIGHT_LONG_CONTACTS)
    error = leaflet_error(tmp_path / "brands", tmp_path)
    found = re.search(
        r"the back cover overflows by (\d+) mm .*The kit's 8 contacts need (\d+) mm, and it has "
        r"room for (\d) of that length\. To make them fit, give fewer or shorter contacts "
        r"\((\d) fewer, or (\d+) mm shorter in all\)\.$",
        error,
    )
    assert found, error
    over, _, most, fewer, cut = (int(group) for group in found.groups())
    assert over == cut and most + fewer == 8 and 0 < most < 8
    assert "review note" not in error, "the kit has none"
    shutil.rmtree(tmp_path / "brands")
    kit_with_contacts(tmp_path / "brands", EIGHT_LONG_CONTACTS[:most])
    result = build_kit(tmp_path / "brands", "northshire", "leaflet", tmp_path / "fits")
    assert result.exit_code == 0, result.output
    shutil.rmtree(tmp_path / "brands")
    kit_with_contacts(tmp_path / "brands", EIGHT_LONG_CONTACTS[: most + 1])
    assert "room for" in leaflet_error(tmp_path / "brands", tmp_path)


# Eight contacts, each with its hours and days: the header and foot of a poster take more
# than they usually do.
VERY_LONG_CONTACTS = tuple(
    (
        f"Worried about a child in area {n}? Children's Services front door, weekdays 9 to 5, "
        "and the out of hours emergency duty team at weekends and on bank holidays",
        f"0300 123 100{n}",
    )
    for n in range(8)
)


def test_a_page_too_full_of_the_kits_contacts_names_only_what_the_kit_can_change(tmp_path):
    """Eight long contacts left the single-myth posters short, and the error said to shorten
    "the title", the national guide's, which a partnership cannot change. It names the
    contacts, and the kit's own name and review note, and the leaflet's the review note."""
    brands = tmp_path / "brands"
    kit = copy_example(brands, "northshire") / "_brand.yml"
    lines = "".join(
        f'      - label: "{label}"\n        value: "{value}"\n'
        for label, value in VERY_LONG_CONTACTS
    )
    text = re.sub(r"    contacts:\n(?:      .*\n)+", "    contacts:\n" + lines, kit.read_text())
    kit.write_text(text)
    options = ("--format", "myth-posters", "--format", "leaflet", "--no-previews")
    result = build_kit(brands, "northshire", "poster", tmp_path / "out", *options)
    assert result.exit_code == 1, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    posters = [line for line in errors if "poster-a3" in line]
    assert any("poster-a3-" in line for line in posters), errors
    for error in posters:
        assert "more than usual, and the kit's 8 contacts take" in error, error
        assert "give fewer or shorter contacts, or shorten the kit's name or review note" in error
        assert "title" not in error and "the text" not in error, error
    [leaflet] = [line for line in errors if "leaflet-dl.pdf" in line]
    assert leaflet.endswith(", or shorten the review note."), leaflet


def white_logo() -> Image.Image:
    image = Image.new("RGBA", (600, 600), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((50, 50, 550, 550), fill=(255, 255, 255, 255))
    draw.rectangle((250, 250, 350, 350), fill=(245, 245, 245, 255))
    return image


def check(brands: Path, slug: str) -> subprocess.CompletedProcess:
    command = [sys.executable, str(PROJECT_ROOT / "generate.py"), "check"]
    arguments = ["--brands-dir", str(brands), "--brand", slug]
    return subprocess.run(
        command + arguments, capture_output=True, text=True, cwd=PROJECT_ROOT, check=False
    )


def test_a_white_logo_on_a_see_through_background_is_warned_of_at_its_path(tmp_path):
    """A white logo made for dark backgrounds printed as an empty box on white paper, with no
    word said. `check` warns of it, at the line that names the file."""
    folder = copy_example(tmp_path / "brands", "white", white_logo())
    result = check(tmp_path / "brands", "white")
    assert result.returncode == 0, result.stderr
    line = (folder / "_brand.yml").read_text().splitlines().index("      path: logo.png") + 1
    [warning] = [text for text in result.stderr.splitlines() if "empty space" in text]
    assert warning.startswith(f"Warning: {folder / '_brand.yml'}:{line}:"), warning
    assert "logo.png is nearly all as light as the paper it prints on (#ffffff)" in warning
    assert "use a version of the logo made for light backgrounds" in warning


def test_a_logo_in_colour_on_a_see_through_background_is_not_warned_of(tmp_path):
    copy_example(tmp_path / "brands", "ringed", rings())
    result = check(tmp_path / "brands", "ringed")
    assert result.returncode == 0, result.stderr
    assert "empty space" not in result.stderr + result.stdout


def rightmost_letter_mm(path: Path) -> float:
    """How far from the left edge of the first page its rightmost letter ends, in mm."""
    page = pypdfium2.PdfDocument(path)[0]
    text = page.get_textpage()
    rights = [text.get_charbox(index)[2] for index in range(text.count_chars())]
    return max(rights) / (72 / 25.4)


LONG_NAME = "Supercalifragilisticexpialidociousshirepartnershipforsafeguardingchildren"


@pytest.mark.parametrize(
    ("name", "margin_mm"), [("leaflet-dl.pdf", 10), ("poster-a3-consent.pdf", 16)]
)
def test_a_one_word_name_wider_than_its_line_wraps_inside_the_page(tmp_path, name, margin_mm):
    """A long one-word name was cut at the edge of the leaflet's cover band, and ran off the
    single-myth poster: its table cell was as wide as the word. It wraps now, inside the
    page's (or the cover panel's) margin."""
    brands = tmp_path / "brands"
    kit = copy_example(brands, "long") / "_brand.yml"
    kit.write_text(kit.read_text().replace(f"full: {NAME}", f"full: {LONG_NAME}"))
    result = build_kit(brands, "long", "leaflet", tmp_path / "out", "--format", "myth-posters")
    assert result.exit_code == 0, result.output
    path = tmp_path / "out" / "long" / name
    assert squash(LONG_NAME) in squash(pdf_text(path))
    assert rightmost_letter_mm(path) <= 297 - margin_mm + 0.5
