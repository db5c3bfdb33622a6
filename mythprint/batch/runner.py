"""A batch: every kit's outputs as units of work that any Executor can run, made again only
where an input changed.

The parent process plans (reading and hashing files only), hands units to workers, and
writes what they return; workers never write. A unit is a pure function of its inputs,
so its files are the same bytes whichever process, machine or order makes them.
"""

import gc
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, BrokenExecutor, Executor, Future, wait
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import ERROR, WARNING, Finding, OutputError, Problem
from ..formats.registry import FORMATS
from ..inputs.brand import kit_folder
from ..inputs.content import Content
from ..paths import display_path
from ..pdf.fit import FitHint
from ..pdf.profiles import Profile
from .fingerprint import fonts_digest, kit_digest, output_fingerprint
from .output import ManifestEntry, Writer, keep_newest_models
from .stopping import check_stop, stuck

WEB = "html"  # the web edition's format
# Collect reference cycles after 50,000 allocations rather than Python's 700.
WORKER_GC_THRESHOLDS = (50_000, 50, 50)
# How often the batch looks for Ctrl-C and the other stopping signals while it waits.
STOP_CHECK_SECONDS = 0.1
# How long stopping a pool waits for its manager thread, once its workers are ended: it
# needs a moment; the limit only keeps a stuck one from stopping the record being written.
STOP_SECONDS = 30
WORKER_DIED = (
    "a worker process stopped abruptly, so what it was making was made again, one piece "
    "at a time. If no file failed, the machine was probably short of memory: a lower "
    "--jobs uses less."
)


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
    # One output of the batch's first kit, fitted while every other kit waits: see _pilot.
    pilot: bool = False


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
    kit_info: dict = field(default_factory=dict)  # what the gallery shows of the kit
    kit_error: list[str] = field(default_factory=list)  # the kit could not be built at all
    # The same lines as the manifest records them: each file by its own name, the same from
    # any working folder
    kit_error_recorded: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    notes: set[str] = field(default_factory=set)
    fonts: tuple[str, ...] = ()
    fits: dict[str, dict] = field(default_factory=dict)  # output -> {"key", "size_pt", "state"}
    models: dict[str, dict] = field(default_factory=dict)  # region key -> model
    furniture: dict[str, list[float]] = field(default_factory=dict)  # output -> [furniture, page]
    stats: list[OutputStats] = field(default_factory=list)


# The kits this process checked last: the units of one kit share its renderer and check.
_checked: dict[tuple, tuple] = {}
KITS_KEPT = 4


def _checked_kit(unit: Unit):
    """The kit's renderer and its check findings, made once per process for each kit."""
    from ..inputs.brand import load_brand
    from ..pdf.render import Renderer
    from .build import check_renderer

    key = (unit.brands_dir, unit.slug, unit.kit)
    if key not in _checked:
        renderer = Renderer(unit.content, load_brand(unit.brands_dir, unit.slug), unit.profile)
        _checked[key] = (renderer, check_renderer(renderer))
        while len(_checked) > KITS_KEPT:
            del _checked[next(iter(_checked))]
    return _checked[key]


def make_unit(unit: Unit) -> UnitResult:
    """Check the kit and make the unit's wanted outputs. Runs in a worker process."""
    from ..errors import MythprintError
    from .build import errors_of, fonts_of, render_kit

    result = UnitResult(unit.slug)
    try:
        renderer, result.findings = _checked_kit(unit)
        result.fonts = fonts_of(renderer.brand)
        if error := errors_of(result.findings):
            raise error
        renderer.notes = set()
        result.kit_info = kit_info(renderer.brand, result.findings)
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
    from ..pdf.fit import model_from_json
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


@dataclass
class KitDone:
    """One kit, finished: what the command line reports for it."""

    slug: str
    made: list[tuple[Path, ManifestEntry]] = field(default_factory=list)
    unchanged: int = 0
    failures: list[str] = field(default_factory=list)
    kit_error: list[str] = field(default_factory=list)
    kit_error_recorded: list[str] = field(default_factory=list)  # see UnitResult
    findings: list[Finding] = field(default_factory=list)
    notes: set[str] = field(default_factory=set)
    stats: list[OutputStats] = field(default_factory=list)
    web_planned: bool = False
    checked: bool = False  # a unit of it ran, and checked it
    removed: int = 0  # files of an earlier build that this build's pack no longer makes

    @property
    def warnings(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.level != ERROR]

    @property
    def errors(self) -> list[str]:
        """What this build could not make of the kit, as the manifest records it: the
        files in order of their paths, not of the units that finished first, so the
        manifest is the same whatever --jobs is."""
        return [*self.kit_error_recorded, *sorted(self.failures)]


@dataclass
class Plan:
    """What a batch will do: the units to run, and each kit's unchanged outputs.

    The web edition links to the rest of its kit's pack, with each file's size, so it is
    planned once the kit's other files are made (see `run_batch`).
    """

    units: list[Unit]
    unchanged: dict[str, int]  # slug -> outputs skipped as unchanged
    previews: bool = True
    web: bool = False  # the web edition is wanted too
    kit_digests: dict[str, str] = field(default_factory=dict)  # slug -> first content's
    content: Content | None = None  # the first language's, which the web edition prints
    others: tuple[Content, ...] = ()  # a pack's other languages, in reading order
    brands_dir: Path | None = None
    profile: Profile | None = None
    # The manifest's entries from earlier builds whose files remain, read once, by kit
    earlier: dict[str, dict[str, ManifestEntry]] = field(default_factory=dict)
    # By kit, the entries of earlier builds that this build's pack no longer makes
    retired: dict[str, list[ManifestEntry]] = field(default_factory=dict)
    # By kit, every file this build makes or finds current, asked for by its options
    tried: dict[str, set[str]] = field(default_factory=dict)


def plan_batch(
    content: Content,
    brands_dir: Path,
    slugs: list[str],
    formats: list[str],
    profile: Profile,
    writer: Writer,
    jobs: int,
    force: bool = False,
    previews: bool = True,
    others: tuple[Content, ...] = (),
) -> Plan:
    """Decide, from fingerprints alone, which outputs need making, and group them in units.

    An output is skipped when its fingerprint is the one in the manifest and its file
    still has the checksum recorded there: so an edited or deleted file is made again.
    A pack's `others` (its languages after `content`, see packs.py) make the formats made
    once per language, in units of their own.
    """
    recorded = writer.earlier_entries()
    earlier = {} if force else recorded
    cache = writer.read_cache()
    web = WEB in formats
    formats = [name for name in formats if name != WEB]
    digests = {name: FORMATS[name].digest(previews) for name in formats}
    per_language = [name for name in formats if FORMATS[name].per_language]
    units: list[Unit] = []
    unchanged: dict[str, int] = dict.fromkeys(slugs, 0)
    kit_digests: dict[str, str] = {}
    tried: dict[str, set[str]] = {slug: set() for slug in slugs}
    for text, its_formats in ((content, formats), *((other, per_language) for other in others)):
        jobs_of = {name: FORMATS[name].jobs(text) for name in its_formats}
        for slug in slugs:
            folder = kit_folder(brands_dir, slug)
            kit = kit_digest(text, folder, profile)
            kit_digests.setdefault(slug, kit)
            fonts = cache["kits"].get(slug, {}).get("fonts")
            fonts_known = fonts_digest(fonts) if isinstance(fonts, list) else None
            wanted: dict[str, set[str]] = {}
            for name in its_formats:
                for job in jobs_of[name]:
                    path = f"{slug}/{profile.folder}{job.filename}"
                    tried[slug].add(path)
                    fingerprint = output_fingerprint(kit, digests[name], path, fonts_known or "")
                    if fonts_known and _unchanged(earlier.get(path), fingerprint, writer):
                        unchanged[slug] += 1
                    else:
                        wanted.setdefault(name, set()).add(path)
            if not wanted:
                continue
            every = frozenset(path for paths in wanted.values() for path in paths)
            units.append(
                Unit(
                    text,
                    brands_dir,
                    slug,
                    tuple(name for name in its_formats if name in wanted),
                    profile,
                    kit,
                    every,
                    previews,
                    _hints(cache, every),
                    cache["models"],
                    _furniture(cache, every),
                )
            )
    units = _pilot(_split(units, jobs), jobs) if jobs > 1 else units
    if web:
        for slug in slugs:
            tried[slug] |= {f"{slug}/{job.filename}" for job in FORMATS[WEB].jobs(content)}
    by_kit = _by_kit(recorded)
    return Plan(
        units,
        unchanged,
        previews,
        web,
        kit_digests,
        content,
        others,
        brands_dir,
        profile,
        by_kit,
        _retired(by_kit, slugs, profile, (content, *others)),
        tried=tried,
    )


def _retired(
    by_kit: dict[str, dict[str, ManifestEntry]],
    slugs: list[str],
    profile: Profile,
    contents: tuple[Content, ...],
) -> dict[str, list[ManifestEntry]]:
    """Each kit's files, of this build's profile, that earlier builds made and that no
    format of this pack makes: the English leaflet-dl.pdf once the kit is built as a
    Welsh and English pack, or leaflet-dl.cy.pdf once it is built in English alone. The web
    edition would link to them, and the gallery list them, beside the pack's own."""
    from ..formats.registry import pack_jobs

    formats = [name for name, target in FORMATS.items() if profile.name in target.profiles]
    made = {profile.folder + job.filename for job, _ in pack_jobs(formats, contents)}
    retired = {}
    for slug in slugs:
        stale = [
            entry
            for path, entry in by_kit.get(slug, {}).items()
            if path.split("/", 1)[1].startswith("press/") == profile.press
            and path.split("/", 1)[1] not in made
        ]
        if stale:
            retired[slug] = stale
    return retired


def _by_kit(entries: dict[str, ManifestEntry]) -> dict[str, dict[str, ManifestEntry]]:
    """Entries grouped by kit: a kit's web edition looks at its own files only, and a
    batch of 150 kits would otherwise look through every kit's files for each one."""
    grouped: dict[str, dict[str, ManifestEntry]] = {}
    for path, entry in entries.items():
        grouped.setdefault(entry.brand, {})[path] = entry
    return grouped


def _unchanged(entry: ManifestEntry | None, fingerprint: str, writer: Writer) -> bool:
    """Whether an earlier build's file is the one these inputs make, and still as made."""
    return entry is not None and entry.fingerprint == fingerprint and writer.up_to_date(entry)


def _hints(cache: dict, wanted: frozenset[str]) -> dict[str, FitHint]:
    hints = {}
    for path in wanted:
        fit = cache["fits"].get(path)
        try:
            hints[fit["key"]] = FitHint(float(fit["size_pt"]), tuple(fit["state"]))
        except (TypeError, KeyError, ValueError):
            continue  # no usable hint: the output is fitted from scratch
    return hints


def _furniture(cache: dict, wanted: frozenset[str]) -> dict[str, tuple[float, float]]:
    """A furniture guess for each file wanted: its own last height, else a like kit's."""
    by_name: dict[str, tuple[float, float]] = {}
    for path, value in sorted(cache["furniture"].items()):
        if isinstance(value, list) and len(value) == 2:
            by_name.setdefault(path.rsplit("/", 1)[-1], tuple(value))
    for path in wanted:
        value = cache["furniture"].get(path)
        if isinstance(value, list) and len(value) == 2:
            by_name[path.rsplit("/", 1)[-1]] = tuple(value)
    return by_name


def _split(units: list[Unit], jobs: int) -> list[Unit]:
    """With fewer kits than workers to keep busy, one unit per kit and format instead."""
    if len(units) >= 2 * jobs:
        return units
    return [
        Unit(
            unit.content,
            unit.brands_dir,
            unit.slug,
            (name,),
            unit.profile,
            unit.kit,
            unit.wanted,
            unit.previews,
            unit.hints,
            unit.models,
            unit.furniture,
            unit.downloads,
        )
        for unit in units
        for name in unit.formats
    ]


def _pilot(units: list[Unit], jobs: int) -> list[Unit]:
    """The first kit's outputs as units of one output each, to run before any other kit.

    A kit's first fits lay each output out two or three times; the kits after it fit in
    one layout, from the region models the first one leaves (see fit.py). Run kit by kit,
    every worker would fit its first kit from scratch. So the first kit's outputs are
    spread over the workers, and the other kits start once their models are known.
    """
    slugs = {unit.slug for unit in units}
    first = units[0] if units else None
    if len(slugs) < 2 or first is None or len(first.wanted) < 2:
        return units
    pilots = [
        replace(first, formats=(name,), wanted=frozenset({path}), pilot=True)
        for name in first.formats
        for path in sorted(first.wanted)
        if _made_by(path, name, first.content)
    ]
    return [*pilots, *units[1:]]


def _made_by(path: str, format_name: str, content: Content) -> bool:
    """Whether `path` (BRAND/[press/]FILE) is one of the format's files for `content`."""
    name = path.rsplit("/", 1)[-1]
    return any(job.filename == name for job in FORMATS[format_name].jobs(content))


class SerialExecutor(Executor):
    """Runs each unit in this process, at once: one worker where workers are not forked,
    and any debugger's friend."""

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future: Future = Future()
        thresholds = gc.get_threshold()
        gc.set_threshold(*WORKER_GC_THRESHOLDS)  # as a worker process would
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # the caller sees it, as from any executor
            future.set_exception(exc)
        finally:
            gc.set_threshold(*thresholds)
        return future


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def run_batch(
    plan: Plan,
    writer: Writer,
    jobs: int,
    executor: Callable[[int], Executor] | None = None,
) -> Iterator[KitDone]:
    """Run the plan's units, write what each makes, and yield each kit as it finishes.

    A kit's web edition is planned, and its unit run, once the kit's other units are
    done. The manifest and the cache are written once, at the end, even when the batch
    is stopped: files already written are then recorded, and a rerun skips them.
    """
    kits = {slug: KitDone(slug, unchanged=count) for slug, count in plan.unchanged.items()}
    pending = dict.fromkeys(kits, 0)
    for unit in plan.units:
        pending[unit.slug] += 1
    cache = writer.read_cache()
    workers = min(jobs, max(1, len(plan.units) or len(kits)))
    pool = _LazyPool(executor, workers)
    feeder = _Feeder(pool, plan.units, workers, cache)
    try:
        for slug in kits:
            if pending[slug] == 0:
                yield from _kit_done(slug, plan, kits, pending, feeder, writer, cache)
        feeder.feed()
        while feeder.futures:
            done, _ = wait(feeder.futures, STOP_CHECK_SECONDS, return_when=FIRST_COMPLETED)
            check_stop()  # before a broken pool is renewed: a signal may have broken it
            for future in done:
                unit, result = feeder.outcome(future)
                if result is None:  # its worker died: it runs again, alone
                    continue
                _take(kits[unit.slug], result, writer, cache)
                pending[unit.slug] -= 1
                if pending[unit.slug] == 0:
                    yield from _kit_done(unit.slug, plan, kits, pending, feeder, writer, cache)
            feeder.feed()
    except BaseException:
        pool.stop()
        raise
    finally:
        pool.shutdown()
        if writer.written:
            writer.prune()
            writer.write_manifest()
            writer.write_cache(cache)
        elif writer.errors and writer.has_manifest():
            # Nothing made, but the kits' failures may be new, or fixed: the gallery of
            # an earlier build must not show its files as this build's. (A build into a
            # new folder whose every kit failed still writes nothing.)
            writer.write_manifest()
    check_stop()
    if plan.previews:
        _preview_word_files(writer)
    write_gallery(writer)


def write_gallery(writer: Writer) -> None:
    """The gallery, <out>/index.html, from the manifest: every kit built into the folder.

    It is written only when it would differ from the one there: its stamp, a digest of
    the manifest, the template and mythprint, is in the page.
    """
    import json

    from .fingerprint import code_digest, digest, template_digest
    from .gallery import TEMPLATE

    manifest = writer.manifest()
    if not writer.has_manifest() or not (manifest["outputs"] or manifest["kits"]):
        return
    stamp = digest(json.dumps(manifest, sort_keys=True), template_digest(TEMPLATE), code_digest())
    if writer.gallery_stamp() != stamp:
        from .gallery import gallery_html

        writer.write_gallery(gallery_html(manifest, stamp))


class _Feeder:
    """Hands units to the pool a few at a time, each with what the batch has learnt so far.

    Only as many units as workers, and one more, are in the pool at once, so that a unit
    starts with the region models and furniture of every unit finished before it, from
    whichever worker. The first kit's pilot units (see `_pilot`) all finish before any
    other unit starts. A kit's web edition goes first in line: its kit is then done.

    A worker that dies (a crash in a library reading a kit's files, or the system out of
    memory) breaks the pool, and every unit in it. Those units run again in a new pool,
    one at a time, alone: the one that kills its worker again fails, and only it.
    """

    def __init__(self, pool: "_LazyPool", units: list[Unit], workers: int, cache: dict):
        self.pool, self.cache, self.limit = pool, cache, workers + 1
        self.waiting = deque(units)
        self.futures: dict[Future, Unit] = {}
        self.pools: dict[Future, int] = {}  # the pool each future was submitted to
        self.suspects: deque[Unit] = deque()  # in a pool when it broke: each runs alone
        self.alone: Future | None = None  # the suspect running now

    def first(self, unit: Unit) -> None:
        self.waiting.appendleft(unit)

    def feed(self) -> None:
        if self.suspects:
            if not self.futures:
                self.alone = self._submit(self.suspects.popleft())
            return
        while self.waiting and len(self.futures) < self.limit:
            unit = self.waiting[0]
            if not unit.pilot and any(other.pilot for other in self.futures.values()):
                return
            self.waiting.popleft()
            self._submit(unit)

    def outcome(self, future: Future) -> tuple[Unit, UnitResult | None]:
        """A finished unit and its result; None if its pool broke and it must run again."""
        unit, pool = self.futures.pop(future), self.pools.pop(future)
        alone = future is self.alone
        if alone:
            self.alone = None
        try:
            result = future.result()
        except BrokenExecutor:
            self.pool.renew(pool)
            if alone:
                return unit, _died(unit)
            self.suspects.append(unit)
            return unit, None
        if alone:  # made at its second try: say that a worker died, once a run
            result.notes = result.notes | {WORKER_DIED}
        return unit, result

    def _submit(self, unit: Unit) -> Future:
        told = self._told(unit)
        try:
            future = self.pool.submit(make_unit, told)
        except BrokenExecutor:  # broken before any of its units said so: once more
            self.pool.renew(self.pool.generation)
            future = self.pool.submit(make_unit, told)
        self.futures[future], self.pools[future] = unit, self.pool.generation
        return future

    def _told(self, unit: Unit) -> Unit:
        """The unit with the region models and furniture learnt since it was planned."""
        learnt = self.cache["models"]
        if unit.downloads or not learnt.keys() - unit.models.keys():
            return unit
        return replace(
            unit,
            models={**learnt, **unit.models},
            furniture={**_furniture(self.cache, unit.wanted), **unit.furniture},
        )


def _died(unit: Unit) -> UnitResult:
    """A unit whose worker died twice, the second time with nothing else running: each
    file it was to make has failed (a unit of one format shares its kit's `wanted`)."""
    from .build import output_path_of

    made_here = {
        output_path_of(unit.slug, unit.profile, job)
        for name in unit.formats
        for job in FORMATS[name].jobs(unit.content)
    }
    why = (
        "not made: the process making it stopped abruptly, twice (a crash in a library "
        "reading the kit's files, such as its logo or fonts, or too little memory)"
    )
    lost = sorted(unit.wanted & made_here) or sorted(unit.wanted)  # never fail silently
    return UnitResult(unit.slug, failures=[f"{path}: {why}" for path in lost])


def _kit_done(slug, plan, kits, pending, feeder, writer, cache) -> Iterator[KitDone]:
    """A kit's other files are done: run its web edition's unit if it needs one, or yield
    the kit as finished."""
    kit = kits[slug]
    if plan.web and not kit.kit_error and not kit.web_planned:
        kit.web_planned = True
        unit, unchanged = _web_unit(slug, plan, writer, cache)
        kit.unchanged += unchanged
        if unit is not None:
            feeder.first(unit)
            pending[slug] += 1
            return
    _kit_warnings(kit, kit_folder(plan.brands_dir, slug), plan.kit_digests[slug], cache)
    if slug in plan.retired and not kit.kit_error and not kit.failures:
        kit.removed = writer.retire(plan.retired[slug])  # a kit that failed keeps its files
    writer.record_errors(slug, kit.errors, bool(kit.kit_error), plan.tried.get(slug, set()))
    yield kit


def _kit_warnings(kit: KitDone, folder: Path, digest: str, cache: dict) -> None:
    """Remember a checked kit's warnings, for the next build; or give a kit that nothing
    checked, as none of its files needed making, the warnings remembered of it.

    An unchanged rebuild loads no kit, yet a contact number still to be replaced before
    print should be said each time, as the first build said it. `digest` is the kit's
    fingerprint: warnings remembered of other inputs are not given. A file of the kit is
    remembered by its path in the kit's `folder`, which may have moved since.
    """
    known = cache["kits"].setdefault(kit.slug, {})
    if kit.checked:
        found = []
        for problem in (finding.problem for finding in kit.warnings):
            file = Path(problem.file).resolve()
            if file.is_relative_to(folder.resolve()):
                file = file.relative_to(folder.resolve())
            found.append([file.as_posix(), problem.line, problem.column, problem.message])
        known["warnings"] = {"kit": digest, "found": found}
        return
    remembered = known.get("warnings")
    if not isinstance(remembered, dict) or remembered.get("kit") != digest:
        return
    try:
        kit.findings = [
            Finding(WARNING, Problem(display_path(folder / file), line, column, str(message)))
            for file, line, column, message in remembered.get("found", [])
        ]
    except (TypeError, ValueError):
        kit.findings = []  # a cache of another shape: nothing to say


def _web_unit(slug: str, plan: Plan, writer: Writer, cache: dict) -> tuple[Unit | None, int]:
    """The unit that makes a kit's web pages (one per language) that are not current, or
    None if every page made before is; and how many pages are current.

    Each page's fingerprint holds what the pages link to, so a file of the pack made again
    (a new size) makes the pages again too.
    """
    earlier = plan.earlier.get(slug, {})
    contents = (plan.content, *plan.others)
    downloads = downloads_for(slug, {**earlier, **writer.written_by_kit.get(slug, {})}, contents)
    fonts = cache["kits"].get(slug, {}).get("fonts")
    kit = plan.kit_digests[slug]
    fmt = web_digest(downloads)
    paths = [f"{slug}/{job.filename}" for job in FORMATS[WEB].jobs(plan.content)]
    wanted = frozenset(
        path
        for path in paths
        if not isinstance(fonts, list)
        or not _unchanged(
            earlier.get(path), output_fingerprint(kit, fmt, path, fonts_digest(fonts)), writer
        )
    )
    if not wanted:
        return None, len(paths)
    unit = Unit(
        plan.content,
        plan.brands_dir,
        slug,
        (WEB,),
        plan.profile,
        kit,
        wanted,
        previews=False,
        downloads=downloads,
    )
    return unit, len(paths) - len(wanted)


def downloads_for(
    slug: str, entries: dict[str, ManifestEntry], contents: tuple[Content, ...]
) -> tuple:
    """The kit's office files the web edition links to, in the order the formats make
    them: the poster, the posters myth by myth, the leaflet, the handout; a format made
    once per language, in each language in reading order. A file in one language of
    several says which; a file made once for the whole pack is named in each language."""
    from ..formats.registry import pack_jobs
    from ..formats.web import Download

    made = pack_jobs(FORMATS, contents)
    order = {job.filename: number for number, (job, _) in enumerate(made)}
    language = {
        job.filename: content.language
        for job, content in made
        if content.other_languages and FORMATS[job.format].per_language
    }
    direction = {content.language: content.direction for content in contents}
    mine = [
        entry
        for path, entry in entries.items()
        if entry.brand == slug
        and entry.format != WEB
        and path.count("/") == 1
        and path.split("/", 1)[1] in order  # not a file of another pack, made before
    ]
    mine.sort(key=lambda entry: (order[entry.path.split("/", 1)[1]], entry.path))
    downloads = []
    for entry in mine:
        name = entry.path.split("/", 1)[1]
        downloads.append(
            Download(
                href="../" + name,
                title=entry.title,
                kind="PDF" if name.endswith(".pdf") else "Word",
                size=entry.bytes,
                language=language.get(name),
                direction=direction.get(language.get(name)),
                titles=() if name in language else _titles(entry, name, contents),
            )
        )
    return tuple(downloads)


def _titles(entry: ManifestEntry, name: str, contents: tuple[Content, ...]) -> tuple:
    """What a file made once for a pack of several languages is, in each of them."""
    if len(contents) < 2 or entry.format not in FORMATS:
        return ()
    target = FORMATS[entry.format]
    titles = []
    for content in contents:
        job = next((job for job in target.jobs(content) if job.filename == name), None)
        if job is not None:
            titles.append((content.language, target.title(job, content)))
    return tuple(titles)


def web_digest(downloads: tuple) -> str:
    """What the web edition is made with: its templates and what it links to.

    With nothing to link to, it is the format's own digest, as build.render_kit then counts
    it: otherwise a web edition built alone would never be current.
    """
    from .fingerprint import digest

    if not downloads:
        return FORMATS[WEB].digest()
    return digest(FORMATS[WEB].digest(), repr(downloads))


def _preview_word_files(writer: Writer) -> None:
    """Previews of the Word handouts that have none yet, through one LibreOffice run."""
    from ..pdf.previews import word_previews

    earlier = writer.earlier_entries()
    entries = {**earlier, **writer.written}
    waiting = {
        path: writer.target(path)
        for path, entry in entries.items()
        if entry.format == "handout" and not entry.parts
    }
    made = word_previews(waiting)
    for path, parts in made.items():
        writer.add_parts(entries[path], parts)
    if made:
        writer.write_manifest()


def _take(kit: KitDone, result: UnitResult, writer: Writer, cache: dict) -> None:
    """Write a unit's files and merge what it reports into its kit's record."""
    for entry, data, parts in result.made:
        try:
            kit.made.append((writer.write(entry, data, parts), entry))
        except OutputError as error:
            kit.failures.append(error.message)
    if result.kit_info:
        writer.kits[result.slug] = result.kit_info
    kit.failures += result.failures
    if result.kit_error and not kit.kit_error:
        kit.kit_error = result.kit_error
        kit.kit_error_recorded = result.kit_error_recorded
    if not kit.checked:  # every unit of a kit checks it alike: report its findings once
        kit.findings = result.findings
        kit.checked = True
    kit.notes |= result.notes
    kit.stats += result.stats
    if result.fonts:
        cache["kits"].setdefault(result.slug, {})["fonts"] = list(result.fonts)
    cache["fits"].update(result.fits)
    cache["models"].update(result.models)
    keep_newest_models(cache)
    cache["furniture"].update(result.furniture)


def worker_pool(workers: int, serial_if_one: bool = True, temp_dir: Path | None = None) -> Executor:
    """Worker processes that each import WeasyPrint and load fonts once, for their life.

    On Linux they are forked after the parent has imported what they need, so they start
    warm, and even one worker is a process of its own: a kit whose files crash a library
    then fails alone, not the whole build (see _Feeder). Elsewhere (spawn) each worker
    imports it all again, which costs more than a small build takes, so one worker is this
    process itself, unless `serial_if_one` is false (a server must keep rendering out of
    its own process). `temp_dir` is where the workers' temporary files go (WeasyPrint's
    font folders, which a worker process never deletes), for the caller to delete.
    """
    if workers <= 1 and serial_if_one and sys.platform != "linux":
        return SerialExecutor()
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor  # not for a build with nothing to do

    from ..pdf.render import import_weasyprint
    from . import build  # noqa: F401  (imported before the fork, shared by every worker)

    import_weasyprint()  # likewise

    context = multiprocessing.get_context("fork" if sys.platform == "linux" else None)
    return ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker, initargs=(temp_dir,)
    )


def _start_worker(temp_dir: Path | None = None) -> None:
    """Ctrl-C is the parent's to handle: it stops the workers and writes nothing partial.
    SIGTERM (the pool stopping a worker, or a service manager stopping the studio) and
    SIGHUP end a worker at once and quietly, whatever handlers the parent had set when it
    forked.

    Laying out allocates many small objects; collecting cycles less often (and never
    among what was imported before the fork) saves about a tenth of a worker's time.
    """
    from .stopping import default_stopping

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    default_stopping()
    _end_with_parent()
    if temp_dir is not None:
        import tempfile

        tempfile.tempdir = str(temp_dir)
    gc.freeze()
    gc.set_threshold(*WORKER_GC_THRESHOLDS)


def _end_with_parent() -> None:
    """End this worker as soon as the process that started it has ended, however it ended.

    Killed outright (by `kill -9`, or by the system short of memory), a parent leaves its
    workers waiting for work for ever, each holding a few hundred megabytes: they hold the
    ends of their own queue. A watch thread ends the worker when its parent's end of a
    pipe closes. (Each worker holds the pipes of those forked before it, so they end in
    turn, the last one first.)
    """
    import multiprocessing
    import threading
    from multiprocessing.connection import wait as ready

    parent = multiprocessing.parent_process()
    if parent is None or parent.sentinel is None:
        return

    def watch() -> None:
        ready([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


class _LazyPool:
    """An executor made on the first unit submitted: a build with nothing to make starts no
    worker, and imports nothing that workers need (WeasyPrint, above all).

    Without a `make` of the caller's, it is worker processes whose temporary files go in a
    folder of their own, deleted when the pool is shut down: a worker process ends without
    deleting WeasyPrint's copies of the fonts, which would otherwise stay behind in the
    system's temporary folder, a few hundred kilobytes a worker for every build.
    """

    def __init__(self, make: Callable[[int], Executor] | None, workers: int):
        self.make, self.workers, self.pool = make or self._workers, workers, None
        self.generation = 0  # how many pools have broken before this one
        self.scratch: Path | None = None  # the workers' temporary folder, once they start

    def _workers(self, count: int) -> Executor:
        if self.scratch is None:
            import tempfile

            self.scratch = Path(tempfile.mkdtemp(prefix="mythprint-"))
        return worker_pool(count, temp_dir=self.scratch)

    def submit(self, fn, /, *args) -> Future:
        if self.pool is None:
            self.pool = self.make(self.workers)
        return self.pool.submit(fn, *args)

    def renew(self, generation: int) -> None:
        """Pool `generation` broke: the next unit starts a new one (once, however many of
        its units report it)."""
        if generation == self.generation and self.pool is not None:
            stop_executor(self.pool)
            self.pool = None
            self.generation += 1

    def shutdown(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
        if self.scratch is not None:
            import shutil

            shutil.rmtree(self.scratch, ignore_errors=True)
            self.scratch = None

    def stop(self) -> None:
        """Stop at once (see stop_executor)."""
        if self.pool is not None:
            stop_executor(self.pool)
            self.pool = None


def stop_executor(executor: Executor) -> None:
    """Stop `executor` at once: cancel what has not started, end its worker processes
    mid-unit, and wait for its manager thread to finish.

    Workers write nothing, so ending one loses only work, never a file. A manager thread
    still running when the interpreter exits races its exit, which then prints a "Bad file
    descriptor" traceback. `shutdown` forgets the workers and the thread, so they are read
    first (a ProcessPoolExecutor's; other executors have neither).
    """
    processes = list((getattr(executor, "_processes", None) or {}).values())
    manager = getattr(executor, "_executor_manager_thread", None)
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    if manager is not None:
        manager.join(timeout=STOP_SECONDS)
        if manager.is_alive():
            stuck(manager)


def summarise(kits: Iterable[KitDone], started: float) -> dict:
    """The run in numbers, for the summary line and `--stats`."""
    kits = list(kits)
    stats = [s for kit in kits for s in kit.stats]
    return {
        "kits": len(kits),
        "made": sum(len(kit.made) for kit in kits),
        "unchanged": sum(kit.unchanged for kit in kits),
        "failed": sum(len(kit.failures) for kit in kits),
        "kits_failed": sum(bool(kit.kit_error) for kit in kits),
        "kits_not_built": sorted(kit.slug for kit in kits if kit.kit_error),
        "warnings": sum(len(kit.warnings) for kit in kits),
        "seconds": round(time.perf_counter() - started, 3),
        "outputs": [{"path": s.path, "passes": s.passes, "seconds": s.seconds} for s in stats],
    }
