"""The Word handout as an office edits it: every letter of its languages in the embedded font,
Urdu in the theme's fonts, heading pairs spaced by their style, readable theme colours, and
lines spaced alike whatever font a language is set in (read back from the file, and from
LibreOffice's print of it)."""

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from mythprint.paths import DEFAULT_BRANDS_DIR, DEFAULT_CONTENT

from .conftest import build_kit
from .test_bilingual_handout import (
    KIT,
    PACK_FONT,
    URDU,
    WELSH,
    build_handout,
    require_pack_font,
)
from .test_fontchain import embedded_faces
from .test_handout import SOFFICE
from .test_urdu import require_arabic_font

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
needs_libreoffice = pytest.mark.skipif(
    SOFFICE is None, reason="needs LibreOffice (.ci/run installs it)"
)
# Welsh's letters (/work/shared/PRINT-NOTES.md, "Languages"): w and y with a circumflex,
# grave, acute or diaeresis, and the vowels with a circumflex, diaeresis, acute or grave.
WELSH_LETTERS = "ŵŷẁẃẅỳýÿ" + "âêîôûáéíóúàèìòùäëïöü"


@pytest.fixture(scope="module")
def welsh_pack(tmp_path_factory) -> Path:
    require_pack_font()
    return build_handout(tmp_path_factory.mktemp("cy-en"), WELSH, DEFAULT_CONTENT)


@pytest.fixture(scope="module")
def urdu_pack(tmp_path_factory) -> Path:
    require_arabic_font()
    return build_handout(tmp_path_factory.mktemp("ur-en"), URDU, DEFAULT_CONTENT)


@pytest.fixture(scope="module")
def english(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("en")
    result = build_kit(DEFAULT_BRANDS_DIR, KIT, "handout", out, "--no-previews")
    assert result.exit_code == 0, result.output
    return out / KIT / "handout.docx"


def read_part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read(name))


# ---- Every letter of the pack's languages, for an editor to type ----


def test_the_embedded_font_has_every_welsh_letter_not_only_those_the_text_prints(welsh_pack):
    """The sample Welsh prints ŵ and ŷ but no ẁ, ẃ, ẅ or ỳ, which lie in another block of
    Unicode: cut down to the text's blocks, the embedded Noto Sans lacked them, and a Welsh
    editor typing one on a PC without Noto Sans got it from another font."""
    letters = set(WELSH_LETTERS) | set(WELSH_LETTERS.upper())
    faces = [font for family, _, font in embedded_faces(welsh_pack) if family == PACK_FONT]
    assert len(faces) == 4
    for font in faces:
        have = {chr(code) for code in font.getBestCmap()}
        assert not letters - have, sorted(letters - have)
