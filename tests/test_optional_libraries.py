"""A machine without the optional system libraries still makes every document.

harfbuzz-subset only makes font embedding faster: without it WeasyPrint subsets fonts with
fontTools and logs a warning. That one message, named in `weasyprint_log.BENIGN`, becomes a single
note; every other message WeasyPrint logs still stops the document.
"""

import json
import logging
import os
import subprocess
import sys
import time

import pikepdf
import pytest

from mythprint.errors import RenderProblem
from mythprint.inputs.brand import load_brand
from mythprint.inputs.content import load_content
from mythprint.paths import DEFAULT_BRANDS_DIR, DEFAULT_CONTENT
from mythprint.pdf.render import Renderer
from mythprint.pdf.weasyprint_log import BENIGN, benign_note

FONTTOOLS_MESSAGE = (
    'Using fontTools instead of HarfBuzz-Subset for font "Atkinson Hyperlegible". This will '
    "be unsupported in future versions of WeasyPrint. Please install HarfBuzz-Subset >= "
    "4.1.0 with your package manager."
)


def test_only_the_named_harmless_messages_are_let_through():
    assert benign_note(FONTTOOLS_MESSAGE) is not None
    assert "libharfbuzz-subset0" in benign_note(FONTTOOLS_MESSAGE)
    for message in (
        "Failed to load image at 'file:///logo.svg'",
        "Font-face 'Brand Sans' cannot be loaded",
        "Ignored `colour: red` at 1:1, unknown property.",
        "Using fontTools",  # not the whole message WeasyPrint writes
    ):
        assert benign_note(message) is None, message
    assert len(BENIGN) == 1  # each addition needs its own reason and test


@pytest.fixture(scope="module")
def renderer():
    return Renderer(load_content(DEFAULT_CONTENT), load_brand(DEFAULT_BRANDS_DIR, "default"))


def test_a_harmless_message_becomes_a_note_and_the_document_is_made(renderer):
    with renderer._nothing_missing():
        logging.getLogger("weasyprint").warning(FONTTOOLS_MESSAGE)
    assert renderer.notes == {benign_note(FONTTOOLS_MESSAGE)}


def test_any_other_message_still_stops_the_document(renderer):
    refused = pytest.raises(RenderProblem, match="Font-face 'Brand Sans' cannot be loaded")
    with refused, renderer._nothing_missing():
        logging.getLogger("weasyprint").warning("Font-face %r cannot be loaded", "Brand Sans")


def build_without_harfbuzz_subset(out) -> subprocess.CompletedProcess:
    """A real process in which WeasyPrint finds no harfbuzz-subset, as on a fresh machine."""
    script = (
        "import sys\n"
        "import weasyprint.pdf.fonts as fonts\n"
        "fonts.harfbuzz_subset = None  # as when the library is not installed\n"
        "from mythprint.cli import main\n"
        f"sys.argv = ['mythprint', 'build', '--out', {str(out)!r}]\n"
        "main()\n"
    )
    return subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )


def test_without_harfbuzz_subset_every_document_is_made_with_one_note(tmp_path):
    result = build_without_harfbuzz_subset(tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "Error:" not in result.stderr
    notes = [line for line in result.stderr.splitlines() if "fontTools" in line]
    assert notes == [f"Note: {benign_note(FONTTOOLS_MESSAGE)}"]
    made = sorted(p.name for p in (tmp_path / "out" / "default").iterdir() if p.is_file())
    assert len(made) == 8 and "leaflet-dl.pdf" in made
    with pikepdf.open(tmp_path / "out" / "default" / "poster-a3.pdf") as pdf:
        fonts = list(pdf.pages[0].Resources.Font.values())
        assert fonts
        for font in fonts:  # the brand font, embedded, as with harfbuzz-subset
            descriptor = font.DescendantFonts[0].FontDescriptor
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor
            assert "Atkinson-Hyperlegible" in str(font.BaseFont)

    # fontTools stamps each subset font with the clock unless told otherwise: a rebuild a
    # second or more later must still be byte-identical.
    time.sleep(1.1)
    again = build_without_harfbuzz_subset(tmp_path / "again")
    assert again.returncode == 0, again.stderr
    for path in sorted(p for p in (tmp_path / "out" / "default").rglob("*") if p.is_file()):
        twin = tmp_path / "again" / path.relative_to(tmp_path / "out")
        assert path.read_bytes() == twin.read_bytes(), path


LOADED_LIBRARIES = (
    "import ctypes.util, json, re, sys\n"
    "search = ctypes.util.find_library\n"
    "{how}\n"
    "from weasyprint.text import ffi\n"
    "maps = open('/proc/self/maps').read()\n"
    "names = 'gobject|pango|pangoft2|harfbuzz|harfbuzz-subset|fontconfig'\n"
    "files = sorted(set(re.findall(rf'/\\S*/lib(?:{{names}})[-.]\\S*', maps)))\n"
    "print(json.dumps({{'files': files, 'subset': ffi.harfbuzz_subset is not None,\n"
    "    'search kept': ctypes.util.find_library is search}}))\n"
)


def loaded_libraries(how: str) -> dict:
    script = LOADED_LIBRARIES.format(how=how)
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.skipif(sys.platform != "linux", reason="the fast import is for Linux only")
def test_the_fast_import_loads_the_libraries_weasyprint_would_find_itself():
    """render.import_weasyprint skips ctypes' search, which runs gcc: each library must
    still come from the very file WeasyPrint's own search finds, harfbuzz-subset too
    where it is installed (and not where it is not: fresh-machine runs this test)."""
    own = loaded_libraries("import weasyprint")
    fast = loaded_libraries(
        "from mythprint.pdf.render import import_weasyprint\nimport_weasyprint()"
    )
    assert fast == own
    assert any("libpango-1.0" in path for path in fast["files"])
    assert fast["search kept"]
