"""The one module that writes files: atomically, inside --out, and each path once."""

import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from ..errors import OutputBusy, OutputError
from ..paths import display_path
from ..pdf.profiles import PRESS
from .records import (
    KIT_INFO,
    cache_kit_ok,
    dataclass_from_json,
    inside_kit,
    is_slug,
    keys_fit,
    model_ok,
)

MANIFEST = "manifest.json"
GALLERY = "index.html"
GALLERY_STAMP = re.compile(r"<meta name=\"mythprint-stamp\" content=\"([0-9a-f]+)\">")
# What a rebuild needs beyond the manifest: each kit's font files ("kits"), each output's
# fit and furniture ("fits", "furniture"), and the fitted regions' models ("models").
CACHE = ".mythprint-cache.json"
# Held by a build or a merge while it writes into the folder (see Writer.hold).
LOCK = ".mythprint-lock"
CACHE_PARTS = ("kits", "fits", "models", "furniture")
# Region models the cache keeps, the newest: a text, a few fonts and profiles, 7 files each.
MODELS_KEPT = 200
# Beside them, each file written: its size, modification time and checksum ("files").
FILES = "files"
# What to do about a file that cannot be written for want of permission: on Windows, most
# often one open in another program (a PDF in Acrobat), which locks it.
CLOSE_IT = (
    "Close it in any program that has it open (a PDF reader, Word, a web browser), or check "
    "that you may write in its folder, then run this again"
)
# What a kit's entry in the manifest says of the last build that ran it, when it failed, or
# was stopped before it finished the kit (UNFINISHED).
UNFINISHED = "unfinished"
# ... and the files of it that build was to make and did not: the kit stays unfinished
# until a build makes (or tries) each, not once any build of one --format runs it.
MISSING = "missing"
FAILURE_KEYS = ("errors", "not_built", UNFINISHED, MISSING)
# What it says of a kit whose folder a `--brand all` build no longer found in --brands-dir:
# its files are an earlier build's, left where they are.
GONE = "gone"
# What Writer.unreadable holds for a manifest or a cache that could not be read at all.
WHOLE = ""


@dataclass(frozen=True)
class ManifestEntry:
    path: str
    brand: str
    format: str
    title: str  # what the file is, in words
    pages: int | None  # None for a Word file (Word decides its pages) or a web page
    bytes: int
    sha256: str
    font_size_pt: float | None  # None for the web edition: the reader's browser decides
    # A digest of every input of the file: unchanged with its file, it is not made again.
    fingerprint: str
    # The files made with it, by path, with their checksums: its previews, or a web
    # page's styles, fonts and logo.
    parts: dict[str, str] = field(default_factory=dict)
    # The leaflet's: how far down the sheet each inside panel's content reaches, 0 to 1.
    panel_fill: list[float] | None = None
    # The language its title is in (the first of a pack's, for a file that holds them all)
    language: str | None = None
    # A press file's colour, bleed and marks, for the print shop: "PDF/X-4, CMYK for
    # shop.icc, 3 mm bleed". Office files have none, and the manifest leaves it out.
    press: str | None = None
    # What it was made from, whatever the profile: a digest of the kit's own files and its
    # fonts (fingerprint.made_from). A build of the other profile compares it with the
    # kit's now.
    inputs: str | None = None
    # Made before its kit changed, and not made again since: the last build of the kit was
    # of the other profile (or of other formats), which does not make this file.
    stale: bool = False

    def as_json(self) -> dict:
        """The entry as the manifest holds it (`dataclasses.asdict`, without its deep copy:
        a manifest of 150 kits has 1,350 entries)."""
        data = dict(vars(self))
        data["parts"] = dict(self.parts)
        if self.panel_fill is not None:
            data["panel_fill"] = list(self.panel_fill)
        for key, unset in (("press", None), ("inputs", None), ("stale", False)):
            if data[key] is unset:
                del data[key]  # a manifest of office files, made before, stays as it was
        return data


def entry_from_json(item) -> ManifestEntry | None:
    """An output's entry as a manifest holds it; None unless it has the shape a build
    writes, with its file and the files made with it in its own kit's folder."""
    entry = dataclass_from_json(ManifestEntry, item)
    if entry is None or not is_slug(entry.brand):
        return None
    if not all(inside_kit(path, entry.brand) for path in files_of(entry)):
        return None
    return entry


def files_of(entry: ManifestEntry) -> dict[str, str]:
    """An output's file and the files made with it, each with its checksum."""
    return {entry.path: entry.sha256, **entry.parts}


def keep_newest_models(cache: dict) -> None:
    """Drop the cache's oldest region models beyond MODELS_KEPT: each edit of the text
    adds models."""
    models = cache["models"]
    while len(models) > MODELS_KEPT:
        del models[next(iter(models))]


def failed_path(line: str, slug: str) -> str | None:
    """The file of the kit an error line is about ("<kit>/poster-a3.pdf: ..."), if any."""
    path = line.split(": ", 1)[0]
    return path if path.startswith(f"{slug}/") and ":" not in path else None


def is_preview(path: str) -> bool:
    """Whether a file made with an output ("<kit>/previews/poster-a3-1.png") is a preview
    of one of its pages: drawn from the file itself, it is never a reason to make it again."""
    parts = path.split("/")
    return len(parts) > 2 and parts[1] == "previews"


def for_press(path: str) -> bool:
    """Whether a file of the manifest ("<kit>/press/poster-a3.pdf") is a print shop's."""
    parts = path.split("/")
    return len(parts) > 2 and parts[1] == PRESS


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename: a crash leaves the old file whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class Writer:
    """Owns the output folder: refuses paths that escape it and files written twice.

    An `exclusive` writer (a build's or a merge's) holds the folder for itself from the
    first moment it exists until `release`: a second run into it at the same time would
    write the manifest and the cache over this one's, and delete what it takes for left
    over, so it stops, with OutputBusy, before writing anything.
    """

    def __init__(self, root: Path, exclusive: bool = False):
        self.root = Path(root).resolve()
        self.exclusive = exclusive
        self._lock = None  # a held filelock.FileLock
        self.written: dict[str, ManifestEntry] = {}
        self.written_by_kit: dict[str, dict[str, ManifestEntry]] = {}
        # Paths found to stay inside the root, and the folders they are in: a batch looks
        # at thousands of files, each a few times, in a few hundred folders.
        self._targets: dict[str, Path] = {}
        self._inside: set[Path] = set()
        self._cache: dict | None = None  # the cache file as the build found it, read once
        # The manifest in the folder as last read: its file's version, the document, and
        # its entries that could be read, once they are (see _earlier_document)
        self._manifest_read: tuple[tuple | None, dict, dict | None] | None = None
        self._files: dict[str, list] | None = None  # see _digest
        self.kits: dict[str, dict] = {}  # what the gallery shows of each kit built
        self.retired: set[str] = set()  # earlier outputs no longer made (see `retire`)
        # Earlier outputs of the kits this build ran, each marked stale or not (see
        # `mark_stale`); and the kits whose folders are gone, or forgotten (see `manifest`)
        self.stale: dict[str, bool] = {}
        self.gone: set[str] = set()
        self.forgotten: set[str] = set()
        # What each kit this build ran could not make (see `record_errors`), by kit
        self.errors: dict[str, tuple[list[str], bool]] = {}
        self._earlier_errors: dict[str, list[str]] | None = None  # by kit, read once
        # This build's text, for the gallery: what check said of it, and its myths' order
        self.text: dict | None = None
        # What the manifest and the cache held that could not be read, by file: the
        # entries left out (an output's path, or "the kit SLUG"), WHOLE if none could be.
        self.unreadable: dict[str, set[str]] = {}
        # The kits' folder, as the build named it: `merge` names a kit's files by it
        self.brands_dir: str | None = None
        # The kits this build was to make and had not finished when it was stopped, each
        # with the files it was to make; and, by kit, every file this build tried
        self.unfinished: dict[str, set[str]] = {}
        self.tried: dict[str, set[str]] = {}

    def check_writable(self) -> None:
        """Say now, before anything is laid out, if the output folder cannot be made or
        written in. Nothing is created: a build whose kits all fail writes nothing."""
        shown = display_path(self.root)
        existing = next(path for path in (self.root, *self.root.parents) if path.exists())
        if not existing.is_dir():
            why = f"{display_path(existing)} is a file"
            raise OutputError(f"cannot make the output folder {shown}: {why}")
        if not os.access(existing, os.W_OK | os.X_OK):
            where = "" if existing == self.root else f" ({display_path(existing)})"
            raise OutputError(
                f"cannot write in the output folder {shown}{where}: permission denied; "
                "check that you may write there, or give --out another folder"
            )
        if self.root.is_dir():
            self.hold()  # before anything there is read: another run may be writing it

    def hold(self) -> None:
        """Hold the output folder, made if need be, for this exclusive writer alone."""
        if not self.exclusive or self._lock is not None:
            return
        from filelock import FileLock, Timeout

        shown = display_path(self.root)
        lock = FileLock(self.root / LOCK, timeout=0)
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            lock.acquire()
        except Timeout:
            raise OutputBusy(
                f"another mythprint build or merge is writing into {shown}: let it finish, "
                "then run this again (or write somewhere else, with --out)"
            ) from None
        except OSError as exc:
            why = (
                "permission denied; check that you may write there, or give --out another folder"
                if isinstance(exc, PermissionError)
                else exc.strerror
            )
            raise OutputError(f"cannot write in the output folder {shown}: {why}") from None
        self._lock = lock

    def release(self) -> None:
        """Let another run write into the output folder (the lock's file stays, empty)."""
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def target(self, relative: str) -> Path:
        """The absolute path for `relative`, refused unless it stays inside the output folder."""
        if relative not in self._targets:
            self._targets[relative] = self._target(relative)
        return self._targets[relative]

    def _target(self, relative: str) -> Path:
        pure = PurePosixPath(relative)
        if not pure.parts or pure.is_absolute() or ".." in pure.parts:
            raise OutputError(f"refused to write '{relative}': it would leave {self.root}")
        path = self.root.joinpath(*pure.parts)
        # Each folder is resolved once; the file itself only if it is a link.
        folder = path.parent
        if folder not in self._inside:
            if not folder.resolve().is_relative_to(self.root):
                raise OutputError(f"refused to write '{relative}': it would leave {self.root}")
            self._inside.add(folder)
        if os.path.islink(path) and not path.resolve().is_relative_to(self.root):
            raise OutputError(f"refused to write '{relative}': it would leave {self.root}")
        return path

    def write(
        self, entry: ManifestEntry, data: bytes, parts: dict[str, bytes] | None = None
    ) -> Path:
        """Write an output and the files made with it (`parts`, by path); record the entry."""
        if entry.path in self.written:
            raise OutputError(f"{entry.path} would be written twice in one build")
        for relative, part in (parts or {}).items():
            self._write_file(relative, part, entry.parts.get(relative))
        path = self._write_file(entry.path, data, entry.sha256)
        self._record(entry)
        return path

    def _record(self, entry: ManifestEntry) -> None:
        self.written[entry.path] = entry
        self.written_by_kit.setdefault(entry.brand, {})[entry.path] = entry

    def add_parts(self, entry: ManifestEntry, parts: dict[str, bytes]) -> ManifestEntry:
        """Write more files made with an output (a Word file's previews), and record them."""
        for relative, part in parts.items():
            self._write_file(relative, part)
        added = {relative: hashlib.sha256(part).hexdigest() for relative, part in parts.items()}
        updated = replace(entry, parts={**entry.parts, **added})
        self._record(updated)
        return updated

    def _write_file(self, relative: str, data: bytes, sha256: str | None = None) -> Path:
        path = self.target(relative)
        self.hold()
        try:
            write_atomic(path, data)
            self._seen(relative, path.stat(), sha256 or hashlib.sha256(data).hexdigest())
        except OSError as exc:
            raise OutputError(self._cannot_write(path, exc)) from None
        return path

    def _cannot_write(self, path: Path, exc: OSError) -> str:
        """Why `path` could not be written, and what to do. A file where one of its folders
        goes (a kit's, say) is named alone, alike for every file it stops, so it is said
        once; the file is left as it is."""
        for folder in reversed(path.parents):  # the outermost first
            if folder == self.root or not folder.is_relative_to(self.root):
                continue
            if folder.exists() and not folder.is_dir():
                return (
                    f"{display_path(folder)} is a file, where mythprint puts a folder of "
                    "outputs: move or rename that file (it is left as it is), then build again"
                )
        if path.is_dir():
            return (
                f"{display_path(path)} is a folder, where mythprint writes a file: move or "
                "rename that folder (it is left as it is), then build again"
            )
        if isinstance(exc, PermissionError):
            return f"cannot write {display_path(path)}: permission denied. {CLOSE_IT}"
        return f"cannot write {display_path(path)}: {exc.strerror}"

    def up_to_date(self, entry: ManifestEntry, previews: bool = True) -> bool:
        """Whether an earlier entry's file, and every file made with it, is as it was made;
        without `previews`, its previews are not looked at (see `previews_current`)."""
        return all(
            self._digest(path) == sha256
            for path, sha256 in files_of(entry).items()
            if previews or not is_preview(path)
        )

    def previews_current(self, entry: ManifestEntry) -> bool:
        """Whether an entry's file has previews, each as it was drawn: one deleted or
        edited is drawn again from the file, which is not laid out again for it."""
        drawn = {path: sha256 for path, sha256 in entry.parts.items() if is_preview(path)}
        return bool(drawn) and all(self._digest(path) == sha for path, sha in drawn.items())

    def _digest(self, relative: str) -> str | None:
        """The file's checksum; None if it is gone.

        A file with the size and modification time it had when a build wrote (or last
        read) it is taken to be the same: a national batch holds thousands of files, and
        reading them all would cost an unchanged rebuild more than the rest of its work.
        An edit by hand changes the time.
        """
        try:
            path = self.target(relative)
            status = path.stat()
            known = self._known_files().get(relative)
            if (
                isinstance(known, list)
                and len(known) == 3
                and known[:2] == [status.st_size, status.st_mtime_ns]
                and isinstance(known[2], str)
            ):
                return known[2]
            sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
        except (OSError, OutputError):
            return None
        self._seen(relative, status, sha256)
        return sha256

    def _known_files(self) -> dict[str, list]:
        if self._files is None:
            self._files = self._read_cache_document().get(FILES)
            if not isinstance(self._files, dict):
                self._files = {}
        return self._files

    def _seen(self, relative: str, status: os.stat_result, sha256: str) -> None:
        self._known_files()[relative] = [status.st_size, status.st_mtime_ns, sha256]

    def retire(self, entries: list[ManifestEntry]) -> int:
        """Forget outputs of earlier builds that are no longer made, and delete their files,
        and the files made with them; how many were deleted (see `_delete_unlisted`)."""
        self.retired |= {entry.path for entry in entries}
        return self._delete_unlisted(
            {path: sha for entry in entries for path, sha in files_of(entry).items()}
        )

    def prune(self) -> int:
        """Delete what an earlier version of an output remade in this build was made with,
        and its new version is not: the web edition's font files, once it is set in
        another font. How many were deleted (see `_delete_unlisted`)."""
        earlier = self.earlier_entries()
        return self._delete_unlisted(
            {
                relative: sha256
                for path in self.written.keys() & earlier.keys()
                for relative, sha256 in earlier[path].parts.items()
                if relative not in self.written[path].parts
            }
        )

    def _delete_unlisted(self, files: dict[str, str]) -> int:
        """Delete each of `files` (path: checksum) that no listed output is, or was made
        with, and that is as it was made: a file edited since is left where it is."""
        if not files:
            return 0  # as most builds: nothing to read the manifest again for
        listed = {**self.earlier_entries(), **self.written}
        kept = {
            relative
            for path, entry in listed.items()
            if path not in self.retired
            for relative in files_of(entry)
        }
        removed = 0
        for relative, sha256 in files.items():
            if relative in kept or self._digest(relative) != sha256:
                continue
            try:
                self.target(relative).unlink()
            except (OSError, OutputError):
                continue
            removed += 1
        return removed

    def mark_stale(
        self, entries: dict[str, ManifestEntry], inputs: str, tried: set[str]
    ) -> list[str]:
        """Mark each of a kit's earlier `entries` that this build neither made nor found
        current (`tried`: the other profile's files, or another --format's) stale if it was
        made from other `inputs` than the kit's now, and clear the mark of the others.
        The paths marked stale, in order. An entry that records no inputs (made by an
        earlier mythprint) cannot be told, and is left as it is."""
        marked = []
        for path, entry in sorted(entries.items()):
            if path in self.retired or path in self.written or entry.inputs is None:
                continue
            self.stale[path] = path not in tried and entry.inputs != inputs
            if self.stale[path]:
                marked.append(path)
        return marked

    def record_errors(
        self, slug: str, errors: list[str], not_built: bool, tried: set[str] = frozenset()
    ) -> None:
        """What a kit this build ran could not make: none, for a kit made whole, clears
        what an earlier build recorded of it. `tried` is every file of the kit this build
        made or found current: an earlier error about another (of a --format or --for
        not asked for this time) stands, as its file is still not made."""
        kept = [
            line
            for line in self._errors_recorded().get(slug, [])
            if (path := failed_path(line, slug)) and path not in tried and line not in errors
        ]
        lines = [*errors, *sorted(kept)] if not_built else sorted([*errors, *kept])
        self.errors[slug] = (list(dict.fromkeys(lines)), not_built)  # a line said once

    def _left_out(self, relative: str, what: str) -> None:
        self.unreadable.setdefault(relative, set()).add(what)

    def unreadable_notes(self) -> list[str]:
        """What the build says of the manifest's and the cache's entries it could not read
        and left out: the files they were about are made again (see `earlier_entries`)."""
        notes = []
        for relative in (MANIFEST, CACHE):
            left_out = self.unreadable.get(relative)
            if not left_out:
                continue
            shown = display_path(self.root / relative)
            if WHOLE in left_out:
                notes.append(
                    f"{shown} could not be read, as it is not what mythprint writes: "
                    "every file it recorded is made again"
                )
                continue
            named = sorted(left_out)
            listed = ", ".join(named[:5]) + (f" and {len(named) - 5} more" if named[5:] else "")
            one = len(named) == 1
            notes.append(
                f"{shown} had {len(named)} {'entry' if one else 'entries'} mythprint could "
                f"not read ({listed}): {'it was' if one else 'they were'} left out, and "
                f"{'its' if one else 'their'} files are made again"
            )
        return notes

    def _errors_recorded(self) -> dict[str, list[str]]:
        """Each kit's errors in the manifest as the build found it."""
        if self._earlier_errors is None:
            kits = self._earlier_document().get("kits")
            self._earlier_errors = {
                str(slug): [line for line in info["errors"] if isinstance(line, str)]
                for slug, info in (kits if isinstance(kits, dict) else {}).items()
                if isinstance(info, dict) and isinstance(info.get("errors"), list)
            }
        return self._earlier_errors

    def manifest(self) -> dict:
        """This build's files and kits, with those of earlier builds whose files remain.

        A kit's entry says what the last build that ran it could not make (`errors`), and
        whether it could not build the kit at all (`not_built`): its files listed are then
        an earlier build's. A kit that failed is kept though it has no file, until a
        `--brand all` build no longer finds its folder (`forgotten`). A kit whose folder
        is `gone`, and whose files remain, says so (GONE) until a build runs it again.
        """
        earlier = self._earlier_document()
        entries = {
            **{
                k: replace(e, stale=self.stale[k]) if k in self.stale else e
                for k, e in self.earlier_entries(earlier).items()
                if k not in self.retired
            },
            **self.written,
        }
        built = {entry.brand for entry in entries.values()}
        recorded = self._kits_recorded(earlier)
        kits = {
            slug: info
            for slug, info in recorded.items()
            if slug in built or info.get("errors") or info.get(UNFINISHED)
            if slug not in self.forgotten
        }
        kits.update(self.kits)
        for slug in sorted(self.gone & built):
            kits[slug] = {**(kits.get(slug) or {}), GONE: True}
        for slug, (errors, not_built) in self.errors.items():
            info = kits.get(slug)
            info = {k: v for k, v in (info or {}).items() if k not in (*FAILURE_KEYS, GONE)}
            if not_built and slug not in self.kits:  # not read: an earlier build's colours
                info = {k: v for k, v in info.items() if k not in ("colors", "warnings")}
            if errors:
                info["errors"] = errors
            if not_built:
                info["not_built"] = True
            if info or slug in built:
                kits[slug] = info
            else:
                kits.pop(slug, None)
        for slug in recorded.keys() & kits.keys():  # run again, perhaps in part only
            missing = [
                path
                for path in recorded[slug].get(MISSING, [])
                if path not in entries and path not in self.tried.get(slug, ())
            ]
            if recorded[slug].get(UNFINISHED) and missing:
                kits[slug] = {**kits[slug], UNFINISHED: True, MISSING: missing}
        for slug, planned in self.unfinished.items():
            missing = sorted(path for path in planned if path not in entries)
            info = {k: v for k, v in (kits.get(slug) or {}).items() if k != MISSING}
            kits[slug] = {**info, UNFINISHED: True, **({MISSING: missing} if missing else {})}
        text = earlier.get("text") if self.text is None else self.text  # the last build's
        brands = earlier.get("brands_dir") if self.brands_dir is None else self.brands_dir
        return {
            "kits": {slug: kits[slug] for slug in sorted(kits)},
            "outputs": [entries[key].as_json() for key in sorted(entries)],
            **({"text": text} if isinstance(text, dict) else {}),
            **({"brands_dir": brands} if isinstance(brands, str) else {}),
        }

    def write_manifest(self) -> Path:
        """Write the manifest, unless the one there already says the same (an unchanged
        rebuild that rechecked its kits changes nothing): it is compared as read, before
        anything is written out, which takes a while for a batch's thousands of entries."""
        path = self.target(MANIFEST)
        manifest = self.manifest()
        if manifest != self._earlier_document():
            self._write_json(path, manifest, indent=2)
        return path

    def has_manifest(self) -> bool:
        return self._still_there(MANIFEST)

    def write_gallery(self, html: str) -> Path:
        return self._write_file(GALLERY, html.encode("utf-8"))

    def gallery_stamp(self) -> str | None:
        """The stamp of the gallery in the folder, if there is one (see gallery_html)."""
        try:
            with self.target(GALLERY).open(encoding="utf-8") as page:
                head = page.read(4096)
        except (OSError, ValueError):
            return None
        found = GALLERY_STAMP.search(head)
        return found[1] if found else None

    def earlier_entries(self, document: dict | None = None) -> dict[str, ManifestEntry]:
        """The entries of the manifest already in the folder whose files are still there.

        An entry of another shape than a build writes is left out, as if its file were
        not recorded, so that it is made again; so is every entry of a kit whose own record
        is of another shape, as making its files again writes that record anew.
        """
        document = self._earlier_document() if document is None else document
        read = self._manifest_read
        if read is not None and read[1] is document and read[2] is not None:
            earlier = read[2]  # read before: only whether its files are still there is new
        else:
            earlier = self._entries_of(document)
            if read is not None and read[1] is document:
                self._manifest_read = (read[0], document, earlier)
        return {key: entry for key, entry in earlier.items() if self._still_there(key)}

    def _entries_of(self, document: dict) -> dict[str, ManifestEntry]:
        """The entries of a manifest that have the shape a build writes (see earlier_entries)."""
        outputs = document.get("outputs", [])
        if not isinstance(outputs, list):
            self._left_out(MANIFEST, WHOLE)
            return {}
        kits = document.get("kits", {})
        good_kits = self._kits_recorded(document)
        earlier = {}
        for item in outputs:
            entry = entry_from_json(item)
            if entry is None:
                path = item.get("path") if isinstance(item, dict) else None
                self._left_out(MANIFEST, path if isinstance(path, str) else "an output")
            elif not isinstance(kits, dict) or entry.brand in kits.keys() - good_kits.keys():
                continue  # said once, of the kit
            else:
                earlier[entry.path] = entry
        return earlier

    def _kits_recorded(self, document: dict) -> dict[str, dict]:
        """The manifest's records of kits that have the shape a build writes."""
        kits = document.get("kits", {})
        if not isinstance(kits, dict):
            self._left_out(MANIFEST, "its list of kits")
            return {}
        good = {}
        for slug, info in kits.items():
            if is_slug(slug) and keys_fit(info, KIT_INFO):
                good[slug] = info
            else:
                self._left_out(MANIFEST, f"the kit {slug}")
        return good

    def earlier_manifest(self) -> dict:
        """The manifest already in the folder, whole; empty if there is none to read."""
        return self._earlier_document()

    def _earlier_document(self) -> dict:
        """The manifest in the folder, read again only once it is another file: a build
        reads it several times, and it has an entry for each file of the batch."""
        try:
            status = self.target(MANIFEST).stat()
            version = (status.st_ino, status.st_size, status.st_mtime_ns)
        except (OSError, OutputError):
            version = None
        if self._manifest_read is None or self._manifest_read[0] != version:
            self._manifest_read = (version, self._read_json(MANIFEST), None)
        return self._manifest_read[1]

    def read_cache(self) -> dict:
        """What earlier builds left for this one, by part (see CACHE_PARTS); empty if unusable."""
        cache = self._read_cache_document()
        parts = {part: cache.get(part) for part in CACHE_PARTS}
        parts = {
            part: dict(value) if isinstance(value, dict) else {} for part, value in parts.items()
        }
        if "kits" in cache and not isinstance(cache["kits"], dict):
            self._left_out(CACHE, "its list of kits")
        for slug, record in list(parts["kits"].items()):
            if not (is_slug(slug) and cache_kit_ok(record)):
                # Its fonts unknown, the kit's files are made again, and it is checked anew.
                del parts["kits"][slug]
                self._left_out(CACHE, f"the kit {slug}")
        # What fitting learnt saves layouts only: a model of another shape is left out
        # without a word, and learnt again. (A fit or furniture of another shape is passed
        # over where it is read, as a stale one is: see plan.py.)
        parts["models"] = {key: model for key, model in parts["models"].items() if model_ok(model)}
        return parts

    def _read_cache_document(self) -> dict:
        """The cache file as this build found it: planning, the run and the check of each
        file's time all read it, and it holds a line for every file of the batch."""
        if self._cache is None:
            self._cache = self._read_json(CACHE)
        return self._cache

    def _read_json(self, relative: str) -> dict:
        """A JSON object in the folder; empty if it is missing or not one."""
        try:
            document = json.loads(self.target(relative).read_text(encoding="utf-8"))
        except OSError:
            return {}
        except ValueError:
            document = None
        if not isinstance(document, dict):
            self._left_out(relative, WHOLE)
            return {}
        return document

    def write_cache(self, cache: dict) -> None:
        """Write `cache` (its CACHE_PARTS), and what this writer knows of the files there."""
        files = {key: known for key, known in self._known_files().items() if self._still_there(key)}
        self._write_json(self.target(CACHE), {**cache, FILES: files}, indent=None)

    def _write_json(self, path: Path, document: dict, indent: int | None) -> None:
        text = json.dumps(document, indent=indent, ensure_ascii=False, sort_keys=indent is None)
        data = (text + "\n").encode()
        self.hold()
        try:
            write_atomic(path, data)
        except OSError as exc:
            raise OutputError(self._cannot_write(path, exc)) from None

    def _still_there(self, relative: str) -> bool:
        try:
            return self.target(relative).is_file()
        except OutputError:
            return False
