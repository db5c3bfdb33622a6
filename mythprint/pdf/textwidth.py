"""How wide a word is in a font, from the font file's own advance widths.

The fit's region model breaks the region's text into lines again at other type sizes;
for that it needs each word's width, which a layout gives only line by line. A line's
width is shared out over its characters by their advance widths (fontTools reads them),
so the words of a line add up to exactly what the layout measured.
"""

from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont, TTLibError

from ..inputs.brand import FontFace


@cache
def _advances(path: Path) -> tuple[dict[str, float], float]:
    """Each character's advance in em, and the font's average (for characters it lacks)."""
    try:
        font = TTFont(str(path), lazy=True, fontNumber=0)
    except (TTLibError, OSError):
        return {}, 0.5
    try:
        upem = font["head"].unitsPerEm
        metrics = font["hmtx"].metrics
        advances = {
            chr(code): metrics[name][0] / upem
            for code, name in font.getBestCmap().items()
            if name in metrics
        }
    finally:
        font.close()
    average = sum(advances.values()) / len(advances) if advances else 0.5
    return advances, average


def face_for(faces: tuple[FontFace, ...], families, weight: int, style: str) -> FontFace | None:
    """The kit's face that CSS would pick for this family list, weight and style."""
    for family in families:
        candidates = [face for face in faces if face.family == family]
        if candidates:
            return min(
                candidates,
                key=lambda face: (face.style != style, abs(face.weight - weight)),
            )
    return None


def relative_widths(text: str, face: FontFace | None) -> list[float]:
    """Each character's advance in em, or 1 each when the face is not known."""
    if face is None:
        return [1.0] * len(text)
    advances, average = _advances(face.path)
    return [advances.get(character, average) for character in text]
