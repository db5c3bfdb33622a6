"""The registry of formats, by the name `--format` uses."""

from collections.abc import Iterable

from .content import Content
from .fit import FitRule
from .leaflet import Leaflet
from .targets import FitMemory, Handout, Job, Made, MythPosters, Poster, Target


class WebEdition(Target):
    """The guide as one accessible web page, with its styles, logo and fonts beside it.

    It links to the kit's other files with their sizes, so a batch makes it last (see
    batch.py); office colours only: a press run makes none.
    """

    name = "html"
    profiles = ("office",)
    previewed = False
    template = "web.html.j2"
    also_uses = ("web-kit.css.j2",)
    stylesheets = ("web.css",)
    # A browser sets the type; this is only what a Job needs.
    fit = FitRule(what="body text", floor_pt=12, ceiling_pt=12)

    def jobs(self, content: Content) -> list[Job]:
        from .web import PAGE

        return [Job(self.name, PAGE, self.template, self.stylesheets, self.fit)]

    def describe(self, job: Job, content: Content) -> str:
        return content.labels.text("describe_web")

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
        from .web import PAGE, web_edition

        files = web_edition(renderer, list(downloads))
        page = files.pop(PAGE)
        slug = renderer.brand.slug
        parts = {f"{slug}/{path}": data for path, data in files.items()}
        return Made(page, None, None, 0, page.decode("utf-8"), parts=parts)


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
