"""The shape of what an earlier build left in the output folder: the manifest's entries
and the cache's, read as untrusted input (a hand edit, a bad merge, a disk that failed)."""

import dataclasses
import functools
import math
import os
import types
import typing
from collections.abc import Callable
from pathlib import Path

# A kit's record in the manifest (see Writer.manifest): each key optional, any other key
# kept as it is (a later mythprint may add one).
KIT_INFO = {
    "name": str | None,
    "colors": dict[str, str],
    "warnings": list[str],
    "errors": list[str],
    "not_built": bool,
    "gone": bool,
    "unfinished": bool,
    "missing": list[str],
}
# What the cache remembers of a kit: its font files, and the warnings its check gave.
WARNING_FOUND = tuple[str, int | None, int | None, str]  # file, line, column, message
REMEMBERED = {"kit": str, "found": list[WARNING_FOUND]}  # a kit digest's check's warnings
REMEMBERED_LIST = list[REMEMBERED]  # one for each recent kit digest (see runner._remembered)
CACHE_KIT = {
    "fonts": list[str],
    "folder": str,  # the kit's folder, as its own fonts' paths begin (see plan.kit_fonts)
}
# A fitted region's model in the cache ("models"), as pdf/region.py writes it; or the
# leaflet's, as formats/spread.py does. A dict here is a JSON object with just these keys.
PARAGRAPH = {
    "lines": int,
    "first_line_height": float,
    "line_height": float,
    "inset": float,
    "tokens": list[tuple[float, float, bool]],
}
REGION_MODEL = {
    "probe_pt": float,
    "region_width": float,
    "other": float,
    "paragraphs": list[PARAGRAPH],
}
HOLDER = {"top": float, "room": float, "fixed": float, "inside": bool}
MEASURES = {"holders": list[HOLDER], "heights": list[float], "gap": float, "sheet": float}
SPREAD_MODEL = {"kind": str, "sizes": list[tuple[float, MEASURES]]}


def fits(value, kind) -> bool:
    """Whether a value read from JSON is of `kind`: a type, `X | None`, `list[X]`,
    `dict[K, V]`, a `tuple[...]` of fixed length (a JSON list), or a dict of kinds (a
    JSON object with those keys alone)."""
    return checker(kind)(value)


def _number(value) -> bool:
    """A JSON number: an int (not a bool), or a float that is finite."""
    if isinstance(value, float):
        return math.isfinite(value)
    return isinstance(value, int) and not isinstance(value, bool)


SIMPLE_CHECKS = (
    (type(None), lambda value: value is None),
    (bool, lambda value: isinstance(value, bool)),
    (int, lambda value: isinstance(value, int) and not isinstance(value, bool)),
    (float, _number),
    (str, lambda value: isinstance(value, str)),
)
# Each kind's check, by the kind's id, with the kind itself, which keeps its id its own.
# The kinds are this module's constants and the manifest entry's field types: a kind made
# for each call would be worked out, and kept, for each.
_CHECKS: dict[int, tuple[object, Callable[[object], bool]]] = {}


def checker(kind) -> Callable[[object], bool]:
    """The check of `kind` (see `fits`), worked out once for each kind: a manifest of
    150 kits has 1,350 entries, each read against the same few kinds."""
    known = _CHECKS.get(id(kind))
    if known is None or known[0] is not kind:
        known = _CHECKS[id(kind)] = (kind, _check_of(kind))
    return known[1]


def _check_of(kind) -> Callable[[object], bool]:
    if kind is typing.Any:
        return lambda value: True
    if isinstance(kind, dict):
        keys, items = kind.keys(), [(key, checker(item)) for key, item in kind.items()]
        return lambda value: (
            isinstance(value, dict)
            and value.keys() == keys
            and all(check(value[key]) for key, check in items)
        )
    for simple, check in SIMPLE_CHECKS:
        if kind is simple:
            return check
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    checks = [checker(arg) for arg in args]
    if origin in (types.UnionType, typing.Union):
        return lambda value: any(check(value) for check in checks)
    if origin is list:
        (item,) = checks
        return lambda value: isinstance(value, list) and all(map(item, value))
    if origin is dict:
        key, item = checks
        return lambda value: (
            isinstance(value, dict)
            and all(key(name) and item(each) for name, each in value.items())
        )
    if origin is tuple:
        return lambda value: (
            isinstance(value, list)
            and len(value) == len(checks)
            and all(check(item) for check, item in zip(checks, value, strict=True))
        )
    return lambda value: False


def dataclass_from_json(cls, item):
    """An instance of the dataclass `cls` from its JSON object; None unless every field is
    there (or has a default), of its annotated type, and no other key is."""
    if not isinstance(item, dict):
        return None
    kinds, known = _shape(cls)
    if item.keys() - known.keys():
        return None
    for name, field in known.items():
        if name in item:
            if not fits(item[name], kinds[name]):
                return None
        elif field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING:
            return None
    return cls(**item)


@functools.cache
def _shape(cls) -> tuple[dict, dict]:
    """A dataclass's field types and fields, by name: worked out once, as every entry of a
    manifest is read against them (typing.get_type_hints takes a while)."""
    return typing.get_type_hints(cls), {field.name: field for field in dataclasses.fields(cls)}


def keys_fit(record, kinds: dict) -> bool:
    """Whether a JSON object's keys named in `kinds` are each of its kind."""
    return isinstance(record, dict) and all(
        fits(record[key], kind) for key, kind in kinds.items() if key in record
    )


def is_slug(value) -> bool:
    """Whether a value is a kit's name as a folder of the output holds it."""
    return isinstance(value, str) and value not in ("", ".", "..") and "/" not in value


def inside_kit(path: str, slug: str) -> bool:
    """Whether a recorded path lies in its own kit's folder, with no way out of it."""
    parts = path.split("/")
    return len(parts) > 1 and parts[0] == slug and all(p not in ("", ".", "..") for p in parts)


def cache_kit_ok(record) -> bool:
    """Whether the cache's record of a kit has the shape a build wrote: font files that
    are paths of files (or of none, since gone), and warnings of four fields each."""
    if not keys_fit(record, CACHE_KIT):
        return False
    fonts = record.get("fonts", [])
    if any(not path or os.path.isdir(path) for path in fonts):
        return False
    # One entry for each recent kit digest (see runner._remembered); an older mythprint
    # wrote one entry, not a list.
    warnings = record.get("warnings", [])
    return fits(warnings, REMEMBERED) or fits(warnings, REMEMBERED_LIST)


def kits_own(font: str, folder: str) -> bool:
    """Whether a font file the cache remembers of a kit is the kit's own, in the kit's
    `folder` as the cache remembers it (see plan.kit_fonts). A path in the folder starts
    with its name: most fonts are a package's, and a batch looks at each kit's a few times."""
    return font.startswith(folder) and Path(font).is_relative_to(folder)


def model_ok(model) -> bool:
    """Whether a region model in the cache has the shape a build wrote (see model_from_json)."""
    if isinstance(model, dict) and model.get("kind") == "leaflet":
        return fits(model, SPREAD_MODEL)
    return fits(model, REGION_MODEL) and model["probe_pt"] > 0
