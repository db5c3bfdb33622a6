"""A CMYK press file holds no RGB: logos coloured by style sheets or embedding images, the
last look at the finished file, text and QR codes in few inks, and a broken shop profile."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mythprint.paths import PROJECT_ROOT

from .test_press import CMYK_ICC

pytestmark = pytest.mark.skipif(
    not CMYK_ICC.is_file(), reason="needs Debian's libgs-common (.ci/run installs it)"
)


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """The real process, as a script sees it: its exit code and its two streams."""
    return subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "generate.py"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )


def test_a_damaged_profile_is_refused_before_anything_is_built(tmp_path):
    """A profile cut short reads as one, then converts nothing: every kit failed
    "unexpectedly" while being made. One Error names the file now, before any is made."""
    cut = tmp_path / "shop.icc"
    cut.write_bytes(CMYK_ICC.read_bytes()[:5000])
    result = run(
        "build", "--for", "press", "--icc", str(cut), "--brand", "all",
        "--out", str(tmp_path / "out"), cwd=PROJECT_ROOT,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines() == [
        f"Error: {cut}: this ICC profile cannot convert colours; the file may be damaged or "
        "cut short: ask the print shop to send its CMYK profile again"
    ]
    assert not (tmp_path / "out").exists()
