"""HTML from templates, and PDFs from HTML, with work shared across every output of a build.

WeasyPrint is imported only when something is laid out: filling the templates, as `check`
does, needs none of it, and importing it takes most of half a second.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sys
from contextlib import contextmanager
from functools import cached_property
from typing import TYPE_CHECKING

from .. import __version__
from ..errors import RenderProblem, ResourceRefused
from ..formats.markup import make_environment
from ..formats.qr import qr_data_uri, qr_png_data_uri
from ..formats.targets import FitMemory
from ..inputs.brand import Brand
from ..inputs.content import Content
from ..inputs.inline import display_url
from ..paths import STYLES_DIR
from .presslogo import logo_in_cmyk
from .profiles import OFFICE_PROFILE, Profile, css_colors, exact_cmyk, press_inks, qr_ink
from .weasyprint_log import WEASYPRINT_LOGGER, Collector

if TYPE_CHECKING:
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    from .fetcher import SafeURLFetcher


def import_weasyprint() -> None:
    """Import WeasyPrint, on Linux without its slow search for its libraries.

    WeasyPrint tries each library under several names, for every platform, before the
    Linux one ("libpango-1.0-0", "pango-1.0-0", "pango-1.0", then "libpango-1.0.so.0").
    cffi looks each name that fails up with ctypes.util.find_library, which on Linux
    runs ldconfig, then gcc and ld where they are installed: a fifth to a third of a
    second of every build's start (WeasyPrint issue 1125). Linux's loader finds each
    library by its file name alone, so while WeasyPrint loads them that look-up says
    "not found", and the file name that follows is loaded as it would have been.
    """
    if "weasyprint" in sys.modules or sys.platform != "linux":
        import weasyprint  # noqa: F401

        return
    import ctypes.util

    find_library = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        import weasyprint  # noqa: F401
    finally:
        ctypes.util.find_library = find_library


FALLBACK_DATE = "1980-01-01T00:00:00Z"


def document_date(content: Content, required: bool) -> str | None:
    """The one date written into every file, so that rebuilds are byte-identical.

    The content's review date, else SOURCE_DATE_EPOCH, else none at all; PDF/X must
    carry a date (WeasyPrint would use the clock), so press files fall back to a fixed
    one, as reproducible builds conventionally do.
    """
    if content.reviewed is not None:
        return f"{content.reviewed.isoformat()}T00:00:00Z"
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        stamp = dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        return stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    return FALLBACK_DATE if required else None


class Workshop:
    """What every document one process makes can share: the templates, our parsed
    stylesheets and a font configuration per set of fonts.

    Loading fonts and parsing styles once per process, instead of once per kit or per
    document, is most of what separates a batch of kits from one kit built many times.
    """

    def __init__(self):
        self.env = make_environment()
        self._fonts: dict[tuple, FontConfiguration] = {}
        self._styles: dict[str, weasyprint.CSS] = {}
        self.fits = FitMemory()
        self.word_logos: dict[tuple[str, float], bytes] = {}  # SVG logos drawn for Word

    def fonts(self, brand: Brand) -> FontConfiguration:
        """One font configuration for every kit with these very fonts.

        Keyed by the faces, not the family names: two kits may give one name to
        different files, and each must print with its own.
        """
        from weasyprint.text.fonts import FontConfiguration

        key = brand.faces
        if key not in self._fonts:
            self._fonts[key] = FontConfiguration()
        return self._fonts[key]

    def stylesheets(self, names: tuple[str, ...]) -> list[weasyprint.CSS]:
        import weasyprint

        for name in names:
            if name not in self._styles:
                self._styles[name] = weasyprint.CSS(filename=str(STYLES_DIR / name))
        return [self._styles[name] for name in names]


_workshop: Workshop | None = None


def workshop() -> Workshop:
    """This process's workshop, made on first use (in a batch, once per worker)."""
    global _workshop
    if _workshop is None:
        _workshop = Workshop()
    return _workshop


class Renderer:
    """Renders every document of one brand, with the fonts, styles and images of its process."""

    def __init__(self, content: Content, brand: Brand, profile: Profile = OFFICE_PROFILE):
        from ..inputs.fontchain import text_font

        # The kit as it sets this content: in a fallback font if its own lack some letters.
        brand, self.font_findings = text_font(brand, content)
        self.content = content
        self.brand = brand
        self.profile = profile
        shared = workshop()
        self.env = shared.env
        # The kit's images (its logo, its QR code), decoded once for all its documents.
        # WeasyPrint keeps an image and its data under separate keys of this one dict, so
        # it is never trimmed: it goes with the renderer (a batch's workers keep a few).
        self.image_cache: dict = {}
        self.workshop = shared
        self.notes: set[str] = set()  # from harmless messages, for the user, once a run
        # A press file gets the kit's logo in CMYK, made here: a logo that cannot be
        # converted stops the kit at once, rather than each of its files in turn.
        self._replacements = {}
        if profile.cmyk and brand.logo is not None:
            self._replacements[brand.logo.path] = logo_in_cmyk(
                brand.logo, profile.icc, brand.palette.paper, exact_cmyk(brand.palette, brand.cmyk)
            )
        self.created = document_date(content, required=profile.press)
        # A Word file's core properties must carry a date: the same rule as press files.
        # Each colour role's four inks (0 to 1) in a CMYK press file, for its CSS and the
        # total-ink check; none for a file in RGB.
        self.inks = press_inks(brand.palette, profile, brand.cmyk) if profile.cmyk else {}
        self.colors = css_colors(brand.palette, self.inks)
        self.qr = (
            {
                "uri": (
                    qr_data_uri(brand.qr_url, qr_ink(brand.palette, self.colors, profile))
                    if profile.press
                    else qr_png_data_uri(brand.qr_url, self.colors["text"], self.colors["paper"])
                ),
                "shown": display_url(brand.qr_url),
                "href": brand.qr_url,
            }
            if brand.qr_url
            else None
        )

    @cached_property
    def font_config(self) -> FontConfiguration:
        return self.workshop.fonts(self.brand)

    @cached_property
    def fetcher(self) -> SafeURLFetcher:
        """What the kit's documents may read: its folder, our styles, its fonts, and the
        press profile's colour profile."""
        from .fetcher import SafeURLFetcher

        brand, profile = self.brand, self.profile
        icc_folder = (profile.icc.parent,) if profile.icc else ()
        return SafeURLFetcher(
            (brand.folder, STYLES_DIR, *brand.font_folders, *icc_folder), self._replacements
        )

    @cached_property
    def region_digest(self) -> str:
        """What a fitted region depends on besides its text: the fonts' bytes and the profile."""
        from ..batch.fingerprint import digest, fonts_digest, profile_digest

        content = self.content
        text = (
            content.title,
            content.intro,
            content.lead_in,
            content.myths,
            content.source,
            content.labels,
        )
        fonts = fonts_digest(str(face.path) for face in self.brand.faces)
        return digest(
            fonts, profile_digest(self.profile), content.language, content.direction, repr(text)
        )

    @cached_property
    def layout_digest(self) -> str:
        """The files that shape this kit's layouts, by their bytes: fonts and logo."""
        from ..batch.fingerprint import digest, file_digest, fonts_digest, profile_digest

        logo = file_digest(self.brand.logo.path) if self.brand.logo else ""
        fonts = fonts_digest(str(face.path) for face in self.brand.faces)
        return digest(fonts, logo, profile_digest(self.profile))

    def neutral(self, html: str) -> str:
        """The HTML with what cannot move a line break taken out: colours, and the paths
        of this kit's files (their bytes are in `layout_digest`)."""
        swaps = {value: f"var(--{role})" for role, value in self.colors.items()}
        if self.qr:
            swaps[self.qr["uri"]] = "qr"
        for face in self.brand.faces:
            swaps[face.path.as_uri()] = "font"
        if self.brand.logo:
            swaps[self.brand.logo.path.as_uri()] = "logo"
        for value in sorted(swaps, key=len, reverse=True):
            html = html.replace(value, swaps[value])
        return html

    def html(self, template: str, font_size_pt: float, **context) -> str:
        return self.env.get_template(template).render(
            content=self.content,
            brand=self.brand,
            profile=self.profile,
            colors=self.colors,
            qr=self.qr,
            version=__version__,
            created=self.created,
            font_size_pt=f"{font_size_pt:g}",
            **context,
        )

    def layout(self, html: str, stylesheets: tuple[str, ...] = ()) -> weasyprint.Document:
        """Lay out `html` with our stylesheets (by name in styles/), parsed once a process."""
        import weasyprint

        with self._nothing_missing():
            return weasyprint.HTML(
                string=html, base_url=STYLES_DIR.as_uri() + "/", url_fetcher=self.fetcher
            ).render(
                stylesheets=self.workshop.stylesheets(stylesheets),
                font_config=self.font_config,
                cache=self.image_cache,
                pdf_variant=self.profile.pdf_variant,
                pdf_tags=True,
            )

    def pdf(self, document: weasyprint.Document, key: str) -> bytes:
        """Write the PDF with an identifier derived from its inputs, never from the clock."""
        from .finishing import figures_in_place  # pikepdf: `check` never needs it

        identifier = hashlib.sha256(key.encode()).hexdigest()[:32].encode()
        with self._nothing_missing(), _font_timestamps(self.created or FALLBACK_DATE):
            return document.write_pdf(
                pdf_identifier=identifier,
                pdf_variant=self.profile.pdf_variant,
                pdf_tags=True,
                finisher=figures_in_place,
            )

    @contextmanager
    def _nothing_missing(self):
        """Fail, rather than write a document missing a refused or broken resource.

        WeasyPrint reports unusable images, fonts and stylesheets as log warnings or
        errors and carries on without them; here each one stops the build.
        """
        from weasyprint.urls import FatalURLFetchingError

        collector = Collector()
        WEASYPRINT_LOGGER.addHandler(collector)
        self.fetcher.refusals.clear()
        try:
            yield
        except FatalURLFetchingError as exc:
            cause = exc.__cause__ or exc
            raise ResourceRefused(str(cause) or f"a resource could not be loaded ({exc})") from None
        finally:
            WEASYPRINT_LOGGER.removeHandler(collector)
        self.notes |= collector.notes
        if self.fetcher.refusals:
            raise ResourceRefused(str(self.fetcher.refusals[0]))
        if collector.messages:
            raise RenderProblem(
                f"the document could not be rendered whole: {collector.messages[0]}"
            )


@contextmanager
def _font_timestamps(date: str):
    """Stamp embedded fonts with the document's date, not the clock.

    Without harfbuzz-subset, WeasyPrint subsets fonts with fontTools, which writes the
    time of saving into each font's `head` table unless SOURCE_DATE_EPOCH is set; that
    would make every rebuild differ. A SOURCE_DATE_EPOCH the user set is left alone.
    """
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    stamp = dt.datetime.strptime(date, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
    os.environ["SOURCE_DATE_EPOCH"] = str(int(stamp.timestamp()))
    try:
        yield
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]
