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

from ..errors import ERROR, WARNING, Finding, Problem
from ..paths import display_path
from .brand import Brand, FontFace
from .checks import FontFallback, NoBold, cmap_of
from .content import Content
from .inline import plain_text
from .kitfonts import package_faces

# The project's own chain, after a kit's fallback-fonts: font packages, in the order tried.
DEFAULT_CHAIN = ("Noto Sans", "IBM Plex Sans Arabic")


def letters_of(content: Content) -> frozenset[str]:
    """The letters (and their combining marks) of every string the content prints."""
    return _letters(_texts(content))


def characters_of(content: Content) -> frozenset[str]:
    """Every character of every string the content prints, but white space."""
    return frozenset(ch for text in _texts(content) for ch in text if not ch.isspace())


def _texts(content: Content) -> list[str]:
    texts = [plain_text(text) for text in (content.title, content.intro, content.lead_in)]
    texts += [plain_text(content.source)]
    texts += [
        plain_text(part) for myth in content.myths for part in (myth.statement, myth.rebuttal)
    ]
    return texts + [*content.labels.texts.values(), *content.labels.months]


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
            set_in, findings = chosen
            return set_in, findings + _bold_findings(brand, [(set_in, content.pack_in_order)])
    set_in, findings = _font_for(brand, content, letters_of(content), kit) or (brand, [])
    # Each language in its own font: say of each whose font has no bold, from any of them.
    each = [
        (set_in, (text,))
        if text is content
        else ((_font_for(brand, text, letters_of(text), kit) or (brand, []))[0], (text,))
        for text in content.pack_in_order
    ]
    return set_in, findings + _bold_findings(brand, each)


def font_findings(brand: Brand, content: Content) -> list[Finding]:
    """What a build of `content` alone with this kit says of its fonts, quickly (no page is
    filled): letters that no font has, and a fallback font without a bold face. `check`
    says so of each translation beside the content it checks."""
    from .checks import glyph_findings

    set_in, findings = text_font(brand, content)
    kit = [brand.name, brand.short_name, brand.review_note]
    kit += [part for contact in brand.contacts for part in (contact.label, contact.value)]
    printed = " ".join([*_texts(content), *(text for text in kit if text)])
    findings = [f for f in findings if f.level == ERROR or isinstance(f.detail, NoBold)]
    return findings + glyph_findings(set_in, printed, (content,))


BOLD = 600  # the lightest weight that is bold: headings and labels are set at 700


def _bold_findings(brand: Brand, set_in: list[tuple[Brand, tuple[Content, ...]]]) -> list[Finding]:
    """A warning for each fallback font that sets text (`set_in`: the kit as it sets each of
    the contents) with no bold face, where the kit's own headings font has one: that text's
    headings and labels print in regular weight, beside bold ones in the other languages (a
    browser fakes a bold, the PDFs do not), which treats its readers less well."""
    if not _has_bold(brand, brand.heading_family):
        return []  # the kit's own headings are regular: every language alike
    findings = []
    for kit, contents in set_in:
        for family in _drawing(kit, frozenset().union(*map(letters_of, contents))):
            if family == brand.heading_family or _has_bold(kit, family):
                continue
            texts = " and ".join(f"{display_path(c.path)} ({c.language})" for c in contents)
            findings.append(_no_bold(brand, family, texts))
    return findings


def _drawing(kit: Brand, letters: frozenset[str]) -> list[str]:
    """The families that draw `letters` as `kit` sets them: its headings font, and each of
    its fallback fonts that has letters the fonts before it lack (a browser, and WeasyPrint,
    take each letter from the first font listed that has it)."""
    families = [kit.heading_family]
    faces = [f for f in kit.faces if f.family == kit.heading_family]
    lacking = (
        letters - frozenset.intersection(*(cmap_of(f.path) for f in faces)) if faces else letters
    )
    for family in kit.fallback_families:
        drawn = lacking & frozenset().union(
            *(cmap_of(f.path) for f in kit.faces if f.family == family)
        )
        if drawn:
            families.append(family)
            lacking -= drawn
    return families


def _no_bold(brand: Brand, family: str, texts: str) -> Finding:
    message = (
        f"the font that sets {texts}, '{family}', has no bold face, so its headings and "
        "labels print in regular weight, not bold as the kit's others are: add the font's "
        "bold file to the kit (a file of weight 700 beside its regular one)"
    )
    problem = _at_font(brand, family, message)
    return Finding(WARNING, problem, ("typography",), detail=NoBold(family))


def _has_bold(brand: Brand, family: str) -> bool:
    return any(f.weight >= BOLD and f.style == "normal" for f in brand.faces if f.family == family)


def _at_font(brand: Brand, family: str, message: str) -> Problem:
    """A problem at the kit's entry for `family` in typography.fonts, else at typography."""
    if brand.source is None:
        return Problem(display_path(brand.folder), None, None, message)
    fonts = (brand.source.data.get("typography") or {}).get("fonts") or []
    for index, font in enumerate(fonts):
        if isinstance(font, dict) and font.get("family") == family:
            return brand.source.problem_at(message, "typography", "fonts", index)
    return brand.source.problem_at(message, "typography")


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


def chain_families(brand: Brand):
    """The fallback chain's families, in the order tried: the kit's, then those installed."""
    return [family for family, faces in _chain(brand) if faces]


def chain_cmap(brand: Brand) -> frozenset[str]:
    """Every character some font of the fallback chain has, in its every face."""
    return frozenset().union(
        *(
            frozenset.intersection(*(cmap_of(face.path) for face in faces))
            for _, faces in _chain(brand)
            if faces
        )
    )


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
