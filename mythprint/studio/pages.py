"""The studio's pages: Jinja templates, autoescaped, in the web edition's look (its stylesheet
and fonts, in the default kit's colours), and what each field, finding and preview shows."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace
from functools import cached_property

import fontpkg
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from .. import __version__
from ..formats.webfonts import best_face, font_filename
from ..inputs.brand import FontFace, load_brand
from ..inputs.content import Content
from ..inputs.kitfonts import package_faces
from ..paths import DEFAULT_BRANDS_DIR, STYLES_DIR, TEMPLATES_DIR
from .kitform import (
    DEFAULT_PRIMARY,
    DEFAULT_SECONDARY,
    LABELS,
    TEXT_FIELDS,
    KitFields,
    Notice,
    language_choices,
)
from .visitors import Page

STUDIO_TEMPLATES = TEMPLATES_DIR / "studio"
# What each field is for, in a line under its label.
HINTS = {
    "name": "Printed on everything, for example Northshire Safeguarding Children Partnership.",
    "short_name": "Optional. Used where space is short, for example Northshire SCP.",
    "website": "Printed on everything, for example https://www.northshire.gov.uk.",
    "language": "The language your partnership’s name, contacts, logo description and review "
    "note are "
    "written in, so that screen readers read them in the right voice. It does not change "
    "the language of the guide.",
    "primary": "For bands, headings and the “Fact” label. Pick it, or type its code, such "
    "as #005a70.",
    "secondary": "For the “Myth” label. Pick it, or type its code, such as #7a2958.",
    "logo": "An SVG, PNG or JPEG file, up to 5 MB. An SVG prints sharpest.",
    "logo_alt": "What the logo says or shows, for people who cannot see it, for example "
    "“Northshire Safeguarding Children Partnership logo”.",
    "contacts": "One a line: what it is for, a colon, then the number. For example: "
    "Worried about a child? Children's Services: 01632 960123",
    "qr": "Optional. The web page the QR code opens. Leave it empty to use your website.",
    "review": "Optional. Printed small under the guide’s source on everything, for example "
    "“Approved by the Northshire partnership board. Next review: April 2027.”",
    "saved_kit": "The .zip the studio gave you when you downloaded your pack.",
    "shipped_kit": "",
}
HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
# A value quoted in a message, 'so' or ‘so’: what a partnership typed, or a file's name.
QUOTED = r"(?<![\w’])'([^\n]+?)'(?![\w’])|‘([^’\n]+)’"
# Letters of a script written right to left (Hebrew, Arabic, Syriac, Thaana, N'Ko...), and a
# run of them with the spaces between its words: an unquoted name, or one letter of a list.
RTL = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc"
RTL_RUN = rf"[{RTL}](?:[{RTL}\u064b-\u065f\s]*[{RTL}])?"

# The scripts a partnership may type into the fields that the default kit's font lacks and
# many machines have no font for (Debian, and many office kiosks, show Urdu's ے and ہ as empty
# boxes): the project's font for each, and the Unicode blocks it serves. Each is declared for
# only those letters, so a browser fetches it only for a page that shows them. Latin, Greek
# and Cyrillic letters beyond the kit's are left to the system's fonts: every machine has them.
SCRIPT_FONTS = {
    "IBM Plex Sans Arabic": (
        (0x0600, 0x06FF),  # Arabic: Urdu's letters, its full stop ۔ and digits ۰–۹
        (0x0750, 0x077F),  # Arabic Supplement
        (0x0870, 0x08FF),  # Arabic Extended-B and -A
        (0xFB50, 0xFDFF),  # Arabic Presentation Forms-A
        (0xFE70, 0xFEFF),  # Arabic Presentation Forms-B
    ),
}

PNG_WIDTH = slice(16, 20)
PNG_HEIGHT = slice(20, 24)
# The handout is A4 portrait, previewed 800 pixels tall, like every page.
HANDOUT_SIZE = (566, 800)
# The previews of each format a preview run makes, in the order the pack lists them.
PREVIEWS_OF = {
    "poster": ("poster",),
    "myth-posters": ("myth",),
    "leaflet": ("leaflet-outside", "leaflet-inside"),
    "handout": ("handout",),
}


def own_words(page: Page) -> tuple[str, ...]:
    """Everything the partnership typed that a message may quote: each field's value, each
    contact line and its parts, and the logo's name; longest first."""
    values = page.values if isinstance(page.values, KitFields) else KitFields()
    words = {getattr(values, name) for name in TEXT_FIELDS}
    for line in values.contacts.splitlines():
        words.add(line.strip())
    for label, value in values.contact_lines:
        words.update((label, value, f"{label}: {value}"))
    words.add(page.logo_shown)
    return tuple(sorted((w for w in words if w), key=len, reverse=True))


def isolated(text: str, own: tuple[str, ...] = ()) -> Markup:
    """`text`, escaped, with each value it quotes, and each run of right-to-left letters
    outside them, in a <bdi>: an Urdu contact quoted in an English sentence reads in its
    own direction, and neither it nor the sentence reorders the other ("contact
    '...: 01632 960123' is" never shows its number before the quote). A value the
    partnership typed is matched whole first, apostrophes and all (Children's)."""
    values = "|".join(rf"'({re.escape(word)})'|‘({re.escape(word)})’" for word in own)
    pattern = re.compile("|".join(filter(None, (values, QUOTED, f"({RTL_RUN})"))))
    out, at = [], 0
    for match in pattern.finditer(text):
        start, end = next(match.span(i) for i in range(1, len(match.groups()) + 1)
                          if match.group(i) is not None)  # fmt: skip
        out += [escape(text[at:start]), Markup("<bdi>"), escape(text[start:end]),
                Markup("</bdi>")]  # fmt: skip
        at = end
    out.append(escape(text[at:]))
    return Markup("").join(out)


def errors_first(notices) -> list[Notice]:
    """`notices` with every error before every warning, each kind in its order: what stops
    the pack is read first, not screens down on a phone."""
    return sorted(notices, key=lambda notice: notice.level != "error")


@dataclass(frozen=True)
class FieldView:
    """One field: its label, value, hint, and the notices shown beside it."""

    name: str
    value: str
    notices: tuple[Notice, ...]
    choices: tuple[tuple[str, str], ...] = ()  # a list's options: (value, what it shows)

    @property
    def label(self) -> str:
        return LABELS[self.name]

    @property
    def hint(self) -> str:
        return HINTS[self.name]

    @property
    def invalid(self) -> bool:
        return any(notice.level == "error" for notice in self.notices)

    @property
    def state(self) -> str:
        if self.invalid:
            return "error"
        return "warning" if self.notices else ""

    def notice_id(self, index: int) -> str:
        return f"{self.name}-notice-{index}"

    @property
    def described_by(self) -> str:
        ids = [f"{self.name}-hint"] if self.hint else []
        ids += [self.notice_id(i) for i in range(1, len(self.notices) + 1)]
        return " ".join(ids)

    @property
    def picker_value(self) -> str:
        """A colour picker needs #rrggbb: the value, or the default while it is not one."""
        if HEX.match(self.value):
            return self.value.lower()
        return DEFAULT_SECONDARY if self.name == "secondary" else DEFAULT_PRIMARY

    @property
    def shades(self) -> list[str]:
        return list(dict.fromkeys(n.shade for n in self.notices if n.shade))


@dataclass(frozen=True)
class PreviewView:
    key: str
    caption: str
    alt: str
    width: int
    height: int
    run: int
    # A preview that could not be made, marked in its place, and the field its problem is
    # beside (with its label), if one is.
    missing: bool = False
    field: str | None = None
    field_label: str = ""

    @property
    def src(self) -> str:
        return f"/previews/{self.key}.png?run={self.run}"

    @property
    def landscape(self) -> bool:
        return self.width > self.height


@dataclass(frozen=True)
class ScriptFont:
    """A face of a script's font, as its package ships it, and its CSS `unicode-range`. Not
    cut down: the studio serves it on this machine only, where 240 KB is nothing, and cutting
    it down took the studio's start up to a second per face."""

    face: FontFace
    weight: int
    unicode_range: str

    @property
    def filename(self) -> str:
        return font_filename(self.face, (self.weight, self.weight)).replace(
            ".woff2", self.face.path.suffix.lower()
        )

    @property
    def format(self) -> str:
        return "opentype" if self.face.path.suffix.lower() == ".otf" else "truetype"

    @property
    def media_type(self) -> str:
        return "font/otf" if self.face.path.suffix.lower() == ".otf" else "font/ttf"


def script_fonts(weights: list[int]) -> list[ScriptFont]:
    """The faces of each of SCRIPT_FONTS installed (with the languages extra), in `weights`:
    one file a weight."""
    fonts = []
    for family, blocks in SCRIPT_FONTS.items():
        try:
            faces = package_faces(family)
        except fontpkg.FontpkgError:
            continue  # the languages extra is not installed: the system's fonts, as before
        for weight in dict.fromkeys(weights):
            face = best_face(faces, family, weight, "normal")
            if face is not None:
                fonts.append(ScriptFont(face, weight, unicode_range(blocks)))
    return fonts


def unicode_range(blocks: tuple[tuple[int, int], ...]) -> str:
    """Unicode blocks as a CSS unicode-range ("U+600-6FF, U+750-77F")."""
    return ", ".join(f"U+{low:X}-{high:X}" for low, high in blocks)


class Pages:
    """The template environment and the studio's own stylesheet, script and fonts."""

    def __init__(self, content: Content):
        self.content = content
        self.env = Environment(
            loader=FileSystemLoader([STUDIO_TEMPLATES, TEMPLATES_DIR]),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters["isolated"] = isolated

    def render(self, template: str, **context) -> str:
        return self.env.get_template(template).render(version=__version__, **context)

    @cached_property
    def assets(self) -> dict[str, tuple[bytes, str]]:
        """Every file under /static/, by name: the stylesheet, the script, the fonts."""
        from ..formats.webfonts import web_fonts

        brand = load_brand(DEFAULT_BRANDS_DIR, "default")
        wanted = [(brand.body_family, 400, "normal"), (brand.body_family, 700, "normal")]
        fonts = web_fonts(brand, wanted, "")
        # What a partnership types in another script is drawn in the project's font for it,
        # after the kit's: listed in the kit's font stacks as a fallback.
        scripts = script_fonts([weight for _, weight, _ in wanted])
        extra = tuple(dict.fromkeys(each.face.family for each in scripts))
        brand = replace(brand, fallback_families=(*brand.fallback_families, *extra))
        kit = self.env.get_template("web-kit.css.j2").render(
            brand=brand, colors=asdict(brand.palette), fonts=fonts
        )
        faces = self.env.get_template("script-fonts.css.j2").render(scripts=scripts)
        sheets = [(STYLES_DIR / name).read_text("utf-8") for name in ("web.css", "studio.css")]
        css = "\n\n".join(filter(None, [kit.rstrip(), faces.strip(), *sheets]))
        files = {
            "studio.css": (css.encode(), "text/css; charset=utf-8"),
            "studio.js": (
                (STUDIO_TEMPLATES / "studio.js").read_bytes(),
                "text/javascript; charset=utf-8",
            ),
        }
        for font in fonts:
            files[font.filename] = (font.data, "font/woff2")
        for each in scripts:
            files[each.filename] = (each.face.path.read_bytes(), each.media_type)
        return files

    # --- the home page ---

    def fields(self, page: Page) -> dict[str, FieldView]:
        values = asdict(page.values) if isinstance(page.values, KitFields) else {}
        choices = {"language": language_choices(page.kit_language, values.get("language"))}
        return {
            name: FieldView(
                name,
                values.get(name, ""),
                tuple(errors_first(n for n in page.notices if n.field == name)),
                tuple(choices.get(name, {}).items()),
            )
            for name in LABELS
        }

    def previews(self, page: Page, handout: bool) -> list[PreviewView]:
        """The page's previews, in the order the pack lists them, with their alt text; in
        the place of a format that could not be made, a mark that says so."""
        from ..formats.registry import FORMATS

        myth_job = FORMATS["myth-posters"].jobs(self.content)[0]
        descriptions = {
            "poster": FORMATS["poster"].describe(None, self.content),
            "myth": FORMATS["myth-posters"].describe(myth_job, self.content),
            "leaflet-outside": "DL leaflet, outside: the covers (page 1)",
            "leaflet-inside": "DL leaflet, inside: the myths (page 2)",
            "handout": "Word handout, first page",
        }
        missing = {
            "leaflet": "DL leaflet",
            "handout": "Word handout",
        }
        not_made = dict(page.not_made)
        views = []
        for name, keys in PREVIEWS_OF.items():
            if name in not_made:
                field = not_made[name]
                description = missing.get(name, descriptions[keys[0]])
                label = LABELS.get(field, "") if field else ""
                views.append(PreviewView(name, description, "", 0, 0, page.run, True, field,
                                         label))  # fmt: skip
                continue
            for key in keys:
                if key == "handout":
                    if handout and page.handout is not None:
                        views.append(self._view(key, descriptions[key], page, *HANDOUT_SIZE))
                elif (png := page.previews.get(key)) is not None:
                    size = (int.from_bytes(png[part], "big") for part in (PNG_WIDTH, PNG_HEIGHT))
                    views.append(self._view(key, descriptions[key], page, *size))
        return views

    def _view(self, key: str, description: str, page: Page, width: int, height: int):
        alt = f"{description}, made with the {page.kit_name} kit"
        return PreviewView(key, description, alt, width, height, page.run)
