"""How long mythprint takes to build, and how that compares with the weasyprint command line.

Measures, in one process:
  1. the wall time of a full default build (what `python generate.py` does, written into a
     temporary folder), repeated --repeat times; the first run also pays font loading;
  2. per output: render time, layout passes the fit needed, and the chosen font size;
  3. a baseline: the same final HTML (at the already-fitted size) rendered by one
     `weasyprint` command-line call per document. The baseline does no fitting.

Run from the project root with the project's venv active:
    python benchmarks/bench.py [--repeat N] [--json]
This is a benchmark, not a test: pytest never imports it.
"""

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from mythprint.build import BuildReport, build, load_inputs
from mythprint.formats import FORMATS
from mythprint.paths import DEFAULT_BRANDS_DIR, DEFAULT_CONTENT, STYLES_DIR
from mythprint.profiles import OFFICE_PROFILE


def timed_builds(content, brand, repeat: int) -> tuple[list[float], BuildReport]:
    """Wall times of full builds, each into a fresh temporary folder, and the last report."""
    times = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as out_dir:
            start = time.perf_counter()
            report = build(content, brand, list(FORMATS), Path(out_dir))
            times.append(time.perf_counter() - start)
        if report.failures:
            raise SystemExit(f"build failed: {report.failures[0]}")
    return times, report


def output_rows(report: BuildReport) -> list[dict]:
    """Per output of a warm build: render time, layout passes, chosen size, final HTML."""
    return [
        {
            "output": item.entry.path,
            "passes": item.entry.layout_passes,
            "size_pt": item.entry.font_size_pt,
            "ms": item.seconds * 1000,
            "html": item.html,
        }
        for item in report.rendered
    ]


def weasyprint_command() -> str:
    beside_python = Path(sys.executable).parent / "weasyprint"
    found = str(beside_python) if beside_python.exists() else shutil.which("weasyprint")
    if found is None:
        raise SystemExit("the weasyprint command was not found")
    return found


def baseline_times(rows: list[dict]) -> list[float]:
    """One `weasyprint` CLI call per final document, timed from outside the process."""
    command = weasyprint_command()
    times = []
    with tempfile.TemporaryDirectory() as folder:
        for number, row in enumerate(pdf_rows(rows)):
            source = Path(folder) / f"doc-{number}.html"
            source.write_text(row["html"], encoding="utf-8")
            args = [
                command,
                str(source),
                str(source.with_suffix(".pdf")),
                "--pdf-variant",
                OFFICE_PROFILE.pdf_variant,
                "--base-url",
                STYLES_DIR.as_uri() + "/",
            ]
            start = time.perf_counter()
            subprocess.run(args, check=True, capture_output=True)
            times.append(time.perf_counter() - start)
    return times


def pdf_rows(rows: list[dict]) -> list[dict]:
    """The outputs made from HTML by WeasyPrint: the PDFs, not the Word handout."""
    return [row for row in rows if row["html"]]


def mean_passes(rows: list[dict]) -> float:
    return statistics.mean(row["passes"] for row in pdf_rows(rows))


def print_builds(times: list[float]) -> None:
    print(f"Full default build ({len(times)} runs, all formats, into a temporary folder)")
    print(f"  first run (pays font loading): {times[0]:.3f} s")
    print(f"  best: {min(times):.3f} s   median: {statistics.median(times):.3f} s")
    print()


def print_outputs(rows: list[dict]) -> None:
    width = max(len(row["output"]) for row in rows)
    print("Per output (from the last, warm build)")
    print(f"  {'output':<{width}}  passes  size pt       ms")
    for row in rows:
        print(
            f"  {row['output']:<{width}}  {row['passes']:>6}  {row['size_pt']:>7g}  "
            f"{row['ms']:>7.1f}"
        )
    print(f"  mean layout passes per fitted PDF: {mean_passes(rows):.2f} (the Word file has none)")
    print()


def print_baseline(rows: list[dict], baseline: list[float], build_s: float, first_s: float):
    total = sum(baseline)
    print("Baseline: one `weasyprint` CLI call per final document (no fitting: one render")
    print("each at the size mythprint already chose; each call pays process start-up,")
    print("imports and font loading). mythprint's time includes all its fitting passes.")
    for row, seconds in zip(pdf_rows(rows), baseline, strict=True):
        print(f"  {row['output']}: {seconds:.3f} s")
    print(
        f"mythprint makes all {len(rows)} outputs ({len(pdf_rows(rows))} PDFs with fitting, "
        f"plus the Word file) in {build_s:.3f} s "
        f"(best build); one weasyprint CLI call per final document takes {total:.3f} s; "
        f"ratio {total:.3f}/{build_s:.3f} = {total / build_s:.2f}×"
    )
    print(
        f"Against mythprint's first (cold-font) build of {first_s:.3f} s the ratio is "
        f"{total / first_s:.2f}×."
    )


def summary(times: list[float], rows: list[dict], baseline: list[float]) -> dict:
    return {
        "builds_s": times,
        "first_s": times[0],
        "best_s": min(times),
        "median_s": statistics.median(times),
        "outputs": [{k: row[k] for k in ("output", "passes", "size_pt", "ms")} for row in rows],
        "mean_passes": mean_passes(rows),
        "baseline_s": baseline,
        "baseline_total_s": sum(baseline),
        "ratio_baseline_over_best_build": sum(baseline) / min(times),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="full builds to time (default 3)")
    parser.add_argument("--json", action="store_true", help="also print a JSON summary")
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    content, brand = load_inputs(DEFAULT_CONTENT, DEFAULT_BRANDS_DIR, "default")
    times, last_report = timed_builds(content, brand, args.repeat)
    rows = output_rows(last_report)
    baseline = baseline_times(rows)
    print_builds(times)
    print_outputs(rows)
    print_baseline(rows, baseline, min(times), times[0])
    if args.json:
        print()
        print(json.dumps(summary(times, rows, baseline), indent=2))


if __name__ == "__main__":
    main()
