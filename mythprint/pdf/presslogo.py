"""A kit's logo in the press file's CMYK: PDF/X-4 files carry no RGB colour."""

import contextlib
import io
import re
from pathlib import Path
from xml.etree import ElementTree

from PIL import Image

from ..inputs.brand import Logo
from ..inputs.colors import Rgb
from .profiles import cmyk_transform, device_cmyk, to_cmyk, transformed

SVG_NS = "http://www.w3.org/2000/svg"
COLOUR_PROPERTIES = ("fill", "stroke", "stop-color", "flood-color", "lighting-color", "color")
STYLE_DECLARATION = re.compile(r"(?P<name>[\w-]+)\s*:\s*(?P<value>[^;]+)")
JPEG_QUALITY = 95


def logo_in_cmyk(logo: Logo, icc: Path, paper: str, exact: dict[Rgb, tuple] | None = None) -> bytes:
    """The logo's bytes with every colour converted with the shop's profile; in a vector
    logo, a colour the kit gives `exact` CMYK values for (its brand colours) takes those,
    so that one brand colour prints as one ink mix on the sheet, in the logo as in the band."""
    if logo.is_vector:
        return _svg_in_cmyk(logo.path.read_bytes(), icc, exact or {})
    return _raster_in_cmyk(logo.path, icc, paper)


def _svg_in_cmyk(data: bytes, icc: Path, exact: dict[Rgb, tuple]) -> bytes:
    """Rewrite each colour in the SVG as device-cmyk(), which WeasyPrint writes as CMYK."""
    ElementTree.register_namespace("", SVG_NS)
    ElementTree.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    root = ElementTree.fromstring(data)
    found: dict[str, Rgb] = {}
    for element in root.iter():
        for name in COLOUR_PROPERTIES:
            _collect(element.get(name), found)
        for match in STYLE_DECLARATION.finditer(element.get("style", "")):
            if match["name"] in COLOUR_PROPERTIES:
                _collect(match["value"], found)
    values = list(found)
    converted = to_cmyk([found[v] for v in values], icc)
    css = {
        value: device_cmyk(exact.get(found[value], cmyk))
        for value, cmyk in zip(values, converted, strict=True)
    }
    for element in root.iter():
        for name in COLOUR_PROPERTIES:
            if element.get(name, "").strip() in css:
                element.set(name, css[element.get(name).strip()])
        if "style" in element.attrib:
            element.set(
                "style",
                STYLE_DECLARATION.sub(
                    lambda m: (
                        f"{m['name']}: {css.get(m['value'].strip(), m['value'])}"
                        if m["name"] in COLOUR_PROPERTIES
                        else m[0]
                    ),
                    element.get("style"),
                ),
            )
    # Shapes with no fill are painted black by default: make that black ink.
    root.set("fill", root.get("fill", device_cmyk((0, 0, 0, 1))))
    return ElementTree.tostring(root, encoding="utf-8")


def _collect(value: str | None, found: dict[str, Rgb]) -> None:
    if not value or value.strip() in ("none", "currentColor", "inherit", "transparent"):
        return
    with contextlib.suppress(ValueError):  # not a colour: a gradient's url(#id), say
        found[value.strip()] = Rgb.parse(value)


def _raster_in_cmyk(path: Path, icc: Path, paper: str) -> bytes:
    """A CMYK JPEG, flattened onto the paper colour, since CMYK JPEG carries no alpha."""
    with Image.open(path) as image:
        image.load()
        flat = Image.new(
            "RGB", image.size, tuple(round(c * 255) for c in Rgb.parse(paper).channels)
        )
        flat.paste(image.convert("RGBA"), mask=image.convert("RGBA").getchannel("A"))
    cmyk = transformed(flat, cmyk_transform(icc))
    buffer = io.BytesIO()
    cmyk.save(buffer, format="JPEG", quality=JPEG_QUALITY, dpi=image.info.get("dpi", (300, 300)))
    return buffer.getvalue()
