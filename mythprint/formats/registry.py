"""The registry of formats, by the name `--format` uses."""

from collections.abc import Iterable

from ..inputs.content import Content
from ..pdf.fit import FitRule
from .leaflet import Leaflet
from .targets import FitMemory, Handout, Job, Made, MythPosters, Poster, Target


class WebEdition(Target):
    """The guide as an accessible web page per language, with its styles, logo and fonts
    beside them.

    It links to the kit's other files with their sizes, and copies them, so a batch makes
    it last (see batch/plan.py); office colours only: a press run makes none. Each page is
    an output of its own; the first page carries the files they all share.
    """

    name = "html"
    profiles = ("office",)
    previewed = False
    template = "web.html.j2"
    also_uses = ("web-kit.css.j2",)
    stylesheets = ("web.css", "web-languages.css")
    # A browser sets the type; this is only what a Job needs.
    fit = FitRule(what="body text", floor_pt=12, ceiling_pt=12)

    def jobs(self, content: Content) -> list[Job]:
        """One page per language of the pack that `content` (its first language) begins."""
        from .web import pages

        return [
            Job(self.name, page.path, self.template, self.stylesheets, self.fit)
            for page in pages(content)
        ]

    def describe(self, job: Job, content: Content) -> str:
        return content.labels.text("describe_web")

    def title(self, job: Job, content: Content) -> str:
        """In a pack, each page's title is in its own language, and names it."""
        page = self._page(job, content)
        title = self.describe(job, page.content)
        if content.other_languages:
            return f"{title} · {page.content.labels.text('language_name')}"
        return title

    def language(self, job: Job, content: Content) -> str:
        """Each page is in its own language, which the pack's first only begins."""
        return self._page(job, content).content.language

    def sample_html(self, renderer, job: Job) -> str:
        return ""  # the web page prints the content and the kit, which the PDFs cover

    def render(
        self,
        renderer,
        job: Job,
        fingerprint: str,
        memory: FitMemory,
        previews: bool = False,
        downloads: tuple = (),
    ) -> Made:
        """The job's page. The first page brings the files every page shares (the fonts,
        subset to what all the pages print, the stylesheet, the logo, and a copy of each
        file they link to), made once."""
        from .web import page_html, pages, web_assets

        every = pages(renderer.content)
        page = self._page(job, renderer.content)
        html = page_html(renderer, page, list(downloads))
        parts = {}
        if page.path == every[0].path:
            htmls = [html, *(page_html(renderer, other, list(downloads)) for other in every[1:])]
            slug = renderer.brand.slug
            shared = web_assets(renderer, htmls, downloads)
            parts = {f"{slug}/{path}": data for path, data in shared.items()}
        data = html.encode()
        return Made(data, None, None, 0, html, parts=dict(sorted(parts.items())))

    @staticmethod
    def _page(job: Job, content: Content):
        from .web import pages

        return next(page for page in pages(content) if page.path == job.filename)


FORMATS: dict[str, Target] = {
    t.name: t for t in (Poster(), MythPosters(), Leaflet(), Handout(), WebEdition())
}


def jobs_for(formats: Iterable[str], content: Content) -> list[Job]:
    """Every job of the named formats, in the order they are named."""
    return [job for name in formats for job in FORMATS[name].jobs(content)]


def pack_jobs(formats: Iterable[str], contents: tuple[Content, ...]) -> list[tuple[Job, Content]]:
    """Every job of a pack (see packs.py), with its content, format by format: a format
    made once per language in each language, in reading order; the others in the first."""
    return [
        (job, content)
        for name in formats
        for content in (contents if FORMATS[name].per_language else contents[:1])
        for job in FORMATS[name].jobs(content)
    ]
