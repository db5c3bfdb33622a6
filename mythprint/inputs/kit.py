"""Resolves a schema-valid brand.yml kit: colours, fonts, logo, contacts, all checked safe."""

import difflib
import importlib.metadata
import os
import re
from pathlib import Path
from typing import Any

import brand_yml
import fontpkg

from ..errors import Problem
from .brand import OWN_SETTINGS, Brand, Contact, FontFace, Logo, Palette
from .colors import Rgb
from .fontlicence import embedding_refused
from .kitfonts import file_weights, package_faces, system_faces, unreadable_font
from .logofile import logo_path_keys, safe_raster, safe_svg, svg_aspect
from .yamlsource import YamlFile

SAFE_FAMILY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._-]*$")
FONT_SUFFIXES = (".ttf", ".otf", ".woff", ".woff2")
DEFAULT_FAMILY = "Atkinson Hyperlegible"
CMYK_COLOURS = ("foreground", "background", "primary", "secondary", "light")
SETTINGS = ("contacts", "qr", "cmyk", "review", "fallback-fonts", "language")
# A light tint of the accent colour for panels, when the kit names no `light` colour.
TINT_AMOUNT = 0.9
# A scheme has two letters or more: a path starting C: is a Windows drive's.
WEB_ADDRESS = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]+:")
# A file on a Windows computer: on a drive (C:\Users\...), or a shared folder (\\server\...).
WINDOWS_PATH = re.compile(r"^(?:[a-zA-Z]:|\\\\)")
# The most files of a kit folder looked through for the one a kit means to name.
MAX_KIT_FILES = 1000


class KitResolver:
    """Turns a brand.yml model into a Brand, collecting every problem on the way."""

    def __init__(self, source: YamlFile, folder: Path):
        self.source = source
        self.folder = folder
        self.problems: list[Problem] = []
        # The logo's own problems, among `problems`: they leave the rest of the kit whole
        self.logo_problems: list[Problem] = []

    def report(self, message: str, *keys: Any) -> None:
        self.problems.append(self.source.problem_at(message, *keys))

    def resolve(self, slug: str, model: brand_yml.Brand) -> Brand | None:
        name, short_name = _names(model)
        link = model.meta.link if model.meta else None
        home = str(link.home) if link and link.home else None
        settings = self.settings(model)
        palette = self.palette(model)
        fallbacks = self.fallback_families(settings)
        body, heading, faces = self.fonts(model, fallbacks)
        before = len(self.problems)
        logo = self.logo(model, name)
        self.logo_problems = self.problems[before:]
        brand = (
            Brand(
                slug=slug,
                folder=self.folder,
                name=name,
                short_name=short_name,
                home=home,
                palette=palette,
                body_family=body,
                heading_family=heading,
                faces=faces,
                logo=logo,
                contacts=self.contacts(settings.get("contacts")),
                qr_url=self.qr_url(settings.get("qr"), home),
                review_note=self.text_setting(settings, "review"),
                language=self.language(settings.get("language")),
                fallback_families=fallbacks,
                cmyk=self.cmyk(settings.get("cmyk")),
                source=self.source,
                problems=tuple(self.logo_problems),
            )
            if palette is not None
            else None
        )
        # A logo missing or refused leaves the kit's other settings to check; any other
        # problem stops it here.
        return None if len(self.problems) > len(self.logo_problems) else brand

    # --- our own settings, under defaults.mythprint ---

    def settings(self, model: brand_yml.Brand) -> dict[str, Any]:
        settings = (model.defaults or {}).get(OWN_SETTINGS) or {}
        if not isinstance(settings, dict):
            self.report(
                f"defaults.{OWN_SETTINGS} must be a mapping of settings", "defaults", OWN_SETTINGS
            )
            return {}
        for key in settings:
            if key not in SETTINGS:
                hint = difflib.get_close_matches(str(key), SETTINGS, n=1)
                did_you_mean = f" (did you mean '{hint[0]}'?)" if hint else ""
                self.report(
                    f"unknown setting defaults.{OWN_SETTINGS}.{key}{did_you_mean}; "
                    f"expected one of: {', '.join(SETTINGS)}",
                    "defaults",
                    OWN_SETTINGS,
                    key,
                )
        return settings

    def contacts(self, given: Any) -> tuple[Contact, ...]:
        keys = ("defaults", OWN_SETTINGS, "contacts")
        if given is None:
            return ()
        if not isinstance(given, list):
            self.report("contacts must be a list of {label, value}", *keys)
            return ()
        contacts = []
        for index, item in enumerate(given):
            ok = (
                isinstance(item, dict)
                and set(item) == {"label", "value"}
                and all(isinstance(item[k], str) and item[k].strip() for k in ("label", "value"))
            )
            if not ok:
                self.report(
                    f"contacts[{index + 1}] must have a label and a value, both text", *keys, index
                )
                continue
            contacts.append(Contact(item["label"].strip(), item["value"].strip()))
        return tuple(contacts)

    def qr_url(self, given: Any, home: str | None) -> str | None:
        from ..formats.qr import module_mm

        keys = ("meta", "link", "home") if given is None else ("defaults", OWN_SETTINGS, "qr")
        if given is not None and (
            not isinstance(given, str) or not re.match(r"^https?://[^\s]+$", given)
        ):
            self.report("qr must be a web address starting https://", *keys)
            return None
        url = home if given is None else given
        if url is not None and module_mm(url) is None:
            self.report(
                f"the QR code's address is {len(url)} characters long, more than a QR code "
                "holds; give a shorter address for it in defaults.mythprint.qr",
                *keys,
            )
            return None
        return url

    def text_setting(self, settings: dict, key: str) -> str | None:
        value = settings.get(key)
        if value is not None and not (isinstance(value, str) and value.strip()):
            self.report(f"{key} must be text", "defaults", OWN_SETTINGS, key)
            return None
        return value.strip() if value else None

    def language(self, given: Any) -> str | None:
        """The language the kit's own words (its name, contacts, review note) are in."""
        from .content import tidy_language_tag

        tag = tidy_language_tag(given) if isinstance(given, str) else None
        if given is not None and tag is None:
            self.report(
                f"language must be a language tag such as en-GB or cy, got {given!r}",
                "defaults",
                OWN_SETTINGS,
                "language",
            )
        return tag

    def cmyk(self, given: Any) -> dict[str, tuple[float, float, float, float]]:
        """`cmyk: {primary: [c, m, y, k]}` in percent, for press files."""
        keys = ("defaults", OWN_SETTINGS, "cmyk")
        if given is None:
            return {}
        if not isinstance(given, dict):
            self.report("cmyk must map colour names to [c, m, y, k]", *keys)
            return {}
        result = {}
        for name, values in given.items():
            ok = (
                isinstance(values, list)
                and len(values) == 4
                and all(isinstance(v, int | float) and 0 <= v <= 100 for v in values)
            )
            if name not in CMYK_COLOURS or not ok:
                self.report(
                    f"cmyk.{name}: give one of {', '.join(CMYK_COLOURS)} as four "
                    "percentages [c, m, y, k], e.g. [100, 30, 0, 40]",
                    *keys,
                    name,
                )
                continue
            result[name] = tuple(v / 100 for v in values)
        return result

    def fallback_families(self, settings: dict) -> tuple[str, ...]:
        given = settings.get("fallback-fonts")
        if given is None:
            return ()
        if not isinstance(given, list) or not all(isinstance(f, str) for f in given):
            self.report(
                "fallback-fonts must be a list of font family names",
                "defaults",
                OWN_SETTINGS,
                "fallback-fonts",
            )
            return ()
        return tuple(given)

    # --- colours ---

    def palette(self, model: brand_yml.Brand) -> Palette | None:
        colors = model.color
        parsed: dict[str, Rgb] = {}
        for role in ("foreground", "background", "primary", "secondary", "light"):
            value = getattr(colors, role, None) if colors else None
            if value is None:
                continue
            try:
                parsed[role] = Rgb.parse(value)
            except ValueError as exc:
                names = list(getattr(colors, "palette", None) or {})
                named = _palette_name(str(value), names)
                if named is not None:
                    message = (
                        f"'{value}' is not a colour or a name in color.palette (did you mean "
                        f"'{named}'?)"
                    )
                else:
                    how = _quoted_colour(role, value) if "not a colour" in str(exc) else ""
                    message = f"{exc}{how}"
                self.report(f"color.{role}: {message}", "color", role)
        if self.problems:
            return None
        text = parsed.get("foreground", Rgb(0, 0, 0))
        paper = parsed.get("background", Rgb(1, 1, 1))
        accent = parsed.get("primary", text)
        return Palette(
            text=text.hex,
            paper=paper.hex,
            accent=accent.hex,
            on_accent=paper.hex,
            myth=parsed.get("secondary", accent).hex,
            tint=parsed.get("light", accent.mix(paper, TINT_AMOUNT)).hex,
        )

    # --- fonts ---

    def fonts(self, model, fallbacks) -> tuple[str, str, tuple[FontFace, ...]]:
        typography = model.typography
        declared = {f.family: f for f in (typography.fonts or [])} if typography else {}
        body = _family(typography.base if typography else None) or next(iter(declared), None)
        body = body or DEFAULT_FAMILY
        heading = _family(typography.headings if typography else None) or body
        faces: list[FontFace] = []
        for family in dict.fromkeys((body, heading, *fallbacks)):
            if not SAFE_FAMILY.match(family):
                self.report(
                    f"font family name '{family}' has characters that are not allowed",
                    *self.family_keys(family),
                )
                continue
            faces.extend(self.font_faces(family, declared.get(family)))
        return body, heading, tuple(faces)

    def font_faces(self, family: str, declared: Any) -> list[FontFace]:
        source = getattr(declared, "source", "system")
        if source == "file":
            return self.file_faces(family, declared.files)
        try:
            return self.licensed(family, package_faces(family))
        except fontpkg.FontpkgError:
            pass
        if source == "system":
            faces = system_faces(family)
            if faces:
                return self.licensed(family, faces)
        self.report(_not_installed(family, source), *self.family_keys(family))
        return []

    def file_faces(self, family: str, files: list) -> list[FontFace]:
        faces = []
        for number, entry in enumerate(files):
            keys = self.font_file_keys(family, number)
            path = self.kit_file(str(entry.path), f"font file for '{family}'", *keys)
            if path is None:
                continue
            if path.suffix.lower() not in FONT_SUFFIXES:
                self.report(
                    f"font file {entry.path} must be one of {', '.join(FONT_SUFFIXES)}", *keys
                )
                continue
            if unreadable := unreadable_font(path):
                self.report(
                    f"font file {entry.path} is not a font mythprint can read ({unreadable})",
                    *keys,
                )
                continue
            if refused := embedding_refused(path):
                self.report(f"the licence of font file {entry.path} {refused}", *keys)
                continue
            faces += [
                FontFace(family, path, weight, entry.style)
                for weight in file_weights(entry.weight, path)
            ]
        if not files:
            self.report(
                f"font '{family}' has source: file but lists no files", *self.family_keys(family)
            )
        return faces

    def licensed(self, family: str, faces: list[FontFace]) -> list[FontFace]:
        """The faces of an installed family whose licence allows what mythprint does with
        them; each other file is reported."""
        refusals = {face.path: embedding_refused(face.path) for face in faces}
        for path, refused in refusals.items():
            if refused:
                message = f"the licence of font '{family}' (file {path.name}) {refused}"
                self.report(message, *self.family_keys(family))
        return [face for face in faces if not refusals[face.path]]

    def family_keys(self, family: str) -> tuple:
        """Where the brand file names `family`: its font entry, else the first family:
        setting, or the fallback fonts, that names it."""
        if (index := self.font_entry(family)) is not None:
            return ("typography", "fonts", index, "family")
        typography = self.source.data.get("typography") or {}
        for section, value in typography.items() if isinstance(typography, dict) else ():
            if not _written(typography, section):
                continue
            if value == family:  # base: Atkinson Hyperlegible
                return ("typography", section)
            # brand-yml fills in a headings: family from base:, which has no line of its own.
            if (
                isinstance(value, dict)
                and value.get("family") == family
                and _written(value, "family")
            ):
                return ("typography", section, "family")
        settings = (self.source.data.get("defaults") or {}).get(OWN_SETTINGS) or {}
        fallbacks = settings.get("fallback-fonts") if isinstance(settings, dict) else None
        if isinstance(fallbacks, list) and family in fallbacks:
            return ("defaults", OWN_SETTINGS, "fallback-fonts", fallbacks.index(family))
        return ("typography",)

    def font_file_keys(self, family: str, number: int) -> tuple:
        """Where the brand file lists font file `number` of `family`, as keys to its line."""
        if (index := self.font_entry(family)) is None:
            return ("typography",)
        keys = ("typography", "fonts", index, "files", number)
        files = self.source.data["typography"]["fonts"][index].get("files")
        entry = files[number] if isinstance(files, list) and number < len(files) else None
        return (*keys, "path") if isinstance(entry, dict) and "path" in entry else keys

    def font_entry(self, family: str) -> int | None:
        """The place of `family`'s entry in the brand file's typography.fonts, if it has one.

        brand-yml adds an entry, in place, for a family the file names only in base: or
        headings:; that one has no line in the file, so is not the file's entry."""
        fonts = (self.source.data.get("typography") or {}).get("fonts") or []
        for index, font in enumerate(fonts):
            if not _written(fonts, index):
                continue
            if isinstance(font, dict) and font.get("family") == family:
                return index
        return None

    # --- the logo ---

    def logo(self, model: brand_yml.Brand, name: str | None) -> Logo | None:
        if model.logo is None:
            return None
        try:
            resource = model.use_logo("largest", variant="light", required=False)
        except Exception as exc:  # brand-yml raises plain errors for odd logo shapes
            self.report(f"logo: {exc}", "logo")
            return None
        if resource is None:
            return None
        keys = self.logo_keys(str(resource.path))
        path = self.kit_file(str(resource.path), "logo", *keys)
        if path is None:
            return None
        alt = resource.alt or (f"{name} logo" if name else "Logo")
        if path.suffix.lower() == ".svg":
            tree = safe_svg(path, self.folder, self.report, keys)
            return None if tree is None else Logo(path, alt, aspect=svg_aspect(tree))
        pixels = safe_raster(path, self.folder, self.report, keys)
        return Logo(path, alt, pixels, pixels[0] / pixels[1]) if pixels else None

    def logo_keys(self, reference: str) -> tuple:
        """Where the kit names the logo file it prints (logo > images > full > path, say),
        so that a problem with the file points at the line to mend; else at `logo`."""
        wanted = (self.folder / reference).resolve()
        return logo_path_keys(self.source.data.get("logo"), self.folder, wanted)

    def kit_file(self, reference: str, what: str, *keys: str) -> Path | None:
        """A file the kit names, refused unless it is a real file inside the kit folder."""
        shown = _relative(reference, self.folder)
        if WINDOWS_PATH.match(shown):
            name = re.split(r"[\\/]", shown)[-1]
            self.report(
                f"{what} '{shown}' is a Windows path, to a file outside the kit folder: "
                f"copy {name} into the kit folder and write {_setting(keys, name)} (its "
                "place inside the folder, with / between folder names)",
                *keys,
            )
            return None
        if WEB_ADDRESS.match(reference) and not Path(reference).is_absolute():
            self.report(
                f"{what} '{reference}' is a web address; mythprint works offline, so "
                "put the file in the kit folder",
                *keys,
            )
            return None
        if "\\" in shown:
            forward = shown.replace("\\", "/")
            found = self.similar_file(forward) or forward
            self.report(
                f"{what} '{shown}' has \\ between folder names: write / instead, as "
                f"{_setting(keys, found)} (brand.yml uses / on every computer, Windows too)",
                *keys,
            )
            return None
        resolved = (self.folder / reference).resolve()
        if not resolved.is_relative_to(self.folder):
            self.report(f"{what} '{shown}' is outside the kit folder", *keys)
            return None
        if not resolved.is_file():
            message = f"{what} '{shown}' does not exist in the kit folder"
            if (similar := self.similar_file(shown)) is not None:
                message += f"; did you mean {similar}?"
                if similar.casefold() == shown.casefold():
                    message += (
                        " Write it with the file's own capital letters: Windows finds the "
                        "file either way, Linux does not"
                    )
            self.report(message, *keys)
            return None
        return resolved

    def similar_file(self, wanted: str) -> str | None:
        """The file in the kit folder that `wanted` most likely means, by its place inside
        the folder: one named the same but for its capital letters, else one named nearly
        so; None if there is none."""
        names = []
        for root, folders, files in os.walk(self.folder):
            folders[:] = sorted(f for f in folders if not f.startswith("."))
            inside = Path(root).relative_to(self.folder)
            names += [(inside / file).as_posix() for file in sorted(files)]
            if len(names) > MAX_KIT_FILES:
                break
        wanted = wanted.removeprefix("./")
        same = [name for name in names if name.casefold() == wanted.casefold()]
        close = difflib.get_close_matches(wanted, names, n=1, cutoff=0.8)
        return (same or close or [None])[0]


def _written(node: Any, key: Any) -> bool:
    """Whether `key` of a mapping or list read from the brand file was written in it:
    brand-yml fills in settings of the file's own, in place, that have no line there."""
    written = getattr(getattr(node, "lc", None), "data", None)
    return key in written if written is not None else isinstance(node, dict) and key in node


def _not_installed(family: str, source: str) -> str:
    """Why `family` cannot be used, and what to do: only a font package mythprint itself
    names is named, as most families have none (there is no fontpkg-arial)."""
    installed = sorted(each.name for each in fontpkg.families().values() if each.name != family)
    close = difflib.get_close_matches(family, installed, n=1, cutoff=0.85)
    did_you_mean = f" (did you mean '{close[0]}'?)" if close else ""
    if source in ("google", "bunny"):
        said = f"font '{family}' is not installed{did_you_mean}, and mythprint works offline, "
        said += f"so it does not fetch fonts from {source}"
    else:
        said = f"font '{family}' is not installed on this machine{did_you_mean}, and "
        said += "mythprint works offline"
    ways = []
    if (package := f"fontpkg-{fontpkg.slugify(family)}") in _font_packages():
        ways.append(f"install its font package (pip install {package})")
    if installed and not close:
        ways.append(f"use a font installed for mythprint ({', '.join(installed)})")
    if source == "system":
        ways.append(f"install {family} on this machine")
    ways.append("put its font files in the kit folder and list them with source: file")
    return f"{said}: {', or '.join(ways)}"


def _font_packages() -> set[str]:
    """The font packages mythprint depends on, with its extras: packages known to exist."""
    try:
        requirements = importlib.metadata.requires("mythprint") or []
    except importlib.metadata.PackageNotFoundError:
        return set()
    return {found[0] for r in requirements if (found := re.match(r"fontpkg-[a-z0-9-]+", r))}


def _palette_name(value: str, names: list[str]) -> str | None:
    """The name in color.palette that `value`, which is none of them, most likely means:
    the same but for capital letters (brand.yml's names match only exactly), else a near
    spelling."""
    same = [name for name in names if name.casefold() == value.strip().casefold()]
    return (same or difflib.get_close_matches(value.strip(), names, n=1, cutoff=0.8) or [None])[0]


def _quoted_colour(role: str, value: Any) -> str:
    """How to write a colour that is not one, in quotes, lest its # start a comment."""
    if not re.fullmatch(r"[0-9a-fA-F]{6}", str(value).strip()):
        return f', in quotes, as {role}: "#b8336a", or the name of a colour in color.palette'
    return f', in quotes: {role}: "#{str(value).strip()}"'


def _setting(keys: tuple, value: str) -> str:
    """`value` as the setting `keys` ends in would be written: path: logo.png."""
    return f"{keys[-1]}: {value}" if keys and isinstance(keys[-1], str) else value


def _relative(reference: str, folder: Path) -> str:
    """brand-yml makes paths absolute; show them as the kit wrote them."""
    path = Path(reference)
    try:
        return str(path.relative_to(folder)) if path.is_absolute() else reference
    except ValueError:
        return reference


def _names(model: brand_yml.Brand) -> tuple[str | None, str | None]:
    if not model.meta or not model.meta.name:
        return None, None
    return model.meta.name.full, model.meta.name.short or model.meta.name.full


def _family(options: Any) -> str | None:
    return getattr(options, "family", None) if options is not None else None
