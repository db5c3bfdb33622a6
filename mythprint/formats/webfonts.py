"""The kit's fonts for the web edition: only the faces the page uses, as WOFF2 subsets."""

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from ..inputs.brand import Brand, FontFace

# Beyond the characters the page prints, every subset keeps printable ASCII, Latin-1 and the
# punctuation Word types for you: a partnership that edits the page by hand (a new number,
# a name with an accent, curly quotes pasted in) still finds its glyphs, for a few KB a face.
EDIT_CHARACTERS = frozenset(
    [chr(code) for code in range(0x20, 0x7F)]
    + [chr(code) for code in range(0xA0, 0x100)]
    + list("‐–—‘’‚“”„…•€")
)
# A weight and a style the page asks for: (family, CSS weight, "normal" or "italic").
Wanted = tuple[str, int, str]


@dataclass(frozen=True)
class WebFont:
    """One font file of the kit, the characters its subset keeps, and the weights it serves:
    a variable font that prints several weights is one file, declared for their range."""

    face: FontFace
    filename: str
    characters: str
    weights: tuple[int, int]  # the lightest and the heaviest, the same for a single weight

    @property
    def weight(self) -> str:
        """The @font-face `font-weight`: one weight, or a range ("400 700")."""
        low, high = self.weights
        return f"{low}" if low == high else f"{low} {high}"

    @property
    def data(self) -> bytes:
        return woff2_subset(self.face.path, self.characters)


def web_fonts(brand: Brand, wanted: Iterable[Wanted], page_text: str) -> list[WebFont]:
    """The faces that print `page_text` in the weights and styles `wanted`.

    The kit's own families come first, as on paper; a fallback family is shipped only for
    what the page prints that they lack, and only those characters.
    """
    wanted = list(dict.fromkeys(wanted))
    kept = set(page_text) | EDIT_CHARACTERS
    chosen = _unique(best_face(brand.faces, *want) for want in wanted)
    picked = [(face, kept) for face in chosen]
    lacking = {ch for ch in page_text if not ch.isspace()}
    for face in chosen:
        lacking -= font_characters(face.path)
    for family in brand.fallback_families:
        faces = _unique(
            best_face(brand.faces, family, weight, style) for _, weight, style in wanted
        )
        for face in faces:
            has = lacking & font_characters(face.path)
            if has and face not in chosen:
                picked.append((face, has))
        lacking -= set().union(*(font_characters(face.path) for face in faces))
    return _one_per_file(picked)


def kit_files(brand: Brand, wanted: Iterable[Wanted]) -> dict[Wanted, str]:
    """The file web_fonts serves each weight and style `wanted` of the kit's own families
    from, by what is wanted (a variable font's one file serves every weight it draws). Its
    names are web_fonts' own, without subsetting anything: the pages name them before the
    fonts are cut down to what the pages print."""
    faces = {want: best_face(brand.faces, *want) for want in dict.fromkeys(wanted)}
    served = _one_per_file([(face, set()) for face in _unique(faces.values())])
    by_face = {(font.face.family, font.face.path, font.face.style): font for font in served}
    return {
        want: by_face[(face.family, face.path, face.style)].filename
        for want, face in faces.items()
        if face is not None
    }


def _one_per_file(picked: list[tuple[FontFace, set[str]]]) -> list[WebFont]:
    """Each file picked, once, with the characters wanted of it that it has: a variable font
    the kit draws at 400 and 700 (as the fallback for Welsh is) would otherwise be subset,
    and downloaded, twice."""
    by_file: dict[tuple, list[tuple[FontFace, set[str]]]] = {}
    for face, characters in picked:
        by_file.setdefault((face.family, face.path, face.style), []).append((face, characters))
    fonts = []
    for group in by_file.values():
        face = group[0][0]
        weights = [each.weight for each, _ in group]
        span = (min(weights), max(weights))
        kept = set().union(*(characters for _, characters in group)) & font_characters(face.path)
        fonts.append(WebFont(face, font_filename(face, span), "".join(sorted(kept)), span))
    return fonts


def _unique(faces: Iterable[FontFace | None]) -> list[FontFace]:
    return list(dict.fromkeys(face for face in faces if face is not None))


def best_face(faces: Iterable[FontFace], family: str, weight: int, style: str) -> FontFace | None:
    """The face a browser would pick for this weight and style: the same style if the family
    has it, then the nearest weight (the heavier of two equally near ones for bold, the
    lighter for regular, as CSS matching leans)."""
    candidates = [face for face in faces if face.family == family]
    same_style = [face for face in candidates if face.style == style]
    candidates = same_style or candidates
    if not candidates:
        return None
    lean = 1 if weight >= 500 else -1
    return min(candidates, key=lambda face: (abs(face.weight - weight), -lean * face.weight))


def font_filename(face: FontFace, weights: tuple[int, int] | None = None) -> str:
    """A file name from what the face is (and the weights it serves), never from where it
    was found."""
    family = re.sub(r"[^a-z0-9]+", "-", face.family.lower()).strip("-") or "font"
    low, high = weights or (face.weight, face.weight)
    weight = f"{low}" if low == high else f"{low}-{high}"
    italic = "-italic" if face.style == "italic" else ""
    return f"{family}-{weight}{italic}.woff2"


@cache
def font_characters(path: Path) -> frozenset[str]:
    from fontTools.ttLib import TTFont

    font = TTFont(str(path), lazy=True, fontNumber=0)
    try:
        return frozenset(chr(code) for code in font.getBestCmap())
    finally:
        font.close()


@lru_cache(maxsize=64)
def woff2_subset(path: Path, characters: str) -> bytes:
    """The face cut down to `characters`, as WOFF2."""
    return subset_font(path, characters, flavor="woff2")


def subset_font(path: Path, characters: str, **settings) -> bytes:
    """The font at `path` with only `characters` (and `settings`, fontTools subset options),
    the same bytes every time.

    The `head` table keeps the font's own date: fontTools would otherwise stamp the clock.
    The name table is kept whole, for the font's copyright and licence.
    """
    from fontTools import subset

    options = subset.Options(
        name_IDs=["*"],
        name_languages=["*"],
        notdef_outline=True,
        recalc_timestamp=False,
        **settings,
    )
    # fontTools cannot cut down a `meta` table (IBM Plex Sans Arabic has one) and says so
    # on stderr as it drops it: drop it, quietly.
    options.drop_tables = [*options.drop_tables, "meta"]
    font = subset.load_font(str(path), options, dontLoadGlyphNames=True)
    try:
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=characters)
        subsetter.subset(font)
        buffer = io.BytesIO()
        subset.save_font(font, buffer, options)
        return buffer.getvalue()
    finally:
        font.close()
