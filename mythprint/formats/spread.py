"""Plans the leaflet's panels from measured heights: which myths share a panel, and how far
each myth's card reaches, so that the inside spread ends on one line.

The myths keep their order and each stays whole in one panel. Every split of them over the
panels is scored from the heights a layout measured; the one kept fits and balances best.
Each inside panel's cards are then drawn taller, their tint and rule reaching the line
where the fullest inside panel ends, so that the three panels end together (the inside
flap, beside the first of them when the cover opens, joins them). The holders come in
reading order: the first, which opens the leaflet, holds the introduction before its myths
(`Holder.fixed`). Nothing here lays out:
the heights come from `leaflet.inspect`, and the same heights always make the same plan.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import asdict, dataclass

# No inside panel ends above this fraction of the sheet, where the text is long enough.
FILL_FLOOR = 0.65
# A panel's cards are drawn at most this many times as tall as their text needs: a card
# more than half empty looks like a mistake, not a design.
MOST_STRETCH = 2.0
# Plan half a pixel inside each panel: the heights are exact, this absorbs their rounding.
FIT_MARGIN_PX = 0.5


@dataclass(frozen=True)
class Holder:
    """A panel that holds myths, as a layout measured it, in CSS px."""

    top: float  # where its content starts, from the top of the sheet
    room: float  # the height its content may take
    fixed: float  # what it holds before its myths: the introduction and lead-in, say
    inside: bool  # on the inside page: one of the three panels that must end together


@dataclass(frozen=True)
class Measures:
    """What one layout measured at one type size: enough to plan any split at that size."""

    holders: tuple[Holder, ...]
    heights: tuple[float, ...]  # each myth's card at its own height, in order
    gap: float  # between two cards in one panel
    sheet: float  # the sheet's height

    def as_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> Measures:
        holders = tuple(Holder(**holder) for holder in data["holders"])
        return cls(holders, tuple(data["heights"]), data["gap"], data["sheet"])


@dataclass(frozen=True)
class Spread:
    """How the myths are laid out: how many each holder takes, in order, and how tall each
    card is drawn (0: as tall as its text)."""

    plan: tuple[int, ...]
    cards: tuple[float, ...]

    @property
    def state(self) -> tuple:
        """The spread as a flat tuple of numbers, for a fit hint (it goes through JSON)."""
        return (*self.plan, *self.cards)

    @classmethod
    def from_state(cls, state, holders: int, myths: int) -> Spread | None:
        """The spread a hint holds; None if it does not suit these holders and myths."""
        if len(state) != holders + myths:
            return None
        plan = tuple(int(count) for count in state[:holders])
        if sum(plan) != myths or min(plan, default=0) < 0:
            return None
        return cls(plan, tuple(float(card) for card in state[holders:]))

    @classmethod
    def natural(cls, plan: tuple[int, ...]) -> Spread:
        """The split alone: every card as tall as its text."""
        return cls(plan, (0.0,) * sum(plan))


@dataclass(frozen=True)
class SpreadModel:
    """The leaflet's measures at each type size laid out: the same for every kit with this
    text, these fonts and this profile (the region key), so a like kit plans its panels
    before its first layout, and lays the leaflet out once."""

    kind = "leaflet"
    by_size: dict[float, Measures]

    def at(self, size_pt: float) -> Measures | None:
        return self.by_size.get(size_pt)

    def learn(self, size_pt: float, measures: Measures) -> SpreadModel:
        return SpreadModel({**self.by_size, size_pt: measures})

    def as_json(self) -> dict:
        sizes = [[size, measures.as_json()] for size, measures in sorted(self.by_size.items())]
        return {"kind": self.kind, "sizes": sizes}

    @classmethod
    def from_json(cls, data: dict) -> SpreadModel:
        return cls({float(size): Measures.from_json(m) for size, m in data["sizes"]})


def plan_spread(measures: Measures) -> Spread | None:
    """The split that fits and balances best, with its cards drawn to the common line;
    None if no split fits."""
    best, best_score = None, None
    for plan in splits(len(measures.heights), len(measures.holders)):
        scored = _score(measures, plan)
        if scored is not None and (best_score is None or scored[0] < best_score):
            best_score, best = scored
    return best


def splits(myths: int, holders: int):
    """Every way to deal `myths` myths, in order, over `holders` holders."""
    for cuts in itertools.combinations_with_replacement(range(myths + 1), holders - 1):
        bounds = (0, *cuts, myths)
        yield tuple(bounds[i + 1] - bounds[i] for i in range(holders))


def _score(measures: Measures, plan: tuple[int, ...]):
    """(score, spread) for one split, lower scores better; None if it does not fit.

    In order of weight: no holder left without a myth (the introduction alone leaves the
    first panel short of the line, and the flap holds nothing else); no card drawn more
    than twice its height; the inside panels reaching the fill floor; then the least empty
    room, counted so that one very empty panel weighs more than several a little emptier;
    and, last, the fewest myths in the first holder, which introduces them.
    """
    holders, stacks = measures.holders, _stacks(measures.heights, plan)
    content = [
        h.fixed + sum(s) + measures.gap * max(len(s) - 1, 0)
        for h, s in zip(holders, stacks, strict=True)
    ]
    if any(c > h.room - FIT_MARGIN_PX for c, h in zip(content, holders, strict=True)):
        return None
    filled = [i for i, h in enumerate(holders) if h.inside and stacks[i]]
    empty_panels = sum(1 for stack in stacks if not stack)
    if not filled:
        return (empty_panels, 0.0, True, 0.0, plan[0]), Spread.natural(plan)
    line = _line(measures, content, filled)
    # How far short of the line each holder's content ends (less than 0: below it).
    short = [line - h.top - c for h, c in zip(holders, content, strict=True)]
    overstretch = sum(max(0.0, line - holders[i].top - MOST_STRETCH * content[i]) for i in filled)
    # The flap, beside the first inside panel when the cover opens, should end with them
    # too: ending lower is as far off as ending higher.
    empty = [max(0.0, d) if h.inside else abs(d) for h, d in zip(holders, short, strict=True)]
    below_floor = line < _floor_line(measures)
    score = (empty_panels, overstretch, below_floor, sum(e * e for e in empty), plan[0])
    cards = []
    for i, (holder, stack) in enumerate(zip(holders, stacks, strict=True)):
        reaches = bool(stack) and _reaches(holder, content[i], line, i in filled)
        extra = short[i] / len(stack) if reaches else 0.0
        cards += [_drawn(height, extra) for height in stack]
    return score, Spread(plan, tuple(cards))


def _stacks(heights: tuple[float, ...], plan: tuple[int, ...]) -> list[tuple[float, ...]]:
    """The heights of the myths each holder takes under `plan`."""
    stacks, start = [], 0
    for count in plan:
        stacks.append(heights[start : start + count])
        start += count
    return stacks


def _drawn(height: float, extra: float) -> float:
    """A card's height drawn `extra` taller; 0 (as tall as its text) when that is nothing.
    Rounded down, so that a panel never ends below the line."""
    return math.floor((height + extra) * 100) / 100 if extra > 0.01 else 0.0


def _line(measures: Measures, content: list[float], filled: list[int]) -> float:
    """Where the inside panels end, from the top of the sheet: where the fullest ends, or
    the fill floor if every panel can reach it without a card more than half empty."""
    holders = measures.holders
    line = max(holders[i].top + content[i] for i in filled)
    floor = _floor_line(measures)
    if line < floor and all(
        floor - holders[i].top <= MOST_STRETCH * content[i]
        and floor - holders[i].top <= holders[i].room - FIT_MARGIN_PX
        for i in filled
    ):
        return floor
    return line


def _floor_line(measures: Measures) -> float:
    """The fill floor, from the top of the sheet: a pixel below it, so that no rounding
    leaves a panel short of it."""
    return FILL_FLOOR * measures.sheet + 1.0


def _reaches(holder: Holder, content: float, line: float, filled: bool) -> bool:
    """Whether a holder's cards are drawn down to the line: every filled inside panel's
    are; the flap's too, if it holds myths and the line is within twice its height."""
    if holder.inside:
        return filled
    return content > holder.fixed and line - holder.top <= MOST_STRETCH * content
