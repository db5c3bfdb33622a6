"""The web edition: the guide as one accessible HTML page, with its styles, logo and fonts."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from . import __version__
from .brand import Brand
from .checks import printed_text
from .content import Content
from .inline import display_url
from .labels import Labels
from .paths import STYLES_DIR
from .webfonts import Wanted, WebFont, web_fonts

if TYPE_CHECKING:
    from .render import Renderer

FOLDER = "web"
PAGE = f"{FOLDER}/index.html"
STYLESHEET = f"{FOLDER}/web.css"
TEMPLATE = "web.html.j2"
KIT_STYLES = "web-kit.css.j2"
# What the web edition is made with, for the fingerprints of its files.
TEMPLATES = (TEMPLATE, KIT_STYLES)
STYLESHEETS = ("web.css",)

# A value a phone can dial: digits, spaces, dashes, dots, brackets and a leading +.
PHONE = re.compile(r"^\+?[\d\s().-]+$")
EMAIL = re.compile(r"^[^@\s/:]+@[^@\s/]+\.[^@\s/]+$")
WEB_ADDRESS = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
# The shortest numbers that are dialled (999, 111) have three digits.
MIN_PHONE_DIGITS = 3
KILOBYTE = 1024


@dataclass(frozen=True)
class Download:
    """One file of the kit's pack that the web edition links to."""

    href: str  # relative to web/index.html, e.g. "../poster-a3.pdf" or "../handout.docx"
    title: str  # what it is, e.g. "A3 poster: Consent is always needed to share personal ..."
    kind: str  # "PDF" or "Word"
    size: int  # bytes
    # In a pack of several languages, a file made once per language: its language's tag.
    language: str | None = None

    @property
    def facts(self) -> str:
        return f"{self.kind}, {size_text(self.size)}"


@dataclass(frozen=True)
class ReachLine:
    """One way to reach the partnership: what it is for, and the number or address."""

    label: str
    value: str
    href: str | None  # None for a value nobody can follow, shown as text
    is_address: bool = False  # a web address, which may break after its slashes


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
        lines.append(ReachLine(contact.label, shown, href, is_address))
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
    """Refuse a download that would make the page reach outside the kit's own folder tree."""
    for download in downloads:
        parts = urlsplit(download.href)
        if parts.scheme or parts.netloc or download.href.startswith(("/", "\\")):
            raise ValueError(f"a download's href must be relative, got {download.href!r}")


def web_edition(renderer: Renderer, downloads: list[Download]) -> dict[str, bytes]:
    """The web edition's files, by path relative to the kit's folder in --out:
    'web/index.html' and the assets beside it in 'web/'."""
    check_downloads(downloads)
    brand, content = renderer.brand, renderer.content
    files: dict[str, bytes] = {}
    logo_src = None
    if brand.logo is not None:
        logo_src = f"logo{brand.logo.path.suffix.lower()}"
        files[f"{FOLDER}/{logo_src}"] = brand.logo.path.read_bytes()
    html = renderer.env.get_template(TEMPLATE).render(
        content=content,
        brand=brand,
        logo_src=logo_src,
        reach=reach_lines(brand, content.labels),
        downloads=downloads,
        stylesheet=STYLESHEET.removeprefix(f"{FOLDER}/"),
        version=__version__,
    )
    fonts = web_fonts(brand, wanted_faces(brand, content), printed_text(html))
    for font in fonts:
        files[f"{FOLDER}/{font.filename}"] = font.data
    files[STYLESHEET] = _stylesheet(renderer, fonts).encode()
    files[PAGE] = html.encode()
    return dict(sorted(files.items()))


def _stylesheet(renderer: Renderer, fonts: list[WebFont]) -> str:
    """The kit's fonts and colours, then the look that every kit shares, in one file."""
    kit = renderer.env.get_template(KIT_STYLES).render(
        brand=renderer.brand, colors=asdict(renderer.brand.palette), fonts=fonts
    )
    look = (STYLES_DIR / STYLESHEETS[0]).read_text(encoding="utf-8")
    return f"{kit.rstrip()}\n\n{look}"
