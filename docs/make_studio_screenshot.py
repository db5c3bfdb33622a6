"""Regenerates docs/studio.png, the README's picture of the studio, with the same browser
tooling as the tests: `mythprint serve` in its own process, and Debian's Chromium through
Playwright, filling the form by its labels and pressing Preview.

Run from the project root after `pip install -e '.[test]'` (Chromium: apt-get install
chromium):
    python docs/make_studio_screenshot.py
"""

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from mythprint.paths import DEFAULT_BRANDS_DIR, PROJECT_ROOT

TARGET = PROJECT_ROOT / "docs" / "studio.png"
VIEWPORT = {"width": 1280, "height": 1180}
# A fictional partnership; its numbers are from Ofcom's drama range, so check warns.
KIT = {
    "Partnership name": "Northshire Safeguarding Children Partnership",
    "Short name": "Northshire SCP",
    "Website": "https://www.northshire.gov.uk",
    "Main colour": "#2b4c7e",
    "Second colour": "#a13d63",
    "Logo description": "Northshire Safeguarding Children Partnership logo",
    "Contacts": "Worried about a child? Children's Services front door: 01632 960123",
}
LOGO = DEFAULT_BRANDS_DIR / "example-partnership" / "logo.svg"
# Chromium calls home on start without these, and waits on a closed network.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def start_studio(folder: Path) -> tuple[subprocess.Popen, str]:
    """`mythprint serve` on any free port, once it has printed its address."""
    process = subprocess.Popen(
        [sys.executable, "-c", "from mythprint.cli import main; main()", "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=folder,
    )
    for line in process.stdout:
        if match := re.search(r"running at (http://\S+/)", line):
            return process, match.group(1)
    raise SystemExit(f"the studio did not start (exit code {process.wait()})")


def main() -> None:
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with tempfile.TemporaryDirectory() as folder:
        process, url = start_studio(Path(folder))
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium, args=LAUNCH_ARGS)
                page = browser.new_page(viewport=VIEWPORT)
                page.goto(url)
                for label, value in KIT.items():
                    page.get_by_label(label, exact=True).fill(value)
                page.get_by_label("Logo", exact=True).set_input_files(LOGO)
                page.get_by_role("button", name="Preview", exact=True).click()
                page.wait_for_load_state("networkidle")
                page.evaluate("window.scrollTo(0, 0)")
                page.evaluate("document.activeElement.blur()")
                page.screenshot(path=str(TARGET))
                browser.close()
        finally:
            process.terminate()  # SIGTERM: the studio stops as on Ctrl-C, deleting its work
            process.wait()
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
