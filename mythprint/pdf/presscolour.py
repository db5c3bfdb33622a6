"""The last look at a CMYK press file before it is written: no RGB colour may be left."""

import base64
import io
from dataclasses import dataclass

import pikepdf

from ..errors import RenderProblem
from ..paths import display_path

# Colour spaces a PDF/X-4 file in CMYK must not paint in (Lab, grey and CMYK are fine).
RGB_SPACES = {"/DeviceRGB", "/CalRGB", "/RGB"}
# What a content stream must hold to set an RGB colour: read no further in one without.
RGB_MARKS = (b"rg", b"RG", b"BI")


@dataclass(frozen=True)
class RgbFound:
    """An RGB colour in a PDF: what paints with it, and on which page."""

    page: int
    what: str


def rgb_colours(pdf: pikepdf.Pdf) -> list[RgbFound]:
    """Every RGB colour a page paints with, in its own content and in what it places:
    colour spaces of images, forms (and their transparency groups), patterns, shadings and
    soft masks, and the rg/RG operators and inline images of every content stream."""
    found = []
    for number, page in enumerate(pdf.pages, start=1):
        seen: set = set()
        where = _Search(number, found, seen)
        where.group(page.obj.get("/Group"))
        where.content(page.obj)
        where.resources(page.obj.get("/Resources"))
    return found


@dataclass
class _Search:
    page: int
    found: list
    seen: set

    def add(self, what: str) -> None:
        self.found.append(RgbFound(self.page, what))

    def resources(self, resources) -> None:
        if not isinstance(resources, pikepdf.Dictionary) or self._again(resources):
            return
        for space in (resources.get("/ColorSpace") or {}).values():
            self.space(space, "a colour space")
        for shading in (resources.get("/Shading") or {}).values():
            self.space(shading.get("/ColorSpace"), "a shading")
        for pattern in (resources.get("/Pattern") or {}).values():
            self.stream(pattern)
        for state in (resources.get("/ExtGState") or {}).values():
            mask = state.get("/SMask")
            if isinstance(mask, pikepdf.Dictionary):
                self.stream(mask.get("/G"))
        for xobject in (resources.get("/XObject") or {}).values():
            self.stream(xobject)
        for font in (resources.get("/Font") or {}).values():
            self.font(font)

    def font(self, font) -> None:
        """A Type 3 font's glyphs are drawn by content of its own (WeasyPrint writes a
        bitmap or colour font so): each may set a colour, and use resources of its own."""
        if not isinstance(font, pikepdf.Dictionary) or self._again(font):
            return
        if font.get("/Subtype") != "/Type3":
            return
        for glyph in (font.get("/CharProcs") or {}).values():
            if isinstance(glyph, pikepdf.Stream) and not self._again(glyph):
                self.content(glyph)
        self.resources(font.get("/Resources"))

    def stream(self, stream) -> None:
        """An XObject, pattern or soft mask's group: its own colour space, or its content."""
        if not isinstance(stream, pikepdf.Dictionary | pikepdf.Stream) or self._again(stream):
            return
        if stream.get("/Subtype") == "/Image":
            self.space(stream.get("/ColorSpace"), "an image")
            self.stream(stream.get("/SMask"))
            return
        self.space((stream.get("/Shading") or {}).get("/ColorSpace"), "a shading")
        self.group(stream.get("/Group"))
        if isinstance(stream, pikepdf.Stream):
            self.content(stream)
        self.resources(stream.get("/Resources"))

    def group(self, group) -> None:
        if isinstance(group, pikepdf.Dictionary):
            self.space(group.get("/CS"), "a transparency group")

    def space(self, space, what: str) -> None:
        if _is_rgb(space):
            self.add(f"{what} in RGB")

    def content(self, owner) -> None:
        """rg and RG, /DeviceRGB cs, and inline RGB images, in a page's or form's content."""
        if isinstance(owner, pikepdf.Stream):
            data = owner.read_bytes()
        else:
            data = b"".join(part.read_bytes() for part in _contents(owner))
        if not any(mark in data for mark in RGB_MARKS):
            return  # the cheap answer for nearly every stream: no RGB can be set in it
        for instruction in pikepdf.parse_content_stream(owner):
            operator = str(instruction.operator)
            if operator in ("rg", "RG"):
                self.add("a colour set in RGB")
                return
            if operator in ("cs", "CS") and _is_rgb(instruction.operands[0]):
                self.add("a colour set in RGB")
                return
            if operator == "INLINE IMAGE" and _is_rgb(instruction.iimage.obj.get("/ColorSpace")):
                self.add("an image in RGB")
                return

    def _again(self, obj) -> bool:
        """Whether `obj` was searched already: a form placed twice is read once. (A direct
        object is held in one place only, and pikepdf wraps it anew at each reading.)"""
        if not obj.is_indirect:
            return False
        if obj.objgen in self.seen:
            return True
        self.seen.add(obj.objgen)
        return False


def _contents(page: pikepdf.Dictionary) -> list:
    contents = page.get("/Contents")
    if contents is None:
        return []
    return list(contents) if isinstance(contents, pikepdf.Array) else [contents]


def _is_rgb(space) -> bool:
    if isinstance(space, pikepdf.Name):
        return str(space) in RGB_SPACES
    if not isinstance(space, pikepdf.Array) or len(space) == 0:
        return False
    family = str(space[0])
    if family == "/ICCBased":
        return int(space[1].get("/N", 0)) == 3
    if family == "/Indexed":
        return _is_rgb(space[1])
    if family == "/Pattern":  # an uncoloured pattern, painted in the space that follows
        return len(space) > 1 and _is_rgb(space[1])
    if family in ("/Separation", "/DeviceN"):
        return _is_rgb(space[2])  # its alternate: what a press without the plate prints
    return family in RGB_SPACES


def refuse_rgb(data: bytes, renderer) -> None:
    """Stop a CMYK press file that would still print something in RGB, naming the kit's
    logo when the logo, drawn alone, brings it (its CMYK version is checked only then)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        found = rgb_colours(pdf)
    if not found:
        return
    pages = sorted({rgb.page for rgb in found})
    at = f"page {pages[0]}" if len(pages) == 1 else f"pages {', '.join(map(str, pages))}"
    logo = renderer.brand.logo
    if logo is not None and logo.is_vector and (brought := _rgb_of_logo(renderer)):
        raise RenderProblem(
            f"the logo {display_path(logo.path)} would print {brought[0].what} on {at}, "
            "where a CMYK press file (PDF/X-4) must hold no RGB, so the file is not written: "
            'export the logo again with plain opaque colours (fill="#0b4f6c", say) and its '
            "images embedded, or use a PNG logo, which mythprint converts to CMYK"
        )
    raise RenderProblem(
        f"the file would print {found[0].what} on {at}, where a CMYK press file (PDF/X-4) "
        "must hold no RGB, so it is not written. This is mythprint's fault: please report it "
        "with the command you ran and the kit"
    )


def _rgb_of_logo(renderer) -> list[RgbFound]:
    """The RGB colours of the kit's logo as the press file draws it, in a page of its own."""
    import weasyprint

    from .presslogo import logo_in_cmyk
    from .profiles import exact_cmyk

    brand = renderer.brand
    svg = logo_in_cmyk(
        brand.logo, renderer.profile.icc, brand.palette.paper, exact_cmyk(brand.palette, brand.cmyk)
    )
    uri = "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
    page = weasyprint.HTML(
        string=f'<img src="{uri}" style="width: 20mm">', url_fetcher=renderer.fetcher
    ).write_pdf()
    with pikepdf.open(io.BytesIO(page)) as pdf:
        return rgb_colours(pdf)
