"""`merge`: a batch shared between machines, put together in one folder at a print hub, as
if one machine had built every kit. Each command runs as a real process, as a hub runs it."""

import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mythprint.batch.output import CACHE, LOCK, MANIFEST
from mythprint.paths import DEFAULT_BRANDS_DIR, DEFAULT_CONTENT

from .test_exit_codes import assert_clean_failure, errors, run

# Small kits, quick to build: the web edition brings parts (styles, fonts) with its page.
OPTIONS = ("--format", "poster", "--format", "html", "--no-previews")


def build(folder: Path, out: str, kits: str, *more: str) -> subprocess.CompletedProcess:
    brands = str(folder / "brands")
    result = run(
        "build", "--brands-dir", brands, "--brand", kits, "--out", out, *OPTIONS, *more, cwd=folder
    )
    assert result.returncode == 0, result.stderr
    return result


def merge(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return run("merge", *args, cwd=folder)


def summary(result: subprocess.CompletedProcess) -> str:
    [line] = [line for line in result.stdout.splitlines() if line.startswith("Done:")]
    return line


def files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def manifest(out: Path) -> dict:
    return json.loads((out / MANIFEST).read_text(encoding="utf-8"))


def listed(out: Path) -> dict[str, str]:
    """Every file the manifest lists, outputs and their parts, with its checksum."""
    return {
        path: sha256
        for entry in manifest(out)["outputs"]
        for path, sha256 in {entry["path"]: entry["sha256"], **entry["parts"]}.items()
    }


@pytest.fixture(scope="module")
def machines(tmp_path_factory) -> Path:
    """Two machines' dist folders, copied to the hub as m1-dist and m2-dist: the same
    project and kits (copies of the default kit), alpha built on one, beta and gamma on
    the other."""
    hub = tmp_path_factory.mktemp("hub")
    for slug in ("alpha", "beta", "gamma"):
        shutil.copytree(DEFAULT_BRANDS_DIR / "default", hub / "brands" / slug)
    build(hub, "m1-dist", "alpha")
    build(hub, "m2-dist", "beta,gamma")
    return hub


@pytest.fixture
def hub(machines, tmp_path) -> Path:
    """A fresh copy of the hub, for a test to change."""
    copy = tmp_path / "hub"
    shutil.copytree(machines, copy)
    return copy


def test_merge_lists_every_kit_and_a_rebuild_there_makes_nothing(hub):
    (hub / "m2-dist" / "beta" / "notes.txt").write_text("not made by mythprint")
    result = merge(hub, "m1-dist", "m2-dist", "--out", "combined")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "Error:" not in result.stderr
    assert summary(result).startswith("Done: 3 kits, 18 files copied into combined")
    combined = hub / "combined"
    both = {**listed(hub / "m1-dist"), **listed(hub / "m2-dist")}
    # Every file of both machines, with the checksums they recorded, and nothing else:
    # each kit's poster and web page, and the page's styles, two font files and copy of
    # the poster.
    assert listed(combined) == both and len(both) == 3 * 6
    made = files(combined)
    assert {path: hashlib.sha256(made[path]).hexdigest() for path in both} == both
    assert set(made) == {*both, MANIFEST, CACHE, LOCK, "index.html"}  # no notes.txt
    assert set(manifest(combined)["kits"]) == {"alpha", "beta", "gamma"}
    assert manifest(combined)["text"] == manifest(hub / "m1-dist")["text"]
    gallery = made["index.html"].decode()
    for slug in ("alpha", "beta", "gamma"):
        assert f'href="{slug}/poster-a3.pdf"' in gallery
    rebuild = build(hub, "combined", "all")
    assert summary(rebuild).startswith("Done: 0 made, 6 unchanged, 0 failed")
    assert files(combined) == made


def test_merge_lays_nothing_out_and_never_imports_weasyprint(hub):
    argv = ["mythprint", "merge", "m1-dist", "m2-dist", "--out", "combined"]
    watch = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('imported: ' + ' '.join(sorted("
        "m for m in ('weasyprint', 'pikepdf', 'docx') if m in sys.modules)), file=sys.stderr))\n"
        "from mythprint.cli import main\n"
        f"sys.argv = {argv!r}\n"
        "main()\n"
    )
    result = run("-c", watch, cwd=hub, command=[sys.executable])
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[-1] == "imported: "


def test_merging_into_a_folder_that_holds_a_build(hub):
    """The hub copies machine 2's folder beside machine 1's, and merges it in."""
    before = files(hub / "m1-dist")
    result = merge(hub, "m2-dist", "--out", "m1-dist")
    assert result.returncode == 0, result.stderr
    out = hub / "m1-dist"
    assert listed(out) == {**json_listed(before), **listed(hub / "m2-dist")}
    after = files(out)
    # Machine 1's own files are as they were; its manifest, cache and gallery now list all.
    assert all(after[path] == data for path, data in before.items() if "/" in path)
    assert all(
        f'href="{slug}/poster-a3.pdf"' in after["index.html"].decode()
        for slug in ("alpha", "beta", "gamma")
    )
    assert summary(build(hub, "m1-dist", "all")).startswith("Done: 0 made, 6 unchanged")
    # Merged again, with OUT named among the folders too, nothing is copied again.
    again = merge(hub, "m1-dist", "m2-dist", "--out", "m1-dist")
    assert again.returncode == 0, again.stderr
    assert summary(again).startswith("Done: 2 kits (2 already there), 0 files copied")


def json_listed(made: dict[str, bytes]) -> dict[str, str]:
    document = json.loads(made[MANIFEST])
    return {
        path: sha256
        for entry in document["outputs"]
        for path, sha256 in {entry["path"]: entry["sha256"], **entry["parts"]}.items()
    }


def test_a_kit_built_on_two_machines_differently_is_refused(hub):
    # Machine 1 built beta too, with previews: the two copies differ.
    shutil.copytree(hub / "m1-dist", hub / "m3-dist")
    build(hub, "m3-dist", "beta", "--previews")
    result = run("merge", "m2-dist", "m3-dist", "--out", "combined", cwd=hub)
    [line] = assert_clean_failure(result)
    assert line.startswith("Error: m3-dist: kit beta is in m2-dist too, with different files")
    # Its files are the same with previews or without: the previews are the difference.
    assert "(beta/previews/poster-a3-1.png is in m3-dist only)" in line
    assert "with the same options" in line
    assert not (hub / "combined").exists()
    # As the error says: built again with the other's options, the copies are one.
    shutil.copytree(hub / "m2-dist", hub / "m2-previews")
    build(hub, "m2-previews", "beta", "--previews")
    followed = merge(hub, "m2-previews", "m3-dist", "--out", "followed")
    assert followed.returncode == 0, followed.stderr
    # The same kit, the same files, in two folders, is one kit.
    shutil.copytree(hub / "m2-dist", hub / "m2-again")
    same = merge(hub, "m1-dist", "m2-dist", "m2-again", "--out", "combined")
    assert same.returncode == 0, same.stderr
    assert summary(same).startswith("Done: 3 kits, 18 files")


def test_a_changed_or_missing_file_stops_the_merge_before_anything_is_written(hub):
    source = hub / "m2-dist"
    with (source / "beta" / "poster-a3.pdf").open("ab") as pdf:
        pdf.write(b"%edited")
    (source / "gamma" / "web" / "web.css").unlink()
    before = files(hub / "m1-dist")
    for out in ("combined", "m1-dist"):
        result = merge(hub, "m1-dist", "m2-dist", "--out", out)
        assert assert_clean_failure(result) == [
            "Error: m2-dist/beta/poster-a3.pdf: changed since it was built (it is not the "
            "file m2-dist/manifest.json records); copy the folder again from the machine "
            "that built it, or build the kit again there",
            "Error: m2-dist/gamma/web/web.css: missing, though m2-dist/manifest.json lists "
            "it; copy the folder again from the machine that built it, or build the kit "
            "again there",
        ]
    assert not (hub / "combined").exists()
    assert files(hub / "m1-dist") == before  # the build merged into is untouched


def test_folders_built_from_different_texts_are_refused(hub):
    """One word of the text changed (what check says of it is the same): not one batch."""
    content = hub / "myths.yml"
    text = DEFAULT_CONTENT.read_text(encoding="utf-8")
    assert "to Information sharing" in text
    content.write_text(text.replace("to Information sharing", "to information sharing"))
    build(hub, "m3-dist", "gamma", "--content", str(content))
    result = merge(hub, "m1-dist", "m3-dist", "--out", "combined")
    [line] = assert_clean_failure(result)
    assert line.startswith("Error: m3-dist: built from another text of the guide than m1-dist")
    assert not (hub / "combined").exists()


def test_a_folder_without_a_manifest_is_named(hub):
    (hub / "loose").mkdir()
    shutil.copytree(hub / "m2-dist" / "beta", hub / "loose" / "beta")
    result = merge(hub, "m1-dist", "loose", "--out", "combined")
    [line] = assert_clean_failure(result)
    assert line.startswith("Error: loose: no manifest.json here")
    # A folder to merge that is not there is the folder's problem (1), not a mistyped command
    assert assert_clean_failure(merge(hub, "m1-dist", "no-such-folder")) == [
        "Error: no-such-folder: not found; give merge the folders the builds wrote (each "
        "machine's dist folder, copied here)"
    ]
    assert not (hub / "combined").exists() and not (hub / "dist").exists()


# Ctrl-C reaches merge at the safe point before the first file of the second kit, beta.
CTRL_C_AT_THE_SECOND_KIT = """
import sys
import mythprint.batch.merge as merging
from mythprint.batch.stopping import check_stop
def stop_before_beta():
    caller = sys._getframe(1)
    if caller.f_code.co_name == "_copy_kit" and caller.f_locals["slug"] == "beta":
        raise KeyboardInterrupt
    check_stop()
merging.check_stop = stop_before_beta
"""


def test_a_stopped_merge_records_and_shows_what_it_copied(hub):
    from .test_batch import mythprint

    result = mythprint(
        "merge", "m1-dist", "m2-dist", "--out", "combined", cwd=hub,
        script=CTRL_C_AT_THE_SECOND_KIT,
    )  # fmt: skip
    assert result.returncode == 130, result.stderr
    assert "Stopped: the files copied so far are recorded" in result.stderr
    recorded = manifest(hub / "combined")["outputs"]
    assert {entry["brand"] for entry in recorded} == {"alpha"}
    gallery = (hub / "combined" / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{entry["path"]}"' in gallery for entry in recorded)
    assert "beta" not in gallery


def test_a_merge_into_a_folder_being_written_stops_and_copies_nothing(hub):
    from filelock import FileLock

    shutil.copytree(hub / "m1-dist", hub / "combined")
    before = files(hub / "combined")
    with FileLock(hub / "combined" / LOCK, timeout=0):
        result = merge(hub, "m2-dist", "--out", "combined")
    [line] = assert_clean_failure(result)
    assert line.startswith("Error: another mythprint build or merge is writing into combined")
    assert files(hub / "combined") == {**before, LOCK: b""}


def fail_delta(hub: Path, out: str) -> subprocess.CompletedProcess:
    """Build a kit, delta, whose brand file a user broke, into `out`: it is not built."""
    shutil.copytree(DEFAULT_BRANDS_DIR / "default", hub / "brands" / "delta")
    with (hub / "brands" / "delta" / "_brand.yml").open("a", encoding="utf-8") as brand:
        brand.write("name: [broken\n")
    brands = str(hub / "brands")
    result = run(
        "build", "--brands-dir", brands, "--brand", "delta", "--out", out, *OPTIONS, cwd=hub
    )
    assert result.returncode == 1, result.stderr
    return result


def test_a_kit_that_failed_on_its_machine_is_merged_as_failed(hub):
    """The coordinator learns from the merge, its manifest and its gallery what each
    machine's build failed, as if one machine had built every kit."""
    failed = fail_delta(hub, "m2-dist")
    # Machine 2's build of beta made its web page, but not its poster (as a text that
    # does not fit would leave it): its manifest says so, beside the poster it has.
    document = manifest(hub / "m2-dist")
    assert document["kits"]["delta"]["not_built"] is True
    document["kits"]["beta"]["errors"] = ["beta/poster-a3.pdf: the content does not fit"]
    (hub / "m2-dist" / MANIFEST).write_text(json.dumps(document, indent=2), encoding="utf-8")
    result = merge(hub, "m1-dist", "m2-dist", "--out", "combined")
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert summary(result).startswith(
        "Done: 1 kit not built (delta), 1 kit with files not made (beta), 4 kits, "
        "18 files copied into combined"
    )
    assert "delta: not made in m2-dist: its errors are recorded" in result.stdout
    [delta_error] = document["kits"]["delta"]["errors"]
    # The kit's file named as the build named it, in the kits' folder
    assert errors(result) == [
        "Error: beta/poster-a3.pdf: the content does not fit",
        f"Error: brands/delta/{delta_error}",
    ]
    assert errors(failed) == [f"Error: brands/delta/{delta_error}"]
    # Every kit's record, failed or not, as its own build wrote it.
    combined = manifest(hub / "combined")
    assert combined["kits"] == {**manifest(hub / "m1-dist")["kits"], **document["kits"]}
    gallery = (hub / "combined" / "index.html").read_text(encoding="utf-8")
    assert "2 of 4 kits need attention: 1 not built, 1 with files not made" in gallery
    # Delta's section, its error in it, is the one machine 2's own gallery shows.
    shown = kit_section((hub / "m2-dist" / "index.html").read_text(encoding="utf-8"), "delta")
    assert "This kit was not built" in shown and "YAML syntax error" in shown
    assert kit_section(gallery, "delta") == shown
    # With --quiet, only the errors, and the same exit code.
    quiet = merge(hub, "m1-dist", "m2-dist", "--out", "again", "--quiet")
    assert quiet.returncode == 1 and quiet.stdout == ""
    assert len(errors(quiet)) == 2


def kit_section(gallery: str, slug: str) -> str:
    [section] = re.findall(rf'<section class="kit" id="kit-{slug}".*?</section>', gallery, re.S)
    return section


def test_a_kit_failed_on_one_machine_and_built_on_another_is_merged_built(hub):
    """Delta failed on machine 2; its brand file fixed, machine 1 built it. There is no
    clock to tell which build came last, but a build that failed left nothing of the kit:
    the kit's files come from where it was built, whichever folder is named first, and a
    note says where it failed."""
    fail_delta(hub, "m2-dist")
    shutil.copy(DEFAULT_BRANDS_DIR / "default" / "_brand.yml", hub / "brands" / "delta")
    build(hub, "m1-dist", "delta")
    result = merge(hub, "m2-dist", "m1-dist", "--out", "combined")
    assert result.returncode == 0, result.stderr
    assert summary(result).startswith("Done: 4 kits, 24 files copied into combined")
    assert "delta: copied from m1-dist" in result.stdout
    [note] = [line for line in result.stderr.splitlines() if line.startswith("Note:")]
    assert note.startswith("Note: delta could not be built (brands/delta/_brand.yml:")
    assert note.endswith("in m2-dist, but was built in m1-dist, and is merged from there")
    assert manifest(hub / "combined")["kits"]["delta"] == manifest(hub / "m1-dist")["kits"]["delta"]
    # Merged into the folder that built it, its failure elsewhere leaves it as it is.
    shutil.copytree(hub / "m1-dist", hub / "m1-copy")
    into = merge(hub, "m2-dist", "--out", "m1-copy")
    assert into.returncode == 0, into.stderr
    assert "delta: not made in m2-dist: the copy that was there stays" in into.stdout
    assert "Note: delta could not be built" in into.stderr
    kept = manifest(hub / "m1-copy")
    assert kept["kits"]["delta"] == manifest(hub / "m1-dist")["kits"]["delta"]
    assert {path for path in listed(hub / "m1-copy") if path.startswith("delta/")} == {
        path for path in listed(hub / "m1-dist") if path.startswith("delta/")
    }
    # And merged into the folder where it failed, the built kit takes the failure's place.
    back = merge(hub, "m1-dist", "--out", "m2-dist")
    assert back.returncode == 0, back.stderr
    assert manifest(hub / "m2-dist")["kits"]["delta"] == manifest(hub / "m1-dist")["kits"]["delta"]
