"""Visitors: each one's random id (its cookie), its own temporary folder, and what its page
shows; a folder is deleted an hour after its last use, and when the studio stops."""

from __future__ import annotations

import asyncio
import logging
import secrets
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from .kitform import KitFields, Notice

log = logging.getLogger(__name__)

IDLE_SECONDS = 60 * 60
# Far more than one office needs at once; a cap keeps a runaway script from filling the disk.
MAX_VISITORS = 200
ID_BYTES = 32
KIT = "kit"  # the kit's folder inside a visitor's folder: a fixed name, never the browser's
FILE_FIELDS = ("logo", "saved_kit", "shipped_kit")


class StudioFull(Exception):
    """Every place is taken by a visitor who used the studio within the hour."""


@dataclass(frozen=True)
class ChosenLogo:
    """A logo chosen in the form: its suffix (by its bytes), its bytes, and the name of the
    file it came from, which messages about it say (the kit saves it as logo.svg, say)."""

    suffix: str
    data: bytes
    name: str


@dataclass
class Page:
    """What a visitor's page shows: made whole by one action, then swapped in at once, so a
    page asked for while an action runs shows the last one's result, never half of it."""

    values: KitFields = field(default_factory=KitFields)
    notices: tuple[Notice, ...] = ()
    status: str = ""  # what the last action did, in a sentence
    kit_name: str = ""  # the kit's name, as its previews' alt text says it
    # The language the kit in place says its own words are in: the form offers it, even
    # when it is none of the form's own (see kitform.language_choices).
    kit_language: str | None = None
    previews: dict[str, bytes] = field(default_factory=dict)  # preview key -> PNG
    handout: bytes | None = None  # the Word handout, previewed when its image is asked for
    # The formats whose preview could not be made, each with the field its problem is
    # beside (None: said above the form only).
    not_made: tuple[tuple[str, str | None], ...] = ()
    run: int = 0  # counts the previews made, so an image's address changes with it
    preview_seconds: float = 0.0
    passes: dict[str, int] = field(default_factory=dict)  # layouts each preview took
    logo_file: str | None = None  # the logo's path inside the kit
    logo_name: str | None = None  # the name of the file it was chosen from, if from the form
    pending_logo: ChosenLogo | None = None  # chosen, not yet saved
    remove_logo: bool = False  # "Remove the logo" was ticked in a form not yet saved
    pack_refused: bool = False
    expired: bool = False  # the form was sent to work that had been deleted, and refilled
    # The form was sent from a page shown before the kit was changed in another tab or
    # window (see Visitor.current), and refilled; "pack" if it asked for the pack.
    elsewhere: str = ""
    # The summary's own heading and words, for an action refused whole (a file that is not
    # a saved kit), in place of its count of problems.
    heading: str = ""
    explanation: str = ""
    # The page of the kit as it stands, under this answer to an action that saved nothing
    # (see Visitor.show); and whether this answer has been shown.
    kept: Page | None = None
    seen: bool = False

    @property
    def unsaved(self) -> bool:
        """Whether this page answers an action that saved nothing."""
        return self.kept is not None

    @property
    def logo_shown(self) -> str:
        """The logo's name as the partnership knows it: its own file's, never logo.svg."""
        if self.pending_logo is not None:
            return self.pending_logo.name
        return self.logo_name or PurePosixPath(self.logo_file or "").name

    @property
    def errors(self) -> tuple[Notice, ...]:
        return tuple(notice for notice in self.notices if notice.level == "error")

    @property
    def blocking(self) -> tuple[Notice, ...]:
        """The errors that stop the pack. A file chosen in an action that saved nothing is
        not sent again with the form, so what was wrong with it stops nothing."""
        if not self.unsaved:
            return self.errors
        return tuple(notice for notice in self.errors if notice.field not in FILE_FIELDS)


@dataclass
class Visitor:
    """One browser's work: everything it makes lives in `folder`, and only there."""

    id: str
    folder: Path
    last_used: float
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    page: Page = field(default_factory=Page)
    opened: bool = False  # the kit came from a file (kept and edited) rather than the form
    # The handout's preview, through LibreOffice, and the run it is of: made when the page
    # asks for its image, so a run nobody looks at costs no LibreOffice.
    handout: asyncio.Task | None = None
    handout_run: int = 0
    # Counts the changes to the work (every action but a refusal), so that a form from a
    # page shown before one is known: two tabs share one visitor, and one kit. `changed_by`
    # is the page (each page shown has an id of its own) whose form made the last change,
    # and `changed_from` the revision that page showed: a page that downloaded its pack
    # stays as it was, and its next form is its own, however many packs it made.
    revision: int = 0
    changed_by: str = ""
    changed_from: int = 0

    @property
    def brands_dir(self) -> Path:
        """The folder that holds the visitor's kit, as `--brands-dir` would."""
        return self.folder

    @property
    def kit(self) -> Path:
        return self.folder / KIT

    @property
    def has_kit(self) -> bool:
        return (self.kit / "_brand.yml").is_file()

    def current(self, revision: str | None, page_id: str | None) -> bool:
        """Whether a page that showed `revision`, with the id `page_id`, shows the work as it
        stands: nothing changed it since, or only that page's own forms did. A form without
        a revision (from no page of this studio's) is taken as current."""
        if not revision:
            return True
        if revision == str(self.revision):
            return True
        return bool(page_id) and page_id == self.changed_by and revision == str(self.changed_from)

    def changed(self, revision: str | None, page_id: str | None) -> None:
        """Count a change, made by the form of the page `page_id` that showed `revision`."""
        own = page_id and page_id == self.changed_by and revision == str(self.changed_from)
        if not own:
            self.changed_by, self.changed_from = page_id or "", self.revision
        self.revision += 1

    def show(self) -> Page:
        """The page to show now. The answer to an action that saved nothing (a logo refused,
        a mistake in the form) is shown once, with the kit and its previews as they were;
        shown again (a reload), the page is the kit's as it stands, without it: it was about
        a file, or a form, that the page no longer holds. Forms sent from the answer's page
        still find what it held (a logo chosen, kept for the next try)."""
        page = self.page
        if page.kept is not None:
            self.page = page.kept if page.seen else replace(page, seen=True)
        return self.page


class Visitors:
    """Every visitor, by id. `clock` is injectable, so that tests can let an hour pass."""

    def __init__(
        self,
        root: Path,
        clock: Callable[[], float] = time.monotonic,
        idle_seconds: float = IDLE_SECONDS,
        limit: int = MAX_VISITORS,
    ):
        self.root = Path(root)
        self.clock = clock
        self.idle_seconds = idle_seconds
        self.limit = limit
        self._by_id: dict[str, Visitor] = {}

    def __len__(self) -> int:
        return len(self._by_id)

    def new(self) -> Visitor:
        """A visitor with a fresh random id and an empty folder of its own."""
        if len(self._by_id) >= self.limit:
            self.sweep()
        if len(self._by_id) >= self.limit:
            raise StudioFull
        visitor_id = secrets.token_urlsafe(ID_BYTES)
        folder = Path(tempfile.mkdtemp(prefix="visitor-", dir=self.root))
        visitor = Visitor(visitor_id, folder, self.clock())
        self._by_id[visitor_id] = visitor
        return visitor

    def get(self, visitor_id: str | None) -> Visitor | None:
        """The visitor with this id, marked as used now; None for an unknown or expired id."""
        visitor = self._by_id.get(visitor_id or "")
        if visitor is None:
            return None
        if self._expired(visitor):
            self._remove(visitor)
            return None
        visitor.last_used = self.clock()
        return visitor

    def sweep(self) -> int:
        """Delete every visitor unused for the idle time, unless an action of theirs runs."""
        expired = [v for v in self._by_id.values() if self._expired(v) and not v.lock.locked()]
        for visitor in expired:
            self._remove(visitor)
        if expired:
            log.info("deleted the work of %d visitors idle for an hour", len(expired))
        return len(expired)

    def close(self) -> None:
        """Delete every visitor's folder, and the studio's own."""
        for visitor in list(self._by_id.values()):
            self._remove(visitor)
        shutil.rmtree(self.root, ignore_errors=True)

    def _expired(self, visitor: Visitor) -> bool:
        return self.clock() - visitor.last_used > self.idle_seconds

    def _remove(self, visitor: Visitor) -> None:
        self._by_id.pop(visitor.id, None)
        if visitor.handout is not None:
            visitor.handout.cancel()
        shutil.rmtree(visitor.folder, ignore_errors=True)
