"""A batch run: the plan's units handed to workers a few at a time, what they return
written, and each kit reported as it finishes.

The parent process plans (reading and hashing files only), hands units to workers, and
writes what they return; workers never write.
"""

import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, BrokenExecutor, Executor, Future, wait
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from ..errors import ERROR, WARNING, Finding, OutputError, Problem
from ..formats.registry import FORMATS
from ..inputs.brand import kit_folder
from ..paths import display_path
from ..pdf.profiles import PRESS
from . import units as worker  # make_unit is looked up when sent, so a stand-in is sent
from .fingerprint import made_from
from .output import ManifestEntry, Writer, for_press, keep_newest_models
from .plan import (
    Plan,
    earlier_copies,
    kit_fonts,
    left_out_lines,
    not_offered,
    remembered_furniture,
    web_unit,
)
from .pool import _LazyPool, drawing_pool
from .stopping import check_stop
from .units import OutputStats, Unit, UnitResult

# How often the batch looks for Ctrl-C and the other stopping signals while it waits.
STOP_CHECK_SECONDS = 0.1
# Drawing fewer previews than this takes a moment, and goes unannounced.
ANNOUNCED_FROM = 10
# The kit digests whose warnings a kit's cache entry keeps: office and press, in two
# languages or packs, say, each checked once and said again when skipped whole.
REMEMBERED_WARNINGS = 6
WORKER_DIED = (
    "a worker process stopped abruptly, so what it was making was made again, one piece "
    "at a time. If no file failed, the machine was probably short of memory: a lower "
    "--jobs uses less."
)


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
    stale: list[str] = field(default_factory=list)  # files made before the kit changed
    # Files of the pack its web edition does not offer, with why (see plan.not_offered)
    not_offered: dict[str, str] = field(default_factory=dict)
    kept: list[Path] = field(default_factory=list)  # earlier copies of the files that failed

    @property
    def stale_warnings(self) -> list[str]:
        """What to say of the kit's files that this build did not make (the other profile's,
        or another --format's) and that were made before the kit changed: the build that
        makes them again, by profile; and the files its web edition leaves out."""
        press = [path for path in self.stale if for_press(path)]
        office = len(self.stale) - len(press)
        lines = []
        for number, what, option in (
            (len(press), f"print-shop file{{s}} in {PRESS}/", "press"),
            (office, "office file{s}", "office"),
        ):
            if number:
                one = number == 1
                lines.append(
                    f"{self.slug}: its {number} {what.format(s='' if one else 's')} "
                    f"{'was' if one else 'were'} made before this kit changed: build with "
                    f"--for {option} and no --format to make {'it' if one else 'them'} again"
                )
        return lines + left_out_lines(self.slug, self.not_offered)

    @property
    def warnings(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.level != ERROR]

    @property
    def errors(self) -> list[str]:
        """What this build could not make of the kit, as the manifest records it: the
        files in order of their paths, not of the units that finished first, so the
        manifest is the same whatever --jobs is."""
        return [*self.kit_error_recorded, *sorted(self.failures)]


def run_batch(
    plan: Plan,
    writer: Writer,
    jobs: int,
    executor: Callable[[int], Executor] | None = None,
    say: Callable[[str], None] = lambda line: None,
) -> Iterator[KitDone]:
    """Run the plan's units, write what each makes, and yield each kit as it finishes.
    `say` is told of the previews still to draw when the last kit is done.

    A kit's web edition is planned, and its unit run, once the kit's other units are
    done. The manifest and the cache are written once, at the end, even when the batch
    is stopped: files already written are then recorded, and a rerun skips them.
    """
    kits = {slug: KitDone(slug, unchanged=count) for slug, count in plan.unchanged.items()}
    writer.gone, writer.forgotten = set(plan.gone), set(plan.forgotten)
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
                _take(kits[unit.slug], result, writer, cache, plan.inputs.get(unit.slug))
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
        elif (writer.errors or writer.gone or writer.forgotten) and writer.has_manifest():
            # Nothing made, but the kits' failures may be new, or fixed: the gallery of
            # an earlier build must not show its files as this build's. (A build into a
            # new folder whose every kit failed still writes nothing.)
            writer.write_manifest()
    check_stop()
    if plan.previews:
        make_missing_previews(writer, plan, jobs, say)
    write_gallery(writer)


def write_gallery(writer: Writer, stopped: bool = False) -> None:
    """The gallery, <out>/index.html, from the manifest: every kit built into the folder.
    `stopped`: the build was stopped before it finished, which the page says at its top.

    It is written only when it would differ from the one there: its stamp, a digest of
    the manifest, the template, mythprint and whether the build was stopped, is in the page.
    """
    import json

    from .fingerprint import code_digest, digest, template_digest
    from .gallery import TEMPLATE

    manifest = writer.manifest()
    if not writer.has_manifest() or not (manifest["outputs"] or manifest["kits"]):
        return
    stamp = digest(
        json.dumps(manifest, sort_keys=True),
        template_digest(TEMPLATE),
        code_digest(),
        "stopped" if stopped else "",
    )
    if writer.gallery_stamp() != stamp:
        from .gallery import gallery_html

        writer.write_gallery(gallery_html(manifest, stamp, stopped))


class _Feeder:
    """Hands units to the pool a few at a time, each with what the batch has learnt so far.

    Only as many units as workers, and one more, are in the pool at once, so that a unit
    starts with the region models and furniture of every unit finished before it, from
    whichever worker. The first kit's pilot units (see `plan._pilot`) all finish before any
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
            future = self.pool.submit(worker.make_unit, told)
        except BrokenExecutor:  # broken before any of its units said so: once more
            self.pool.renew(self.pool.generation)
            future = self.pool.submit(worker.make_unit, told)
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
            furniture={**remembered_furniture(self.cache, unit.wanted), **unit.furniture},
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
        kit.not_offered = not_offered(slug, plan, writer, cache, kit.failures)
        unit, unchanged = web_unit(slug, plan, writer, cache, kit.not_offered)
        kit.unchanged += unchanged
        if unit is not None:
            feeder.first(unit)
            pending[slug] += 1
            return
    _kit_warnings(kit, kit_folder(plan.brands_dir, slug), plan.kit_digests[slug], cache)
    if slug in plan.retired and not kit.kit_error and not kit.failures:
        kit.removed = writer.retire(plan.retired[slug])  # a kit that failed keeps its files
    kit.kept = earlier_copies(slug, kit.failures, writer)
    fonts = kit_fonts(cache, slug, kit_folder(plan.brands_dir, slug))
    if not kit.kit_error and slug in plan.inputs and fonts is not None:
        now = made_from(plan.inputs[slug], fonts)
        kit.stale = writer.mark_stale(plan.earlier.get(slug, {}), now, plan.tried.get(slug, set()))
    writer.record_errors(slug, kit.errors, bool(kit.kit_error), plan.tried.get(slug, set()))
    yield kit


def _kit_warnings(kit: KitDone, folder: Path, digest: str, cache: dict) -> None:
    """Remember a checked kit's warnings, for the next build; or give a kit that nothing
    checked, as none of its files needed making, the warnings remembered of it.

    An unchanged rebuild loads no kit, yet a contact number still to be replaced before
    print should be said each time, as the first build said it. `digest` is the kit's
    fingerprint: warnings remembered of other inputs are not given. A file of the kit is
    remembered by its path in the kit's `folder`, which may have moved since. A kit that
    could not be read says its errors, not all its warnings: what was remembered of it
    stays, for when it is put back as it was.
    """
    known = cache["kits"].setdefault(kit.slug, {})
    if kit.checked and kit.kit_error:
        return
    if kit.checked:
        found = []
        for problem in (finding.problem for finding in kit.warnings):
            file = Path(problem.file).resolve()
            if file.is_relative_to(folder.resolve()):
                file = file.relative_to(folder.resolve())
            found.append([file.as_posix(), problem.line, problem.column, problem.message])
        others = [entry for entry in _remembered(known) if entry.get("kit") != digest]
        known["warnings"] = [{"kit": digest, "found": found}, *others][:REMEMBERED_WARNINGS]
        return
    remembered = next((e for e in _remembered(known) if e.get("kit") == digest), None)
    if remembered is None:
        return
    shown = display_path(folder)
    try:
        kit.findings = [
            Finding(WARNING, Problem(_shown_in(folder, shown, file), line, column, str(message)))
            for file, line, column, message in remembered.get("found", [])
        ]
    except (TypeError, ValueError):
        kit.findings = []  # a cache of another shape: nothing to say


def _shown_in(folder: Path, shown: str, file: str) -> str:
    """A kit's file as display_path names it, where the kit's `folder` is `shown`: a file
    inside the folder without resolving it again (a batch has hundreds to name)."""
    inside = PurePosixPath(file)
    if inside.is_absolute() or ".." in inside.parts:
        return display_path(folder / file)
    return str(Path(shown, inside))


def _remembered(known: dict) -> list[dict]:
    """A kit's remembered warnings, one entry for each of its recent kit digests (newest
    first): the office and press files of a kit, or its packs in other languages, are
    checked with other digests, and a build of one must not forget the other's warnings.
    (A cache of an older mythprint held one entry, not a list.)"""
    remembered = known.get("warnings")
    entries = [remembered] if isinstance(remembered, dict) else remembered
    return [e for e in entries if isinstance(e, dict)] if isinstance(entries, list) else []


def make_missing_previews(
    writer: Writer, plan: Plan, jobs: int, say: Callable[[str], None]
) -> None:
    """Previews of this build's files that have none yet, or lack one (deleted, or edited
    by hand), drawn by `jobs` processes.

    A PDF made, or left unchanged, by a build without previews is drawn from the file
    itself, as nothing about it changes with them. The Word handouts go through LibreOffice
    first, in a run per process (see previews.word_pdfs), while the PDFs are drawn.
    """
    from ..pdf.previews import libreoffice, pdf_previews, word_pdfs

    tried = set().union(*plan.tried.values())
    entries = {**writer.earlier_entries(), **writer.written}
    lacking = {
        path: entry
        for path, entry in entries.items()
        if path in tried and not writer.previews_current(entry)
    }
    pdfs = [
        path
        for path, entry in lacking.items()
        if FORMATS[entry.format].previewed and writer.up_to_date(entry, previews=False)
    ]
    can_convert = libreoffice() is not None
    handouts = {
        path: writer.target(path)
        for path, entry in lacking.items()
        if entry.format == "handout" and can_convert
    }
    if len(pdfs) + len(handouts) >= ANNOUNCED_FROM:
        say(f"Drawing previews of {len(pdfs) + len(handouts)} files.")
    made: dict[str, dict[str, bytes]] = {}
    drawing: dict[Future, str] = {}
    pool = _LazyPool(drawing_pool, min(jobs, len(pdfs) + len(handouts)))
    try:
        for path in pdfs:
            check_stop()
            drawing[pool.submit(pdf_previews, writer.target(path).read_bytes(), path)] = path
        for path, data in word_pdfs(handouts, jobs, check_stop).items():
            drawing[pool.submit(pdf_previews, data, path)] = path
        while drawing:
            done, _ = wait(drawing, STOP_CHECK_SECONDS, return_when=FIRST_COMPLETED)
            check_stop()
            for future in done:
                path = drawing.pop(future)
                try:
                    made[path] = future.result()
                except BrokenExecutor:  # its process died: the next build draws it
                    continue
    except BaseException:
        pool.stop()
        raise
    finally:
        pool.shutdown()
        for path, parts in made.items():
            writer.add_parts(entries[path], parts)
        if made:
            writer.write_manifest()


def _take(
    kit: KitDone, result: UnitResult, writer: Writer, cache: dict, inputs: str | None = None
) -> None:
    """Write a unit's files and merge what it reports into its kit's record; each file
    records what it was made from, `inputs` and the kit's fonts (see mark_stale)."""
    made_of = made_from(inputs, result.fonts) if inputs is not None and result.fonts else None
    for entry, data, parts in result.made:
        entry = replace(entry, inputs=made_of)
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
        cache["kits"].setdefault(result.slug, {}).update(
            fonts=list(result.fonts), folder=result.folder
        )
    cache["fits"].update(result.fits)
    cache["models"].update(result.models)
    keep_newest_models(cache)
    cache["furniture"].update(result.furniture)


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
        "warnings": sum(len(kit.warnings) + len(kit.stale_warnings) for kit in kits),
        "seconds": round(time.perf_counter() - started, 3),
        "outputs": [{"path": s.path, "passes": s.passes, "seconds": s.seconds} for s in stats],
    }
