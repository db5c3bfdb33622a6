"""Exit codes and output streams of the real process, as a script or a scheduled job sees them.

CliRunner calls the command in-process, where Click returns an exit code instead of
exiting; that once hid that every error exited 0. Each error class is run here as a
real process: `python generate.py ...` and the installed `mythprint` command.
"""

import os
import selectors
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mythprint.paths import DEFAULT_BRANDS_DIR, DEFAULT_CONTENT, PROJECT_ROOT

from .conftest import LABELS
from .processes import as_a_foreground_job
from .test_cli import LONG_REBUTTAL, write_content
from .test_kits import make_kit

GENERATE = [sys.executable, str(PROJECT_ROOT / "generate.py")]
INSTALLED = Path(sys.executable).parent / "mythprint"


def run(*args: str, cwd: Path, command=GENERATE) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*command, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )


def errors(result: subprocess.CompletedProcess) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("Error:")]


def assert_clean_failure(result: subprocess.CompletedProcess, code: int = 1) -> list[str]:
    """Exit `code`, at least one `Error:` line on stderr, and never a traceback."""
    assert result.returncode == code, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    found = errors(result)
    assert found, result.stderr
    return found


@pytest.mark.parametrize("command", [GENERATE, [str(INSTALLED)]], ids=["generate.py", "mythprint"])
def test_an_unknown_kit_exits_1_from_both_commands(command, tmp_path):
    if command[0] == str(INSTALLED) and not INSTALLED.exists():
        pytest.skip("the mythprint command is not installed beside this Python")
    result = run("check", "--brand", "no-such-kit", cwd=tmp_path, command=command)
    [line] = assert_clean_failure(result)
    assert "no-such-kit: no brand kit here" in line


def test_a_mistyped_kit_among_many_names_the_likeliest_not_every_kit(tmp_path):
    """With 150 kits the error was one line of 9 KB, every kit's name and no suggestion."""
    for number in range(1, 13):
        shutil.copytree(DEFAULT_BRANDS_DIR / "default", tmp_path / "brands" / f"kit-{number:03d}")
    result = run("check", "--brands-dir", "brands", "--brand", "kit-0011", cwd=tmp_path)
    [line] = assert_clean_failure(result)
    assert line == (
        "Error: brands/kit-0011: no brand kit here (no _brand.yml); did you mean kit-011 or "
        "kit-001 or kit-012? brands has 12 kits: `mythprint list` names them all"
    )


def test_check_of_many_kits_ends_with_the_kits_that_have_errors(tmp_path):
    """Among 150 kits, three errors were buried in 755 lines, and a kit whose brand file
    could not be read had no line of its own."""
    for name in ("k1", "k2", "k3", "k4"):
        shutil.copytree(DEFAULT_BRANDS_DIR / "default", tmp_path / "brands" / name)
    (tmp_path / "brands" / "k3" / "_brand.yml").write_text("meta: [\n")
    result = run("check", "--brands-dir", "brands", "--brand", "all", cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert "brands/k3: 1 error" in lines
    assert lines[-1] == "Checked 4 kits: 1 with errors (k3), 0 warnings about the kits."


def test_list_of_a_folder_that_is_not_there_is_an_error(tmp_path):
    result = run("list", "--brands-dir", "no-such-folder", cwd=tmp_path)
    assert assert_clean_failure(result) == ["Error: no-such-folder: no such folder"]


def test_success_exits_0_with_nothing_on_stderr(tmp_path):
    result = run("check", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "OK" in result.stdout
    assert errors(result) == []


@pytest.mark.parametrize("profile", ["office", "press"])
def test_check_lays_nothing_out_and_never_imports_weasyprint(profile, tmp_path):
    """`check` fills the templates and reads the fonts; importing WeasyPrint would double
    its time."""
    argv = ["generate.py", "check", "--brand", "example-partnership", "--for", profile]
    watch = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('imported: ' + ' '.join(sorted("
        "m for m in ('weasyprint', 'pikepdf') if m in sys.modules)), file=sys.stderr))\n"
        "from mythprint.cli import main\n"
        f"sys.argv = {argv!r}\n"
        "main()\n"
    )
    result = run("-c", watch, cwd=tmp_path, command=[sys.executable])
    assert result.returncode == 0, result.stderr
    assert "example-partnership: 0 errors" in result.stdout
    assert result.stderr.splitlines()[-1] == "imported: "


@pytest.mark.parametrize(
    "args",
    [
        ("build", "--format", "billboard"),
        ("build", "--brand", "Not A Slug"),
        ("nonsense",),
        ("build", "--bleed", "3"),  # a press option without --for press
        ("build", "--brand", ""),  # a name lost, as from an empty variable: built nothing, 0
        ("check", "--brand", ","),
    ],
)
def test_usage_errors_exit_2_and_write_nothing(args, tmp_path):
    result = run(*args, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "Error:" in result.stderr and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("build", "--out", "a-file"), "a-file: is a file, not a folder; give --out a folder"),
        (("merge", "a-folder", "--out", "a-file"), "a-file: is a file, not a folder"),
        (("merge", "a-file"), "a-file: is a file, not a folder; give merge the folders"),
        (("merge", "no-such"), "no-such: not found; give merge the folders the builds wrote"),
        (("build", "--stats", "a-folder"), "a-folder: is a folder, not a file; give --stats"),
        (("translate", "export", "cy", "--out", "a-folder"), "a-folder: is a folder, not a"),
        (("translate", "import", "a-folder"), "a-folder: is a folder, not a file; give the PO"),
        (("check", "--content", "a-folder"), "a-folder: is a folder, not a file; give --content"),
        (("check", "--brands-dir", "a-file"), "a-file: is a file, not a folder; give --brands"),
        (("new-brand", "westshire", "--brands-dir", "a-file"), "a-file: is a file, not a"),
        (("build", "--for", "press", "--icc", "no.icc"), "no.icc: not found; give --icc"),
        # The system will not look: Click's check said so, and its stand-in crashed.
        (("check", "--content", "n" * 300 + ".yml"), "n" * 300 + ".yml: cannot be looked at ("),
        (("build", "--out", "o" * 300), "o" * 300 + ": cannot be looked at ("),
    ],
    ids=lambda value: value[:40] if isinstance(value, str) else None,
)
def test_a_file_or_folder_of_the_wrong_kind_exits_1_saying_what_to_give(args, expected, tmp_path):
    """Click's own check of a path exited 2 with usage text ("Invalid value for '--out':
    Directory 'a-file' is a file."), as for a mistyped command; the README says 1."""
    (tmp_path / "a-file").write_text("something else's")
    (tmp_path / "a-folder").mkdir()
    result = run(*args, cwd=tmp_path)
    [line] = assert_clean_failure(result)
    assert line.startswith(f"Error: {expected}"), line
    assert "Usage:" not in result.stderr
    assert (tmp_path / "a-file").read_text() == "something else's"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["a-file", "a-folder"]


def test_a_content_error_exits_1_naming_file_line_and_column(tmp_path):
    bad = tmp_path / "myths.yml"
    bad.write_text(
        "title: Guide\nintro: x\nlead_in: y\nsource: z\nmyths:\n  - id: a\n    myth: m\n" + LABELS
    )
    result = run("build", "--content", str(bad), "--out", "out", cwd=tmp_path)
    assert assert_clean_failure(result) == [
        "Error: myths.yml:6:5: missing required field 'myths[1].rebuttal'"
    ]
    assert not (tmp_path / "out").exists()


def test_a_hostile_kit_exits_1_and_writes_nothing(tmp_path):
    brands = tmp_path / "brands"
    make_kit(
        brands,
        "hostile",
        "logo:\n  images:\n    mark: {path: ../../x.svg, alt: x}\n  medium: mark\n",
    )
    result = run("build", "--brands-dir", str(brands), "--brand", "hostile", cwd=tmp_path)
    [line] = assert_clean_failure(result)
    assert "hostile/_brand.yml" in line and "outside the kit folder" in line
    assert not (tmp_path / "dist").exists()


@pytest.mark.parametrize(
    ("logo", "expected"),
    [
        ("C:\\Users\\me\\logo.png", ":4:7: logo 'C:\\Users\\me\\logo.png' is a Windows path"),
        ("Logo.svg", ":4:7: logo 'Logo.svg' does not exist in the kit folder; did you mean"),
        ("logo.png", ":4:7: logo logo.png is corrupt or not an image"),
    ],
    ids=["windows-path", "capitals", "corrupt"],
)
def test_a_kit_logo_problem_exits_1_at_the_line_naming_the_file(tmp_path, logo, expected):
    brands = tmp_path / "brands"
    text = f"logo:\n  images:\n    mark:\n      path: {logo}\n      alt: x\n  medium: mark\n"
    make_kit(brands, "kit", text, files={"logo.svg": "<svg/>", "logo.png": b"\x89PNG\r\n"})
    result = run("check", "--brands-dir", str(brands), "--brand", "kit", cwd=tmp_path)
    [line] = assert_clean_failure(result)
    assert f"kit/_brand.yml{expected}" in line, line


def test_a_pale_colour_fails_check_and_build(tmp_path):
    brands = tmp_path / "brands"
    make_kit(brands, "pale", 'color:\n  primary: "#ffff00"\n')
    check = run("check", "--brands-dir", str(brands), "--brand", "pale", cwd=tmp_path)
    assert any("contrast" in line for line in assert_clean_failure(check))
    build = run("build", "--brands-dir", str(brands), "--brand", "pale", cwd=tmp_path)
    assert any("contrast" in line for line in assert_clean_failure(build))
    assert not (tmp_path / "dist").exists()


def test_a_missing_glyph_fails_check(tmp_path):
    content = tmp_path / "myths.yml"
    content.write_text(
        DEFAULT_CONTENT.read_text().replace("Consent is always", "Consent (ሀ) is always")
    )
    result = run("check", "--content", str(content), cwd=tmp_path)
    [line] = assert_clean_failure(result)
    assert "U+1200" in line


def test_warnings_exit_0_and_strict_turns_them_into_1(tmp_path):
    args = ("check", "--brands-dir", str(DEFAULT_BRANDS_DIR), "--brand", "example-partnership")
    relaxed = run(*args, cwd=tmp_path)
    assert relaxed.returncode == 0, relaxed.stderr
    assert "Warning:" in relaxed.stderr and "Ofcom drama number" in relaxed.stderr
    strict = run(*args, "--strict", cwd=tmp_path)
    assert strict.returncode == 1
    assert "Warning:" in strict.stderr and "Traceback" not in strict.stderr


def test_a_fit_error_exits_1_and_the_outputs_that_fit_are_still_made(tmp_path):
    content = tmp_path / "long.yml"
    write_content(content, myths=[{**m, "rebuttal": LONG_REBUTTAL} for m in _myths()[:1]])
    result = run(
        "build", "--content", str(content), "--format", "myth-posters", "--out", "out", cwd=tmp_path
    )
    [line] = assert_clean_failure(result)
    assert "poster-a3-data-protection-act.pdf" in line and "32 pt floor" in line
    assert not (tmp_path / "out" / "default" / "poster-a3-data-protection-act.pdf").exists()


def test_an_output_that_cannot_be_written_exits_1(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "default").write_text("a file where the kit's folder should be")
    result = run("build", "--out", "out", cwd=tmp_path)
    # Said once, not once for each of the kit's files ("cannot write out/default/previews/
    # poster-a3-1.png: Not a directory", then "...handout.docx: File exists", and so on)
    [line] = assert_clean_failure(result)
    assert line == (
        "Error: out/default is a file, where mythprint puts a folder of outputs: move or "
        "rename that file (it is left as it is), then build again"
    )
    assert (tmp_path / "out" / "default").read_text() == "a file where the kit's folder should be"


def test_an_output_folder_that_cannot_be_made_is_refused_before_anything_is_laid_out(tmp_path):
    """Not after the first poster is laid out, as a failure to write its preview."""
    (tmp_path / "shared").write_text("a file where a folder should be")
    result = run("build", "--format", "poster", "--out", "shared/posters", cwd=tmp_path)
    assert assert_clean_failure(result) == [
        "Error: cannot make the output folder shared/posters: shared is a file"
    ]
    assert "made" not in result.stdout + result.stderr  # no kit was begun
    assert (tmp_path / "shared").read_text() == "a file where a folder should be"


@pytest.mark.parametrize("out", ["brands", "brands/northshire/files"])
def test_an_output_folder_in_the_kits_folder_is_refused(tmp_path, out):
    """Its files would be read as kit files: every build changed every kit, and made all
    of it again; inside a kit folder, the files sat beside the brand file."""
    shutil.copytree(DEFAULT_BRANDS_DIR / "default", tmp_path / "brands" / "northshire")
    before = sorted(p.relative_to(tmp_path) for p in (tmp_path / "brands").rglob("*"))
    result = run("build", "--brands-dir", "brands", "--out", out, cwd=tmp_path)
    assert assert_clean_failure(result) == [
        f"Error: the output folder {out} is inside the brand kits' folder brands: choose a "
        "folder outside it, such as dist"
    ]
    assert sorted(p.relative_to(tmp_path) for p in (tmp_path / "brands").rglob("*")) == before


def test_brand_all_fails_a_misnamed_kit_rather_than_passing_over_it(tmp_path):
    """A kit folder named as people name things ("North Shire", "Ynys Môn"), or a brand file
    named brand.yml, was left out of `--brand all` without a word: 150 kits went in, 149
    came out. Each now fails alone, saying what to rename; a folder with no brand file at
    all is named in a warning; hidden folders are left alone."""
    brands = tmp_path / "brands"
    for name in ("ok", "North Shire", "Ynys Môn", "misfiled"):
        shutil.copytree(DEFAULT_BRANDS_DIR / "default", brands / name)
    (brands / "misfiled" / "_brand.yml").rename(brands / "misfiled" / "brand.yml")
    (brands / "notes").mkdir()
    (brands / ".git").mkdir()
    expected = [
        "Error: brands/North Shire: a kit's folder name may use only a-z, 0-9 and hyphens, "
        "as it names the kit's files and web pages: rename the folder north-shire",
        "Error: brands/Ynys Môn: a kit's folder name may use only a-z, 0-9 and hyphens, "
        "as it names the kit's files and web pages: rename the folder ynys-mon",
        "Error: brands/misfiled: its brand file must be called _brand.yml: rename brand.yml",
    ]
    passed_over = (
        "Warning: brands/notes: not a brand kit, as it holds no _brand.yml, "
        "so --brand all passes over it"
    )
    for args in (("check",), ("build", "--format", "poster", "--no-previews")):
        result = run(*args, "--brand", "all", "--brands-dir", "brands", cwd=tmp_path)
        assert sorted(assert_clean_failure(result)) == expected
        assert result.stderr.count(passed_over) == 1, result.stderr
        assert ".git" not in result.stdout + result.stderr
    made = sorted(path.name for path in (tmp_path / "dist").iterdir() if path.is_dir())
    assert made == ["ok"]
    assert (
        "Done: 3 kits not built (North Shire, Ynys Môn, misfiled), 1 made, 0 unchanged, 0 failed"
        in result.stdout
    )


def test_new_brand_from_a_script_takes_defaults_and_names_a_missing_answer(tmp_path):
    """With no input left to answer from, the questions not given as options take their
    defaults; the name, which has none, is a usage error naming --name, not "Aborted."."""

    def new_brand(*args):
        return subprocess.run(
            [*GENERATE, "new-brand", "--brands-dir", "brands", *args],
            cwd=tmp_path,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=120,
        )

    (tmp_path / "brands").mkdir()
    unnamed = new_brand("westshire")
    assert assert_clean_failure(unnamed, 2) == [
        "Error: no answer to 'Partnership's full name', as the input ended: give it with --name"
    ]
    assert "Aborted" not in unnamed.stdout + unnamed.stderr
    assert not (tmp_path / "brands" / "westshire").exists()
    named = new_brand("westshire", "--name", "Westshire Partnership")
    assert named.returncode == 0, named.stderr
    assert "wrote brands/westshire/_brand.yml" in named.stdout
    text = (tmp_path / "brands" / "westshire" / "_brand.yml").read_text()
    assert "Westshire Partnership" in text and "#005a70" in text


def test_ctrl_c_at_a_new_brand_question_exits_130_and_writes_nothing(tmp_path):
    """Ctrl-C while new-brand waits for an answer exits as Ctrl-C anywhere does, not 1."""
    (tmp_path / "brands").mkdir()
    process = subprocess.Popen(
        as_a_foreground_job([*GENERATE, "new-brand", "westshire", "--brands-dir", "brands"]),
        cwd=tmp_path,
        stdin=subprocess.PIPE,  # left open: the question waits for an answer
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        asked = b""
        with selectors.DefaultSelector() as waiting:
            waiting.register(process.stdout, selectors.EVENT_READ)
            deadline = time.monotonic() + 120
            while b"full name" not in asked and time.monotonic() < deadline:
                if waiting.select(timeout=1):
                    asked += os.read(process.stdout.fileno(), 4096)
        assert b"full name" in asked, asked
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 130, stderr
    assert b"Traceback" not in stderr
    assert not (tmp_path / "brands" / "westshire").exists()


def test_a_bug_in_one_output_fails_that_output_alone_and_exits_1(tmp_path):
    """A real process in which the leaflet's fit raises; the posters are still made."""
    script = (
        "import sys; from mythprint.formats.leaflet import Leaflet\n"
        "def broken(*args, **kwargs): raise KeyError('consent')\n"
        "Leaflet.fit_job = broken\n"
        "from mythprint.cli import main\n"
        "sys.argv = ['mythprint', 'build', '--out', 'out']\n"
        "main()\n"
    )
    result = run("-c", script, cwd=tmp_path, command=[sys.executable])
    [line] = assert_clean_failure(result)
    assert line.startswith("Error: default/leaflet-dl.pdf: mythprint failed unexpectedly")
    assert "KeyError: 'consent'" in line
    made = sorted(p.name for p in (tmp_path / "out" / "default").iterdir())
    assert "poster-a3.pdf" in made and "handout.docx" in made
    assert "leaflet-dl.pdf" not in made
    assert "1 failed" in result.stdout.splitlines()[-1]


def _myths() -> list[dict]:
    from .conftest import raw_content

    return raw_content()["myths"]


def test_a_translation_nobody_has_made_says_how_to_make_one(tmp_path):
    """The README's bilingual command names content/myths.cy.yml, which mythprint does not
    ship: a user who runs it as written is told how to have it made, not only that it is
    missing. A file that is no translation is plainly missing."""
    content = tmp_path / "content"
    content.mkdir()
    shutil.copyfile(DEFAULT_CONTENT, content / "myths.yml")
    build = ("build", "--out", str(tmp_path / "out"))
    welsh = run(*build, "--content", "content/myths.cy.yml", "--content", "content/myths.yml",
                cwd=tmp_path)  # fmt: skip
    [line] = assert_clean_failure(welsh)
    assert line.startswith("Error: content/myths.cy.yml:1:1: file not found: mythprint ships")
    assert "`translate export cy` and `translate import`" in line
    other = run(*build, "--content", "content/other.yml", cwd=tmp_path)
    assert assert_clean_failure(other) == ["Error: content/other.yml:1:1: file not found"]
    assert not (tmp_path / "out").exists()
