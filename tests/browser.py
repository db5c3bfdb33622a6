"""A real browser for the tests of HTML pages: Debian's Chromium through Playwright, or a skip
that says what is missing (Playwright's own browser downloads cannot reach this network)."""

import shutil
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

NO_CHROMIUM = "needs Debian's chromium (.ci/run installs it)"
# Without the networking flags Chromium calls home on start, and on a closed network waits.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str | None:
    found = shutil.which("chromium")
    if found:
        return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").is_file() else None


@contextmanager
def chromium():
    """A headless Chromium for the whole session; skips when there is none that can start."""
    executable = chromium_path()
    if executable is None:
        pytest.skip(NO_CHROMIUM)
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="needs playwright (the [test] extra)"
    )
    with sync_api.sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=executable, args=LAUNCH_ARGS)
        except sync_api.Error as exc:
            # e.g. a machine with the binary but not the system libraries it needs.
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            pytest.skip(f"{NO_CHROMIUM}; it would not start here: {reason}")
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Opened:
    """A page at one viewport width, and every URL it asked for."""

    page: object
    requests: list[str] = field(default_factory=list)


@contextmanager
def opened(browser, path: Path, width: int, height: int = 900, **options):
    """`path` in a fresh context `width` CSS px wide, every image loaded and every font ready;
    `options` are the context's others (e.g. forced_colors="active")."""
    context = browser.new_context(viewport={"width": width, "height": height}, **options)
    try:
        page = context.new_page()
        seen = Opened(page)
        page.on("request", lambda request: seen.requests.append(request.url))
        page.goto(path.as_uri(), wait_until="load")
        # Thumbnails load lazily as they scroll into view; a test looks at all of them.
        page.evaluate("document.querySelectorAll('img').forEach(img => img.loading = 'eager')")
        page.wait_for_load_state("networkidle")
        page.evaluate("document.fonts.ready.then(() => true)")
        yield seen
    finally:
        context.close()


def axe_violations(page) -> list[dict]:
    """axe-core's violations on the page as it stands, each with its rule and its nodes."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        {
            "id": violation["id"],
            "impact": violation.get("impact"),
            "nodes": [node.get("target") for node in violation.get("nodes", [])],
        }
        for violation in results.response["violations"]
    ]


def images_loaded(page) -> list[str]:
    """The sources of the images that did not load."""
    return page.evaluate(
        "Array.from(document.images).filter(img => !(img.complete && img.naturalWidth > 0))"
        ".map(img => img.getAttribute('src'))"
    )


def outside(requests: list[str], folder: Path) -> list[str]:
    """Requests for anything but a file inside `folder`."""
    root = folder.resolve().as_uri() + "/"
    return [url for url in requests if not url.startswith(root)]


def scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")
