"""The studio for a Welsh board and an English partnership serving Urdu-speaking families, in
a real browser (Debian's Chromium, through Playwright) against one real `mythprint serve`:
Urdu typed and quoted in its own direction, the expired message taken to, a slow Preview
busy until it answers, typing kept through a reload, two tabs of one kit told apart, and
what the studio makes said beside the language. axe-core runs in each new state."""

import re
import socket
import socketserver
import threading
import time

import pytest

from .browser import axe_violations, scroll_width
from .studio import (
    EXAMPLE_LOGO,
    NORTHSHIRE,
    Visit,
    context_of,
    notices_of,
    running_studio,
    serving,
)

URDU_NAME = "نارتھ شائر سیف گارڈنگ پارٹنرشپ"
URDU_LABEL = "بچے کے بارے میں فکرمند؟"
URDU_CONTACTS = f"{URDU_LABEL}: 01632 960123\nاوقات کار کے بعد: 0113 496 0123"
KIT = {
    "Partnership name": "Northshire Safeguarding Children Partnership",
    "Website": "https://www.northshire.gov.uk",
    "Main colour": "#2b4c7e",
    "Contacts": "Out of hours: 01632 960456",
}
DRAFT = "mythprint-studio-draft"


@pytest.fixture(scope="module")
def server(tmp_path_factory, browser):
    with serving(tmp_path_factory.mktemp("served")) as served:
        yield served


def new_page(context, server, clock: bool = False):
    page = context.new_page()
    page.set_default_timeout(60_000)
    if clock:
        page.clock.install()
    page.goto(server.url)
    return page


def fill(page, values: dict[str, str]) -> None:
    for label, value in values.items():
        page.get_by_label(label, exact=True).fill(value)


def press(page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state("load")


def assert_accessible(page, width: int = 1280) -> None:
    assert axe_violations(page) == []
    assert scroll_width(page) <= width


# --- 1. Urdu in its own direction, in the field and quoted in a message ---


def test_urdu_reads_right_to_left_in_its_field_and_isolated_where_a_message_quotes_it(
    browser, server
):
    with context_of(browser) as context:
        page = new_page(context, server)
        fill(page, {"Partnership name": URDU_NAME, "Website": KIT["Website"],
                    "Contacts": URDU_CONTACTS})  # fmt: skip
        direction = "element => element.matches(':dir(rtl)')"
        assert page.get_by_label("Partnership name", exact=True).evaluate(direction)
        assert page.get_by_label("Contacts", exact=True).evaluate(direction)
        assert not page.get_by_label("Website", exact=True).evaluate(direction)
        press(page, "Preview")
        drama = page.locator("#summary li", has_text="Ofcom drama number").first
        quoted = drama.locator("bdi")
        assert quoted.count() == 1
        assert quoted.inner_text() == f"{URDU_LABEL}: 01632 960123"
        assert quoted.evaluate(direction)
        # As rendered: read right to left, the label comes first, then the number as typed;
        # and the sentence around it keeps its own order, the quote before "is an Ofcom".
        where = quoted.evaluate(
            """bdi => {
                const text = bdi.firstChild, words = bdi.textContent;
                const box = (from, to) => {
                    const range = document.createRange();
                    range.setStart(text, from); range.setEnd(text, to);
                    return range.getBoundingClientRect();
                };
                const at = word => box(words.indexOf(word), words.indexOf(word) + word.length);
                const after = document.createRange();
                after.setStart(bdi.nextSibling, 1); after.setEnd(bdi.nextSibling, 4);
                return {label: at("فکرمند").left, first: at("01632").left,
                        second: at("960123").left, bdi: bdi.getBoundingClientRect(),
                        is: after.getBoundingClientRect().left};
            }"""
        )
        assert where["label"] > where["first"] > where["second"], where
        assert where["is"] >= where["bdi"]["right"] - 1, where
        # A list of the letters a font lacks reads in the order it lists them.
        letters = page.locator("#summary li", has_text="are not in Atkinson").first
        order = letters.evaluate(
            "li => Array.from(li.querySelectorAll('bdi')).map(b => b.getBoundingClientRect().left)"
        )
        assert len(order) > 3 and order == sorted(order), order
        assert_accessible(page)


# --- 2. Work expired with no logo: the message that says so is where the page goes ---


def test_expired_work_without_a_logo_takes_the_keyboard_to_the_message(browser, server):
    with context_of(browser, 320) as context:
        page = new_page(context, server)
        fill(page, KIT)
        context.clear_cookies()  # the studio restarted, or an hour passed
        press(page, "Preview")
        assert page.url.endswith("#summary"), page.url
        assert page.evaluate("document.activeElement.id") == "summary"
        heading = page.get_by_role("alert").get_by_role("heading")
        assert "Your work here had expired" in heading.inner_text()
        top = heading.evaluate("element => element.getBoundingClientRect().top")
        assert 0 <= top < 900, top
        assert_accessible(page, 320)


# --- 3. A slow Preview stays busy until its answer comes, and is sent once ---


class HeldPreviews:
    """A proxy in front of the studio that holds every POST /preview until released: a
    studio slow to answer. (Playwright's own routes, held, stall every call to the page.)

    Each request goes to the studio on a connection of its own, closed once answered: a
    connection kept open across requests went dead when the studio closed its end after
    5 s unused (its keep-alive), while the browser's end stayed open. A request sent on it
    then was never answered: a Preview (or a page's stylesheet) waited for ever, whenever
    the machine was slow enough for a connection to sit 5 s unused."""

    def __init__(self, upstream: int):
        self.upstream, self.held, self.release = upstream, [], threading.Event()
        proxy = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self):
                proxy.forward(self.request)

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def forward(self, browser) -> None:
        """One request, whole, to the studio (which answers only to its own address), and
        its answer back; both ends are then closed."""
        here, there = (f"127.0.0.1:{port}".encode() for port in (self.port, self.upstream))
        buffer = b""
        try:
            while b"\r\n\r\n" not in buffer:
                if not (data := browser.recv(65536)):
                    return
                buffer += data
            head, _, buffer = buffer.partition(b"\r\n\r\n")
            length = re.search(rb"(?im)^content-length:\s*(\d+)", head)
            length = int(length.group(1)) if length else 0
            while len(buffer) < length:
                if not (data := browser.recv(65536)):
                    return
                buffer += data
            if head.startswith(b"POST /preview "):
                self.held.append(head)
                self.release.wait()
            lines = [
                line for line in head.split(b"\r\n") if not re.match(rb"(?i)connection:", line)
            ]
            head = b"\r\n".join([*lines, b"Connection: close"]).replace(here, there)
            with socket.create_connection(("127.0.0.1", self.upstream)) as studio:
                studio.sendall(head + b"\r\n\r\n" + buffer[:length])
                while data := studio.recv(65536):  # the answer says the connection closes
                    browser.sendall(data)
        except OSError:
            pass  # the browser left: a press that a later one replaced

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


# The presses, run in the page itself while its form is on its way (Playwright waits for a
# navigation to end before it runs anything in the page): the page's fake clock moved on,
# and every state of the button and the status kept where the next page can read it.
IMPATIENT = """async () => {
    const clock = window.__pwClock, button = document.getElementById("preview-button");
    const wait = ms => new Promise(done => clock.builtins.setTimeout(done, ms));
    const seen = [];
    const note = () => {
        seen.push([button.getAttribute("aria-disabled"), button.textContent,
                   document.getElementById("working").textContent]);
        sessionStorage.setItem("seen", JSON.stringify(seen));
    };
    clock.builtins.setTimeout(async () => {
        button.click();
        await wait(300);
        await clock.controller.fastForward(45 * 1000); note();  // the old page gave up at 20 s
        button.click(); note();  // an impatient second press
        await clock.controller.fastForward(2 * 60 * 1000); note();  // no answer at all
        button.click(); note();  // sent again, as a page that truly hung must be
    }, 10);
}"""


def until(page, condition, seen, seconds: float = 120) -> None:
    """Polls `condition` until it holds; a guard against a hang, not a timing: a test that
    waited for ever took the whole CI run down with it, and said nothing of why."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"still waiting after {seconds} s: {seen()}")
        page.wait_for_timeout(100)


def test_a_slow_preview_says_it_is_busy_until_it_answers_and_is_not_sent_twice(browser, server):
    upstream = int(re.search(r":(\d+)/", server.url).group(1))
    proxy = HeldPreviews(upstream)
    try:
        with context_of(browser) as context:
            page = context.new_page()
            page.set_default_timeout(60_000)
            page.clock.install()
            page.goto(f"http://127.0.0.1:{proxy.port}/")
            fill(page, KIT)
            page.evaluate(IMPATIENT)
            # The proxy is polled: the page times its presses.
            until(page, lambda: len(proxy.held) >= 2, lambda: f"{len(proxy.held)} presses held")
            proxy.release.set()
            # The first answer is to a page the last press left; the last one's arrives
            # (at #summary: its warnings, if any).
            until(page, lambda: re.search(r"#(previews|summary)$", page.url), lambda: page.url)
            page.wait_for_load_state("load")
            busy, again, given_up, resent = page.evaluate(
                "JSON.parse(sessionStorage.getItem('seen'))"
            )
            assert busy[:2] == ["true", "Making previews…"], busy
            assert again[:2] == ["true", "Making previews…"] and "still at work" in again[2]
            assert len(proxy.held) == 2  # the second press sent nothing; the third did
            assert given_up[:2] == [None, "Preview"], given_up
            assert "has not answered for two minutes" in given_up[2]
            assert resent[:2] == ["true", "Making previews…"], resent
            page.get_by_role("img", name=re.compile("A3 poster with every myth")).wait_for()
    finally:
        proxy.close()


def test_a_page_waiting_for_its_preview_has_no_accessibility_violation(browser, server):
    """The busy state, checked by axe-core: the page as a held Preview leaves it."""
    with context_of(browser) as context:
        page = new_page(context, server)
        fill(page, KIT)
        page.evaluate(
            """() => {
                const form = document.getElementById("kit-form");
                form.addEventListener("submit", event => event.preventDefault());
                document.getElementById("preview-button").click();
            }"""
        )
        assert page.locator("#preview-button").get_attribute("aria-disabled") == "true"
        assert_accessible(page)


# --- 4. What is typed survives a reload, kept in the tab until it is sent ---


def test_a_reload_before_preview_keeps_what_was_typed_and_a_preview_clears_it(browser, server):
    with context_of(browser) as context:
        page = new_page(context, server)
        posts = []
        page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
        typed = {**KIT, "Contacts": URDU_CONTACTS, "Review note": "Approved in May 2026."}
        fill(page, typed)
        page.get_by_label("Language of your own words").select_option("cy")
        page.get_by_label("Logo", exact=True).set_input_files(EXAMPLE_LOGO)
        page.reload()
        for label, value in typed.items():
            assert page.get_by_label(label, exact=True).input_value() == value, label
        assert page.get_by_label("Language of your own words").input_value() == "cy"
        assert page.get_by_label("Main colour picker").input_value() == KIT["Main colour"]
        status = page.locator("#working").inner_text()
        assert "back in the form" in status and f"‘{EXAMPLE_LOGO.name}’, again" in status
        assert posts == []  # nothing reached the studio
        assert_accessible(page)
        page.get_by_label("Logo", exact=True).set_input_files(EXAMPLE_LOGO)
        press(page, "Preview")
        assert page.evaluate(f"sessionStorage.getItem('{DRAFT}')") is None
        # Typed after a preview, and reloaded: the typing wins over the kit's value.
        fill(page, {"Partnership name": "Northshire Renamed Partnership"})
        page.reload()
        name = page.get_by_label("Partnership name", exact=True).input_value()
        assert name == "Northshire Renamed Partnership"
        assert page.get_by_label("Review note", exact=True).input_value() == typed["Review note"]


# --- 5. Two tabs of one kit ---


def test_a_second_tab_that_changed_the_kit_is_said_plainly_and_nothing_typed_is_lost(
    browser, server
):
    with context_of(browser) as context:
        first, second = new_page(context, server), new_page(context, server)
        fill(first, KIT)
        first.get_by_label("Logo", exact=True).set_input_files(EXAMPLE_LOGO)
        first.bring_to_front()
        press(first, "Preview")
        first.get_by_role("img", name=re.compile("A3 poster with every myth")).wait_for()
        # The second tab, shown before the first saved, has no logo chosen: its Preview
        # would have taken the first tab's logo, silently. It is refused, and says so.
        second.bring_to_front()
        other = {**KIT, "Partnership name": "Southshire Partnership", "Main colour": "#6a1b9a"}
        fill(second, other)
        press(second, "Preview")
        alert = second.get_by_role("alert").first
        assert "This kit was changed in another tab or window" in alert.inner_text()
        assert second.evaluate("document.activeElement.id") == "summary"
        for label, value in other.items():
            assert second.get_by_label(label, exact=True).input_value() == value, label
        hint = second.locator("#logo-hint").inner_text()
        assert f"Your kit has a logo (‘{EXAMPLE_LOGO.name}’)" in hint
        assert_accessible(second)
        press(second, "Preview")  # seen, and sent again: now it is saved
        second.get_by_role("img", name=re.compile("made with the Southshire")).first.wait_for()
        # The first tab, shown again, says its previews may show the other tab's change.
        first.bring_to_front()
        first.evaluate("window.dispatchEvent(new Event('focus'))")
        changed = first.locator("#changed-elsewhere")
        changed.wait_for(state="visible")
        assert "Reload" in changed.inner_text()
        assert first.locator("#previews-elsewhere").is_visible()
        assert_accessible(first)
        # Its pack is not made from the other tab's kit: refused, its form kept.
        fill(first, {"Short name": "Northshire SCP"})
        press(first, "Download pack")
        heading = first.get_by_role("alert").first.get_by_role("heading").inner_text()
        assert "so the pack was not made" in heading
        assert (
            first.get_by_label("Partnership name", exact=True).input_value()
            == KIT["Partnership name"]
        )
        assert first.get_by_label("Short name", exact=True).input_value() == "Northshire SCP"
        with first.expect_download(timeout=180_000) as download:
            first.get_by_role("button", name="Download pack", exact=True).click()
        assert download.value.suggested_filename == "northshire-scp-myth-busting-pack.zip"


def test_a_page_that_downloaded_its_pack_still_previews_as_its_own(browser, server):
    """A pack saves the form, and changes the kit, without leaving the page: that page's
    next form is still its own, never taken for another tab's."""
    with context_of(browser) as context:
        page = new_page(context, server)
        fill(page, KIT)
        press(page, "Preview")
        fill(page, {"Short name": "NSCP"})
        with page.expect_download(timeout=180_000):
            page.get_by_role("button", name="Download pack", exact=True).click()
        page.locator("#pack-status").filter(has_text="Your pack is ready").wait_for()
        fill(page, {"Short name": "Northshire SCP"})
        press(page, "Preview")
        assert "another tab" not in page.locator("body").inner_text()
        page.get_by_role("img", name=re.compile("A3 poster with every myth")).wait_for()


# --- 6. What the studio makes, and words in a script their language is not written in ---


@pytest.fixture(scope="module")
def running(tmp_path_factory):
    with running_studio(tmp_path_factory.mktemp("studio")) as started:
        yield started


def test_the_language_says_what_the_studio_makes_and_where_the_command_line_is(running):
    visit = Visit(running)
    hint = re.search(r'id="language-hint">(.*?)</p>', visit.page, re.S).group(1)
    assert "makes the guide in English only" in hint
    assert "“Bilingual packs”" in hint and "README.md" in hint


def test_urdu_words_marked_english_are_warned_of_by_the_fields_they_fill(running):
    visit = Visit(running)
    visit.preview(name=URDU_NAME, contacts=URDU_CONTACTS)
    (warning,) = notices_of(visit.page, "language")
    assert warning.startswith(
        "Warning: Partnership name and Contacts are mostly in Arabic script, but this list "
        "says your own words are in English"
    ), warning
    assert 'language: "ur" for Urdu' in warning
    visit.preview()  # English words, marked English: nothing to say
    assert notices_of(visit.page, "language") == []
    assert NORTHSHIRE["name"] in visit.page
