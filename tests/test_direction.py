"""Right-to-left documents: the content's direction on every page, and the phone numbers,
addresses and dates inside it kept as left-to-right runs."""

import dataclasses
import datetime as dt
import re

import pytest

from mythprint.brand import load_brand
from mythprint.content import load_content
from mythprint.formats import FORMATS, jobs_for
from mythprint.leaflet import Leaflet, first_plan
from mythprint.paths import DEFAULT_BRANDS_DIR, DEFAULT_CONTENT
from mythprint.render import Renderer
from mythprint.web import web_edition

EXAMPLE = "example-partnership"  # the shipped kit with contacts, a QR code and a home page


def renderer_for(direction: str, slug: str = EXAMPLE) -> Renderer:
    content = dataclasses.replace(
        load_content(DEFAULT_CONTENT), direction=direction, reviewed=dt.date(2026, 4, 1)
    )
    return Renderer(content, load_brand(DEFAULT_BRANDS_DIR, slug))


def printed_pages(renderer: Renderer) -> dict[str, str]:
    """The HTML of every PDF the kit prints, and of its web edition, by file name."""
    pages = {}
    for job in jobs_for(("poster", "myth-posters", "leaflet"), renderer.content):
        extra = {}
        if job.format == "leaflet":
            myths = renderer.content.myths
            extra["sheets"] = Leaflet.sheets(myths, first_plan(myths))
        pages[job.filename] = FORMATS[job.format].html(renderer, job, job.fit.floor_pt, **extra)
    pages["web/index.html"] = web_edition(renderer, [])["web/index.html"].decode()
    return pages


@pytest.mark.parametrize("direction", ["ltr", "rtl"])
def test_every_page_says_its_language_and_direction_on_html(direction):
    pages = printed_pages(renderer_for(direction))
    assert len(pages) == 8
    for name, html in pages.items():
        [tag] = re.findall(r"<html[^>]*>", html)
        assert tag == f'<html lang="en-GB" dir="{direction}">', name


def _isolated(html: str) -> list[str]:
    return re.findall(r'<bdi dir="ltr">(.*?)</bdi>', html)


def test_in_rtl_phone_numbers_addresses_and_dates_are_left_to_right_runs():
    renderer = renderer_for("rtl")
    brand = renderer.brand
    phones = [contact.value for contact in brand.contacts]
    date = renderer.content.labels.date(renderer.content.reviewed)
    for name, html in printed_pages(renderer).items():
        isolated = _isolated(html)
        assert all(phone in isolated for phone in phones), name
        assert date in isolated, name
        if name != "web/index.html":
            assert "www.example.org" in isolated, name  # the publisher's home page
            assert '<p class="qr__url" dir="ltr">www<wbr>.example' in html, name


def test_in_ltr_nothing_is_isolated_so_english_prints_as_it_always_has():
    for name, html in printed_pages(renderer_for("ltr")).items():
        assert _isolated(html) == [], name
        assert "<bdi" not in html, name
