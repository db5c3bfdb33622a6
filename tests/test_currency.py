"""Warnings for out-of-date text: superseded law at its exact place, and an old review."""

import datetime as dt
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from mythprint.errors import WARNING, ContentError, RulesError
from mythprint.inputs import currency
from mythprint.inputs.content import load_content
from mythprint.inputs.currency import (
    RULE_KEYS,
    RULES_FILE,
    node_spans,
    review_findings,
    rules,
    value_spans,
)
from mythprint.inputs.yamlsource import load_yaml
from mythprint.paths import DEFAULT_CONTENT, PROJECT_ROOT

from .conftest import run_cli
from .test_content import VALID

FIXTURES = Path(__file__).parent / "fixtures"

CURRENT = VALID  # a small content file that cites no law at all
SHIPPED_PHRASES = ("Data Protection Act 1998", "Working Together 2018")
TODAY = dt.date.today()


def position(text: str, phrase: str, start: int = 0) -> tuple[int, int]:
    """1-based line and column where `phrase` first appears in `text` from `start` on."""
    offset = text.index(phrase, start)
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


def load(tmp_path, text: str):
    path = tmp_path / "myths.yml"
    path.write_text(text, encoding="utf-8")
    return load_content(path)


def findings_for(tmp_path, rebuttal: str) -> list[str]:
    """The messages of the findings for content whose one rebuttal is `rebuttal`."""
    content = load(tmp_path, CURRENT.replace("rebuttal: No - first", f"rebuttal: {rebuttal}"))
    return [finding.problem.message for finding in content.findings]


def run_generate(tmp_path, *args: str) -> subprocess.CompletedProcess:
    """`python generate.py ...` the way a user runs it, from another folder."""
    return subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "generate.py"), *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )


# --- superseded law ---


def test_shipped_content_warns_once_per_superseded_law_at_its_first_place():
    text = DEFAULT_CONTENT.read_text(encoding="utf-8")
    body = text.index("\ntitle:")  # the header comment cites Working Together 2018 too
    findings = load_content(DEFAULT_CONTENT).findings
    assert len(findings) == 2
    for finding, phrase in zip(findings, SHIPPED_PHRASES, strict=True):
        problem = finding.problem
        assert finding.level == WARNING
        assert (problem.line, problem.column) == position(text, phrase, body)
        assert problem.message.startswith(f'the text cites "{phrase}", replaced by ')
        assert problem.message.endswith("then set reviewed: to the date you reviewed it.")
    data_protection, working_together = (f.problem.message for f in findings)
    second_line, _ = position(text, SHIPPED_PHRASES[0], text.index(SHIPPED_PHRASES[0], body) + 1)
    assert f"; also at line {second_line}." in data_protection
    assert "the Data Protection Act 2018 and the UK GDPR on 25 May 2018" in data_protection
    assert "https://www.legislation.gov.uk/ukpga/2018/12/contents" in data_protection
    assert "Working Together to Safeguard Children 2023 in December 2023" in working_together
    assert "also at" not in working_together
    assert not any("Human Rights Act" in str(finding) for finding in findings)


@pytest.mark.parametrize("apostrophe", ["'", "\u2019"])
def test_welsh_text_is_checked_for_the_same_law(tmp_path, apostrophe):
    """A Welsh translation cites "Deddf Diogelu Data 1998" and "Gweithio Gyda'n Gilydd
    2018": check said it was up to date. Working Together is England's guidance, so the
    warning says what Wales follows."""
    welsh = (PROJECT_ROOT / "tests" / "fixtures" / "myths.cy.yml").read_text(encoding="utf-8")
    path = tmp_path / "myths.cy.yml"
    path.write_text(welsh.replace("Gyda'n", f"Gyda{apostrophe}n"), encoding="utf-8")
    findings = [f.problem.message for f in load_content(path).findings]
    assert [message.split('", ')[0] for message in findings] == [
        'the text cites "Deddf Diogelu Data 1998',
        f'the text cites "Gweithio Gyda{apostrophe}n Gilydd 2018',
    ]
    assert "the Data Protection Act 2018 (Deddf Diogelu Data 2018)" in findings[0]
    assert "in Wales, safeguarding follows the Wales Safeguarding Procedures" in findings[1]


def test_text_that_cites_only_current_law_gives_no_warnings(tmp_path):
    rebuttal = (
        ">-\n      No - the Data Protection Act 2018 and the UK GDPR, Working Together to"
        "\n      Safeguard Children 2023 and the Human Rights Act 1998 all allow it"
    )
    assert findings_for(tmp_path, rebuttal) == []


def test_a_phrase_split_across_lines_is_found_where_it_starts(tmp_path):
    text = CURRENT.replace(
        "rebuttal: No - first",
        "rebuttal: >-\n"
        "      No - the Data\n"
        "      Protection Act 1998 allows it, and so did the Data Protection\n"
        "\n"
        "      Act 1998 in 2010; so does the DPA 1998.",
    )
    [finding] = load(tmp_path, text).findings
    assert (finding.problem.line, finding.problem.column) == position(text, "Data\n")
    assert finding.problem.message.startswith('the text cites "Data Protection Act 1998"')
    assert "; also at lines 10 and 12." in finding.problem.message


def test_a_phrase_only_in_a_comment_is_not_flagged(tmp_path):
    text = (
        "# From Working Together 2018 and the Data Protection Act 1998.\n"
        + CURRENT.replace("intro: Intro", "intro: >-  # Working Together 2018\n  Intro")
        + "    # DPA 1998\n"
    )
    assert load(tmp_path, text).findings == ()


def test_a_comment_on_a_block_scalars_first_line_is_not_the_place_reported(tmp_path):
    text = CURRENT.replace("rebuttal: No - first", "rebuttal: >-  # DPA 1998\n      No - DPA 1998")
    [finding] = load(tmp_path, text).findings
    assert (finding.problem.line, finding.problem.column) == position(
        text, "DPA 1998", text.index("No - DPA")
    )
    assert "also at" not in finding.problem.message


def test_a_phrase_hidden_by_escapes_is_reported_at_its_value(tmp_path):
    text = CURRENT.replace("rebuttal: No - first", 'rebuttal: "No - DPA\\x201998"')
    [finding] = load(tmp_path, text).findings
    assert (finding.problem.line, finding.problem.column) == position(text, '"No - DPA')
    assert 'cites "DPA 1998"' in finding.problem.message


@pytest.mark.parametrize(
    "phrase",
    [
        "the data protection act 1998",
        "the Data Protection Act (1998)",
        "DPA 1998",
        "WORKING TOGETHER 2018",
        "Working Together to Safeguard Children 2018",
        "Working Together to Safeguard Children (2018)",
    ],
)
def test_case_and_bracketed_years_are_found(tmp_path, phrase):
    [message] = findings_for(tmp_path, f"No - see {phrase}, it says so")
    quoted = phrase.removeprefix("the ")
    assert message.startswith(f'the text cites "{quoted}", replaced by ')


@pytest.mark.parametrize(
    "phrase",
    [
        "Data Protection Act 19980",
        "Data Protection Act 2018",
        "Human Rights Act 1998",
        "Working Together 20180",
        "Working Together to Safeguard Children 2023",
        "ADPA 1998",
    ],
)
def test_near_misses_are_not_flagged(tmp_path, phrase):
    assert findings_for(tmp_path, f"No - see {phrase}, it says so") == []


def test_only_values_are_searched_never_keys():
    text = "Working Together 2018: plain\nb: >-  # DPA 1998\n  folded\nc: [item]\n"
    assert [value for _, _, value in value_spans(text)] == ["plain", "folded"]


@pytest.mark.parametrize(
    "path",
    [DEFAULT_CONTENT, FIXTURES / "myths.cy.yml", FIXTURES / "myths.ur.yml"],
    ids=lambda path: path.name,
)
def test_the_loaded_nodes_give_the_spans_a_second_parse_would(path):
    """The check reads each value's place from the nodes the file was loaded from."""
    source, _ = load_yaml(path)
    from_nodes = list(node_spans(source.root_node, source.text))
    assert len(from_nodes) > 40
    assert from_nodes == list(value_spans(source.text))


def test_mythprint_never_changes_the_text(tmp_path):
    content = tmp_path / "myths.yml"
    shutil.copy(DEFAULT_CONTENT, content)
    before = content.read_bytes()
    assert run_cli("check", "--content", str(content)).exit_code == 0
    assert content.read_bytes() == before


# --- the review date ---


def reviewed(days_ago: int) -> str:
    return CURRENT + f"reviewed: {TODAY - dt.timedelta(days=days_ago)}\n"


def test_a_review_over_a_year_old_warns_with_the_date_in_words(tmp_path):
    text = reviewed(400)
    [finding] = load(tmp_path, text).findings
    day = TODAY - dt.timedelta(days=400)
    assert finding.level == WARNING
    assert finding.problem.message == (
        f"content last reviewed on {day.day} {day:%B %Y} — review it before printing"
    )
    assert (finding.problem.line, finding.problem.column) == position(text, str(day))


def test_a_recent_review_does_not_warn(tmp_path):
    assert load(tmp_path, reviewed(30)).findings == ()


def test_a_review_in_the_future_is_an_error_at_its_value(tmp_path):
    text = reviewed(-30)
    with pytest.raises(ContentError) as caught:
        load(tmp_path, text)
    [problem] = caught.value.problems
    future = TODAY + dt.timedelta(days=30)
    assert (problem.line, problem.column) == position(text, str(future))
    assert problem.message == (
        f"'reviewed' is {future}, a date in the future; give the date the text was last reviewed"
    )


@pytest.mark.parametrize(
    ("today", "last_review", "stale"),
    [
        (dt.date(2028, 2, 29), dt.date(2027, 2, 28), False),  # exactly 12 months
        (dt.date(2028, 2, 29), dt.date(2027, 2, 27), True),
        (dt.date(2025, 2, 28), dt.date(2024, 2, 29), False),
        (dt.date(2025, 3, 1), dt.date(2024, 2, 29), True),
    ],
)
def test_twelve_months_counts_from_29_february_too(tmp_path, today, last_review, stale):
    path = tmp_path / "myths.yml"
    path.write_text(CURRENT + f"reviewed: {last_review}\n", encoding="utf-8")
    source, _ = load_yaml(path)
    assert bool(review_findings(source, last_review, today)) is stale


# --- the rules file ---


def test_the_shipped_rules_file_is_valid_and_ships_with_the_package():
    entries = YAML(typ="safe").load(RULES_FILE.read_text(encoding="utf-8"))
    assert len(entries) == len(rules()) == 4
    for entry in entries:
        assert set(entry) == set(RULE_KEYS)
        re.compile(entry["pattern"])
        assert entry["source"].startswith("https://")
    setuptools = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))[
        "tool"
    ]["setuptools"]
    package = ".".join(RULES_FILE.parent.relative_to(PROJECT_ROOT).parts)  # mythprint.data
    assert package in setuptools["packages"]
    assert any(Path(RULES_FILE.name).match(glob) for glob in setuptools["package-data"][package])


def test_a_broken_rules_file_is_a_clear_error_naming_it(tmp_path, monkeypatch):
    broken = tmp_path / "superseded.yml"
    broken.write_text(
        "- pattern: '(unclosed'\n"
        "  replaced_by: x\n"
        "  since: 2018-05-25\n"
        "  source: https://example.org\n"
        "- pattern: 'x'\n"
        "  replace_by: y\n"
        "  since: May 2018\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(currency, "RULES_FILE", broken)
    with pytest.raises(RulesError) as caught:
        load_content(DEFAULT_CONTENT)
    messages = [str(problem) for problem in caught.value.problems]
    assert all(message.startswith(f"{broken}: rule ") for message in messages)
    assert "rule 1: pattern '(unclosed' is not a regular expression" in messages[0]
    assert messages[1:] == [
        f"{broken}: rule 2 needs 'replaced_by' as text",
        f"{broken}: rule 2 needs 'source' as text",
        f"{broken}: rule 2 has an unknown key 'replace_by'; expected pattern, replaced_by, "
        "since, source",
    ]
    result = run_cli("check", "--content", str(DEFAULT_CONTENT))
    assert result.exit_code == 1
    assert f"Error: {broken}: rule 1: pattern" in result.output


# --- through the real process ---


def test_check_prints_both_warnings_and_strict_fails_on_them(tmp_path):
    text = DEFAULT_CONTENT.read_text(encoding="utf-8")
    body = text.index("\ntitle:")
    result = run_generate(tmp_path, "check")
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 2, result.stderr
    for line, phrase in zip(lines, SHIPPED_PHRASES, strict=True):
        row, column = position(text, phrase, body)
        assert line.startswith(
            f'Warning: {DEFAULT_CONTENT}:{row}:{column}: the text cites "{phrase}"'
        )
    assert "myths.yml: 2 warnings, 5 myths" in result.stdout
    strict = run_generate(tmp_path, "check", "--strict")
    assert strict.returncode == 1
    assert strict.stderr == result.stderr


def test_check_warns_about_an_old_review_of_another_content_file(tmp_path):
    content = tmp_path / "old.yml"
    text = reviewed(400)
    content.write_text(text, encoding="utf-8")
    result = run_generate(tmp_path, "check", "--content", str(content))
    assert result.returncode == 0, result.stderr
    day = TODAY - dt.timedelta(days=400)
    row, column = position(text, str(day))
    assert result.stderr == (
        f"Warning: old.yml:{row}:{column}: content last reviewed on {day.day} {day:%B %Y}"
        " — review it before printing\n"
    )
    assert "old.yml: 1 warning" in result.stdout
    assert content.read_text(encoding="utf-8") == text
