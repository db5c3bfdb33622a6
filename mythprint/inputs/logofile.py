"""What a kit's logo file may hold, SVG or raster, checked before it is drawn, and its shape."""

import re
import warnings
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

from PIL import Image, UnidentifiedImageError

RASTER_FORMATS = ("PNG", "JPEG", "GIF", "WEBP")
# Pillow's modes of greyscale at 16 or 32 bits a pixel, which WeasyPrint cannot draw.
DEEP_MODES = ("I;16", "I;16B", "I;16L", "I;16N", "I", "F")
# Larger than any logo needs, far smaller than a decompression bomb.
MAX_LOGO_PIXELS = 40_000_000
MAX_SVG_BYTES = 2_000_000
# A logo file heavier than this is far more than print needs, and every file carries it
# whole: `check` warns of it, and the studio takes none larger.
LOGO_BYTES = 5 * 1024 * 1024
# What to ask for in place of a logo too large to open.
SMALLER_COPY = (
    f"ask for a copy a few hundred pixels tall and under {LOGO_BYTES // 1024 // 1024} MB, or an SVG"
)
# What to do with a logo.svg that is not one: a web page saved under the name, say.
SAVE_AGAIN = (
    "Save or export the logo again from the program that made it, as SVG, or use a PNG of it"
)
SVG_DOCTYPE = re.compile(rb"<!DOCTYPE[^>\[]*(?P<declarations>\[)?", re.IGNORECASE)
# An HTML page saved under a .svg name, as a browser saves a web page it was shown.
HTML_PAGE = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b",
    re.IGNORECASE | re.DOTALL,
)
SVG_NAMESPACE = "{http://www.w3.org/2000/svg}"
XHTML_NAMESPACE = "{http://www.w3.org/1999/xhtml}"
# Elements that run code in a browser: SVG's <script>, and SVG Tiny 1.2's <handler>.
SCRIPT_ELEMENTS = ("script", "handler")
EVENT_ATTRIBUTE = re.compile(r"^on[a-z]+$", re.IGNORECASE)
SCRIPT_ADDRESS = re.compile(r"(?:java|vb)script:", re.IGNORECASE)
# What a style in an SVG refers to: url(...), or @import "..." or @import url(...).
SVG_REFERENCE = re.compile(r"url\(\s*['\"]?([^'\")]+)|@import\s+(?:url\(\s*)?['\"]?([^'\")\s;]+)")
# A logo's pixel is seen where it is at least half opaque. A logo is lost on the paper
# where nearly all it draws is closer to the paper's colour than this contrast (WCAG asks
# 3:1 of graphics): a white logo, made for dark backgrounds, on white paper.
FAINT_CONTRAST = 1.5
FAINT_SHARE = 0.97
# Pixels along a side, at most, of the copy of a logo its colours are judged on.
SAMPLE_SIDE = 200


def safe_svg(
    path: Path, folder: Path, report: Callable[..., None], keys: tuple = ("logo",)
) -> ElementTree.Element | None:
    """The logo's parsed SVG, if it is self-contained: no entities, no outside files, no
    web addresses. Each problem is reported at `keys`, where the kit names the file."""
    shown = path.relative_to(folder)
    data = path.read_bytes()
    if len(data) > MAX_SVG_BYTES:
        report(f"logo {shown} is larger than {MAX_SVG_BYTES // 1_000_000} MB", *keys)
        return None
    # A DOCTYPE that only names SVG's public DTD (as Illustrator's "Save As" writes)
    # loads nothing; entities, or declarations of any kind inside one, are refused.
    doctype = SVG_DOCTYPE.search(data)
    if b"<!ENTITY" in data or (doctype and doctype["declarations"]):
        report(
            f"logo {shown} declares XML entities; a logo must not. Save or export it again "
            "as a plain SVG (in Illustrator, without 'Preserve Illustrator Editing "
            "Capabilities')",
            *keys,
        )
        return None
    if HTML_PAGE.match(data):
        report(
            f"logo {shown} is not an SVG image: its content is an HTML page. {SAVE_AGAIN}", *keys
        )
        return None
    try:
        tree = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        report(f"logo {shown} is not a readable SVG ({exc}). {SAVE_AGAIN}", *keys)
        return None
    if not_svg := _not_svg(tree):
        report(f"logo {shown} is not an SVG image: {not_svg}. {SAVE_AGAIN}", *keys)
        return None
    if active := _svg_active_content(tree):
        report(
            f"logo {shown} holds {active}; a logo must not hold scripts or HTML, as a "
            "website that publishes the logo would run them. Export it again from the "
            "design program as a plain SVG",
            *keys,
        )
        return None
    if nothing := _svg_without_size(tree):
        report(
            f"logo {shown} has no size to print at ({nothing}); export it again with a viewBox",
            *keys,
        )
        return None
    for reference in _svg_references(tree):
        if not reference.startswith(("#", "data:")):
            report(
                f"logo {shown} refers to '{reference}'; a logo must carry "
                "everything it draws, so mythprint does not fetch it",
                *keys,
            )
            return None
    return tree


def safe_raster(
    path: Path, folder: Path, report: Callable[..., None], keys: tuple = ("logo",)
) -> tuple[int, int] | None:
    """Check a raster logo's header before anything decodes its pixels; each problem is
    reported at `keys`, where the kit names the file."""
    shown = path.relative_to(folder)
    try:
        # Pillow warns of a big image as it opens it: its size is checked here instead.
        quietly = warnings.catch_warnings(action="ignore", category=Image.DecompressionBombWarning)
        with quietly, Image.open(path) as image:
            if image.format not in RASTER_FORMATS:
                report(f"logo {shown} is {image.format}; use PNG, JPEG or SVG", *keys)
                return None
            if image.mode in DEEP_MODES:
                report(
                    f"logo {shown} has 16 or 32 bits a pixel ({image.mode}), which WeasyPrint "
                    "cannot print; save it again as an 8-bit PNG",
                    *keys,
                )
                return None
            if image.width * image.height > MAX_LOGO_PIXELS:
                report(
                    f"logo {shown} is {image.width}×{image.height} pixels, too large "
                    f"to be a logo; refused before decoding: {SMALLER_COPY}",
                    *keys,
                )
                return None
            image.verify()
            return image.width, image.height
    except Image.DecompressionBombError:
        report(
            f"logo {shown} claims hundreds of millions of pixels, too large to be "
            f"a logo; refused before decoding: {SMALLER_COPY}",
            *keys,
        )
        return None
    except (UnidentifiedImageError, OSError, SyntaxError):
        report(f"logo {shown} is corrupt or not an image", *keys)
        return None


def _local_name(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _not_svg(tree: ElementTree.Element) -> str | None:
    """Why a file that is XML is not an SVG image, or None: its root must be <svg>."""
    if tree.tag in (f"{SVG_NAMESPACE}svg", "svg"):
        return None
    root = _local_name(tree.tag)
    if root.lower() == "html":
        return "its content is an HTML page"
    return f"its content is <{root}>, where an SVG image is <svg>"


def _svg_active_content(tree: ElementTree.Element) -> str | None:
    """What in the SVG would run, or show a page, in a browser that opens it, or None:
    a script, an event attribute such as onload, a javascript: address, or HTML."""
    for element in tree.iter():
        tag = _local_name(element.tag)
        if tag in SCRIPT_ELEMENTS:
            return f"a script (a <{tag}> element)"
        if element.tag.startswith(XHTML_NAMESPACE):
            return f"HTML (a <{tag}> element)"
        for name, value in element.attrib.items():
            if found := _script_in_attribute(_local_name(name), value):
                return f"a script ({found} of <{tag}>)"
    return None


def _script_in_attribute(name: str, value: str) -> str | None:
    """The script an attribute holds, or None: an event attribute, an animation that
    would set one, or a javascript: address."""
    if EVENT_ATTRIBUTE.match(name):
        return f"the {name} attribute"
    if name == "attributeName" and EVENT_ATTRIBUTE.match(value.strip()):
        return f"an animation setting {value.strip()}"
    # A browser ignores spaces and control characters inside the scheme.
    if SCRIPT_ADDRESS.search(re.sub(r"[\x00-\x20]+", "", value)):
        return f"a javascript: address in the {name}"
    return None


def _svg_references(tree) -> list[str]:
    found = []
    for element in tree.iter():
        for name, value in element.attrib.items():
            if name.endswith("href") or name == "src":
                found.append(value.strip())
            elif "url(" in value:
                found += [a or b for a, b in SVG_REFERENCE.findall(value)]
        if element.tag.endswith("style") and element.text:
            found += [a or b for a, b in SVG_REFERENCE.findall(element.text)]
    return found


def _svg_without_size(tree: ElementTree.Element) -> str | None:
    """Why an SVG would print as nothing at all, or None: a viewBox, width or height of 0."""
    view_box = tree.get("viewBox")
    if view_box is not None:
        size = _view_box_size(view_box)
        if size is None:
            return f"its viewBox '{view_box}' is not four numbers"
        if min(size) <= 0:
            return f"its viewBox '{view_box}' has no width or height"
    for attribute in ("width", "height"):
        value = tree.get(attribute, "")
        if value and re.fullmatch(r"\s*[0.]+\s*(px|pt|pc|mm|cm|in|em|ex|%)?\s*", value):
            return f"its {attribute} is {value}"
    return None


def svg_aspect(tree: ElementTree.Element) -> float | None:
    """An SVG's width over its height, from its viewBox, else its width and height."""
    view_box = tree.get("viewBox")
    if view_box is not None:  # four numbers, the last two positive: see _svg_without_size
        width, height = _view_box_size(view_box)
        return width / height
    sizes = [tree.get("width", ""), tree.get("height", "")]
    if any("%" in size for size in sizes):
        return None  # a share of wherever it is drawn: no shape of its own
    try:
        width, height = (float(re.match(r"\s*([\d.]+)", size)[1]) for size in sizes)
    except (TypeError, ValueError):
        return None
    return width / height if height else None


def _view_box_size(view_box: str) -> tuple[float, float] | None:
    """A viewBox's width and height; None if it is not four numbers."""
    try:
        width, height = (float(part) for part in re.split(r"[\s,]+", view_box.strip())[2:4])
    except ValueError:
        return None
    return width, height


def faint_share(path: Path, paper_luminance: float) -> float | None:
    """The share of a raster logo's visible pixels too close to the paper (by its WCAG
    relative luminance) to be seen on it; None if it draws nothing at all."""
    with Image.open(path) as image:
        image.thumbnail((SAMPLE_SIDE, SAMPLE_SIDE))
        data = image.convert("RGBA").tobytes()
    seen = faint = 0
    for red, green, blue, alpha in zip(*[iter(data)] * 4, strict=True):
        if alpha < 128:
            continue
        seen += 1
        luminance = 0.2126 * _LINEAR[red] + 0.7152 * _LINEAR[green] + 0.0722 * _LINEAR[blue]
        light, dark = sorted((luminance, paper_luminance), reverse=True)
        faint += (light + 0.05) / (dark + 0.05) < FAINT_CONTRAST
    return faint / seen if seen else None


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


_LINEAR = tuple(_linear(channel) for channel in range(256))


def logo_path_keys(logo: object, folder: Path, wanted: Path) -> tuple:
    """Where a kit's `logo:` settings (`logo`, as parsed) name the file `wanted` (logo >
    images > full > path, say), so that a problem with the file points at the line to
    mend; else at `logo`. Names are read from the kit's `folder`."""

    def search(node: object, keys: tuple) -> tuple | None:
        if isinstance(node, str):
            return keys if (folder / node).resolve() == wanted else None
        children = node.items() if isinstance(node, dict) else ()
        if isinstance(node, list):
            children = enumerate(node)
        for key, child in children:
            if (found := search(child, (*keys, key))) is not None:
                return found
        return None

    return search(logo, ("logo",)) or ("logo",)
