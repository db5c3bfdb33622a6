"""How fast mythprint builds a national batch, against one naive `weasyprint` call.

Makes N kits from brands/example-partnership in a temporary folder (each with its own
name and colour), then measures, in one run:
  1. the baseline: one `weasyprint` command-line call that renders an A3 page of the
     whole guide, median of 3. The page is fixed (benchmarks/naive-a3.html: the all-myths
     poster as mythprint made it before this work), so that the yardstick does not move
     when mythprint's own templates get faster;
  2. `mythprint build --brand all`, every format (the web edition too; no previews,
     which come on top of the formats), as a real process: wall seconds per kit, layout
     passes per fitted PDF, and peak memory of the whole process tree; and, from the
     second at which each kit was done, what each kit after the first adds, which says
     how long a bigger batch would take;
  3. the same command again with nothing changed;
  4. the same batch from scratch with previews, as `build` makes them by default (no
     goal of its own: previews came after these goals were set);
  5. the leaflet's panel fills.
Each measure is printed beside its goal, as a ratio to the baseline of this same run:
these machines are noisy, so only ratios compare across runs.

Run from the project root with the project's venv active:
    python benchmarks/bench.py [--kits 12] [--jobs N] [--json]
This is a benchmark, not a test: pytest never imports it.
"""

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from mythprint.inputs.brand import load_brand
from mythprint.inputs.newkit import copy_kit
from mythprint.paths import DEFAULT_BRANDS_DIR, PROJECT_ROOT

EXAMPLE = "example-partnership"
NAIVE_PAGE = Path(__file__).resolve().parent / "naive-a3.html"
PLACES = (
    "Northshire Safeguarding Children Partnership",
    "Southvale Safeguarding Children Partnership",
    "Eastmoor and Westbury Children's Safeguarding Partnership",
    "Lakeland Safeguarding Partnership",
    "City of Riverton Safeguarding Children Partnership",
    "Highdale Safeguarding Children Board",
)
GOALS = {  # measure: (goal as a ratio to one naive call, what it means)
    "per_kit": (0.33, "wall seconds per kit, every format"),
    "unchanged": (0.5, "an unchanged rebuild of the whole batch"),
}
PASSES_GOAL = 1.5
MEMORY_GOAL_MB = 1536


def make_kits(folder: Path, count: int) -> Path:
    """`count` kits copied from the example kit, each with its own name and main colour."""
    brands = folder / "brands"
    brands.mkdir()
    shutil.copytree(DEFAULT_BRANDS_DIR / EXAMPLE, brands / EXAMPLE)
    for number in range(count):
        place = PLACES[number % len(PLACES)]
        name = place if number < len(PLACES) else f"{place} {number // len(PLACES) + 1}"
        hue = (number * 47) % 360
        copy_kit(brands, EXAMPLE, f"kit-{number + 1:03d}", name, _dark(hue))
    shutil.rmtree(brands / EXAMPLE)
    return brands


def _dark(hue: int) -> str:
    """A main colour dark enough for white text and body text on white (WCAG AA)."""
    import colorsys

    red, green, blue = colorsys.hls_to_rgb(hue / 360, 0.27, 0.55)
    return "#{:02x}{:02x}{:02x}".format(*(round(c * 255) for c in (red, green, blue)))


def naive_html(folder: Path) -> Path:
    """The fixed baseline page (benchmarks/naive-a3.html) with this machine's paths filled in."""
    brand = load_brand(DEFAULT_BRANDS_DIR, EXAMPLE)
    [fonts] = {face.path.parent for face in brand.faces}
    html = NAIVE_PAGE.read_text(encoding="utf-8")
    html = html.replace("{FONTS}", fonts.as_uri()).replace("{KIT}", brand.folder.as_uri())
    path = folder / "naive.html"
    path.write_text(html, encoding="utf-8")
    return path


def weasyprint_command() -> str:
    beside_python = Path(sys.executable).parent / "weasyprint"
    found = str(beside_python) if beside_python.exists() else shutil.which("weasyprint")
    if found is None:
        raise SystemExit("the weasyprint command was not found")
    return found


def naive_seconds(html: Path, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(
            [weasyprint_command(), str(html), str(html.with_suffix(".pdf"))],
            check=True,
            capture_output=True,
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


class PeakMemory:
    """Samples the resident memory of a process and all its children, every 50 ms."""

    def __init__(self, pid: int):
        self.pid, self.peak_kb, self._done = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._done.wait(0.05):
            self.peak_kb = max(self.peak_kb, sum(_rss_kb(pid) for pid in _tree(self.pid)))

    def stop(self) -> float:
        self._done.set()
        self._thread.join()
        return self.peak_kb / 1024


def _tree(pid: int) -> list[int]:
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            children = []
        pending += [int(child) for child in children]
    return found


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_build(
    brands: Path, out: Path, stats: Path, jobs: int | None, previews: bool = False
) -> tuple[float, float]:
    """One `mythprint build --brand all` as a real process: (wall seconds, peak MB)."""
    command = [
        sys.executable,
        str(PROJECT_ROOT / "generate.py"),
        "build",
        "--brands-dir",
        str(brands),
        "--brand",
        "all",
        "--out",
        str(out),
        "--quiet",
        "--previews" if previews else "--no-previews",
        "--stats",
        str(stats),
    ]
    if jobs:
        command += ["--jobs", str(jobs)]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    memory = PeakMemory(process.pid)
    _, err = process.communicate()
    seconds = time.perf_counter() - start
    peak = memory.stop()
    if process.returncode != 0:
        raise SystemExit(f"the build failed:\n{err.decode()}")
    return seconds, peak


def leaflet_fills(out: Path) -> list[list[float]]:
    """Each leaflet's inside panel fills, where the manifest records them."""
    manifest = json.loads((out / "manifest.json").read_text())["outputs"]
    return [e["panel_fill"] for e in manifest if e["format"] == "leaflet" and "panel_fill" in e]


def compile_mythprint() -> None:
    """Byte-compile mythprint, as its first run on a user's machine does (and as installing
    it does). WeasyPrint and the other libraries came compiled from pip; without this, a
    machine that sets PYTHONDONTWRITEBYTECODE (as CI images do) compiles mythprint's
    source again in every process, and the unchanged rebuild measures the compiler."""
    import compileall

    compileall.compile_dir(PROJECT_ROOT / "mythprint", quiet=1)


def measure(kits: int, jobs: int | None, repeat: int) -> dict:
    """Each round: a naive call, the batch from scratch, the unchanged rebuild, a naive call.

    A round's ratios divide by the mean of the naive calls either side of it, so that the
    machine's drift within a run cancels; the report gives the median round.
    """
    rounds = []
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        html = naive_html(folder)
        brands = make_kits(folder, kits)
        naive_seconds(html, 1)  # the first call also warms the disk cache
        compile_mythprint()
        for number in range(repeat):
            before = naive_seconds(html, 1)
            out = folder / f"out-{number}"
            first_s, peak_mb = run_build(brands, out, folder / "first.json", jobs)
            again_s, _ = run_build(brands, out, folder / "again.json", jobs)
            previewed = folder / f"previewed-{number}"
            previews_s, _ = run_build(brands, previewed, folder / "previews.json", jobs, True)
            baseline = (before + naive_seconds(html, 1)) / 2
            stats = json.loads((folder / "first.json").read_text())
            again = json.loads((folder / "again.json").read_text())
            rounds.append(
                {
                    "baseline_s": baseline,
                    "build_s": first_s,
                    "per_kit_s": first_s / kits,
                    "per_kit_ratio": first_s / kits / baseline,
                    "unchanged_s": again_s,
                    "unchanged_ratio": again_s / baseline,
                    "unchanged_made": again["made"],
                    "previews_per_kit_s": previews_s / kits,
                    "made": stats["made"],
                    "peak_mb": peak_mb,
                    "stats": stats,
                    "fills": leaflet_fills(out),
                }
            )
    middle = sorted(rounds, key=lambda r: r["per_kit_ratio"])[len(rounds) // 2]
    stats = middle["stats"]
    pdf_passes = [row["passes"] for row in stats["outputs"] if row["path"].endswith(".pdf")]
    done = stats["kits_done_s"]
    return {
        "first_done_s": done[0],
        # Each kit after the first: what one more kit adds to a batch of this size.
        "next_kit_s": (done[-1] - done[0]) / (kits - 1) if kits > 1 else None,
        "kits": kits,
        "rounds": [{k: v for k, v in r.items() if k not in ("stats", "fills")} for r in rounds],
        **{k: v for k, v in middle.items() if k not in ("stats", "fills")},
        "unchanged_ratio": statistics.median(r["unchanged_ratio"] for r in rounds),
        "unchanged_s": statistics.median(r["unchanged_s"] for r in rounds),
        "peak_mb": max(r["peak_mb"] for r in rounds),
        "mean_passes": statistics.mean(pdf_passes),
        "leaflet_fills": middle["fills"],
        "outputs": stats["outputs"],
    }


def report(result: dict) -> None:
    base = result["baseline_s"]
    kits = result["kits"]
    print(f"Baseline: one naive `weasyprint` call, an A3 page of the whole guide: {base:.3f} s")
    print(f"Batch: {kits} kits from the example kit, every format ({result['made']} files)")
    print(
        "Rounds (naive call, s per kit, ratio): "
        + "; ".join(
            f"{r['baseline_s']:.2f}, {r['per_kit_s']:.3f}, {r['per_kit_ratio']:.2f}"
            for r in result["rounds"]
        )
    )
    print()
    rows = [
        (
            "build --brand all, wall s per kit",
            f"{result['per_kit_s']:.3f} s",
            result["per_kit_ratio"],
            GOALS["per_kit"][0],
        ),
        (
            "unchanged rebuild, whole batch",
            f"{result['unchanged_s']:.3f} s",
            result["unchanged_ratio"],
            GOALS["unchanged"][0],
        ),
    ]
    rows += [
        ("mean layout passes per fitted PDF", f"{result['mean_passes']:.2f}", None, PASSES_GOAL),
        (f"peak memory, {kits} kits", f"{result['peak_mb']:.0f} MB", None, MEMORY_GOAL_MB),
    ]
    values = {rows[2][0]: result["mean_passes"], rows[3][0]: result["peak_mb"]}
    print(f"  {'measure':<36} {'value':>10} {'× naive':>8} {'goal':>7}  met")
    for label, value, ratio, goal in rows:
        shown = "" if ratio is None else f"{ratio:.2f}"
        met = (ratio if ratio is not None else values[label]) <= goal
        print(f"  {label:<36} {value:>10} {shown:>8} {'≤' + format(goal, 'g'):>7}  {_met(met)}")
    print()
    next_kit = result["next_kit_s"]
    if next_kit is not None:
        print(
            f"Where the time goes: the first kit was done {result['first_done_s']:.2f} s into "
            f"the run (start-up, and the first kit's fits); each kit after it took "
            f"{next_kit:.3f} s ({next_kit / base:.2f}× naive). 150 kits at this rate: "
            f"{result['build_s'] + (150 - kits) * next_kit:.0f} s."
        )
    print(f"The unchanged rebuild made {result['unchanged_made']} files.")
    with_previews = result["previews_per_kit_s"]
    print(
        f"With previews, as `build` makes them by default: {with_previews:.3f} s per kit "
        f"({with_previews / base:.2f}× naive)."
    )
    fills = result["leaflet_fills"]
    if fills:
        worst = min(min(f) for f in fills)
        spread = max(max(f) - min(f) for f in fills)
        print(
            f"Leaflet inside panels: their fills differ by at most {spread:.2f} within a "
            f"leaflet, and the emptiest is {worst:.2f} full."
        )
    print()
    first_kit = sorted({row["path"].split("/")[0] for row in result["outputs"]})[0]
    print(f"Per output of {first_kit}: layout passes, seconds in its worker")
    for row in sorted(result["outputs"], key=lambda r: r["path"]):
        if row["path"].startswith(first_kit + "/"):
            print(f"  {row['path']:<62} {row['passes']:>2} {row['seconds']:>7.3f}")


def _met(ok: bool) -> str:
    return "yes" if ok else "NO"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kits", type=int, default=12, help="kits in the batch (default 12)")
    parser.add_argument("--jobs", type=int, help="worker processes (default: every core)")
    parser.add_argument(
        "--repeat", type=int, default=3, help="rounds to run; the median is reported (default 3)"
    )
    parser.add_argument("--json", action="store_true", help="also print the numbers as JSON")
    args = parser.parse_args()
    if args.kits < 1 or args.repeat < 1:
        parser.error("--kits and --repeat must be at least 1")
    result = measure(args.kits, args.jobs, args.repeat)
    report(result)
    if args.json:
        print(json.dumps({k: v for k, v in result.items() if k != "outputs"}, indent=2))


if __name__ == "__main__":
    main()
