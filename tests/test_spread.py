"""The leaflet's planner, from heights alone: which myths share a panel, and how tall each
card is drawn so that the inside spread ends on one line."""

import pytest

from mythprint.formats.spread import (
    FILL_FLOOR,
    MOST_STRETCH,
    Holder,
    Measures,
    Spread,
    SpreadModel,
    plan_spread,
)
from mythprint.pdf.region import model_from_json

SHEET = 793.7  # 210 mm in CSS px
TOP, ROOM, GAP = 41.6, 718.1, 22.7
# The leaflet's holders in reading order: inside panel 1, which opens it with the
# introduction; the flap, beside it when the cover opens; inside panels 2 and 3.
OPENING = Holder(TOP, ROOM, fixed=250.0, inside=True)
FLAP = Holder(TOP, ROOM, fixed=0.0, inside=False)
INSIDE = Holder(TOP, ROOM, fixed=0.0, inside=True)


def measures(*heights: float) -> Measures:
    return Measures((OPENING, FLAP, INSIDE, INSIDE), heights, GAP, SHEET)


def inside(found: list[float]) -> list[float]:
    """Of each holder's end, the inside panels': all but the flap's."""
    return [found[0], *found[2:]]


def ends(plan_of: Measures, spread: Spread) -> list[float]:
    """Where each holder's cards end, as drawn, from the top of the sheet."""
    found, start = [], 0
    for holder, count in zip(plan_of.holders, spread.plan, strict=True):
        cards = [
            max(drawn, natural)
            for drawn, natural in zip(
                spread.cards[start : start + count],
                plan_of.heights[start : start + count],
                strict=True,
            )
        ]
        found.append(holder.top + holder.fixed + sum(cards) + GAP * max(count - 1, 0))
        start += count
    return found


def test_the_inside_panels_are_drawn_to_the_line_where_the_fullest_ends():
    shipped = measures(265, 373, 399, 313, 330)  # the guide at 12 pt, as laid out
    spread = plan_spread(shipped)
    assert spread.plan == (1, 1, 1, 2)
    found = inside(ends(shipped, spread))
    assert max(found) - min(found) < 0.1
    assert max(found) == pytest.approx(TOP + 313 + GAP + 330, abs=0.1)  # the fullest's own


def test_the_flap_is_drawn_to_the_same_line():
    shipped = measures(265, 373, 399, 313, 330)
    spread = plan_spread(shipped)
    first, flap, *_ = ends(shipped, spread)
    assert flap == pytest.approx(first, abs=0.1)


def test_the_introduction_alone_leaves_the_first_panel_short_where_a_myth_can_join_it():
    """Short text (the Urdu sample's heights at 12 pt): with the introduction alone in
    inside panel 1, the line falls to the fill floor and the panel ends far above it, its
    room blank; with Myth 1 under it, every panel holds a card drawn to one line."""
    short = measures(243, 262, 286, 224, 198)
    spread = plan_spread(short)
    assert spread.plan[0] >= 1 and all(spread.plan)
    found = inside(ends(short, spread))
    assert max(found) - min(found) < 0.1


def test_no_split_that_overflows_a_panel_is_chosen_and_none_is_found_when_none_fits():
    assert plan_spread(measures(300, 700, 700, 700, 300)) is None
    spread = plan_spread(measures(265, 420, 420, 330, 330))
    assert all(end <= TOP + ROOM for end in ends(measures(265, 420, 420, 330, 330), spread))


def test_three_myths_leave_no_panel_blank():
    """Three myths for four holders: one holds none. Inside panel 1 keeps the introduction
    alone, and the flap, the inside panels 2 and 3 a myth each: no panel is bare paper."""
    spread = plan_spread(measures(300, 300, 300))
    assert spread.plan == (0, 1, 1, 1)


def test_a_card_more_than_half_empty_is_avoided_where_another_split_can():
    """Four short myths and a long one: putting the long one alone would leave the others'
    cards mostly empty; the planner shares the room out instead."""
    given = measures(120, 120, 120, 120, 500)
    spread = plan_spread(given)
    start = 0
    for end, holder, count in zip(ends(given, spread), given.holders, spread.plan, strict=True):
        natural = holder.fixed + sum(given.heights[start : start + count])
        natural += GAP * max(count - 1, 0)
        assert end - TOP <= MOST_STRETCH * natural + 0.1
        start += count


def test_short_text_balances_without_being_stretched_to_the_floor():
    """Half-length myths cannot fill two thirds of three panels without cards mostly empty:
    they end together, where the fullest panel's own text ends."""
    short = measures(130, 185, 200, 155, 165)
    spread = plan_spread(short)
    found = inside(ends(short, spread))
    assert max(found) - min(found) < 0.1
    assert max(found) < FILL_FLOOR * SHEET


def test_text_a_little_short_is_drawn_down_to_the_floor():
    nearly = measures(180, 250, 270, 210, 220)
    spread = plan_spread(nearly)
    natural = inside(ends(nearly, Spread.natural(spread.plan)))
    assert max(natural) < FILL_FLOOR * SHEET  # no panel's own text reaches the floor
    assert min(inside(ends(nearly, spread))) >= FILL_FLOOR * SHEET


def test_the_same_heights_make_the_same_plan():
    assert plan_spread(measures(265, 373, 399, 313, 330)) == plan_spread(
        measures(265, 373, 399, 313, 330)
    )


def test_a_spread_survives_a_fit_hint_and_a_model_the_cache():
    spread = plan_spread(measures(265, 373, 399, 313, 330))
    assert Spread.from_state(list(spread.state), 4, 5) == spread
    assert Spread.from_state(list(spread.state), 4, 6) is None  # another text: no hint
    model = SpreadModel({12.0: measures(265, 373, 399, 313, 330)})
    assert model_from_json(model.as_json()) == model
