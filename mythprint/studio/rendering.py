"""Rendering for every visitor: one long-lived pool of worker processes, sized to the cores,
that runs the batch's units and shares what fitting learns, so that a colour-only change
lays each page out once."""

from __future__ import annotations

import logging
import tempfile
import threading
import time
from concurrent.futures import Executor, Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..batch.fingerprint import kit_digest
from ..batch.output import write_atomic
from ..batch.pool import default_jobs, stop_executor, worker_pool
from ..batch.runner import KitDone
from ..batch.units import Unit, UnitResult, make_unit
from ..errors import Finding, Overflow
from ..inputs.brand import kit_folder
from ..inputs.content import Content
from ..pdf.fit import FitHint
from ..pdf.previews import libreoffice, preview_path, word_previews
from ..pdf.profiles import OFFICE_PROFILE, make_profile

log = logging.getLogger(__name__)

# Each preview run makes these outputs; the handout is previewed after, through LibreOffice.
PREVIEW_FORMATS = ("leaflet", "poster", "myth-posters", "handout")
PACK_OFFICE = ("poster", "myth-posters", "leaflet", "handout", "html")
PACK_PRESS = ("poster", "myth-posters", "leaflet")
HINTS_KEPT = 500
MODELS_KEPT = 200


class RenderFailed(Exception):
    """The pool lost a worker mid-run (it is made again for the next run)."""


@dataclass
class PreviewRun:
    """What one preview run found and made."""

    findings: list[Finding] = field(default_factory=list)
    kit_error: list[str] = field(default_factory=list)  # the kit could not be made at all
    failures: list[str] = field(default_factory=list)  # outputs that could not be made
    overflows: dict[str, Overflow] = field(default_factory=dict)  # by the failure's line
    not_made: dict[str, list[str]] = field(default_factory=dict)  # format -> its failures
    images: dict[str, bytes] = field(default_factory=dict)  # preview key -> PNG
    handout: bytes | None = None  # the Word file, to preview through LibreOffice
    seconds: float = 0.0
    passes: dict[str, int] = field(default_factory=dict)  # layouts each output took


class RenderPool:
    """The studio's worker processes, made once and kept warm for the server's life."""

    def __init__(self, content: Content, workers: int | None = None, temp_dir: Path | None = None):
        self.content = content
        self.workers = workers or default_jobs()
        self.temp_dir = temp_dir  # the workers' temporary files, deleted with the studio's
        self._executor: Executor | None = None
        self._lock = threading.Lock()
        self._libreoffice = threading.Semaphore(1)  # one at a time: it is heavy
        self.hints: dict[str, FitHint] = {}
        self.models: dict[str, dict] = {}
        self.furniture: dict[str, tuple[float, float]] = {}
        self._warming: list[Future] = []

    # --- the pool ---

    def start(self, warm_kits: list[tuple[Path, str]] = ()) -> None:
        """Start the workers (forked now, with WeasyPrint imported), and warm them on `warm_kits`:
        their fonts and styles loaded, and the fit of each format learnt."""
        for brands_dir, slug in warm_kits:
            for unit in self._preview_units(brands_dir, slug):
                self._warming.append(self.submit(unit))

    def wait_warm(self) -> None:
        for future in self._warming:
            try:
                future.result()
            except Exception:  # a warm-up that fails costs only speed
                log.warning("a warm-up unit failed", exc_info=True)
        self._warming.clear()

    def submit(self, unit: Unit) -> Future:
        """Run a unit in a worker; what its fits learn is kept for every later unit."""
        with self._lock:
            if self._executor is None:
                if self.temp_dir is not None:
                    self.temp_dir.mkdir(parents=True, exist_ok=True)
                self._executor = worker_pool(self.workers, False, self.temp_dir)
            executor = self._executor
        future = executor.submit(make_unit, unit)
        future.add_done_callback(self._learn_from)
        return future

    def close(self) -> None:
        """Stop at once: cancel what waits, and end the workers mid-unit."""
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            stop_executor(executor)

    def _broken(self) -> None:
        log.warning("a render worker stopped; starting the pool again")
        self.close()

    def _learn_from(self, future: Future) -> None:
        if future.cancelled() or future.exception() is not None:
            return
        result: UnitResult = future.result()
        with self._lock:
            for fit in result.fits.values():
                self.hints[fit["key"]] = FitHint(float(fit["size_pt"]), tuple(fit["state"]))
            self.models.update(result.models)
            for path, value in result.furniture.items():
                self.furniture[path.rsplit("/", 1)[-1]] = tuple(value)
            for memory, kept in ((self.hints, HINTS_KEPT), (self.models, MODELS_KEPT)):
                while len(memory) > kept:
                    del memory[next(iter(memory))]

    def with_memory(self, unit: Unit) -> Unit:
        """The unit, told everything the pool has learnt while fitting."""
        with self._lock:
            return replace(
                unit,
                hints={},
                models={**self.models, **unit.models},
                furniture={**self.furniture, **unit.furniture},
            )

    # --- previews ---

    def _preview_units(self, brands_dir: Path, slug: str) -> list[Unit]:
        kit = kit_digest(self.content, kit_folder(brands_dir, slug), OFFICE_PROFILE)
        units = []
        for name, filename in preview_files(self.content).items():
            unit = Unit(
                self.content,
                brands_dir,
                slug,
                (name,),
                OFFICE_PROFILE,
                kit,
                frozenset({f"{slug}/{filename}"}),
                previews=True,
                press_too=True,  # the pack holds press files: say now what would stop them
            )
            units.append(self.with_memory(unit))
        return units

    def preview(self, brands_dir: Path, slug: str) -> PreviewRun:
        """Check the kit and make its previews (blocks: run it in a thread)."""
        started = time.perf_counter()
        units = self._preview_units(brands_dir, slug)
        futures = [self.submit(unit) for unit in units]
        try:
            results = [future.result() for future in futures]
        except BrokenProcessPool:
            self._broken()
            raise RenderFailed from None
        run = PreviewRun()
        keys = preview_keys(self.content, slug)
        for unit, result in zip(units, results, strict=True):
            run.findings = run.findings or result.findings
            run.kit_error = run.kit_error or result.kit_error
            run.failures += result.failures
            run.overflows.update(result.overflows)
            for name in unit.formats if result.failures else ():
                run.not_made[name] = result.failures
            run.passes.update((stat.path, stat.passes) for stat in result.stats)
            for entry, data, parts in result.made:
                if entry.format == "handout":
                    run.handout = data
                for path, png in parts.items():
                    if path in keys:
                        run.images[keys[path]] = png
        run.seconds = time.perf_counter() - started
        return run

    def handout_preview(self, docx: bytes) -> bytes | None:
        """The handout's first page as a PNG, through LibreOffice; None without it.

        The Word file goes to a scratch folder of LibreOffice's own, never the visitor's:
        the visitor's may be swept away while LibreOffice works.
        """
        if libreoffice() is None:
            return None
        with self._libreoffice, tempfile.TemporaryDirectory(prefix="mythprint-") as scratch:
            path = Path(scratch) / "handout.docx"
            write_atomic(path, docx)
            made = word_previews({"kit/handout.docx": path})
        return made.get("kit/handout.docx", {}).get(preview_path("kit/handout.docx", 1))

    @property
    def can_preview_handout(self) -> bool:
        return libreoffice() is not None

    # --- the pack ---

    def pack(self, brands_dir: Path, slug: str, out: Path) -> list[KitDone]:
        """Make every office and press file of the kit, and its web edition, into `out`, with
        the batch machinery (blocks: run it in a thread)."""
        from ..batch.output import Writer
        from ..batch.plan import plan_batch
        from ..batch.runner import run_batch

        kits = []
        press = make_profile("press", None, False, None)
        for formats, profile in ((PACK_OFFICE, OFFICE_PROFILE), (PACK_PRESS, press)):
            writer = Writer(out)
            plan = plan_batch(
                self.content, brands_dir, [slug], list(formats), profile, writer, self.workers,
                previews=False,
            )  # fmt: skip
            plan.units[:] = [self.with_memory(unit) for unit in plan.units]
            try:
                kits += list(run_batch(plan, writer, self.workers, lambda _: _Lent(self)))
            except BrokenProcessPool:
                self._broken()
                raise RenderFailed from None
        return kits


class _Lent(Executor):
    """The studio's pool, lent to one batch: `run_batch` shuts its executor down when it
    ends, and this one must outlive it, for every other visitor."""

    def __init__(self, pool: RenderPool):
        self.pool = pool

    def submit(self, fn, /, *args, **kwargs) -> Future:
        assert fn is make_unit and len(args) == 1 and not kwargs
        return self.pool.submit(args[0])

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        pass


def preview_files(content: Content) -> dict[str, str]:
    """The file each preview run makes, by format: one single-myth poster, the first."""
    return {
        "leaflet": "leaflet-dl.pdf",
        "poster": "poster-a3.pdf",
        "myth-posters": f"poster-a3-{content.myths[0].id}.pdf",
        "handout": "handout.docx",
    }


def preview_keys(content: Content, slug: str) -> dict[str, str]:
    """Preview key (as the page's image addresses name them) by the path of its PNG."""
    files = preview_files(content)
    return {
        preview_path(f"{slug}/{files['poster']}", 1): "poster",
        preview_path(f"{slug}/{files['myth-posters']}", 1): "myth",
        preview_path(f"{slug}/{files['leaflet']}", 1): "leaflet-outside",
        preview_path(f"{slug}/{files['leaflet']}", 2): "leaflet-inside",
    }
