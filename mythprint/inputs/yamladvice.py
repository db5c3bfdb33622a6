"""YAML syntax errors in plain words: where the slip is, and what to write instead.

The people who edit these files use Notepad or TextEdit, not a programmer's editor: the
parser's own words ("mapping values are not allowed here") tell them nothing. The advice
is general, as it serves content files as much as brand kits.
"""

import re
from typing import Any

# Line breaks as the YAML reader counts them, so a mark's line is an index into these.
LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
NO_BREAK_SPACE = "\u00a0"
# The start of a `name: value` line, or a list item's: the name, then a colon and a space.
NAME_THEN_VALUE = re.compile(
    r"(?P<lead>[ \t]*(?:-[ \t]+)*)"
    r"(?P<name>\"[^\"]*\"|'[^']*'|[^\s#:\"'\-{\[][^:#]*?|-[^\s:][^:#]*?)[ \t]*:[ \t]+"
)
SETTING_NAME = re.compile(r"[a-z][a-z0-9_-]*")
RICH_TEXT = "{\\rtf"


def lines_of(text: str) -> list[str]:
    return LINE_BREAK.split(text)


def before_parsing(text: str) -> list[tuple[int, int, str]]:
    """(line, column, advice) for slips the parser would misreport or not see at all: a file
    saved as rich text, and lines indented with no-break spaces (which YAML takes as part
    of a setting's name, so the setting is silently lost)."""
    if text.lstrip("\ufeff \t\r\n").startswith(RICH_TEXT):
        return [
            (
                1,
                1,
                "this file was saved as rich text (RTF), not plain text: in TextEdit choose "
                "Format → Make Plain Text, or in WordPad Save As → Plain text document, then "
                "save it again under the same name",
            )
        ]
    found = []
    for number, line in enumerate(lines_of(text)):
        indent = len(line) - len(line.lstrip(f" \t{NO_BREAK_SPACE}"))
        if NO_BREAK_SPACE in line[:indent] and line[indent:].strip():
            found.append(
                (
                    number + 1,
                    line.index(NO_BREAK_SPACE) + 1,
                    "this line is indented with non-breaking spaces, which YAML does not "
                    "count as spaces (they come in with text copied from a web page or a word "
                    "processor): delete the spaces at the start of the line and type them "
                    "again with the space bar",
                )
            )
    return found


def advice(text: str, error: Any) -> tuple[int, int, str] | None:
    """(line, column, advice) for a parser's MarkedYAMLError, or None when there is none
    better than the parser's own words."""
    problem, context = str(error.problem or ""), str(error.context or "")
    lines, mark, context_mark = lines_of(text), error.problem_mark, error.context_mark
    if mark is None or mark.line >= len(lines):
        return None
    if "mapping values are not allowed" in problem:
        return _colon_in_value(lines, mark)
    if "cannot start any token" in problem and "'\\t'" in problem:
        return _tab(lines, mark)
    if "could not find expected ':'" in problem and context_mark is not None:
        return _missing_colon(lines, context_mark)
    if "quoted scalar" in context and "end of stream" in problem and context_mark is not None:
        quote = lines[context_mark.line][context_mark.column : context_mark.column + 1]
        return _never_closed(context_mark.line, context_mark.column, quote)
    if unclosed := _unclosed_quote(lines, mark):
        return unclosed
    if "expected <block end>, but found '<scalar>'" in problem:
        found = _text_after_closing_quote(lines, mark)
        if found:
            return found
    if "expected <block end>" in problem:
        return (
            mark.line + 1,
            mark.column + 1,
            "this line is not lined up with the lines around it: indent it with spaces to "
            "the same place as the other settings at its level",
        )
    return None


def _colon_in_value(lines: list[str], mark: Any) -> tuple[int, int, str]:
    line = lines[mark.line]
    start = NAME_THEN_VALUE.match(line)
    if start and start.end() <= mark.column:  # the colon is in this line's value
        value = _without_comment(line[start.end() :])
        return (
            mark.line + 1,
            start.end() + 1,
            "this value has a colon followed by a space in it, which YAML reads as the start "
            "of a new setting: put the whole value in double quotes, as "
            f"{start['name']}: {in_double_quotes(value)}",
        )
    return (
        mark.line + 1,
        mark.column + 1,
        "this line is read as more of the value above it (it is indented further), and a "
        "colon followed by a space may not be in a value that is not in quotes: if the line "
        "is a setting of its own, indent it like the settings around it; if it is part of "
        "the value above, put that whole value in double quotes",
    )


def _tab(lines: list[str], mark: Any) -> tuple[int, int, str]:
    if lines[mark.line][: mark.column].strip(" \t"):
        message = "there is a tab here, where YAML needs a space: replace the tab with a space"
    else:
        message = (
            "this line is indented with a tab, and YAML needs spaces: delete the tab and "
            "indent the line with spaces, lined up with the lines around it"
        )
    return mark.line + 1, mark.column + 1, message


def _missing_colon(lines: list[str], mark: Any) -> tuple[int, int, str]:
    """The parser stops at the line after the one missing its colon; `mark` is where the
    line missing it starts."""
    written = _without_comment(lines[mark.line][mark.column :])
    name, _, value = written.partition(" ")
    if SETTING_NAME.fullmatch(name):
        fix = f"{name}: {value.strip()}" if value.strip() else f"{name}: and then its value"
        message = f"this line has no colon after the setting's name: write it as {fix}"
    else:
        message = (
            "this line has no colon: if it is a setting, put a colon and a space after its "
            "name (name: value); if it continues the value on the line above, put that whole "
            "value on one line, in double quotes"
        )
    return mark.line + 1, mark.column + 1, message


def _text_after_closing_quote(lines: list[str], mark: Any) -> tuple[int, int, str] | None:
    """A value in quotes that holds the same quote mark, e.g. 'Children's line'."""
    line = lines[mark.line]
    start = NAME_THEN_VALUE.match(line)
    if not start or not line[: mark.column].rstrip().endswith(("'", '"')):
        return None
    value = _without_comment(line[start.end() :])
    if len(value) < 2 or value[0] not in "'\"" or value[-1] != value[0]:
        return None
    inner = value[1:-1]
    fix = f"'{inner}'" if value[0] == '"' and "'" not in inner else in_double_quotes(inner)
    return (
        mark.line + 1,
        start.end() + 1,
        f"the quote mark inside this value ends it too early: write it as {start['name']}: {fix}",
    )


def _unclosed_quote(lines: list[str], mark: Any) -> tuple[int, int, str] | None:
    """A value whose opening quote is not closed on its own line, at or above where the
    parser stopped: YAML reads on, over the next lines, to the next quote mark of the same
    kind, and stops further down, at a line that is not to blame ("not lined up")."""
    for number in range(mark.line, max(mark.line - UNCLOSED_REACH, -1), -1):
        start = NAME_THEN_VALUE.match(lines[number])
        value = lines[number][start.end() :] if start else ""
        if (
            value[:1] in ("'", '"')
            and not _closed(value)
            and _ends_inside_a_line(lines, number)
            and not _in_block_text(lines, number)
        ):
            return _never_closed(number, start.end(), value[0])
    return None


# The start of a block of text: a name, or a list's dash, then > or | (and any of its
# settings), with nothing after but a comment.
BLOCK_TEXT = re.compile(r".*(?::|^\s*-)[ \t]+[>|][-+0-9]*[ \t]*(?:#.*)?$")


def _in_block_text(lines: list[str], number: int) -> bool:
    """Whether line `number` is inside a block of text (`intro: >` and the lines indented
    under it), where a quote mark is only a character: "Ring us: "0800 123" is prose."""
    indent = _indent(lines[number])
    for line in reversed(lines[:number]):
        if not line.strip() or _indent(line) >= indent:
            continue
        return bool(BLOCK_TEXT.match(line))
    return False


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _never_closed(line: int, column: int, quote: str) -> tuple[int, int, str]:
    return (
        line + 1,
        column + 1,
        f"the {quote} that opens this value is never closed: put a {quote} at the end of the "
        "value, on the same line",
    )


# How many lines above the parser's stop an unclosed quote is looked for.
UNCLOSED_REACH = 20


def _ends_inside_a_line(lines: list[str], opened: int) -> bool:
    """Whether the value opened on line `opened` ends where no value may: at a quote mark
    that more of the line follows. (A value that goes on over several lines, and ends at a
    line's end, may be meant so.)"""
    quote = lines[opened][NAME_THEN_VALUE.match(lines[opened]).end()]
    for line in lines[opened + 1 :]:
        if (end := _unescaped(line, quote).find(quote)) >= 0:
            return bool(_without_comment(line[end + 1 :]))
    return True  # never closed: the end of the file, and the parser says so itself


def _closed(value: str) -> bool:
    """Whether a value that starts with a quote mark ends it on the same line."""
    return value[0] in _unescaped(value[1:], value[0])


def _unescaped(text: str, quote: str) -> str:
    """`text` with each quote mark that does not end a value blanked out, keeping every
    other character's place: a double quote escaped with a backslash, a single one doubled."""
    if quote == '"':
        return re.sub(r"\\.", "  ", text)
    return text.replace("''", "  ")


def _without_comment(value: str) -> str:
    """A value as written, without a comment after it (YAML's comments start with " #")."""
    return re.split(r"[ \t]+#", value, maxsplit=1)[0].strip()


def in_double_quotes(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
