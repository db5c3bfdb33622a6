"""Logos for Word: raster files as they are, SVG rasterised at print resolution."""

import io

import pypdfium2

from ..inputs.brand import Logo
from ..pdf.render import Renderer

RASTER_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".bmp")
PRINT_PPI = 300
PT_PER_PX = 0.75
MM_PER_PX = 25.4 / 96
# Lay the logo out on a page far wider than any logo, to learn its width at its height.
MEASURING_WIDTH_MM = 1000


def logo_for_word(renderer: Renderer, logo: Logo, height_mm: float) -> bytes:
    """The logo as image bytes Word can show: raster as given, SVG drawn at 300 ppi.

    An SVG is drawn once a process for its bytes and height: kits that share a logo
    (a batch of one county's districts, say) share the drawing.
    """
    if logo.path.suffix.lower() in RASTER_SUFFIXES:
        return _as_word_reads(logo.path.read_bytes())
    from ..batch.fingerprint import file_digest

    key = (file_digest(logo.path), height_mm)
    drawn = renderer.workshop.word_logos
    if key not in drawn:
        drawn[key] = _rasterised(renderer, logo, height_mm)
    return drawn[key]


def _as_word_reads(data: bytes) -> bytes:
    """A raster logo as it is, or as an RGB PNG if python-docx cannot read it: a CMYK JPEG
    from a print designer, with Adobe's marker and neither JFIF's nor Exif's."""
    from docx.image.exceptions import UnrecognizedImageError
    from docx.image.image import Image as WordImage
    from PIL import Image

    try:
        WordImage.from_blob(data)
        return data
    except UnrecognizedImageError:
        pass
    with Image.open(io.BytesIO(data)) as image:
        dpi = image.info.get("dpi")
        converted = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    buffer = io.BytesIO()
    converted.save(buffer, format="PNG", **({"dpi": dpi} if dpi else {}))
    return buffer.getvalue()


def _rasterised(renderer: Renderer, logo: Logo, height_mm: float) -> bytes:
    width_mm = _width_at(renderer, logo, height_mm)
    document = renderer.layout(_page(renderer, logo, width_mm, height_mm))
    pdf = pypdfium2.PdfDocument(renderer.pdf(document, key=str(logo.path)))
    try:
        image = pdf[0].render(scale=PRINT_PPI / 72, fill_color=(255, 255, 255, 0)).to_pil()
    finally:
        pdf.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(PRINT_PPI, PRINT_PPI), optimize=True)
    return buffer.getvalue()


def _width_at(renderer: Renderer, logo: Logo, height_mm: float) -> float:
    document = renderer.layout(_page(renderer, logo, MEASURING_WIDTH_MM, height_mm))
    image = next(
        box
        for box in _boxes(document.pages[0]._page_box)
        if getattr(box, "element_tag", None) == "img"
    )
    return round(image.width * MM_PER_PX, 2)


def _page(renderer: Renderer, logo: Logo, width_mm: float, height_mm: float) -> str:
    return renderer.env.get_template("logo-raster.html.j2").render(
        content=renderer.content, logo=logo, width_mm=width_mm, height_mm=height_mm
    )


def _boxes(box):
    for child in getattr(box, "children", ()):
        yield child
        yield from _boxes(child)
