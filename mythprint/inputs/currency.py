"""Warnings for text gone out of date: law it cites that was replaced, and an old review."""

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
)
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

from ..errors import WARNING, Finding, Problem, RulesError
from ..paths import PACKAGE_DIR, display_path
from .yamlsource import YamlFile, value_position

RULES_FILE = PACKAGE_DIR / "data" / "superseded.yml"
RULE_KEYS = ("pattern", "replaced_by", "since", "source")
UPDATE_HINT = "Update the text, then set reviewed: to the date you reviewed it."


@dataclass(frozen=True)
class Rule:
    """One replaced law or guidance: how to find it, and what replaced it when."""

    pattern: re.Pattern[str]
    replaced_by: str
    since: str
    source: str


def currency_findings(
    source: YamlFile, reviewed: dt.date | None, today: dt.date
) -> tuple[Finding, ...]:
    """Every warning about the text's currency, in the order they appear in the file."""
    findings = [*superseded_findings(source), *review_findings(source, reviewed, today)]
    return tuple(sorted(findings, key=lambda f: (f.problem.line, f.problem.column)))


# --- superseded law ---


def rules() -> tuple[Rule, ...]:
    """The rules in the shipped data file, read and checked once."""
    return _load_rules(RULES_FILE)


@cache
def _load_rules(path: Path) -> tuple[Rule, ...]:
    name = display_path(path)
    try:
        data = YAML(typ="safe", pure=True).load(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, YAMLError) as exc:
        detail = " ".join(str(exc).split())
        raise RulesError([Problem(name, None, None, f"cannot be read ({detail})")]) from None
    if not isinstance(data, list) or not data:
        shape = "must be a list of rules, each with " + ", ".join(RULE_KEYS)
        raise RulesError([Problem(name, None, None, shape)])
    problems: list[str] = []
    found = [_rule(entry, number, problems) for number, entry in enumerate(data, 1)]
    if problems:
        raise RulesError([Problem(name, None, None, message) for message in problems])
    return tuple(found)


def _rule(entry: Any, number: int, problems: list[str]) -> Rule | None:
    """The rule `entry` describes, or None after adding what is wrong with it to `problems`."""
    where = f"rule {number}"
    if not isinstance(entry, dict):
        problems.append(f"{where} must be a mapping with {', '.join(RULE_KEYS)}")
        return None
    fields = {key: _field_text(entry.get(key)) for key in RULE_KEYS}
    missing = [key for key, value in fields.items() if not value]
    unknown = [key for key in entry if key not in RULE_KEYS]
    problems += [f"{where} needs '{key}' as text" for key in missing]
    problems += [
        f"{where} has an unknown key '{key}'; expected {', '.join(RULE_KEYS)}" for key in unknown
    ]
    if missing or unknown:
        return None
    if not fields["source"].startswith(("https://", "http://")):
        problems.append(f"{where}: 'source' must be a web address, https://...")
    try:
        # A plain space stands for any white space, so a phrase may break across lines.
        pattern = re.compile(re.sub(" +", r"\\s+", fields["pattern"]), re.IGNORECASE)
    except re.error as exc:
        problems.append(
            f"{where}: pattern {fields['pattern']!r} is not a regular expression ({exc})"
        )
        return None
    if pattern.search(""):
        problems.append(f"{where}: pattern {fields['pattern']!r} matches empty text")
    return Rule(pattern, fields["replaced_by"], fields["since"], fields["source"])


def _field_text(value: Any) -> str:
    """A rule's field as text; YAML reads `since: 2018-05-25` as a date, so word it."""
    if isinstance(value, dt.date):
        return date_in_words(value)
    return value.strip() if isinstance(value, str) else ""


def superseded_findings(source: YamlFile) -> list[Finding]:
    """One warning per rule the text matches, at its first place, naming the others."""
    spans = list(
        node_spans(source.root_node, source.text)
        if source.root_node is not None
        else value_spans(source.text)
    )
    findings = []
    for rule in rules():
        places = [place for span in spans for place in _places(rule, source.text, *span)]
        if places:
            findings.append(Finding(WARNING, _superseded(source.name, rule, places)))
    return findings


def value_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, parsed value) of every scalar that is a mapping value, never a key.

    Comments lie outside these spans, except on a block scalar's `>-` line, which is skipped.
    """
    stack: list[list] = []  # [is a mapping, nodes seen so far] for each open collection
    for event in YAML(typ="rt", pure=True).parse(text):
        if isinstance(event, CollectionEndEvent):
            stack.pop()
            continue
        if not isinstance(event, NodeEvent | AliasEvent):
            continue
        is_value = bool(stack) and stack[-1][0] and stack[-1][1] % 2 == 1
        if stack:
            stack[-1][1] += 1
        if isinstance(event, ScalarEvent) and is_value:
            start, end = event.start_mark.index, event.end_mark.index
            if event.style in ("|", ">"):
                start = text.find("\n", start, end) + 1 or end
            yield start, end, event.value
        elif not isinstance(event, ScalarEvent | AliasEvent):
            stack.append([isinstance(event, MappingStartEvent), 0])


def node_spans(node: Any, text: str) -> Iterator[tuple[int, int, str]]:
    """What `value_spans(text)` gives, from the nodes `text` was loaded from: no second
    parse. (A value reached twice, through an alias, is given twice.)"""
    if isinstance(node, MappingNode):
        for _, value in node.value:
            if isinstance(value, ScalarNode):
                start, end = value.start_mark.index, value.end_mark.index
                if value.style in ("|", ">"):
                    start = text.find("\n", start, end) + 1 or end
                yield start, end, value.value
            else:
                yield from node_spans(value, text)
    elif isinstance(node, SequenceNode):
        for item in node.value:
            yield from node_spans(item, text)


def _places(rule: Rule, text: str, start: int, end: int, value: str) -> list[tuple]:
    """(line, column, phrase) of each match in one value's source text."""
    # What is printed decides; the source only says where. So nothing outside the value
    # (such as a comment) can be flagged.
    in_value = rule.pattern.search(value)
    if not in_value:
        return []
    found = [(m.start(), m.group()) for m in rule.pattern.finditer(text, start, end)]
    # Escapes in a quoted string can hide the phrase in the source: point at the value.
    found = found or [(start, in_value.group())]
    return [(*_line_column(text, offset), phrase) for offset, phrase in found]


def _line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


def _superseded(name: str, rule: Rule, places: list[tuple]) -> Problem:
    (line, column, phrase), *others = places
    since = f"on {rule.since}" if rule.since[0].isdigit() else f"in {rule.since}"
    message = (
        f'the text cites "{" ".join(phrase.split())}", replaced by {rule.replaced_by} {since} '
        f"({rule.source}){_also(others)}. {UPDATE_HINT}"
    )
    return Problem(name, line, column, message)


def _also(others: list[tuple]) -> str:
    lines = [str(line) for line in sorted({line for line, _, _ in others})]
    if not lines:
        return ""
    if len(lines) == 1:
        return f"; also at line {lines[0]}"
    return f"; also at lines {', '.join(lines[:-1])} and {lines[-1]}"


# --- an old review ---


def review_findings(source: YamlFile, reviewed: dt.date | None, today: dt.date) -> list[Finding]:
    """A warning when the text was last reviewed more than 12 months before `today`."""
    if reviewed is None or reviewed >= year_before(today):
        return []
    line, column = value_position(source.data, "reviewed")
    message = f"content last reviewed on {date_in_words(reviewed)} — review it before printing"
    return [Finding(WARNING, Problem(source.name, line, column, message))]


def year_before(day: dt.date) -> dt.date:
    """The same day a year earlier; from 29 February, the 28th."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def date_in_words(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"
