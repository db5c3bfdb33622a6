"""Building one kit: check what it would print, then fit and render each wanted output."""

import hashlib
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import (
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
from ..formats.registry import FORMATS, jobs_for
from ..formats.targets import FitMemory, Job, Made
from ..inputs.brand import Brand, load_brand
from ..inputs.checks import (
    check_kit,
    converted_ink_findings,
    kit_language_findings,
    logo_findings,
    printed_text,
    text_ink_findings,
)
from ..inputs.content import Content, load_content
from ..pdf.profiles import OFFICE_PROFILE, Profile
from ..pdf.render import Renderer
from .fingerprint import fonts_digest, kit_digest, output_fingerprint
from .output import ManifestEntry, Writer


@dataclass(frozen=True)
class Rendered:
    """One finished output: its manifest entry, what making it took and learnt, and when."""

    entry: ManifestEntry
    made: Made
    seconds: float

    @property
    def data(self) -> bytes:
        return self.made.data

    @property
    def html(self) -> str:
        return self.made.source

    @property
    def passes(self) -> int:
        return self.made.passes


@dataclass
class KitReport:
    """What one kit's render made, and which outputs failed (their old files are untouched)."""

    rendered: list[Rendered] = field(default_factory=list)
    failures: list[MythprintError] = field(default_factory=list)


@dataclass
class BuildReport(KitReport):
    """What `build` wrote, and where."""

    written: list[tuple[Path, ManifestEntry]] = field(default_factory=list)
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


def kit_findings(contents: tuple, brand, profile) -> list:
    """What `check` says of a kit for a pack: as a build reports it, the findings of the
    pack's first language (the pack seen from it), and any error another language's files
    meet, each once. One language alone is the pack's first."""
    findings = check_inputs(contents[0], brand, profile) if contents else []
    seen = {str(finding) for finding in findings}
    for content in contents[1:]:
        for finding in check_inputs(content, brand, profile):
            if finding.level == ERROR and str(finding) not in seen:
                findings.append(finding)
                seen.add(str(finding))
    return findings


def check_renderer(renderer: Renderer) -> list[Finding]:
    """The findings for what `renderer` would print: its templates filled, nothing laid out."""
    printed = "".join(
        printed_text(FORMATS[job.format].sample_html(renderer, job))
        for job in jobs_for(FORMATS, renderer.content)
    )
    # The handout and the web page print labels the PDFs do not, such as the page numbers.
    printed += renderer.content.labels.every_text()
    content = renderer.content
    findings = check_kit(
        renderer.brand, renderer.profile.press, printed, tallest_logo(), content.pack_in_order
    )
    findings += kit_language_findings(renderer.brand, renderer.content)
    if renderer.profile.cmyk:  # the kit's colours as the shop's profile converts them
        icc = renderer.profile.icc.name
        findings += converted_ink_findings(renderer.brand, renderer.inks, icc)
        findings += text_ink_findings(renderer.brand, renderer.inks, icc)
    # A logo the kit could not be read with: one error among the rest, not the only one
    unread = [Finding(ERROR, problem, ("logo",)) for problem in renderer.brand.problems]
    return [*unread, *renderer.font_findings, *findings]


def tallest_logo() -> float:
    """The tallest any format prints the logo, in mm: what its pixels must be enough for."""
    return max(target.logo_height_mm for target in FORMATS.values())


def press_level(renderer: Renderer, findings: list[Finding]) -> list[Finding]:
    """`findings` (of office files) as the kit's press files would meet them: a raster logo
    of too few pixels, a warning for an office printer, stops a print shop's file."""
    press = logo_findings(renderer.brand, True, tallest_logo())
    said = {finding.problem for finding in press}
    return [finding for finding in findings if finding.problem not in said] + press


def errors_of(findings: list[Finding]) -> BrandError | None:
    """The findings that stop a build, as one error to raise."""
    errors = [finding.problem for finding in findings if finding.level == ERROR]
    return BrandError(errors) if errors else None


def output_path(renderer: Renderer, job: Job) -> str:
    """Where a job's file goes, relative to --out: BRAND/[press/]FILE."""
    return output_path_of(renderer.brand.slug, renderer.profile, job)


def output_path_of(slug: str, profile: Profile, job: Job) -> str:
    return f"{slug}/{profile.folder}{job.filename}"


def fonts_of(brand: Brand) -> tuple[str, ...]:
    """The font files a kit resolved to, as a fingerprint records them."""
    return tuple(sorted({str(face.path) for face in brand.faces}))


def render_kit(
    renderer: Renderer,
    formats: Iterable[str],
    kit: str,
    wanted: frozenset[str] | None = None,
    memory: FitMemory | None = None,
    previews: bool = False,
    downloads: tuple = (),
) -> KitReport:
    """Render the wanted outputs of each format; `kit` is the kit's digest.

    `memory` (this process's, by default) holds what earlier fits learnt; it saves
    layouts, never changes a file. An output that does not fit, or meets a bug, fails
    alone; a problem with the kit itself (a resource refused) stops the whole kit.
    """
    report = KitReport()
    memory = renderer.workshop.fits if memory is None else memory
    fonts = fonts_digest(fonts_of(renderer.brand))
    for name in formats:
        target = FORMATS[name]
        fmt = target.digest()
        if downloads:  # the web edition: what it links to is one of its inputs
            from .plan import web_digest

            fmt = web_digest(downloads)
        for job in target.jobs(renderer.content):
            output = output_path(renderer, job)
            if wanted is not None and output not in wanted:
                continue
            fingerprint = output_fingerprint(kit, fmt, output, fonts)
            try:
                made = render_job(renderer, job, fingerprint, memory, previews, downloads)
                report.rendered.append(made)
            except FitError as failure:
                report.failures.append(failure)
            except (ResourceRefused, RenderProblem):
                raise
            except Exception as exc:  # a bug in one output must not cost the others
                report.failures.append(OutputFailed(output, exc))
    return report


def render_job(
    renderer: Renderer,
    job: Job,
    fingerprint: str,
    memory: FitMemory | None = None,
    previews: bool = False,
    downloads: tuple = (),
) -> Rendered:
    """Make one output file's bytes, fitted to its page and finished for its profile."""
    started = time.perf_counter()
    output = output_path(renderer, job)
    memory = renderer.workshop.fits if memory is None else memory
    target = FORMATS[job.format]
    try:
        extra = {"downloads": downloads} if downloads else {}
        made = target.render(renderer, job, fingerprint, memory, previews, **extra)
    except (ResourceRefused, RenderProblem) as problem:
        raise type(problem)(f"{output}: {problem.message}") from None
    entry = ManifestEntry(
        path=output,
        brand=renderer.brand.slug,
        format=job.format,
        title=target.title(job, renderer.content),
        pages=made.pages,
        bytes=len(made.data),
        sha256=hashlib.sha256(made.data).hexdigest(),
        font_size_pt=None if made.size_pt is None else float(made.size_pt),
        fingerprint=fingerprint,
        parts={path: hashlib.sha256(data).hexdigest() for path, data in sorted(made.parts.items())},
        panel_fill=None if made.panel_fill is None else list(made.panel_fill),
        language=target.language(job, renderer.content),
        press=renderer.profile.summary,
    )
    return Rendered(entry, made, time.perf_counter() - started)


def build(
    content: Content,
    brand: Brand,
    formats: Iterable[str],
    out_dir: Path,
    profile: Profile = OFFICE_PROFILE,
) -> BuildReport:
    """Render every requested output of one kit, then write those made, and the manifest.

    The library's one-kit build, for scripts and benchmarks: no check, nothing skipped.
    `mythprint build` runs kits through `batch.run_batch` instead.
    """
    renderer = Renderer(content, brand, profile)
    kit = kit_digest(content, brand.folder, profile)
    made = render_kit(renderer, formats, kit)
    report = BuildReport(made.rendered, made.failures)
    writer = Writer(out_dir)
    for item in report.rendered:
        report.written.append((writer.write(item.entry, item.data, item.made.parts), item.entry))
    if report.rendered:
        report.manifest = writer.write_manifest()
    return report
