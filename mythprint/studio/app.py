"""The studio's one app object: its visitors, its render pool and its pages, and the Starlette
app (routes and middleware) over them. Tests drive it through ASGI, with no server."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import shutil
import stat
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import anyio
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Route

from ..errors import MythprintError
from ..inputs.brand import available_kits, kit_folder, load_brand
from ..inputs.content import load_content
from ..paths import DEFAULT_CONTENT
from .pages import Pages
from .rendering import RenderPool
from .security import HostCheck, SecurityHeaders, allowed_hosts
from .visitors import Visitor, Visitors

log = logging.getLogger(__name__)

SWEEP_SECONDS = 60
# Each studio's folder in the system's temporary folder: this, its process id, "-", a suffix.
ROOT_PREFIX = "mythprint-studio-"
# The kits that warm the workers at start: one bare, one with a logo, contacts and a QR code.
WARM_KITS = ("default", "example-partnership")


async def handout_of(making: asyncio.Future) -> bytes | None:
    """What `making` (a handout preview, shared by the requests for it) makes; None if a
    newer preview replaced it while this request waited (the visitor pressed Preview
    again), which is no error: the page that asked for it is out of date. A request
    stopped itself (the visitor left) stops here, as any other would."""
    try:
        return await asyncio.shield(making)
    except asyncio.CancelledError:
        if asyncio.current_task().cancelling():
            raise
        return None


class Studio:
    """Everything the studio holds while it runs; `stop` deletes every visitor's folder."""

    def __init__(
        self,
        brands_dir: Path,
        host: str = "127.0.0.1",
        port: int = 8000,
        *,
        root: Path | None = None,
        clock: Callable[[], float] = time.monotonic,
        workers: int | None = None,
        content_path: Path = DEFAULT_CONTENT,
        sweep_seconds: float = SWEEP_SECONDS,
    ):
        self.brands_dir = Path(brands_dir)
        self.content = load_content(content_path)
        self.allowed_hosts = allowed_hosts(host, port)
        self.secret = secrets.token_bytes(32)
        root = Path(root) if root else new_root()
        root.mkdir(parents=True, exist_ok=True)
        self.visitors = Visitors(root, clock)
        self.pool = RenderPool(self.content, workers, temp_dir=root / "workers")
        self.pages = Pages(self.content)
        self.shipped = shipped_kits(self.brands_dir)
        self.sweep_seconds = sweep_seconds
        self._started = False

    def start(self) -> None:
        """Start the workers and warm them, and make the pages' stylesheet; once only."""
        if self._started:
            return
        self._started = True
        from ..paths import DEFAULT_BRANDS_DIR

        warm = [(DEFAULT_BRANDS_DIR, slug) for slug in WARM_KITS]
        self.pool.start([(d, s) for d, s in warm if (kit_folder(d, s) / "_brand.yml").is_file()])
        self.pages.assets  # noqa: B018  (made now, not on the first visitor's page)

    def stop(self) -> None:
        """Stop the workers and delete every visitor's work."""
        self.pool.close()
        self.visitors.close()

    async def sweep_forever(self) -> None:
        while True:
            await asyncio.sleep(self.sweep_seconds)
            self.visitors.sweep()

    async def handout_preview(self, visitor: Visitor) -> bytes | None:
        """The PNG of the handout's first page, made through LibreOffice on the first request
        for it (LibreOffice is slow: the PDFs' previews never wait for it)."""
        page = visitor.page
        if page.handout is None or not self.pool.can_preview_handout:
            return None
        if visitor.handout is None or visitor.handout_run != page.run:
            if visitor.handout is not None:
                visitor.handout.cancel()
            visitor.handout = asyncio.ensure_future(self._handout_preview(page.handout))
            visitor.handout_run = page.run
        return await handout_of(visitor.handout)

    async def _handout_preview(self, docx: bytes) -> bytes | None:
        try:
            return await anyio.to_thread.run_sync(self.pool.handout_preview, docx)
        except Exception:  # no preview is shown as none, never as a broken page
            log.warning("the handout's preview failed", exc_info=True)
            return None

    def app(self) -> Starlette:
        from . import views

        routes = [
            Route("/", views.home, methods=["GET"]),
            Route("/preview", views.preview, methods=["POST"]),
            Route("/fix", views.fix, methods=["POST"]),
            Route("/pack", views.pack, methods=["POST"]),
            Route("/open", views.open_shipped, methods=["POST"]),
            Route("/open-saved", views.open_saved, methods=["POST"]),
            Route("/new", views.start_again, methods=["POST"]),
            Route("/revision", views.revision, methods=["GET"]),
            Route("/previews/{key}.png", views.preview_image, methods=["GET"]),
            Route("/static/{name}", views.static, methods=["GET"]),
            Route("/swatch/{code}.svg", views.swatch, methods=["GET"]),
        ]
        app = Starlette(
            routes=routes,
            middleware=[
                Middleware(HostCheck, allowed=self.allowed_hosts),
                Middleware(SecurityHeaders),
            ],
            exception_handlers=views.EXCEPTION_HANDLERS,
            lifespan=self._lifespan,
        )
        app.state.studio = self
        return app

    @contextlib.asynccontextmanager
    async def _lifespan(self, app: Starlette):
        await anyio.to_thread.run_sync(self.start)
        sweeper = asyncio.ensure_future(self.sweep_forever())
        try:
            yield
        finally:
            sweeper.cancel()
            self.stop()


def new_root() -> Path:
    """A folder for this studio's work, in the system's temporary folder, named for its
    process: first deleting the folders of studios that ended without deleting theirs
    (killed outright, by the system or `kill -9`), so that no visitor's work outlives its
    studio for longer than it takes to start the next."""
    temporary = Path(tempfile.gettempdir())
    for folder in temporary.glob(f"{ROOT_PREFIX}*"):
        if _left_behind(folder):
            shutil.rmtree(folder, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f"{ROOT_PREFIX}{os.getpid()}-"))


def _left_behind(folder: Path) -> bool:
    """Whether `folder` is a studio's, made by this user, whose process has ended."""
    number = folder.name.removeprefix(ROOT_PREFIX).split("-", 1)[0]
    if os.name != "posix" or not number.isdigit():
        return False  # (on Windows, os.kill would end the process it asks about)
    try:
        status = folder.lstat()
        if not stat.S_ISDIR(status.st_mode) or status.st_uid != os.getuid():
            return False  # a link, a file, or another user's: never followed or touched
        os.kill(int(number), 0)  # signal 0 only asks whether the process is there
    except ProcessLookupError:
        return True
    except (OSError, OverflowError):
        return False
    return False


def shipped_kits(brands_dir: Path) -> dict[str, tuple[str, Path]]:
    """The kits in --brands-dir that load, by slug: (the name to show, the folder)."""
    kits = {}
    for slug in available_kits(brands_dir):
        try:
            brand = load_brand(brands_dir, slug)
        except MythprintError:
            log.warning("the kit %s has problems and is not offered (run mythprint check)", slug)
            continue
        name = brand.name or f"A neutral kit, no name or logo ({slug})"
        kits[slug] = (name, kit_folder(brands_dir, slug))
    return kits
