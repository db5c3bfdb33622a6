"""A national batch: parallel kits, the same bytes whatever --jobs is, and rebuilds that make
again only what changed. The command runs as a real process, as a print hub would run it."""

import hashlib
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pikepdf
import pytest

from mythprint.batch.output import CACHE, LOCK, MANIFEST, ManifestEntry, Writer
from mythprint.batch.plan import plan_batch
from mythprint.batch.pool import SerialExecutor, stop_executor, worker_pool
from mythprint.batch.runner import WORKER_DIED, run_batch
from mythprint.batch.stopping import (
    HANDLERS,
    Terminated,
    check_stop,
    stopped_as_ctrl_c,
    stops_at_safe_points,
)
from mythprint.batch.units import Unit
from mythprint.formats.registry import FORMATS
from mythprint.inputs.brand import load_brand
from mythprint.inputs.content import load_content
from mythprint.inputs.newkit import copy_kit
from mythprint.paths import DEFAULT_BRANDS_DIR, DEFAULT_CONTENT, PROJECT_ROOT
from mythprint.pdf.profiles import OFFICE_PROFILE
from mythprint.pdf.render import Renderer

from .conftest import MYTH_IDS
from .processes import as_a_foreground_job
from .test_kits import make_kit

EXAMPLE = "example-partnership"
PLACES = ("Northshire", "Southvale", "Eastmoor", "Westbury")
COLOURS = ("#1d5b3a", "#5b1d4a", "#1d3a5b", "#5b3a1d")


def make_kits(folder: Path, count: int) -> Path:
    """`count` kits copied from the example kit, each with its own name and colour."""
    brands = folder / "brands"
    brands.mkdir(parents=True)
    shutil.copytree(DEFAULT_BRANDS_DIR / EXAMPLE, brands / EXAMPLE)
    for place, colour in zip(PLACES[:count], COLOURS, strict=False):
        name = f"{place} Safeguarding Children Partnership"
        copy_kit(brands, EXAMPLE, place.lower(), name, colour)
    shutil.rmtree(brands / EXAMPLE)
    return brands


def mythprint(
    *args: str, cwd: Path, script: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """The command as a real process; `script` runs first, in the same process."""
    argv = ["mythprint", *args]
    code = f"import sys\n{script}\nfrom mythprint.cli import main\nsys.argv = {argv!r}\nmain()\n"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PYTHONWARNINGS": "ignore", **(env or {})},
    )


def summary(result: subprocess.CompletedProcess) -> str:
    [line] = [line for line in result.stdout.splitlines() if line.startswith("Done:")]
    return line


def files(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def mtimes(out: Path) -> dict[str, int]:
    return {str(p.relative_to(out)): p.stat().st_mtime_ns for p in out.rglob("*.pdf")}


@pytest.fixture(scope="module")
def brands(tmp_path_factory) -> Path:
    return make_kits(tmp_path_factory.mktemp("batch"), 3)


def build(
    brands: Path, out: Path, *options: str, script: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """`build --brand all` of these kits, without previews (tests/test_previews.py has them)."""
    args = ("build", "--brands-dir", str(brands), "--brand", "all", "--out", str(out))
    return mythprint(*args, "--no-previews", *options, cwd=out.parent, script=script, env=env)


def test_two_workers_make_the_same_bytes_as_one(brands, tmp_path):
    stats = tmp_path / "stats.json"
    one = build(brands, tmp_path / "one", "--jobs", "1", "--stats", str(stats))
    two = build(brands, tmp_path / "two", "--jobs", "2")
    assert one.returncode == 0 and two.returncode == 0, one.stderr + two.stderr
    assert summary(one).startswith("Done: 27 made, 0 unchanged, 0 failed")
    made_one, made_two = files(tmp_path / "one"), files(tmp_path / "two")
    # Each kit's 8 files and its web edition (page, styles, logo, two fonts, and a copy of
    # each of the 8); the gallery, the manifest, the cache, and the file a run holds the
    # folder by.
    assert len(made_one) == 3 * (8 + 5 + 8) + 4
    # The cache records what each run happened to lay out; everything else is the same.
    del made_one[CACHE], made_two[CACHE]
    assert made_one == made_two
    # The first kit measures each poster's text once; every kit after it lays each file
    # out once, at the size the text and its own furniture call for.
    numbers = json.loads(stats.read_text())
    passes = {row["path"]: row["passes"] for row in numbers["outputs"]}
    assert all(
        passes[path] == 1
        for path in passes
        if path.endswith(".pdf") and not path.startswith("eastmoor/")
    )
    # When each kit was done, for the benchmark's projection to a bigger batch.
    done = numbers["kits_done_s"]
    assert len(done) == 3 and 0 < done[0] <= done[1] <= done[2] <= numbers["seconds"]


def test_the_first_kit_is_fitted_over_every_worker_before_another_kit_starts(brands, tmp_path):
    """Its outputs go out one a unit, and every other kit's unit waits for them all, then
    starts with the region models they learnt: no worker fits a kit from scratch again."""
    slugs = sorted(path.name for path in brands.iterdir())
    writer = Writer(tmp_path / "out")
    content = load_content(DEFAULT_CONTENT)
    plan = plan_batch(
        content, brands, slugs, ["myth-posters"], OFFICE_PROFILE, writer, 2, previews=False
    )
    submitted: list[Unit] = []

    class Recording(SerialExecutor):
        def submit(self, fn, unit):
            submitted.append(unit)
            return super().submit(fn, unit)

    kits = list(run_batch(plan, writer, 2, lambda _: Recording()))
    assert not any(kit.failures or kit.kit_error for kit in kits)
    posters = len(content.myths)
    pilots, later = submitted[:posters], submitted[posters:]
    assert all(unit.pilot and unit.slug == slugs[0] and len(unit.wanted) == 1 for unit in pilots)
    assert len({path for unit in pilots for path in unit.wanted}) == posters
    assert sorted(unit.slug for unit in later) == slugs[1:]
    assert not any(unit.pilot for unit in later)
    assert all(len(unit.models) == posters for unit in later)


@pytest.fixture
def posters(brands, tmp_path) -> Path:
    """A first build of every kit's all-myths poster and leaflet, into tmp_path/out."""
    result = build(brands, tmp_path / "out", "--format", "poster")
    assert result.returncode == 0, result.stderr
    return tmp_path / "out"


def test_an_unchanged_rebuild_lays_nothing_out_and_never_imports_weasyprint(brands, posters):
    before = mtimes(posters)
    watch = (
        "import atexit\n"
        "atexit.register(lambda: print('imported: ' + ' '.join(sorted("
        "m for m in ('weasyprint', 'brand_yml', 'pikepdf') if m in sys.modules)),"
        " file=sys.stderr))"
    )
    again = build(brands, posters, "--format", "poster", script=watch)
    assert again.returncode == 0, again.stderr
    assert summary(again).startswith("Done: 0 made, 3 unchanged, 0 failed")
    assert again.stderr.splitlines()[-1] == "imported: "
    assert mtimes(posters) == before


def test_an_unchanged_rebuild_still_says_each_kit_s_warnings(brands, tmp_path):
    """The kits' drama numbers are to be replaced before print: a rebuild that loads no kit
    says so as the first build did, and counts them alike; a kit edited since says its own."""
    first = build(brands, tmp_path / "out", "--format", "poster")
    again = build(brands, tmp_path / "out", "--format", "poster")
    assert first.returncode == again.returncode == 0, again.stderr

    def warnings(result):
        return sorted(line for line in result.stderr.splitlines() if line.startswith("Warning:"))

    kit_warnings = [line for line in warnings(first) if "drama number" in line]
    assert len(kit_warnings) == 9, first.stderr  # three contacts in each of three kits
    assert warnings(again) == warnings(first)
    assert summary(again).startswith("Done: 0 made, 3 unchanged, 0 failed")
    assert summary(again).split(", ")[3] == summary(first).split(", ")[3]  # "N warnings"

    edited = tmp_path / "brands"
    shutil.copytree(brands, edited)
    kit = edited / "southvale" / "_brand.yml"
    kit.write_text(kit.read_text().replace("01632 960456", "01234 567890"))
    third = build(edited, tmp_path / "out", "--format", "poster")
    assert summary(third).startswith("Done: 1 made, 2 unchanged, 0 failed"), third.stdout
    # The unchanged kits' remembered warnings name the files where the kits now are.
    assert not any(str(brands) in line for line in warnings(third))
    expected = [
        line.replace(str(brands), "brands")  # as a path in the working folder shows
        for line in warnings(first)
        if not ("southvale" in line and "960456" in line)
    ]
    assert warnings(third) == sorted(expected)


def test_a_kit_broken_then_put_back_says_its_warnings_again(brands, tmp_path):
    """A build that could not read a kit learnt none of its warnings: once the kit is put
    back as it was, its files are unchanged, and it says its warnings as before."""
    kits = tmp_path / "brands"
    shutil.copytree(brands, kits)
    kit = kits / "southvale" / "_brand.yml"
    good = kit.read_text()

    def southvale_warnings(result):
        return [line for line in result.stderr.splitlines() if "southvale" in line]

    first = build(kits, tmp_path / "out", "--format", "poster")
    said = southvale_warnings(first)
    assert len(said) == 5 and all(line.startswith("Warning:") for line in said), first.stderr
    kit.write_text(good.replace("logo.svg", "missing.svg"))
    broken = build(kits, tmp_path / "out", "--format", "poster")
    assert broken.returncode == 1 and "missing.svg" in broken.stderr, broken.stderr
    kit.write_text(good)
    again = build(kits, tmp_path / "out", "--format", "poster")
    assert summary(again).startswith("Done: 0 made, 3 unchanged, 0 failed"), again.stdout
    assert southvale_warnings(again) == said
    assert summary(again).split(", ")[3] == summary(first).split(", ")[3]  # "N warnings"


def test_a_changed_logo_remakes_that_kit_only(brands, posters, tmp_path):
    changed = tmp_path / "brands"
    shutil.copytree(brands, changed)
    logo = changed / "southvale" / "logo.svg"
    logo.write_text(logo.read_text().replace("</svg>", "<circle r='1' cx='1' cy='1'/></svg>"))
    before = mtimes(posters)
    again = build(changed, posters, "--format", "poster")
    assert again.returncode == 0, again.stderr
    assert summary(again).startswith("Done: 1 made, 2 unchanged, 0 failed")
    after = mtimes(posters)
    assert [path for path in after if after[path] != before[path]] == ["southvale/poster-a3.pdf"]


def test_a_deleted_or_edited_file_is_made_again_as_it_was(brands, posters):
    deleted, edited = (
        posters / "eastmoor" / "poster-a3.pdf",
        posters / "northshire" / "poster-a3.pdf",
    )
    originals = {deleted: deleted.read_bytes(), edited: edited.read_bytes()}
    deleted.unlink()
    edited.write_bytes(originals[edited] + b"% touched by hand\n")
    again = build(brands, posters, "--format", "poster")
    assert again.returncode == 0, again.stderr
    assert summary(again).startswith("Done: 2 made, 1 unchanged, 0 failed")
    assert {path: path.read_bytes() for path in originals} == originals


def test_an_edit_that_keeps_the_size_is_made_again_and_a_touched_file_is_not(brands, posters):
    """A rebuild trusts a file whose size and time are as a build left them, and reads any
    other: a one-byte edit is found, and a file whose time alone changed is kept."""
    edited, touched = (
        posters / "eastmoor" / "poster-a3.pdf",
        posters / "southvale" / "poster-a3.pdf",
    )
    original = edited.read_bytes()
    middle = len(original) // 2
    edited.write_bytes(original[:middle] + bytes([original[middle] ^ 1]) + original[middle + 1 :])
    later = touched.stat().st_mtime_ns + 5 * 10**9
    os.utime(touched, ns=(later, later))
    again = build(brands, posters, "--format", "poster")
    assert again.returncode == 0, again.stderr
    assert summary(again).startswith("Done: 1 made, 2 unchanged, 0 failed")
    assert edited.read_bytes() == original
    assert touched.stat().st_mtime_ns == later


def test_a_damaged_cache_of_file_times_costs_a_reading_never_a_wrong_skip(tmp_path):
    data = b"%PDF-1.7 a file a build made"
    entry = ManifestEntry(
        path="kit/file.pdf", brand="kit", format="poster", title="A file", pages=1,
        bytes=len(data), sha256=hashlib.sha256(data).hexdigest(), font_size_pt=None,
        fingerprint="inputs",
    )  # fmt: skip
    writer = Writer(tmp_path)
    writer.write(entry, data)
    writer.write_cache({})
    cache = json.loads((tmp_path / CACHE).read_text())
    size, time_ns, checksum = cache["files"]["kit/file.pdf"]
    assert (size, checksum) == (len(data), entry.sha256)
    damaged = ("junk", {"kit/file.pdf": [size]}, {"kit/file.pdf": [size, time_ns, 5]})
    for files in damaged:
        (tmp_path / CACHE).write_text(json.dumps({**cache, "files": files}))
        assert Writer(tmp_path).up_to_date(entry), files  # read again, and found as made
    wrong = {"kit/file.pdf": [size, time_ns, "0" * 64]}
    (tmp_path / CACHE).write_text(json.dumps({**cache, "files": wrong}))
    assert not Writer(tmp_path).up_to_date(entry)  # made again: never kept on a bad word


def test_a_second_run_into_a_folder_being_written_stops_and_touches_nothing(brands, posters):
    """A build or merge holds its output folder while it writes: another at the same time
    (here, this test holding it) would write the manifest and the cache over its own."""
    from filelock import FileLock

    before = {path: data for path, data in files(posters).items() if path != LOCK}
    with FileLock(posters / LOCK, timeout=0):
        held = build(brands, posters, "--format", "poster", "--force")
    assert held.returncode == 1, held.stderr
    [line] = [line for line in held.stderr.splitlines() if line.startswith("Error:")]
    assert line.startswith("Error: another mythprint build or merge is writing into "), line
    assert "Traceback" not in held.stderr and "Done:" not in held.stdout
    assert {path: data for path, data in files(posters).items() if path != LOCK} == before
    again = build(brands, posters, "--format", "poster", "--force")  # once it is let go
    assert again.returncode == 0 and summary(again).startswith("Done: 3 made"), again.stderr


def test_force_makes_everything_again(brands, posters):
    again = build(brands, posters, "--format", "poster", "--force")
    assert summary(again).startswith("Done: 3 made, 0 unchanged, 0 failed")


def test_force_makes_the_web_edition_again_too(brands, tmp_path):
    """The web edition is planned after the rest of its kit (it links to their files), and
    --force holds for it as for them."""
    out = tmp_path / "out"
    first = build(brands, out, "--format", "poster", "--format", "html")
    assert summary(first).startswith("Done: 6 made, 0 unchanged, 0 failed"), first.stdout
    for options in (("--format", "html"), ("--format", "poster", "--format", "html")):
        again = build(brands, out, *options, "--force")
        made = 3 * len(options) // 2
        assert summary(again).startswith(f"Done: {made} made, 0 unchanged, 0 failed"), again.stdout


def test_a_kit_with_an_error_fails_alone_inside_a_parallel_batch(brands, tmp_path):
    mixed = tmp_path / "brands"
    shutil.copytree(brands, mixed)
    make_kit(mixed, "pale", 'color:\n  primary: "#ffff00"\n')
    result = build(mixed, tmp_path / "out", "--format", "poster", "--jobs", "2")
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert errors and all("pale/_brand.yml" in line for line in errors)
    assert "pale: not built" in result.stdout
    assert summary(result).startswith("Done: 1 kit not built (pale), 3 made, 0 unchanged, 0 failed")
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if p.is_dir()) == [
        "eastmoor",
        "northshire",
        "southvale",
    ]


# The workers inherit a patch made in the command's process only where they are forked.
forked_workers = pytest.mark.skipif(
    sys.platform != "linux", reason="the workers are forked, with the test's patch, on Linux"
)
# In each worker, a unit of one kit kills its own process, as a crash in a C library
# reading that kit's logo or fonts would; `__module__` lets the pool send it by name.
DIES_ON_SOUTHVALE = """
import os, signal
import mythprint.batch.units as units
real_make_unit = units.make_unit
def make_unit(unit):
    if unit.slug == "southvale":
        os.kill(os.getpid(), signal.SIGKILL)
    return real_make_unit(unit)
make_unit.__module__ = "mythprint.batch.units"
units.make_unit = make_unit
"""


@forked_workers
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_kit_that_kills_its_worker_fails_alone_and_the_others_are_made(brands, tmp_path, jobs):
    """The dead worker takes the pool and every unit in it down; those units run again,
    one at a time, and only the one that dies alone fails. One worker is a process too."""
    out = tmp_path / "out"
    formats = ("--format", "poster", "--format", "myth-posters")
    result = build(brands, out, *formats, "--jobs", jobs, script=DIES_ON_SOUTHVALE)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    names = ["poster-a3.pdf", *(f"poster-a3-{myth}.pdf" for myth in MYTH_IDS)]
    assert sorted(errors) == sorted(
        f"Error: southvale/{name}: not made: the process making it stopped abruptly, twice "
        "(a crash in a library reading the kit's files, such as its logo or fonts, or too "
        "little memory)"
        for name in names
    )
    assert summary(result).startswith("Done: 12 made, 0 unchanged, 6 failed, ")
    made = sorted(str(p.relative_to(out)) for p in out.rglob("*.pdf"))
    assert made == sorted(f"{kit}/{name}" for kit in ("eastmoor", "northshire") for name in names)
    recorded = [entry["path"] for entry in json.loads((out / MANIFEST).read_text())["outputs"]]
    assert sorted(recorded) == made


@forked_workers
def test_a_worker_that_dies_once_costs_nothing_but_time(brands, tmp_path):
    """A worker killed once (the system short of memory, say): every unit is made."""
    marker = tmp_path / "died"
    once = DIES_ON_SOUTHVALE.replace(
        'unit.slug == "southvale":',
        f'unit.slug == "southvale" and not os.path.exists({str(marker)!r}):\n'
        f"        open({str(marker)!r}, 'w').close()",
    )
    result = build(brands, tmp_path / "out", "--format", "poster", "--jobs", "2", script=once)
    assert marker.exists()  # a worker did die
    assert result.returncode == 0, result.stderr
    assert summary(result).startswith("Done: 3 made, 0 unchanged, 0 failed")
    notes = [line for line in result.stderr.splitlines() if line.startswith("Note:")]
    assert notes.count(f"Note: {WORKER_DIED}") == 1  # beside any about the machine's libraries


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_workers_leave_nothing_in_the_temporary_folder(brands, tmp_path, jobs):
    """WeasyPrint copies a document's fonts to a temporary folder that a worker process,
    ended without collecting it, never deletes: the batch deletes the workers' own."""
    temporary = tmp_path / "temporary"
    temporary.mkdir()
    result = build(
        brands,
        tmp_path / "out",
        "--format",
        "poster",
        "--jobs",
        jobs,
        env={"TMPDIR": str(temporary)},
    )
    assert summary(result).startswith("Done: 3 made, 0 unchanged, 0 failed"), result.stderr
    assert sorted(temporary.iterdir()) == []


def test_a_changed_template_remakes_only_the_formats_that_use_it(posters, brands, monkeypatch):
    content = load_content(DEFAULT_CONTENT)
    writer = Writer(posters)
    slugs = ["eastmoor", "northshire", "southvale"]
    plan = plan_batch(
        content, brands, slugs, ["poster"], OFFICE_PROFILE, writer, jobs=1, previews=False
    )
    assert plan.units == [] and sum(plan.unchanged.values()) == 3
    # poster.html.j2 changed: its digest differs, so every poster is wanted again.
    monkeypatch.setattr(type(FORMATS["poster"]), "digest", lambda self, previews=False: "changed")
    plan = plan_batch(
        content, brands, slugs, ["poster"], OFFICE_PROFILE, writer, jobs=1, previews=False
    )
    assert sorted(path for unit in plan.units for path in unit.wanted) == [
        f"{slug}/poster-a3.pdf" for slug in slugs
    ]


def test_a_colour_change_lays_each_file_out_once_and_makes_what_a_fresh_build_makes(tmp_path):
    brands = make_kits(tmp_path, 1)
    out = tmp_path / "out"
    first = build(brands, out, "--jobs", "1")
    assert first.returncode == 0, first.stderr
    kit = brands / "northshire" / "_brand.yml"
    kit.write_text(kit.read_text().replace("#1d5b3a", "#3a1d5b"))
    stats = tmp_path / "stats.json"
    again = build(brands, out, "--jobs", "1", "--stats", str(stats))
    assert summary(again).startswith("Done: 9 made, 0 unchanged, 0 failed")
    passes = {row["path"]: row["passes"] for row in json.loads(stats.read_text())["outputs"]}
    assert {path: count for path, count in passes.items() if path.endswith(".pdf")} == {
        path: 1 for path in passes if path.endswith(".pdf")
    }
    fresh = build(brands, tmp_path / "fresh", "--jobs", "1")
    assert fresh.returncode == 0, fresh.stderr
    for path, data in files(tmp_path / "fresh").items():
        if path not in (CACHE,):
            assert (out / path).read_bytes() == data, path


def test_one_process_draws_every_kit_s_images_however_many_kits_it_serves(tmp_path):
    """A worker makes kit after kit, and their documents share what the process keeps.

    WeasyPrint keeps an image and its bytes under two keys of one cache. A cache trimmed
    to its newest entries once dropped the bytes of the QR code every kit draws while it
    kept the image, and a batch's 60th kit or so failed with a KeyError.
    """
    brands = tmp_path / "brands"
    shutil.copytree(DEFAULT_BRANDS_DIR / EXAMPLE, brands / EXAMPLE)
    content = load_content(DEFAULT_CONTENT)
    for number in range(70):
        slug = f"kit-{number:02d}"
        copy_kit(brands, EXAMPLE, slug, f"Kit {number}", COLOURS[number % len(COLOURS)])
        renderer = Renderer(content, load_brand(brands, slug))
        logo, code = renderer.brand.logo.path.as_uri(), renderer.qr["uri"]
        images = f'<img src="{logo}" alt="Logo"><img src="{code}" alt="QR code">'
        document = renderer.layout(f'<html lang="en"><title>{slug}</title>{images}</html>')
        with pikepdf.open(io.BytesIO(renderer.pdf(document, slug))) as pdf:
            # The QR code's pixels (the example logo is an SVG, drawn as shapes).
            [image] = pdf.pages[0].get_images().values()
            assert (image.Width, image.Height) == (41, 41), slug


@pytest.mark.parametrize(
    ("stop", "code"),
    [(signal.SIGINT, 130), (signal.SIGTERM, 143), (signal.SIGHUP, 143)],
    ids=["ctrl-c", "sigterm", "sighup"],
)
def test_ctrl_c_stops_the_workers_and_leaves_no_partial_file(tmp_path, stop, code):
    """Sent to the command and its workers, as a terminal sends Ctrl-C, a service manager,
    `timeout` or a cancelled CI job SIGTERM, and a closed terminal SIGHUP."""
    brands = make_kits(tmp_path, 4)
    temporary = tmp_path / "temporary"
    temporary.mkdir()
    out = tmp_path / "out"
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
        "--jobs",
        "2",
        "--no-previews",
    ]
    process = subprocess.Popen(
        as_a_foreground_job(command),
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(temporary)},
        start_new_session=True,  # its own process group, with its workers
    )
    first = process.stdout.readline()  # the first kit is done and written
    assert first.endswith("made in out/" + first.split(":")[0] + "/\n"), first
    os.killpg(process.pid, stop)
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == code, stderr
    assert "Traceback" not in stderr
    assert not [p for p in out.rglob("*") if p.name.startswith(".") and p.name not in (CACHE, LOCK)]
    assert sorted(temporary.iterdir()) == []
    recorded = json.loads((out / MANIFEST).read_text())["outputs"]
    # It counts every file recorded, those of kits still unfinished too.
    stopped = f"Stopped: {len(recorded)} files were made and recorded; nothing half-made"
    assert stopped in stderr, stderr
    assert "Run the same command again to make the rest." in stderr
    # The gallery shows what was recorded, as after any build: a kit not yet done, too;
    # and, at its top, that the build was stopped, as nothing else would say it.
    gallery = (out / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{entry["path"]}"' in gallery for entry in recorded), gallery
    assert "The last build was stopped before it finished." in gallery
    # (A web edition's copies of its kit's files are parts of its page, not outputs.)
    in_web = {p for p in out.rglob("*") if p.parent.name == "web"}
    assert recorded and {e["path"] for e in recorded} == {
        str(p.relative_to(out))
        for p in out.rglob("*")
        if (p.suffix in (".pdf", ".docx") and p not in in_web)
        or (p.name == "index.html" and p in in_web)
    }
    # The rest is made by the next run; what the first made is skipped.
    again = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert f"{len(recorded)} unchanged" in again.stdout.splitlines()[-1]
    assert "was stopped" not in (out / "index.html").read_text(encoding="utf-8")


@forked_workers
def test_stopping_a_pool_ends_its_workers_mid_unit_and_its_manager_thread():
    """What Ctrl-C and every stopping signal do to a batch's pool, and the studio's to its
    own: nothing of the pool is left running for the interpreter's exit to race."""
    pool = worker_pool(2, serial_if_one=False)
    futures = [pool.submit(time.sleep, 600) for _ in range(6)]
    processes = list(pool._processes.values())
    manager = pool._executor_manager_thread
    assert len(processes) == 2 and all(process.is_alive() for process in processes)
    stop_executor(pool)
    assert [process.exitcode for process in processes] == [-signal.SIGTERM] * 2
    assert not manager.is_alive()
    assert all(future.done() for future in futures)
    assert futures[-1].cancelled()  # not yet handed to a worker


@pytest.mark.parametrize(
    ("stop", "raised"), [(signal.SIGINT, KeyboardInterrupt), (signal.SIGTERM, Terminated)]
)
def test_a_build_takes_a_stopping_signal_where_it_can_stop_cleanly(stop, raised):
    """Raised wherever it landed, a signal could land inside the process pool's locks and
    leave one held: the command then never exited. A build notes it, and stops at its
    next check (between waits for its workers)."""
    before = signal.getsignal(stop)
    with stops_at_safe_points():
        os.kill(os.getpid(), stop)
        noted = [n for n in range(100_000)]  # plenty of points where a handler could run
        with pytest.raises(raised):
            check_stop()
    assert len(noted) == 100_000  # not cut short
    assert signal.getsignal(stop) == before
    check_stop()  # outside the block, nothing is left to stop a later batch


def test_a_second_stopping_signal_during_the_stop_is_absorbed_without_a_word():
    """A closed terminal sends SIGHUP twice. The studio's handler for the first used to set
    SIG_IGN; a second landing between Python's taking the first and that call found no
    handler, and Python printed "OSError: Signal 1 ignored due to race condition". Each
    stopping signal now keeps a handler (one that does nothing) until the block ends."""
    before = {number: signal.getsignal(number) for number in HANDLERS}
    with stopped_as_ctrl_c():
        with pytest.raises(Terminated):
            os.kill(os.getpid(), signal.SIGHUP)  # the handler raises SIGTERM, and so this
        during = {number: signal.getsignal(number) for number in HANDLERS}
        for number in HANDLERS:
            os.kill(os.getpid(), number)  # later ones change nothing, and raise nothing
    assert all(callable(handler) for handler in during.values()), during
    assert {number: signal.getsignal(number) for number in HANDLERS} == before


# In each worker, every unit waits for ten minutes.
WORKERS_WAIT = """
import time
import mythprint.batch.units as units
def make_unit(unit):
    time.sleep(600)
make_unit.__module__ = "mythprint.batch.units"
units.make_unit = make_unit
"""


@forked_workers
def test_workers_end_when_the_command_is_killed_outright(brands, tmp_path):
    """kill -9, or the system short of memory, ends the command with no clean-up: its
    workers must not wait for work for ever, each holding its memory."""
    argv = ["mythprint", "build", "--brands-dir", str(brands), "--brand", "all"]
    argv += ["--out", str(tmp_path / "out"), "--jobs", "2", "--no-previews"]
    code = f"import sys\n{WORKERS_WAIT}\nfrom mythprint.cli import main\n"
    code += f"sys.argv = {argv!r}\nmain()\n"
    temporary = tmp_path / "temporary"  # what the killed command cannot delete stays here
    temporary.mkdir()
    environment = {**os.environ, "TMPDIR": str(temporary)}
    process = subprocess.Popen([sys.executable, "-c", code], cwd=tmp_path, env=environment)
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    workers: list[str] = []
    deadline = time.monotonic() + 120  # a guard against a hang, not a timing
    while len(workers) < 2 and time.monotonic() < deadline:
        workers = children.read_text().split()
        time.sleep(0.1)
    assert len(workers) == 2, workers
    process.kill()
    process.wait()
    try:
        while [pid for pid in workers if _running(pid)] and time.monotonic() < deadline:
            time.sleep(0.1)
        assert [pid for pid in workers if _running(pid)] == []
    finally:  # none left behind by a failure either
        for pid in workers:
            if _running(pid):
                os.kill(int(pid), signal.SIGKILL)


def _running(pid: str) -> bool:
    """Whether the process is there and not a zombie (ended, waiting to be reaped)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


# Ctrl-C reaches the command just after it wrote its second file, before any kit is done.
CTRL_C_AFTER_TWO_FILES = """
from mythprint.batch.output import Writer
real_write = Writer.write
def write(self, *args, **kwargs):
    if len(self.written) == 2:
        raise KeyboardInterrupt
    return real_write(self, *args, **kwargs)
Writer.write = write
"""


def test_stopped_counts_the_files_of_kits_not_yet_done(brands, tmp_path):
    out = tmp_path / "out"
    result = build(
        brands, out, "--format", "myth-posters", "--jobs", "1", script=CTRL_C_AFTER_TWO_FILES
    )
    assert result.returncode == 130, result.stderr
    assert result.stdout == ""  # no kit was done
    assert "Stopped: 2 files were made and recorded; nothing half-made was written." in (
        result.stderr
    )
    recorded = json.loads((out / MANIFEST).read_text())["outputs"]
    assert len(recorded) == len(list(out.rglob("*.pdf"))) == 2
    gallery = (out / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{entry["path"]}"' in gallery for entry in recorded)


def test_off_a_terminal_each_kit_is_one_line_and_quiet_prints_nothing(brands, posters):
    result = build(brands, posters, "--format", "poster", "--force")
    lines = result.stdout.splitlines()
    assert lines[:-1] == [
        f"{slug}: 1 made in out/{slug}/" for slug in ("eastmoor", "northshire", "southvale")
    ] or sorted(lines[:-1]) == sorted(
        f"{slug}: 1 made in out/{slug}/" for slug in ("eastmoor", "northshire", "southvale")
    )
    quiet = build(brands, posters, "--format", "poster", "--force", "--quiet")
    assert quiet.returncode == 0 and quiet.stdout == "" and quiet.stderr == ""


def test_on_a_terminal_a_bar_counts_the_kits(capsys):
    from mythprint.batch.progress import Progress
    from mythprint.batch.runner import KitDone

    progress = Progress(3, Path("dist"), terminal=True)
    for slug in ("a", "b", "c"):
        progress.kit_done(KitDone(slug))
        time.sleep(0.01)
    progress.close()
    captured = capsys.readouterr()
    assert "3/3" in captured.err and "kit" in captured.err
    assert captured.out == ""


def test_brand_takes_a_list_of_kits_for_one_machine_s_share(brands, tmp_path):
    result = mythprint(
        "build",
        "--brands-dir",
        str(brands),
        "--brand",
        "southvale,eastmoor",
        "--brand",
        "southvale",
        "--format",
        "poster",
        "--out",
        str(tmp_path / "out"),
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if p.is_dir()) == [
        "eastmoor",
        "southvale",
    ]
    bad = mythprint("build", "--brand", "southvale,Not A Slug", cwd=tmp_path)
    assert bad.returncode == 2 and "Invalid value for '--brand'" in bad.stderr


STUCK_MANAGER = """
import sys, threading
import mythprint.batch.pool as pool
import mythprint.batch.stopping as stopping

pool.STOP_SECONDS = 0.5


class HalfSent:
    '''A pool whose manager thread waits for ever for the rest of a result a worker was
    ended while sending, as ProcessPoolExecutor's does.'''

    _processes = {}

    def __init__(self):
        self._executor_manager_thread = threading.Thread(target=threading.Event().wait)
        self._executor_manager_thread.start()

    def shutdown(self, wait, cancel_futures):
        pass


pool.stop_executor(HalfSent())
print("Stopped", flush=True)
stopping.leave(143)
"""


def test_a_stopped_build_ends_though_its_pools_thread_is_stuck():
    """About 1 stop in 30 under SIGTERM, a worker ended mid-result left the pool's manager
    thread waiting for ever, and the interpreter's exit waited for it: `timeout` and a
    cancelled CI job never ended. The build now ends, with its exit code."""
    result = subprocess.run(
        [sys.executable, "-c", STUCK_MANAGER],
        capture_output=True,
        text=True,
        timeout=30,
        cwd=PROJECT_ROOT,
    )
    assert (result.returncode, result.stdout) == (143, "Stopped\n"), result.stderr


def test_the_fingerprints_hold_the_code_of_every_stage_but_the_studio():
    """A change to the code in any stage's folder makes every file again (a fingerprint
    that read only the package's top folder missed pdf/, formats/, inputs/, batch/)."""
    from mythprint.batch.fingerprint import code_files
    from mythprint.paths import PACKAGE_DIR

    folders = {path.relative_to(PACKAGE_DIR).parts[0] for path in code_files()}
    stages = {path.name for path in PACKAGE_DIR.iterdir() if (path / "__init__.py").is_file()}
    assert stages - {"studio"} <= folders
    assert "studio" not in folders
    assert {"cli", "errors.py", "paths.py", "data"} <= folders


# --- files left behind: the other profile's, made before the kit changed; kits gone ---

OUT_OF_DATE_PRESS = (
    "Warning: southvale: its 1 print-shop file in press/ was made before this kit changed: "
    "build with --for press and no --format to make it again"
)


def _stale(out: Path) -> list[str]:
    outputs = json.loads((out / MANIFEST).read_text())["outputs"]
    return [entry["path"] for entry in outputs if entry.get("stale")]


def _warnings(result: subprocess.CompletedProcess) -> int:
    return int(summary(result).split(" failed, ")[1].split(" warning")[0])


def test_a_changed_kit_marks_the_other_profile_s_files_out_of_date_until_made_again(tmp_path):
    brands = make_kits(tmp_path, 2)
    out = tmp_path / "out"
    poster = ("--format", "poster", "--jobs", "1")
    assert build(brands, out, "--for", "press", *poster).returncode == 0
    office = build(brands, out, *poster)
    assert office.returncode == 0 and _stale(out) == []
    press_copy = (out / "southvale/press/poster-a3.pdf").read_bytes()
    kit = brands / "southvale/_brand.yml"
    kit.write_text(kit.read_text().replace("01632 960123", "01632 960999"))
    shutil.copytree(out, tmp_path / "two")  # for the same rebuild with --jobs 2, below

    rebuilt = build(brands, out, *poster)  # the office files only: the press one is left
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert rebuilt.stderr.count(OUT_OF_DATE_PRESS) == 1
    assert "northshire: its" not in rebuilt.stderr
    assert _warnings(rebuilt) == _warnings(office) + 1
    assert (out / "southvale/press/poster-a3.pdf").read_bytes() == press_copy  # not remade
    assert _stale(out) == ["southvale/press/poster-a3.pdf"]
    gallery = (out / "index.html").read_text()
    assert "Out of date: made before this kit changed; build with --for press" in gallery
    assert "1 of 2 kits needs attention: 1 with files out of date." in gallery
    two = build(brands, tmp_path / "two", "--format", "poster", "--jobs", "2")
    assert (tmp_path / "two" / MANIFEST).read_bytes() == (out / MANIFEST).read_bytes()
    assert two.stderr.count(OUT_OF_DATE_PRESS) == 1

    again = build(brands, out, *poster)  # said again by an unchanged rebuild
    assert OUT_OF_DATE_PRESS in again.stderr and _stale(out) == ["southvale/press/poster-a3.pdf"]

    press = build(brands, out, "--for", "press", *poster)  # made again: the mark goes
    assert press.returncode == 0 and "made before" not in press.stderr
    assert _stale(out) == [] and "Out of date" not in (out / "index.html").read_text()

    # A changed text, or a pack of other languages, is not the kit's change: the other
    # profile's files of the same kit are not said to be out of date.
    content = tmp_path / "myths.yml"
    content.write_text(DEFAULT_CONTENT.read_text().replace("Myth-busting", "Myth busting", 1))
    changed = build(brands, out, "--for", "press", *poster, "--content", str(content))
    assert changed.returncode == 0 and "made before" not in changed.stderr
    assert _stale(out) == []

    # The other way round: the office files after a press build of a changed kit.
    kit.write_text(kit.read_text().replace("01632 960999", "01632 960888"))
    changed = build(brands, out, "--for", "press", *poster)
    assert changed.returncode == 0, changed.stderr
    assert (
        "Warning: southvale: its 1 office file was made before this kit changed: "
        "build with --for office and no --format to make it again"
    ) in changed.stderr
    assert _stale(out) == ["southvale/poster-a3.pdf"]


def test_a_kit_skipped_whole_says_its_warnings_after_a_build_for_the_other_profile(tmp_path):
    """The office and press files of a kit are checked with other digests: a press build
    in between must not make the next unchanged office build forget the kit's warnings."""
    brands = make_kits(tmp_path, 1)
    out = tmp_path / "out"
    poster = ("--format", "poster", "--jobs", "1")
    office = build(brands, out, *poster)
    assert office.returncode == 0 and _warnings(office) > 0
    said = sorted(line for line in office.stderr.splitlines() if line.startswith("Warning:"))
    assert build(brands, out, "--for", "press", *poster).returncode == 0

    again = build(brands, out, *poster)
    assert again.returncode == 0 and "0 made, 1 unchanged" in summary(again)
    assert _warnings(again) == _warnings(office)
    assert sorted(line for line in again.stderr.splitlines() if line.startswith("Warning:")) == said


def test_a_kit_folder_gone_is_said_once_and_marked_and_its_files_are_kept(tmp_path):
    brands = make_kits(tmp_path, 3)
    out = tmp_path / "out"
    assert build(brands, out, "--format", "poster").returncode == 0
    kept = files(out / "northshire") | files(out / "southvale")
    shutil.rmtree(brands / "northshire")
    (brands / "southvale").rename(brands / "southvale-2")

    result = build(brands, out, "--format", "poster")
    assert result.returncode == 0, result.stderr
    for slug in ("northshire", "southvale"):
        line = (
            f"Warning: {slug}: its kit is no longer in brands/; its files in out/{slug}/ "
            "were left as they are: delete that folder if the partnership's pack is withdrawn"
        )
        assert result.stderr.count(line) == 1, result.stderr
    assert "eastmoor: its kit" not in result.stderr
    assert ", 2 kits, " in summary(result)  # the kits built; the gallery shows 4
    assert files(out / "northshire") | files(out / "southvale") == kept  # nothing deleted
    kits = json.loads((out / MANIFEST).read_text())["kits"]
    assert [slug for slug, info in kits.items() if info.get("gone")] == [
        "northshire",
        "southvale",
    ]
    gallery = (out / "index.html").read_text()
    assert gallery.count("Kit folder gone") == 2 and gallery.count("folder is gone</h3>") == 2
    assert "2 of 4 kits need attention: 2 whose kit folder is gone." in gallery

    # Kits named one by one leave the others as they are: said nothing of.
    one = mythprint(
        "build", "--brands-dir", str(brands), "--brand", "eastmoor", "--format", "poster",
        "--no-previews", "--out", str(out), cwd=tmp_path,
    )  # fmt: skip
    assert one.returncode == 0 and "no longer in" not in one.stderr
    # Put back, the kit is built again and the mark goes.
    (brands / "southvale-2").rename(brands / "southvale")
    back = build(brands, out, "--format", "poster")
    assert back.returncode == 0 and "southvale: its kit" not in back.stderr
    kits = json.loads((out / MANIFEST).read_text())["kits"]
    assert "gone" not in kits["southvale"] and kits["southvale-2"]["gone"] is True
