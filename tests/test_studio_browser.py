"""The studio in a real browser (Debian's Chromium, through Playwright), served by one real
`mythprint serve` process: the whole journey, found by the labels people read, and axe-core
on every page, with and without findings, at 1280 and 320 px."""

import io
import re
import zipfile
from contextlib import contextmanager

import pytest
from PIL import Image

from mythprint.inputs.brand import load_brand
from mythprint.studio.views import COOKIE

from .browser import axe_violations, images_loaded, scroll_width
from .conftest import pdf_text
from .studio import EXAMPLE_LOGO, serving
from .test_brand import fill_colours

WIDTHS = (1280, 320)
PALE = "#9fd3e6"
KIT = {
    "Partnership name": "Northshire Safeguarding Children Partnership",
    "Short name": "Northshire SCP",
    "Website": "https://www.northshire.gov.uk",
    "Main colour": PALE,
    "Second colour": "#7a2958",
    "Logo description": "Northshire SCP logo",
    "Contacts": "Worried about a child? Children's Services front door: 01632 960123\n"
    "Out of hours: 01632 960456",
    "QR code address": "https://www.northshire.gov.uk/safeguarding",
}


LANGUAGE = "Language of your own words"
# A form tampered with: a language the list never offered, chosen.
TAMPER = "select => { select.add(new Option('xx-evil', 'xx-evil', true, true)); }"


@pytest.fixture(scope="module")
def server(tmp_path_factory, browser):
    """One studio process for every browser test (after the browser, so that a machine
    without Chromium skips before starting it)."""
    with serving(tmp_path_factory.mktemp("served")) as served:
        yield served


@contextmanager
def studio_page(browser, server, width: int, javascript: bool = True):
    context = browser.new_context(
        viewport={"width": width, "height": 900},
        accept_downloads=True,
        java_script_enabled=javascript,
    )
    try:
        page = context.new_page()
        page.set_default_timeout(60_000)
        page.goto(server.url)
        yield page
    finally:
        context.close()


def fill_kit(page, **changes) -> None:
    """Fill the form by its labels, as a person finds the fields."""
    values = {**KIT, **changes}
    for label, value in values.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_label("Logo", exact=True).set_input_files(EXAMPLE_LOGO)


def press(page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state("load")


def described(page, label: str) -> str:
    """The text a screen reader reads with a field: what aria-describedby points at."""
    ids = page.get_by_label(label, exact=True).get_attribute("aria-describedby") or ""
    return " ".join(page.locator(f"#{i}").inner_text() for i in ids.split())


def test_the_whole_journey_by_the_labels(browser, server, tmp_path):
    with studio_page(browser, server, 1280) as page:
        fill_kit(page)
        press(page, "Preview")
        # A too-pale Main colour: announced, beside its field, with its passing shade.
        alert = page.get_by_role("alert")
        assert "contrast" in alert.inner_text()
        assert "a contrast of at least 4.5 to 1" in described(page, "Main colour")
        assert page.get_by_role("img", name=re.compile("A3 poster")).count() == 0
        use = page.get_by_role("button", name=re.compile(r"^Use #[0-9a-f]{6}$"))
        shade = use.inner_text().removeprefix("Use ")
        use.click()
        page.wait_for_load_state("load")
        assert page.get_by_label("Main colour", exact=True).input_value() == shade
        assert "contrast" not in described(page, "Main colour")
        press(page, "Preview")  # and once more, as a person checking it would
        previews = page.get_by_role(
            "img", name=re.compile(f"made with the {KIT['Partnership name']} kit")
        )
        assert previews.count() >= 4
        page.wait_for_load_state("networkidle")
        assert images_loaded(page) == []
        with page.expect_download(timeout=180_000) as download:
            page.get_by_role("button", name="Download pack", exact=True).click()
        pack = zipfile.ZipFile(io.BytesIO(download.value.path().read_bytes()))
        # The page cannot see a download end; it says so once the pack's cookie arrives,
        # beside the button, where a narrow screen shows it.
        status = page.locator("#download").get_by_role("status")
        status.filter(has_text="Your pack is ready").wait_for(timeout=10_000)
    pack.extractall(tmp_path)
    folder = tmp_path / "northshire-scp"
    brand = load_brand(folder / "brands", "northshire-scp")  # the kit opens with the CLI
    assert brand.name == KIT["Partnership name"] and brand.palette.accent == shade
    assert brand.logo is not None and brand.logo.path.name == "logo.svg"
    rgb = tuple(round(int(shade[i : i + 2], 16) / 255, 3) for i in (1, 3, 5))
    for pdf in ("office/poster-a3.pdf", "office/leaflet-dl.pdf", "press/poster-a3.pdf"):
        assert KIT["Partnership name"] in pdf_text(folder / pdf).replace("\n", " "), pdf
        assert any(
            all(abs(a - b) < 0.003 for a, b in zip(colour, rgb, strict=True))
            for colour in fill_colours(folder / pdf)
        ), pdf


def test_the_form_works_as_plain_posts_without_javascript(browser, server):
    with studio_page(browser, server, 1280, javascript=False) as page:
        fill_kit(page)
        press(page, "Preview")
        shade = page.get_by_role("button", name=re.compile(r"^Use #")).inner_text()[4:]
        press(page, f"Use {shade}")
        assert page.get_by_label("Main colour", exact=True).input_value() == shade
        assert page.get_by_role("img", name=re.compile("A3 poster with every myth")).count() == 1


def reach(page, state: str) -> None:
    """The studio's pages: a fresh start, findings shown (an error and warnings),
    previews with warnings only, a page of its own for a problem, the form filled in
    again after its work expired, and a file that is not a saved kit refused."""
    if state == "findings":
        fill_kit(page, Website="https://www.example.org/")
        press(page, "Preview")
    elif state == "previews":
        fill_kit(page, **{"Main colour": "#2b4c7e", "Website": "https://www.example.org/"})
        press(page, "Preview")
        page.wait_for_load_state("networkidle")
    elif state == "problem":
        page.goto(page.url.split("#")[0] + "no-such-page")
    elif state == "expired":
        fill_kit(page)
        page.context.add_cookies([{"name": COOKIE, "value": "forgotten", "url": page.url}])
        press(page, "Preview")
    elif state == "language refused":
        fill_kit(page, **{"Main colour": "#2b4c7e"})
        page.get_by_label(LANGUAGE, exact=True).evaluate(TAMPER)
        press(page, "Preview")
    elif state == "not a kit":
        reach(page, "previews")
        page.get_by_label("Open a saved kit", exact=True).set_input_files(
            {"name": "notes.txt", "mimeType": "text/plain", "buffer": b"Minutes\n"}
        )
        press(page, "Open kit")


STATES = ["start", "findings", "previews", "problem", "expired", "not a kit", "language refused"]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("state", STATES)
def test_axe_finds_no_violation_on_any_studio_page(browser, server, state, width):
    with studio_page(browser, server, width) as page:
        reach(page, state)
        if state in ("findings", "expired", "not a kit", "language refused"):
            assert page.get_by_role("alert").count() == 1
        assert axe_violations(page) == []
        assert scroll_width(page) <= width  # reflows: nothing scrolls sideways


def test_the_skip_link_comes_first_and_every_field_has_its_label(browser, server):
    with studio_page(browser, server, 1280) as page:
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent")
        assert focused == "Skip to the main content"
        for label in [*KIT, LANGUAGE, "Logo", "Open a saved kit", "Kits that come with mythprint"]:
            assert page.get_by_label(label, exact=True).count() == 1, label
        for name in ("Preview", "Download pack", "Open kit"):
            assert page.get_by_role("button", name=name, exact=True).count() == 1, name


def test_the_language_of_the_partnerships_words_is_chosen_by_its_label(browser, server):
    """English until Cymraeg is chosen; chosen, it stays so, in the kit and the page."""
    with studio_page(browser, server, 1280) as page:
        language = page.get_by_label(LANGUAGE, exact=True)
        assert language.input_value() == "en-GB"
        assert "screen readers read them in the right voice" in described(page, LANGUAGE)
        fill_kit(page, **{"Main colour": "#2b4c7e"})
        language.select_option(label="Cymraeg (Welsh)")
        press(page, "Preview")
        assert page.get_by_role("img", name=re.compile("A3 poster with every myth")).count() == 1
        page.reload()
        assert language.input_value() == "cy"
        assert language.locator("option:checked").inner_text() == "Cymraeg (Welsh)"


def test_a_colour_code_typed_without_its_hash_shows_in_its_picker(browser, server):
    with studio_page(browser, server, 1280) as page:
        for typed, shown in (("05a", "#0055aa"), ("#2B4C7E", "#2b4c7e"), ("7a2958", "#7a2958")):
            page.get_by_label("Main colour", exact=True).fill(typed)
            assert page.get_by_label("Main colour picker").input_value() == shown, typed


def test_a_form_sent_after_the_studio_forgot_its_work_comes_back_filled_in(browser, server):
    """A studio restarted, or an hour without use, deletes a visitor's work; the form its
    page still shows is then sent with an id the studio no longer knows. Nothing is done
    with it, but everything typed comes back in the form; only the logo must be chosen
    again, as the page says beside it."""
    with studio_page(browser, server, 1280) as page:
        kit = {**KIT, "Main colour": "#2b4c7e"}
        fill_kit(page, **kit)
        page.context.add_cookies(
            [{"name": COOKIE, "value": "forgotten-by-a-restart", "url": server.url}]
        )
        press(page, "Preview")
        assert page.title().endswith("Make your pack – mythprint studio")  # not a dead end
        assert "Your work here had expired" in page.get_by_role("alert").inner_text()
        for label, value in kit.items():
            assert page.get_by_label(label, exact=True).input_value() == value, label
        assert f"Choose your logo, '{EXAMPLE_LOGO.name}', again" in described(page, "Logo")
        assert page.get_by_role("img", name=re.compile("A3 poster")).count() == 0
        page.get_by_label("Logo", exact=True).set_input_files(EXAMPLE_LOGO)
        press(page, "Preview")
        assert page.get_by_role("img", name=re.compile("A3 poster with every myth")).count() == 1


@pytest.mark.parametrize("width", [320, 640, 1280])
def test_the_studios_name_in_the_masthead_is_as_tall_as_its_words(browser, server, width):
    """No blank box under "mythprint studio" on a narrow screen: its box ends with its text."""
    with studio_page(browser, server, width) as page:
        box, text = page.evaluate(
            """() => {
                const name = document.querySelector('.brand-name');
                const words = document.createRange();
                words.selectNodeContents(name);
                return [name.getBoundingClientRect().height,
                        words.getBoundingClientRect().height];
            }"""
        )
        assert box <= text + 1, (box, text)


def test_remove_the_logo_stays_ticked_through_a_mistake_elsewhere(browser, server):
    with studio_page(browser, server, 1280) as page:
        fill_kit(page, **{"Main colour": "#2b4c7e"})
        press(page, "Preview")
        remove = page.get_by_label("Remove the logo from my kit")
        remove.check()
        page.get_by_label("Website", exact=True).fill("not a web address")
        press(page, "Preview")
        assert "Give the whole web address" in described(page, "Website")
        assert remove.is_checked()  # as it was left: the mistake elsewhere changes nothing
        page.get_by_label("Website", exact=True).fill(KIT["Website"])
        press(page, "Preview")
        assert page.get_by_role("img", name=re.compile("A3 poster with every myth")).count() == 1
        assert page.get_by_label("Remove the logo from my kit").count() == 0  # no logo left
        assert "Your kit has a logo" not in described(page, "Logo")


def test_download_pack_pressed_twice_makes_one_pack_and_shows_it_is_working(browser, server):
    with studio_page(browser, server, 1280) as page:
        fill_kit(page, **{"Main colour": "#2b4c7e"})
        press(page, "Preview")
        packs = []
        page.on("request", lambda r: packs.append(r.url) if r.url.endswith("/pack") else None)
        button = page.locator("button[formaction='/pack']")
        # Every state the button passes through, as it happens.
        page.evaluate(
            """() => {
                const button = document.querySelector("button[formaction='/pack']");
                window.states = [];
                new MutationObserver(() => window.states.push(
                    [button.getAttribute("aria-disabled"), button.textContent]
                )).observe(button, {attributes: true, childList: true});
            }"""
        )
        with page.expect_download(timeout=180_000):
            # Twice at once, as an impatient double-click does: in one script, as Playwright's
            # own click waits for what the first starts, and a quick pack was then ready.
            button.evaluate("button => { button.click(); button.click(); }")
        status = page.locator("#download").get_by_role("status")
        status.filter(has_text="Your pack is ready").wait_for(timeout=10_000)
        assert len(packs) == 1, packs
        states = page.evaluate("window.states")
        assert ["true", "Making your pack…"] in states
        assert states[-1] == [None, "Download pack"]  # ready for another when this one is saved
        assert button.get_attribute("aria-disabled") is None


def test_preview_double_clicked_is_sent_once(browser, server):
    """A double-click is many people's habit: the second press must not make the studio
    lay every preview out again for a page the browser then throws away."""
    with studio_page(browser, server, 1280) as page:
        fill_kit(page, **{"Main colour": "#2b4c7e"})
        sent = []
        page.on("request", lambda r: sent.append(r.url) if r.method == "POST" else None)
        page.get_by_role("button", name="Preview", exact=True).dblclick()
        page.wait_for_load_state("load")
        page.get_by_role("img", name=re.compile("A3 poster with every myth")).wait_for()
        assert sent == [f"{server.url}preview"]
        press(page, "Preview")  # the new page sends its own form again
        assert sent == [f"{server.url}preview"] * 2


def test_preview_says_on_its_button_that_the_studio_is_at_work(browser, server):
    """Preview takes a few seconds, and only a status line far from the button said so:
    the button kept its word, and looked as if nothing had happened."""
    with studio_page(browser, server, 1280) as page:
        fill_kit(page, **{"Main colour": "#2b4c7e"})
        # Every state the button passes through, kept where the next page can read it.
        page.evaluate(
            """() => {
                const button = document.getElementById("preview-button");
                new MutationObserver(() => {
                    const states = JSON.parse(sessionStorage.getItem("states") || "[]");
                    states.push([button.getAttribute("aria-disabled"), button.textContent]);
                    sessionStorage.setItem("states", JSON.stringify(states));
                }).observe(button, {attributes: true, childList: true});
            }"""
        )
        press(page, "Preview")
        page.get_by_role("img", name=re.compile("A3 poster with every myth")).wait_for()
        states = page.evaluate("JSON.parse(sessionStorage.getItem('states') || '[]')")
        assert ["true", "Making previews…"] in states, states
        button = page.get_by_role("button", name="Preview", exact=True)
        assert button.get_attribute("aria-disabled") is None  # the new page's, ready


def bad_logo(folder, kind: str):
    """A logo file the studio cannot use, named as a person names theirs."""
    path = folder / "Our new logo.png"
    if kind == "not an image":
        path.write_text("Notes for the new logo\n")  # a text file, renamed
    else:
        Image.new("RGB", (120, 60), "white").save(path)  # far too few pixels to print
    return path


@pytest.mark.parametrize("kind", ["not an image", "too small to print"])
def test_a_refused_logo_keeps_the_kit_and_its_previews_and_a_reload_shows_the_kit(
    browser, server, tmp_path, kind
):
    """A logo chosen to replace a good one, and refused, took the previews with it, and
    the refusal was still there after a reload, beside a Logo field that no longer held
    the file it was about. Nothing is lost on a refusal: the kit keeps its logo and its
    previews, the refusal is said beside Logo, and a reload shows the kit as it stands,
    with its own findings and without the refusal."""
    with studio_page(browser, server, 1280) as page:
        fill_kit(page, **{"Main colour": "#2b4c7e"})
        press(page, "Preview")
        previews = page.get_by_role(
            "img", name=re.compile(f"made with the {KIT['Partnership name']} kit")
        )
        shown = previews.count()
        assert shown >= 4
        page.get_by_label("Logo", exact=True).set_input_files(bad_logo(tmp_path, kind))
        press(page, "Preview")
        assert previews.count() == shown
        logo = described(page, "Logo")
        assert "'Our new logo.png'" in logo and "the logo you had is kept" in logo, logo
        assert "Nothing was saved" in page.get_by_role("alert").inner_text()
        page.wait_for_load_state("networkidle")
        assert images_loaded(page) == []
        page.reload()
        assert "Our new logo.png" not in page.content()
        assert "Nothing was saved" not in page.content()
        # The kit's own findings stand: its contacts are numbers reserved for drama.
        assert "Ofcom drama number" in page.get_by_role("alert").inner_text()
        assert f"Your kit has a logo (‘{EXAMPLE_LOGO.name}’)" in described(page, "Logo")
        assert previews.count() == shown
