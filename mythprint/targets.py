"""The printed formats: one small class each, describing the documents it makes."""

from dataclasses import dataclass, field
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


class Target:
    """A printed format. Subclasses say which files they make and how those fit."""

    name = ""
    description = ""
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


class Poster(Target):
    """All the myths on one A3 portrait poster."""

    name = "poster"
    description = "every myth on one A3 poster"
    stylesheets = ("base.css", "poster.css")
    fit = FitRule(what="body text", floor_pt=16, ceiling_pt=30, start_pt=18)

    def jobs(self, content: Content) -> list[Job]:
        return [Job(self.name, "poster-a3.pdf", "poster.html.j2", self.stylesheets, self.fit)]


class MythPosters(Target):
    """One A3 poster per myth, large enough to read from across a room."""

    name = "myth-posters"
    description = "one A3 poster per myth"
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
