"""Values in a brand file that YAML reads other than as they were typed, and that would
print wrong without a word: a colour after an unquoted # (a comment, so no colour at all),
a phone number read as a number (its leading 0 lost), text in curly quotes (kept, and
printed, as part of the text)."""

import re
from collections.abc import Iterator
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..errors import Problem
from .yamladvice import in_double_quotes, lines_of
from .yamlsource import YamlFile, position, value_position

# The colour settings inside a typography section; every setting under `color` is one too.
TYPOGRAPHY_COLOURS = ("color", "background-color")
# What a comment that is really a colour starts with, as in `primary: #b8336a`.
COLOUR_IN_COMMENT = re.compile(r"#(?:[0-9a-fA-F]{8}|[0-9a-fA-F]{6}|[0-9a-fA-F]{3,4})\b")
# From a mapping key to a comment where its value should be: `name: # ...`.
EMPTY_THEN_COMMENT = re.compile(r"(?:\"[^\"]*\"|'[^']*'|[^:#]*?)[ \t]*:[ \t]+(#.*?)\s*$")
# Our own settings that are printed as typed, where a number would lose a 0 or a +.
PRINTED_AS_TYPED = (("contacts", "label"), ("contacts", "value"), ("review",))
# Word and TextEdit turn straight quotes into these as they are typed.
CURLY_OPENING = "\u201c\u2018\u201e\u201a"  # “ ‘ „ ‚
CURLY_CLOSING = "\u201d\u2019\u201c\u2018"  # ” ’ “ ‘
EXAMPLE_COLOUR = "#b8336a"


def value_problems(source: YamlFile) -> list[Problem]:
    """Every value of `source` that would not print as it was typed, at its place."""
    problems = []
    for keys, parent, key, value in _settings(source.data):
        where = _dotted(keys)
        if value is None:
            problem = _colour_lost_to_comment(source, keys, parent, key, where)
        elif isinstance(value, str):
            problem = _curly_quoted(source, parent, key, value, where)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            problem = _number_for_text(source, keys, parent, key, value, where)
        else:
            problem = None
        if problem is not None:
            problems.append(problem)
    return problems


def _colour_lost_to_comment(
    source: YamlFile, keys: tuple, parent: Any, key: Any, where: str
) -> Problem | None:
    """`primary: #b8336a`: YAML reads a comment, so the colour is empty, and the kit would
    print in the default colours, or in black."""
    if not isinstance(parent, CommentedMap):
        return None
    line, column = position(parent, key)
    lines = lines_of(source.text)
    found = EMPTY_THEN_COMMENT.match(lines[line - 1], column - 1) if line <= len(lines) else None
    if found is None:
        return None
    comment = found[1]
    colour = COLOUR_IN_COMMENT.match(comment)
    if colour:
        message = (
            f"{where} is empty: in YAML a # starts a comment, so put the colour in quotes: "
            f'{key}: "{colour[0]}"'
        )
    elif keys[0] == "color" or key in TYPOGRAPHY_COLOURS:
        message = (
            f"{where} is empty: in YAML a # starts a comment, so '{comment}' is not read. "
            f'Give the colour in quotes, as {key}: "{EXAMPLE_COLOUR}", or delete the line'
        )
    else:
        return None
    return Problem(source.name, line, found.start(1) + 1, message)


def _number_for_text(
    source: YamlFile, keys: tuple, parent: Any, key: Any, value: Any, where: str
) -> Problem | None:
    """`value: 01632960123`: YAML reads a number, and the poster would print 1632960123."""
    ours = tuple(k for k in keys[2:] if not isinstance(k, int))
    if keys[:2] != ("defaults", "mythprint") or ours not in PRINTED_AS_TYPED:
        return None
    typed = source.number_as_written(parent, key)
    message = f"{where} is read as a number"
    if typed != str(value):
        message += f", which would print as {value}"
    message += f": put it in quotes, as {_written(key, typed)}"
    return Problem(source.name, *value_position(parent, key), message)


def _curly_quoted(
    source: YamlFile, parent: Any, key: Any, value: str, where: str
) -> Problem | None:
    """`full: “Exampleshire…”`: YAML's quotes are straight; curly ones are part of the text."""
    text = value.strip()
    if len(text) < 2 or text[0] not in CURLY_OPENING or text[-1] not in CURLY_CLOSING:
        return None
    line, column = value_position(parent, key)
    lines = lines_of(source.text)
    if line <= len(lines) and lines[line - 1][column - 1 : column] in ("'", '"'):
        return None  # inside straight quotes: the curly ones are meant
    message = (
        f"{where} is in curly quotes ({text[0]} {text[-1]}), which YAML keeps as part of the "
        f'value: use straight quotes " instead, as '
        f"{_written(key, text[1:-1])}"
    )
    return Problem(source.name, line, column, message)


def _settings(node: Any, keys: tuple = ()) -> Iterator[tuple[tuple, Any, Any, Any]]:
    """(keys, parent, key, value) for every value in the file, at every depth."""
    if isinstance(node, CommentedMap):
        items = node.items()
    elif isinstance(node, CommentedSeq):
        items = enumerate(node)
    else:
        return
    for key, value in items:
        yield (*keys, key), node, key, value
        yield from _settings(value, (*keys, key))


def _dotted(keys: tuple) -> str:
    return ".".join(f"[{k + 1}]" if isinstance(k, int) else str(k) for k in keys).replace(".[", "[")


def _written(key: Any, text: str) -> str:
    """The setting as it should be typed: `text` in quotes, after its name (or the "-" of
    a list item)."""
    return (
        f"- {in_double_quotes(text)}"
        if isinstance(key, int)
        else f"{key}: {in_double_quotes(text)}"
    )
