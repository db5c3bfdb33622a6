"""The manifest and the cache an earlier build left are untrusted: a damaged entry is left
out and its files made again, with a plain note, never a crash; and previews and the
cache's loss cost what the README says."""

import json
import shutil
from pathlib import Path

import pytest

from mythprint.batch import records
from mythprint.batch.progress import Progress
from mythprint.batch.runner import KitDone
from mythprint.paths import DEFAULT_BRANDS_DIR

from .test_batch import mythprint

EXAMPLE = "example-partnership"
LEAFLET = "default/leaflet-dl.pdf"
FILES = 18  # two kits of nine files each


def build(out: Path, *options: str):
    """`build --brand all` of the shipped kits, as a user runs it, with previews."""
    stats = out.parent / "stats.json"
    args = ("build", "--brands-dir", str(DEFAULT_BRANDS_DIR), "--brand", "all", "--out", str(out))
    result = mythprint(*args, "--stats", str(stats), *options, cwd=out.parent)
    made = {item["path"] for item in json.loads(stats.read_text())["outputs"]}
    return result, made


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("records") / "dist"
    result, made = build(out)
    assert result.returncode == 0 and len(made) == FILES, result.stderr
    return out


@pytest.fixture
def dist(good, tmp_path) -> Path:
    """A copy of a good output folder, its files' times kept: a rebuild makes nothing."""
    out = tmp_path / "dist"
    shutil.copytree(good, out)
    return out


def edit_json(path: Path, change) -> None:
    document = json.loads(path.read_text())
    change(document)
    path.write_text(json.dumps(document))


def cache(change):
    return lambda out: edit_json(out / ".mythprint-cache.json", change)


def manifest(change):
    return lambda out: edit_json(out / "manifest.json", change)


def output(path: str, key: str, value):
    def change(document):
        [entry] = [item for item in document["outputs"] if item["path"] == path]
        entry[key] = value

    return manifest(change)


def every_leaflet(key: str, value):
    def change(document):
        for item in document["outputs"]:
            if item["path"].endswith("leaflet-dl.pdf"):
                item[key] = value

    return manifest(change)


def kit_cache(slug: str, key: str, value):
    return cache(lambda document: document["kits"][slug].__setitem__(key, value))


def bad_models(out: Path) -> None:
    """Region models of other shapes, and a file to make: its layout reads them all."""

    def change(document):
        first, second = list(document["models"])[:2]
        document["models"][first] = {"paragraphs": 5}
        document["models"][second] = [1]

    cache(change)(out)
    (out / "default/poster-a3.pdf").unlink()


DEFAULT_FILES = {"default/poster-a3.pdf", LEAFLET, "default/handout.docx"}
ONE_KIT = ".mythprint-cache.json had 1 entry mythprint could not read (the kit {})"
ONE_OUTPUT = "manifest.json had 1 entry mythprint could not read ({})"
# Each damage; the note the build gives (None: none, as nothing is lost); files it remakes.
DAMAGES = {
    "a cache kit that is a list": (
        cache(lambda document: document["kits"].__setitem__("default", [1])),
        ONE_KIT.format("default"),
        DEFAULT_FILES,
    ),
    "cache fonts of numbers": (
        kit_cache("default", "fonts", [0]),
        ONE_KIT.format("default"),
        DEFAULT_FILES,
    ),
    "cache fonts of lists": (
        kit_cache("default", "fonts", [[1]]),
        ONE_KIT.format("default"),
        DEFAULT_FILES,
    ),
    "cache fonts of nulls": (
        kit_cache("default", "fonts", [None]),
        ONE_KIT.format("default"),
        DEFAULT_FILES,
    ),
    "cache warnings of objects": (
        kit_cache(EXAMPLE, "warnings", {"kit": "x", "found": [dict.fromkeys("abcd", 1)]}),
        ONE_KIT.format(EXAMPLE),
        {f"{EXAMPLE}/poster-a3.pdf"},
    ),
    "cache models of another shape": (bad_models, None, {"default/poster-a3.pdf"}),
    "parts a list": (output(LEAFLET, "parts", []), ONE_OUTPUT.format(LEAFLET), {LEAFLET}),
    "parts a string": (output(LEAFLET, "parts", "x"), ONE_OUTPUT.format(LEAFLET), {LEAFLET}),
    "path a number": (output(LEAFLET, "path", 5), ONE_OUTPUT.format("an output"), {LEAFLET}),
    "brand a list": (output(LEAFLET, "brand", ["x"]), ONE_OUTPUT.format(LEAFLET), {LEAFLET}),
    "brand a number": (output(LEAFLET, "brand", 7), ONE_OUTPUT.format(LEAFLET), {LEAFLET}),
    "a part outside its kit": (
        output(LEAFLET, "parts", {"../escape.png": "0" * 64}),
        ONE_OUTPUT.format(LEAFLET),
        {LEAFLET},
    ),
    "bytes a string, twice": (
        every_leaflet("bytes", "x"),
        "manifest.json had 2 entries mythprint could not read "
        f"({LEAFLET}, {EXAMPLE}/leaflet-dl.pdf): they were left out, and their files",
        {LEAFLET, f"{EXAMPLE}/leaflet-dl.pdf"},
    ),
    "a manifest kit that is a list": (
        manifest(lambda document: document["kits"].__setitem__("default", [1])),
        "manifest.json had 1 entry mythprint could not read (the kit default): it was left "
        "out, and its files are made again",
        DEFAULT_FILES,
    ),
    "a manifest that is not JSON": (
        lambda out: (out / "manifest.json").write_text("{"),
        "manifest.json could not be read, as it is not what mythprint writes",
        DEFAULT_FILES,
    ),
}


@pytest.mark.parametrize("damage", DAMAGES, ids=list(DAMAGES))
def test_a_damaged_record_is_left_out_and_its_files_made_again_never_a_crash(dist, damage):
    change, note, remade = DAMAGES[damage]
    change(dist)
    result, made = build(dist)
    assert result.returncode == 0, result.stderr
    assert "unexpectedly" not in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert remade <= made
    notes = [line for line in result.stderr.splitlines() if "could not" in line]
    if note is None:
        assert notes == []
    else:
        assert len(notes) == 1 and notes[0].startswith("Note: ") and note in notes[0], notes
    assert "a:b:c" not in result.stderr  # no warning made up from a damaged cache
    # The records are written whole again: the next build makes nothing, and says nothing.
    again, made = build(dist)
    assert again.returncode == 0 and made == set(), again.stderr
    assert f"Done: 0 made, {FILES} unchanged, 0 failed" in again.stdout
    assert "could not" not in again.stderr
    document = json.loads((dist / "manifest.json").read_text())
    assert all(isinstance(entry["bytes"], int) for entry in document["outputs"])
    assert document["kits"]["default"]["colors"]["accent"].startswith("#")


def test_damaged_parts_with_force_write_the_records_and_heal(dist):
    """--force once made every file, then crashed pruning, and wrote no manifest at all."""
    output(LEAFLET, "parts", [])(dist)
    result, made = build(dist, "--force")
    assert result.returncode == 0 and len(made) == FILES, result.stderr
    assert "unexpectedly" not in result.stderr
    again, made = build(dist)
    assert again.returncode == 0 and made == set(), again.stderr
    parts = {
        e["path"]: e["parts"] for e in json.loads((dist / "manifest.json").read_text())["outputs"]
    }
    assert sorted(parts[LEAFLET]) == [
        "default/previews/leaflet-dl-1.png",
        "default/previews/leaflet-dl-2.png",
    ]
    assert all((dist / path).is_file() for path in parts[LEAFLET])


def test_a_deleted_preview_never_lays_its_file_out_again_and_is_drawn_again(dist, good):
    preview = dist / "default/previews/poster-a3-1.png"
    poster = dist / "default/poster-a3.pdf"
    laid_out = poster.stat().st_mtime_ns
    preview.unlink()
    # Without previews, a missing one is no reason to make its file again.
    result, made = build(dist, "--no-previews")
    assert result.returncode == 0 and made == set(), result.stdout
    assert not preview.exists()
    # With them, it is drawn again from the file as it is, which stays as it was.
    result, made = build(dist)
    assert result.returncode == 0 and made == set(), result.stdout
    assert preview.read_bytes() == (good / "default/previews/poster-a3-1.png").read_bytes()
    assert poster.stat().st_mtime_ns == laid_out
    # An edited preview is drawn again too.
    preview.write_bytes(b"not a picture")
    result, made = build(dist)
    assert made == set() and preview.read_bytes() == (good / preview.relative_to(dist)).read_bytes()


def test_a_deleted_cache_makes_the_pdfs_and_handouts_again_alike_and_keeps_the_web_pages(
    dist, good
):
    """What the README says of deleting .mythprint-cache.json."""
    (dist / ".mythprint-cache.json").unlink()
    result, made = build(dist)
    assert result.returncode == 0, result.stderr
    assert f"Done: {FILES - 2} made, 2 unchanged, 0 failed" in result.stdout
    assert {path for path in made if "/web/" in path} == set()
    for path in made:
        assert (dist / path).read_bytes() == (good / path).read_bytes(), path
    assert "could not" not in result.stderr  # nothing damaged: a cache may be deleted


@pytest.mark.parametrize(
    ("removed", "said"),
    [
        (1, "1 file of an earlier build removed, as this pack no longer makes it"),
        (2, "2 files of an earlier build removed, as this pack no longer makes them"),
    ],
)
def test_files_removed_are_counted_in_good_grammar(removed, said, tmp_path):
    line = Progress(1, tmp_path, terminal=False).kit_line(
        KitDone("k", unchanged=3, removed=removed)
    )
    assert line == f"k: 3 unchanged; {said}"


@pytest.mark.parametrize(
    ("value", "kind", "expected"),
    [
        (3, int, True),
        (True, int, False),  # JSON's true is no count
        (3, float, True),
        (2.5, float, True),
        (float("nan"), float, False),
        (float("inf"), float | None, False),
        (None, float | None, True),
        ("3", float | None, False),
        (["a", "b"], list[str], True),
        (["a", 1], list[str], False),
        ({"a": "b"}, dict[str, str], True),
        ({"a": 1}, dict[str, str], False),
        ([1.0, 2, True], tuple[float, float, bool], True),
        ([1.0, 2], tuple[float, float, bool], False),
        ((1.0, 2, True), tuple[float, float, bool], False),  # JSON has lists, not tuples
        ({"kit": "d", "found": [["_brand.yml", 3, None, "why"]]}, records.REMEMBERED, True),
        ({"kit": "d", "found": [["_brand.yml", 3, None]]}, records.REMEMBERED, False),
        ({"kit": "d"}, records.REMEMBERED, False),  # an object has its keys, all of them
        ({"kit": "d", "found": [], "more": 1}, records.REMEMBERED, False),
        ([{"kit": "d", "found": []}], records.REMEMBERED_LIST, True),
        ([{"kit": "d", "found": []}, 3], records.REMEMBERED_LIST, False),
    ],
)
def test_a_value_read_from_json_fits_its_kind_exactly(value, kind, expected):
    assert records.fits(value, kind) is expected
    assert records.fits(value, kind) is expected  # the check worked out, then reused
