"""The whole pack as `build --brand all` makes it: every kit's web edition linking to its
real files, and the gallery over the real manifest, in a real browser."""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mythprint.paths import PROJECT_ROOT

from .browser import axe_violations, images_loaded, opened, outside, scroll_width
from .test_kits import make_kit

KITS = ("default", "example-partnership")


def build(out: Path, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "generate.py"), "build", "--out", str(out), *options],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )


@pytest.fixture(scope="module")
def pack(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pack") / "dist"
    result = build(out, "--brand", "all")
    assert result.returncode == 0, result.stderr
    return out


def entries(out: Path) -> dict[str, dict]:
    return {e["path"]: e for e in json.loads((out / "manifest.json").read_text())["outputs"]}


def downloads_in(html: str) -> list[tuple[str, str]]:
    """(href, text) of the page's links to the kit's files."""
    return [(href, text) for href, text in links(html) if href.endswith((".pdf", ".docx"))]


def links(html: str) -> list[tuple[str, str]]:
    """(href, text) of every link, text without tags and with white space squashed."""
    found = re.findall(r'<a\b[^>]*\bhref="([^"]+)"[^>]*>(.*?)</a>', html, re.S)
    return [(href, " ".join(re.sub(r"<[^>]+>", " ", text).split())) for href, text in found]


@pytest.mark.parametrize("slug", KITS)
def test_each_kit_has_a_web_edition_linking_to_its_files_with_their_real_sizes(pack, slug):
    from mythprint.formats.web import size_text

    page = (pack / slug / "web" / "index.html").read_text(encoding="utf-8")
    downloads = downloads_in(page)
    office = sorted(
        path.split("/", 1)[1]
        for path, entry in entries(pack).items()
        if entry["brand"] == slug and entry["format"] != "html" and "/press/" not in path
    )
    assert sorted(href for href, _ in downloads) == office
    for href, text in downloads:
        # A copy of the kit's file, beside the page.
        copy = pack / slug / "web" / href
        assert copy.read_bytes() == (pack / slug / href).read_bytes()
        kind = "PDF" if href.endswith(".pdf") else "Word"
        assert text.endswith(f"({kind}, {size_text(copy.stat().st_size)})"), text
    # In the order the pack is made: the poster, the posters myth by myth, leaflet, handout.
    assert [href for href, _ in downloads][:2] == [
        "poster-a3.pdf",
        "poster-a3-data-protection-act.pdf",
    ]
    assert [href for href, _ in downloads][-1] == "handout.docx"


def test_the_web_folder_works_wherever_it_is_copied(pack, tmp_path):
    """As the README says: copy web/ to a website as it is. Every link and image of the
    page is a file inside the copy, and a link to another site or a number is all else."""
    site = tmp_path / "council" / "safeguarding" / "guide"
    shutil.copytree(pack / "example-partnership" / "web", site)
    html = (site / "index.html").read_text(encoding="utf-8")
    local = re.findall(r'\b(?:href|src)="([^"#:]+)"', html)
    assert len(local) >= 10  # the stylesheet, the logo and the eight files
    for reference in local:
        assert (site / reference).resolve().is_relative_to(site), reference
        assert (site / reference).is_file(), reference


def test_the_gallery_lists_every_kit_and_every_file_with_relative_links_that_resolve(pack):
    html = (pack / "index.html").read_text(encoding="utf-8")
    hrefs = {href for href, _ in links(html) if not href.startswith("#")}
    for path in entries(pack):
        assert path in hrefs, path
    for href in hrefs:
        assert "://" not in href and not href.startswith("/"), href
        assert (pack / href).is_file(), href
    assert "Exampleshire Safeguarding Children Partnership" in html
    for src in re.findall(r'<img\b[^>]*\bsrc="([^"]+)"', html):
        assert (pack / src).is_file() and "/previews/" in src


def test_an_unchanged_rebuild_writes_nothing_not_even_the_gallery(pack):
    before = {p: p.read_bytes() for p in pack.rglob("*") if p.is_file()}
    gallery = (pack / "index.html").stat()
    again = build(pack, "--brand", "all")
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines()[-1].startswith("Done: 0 made, 18 unchanged, 0 failed")
    assert {p: p.read_bytes() for p in pack.rglob("*") if p.is_file()} == before
    # Files are replaced whole, so a rewritten gallery would be a new inode.
    assert (pack / "index.html").stat().st_ino == gallery.st_ino


def test_the_gallery_follows_the_manifest_and_comes_back_when_deleted(tmp_path):
    out = tmp_path / "dist"
    assert build(out, "--format", "poster", "--no-previews").returncode == 0
    assert "handout.docx" not in (out / "index.html").read_text(encoding="utf-8")
    assert build(out, "--format", "handout", "--no-previews").returncode == 0
    assert 'href="default/handout.docx"' in (out / "index.html").read_text(encoding="utf-8")
    made = (out / "index.html").read_bytes()
    (out / "index.html").unlink()
    assert build(out, "--format", "handout", "--no-previews").returncode == 0
    assert (out / "index.html").read_bytes() == made


def test_the_web_edition_alone_links_to_what_is_there_and_follows_the_pack(tmp_path):
    """It links to the files an earlier build made; a file added later makes it again."""
    out = tmp_path / "dist"
    page = out / "default" / "web" / "index.html"

    def linked() -> list[str]:
        return [href for href, _ in downloads_in(page.read_text(encoding="utf-8"))]

    assert build(out, "--format", "poster", "--no-previews").returncode == 0
    assert build(out, "--format", "html").returncode == 0
    assert linked() == ["poster-a3.pdf"]
    unchanged = build(out, "--format", "html")
    assert "0 made, 1 unchanged" in unchanged.stdout.splitlines()[-1]
    assert build(out, "--format", "handout", "--no-previews").returncode == 0
    again = build(out, "--format", "html")
    assert "1 made" in again.stdout.splitlines()[-1]
    assert linked() == ["poster-a3.pdf", "handout.docx"]
    # A copy deleted by hand comes back; a file deleted by hand, and not made again, is
    # no longer linked (nor copied).
    (page.parent / "handout.docx").unlink()
    assert "1 made" in build(out, "--format", "html").stdout.splitlines()[-1]
    assert (page.parent / "handout.docx").read_bytes() == (
        out / "default/handout.docx"
    ).read_bytes()
    (out / "default" / "poster-a3.pdf").unlink()
    assert "1 made" in build(out, "--format", "html").stdout.splitlines()[-1]
    assert linked() == ["handout.docx"]


def test_a_kit_with_an_error_gets_no_web_edition(tmp_path):
    brands = tmp_path / "brands"
    make_kit(brands, "pale", 'color:\n  primary: "#ffff00"\n')
    result = build(tmp_path / "dist", "--brands-dir", str(brands), "--brand", "pale")
    assert result.returncode == 1
    assert not (tmp_path / "dist" / "pale").exists()


@pytest.mark.parametrize("width", [1280, 320])
def test_the_built_gallery_and_web_editions_pass_axe_in_chromium(pack, browser, width):
    pages = [pack / "index.html", *(pack / slug / "web" / "index.html" for slug in KITS)]
    for path in pages:
        with opened(browser, path, width) as seen:
            assert axe_violations(seen.page) == [], path
            assert images_loaded(seen.page) == [], path
            assert scroll_width(seen.page) <= width, path
            assert outside(seen.requests, pack) == [], path
