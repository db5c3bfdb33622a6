"""Which font sets a content file's text: the kit's own, or one font of the fallback chain.
The kit's own words printed beside it (its names and contacts) count as its text.

A word drawn with letters from two fonts looks broken: "dŵr" with its ŵ from another font
than its d and r. So when the kit's fonts lack some of the text's letters, the whole text
is set in the first font of the chain that has them all: the kit's `fallback-fonts`, then
the fonts of the `languages` extra (Noto Sans for Latin, Greek and Cyrillic scripts, Noto
Sans Arabic for Urdu and Arabic), where they are installed.
"""

import unicodedata
from dataclasses import replace

import fontpkg

from ..errors import WARNING, Finding, Problem
from ..paths import display_path
from .brand import Brand, FontFace
from .checks import FontFallback, cmap_of
from .content import Content
from .inline import plain_text
from .kitfonts import package_faces

# The project's own chain, after a kit's fallback-fonts: font packages, in the order tried.
DEFAULT_CHAIN = ("Noto Sans", "IBM Plex Sans Arabic")


def letters_of(content: Content) -> frozenset[str]:
    """The letters (and their combining marks) of every string the content prints."""
    texts = [plain_text(text) for text in (content.title, content.intro, content.lead_in)]
    texts += [plain_text(content.source)]
    texts += [
        plain_text(part) for myth in content.myths for part in (myth.statement, myth.rebuttal)
    ]
    texts += [*content.labels.texts.values(), *content.labels.months]
    return _letters(texts)


def letters_of_kit(brand: Brand) -> frozenset[str]:
    """The letters of the kit's own words that the pages print: its names, contacts and
    review note ("Cyngor Gŵyr", "Tŷ Penallta")."""
    texts = [brand.name, brand.short_name, brand.review_note]
    texts += [part for contact in brand.contacts for part in (contact.label, contact.value)]
    return _letters(text for text in texts if text)


def _letters(texts) -> frozenset[str]:
    """The letters, and their combining marks, of `texts`."""
    return frozenset(
        ch for text in texts for ch in text if unicodedata.category(ch)[0] in ("L", "M")
    )


def covers(faces: list[FontFace] | tuple[FontFace, ...], letters: frozenset[str]) -> bool:
    """Whether every face (each weight and style) has every one of `letters`."""
    return bool(faces) and all(letters <= cmap_of(face.path) for face in faces)


def text_font(brand: Brand, content: Content) -> tuple[Brand, list[Finding]]:
    """The kit as it sets this content: unchanged when its fonts have every letter, else
    with its text and headings wholly in the first font of the chain that has them all
    (and a warning saying so). With no such font, the kit is unchanged, and the glyph check
    names the letters it lacks.

    In a pack of several languages, every language is set in the one font that has all of
    their letters, so that none is treated less favourably than another; only when no font
    has them all does each language get its own.
    """
    kit = letters_of_kit(brand)
    if content.companions:
        pack = frozenset().union(*map(letters_of, content.pack))
        chosen = _font_for(brand, content, pack, kit)
        if chosen is not None:
            return chosen
    return _font_for(brand, content, letters_of(content), kit) or (brand, [])


def _font_for(
    brand: Brand, content: Content, text: frozenset[str], kit: frozenset[str]
) -> tuple[Brand, list[Finding]] | None:
    """The kit set in the first font (its own, then the chain's) that has all the letters
    of the `text` and of the `kit`'s own words."""
    own = [f for f in brand.faces if f.family in (brand.body_family, brand.heading_family)]
    letters = text | kit
    if covers(own, letters):
        return brand, []
    for family, faces in _chain(brand):
        if covers(faces, letters):
            if family in brand.fallback_families:  # the kit chose it: nothing to tell
                return _set_in(brand, family, faces), []
            missing = letters - frozenset.intersection(*(cmap_of(f.path) for f in own))
            warning = _warning(brand, content, family, missing, kit_only=not missing & text)
            return _set_in(brand, family, faces), [warning]
    return None


def _chain(brand: Brand):
    """Each family of the chain with its faces: the kit's fallbacks, then the installed
    defaults."""
    for family in brand.fallback_families:
        yield family, [face for face in brand.faces if face.family == family]
    for family in DEFAULT_CHAIN:
        if family in brand.fallback_families:
            continue
        try:
            yield family, package_faces(family)
        except fontpkg.FontpkgError:
            continue  # the languages extra is not installed


def _set_in(brand: Brand, family: str, faces: list[FontFace]) -> Brand:
    extra = tuple(face for face in faces if face not in brand.faces)
    return replace(
        brand,
        body_family=family,
        heading_family=family,
        faces=brand.faces + extra,
        fallback_families=tuple(f for f in brand.fallback_families if f != family),
    )


def _warning(
    brand: Brand, content: Content, family: str, missing: frozenset[str], kit_only: bool
) -> Finding:
    shown = " ".join(sorted(missing))
    texts = " and ".join(f"{display_path(c.path)} ({c.language})" for c in content.pack_in_order)
    whose = (
        "the kit's own words (its names, contacts or review note) have"
        if kit_only
        else (f"the text of {texts} has")
    )
    message = (
        f"{whose} letters that font '{brand.body_family}' lacks ({shown}), so "
        f"{'the text' if kit_only else 'it'} is set wholly in '{family}', from the "
        "fallback fonts: one font for all of it, never two in one word"
    )
    if brand.source is None:
        problem = Problem(display_path(brand.folder), None, None, message)
    else:
        problem = brand.source.problem_at(message, "typography")
    detail = FontFallback(brand.body_family, family)
    letters = "".join(sorted(missing))
    return Finding(WARNING, problem, ("typography",), characters=letters, detail=detail)
