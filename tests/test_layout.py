"""Layout rules checked in WeasyPrint's layout tree, where a PDF no longer shows them."""

import dataclasses
import json
import logging

import pytest

from mythprint.batch.build import jobs_for
from mythprint.formats.leaflet import Leaflet, first_plan
from mythprint.formats.registry import FORMATS
from mythprint.inputs.brand import load_brand
from mythprint.inputs.content import load_content
from mythprint.paths import DEFAULT_BRANDS_DIR, DEFAULT_CONTENT
from mythprint.pdf.measure import measure
from mythprint.pdf.render import Renderer
from mythprint.pdf.weasyprint_log import benign_note

from .conftest import build_kit
from .test_cli import write_content


@pytest.fixture(scope="module")
def renderer():
    return Renderer(load_content(DEFAULT_CONTENT), load_brand(DEFAULT_BRANDS_DIR, "default"))


def layout(renderer, job, size_pt):
    extra = {}
    if job.format == "leaflet":
        myths = renderer.content.myths
        extra["sheets"] = Leaflet.sheets(myths, first_plan(myths))
    html = renderer.html(job.template, size_pt, **job.context, **extra)
    return renderer.layout(html, job.stylesheets)


def boxes(box):
    yield box
    for child in getattr(box, "children", ()):
        yield from boxes(child)


PDF_FORMATS = ("poster", "myth-posters", "leaflet")


def all_jobs(renderer):
    return jobs_for(PDF_FORMATS, renderer.content)


SHIPPED_KITS = ("default", "example-partnership")


@pytest.mark.parametrize("slug", SHIPPED_KITS)
def test_no_box_is_laid_out_as_flex_or_grid(slug):
    """WeasyPrint lays flex and grid out many times slower than blocks, inline blocks and
    small tables: a poster's colophon in flex took over half of its layout time."""
    renderer = Renderer(load_content(DEFAULT_CONTENT), load_brand(DEFAULT_BRANDS_DIR, slug))
    for job in all_jobs(renderer):
        extra = {}
        if job.format == "leaflet":
            myths = renderer.content.myths
            extra["sheets"] = Leaflet.sheets(myths, first_plan(myths))
        html = FORMATS[job.format].html(renderer, job, job.fit.floor_pt, **extra)
        document = renderer.layout(html, job.stylesheets)
        slow = {
            (box.element_tag, box.element.get("class"), box.style["display"])
            for page in document.pages
            for box in boxes(page._page_box)
            if box.element is not None and {"flex", "grid"} & set(box.style["display"])
        }
        assert not slow, (job.filename, sorted(slow))


def test_no_text_is_justified_or_centred(renderer):
    for job in all_jobs(renderer):
        document = layout(renderer, job, job.fit.floor_pt)
        for page in document.pages:
            for box in boxes(page._page_box):
                assert box.style["text_align_all"] in ("start", "left"), (job.filename, box)
                assert box.style["text_align_last"] in ("auto", "start", "left")


PARTS = ("myth__statement", "myth__fact")


def test_a_myth_heading_never_parts_from_its_answer_across_pages(renderer):
    """Set the all-myths poster far too large so it must break, and check every break."""
    [job] = FORMATS["poster"].jobs(renderer.content)
    document = layout(renderer, job, 34)
    assert len(document.pages) >= 3
    pages_of = {}
    for number, page in enumerate(document.pages):
        for myth_box in boxes(page._page_box):
            myth = myth_box.element.get("data-myth") if myth_box.element is not None else None
            if not myth:
                continue
            for box in boxes(myth_box):
                if box.element is not None and box.element.get("class") in PARTS:
                    pages_of.setdefault(myth, {})[box.element.get("class")] = number
    assert len(pages_of) == len(renderer.content.myths)
    assert all(set(parts) == set(PARTS) for parts in pages_of.values()), pages_of
    assert all(len(set(parts.values())) == 1 for parts in pages_of.values()), pages_of


def test_single_myth_statement_is_larger_than_its_rebuttal(renderer):
    for job in FORMATS["myth-posters"].jobs(renderer.content):
        document = layout(renderer, job, job.fit.floor_pt)
        sizes = {}
        for box in boxes(document.pages[0]._page_box):
            element = getattr(box, "element", None)
            if element is not None and element.get("class") in ("myth__statement", "myth__fact"):
                sizes[element.get("class")] = box.style["font_size"]
        assert sizes["myth__statement"] > sizes["myth__fact"]
        assert sizes["myth__fact"] == pytest.approx(job.fit.floor_pt * 4 / 3)  # px


def test_fitted_posters_fill_their_page(built):
    """The largest type that fits: the chosen size leaves little of the page unused."""
    renderer = Renderer(load_content(DEFAULT_CONTENT), load_brand(DEFAULT_BRANDS_DIR, "default"))
    sizes = {
        e["path"]: e["font_size_pt"]
        for e in json.loads((built / "manifest.json").read_text())["outputs"]
    }
    for job in jobs_for(["poster", "myth-posters"], renderer.content):
        result = measure(layout(renderer, job, sizes[f"default/{job.filename}"]))
        assert result.fits
        assert result.fill >= 0.85, (job.filename, result.fill)


def test_rendering_logs_no_warnings(renderer, caplog):
    caplog.set_level(logging.WARNING)
    for job in all_jobs(renderer):
        document = layout(renderer, job, job.fit.floor_pt)
        renderer.pdf(document, key=job.filename)
    # Only a message named harmless (fontTools subsetting, without harfbuzz-subset) may pass.
    assert [r.getMessage() for r in caplog.records if benign_note(r.getMessage()) is None] == []


def _mirror_pairs(ltr_page, rtl_page):
    """The block and inline-block boxes of two layouts of one page, paired in tree order."""
    from weasyprint.formatting_structure.boxes import BlockBox, InlineBlockBox

    kinds = (BlockBox, InlineBlockBox)
    for ltr, rtl in zip(boxes(ltr_page._page_box), boxes(rtl_page._page_box), strict=True):
        assert (ltr.element_tag, type(ltr)) == (rtl.element_tag, type(rtl))
        if isinstance(ltr, kinds) and ltr.element is not None:
            yield ltr, rtl


@pytest.mark.parametrize("format_name", ["poster", "myth-posters"])
def test_one_stylesheet_serves_both_directions_the_poster_mirrors_in_rtl(renderer, format_name):
    """The styles are written with logical properties (margin-inline-start, not
    margin-left), so a right-to-left document is the left-to-right one in a mirror: each
    block lands where its twin's mirror image is. (The leaflet's panels stand at fixed
    places on the sheet, and a right-to-left leaflet reorders them instead.)"""
    job = next(job for job in all_jobs(renderer) if job.format == format_name)
    html = FORMATS[format_name].html(renderer, job, job.fit.floor_pt)
    rtl_content = dataclasses.replace(renderer.content, direction="rtl")
    rtl_renderer = Renderer(rtl_content, renderer.brand)
    rtl_html = FORMATS[format_name].html(rtl_renderer, job, job.fit.floor_pt)
    assert rtl_html == html.replace('dir="ltr">', 'dir="rtl">', 1)
    ltr = renderer.layout(html, job.stylesheets)
    rtl = rtl_renderer.layout(rtl_html, job.stylesheets)
    page_width = ltr.pages[0]._page_box.margin_width()
    pairs = list(_mirror_pairs(ltr.pages[0], rtl.pages[0]))
    assert len(pairs) > 10
    for ltr_box, rtl_box in pairs:
        mirrored = page_width - ltr_box.border_box_x() - ltr_box.border_width()
        where = (ltr_box.element_tag, ltr_box.element.get("class"))
        assert rtl_box.border_box_x() == pytest.approx(mirrored, abs=0.5), where
        assert rtl_box.border_width() == pytest.approx(ltr_box.border_width(), abs=0.5), where


LONG_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis"  # 45 letters, no break in it
POSTER_SIDE_MARGIN_PT = 16 / 25.4 * 72  # poster.css: @page { margin: 14mm 16mm }


def character_boxes(document):
    """Each page's width and the left and right edge of every character drawn on it."""
    for page in document:
        textpage = page.get_textpage()
        boxes = [textpage.get_charbox(index) for index in range(textpage.count_chars())]
        text = textpage.get_text_range().replace("\r", "").replace("\n", "")
        yield page.get_width(), text, [(left, right) for left, _, right, _ in boxes if right > left]


def test_a_word_wider_than_its_line_breaks_in_its_box_rather_than_running_out(tmp_path):
    """A long compound or web address in the text must not print over the next panel of
    the leaflet, or past the edge of a poster's band: it breaks where it has to."""
    import pypdfium2

    content = write_content(
        tmp_path / "myths.yml",
        intro=f"Sharing information {LONG_WORD} enables practitioners to safeguard children.",
    )
    text = content.read_text(encoding="utf-8")
    content.write_text(text.replace("Consent is always needed", f"{LONG_WORD} is needed"))
    out = tmp_path / "out"
    for format_name in ("leaflet", "myth-posters"):
        options = ("--content", str(content), "--no-previews")
        result = build_kit(DEFAULT_BRANDS_DIR, "default", format_name, out, *options)
        assert result.exit_code == 0, result.output
    found = 0
    leaflet = pypdfium2.PdfDocument(out / "default" / "leaflet-dl.pdf")
    for width, text, boxes in character_boxes(leaflet):
        found += text.count(LONG_WORD[:20])
        panel = width / 3  # each page folds into three panels
        for left, right in boxes:
            assert int(left // panel) == int((right - 0.01) // panel), (
                f"a character at {left:.0f}–{right:.0f} pt crosses the fold at a panel's edge"
            )
    poster = pypdfium2.PdfDocument(out / "default" / "poster-a3-consent.pdf")
    for width, text, boxes in character_boxes(poster):
        found += text.count(LONG_WORD[:20])
        margin = POSTER_SIDE_MARGIN_PT
        for left, right in boxes:
            assert left > margin - 0.5 and right < width - margin + 0.5, (
                f"a character at {left:.0f}–{right:.0f} pt is outside the page's margins"
            )
    assert found == 3, "the long word is printed in the leaflet's intro and myth, and the poster"
