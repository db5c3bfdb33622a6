"""Brand kits in the brand.yml format: loaded, checked, and turned into what templates use."""

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import brand_yml
import fontpkg
from pydantic import ValidationError
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .colors import AA_NORMAL_TEXT, Rgb, contrast_ratio
from .errors import BrandError, Problem
from .paths import display_path
from .yamlsource import YamlFile, load_yaml, position

BRAND_FILE = "_brand.yml"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SAFE_FAMILY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._-]*$")
FONT_SUFFIXES = (".ttf", ".otf", ".woff", ".woff2")
DEFAULT_FAMILY = "Atkinson Hyperlegible"
OWN_SETTINGS = "mythprint"
CMYK_COLOURS = ("foreground", "background", "primary", "secondary", "light")
# A light tint of the accent colour for panels, when the kit names no `light` colour.
TINT_AMOUNT = 0.9


@dataclass(frozen=True)
class Palette:
    """The colour roles the templates use, as #rrggbb."""

    text: str
    paper: str
    accent: str
    on_accent: str
    myth: str
    tint: str


# Every text-on-background pair the templates use: (text role, background role, where).
TEXT_PAIRS = (
    ("text", "paper", "body text"),
    ("accent", "paper", "headings and labels"),
    ("on_accent", "accent", "text on the brand colour band"),
    ("on_accent", "myth", "the 'Myth' label"),
    ("myth", "paper", "the 'Myth' label on a light background"),
    ("text", "tint", "text on tinted panels"),
)


@dataclass(frozen=True)
class FontFace:
    family: str
    path: Path
    weight: int
    style: str


@dataclass(frozen=True)
class Logo:
    path: Path
    alt: str


@dataclass(frozen=True)
class Brand:
    """A validated brand kit."""

    slug: str
    folder: Path
    name: str | None
    short_name: str | None
    home: str | None
    palette: Palette
    body_family: str
    heading_family: str
    faces: tuple[FontFace, ...]
    logo: Logo | None
    settings: dict[str, Any] = field(default_factory=dict)
    # CMYK values (0 to 1) the kit gives for its brand.yml colours, for press files.
    cmyk: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)

    @property
    def font_folders(self) -> tuple[Path, ...]:
        return tuple(sorted({face.path.parent for face in self.faces}))


def kit_folder(brands_dir: Path, slug: str) -> Path:
    return Path(brands_dir) / slug


def available_kits(brands_dir: Path) -> list[str]:
    """Slugs of the kit folders in `brands_dir` that hold a brand file."""
    if not Path(brands_dir).is_dir():
        return []
    return sorted(
        p.name
        for p in Path(brands_dir).iterdir()
        if SLUG.match(p.name) and (p / BRAND_FILE).is_file()
    )


def load_brand(brands_dir: Path, slug: str) -> Brand:
    """Read, validate and resolve the kit `brands_dir/slug/_brand.yml`."""
    folder = kit_folder(brands_dir, slug)
    brand_file = folder / BRAND_FILE
    if not SLUG.match(slug):
        raise BrandError([Problem(slug, None, None, "a kit name uses only a-z, 0-9 and hyphens")])
    if not brand_file.is_file():
        kits = ", ".join(available_kits(brands_dir)) or "none"
        raise BrandError(
            [
                Problem(
                    display_path(folder),
                    None,
                    None,
                    f"no brand kit here (no {BRAND_FILE}); kits in "
                    f"{display_path(brands_dir)}: {kits}",
                )
            ]
        )
    source, problems = load_yaml(brand_file)
    if source is None:
        raise BrandError(problems)
    if not isinstance(source.data, CommentedMap):
        raise BrandError([source.problem("a brand file must be a mapping (meta, color, ...)")])
    model = _validate_schema(source)
    resolver = _KitResolver(source, folder.resolve())
    brand = resolver.resolve(slug, model)
    if resolver.problems:
        raise BrandError(resolver.problems)
    return brand


def _validate_schema(source: YamlFile) -> brand_yml.Brand:
    """Validate with the brand-yml package, turning its errors into file:line problems."""
    try:
        return brand_yml.Brand.model_validate({**source.data, "path": source.path.absolute()})
    except ValidationError as exc:
        problems, seen = [], set()
        for error in exc.errors():
            parent, key, where = _locate(source.data, error["loc"])
            if where in seen:
                continue
            seen.add(where)
            line, column = position(parent, key=key)
            problems.append(Problem(source.name, line, column, f"{where}: {error['msg']}"))
        raise BrandError(problems) from None
    except ValueError as exc:
        raise BrandError([source.problem(str(exc))]) from None


def _locate(data: Any, loc: tuple) -> tuple[Any, Any, str]:
    """Follow a pydantic error location through the YAML tree as far as it exists.

    Returns the deepest mapping or list that exists, the key within it, and the dotted
    path, so the error points at the line where the offending key is written.
    """
    node, parent, key, path = data, data, None, []
    for part in loc:
        if not _has(node, part):
            continue  # a model or union name that has no place in the file
        parent, key, node = node, part, node[part]
        path.append(f"[{part + 1}]" if isinstance(part, int) else str(part))
    return parent, key, ".".join(path).replace(".[", "[") or "brand file"


def _has(node: Any, part: Any) -> bool:
    if isinstance(node, CommentedSeq):
        return isinstance(part, int) and 0 <= part < len(node)
    return isinstance(node, CommentedMap) and part in node


class _KitResolver:
    """Turns a schema-valid brand.yml model into resolved colours, fonts and files."""

    def __init__(self, source: YamlFile, folder: Path):
        self.source = source
        self.folder = folder
        self.problems: list[Problem] = []

    def report(self, message: str, *keys: str) -> None:
        node, key = self.source.data, None
        for part in keys:
            if isinstance(node, CommentedMap) and part in node:
                if isinstance(node[part], CommentedMap | CommentedSeq):
                    node = node[part]
                else:
                    key = part
                    break
        self.problems.append(self.source.problem(message, node, key=key))

    def resolve(self, slug: str, model: brand_yml.Brand) -> Brand | None:
        name, short_name = self.names(model)
        home = (
            str(model.meta.link.home)
            if model.meta and model.meta.link and model.meta.link.home
            else None
        )
        settings = (model.defaults or {}).get(OWN_SETTINGS) or {}
        if not isinstance(settings, dict):
            self.report(f"defaults.{OWN_SETTINGS} must be a mapping of settings", "defaults")
            settings = {}
        palette = self.palette(model)
        body, heading, faces = self.fonts(model)
        logo = self.logo(model, name)
        cmyk = self.cmyk(settings.get("cmyk"))
        if self.problems or palette is None:
            return None
        return Brand(
            slug,
            self.folder,
            name,
            short_name,
            home,
            palette,
            body,
            heading,
            faces,
            logo,
            dict(settings),
            cmyk,
        )

    def cmyk(self, given: Any) -> dict[str, tuple[float, float, float, float]]:
        """`defaults.mythprint.cmyk`: {primary: [c, m, y, k]} in percent, for press files."""
        if given is None:
            return {}
        where = f"defaults.{OWN_SETTINGS}.cmyk"
        if not isinstance(given, dict):
            self.report(f"{where} must map colour names to [c, m, y, k]", "defaults")
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
                    f"{where}.{name}: give one of {', '.join(CMYK_COLOURS)} as four "
                    "percentages [c, m, y, k], e.g. [100, 30, 0, 40]",
                    "defaults",
                )
                continue
            result[name] = tuple(v / 100 for v in values)
        return result

    @staticmethod
    def names(model: brand_yml.Brand) -> tuple[str | None, str | None]:
        if not model.meta or not model.meta.name:
            return None, None
        return model.meta.name.full, model.meta.name.short or model.meta.name.full

    def palette(self, model: brand_yml.Brand) -> Palette | None:
        colors = model.color
        given = {
            role: getattr(colors, role, None) if colors else None
            for role in ("foreground", "background", "primary", "secondary", "light")
        }
        parsed: dict[str, Rgb] = {}
        for role, value in given.items():
            if value is None:
                continue
            try:
                parsed[role] = Rgb.parse(value)
            except ValueError as exc:
                self.report(f"color.{role}: {exc}", "color", role)
        if self.problems:
            return None
        text = parsed.get("foreground", Rgb(0, 0, 0))
        paper = parsed.get("background", Rgb(1, 1, 1))
        accent = parsed.get("primary", text)
        roles = {
            "text": text,
            "paper": paper,
            "accent": accent,
            "on_accent": paper,
            "myth": parsed.get("secondary", accent),
            "tint": parsed.get("light", accent.mix(paper, TINT_AMOUNT)),
        }
        for fg, bg, where in TEXT_PAIRS:
            ratio = contrast_ratio(roles[fg], roles[bg])
            if ratio < AA_NORMAL_TEXT:
                self.report(
                    f"colours {roles[fg].hex} on {roles[bg].hex} ({where}) have contrast "
                    f"{ratio:.2f}:1; WCAG 2.2 AA needs {AA_NORMAL_TEXT}:1",
                    "color",
                )
        return Palette(**{role: rgb.hex for role, rgb in roles.items()})

    def fonts(self, model: brand_yml.Brand) -> tuple[str, str, tuple[FontFace, ...]]:
        typography = model.typography
        declared = {f.family: f for f in (typography.fonts or [])} if typography else {}
        body = _family(typography.base if typography else None) or next(iter(declared), None)
        body = body or DEFAULT_FAMILY
        heading = _family(typography.headings if typography else None) or body
        faces: list[FontFace] = []
        for family in dict.fromkeys((body, heading)):
            if not SAFE_FAMILY.match(family):
                self.report(
                    f"font family name '{family}' has characters that are not allowed", "typography"
                )
                continue
            faces.extend(self.font_faces(family, declared.get(family)))
        return body, heading, tuple(faces)

    def font_faces(self, family: str, declared: Any) -> list[FontFace]:
        source = getattr(declared, "source", "system")
        if source == "file":
            return self.file_faces(family, declared.files)
        try:
            package = fontpkg.family(family)
        except fontpkg.FontpkgError:
            if source in ("google", "bunny"):
                hint = (
                    f"this tool works offline, so fonts are not downloaded from {source}; "
                    f"install the font package (pip install fontpkg-{fontpkg.slugify(family)})"
                    " or add the font files to the kit with source: file"
                )
            else:
                hint = (
                    f"no installed font package provides it; install one "
                    f"(pip install fontpkg-{fontpkg.slugify(family)}) or add the font files "
                    "to the kit with source: file"
                )
            self.report(f"font '{family}': {hint}", "typography")
            return []
        return [FontFace(family, f.path.resolve(), f.weight, f.style) for f in package.files]

    def file_faces(self, family: str, files: list) -> list[FontFace]:
        faces = []
        for entry in files:
            path = self.kit_file(str(entry.path), f"font file for '{family}'", "typography")
            if path is None:
                continue
            if path.suffix.lower() not in FONT_SUFFIXES:
                self.report(
                    f"font file {entry.path} must be one of {', '.join(FONT_SUFFIXES)}",
                    "typography",
                )
                continue
            weight = entry.weight.to_str() if hasattr(entry.weight, "to_str") else entry.weight
            faces.append(FontFace(family, path, _weight_number(weight), entry.style))
        if not files:
            self.report(f"font '{family}' has source: file but lists no files", "typography")
        return faces

    def logo(self, model: brand_yml.Brand, name: str | None) -> Logo | None:
        if model.logo is None:
            return None
        resource = model.use_logo("largest", variant="light", required=False)
        if resource is None:
            return None
        path = self.kit_file(str(resource.path), "logo", "logo")
        if path is None:
            return None
        alt = resource.alt or (f"{name} logo" if name else "Logo")
        return Logo(path, alt)

    def kit_file(self, reference: str, what: str, *keys: str) -> Path | None:
        """A file the kit names, refused unless it is a real file inside the kit folder."""
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", reference):
            self.report(
                f"{what} '{reference}' is a web address; mythprint works offline, so "
                "put the file in the kit folder",
                *keys,
            )
            return None
        candidate = self.folder / reference
        resolved = candidate.resolve()
        if not resolved.is_relative_to(self.folder):
            self.report(f"{what} '{reference}' is outside the kit folder", *keys)
            return None
        if not resolved.is_file():
            self.report(f"{what} '{reference}' does not exist in the kit folder", *keys)
            return None
        return resolved


def _family(options: Any) -> str | None:
    return getattr(options, "family", None) if options is not None else None


def _weight_number(weight: Any) -> int:
    names = {"normal": 400, "bold": 700}
    try:
        return int(names.get(str(weight), weight))
    except (TypeError, ValueError):
        return 400
