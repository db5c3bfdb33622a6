"""A visitor's kit on disk: each change is staged whole in a folder of its own, loaded with
`load_brand` like any kit (every safety rule of a kit applies), and only then put in place."""

from __future__ import annotations

import os
import shutil
from io import StringIO
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from ..batch.output import Writer, write_atomic
from ..inputs.brand import BRAND_FILE, Brand, load_brand
from .kitform import KitFields, pack_name
from .visitors import KIT, ChosenLogo, Visitor
from .zips import extract_kit

STAGING = "staging"
LOGO_NAME = "logo"  # a logo from the form is saved as logo.svg, logo.png or logo.jpg
MAX_SHIPPED_KIT = 50 * 1024 * 1024
TOP_ORDER = ("meta", "logo", "color", "typography", "defaults")
SETTINGS_INDENT = 4  # defaults.mythprint's keys, at the indent brand files are written with
REVIEW_COMMENT = "A note printed with the source line: who approved the pack, and when."
LANGUAGE_COMMENT = (
    "The language your own words (your name, contacts and logo description) are in, so\n"
    "that screen readers read them in its voice:"
)


def sniff_logo(data: bytes) -> str | None:
    """The suffix a logo's bytes say it has, whatever its file was called: .svg, .png or .jpg."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return ".png"
    if data.startswith(b"\xff\xd8\xff"):
        return ".jpg"
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype svg")) and b"<svg" in data[:65536]:
        return ".svg"
    return None


def staging_dir(visitor: Visitor) -> Path:
    """The brands folder a change is staged in; its kit is STAGING/kit."""
    return visitor.folder / STAGING


def _fresh_staging(visitor: Visitor) -> Path:
    folder = staging_dir(visitor) / KIT
    shutil.rmtree(staging_dir(visitor), ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def stage_form(
    visitor: Visitor,
    fields: KitFields,
    logo: ChosenLogo | None,
    remove_logo: bool,
    logo_file: str | None,
) -> None:
    """Stage the kit the form describes: a new kit from the commented template, or the opened
    kit with the form's fields changed and everything else it holds kept.

    `logo` is a new logo; `logo_file` the current logo's path in the kit.
    """
    staging = _fresh_staging(visitor)
    if visitor.opened and visitor.has_kit:
        _copy_folder(visitor.kit, staging)
    current = None if remove_logo or logo_file is None else visitor.kit / logo_file
    if logo is not None:
        logo_file = LOGO_NAME + logo.suffix
        write_atomic(staging / logo_file, logo.data)
    elif current is not None and current.is_file() and not visitor.opened:
        write_atomic(staging / logo_file, current.read_bytes())
    if remove_logo:
        logo_file = None
    if visitor.opened and visitor.has_kit:
        before = (staging / BRAND_FILE).read_text("utf-8")
        text = updated_brand_file(before, fields, logo_file)
        for path in _logo_files(staging, before):
            if path.relative_to(staging).as_posix() not in text:
                path.unlink()  # replaced or removed: left, it would travel in every saved kit
    else:
        text = new_brand_file(fields, logo_file)
    write_atomic(staging / BRAND_FILE, text.encode("utf-8"))


def _logo_files(kit: Path, text: str) -> set[Path]:
    """The files in `kit` that the logo of a brand file's `text` names, in any form brand.yml
    allows (one path, a path for each size, or named images)."""
    data = YAML(typ="safe", pure=True).load(text)
    found, values = set(), [data.get("logo") if isinstance(data, dict) else None]
    while values:
        value = values.pop()
        if isinstance(value, dict):
            values.extend(value.values())
        elif isinstance(value, list):
            values.extend(value)
        elif isinstance(value, str) and value.strip():
            path = kit / value
            if path.resolve().is_relative_to(kit.resolve()) and path.is_file():
                found.add(path)
    return found


def new_brand_file(fields: KitFields, logo_file: str | None) -> str:
    from ..inputs.newkit import brand_file_text

    text = brand_file_text(
        pack_name(fields),
        fields.name,
        fields.website,
        fields.primary,
        logo_file,
        short_name=fields.short_name,
        secondary=fields.secondary,
        logo_alt=fields.logo_alt,
        contacts=fields.contact_lines,
        qr=fields.qr,
        language=fields.language,
        made_with="in the mythprint studio",
    )
    if not fields.review:
        return text
    return _changed(text, lambda data: _review(_settings(data), fields.review))


def updated_brand_file(text: str, fields: KitFields, logo_file: str | None) -> str:
    """An opened kit's brand file with the form's fields written in; its comments, palette,
    fonts and other settings kept as they were. Values change in place, where they stand,
    so that the comments around them stay where they were too."""
    return _changed(text, lambda data: _write_fields(data, fields, logo_file))


def _changed(text: str, change) -> str:
    """A brand file's `text` with `change` made to its data, its comments and quotes kept."""
    yaml = YAML(typ="rt", pure=True)
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    data = yaml.load(text)
    change(data)
    out = StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _settings(data: CommentedMap) -> CommentedMap:
    return _mapping(_mapping(data, "defaults"), "mythprint")


def _write_fields(data: CommentedMap, fields: KitFields, logo_file: str | None) -> None:
    meta = _mapping(data, "meta")
    _set(_mapping(meta, "name", keep_text="full"), "full", fields.name)
    _set(meta["name"], "short", fields.short_name)
    _set(_mapping(meta, "link", keep_text="home"), "home", fields.website)
    colours = _mapping(data, "color")
    _set(colours, "primary", fields.primary)
    _set(colours, "secondary", fields.secondary)
    _logo(data, fields, logo_file)
    settings = _settings(data)
    _contacts(settings, fields.contact_lines)
    # An empty QR address means the website; written so, the comments around it stay.
    if fields.qr or "qr" in settings:
        _set(settings, "qr", fields.qr or fields.website)
    _review(settings, fields.review)
    _language(settings, fields.language)


def _mapping(parent: CommentedMap, key: str, keep_text: str | None = None) -> CommentedMap:
    """parent[key] as a block mapping, made if it is missing or not a mapping; a plain text
    value (brand.yml allows `name: Text`) becomes `{keep_text: Text}`."""
    value = parent.get(key)
    if not isinstance(value, dict):
        made = CommentedMap()
        if keep_text and isinstance(value, str):
            made[keep_text] = value
        if key in parent or key not in TOP_ORDER:
            parent[key] = made
        else:  # where brand.yml documents put it: meta, then logo, then the rest
            earlier = [k for k in TOP_ORDER[: TOP_ORDER.index(key)] if k in parent]
            position = list(parent).index(earlier[-1]) + 1 if earlier else 0
            parent.insert(position, key, made)
    parent[key].fa.set_block_style()
    return parent[key]


def _set(mapping: CommentedMap, key: str, value: str) -> None:
    """Set a text value, double-quoted as the template writes it; an empty one is removed."""
    if value:
        mapping[key] = DoubleQuotedScalarString(value)
    elif key in mapping:
        _remove(mapping, key)


def _remove(mapping: CommentedMap, key: str) -> None:
    """Remove a key with its comments: the one before it, and the one at the end of its
    line. The comment on the lines after its value is about what follows it: it stays."""
    keys = list(mapping)
    index = keys.index(key)
    before = keys[index - 1] if index else None
    after = keys[index + 1] if index + 1 < len(keys) else None
    slots = mapping.ca.items.pop(key, None)
    del mapping[key]
    # A comment token after a plain value holds the rest of its line, then the lines after.
    earlier = mapping.ca.items.get(before) if before is not None else None
    if earlier and len(earlier) > 2 and earlier[2] is not None:
        own_line = earlier[2].value.split("\n", 1)[0]
        earlier[2].value = f"{own_line}\n"
        if not own_line.strip():
            earlier[2] = None
    comment = slots[2] if slots and len(slots) > 2 else None
    following = comment.value.split("\n", 1)[1] if comment and "\n" in comment.value else ""
    if not following.strip():
        return
    if after is not None:
        lines = [line.strip() for line in following.splitlines() if line.strip()]
        indent = len(following.lstrip("\n")) - len(following.lstrip())
        words = "\n".join(line.removeprefix("#").removeprefix(" ") for line in lines)
        mapping.yaml_set_comment_before_after_key(after, before=words, indent=indent)
    elif before is not None and not isinstance(mapping[before], (dict, list)):
        slots = mapping.ca.items.setdefault(before, [None, None, None, None])
        comment.value = (slots[2].value if slots[2] is not None else "\n") + following
        slots[2] = comment


def _logo(data: CommentedMap, fields: KitFields, logo_file: str | None) -> None:
    """The kit's logo, one image for every size, changed in place."""
    if logo_file is None:
        data.pop("logo", None)
        return
    logo = _mapping(data, "logo")
    images = _mapping(logo, "images")
    name = next((key for key, value in images.items() if isinstance(value, dict)), "main")
    image = _mapping(images, name)
    _set(image, "path", logo_file)
    _set(image, "alt", fields.logo_alt or f"{fields.name} logo")
    for other in [key for key in images if key != name]:
        del images[other]
    for size in ("small", "medium", "large"):
        logo[size] = name


def _contacts(settings: CommentedMap, contacts: tuple[tuple[str, str], ...]) -> None:
    """The contacts, item by item in place; the comment after the last one stays last."""
    old = settings.get("contacts")
    old = old if isinstance(old, CommentedSeq) else CommentedSeq()
    trailing = None
    if old and isinstance(old[-1], CommentedMap):
        trailing = old[-1].ca.items.pop("value", None)
    new = CommentedSeq()
    for index, (label, value) in enumerate(contacts):
        item = old[index] if index < len(old) and isinstance(old[index], CommentedMap) else None
        item = item if item is not None else CommentedMap()
        item.clear()
        item["label"], item["value"] = (DoubleQuotedScalarString(label),
                                        DoubleQuotedScalarString(value))  # fmt: skip
        new.append(item)
    if trailing is not None and new:
        new[-1].ca.items["value"] = trailing
    settings["contacts"] = new


def _review(settings: CommentedMap, review: str) -> None:
    """The review note, changed in place; a new one says what it is for; an empty one is
    removed."""
    if review and "review" not in settings:
        settings.yaml_set_comment_before_after_key(
            "review", before=REVIEW_COMMENT, indent=SETTINGS_INDENT
        )
    _set(settings, "review", review)


def _language(settings: CommentedMap, language: str) -> None:
    """The language of the kit's own words: kept as the kit wrote it when it is the one
    chosen (`CY` is cy), else written, with a comment that says what it is for."""
    from ..inputs.content import tidy_language_tag

    given = settings.get("language")
    if isinstance(given, str) and tidy_language_tag(given) == language:
        return
    if "language" not in settings:
        settings.yaml_set_comment_before_after_key(
            "language", before=LANGUAGE_COMMENT, indent=SETTINGS_INDENT
        )
    settings["language"] = DoubleQuotedScalarString(language)


def stage_shipped(visitor: Visitor, kit_folder: Path) -> None:
    """Stage a copy of a kit that comes with mythprint, to edit as the visitor's own."""
    _copy_folder(kit_folder, _fresh_staging(visitor))


def stage_zip(visitor: Visitor, data: bytes) -> None:
    """Stage the kit in a saved kit's zip: checked whole, then its kit files extracted."""
    staging = _fresh_staging(visitor)
    extract_kit(data, staging)


def load_staged(visitor: Visitor) -> Brand:
    """The staged kit, through every check a kit meets (raises BrandError)."""
    return load_brand(staging_dir(visitor), KIT)


def commit(visitor: Visitor) -> None:
    """Put the staged kit in place of the visitor's kit."""
    old = visitor.folder / "replaced"
    shutil.rmtree(old, ignore_errors=True)
    if visitor.kit.exists():
        os.replace(visitor.kit, old)
    os.replace(staging_dir(visitor) / KIT, visitor.kit)
    shutil.rmtree(old, ignore_errors=True)
    shutil.rmtree(staging_dir(visitor), ignore_errors=True)


def discard(visitor: Visitor) -> None:
    shutil.rmtree(staging_dir(visitor), ignore_errors=True)


def clear(visitor: Visitor) -> None:
    """Forget the visitor's kit and everything made from it."""
    for name in os.listdir(visitor.folder):
        path = visitor.folder / name
        shutil.rmtree(path) if path.is_dir() else path.unlink()


def _copy_folder(source: Path, target: Path) -> None:
    """Copy a kit folder's files (the server's own, never a path from a browser)."""
    writer = Writer(target)
    files = [path for path in sorted(Path(source).rglob("*")) if path.is_file()]
    if sum(path.stat().st_size for path in files) > MAX_SHIPPED_KIT:
        raise OSError(f"the kit in {source.name} is larger than a kit should be")
    for path in files:
        if path.is_symlink():
            continue  # load_brand would refuse what it points at; the copy leaves it out
        write_atomic(writer.target(path.relative_to(source).as_posix()), path.read_bytes())
