"""A kit's logo in the press file's CMYK: PDF/X-4 files carry no RGB colour."""

import base64
import binascii
import contextlib
import io
import warnings
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote_to_bytes
from xml.etree import ElementTree

import tinycss2
from PIL import Image

from ..errors import BrandError, Problem
from ..inputs.brand import Logo
from ..inputs.colors import Rgb
from ..inputs.logofile import MAX_LOGO_PIXELS
from ..paths import display_path
from .profiles import cmyk_transform, device_cmyk, to_cmyk, transformed

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
COLOUR_PROPERTIES = ("fill", "stroke", "stop-color", "flood-color", "lighting-color", "color")
# What an SVG draws, and the parts of it that are only drawn where something refers to them.
DRAWN = {"rect", "circle", "ellipse", "line", "polyline", "polygon", "path", "text", "use", "image"}
NOT_DRAWN = {"defs", "clipPath", "mask", "pattern", "marker", "symbol", "style", "title"}
JPEG_QUALITY = 95
UNREADABLE_IMAGE = (
    "the logo embeds an image that cannot be read, so it cannot be put in CMYK for a press "
    "file: export the logo again, or use a PNG logo"
)
# At-rules that hold rules, not declarations: their rules' colours are converted too.
GROUPING_RULES = {"media", "supports", "layer", "container", "document"}


def logo_in_cmyk(logo: Logo, icc: Path, paper: str, exact: dict[Rgb, tuple] | None = None) -> bytes:
    """The logo's bytes with every colour converted with the shop's profile; in a vector
    logo, a colour the kit gives `exact` CMYK values for (its brand colours) takes those,
    so that one brand colour prints as one ink mix on the sheet, in the logo as in the band."""
    if logo.is_vector:
        try:
            return _svg_in_cmyk(logo.path.read_bytes(), icc, paper, exact or {})
        except LogoRefused as refused:
            raise BrandError([Problem(display_path(logo.path), None, None, str(refused))]) from None
    return _raster_in_cmyk(logo.path, icc, paper)


class LogoRefused(Exception):
    """Something in a vector logo that cannot be put in CMYK faithfully."""


Convert = Callable[[str], str]


def _svg_in_cmyk(data: bytes, icc: Path, paper: str, exact: dict[Rgb, tuple]) -> bytes:
    """Rewrite each colour in the SVG as device-cmyk(), which WeasyPrint writes as CMYK:
    in presentation attributes, style="" attributes and <style> sheets (where Illustrator
    puts them); and each image it embeds as a CMYK JPEG."""
    ElementTree.register_namespace("", SVG_NS)
    ElementTree.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    root = ElementTree.fromstring(data)
    found: dict[str, Rgb] = {}
    _colours_in(root, lambda value: _collect(value, found))
    values = list(found)
    converted = to_cmyk([found[v] for v in values], icc)
    css = {
        value: device_cmyk(exact.get(found[value], cmyk))
        for value, cmyk in zip(values, converted, strict=True)
    }
    _colours_in(root, lambda value: css.get(value.strip(), value))
    _images_in_cmyk(root, icc, paper, exact)
    # Shapes with no fill are painted black by default: make that black ink.
    root.set("fill", root.get("fill", device_cmyk((0, 0, 0, 1))))
    return ElementTree.tostring(root, encoding="utf-8")


def _colours_in(root: ElementTree.Element, convert: Convert) -> None:
    """Put each colour value of the SVG through `convert`, wherever it is given."""
    for element in root.iter():
        for name in COLOUR_PROPERTIES:
            if element.get(name) is not None:
                element.set(name, convert(element.get(name)))
        if "style" in element.attrib:
            element.set("style", _declarations(element.get("style"), convert))
        if _local(element.tag) == "style" and element.text:
            element.text = _stylesheet(element.text, convert)


def _stylesheet(css: str, convert: Convert) -> str:
    """A <style> sheet with the colour of each declaration put through `convert`."""
    written = []
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True):
        if rule.type == "qualified-rule":
            body = _declarations(tinycss2.serialize(rule.content), convert)
            written.append(f"{tinycss2.serialize(rule.prelude)}{{{body}}}")
        elif rule.type == "at-rule" and rule.content is not None:
            inside = tinycss2.serialize(rule.content)
            if rule.lower_at_keyword in GROUPING_RULES:  # rules inside: @media, say
                body = _stylesheet(inside, convert)
            else:  # declarations inside: @font-face, say
                body = _declarations(inside, convert)
            written.append(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{{body}}}")
        elif rule.type != "error":  # what a browser would skip, left out
            written.append(rule.serialize())
    return "".join(written)


def _declarations(css: str, convert: Convert) -> str:
    """CSS declarations (a style="" attribute, a rule's body), their colours converted."""
    written = []
    for item in tinycss2.parse_blocks_contents(css, skip_comments=True, skip_whitespace=True):
        if item.type == "error":  # what a browser would skip, left out
            continue
        if item.type != "declaration":
            written.append(item.serialize())
            continue
        value = tinycss2.serialize(item.value).strip()
        if item.lower_name in COLOUR_PROPERTIES:
            value = convert(value)
        important = " !important" if item.important else ""
        written.append(f"{item.name}: {value}{important}")
    return "; ".join(written)


def _collect(value: str, found: dict[str, Rgb]) -> str:
    if value.strip() not in ("none", "currentColor", "inherit", "transparent"):
        with contextlib.suppress(ValueError):  # not a colour: a gradient's url(#id), say
            found[value.strip()] = Rgb.parse(value)
    return value


def _images_in_cmyk(root: ElementTree.Element, icc: Path, paper: str, exact: dict) -> None:
    """Each image embedded in the SVG, converted: a raster one as a CMYK JPEG, an SVG one
    as this logo is. A CMYK JPEG has no see-through parts: an image with some is flattened
    onto the paper, which is only what it looked like where nothing is drawn beneath it."""
    first = next(_drawn(root), None)
    for element in [each for each in root.iter() if _local(each.tag) == "image"]:
        # A browser reads href before xlink:href: where both are given, both are converted.
        for attribute in [name for name in ("href", XLINK_HREF) if element.get(name) is not None]:
            element.set(attribute, _image_in_cmyk(element, attribute, first, icc, paper, exact))


def _image_in_cmyk(element, attribute: str, first, icc: Path, paper: str, exact: dict) -> str:
    """The data: address of one image the logo embeds, converted (see _images_in_cmyk)."""
    href = (element.get(attribute) or "").strip()
    if not href.startswith("data:"):
        raise LogoRefused(
            f"the logo draws the image file '{href}', which cannot be put in CMYK for a "
            "press file: export the SVG with its images embedded, or use a PNG logo"
        )
    kind, data = _data_uri(href)
    if kind == "image/svg+xml":
        return _uri("image/svg+xml", _nested_svg_in_cmyk(data, icc, paper, exact))
    with _opened(data) as image:
        if _see_through(image) and element is not first:
            raise LogoRefused(
                "the logo embeds an image with see-through parts drawn over its "
                "other shapes, which a CMYK press file cannot keep: export the logo "
                "as one PNG of 300 ppi, or give the image a solid background"
            )
        return _uri("image/jpeg", _flat_cmyk_jpeg(image, icc, paper, (300, 300)))


def _drawn(element: ElementTree.Element):
    """What the SVG draws, in the order it draws it (the parts it only refers to left out)."""
    for child in element:
        name = _local(child.tag)
        if name in DRAWN:
            yield child
        elif name not in NOT_DRAWN:
            yield from _drawn(child)


def _nested_svg_in_cmyk(data: bytes, icc: Path, paper: str, exact: dict) -> bytes:
    """An SVG the logo embeds, converted as the logo is: refused, as the logo would be
    (see logofile.safe_svg), if it declares entities or is no XML."""
    if b"<!ENTITY" in data:
        raise LogoRefused(UNREADABLE_IMAGE)
    try:
        return _svg_in_cmyk(data, icc, paper, exact)
    except ElementTree.ParseError:
        raise LogoRefused(UNREADABLE_IMAGE) from None


def _data_uri(href: str) -> tuple[str, bytes]:
    header, _, payload = href[len("data:") :].partition(",")
    kind, *parameters = header.split(";")
    try:
        if "base64" in parameters:
            return kind.strip().lower(), base64.b64decode(payload)
        return kind.strip().lower(), unquote_to_bytes(payload)
    except (binascii.Error, ValueError):
        raise LogoRefused(UNREADABLE_IMAGE) from None


def _uri(kind: str, data: bytes) -> str:
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"


@contextlib.contextmanager
def _opened(data: bytes):
    """An image the logo embeds, decoded: refused, as a raster logo would be (see
    logofile.safe_raster), if it cannot be read or has more pixels than a logo has."""
    quietly = warnings.catch_warnings(action="ignore", category=Image.DecompressionBombWarning)
    too_large = (
        "the logo embeds an image of {} pixels, too large to be part of a logo: export the "
        "logo again with a smaller image, or use a PNG logo"
    )
    try:
        with quietly:
            image = Image.open(io.BytesIO(data))
        if image.width * image.height > MAX_LOGO_PIXELS:
            image.close()
            raise LogoRefused(too_large.format(f"{image.width}×{image.height}"))
        image.load()
    except Image.DecompressionBombError:
        raise LogoRefused(too_large.format("hundreds of millions of")) from None
    except (OSError, SyntaxError, ValueError):
        raise LogoRefused(UNREADABLE_IMAGE) from None
    with image:
        yield image


def _see_through(image: Image.Image) -> bool:
    if image.mode not in ("RGBA", "LA", "PA") and "transparency" not in image.info:
        return False
    return image.convert("RGBA").getchannel("A").getextrema()[0] < 255


def _raster_in_cmyk(path: Path, icc: Path, paper: str) -> bytes:
    """A CMYK JPEG, flattened onto the paper colour, since CMYK JPEG carries no alpha."""
    with Image.open(path) as image:
        image.load()
        return _flat_cmyk_jpeg(image, icc, paper, image.info.get("dpi", (300, 300)))


def _flat_cmyk_jpeg(image: Image.Image, icc: Path, paper: str, dpi: tuple) -> bytes:
    flat = Image.new("RGB", image.size, tuple(round(c * 255) for c in Rgb.parse(paper).channels))
    rgba = image.convert("RGBA")
    flat.paste(rgba, mask=rgba.getchannel("A"))
    cmyk = transformed(flat, cmyk_transform(icc))
    buffer = io.BytesIO()
    cmyk.save(buffer, format="JPEG", quality=JPEG_QUALITY, dpi=dpi)
    return buffer.getvalue()


def _local(tag) -> str:
    """An element's name without its namespace (a comment's tag is not a string)."""
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""
