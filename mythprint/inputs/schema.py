"""brand-yml's validation errors as problems a partnership can act on: at the line of the
setting concerned, in plain words, once each.

pydantic reports a setting that may take several forms (a logo is one file or a set of
sizes) once for each form it failed to be, often at the section above it too. Only the
reports of the form the file most likely meant are kept, once per line. A few shapes
brand-yml takes for granted, and would crash on, are checked before it sees the file.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from typing import Any

from ..errors import Problem
from .yamlsource import YamlFile, has_child, position


def schema_problems(source: YamlFile, errors: list[dict], model: type) -> list[Problem]:
    """One problem per line of `source`, from pydantic's `errors` for `model`."""
    placed = [(*_locate(source.data, error["loc"]), error) for error in errors]
    best = _likeliest_forms(placed)
    found = {where for _, _, where, _, _ in placed}
    problems, seen = [], set()
    for parent, key, where, forms, error in sorted(placed, key=lambda p: position(*p[:2])):
        if any(best[prefix] != form for prefix, form in forms):
            continue  # a form the setting was not meant to take
        if any(_inside(other, where) for other in found):
            continue  # the section above a problem: the problem itself is reported
        line, column = position(parent, key=key)
        if (line, column) in seen:
            continue
        seen.add((line, column))
        if (
            _is_number(error.get("input"))
            and has_child(parent, key)
            and parent[key] == error["input"]
        ):
            error = {**error, "input": source.number_as_written(parent, key)}  # 01066, not 1066
        problems.append(Problem(source.name, line, column, _plainly(error, where, model)))
    return problems


def _likeliest_forms(placed: list) -> dict[tuple, str]:
    """For each setting that may take several forms, the form the file most likely meant:
    the one whose errors reach deepest into what the file holds, then the fewest of them.
    A setting a form does not know says nothing of depth: each form but one meets those."""
    scores: dict[tuple, dict[str, tuple[int, int]]] = {}
    for _, _, where, forms, error in placed:
        depth = 0 if error["type"] == "extra_forbidden" else len(re.split(r"[.\[]", where))
        for prefix, form in forms:
            deepest, count = scores.setdefault(prefix, {}).get(form, (0, 0))
            scores[prefix][form] = (max(deepest, depth), count - 1)
    return {prefix: max(by_form, key=by_form.__getitem__) for prefix, by_form in scores.items()}


def shape_problems(source: YamlFile) -> list[Problem]:
    """The shapes brand-yml takes for granted before it validates (a font with a family, a
    logo given as a file): given wrongly, they would crash it rather than be reported."""
    data, problems = source.data, []

    def wrong(message: str, *keys: Any) -> None:
        problems.append(source.problem_at(message, *keys))

    typography = data.get("typography")
    fonts = typography.get("fonts") if isinstance(typography, dict) else None
    if fonts is not None and not isinstance(fonts, list):
        wrong("typography.fonts must be a list of fonts, each with a family", "typography", "fonts")
    for number, font in enumerate(fonts if isinstance(fonts, list) else []):
        if not isinstance(font, dict) or not isinstance(font.get("family"), str):
            where = f"typography.fonts[{number + 1}]"
            message = f"{where} must give the font's family, e.g. family: Atkinson Hyperlegible"
            wrong(message, "typography", "fonts", number)
    for section, settings in typography.items() if isinstance(typography, dict) else ():
        family = settings.get("family", "") if isinstance(settings, dict) else ""
        if not isinstance(family, str):
            message = f"typography.{section}.family must be the name of a font family"
            wrong(message, "typography", section, "family")
    logo = data.get("logo")
    if isinstance(logo, dict):
        images = logo.get("images")
        if "images" in logo and not isinstance(images, dict):
            wrong("logo.images must name each logo file, e.g. full: logo.svg", "logo", "images")
        for name, image in images.items() if isinstance(images, dict) else ():
            if not _logo_file(image, ("path",)):
                message = f"logo.images.{name} must be a file name, or a path and its alt text"
                wrong(message, "logo", "images", name)
        for size in ("small", "medium", "large"):
            if size in logo and not _logo_file(logo[size], ("path", "light", "dark")):
                message = f"logo.{size} must be a file name, or the name of one of logo.images"
                wrong(message, "logo", size)
    return problems


def _logo_file(value: Any, keys: tuple[str, ...]) -> bool:
    return isinstance(value, str) or (isinstance(value, dict) and any(k in value for k in keys))


def _inside(path: str, outer: str) -> bool:
    return path != outer and (outer == "brand file" or path.startswith((f"{outer}.", f"{outer}[")))


def _locate(data: Any, loc: tuple) -> tuple[Any, Any, str, tuple]:
    """Follow a pydantic error location through the YAML tree as far as it exists.

    Returns the deepest mapping or list that exists, the key within it, and the dotted
    path, so the error points at the line where the offending key is written; and the
    forms the location passes through (pydantic's names for the members of a union, which
    have no place in the file), each with the location before it.
    """
    node, parent, key, path, forms = data, data, None, [], []
    for number, part in enumerate(loc):
        if not has_child(node, part):
            forms.append((loc[:number], str(part)))
            continue
        parent, key, node = node, part, node[part]
        path.append(f"[{part + 1}]" if isinstance(part, int) else str(part))
    return parent, key, ".".join(path).replace(".[", "[") or "brand file", tuple(forms)


def _plainly(error: dict, where: str, model: type) -> str:
    """What pydantic's error at `where` means, in the words of the brand file."""
    if error["type"] == "extra_forbidden":
        allowed = _settings_at(model, error["loc"][:-1])
        hint = difflib.get_close_matches(str(error["loc"][-1]), allowed, n=1, cutoff=0.6)
        did_you_mean = f" (did you mean '{hint[0]}'?)" if hint else ""
        expected = f"; expected one of: {', '.join(allowed)}" if allowed else ""
        return f"unknown setting '{where}'{did_you_mean}{expected}"
    return f"{where}: {_meaning(error)}"


def _meaning(error: dict) -> str:
    kind, loc, given, context = error["type"], error["loc"], error.get("input"), error.get("ctx")
    if kind == "missing":
        return f"the setting '{loc[-1]}' is missing"
    if "path" in loc:
        what = f"'{given}' is not" if isinstance(given, str) else "must be"
        return f"{what} the name of a file in the kit folder, such as logo.svg"
    if kind in ("dict_type", "model_type", "model_attributes_type") or error["msg"].endswith(
        "must be a dictionary"
    ):
        return "must be a section of settings, each on a line of its own as name: value"
    if kind == "union_tag_invalid":
        return f"{context['discriminator']} must be one of {context['expected_tags']}"
    if kind == "union_tag_not_found":
        return f"the setting {context['discriminator']} is missing"
    if kind == "string_type":
        if loc and loc[0] == "color" and (_is_number(given) or isinstance(given, str)):
            return _colour_as_number(str(given), str(loc[-1]))
        if _is_number(given) or isinstance(given, str):  # a number, as the file has it
            return f'must be text: write it in quotes, as "{given}"'
        return "must be text"
    if kind == "url_too_long":
        return f"is {len(given)} characters long, more than a web address may be"
    if kind.startswith("url_"):
        return "must be a web address starting https://"
    return error["msg"].removeprefix("Value error, ")


def _colour_as_number(typed: str, key: str) -> str:
    """A colour typed without its # or quotes, which YAML reads as a number (005070): the
    advice to quote it is followed at once by the advice to add its #, so both are given."""
    if re.fullmatch(r"[0-9a-fA-F]{6}|[0-9a-fA-F]{3}", typed):
        return (
            f"{typed} is read as a number, not a colour: write it in quotes with a #, as "
            f'{key}: "#{typed}"'
        )
    return (
        f"{typed} is read as a number, not a colour: write it as # and six hex digits, in "
        f'quotes, as {key}: "#b8336a"'
    )


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _settings_at(model: type, loc: tuple) -> list[str]:
    """The settings the brand file may give at `loc`: the fields of the model there."""
    current: Any = model
    for part in loc:
        current = _step(current, part)
        if current is None:
            return []
    current = _model_in(current)
    if current is None:
        return []
    internal = {"path"} if current is model else set()  # where the file is, not in it
    return [
        field.alias or name for name, field in current.model_fields.items() if name not in internal
    ]


def _step(annotation: Any, part: Any) -> Any:
    """The annotation one step along an error's location: a field, a list item, a dict
    value, or the member of a union that pydantic names."""
    for member in _members(annotation):
        fields = getattr(member, "model_fields", None)
        if fields is not None:
            if getattr(member, "__name__", None) == part:
                return member
            for name, field in fields.items():
                if part in (name, field.alias):
                    return field.annotation
        elif typing.get_origin(member) in (list, tuple) and isinstance(part, int):
            return (typing.get_args(member) or (None,))[0]
        elif typing.get_origin(member) is dict:
            return (typing.get_args(member) or (None, None))[-1]
    return None


def _members(annotation: Any) -> tuple:
    """The types an annotation allows: a union's members, else the annotation itself."""
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return tuple(m for arg in typing.get_args(annotation) for m in _members(arg))
    return (annotation,)


def _model_in(annotation: Any) -> type | None:
    return next((m for m in _members(annotation) if hasattr(m, "model_fields")), None)
