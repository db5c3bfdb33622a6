"""Translations of the content: which files they are, and what `check` finds wrong with them.

A translation of `content/myths.yml` is a whole content file beside it, named for its
language: `content/myths.cy.yml` holds `language: cy`. It has the source's myths, by id,
and every field and label. Its `translated_from` records, for each string, a hash of the
English it was translated from, so that `check` can say which translations the English has
since overtaken.
"""

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from ..errors import ERROR, WARNING, ContentError, Finding, Problem
from ..paths import display_path
from .content import Content, read_content
from .labels import LABELS, LATER_LABELS, MONTHS, PACK_LABELS
from .yamlsource import YamlFile, position, value_position

# NAME.LANG.yml, such as myths.cy.yml or myths.pt-BR.yml: a translation of NAME.yml.
TRANSLATION_NAME = re.compile(
    r"^(?P<stem>[^.]+)\.(?P<language>[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)(?P<suffix>\.ya?ml)$"
)
TRANSLATED_FROM = "translated_from"
EDITION = ("version", "reviewed")  # the source's, never translated: each language prints them
HASH_LENGTH = 12  # hex digits: enough to tell one wording from the next


@dataclass(frozen=True)
class Entry:
    """One string of a content file, named as a translator sees it: "myths.consent.rebuttal"."""

    context: str
    text: str  # as the loader reads it: its white space collapsed
    node: Any  # the mapping or list that holds it, and its key there: for messages
    key: Any

    @property
    def hash(self) -> str:
        return source_hash(self.text)


def source_hash(text: str) -> str:
    """A short hash of a string of English, to notice when it changes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:HASH_LENGTH]


def entries(data: CommentedMap) -> dict[str, Entry]:
    """Every string of a valid content file, by context, in the order a reader meets them:
    the title, intro and lead-in, each myth and its rebuttal, the source, then the labels."""
    found: dict[str, Entry] = {}

    def add(context: str, node: Any, key: Any) -> None:
        value = node[key]
        if isinstance(value, str):
            found[context] = Entry(context, " ".join(value.split()), node, key)

    for name in ("title", "intro", "lead_in"):
        add(name, data, name)
    for myth in data["myths"]:
        for field in ("myth", "rebuttal"):
            add(f"myths.{myth['id']}.{field}", myth, field)
    add("source", data, "source")
    labels = data["labels"]
    for name in labels:  # in the file's order, which its comments explain
        if name == MONTHS:
            for index, _ in enumerate(labels[MONTHS]):
                add(f"labels.{MONTHS}.{index + 1}", labels[MONTHS], index)
        elif name in LABELS:
            add(f"labels.{name}", labels, name)
    return found


def source_of(path: Path) -> Path | None:
    """The file `path` translates: myths.yml for myths.cy.yml, if it is there."""
    match = TRANSLATION_NAME.match(path.name)
    if match is None:
        return None
    source = path.with_name(match["stem"] + match["suffix"])
    return source if source.is_file() else None


def translations_of(source: Path) -> list[Path]:
    """The translations beside a source file, by language tag: myths.cy.yml, myths.ur.yml."""
    found = []
    for path in source.parent.glob(f"{source.stem}.*"):
        match = TRANSLATION_NAME.match(path.name)
        if match and match["stem"] == source.stem and path.is_file():
            found.append(path)
    return sorted(found)


def language_of(path: Path) -> str | None:
    """The language tag a translation's name carries: 'cy' for myths.cy.yml."""
    match = TRANSLATION_NAME.match(path.name)
    return match["language"] if match else None


@dataclass(frozen=True)
class TranslationCheck:
    """What `check` found in one translation, against its source."""

    path: Path
    source: Path
    findings: tuple[Finding, ...]


def check_translation(source: tuple[Content, YamlFile], path: Path) -> TranslationCheck:
    """Load the translation at `path` and compare it with `source`, every problem at once."""
    try:
        content, yaml = read_content(path)
    except ContentError as error:
        findings = tuple(Finding(ERROR, problem) for problem in error.problems)
        return TranslationCheck(path, source[0].path, findings)
    findings = [
        *_language_findings(yaml, content, path),
        *myth_findings(source, yaml),
        *_pack_label_findings(source[0], content, yaml),
        *edition_findings(source[0], content, yaml),
        *_stale_findings(source[1], yaml),
    ]
    return TranslationCheck(path, source[0].path, tuple(findings))


def _problem(yaml: YamlFile, message: str, node: Any, key: Any = None, value=False) -> Problem:
    line, column = value_position(node, key) if value else position(node, key)
    return Problem(yaml.name, line, column, message)


def _language_findings(yaml: YamlFile, content: Content, path: Path) -> list[Finding]:
    named = language_of(path)
    data = yaml.data
    if "language" not in data:
        message = f"a translation names its language: add 'language: {named}'"
        return [Finding(ERROR, _problem(yaml, message, data))]
    given = content.language
    if named and given.lower() != named.lower() and given.split("-")[0].lower() != named.lower():
        message = (
            f"'language' is {given}, but the file's name says {named}; "
            f"rename the file or correct the language"
        )
        return [Finding(ERROR, _problem(yaml, message, data, "language", value=True))]
    return []


def myth_findings(source: tuple[Content, YamlFile], yaml: YamlFile) -> list[Finding]:
    """The source's myths, by id: none missing, none added (as in a pack, see packs.py)."""
    source_content, source_yaml = source
    source_name = source_yaml.name
    theirs = {myth.id: index for index, myth in enumerate(source_content.myths)}
    items = yaml.data["myths"]
    ours = {item["id"]: item for item in items}
    findings = []
    for myth_id, index in theirs.items():
        if myth_id not in ours:
            line = position(source_yaml.data["myths"][index], "id")[0]
            message = f"lacks myth '{myth_id}', which {source_name} has at line {line}"
            findings.append(Finding(ERROR, _problem(yaml, message, yaml.data, "myths")))
    for myth_id, item in ours.items():
        if myth_id not in theirs:
            message = (
                f"myth '{myth_id}' is not in {source_name}; a translation keeps the ids of "
                "the source's myths"
            )
            findings.append(Finding(ERROR, _problem(yaml, message, item, "id", value=True)))
    return findings


def edition_findings(source: Content, content: Content, yaml: YamlFile) -> list[Finding]:
    """A version or review date that is not the source's: a page of both languages, or
    the two languages' files side by side, would give two editions of one text."""
    findings = []
    for name in EDITION:
        ours, theirs = getattr(content, name), getattr(source, name)
        if ours == theirs:
            continue
        wanted = f"{name}: {theirs}" if theirs is not None else f"no '{name}'"
        given = f"'{name}' is {ours}" if ours is not None else f"there is no '{name}'"
        message = (
            f"{given}, but {display_path(source.path)} has {wanted}: each language of the "
            f"guide prints its edition, so give them the same (translate import copies it)"
        )
        findings.append(Finding(WARNING, yaml.problem_at(message, name)))
    return findings


# What a translation that lacks a label its source has cannot do, by label: fine alone, but
# not built with its source; or built, with the outputs saying it otherwise (LATER_LABELS).
_LACKING = {
    **dict.fromkeys(
        PACK_LABELS,
        "so it cannot be built with other languages (build --content, given once per language)",
    ),
    "language_switch": (
        "so a screen reader names its web page's switch between languages by their names "
        "alone: add language_switch: with this language's word for 'Languages'"
    ),
}
assert set(_LACKING) == PACK_LABELS | LATER_LABELS


def _pack_label_findings(source: Content, content: Content, yaml: YamlFile) -> list[Finding]:
    """The labels a content may leave out (see labels.py), where the source has them and the
    translation does not."""
    return [
        Finding(
            WARNING,
            yaml.problem_at(f"lacks the label 'labels.{name}' of its source, {why}", "labels"),
        )
        for name, why in sorted(_LACKING.items())
        if name in source.labels.texts and name not in content.labels.texts
    ] + _same_name_findings(source, content, yaml)


def _same_name_findings(source: Content, content: Content, yaml: YamlFile) -> list[Finding]:
    """A translation whose language_name is its source's ("English" left as it was): the
    language switch and the file names would give two languages one name."""
    ours, theirs = (text.labels.texts.get("language_name") for text in (content, source))
    if ours is None or ours != theirs:
        return []
    message = (
        f"labels.language_name is '{ours}', as in {display_path(source.path)}: give this "
        "language's own name, as its speakers write it (Cymraeg for Welsh)"
    )
    return [Finding(WARNING, yaml.problem_at(message, "labels", "language_name"))]


def _stale_findings(source_yaml: YamlFile, yaml: YamlFile) -> list[Finding]:
    """The strings whose English changed after they were translated."""
    record = yaml.data.get(TRANSLATED_FROM)
    if not isinstance(record, CommentedMap):
        return []  # translated by hand, with no record of the English: nothing to compare
    findings = []
    ours = entries(yaml.data)
    for context, entry in entries(source_yaml.data).items():
        if context not in ours:
            continue  # a myth the translation lacks, reported on its own
        if context not in record:
            message = (
                f"'{context}' has no record of the English it was translated from; "
                f"add '{context}: {entry.hash}' under {TRANSLATED_FROM} once you have checked it"
            )
            findings.append(Finding(WARNING, _problem(yaml, message, yaml.data, TRANSLATED_FROM)))
        elif str(record[context]) != entry.hash:
            line = position(entry.node, entry.key)[0]
            message = (
                f"the translation of '{context}' is out of date: its English "
                f"({source_yaml.name}:{line}) has changed since it was translated; "
                f"update it (translate export, then translate import)"
            )
            findings.append(Finding(WARNING, _problem(yaml, message, record, context, value=True)))
    return findings
