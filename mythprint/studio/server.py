"""`mythprint serve`: the studio on uvicorn, at one local address, until Ctrl-C; then every
visitor's folder is deleted."""

from __future__ import annotations

import logging
import socket
from collections.abc import Callable
from pathlib import Path

import click

from ..batch.stopping import stopped_as_ctrl_c
from .security import is_local

log = logging.getLogger(__name__)

# Uvicorn waits this long for requests still running (a pack being made) before it stops.
GRACEFUL_SECONDS = 3


class PortInUse(click.ClickException):
    exit_code = 1


def bind(host: str, port: int) -> socket.socket:
    """The listening socket, bound before anything slow starts, so a port in use is said at once."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise PortInUse(
            f"cannot listen at {host}:{port} ({exc.strerror}); is the studio already running? "
            f"Try another port, e.g. --port {port + 1}"
        ) from None
    sock.listen(128)
    sock.set_inheritable(False)
    return sock


def address(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def serve_studio(brands_dir: Path, host: str, port: int, say: Callable[[str], None]) -> None:
    """Run the studio until Ctrl-C (or SIGTERM); `say` prints a line for the person who
    started it. Returns normally once every visitor's work is deleted."""
    import uvicorn

    from .app import Studio

    if not is_local(host):
        say(
            f"Warning: the studio has no login. With --host {host}, anyone who can reach "
            "this computer on the network can use it. Use it only on a network you trust."
        )
    sock = bind(host, port)
    try:
        studio = Studio(brands_dir, host, sock.getsockname()[1])
    except BaseException:
        sock.close()
        raise
    port = sock.getsockname()[1]
    # SIGTERM and SIGHUP stop the studio as Ctrl-C does (uvicorn shuts down on SIGTERM,
    # then raises it again), so that every visitor's work is deleted.
    with stopped_as_ctrl_c():
        try:
            say("Starting the mythprint studio...")
            studio.start()
            studio.pool.wait_warm()
            config = uvicorn.Config(
                studio.app(),
                log_level="warning",
                access_log=False,
                timeout_graceful_shutdown=GRACEFUL_SECONDS,
                lifespan="on",
            )
            server = uvicorn.Server(config)
            say(f"The studio is running at {address(host, port)}")
            say("Open that address in your web browser. Press Ctrl-C here to stop the studio.")
            server.run(sockets=[sock])
        except KeyboardInterrupt:
            pass
        finally:
            studio.stop()
            sock.close()
    say("The studio has stopped, and everything made in it was deleted.")
