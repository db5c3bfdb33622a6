"""The one module that writes files: atomically, inside --out, and each path once."""

import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path, PurePosixPath

from .errors import OutputError
from .paths import display_path

MANIFEST = "manifest.json"
# What a rebuild needs beyond the manifest: each kit's font files ("kits"), each output's
# fit and furniture ("fits", "furniture"), and the fitted regions' models and measured
# heights ("models", "heights").
CACHE = ".mythprint-cache.json"
CACHE_PARTS = ("kits", "fits", "models", "heights", "furniture")


@dataclass(frozen=True)
class ManifestEntry:
    path: str
    brand: str
    format: str
    pages: int | None  # None for a Word file: Word decides its pages
    sha256: str
    font_size_pt: float
    # A digest of every input of the file: unchanged with its file, it is not made again.
    fingerprint: str


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
    """Owns the output folder: refuses paths that escape it and files written twice."""

    def __init__(self, root: Path):
        self.root = Path(root).resolve()
        self.written: dict[str, ManifestEntry] = {}

    def target(self, relative: str) -> Path:
        """The absolute path for `relative`, refused unless it stays inside the output folder."""
        parts = PurePosixPath(relative).parts
        if not parts or PurePosixPath(relative).is_absolute() or ".." in parts:
            raise OutputError(f"refused to write '{relative}': it would leave {self.root}")
        path = self.root.joinpath(*parts)
        if not path.resolve().is_relative_to(self.root):
            raise OutputError(f"refused to write '{relative}': it would leave {self.root}")
        return path

    def write(self, entry: ManifestEntry, data: bytes) -> Path:
        if entry.path in self.written:
            raise OutputError(f"{entry.path} would be written twice in one build")
        path = self.target(entry.path)
        try:
            write_atomic(path, data)
        except OSError as exc:
            raise OutputError(f"cannot write {display_path(path)}: {exc.strerror}") from None
        self.written[entry.path] = entry
        return path

    def write_manifest(self) -> Path:
        """Record this build's files, keeping entries of earlier builds whose files remain."""
        path = self.target(MANIFEST)
        entries = {**self.earlier_entries(), **self.written}
        document = {"outputs": [asdict(entries[key]) for key in sorted(entries)]}
        self._write_json(path, document, indent=2)
        return path

    def earlier_entries(self) -> dict[str, ManifestEntry]:
        """The entries of the manifest already in the folder whose files are still there."""
        try:
            outputs = json.loads(self.target(MANIFEST).read_text(encoding="utf-8"))["outputs"]
            earlier = {item["path"]: ManifestEntry(**item) for item in outputs}
        except (OSError, ValueError, KeyError, TypeError):
            return {}  # no usable earlier manifest: this build's entries stand alone
        return {key: entry for key, entry in earlier.items() if self._still_there(key)}

    def read_cache(self) -> dict:
        """What earlier builds left for this one, by part (see CACHE_PARTS); empty if unusable."""
        try:
            cache = json.loads(self.target(CACHE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            cache = {}
        if not isinstance(cache, dict):
            cache = {}
        parts = {part: cache.get(part) for part in CACHE_PARTS}
        return {
            part: dict(value) if isinstance(value, dict) else {} for part, value in parts.items()
        }

    def write_cache(self, cache: dict) -> None:
        self._write_json(self.target(CACHE), cache, indent=None)

    def _write_json(self, path: Path, document: dict, indent: int | None) -> None:
        text = json.dumps(document, indent=indent, ensure_ascii=False, sort_keys=indent is None)
        try:
            write_atomic(path, (text + "\n").encode())
        except OSError as exc:
            raise OutputError(f"cannot write {display_path(path)}: {exc.strerror}") from None

    def _still_there(self, relative: str) -> bool:
        try:
            return self.target(relative).is_file()
        except OutputError:
            return False
