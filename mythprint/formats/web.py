"""The web edition: the guide as an accessible HTML page per language, with the styles, logo,
fonts and copies of the files its pages share and link to."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from .. import __version__
from ..inputs.brand import Brand, Logo
from ..inputs.content import Content
from ..inputs.inline import display_url
from ..inputs.labels import Labels
from ..paths import STYLES_DIR

if TYPE_CHECKING:
    from ..pdf.render import Renderer
    from .webfonts import Wanted, WebFont

FOLDER = "web"
PAGE = f"{FOLDER}/index.html"
STYLESHEET = f"{FOLDER}/web.css"
TEMPLATE = "web.html.j2"
KIT_STYLES = "web-kit.css.j2"
# What the web edition is made with, for the fingerprints of its files: the shared look, and
# the language switch's, which only a page of a pack of several languages carries.
TEMPLATES = (TEMPLATE, KIT_STYLES)
STYLESHEETS = ("web.css", "web-languages.css")

# A value a phone can dial: digits, spaces, dashes, dots, brackets and a leading +.
PHONE = re.compile(r"^\+?[\d\s().-]+$")
EMAIL = re.compile(r"^[^@\s/:]+@[^@\s/]+\.[^@\s/]+$")
WEB_ADDRESS = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
# The logo's height on a phone (web.css: 3.5rem), in CSS px: an SVG's width and height
# attributes give its shape at that size. An SVG with no shape of its own is drawn as a
# browser's default box (check warns of it).
LOGO_HEIGHT_PX = 56
SHAPELESS_SVG = (300, 150)
# The shortest numbers that are dialled (999, 111) have three digits.
MIN_PHONE_DIGITS = 3
KILOBYTE = 1024


@dataclass(frozen=True)
class Download:
    """One file of the kit's pack that the web edition links to."""

    # Beside the pages in web/, so that the folder works wherever it is copied: a copy of
    # the kit's file, e.g. "poster-a3.pdf" or "handout.docx".
    href: str
    title: str  # what it is, e.g. "A3 poster: Consent is always needed to share personal ..."
    kind: str  # "PDF" or "Word"
    size: int  # bytes
    # In a pack of several languages, a file made once per language: its language's tag,
    language: str | None = None
    direction: str | None = None  # that language's: "ltr" or "rtl"
    language_name: str = ""  # and its name in its own words: "English", "Cymraeg"
    # What the file is in each of the pack's languages, as (tag, words) pairs, so that each
    # language's page names it in its own words: a file made once for the whole pack, its
    # title; a file made once per language, what it is without its language's name, which
    # the page prints after them in the file's language ("Poster A3 gyda phob myth · English").
    titles: tuple[tuple[str, str], ...] = ()
    # The kit's file that web/ gets a copy of, and its checksum: the copy is made again
    # when the file is. The path is not part of what the page is made from (its repr): an
    # output folder may move.
    sha256: str = ""
    source: Path | None = field(default=None, compare=False, repr=False)

    @property
    def facts(self) -> str:
        return f"{self.kind}, {size_text(self.size)}"

    def title_in(self, language: str) -> tuple[str, str]:
        """What `language`'s page calls the file, and the name of the file's language to print
        after it in the file's language ("" for none).

        A file in another language is what it is in the page's words, then its language's
        name ("Taflen DL i'w phlygu", "English"); one without those words keeps its title,
        in its own language. A file in the page's language keeps its title, and a file made
        for the whole pack is named in the page's language.
        """
        words = dict(self.titles).get(language)
        if self.language is None:
            return words or self.title, ""
        if self.language == language or words is None or not self.language_name:
            return self.title, ""
        return words, self.language_name

    def foreign_on(self, language: str) -> bool:
        """Whether the file is in a language other than `language`'s page's."""
        return self.language is not None and self.language != language


@dataclass(frozen=True)
class Page:
    """One language's page of the web edition."""

    path: str  # relative to the kit's folder: "web/index.html", "web/index.cy.html"
    content: Content

    @property
    def href(self) -> str:
        """Where the other pages link to it: every page sits in the same folder."""
        return self.path.removeprefix(f"{FOLDER}/")

    @property
    def name(self) -> str:
        """The page's language, in its own words."""
        return self.content.labels.text("language_name")


def switch_name(content: Content, every: list[Page]) -> str:
    """What a screen reader calls the language switch on `content`'s page: the page's own
    word for it ("Ieithoedd"), or, from a content file without one, the languages it offers,
    each in its own words ("Cymraeg / English"), which every reader of the pack understands."""
    own = content.labels.texts.get("language_switch")
    return own or " / ".join(page.name for page in every)


@dataclass(frozen=True)
class ReachLine:
    """One way to reach the partnership: what it is for, and the number or address."""

    label: str
    value: str
    href: str | None  # None for a value nobody can follow, shown as text
    is_address: bool = False  # a web address, which may break after its slashes
    from_kit: bool = False  # a contact, in the kit's own words; else the content's label


def size_text(size: int) -> str:
    """A file's size as people read it: whole KB below 1,000 KB, then MB to one decimal place.

    1 KB is 1,024 bytes, as Windows counts; integer arithmetic rounds half up, the same way
    on every machine, and nothing shows as 0 KB.
    """
    kilobytes = max(1, (size + KILOBYTE // 2) // KILOBYTE)
    if kilobytes < 1000:
        return f"{kilobytes} KB"
    megabyte = KILOBYTE * KILOBYTE
    tenths = (size * 10 + megabyte // 2) // megabyte
    return f"{tenths // 10}.{tenths % 10} MB"


def contact_href(value: str) -> str | None:
    """Where a contact's value leads: a number dials, an email address writes, a web address
    opens; anything else is text, not a link."""
    if PHONE.match(value) and sum(ch.isdigit() for ch in value) >= MIN_PHONE_DIGITS:
        # "+44 (0)1632 960123" is dialled without the bracketed 0.
        number = value.replace("(0)", "") if value.startswith("+") else value
        return "tel:" + ("+" if number.startswith("+") else "") + re.sub(r"\D", "", number)
    if EMAIL.match(value):
        return f"mailto:{value}"
    if WEB_ADDRESS.match(value):
        return value if "://" in value else f"https://{value}"
    return None


def reach_lines(brand: Brand, labels: Labels) -> list[ReachLine]:
    """The kit's contacts, then its QR address and its website (once, if they are the same),
    named in the content's words."""
    lines = []
    for contact in brand.contacts:
        href = contact_href(contact.value)
        is_address = href is not None and href.startswith("http")
        shown = display_url(contact.value) if is_address else contact.value
        lines.append(ReachLine(contact.label, shown, href, is_address, from_kit=True))
    home, qr = brand.home, brand.qr_url
    # The QR code's page, unless it is the website itself (as it is when the kit names none).
    if qr and not (home and display_url(qr) == display_url(home)):
        lines.append(ReachLine(labels.text("read_more_online"), display_url(qr), qr, True))
    if home:
        lines.append(ReachLine(labels.text("website"), display_url(home), home, True))
    return lines


def wanted_faces(brand: Brand, content: Content) -> list[Wanted]:
    """The weights and styles the page sets: body text, bold (labels, the lead-in, contact
    numbers) and headings; italic only when the text has some."""
    styles = ["normal"]
    texts = (content.title, content.intro, content.lead_in, content.source)
    spans = [span for text in texts for span in text]
    spans += [span for myth in content.myths for span in (*myth.statement, *myth.rebuttal)]
    if any(span.emphasis for span in spans):
        styles.append("italic")
    uses = ((brand.body_family, 400), (brand.body_family, 700), (brand.heading_family, 700))
    return [(family, weight, style) for style in styles for family, weight in uses]


def check_downloads(downloads: list[Download]) -> None:
    """Refuse a download that would make the page reach outside its own folder."""
    for download in downloads:
        parts = urlsplit(download.href)
        if parts.scheme or parts.netloc or "/" in download.href or "\\" in download.href:
            raise ValueError(f"a download must be a file beside the page, got {download.href!r}")


def pages(content: Content) -> list[Page]:
    """The web edition's pages, for the first content of a pack (or one alone), in reading
    order: the first language's is web/index.html, each other's is named for its language
    (web/index.cy.html), in the same folder, so that they share the styles, fonts and logo."""
    first, *others = content.pack
    return [
        Page(PAGE, first),
        *(Page(f"{FOLDER}/index.{other.language}.html", other) for other in others),
    ]


def page_html(renderer: Renderer, page: Page, downloads: list[Download]) -> str:
    """One language's page. In a pack, it names its alternates in the other languages and
    shows a switch between them; its downloads in its own language come first."""
    check_downloads(downloads)
    brand, content = renderer.brand, page.content
    every = pages(renderer.content)
    return renderer.env.get_template(TEMPLATE).render(
        content=content,
        brand=brand,
        logo_src=_logo_src(brand),
        logo_size=logo_size(brand.logo) if brand.logo else None,
        reach=reach_lines(brand, content.labels),
        downloads=page_downloads(downloads, content.language),
        languages=every if len(every) > 1 else [],
        # Only a pack has a switch, and only a pack's texts must name their languages
        switch_name=switch_name(content, every) if len(every) > 1 else "",
        current=page,
        stylesheet=STYLESHEET.removeprefix(f"{FOLDER}/"),
        preload=first_fonts(renderer, content),
        version=__version__,
    )


def first_fonts(renderer: Renderer, content: Content) -> list[str]:
    """The font files a page's first view sets its text in: the kit's families, upright, at
    the weights the page uses. Named in its head, the browser fetches them beside the
    stylesheet, not after it, so they are more often in place before the text is first
    drawn; drawn first in the stand-in font, the text moved as they came (a layout shift of
    0.01 to 0.07 at 1280 px). Italic and a language's fallback fonts come as the page asks."""
    from .webfonts import kit_files

    brand = renderer.brand
    pack = [want for each in renderer.content.pack for want in wanted_faces(brand, each)]
    files = kit_files(brand, pack)
    upright = [want for want in wanted_faces(brand, content) if want[2] == "normal"]
    return list(dict.fromkeys(files[want] for want in upright if want in files))


def page_downloads(downloads: list[Download], language: str) -> list[Download]:
    """The downloads as `language`'s page lists them: the files it can read first (its own
    language's, and those made for the whole pack), then the other languages' files, each
    group in the order made."""
    return sorted(downloads, key=lambda download: download.language not in (None, language))


def web_assets(
    renderer: Renderer, htmls: list[str], downloads: Iterable[Download] = ()
) -> dict[str, bytes]:
    """What every page of the edition shares, by path: the logo, the fonts (subset to what
    all the pages print) with the stylesheet that declares them, and a copy of each file
    the pages link to, so that web/ copied to a website as it is has no broken link."""
    # Here, not above: a build's plan reads this module's pages, and needs no fontTools.
    from ..inputs.checks import printed_text
    from .webfonts import web_fonts

    brand = renderer.brand
    files: dict[str, bytes] = {}
    logo_src = _logo_src(brand)
    if logo_src is not None:
        files[f"{FOLDER}/{logo_src}"] = brand.logo.path.read_bytes()
    wanted = [face for content in renderer.content.pack for face in wanted_faces(brand, content)]
    text = "".join(printed_text(html) for html in htmls)
    fonts = web_fonts(brand, wanted, text)
    for font in fonts:
        files[f"{FOLDER}/{font.filename}"] = font.data
    files[STYLESHEET] = _stylesheet(renderer, fonts, several=len(htmls) > 1).encode()
    files.update((f"{FOLDER}/{d.href}", d.source.read_bytes()) for d in downloads if d.source)
    return files


def web_edition(renderer: Renderer, downloads: list[Download]) -> dict[str, bytes]:
    """The web edition's files, by path relative to the kit's folder in --out: each
    language's page ('web/index.html' first) and the assets beside them in 'web/'."""
    made = {page.path: page_html(renderer, page, downloads) for page in pages(renderer.content)}
    files = web_assets(renderer, list(made.values()), downloads)
    files.update((path, html.encode()) for path, html in made.items())
    return dict(sorted(files.items()))


def logo_size(logo: Logo) -> tuple[int, int]:
    """The logo's width and height for its <img>: a raster's pixels, an SVG's shape in whole
    numbers about as tall as it is shown on a phone. Their ratio reserves the logo's room
    before it loads, so it must be the logo's own: 61 × 56 for a 120 × 110 logo would be
    a tenth of a pixel too narrow, and the page would still move."""
    if logo.pixels is not None:
        return logo.pixels
    if logo.aspect is None:
        return SHAPELESS_SVG
    # (At least 1 in 1,000: a logo a thousand times taller than wide still has a width.)
    ratio = max(Fraction(logo.aspect).limit_denominator(1000), Fraction(1, 1000))
    times = max(1, round(LOGO_HEIGHT_PX / ratio.denominator))
    return ratio.numerator * times, ratio.denominator * times


def _logo_src(brand: Brand) -> str | None:
    return None if brand.logo is None else f"logo{brand.logo.path.suffix.lower()}"


def _stylesheet(renderer: Renderer, fonts: list[WebFont], several: bool = False) -> str:
    """The kit's fonts and colours, then the look that every kit shares, in one file; with
    several languages' pages, the language switch's look too."""
    kit = renderer.env.get_template(KIT_STYLES).render(
        brand=renderer.brand, colors=asdict(renderer.brand.palette), fonts=fonts
    )
    sheets = STYLESHEETS if several else STYLESHEETS[:1]
    look = "\n".join((STYLES_DIR / name).read_text(encoding="utf-8") for name in sheets)
    return f"{kit.rstrip()}\n\n{look}"
