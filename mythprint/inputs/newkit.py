"""`new-brand`: a new kit folder with a commented brand file, from a few answers."""

import json
import os
import re
import shutil
from pathlib import Path

import click
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..batch.output import write_atomic
from ..paths import TEMPLATES_DIR, display_path
from .brand import BRAND_FILE

LOGO_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg")


def create_kit(
    brands_dir: Path, slug: str, name: str, website: str, primary: str, logo: str
) -> Path:
    """Write BRANDS_DIR/SLUG/_brand.yml (and copy the logo in); refuse to overwrite a kit."""
    folder = Path(brands_dir) / slug
    if folder.exists():
        raise click.UsageError(f"{display_path(folder)} already exists; choose another name")
    website = website.strip()
    if website and not re.match(r"^https?://\S+$", website):
        raise click.BadParameter("give the whole address, starting https://", param_hint="website")
    logo_file = _logo(logo.strip())
    folder.mkdir(parents=True)
    logo_name = None
    if logo_file is not None:
        logo_name = "logo" + logo_file.suffix.lower()
        shutil.copyfile(logo_file, folder / logo_name)
    text = brand_file_text(slug, name.strip(), website, primary, logo_name)
    write_atomic(folder / BRAND_FILE, text.encode("utf-8"))
    return folder


def brand_file_text(
    slug: str,
    name: str,
    website: str,
    primary: str,
    logo: str | None,
    *,
    short_name: str = "",
    secondary: str = "",
    logo_alt: str = "",
    contacts: tuple[tuple[str, str], ...] = (),
    qr: str = "",
    language: str = "",
    made_with: str = "",
) -> str:
    """A commented brand file: what `new-brand` writes, and the studio's form too.

    Every value is written as a quoted string; `logo` is a file name beside the brand file.
    """
    from ..batch.build import tallest_logo
    from .checks import pixels_needed

    logo_mm = tallest_logo()
    return (
        _environment()
        .get_template("new-brand.yml.j2")
        .render(
            slug=slug,
            name=name,
            website=website,
            primary=primary,
            logo=logo,
            short_name=short_name,
            secondary=secondary,
            logo_alt=logo_alt,
            contacts=contacts,
            qr=qr,
            language=language,
            made_with=made_with or f"by `mythprint new-brand {slug}`",
            logo_mm=logo_mm,
            logo_pixels=pixels_needed(logo_mm),
        )
    )


def copy_kit(brands_dir: Path, source: str, slug: str, name: str, primary: str) -> Path:
    """A new kit that is `source` with another name and main colour: the quickest start
    for a partnership whose neighbour already has a kit, and a batch for benchmarks.

    The brand file keeps its comments; the logo's alt text follows the new name.
    """
    from ruamel.yaml import YAML

    origin, folder = Path(brands_dir) / source, Path(brands_dir) / slug
    if folder.exists():
        raise click.UsageError(f"{display_path(folder)} already exists; choose another name")
    shutil.copytree(origin, folder)
    yaml = YAML(typ="rt", pure=True)
    data = yaml.load((folder / BRAND_FILE).read_text(encoding="utf-8"))
    data.setdefault("meta", {}).setdefault("name", {})["full"] = name
    data["meta"]["name"].pop("short", None)
    data.setdefault("color", {})["primary"] = primary
    for image in ((data.get("logo") or {}).get("images") or {}).values():
        if isinstance(image, dict) and "alt" in image:
            image["alt"] = f"{name} logo"
    with (folder / BRAND_FILE).open("w", encoding="utf-8") as file:
        yaml.dump(data, file)
    return folder


def _logo(given: str) -> Path | None:
    if not given:
        return None
    path = _pasted_path(given)
    if not path.is_file():
        raise click.BadParameter(f"{given}: no such file", param_hint="logo")
    if path.suffix.lower() not in LOGO_SUFFIXES:
        raise click.BadParameter(f"{given}: use an SVG, PNG or JPEG file", param_hint="logo")
    return path


def _pasted_path(given: str) -> Path:
    """A file's path as people paste it: in quotes, from Windows' "Copy as path", or with
    each space after a backslash, from a file dragged into a Mac's Terminal."""
    text = given.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        text = text[1:-1]
    path = Path(text).expanduser()
    if not path.is_file() and os.sep == "/" and "\\" in text:
        path = Path(re.sub(r"\\(.)", r"\1", text)).expanduser()
    return path


def _environment() -> Environment:
    """YAML, not HTML: no HTML escaping, and values written as safe quoted strings."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["yaml"] = lambda value: json.dumps(str(value), ensure_ascii=False)
    return env
