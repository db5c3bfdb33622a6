"""What a print hub's coordinator learns of a batch from its manifest, its gallery and
`merge`: a build stopped part-way, a kit name mistyped, a kit that check stops. Each
command runs as a real process; the manifest and the gallery are read as it leaves them."""

import json
import re
import shutil
from pathlib import Path

from mythprint.batch.output import MANIFEST
from mythprint.batch.progress import named
from mythprint.paths import DEFAULT_BRANDS_DIR

from .test_batch import make_kits, mythprint, summary
from .test_exit_codes import assert_clean_failure, errors
from .test_gallery import tree_of, words

# Small kits, quick to build: the poster, then the web edition, a unit of its own.
OPTIONS = ("--format", "poster", "--format", "html", "--no-previews", "--jobs", "1")

# Ctrl-C, as the build meets it at its next safe point once one kit is done (its web
# edition made) and another has its poster only: that one is half-made, and the kits after
# it are not reached (a kit's web edition goes first in line, and one worker makes a unit
# at a time).
STOP_WITH_A_KIT_HALF_MADE = """
import mythprint.batch.runner as runner
posters, webs = set(), set()
real_take = runner._take
def take(kit, result, *args, **kwargs):
    real_take(kit, result, *args, **kwargs)
    formats = {entry.format for entry, _, _ in result.made}
    (posters if "poster" in formats else webs if "html" in formats else set()).add(kit.slug)
def check_stop():
    if webs and posters - webs:
        raise KeyboardInterrupt
runner._take = take
runner.check_stop = check_stop
"""
KITS = ("alpha", "beta", "gamma", "delta")


def paths(slug: str) -> set[str]:
    return {f"{slug}/poster-a3.pdf", f"{slug}/web/index.html"}


def manifest(out: Path) -> dict:
    return json.loads((out / MANIFEST).read_text(encoding="utf-8"))


def overview(out: Path) -> tuple[str, dict[str, list[str]]]:
    """The gallery's caption over its table of kits, and each row's cells, by folder."""
    tree = tree_of((out / "index.html").read_text(encoding="utf-8"))
    [caption] = tree.xpath("//table[@class='kits']/caption")
    rows = {}
    for row in tree.xpath("//table[@class='kits']/tbody/tr"):
        cells = [words(cell) for cell in row.xpath("th|td")]
        rows[cells[1]] = cells
    return words(caption), rows


def build(hub: Path, out: str, kits: str = "all", script: str = ""):
    brands = str(hub / "brands")
    args = ("build", "--brands-dir", brands, "--brand", kits, "--out", out, *OPTIONS)
    return mythprint(*args, cwd=hub, script=script)


def test_a_stopped_build_records_its_unfinished_kits_and_a_merge_says_so(tmp_path):
    """A merge once copied a stopped machine's folder with 'Done' and exit 0, and the
    gallery said 'No kit needs attention': a half-made kit showed 'No', and the kits the
    build never reached were simply missing."""
    hub = tmp_path
    for slug in KITS:
        shutil.copytree(DEFAULT_BRANDS_DIR / "default", hub / "brands" / slug)
    stopped = build(hub, "m1-dist", script=STOP_WITH_A_KIT_HALF_MADE)
    assert stopped.returncode == 130, stopped.stderr

    document = manifest(hub / "m1-dist")
    made = {entry["path"] for entry in document["outputs"]}
    done = [slug for slug in KITS if f"{slug}/web/index.html" in made]
    half = [slug for slug in KITS if slug not in done and f"{slug}/poster-a3.pdf" in made]
    unreached = [slug for slug in KITS if slug not in done + half]
    assert done and half and unreached, made
    unfinished = sorted(half + unreached)
    shown = ", ".join(unfinished)
    assert f"{len(unfinished)} kits were not finished ({shown})" in stopped.stderr
    assert all("unfinished" not in document["kits"][slug] for slug in done)
    assert all(document["kits"][slug]["unfinished"] is True for slug in half)
    assert all(
        document["kits"][slug] == {"unfinished": True, "missing": sorted(paths(slug))}
        for slug in unreached
    )
    assert all(document["kits"][slug]["missing"] == [f"{slug}/web/index.html"] for slug in half)

    # Its own gallery, and a merged one, list both under what needs attention.
    needs = (
        f"{len(unfinished)} of 4 kits need attention: {len(unfinished)} not finished, as a "
        "build was stopped."
    )
    caption, rows = overview(hub / "m1-dist")
    assert caption == needs
    assert {slug: rows[slug][-1] for slug in KITS} == {
        slug: "Not finished (build stopped)" if slug in unfinished else "No" for slug in KITS
    }
    assert rows[unreached[0]][2:4] == ["0 files", "– warnings not checked"]

    merged = mythprint("merge", "m1-dist", "--out", "combined", cwd=hub)
    [line] = assert_clean_failure(merged, 1)
    assert line == (
        f"Error: m1-dist: its build was stopped before it finished, so {len(unfinished)} "
        f"kits are not finished there ({shown}): run the same build again on that machine, "
        "copy its folder again, and merge again"
    )
    assert summary(merged).startswith(
        f"Done: {len(unfinished)} kits not finished ({named(unfinished)}), 4 kits, "
    )
    stopped_there = f"{unreached[0]}: not finished in m1-dist, as its build was stopped"
    assert stopped_there in merged.stdout
    assert manifest(hub / "combined")["kits"][unreached[0]] == document["kits"][unreached[0]]
    caption, rows = overview(hub / "combined")
    assert caption == needs
    assert all(rows[slug][-1] == "Not finished (build stopped)" for slug in unfinished)
    page = (hub / "combined" / "index.html").read_text(encoding="utf-8")
    assert "A build was stopped before it finished." in page

    # A build of a half-made kit's other files leaves it unfinished; one that makes its
    # missing files finishes it, and keeps the others' marks; a complete build clears every
    # mark.
    brands = str(hub / "brands")
    poster = ("build", "--brands-dir", brands, "--brand", half[0], "--out", "m1-dist")
    assert mythprint(*poster, "--format", "poster", "--no-previews", cwd=hub).returncode == 0
    assert manifest(hub / "m1-dist")["kits"][half[0]]["unfinished"] is True
    assert overview(hub / "m1-dist")[1][half[0]][-1] == "Not finished (build stopped)"
    assert build(hub, "m1-dist", half[0]).returncode == 0
    assert "unfinished" not in manifest(hub / "m1-dist")["kits"][half[0]]
    assert manifest(hub / "m1-dist")["kits"][unreached[0]] == document["kits"][unreached[0]]
    finished = build(hub, "m1-dist")
    assert finished.returncode == 0, finished.stderr
    assert "unfinished" not in (hub / "m1-dist" / MANIFEST).read_text(encoding="utf-8")
    caption, _ = overview(hub / "m1-dist")
    assert caption == "No kit needs attention: nothing failed in the last build."
    again = mythprint("merge", "m1-dist", "--out", "combined", cwd=hub)
    assert again.returncode == 0, again.stderr
    assert "stopped" not in (hub / "combined" / "index.html").read_text(encoding="utf-8")


def test_a_mistyped_kit_stops_the_build_before_anything_is_made_or_recorded(tmp_path):
    """A kit name with no folder was built as a kit 'not built', recorded in the manifest
    and the gallery, and every later merge of the folder repeated it, its name doubled."""
    brands = make_kits(tmp_path, 2)
    for number in range(8):  # more kits than an error names one by one
        shutil.copytree(brands / "northshire", brands / f"kit-{number}")
    result = mythprint(
        "build", "--brands-dir", "brands", "--brand", "northshire,southvail", "--out", "out",
        *OPTIONS, cwd=tmp_path,
    )  # fmt: skip
    [line] = assert_clean_failure(result, 2)
    assert line == (
        "Error: Invalid value for '--brand': southvail: there is no such kit in brands/ "
        "(did you mean southvale?); `mythprint list --brands-dir brands` names the kits there"
    )
    assert not (tmp_path / "out").exists()
    # A folder without a brand file is not a kit either.
    (brands / "notes").mkdir()
    result = mythprint(
        "build", "--brands-dir", "brands", "--brand", "notes", "--out", "out", cwd=tmp_path
    )
    [line] = assert_clean_failure(result, 2)
    assert "notes: brands/notes holds no _brand.yml, so it is not a brand kit" in line
    assert not (tmp_path / "out").exists()


def test_a_kit_check_stops_shows_its_name_colours_and_warnings_as_the_build_said(tmp_path):
    """A kit that failed showed 'Warnings from check: None.' and 0, under its folder's
    name, or an earlier build's colours with no mark; the gallery counted 28 warnings where
    the build said 33; and merge named its file 'southvale: _brand.yml:36:3' where the
    build said 'brands/southvale/_brand.yml:36:3'."""
    brands = make_kits(tmp_path, 2)
    out = tmp_path / "out"
    args = ("build", "--brands-dir", "brands", "--brand", "all", "--out", "out", *OPTIONS)
    assert mythprint(*args, cwd=tmp_path).returncode == 0
    kit = brands / "southvale" / "_brand.yml"
    kit.write_text(kit.read_text(encoding="utf-8").replace("#5b1d4a", "#ffff66"))
    failed = mythprint(*args, cwd=tmp_path)
    assert failed.returncode == 1, failed.stderr
    said = [line for line in failed.stderr.splitlines() if "brands/southvale/" in line]
    warned = [line for line in said if line.startswith("Warning:")]
    assert warned and len(errors(failed)) == 2

    southvale = manifest(out)["kits"]["southvale"]
    assert southvale["name"] == "Southvale Safeguarding Children Partnership"
    assert southvale["colors"]["accent"] == "#ffff66"
    assert len(southvale["warnings"]) == len(warned)
    tree = tree_of((out / "index.html").read_text(encoding="utf-8"))
    _, rows = overview(out)
    assert rows["southvale"][0] == southvale["name"]
    assert rows["southvale"][3] == f"{len(warned)} warnings"
    # The page's count of warnings is the build's
    built = re.search(r", (\d+) warnings, ", summary(failed))[1]
    [header] = tree.xpath("//p[@class='summary']")
    assert f", {built} warnings from check." in words(header)
    [section] = tree.xpath("//section[@id='kit-southvale']")
    assert "Brand colour #ffff66" in words(section)
    assert "the files below are from an earlier build, and may print other colours" in words(
        section
    )

    merged = mythprint("merge", "out", "--out", "combined", cwd=tmp_path)
    assert merged.returncode == 1
    assert errors(merged) == errors(failed)
    assert all(line.startswith("Error: brands/southvale/_brand.yml:") for line in errors(merged))
