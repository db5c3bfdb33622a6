"""Stopping a long run cleanly: SIGTERM, as a service manager, `timeout` or a cancelled CI
job sends it, stops the run as Ctrl-C does, so that the same clean-up runs."""

import signal
from collections.abc import Iterator
from contextlib import contextmanager


class Terminated(KeyboardInterrupt):
    """SIGTERM arrived: raised where Ctrl-C's KeyboardInterrupt would be, and caught with it."""


def terminated(signum, frame) -> None:
    """A SIGTERM handler: stop as Ctrl-C does."""
    raise Terminated


@contextmanager
def sigterm_as_ctrl_c() -> Iterator[None]:
    """Within this block, SIGTERM raises `Terminated` (in the main thread)."""
    previous = signal.signal(signal.SIGTERM, terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
