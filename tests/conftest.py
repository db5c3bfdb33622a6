"""Shared fixtures: one real build of the default outputs, reused by every artefact test."""

import re
import shutil
from pathlib import Path

import pypdfium2
import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from mythprint.cli import cli
from mythprint.paths import DEFAULT_BRANDS_DIR, DEFAULT_CONTENT, PROJECT_ROOT

SEED = PROJECT_ROOT.parent / "shared" / "seeds" / "000_67ad66374fc2200b.txt"
MYTH_IDS = (
    "data-protection-act",
    "consent",
    "disclosure-between-organisations",
    "confidence-and-human-rights",
    "it-systems",
)


def squash(text: str) -> str:
    """Text with all white space removed: compares words and punctuation, not line breaks."""
    return re.sub(r"\s+", "", text)


def pdf_text(path: Path) -> str:
    document = pypdfium2.PdfDocument(str(path))
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def raw_content(path: Path = DEFAULT_CONTENT) -> dict:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def run_cli(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """The default build, made once: `build` into a fresh folder."""
    out = tmp_path_factory.mktemp("dist")
    result = run_cli("build", "--out", str(out))
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture
def brands_copy(tmp_path) -> Path:
    """A writable copy of the shipped brand kits, for tests that break one."""
    target = tmp_path / "brands"
    shutil.copytree(DEFAULT_BRANDS_DIR, target)
    return target


@pytest.fixture
def content_copy(tmp_path) -> Path:
    target = tmp_path / "myths.yml"
    shutil.copy(DEFAULT_CONTENT, target)
    return target
