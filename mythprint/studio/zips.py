"""Zips in and out: a saved kit's zip checked whole before anything of it is extracted, and
the pack written the same, byte for byte, from the same files."""

from __future__ import annotations

import contextlib
import io
import re
import stat
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..batch.output import Writer, write_atomic
from ..inputs.brand import BRAND_FILE

MAX_ENTRIES = 100
MAX_UNPACKED = 50 * 1024 * 1024
# What a kit holds: its brand file, its logo and its fonts. Anything else in a zip (the
# pack's PDFs, say) is left in the zip.
KIT_SUFFIXES = (".yml", ".svg", ".png", ".jpg", ".jpeg", ".ttf", ".otf", ".woff", ".woff2")
# A name that is plainly a file's, in any language ("Logo Môn.svg", "St John's & St Mary's
# logo.png"): letters, marks and digits of any script, spaces and a few marks people use in
# names; no dot first (no hidden files, no '..'), nothing Windows refuses (':', '*', '?', a
# name ending in a dot or a space, a device's name), and nothing that does not print.
SAFE_PUNCTUATION = frozenset(" _.,()-&'’+")
MAX_NAME = 100
WINDOWS_DEVICES = re.compile(r"^(CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])(\.|$)", re.IGNORECASE)
UTF8_NAMES = 0x800  # the zip's flag that says its names are UTF-8
WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:")
# Every entry of the pack is dated alike, so that the same kit always gives the same zip.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
CHUNK = 64 * 1024


class KitZipError(Exception):
    """A saved kit's zip that the studio will not open, and why, in plain words;
    `not_a_kit` if the file is no saved kit at all (not a zip, or a zip of no kit)."""

    def __init__(self, message: str, not_a_kit: bool = False):
        super().__init__(message)
        self.message = message
        self.not_a_kit = not_a_kit


@dataclass(frozen=True)
class KitEntry:
    info: zipfile.ZipInfo
    relative: str  # its path inside the kit folder, checked safe


def check_kit_zip(data: bytes) -> list[KitEntry]:
    """The kit files of a zip, once the whole zip is checked; nothing is extracted here.

    Refused: more than MAX_ENTRIES entries, any name with '..' or an absolute path, any
    symbolic link, encrypted entries, more than MAX_UNPACKED bytes unpacked, and a zip
    with no kit or more than one.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise KitZipError("it is not a zip file", not_a_kit=True) from None
    if len(entries) > MAX_ENTRIES:
        raise KitZipError(f"this zip holds {len(entries)} files; a kit has at most {MAX_ENTRIES}")
    for info in entries:
        _check_entry(info)
    unpacked = sum(info.file_size for info in entries)
    if unpacked > MAX_UNPACKED:
        raise KitZipError(
            f"this zip would unpack to {unpacked / 1024 / 1024:.0f} MB; a kit is far smaller "
            f"(at most {MAX_UNPACKED // 1024 // 1024} MB), so it was not opened"
        )
    return _kit_entries(entries)


def entry_name(info: zipfile.ZipInfo) -> str:
    """An entry's name as its maker meant it. A zip that does not flag its names as UTF-8 is
    read as code page 437, which is how Windows writes them; macOS and many other tools
    write UTF-8 all the same, in decomposed letters (an o, then its accent), so such names
    are read as UTF-8 where they are, and every name composed, as brand files write it."""
    name = info.filename
    if not info.flag_bits & UTF8_NAMES and not name.isascii():
        with contextlib.suppress(UnicodeError):  # else truly code page 437
            name = name.encode("cp437").decode("utf-8")
    return unicodedata.normalize("NFC", name)


def safe_name(part: str) -> bool:
    """Whether one part of a path inside a kit is plainly a file's name (see SAFE_PUNCTUATION)."""
    return (
        0 < len(part) <= MAX_NAME
        and not part.startswith(".")
        and not part.endswith((".", " "))
        and not WINDOWS_DEVICES.match(part)
        and all(ch in SAFE_PUNCTUATION or unicodedata.category(ch)[0] in "LMN" for ch in part)
    )


def _check_entry(info: zipfile.ZipInfo) -> None:
    name = entry_name(info)
    parts = re.split(r"[/\\]", name)
    if name.startswith(("/", "\\")) or WINDOWS_DRIVE.match(name):
        raise KitZipError(f"'{name}' in this zip is an absolute path; a kit's files are relative")
    if ".." in parts:
        raise KitZipError(f"'{name}' in this zip points outside its folder with '..'")
    if stat.S_ISLNK(info.external_attr >> 16):
        raise KitZipError(f"'{name}' in this zip is a link to another file; a kit holds files")
    if info.flag_bits & 0x1:
        raise KitZipError(f"'{name}' in this zip is encrypted; save the kit without a password")


def _kit_entries(entries: list[zipfile.ZipInfo]) -> list[KitEntry]:
    paths = [(info, PurePosixPath(entry_name(info))) for info in entries]
    brand_files = [path for _, path in paths if path.name == BRAND_FILE]
    if not brand_files:
        raise KitZipError(f"this zip holds no {BRAND_FILE}, the file every kit has", not_a_kit=True)
    if len(brand_files) > 1:
        raise KitZipError(f"this zip holds {len(brand_files)} kits; open one kit at a time")
    folder = brand_files[0].parent
    kit = []
    for info, path in paths:
        if info.is_dir() or path.suffix.lower() not in KIT_SUFFIXES:
            continue
        try:
            relative = path.relative_to(folder)
        except ValueError:
            continue  # outside the kit's folder: the rest of a pack
        # Any other name (a hidden file a Mac adds, say) is left in the zip; should the kit
        # name it, loading the kit says that it does not exist.
        if all(safe_name(part) for part in relative.parts):
            kit.append(KitEntry(info, relative.as_posix()))
    return kit


def extract_kit(data: bytes, target: Path) -> None:
    """Check the zip, then write its kit files into `target`, each read within its size."""
    entries = check_kit_zip(data)
    writer = Writer(target)  # refuses any path that would leave the folder
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for entry in entries:
            write_atomic(writer.target(entry.relative), _read(archive, entry.info))


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """An entry's bytes, never more than it declared (a zip may lie about its sizes)."""
    data = bytearray()
    try:
        with archive.open(info) as source:
            while chunk := source.read(CHUNK):
                data += chunk
                if len(data) > info.file_size:
                    raise KitZipError(f"'{entry_name(info)}' in this zip is larger than it says")
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError) as exc:
        raise KitZipError(f"'{entry_name(info)}' in this zip cannot be read ({exc})") from None
    return bytes(data)


def deterministic_zip(files: Iterable[tuple[str, bytes]]) -> bytes:
    """A zip of (name, bytes), sorted by name, every entry with one date and mode."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in sorted(files):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so that the mode below is read as one
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            archive.writestr(info, data, compresslevel=6)
    return buffer.getvalue()
