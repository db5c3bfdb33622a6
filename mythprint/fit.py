"""Chooses the largest type that fits a page, measuring the layout instead of guessing."""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import FitError

if TYPE_CHECKING:  # only laying out needs WeasyPrint; planning a build must not import it
    import weasyprint

LOGGER = logging.getLogger(__name__)
PX_PER_MM = 96 / 25.4
MAX_PASSES = 6
# Aim a little under the predicted size: line breaks make height jump, and a second
# overflow costs a whole extra pass.
SAFETY = 0.985


@dataclass(frozen=True)
class FitRule:
    """How one output scales: `what` names the text whose size the fit sets."""

    what: str
    floor_pt: float
    ceiling_pt: float
    start_pt: float
    step_pt: float = 0.25
    # A first layout that fills this much of the page is kept as it is.
    good_fill: float = 0.95


@dataclass(frozen=True)
class Measure:
    """How much page the content needs, in CSS px, and where it spills over."""

    used: float
    available: float
    pages: int
    overflowing_myth: str | None

    @property
    def fits(self) -> bool:
        return self.pages == 1 and self.used <= self.available + 0.01

    @property
    def fill(self) -> float:
        return self.used / self.available

    @property
    def overflow_mm(self) -> float:
        return max(0.0, self.used - self.available) / PX_PER_MM


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
    for number, page in enumerate(document.pages):
        page_box = page._page_box
        top = page_box.content_box_y()
        bottom = top
        for box in _descendants(page_box):
            if box.element is not None and box.element.get("data-myth") and overflowing is None:
                box_bottom = box.position_y + box.margin_height() - top
                if number > 0 or box_bottom > available + 0.01:
                    overflowing = box.element.get("data-myth")
        pinned = 0.0
        for box in _flow_children(page_box):
            if box.style["position"] == "absolute":
                pinned += box.margin_height()  # e.g. a colophon pinned to the page foot
            else:
                bottom = max(bottom, box.position_y + box.margin_height())
        # Once content spills, the first page counts as full: what matters is the spill.
        spilled = number == 0 and len(document.pages) > 1
        used += available if spilled else bottom - top + pinned
    return Measure(used, available, len(document.pages), overflowing)


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


def fit_font_size(
    layout_at: LayoutAt,
    rule: FitRule,
    output: str,
    first_guess_pt: float | None = None,
) -> Fitted:
    """Lay out at a first guess, scale by the measured height, and check once more.

    Text height grows with about the square of the type size (more lines, each taller),
    so scaling by the square root of the height ratio lands close in one step. A size
    reached by scaling up is kept once it fits: chasing the last fraction of a point
    would cost a layout pass per output for a difference nobody sees on a wall.
    """
    size = _on_step(min(max(first_guess_pt or rule.start_pt, rule.floor_pt), rule.ceiling_pt), rule)
    best: Fitted | None = None
    scaled_before = False
    for passes in range(1, MAX_PASSES + 1):
        document, html = layout_at(size)
        result = measure(document)
        LOGGER.debug("%s at %.2f pt: %.1f%% of the page", output, size, 100 * result.fill)
        if result.fits:
            best = Fitted(document, size, passes, html)
            if result.fill >= rule.good_fill or size >= rule.ceiling_pt or scaled_before:
                break
            target = min(_scaled(size, result, rule), rule.ceiling_pt)
            if target <= size:
                break
        else:
            if size <= rule.floor_pt:
                raise _too_long(output, rule, result)
            target = max(rule.floor_pt, min(_scaled(size, result, rule), size - rule.step_pt))
            if best is not None and target <= best.size_pt:
                break  # a smaller size already fitted
            if passes == MAX_PASSES - 1:
                target = rule.floor_pt  # the last pass settles whether the floor fits at all
        scaled_before = True
        size = target
    assert best is not None  # the last pass is at the floor, which either fits or raised
    return Fitted(best.document, best.size_pt, passes, best.html)


def _scaled(size: float, result: Measure, rule: FitRule) -> float:
    """The size that should just fill the page, rounded down to the step."""
    return _on_step(size * math.sqrt(result.available / result.used) * SAFETY, rule)


def _on_step(size: float, rule: FitRule) -> float:
    return math.floor(size / rule.step_pt + 1e-9) * rule.step_pt


def _too_long(output: str, rule: FitRule, result: Measure) -> FitError:
    where = f"myth '{result.overflowing_myth}'" if result.overflowing_myth else "the content"
    return FitError(
        f"{output}: {where} does not fit at the {rule.floor_pt:g} pt floor for {rule.what}: "
        f"it runs {result.overflow_mm:.0f} mm past the page. Shorten the text."
    )
