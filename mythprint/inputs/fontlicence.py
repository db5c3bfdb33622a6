"""What a font's licence lets mythprint do with it, as the font's OS/2 fsType declares."""

import functools
from pathlib import Path

# fsType bits (OpenType, OS/2 table). Of 2, 4 and 8, the least restrictive set applies.
RESTRICTED = 0x0002
PREVIEW_AND_PRINT = 0x0004
EDITABLE = 0x0008
NO_SUBSETTING = 0x0100
BITMAP_ONLY = 0x0200


def embedding_refused(path: Path) -> str | None:
    """Why the font's licence forbids what every output does with it, or None.

    Each PDF and the Word handout carry their fonts, and every PDF and the web edition
    carry them cut down to the letters they print. Preview-and-print and editable
    embedding both allow a PDF; for web use fsType says nothing either way.
    """
    fs_type = _fs_type(path)
    shown = f"(its fsType is {fs_type:#06x})"
    if fs_type & RESTRICTED and not fs_type & (PREVIEW_AND_PRINT | EDITABLE):
        return (
            f"does not allow embedding it in documents {shown}; ask the font's supplier for "
            "a licence that does, or use another font"
        )
    if fs_type & BITMAP_ONLY:
        return (
            "allows only its bitmaps to be embedded in documents, not the outlines they "
            f"print {shown}; ask the font's supplier for a licence that allows embedding its "
            "outlines, or use another font"
        )
    if fs_type & NO_SUBSETTING:
        return (
            "does not allow embedding it cut down to the letters a document uses, as "
            f"mythprint does to keep every file small {shown}; ask the font's supplier for "
            "a licence that allows subsetting, or use another font"
        )
    return None


def _fs_type(path: Path) -> int:
    """The font's fsType; 0 (installable: no restriction) for a font without an OS/2
    table, or one that cannot be read (reported as such elsewhere)."""
    try:
        status = path.stat()
    except OSError:
        return 0
    return _fs_type_of(path, status.st_size, status.st_mtime_ns)


@functools.lru_cache(maxsize=256)
def _fs_type_of(path: Path, size: int, mtime_ns: int) -> int:
    """Read once a process for each file as it is: every kit of a batch names the same
    installed fonts. (The size and time stand for the file's contents.)"""
    from fontTools.ttLib import TTFont

    try:
        with TTFont(str(path), lazy=True, fontNumber=0) as font:
            return font["OS/2"].fsType if "OS/2" in font else 0
    except Exception:  # fontTools raises many kinds for a file that is not a font
        return 0
