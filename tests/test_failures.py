"""What a build could not make: recorded in the manifest, shown in the gallery, named on
the command line. The board signs off the gallery before anything is printed: a file
left out, or an earlier build's file shown as this one's, must not pass unseen.

The command runs as a real process, as a print hub runs it; the manifest and the gallery
are read as it leaves them."""

import json
import shutil
from pathlib import Path

from mythprint.batch.progress import summary_line

from .test_batch import make_kits, mythprint, summary
from .test_gallery import tree_of, words
from .test_kits import EIGHT_CONTACTS, EIGHT_LONG_CONTACTS, kit_with_contacts, make_kit

# Twelve contacts, each with its hours: the all-myths poster and two myths' posters
# cannot hold them at their floors.
TWELVE_LONG_CONTACTS = EIGHT_LONG_CONTACTS + tuple(
    (f"Extra team {n}, Monday to Friday, 9am to 5pm", f"0300 123 20{n}") for n in range(4)
)
NOT_FITTED = (
    "northshire/poster-a3-consent.pdf",
    "northshire/poster-a3-disclosure-between-organisations.pdf",
    "northshire/poster-a3.pdf",
)
FAILED_NOTE = "From an earlier build: its latest build failed."
NOT_BUILT_NOTE = "From an earlier build: its kit was not built in the last build."
POSTERS = ("--format", "poster", "--format", "myth-posters", "--no-previews")


def build(brands: Path, out: Path, *options: str, brand: str = "all", formats=POSTERS):
    args = ("build", "--brands-dir", str(brands), "--brand", brand, "--out", str(out))
    return mythprint(*args, *formats, *options, cwd=out.parent)


def set_contacts(brands: Path, contacts: tuple[tuple[str, str], ...]) -> None:
    shutil.rmtree(brands / "northshire", ignore_errors=True)
    kit_with_contacts(brands, contacts)


def errors_said(result) -> list[str]:
    return [
        line.removeprefix("Error: ")
        for line in result.stderr.splitlines()
        if line.startswith("Error: ")
    ]


def kits_of(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))["kits"]


def gallery(out: Path):
    return tree_of((out / "index.html").read_text(encoding="utf-8"))


def notes(tree, slug: str) -> dict[str, str]:
    """Each file of the kit's section that carries a note, with the note."""
    return {
        card.xpath(".//a/@href")[0]: words(card.xpath(".//*[@class='file__stale']")[0])
        for card in tree.xpath(f"//section[@id='kit-{slug}']//li[contains(@class, 'file ')]")
    }


def test_files_that_do_not_fit_are_recorded_shown_and_cleared_once_made(tmp_path):
    """The all-myths poster and two myths' posters stop fitting: their earlier copies stay
    (nothing good is deleted), but the manifest says what was not made, and the gallery
    says so above the kit's files and on each earlier copy's card. Made again, all clear."""
    brands, out = tmp_path / "brands", tmp_path / "out"
    set_contacts(brands, EIGHT_CONTACTS)
    first = build(brands, out)
    assert first.returncode == 0, first.stderr
    assert set(kits_of(out)["northshire"]) == {"name", "colors", "warnings"}

    set_contacts(brands, TWELVE_LONG_CONTACTS)
    failed = build(brands, out)
    assert failed.returncode == 1, failed.stderr
    said = errors_said(failed)
    assert sorted(line.split(": ", 1)[0] for line in said) == list(NOT_FITTED)
    kit = kits_of(out)["northshire"]
    assert kit["errors"] == sorted(said) and "not_built" not in kit
    assert "the content does not fit" in kit["errors"][0]
    outputs = json.loads((out / "manifest.json").read_text())["outputs"]
    assert set(NOT_FITTED) <= {output["path"] for output in outputs}  # the earlier copies

    tree = gallery(out)
    summary_words = words(tree.xpath("//p[@class='summary']")[0])
    assert summary_words.startswith("1 kit, 6 files, 3 files not made in the last build,")
    [listed] = tree.xpath("//section[@class='failures']//li")
    assert words(listed) == "Northshire Safeguarding Children Partnership: 3 files not made"
    assert listed.xpath("a/@href") == ["#kit-northshire"]
    [box] = tree.xpath("//section[@id='kit-northshire']//div[@class='failure']")
    assert words(box.xpath("h3")[0]) == "Not made in the last build"
    assert [words(li) for li in box.xpath(".//li")] == [" ".join(e.split()) for e in kit["errors"]]
    assert notes(tree, "northshire") == dict.fromkeys(NOT_FITTED, FAILED_NOTE)

    # A build of the leaflet alone made none of the posters: their errors stand, and its
    # own joins them (its back cover cannot hold twelve long contacts either).
    leaflet = build(brands, out, formats=("--format", "leaflet", "--no-previews"))
    assert leaflet.returncode == 1, leaflet.stderr
    [leaflet_error] = errors_said(leaflet)
    assert leaflet_error.startswith("northshire/leaflet-dl.pdf: the back cover overflows by")
    assert kits_of(out)["northshire"]["errors"] == sorted([*kit["errors"], leaflet_error])

    set_contacts(brands, EIGHT_CONTACTS)
    fixed = build(brands, out)
    assert fixed.returncode == 0, fixed.stderr
    # The posters are made; the leaflet was not built, so its error stands until it is.
    assert kits_of(out)["northshire"]["errors"] == [leaflet_error]
    leaflet = build(brands, out, formats=("--format", "leaflet", "--no-previews"))
    assert leaflet.returncode == 0, leaflet.stderr
    tree = gallery(out)
    assert not tree.xpath("//*[@class='failures' or @class='failure' or @class='file__stale']")
    assert "not made" not in words(tree.xpath("//p[@class='summary']")[0])


def test_a_kit_not_built_is_recorded_and_its_earlier_files_marked_until_it_is_fixed(tmp_path):
    """A kit whose brand file no longer reads shows its last good build's files: the
    gallery says they are not this build's. A kit never built that fails is listed too.
    A build of other kits keeps their record; a build that fails the same way again
    writes nothing; fixed and built again, the record is cleared."""
    brands = make_kits(tmp_path, 2)  # northshire and southvale
    out = tmp_path / "out"
    assert build(brands, out).returncode == 0
    brand_file = brands / "southvale" / "_brand.yml"
    good = brand_file.read_text()
    brand_file.write_text("meta: [unclosed\n")
    make_kit(brands, "newvale", "meta:\n  name: [\n")

    failed = build(brands, out)
    assert failed.returncode == 1, failed.stderr
    assert summary(failed).startswith("Done: 2 kits not built (newvale, southvale), ")
    kits = kits_of(out)
    assert kits["southvale"]["not_built"] is True
    [error] = kits["southvale"]["errors"]
    assert error.startswith("_brand.yml:2:1: YAML syntax error"), error  # from any folder
    assert kits["newvale"]["not_built"] is True and kits["newvale"]["errors"]
    assert "errors" not in kits["northshire"]

    tree = gallery(out)
    summary_words = words(tree.xpath("//p[@class='summary']")[0])
    assert summary_words.startswith("3 kits, 12 files, 2 kits not built,"), summary_words
    listed = [words(li) for li in tree.xpath("//section[@class='failures']//li")]
    southvale = "Southvale Safeguarding Children Partnership"
    assert listed == ["newvale: not built", f"{southvale}: not built"]
    [box] = tree.xpath("//section[@id='kit-southvale']//div[@class='failure']")
    assert words(box.xpath("h3")[0]) == "This kit was not built in the last build"
    assert words(box.xpath("p")[0]) == "The files below are from an earlier build."
    assert [words(li) for li in box.xpath(".//li")] == [" ".join(error.split())]
    marked = notes(tree, "southvale")
    assert len(marked) == 6 and set(marked.values()) == {NOT_BUILT_NOTE}
    [new_box] = tree.xpath("//section[@id='kit-newvale']//div[@class='failure']")
    assert "None of its files has been made." in words(new_box)

    # Failing again the same way changes nothing: the manifest and gallery stay as written.
    written = {name: (out / name).stat().st_mtime_ns for name in ("manifest.json", "index.html")}
    assert build(brands, out).returncode == 1
    assert {name: (out / name).stat().st_mtime_ns for name in written} == written

    # A build of another kit alone keeps what the last build of these said.
    assert build(brands, out, brand="northshire").returncode == 0
    assert kits_of(out)["southvale"]["not_built"] is True

    brand_file.write_text(good)
    shutil.rmtree(brands / "newvale")
    shutil.copytree(brands / "northshire", brands / "newvale")
    fixed = build(brands, out)
    assert fixed.returncode == 0, fixed.stderr
    for slug, kit in kits_of(out).items():
        assert "errors" not in kit and "not_built" not in kit, slug
    tree = gallery(out)
    assert not tree.xpath("//*[@class='failures' or @class='failure' or @class='file__stale']")


def test_a_build_that_makes_nothing_still_records_what_failed(tmp_path):
    """Only a failure, in a folder built before: the gallery would otherwise go on showing
    the earlier files as current."""
    brands, out = tmp_path / "brands", tmp_path / "out"
    set_contacts(brands, EIGHT_CONTACTS)
    assert build(brands, out, "--format", "poster").returncode == 0
    (brands / "northshire" / "_brand.yml").write_text("meta: [unclosed\n")
    failed = build(brands, out)
    assert failed.returncode == 1
    assert summary(failed).startswith("Done: 1 kit not built (northshire), 0 made, 0 unchanged")
    assert kits_of(out)["northshire"]["not_built"] is True
    assert "1 kit not built" in words(gallery(out).xpath("//p[@class='summary']")[0])


def test_the_manifest_records_failures_the_same_whatever_jobs_is(tmp_path):
    """Units finish in any order: the errors are recorded in one, so the manifest stays
    the same bytes whatever --jobs is."""
    brands = make_kits(tmp_path, 2)
    set_contacts(brands, TWELVE_LONG_CONTACTS)
    make_kit(brands, "pale", 'color:\n  primary: "#ffff00"\n')
    one, two = tmp_path / "one", tmp_path / "two"
    assert build(brands, one, "--jobs", "1").returncode == 1
    assert build(brands, two, "--jobs", "3").returncode == 1
    manifest = (one / "manifest.json").read_bytes()
    assert manifest == (two / "manifest.json").read_bytes()
    kits = json.loads(manifest)["kits"]
    assert [line.split(": ")[0] for line in kits["northshire"]["errors"]] == list(NOT_FITTED)
    assert kits["pale"]["not_built"] is True


def test_the_summary_line_starts_with_the_kits_not_built_a_few_named_at_most():
    """Kits not built come first: after "0 failed" (which counts files), a coordinator
    skimming the line took the batch for a success."""
    totals = {"made": 0, "unchanged": 0, "failed": 0, "warnings": 0, "kits": 5, "seconds": 1}
    two = summary_line({**totals, "kits_failed": 2, "kits_not_built": ["eastmoor", "pale"]})
    assert two.startswith("Done: 2 kits not built (eastmoor, pale), 0 made, ")
    five = summary_line({**totals, "kits_failed": 5, "kits_not_built": list("abcde")})
    assert five.startswith("Done: 5 kits not built (a, b, c and 2 more), 0 made, ")
    none = summary_line({**totals, "kits_failed": 0})
    assert none.startswith("Done: 0 made, 0 unchanged, 0 failed, ")
