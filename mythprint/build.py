"""A build: read and validate everything, render every output, then write."""

import hashlib
import math
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .brand import Brand, load_brand
from .checks import check_kit, printed_text
from .content import Content, load_content
from .errors import (
    ERROR,
    BrandError,
    ContentError,
    Finding,
    FitError,
    InputError,
    MythprintError,
    OutputFailed,
    RenderProblem,
    ResourceRefused,
)
from .formats import FORMATS
from .output import ManifestEntry, Writer
from .profiles import OFFICE_PROFILE, Profile
from .render import Renderer
from .targets import Job


@dataclass(frozen=True)
class Rendered:
    """One finished output, with what a benchmark wants to know about making it."""

    entry: ManifestEntry
    data: bytes
    html: str
    seconds: float


@dataclass
class BuildReport:
    """What a build wrote, and which outputs failed (their old files are untouched)."""

    rendered: list[Rendered] = field(default_factory=list)
    written: list[tuple[Path, ManifestEntry]] = field(default_factory=list)
    failures: list[MythprintError] = field(default_factory=list)
    manifest: Path | None = None


def load_inputs(content_path: Path, brands_dir: Path, brand_slug: str) -> tuple[Content, Brand]:
    """Validate the content and the kit before anything is laid out, reporting both at once."""
    problems = []
    try:
        content = load_content(content_path)
    except ContentError as error:
        problems += error.problems
    try:
        brand = load_brand(brands_dir, brand_slug)
    except BrandError as error:
        problems += error.problems
    if problems:
        raise InputError(problems)
    return content, brand


def check_inputs(
    content: Content, brand: Brand, profile: Profile = OFFICE_PROFILE
) -> list[Finding]:
    """Every check finding for this content, kit and profile: what would go wrong on paper."""
    return check_renderer(Renderer(content, brand, profile))


def check_renderer(renderer: Renderer) -> list[Finding]:
    """The findings for what `renderer` would print: its templates filled, nothing laid out."""
    printed = "".join(
        printed_text(FORMATS[job.format].sample_html(renderer, job))
        for job in jobs_for(FORMATS, renderer.content)
    )
    tallest_logo = max(target.logo_height_mm for target in FORMATS.values())
    return check_kit(renderer.brand, renderer.profile, printed, tallest_logo)


def errors_of(findings: list[Finding]) -> BrandError | None:
    """The findings that stop a build, as one error to raise."""
    errors = [finding.problem for finding in findings if finding.level == ERROR]
    return BrandError(errors) if errors else None


@dataclass
class KitOutcome:
    """What happened to one kit in a build of several."""

    slug: str
    findings: list[Finding] = field(default_factory=list)
    report: BuildReport | None = None
    error: MythprintError | None = None
    # Notes about this machine, not the kit (a slower font subsetter, say): shown once a run.
    notes: set[str] = field(default_factory=set)


def build_kits(
    content: Content,
    brands_dir: Path,
    slugs: list[str],
    formats: list[str],
    writer: Writer,
    profile: Profile = OFFICE_PROFILE,
) -> Iterator[KitOutcome]:
    """Build each kit in turn; a kit with a problem is reported and the others still build.

    Each kit's files are written as soon as it is made; the caller writes the manifest
    once, at the end, with `writer.write_manifest()`.
    """
    for slug in slugs:
        outcome = KitOutcome(slug)
        try:
            # One renderer per kit serves both the check and the build.
            renderer = Renderer(content, load_brand(brands_dir, slug), profile)
            outcome.findings = check_renderer(renderer)
            if error := errors_of(outcome.findings):
                raise error
            outcome.report = render_and_write(renderer, formats, writer)
            outcome.notes = renderer.notes
        except MythprintError as error:
            outcome.error = error
        yield outcome


def output_path(renderer: Renderer, job: Job) -> str:
    """Where a job's file goes, relative to --out: BRAND/[press/]FILE."""
    return f"{renderer.brand.slug}/{renderer.profile.folder}{job.filename}"


def render_job(renderer: Renderer, job: Job, first_guess_pt: float | None = None) -> Rendered:
    """Make one output file's bytes, fitted to its page and finished for its profile."""
    started = time.perf_counter()
    output = output_path(renderer, job)
    try:
        made = FORMATS[job.format].render(renderer, job, output, first_guess_pt)
    except (ResourceRefused, RenderProblem) as problem:
        raise type(problem)(f"{output}: {problem.message}") from None
    entry = ManifestEntry(
        path=output,
        brand=renderer.brand.slug,
        format=job.format,
        pages=made.pages,
        sha256=hashlib.sha256(made.data).hexdigest(),
        font_size_pt=made.size_pt,
        layout_passes=made.passes,
    )
    return Rendered(entry, made.data, made.source, time.perf_counter() - started)


def _first_guess(job: Job, sibling: tuple[float, float] | None) -> float | None:
    """A sibling's fitted size, scaled for how much more or less text this job has."""
    if sibling is None:
        return None
    size, weight = sibling
    return size * math.sqrt(weight / job.text_weight)


def jobs_for(formats: Iterable[str], content: Content) -> list[Job]:
    return [job for name in formats for job in FORMATS[name].jobs(content)]


def build(
    content: Content,
    brand: Brand,
    formats: Iterable[str],
    out_dir: Path,
    profile: Profile = OFFICE_PROFILE,
) -> BuildReport:
    """Render every requested output, then write the ones that fit, and the manifest."""
    writer = Writer(out_dir)
    report = render_and_write(Renderer(content, brand, profile), formats, writer)
    if report.rendered:
        report.manifest = writer.write_manifest()
    return report


def render_and_write(renderer: Renderer, formats: Iterable[str], writer: Writer) -> BuildReport:
    """Render every output first; then write those that could be made.

    An output that does not fit, or meets a bug, fails alone: the others are still
    written. A problem with the kit itself (a resource refused) stops the whole kit.
    """
    report = BuildReport()
    fitted_before: dict[str, tuple[float, float]] = {}  # format -> (size, text weight)
    for job in jobs_for(formats, renderer.content):
        try:
            item = render_job(renderer, job, _first_guess(job, fitted_before.get(job.format)))
        except FitError as failure:
            report.failures.append(failure)
            continue
        except (ResourceRefused, RenderProblem):
            raise
        except Exception as exc:  # a bug in one output must not cost the others
            report.failures.append(OutputFailed(output_path(renderer, job), exc))
            continue
        report.rendered.append(item)
        fitted_before[job.format] = (item.entry.font_size_pt, job.text_weight)
    for item in report.rendered:
        report.written.append((writer.write(item.entry, item.data), item.entry))
    return report
