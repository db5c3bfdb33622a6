"""The fit: fixed furniture, a region model that predicts the layout, and a size that depends
on nothing but the kit's own inputs, however much the process has already learnt."""

import pytest

from mythprint.batch.build import jobs_for
from mythprint.errors import whole_mm
from mythprint.formats.registry import FORMATS
from mythprint.inputs.brand import load_brand
from mythprint.inputs.content import load_content
from mythprint.paths import DEFAULT_BRANDS_DIR, DEFAULT_CONTENT
from mythprint.pdf.fit import choose, fit_font_size
from mythprint.pdf.measure import measure
from mythprint.pdf.region import region_model
from mythprint.pdf.render import Renderer

KITS = ("default", "example-partnership")
POSTERS = ("poster", "myth-posters")


@pytest.fixture(scope="module")
def renderers():
    content = load_content(DEFAULT_CONTENT)
    return {slug: Renderer(content, load_brand(DEFAULT_BRANDS_DIR, slug)) for slug in KITS}


def layout_at(renderer, job):
    target = FORMATS[job.format]

    def lay(size_pt, **extra):
        html = target.html(renderer, job, size_pt, **extra)
        return renderer.layout(html, job.stylesheets), html

    return lay


@pytest.mark.parametrize("slug", KITS)
def test_the_furniture_is_the_same_at_every_type_size(renderers, slug):
    """Header and colophon never scale with the fit, so a series keeps one look and the
    region can be fitted alone."""
    renderer = renderers[slug]
    for job in jobs_for(POSTERS, renderer.content):
        lay = layout_at(renderer, job)
        low = measure(lay(job.fit.floor_pt)[0])
        high = measure(lay(job.fit.floor_pt + 1.5)[0])
        assert low.region is not None and high.region is not None, job.filename
        assert high.region > low.region, job.filename  # the region does scale
        assert high.furniture == pytest.approx(low.furniture, abs=0.01), job.filename


@pytest.mark.parametrize("slug", KITS)
def test_the_region_model_predicts_the_layout_at_other_sizes(renderers, slug):
    renderer = renderers[slug]
    for job in jobs_for(POSTERS, renderer.content):
        lay = layout_at(renderer, job)
        floor = job.fit.floor_pt
        model = region_model(lay(floor)[0], floor, renderer.brand.faces)
        assert model.height(floor) == pytest.approx(measure(lay(floor)[0]).region, abs=0.01)
        for size in (floor + 0.75, floor + 2.25, floor + 4.5):
            actual = measure(lay(size)[0])
            if actual.region is not None:
                assert model.height(size) == pytest.approx(actual.region, abs=2), (job, size)


def test_a_model_from_another_kit_chooses_what_a_fit_from_scratch_chooses(renderers):
    """The region depends on the text and fonts only: a model one kit measured serves another,
    saves its layouts, and never changes its size."""
    first, second = renderers["default"], renderers["example-partnership"]
    for job_first, job_second in zip(
        jobs_for(POSTERS, first.content), jobs_for(POSTERS, second.content), strict=True
    ):
        learnt = fit_font_size(
            layout_at(first, job_first), job_first.fit, "x", faces=first.brand.faces
        )
        cold = fit_font_size(
            layout_at(second, job_second), job_second.fit, "x", faces=second.brand.faces
        )
        warm = fit_font_size(
            layout_at(second, job_second),
            job_second.fit,
            "x",
            learnt.model,
            learnt.furniture,
            second.brand.faces,
        )
        assert warm.size_pt == cold.size_pt, job_second.filename
        assert warm.html == cold.html
        assert cold.passes == 2 and warm.passes <= 2


def test_the_size_chosen_fills_the_page_and_one_step_more_would_not_fit(renderers):
    renderer = renderers["default"]
    for job in jobs_for(POSTERS, renderer.content):
        lay = layout_at(renderer, job)
        fitted = fit_font_size(lay, job.fit, "x", faces=renderer.brand.faces)
        assert measure(fitted.document).fits
        if fitted.size_pt < job.fit.ceiling_pt:
            bigger = measure(lay(fitted.size_pt + job.fit.step_pt)[0])
            furniture, page = fitted.furniture
            # Either the next step overflows, or the model, seeing a line more, chose less.
            predicted = furniture + fitted.model.height(fitted.size_pt + job.fit.step_pt)
            assert not bigger.fits or predicted > page * 0.998, job.filename


def test_choose_never_goes_below_the_floor(renderers):
    renderer = renderers["default"]
    job = jobs_for(["myth-posters"], renderer.content)[0]
    lay = layout_at(renderer, job)
    model = region_model(lay(job.fit.floor_pt)[0], job.fit.floor_pt, renderer.brand.faces)
    assert choose(model, furniture=5000, available=1000, rule=job.fit) == job.fit.floor_pt


@pytest.mark.parametrize(
    ("millimetres", "said"),
    [(10.0, 10), (10.2, 11), (10.0004, 10), (0.3, 1), (0.0, 1), (21.6, 22)],
)
def test_how_far_a_text_runs_on_is_said_alike_everywhere_rounded_up(millimetres, said):
    """The CLI's poster message said 10.2 mm as "10 mm" (too little to cut), the leaflet's
    "11 mm", and the studio "10 mm": each now says the same whole millimetres, rounded up,
    as cutting that much is what makes it fit (a hair over, a measuring slip, is not)."""
    assert whole_mm(millimetres) == said
