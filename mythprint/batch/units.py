"""A unit of work: one kit's outputs of some formats, what it makes, and the making of it
inside a worker.

A unit is a pure function of its inputs, so its files are the same bytes whichever
process, machine or order makes them.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ERROR, Finding, Overflow, Problem
from ..inputs.content import Content
from ..pdf.fit import FitHint
from ..pdf.profiles import Profile
from .output import ManifestEntry


@dataclass(frozen=True)
class Unit:
    """One kit's outputs of some formats: everything needed to make them, and nothing else."""

    content: Content
    brands_dir: Path
    slug: str
    formats: tuple[str, ...]
    profile: Profile
    kit: str  # the kit's digest: content, kit files, profile, mythprint
    wanted: frozenset[str]  # the outputs to make; the kit's others are up to date
    previews: bool  # PNG previews of each page made too
    # What earlier builds learnt while fitting (see targets.FitMemory): saves layouts only.
    hints: dict[str, FitHint] = field(default_factory=dict)  # by layout key
    models: dict[str, dict] = field(default_factory=dict)  # region models, by region key
    furniture: dict[str, tuple[float, float]] = field(default_factory=dict)  # by file name
    # For the web edition: the kit's files it links to (web.Download), made by then.
    downloads: tuple = ()
    # One output of the batch's first kit, fitted while every other kit waits: see plan._pilot.
    pilot: bool = False
    # What would stop its kit's press files said too, without stopping its own: the studio
    # previews office files of a pack that holds press files (see build.press_level).
    press_too: bool = False


@dataclass(frozen=True)
class OutputStats:
    path: str
    passes: int
    seconds: float


@dataclass
class UnitResult:
    """What a unit made, in a form that crosses between processes."""

    slug: str
    made: list[tuple[ManifestEntry, bytes, dict[str, bytes]]] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # one line per output not made
    overflows: dict[str, Overflow] = field(default_factory=dict)  # a fit's failure, by its line
    kit_info: dict = field(default_factory=dict)  # what the gallery shows of the kit
    kit_error: list[str] = field(default_factory=list)  # the kit could not be built at all
    # The same lines as the manifest records them: each file by its own name, the same from
    # any working folder
    kit_error_recorded: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    notes: set[str] = field(default_factory=set)
    fonts: tuple[str, ...] = ()
    # The kit's folder, as the paths of its own fonts in `fonts` begin (see plan.kit_fonts)
    folder: str = ""
    fits: dict[str, dict] = field(default_factory=dict)  # output -> {"key", "size_pt", "state"}
    models: dict[str, dict] = field(default_factory=dict)  # region key -> model
    furniture: dict[str, list[float]] = field(default_factory=dict)  # output -> [furniture, page]
    stats: list[OutputStats] = field(default_factory=list)


# The kits this process checked last: the units of one kit share its renderer and check.
_checked: dict[tuple, tuple] = {}
KITS_KEPT = 4


def _checked_kit(unit: Unit):
    """The kit's renderer and its check findings, made once per process for each kit."""
    from ..inputs.brand import read_kit
    from ..pdf.render import Renderer
    from .build import check_renderer

    key = (unit.brands_dir, unit.slug, unit.kit)
    if key not in _checked:
        # A kit whose logo is missing is checked all the same: its findings stop it
        renderer = Renderer(unit.content, read_kit(unit.brands_dir, unit.slug), unit.profile)
        _checked[key] = (renderer, check_renderer(renderer))
        while len(_checked) > KITS_KEPT:
            del _checked[next(iter(_checked))]
    return _checked[key]


def make_unit(unit: Unit) -> UnitResult:
    """Check the kit and make the unit's wanted outputs. Runs in a worker process."""
    from ..errors import MythprintError
    from .build import errors_of, fonts_of, press_level, render_kit

    result = UnitResult(unit.slug)
    try:
        renderer, findings = _checked_kit(unit)
        result.findings = press_level(renderer, findings) if unit.press_too else findings
        result.fonts = fonts_of(renderer.brand)
        result.folder = str(Path(renderer.brand.folder).resolve())
        # The gallery shows a kit that check stops as the build said it: its name, its
        # colours and its warnings, not an earlier build's
        result.kit_info = kit_info(renderer.brand, result.findings)
        if error := errors_of(findings):  # what stops this unit's own files
            raise error
        renderer.notes = set()
        memory = _memory(unit)
        report = render_kit(
            renderer, unit.formats, unit.kit, unit.wanted, memory, unit.previews, unit.downloads
        )
    except MythprintError as error:
        result.kit_error = _lines(error)
        result.kit_error_recorded = _lines(error, by_file_name)
        return result
    except Exception as exc:  # a bug met by one kit must not cost the others
        result.kit_error = result.kit_error_recorded = [
            f"{unit.slug}: mythprint failed unexpectedly while making this kit "
            f"({type(exc).__name__}: {exc}). Please report this with the command you ran."
        ]
        return result
    result.notes = renderer.notes
    result.failures = [line for failure in report.failures for line in _lines(failure)]
    for failure in report.failures:
        if overflow := getattr(failure, "overflow", None):
            result.overflows[failure.message] = overflow
    for item in report.rendered:
        path, made = item.entry.path, item.made
        result.made.append((item.entry, item.data, made.parts))
        result.stats.append(OutputStats(path, item.passes, item.seconds))
        if made.layout_key and made.hint:
            hint = {"size_pt": made.hint.size_pt, "state": list(made.hint.state)}
            result.fits[path] = {"key": made.layout_key, **hint}
        if made.region_key and made.model and made.region_key not in unit.models:
            result.models[made.region_key] = made.model.as_json()
        if made.furniture:
            result.furniture[path] = list(made.furniture)
    return result


def _memory(unit: Unit):
    """This process's fit memory, told what the unit brings from earlier builds."""
    from ..pdf.region import model_from_json
    from ..pdf.render import workshop

    memory = workshop().fits
    memory.hints.update(unit.hints)
    for key, model in unit.models.items():
        if key not in memory.models:
            memory.models[key] = model_from_json(model)
    for name, guess in unit.furniture.items():
        memory.furniture.setdefault(name, guess)
    return memory


def kit_info(brand, findings: list[Finding]) -> dict:
    """A kit as the gallery shows it: its name, its colours and what `check` said of it."""
    from dataclasses import asdict

    return {
        "name": brand.name,
        "colors": asdict(brand.palette),
        "warnings": [by_file_name(f.problem) for f in findings if f.level != ERROR],
    }


def by_file_name(problem) -> str:
    """A problem with its file's own name, the same from any working folder."""
    where = Path(problem.file).name
    if problem.line is not None:
        where += f":{problem.line}:{problem.column}"
    return f"{where}: {problem.message}"


def _lines(error, shown: Callable[[Problem], str] = str) -> list[str]:
    """An error as the `Error:` lines it shows, each problem `shown` so; exceptions
    themselves may not pickle."""
    problems = getattr(error, "problems", None)
    return [shown(p) for p in problems] if problems else [error.message]
