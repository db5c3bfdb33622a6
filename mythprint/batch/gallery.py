"""The gallery: one page, <out>/index.html, showing every kit built into a folder."""

import re
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote, urlsplit

from .. import __version__
from ..formats.web import size_text
from ..inputs.brand import ROLE_SOURCES
from ..inputs.content import LANGUAGE_TAG, language_direction
from .output import GONE, UNFINISHED, failed_path, for_press
from .progress import count

TEMPLATE = "gallery.html.j2"
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
# What each colour role is for, in the words of brand.yml's keys (ROLE_SOURCES).
ROLE_NAMES = {
    "text": "Text",
    "paper": "Paper",
    "accent": "Brand colour",
    "on_accent": "Text on the brand colour",
    "myth": "'Myth' label",
    "tint": "Panels",
}
KINDS = {".pdf": "PDF", ".docx": "Word", ".html": "Web page"}
# Cards follow the order of the README's table of files; formats it does not list come after.
FORMAT_ORDER = ("poster", "myth-posters", "leaflet", "handout")
PRESS_FOLDER = "press"
FIRST_WEB_PAGE = "web/index.html"
GALLERY_LANGUAGE = "en-GB"  # the page's own: <html lang> in the template
ANCHOR = re.compile(r"^[a-z0-9-]+$")  # a kit's slug, safe as the id of its section
# What a file's card says when the copy it links to is not the last build's
FAILED_FILE = "from an earlier build: its latest build failed"
KIT_NOT_BUILT = "from an earlier build: its kit was not built in the last build"
KIT_GONE = "from an earlier build: its kit folder is gone"
# What the card of a file made before its kit changed says: the build that makes it again
OUT_OF_DATE = (
    "out of date: made before this kit changed; build with --for {} and no --format to make "
    "it again"
)


@dataclass(frozen=True)
class Swatch:
    role: str
    source: str  # the brand.yml key the colour comes from
    value: str
    css: str | None  # the value again, when it is safe to paint; None shows only the words


@dataclass(frozen=True)
class Card:
    """One file made: its link, what it is, and its first page as a thumbnail."""

    href: str
    title: str
    kind: str
    facts: tuple[str, ...]
    thumbnail: str | None
    press: bool
    language: str | None = None  # its title's, where it is not the gallery's own
    direction: str = "ltr"
    stale: str | None = None  # why the file is an earlier build's, when the last one failed


@dataclass(frozen=True)
class KitView:
    slug: str
    heading: str
    named: bool
    swatches: tuple[Swatch, ...]
    warnings: tuple[str, ...]
    web: tuple[Card, ...]  # the web edition's pages: the first language's, then the others
    office: tuple[Card, ...]
    press: tuple[Card, ...]
    anchor: str = ""  # the id of its section: its slug, unless the slug is not safe there
    errors: tuple[str, ...] = ()  # what the last build that ran the kit could not make
    not_built: bool = False  # that build could not build the kit at all
    gone: bool = False  # its folder is no longer in the kits' folder: these files are left
    out_of_date: int = 0  # files made before the kit changed, and not made again since
    # The last build that was to make the kit was stopped before it finished it: some of
    # its files, or all, are missing or an earlier build's
    unfinished: bool = False
    # Whether the build that recorded it checked the kit: a kit it could not read, or never
    # reached, has no warnings to show, which is not the same as none
    checked: bool = True

    @property
    def failed_files(self) -> int:
        """Files the last build could not make, one error line each (a kit not built has
        none of its own: its error lines are the kit's)."""
        return 0 if self.not_built else len(self.errors)

    @property
    def files(self) -> int:
        """The files the page lists for the kit: its web pages, office and press files."""
        return len(self.web) + len(self.office) + len(self.press)

    @property
    def attention(self) -> str | None:
        """What needs a look before the kit is printed, in a few words; None if nothing
        failed in its latest build (warnings from check are counted apart)."""
        if self.gone:
            return "Kit folder gone"
        found = ["Not finished (build stopped)"] if self.unfinished else []
        if self.not_built:
            found.append("Not built")
        elif self.errors:
            found.append(f"{count(len(self.errors), 'file')} not made")
        if self.out_of_date:
            found.append(f"{count(self.out_of_date, 'file')} out of date")
        return ", ".join(found) or None

    @property
    def failed(self) -> bool:
        """Whether the last build that ran the kit failed to make some of it."""
        return self.not_built or bool(self.errors)

    @property
    def warnings_shown(self) -> str:
        """The table's count of warnings from check: a dash for a kit not checked."""
        return str(len(self.warnings)) if self.checked else "–"


def gallery_html(manifest: dict, stamp: str = "", stopped: bool = False) -> str:
    """<out>/index.html: every kit built into this folder, from its manifest.

    `stamp` tells a later build whether the page is current (see batch.write_gallery).
    `stopped`: the build was stopped (Ctrl-C) before it finished, and the page says so.
    """
    text = _mapping(manifest.get("text"))
    order = [str(name) for name in _list(text.get("files"))]
    kits = [
        replace(kit_view(slug, info, outputs, order), anchor=anchor(slug, number))
        for number, (slug, info, outputs) in enumerate(_kits(manifest), 1)
    ]
    text_warnings = [str(w) for w in _list(text.get("warnings"))]
    from ..formats.markup import make_environment  # Jinja: only for a page to write

    template = make_environment().get_template(TEMPLATE)
    return template.render(
        kits=kits,
        failed=[kit for kit in kits if kit.failed or kit.unfinished],
        unfinished=[kit for kit in kits if kit.unfinished],
        attention=attention_summary(kits),
        text_warnings=text_warnings,
        files=sum(kit.files for kit in kits),
        files_failed=sum(kit.failed_files for kit in kits),
        kits_not_built=sum(kit.not_built for kit in kits),
        files_out_of_date=sum(kit.out_of_date for kit in kits),
        kits_gone=sum(kit.gone for kit in kits),
        warnings=sum(len(kit.warnings) for kit in kits) + len(text_warnings),
        version=__version__,
        stamp=stamp,
        stopped=stopped,
    )


def attention_summary(kits: list[KitView]) -> str:
    """The overview's caption: how many kits need a look, and why, in one sentence."""
    needs = [kit for kit in kits if kit.attention]
    if not needs:
        return "No kit needs attention: nothing failed in the last build."
    failed = [kit for kit in needs if kit.failed]
    not_built = sum(kit.not_built for kit in failed)
    reasons = [f"{not_built} not built"] if not_built else []
    if len(failed) > not_built:
        reasons.append(f"{len(failed) - not_built} with files not made")
    if reasons:
        reasons[-1] += " in the last build"
    if stale := sum(bool(kit.out_of_date) for kit in needs):
        reasons.append(f"{stale} with files out of date")
    if unfinished := sum(kit.unfinished for kit in needs):
        reasons.insert(0, f"{unfinished} not finished, as a build was stopped")
    if gone := sum(kit.gone for kit in needs):
        reasons.append(f"{gone} whose kit folder is gone")
    return (
        f"{len(needs)} of {count(len(kits), 'kit')} need{'s' if len(needs) == 1 else ''}"
        f" attention: {', '.join(reasons)}."
    )


def anchor(slug: str, number: int) -> str:
    """The id of a kit's section: its slug, or for a folder whose name is not one (a kit
    not built, as its name has spaces) its place on the page; "_" is in no slug."""
    return slug if ANCHOR.match(slug) else f"_{number}"


def _kits(manifest: dict) -> list[tuple[str, dict, list[dict]]]:
    """Each kit's slug, its entry in `kits`, and its outputs, sorted by slug.

    A kit named only by its outputs is shown too, and a kit without outputs still shows
    its colours and warnings.
    """
    kits = _mapping(manifest.get("kits"))
    outputs: dict[str, list[dict]] = {}
    for output in _list(manifest.get("outputs")):
        if not isinstance(output, dict) or safe_path(output.get("path")) is None:
            continue
        slug = output.get("brand") or output["path"].split("/", 1)[0]
        outputs.setdefault(str(slug), []).append(output)
    slugs = sorted({str(slug) for slug in kits} | set(outputs))
    return [(slug, _mapping(kits.get(slug)), outputs.get(slug, [])) for slug in slugs]


def kit_view(slug: str, info: dict, outputs: list[dict], order: list[str] = ()) -> KitView:
    """One kit's section: its web edition apart, then its files in the README's order, and
    within a format in the `order` of the pack's file names (so the single-myth posters
    come in the guide's order), then by name."""
    place = {name: number for number, name in enumerate(order)}

    def key(output: dict) -> tuple:
        name = output["path"].split("/", 1)[-1].removeprefix(PRESS_FOLDER + "/")
        return _rank(output.get("format")), place.get(name, len(place)), output["path"]

    outputs = sorted(outputs, key=key)
    # A kit whose folder is gone is that alone: what its last build said of it, failures and
    # files out of date, no longer counts, as no build will run it again.
    gone = info.get(GONE) is True
    errors = () if gone else tuple(str(line) for line in _list(info.get("errors")))
    not_built = not gone and info.get("not_built") is True
    cards = [card(output, _stale(slug, output, errors, not_built, gone)) for output in outputs]
    web = [c for c in cards if c.kind == KINDS[".html"] and not c.press]
    # The first language's page is web/index.html; the others' are named for their language.
    web.sort(key=lambda c: not c.href.endswith(f"/{FIRST_WEB_PAGE}"))
    name = info.get("name")
    unfinished = not gone and info.get(UNFINISHED) is True
    return KitView(
        slug=slug,
        heading=str(name) if name else slug,
        named=bool(name),
        swatches=swatches(_mapping(info.get("colors"))),
        warnings=tuple(str(w) for w in _list(info.get("warnings"))),
        web=tuple(web),
        office=tuple(c for c in cards if not c.press and c not in web),
        press=tuple(c for c in cards if c.press and c not in web),
        anchor=slug,
        errors=errors,
        not_built=not_built,
        gone=gone,
        out_of_date=0 if gone else sum(output.get("stale") is True for output in outputs),
        unfinished=unfinished,
        checked=isinstance(info.get("warnings"), list),
    )


def _stale(
    slug: str, output: dict, errors: tuple[str, ...], not_built: bool, gone: bool = False
) -> str | None:
    """Why the file listed is an earlier build's, if it is: its kit folder is gone, its kit
    was not built, an error line of the last build names it, or it was made before the kit
    changed (by a build of the other profile, or of other formats)."""
    if gone:
        return KIT_GONE
    if not_built:
        return KIT_NOT_BUILT
    if any(failed_path(line, slug) == output["path"] for line in errors):
        return FAILED_FILE
    if output.get("stale") is True:
        return OUT_OF_DATE.format("press" if for_press(output["path"]) else "office")
    return None


def _rank(format_name: Any) -> int:
    return FORMAT_ORDER.index(format_name) if format_name in FORMAT_ORDER else len(FORMAT_ORDER)


def card(output: dict, stale: str | None = None) -> Card:
    """A file's card, from its record in the manifest; a press file sits in <kit>/press/.
    `stale` says why the file is an earlier build's, when it is."""
    path = output["path"]
    kind = KINDS.get(PurePosixPath(path).suffix.lower(), "File")
    language = output.get("language")
    language = language if isinstance(language, str) and LANGUAGE_TAG.match(language) else None
    language = None if language == GALLERY_LANGUAGE else language
    return Card(
        href=quote(path),
        title=str(output.get("title") or PurePosixPath(path).name),
        kind=kind,
        facts=facts(output, kind),
        thumbnail=thumbnail(_mapping(output.get("parts"))),
        press=for_press(path),
        language=language,
        direction=language_direction(language) if language else "ltr",
        stale=stale,
    )


def facts(output: dict, kind: str) -> tuple[str, ...]:
    """The file's type, pages, type size and size, as words: "PDF, 1 page, text 17 pt"."""
    found = [kind]
    pages = output.get("pages")
    if isinstance(pages, int) and not isinstance(pages, bool) and pages > 0:
        found.append(f"{pages} page" + ("s" if pages != 1 else ""))
    size_pt = output.get("font_size_pt")
    if isinstance(size_pt, int | float) and not isinstance(size_pt, bool) and size_pt > 0:
        found.append(f"text {size_pt:g} pt")
    size = output.get("bytes")
    if isinstance(size, int) and not isinstance(size, bool) and size >= 0:
        found.append(size_text(size))
    press = output.get("press")
    if isinstance(press, str) and press:
        found.append(press)  # whether the print shop gets CMYK, and what bleed
    return tuple(found)


def thumbnail(parts: dict) -> str | None:
    """The first preview of the file's first page, as a link relative to the gallery."""
    for path in parts:
        if safe_path(path) and path.endswith("-1.png"):
            return quote(path)
    return None


def swatches(colors: dict) -> tuple[Swatch, ...]:
    """The kit's colour roles in the order the kit's documents name them, then any others."""
    roles = [role for role in ROLE_SOURCES if role in colors]
    roles += sorted(str(role) for role in colors if role not in ROLE_SOURCES)
    return tuple(
        Swatch(
            role=ROLE_NAMES.get(role, role),
            source=ROLE_SOURCES.get(role, role),
            value=str(colors[role]),
            css=str(colors[role]) if HEX_COLOUR.match(str(colors[role])) else None,
        )
        for role in roles
    )


def safe_path(path: Any) -> str | None:
    """A path inside the gallery's folder, or None: nothing absolute, no scheme, no '..'."""
    if not isinstance(path, str) or not path or path.startswith(("/", "\\")):
        return None
    if urlsplit(path).scheme or "\\" in path or ".." in path.split("/"):
        return None
    return path


def _mapping(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []
