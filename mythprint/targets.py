"""The printed formats: one small class each, describing the documents it makes."""

from dataclasses import asdict, dataclass, field
from typing import Any

from .content import Content
from .fit import FitRule, Fitted, LayoutAt, fit_font_size
from .inline import plain_text


@dataclass(frozen=True)
class Job:
    """One output file: which template renders it, with what, and how it fits."""

    format: str
    filename: str
    template: str
    stylesheets: tuple[str, ...]
    fit: FitRule
    context: dict[str, Any] = field(default_factory=dict)
    # Roughly how much page the text needs at a given size, relative to its siblings:
    # a fitted sibling's size, scaled by this, is a good first guess.
    text_weight: float = 1.0


@dataclass(frozen=True)
class Made:
    """A finished output file and what making it took."""

    data: bytes
    pages: int | None
    size_pt: float
    passes: int
    source: str  # the HTML it was rendered from, for benchmarks ("" for non-HTML formats)


class Target:
    """A printed format. Subclasses say which files they make and how those fit."""

    profiles: tuple[str, ...] = ("office", "press")
    # How tall the logo prints, in mm: fixed, so that its resolution can be checked.
    logo_height_mm: float = 20

    name = ""
    stylesheets: tuple[str, ...] = ()
    fit: FitRule
    # Where each page folds, in mm from the left edge of the trim (press marks).
    folds_mm: tuple[tuple[float, ...], ...] = ()
    # Which <section>, in document order, screen readers should meet last.
    read_last: int | None = None

    def jobs(self, content: Content) -> list[Job]:
        raise NotImplementedError

    def fit_job(
        self,
        layout_at: LayoutAt,
        job: Job,
        output: str,
        first_guess_pt: float | None,
        content: Content,
    ) -> Fitted:
        return fit_font_size(layout_at, job.fit, output, first_guess_pt)

    def html(self, renderer, job: Job, size_pt: float, **extra) -> str:
        return renderer.html(
            job.template,
            size_pt,
            **job.context,
            logo_height_mm=self.logo_height_mm,
            **extra,
        )

    def sample_html(self, renderer, job: Job) -> str:
        """The job's HTML at its floor size: what it prints, without laying it out."""
        return self.html(renderer, job, job.fit.floor_pt)

    def render(self, renderer, job: Job, output: str, first_guess_pt: float | None) -> Made:
        """Fit the document to its page, write the PDF, and finish it for its profile."""

        def layout_at(size_pt: float, **extra):
            html = self.html(renderer, job, size_pt, **extra)
            return renderer.layout(html, job.stylesheets), html

        from .finishing import finish

        fitted = self.fit_job(layout_at, job, output, first_guess_pt, renderer.content)
        data = renderer.pdf(fitted.document, key=output + fitted.html)
        data = finish(data, renderer.profile, self.folds_mm, self.read_last)
        pages = len(fitted.document.pages)
        return Made(data, pages, fitted.size_pt, fitted.passes, fitted.html)


class Poster(Target):
    """All the myths on one A3 portrait poster."""

    name = "poster"
    stylesheets = ("base.css", "poster.css")
    fit = FitRule(what="body text", floor_pt=16, ceiling_pt=30, start_pt=18)

    def jobs(self, content: Content) -> list[Job]:
        return [Job(self.name, "poster-a3.pdf", "poster.html.j2", self.stylesheets, self.fit)]


class MythPosters(Target):
    """One A3 poster per myth, large enough to read from across a room."""

    name = "myth-posters"
    stylesheets = ("base.css", "poster.css")
    fit = FitRule(what="the rebuttal", floor_pt=32, ceiling_pt=72, start_pt=40)
    # The myth statement is set at 1.4 times the rebuttal's size: twice the area per letter.
    statement_area = 1.4**2

    def jobs(self, content: Content) -> list[Job]:
        return [
            Job(
                self.name,
                f"poster-a3-{myth.id}.pdf",
                "myth-poster.html.j2",
                self.stylesheets,
                self.fit,
                {"myth": myth, "number": number},
                text_weight=self.statement_area * len(plain_text(myth.statement))
                + len(plain_text(myth.rebuttal)),
            )
            for number, myth in enumerate(content.myths, start=1)
        ]


class Handout(Target):
    """An editable A4 Word handout that a partnership can rebrand in Word."""

    name = "handout"
    profiles = ("office",)  # a print shop gets the PDFs; Word files are for editing
    logo_height_mm = 14
    # Word flows the text itself; this is the Normal style's size, for the manifest.
    fit = FitRule(what="body text", floor_pt=12, ceiling_pt=12, start_pt=12)

    def jobs(self, content: Content) -> list[Job]:
        return [Job(self.name, "handout.docx", "handout-styles.xml.j2", (), self.fit)]

    def sample_html(self, renderer, job: Job) -> str:
        return ""  # the handout prints the content and the kit, which the PDFs cover

    def render(self, renderer, job: Job, output: str, first_guess_pt: float | None) -> Made:
        from .handout import make_handout
        from .logos import logo_for_word

        logo = renderer.brand.logo
        logo_image = logo_for_word(renderer, logo, self.logo_height_mm) if logo else None
        styles = renderer.env.get_template(job.template).render(
            colors={
                role: value.lstrip("#").upper()
                for role, value in asdict(renderer.brand.palette).items()
            },
            language=renderer.content.language,
        )
        data = make_handout(
            renderer.content,
            renderer.brand,
            styles,
            renderer.word_date,
            logo_image,
            self.logo_height_mm,
        )
        return Made(data, None, job.fit.start_pt, 0, "")
