"""Reads untrusted YAML with line and column positions for error messages."""

import codecs
import re
import unicodedata
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.tokens import ScalarToken

from ..errors import Problem
from ..paths import display_path
from .yamladvice import advice, before_parsing, lines_of

SAVE_AS_UTF8 = "save it as UTF-8 (in Notepad: File, Save as, Encoding: UTF-8)"
# What a duplicate key's error says it is (ruamel.yaml's words)
DUPLICATE_KEY = re.compile(r'found duplicate key "(?P<key>.*?)" with value')
# A value typed without quotes or spaces, such as a number: up to a comma or bracket too,
# for a value inside {...} or [...].
PLAIN_WORD = re.compile(r"[^\s,\]}#]+")


class _TextDatesConstructor(RoundTripConstructor):
    """Keeps dates as text, so a bad date becomes a validation problem, not a crash; and
    keeps the document's node tree, where each value's place in the text is."""

    root_node: Any = None

    def construct_document(self, node: Any) -> Any:
        self.root_node = node
        return super().construct_document(node)


_TextDatesConstructor.add_constructor(
    "tag:yaml.org,2002:timestamp", RoundTripConstructor.construct_yaml_str
)


class YamlFile:
    """A parsed YAML document that can say where each of its values came from."""

    def __init__(self, path: Path, data: Any, text: str = "", root_node: Any = None):
        self.path = Path(path)
        self.name = display_path(path)
        self.data = data
        self.text = text  # as read, so a phrase can be found at its exact line and column
        self.root_node = root_node  # the parsed nodes, with their start and end in `text`

    def problem(self, message: str, node: Any = None, key: Any = None) -> Problem:
        line, column = position(node, key=key)
        return Problem(self.name, line, column, message)

    def number_as_written(self, node: Any, key: Any) -> str:
        """A number under `key` as it was typed, before YAML read it (01632 kept, not 1632)."""
        line, column = value_position(node, key)
        lines = lines_of(self.text)
        written = PLAIN_WORD.match(lines[line - 1], column - 1) if line <= len(lines) else None
        return written[0] if written else str(node[key])

    def phrase_position(self, node: Any, key: Any, phrase: str) -> tuple[int, int]:
        """1-based position of `phrase` as typed in the value under `key` (its first line's
        words, for a phrase a folded value spreads over lines); the value's own position
        if it is not there as typed (escaped in quotes, say)."""
        line, column = value_position(node, key)
        lines = lines_of(self.text)
        text = "\n".join(lines)
        start = sum(len(before) + 1 for before in lines[: line - 1]) + column - 1
        typed = phrase.split()[0] if phrase.strip() else ""
        at = text.find(typed, start) if typed else -1
        return _line_and_column(text[:at]) if at >= 0 else (line, column)

    def problem_at(self, message: str, *keys: Any) -> Problem:
        """A problem at the deepest of `keys` (a path of mapping keys and list indexes)."""
        parent, key, node = self.data, None, self.data
        for part in keys:
            if not has_child(node, part):
                break
            parent, key, node = node, part, node[part]
        return self.problem(message, parent, key)


def load_yaml(path: Path, text: str | None = None) -> tuple[YamlFile | None, list[Problem]]:
    """Parse `path` (or `text`, as if it were that file's); on failure return the syntax
    problem instead of raising."""
    name = display_path(path)
    try:
        if text is None:
            data = Path(path).read_bytes()
            if _utf16(data):
                return None, [Problem(name, 1, 1, f"saved as UTF-16 (Unicode): {SAVE_AS_UTF8}")]
            # As read_text reads it: each line break, of Windows, an old Mac or Unix, a "\n"
            text = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    except FileNotFoundError:
        return None, [Problem(name, 1, 1, "file not found")]
    except IsADirectoryError:
        return None, [Problem(name, 1, 1, "is a folder, not a file")]
    except UnicodeDecodeError as exc:
        line, column = _line_and_column(exc.object[: exc.start].decode("utf-8", "replace"))
        message = f"not UTF-8 text ({exc.reason}): {SAVE_AS_UTF8}"
        return None, [Problem(name, line, column, message)]
    except OSError as exc:
        return None, [Problem(name, 1, 1, f"cannot be read ({exc.strerror})")]
    if slips := before_parsing(text):
        return None, [Problem(name, *slip) for slip in slips]
    # Composed: a Welsh ŵ pasted from a Mac or a PDF may come as w and a combining
    # circumflex, which a font without ŵ sets over the wrong letter ("Gwŷr" for "Gŵyr"),
    # and which no check of the fonts' letters would find wanting.
    text = unicodedata.normalize("NFC", text)
    yaml = YAML(typ="rt", pure=True)
    yaml.Constructor = _TextDatesConstructor
    yaml.allow_duplicate_keys = False
    try:
        data = yaml.load(text)
    except MarkedYAMLError as exc:
        return None, [_syntax_problem(name, text, exc)]
    except ReaderError as exc:  # a character YAML refuses: a control character, say
        line, column = _line_and_column(text[: exc.position])
        message = (
            f"the character U+{exc.character:04X} is not allowed in a YAML file; delete it "
            "(copying text from another program can bring it in)"
        )
        return None, [Problem(name, line, column, message)]
    except (YAMLError, ValueError, TypeError) as exc:
        return None, [Problem(name, 1, 1, f"YAML syntax error: {exc}")]
    return YamlFile(path, data, text, yaml.constructor.root_node), []


def _utf16(data: bytes) -> bool:
    """Whether `data` is UTF-16 text: with a byte-order mark (Notepad's "Unicode"), or
    without one, when a quarter or more of its every other byte is a NUL (the high byte of
    the codes of spaces, digits and Latin letters), which UTF-8 text never has."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    head = data[:4096]
    halves = head[0::2], head[1::2]
    return len(head) >= 4 and any(half.count(0) > len(half) / 4 for half in halves)


def _syntax_problem(name: str, text: str, exc: MarkedYAMLError) -> Problem:
    """The parser's error as advice where there is some, else in its own words."""
    if isinstance(exc, DuplicateKeyError) and (twice := _given_twice(text, exc)):
        return Problem(name, *twice)
    plainly = advice(text, exc)
    if not (plainly and "never closed" in plainly[2]) and (unclosed := _run_on(text, exc)):
        return Problem(name, *unclosed)
    if plainly:
        return Problem(name, *plainly)
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    detail = " ".join(str(p) for p in (exc.context, exc.problem) if p)
    return Problem(name, line, column, f"YAML syntax error: {detail}")


def _run_on(text: str, exc: MarkedYAMLError) -> tuple[int, int, str] | None:
    """(line, column, advice) at the start of a value in quotes whose closing quote is
    missing, however far above the parser's error (yamladvice looks a few lines up). YAML
    reads such a value on, over the lines below, to the next quote of its kind (the ' that
    opens `fact_lead: 'Fakt:'`, forty lines on), and stops at what follows it: the error's
    own line says nothing of the quote. A value in quotes that ends at a line's end, over
    several lines, may be meant so: it is not blamed."""
    mark = exc.problem_mark or exc.context_mark
    last = _last_quoted(text)
    if mark is None or last is None or last.start_mark.line == last.end_mark.line:
        return None  # a value on one line was closed where it began
    if not 0 <= mark.line - last.end_mark.line <= 1:
        return None  # the error is elsewhere: not where the value's run stopped
    after = text[last.end_mark.index :].split("\n", 1)[0].split(" #", 1)[0]
    if not after.strip():
        return None  # it ends at a line's end: perhaps meant to go on over lines
    start = last.start_mark
    quote = text[start.index]
    message = (
        f"the {quote} that opens this value is never closed: put a {quote} at the end of the "
        f"value, on the same line (YAML read on to line {last.end_mark.line + 1} for the rest "
        "of it, and stopped there)"
    )
    return start.line + 1, start.column + 1, message


def _last_quoted(text: str) -> Any:
    """The last value in quotes the scanner read before it stopped at an error, or None."""
    last = None
    try:
        for token in YAML(typ="rt", pure=True).scan(text):
            if isinstance(token, ScalarToken) and token.style in ("'", '"'):
                last = token
    except YAMLError:
        pass  # where it stopped: the error being explained
    return last


def _given_twice(text: str, exc: DuplicateKeyError) -> tuple[int, int, str] | None:
    """(line, column, advice) at the second of a key given twice in one mapping, naming
    the line of the first, which is at the same indent between the mapping's start and
    the second (for a mapping on one line, {a: 1, a: 2}, the line is the same)."""
    found, mark = DUPLICATE_KEY.search(str(exc.problem or "")), exc.problem_mark
    if not found or mark is None:
        return None
    key, lines = found["key"], lines_of(text)
    start = exc.context_mark.line if exc.context_mark is not None else 0
    first = re.compile(rf"(?:-[ \t]+)*([\"']?){re.escape(key)}\1[ \t]*:(?:\s|$)")
    for number in range(start, mark.line):
        line = lines[number]
        if not line[: mark.column].replace("-", " ").strip() and first.match(
            line, len(line[: mark.column]) - len(line[: mark.column].lstrip())
        ):
            where = f", at lines {number + 1} and {mark.line + 1}"
            break
    else:
        where = f", on line {mark.line + 1}" if start == mark.line else ""
    return (
        mark.line + 1,
        mark.column + 1,
        f"'{key}' is given twice{where}: keep one of them and delete the other",
    )


def _line_and_column(before: str) -> tuple[int, int]:
    """1-based line and column of the character after `before`, the text that precedes it."""
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


def not_settings(data: Any) -> str:
    """What a file that should hold `name: value` settings holds instead, in plain words:
    "is empty", "is a list ...", or "holds only ..."."""
    if data is None:
        return "is empty (or holds only comments)"
    if isinstance(data, CommentedSeq):
        return "is a list (its lines start with -)"
    return f"holds only {str(data)[:40]!r}"


def has_child(node: Any, part: Any) -> bool:
    """Whether `part` is a key of a mapping node, or an index of a list node."""
    if isinstance(node, CommentedSeq):
        return isinstance(part, int) and 0 <= part < len(node)
    return isinstance(node, CommentedMap) and part in node


def position(node: Any, key: Any = None) -> tuple[int, int]:
    """1-based (line, column) of a mapping key, a list item (int key), or the node itself."""
    lc = getattr(node, "lc", None)
    if lc is None:
        return 1, 1
    try:
        if isinstance(node, CommentedMap) and key is not None and key in node:
            line, column = lc.key(key)
        elif isinstance(node, CommentedSeq) and isinstance(key, int) and key < len(node):
            line, column = lc.item(key)
        else:
            line, column = lc.line, lc.col
    except (KeyError, TypeError, IndexError):
        line, column = lc.line, lc.col
    return line + 1, column + 1


def value_position(node: CommentedMap, key: Any) -> tuple[int, int]:
    """1-based position of the value stored under `key`; of the key itself when the value
    is left empty (`rebuttal:` and nothing after it), as YAML places nothing at the next
    token, often the next setting's line."""
    try:
        if node[key] is None:
            return position(node, key=key)
        line, column = node.lc.value(key)
    except (AttributeError, KeyError, TypeError, IndexError):
        return position(node, key=key)
    return line + 1, column + 1
