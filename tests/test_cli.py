"""The command line as a user meets it: help, exit codes, and errors without tracebacks."""

import os
import subprocess
import sys

import pytest

from mythprint import __version__
from mythprint.paths import PROJECT_ROOT

from .conftest import LABELS, raw_content, run_cli

LONG_REBUTTAL = "No - " + "this answer goes on and on without end. " * 60


def write_content(path, **changes):
    """The default content with some fields changed, written as YAML."""
    from ruamel.yaml import YAML

    data = raw_content()
    data.update(changes)
    with path.open("w", encoding="utf-8") as file:
        YAML().dump(data, file)
    return path


def test_help_explains_every_command():
    result = run_cli("--help")
    assert result.exit_code == 0
    for word in ("build", "check", "brand"):
        assert word in result.output
    build_help = run_cli("build", "--help").output
    for option in ("--content", "--brands-dir", "--brand", "--format", "--out"):
        assert option in build_help


def test_version():
    result = run_cli("--version")
    assert result.exit_code == 0 and __version__ in result.output


def test_generate_py_with_no_arguments_builds_the_defaults_into_dist(tmp_path):
    """The README's main command, run the way a user runs it."""
    result = subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "generate.py")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONWARNINGS": "error::DeprecationWarning:mythprint"},
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "dist" / "default" / "poster-a3.pdf").is_file()
    assert (tmp_path / "dist" / "manifest.json").is_file()
    assert "Traceback" not in result.stderr
    # stderr holds the two warnings about superseded law the shipped text cites, and the
    # notes of a machine without the optional packages.
    lines = result.stderr.splitlines()
    warnings = [line for line in lines if line.startswith("Warning: ")]
    assert len(warnings) == 2 and all("the text cites" in line for line in warnings)
    notes = [line for line in lines if line.startswith("Note: ")]
    assert len(warnings) + len(notes) == len(lines), result.stderr
    # At most one note for each optional package missing: harfbuzz-subset, LibreOffice.
    about = [("fontTools" in note, "LibreOffice" in note) for note in notes]
    assert all(any(kind) for kind in about) and len(set(about)) == len(about), notes


@pytest.mark.parametrize(
    "args",
    [("build", "--format", "billboard"), ("build", "--brand", "Not A Slug"), ("nonsense",)],
)
def test_usage_errors_exit_2(args, tmp_path):
    result = run_cli(*args, "--out", str(tmp_path)) if args[0] == "build" else run_cli(*args)
    assert result.exit_code == 2
    assert not any(tmp_path.iterdir())


def test_content_error_is_one_line_per_problem_with_file_line_column(tmp_path):
    bad = tmp_path / "myths.yml"
    bad.write_text(
        "title: Guide\nintro: x\nlead_in: y\nsource: z\nmyths:\n  - id: a\n    myth: m\n" + LABELS
    )
    result = run_cli("build", "--content", str(bad), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines == [f"Error: {bad}:6:5: missing required field 'myths[1].rebuttal'"]
    assert not (tmp_path / "out").exists()


def test_missing_content_file_names_the_file(tmp_path):
    result = run_cli("check", "--content", str(tmp_path / "nope.yml"))
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == f"Error: {tmp_path / 'nope.yml'}:1:1: file not found"


def test_unknown_brand_lists_the_kits_there(tmp_path):
    result = run_cli("build", "--brand", "nowhere", "--out", str(tmp_path))
    assert result.exit_code == 2  # a mistake in the command: nothing is built
    assert not tmp_path.exists() or not any(tmp_path.iterdir())
    assert "Error:" in result.output and "nowhere" in result.output
    assert "kits in" in result.output and "default" in result.output


def test_check_validates_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_cli("check")
    assert result.exit_code == 0, result.output
    assert "OK" in result.output
    assert list(tmp_path.iterdir()) == []


def test_too_long_myth_fails_the_fit_and_keeps_the_earlier_file(tmp_path):
    out = tmp_path / "out"
    assert run_cli("build", "--format", "myth-posters", "--out", str(out)).exit_code == 0
    earlier = (out / "default" / "poster-a3-consent.pdf").read_bytes()
    others_before = (out / "default" / "poster-a3-it-systems.pdf").stat().st_mtime_ns

    myths = raw_content()["myths"]
    myths[1]["rebuttal"] = LONG_REBUTTAL
    content = write_content(tmp_path / "long.yml", myths=myths)
    result = run_cli(
        "build", "--content", str(content), "--format", "myth-posters", "--out", str(out)
    )

    assert result.exit_code == 1
    error_lines = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(error_lines) == 1
    message = error_lines[0]
    assert "default/poster-a3-consent.pdf" in message
    assert "myth 'consent'" in message
    assert "32 pt" in message
    assert " mm " in message and "runs" in message
    assert (out / "default" / "poster-a3-consent.pdf").read_bytes() == earlier
    # The outputs that did fit are still brought up to date.
    assert (out / "default" / "poster-a3-it-systems.pdf").stat().st_mtime_ns >= others_before
    leftovers = [p.name for p in (out / "default").iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_all_myths_poster_below_its_floor_names_the_myth_that_spills(tmp_path):
    myths = raw_content()["myths"]
    myths[3]["rebuttal"] = LONG_REBUTTAL
    content = write_content(tmp_path / "long.yml", myths=myths)
    result = run_cli(
        "build", "--content", str(content), "--format", "poster", "--out", str(tmp_path / "out")
    )
    assert result.exit_code == 1
    assert "default/poster-a3.pdf" in result.output
    assert "16 pt floor for body text" in result.output
    assert "myth 'confidence-and-human-rights'" in result.output
    assert not (tmp_path / "out" / "default" / "poster-a3.pdf").exists()


def test_build_options_work_without_naming_build(tmp_path):
    result = run_cli("--format", "poster", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    made = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert made == [
        ".mythprint-cache.json",
        ".mythprint-lock",  # held while it wrote: a second run at once stops (Writer.hold)
        "default/poster-a3.pdf",
        "default/previews/poster-a3-1.png",
        "index.html",
        "manifest.json",
    ]


def test_format_repeated_makes_each_format_named_and_no_other(tmp_path):
    result = run_cli("--format", "leaflet", "--format", "poster", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    made = sorted(p.name for p in (tmp_path / "default").iterdir() if p.suffix == ".pdf")
    assert made == ["leaflet-dl.pdf", "poster-a3.pdf"]


def test_format_repeated_with_one_the_profile_lacks_is_a_usage_error(tmp_path):
    result = run_cli("--for", "press", "--format", "poster", "--format", "handout",
                     "--out", str(tmp_path))  # fmt: skip
    assert result.exit_code == 2
    assert "--format handout has no press version" in result.output
    assert not tmp_path.exists() or not any(tmp_path.iterdir())


def test_content_and_brand_problems_are_reported_together(tmp_path):
    bad = tmp_path / "myths.yml"
    bad.write_text("title: x\n")
    result = run_cli("check", "--content", str(bad), "--brand", "missing-kit")
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert any("missing required field 'myths'" in line for line in errors)
    assert any("missing-kit: no brand kit here" in line for line in errors)


def test_an_unexpected_failure_is_one_plain_line_not_a_traceback(monkeypatch, capsys):
    from mythprint import cli
    from mythprint.batch import build, plan

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(build, "render_kit", broken)
    monkeypatch.setattr(sys, "argv", ["mythprint", "check", "--brand", "default"])
    with pytest.raises(SystemExit) as exited:
        cli.main()  # check does not call build: it succeeds
    assert exited.value.code == 0
    # A bug met while making one kit fails that kit, named, and the run goes on.
    monkeypatch.setattr(sys, "argv", ["mythprint", "build", "--jobs", "1", "--force"])
    with pytest.raises(SystemExit) as exited:
        cli.main()
    assert exited.value.code == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("Error:")]
    assert errors == [
        "Error: default: mythprint failed unexpectedly while making this kit (RuntimeError: "
        "disk on fire). Please report this with the command you ran."
    ]
    # A bug anywhere else is one plain line too.
    monkeypatch.setattr(plan, "plan_batch", broken)
    with pytest.raises(SystemExit) as exited:
        cli.main()
    assert exited.value.code == 1
    err = capsys.readouterr().err
    lines = err.splitlines(keepends=True)
    err = "".join(line for line in lines if not line.startswith("Warning: "))
    assert err.startswith("Error: mythprint failed unexpectedly (RuntimeError: disk on fire)")
    assert "Traceback" not in err
