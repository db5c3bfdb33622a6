"""A CMYK press file holds no RGB: logos coloured by style sheets or embedding images, the
last look at the finished file, text and QR codes in few inks, and a broken shop profile."""

import base64
import io
import os
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pikepdf
import pytest
from pikepdf import PdfImage

from mythprint.inputs.brand import load_brand
from mythprint.inputs.colors import Rgb
from mythprint.paths import PROJECT_ROOT
from mythprint.pdf.presscolour import rgb_colours
from mythprint.pdf.presslogo import logo_in_cmyk
from mythprint.pdf.profiles import to_cmyk

from .conftest import run_cli
from .test_press import CMYK_ICC, cmyk_paints, images_in

pytestmark = pytest.mark.skipif(
    not CMYK_ICC.is_file(), reason="needs Debian's libgs-common (.ci/run installs it)"
)
KIT = "example-partnership"
# The example kit's own CMYK values for its two brand colours, #0b4f6c and #b8336a.
PRIMARY, SECONDARY = (1.0, 0.45, 0.2, 0.35), (0.15, 0.9, 0.3, 0.05)
# What Illustrator writes by default: the colours in a <style> sheet, named by class.
STYLED_LOGO = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 100" width="120"
 height="100"><defs><style>/* Generator: Adobe Illustrator */ .cls-1{fill:#0b4f6c;}
 .cls-2{fill:none;stroke:#b8336a !important;stroke-width:10px;}</style></defs>
<rect class="cls-1" x="5" y="5" width="50" height="90"/>
<circle class="cls-2" cx="85" cy="50" r="25"/>
<rect x="60" y="80" width="10" height="10" style="fill: #b8336a"/></svg>"""


def png_uri(colour: tuple, see_through: bool = False) -> str:
    from PIL import Image

    image = Image.new("RGBA", (600, 500), (*colour, 255))
    if see_through:
        image.paste((0, 0, 0, 0), (300, 0, 600, 500))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def image_logo(uri: str, before: str = "") -> str:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'viewBox="0 0 120 100" width="120" height="100">{before}'
        f'<image x="0" y="0" width="120" height="100" xlink:href="{uri}"/></svg>'
    )


def with_logo(brands: Path, svg: str) -> Path:
    logo = brands / KIT / "logo.svg"
    logo.write_text(svg, encoding="utf-8")
    return logo


def press_poster(brands: Path, out: Path, icc: Path = CMYK_ICC):
    return run_cli(
        "build", "--for", "press", "--brands-dir", str(brands), "--brand", KIT,
        "--format", "poster", "--icc", str(icc), "--out", str(out),
    )  # fmt: skip


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """The real process, as a script sees it: its exit code and its two streams."""
    return subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "generate.py"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )


def failed_press_build(folder: Path) -> tuple[subprocess.CompletedProcess, list[str]]:
    """A CMYK press build of the kit in `folder`/brands, as a real process, that must fail:
    the process, and its Error lines."""
    result = run(
        "build", "--for", "press", "--brands-dir", "brands", "--brand", KIT,
        "--format", "poster", "--icc", str(CMYK_ICC), "--out", "out", cwd=folder,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    return result, [line for line in result.stderr.splitlines() if line.startswith("Error:")]


def rgb_operators(stream) -> list[str]:
    """rg and RG in a page's content and every form it draws, at any depth: what a
    preflight sees, independently of mythprint's own search."""
    found = [
        str(operator)
        for _operands, operator in pikepdf.parse_content_stream(stream)
        if str(operator) in ("rg", "RG")
    ]
    resources = stream.Resources if isinstance(stream, pikepdf.Page) else stream.get("/Resources")
    for xobject in (resources or {}).get("/XObject", {}).values():
        if xobject.get("/Subtype") == "/Form":
            found += rgb_operators(xobject)
    return found


def test_a_logo_coloured_by_a_style_sheet_prints_in_the_kits_cmyk(brands_copy, tmp_path):
    """Illustrator's SVG colours its shapes in a <style> sheet: the press file drew them in
    RGB (rg and RG) under a PDF/X-4 CMYK label. They take the kit's own values now, in the
    sheet (!important too) as in a style attribute."""
    with_logo(brands_copy, STYLED_LOGO)
    result = press_poster(brands_copy, tmp_path)
    assert result.exit_code == 0, result.output
    with pikepdf.open(tmp_path / KIT / "press" / "poster-a3.pdf") as pdf:
        assert rgb_operators(pdf.pages[0]) == []
        paints = cmyk_paints(pdf.pages[0])
    assert PRIMARY in paints["scn"]  # .cls-1's fill, and the band
    assert SECONDARY in paints["SCN"]  # .cls-2's stroke: only the logo draws a circle in it
    assert SECONDARY in paints["scn"]  # the style attribute's fill, and the Myth label


def test_a_style_sheet_with_at_rules_and_slips_prints_in_cmyk_never_a_crash(brands_copy, tmp_path):
    """A sheet with a @page (declarations inside), a @media (rules inside) and a
    declaration a browser would skip: the press file is made, its colours in CMYK. (Reading
    the @page as rules crashed the build: "mythprint failed unexpectedly".)"""
    sheet = "@page{margin:0} .cls-1{fill:#0b4f6c; 12px;} @media print{.cls-2{fill:#b8336a}} }"
    logo = STYLED_LOGO.replace(
        STYLED_LOGO[STYLED_LOGO.index("/* Gen") : STYLED_LOGO.index("</style>")], sheet
    )
    logo = logo.replace('style="fill: #b8336a"', 'class="cls-2"')
    with_logo(brands_copy, logo)
    result = press_poster(brands_copy, tmp_path)
    assert result.exit_code == 0, result.output
    with pikepdf.open(tmp_path / KIT / "press" / "poster-a3.pdf") as pdf:
        assert rgb_operators(pdf.pages[0]) == []
        paints = cmyk_paints(pdf.pages[0])
    assert PRIMARY in paints["scn"] and SECONDARY in paints["scn"]


def test_an_image_embedded_in_an_svg_logo_prints_in_cmyk(brands_copy, tmp_path):
    """An SVG logo that wraps a PNG went to press as a DeviceRGB image. The image is now
    the profile's CMYK conversion of it, as a raster logo's is."""
    with_logo(brands_copy, image_logo(png_uri((11, 79, 108))))
    result = press_poster(brands_copy, tmp_path)
    assert result.exit_code == 0, result.output
    path = tmp_path / KIT / "press" / "poster-a3.pdf"
    [expected] = to_cmyk([Rgb.parse("#0b4f6c")], CMYK_ICC)
    with pikepdf.open(path) as pdf:
        images = images_in(pdf.pages[0].Resources)
        assert images and all(str(image.ColorSpace) == "/DeviceCMYK" for image in images)
        [logo] = [image for image in images if int(image.Width) == 600]
        pixel = PdfImage(logo).as_pil_image().convert("CMYK").getpixel((300, 250))
        assert [channel / 255 for channel in pixel] == pytest.approx(expected, abs=0.02)


def test_a_see_through_image_alone_in_a_logo_is_flattened_onto_the_paper(brands_copy, tmp_path):
    """As a raster logo is: what is clear shows the paper, the only thing beneath it."""
    with_logo(brands_copy, image_logo(png_uri((11, 79, 108), see_through=True)))
    result = press_poster(brands_copy, tmp_path)
    assert result.exit_code == 0, result.output
    with pikepdf.open(tmp_path / KIT / "press" / "poster-a3.pdf") as pdf:
        [logo] = [i for i in images_in(pdf.pages[0].Resources) if int(i.Width) == 600]
        assert str(logo.ColorSpace) == "/DeviceCMYK"
        clear = PdfImage(logo).as_pil_image().convert("CMYK").getpixel((450, 250))
        assert max(clear) <= 3  # white paper: no ink


def test_a_see_through_image_over_the_logos_shapes_stops_the_kit_naming_the_logo(
    brands_copy, tmp_path
):
    """Flattened onto the paper, the image would hide the shapes beneath it: the kit stops,
    with one Error naming the logo and what to do, and no file written."""
    svg = image_logo(png_uri((11, 79, 108), see_through=True), '<rect width="9" height="9"/>')
    with_logo(brands_copy, svg)
    result, errors = failed_press_build(tmp_path)
    assert errors == [
        f"Error: brands/{KIT}/logo.svg: the logo embeds an image with see-through parts drawn "
        "over its other shapes, which a CMYK press file cannot keep: export the logo as one "
        "PNG of 300 ppi, or give the image a solid background"
    ]
    assert not list((tmp_path / "out").rglob("*.pdf"))


def test_an_image_given_by_href_and_xlink_href_prints_in_cmyk(brands_copy, tmp_path):
    """SVG 2's href, which a browser reads first, beside SVG 1.1's xlink:href: only the
    latter was converted (WeasyPrint reads it first, but a viewer of the logo might not)."""
    uri = png_uri((11, 79, 108))
    with_logo(brands_copy, image_logo(uri).replace("<image ", f'<image href="{uri}" '))
    logo = load_brand(brands_copy, KIT).logo
    svg = ElementTree.fromstring(logo_in_cmyk(logo, CMYK_ICC, "#ffffff"))
    [image] = svg.iter("{http://www.w3.org/2000/svg}image")
    for name in ("href", "{http://www.w3.org/1999/xlink}href"):
        assert image.get(name).startswith("data:image/jpeg;base64,"), name
    result = press_poster(brands_copy, tmp_path)
    assert result.exit_code == 0, result.output
    with pikepdf.open(tmp_path / KIT / "press" / "poster-a3.pdf") as pdf:
        assert rgb_colours(pdf) == []
        [logo] = [i for i in images_in(pdf.pages[0].Resources) if int(i.Width) == 600]
        assert str(logo.ColorSpace) == "/DeviceCMYK"


def huge_png_uri() -> str:
    """A one-bit PNG of 20,000 × 20,000 pixels: 65 KB, and 400 million pixels decoded."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def big_png_uri() -> str:
    """A one-bit PNG of 8,000 × 6,000 pixels: under Pillow's limit, over a logo's."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("1", (8_000, 6_000)).save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


EMBEDDED_SLIPS = {
    "not base64": (lambda: "data:image/png;base64,abc", "cannot be read"),
    "an SVG cut short": (
        lambda: "data:image/svg+xml;base64," + base64.b64encode(b"<svg").decode("ascii"),
        "cannot be read",
    ),
    "an SVG declaring entities": (
        lambda: (
            "data:image/svg+xml;base64,"
            + base64.b64encode(b'<!DOCTYPE s [<!ENTITY a "b">]><svg/>').decode("ascii")
        ),
        "cannot be read",
    ),
    "too many pixels": (big_png_uri, "8000×6000 pixels, too large to be part of a logo"),
    "a decompression bomb": (huge_png_uri, "pixels, too large to be part of a logo"),
}


@pytest.mark.parametrize("slip", EMBEDDED_SLIPS, ids=list(EMBEDDED_SLIPS))
def test_an_unreadable_or_huge_image_in_a_logo_stops_the_kit_naming_the_logo(
    brands_copy, tmp_path, slip
):
    """A press build of a logo embedding an image that is not what it says (bad base64, an
    SVG cut short or declaring entities) or that would decode to 400 million pixels said
    "mythprint failed unexpectedly" (binascii.Error, ParseError, DecompressionBombError):
    the kit stops with one Error naming the logo, as an office build's check would."""
    href, words = EMBEDDED_SLIPS[slip]
    with_logo(brands_copy, image_logo(href()))
    result, errors = failed_press_build(tmp_path)
    assert len(errors) == 1 and errors[0].startswith(f"Error: brands/{KIT}/logo.svg: "), errors
    assert words in errors[0] and "unexpectedly" not in result.stderr


def test_rgb_left_in_a_press_file_stops_it_naming_the_logo_that_brought_it(brands_copy, tmp_path):
    """The last look at every CMYK press file: a see-through colour, which no CMYK value
    can stand for, is left RGB in the logo, and the file would go to the shop labelled
    CMYK. It is not written; the error names the logo and says what to do."""
    with_logo(
        brands_copy,
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" width="10" height="10">'
        '<rect width="10" height="10" fill="rgba(11, 79, 108, 0.5)"/></svg>',
    )
    result, errors = failed_press_build(tmp_path)
    assert errors == [
        f"Error: {KIT}/press/poster-a3.pdf: the logo brands/{KIT}/logo.svg would print a "
        "colour set in RGB on page 1, where a CMYK press file (PDF/X-4) must hold no RGB, so "
        'the file is not written: export the logo again with plain opaque colours (fill="'
        '#0b4f6c", say) and its images embedded, or use a PNG logo, which mythprint converts '
        "to CMYK"
    ]
    assert not list((tmp_path / "out").rglob("*.pdf"))


def pdf_with(page_content: bytes, resources: dict | None = None) -> pikepdf.Pdf:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    page = pdf.pages[0]
    page.obj.Contents = pdf.make_stream(page_content)
    page.obj.Resources = pikepdf.Dictionary(resources or {})
    return pdf


def form(pdf: pikepdf.Pdf, content: bytes, **extra) -> pikepdf.Stream:
    stream = pdf.make_stream(content)
    stream.Type, stream.Subtype = pikepdf.Name.XObject, pikepdf.Name.Form
    stream.BBox = [0, 0, 10, 10]
    for key, value in extra.items():
        stream[f"/{key}"] = value
    return stream


def icc_based(pdf: pikepdf.Pdf, channels: int) -> pikepdf.Array:
    return pikepdf.Array([pikepdf.Name.ICCBased, pdf.make_stream(b"", N=channels)])


@pytest.mark.parametrize(
    ("case", "rgb"),
    [
        ("cmyk only", False),
        ("rg in the page", True),
        ("RG in a form in a form", True),
        ("DeviceRGB cs", True),
        ("ICCBased N=3 image", True),
        ("ICCBased N=4 image", False),
        ("RGB transparency group", True),
        ("RGB shading in a pattern", True),
        ("RGB soft mask group", True),
        ("RGB inline image", True),
        ("Separation with RGB alternate", True),
        ("uncoloured pattern over RGB", True),
        ("rg in a Type 3 glyph", True),
        ("k in a Type 3 glyph", False),
    ],
)
def test_the_last_look_finds_rgb_wherever_a_page_can_paint_with_it(case, rgb):
    """Each place a PDF can carry colour: a preflight would find RGB in any of them."""
    pdf = pdf_with(b"q 0 0 0 1 k 0 0 10 10 re f Q")
    page = pdf.pages[0].obj
    draw = b"q /X0 Do Q"
    if case == "rg in the page":
        page.Contents = pdf.make_stream(b"0.1 0.2 0.3 rg 0 0 1 1 re f")
    elif case == "RG in a form in a form":
        inner = form(pdf, b"0.1 0.2 0.3 RG 0 0 m 1 1 l S")
        outer = form(pdf, b"/X1 Do", Resources=pikepdf.Dictionary(XObject={"/X1": inner}))
        page.Contents = pdf.make_stream(draw)
        page.Resources.XObject = pikepdf.Dictionary({"/X0": outer})
    elif case == "DeviceRGB cs":
        page.Contents = pdf.make_stream(b"/DeviceRGB cs 0.1 0.2 0.3 sc 0 0 1 1 re f")
    elif case.startswith("ICCBased"):
        image = pdf.make_stream(b"\0" * (3 if "N=3" in case else 4))
        image.Type, image.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
        image.Width = image.Height = 1
        image.BitsPerComponent = 8
        image.ColorSpace = icc_based(pdf, 3 if "N=3" in case else 4)
        page.Contents = pdf.make_stream(draw)
        page.Resources.XObject = pikepdf.Dictionary({"/X0": image})
    elif case == "RGB transparency group":
        group = pikepdf.Dictionary(S=pikepdf.Name.Transparency, CS=pikepdf.Name.DeviceRGB)
        page.Contents = pdf.make_stream(draw)
        page.Resources.XObject = pikepdf.Dictionary({"/X0": form(pdf, b"", Group=group)})
    elif case == "RGB shading in a pattern":
        shading = pikepdf.Dictionary(
            ShadingType=2, ColorSpace=icc_based(pdf, 3), Coords=[0, 0, 1, 0], Function=0
        )
        pattern = pikepdf.Dictionary(PatternType=2, Shading=shading)
        page.Resources.Pattern = pikepdf.Dictionary({"/P0": pattern})
    elif case == "RGB soft mask group":
        group = pikepdf.Dictionary(S=pikepdf.Name.Transparency, CS=pikepdf.Name.DeviceRGB)
        mask = pikepdf.Dictionary(S=pikepdf.Name.Luminosity, G=form(pdf, b"", Group=group))
        page.Resources.ExtGState = pikepdf.Dictionary({"/G0": pikepdf.Dictionary(SMask=mask)})
    elif case == "RGB inline image":
        page.Contents = pdf.make_stream(b"q BI /W 1 /H 1 /BPC 8 /CS /RGB ID \x10\x20\x30 EI Q")
    elif case == "Separation with RGB alternate":
        space = pikepdf.Array(
            [pikepdf.Name.Separation, pikepdf.Name.Spot, pikepdf.Name.DeviceRGB, 0]
        )
        page.Resources.ColorSpace = pikepdf.Dictionary({"/CS0": space})
    elif case == "uncoloured pattern over RGB":
        space = pikepdf.Array([pikepdf.Name.Pattern, pikepdf.Name.DeviceRGB])
        page.Resources.ColorSpace = pikepdf.Dictionary({"/CS0": space})
    elif "Type 3 glyph" in case:  # as WeasyPrint writes a bitmap or colour font
        glyph = pdf.make_stream(b"0.1 0.2 0.3 rg" if "rg" in case else b"0 0 0 1 k")
        font = pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type3,
            CharProcs=pikepdf.Dictionary({"/g1": glyph}),
            Resources=pikepdf.Dictionary(),
        )
        page.Resources.Font = pikepdf.Dictionary({"/F0": pdf.make_indirect(font)})
    assert bool(rgb_colours(pdf)) is rgb


NAVY = "#1f2a44"


def navy_kit(brands: Path) -> Path:
    """The example kit with a dark navy body text and no CMYK value for it."""
    kit = brands / KIT / "_brand.yml"
    text = kit.read_text().replace('ink: "#1b1b1b"', f'ink: "{NAVY}"')
    kit.write_text(text.replace("      foreground: [0, 0, 0, 100]\n", ""))
    return kit


def test_body_text_converted_to_four_inks_is_warned_of_at_its_colour(brands_copy, tmp_path):
    """A dark navy, too blue for black ink alone, prints 12 pt body text in four inks,
    which misregistration blurs. The build says so at color.foreground, with the mix and
    a value in one ink to give."""
    kit = navy_kit(brands_copy)
    line = kit.read_text().splitlines().index("  foreground: ink       # body text") + 1
    result = press_poster(brands_copy, tmp_path)
    assert result.exit_code == 0, result.output
    [inks] = to_cmyk([Rgb.parse(NAVY)], CMYK_ICC)
    mix = " ".join(f"{ink}{round(value * 100)}" for ink, value in zip("CMYK", inks, strict=True))
    total = round(sum(inks) * 100)
    said = [line for line in result.output.splitlines() if "prints the body text in" in line]
    assert said == [
        f"Warning: {kit}:{line}:3: color.foreground ({NAVY}) prints the body text in four "
        f"inks with default_cmyk.icc ({mix}, {total}%), and small text in more than one ink "
        "blurs wherever the press's plates are a hair out of register: give it values in "
        "one ink, such as black alone (defaults.mythprint.cmyk.foreground: [0, 0, 0, 100]), "
        "or ask your print shop for one"
    ]


@pytest.mark.parametrize("change", ["soft black", "kit's own value"])
def test_body_text_in_one_ink_or_in_the_kits_own_values_is_not_warned_of(
    brands_copy, tmp_path, change
):
    kit = navy_kit(brands_copy)
    if change == "soft black":
        kit.write_text(kit.read_text().replace(NAVY, "#212529"))
    else:
        text = kit.read_text()
        kit.write_text(
            text.replace("    cmyk:\n", "    cmyk:\n      foreground: [90, 80, 45, 50]\n")
        )
    result = press_poster(brands_copy, tmp_path)
    assert result.exit_code == 0, result.output
    assert "prints the body text in" not in result.output


def test_the_qr_code_prints_in_black_ink_alone_in_a_cmyk_press_file(brands_copy, tmp_path):
    """The code is read by a phone, by the edges of its squares: in the text's four-ink
    navy, plates a hair out of register blur them. It prints in solid black; the text
    keeps its colour. Nothing else in the file is stroked in black: without the change,
    no stroke was."""
    navy_kit(brands_copy)
    result = press_poster(brands_copy, tmp_path)
    assert result.exit_code == 0, result.output
    [navy] = to_cmyk([Rgb.parse(NAVY)], CMYK_ICC)
    navy = tuple(round(value, 2) for value in navy)
    with pikepdf.open(tmp_path / KIT / "press" / "poster-a3.pdf") as pdf:
        paints = cmyk_paints(pdf.pages[0])
    assert navy in paints["scn"]  # the body text
    assert (0.0, 0.0, 0.0, 1.0) in paints["SCN"]  # the code's squares are strokes


def test_a_damaged_profile_is_refused_before_anything_is_built(tmp_path):
    """A profile cut short reads as one, then converts nothing: every kit failed
    "unexpectedly" while being made. One Error names the file now, before any is made."""
    cut = tmp_path / "shop.icc"
    cut.write_bytes(CMYK_ICC.read_bytes()[:5000])
    result = run(
        "build", "--for", "press", "--icc", str(cut), "--brand", "all",
        "--out", str(tmp_path / "out"), cwd=PROJECT_ROOT,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines() == [
        f"Error: {cut}: this ICC profile cannot convert colours; the file may be damaged or "
        "cut short: ask the print shop to send its CMYK profile again"
    ]
    assert not (tmp_path / "out").exists()
