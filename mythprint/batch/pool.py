"""The worker pool: processes started warm and ended with their parent, started only when
a unit needs one, and stopped at once; or this process itself, as one worker."""

import gc
import os
import signal
import sys
from collections.abc import Callable
from concurrent.futures import Executor, Future
from pathlib import Path

from .stopping import stuck

# Collect reference cycles after 50,000 allocations rather than Python's 700.
WORKER_GC_THRESHOLDS = (50_000, 50, 50)
# How long stopping a pool waits for its manager thread, once its workers are ended: it
# needs a moment; the limit only keeps a stuck one from stopping the record being written.
STOP_SECONDS = 30


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


def worker_pool(workers: int, serial_if_one: bool = True, temp_dir: Path | None = None) -> Executor:
    """Worker processes that each import WeasyPrint and load fonts once, for their life.

    On Linux they are forked after the parent has imported what they need, so they start
    warm, and even one worker is a process of its own: a kit whose files crash a library
    then fails alone, not the whole build (see runner._Feeder). Elsewhere (spawn) each worker
    imports it all again, which costs more than a small build takes, so one worker is this
    process itself, unless `serial_if_one` is false (a server must keep rendering out of
    its own process). `temp_dir` is where the workers' temporary files go (WeasyPrint's
    font folders, which a worker process never deletes), for the caller to delete.
    """
    if workers <= 1 and serial_if_one and sys.platform != "linux":
        return SerialExecutor()
    from ..pdf.render import import_weasyprint
    from . import build  # noqa: F401  (imported before the fork, shared by every worker)

    import_weasyprint()  # likewise

    return _processes(workers, temp_dir)


def drawing_pool(workers: int) -> Executor:
    """Processes that draw previews of pages with pypdfium2, which draws one page at a time
    in a process; or, for one, this process itself."""
    return SerialExecutor() if workers <= 1 else _processes(workers)


def _processes(workers: int, temp_dir: Path | None = None) -> Executor:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

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
