"""Stopping a long run cleanly. SIGTERM (from a service manager, `timeout` or a cancelled CI
job) and SIGHUP (the terminal window closed, or an SSH connection dropped) stop a run as
Ctrl-C does, so that the same clean-up runs: a build records what it made, and the studio
deletes every visitor's work, as it promises.

A build takes each of them only where it can stop cleanly (`stops_at_safe_points`): an
exception raised wherever a signal lands can land inside a lock's acquiring, inside the
process pool's machinery, and leave the lock held; the pool's own thread then waits for
it for ever, and the command never exits.
"""

import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from threading import Thread
from typing import NoReturn


class Terminated(KeyboardInterrupt):
    """SIGTERM arrived: raised where Ctrl-C's KeyboardInterrupt would be, and caught with it."""

    exit_code = 128 + signal.SIGTERM  # what a shell reports for a process SIGTERM ended


def already_stopping(signum, frame) -> None:
    """The handler of a stopping signal that arrives once the stop has begun: it does
    nothing. (Not SIG_IGN: a signal that lands between Python's taking the first one and
    its handler's setting SIG_IGN is then found with no handler, and Python prints
    "OSError: Signal 1 ignored due to race condition" to the person stopping it.)"""


def terminated(signum, frame) -> None:
    """SIGTERM's handler. Once a stopping signal has arrived, the others do nothing until
    the block ends: a closed terminal can send SIGHUP twice, and the second must not cut
    the clean-up short."""
    for number in HANDLERS:
        signal.signal(number, already_stopping)
    raise Terminated


def hung_up(signum, frame) -> None:
    """SIGHUP's handler: stop as SIGTERM does, through whatever handles SIGTERM now. (While
    the studio serves, its web server does: it shuts down gracefully, then raises SIGTERM
    again.)"""
    signal.signal(signum, already_stopping)
    os.kill(os.getpid(), signal.SIGTERM)


# The signals that stop a run as Ctrl-C does, and their handlers (Windows has no SIGHUP).
HANDLERS = {signal.SIGTERM: terminated}
if hasattr(signal, "SIGHUP"):
    HANDLERS[signal.SIGHUP] = hung_up


@contextmanager
def stopped_as_ctrl_c() -> Iterator[None]:
    """Within this block (in the main thread), SIGTERM and SIGHUP raise `Terminated`."""
    previous = {number: signal.signal(number, handler) for number, handler in HANDLERS.items()}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def default_stopping() -> None:
    """SIGTERM and SIGHUP end this process at once, quietly, whatever handler it inherited:
    a worker forked inside `stopped_as_ctrl_c` would raise them, and one forked inside
    `stops_at_safe_points` would note them and go on working."""
    for number in HANDLERS:
        signal.signal(number, signal.SIG_DFL)


# The stopping signals a build has received, the first one first (see stops_at_safe_points).
_received: list[int] = []


def _receive(signum, frame) -> None:
    _received.append(signum)


@contextmanager
def stops_at_safe_points() -> Iterator[None]:
    """Within this block (in the main thread), Ctrl-C, SIGTERM and SIGHUP are noted where
    they land, and raised by the next `check_stop`: Ctrl-C as KeyboardInterrupt, the
    others as `Terminated`."""
    _received.clear()
    stopping = (signal.SIGINT, *HANDLERS)
    previous = {number: signal.signal(number, _receive) for number in stopping}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        _received.clear()  # a stop belongs to the block: no later batch may take it


def check_stop() -> None:
    """Stop here if a stopping signal has been received (see stops_at_safe_points)."""
    if _received:
        raise KeyboardInterrupt if _received[0] == signal.SIGINT else Terminated


# Threads that did not end when their pool was stopped (see leave).
_stuck: list[Thread] = []


def stuck(thread: Thread) -> None:
    """`thread`, a pool's, did not end when the pool was stopped."""
    _stuck.append(thread)


def leave(code: int) -> NoReturn:
    """End the process with exit `code`.

    A worker ended while it was sending its result leaves half a message in the pool's
    pipe, and the pool's manager thread waits for the rest for ever; the interpreter's
    exit then waits for that thread (about 1 stop in 30, under SIGTERM). With such a
    thread, the process ends at once, its output flushed: every file was written, and
    recorded, before this.
    """
    if any(thread.is_alive() for thread in _stuck):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    raise SystemExit(code)
