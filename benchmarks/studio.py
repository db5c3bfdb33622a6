"""How live the studio feels: its previews and its home page, timed through its ASGI app.

With the workers warm, measures:
  1. the first preview of a kit nobody has made before (the issue's goal: within 2 s);
  2. the same kit in another colour (within 1 s: the fitted sizes are reused);
  3. the home page's slowest answer while ten visitors' previews are made at once
     (within 1 s), and how long the ten took.
Each is a median of --rounds (default 5). Run from the project root with the project's
venv active (the [test] extra):
    python benchmarks/studio.py [--rounds 5] [--json]
This is a benchmark, not a test: pytest never imports it.
"""

import argparse
import json
import re
import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from starlette.testclient import TestClient

from mythprint.paths import DEFAULT_BRANDS_DIR
from mythprint.studio.app import Studio

BASE = "http://127.0.0.1:8000"
GOALS = {"first_preview": 2.0, "colour_change": 1.0, "home_during_burst": 1.0}
KIT = {
    "short_name": "",
    "website": "https://www.northshire.gov.uk",
    "secondary": "#7a2958",
    "logo_alt": "",
    "contacts": "Worried about a child? Children's Services front door: 01632 960123",
    "qr": "",
}


class Visitor:
    def __init__(self, app, portal):
        self.client = TestClient(app, base_url=BASE)
        self.client.portal = portal
        page = self.client.get("/").text
        self.token = re.search(r'name="csrftoken" value="([^"]+)"', page).group(1)

    def preview(self, name: str, primary: str) -> float:
        started = time.perf_counter()
        data = {**KIT, "csrftoken": self.token, "name": name, "primary": primary}
        page = self.client.post("/preview", data=data).text
        assert 'class="preview"' in page, "no previews were made"
        return time.perf_counter() - started


def measure(rounds: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        studio = Studio(DEFAULT_BRANDS_DIR, root=Path(folder) / "studio")
        app = studio.app()
        with TestClient(app, base_url=BASE) as main:
            studio.pool.wait_warm()
            first, colour, burst, home = [], [], [], []
            for number in range(rounds):
                visitor = Visitor(app, main.portal)
                name = f"Benchmark Safeguarding Partnership number {number}"
                first.append(visitor.preview(name, "#2b4c7e"))
                visitor.client.get("/previews/handout.png")  # as a browser would, first
                colour.append(visitor.preview(name, "#5a2b7e"))
                slowest, seconds = _burst(app, main.portal, number)
                home.append(slowest)
                burst.append(seconds)
    return {
        "first_preview": statistics.median(first),
        "colour_change": statistics.median(colour),
        "home_during_burst": statistics.median(home),
        "ten_previews": statistics.median(burst),
        "workers": studio.pool.workers,
    }


def _burst(app, portal, number: int) -> tuple[float, float]:
    """Ten previews at once, with the home page asked for every 50 ms: its slowest answer,
    and how long the ten took."""
    visitors = [Visitor(app, portal) for _ in range(10)]
    watcher = Visitor(app, portal)
    started, latencies = time.perf_counter(), []
    with ThreadPoolExecutor(10) as pool:
        futures = [
            pool.submit(v.preview, f"Burst {number} partnership {n}", f"#2b4c{n}e")
            for n, v in enumerate(visitors)
        ]
        while not all(future.done() for future in futures):
            asked = time.perf_counter()
            watcher.client.get("/")
            latencies.append(time.perf_counter() - asked)
            time.sleep(0.05)
        for future in futures:
            future.result()
    return max(latencies), time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = measure(args.rounds)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"{results['workers']} workers, median of {args.rounds} rounds")
    for key, goal in GOALS.items():
        verdict = "ok" if results[key] < goal else "MISSED"
        shown = key.replace("_", " ")
        print(f"  {shown:<20} {results[key]:6.2f} s   goal < {goal:g} s   {verdict}")
    print(f"  {'ten previews':<20} {results['ten_previews']:6.2f} s   (all ten, at once)")


if __name__ == "__main__":
    main()
