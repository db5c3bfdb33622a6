"""Fingerprints: one digest of every input of an output, so that an output whose inputs and
file are unchanged is skipped before anything is laid out.

An output's inputs are the content file, every file of its kit, the font files the kit
resolves to and the fonts the machine offers it, the templates and stylesheets its format
uses, the profile and its options, and mythprint itself (its version, its code, and the
libraries that shape its files).
This module reads and hashes files only: deciding what to skip must stay cheaper than
importing WeasyPrint.
"""

import hashlib
import os
import re
import subprocess
from collections.abc import Iterable
from functools import cache
from importlib import metadata
from pathlib import Path

from .. import __version__
from ..paths import PACKAGE_DIR, STYLES_DIR, TEMPLATES_DIR
from ..pdf.profiles import Profile

# The libraries whose version can change the bytes of a file mythprint makes.
LIBRARIES = (
    "weasyprint",
    "pydyf",
    "pikepdf",
    "python-docx",
    "fonttools",
    "pillow",
    "pypdfium2",
    "segno",
    "jinja2",
    "markdown-it-py",
    "brand-yml",
    "fontpkg",
    "brotli",  # WOFF2 fonts of the web edition
)
TEMPLATE_REFERENCE = re.compile(r"""{%-?\s*(?:extends|include|import|from)\s+["']([^"']+)["']""")
MISSING = "missing"
# Files that macOS Finder, Windows Explorer, Word and LibreOffice leave in a folder they
# show or a file they open: ._name is macOS's copy of a file's extra data on a USB stick,
# ~$name and .~lock.name# the locks of a document open in Word and in LibreOffice.
NOT_KIT_FILES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini", "Desktop.ini"})
NOT_KIT_PREFIXES = ("._", "~$", ".~lock.")
# What tells fontconfig where the machine's fonts are: another configuration, other fonts.
FONTCONFIG_VARIABLES = ("FONTCONFIG_FILE", "FONTCONFIG_PATH", "FONTCONFIG_SYSROOT")
# The entry points a font package declares its family by (see fontpkg, kitfonts.py).
FONT_PACKAGE_GROUPS = ("fontpkg.family", "fonts_ttf")
# What fontconfig says of each font it knows: one line each, sorted, then hashed.
FC_LIST_FORMAT = "%{family}\\t%{style}\\t%{weight}\\t%{slant}\\t%{width}\\t%{file}\\n"
FC_LIST_SECONDS = 20


def not_kit_file(name: str) -> bool:
    """Whether a file in a kit's folder is one a file manager or an office program left
    there (a folder's view settings, or a lock on a file open), never one of the kit's."""
    return name in NOT_KIT_FILES or name.startswith(NOT_KIT_PREFIXES)


def digest(*parts: str) -> str:
    """One sha256 of several strings, each delimited so that ("ab", "c") != ("a", "bc")."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode()
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.hexdigest()


def file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return MISSING


@cache
def code_digest() -> str:
    """mythprint's version and code (every stage's, all but the studio's, which makes no
    file itself), and the versions of the libraries it prints with."""
    parts = [__version__]
    for path in code_files():
        parts += [path.relative_to(PACKAGE_DIR).as_posix(), file_digest(path)]
    for library in LIBRARIES:
        try:
            parts += [library, metadata.version(library)]
        except metadata.PackageNotFoundError:
            parts += [library, MISSING]
    return digest(*parts)


def code_files(package: Path = PACKAGE_DIR) -> list[Path]:
    """The files of mythprint that the files it makes depend on."""
    found = [*package.rglob("*.py"), *package.glob("data/*.yml")]
    return sorted(path for path in found if path.relative_to(package).parts[0] != "studio")


def folder_digest(folder: Path) -> str:
    """Every file in a kit folder, by its path inside the folder and its bytes; but not
    the files a file manager or an office program leaves beside the kit's (NOT_KIT_FILES):
    opening the folder in Finder is no change to the kit."""
    folder = Path(folder)
    parts = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not not_kit_file(path.name):
            parts += [path.relative_to(folder).as_posix(), file_digest(path)]
    return digest(*parts)


@cache
def template_digest(name: str) -> str:
    """A template and every template it extends, includes or imports, as they are now."""
    seen: dict[str, str] = {}
    pending = [name]
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        path = TEMPLATES_DIR / current
        seen[current] = file_digest(path)
        if seen[current] != MISSING:
            pending += TEMPLATE_REFERENCE.findall(path.read_text(encoding="utf-8"))
    return digest(*(part for key in sorted(seen) for part in (key, seen[key])))


def format_digest(templates: Iterable[str], stylesheets: Iterable[str]) -> str:
    """What a format is made with: its templates and its stylesheets."""
    parts = [template_digest(name) for name in sorted(set(templates))]
    parts += [file_digest(STYLES_DIR / name) for name in sorted(set(stylesheets))]
    return digest(*parts)


def profile_digest(profile: Profile) -> str:
    """The profile's options, its ICC profile's bytes, and its name: the manifest and the
    gallery tell the print shop which profile a file is for (`Profile.summary`)."""
    icc = file_digest(profile.icc) if profile.icc else ""
    name = profile.icc.name if profile.icc else ""
    return digest(profile.name, f"{profile.bleed_mm:g}", str(profile.marks), icc, name)


def kit_digest(content, kit_folder: Path, profile: Profile, folder: str | None = None) -> str:
    """Everything one kit's outputs share: the text, the kit, the profile, mythprint, and
    the fonts the machine offers (font_environment_digest).

    SOURCE_DATE_EPOCH counts too: without a review date, it dates the files. So does the
    rest of a pack (see packs.py): the other languages' texts, which its bilingual files
    print and which choose the pack's one font, and their names, which every file prints.
    `folder` is `folder_digest(kit_folder)`, when it is known already.
    """
    return digest(
        code_digest(),
        font_environment_digest(),
        file_digest(content.path),
        folder_digest(kit_folder) if folder is None else folder,
        profile_digest(profile),
        os.environ.get("SOURCE_DATE_EPOCH", ""),
        *(part for language in content.other_languages for part in language),
        *(file_digest(other.path) for other in content.companions),
    )


@cache
def font_environment_digest() -> str:
    """The fonts this machine offers a kit, as they are now: the font packages installed
    (their names and versions), the fontconfig settings in the environment, and every font
    fontconfig lists (family, style and file).

    A kit remembers the font files it resolved to (fonts_digest hashes them), but not what
    it would resolve to now: a font package or a system font installed since, or fontconfig
    told to look elsewhere, may give one of its families another file. Any such change
    makes every kit again, once. One `fc-list` costs a few milliseconds, far less than
    loading one kit would.
    """
    parts = [f"{name}={os.environ.get(name, '')}" for name in FONTCONFIG_VARIABLES]
    for group in FONT_PACKAGE_GROUPS:
        found = set()
        for entry in metadata.entry_points(group=group):
            package = entry.dist
            version = (package.name, package.version) if package is not None else ("", "")
            found.add((entry.name, entry.value, *version))
        parts += [group, *(part for entry in sorted(found) for part in entry)]
    return digest(*parts, _system_fonts())


def _system_fonts() -> str:
    """What fontconfig lists, in one order; without fontconfig, no system font is found."""
    try:
        listed = subprocess.run(
            ["fc-list", "--format", FC_LIST_FORMAT],
            capture_output=True,
            text=True,
            timeout=FC_LIST_SECONDS,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return MISSING
    return "\n".join(sorted(listed.splitlines()))


def made_from(folder: str, fonts: Iterable[str]) -> str:
    """What a kit's file was made from, as the manifest records it (`ManifestEntry.inputs`):
    the kit's own files (`folder`, its folder_digest) and its fonts. A file of the kit whose
    record differs from the kit's now was made before the kit changed: its phone numbers,
    logo or colours may be old. (Not the text: a pack of other languages makes other files
    of the same text, and a change to the guide is every kit's, made again whole.)"""
    return digest(folder, fonts_digest(fonts))


def fonts_digest(paths: Iterable[str]) -> str:
    """The bytes of the font files a kit resolved to (from a package, the machine, or the kit).

    Their bytes, not their paths: the same fonts installed elsewhere are the same input.
    """
    return digest(*sorted(_font_digest(path) for path in set(paths)))


# Font files' digests, by path, size and modification time: a batch of 150 kits with one
# set of fonts would otherwise read and hash the same files hundreds of times.
_font_digests: dict[tuple[str, int, int], str] = {}


def _font_digest(path: str) -> str:
    try:
        status = os.stat(path)
    except OSError:
        return MISSING
    key = (str(path), status.st_size, status.st_mtime_ns)
    if key not in _font_digests:
        _font_digests[key] = file_digest(Path(path))
    return _font_digests[key]


def output_fingerprint(kit: str, fmt: str, output: str, fonts: str) -> str:
    return digest(kit, fmt, output, fonts)
