"""`check` compares each translation with its source: the same myths, every field and label."""

import shutil
from pathlib import Path

from ruamel.yaml import YAML

from mythprint.paths import DEFAULT_CONTENT

from .test_exit_codes import assert_clean_failure, run

# Marks every string of a made-up translation: sample text for tests, not a translation.
SAMPLE = "[sample cy] "


def sample_translation(folder: Path, name: str = "myths.cy.yml", **changes) -> Path:
    """A copy of the source beside it as `name`, every string marked as sample text."""
    yaml = YAML()
    data = yaml.load(DEFAULT_CONTENT.read_text(encoding="utf-8"))
    data["language"] = "cy"
    for field in ("title", "intro", "lead_in", "source"):
        data[field] = SAMPLE + data[field]
    for myth in data["myths"]:
        myth["myth"], myth["rebuttal"] = SAMPLE + myth["myth"], SAMPLE + myth["rebuttal"]
    for label, text in data["labels"].items():
        if isinstance(text, str):
            data["labels"][label] = SAMPLE + text
    months = data["labels"]["months"]
    months[:] = [SAMPLE + month for month in months]
    for change in changes.values():
        change(data)
    path = folder / name
    with path.open("w", encoding="utf-8") as file:
        yaml.dump(data, file)
    return path


def check(source: Path, *options: str):
    return run("check", "--content", str(source), *options, cwd=source.parent.parent)


def line_of(path: Path, text: str) -> int:
    """The line of `text` in `path`, comments aside."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line.split("#")[0])


def test_a_whole_translation_beside_the_source_passes(source):
    sample_translation(source.parent)
    result = check(source)
    assert result.returncode == 0, result.stderr
    assert "content/myths.cy.yml: OK, a translation of content/myths.yml" in result.stdout


def test_a_translation_that_lacks_a_myth_is_an_error_at_its_myths(source):
    translation = sample_translation(source.parent, drop=lambda data: data["myths"].pop(1))
    [line] = assert_clean_failure(check(source))
    assert line == (
        f"Error: content/myths.cy.yml:{line_of(translation, 'myths:')}:1: lacks myth 'consent', "
        f"which content/myths.yml has at line {line_of(source, 'id: consent')}"
    )


def test_a_myth_the_source_lacks_is_an_error_at_its_id(source):
    def rename(data):
        data["myths"][4]["id"] = "it-system"

    translation = sample_translation(source.parent, rename=rename)
    lines = assert_clean_failure(check(source))
    assert f"Error: content/myths.cy.yml:{line_of(translation, 'id: it-system')}:" in lines[1]
    assert "myth 'it-system' is not in content/myths.yml" in lines[1]
    assert "lacks myth 'it-systems'" in lines[0]


def test_a_translation_that_lacks_a_field_or_a_label_names_each(source):
    def drop(data):
        del data["myths"][0]["rebuttal"]
        del data["labels"]["myth_number"]

    sample_translation(source.parent, drop=drop)
    lines = assert_clean_failure(check(source))
    assert any("missing required field 'myths[1].rebuttal'" in line for line in lines)
    assert any("missing required label 'labels.myth_number'" in line for line in lines)
    assert all(line.startswith("Error: content/myths.cy.yml:") for line in lines)


def test_a_translation_given_as_content_is_checked_against_its_source(source):
    translation = sample_translation(source.parent, drop=lambda data: data["myths"].pop(1))
    result = run("check", "--content", str(translation), cwd=source.parent.parent)
    [line] = assert_clean_failure(result)
    assert "content/myths.cy.yml:" in line and "lacks myth 'consent'" in line


def test_the_language_must_be_the_one_the_file_is_named_for(source):
    def english(data):
        data["language"] = "en-GB"

    translation = sample_translation(source.parent, english=english)
    [line] = assert_clean_failure(check(source))
    assert line == (
        f"Error: content/myths.cy.yml:{line_of(translation, 'language:')}:11: 'language' is "
        "en-GB, but the file's name says cy; rename the file or correct the language"
    )


def test_only_files_named_for_a_language_are_translations(source):
    shutil.copy(source, source.parent / "myths.backup.yml")  # "backup" is no language tag
    shutil.copy(source, source.parent / "myths-cy.yml")
    shutil.copy(source, source.parent / "guide.cy.yml")  # a translation of another file
    result = check(source)
    assert result.returncode == 0, result.stderr
    assert "translation" not in result.stdout


def record_english(data) -> None:
    """What `translate import` writes: the hash of each string's English, by its name."""
    from mythprint.inputs.translations import entries

    source = YAML().load(DEFAULT_CONTENT.read_text(encoding="utf-8"))
    data["translated_from"] = {name: entry.hash for name, entry in entries(source).items()}


def test_check_warns_when_the_english_changes_after_translation(source):
    translation = sample_translation(source.parent, record=record_english)
    assert check(source).returncode == 0
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("Consent is always needed", "Consent is not always needed"))
    result = check(source)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "myths.cy.yml" in line]
    myth_line = line_of(source, "id: consent") + 1  # its `myth:`, the line after its id
    assert warnings == [
        f"Warning: content/myths.cy.yml:{line_of(translation, 'myths.consent.myth:')}:23: "
        "the translation of 'myths.consent.myth' is out of date: its English "
        f"(content/myths.yml:{myth_line}) has changed since it "
        "was translated; update it (translate export, then translate import)"
    ]
    assert "content/myths.cy.yml: 0 errors, 1 warning" in result.stdout
    assert check(source, "--strict").returncode == 1


def test_a_translation_without_the_language_switch_s_name_is_a_warning_not_an_error(source):
    """A label added after translations were made: they still check, and build (the switch
    is then named by its languages); check says what the translation lacks."""
    translation = sample_translation(
        source.parent, drop=lambda data: data["labels"].pop("language_switch")
    )
    result = check(source)
    assert result.returncode == 0, result.stderr
    assert (
        f"Warning: content/myths.cy.yml:{line_of(translation, 'labels:')}:1: lacks the label "
        "'labels.language_switch' of its source, so a screen reader names its web page's "
        "switch between languages by their names alone: add language_switch: with this "
        "language's word for 'Languages'"
    ) in result.stderr


def test_check_warns_when_a_translation_lacks_what_a_pack_needs(source):
    """Alone it builds; with its source (build --content twice) it needs its language's name."""
    translation = sample_translation(
        source.parent, drop=lambda data: data["labels"].pop("language_name")
    )
    result = check(source)
    assert result.returncode == 0, result.stderr
    labels_line = line_of(translation, "labels:")
    assert (
        f"Warning: content/myths.cy.yml:{labels_line}:1: lacks the label "
        "'labels.language_name' of its source, so it cannot be built with other languages"
    ) in result.stderr
    assert check(source, "--strict").returncode == 1
