"""PNG previews of every page, made with the files, recorded in the manifest, and skipped
or made again like any other file."""

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from mythprint.paths import PROJECT_ROOT
from mythprint.pdf.previews import LONGEST_SIDE_PX, libreoffice, preview_path

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
    assert "1 made" in again.stdout.splitlines()[-1]
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
