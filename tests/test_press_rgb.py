"""A CMYK press file holds no RGB: logos coloured by style sheets or embedding images, the
last look at the finished file, text and QR codes in few inks, and a broken shop profile."""

import base64
import io
import os
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from pikepdf import PdfImage

from mythprint.inputs.colors import Rgb
from mythprint.paths import PROJECT_ROOT
from mythprint.pdf.profiles import to_cmyk

from .conftest import run_cli
from .test_press import CMYK_ICC, cmyk_paints, images_in

pytestmark = pytest.mark.skipif(
    not CMYK_ICC.is_file(), reason="needs Debian's libgs-common (.ci/run installs it)"
)


KIT = "example-partnership"


PRIMARY, SECONDARY = (1.0, 0.45, 0.2, 0.35), (0.15, 0.9, 0.3, 0.05)


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
    result = run(
        "build", "--for", "press", "--brands-dir", "brands", "--brand", KIT,
        "--format", "poster", "--icc", str(CMYK_ICC), "--out", "out", cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert errors == [
        f"Error: brands/{KIT}/logo.svg: the logo embeds an image with see-through parts drawn "
        "over its other shapes, which a CMYK press file cannot keep: export the logo as one "
        "PNG of 300 ppi, or give the image a solid background"
    ]
    assert "Traceback" not in result.stderr
    assert not list((tmp_path / "out").rglob("*.pdf"))


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
