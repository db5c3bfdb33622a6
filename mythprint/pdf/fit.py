"""Chooses the type size that fills a page, from a model of the text measured in the layout.

A poster is furniture (the header, the contacts, the source line) at fixed sizes, and one
*region* (the element marked `data-fit`) that scales with the type size. One layout at
the rule's probe size measures every paragraph of the region: how many lines it takes,
how wide its text runs, how tall its lines are. That model predicts the region's height
at any size, so the fit picks the largest size whose region, with this kit's furniture,
fills the page, and lays it out once to confirm. The region depends only on the text,
the fonts and the format, never on a kit's colours, name or contacts: a model measured
for one kit serves every kit with that text and those fonts. The size chosen depends only
on the model and the kit's own furniture, so it is the same whichever layouts came before.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from ..errors import FitError

if TYPE_CHECKING:  # only laying out needs WeasyPrint; planning a build must not import it
    import weasyprint

    from ..formats.spread import SpreadModel

LOGGER = logging.getLogger(__name__)
PX_PER_MM = 96 / 25.4
# Aim a hair under the page: the model is exact to a pixel or so, and a size that then
# overflows by a pixel would cost a second layout.
SAFETY = 0.998
# The most of a page its header and foot take in usual kits: the title, and the kit's
# logo, name, contacts and notes, take a quarter to a third of a poster. Beyond this, a
# fit that fails says so.
FURNITURE_SHARE = 0.4
# Contacts a kit usually prints, as the example kit does. A kit with more, whose page
# overflows by less than they take, is told so when its fit fails.
USUAL_CONTACTS = 3
CONTACTS_ADVICE = "give fewer or shorter contacts"  # the studio puts it beside Contacts


@dataclass(frozen=True)
class FitRule:
    """How one output scales: `what` names the text whose size the fit sets."""

    what: str
    floor_pt: float
    ceiling_pt: float
    step_pt: float = 0.25


@dataclass(frozen=True)
class Measure:
    """How much page the content needs, in CSS px, and where it spills over."""

    used: float
    available: float
    pages: int
    overflowing_myth: str | None
    region: float | None = None  # the fitted region's height, when it is on one page
    reach: float = 0.0  # the height of the kit's contacts and QR code
    contacts: int = 0  # how many contacts they are

    @property
    def fits(self) -> bool:
        return self.pages == 1 and self.used <= self.available + 0.01

    @property
    def fill(self) -> float:
        return self.used / self.available

    @property
    def furniture(self) -> float | None:
        """Everything on the page but the region: the same at every type size."""
        return None if self.region is None else self.used - self.region

    @property
    def overflow_mm(self) -> float:
        return max(0.0, self.used - self.available) / PX_PER_MM


# A piece of a paragraph that is never split over two lines: (its width, the width of
# the space before it, whether a line may break before it), in CSS px at the probe size.
Token = tuple[float, float, bool]


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of the region as the probe laid it out, in CSS px."""

    lines: int
    first_line_height: float
    line_height: float  # each line after the first
    inset: float  # room between the region's edges and its own: it scales with the type
    tokens: tuple[Token, ...]

    def lines_at(self, width: float, scale: float) -> int:
        """How many lines its tokens take at `scale` times the probe size, in `width`."""
        lines, used = 1, 0.0
        for token_width, space, breakable in self.tokens:
            token_width, space = token_width * scale, space * scale
            if used and breakable and used + space + token_width > width + 0.01:
                lines, used = lines + 1, token_width
            else:
                used += (space if used else 0.0) + token_width
        return lines


@dataclass(frozen=True)
class RegionModel:
    """How a region's height grows with the type size, from one layout at `probe_pt`.

    Each paragraph's words are broken into lines again at the new size, as the layout
    would: the width each word takes comes from the probe, and every length in the region
    (type, line heights, padding) scales with the size.
    """

    probe_pt: float
    region_width: float
    other: float  # the region's height that is not lines of text: padding, gaps, rules
    paragraphs: tuple[Paragraph, ...]

    def height(self, size_pt: float) -> float:
        """The region's height at `size_pt`, in CSS px (worked out once a size and model)."""
        known = self._heights.get(size_pt)
        if known is None:
            known = self._heights[size_pt] = self._height(size_pt)
        return known

    @cached_property
    def _heights(self) -> dict[float, float]:
        return {}

    def _height(self, size_pt: float) -> float:
        scale = size_pt / self.probe_pt
        height = self.other * scale
        for paragraph in self.paragraphs:
            width = self.region_width - paragraph.inset * scale
            lines = paragraph.lines_at(width, scale) if width > 0 else 1000
            height += (paragraph.first_line_height + (lines - 1) * paragraph.line_height) * scale
        return height

    def line_height(self, size_pt: float) -> float:
        """The tallest line of the region's text at `size_pt`."""
        tallest = max((p.line_height for p in self.paragraphs), default=0.0)
        return tallest * size_pt / self.probe_pt

    def as_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> RegionModel:
        paragraphs = tuple(
            Paragraph(**{**p, "tokens": tuple(tuple(t) for t in p["tokens"])})
            for p in data["paragraphs"]
        )
        return cls(data["probe_pt"], data["region_width"], data["other"], paragraphs)


def model_from_json(data: dict):
    """A model read back from the cache: a fitted region's, or the leaflet's panels'."""
    if data.get("kind") == "leaflet":
        from ..formats.spread import SpreadModel

        return SpreadModel.from_json(data)
    return RegionModel.from_json(data)


@dataclass(frozen=True)
class FitHint:
    """A fit an earlier layout settled on: its type size, and any other choice it made
    (the leaflet's split of myths over its panels)."""

    size_pt: float
    state: tuple = ()


@dataclass(frozen=True)
class Fitted:
    """The layout a fit settled on, the HTML it came from, and what it cost."""

    document: weasyprint.Document
    size_pt: float
    passes: int
    html: str
    state: tuple = ()
    model: RegionModel | SpreadModel | None = None
    furniture: tuple[float, float] | None = None  # (furniture, page) heights, for a guess
    panel_fill: tuple[float, ...] | None = None  # how far down each leaflet panel reaches

    @property
    def hint(self) -> FitHint:
        return FitHint(self.size_pt, self.state)


# Lays out a document at a type size (and any extra template values): (layout, its HTML).
LayoutAt = Callable[..., "tuple[weasyprint.Document, str]"]


def measure(document: weasyprint.Document) -> Measure:
    """Sum the flowed content's height over every page the layout made."""
    used = 0.0
    overflowing = None
    available = document.pages[0]._page_box.height
    region = None
    reach, contacts = 0.0, 0
    for number, page in enumerate(document.pages):
        page_box = page._page_box
        top = page_box.content_box_y()
        bottom = top
        for box in _descendants(page_box):
            if box.element is None:
                continue
            if box.element.get("data-myth") and overflowing is None:
                box_bottom = box.position_y + box.margin_height() - top
                if number > 0 or box_bottom > available + 0.01:
                    overflowing = box.element.get("data-myth")
            if box.element.get("data-fit") is not None and len(document.pages) == 1:
                region = box.margin_height()
            if box.element.get("data-reach") is not None:
                reach = max(reach, box.margin_height())
                contacts = int(box.element.get("data-reach") or 0)
        pinned = 0.0
        for box in _flow_children(page_box):
            if box.style["position"] == "absolute":
                pinned += box.margin_height()  # e.g. a colophon pinned to the page foot
            else:
                bottom = max(bottom, box.position_y + box.margin_height())
        # Once content spills, the first page counts as full: what matters is the spill.
        spilled = number == 0 and len(document.pages) > 1
        used += available if spilled else bottom - top + pinned
    return Measure(used, available, len(document.pages), overflowing, region, reach, contacts)


def region_model(document: weasyprint.Document, size_pt: float, faces=()) -> RegionModel | None:
    """Measure the region's paragraphs in a one-page layout at `size_pt`; `faces` are the
    kit's fonts, whose advance widths share each line's width out over its words."""
    from weasyprint.formatting_structure.boxes import LineBox

    if len(document.pages) != 1:
        return None
    region = next(
        (
            box
            for box in _descendants(document.pages[0]._page_box)
            if box.element is not None and box.element.get("data-fit") is not None
        ),
        None,
    )
    if region is None:
        return None
    paragraphs, text = [], 0.0
    for box in _blocks(region, LineBox):
        lines = [child for child in getattr(box, "children", ()) if isinstance(child, LineBox)]
        if not lines:
            continue
        text += sum(line.height for line in lines)
        rest = lines[1:] or lines
        paragraphs.append(
            Paragraph(
                lines=len(lines),
                first_line_height=lines[0].height,
                line_height=sum(line.height for line in rest) / len(rest),
                inset=region.width - box.width,
                tokens=tuple(_tokens(lines, faces)),
            )
        )
    return RegionModel(size_pt, region.width, region.margin_height() - text, tuple(paragraphs))


def _tokens(lines, faces) -> list[Token]:
    """A paragraph's unbreakable pieces, with the widths the layout gave them.

    Lines break at spaces (the space at a break is not drawn) and after a hyphen inside a
    word; an inline block (a "Myth" label) is one piece.
    """
    from .textwidth import face_for, relative_widths

    tokens: list[list] = []  # [width, space before, breakable before]
    pending_space, breakable = 0.0, False
    for number, line in enumerate(lines):
        if number and tokens:
            last_text = getattr(_leaves(lines[number - 1])[-1], "text", "") or ""
            if not last_text.endswith(("-", "–", "—")):
                pending_space = max(pending_space, tokens[-1][3])  # the space the break ate
            breakable = True
        for leaf in _leaves(line):
            text = getattr(leaf, "text", None)
            if text is None:  # an inline block or an image: one piece
                tokens.append([leaf.margin_width(), pending_space, breakable or bool(tokens), 0.0])
                pending_space, breakable = 0.0, False
                continue
            style = leaf.style
            face = face_for(faces, style["font_family"], style["font_weight"], style["font_style"])
            relative = relative_widths(text, face)
            unit = leaf.width / (sum(relative) or 1.0)
            space_width = (relative[text.index(" ")] if " " in text else 0.25) * unit
            word = None
            for character, width in zip(text, (r * unit for r in relative), strict=True):
                if character == " ":
                    pending_space += width
                    breakable, word = True, None
                    continue
                if word is None:
                    tokens.append([0.0, pending_space, breakable, space_width])
                    word, pending_space, breakable = tokens[-1], 0.0, False
                word[0] += width
                if character in "-–—":
                    word, breakable = None, True  # a line may break after a hyphen
    return [(width, space, bool(breakable)) for width, space, breakable, _ in tokens]


def _leaves(box) -> list:
    """The text boxes and inline blocks of a line, in order, through inline boxes."""
    from weasyprint.formatting_structure.boxes import InlineBox

    found = []
    for child in getattr(box, "children", ()):
        if isinstance(child, InlineBox):
            found += _leaves(child)
        else:
            found.append(child)
    return found


def _blocks(box, line_box):
    """The block boxes inside `box`, without going into lines: a label set inline is part
    of its line, not a paragraph of its own."""
    for child in getattr(box, "children", ()):
        if not isinstance(child, line_box):
            yield child
            yield from _blocks(child, line_box)


def _flow_children(page_box):
    """The body's children: the blocks whose stacked height is the content's height.

    A child positioned absolutely (pinned to the foot of the page) is counted by its
    own height, since it sits below the flow rather than in it.
    """
    for html_box in page_box.children:
        for body_box in getattr(html_box, "children", ()):
            yield from getattr(body_box, "children", ())


def _descendants(box):
    for child in getattr(box, "children", ()):
        yield child
        yield from _descendants(child)


def choose(
    model: RegionModel, furniture: float, available: float, rule: FitRule, scale: float = 1.0
) -> float:
    """The largest size on the rule's steps whose region (its modelled height times `scale`)
    and the furniture fill the page to SAFETY; the floor if none does."""
    size = _on_step(rule.ceiling_pt, rule)
    while size > rule.floor_pt and furniture + scale * model.height(size) > available * SAFETY:
        size -= rule.step_pt
    return max(size, rule.floor_pt)


def fit_font_size(
    layout_at: LayoutAt,
    rule: FitRule,
    output: str,
    model: RegionModel | None = None,
    guess: tuple[float, float] | None = None,
    faces: tuple = (),
) -> Fitted:
    """Choose the size from the region's model and the kit's furniture, and confirm it.

    The model is always measured at the floor (where the text must fit in any case), so
    it is the same whichever kit measured it, and so is the size it chooses for a kit's
    furniture. With a model at hand (from a kit with this text and these fonts) and a
    `guess` of the (furniture, page) heights from a like kit, the first layout is at the
    size they choose, and usually the last: the size chosen still comes from the furniture
    this kit's own layout measures. The steps after an overflow (see `settle`) follow from
    the model, the heights laid out and this kit's furniture alone.
    """
    heights: dict[float, float] = {}  # the region's height at each size laid out
    spilled: dict[float, float] = {}  # sizes that ran onto a second page
    laid_out: dict[float, tuple] = {}

    def layout(at: float):
        if at not in laid_out:
            document, html = layout_at(at)
            result = measure(document)
            laid_out[at] = (document, html, result)
            if result.region is not None:
                heights[at] = result.region
            LOGGER.debug("%s at %.2f pt: %.1f%% of the page", output, at, 100 * result.fill)
        return laid_out[at]

    floor = _on_step(rule.floor_pt, rule)
    first = floor
    if model is not None and guess is not None:
        first = settle(model, *guess, rule, heights, spilled)[0]
    document, html, result = layout(first)
    if model is None:
        model = region_model(document, floor, faces)
        if model is None:  # even the floor spills over the page
            raise _too_long(output, rule, result)
    furniture, available = result.furniture, result.available
    if furniture is None:  # this layout spilled over: measure the furniture at the floor
        furniture = layout(floor)[2].furniture
        if furniture is None:
            raise _too_long(output, rule, layout(floor)[2])
    while True:
        size, known = settle(model, furniture, available, rule, heights, spilled)
        document, html, result = layout(size)
        if known is False:
            raise _too_long(output, rule, result, furniture)
        if result.fits:
            return Fitted(
                document, size, len(laid_out), html, model=model,
                furniture=(furniture, available),
            )  # fmt: skip
        # It overflows: settle's next step starts from here.
        spilled[size] = max(result.used - furniture, heights.get(size, 0.0) + 1.0)


def settle(
    model: RegionModel,
    furniture: float,
    available: float,
    rule: FitRule,
    heights: dict[float, float],
    spilled: dict[float, float],
) -> tuple[float, bool | None]:
    """Walk the fit's steps as far as the known heights go: (size, True) where the region
    is known to fit, (size, None) where its height is not known yet, (floor, False) where
    even the floor is known not to fit.

    The first step is the size the model chooses. A size known to overflow by a line or
    less steps down once; one that overflows by more scales the model by how far it was
    out, and the next size is chosen from the scaled model.
    """
    floor = _on_step(rule.floor_pt, rule)
    scale, size = 1.0, choose(model, furniture, available, rule)
    while True:
        height = heights.get(size, spilled.get(size))
        if height is None:
            return size, None
        if size not in spilled and furniture + height <= available + 0.01:
            return size, True
        if size <= floor:
            return size, False
        if furniture + height - available <= model.line_height(size):
            size -= rule.step_pt  # a line too many: a step smaller sheds it
            continue
        scale *= height / (scale * model.height(size))
        size = min(choose(model, furniture, available, rule, scale), size - rule.step_pt)


def _on_step(size: float, rule: FitRule) -> float:
    return math.floor(size / rule.step_pt + 1e-9) * rule.step_pt


def _too_long(
    output: str, rule: FitRule, result: Measure, furniture: float | None = None
) -> FitError:
    """The fit's failure, and what to shorten: the text, unless the header and the foot of
    the page (the title; the kit's name, contacts and notes) take far more of it than
    usual, or the kit prints more contacts than usual, and fewer would make room."""
    where = f"myth '{result.overflowing_myth}'" if result.overflowing_myth else "the content"
    page = f"{result.available / PX_PER_MM:.0f} mm"
    advice = "Shorten the text."
    if furniture is not None and furniture > FURNITURE_SHARE * result.available:
        advice = (
            f"The header and the foot of the page take {furniture / PX_PER_MM:.0f} mm of its "
            f"{page}, more than usual: shorten what they print (the title, or the kit's "
            "name, contacts and review note), or the text."
        )
    elif result.contacts > USUAL_CONTACTS and result.overflow_mm * PX_PER_MM < result.reach:
        advice = (
            f"The kit's {result.contacts} contacts take "
            f"{result.reach / PX_PER_MM:.0f} mm of its {page}: {CONTACTS_ADVICE}, or shorten "
            "the text."
        )
    return FitError(
        f"{output}: {where} does not fit at the {rule.floor_pt:g} pt floor for {rule.what}: "
        f"it runs {result.overflow_mm:.0f} mm past the page. {advice}"
    )
