"""`check`: what would go wrong on paper with this content and this kit, before anything prints."""

import colorsys
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

from fontTools.ttLib import TTFont, TTLibError
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..errors import ERROR, WARNING, Finding, Problem
from ..paths import display_path
from .brand import ROLE_SOURCES, TEXT_PAIRS, Brand, FontFace
from .colors import AA_NORMAL_TEXT, Rgb, contrast_ratio
from .content import Content
from .logofile import FAINT_SHARE, LOGO_BYTES, faint_share, logo_path_keys

PRINT_PPI = 300
# The most ink, the four inks' percentages added up (total area coverage), that print
# shops commonly take on coated paper: see total_ink.
INK_LIMIT_PERCENT = 300
# An ink a colour takes less of than this blurs small text too little to see if misregistered.
INK_IN_TEXT = 0.1
# Numbers Ofcom reserves for drama, as digits after the leading 0 (and its UK +44 form).
DRAMA_NUMBERS = re.compile(
    r"^0(?:1632960\d{3}|207946[01]\d{3}|(?:113|114|115|116|117|118|121|131|141|151|161)4960\d{3}"
    r"|1914980\d{3}|2890180\d{3}|2920180\d{3}|7700900\d{3}|8081570\d{3}|9098790\d{3}"
    r"|3069990\d{3})$"
)
EXAMPLE_DOMAINS = re.compile(
    r"(?:^|[@./])example\.(?:org|com|net)\b|\.(?:example|test|invalid)\b", re.IGNORECASE
)
PLACEHOLDERS = re.compile(
    r"\b(?:TBC|TBA|TODO|XXX+|x{3,})\b|\[[^\]]*\]|<[^>]*>|^0+[\s-]*0+", re.IGNORECASE
)


# What a kit's finding is about, beside its words, for a form to say it in its own (the studio's
# fields are not brand.yml's keys): each is a Finding's `detail`.


@dataclass(frozen=True)
class LowContrast:
    """Text in two of the kit's colours too alike to read: which way the colour to change (the
    one `keys` names) must go, and the contrast it has and needs."""

    where: str  # what prints in the pair: "headings and labels"
    ratio: float
    needed: float
    darker: bool  # whether the colour must get darker to pass (else lighter)


@dataclass(frozen=True)
class MissingGlyphs:
    """Characters (the Finding's `characters`) that no font of the kit has."""

    family: str


@dataclass(frozen=True)
class FontFallback:
    """Text set in the `fallback` font, as `family` lacks some of its letters (the Finding's
    `characters`): see fontchain.py."""

    family: str
    fallback: str


@dataclass(frozen=True)
class NoBold:
    """Text set in a fallback `family` that has no bold face: its headings print regular."""

    family: str


@dataclass(frozen=True)
class CoarseLogo:
    """A raster logo of too few pixels for the height it prints at."""

    file: str
    width: int
    height: int
    printed_mm: float
    needed: int  # pixels tall


def check_kit(
    brand: Brand,
    press: bool,
    printed: str,
    logo_height_mm: float,
    contents: tuple[Content, ...] = (),
) -> list[Finding]:
    """Every finding for this kit; `press` whether files for a print shop are made of it,
    `printed` all the text its outputs would print, `logo_height_mm` the tallest any of
    them prints the logo, and `contents` the pack whose text it prints, in reading order."""
    return [
        *contrast_findings(brand),
        *glyph_findings(brand, printed, contents),
        *logo_findings(brand, press, logo_height_mm),
        *faint_logo_findings(brand),
        *contact_findings(brand),
        *ink_findings(brand),
    ]


def _at(brand: Brand, message: str, *keys) -> Problem:
    return brand.source.problem_at(message, *keys)


# --- contrast ---


def contrast_findings(brand: Brand) -> list[Finding]:
    findings = []
    palette = brand.palette
    for fg_role, bg_role, where, outputs in TEXT_PAIRS:
        fg, bg = Rgb.parse(getattr(palette, fg_role)), Rgb.parse(getattr(palette, bg_role))
        ratio = contrast_ratio(fg, bg)
        if ratio >= AA_NORMAL_TEXT:
            continue
        # Suggest a change to the brand colour of the pair, not to the paper.
        role = bg_role if fg_role in ("paper", "on_accent") else fg_role
        own, other = (fg, bg) if role == fg_role else (bg, fg)
        shade = nearest_passing_shade(own, other)
        suggestion = f"; the nearest passing shade of that hue is {shade.hex}" if shade else ""
        message = (
            f"colours {fg.hex} on {bg.hex} ({where}, on {outputs}) have contrast {ratio:.2f}:1;"
            f" WCAG 2.2 AA needs {AA_NORMAL_TEXT:g}:1 (color.{ROLE_SOURCES[role]}{suggestion})"
        )
        keys = ("color", ROLE_SOURCES[role])
        problem = _at(brand, message, *keys)
        darker = other.luminance >= own.luminance
        detail = LowContrast(where, ratio, AA_NORMAL_TEXT, darker)
        findings.append(Finding(ERROR, problem, keys, shade.hex if shade else None, detail=detail))
    return findings


def nearest_passing_shade(color: Rgb, against: Rgb) -> Rgb | None:
    """The same hue and saturation at the nearest lightness that reaches AA against `against`."""
    hue, lightness, saturation = colorsys.rgb_to_hls(*color.channels)
    for step in range(1, 101):
        for direction in (-1, 1):
            candidate_l = lightness + direction * step / 100
            if not 0 <= candidate_l <= 1:
                continue
            candidate = Rgb(*colorsys.hls_to_rgb(hue, candidate_l, saturation))
            candidate = Rgb.parse(candidate.hex)  # as it will be written
            if contrast_ratio(candidate, against) >= AA_NORMAL_TEXT + 0.05:
                return candidate
    return None


# --- glyphs ---


class _TextOnly(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("style", "title", "script")

    def handle_endtag(self, tag):
        self._skip -= tag in ("style", "title", "script")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def printed_text(html: str) -> str:
    """The text a page prints, without markup or styles."""
    parser = _TextOnly()
    parser.feed(html)
    return "".join(parser.parts)


def glyph_findings(brand: Brand, printed: str, contents: tuple[Content, ...] = ()) -> list[Finding]:
    """The characters `printed` needs that the kit's fonts (and its fallbacks) lack, one
    error for each of its families. `contents`, the pack in reading order, are named where
    the characters are: the same words from whichever language the pack is seen."""
    # The filled templates hold every word of the content and the kit that gets printed.
    needed = {ch for ch in printed if not ch.isspace() and not _prints_nothing(ch)}
    covered_by_fallbacks = set().union(
        *(_cmap(face) for face in brand.faces if face.family in brand.fallback_families)
    )
    needed -= covered_by_fallbacks
    findings = []
    for family in dict.fromkeys((brand.body_family, brand.heading_family)):
        faces = [face for face in brand.faces if face.family == family]
        for face in faces:
            missing = needed - _cmap(face)
            if missing:
                findings.append(_missing_finding(brand, face, missing, printed, contents))
                break  # one finding per family is enough to act on
    return findings


def _missing_finding(
    brand: Brand, face: FontFace, missing: set[str], printed: str, contents: tuple[Content, ...]
) -> Finding:
    """The error for the characters of `printed` that `face` lacks: where they are (the
    kit's fields, each content file), which fonts were tried, and how to add one."""
    from .fontchain import chain_cmap, characters_of

    fields = _kit_fields_with(brand, missing)
    where = [_dotted(keys) for keys, _ in fields]
    shown = {ch for _, text in fields for ch in text} & missing
    # What some font could set: the face, the kit's fallbacks, the fallback chain's fonts.
    drawn = _cmap(face).union(
        *(_cmap(face) for face in brand.faces if face.family in brand.fallback_families),
        chain_cmap(brand),
    )
    in_contents: set[str] = set()
    for content in contents:  # all of its text, not what this view of a pack prints
        theirs = {ch for ch in characters_of(content) if not _prints_nothing(ch)} - drawn
        if theirs:
            where.append(f"{display_path(content.path)} ({content.language})")
            in_contents |= theirs
    shown |= in_contents
    if contents:  # the content's own characters, wherever the kit's words are printed
        elsewhere = missing & frozenset().union(*map(characters_of, contents)) - in_contents - drawn
    else:
        rest = _words(printed)  # less what the kit's own fields print: the content's
        for _, text in fields:
            rest = rest.replace(_words(text), "")
        elsewhere = missing & set(rest) - in_contents - drawn
    if elsewhere or not where:
        where.append("the content")
        shown |= missing
    message = _missing(brand, face, shown, where)
    problem = _at(brand, message, *(fields[0][0] if fields else ("typography",)))
    characters = "".join(sorted(shown))
    detail = MissingGlyphs(face.family)
    return Finding(ERROR, problem, ("typography",), characters=characters, detail=detail)


def _prints_nothing(character: str) -> bool:
    """Format characters (a zero-width space where an address may wrap, a direction mark)
    and variation selectors (the U+FE0F that comes with a pasted "❤️") print as nothing,
    whatever the font: HarfBuzz never draws a missing one as a box. Listed as missing,
    they are characters nobody can see to remove."""
    return unicodedata.category(character) == "Cf" or "VARIATION SELECTOR" in unicodedata.name(
        character, ""
    )


def _kit_fields_with(brand: Brand, characters: set[str]) -> list[tuple[tuple, str]]:
    """The kit's own fields (its name, contacts, logo's alt text...) holding any of
    `characters`, in the brand file's order, each with its text."""
    found = []

    def search(node, keys: tuple) -> None:
        if isinstance(node, str):
            if characters & set(node):
                found.append((keys, node))
        elif isinstance(node, CommentedMap | CommentedSeq):  # as read: not brand-yml's own
            for key, child in node.items() if isinstance(node, dict) else enumerate(node):
                search(child, (*keys, key))

    if brand.source is not None:
        search(brand.source.data, ())
    return found


def _words(text: str) -> str:
    """`text` with its spaces, no-break ones too, as single spaces: as printed."""
    return " ".join(text.replace("\u00a0", " ").split())


def _dotted(keys: tuple) -> str:
    return ".".join(f"[{k + 1}]" if isinstance(k, int) else str(k) for k in keys).replace(".[", "[")


# Characters listed by name in an error: more would bury the advice under them.
SHOWN_CHARACTERS = 3
# Scripts with a font package (pip install NAME) that has them, regular and bold, beyond
# the fallback chain's own (see fontchain.DEFAULT_CHAIN, the `languages` extra).
SCRIPT_PACKAGES = {
    "Beng": ("Hind Siliguri", "fontpkg-hind-siliguri"),
    "Deva": ("Noto Sans Devanagari", "fontpkg-noto-sans-devanagari"),
    "Khmr": ("Noto Sans Khmer", "fontpkg-noto-sans-khmer"),
    "Taml": ("Noto Sans Tamil", "fontpkg-noto-sans-tamil"),
    "Telu": ("Noto Sans Telugu", "fontpkg-noto-sans-telugu"),
    "Thai": ("Noto Sans Thai", "fontpkg-noto-sans-thai"),
}
# The scripts the `languages` extra's fonts have: missing, the extra is not installed.
EXTRA_SCRIPTS = {"Latn", "Grek", "Cyrl", "Arab"}


def _missing(brand: Brand, face: FontFace, missing: set[str], where: list[str]) -> str:
    from .fontchain import chain_cmap

    nowhere = missing - chain_cmap(brand)  # what no font tried has; the rest one of them has
    if not nowhere:
        return (
            f"no one font has all the characters in {' and '.join(where)}: "
            f"{_sample(missing)}; tried {_tried(brand, face)}, each of which lacks some, and "
            "a text is set in one font, never two in a word. Add a font that has them all to "
            "the kit and name it in defaults.mythprint.fallback-fonts"
        )
    scripts = scripts_of(nowhere)
    what = f"{' and '.join(script_name(s) for s in scripts)} letters" if scripts else "characters"
    return (
        f"no font has the {what} in {' and '.join(where)}: {_sample(nowhere)}; tried "
        f"{_tried(brand, face)}. They would print as empty boxes or in a stray font. "
        f"{_font_advice(brand, scripts)}"
    )


def scripts_of(characters: set[str]) -> list[str]:
    """The scripts (ISO 15924 codes, "Guru") of `characters`, the most used first; none for
    the characters every script shares (digits, punctuation, emoji)."""
    from fontTools import unicodedata as ucd

    counted: dict[str, int] = {}
    for ch in characters:
        script = ucd.script(ch)
        if script not in ("Zyyy", "Zinh", "Zzzz"):
            counted[script] = counted.get(script, 0) + 1
    return sorted(counted, key=lambda s: (-counted[s], s))


def script_name(script: str) -> str:
    """A script's English name: "Gurmukhi" for "Guru"."""
    from fontTools import unicodedata as ucd

    return ucd.script_name(script, default=script)


def _sample(missing: set[str]) -> str:
    """A few of the `missing` characters, letters first, each with its code (it names the
    character where a terminal's own font shows a box), and how many more."""
    ordered = sorted(missing, key=lambda ch: (unicodedata.category(ch)[0] != "L", ch))
    shown = ", ".join(f"{ch} (U+{ord(ch):04X})" for ch in ordered[:SHOWN_CHARACTERS])
    more = len(ordered) - SHOWN_CHARACTERS
    return f"{shown} and {more} more" if more > 0 else shown


def _tried(brand: Brand, face: FontFace) -> str:
    """The fonts that were tried, the kit's first: "'Atkinson Hyperlegible' (the kit's),
    then the fallback fonts 'Noto Sans' and 'IBM Plex Sans Arabic'"."""
    from .fontchain import chain_families

    own = f"'{face.family}'" + ("" if _face_name(face) == "regular" else f" ({_face_name(face)})")
    chain = [f"'{family}'" for family in chain_families(brand) if family != face.family]
    if not chain:
        return f"{own} (the kit's), and no fallback font"
    listed = chain[0] if len(chain) == 1 else f"{', '.join(chain[:-1])} and {chain[-1]}"
    return f"{own} (the kit's), then the fallback fonts {listed}"


def _font_advice(brand: Brand, scripts: list[str]) -> str:
    """What to do: install a package that has the script, or add the font's files to the kit."""
    fallbacks = "defaults.mythprint.fallback-fonts"
    if not scripts:
        return f"Remove them, or add a font that has them to the kit and name it in {fallbacks}"
    from .fontchain import chain_families

    script = scripts[0]
    if script in EXTRA_SCRIPTS and not set(chain_families(brand)) - set(brand.fallback_families):
        return (
            "Install the fonts for other languages (pip install -e '.[languages]'), or "
            f"add a font that has them to the kit and name it in {fallbacks}"
        )
    name = script_name(script)
    if script in SCRIPT_PACKAGES:
        family, package = SCRIPT_PACKAGES[script]
        return (
            f"For {name}, install a font package (pip install {package}), add it to the "
            f"kit's typography.fonts as family: {family}, source: system, and name it in "
            f"{fallbacks}"
        )
    return (
        f"Add a font for {name} to the kit: put its font files (regular and bold) in "
        f"{display_path(brand.folder)}, list it under typography.fonts with source: file "
        f"and each file's weight, and name it in {fallbacks} (see \"Fonts for every "
        'language" in the README)'
    )


def _face_name(face: FontFace) -> str:
    style = "italic" if face.style == "italic" else ""
    weight = "bold" if face.weight >= 600 else "regular"
    return f"{weight} {style}".strip()


@cache
def cmap_of(path: Path) -> frozenset[str]:
    try:
        font = TTFont(str(path), lazy=True, fontNumber=0)
        try:
            return frozenset(chr(code) for code in font.getBestCmap())
        finally:
            font.close()
    except (TTLibError, OSError, ImportError):
        return frozenset()


def _cmap(face: FontFace) -> frozenset[str]:
    return cmap_of(face.path)


# --- logos ---


def pixels_needed(height_mm: float) -> int:
    """How many pixels tall a raster logo must be to print at `height_mm` at 300 ppi."""
    return math.ceil(PRINT_PPI * height_mm / 25.4)


def logo_findings(brand: Brand, press: bool, height_mm: float) -> list[Finding]:
    """A logo that would print badly: an SVG of no size, or a raster of too few pixels,
    which a print shop's file cannot have (an office printer's can, with a warning)."""
    logo = brand.logo
    if logo is None:
        return []
    if logo.is_vector:
        if logo.aspect is not None:
            return []
        # As in a browser, such an SVG is a 300 × 150 box, whatever it draws.
        message = (
            f"logo {logo.path.name} gives no size of its own (no viewBox, and no width and "
            "height in units), so it prints as a box of 300 × 150 and whatever it draws "
            "outside that box is cut off; export it again with a viewBox"
        )
        return [Finding(WARNING, _at(brand, message, "logo"), ("logo",))]
    width, height = logo.pixels
    ppi = height / (height_mm / 25.4)
    # Both rounded so as never to contradict the test below: 236 pixels at 20 mm are
    # 299.7 ppi, said as 299 (100 pixels, 126.99999 in floating point, as 127), and 237
    # pixels are needed.
    needed = pixels_needed(height_mm)
    if ppi >= PRINT_PPI:
        return _heavy_logo(brand, needed)
    level = ERROR if press else WARNING
    message = (
        f"logo {logo.path.name} is {width}×{height} pixels: {math.floor(round(ppi, 3))} ppi at its "
        f"{height_mm:g} mm printed height, and print needs {PRINT_PPI} ppi "
        f"({needed} pixels tall, or an SVG)"
    )
    detail = CoarseLogo(logo.path.name, width, height, height_mm, needed)
    return [Finding(level, _at(brand, message, "logo"), ("logo",), detail=detail)]


def _heavy_logo(brand: Brand, needed: int) -> list[Finding]:
    """A raster logo far heavier than print needs: every PDF, the handout and the web
    page carry the file whole, so a 77 MB logo made each file of a kit 77 MB."""
    logo = brand.logo
    size = logo.path.stat().st_size
    if size <= LOGO_BYTES:
        return []
    width, height = logo.pixels
    message = (
        f"logo {logo.path.name} is {size / 1024 / 1024:.1f} MB ({width}×{height} pixels), and "
        "every file made carries it whole, so each is as large; print needs "
        f"{needed} pixels tall: ask for a smaller copy (under "
        f"{LOGO_BYTES // 1024 // 1024} MB), or an SVG"
    )
    return [Finding(WARNING, _at(brand, message, "logo"), ("logo",))]


def faint_logo_findings(brand: Brand) -> list[Finding]:
    """A raster logo all but invisible on the paper: white (or very light) on a
    see-through background, as logos made for dark backgrounds are. It printed as an
    empty space, with no word of warning. (An SVG is not judged: its colours come from
    its styles, which only drawing it would tell.)"""
    logo = brand.logo
    if logo is None or logo.is_vector:
        return []
    paper = Rgb.parse(brand.palette.paper)
    try:
        share = faint_share(logo.path, paper.luminance)
    except OSError:
        return []  # a file that cannot be decoded is reported where the kit is loaded
    if share is not None and share < FAINT_SHARE:
        return []
    tone = "light" if paper.luminance > 0.5 else "dark"
    if share is None:
        message = (
            f"logo {logo.path.name} is see-through all over, so it prints as an empty "
            "space: export it again with its colours"
        )
    else:
        message = (
            f"logo {logo.path.name} is nearly all as {tone} as the paper it prints on "
            f"({paper.hex}), as a white logo made for dark backgrounds is, so it prints as "
            f"an empty space: use a version of the logo made for {tone} backgrounds"
        )
    return [Finding(WARNING, _at(brand, message, *_logo_path_keys(brand)), ("logo",))]


def _logo_path_keys(brand: Brand) -> tuple:
    """Where the kit names its logo's file: the line to mend; else `logo`."""
    return logo_path_keys(brand.source.data.get("logo"), brand.folder, brand.logo.path.resolve())


# --- the kit's language ---


def kit_language_findings(brand: Brand, content: Content) -> list[Finding]:
    """A pack of several languages prints the kit's own words once, as the kit gives them:
    unless the kit says which language they are in, they are marked as the first one's,
    and a screen reader reads English contacts in a Welsh voice."""
    if not content.companions or brand.language is not None:
        return []
    if not (brand.name or brand.contacts or brand.review_note):
        return []
    keys = ("defaults", "mythprint")
    languages = ", ".join(text.language for text in content.pack_in_order)
    message = (
        f"the kit's own words (its name, contacts and review note) print as they are in a "
        f"pack of several languages ({languages}); say which language they are in, under "
        "defaults.mythprint, such as 'language: en-GB', so that screen readers read them "
        "in its voice"
    )
    return [Finding(WARNING, _at(brand, message, *keys), keys)]


# --- contacts ---


def contact_findings(brand: Brand) -> list[Finding]:
    findings = []
    for index, contact in enumerate(brand.contacts):
        reason = fictional(contact.value)
        if reason:
            keys = ("defaults", "mythprint", "contacts", index)
            message = (
                f"contact '{contact.label}: {contact.value}' {reason}; replace it "
                "before this goes to print"
            )
            findings.append(Finding(WARNING, _at(brand, message, *keys), keys))
    for url, keys, what in (
        (brand.home, ("meta", "link", "home"), "your own website's address"),
        (brand.qr_url, ("defaults", "mythprint", "qr"), "the address the QR code should open"),
    ):
        reason = fictional(url) if url else None
        if reason:
            message = f"'{url}' {reason}; replace it with {what} before this goes to print"
            findings.append(Finding(WARNING, _at(brand, message, *keys), keys))
    return findings + qr_findings(brand)


def total_ink(inks: tuple[float, ...]) -> int:
    """The four inks (each 0 to 1) added up, in whole percent: the total area coverage.

    Over INK_LIMIT_PERCENT (300%), ink dries slowly, smudges and sets off on the next
    sheet, and many shops refuse the file. 300% is the limit shops commonly give for coated
    paper, and what ECI's ISO Coated v2 300% profile (FOGRA39) and PSO Coated v3 (FOGRA51)
    allow; ISO Coated v2 itself allows 330%, and uncoated paper takes less (about 260-300%).
    """
    return round(sum(inks) * 100)


def ink_findings(brand: Brand) -> list[Finding]:
    """A kit's own CMYK colour that puts more ink on the paper than a press takes: it dries
    slowly, smudges and sets off on the next sheet, and many shops refuse the file."""
    findings = []
    for name, inks in brand.cmyk.items():
        total = total_ink(inks)
        if total > INK_LIMIT_PERCENT:
            keys = ("defaults", "mythprint", "cmyk", name)
            given = ", ".join(f"{value * 100:g}" for value in inks)
            message = (
                f"cmyk.{name}: [{given}] adds up to {total}% ink, more than the "
                f"{INK_LIMIT_PERCENT}% most print shops take on coated paper (less on "
                "uncoated), so it may smudge; lower it, or ask your print shop for its limit"
            )
            findings.append(Finding(WARNING, _at(brand, message, *keys), keys))
    return findings


def converted_ink_findings(
    brand: Brand, inks: dict[str, tuple[float, ...]], profile_name: str
) -> list[Finding]:
    """A kit colour that the shop's profile (`profile_name`) converts to more ink than a
    press takes, once for each colour of the kit: `inks` are each role's, as a press file
    prints them (see profiles.press_inks). A colour printed in values the kit gives is
    ink_findings', which needs no profile."""
    findings, said = [], set()
    kits_own = set(brand.cmyk.values())
    for role, name in ROLE_SOURCES.items():
        total = total_ink(inks.get(role, ()))
        if inks.get(role) in kits_own or name in said or total <= INK_LIMIT_PERCENT:
            continue
        said.add(name)
        colour = getattr(brand.palette, role)
        given = _colour_given(brand, name)
        what = f"color.{name}" if given else f"color.{name} (not given, so {colour})"
        shares = zip("CMYK", inks[role], strict=True)
        each = " ".join(f"{ink}{round(value * 100)}" for ink, value in shares)
        message = (
            f"{what} converts with {profile_name} to {total}% ink ({each}), more than the "
            f"{INK_LIMIT_PERCENT}% most print shops take on coated paper, so it may smudge "
            f"and set off: give it CMYK values within that (defaults.mythprint.cmyk.{name}), "
            "which your print shop can supply"
        )
        keys = ("color", name)
        findings.append(Finding(WARNING, _at(brand, message, *keys), keys))
    return findings


def text_ink_findings(
    brand: Brand, inks: dict[str, tuple[float, ...]], profile_name: str
) -> list[Finding]:
    """Body text that the shop's profile (`profile_name`) converts to a mix of inks: small
    type in more than one ink blurs wherever the press's plates are a hair out of register.
    A soft black already prints in black ink alone (see profiles.near_black), and the kit's
    own values for the colour are what it chose."""
    text = inks.get("text", ())
    used = [value for value in text if value >= INK_IN_TEXT]
    if len(used) < 2 or text in set(brand.cmyk.values()):
        return []
    name = ROLE_SOURCES["text"]
    colour = brand.palette.text
    given = _colour_given(brand, name)
    what = f"color.{name} ({colour})" if given else f"color.{name} (not given, so {colour})"
    each = " ".join(f"{ink}{round(value * 100)}" for ink, value in zip("CMYK", text, strict=True))
    count = ("two", "three", "four")[len(used) - 2]
    message = (
        f"{what} prints the body text in {count} inks with {profile_name} ({each}, "
        f"{total_ink(text)}%), and small text in more than one ink blurs wherever the press's "
        "plates are a hair out of register: give it values in one ink, such as black alone "
        f"(defaults.mythprint.cmyk.{name}: [0, 0, 0, 100]), or ask your print shop for one"
    )
    keys = ("color", name)
    return [Finding(WARNING, _at(brand, message, *keys), keys)]


def _colour_given(brand: Brand, name: str) -> bool:
    """Whether the kit's brand.yml sets `color.name` itself (else it falls back on another)."""
    colours = brand.source.data.get("color") if brand.source else None
    return isinstance(colours, dict) and colours.get(name) is not None


def qr_findings(brand: Brand) -> list[Finding]:
    """A QR code whose squares print too small for phones to read: a long address."""
    from ..formats.qr import SMALLEST_MODULE_MM, SMALLEST_PRINTED_MM, module_mm

    size = module_mm(brand.qr_url) if brand.qr_url else None
    if size is None or size >= SMALLEST_MODULE_MM:
        return []
    defaults = (brand.source.data.get("defaults") if brand.source else None) or {}
    settings = defaults.get("mythprint") if isinstance(defaults, dict) else None
    given = isinstance(settings, dict) and "qr" in settings  # else the code opens the website
    keys = ("defaults", "mythprint", "qr") if given else ("meta", "link", "home")
    message = (
        f"the QR code's address is {len(brand.qr_url)} characters long, so its squares print "
        f"{size:.2f} mm wide in the {SMALLEST_PRINTED_MM} mm code on the leaflet, and many "
        f"phones cannot read squares under {SMALLEST_MODULE_MM} mm; give a shorter address "
        "for the code (a short link on your own website) in defaults.mythprint.qr"
    )
    return [Finding(WARNING, _at(brand, message, *keys), keys)]


def fictional(value: str) -> str | None:
    """Why a contact detail looks invented, or None if it looks real."""
    digits = re.sub(r"[^\d+]", "", value)
    if digits.startswith("+44"):
        digits = "0" + digits[3:]
    if DRAMA_NUMBERS.match(digits):
        return "is an Ofcom drama number, reserved for fiction"
    if EXAMPLE_DOMAINS.search(value):
        return "uses a domain reserved for examples"
    if PLACEHOLDERS.search(value):
        return "looks like a placeholder"
    return None
