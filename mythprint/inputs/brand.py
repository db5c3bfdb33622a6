"""Brand kits in the brand.yml format: what a kit holds, and loading one safely."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ruamel.yaml.comments import CommentedMap

from ..errors import BrandError, Problem
from ..paths import display_path
from .content import primary_language
from .yamlsource import YamlFile, load_yaml, not_settings

if TYPE_CHECKING:
    import brand_yml

BRAND_FILE = "_brand.yml"
# Names a kit's brand file is given by mistake. A folder holding one is taken for a kit,
# which then fails saying so, rather than being passed over by `--brand all`.
MISNAMED_BRAND_FILES = ("brand.yml", "_brand.yaml", "brand.yaml", "_brand.yml.txt")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
OWN_SETTINGS = "mythprint"


@dataclass(frozen=True)
class Palette:
    """The colour roles the templates use, as #rrggbb."""

    text: str
    paper: str
    accent: str
    on_accent: str
    myth: str
    tint: str


# The most of its line a logo takes beside the partnership's name; a wider one goes above.
LOGO_SHARE = 0.6
# Every text-on-background pair the templates use: (text role, background role, where, on
# which outputs). Each must meet WCAG 2.2 AA for normal-size text.
TEXT_PAIRS = (
    ("text", "paper", "body text", "every output"),
    ("accent", "paper", "headings and labels", "every output"),
    (
        "on_accent",
        "accent",
        "text on the brand colour band",
        "posters, leaflet cover and web edition",
    ),
    ("on_accent", "myth", "the 'Myth' label", "poster, leaflet and web edition"),
    (
        "myth",
        "paper",
        "the 'Myth' label on a light background",
        "single-myth posters and the web edition in print",
    ),
    ("text", "tint", "text on tinted panels", "poster, leaflet and web edition"),
)
# Where each palette role comes from in brand.yml.
ROLE_SOURCES = {
    "text": "foreground",
    "paper": "background",
    "accent": "primary",
    "on_accent": "background",
    "myth": "secondary",
    "tint": "light",
}


@dataclass(frozen=True)
class FontFace:
    family: str
    path: Path
    weight: int
    style: str


@dataclass(frozen=True)
class Logo:
    """The kit's logo file, checked safe, with its alt text and (for raster) pixel size."""

    path: Path
    alt: str
    pixels: tuple[int, int] | None = None  # None for SVG, which prints as vectors
    aspect: float | None = None  # width over height; None for an SVG that gives no size

    @property
    def is_vector(self) -> bool:
        return self.pixels is None

    def names_only(self, name: str | None) -> bool:
        """Whether the alt text says no more than `name`, printed beside the logo: the
        name itself, or the name and "logo". A screen reader would say it twice."""
        if not name:
            return False
        said = " ".join(self.alt.casefold().split()).removesuffix(" logo")
        return said == " ".join(name.casefold().split())

    def too_wide_beside(self, height_mm: float, room_mm: float) -> bool:
        """Whether, printed `height_mm` tall, the logo would leave its name too little of a
        line `room_mm` wide: a wide lockup, which goes above the name instead."""
        return self.aspect is not None and height_mm * self.aspect > LOGO_SHARE * room_mm


@dataclass(frozen=True)
class Contact:
    """One line of the contact block, e.g. 'Out of hours' and a phone number."""

    label: str
    value: str


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
    contacts: tuple[Contact, ...] = ()
    qr_url: str | None = None
    review_note: str | None = None
    # The language of the kit's own words, where the kit says it: a screen reader reads
    # them in its voice inside a page in another language. None: the page's language.
    language: str | None = None
    # Families the kit declares for characters its own fonts lack, in order.
    fallback_families: tuple[str, ...] = ()
    # CMYK values (0 to 1) the kit gives for its brand.yml colours, for press files.
    cmyk: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)
    # The parsed brand file, so that later checks can point at its lines.
    source: YamlFile | None = field(default=None, compare=False, repr=False)
    # Problems that stop the kit but not its other checks: its logo missing or refused
    # (the kit is read without it). Only `read_kit` gives a Brand that has any.
    problems: tuple[Problem, ...] = field(default=(), compare=False)

    def words_language(self, page_language: str) -> str | None:
        """The language to mark the kit's own words with on a page in `page_language`:
        the kit's, where it says one that is not the page's (en-GB and en are one)."""
        if self.language is None:
            return None
        same = primary_language(self.language) == primary_language(page_language)
        return None if same else self.language

    @property
    def font_folders(self) -> tuple[Path, ...]:
        return tuple(sorted({face.path.parent for face in self.faces}))


def kit_folder(brands_dir: Path, slug: str) -> Path:
    return Path(brands_dir) / slug


def available_kits(brands_dir: Path) -> list[str]:
    """Slugs of the kit folders in `brands_dir` that hold a brand file, each named right."""
    kits, _ = kit_folders(brands_dir)
    return [n for n in kits if SLUG.match(n) and (kit_folder(brands_dir, n) / BRAND_FILE).is_file()]


SHOWN_KITS = 8  # a folder of more kits is summed up, with those named like the one asked for


def _kits_like(brands_dir: Path, slug: str) -> str:
    """The kits in `brands_dir`, for a slug that is not one: all of a few, or else those
    named most like it (a national batch has 150)."""
    kits = available_kits(brands_dir)
    where = display_path(brands_dir)
    if len(kits) <= SHOWN_KITS:
        return f"kits in {where}: {', '.join(kits) or 'none'}"
    like = difflib.get_close_matches(slug, kits, n=3, cutoff=0.6)
    said = f"did you mean {' or '.join(like)}? " if like else ""
    return f"{said}{where} has {len(kits)} kits: `mythprint list` names them all"


def kit_folders(brands_dir: Path) -> tuple[list[str], list[str]]:
    """The folders in `brands_dir` meant as kits, and the other folders, by name.

    A folder is meant as a kit when it holds a brand file, even a misnamed one, whatever
    its own name: `--brand all` makes every kit it finds, and a kit misnamed either way
    fails, saying what to rename. Hidden folders, and those starting with "_", are neither.
    """
    if not Path(brands_dir).is_dir():
        return [], []
    kits, others = [], []
    for path in sorted(Path(brands_dir).iterdir()):
        if path.name.startswith((".", "_")) or not path.is_dir():
            continue
        named = (path / name for name in (BRAND_FILE, *MISNAMED_BRAND_FILES))
        (kits if any(file.is_file() for file in named) else others).append(path.name)
    return kits, others


def slug_for(name: str) -> str:
    """A kit name that may stand for the folder name `name`: "Ynys Môn" gives "ynys-mon"."""
    letters = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", letters.lower()).strip("-")


def _misnamed(folder: Path, slug: str) -> Problem:
    """The problem of a kit whose folder is not named as a kit must be."""
    message = (
        "a kit's folder name may use only a-z, 0-9 and hyphens, as it names the kit's "
        "files and web pages"
    )
    if slug_for(slug):
        message += f": rename the folder {slug_for(slug)}"
    return Problem(display_path(folder) if folder.is_dir() else slug, None, None, message)


def load_brand(brands_dir: Path, slug: str) -> Brand:
    """Read, validate and resolve the kit `brands_dir/slug/_brand.yml`: a kit with any
    problem at all raises BrandError."""
    brand = read_kit(brands_dir, slug)
    if brand.problems:
        raise BrandError(list(brand.problems))
    return brand


def read_kit(brands_dir: Path, slug: str) -> Brand:
    """The kit as `load_brand` reads it, except that a kit whose only problems are its
    logo's (a file missing, corrupt or unsafe) is read without its logo, those problems
    in its `problems`: `check` lists them with everything else it finds in the kit."""
    folder = kit_folder(brands_dir, slug)
    brand_file = folder / BRAND_FILE
    if not SLUG.match(slug):
        raise BrandError([_misnamed(folder, slug)])
    if not brand_file.is_file():
        misnamed = [name for name in MISNAMED_BRAND_FILES if (folder / name).is_file()]
        why = f"no brand kit here (no {BRAND_FILE}); {_kits_like(brands_dir, slug)}"
        if misnamed:
            why = f"its brand file must be called {BRAND_FILE}: rename {misnamed[0]}"
        raise BrandError([Problem(display_path(folder), None, None, why)])
    source, problems = load_yaml(brand_file)
    if source is None:
        raise BrandError(problems)
    if not isinstance(source.data, CommentedMap):
        raise BrandError(
            [
                source.problem(
                    f"{not_settings(source.data)}: a brand file is a set of settings, each "
                    "written name: value, starting with meta: and color: (compare it with "
                    "brands/example-partnership/_brand.yml)"
                )
            ]
        )
    model = _validate_schema(source)
    from .kit import KitResolver

    resolver = KitResolver(source, folder.resolve())
    brand = resolver.resolve(slug, model)
    if brand is None:
        raise BrandError(resolver.problems)
    return brand


def _validate_schema(source: YamlFile) -> brand_yml.Brand:
    """Validate with the brand-yml package, turning its errors into file:line problems."""
    import brand_yml  # with pydantic, a fifth of a second to import: only when a kit is read
    from pydantic import ValidationError

    from .kitvalues import value_problems
    from .schema import schema_problems, shape_problems

    # Values YAML read other than as typed: brand-yml would pass most of them, and its
    # errors about the rest (a colour that is "not text") would not say why.
    mistyped = value_problems(source)
    if shapes := shape_problems(source):
        raise BrandError(_together(mistyped, shapes))
    try:
        model = brand_yml.Brand.model_validate({**source.data, "path": source.path.absolute()})
    except ValidationError as exc:
        found = schema_problems(source, exc.errors(), brand_yml.Brand)
        raise BrandError(_together(mistyped, found)) from None
    except ValueError as exc:
        raise BrandError([source.problem(str(exc))]) from None
    except (TypeError, KeyError, AttributeError, IndexError) as exc:  # brand-yml's own checks
        message = (
            f"brand-yml could not read this file ({type(exc).__name__}: {exc}); compare its "
            "layout with brands/example-partnership/_brand.yml"
        )
        raise BrandError([source.problem(message)]) from None
    if mistyped:
        raise BrandError(mistyped)
    return model


def _together(mistyped: list[Problem], others: list[Problem]) -> list[Problem]:
    """Both lists in the file's order, less the others on a line a mistyped value is on:
    they are about that value, which the mistyped one explains."""
    lines = {problem.line for problem in mistyped}
    problems = mistyped + [problem for problem in others if problem.line not in lines]
    return sorted(problems, key=lambda problem: (problem.line or 0, problem.column or 0))
