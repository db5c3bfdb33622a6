"""What a tab typed, and kept through a reload, belongs to the kit it was typed against: in a
real browser (Debian's Chromium, through Playwright) against one real `mythprint serve`.
The same kit gets back only the fields typed in; a kit another tab opened or started since
gets none of the old one, and is offered what was typed; work the studio no longer holds
comes back whole. axe-core runs in each new state."""

import re

import pytest

from .browser import axe_violations, scroll_width
from .studio import context_of, serving

EXAMPLE = "example-partnership"
TEXT_FIELDS = (
    "Partnership name",
    "Short name",
    "Website",
    "Logo description",
    "Contacts",
    "QR code address",
    "Review note",
)
CHANGED = "The kit was changed in another tab or window"
RESTORED = "back in the form"


@pytest.fixture(scope="module")
def server(tmp_path_factory, browser):
    with serving(tmp_path_factory.mktemp("served")) as served:
        yield served


def new_page(context, server):
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(server.url)
    return page


def press(page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state("load")


def use_kit(page, slug: str = EXAMPLE) -> None:
    page.get_by_label("Kits that come with mythprint").select_option(slug)
    press(page, "Use this kit")


def value(page, label: str) -> str:
    return page.get_by_label(label, exact=True).input_value()


def form_of(page) -> dict[str, str]:
    return {label: value(page, label) for label in (*TEXT_FIELDS, "Main colour", "Second colour")}


def status_saying(page, *words: str) -> str:
    """The status above the previews, once it says any of `words` (the page may ask the
    studio first whether the kit is still the one the draft was typed against)."""
    said = re.compile("|".join(re.escape(each) for each in words))
    status = page.locator("#working").filter(has_text=said)
    status.wait_for(timeout=20_000)
    return status.inner_text()


def assert_accessible(page, width: int = 1280) -> None:
    assert axe_violations(page) == []
    assert scroll_width(page) <= width


def isolated(text: str) -> str:
    """A value as the page quotes it: in its own direction, whatever script it is in."""
    return f"‘\u2068{text}\u2069’"


def test_a_blank_kit_started_in_another_tab_is_not_filled_with_the_old_kit_on_a_reload(
    browser, server
):
    with context_of(browser) as context:
        first = new_page(context, server)
        use_kit(first)
        first.get_by_label("Short name", exact=True).fill("MY EDIT")
        second = new_page(context, server)
        press(second, "Start a blank kit")
        first.bring_to_front()
        first.reload()
        said = status_saying(first, CHANGED, RESTORED)
        # The kit as it is now: blank, with nothing of Exampleshire poured into it.
        assert {label: value(first, label) for label in TEXT_FIELDS} == dict.fromkeys(
            TEXT_FIELDS, ""
        )
        assert f"Short name {isolated('MY EDIT')}" in said
        assert "Partnership name" not in said and RESTORED not in said
        assert_accessible(first)
        # What was typed is offered, and put back only when asked: that field, and no other.
        first.get_by_role("button", name="Put back what I typed").click()
        assert value(first, "Short name") == "MY EDIT"
        assert value(first, "Partnership name") == ""
        assert first.evaluate("document.activeElement.id") == "short_name"
        assert "What you typed is back in the form (Short name)" in status_saying(first, "back")
        assert_accessible(first)
        press(first, "Preview")
        assert value(first, "Short name") == "MY EDIT"
        assert value(first, "Partnership name") == ""  # Exampleshire's was never sent


def test_a_reload_after_its_own_pack_keeps_typing_but_a_kit_opened_elsewhere_gets_none(
    browser, server
):
    """The page's own pack changed the kit, so the studio is asked whose change it was; then
    another tab opens the neutral kit, every text field of which is empty."""
    with context_of(browser, 320) as context:
        first = new_page(context, server)
        use_kit(first)
        first.get_by_label("Short name", exact=True).fill("ESCP")
        with first.expect_download(timeout=180_000):
            first.get_by_role("button", name="Download pack", exact=True).click()
        first.locator("#pack-status").filter(has_text="Your pack is ready").wait_for()
        first.get_by_label("Review note", exact=True).fill("Approved in May 2026.")
        first.reload()
        assert f"{RESTORED} (Review note)" in status_saying(first, RESTORED)
        assert value(first, "Review note") == "Approved in May 2026."
        assert value(first, "Short name") == "ESCP"  # as the pack saved it
        second = new_page(context, server)
        use_kit(second, "default")
        first.bring_to_front()
        first.reload()
        said = status_saying(first, CHANGED, RESTORED)
        assert form_of(first) == form_of(second)  # the neutral kit, as the other tab shows it
        assert value(first, "Partnership name") == ""
        assert f"Review note {isolated('Approved in May 2026.')}" in said
        assert "Short name" not in said  # the pack's, not typed since
        assert_accessible(first, 320)


def test_a_reload_after_the_studio_lost_the_work_fills_the_whole_form_in_again(browser, server):
    with context_of(browser) as context:
        page = new_page(context, server)
        use_kit(page)
        kit = form_of(page)
        page.get_by_label("Short name", exact=True).fill("MY EDIT")
        context.clear_cookies()  # the studio no longer knows this browser: its work is gone
        page.reload()
        said = status_saying(page, "no longer held your kit", RESTORED)
        assert form_of(page) == {**kit, "Short name": "MY EDIT"}  # its colours too
        assert "Choose your logo again" in said
        assert_accessible(page)
