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
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import FitError, Overflow, whole_mm
from .measure import PX_PER_MM, Measure, descendants, measure
from .region import RegionModel, region_model

if TYPE_CHECKING:  # only laying out needs WeasyPrint; planning a build must not import it
    import weasyprint

    from ..formats.spread import SpreadModel

LOGGER = logging.getLogger(__name__)
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
            raise _too_long(output, rule, result, document=document)
    furniture, available = result.furniture, result.available
    if furniture is None:  # this layout spilled over: measure the furniture at the floor
        document, _, floor_result = layout(floor)
        furniture = floor_result.furniture
        if furniture is None:
            raise _too_long(output, rule, floor_result, document=document)
    while True:
        size, known = settle(model, furniture, available, rule, heights, spilled)
        document, html, result = layout(size)
        if known is False:
            raise _too_long(output, rule, result, furniture, document)
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
    output: str,
    rule: FitRule,
    result: Measure,
    furniture: float | None = None,
    document: weasyprint.Document | None = None,
) -> FitError:
    """The fit's failure, and what to shorten: the text, unless the header and the foot of
    the page (the title; the kit's name, contacts and notes) take far more of it than
    usual, or the kit prints more contacts than usual, and fewer would make room. Where
    the kit's contacts are the cause, it names only what the kit can change: a partnership
    cannot shorten the national guide's title or text."""
    where = f"myth '{result.overflowing_myth}'" if result.overflowing_myth else "the content"
    page = f"{result.available / PX_PER_MM:.0f} mm"
    many_contacts = result.contacts > USUAL_CONTACTS
    review = " or review note" if document is not None and _has_review_note(document) else ""
    contacts = f"the kit's {result.contacts} contacts take {result.reach / PX_PER_MM:.0f} mm"
    advice, crowded_by = "Shorten the text.", None
    if furniture is not None and furniture > FURNITURE_SHARE * result.available:
        share = (
            f"The header and the foot of the page take {furniture / PX_PER_MM:.0f} mm of its "
            f"{page}, more than usual"
        )
        if many_contacts:
            advice = (
                f"{share}, and {contacts} of it: {CONTACTS_ADVICE}, or shorten the kit's "
                f"name{review}."
            )
            crowded_by = "contacts"
        else:
            advice = (
                f"{share}: shorten what they print (the title, or the kit's name, contacts "
                "and review note), or the text."
            )
    elif many_contacts and result.overflow_mm * PX_PER_MM < result.reach:
        advice = f"{contacts[0].upper()}{contacts[1:]} of its {page}: {CONTACTS_ADVICE}."
        crowded_by = "contacts"
    return FitError(
        f"{output}: {where} does not fit at the {rule.floor_pt:g} pt floor for {rule.what}: "
        f"it runs {whole_mm(result.overflow_mm)} mm past the page. {advice}",
        Overflow(output, rule.floor_pt, result.overflow_mm, crowded_by=crowded_by),
    )


def _has_review_note(document: weasyprint.Document) -> bool:
    """Whether the page prints the kit's review note (templates' class "review-note")."""
    return any(
        box.element is not None and "review-note" in box.element.get("class", "").split()
        for page in document.pages
        for box in descendants(page._page_box)
    )
