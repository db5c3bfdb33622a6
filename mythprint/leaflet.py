"""The DL roll-fold leaflet: fixed panels, myths packed into them whole, checked in the layout."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .content import Content, Myth
from .errors import FitError
from .fit import PX_PER_MM, FitHint, FitRule, Fitted, LayoutAt, RegionModel
from .inline import plain_text
from .targets import Job, Target

if TYPE_CHECKING:
    import weasyprint

SHEET_HEIGHT_MM = 210


@dataclass(frozen=True)
class Panel:
    """One panel of the sheet: where it sits on the paper, and the myths it holds."""

    name: str
    role: str
    left_mm: float
    width_mm: float
    bleed_edges: tuple[str, ...] = ()
    myths: tuple[Myth, ...] = ()


# The outside of the sheet, in reading order: front cover, inside flap, back cover.
# On the paper, left to right: flap (97) | back cover (100) | front cover (100).
OUTSIDE = (
    Panel("front cover", "front", 197, 100, ("top", "right", "bottom")),
    Panel("inside flap", "flap", 0, 97),
    Panel("back cover", "back", 97, 100),
)
# The inside, left to right and in reading order: 100 | 100 | 97 (the flap's back).
INSIDE = (
    Panel("inside panel 1", "inside", 0, 100),
    Panel("inside panel 2", "inside", 100, 100),
    Panel("inside panel 3", "inside", 200, 97),
)
# The panels that hold myths, in reading order; the flap holds the intro first.
MYTH_HOLDERS = ("inside flap", "inside panel 1", "inside panel 2", "inside panel 3")
SAFETY = 0.99  # plan to 99% of a panel: narrower panels can wrap a line differently
# Roughly how many letters of 12 pt body text a panel holds, and its room in CSS px: the
# first plan's yardstick, before any layout has measured the myths.
LETTERS_PER_PANEL = 1300.0
PANEL_ROOM_PX = (SHEET_HEIGHT_MM - 20) * 96 / 25.4
MAX_PLANS_PER_SIZE = 3


@dataclass(frozen=True)
class PanelLayout:
    """What the layout made of one panel, in CSS px."""

    name: str
    available: float
    fixed: float  # what the panel holds besides myths
    used: float
    myth_heights: dict[str, float]
    cut: bool = False  # the layout cut the panel at the foot of the page: it overflows

    @property
    def overflow(self) -> float:
        if self.cut:
            return max(self.used - self.available, 1.0)
        return max(0.0, self.used - self.available)


class Leaflet(Target):
    """Two A4 landscape pages that fold into a DL leaflet."""

    name = "leaflet"
    template = "leaflet.html.j2"
    stylesheets = ("base.css", "leaflet.css")
    fit = FitRule(what="body text", floor_pt=11, ceiling_pt=12, start_pt=12, step_pt=0.5)
    folds_mm = ((97, 197), (100, 200))
    logo_height_mm = 14
    read_last = 2  # the back cover: a folded leaflet is read front, flap, inside, back

    def jobs(self, content: Content) -> list[Job]:
        return [Job(self.name, "leaflet-dl.pdf", self.template, self.stylesheets, self.fit)]

    def describe(self, job: Job) -> str:
        return "DL leaflet to fold"

    def fit_job(
        self,
        layout_at: LayoutAt,
        job: Job,
        output: str,
        content: Content,
        model: RegionModel | None = None,
        guess: tuple[float, float] | None = None,
        faces: tuple = (),
    ) -> Fitted:
        """Try 12 pt, then smaller steps to the floor, packing myths whole into panels.

        The first plan comes from the length of the text; the layout then measures every
        myth, and the plan is redone from those heights when they show a better balance.
        """
        myths, passes, size, last = content.myths, 0, job.fit.ceiling_pt, None
        while size >= job.fit.floor_pt - 1e-9:
            plan, tried, fitting = first_plan(myths), set(), None
            for _ in range(MAX_PLANS_PER_SIZE):
                document, html = layout_at(size, sheets=self.sheets(myths, plan))
                passes += 1
                panels = inspect(document)
                tried.add(plan)
                if _fits(panels, document):
                    fitting = Fitted(document, size, passes, html, state=plan)
                last = panels
                better = best_plan(panels, myths, exclude=tried)
                if better is None or (fitting and not _clearly_better(panels, myths, better)):
                    break
                plan = better
            if fitting:
                return replace(fitting, passes=passes)
            size -= job.fit.step_pt
        raise _too_long(output, job.fit, last)

    def try_hint(self, layout_at: LayoutAt, hint: FitHint, content: Content) -> Fitted | None:
        plan = tuple(hint.state)
        if len(plan) != len(MYTH_HOLDERS) or sum(plan) != len(content.myths):
            return None
        document, html = layout_at(hint.size_pt, sheets=self.sheets(content.myths, plan))
        if not _fits(inspect(document), document):
            return None
        return Fitted(document, hint.size_pt, 1, html, state=plan)

    def sample_html(self, renderer, job: Job) -> str:
        myths = renderer.content.myths
        sheets = self.sheets(myths, first_plan(myths))
        return self.html(renderer, job, job.fit.floor_pt, sheets=sheets)

    @staticmethod
    def sheets(myths: tuple[Myth, ...], plan: tuple[int, ...]) -> tuple[tuple[Panel, ...], ...]:
        """The two sheets' panels, with the myths each holds under `plan` (counts per holder)."""
        groups, start = {}, 0
        for holder, count in zip(MYTH_HOLDERS, plan, strict=True):
            groups[holder] = tuple(myths[start : start + count])
            start += count
        return tuple(
            tuple(replace(panel, myths=groups.get(panel.name, ())) for panel in sheet)
            for sheet in (OUTSIDE, INSIDE)
        )


def _fits(panels: dict[str, PanelLayout], document: weasyprint.Document) -> bool:
    return len(document.pages) == 2 and not any(p.overflow for p in panels.values())


def _clearly_better(panels, myths, plan) -> bool:
    """Worth another pass: the fullest panel would be at least 5 points emptier."""
    now = max(panels[name].used / panels[name].available for name in MYTH_HOLDERS)
    return _fullest(panels, myths, plan) < now - 0.05


def _fullest(panels, myths, plan) -> float:
    fixed = [panels[name].fixed for name in MYTH_HOLDERS]
    available = [panels[name].available for name in MYTH_HOLDERS]
    return max(_fills(_heights(panels, myths), fixed, available, plan))


def _fills(heights, fixed, available, plan: tuple[int, ...]) -> list[float]:
    """How full each holder would be if it took `plan[i]` myths, in order."""
    fills, start = [], 0
    for index, count in enumerate(plan):
        fills.append((fixed[index] + sum(heights[start : start + count])) / available[index])
        start += count
    return fills


def _heights(panels, myths) -> list[float]:
    """Each myth's measured height; a myth the layout cut short, or never reached, is
    estimated from its text at the rate of the myths it did lay out whole."""
    measured = {k: v for p in panels.values() for k, v in p.myth_heights.items()}
    cut = {list(p.myth_heights)[-1] for p in panels.values() if p.cut and p.myth_heights}
    whole = [m for m in myths if m.id in measured and m.id not in cut]
    if whole:
        per_letter = sum(measured[m.id] for m in whole) / sum(_weight(m) for m in whole)
    else:
        per_letter = PANEL_ROOM_PX / LETTERS_PER_PANEL
    return [
        measured[m.id]
        if m.id in measured and m.id not in cut
        else max(measured.get(m.id, 0.0), _weight(m) * per_letter)
        for m in myths
    ]


def _weight(myth: Myth) -> float:
    """How much room a myth's text takes, in letters of body text, roughly."""
    return 1.3 * len(plain_text(myth.statement)) + len(plain_text(myth.rebuttal)) + 80


def first_plan(myths: tuple[Myth, ...]) -> tuple[int, ...]:
    """A first guess from the length of the text: balance letters across the panels."""
    weights = [_weight(m) for m in myths]
    fixed = [450.0, 0.0, 0.0, 0.0]  # the intro and lead-in on the flap
    available = [LETTERS_PER_PANEL] * len(MYTH_HOLDERS)
    return _best_split(weights, fixed, available, exclude=set(), strict=False)


def best_plan(panels: dict[str, PanelLayout], myths, exclude: set) -> tuple[int, ...] | None:
    """The split of myths over the panels that fits with the most room to spare."""
    heights = _heights(panels, myths)
    fixed = [panels[name].fixed for name in MYTH_HOLDERS]
    available = [panels[name].available * SAFETY for name in MYTH_HOLDERS]
    return _best_split(heights, fixed, available, exclude, strict=True)


def _best_split(heights, fixed, available, exclude, strict: bool):
    """Myths stay in order; choose how many each panel takes to minimise the fullest panel."""
    best, best_score = None, None
    holders = len(fixed)
    for cuts in itertools.combinations_with_replacement(range(len(heights) + 1), holders - 1):
        bounds = (0, *cuts, len(heights))
        plan = tuple(bounds[i + 1] - bounds[i] for i in range(holders))
        if plan in exclude:
            continue
        fills = _fills(heights, fixed, available, plan)
        if strict and max(fills) > 1:
            continue
        score = (max(fills), plan[0])  # ties: keep the flap for the introduction
        if best_score is None or score < best_score:
            best, best_score = plan, score
    return best


def inspect(document: weasyprint.Document) -> dict[str, PanelLayout]:
    """Measure every panel in the layout: room, use, and the height of each myth in it."""
    panels = {}
    for page in document.pages:
        for box in _descendants(page._page_box):
            element = getattr(box, "element", None)
            if element is None or not element.get("data-panel") or box.element_tag != "section":
                continue
            panels[element.get("data-panel")] = _measure_panel(box)
    return panels


def _measure_panel(panel) -> PanelLayout:
    top = panel.content_box_y()
    bottom, fixed, myth_heights = top, 0.0, {}
    for child in panel.children:
        if "::" in (child.element_tag or ""):
            continue  # a decorative layer such as the cover's colour, not content
        child_bottom = child.position_y + child.margin_height()
        bottom = max(bottom, child_bottom)
        myth_id = child.element.get("data-myth") if child.element is not None else None
        if myth_id:
            myth_heights[myth_id] = child.margin_height()
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
    available = SHEET_HEIGHT_MM * PX_PER_MM - frame
    return PanelLayout(
        panel.element.get("data-panel"), available, fixed, bottom - top, myth_heights, cut
    )


def _descendants(box):
    for child in getattr(box, "children", ()):
        yield child
        yield from _descendants(child)


def _too_long(output: str, rule: FitRule, panels: dict[str, PanelLayout] | None) -> FitError:
    floor = f"at the {rule.floor_pt:g} pt floor for {rule.what}"
    worst = max(panels.values(), key=lambda p: p.overflow) if panels else None
    if worst is None or worst.overflow == 0:
        return FitError(f"{output}: the leaflet does not fit on two pages {floor}")
    room = max(panels[name].available - panels[name].fixed for name in MYTH_HOLDERS)
    if worst.cut and worst.myth_heights:
        detail = f": myth '{list(worst.myth_heights)[-1]}' is cut off at the foot of the panel"
        amount = "overflows"
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
    return FitError(f"{output}: the {worst.name} {amount} {floor}{detail}. Shorten the text.")
