"""The DL roll-fold leaflet: fixed panels, myths packed into them whole, checked in the layout."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..errors import FitError, Overflow, whole_mm
from ..inputs.content import Content, Myth
from ..inputs.inline import plain_text
from ..pdf.fit import CONTACTS_ADVICE, FitHint, FitRule, Fitted, LayoutAt
from ..pdf.measure import PX_PER_MM
from .spread import Holder, Measures, Spread, SpreadModel, plan_spread, splits
from .targets import Job, Target

if TYPE_CHECKING:
    import weasyprint

SHEET_WIDTH_MM = 297
SHEET_HEIGHT_MM = 210
# Every panel that holds myths sets them in a column this wide, centred in the panel: a
# myth is then as tall in one panel as in any other, so heights measured in one layout
# plan the next exactly.
COLUMN_MM = 81
CARD_GAP_MM = 6  # between two myths in one panel


@dataclass(frozen=True)
class Panel:
    """One panel of the sheet: where it sits on the paper, and the myths it holds."""

    name: str
    role: str
    left_mm: float
    width_mm: float
    bleed_edges: tuple[str, ...] = ()
    opens: bool = False  # it holds the introduction and lead-in, before its myths
    myths: tuple[Myth, ...] = ()
    # How tall each myth's card is drawn, in CSS px; 0 for as tall as its text.
    cards: tuple[float, ...] = ()

    @property
    def inset_mm(self) -> float | None:
        """The side margins that centre the myths' column, for a panel that holds myths."""
        return (self.width_mm - COLUMN_MM) / 2 if self.name in MYTH_HOLDERS else None

    @property
    def gap_mm(self) -> float:
        return CARD_GAP_MM

    def mirrored(self) -> Panel:
        """The panel where a leaflet that opens the other way has it: the sheet seen in a
        mirror, its bleed on the other side."""
        swap = {"left": "right", "right": "left"}
        return replace(
            self,
            left_mm=SHEET_WIDTH_MM - self.left_mm - self.width_mm,
            bleed_edges=tuple(swap.get(edge, edge) for edge in self.bleed_edges),
        )


# The outside of the sheet: front cover, inside flap, back cover. On the paper, left to
# right: flap (97) | back cover (100) | front cover (100). A right-to-left leaflet opens the
# other way, and mirrors both sides (`Panel.mirrored`).
OUTSIDE = (
    Panel("front cover", "front", 197, 100, ("top", "right", "bottom")),
    Panel("inside flap", "flap", 0, 97),
    Panel("back cover", "back", 97, 100),
)
# The inside, left to right: 100 | 100 | 97 (the flap's back). The first panel is the front
# cover's back: it opens the leaflet, with the introduction.
INSIDE = (
    Panel("inside panel 1", "inside", 0, 100, opens=True),
    Panel("inside panel 2", "inside", 100, 100),
    Panel("inside panel 3", "inside", 200, 97),
)
# What to shorten when a panel that holds the kit's words overflows.
KIT_PANELS = {
    "back cover": "It holds the kit's contacts, QR code address and review note: shorten those.",
    "front cover": "Shorten the title, or the kit's name.",
}
# The parts of the back cover's block of contacts (_macros.html.j2's reach), one above
# the other: their heights add up to the block's.
REACH_PARTS = ("contacts__heading", "contact", "qr")
# The panels in the order a reader meets them, folded. The flap folds in under the front
# cover: opening the cover shows inside panel 1 (the cover's back) at the left and the
# flap's outer face at the right, so panel 1 is read first, then the flap; unfolding the
# flap shows the three inside panels, of which panels 2 and 3 are new. The back is last.
READING_ORDER = (
    "front cover",
    "inside panel 1",
    "inside flap",
    "inside panel 2",
    "inside panel 3",
    "back cover",
)
# The panels that hold myths, in reading order; inside panel 1 holds the intro first.
MYTH_HOLDERS = READING_ORDER[1:5]
INSIDE_PANELS = tuple(panel.name for panel in INSIDE)
OPENING_PANEL = next(panel.name for panel in INSIDE if panel.opens)
SHEET_PX = SHEET_HEIGHT_MM * PX_PER_MM
# The least space between a panel's text and what is placed at its foot.
FOOT_GAP_PX = 4 * PX_PER_MM
# Roughly how many letters of 12 pt body text a panel holds, and its room in CSS px: the
# first plan's yardstick, before any layout has measured the myths.
LETTERS_PER_PANEL = 1300.0
PANEL_ROOM_PX = (SHEET_HEIGHT_MM - 20) * 96 / 25.4
# Layouts tried at one type size: a first guess, a plan from it, that plan exactly, and
# one more where the guess cut a myth short.
MAX_PLANS_PER_SIZE = 4


@dataclass(frozen=True)
class PanelLayout:
    """What the layout made of one panel, in CSS px."""

    name: str
    available: float
    fixed: float  # what the panel holds besides myths
    used: float
    myth_heights: dict[str, float]  # each card as tall as its text, whatever it is drawn at
    cut: bool = False  # the layout cut the panel at the foot of the page: it overflows
    top: float = 0.0  # where its content starts, from the top of the sheet
    ink: float = 0.0  # where its lowest card ends, from the top of the sheet

    @property
    def overflow(self) -> float:
        if self.cut:
            return max(self.used - self.available, 1.0)
        return max(0.0, self.used - self.available)

    @property
    def fill(self) -> float:
        """How far down the sheet its cards reach, as a fraction of the sheet's height."""
        return self.ink / SHEET_PX


class Leaflet(Target):
    """Two A4 landscape pages that fold into a DL leaflet."""

    name = "leaflet"
    template = "leaflet.html.j2"
    stylesheets = ("base.css", "leaflet.css")
    fit = FitRule(what="body text", floor_pt=11, ceiling_pt=12, step_pt=0.5)
    per_language = True
    # Where each page folds, left to right, in a leaflet read left to right.
    folds_mm = ((97, 197), (100, 200))
    logo_height_mm = 14
    logo_room_mm = 100 - 2 * 10  # the front cover, inside leaflet.css's panel padding
    # Its panels in the order screen readers meet them, by their place in the document
    # (a <section> each: the outside's, then the inside's): the order a folded leaflet is
    # read in, not the order of its pages.
    reading_order = tuple(
        [panel.name for panel in (*OUTSIDE, *INSIDE)].index(name) for name in READING_ORDER
    )

    def jobs(self, content: Content) -> list[Job]:
        name = content.file_name("leaflet-dl.pdf")
        return [Job(self.name, name, self.template, self.stylesheets, self.fit)]

    def describe(self, job: Job, content: Content) -> str:
        return content.labels.text("describe_leaflet")

    def folds(self, direction: str) -> tuple[tuple[float, ...], ...]:
        if direction != "rtl":
            return self.folds_mm
        return tuple(tuple(sorted(SHEET_WIDTH_MM - x for x in page)) for page in self.folds_mm)

    def fit_job(
        self,
        layout_at: LayoutAt,
        job: Job,
        output: str,
        content: Content,
        model: SpreadModel | None = None,
        guess: tuple[float, float] | None = None,
        faces: tuple = (),
    ) -> Fitted:
        """Try 12 pt, then smaller steps to the floor, packing myths whole into panels.

        At each size the first layout measures every myth (its plan guessed from the
        length of the text, or planned outright from a like kit's model); the panels are
        then planned from those heights, and laid out once more to draw them. A layout is
        kept only once it is the plan its own heights call for, so the leaflet is the same
        whichever way the fit came to it.
        """
        fitting = _Fitting(self, layout_at, content, model)
        size, rule = job.fit.ceiling_pt, job.fit
        while size >= rule.floor_pt - 1e-9:
            fitted = fitting.at(size, last_size=size - rule.step_pt < rule.floor_pt - 1e-9)
            if fitted:
                return fitted
            size -= rule.step_pt
        raise _too_long(output, rule, fitting.last, fitting.last_document)

    def try_hint(self, layout_at: LayoutAt, hint: FitHint, content: Content) -> Fitted | None:
        spread = Spread.from_state(hint.state, len(MYTH_HOLDERS), len(content.myths))
        if spread is None:
            return None
        sheets = self.sheets(content.myths, spread.plan, spread.cards, content.direction)
        document, html = layout_at(hint.size_pt, sheets=sheets)
        panels = inspect(document)
        measures, exact = measures_of(panels, content.myths)
        if not (exact and _fits(panels, document) and plan_spread(measures) == spread):
            return None
        return Fitted(
            document, hint.size_pt, 1, html, state=spread.state, panel_fill=panel_fill(panels)
        )

    def sample_html(self, renderer, job: Job) -> str:
        myths = renderer.content.myths
        sheets = self.sheets(myths, first_plan(myths), direction=renderer.content.direction)
        return self.html(renderer, job, job.fit.floor_pt, sheets=sheets)

    @staticmethod
    def sheets(
        myths: tuple[Myth, ...],
        plan: tuple[int, ...],
        cards: tuple[float, ...] = (),
        direction: str = "ltr",
    ) -> tuple[tuple[Panel, ...], ...]:
        """The two sheets' panels, with the myths each holds under `plan` (counts per
        holder), each card drawn at its height in `cards` (none: as tall as its text), each
        panel where a leaflet in `direction` has it. Each sheet keeps its panels in the
        order of OUTSIDE and INSIDE, the order of the template's sections."""
        cards = cards or (0.0,) * len(myths)
        groups, start = {}, 0
        for holder, count in zip(MYTH_HOLDERS, plan, strict=True):
            groups[holder] = (myths[start : start + count], cards[start : start + count])
            start += count
        filled = tuple(
            tuple(
                replace(panel, myths=groups[panel.name][0], cards=groups[panel.name][1])
                if panel.name in groups
                else panel
                for panel in sheet
            )
            for sheet in (OUTSIDE, INSIDE)
        )
        if direction == "rtl":
            return tuple(tuple(panel.mirrored() for panel in sheet) for sheet in filled)
        return filled


class _Fitting:
    """One leaflet's fit in progress: its layouts so far, and what they measured."""

    def __init__(self, leaflet: Leaflet, layout_at: LayoutAt, content: Content, model):
        self.leaflet, self.layout_at = leaflet, layout_at
        self.myths, self.direction = content.myths, content.direction
        self.model = model if isinstance(model, SpreadModel) else SpreadModel({})
        self.passes, self.last, self.last_document = 0, None, None

    def at(self, size: float, last_size: bool) -> Fitted | None:
        """The leaflet at `size`, planned and drawn; None if it does not fit at that size."""
        known = self.model.at(size)
        spread = plan_spread(known) if known else None
        if known and spread is None and not last_size:
            return None  # measured before: nothing fits at this size (the floor is laid
            # out all the same, for the error to name the panel)
        spread = spread or Spread.natural(first_plan(self.myths))
        tried = set()
        for _ in range(MAX_PLANS_PER_SIZE):
            sheets = self.leaflet.sheets(self.myths, spread.plan, spread.cards, self.direction)
            document, html = self.layout_at(size, sheets=sheets)
            self.passes += 1
            panels = self.last = inspect(document)
            self.last_document = document
            measures, exact = measures_of(panels, self.myths)
            if exact:
                self.model = self.model.learn(size, measures)
            wanted = plan_spread(measures)
            if exact and wanted == spread and _fits(panels, document):
                return Fitted(
                    document,
                    size,
                    self.passes,
                    html,
                    state=spread.state,
                    model=self.model,
                    panel_fill=panel_fill(panels),
                )
            tried.add(spread)
            if wanted is None and not exact:
                # The estimates see no fit; only the heights measured so far can rule it out.
                wanted = plan_spread(lower_bounds(panels, self.myths, measures))
            if wanted is None or wanted in tried:
                return None
            spread = wanted
        return None


def _fits(panels: dict[str, PanelLayout], document: weasyprint.Document) -> bool:
    return len(document.pages) == 2 and not any(p.overflow for p in panels.values())


def panel_fill(panels: dict[str, PanelLayout]) -> tuple[float, ...]:
    """How far down the sheet each inside panel's cards reach, for the manifest."""
    return tuple(round(panels[name].fill, 3) for name in INSIDE_PANELS)


def measures_of(panels: dict[str, PanelLayout], myths) -> tuple[Measures, bool]:
    """What the planner needs from a layout, and whether it is exact: every myth laid out
    whole. A myth the layout cut short, or never reached, is estimated from its text."""
    holders = tuple(
        Holder(panels[name].top, panels[name].available, panels[name].fixed, name in INSIDE_PANELS)
        for name in MYTH_HOLDERS
    )
    measured = _whole(panels)
    exact = all(m.id in measured for m in myths)
    measures = Measures(holders, tuple(_heights(panels, myths)), CARD_GAP_MM * PX_PER_MM, SHEET_PX)
    return measures, exact


def lower_bounds(panels, myths, measures: Measures) -> Measures:
    """The measures with each unmeasured myth at the least it can be: what was laid out of it."""
    measured = _whole(panels)
    partial = {k: v for p in panels.values() for k, v in p.myth_heights.items()}
    heights = tuple(measured.get(m.id, partial.get(m.id, 0.0)) for m in myths)
    return replace(measures, heights=heights)


def _whole(panels) -> dict[str, float]:
    """The heights of the myths laid out whole."""
    cut = {list(p.myth_heights)[-1] for p in panels.values() if p.cut and p.myth_heights}
    return {k: v for p in panels.values() for k, v in p.myth_heights.items() if k not in cut}


def _heights(panels, myths) -> list[float]:
    """Each myth's measured height; a myth the layout cut short, or never reached, is
    estimated from its text at the rate of the myths it did lay out whole."""
    measured = {k: v for p in panels.values() for k, v in p.myth_heights.items()}
    whole_heights = _whole(panels)
    whole = [m for m in myths if m.id in whole_heights]
    if whole:
        per_letter = sum(whole_heights[m.id] for m in whole) / sum(_weight(m) for m in whole)
    else:
        per_letter = PANEL_ROOM_PX / LETTERS_PER_PANEL
    return [
        whole_heights[m.id]
        if m.id in whole_heights
        else max(measured.get(m.id, 0.0), _weight(m) * per_letter)
        for m in myths
    ]


def _weight(myth: Myth) -> float:
    """How much room a myth's text takes, in letters of body text, roughly."""
    return 1.3 * len(plain_text(myth.statement)) + len(plain_text(myth.rebuttal)) + 80


def first_plan(myths: tuple[Myth, ...]) -> tuple[int, ...]:
    """A first guess from the length of the text: balance letters across the panels."""
    weights = [_weight(m) for m in myths]
    # The intro and lead-in, in the panel that opens the leaflet.
    fixed = [450.0 if name == OPENING_PANEL else 0.0 for name in MYTH_HOLDERS]
    best, best_score = None, None
    for plan in splits(len(weights), len(MYTH_HOLDERS)):
        fills, start = [], 0
        for index, count in enumerate(plan):
            fills.append((fixed[index] + sum(weights[start : start + count])) / LETTERS_PER_PANEL)
            start += count
        score = (max(fills), plan[0])  # ties: keep the first panel for the introduction
        if best_score is None or score < best_score:
            best, best_score = plan, score
    return best


def inspect(document: weasyprint.Document) -> dict[str, PanelLayout]:
    """Measure every panel in the layout: room, use, and the height of each myth in it.

    A panel whose content runs past the foot of its page goes on at the top of the next
    (a back cover of a dozen long contacts, over the inside's second panel): it is cut.
    Measured by its part on the next page alone, it once seemed to fit, and the leaflet was
    made with contacts printed over a myth."""
    panels = {}
    for page in document.pages:
        for box in _descendants(page._page_box):
            element = getattr(box, "element", None)
            if element is None or not element.get("data-panel") or box.element_tag != "section":
                continue
            name = element.get("data-panel")
            if name in panels:
                panels[name] = replace(panels[name], cut=True)
            else:
                panels[name] = _measure_panel(box)
    return panels


def _measure_panel(panel) -> PanelLayout:
    top = panel.content_box_y()
    sheet_top = panel.border_box_y()
    bottom, fixed, myth_heights, ink = top, 0.0, {}, sheet_top
    floor = None  # the top of what is placed at the panel's foot, such as the back's colophon
    for child in panel.children:
        if "::" in (child.element_tag or ""):
            continue  # a decorative layer such as the cover's colour, not content
        if child.style["position"] == "absolute":
            floor = child.position_y if floor is None else min(floor, child.position_y)
            continue
        child_bottom = child.position_y + child.margin_height()
        bottom = max(bottom, child_bottom)
        myth_id = child.element.get("data-myth") if child.element is not None else None
        if myth_id:
            myth_heights[myth_id] = _natural_height(child)
            ink = max(ink, child.border_box_y() + child.border_height())
        else:
            fixed += child.margin_height()
    # The room is the sheet's height less the panel's own padding, not the panel's laid-out
    # height: WeasyPrint stretches an absolutely placed box to hold content that overflows,
    # and cuts it at the foot of the page, dropping its bottom padding.
    style = panel.style
    frame = (
        style["padding_top"].value
        + style["padding_bottom"].value
        + style["border_top_width"]
        + style["border_bottom_width"]
    )
    cut = panel.padding_bottom < style["padding_bottom"].value - 0.5
    available = SHEET_PX - frame
    if floor is not None:
        # What is placed at the foot is drawn over whatever reaches it: the back cover's
        # contacts and QR code over its colophon, with eight long contacts. The flow above
        # it has the room down to it, less a gap.
        available = min(available, floor - FOOT_GAP_PX - top)
    return PanelLayout(
        panel.element.get("data-panel"),
        available,
        fixed,
        bottom - top,
        myth_heights,
        cut,
        top - sheet_top,
        ink - sheet_top,
    )


def _natural_height(card) -> float:
    """A card's height as its text needs it, however tall it is drawn: its children's
    extent and its own padding and borders, rounded so that every layout agrees."""
    start = card.content_box_y()
    end = max((child.position_y + child.margin_height() for child in card.children), default=start)
    frame = card.padding_top + card.padding_bottom + card.border_top_width
    return round(end - start + frame + card.border_bottom_width, 2)


def _descendants(box):
    for child in getattr(box, "children", ()):
        yield child
        yield from _descendants(child)


def _too_long(
    output: str,
    rule: FitRule,
    panels: dict[str, PanelLayout] | None,
    document: weasyprint.Document | None = None,
) -> FitError:
    floor = f"at the {rule.floor_pt:g} pt floor for {rule.what}"
    worst = max(panels.values(), key=lambda p: p.overflow) if panels else None
    if worst is None or worst.overflow == 0:
        return FitError(
            f"{output}: the leaflet does not fit on two pages {floor}",
            Overflow(output, rule.floor_pt),
        )
    room = max(panels[name].available - panels[name].fixed for name in MYTH_HOLDERS)
    if worst.name == "back cover" and document is not None:
        back = back_cover(document, worst)
        if back.contacts:
            return FitError(
                f"{output}: the back cover {back.overflows} {floor}. {back.advice}",
                Overflow(output, rule.floor_pt, back.overflow / PX_PER_MM, worst.name),
            )
    if worst.cut and worst.myth_heights:
        detail = f": myth '{list(worst.myth_heights)[-1]}' is cut off at the foot of the panel"
        amount = "overflows"
    elif worst.cut:  # how far it ran on is not measured: its part on the next page is laid
        detail, amount = "", "runs past the foot of the page"  # out as a panel of its own
    else:
        detail = ""
        amount = f"overflows by {worst.overflow / PX_PER_MM:.0f} mm"
        tallest = max(
            ((h, i) for p in panels.values() for i, h in p.myth_heights.items()), default=None
        )
        if tallest and tallest[0] > room:
            detail = (
                f": myth '{tallest[1]}' alone needs {tallest[0] / PX_PER_MM:.0f} mm, "
                f"and a panel has {room / PX_PER_MM:.0f} mm"
            )
    advice = KIT_PANELS.get(worst.name, "Shorten the text.")
    measured = None if worst.cut else worst.overflow / PX_PER_MM
    return FitError(
        f"{output}: the {worst.name} {amount} {floor}{detail}. {advice}",
        Overflow(output, rule.floor_pt, measured, worst.name),
    )


@dataclass(frozen=True)
class BackCover:
    """What the back cover's kit words need, in CSS px, measured over every page its panel
    ran onto: each contact, the block they make with their heading and the QR code, and
    the room the panel has for that block above its foot (source and review note)."""

    contacts: tuple[float, ...]
    reach: float
    room: float
    review_note: bool
    whole: bool = True  # every part was laid out (else `reach` is the least it needs)

    @property
    def overflow(self) -> float:
        return max(self.reach - self.room, 1.0)

    @property
    def overflows(self) -> str:
        least = "" if self.whole else "at least "
        return f"overflows by {least}{whole_mm(self.overflow / PX_PER_MM)} mm"

    @property
    def most(self) -> int:
        """How many contacts as long as these, on average, the room holds."""
        each = sum(self.contacts) / len(self.contacts)
        return max(0, int((self.room - (self.reach - sum(self.contacts))) / each))

    @property
    def advice(self) -> str:
        count, most = len(self.contacts), self.most
        review = ", or shorten the review note" if self.review_note else ""
        cut = whole_mm(self.overflow / PX_PER_MM)
        taken = f"The kit's {count} contacts need {sum(self.contacts) / PX_PER_MM:.0f} mm"
        if most == 0:
            beside = "the QR code and the review note" if self.review_note else "the QR code"
            return (
                f"{taken}, and beside {beside} it has no room for even one of that length: "
                f"{CONTACTS_ADVICE}{review}."
            )
        room = "only 1 of that length" if most == 1 else f"{most} of that length"
        fewer = count - most
        return (
            f"{taken}, and it has room for {room}. To make them fit, {CONTACTS_ADVICE} "
            f"({fewer} fewer, or {'at least ' if not self.whole else ''}{cut} mm shorter in "
            f"all){review}."
        )


def back_cover(document: weasyprint.Document, panel: PanelLayout) -> BackCover:
    """The back cover's kit words as `document` laid them out (`panel`: its layout).

    Each part is measured by its own boxes, summed over the pages it ran onto: the part of
    a cut panel on its first page is drawn down to the foot of the page, whatever it
    holds, so the block's own height would count that room as used."""
    heights: dict[object, float] = {}
    kinds: dict[object, str] = {}
    review, room, top, count = False, panel.available, None, 0
    for page in document.pages:
        for box in _outermost(page._page_box):
            classes = box.element.get("class", "").split()
            if box.element.get("data-panel") == panel.name:
                top = box.content_box_y()  # its part on this page
            elif box.element.get("data-reach") is not None:
                count = int(box.element.get("data-reach") or 0)
            elif kind := next((c for c in classes if c in REACH_PARTS), None):
                heights[box.element] = heights.get(box.element, 0.0) + box.margin_height()
                kinds[box.element] = kind
            elif "review-note" in classes:
                review = True
            elif "colophon" in classes and top is not None:
                # The foot, on whichever page the panel's part holds it: the room ends
                # above it, as the layout's does (_measure_panel).
                room = min(room, box.position_y - FOOT_GAP_PX - top)
    laid_out = [h for element, h in heights.items() if kinds[element] == "contact"]
    # Contacts so many that the layout ran out of pages before them: as long as the others.
    each = sum(laid_out) / len(laid_out) if laid_out else 0.0
    unseen = (each,) * (count - len(laid_out))
    reach = sum(heights.values()) + sum(unseen)
    whole = len(laid_out) == count
    return BackCover((*laid_out, *unseen), reach, room, review, whole)


def _outermost(box, element=None):
    """Every box below `box` that is the outermost of its element's boxes: not the
    anonymous boxes WeasyPrint makes inside an element, which carry the element too."""
    for child in getattr(box, "children", ()):
        own = getattr(child, "element", None)
        if own is not None and own is not element:
            yield child
        yield from _outermost(child, own if own is not None else element)
