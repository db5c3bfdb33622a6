"""PNG previews of every page, made with the files, recorded in the manifest, and skipped
or made again like any other file."""

import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from PIL import Image

from mythprint.paths import PROJECT_ROOT
from mythprint.pdf.previews import (
    HANDOUTS_PER_RUN,
    LONGEST_SIDE_PX,
    libreoffice,
    preview_path,
    word_pdfs,
)

EXAMPLE = "example-partnership"


def build(out: Path, *options: str, env=None) -> subprocess.CompletedProcess:
    command = [sys.executable, str(PROJECT_ROOT / "generate.py"), "build", "--out", str(out)]
    return subprocess.run(
        [*command, "--brand", EXAMPLE, *options],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PYTHONWARNINGS": "ignore", **(env or {})},
    )


@pytest.fixture(scope="module")
def previewed(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("previews") / "out"
    result = build(out)
    assert result.returncode == 0, result.stderr
    return out


def manifest(out: Path) -> dict:
    return {e["path"]: e for e in json.loads((out / "manifest.json").read_text())["outputs"]}


def test_preview_paths_follow_the_file_and_the_page():
    assert preview_path("kit/poster-a3.pdf", 1) == "kit/previews/poster-a3-1.png"
    assert preview_path("kit/press/leaflet-dl.pdf", 2) == "kit/previews/press/leaflet-dl-2.png"


def test_every_page_of_every_pdf_has_a_preview_about_800_px(previewed):
    entries = manifest(previewed)
    pdfs = {path: entry for path, entry in entries.items() if path.endswith(".pdf")}
    assert len(pdfs) == 7
    for path, entry in pdfs.items():
        expected = [preview_path(path, page) for page in range(1, entry["pages"] + 1)]
        assert sorted(entry["parts"]) == sorted(expected), path
        for preview, sha256 in entry["parts"].items():
            data = (previewed / preview).read_bytes()
            assert hashlib.sha256(data).hexdigest() == sha256
            with Image.open(previewed / preview) as image:
                assert image.format == "PNG"
                assert max(image.size) == pytest.approx(LONGEST_SIDE_PX, abs=1)
    leaflet = Image.open(previewed / EXAMPLE / "previews" / "leaflet-dl-1.png")
    assert leaflet.width > leaflet.height  # landscape pages stay landscape


def test_a_preview_shows_the_page(previewed):
    """Not a blank image: the accent band of the title is there, in the kit's colour."""
    with Image.open(previewed / EXAMPLE / "previews" / "poster-a3-1.png") as image:
        colours = {colour for _, colour in image.convert("RGB").getcolors(maxcolors=1 << 20)}
    assert (0x0B, 0x4F, 0x6C) in colours  # harbour blue


@pytest.mark.skipif(libreoffice() is None, reason="needs LibreOffice (.ci/run installs it)")
def test_the_word_handout_is_previewed_through_libreoffice(previewed):
    entry = manifest(previewed)[f"{EXAMPLE}/handout.docx"]
    assert f"{EXAMPLE}/previews/handout-1.png" in entry["parts"]
    with Image.open(previewed / EXAMPLE / "previews" / "handout-1.png") as image:
        assert image.height == pytest.approx(LONGEST_SIDE_PX, abs=1)  # A4 portrait


def test_without_libreoffice_the_handout_has_none_and_the_build_says_so_once(tmp_path):
    bare = tmp_path / "bin"  # a PATH with only this Python: no soffice on it
    bare.mkdir()
    (bare / "python").symlink_to(sys.executable)
    result = build(tmp_path / "out", "--format", "handout", env={"PATH": str(bare)})
    assert result.returncode == 0, result.stderr
    notes = [line for line in result.stderr.splitlines() if "LibreOffice" in line]
    assert len(notes) == 1 and notes[0].startswith("Note:")
    assert manifest(tmp_path / "out")[f"{EXAMPLE}/handout.docx"]["parts"] == {}


def test_a_deleted_preview_is_made_again_and_no_previews_makes_none(previewed, tmp_path):
    out = tmp_path / "out"
    first = build(out, "--format", "poster")
    assert first.returncode == 0, first.stderr
    preview = out / EXAMPLE / "previews" / "poster-a3-1.png"
    made = preview.read_bytes()
    preview.unlink()
    again = build(out, "--format", "poster")
    # Drawn again from the file, which is not laid out again for it
    assert again.stdout.splitlines()[-1].startswith("Done: 0 made, 1 unchanged")
    assert preview.read_bytes() == made  # the same bytes as before
    bare = build(tmp_path / "bare", "--format", "poster", "--no-previews")
    assert bare.returncode == 0
    assert not (tmp_path / "bare" / EXAMPLE / "previews").exists()
    assert manifest(tmp_path / "bare")[f"{EXAMPLE}/poster-a3.pdf"]["parts"] == {}


def test_press_files_are_previewed_in_their_own_folder(tmp_path):
    result = build(tmp_path / "out", "--format", "poster", "--for", "press")
    assert result.returncode == 0, result.stderr
    preview = tmp_path / "out" / EXAMPLE / "previews" / "press" / "poster-a3-1.png"
    with Image.open(preview) as image:
        assert max(image.size) == pytest.approx(LONGEST_SIDE_PX, abs=1)


def test_turning_previews_on_or_off_makes_no_file_again(tmp_path):
    """Previews are drawn from the file, which is the same with them or without: a build
    with previews after one without draws them from the files there, laying nothing out,
    and a build without them after keeps them, as they still show the files."""
    out = tmp_path / "out"
    bare = build(out, "--format", "poster", "--format", "leaflet", "--no-previews")
    assert bare.returncode == 0, bare.stderr
    pdfs = {path: (out / path).read_bytes() for path in manifest(out)}
    stamps = {path: (out / path).stat().st_mtime_ns for path in pdfs}
    assert all(entry["parts"] == {} for entry in manifest(out).values())

    on = build(out, "--format", "poster", "--format", "leaflet")
    assert on.returncode == 0, on.stderr
    assert on.stdout.splitlines()[-1].startswith("Done: 0 made, 2 unchanged, 0 failed")
    assert {path: (out / path).stat().st_mtime_ns for path in pdfs} == stamps
    fresh = tmp_path / "fresh"  # what a build with previews from the start makes
    assert build(fresh, "--format", "poster", "--format", "leaflet").returncode == 0
    for path, entry in manifest(out).items():
        assert (fresh / path).read_bytes() == pdfs[path], path  # the same file either way
        assert entry["parts"] == manifest(fresh)[path]["parts"], path
        for preview in entry["parts"]:
            assert (out / preview).read_bytes() == (fresh / preview).read_bytes(), preview

    off = build(out, "--format", "poster", "--format", "leaflet", "--no-previews")
    assert off.stdout.splitlines()[-1].startswith("Done: 0 made, 2 unchanged, 0 failed")
    assert manifest(out) == manifest(fresh)


def test_a_build_says_when_it_draws_many_previews_and_quiet_says_nothing(tmp_path):
    """Drawing the previews a build without them left out takes a while for many files:
    the build says so before it starts, unless told to be quiet."""
    both = ("--brand", "default", "--format", "myth-posters")
    for out in (tmp_path / "said", tmp_path / "quiet"):
        assert build(out, *both, "--no-previews").returncode == 0
    said = build(tmp_path / "said", *both)
    assert said.returncode == 0, said.stderr
    assert "Drawing previews of 10 files." in said.stdout.splitlines()
    quiet = build(tmp_path / "quiet", *both, "--quiet")
    assert quiet.returncode == 0 and quiet.stdout == "", quiet.stdout
    for out in (tmp_path / "said", tmp_path / "quiet"):
        assert len(list((out / "default" / "previews").iterdir())) == 5


@pytest.fixture
def handouts(tmp_path) -> dict[str, Path]:
    """Sixteen Word files, all named handout.docx as every kit's is, each with its own text."""
    from docx import Document

    made = {}
    for number in range(2 * HANDOUTS_PER_RUN):
        document = Document()
        document.add_paragraph(f"Handout number {number}.")
        path = tmp_path / f"kit-{number}" / "handout.docx"
        path.parent.mkdir()
        document.save(path)
        made[f"kit-{number}/handout.docx"] = path
    return made


@pytest.fixture
def started(monkeypatch) -> list[subprocess.Popen]:
    """Every process started while the test runs."""
    processes = []
    real = subprocess.Popen

    def counted(*args, **kwargs):
        processes.append(real(*args, **kwargs))
        return processes[-1]

    monkeypatch.setattr(subprocess, "Popen", counted)
    return processes


@pytest.mark.skipif(libreoffice() is None, reason="needs LibreOffice (.ci/run installs it)")
def test_many_handouts_go_through_libreoffice_runs_side_by_side(handouts, started):
    """Each run converts its share, and every PDF comes back to the file it was made from."""
    import pypdfium2

    pdfs = word_pdfs(handouts, runs=2)
    assert len(started) == 2
    assert sorted(pdfs) == sorted(handouts)
    for output, data in pdfs.items():
        document = pypdfium2.PdfDocument(data)
        text = document[0].get_textpage().get_text_range()
        document.close()
        number = output.split("/")[0].removeprefix("kit-")
        assert f"Handout number {number}." in text, output


@pytest.mark.skipif(libreoffice() is None, reason="needs LibreOffice (.ci/run installs it)")
def test_a_stop_ends_every_libreoffice_run_and_the_office_it_started(
    handouts, started, tmp_path, monkeypatch
):
    """Ctrl-C or SIGTERM while the handouts are converted ends LibreOffice at once, the
    office its launcher started included, and leaves no scratch folder behind."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "scratch"))
    (tmp_path / "scratch").mkdir()
    looks = []

    def stop():
        looks.append(time.monotonic())
        if len(looks) == 10:  # half a second in: LibreOffice is at work
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        word_pdfs(handouts, runs=2, stop=stop)
    assert len(started) == 2
    for process in started:
        assert process.returncode is not None
        # Killed, it goes within a moment; 30 s is a loaded machine's margin, not a timing:
        # an office left running is still there at the end of it
        deadline = time.monotonic() + 30
        while _session_alive(process.pid) and time.monotonic() < deadline:
            time.sleep(0.05)  # the office, orphaned, is reaped by the system
        assert not _session_alive(process.pid)
    assert list((tmp_path / "scratch").iterdir()) == []


def _session_alive(session: int) -> bool:
    """Whether any process of the session `session` led is still running (not a zombie)."""
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = status.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended while we looked
        state, session_id = fields[0], int(fields[3])
        if session_id == session and state != "Z":
            return True
    return False
