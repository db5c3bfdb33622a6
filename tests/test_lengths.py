"""Longer or shorter text never crashes a build: each output fits within its floors, or is
refused with its own fit error, and the others are still made. A leaflet that is made has
a balanced inside spread."""

import math

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from mythprint.batch.build import build, jobs_for, output_path
from mythprint.errors import FitError
from mythprint.formats.registry import FORMATS
from mythprint.formats.spread import FILL_FLOOR
from mythprint.inputs.brand import load_brand
from mythprint.inputs.content import load_content
from mythprint.paths import DEFAULT_BRANDS_DIR
from mythprint.pdf.render import Renderer

from .conftest import panel_ends, raw_content
from .test_cli import write_content

SHORTEST, LONGEST = 0.2, 4.0
# Pages each fitted PDF must have.
PAGES = {"poster": 1, "myth-posters": 1, "leaflet": 2}
LEAFLET = "default/leaflet-dl.pdf"
# The leaflet's inside panels end within this fraction of the page of each other; and
# none ends above the fill floor once every myth is at least this long, against the guide's
# own (shorter myths cannot fill two thirds of three panels without cards mostly empty).
BALANCE = 0.15
LONG_ENOUGH = 0.75


def scaled(text: str, factor: float) -> str:
    """The text's own words, cut short or repeated, to `factor` times its length."""
    words = text.split()
    count = max(1, round(len(words) * factor))
    return " ".join((words * math.ceil(count / len(words)))[:count])


def write_scaled(path, factors: list[float]):
    myths = raw_content()["myths"]
    for myth, factor in zip(myths, factors, strict=True):
        myth["myth"] = scaled(myth["myth"], factor)
        myth["rebuttal"] = scaled(myth["rebuttal"], factor)
    return write_content(path, myths=myths)


def build_all(tmp_path, factors):
    content = load_content(write_scaled(tmp_path / "myths.yml", factors))
    brand = load_brand(DEFAULT_BRANDS_DIR, "default")
    report = build(content, brand, list(FORMATS), tmp_path / "out")
    jobs = jobs_for(FORMATS, content)
    renderer = Renderer(content, brand)
    return report, {output_path(renderer, job): job for job in jobs}


def assert_made_within_floors_or_refused(report, jobs):
    """Every output is accounted for exactly once, and never by a crash."""
    made = {item.entry.path: item.entry for item in report.rendered}
    refused = {}
    for failure in report.failures:
        assert isinstance(failure, FitError), failure.message  # never "failed unexpectedly"
        [path] = [p for p in jobs if failure.message.startswith(f"{p}: ")]
        refused[path] = failure.message
    assert set(made) | set(refused) == set(jobs) and not set(made) & set(refused)
    for path, entry in made.items():
        fit = jobs[path].fit
        if entry.format == "html":  # a browser sets the web edition's type
            assert entry.font_size_pt is None
            continue
        assert fit.floor_pt <= entry.font_size_pt <= fit.ceiling_pt, (path, entry.font_size_pt)
        if entry.format in PAGES:
            assert entry.pages == PAGES[entry.format], (path, entry.pages)
    for message in refused.values():
        assert "floor" in message and "Shorten the text" in message, message
    return made, refused


@settings(
    max_examples=8,
    deadline=None,
    derandomize=True,  # the same cases on every run: CI stays repeatable
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(st.floats(SHORTEST, LONGEST), min_size=5, max_size=5))
@example([SHORTEST] * 5)
@example([LONGEST] * 5)
@example([1.25] * 5)
@example([SHORTEST, LONGEST, 1.0, 2.0, 0.5])
@example([LONG_ENOUGH] * 5)
def test_any_length_is_made_within_its_floors_or_refused_with_a_fit_error(tmp_path, factors):
    report, jobs = build_all(tmp_path, factors)
    made, _ = assert_made_within_floors_or_refused(report, jobs)
    if LEAFLET in made:
        assert_balanced(tmp_path / "out" / LEAFLET, made[LEAFLET], long=min(factors) >= LONG_ENOUGH)


def assert_balanced(path, entry, long: bool) -> None:
    """The printed inside spread ends on one line, as the manifest says; low on the page too,
    where the myths are long enough."""
    ends = panel_ends(path, page=1)
    assert max(ends) - min(ends) <= BALANCE, ends
    assert entry.panel_fill == pytest.approx(ends, abs=0.005), (entry.panel_fill, ends)
    if long:
        assert min(ends) >= FILL_FLOOR, ends


def test_a_quarter_longer_makes_every_format_that_fits(tmp_path):
    report, jobs = build_all(tmp_path, [1.25] * 5)
    made, refused = assert_made_within_floors_or_refused(report, jobs)
    # The handout and the single-myth posters take a quarter more text in their stride;
    # whatever else is refused names its own file.
    assert "default/handout.docx" in made
    assert all(f"default/poster-a3-{m['id']}.pdf" in made for m in raw_content()["myths"])
    for path in refused:
        assert (tmp_path / "out" / path).exists() is False
    for path in made:
        assert (tmp_path / "out" / path).is_file()


def lengths(shortest: float):
    return st.lists(st.floats(shortest, 1.5), min_size=5, max_size=5)


@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.one_of(lengths(SHORTEST), lengths(LONG_ENOUGH)))
def test_every_leaflet_that_fits_has_a_balanced_inside_spread(tmp_path, factors):
    """Most lengths up to four times the guide's are too long for a leaflet: here, lengths
    around the guide's own, where a leaflet is usually made, each one checked; half of
    them long enough for the fill floor."""
    content = load_content(write_scaled(tmp_path / "myths.yml", factors))
    brand = load_brand(DEFAULT_BRANDS_DIR, "default")
    report = build(content, brand, ["leaflet"], tmp_path / "out")
    made, _ = assert_made_within_floors_or_refused(
        report, {LEAFLET: FORMATS["leaflet"].jobs(content)[0]}
    )
    if LEAFLET in made:
        assert_balanced(tmp_path / "out" / LEAFLET, made[LEAFLET], long=min(factors) >= LONG_ENOUGH)
