"""The guide's content: loaded from YAML, validated in full, then frozen."""

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..errors import WARNING, ContentError, Finding, Problem
from .currency import currency_findings
from .inline import Inline, literal_links, parse_inline, plain_text, unsafe_links
from .labels import (
    LABEL_KEYS,
    LABELS,
    LATER_LABELS,
    MONTH_COUNT,
    MONTHS,
    PACK_LABELS,
    Labels,
    placeholder_problem,
)
from .yamlsource import YamlFile, load_yaml, not_settings, value_position

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
HEX = re.compile(r"^[0-9a-f]+$")
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


def tidy_language_tag(value: str) -> str | None:
    """`value` as BCP 47 writes a language tag, or None if it is not one: gettext's pt_BR
    (as Poedit and Weblate write it) is pt-BR, and CY is cy, so that files are named alike."""
    value = value.strip().replace("_", "-")
    if not LANGUAGE_TAG.match(value):
        return None
    first, *rest = value.split("-")
    tidy, extended = [first.lower()], False
    for subtag in rest:
        extended = extended or len(subtag) == 1  # after x- (say), every subtag is lower case
        if not extended and len(subtag) == 4 and subtag.isalpha():
            tidy.append(subtag.title())  # a script: Latn
        elif not extended and len(subtag) == 2:
            tidy.append(subtag.upper())  # a region: GB
        else:
            tidy.append(subtag.lower())
    return "-".join(tidy)


TOP_TEXT_FIELDS = ("title", "intro", "lead_in", "source")
TOP_FIELDS = (
    *TOP_TEXT_FIELDS,
    "myths",
    "labels",
    "language",
    "direction",
    "reviewed",
    "version",
    "translated_from",  # a translation's record of its English (see translations.py)
)
DIRECTIONS = ("ltr", "rtl")
# Languages written right to left, by primary subtag: Arabic, Urdu, Persian, Hebrew, Pashto,
# Sindhi, Uyghur, Yiddish, Central Kurdish (Sorani) and Dhivehi.
RTL_LANGUAGES = frozenset({"ar", "ur", "fa", "he", "ps", "sd", "ug", "yi", "ckb", "dv"})
MYTH_FIELDS = ("id", "myth", "rebuttal")


@dataclass(frozen=True)
class Myth:
    """One myth: a stable id, the myth as people state it, and the answer to it."""

    id: str
    statement: Inline
    rebuttal: Inline


@dataclass(frozen=True)
class Content:
    """The whole guide, ready for any renderer."""

    path: Path
    title: Inline
    intro: Inline
    lead_in: Inline
    myths: tuple[Myth, ...]
    source: Inline
    labels: Labels
    language: str = "en-GB"
    # "rtl" or "ltr": given in the file, or else the language's own direction.
    direction: str = "ltr"
    reviewed: dt.date | None = None
    version: str | None = None
    # Warnings about the text itself (superseded law, an old review), found on loading.
    findings: tuple[Finding, ...] = field(default=(), compare=False)
    # Built with other languages (see packs.py): each one's tag and own name, in reading
    # order.
    other_languages: tuple[tuple[str, str], ...] = ()
    # The same pack's other contents, in reading order. The pack's first content makes its
    # bilingual outputs (a format not made once per language), which print it and then
    # these; and the whole pack is set in one font (see fontchain.py).
    companions: tuple["Content", ...] = field(default=(), compare=False, repr=False)
    # Its place in its pack's reading order: 0 for the first language, or the only one.
    place: int = field(default=0, compare=False, repr=False)

    @property
    def pack(self) -> tuple["Content", ...]:
        """This content and its companions: for the pack's first, all of it, in reading
        order."""
        return (self, *self.companions)

    @property
    def pack_in_order(self) -> tuple["Content", ...]:
        """Every content of its pack, this one among them, in reading order: what is said
        of the whole pack is said alike whichever language's files say it."""
        return (*self.companions[: self.place], self, *self.companions[self.place :])

    @property
    def plain_title(self) -> str:
        return plain_text(self.title)

    def file_name(self, name: str) -> str:
        """The name of a file made once per language: `name` itself when this content is
        built alone, else with the language before the suffix (poster-a3.cy.pdf)."""
        if not self.other_languages:
            return name
        stem, suffix = name.rsplit(".", 1)
        return f"{stem}.{self.language}.{suffix}"


def load_content(path: Path) -> Content:
    """Read and validate a content file, reporting every problem at once."""
    return read_content(path)[0]


def read_content(path: Path, text: str | None = None) -> tuple[Content, YamlFile]:
    """The content of `path` (or of `text`, as if it were that file's), with the YAML it was
    read from: where each of its values is, for messages about it."""
    source, problems = load_yaml(path, text)
    if source is None:
        raise ContentError([_not_translated_yet(Path(path), problem) for problem in problems])
    checker = _Checker(source, dt.date.today())
    content = checker.check()
    if checker.problems:
        raise ContentError(sorted(checker.problems, key=lambda p: (p.line, p.column)))
    return content, source


def _not_translated_yet(path: Path, problem: Problem) -> Problem:
    """A translation that is not there (myths.cy.yml beside myths.yml) is said to be one
    that nobody has made yet, with how to make it: mythprint ships none."""
    from .translations import language_of, source_of

    if problem.message != "file not found" or source_of(path) is None:
        return problem
    message = (
        f"file not found: mythprint ships no translations of the guide. Have this one made "
        f'with `translate export {language_of(path)}` and `translate import` (see "A '
        "translator's round trip\" in the README)"
    )
    return Problem(problem.file, problem.line, problem.column, message)


class _Checker:
    """Walks the YAML tree once, collecting problems instead of stopping at the first."""

    def __init__(self, source: YamlFile, today: dt.date):
        self.source = source
        self.today = today
        self.problems: list[Problem] = []
        self.warnings: list[Finding] = []

    def report(self, message: str, node: Any = None, key: Any = None) -> None:
        self.problems.append(self.source.problem(message, node, key=key))

    def report_phrase(self, message: str, node: CommentedMap, key: str, phrase: str) -> None:
        line, column = self.source.phrase_position(node, key, phrase)
        self.problems.append(Problem(self.source.name, line, column, message))

    def report_value(self, message: str, node: CommentedMap, key: str) -> None:
        line, column = value_position(node, key)
        self.problems.append(Problem(self.source.name, line, column, message))

    def check(self) -> Content | None:
        data = self.source.data
        if not isinstance(data, CommentedMap):
            self.report(
                f"{not_settings(data)}: a content file is a set of fields, each written "
                "name: value, such as title:, intro:, myths: and labels: (compare it with "
                "mythprint's content/myths.yml)"
            )
            return None
        self.unknown_keys(data, TOP_FIELDS, "field")
        texts = {name: self.text(data, name) for name in TOP_TEXT_FIELDS}
        myths = self.myths(data)
        labels = self.labels(data)
        language = self.language(data)
        direction = self.direction(data, language)
        reviewed = self.reviewed(data)
        version = self.version(data)
        self.translated_from(data)
        if self.problems:
            return None
        return Content(
            path=self.source.path,
            myths=myths,
            labels=labels,
            language=language,
            direction=direction,
            reviewed=reviewed,
            version=version,
            findings=tuple(
                sorted(
                    (*self.warnings, *currency_findings(self.source, reviewed, self.today)),
                    key=lambda finding: (finding.problem.line, finding.problem.column),
                )
            ),
            **texts,
        )

    def unknown_keys(self, node: CommentedMap, allowed: tuple[str, ...], what: str) -> None:
        for key in node:
            if key in allowed:
                continue
            hint = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
            suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
            expected = ", ".join(allowed)
            self.report(
                f"unknown {what} '{key}'{suggestion}; expected one of: {expected}", node, key=key
            )

    def text(self, node: CommentedMap, key: str, where: str = "") -> Inline:
        label = f"{where}{key}"
        if key not in node:
            self.report(f"missing required field '{label}'", node)
            return ()
        value = node[key]
        if not isinstance(value, str):
            self.report_value(f"'{label}' must be text, got {_kind(value)}", node, key)
            return ()
        if not value.strip():
            self.report_value(f"'{label}' is empty", node, key)
            return ()
        text = " ".join(value.split())
        self.links(parse_inline(text, any_link=True), node, key, label)
        return parse_inline(text)

    def links(self, inline: Inline, node: CommentedMap, key: str, label: str) -> None:
        """A link to other than a web, mail or phone address is refused; so is a link
        Markdown could not read, as it would print as typed, brackets and all. Words in
        square brackets left open before an address are a warning: they may be meant."""
        for href in unsafe_links(inline):
            self.report_phrase(
                f"'{label}' links to '{href}'; only http(s), mailto and tel links are "
                "allowed: link to a web page (https://...), an email address (mailto:...) "
                "or a phone number (tel:...), or remove the link",
                node,
                key,
                href,
            )
        broken, unclosed = literal_links(inline)
        for typed, why in broken:
            self.report_phrase(
                f"'{label}': {typed!r} {why}, so it would print as typed, brackets and all: "
                "write a link as [words](https://address), with no spaces in the address "
                "and both brackets closed; or, to print the brackets, write them \\[ and \\]",
                node,
                key,
                typed,
            )
        for typed in unclosed:
            line, column = self.source.phrase_position(node, key, typed)
            message = (
                f"'{label}': {typed!r} opens a square bracket it does not close, so it "
                "prints as typed: if it is meant as a link, write it as "
                "[words](https://address)"
            )
            self.warnings.append(Finding(WARNING, Problem(self.source.name, line, column, message)))

    def myths(self, data: CommentedMap) -> tuple[Myth, ...]:
        if "myths" not in data:
            self.report("missing required field 'myths'", data)
            return ()
        items = data["myths"]
        if not isinstance(items, CommentedSeq) or not items:
            self.report_value("'myths' must be a list of at least one myth", data, "myths")
            return ()
        seen: dict[str, int] = {}
        myths = []
        for index, item in enumerate(items):
            where = f"myths[{index + 1}]."
            if not isinstance(item, CommentedMap):
                self.report(
                    f"myths[{index + 1}] must be a myth: its id:, myth: and rebuttal:, each "
                    "on a line of its own, the first after the -",
                    items,
                    key=index,
                )
                continue
            self.unknown_keys(item, MYTH_FIELDS, "myth field")
            myth_id = self.myth_id(item, where, seen)
            statement = self.text(item, "myth", where)
            rebuttal = self.text(item, "rebuttal", where)
            myths.append(Myth(myth_id, statement, rebuttal))
        return tuple(myths)

    def labels(self, data: CommentedMap) -> Labels:
        if "labels" not in data:
            self.report(
                "missing required field 'labels' (the words printed around the guide, such as "
                "'Myth' and 'Fact'; copy them from mythprint's content/myths.yml)",
                data,
            )
            return Labels((), ())
        node = data["labels"]
        if not isinstance(node, CommentedMap):
            self.report_value(
                f"'labels' must be a set of labels, each on a line of its own as name: text, "
                f"got {_kind(node)}",
                data,
                "labels",
            )
            return Labels((), ())
        self.unknown_keys(node, LABEL_KEYS, "label")
        texts = {}
        for name in LABELS:
            text = self.label_text(data, name)
            if text is not None:
                texts[name] = text
        return Labels(tuple(texts.items()), self.months(data))

    def label_text(self, data: CommentedMap, name: str) -> str | None:
        node, where = data["labels"], f"labels.{name}"
        if name not in node and name in PACK_LABELS | LATER_LABELS:
            return None
        if name not in node:
            self.report(f"missing required label '{where}'", data, key="labels")
            return None
        value = node[name]
        if not isinstance(value, str) or not value.strip():
            got = "nothing" if isinstance(value, str) else _kind(value)
            self.report_value(f"'{where}' must be text, got {got}", node, name)
            return None
        text = " ".join(value.split())
        problem = placeholder_problem(name, text)
        if problem:
            self.report_value(f"'{where}' {problem}", node, name)
        return text

    def months(self, data: CommentedMap) -> tuple[str, ...]:
        node, where = data["labels"], f"labels.{MONTHS}"
        if MONTHS not in node:
            self.report(f"missing required label '{where}'", data, key="labels")
            return ()
        value = node[MONTHS]
        if (
            not isinstance(value, CommentedSeq)
            or len(value) != MONTH_COUNT
            or not all(isinstance(month, str) and month.strip() for month in value)
        ):
            self.report_value(
                f"'{where}' must be a list of the {MONTH_COUNT} month names, January first",
                node,
                MONTHS,
            )
            return ()
        return tuple(" ".join(month.split()) for month in value)

    def myth_id(self, item: CommentedMap, where: str, seen: dict[str, int]) -> str:
        if "id" not in item:
            self.report(f"missing required field '{where}id'", item)
            return ""
        myth_id = item["id"]
        if not isinstance(myth_id, str) or not SLUG.match(myth_id):
            self.report_value(
                f"'{where}id' must be a slug of lowercase letters, digits and hyphens, "
                f"got {myth_id!r}",
                item,
                "id",
            )
            return ""
        if myth_id in seen:
            self.report_value(
                f"duplicate id '{myth_id}' (first used at line {seen[myth_id]})", item, "id"
            )
        else:
            seen[myth_id] = value_position(item, "id")[0]
        return myth_id

    def language(self, data: CommentedMap) -> str:
        value = data.get("language", "en-GB")
        if not isinstance(value, str) or not LANGUAGE_TAG.match(value):
            self.report_value(
                f"'language' must be a language tag such as en-GB or cy, got {value!r}",
                data,
                "language",
            )
            return "en-GB"
        return value

    def direction(self, data: CommentedMap, language: str) -> str:
        if "direction" not in data:
            return language_direction(language)
        value = data["direction"]
        if value not in DIRECTIONS:
            self.report_value(
                f"'direction' must be rtl (right to left) or ltr (left to right), got {value!r}",
                data,
                "direction",
            )
            return "ltr"
        return value

    def reviewed(self, data: CommentedMap) -> dt.date | None:
        value = data.get("reviewed")
        if value is None:
            return None
        date = _as_date(value)
        if date is None:
            self.report_value(
                f"'reviewed' must be a date written as YYYY-MM-DD, got {value!r}", data, "reviewed"
            )
        elif date > self.today:
            # Most likely a typing slip, and it would hide an old review from the warning.
            self.report_value(
                f"'reviewed' is {date}, a date in the future; "
                "give the date the text was last reviewed",
                data,
                "reviewed",
            )
            return None
        return date

    def translated_from(self, data: CommentedMap) -> None:
        """Checked for its shape only: what it records is compared with the source by `check`."""
        if "translated_from" in data and not _is_record(data["translated_from"]):
            self.report_value(
                "'translated_from' must map each string's name to the hash of its English, "
                "as `mythprint translate import` writes it",
                data,
                "translated_from",
            )

    def version(self, data: CommentedMap) -> str | None:
        value = data.get("version")
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float) or not str(value):
            self.report_value(
                f"'version' must be short text such as \"2.1\", got {value!r}", data, "version"
            )
            return None
        return str(value)


def _is_record(value: Any) -> bool:
    return isinstance(value, CommentedMap) and all(
        isinstance(key, str) and isinstance(digest, str) and HEX.match(digest)
        for key, digest in value.items()
    )


def language_direction(language: str) -> str:
    """The direction a language is written in, by its primary subtag: ur-PK is as ur."""
    return "rtl" if primary_language(language) in RTL_LANGUAGES else "ltr"


def primary_language(tag: str) -> str:
    """A language tag's language alone, as cy of cy-GB: en-GB and en are one language."""
    return tag.split("-")[0].lower()


def _as_date(value: Any) -> dt.date | None:
    """A YAML date, or text written as YYYY-MM-DD, as a date; None for anything else."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, CommentedMap):
        return "a set of settings"
    if isinstance(value, CommentedSeq):
        return "a list"
    return f"{type(value).__name__} {value!r}"
