"""QR codes in the document's own ink: one pixel a module for office files, vector SVG (in
CMYK) for press files."""

import base64
import io
from functools import lru_cache

import segno

# Four modules of quiet zone, as the QR standard asks, so scanners find the code.
QUIET_ZONE_MODULES = 4
# The smallest a code prints (the leaflet's), and the smallest module phones read well.
SMALLEST_PRINTED_MM = 22
SMALLEST_MODULE_MM = 0.35


def module_mm(url: str) -> float | None:
    """How wide each square of `url`'s code prints where the code is smallest; None if the
    address is too long for any QR code."""
    try:
        code = _code(url)
    except segno.DataOverflowError:
        return None
    return SMALLEST_PRINTED_MM / code.symbol_size(border=QUIET_ZONE_MODULES)[0]


@lru_cache(maxsize=256)
def _code(url: str) -> segno.QRCode:
    """`url`'s code, made once a process: checking a kit and drawing its code share it."""
    return segno.make(url, error="m")


def qr_data_uri(url: str, ink: str) -> str:
    """An SVG data URI for `url`, drawn in the CSS colour `ink` on a transparent ground."""
    code = _code(url)
    buffer = io.BytesIO()
    code.save(
        buffer,
        kind="svg",
        dark="#000",
        light=None,
        border=QUIET_ZONE_MODULES,
        xmldecl=False,
        svgclass=None,
        lineclass=None,
    )
    size = code.symbol_size(border=QUIET_ZONE_MODULES)[0]
    # segno only knows RGB; WeasyPrint reads device-cmyk() inside SVG, so swap the ink in.
    # The code is drawn with strokes; an unset fill would still be set, as RGB black.
    # A viewBox lets the code scale to whatever size the page gives it.
    svg = (
        buffer.getvalue()
        .decode("utf-8")
        .replace('stroke="#000"', f'fill="none" stroke="{ink}"')
        .replace(
            f'width="{size}" height="{size}"',
            f'viewBox="0 0 {size} {size}" shape-rendering="crispEdges"',
            1,
        )
    )
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def qr_png_data_uri(url: str, ink: str, paper: str) -> str:
    """A PNG data URI for `url`, one pixel a module, in `ink` on `paper` (#rrggbb each).

    Drawn with `image-rendering: pixelated`, its modules print as sharp as vectors, and a
    PDF draws one image instead of hundreds of path segments: an office poster is made
    about a tenth faster. Press files keep the SVG, whose ink can be CMYK.
    """
    code = _code(url)
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=1, border=QUIET_ZONE_MODULES, dark=ink, light=paper)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
