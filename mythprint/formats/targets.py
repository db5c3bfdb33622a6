"""The printed formats: one small class each, describing the documents it makes."""

import functools
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from ..errors import FitError
from ..inputs.content import Content, Myth, language_direction
from ..inputs.inline import plain_text
from ..pdf.fit import FitHint, FitRule, Fitted, LayoutAt, fit_font_size
from ..pdf.measure import measure
from ..pdf.region import RegionModel

Guess = tuple[float, float] | None  # a like kit's (furniture, page) heights, for a first try
COMPACT = "compact"  # in a fit's state: its header and foot print smaller (see Target.compacts)


@dataclass(frozen=True)
class Job:
    """One output file: which template renders it, with what, and how it fits."""

    format: str
    filename: str
    template: str
    stylesheets: tuple[str, ...]
    fit: FitRule
    context: dict[str, Any] = field(default_factory=dict)


@dataclass
class FitMemory:
    """What one process has learnt while fitting, to save layouts on the next output.

    None of it changes what an output looks like: a hint is the very fit a fresh fit would
    make (its key holds everything that decides it), a region model is the same for every
    kit that shares its key, and a furniture guess only picks the first size to try.
    """

    hints: dict[str, FitHint] = field(default_factory=dict)  # by layout key
    models: dict[str, RegionModel] = field(default_factory=dict)  # by region key
    furniture: dict[str, tuple[float, float]] = field(default_factory=dict)  # by file name


@dataclass(frozen=True)
class Made:
    """A finished output file and what making it took."""

    data: bytes
    pages: int | None
    size_pt: float
    passes: int
    source: str  # the HTML it was rendered from, for benchmarks ("" for non-HTML formats)
    # What the next build may reuse: the fit by its layout key, the region's model by its
    # key, and the furniture's height; None for a format with nothing to fit.
    layout_key: str | None = None
    hint: FitHint | None = None
    region_key: str | None = None
    model: RegionModel | None = None
    furniture: tuple[float, float] | None = None
    # Files made with it, by path in --out: its pages' previews, say.
    parts: dict[str, bytes] = field(default_factory=dict)
    panel_fill: tuple[float, ...] | None = None  # the leaflet's inside panels (see leaflet.py)


class Target:
    """A printed format. Subclasses say which files they make and how those fit."""

    profiles: tuple[str, ...] = ("office", "press")
    # How tall the logo prints, in mm: fixed, so that its resolution can be checked.
    logo_height_mm: float = 20
    # How wide the line is that the logo shares with the partnership's name, in mm; a logo
    # too wide to share it goes above the name (None: the logo is always above it).
    logo_room_mm: float | None = None

    name = ""
    template = ""
    # Other templates the format renders with, besides its own and what that one includes.
    also_uses: tuple[str, ...] = ()
    stylesheets: tuple[str, ...] = ()
    fit: FitRule
    # The order screen readers should meet its outermost <section>s in, each by its place
    # in document order (0 first); None: document order.
    reading_order: tuple[int, ...] | None = None
    # Whether its pages get PNG previews as it is made (a PDF's do).
    previewed = True
    # Whether a pack of several languages makes it once per language (see packs.py): the
    # formats whose text will not fit twice at its readability floor.
    per_language = False
    # Whether its header and foot may print smaller (the template's `compact`) when the
    # text does not fit its floor beside them at their own size (see fit_or_compact).
    compacts = False

    def jobs(self, content: Content) -> list[Job]:
        raise NotImplementedError

    def describe(self, job: Job, content: Content) -> str:
        """What the file is, in words a reader understands out of context (the content's
        labels): for link text, alt text and the gallery."""
        raise NotImplementedError

    def title(self, job: Job, content: Content) -> str:
        """What the file is, as the manifest, the gallery and the web edition name it: in a
        pack of several languages, a file made once per language names its language too."""
        title = self.describe(job, content)
        if self.per_language and content.other_languages:
            return f"{title} · {content.labels.text('language_name')}"
        return title

    def language(self, job: Job, content: Content) -> str:
        """The language the file is in (a pack's first, for a file that holds them all)."""
        return content.language

    def folds(self, direction: str) -> tuple[tuple[float, ...], ...]:
        """Where each page folds, in mm from the left edge of the trim (press marks), in a
        document read in `direction`: a flat sheet has no folds."""
        return ()

    def digest(self) -> str:
        """What this format is made with, for the fingerprints of its files. Not whether
        its pages are previewed: previews are made from the file, which is the same with
        them or without (see runner.make_missing_previews)."""
        from ..batch.fingerprint import format_digest

        return format_digest((self.template, *self.also_uses), self.stylesheets)

    def fit_job(
        self,
        layout_at: LayoutAt,
        job: Job,
        output: str,
        content: Content,
        model: RegionModel | None,
        guess: tuple[float, float] | None,
        faces: tuple = (),
    ) -> Fitted:
        return fit_font_size(layout_at, job.fit, output, model, guess, faces)

    def layout_key(self, renderer, job: Job) -> str | None:
        """A digest of everything that decides this job's fit, and not its colours.

        Two outputs with one key fit alike, so a kit that changes only a colour lays each
        output out once, at the size its last build chose.
        """
        from ..batch.fingerprint import code_digest, digest

        html = renderer.neutral(self.sample_html(renderer, job))
        return digest(code_digest(), self.digest(), renderer.layout_digest, html)

    def region_key(self, renderer, job: Job) -> str:
        """A digest of what decides the fitted region's layout: the text, the fonts, the format.

        Not the kit's name, logo, contacts or colours: they are furniture, outside the region.
        """
        from ..batch.fingerprint import code_digest, digest

        return digest(
            code_digest(), self.digest(), renderer.region_digest, job.filename, repr(job.context)
        )

    def try_hint(self, layout_at: LayoutAt, hint: FitHint, content: Content) -> Fitted | None:
        """Lay out once at a fit known to suit this very layout; None if it does not fit."""
        document, html = layout_at(hint.size_pt, compact=COMPACT in hint.state)
        fits = measure(document).fits
        return Fitted(document, hint.size_pt, 1, html, hint.state) if fits else None

    def fit_or_compact(
        self, fit: Callable[[LayoutAt, Guess], Fitted], layout_at: LayoutAt, guess: Guess
    ) -> Fitted:
        """`fit` (the job's fit_job, from `layout_at` and a furniture `guess`), or else, for
        a format that `compacts`, the fit beside a smaller header and foot: a long
        partnership name, a review note and five contacts can take the room that the
        longest myth needs at its floor, and a partnership cannot shorten the guide. The
        text keeps its floor; only the small print around it shrinks."""
        laid_out = 0

        def counted(size_pt: float, **extra):
            nonlocal laid_out
            laid_out += 1
            return layout_at(size_pt, **extra)

        try:
            return fit(counted, guess)
        except FitError:
            if not self.compacts:
                raise
        fitted = fit(functools.partial(counted, compact=True), None)
        # Its furniture is no guess for a kit that prints its own at full size.
        return replace(fitted, passes=laid_out, state=(*fitted.state, COMPACT), furniture=None)

    def html(self, renderer, job: Job, size_pt: float, **extra) -> str:
        logo, room = renderer.brand.logo, self.logo_room_mm
        return renderer.html(
            job.template,
            size_pt,
            **job.context,
            logo_height_mm=self.logo_height_mm,
            logo_above=bool(logo and room and logo.too_wide_beside(self.logo_height_mm, room)),
            **extra,
        )

    def sample_html(self, renderer, job: Job) -> str:
        """The job's HTML at its floor size: what it prints, without laying it out."""
        return self.html(renderer, job, job.fit.floor_pt)

    def render(
        self, renderer, job: Job, fingerprint: str, memory: FitMemory, previews: bool = False
    ) -> Made:
        """Fit the document to its page, write the PDF, and finish it for its profile.

        A hint (the fit of an earlier layout with the same key) is tried first: it fits at
        once, and the file is the one a fit from scratch would make. What the fit learns
        goes into `memory`, for the outputs after this one.
        """
        from ..pdf.finishing import finish, text_languages
        from ..pdf.presscolour import refuse_rgb
        from ..pdf.previews import pdf_previews

        output = f"{renderer.brand.slug}/{renderer.profile.folder}{job.filename}"

        def layout_at(size_pt: float, **extra):
            html = self.html(renderer, job, size_pt, **extra)
            return renderer.layout(html, job.stylesheets), html

        layout_key = self.layout_key(renderer, job)
        region_key = self.region_key(renderer, job)
        hint = memory.hints.get(layout_key)
        fitted = self.try_hint(layout_at, hint, renderer.content) if hint else None
        if fitted is None:
            model = memory.models.get(region_key)

            def fit(layout: LayoutAt, guess: Guess) -> Fitted:
                content, faces = renderer.content, renderer.brand.faces
                return self.fit_job(layout, job, output, content, model, guess, faces)

            fitted = self.fit_or_compact(fit, layout_at, memory.furniture.get(job.filename))
            if hint:
                fitted = replace(fitted, passes=fitted.passes + 1)
        if COMPACT in fitted.state:
            review = "a shorter review note, or " if renderer.brand.review_note else ""
            renderer.notes.add(
                f"{output}: its header and foot print smaller than usual, to leave the text its "
                f"size; {review}fewer or shorter contacts would print them at their usual size"
            )
        memory.hints[layout_key] = fitted.hint
        if fitted.model is not None:
            memory.models[region_key] = fitted.model
        if fitted.furniture is not None:
            memory.furniture[job.filename] = fitted.furniture
        data = renderer.pdf(fitted.document, key=fingerprint)
        folds = self.folds(renderer.content.direction)
        # Only a pack's files, and a kit's words in its own language, print words of
        # another language (see finishing.py): other batches never walk their layouts.
        content, brand = renderer.content, renderer.brand
        others = content.companions or brand.words_language(content.language)
        languages = text_languages(fitted.document) if others else ()
        right_to_left = any(text.direction == "rtl" for text in content.pack_in_order) or (
            brand.language is not None and language_direction(brand.language) == "rtl"
        )
        data = finish(data, renderer.profile, folds, self.reading_order, languages, right_to_left)
        if renderer.profile.cmyk:  # "nothing in the file is RGB", as the README promises
            refuse_rgb(data, renderer)
        pages = len(fitted.document.pages)
        return Made(
            data,
            pages,
            fitted.size_pt,
            fitted.passes,
            fitted.html,
            layout_key,
            fitted.hint,
            region_key,
            fitted.model,
            fitted.furniture,
            pdf_previews(data, output) if previews else {},
            fitted.panel_fill,
        )


class Poster(Target):
    """All the myths on one A3 portrait poster."""

    name = "poster"
    template = "poster.html.j2"
    stylesheets = ("base.css", "poster.css")
    fit = FitRule(what="body text", floor_pt=16, ceiling_pt=30)
    per_language = True
    compacts = True

    def jobs(self, content: Content) -> list[Job]:
        name = content.file_name("poster-a3.pdf")
        return [Job(self.name, name, self.template, self.stylesheets, self.fit)]

    def describe(self, job: Job, content: Content) -> str:
        return content.labels.text("describe_poster")


class MythPosters(Target):
    """One A3 poster per myth, large enough to read from across a room.

    In a pack of several languages, each poster prints its myth in every language of the
    pack, in reading order, one above the other: each language in the same font, size,
    weight and colour, as the Welsh Language Standards ask. Two languages of the longest
    myth do not fit A3 at 32 pt (Welsh and English need about 21 pt), so a poster of
    several languages has a floor of its own: 20 pt, inside the 16-24 pt that poster guides
    give A3 body text, and above the all-myths poster's 16 pt floor. Read from about a
    metre rather than from across the room; a text longer still fails to fit, as any does.
    """

    name = "myth-posters"
    template = "myth-poster.html.j2"
    stylesheets = ("base.css", "poster.css")
    logo_room_mm = 297 - 2 * 16  # A3's width inside poster.css's page margins
    fit = FitRule(what="the rebuttal", floor_pt=32, ceiling_pt=72)
    several_fit = FitRule(what="the rebuttal, in each language", floor_pt=20, ceiling_pt=72)
    compacts = True

    def jobs(self, content: Content) -> list[Job]:
        fit = self.fit if len(content.pack) == 1 else self.several_fit
        return [
            Job(
                self.name,
                f"poster-a3-{myth.id}.pdf",
                self.template,
                self.stylesheets,
                fit,
                {"myth": myth, "number": number, "versions": versions_of(content, myth.id)},
            )
            for number, myth in enumerate(content.myths, start=1)
        ]

    def describe(self, job: Job, content: Content) -> str:
        return content.labels.text(
            "describe_myth_poster", myth=plain_text(job.context["myth"].statement)
        )


@dataclass(frozen=True)
class Version:
    """One language's copy of a myth, on a poster that prints every language of its pack."""

    content: Content
    myth: Myth

    def __repr__(self) -> str:
        # What the poster's fitted region prints of this language (in a region's key).
        labels = tuple(self.content.labels.text(name) for name in ("myth", "fact"))
        return repr((self.content.language, self.content.direction, self.myth, labels))


def versions_of(content: Content, myth_id: str) -> tuple[Version, ...]:
    """The myth `myth_id` in each language of `content`'s pack, in reading order."""
    return tuple(
        Version(text, next(myth for myth in text.myths if myth.id == myth_id))
        for text in content.pack
    )


class Handout(Target):
    """An editable A4 Word handout that a partnership can rebrand in Word."""

    name = "handout"
    previewed = False  # LibreOffice previews it, after the build
    template = "handout-styles.xml.j2"
    also_uses = ("logo-raster.html.j2",)  # an SVG logo is rasterised through it
    profiles = ("office",)  # a print shop gets the PDFs; Word files are for editing
    logo_height_mm = 14
    # Word flows the text itself; this is the Normal style's size, for the manifest.
    fit = FitRule(what="body text", floor_pt=12, ceiling_pt=12)

    def jobs(self, content: Content) -> list[Job]:
        return [Job(self.name, "handout.docx", self.template, (), self.fit)]

    def describe(self, job: Job, content: Content) -> str:
        return content.labels.text("describe_handout")

    def sample_html(self, renderer, job: Job) -> str:
        return ""  # the handout prints the content and the kit, which the PDFs cover

    def render(
        self, renderer, job: Job, fingerprint: str, memory: FitMemory, previews: bool = False
    ) -> Made:
        """Word lays the handout out: nothing to fit, and nothing to remember. Its previews
        come after the build, from LibreOffice (see batch/runner.py).

        A pack's handout holds every language, block by block: each language after the
        first is set as the kit sets it (one font for all, where one has all their letters).
        """
        from ..inputs.fontchain import text_font
        from .handout import make_handout
        from .logos import logo_for_word
        from .wordtext import style_context

        content, brand = renderer.content, renderer.brand
        companion_brands = tuple(text_font(brand, other)[0] for other in content.companions)
        logo = brand.logo
        logo_image = logo_for_word(renderer, logo, self.logo_height_mm) if logo else None
        styles = renderer.env.get_template(job.template).render(
            colors={
                role: value.lstrip("#").upper() for role, value in asdict(brand.palette).items()
            },
            **style_context(content, brand, companion_brands),
        )
        data = make_handout(
            content,
            brand,
            styles,
            renderer.created,  # None without a review date (a handout is never press)
            logo_image,
            self.logo_height_mm,
            companion_brands,
        )
        return Made(data, None, job.fit.ceiling_pt, 0, "")
