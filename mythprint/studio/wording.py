"""A kit's findings in the words of the studio's form: what is wrong, and what to do in the
form, for the people who fill it in. The CLI's words name brand.yml's keys, for the people
who edit that file; a finding that only brand.yml can fix keeps them."""

from __future__ import annotations

import math

from ..errors import Finding
from ..inputs.checks import CoarseLogo, FontFallback, LowContrast, MissingGlyphs


def form_words(finding: Finding, typed: str = "") -> str | None:
    """`finding`, beside the field it concerns (which holds `typed`); None for a finding
    the form has no words of its own for."""
    detail = finding.detail
    if isinstance(detail, LowContrast):
        return _contrast(detail, finding.shade)
    if isinstance(detail, MissingGlyphs):
        return _missing(finding.characters, typed)
    if isinstance(detail, FontFallback):
        return _fallback(detail, finding.characters)
    if isinstance(detail, CoarseLogo):
        return coarse_logo(detail)
    return None


def _contrast(detail: LowContrast, shade: str | None) -> str:
    pale, change, enough = (
        ("pale", "darker", "dark") if detail.darker else ("dark", "lighter", "light")
    )
    nearest = (
        f", or press “Use {shade}” below for the nearest shade {enough} enough" if shade else ""
    )
    return (
        f"Too {pale} for {detail.where}, which would be hard to read. Text needs a contrast "
        f"of at least {_ratio(detail.needed)} to 1 with what is behind it (the WCAG 2.2 AA "
        f"accessibility standard); this is {_ratio(detail.ratio)} to 1. Make this colour "
        f"{change}{nearest}."
    )


def _ratio(value: float) -> str:
    """A contrast ratio to one decimal, rounded down: one short of passing never reads as it."""
    return f"{math.floor(value * 10) / 10:g}"


def _missing(characters: str, typed: str) -> str:
    here = [ch for ch in characters if ch in typed] or list(characters)
    one = len(here) == 1
    they, them = ("it", "it") if one else ("they", "them")
    boxes = "an empty box" if one else "empty boxes"
    return (
        f"No font the pack can use has {_listed(here, codes=True)}, so {they} would print "
        f"as {boxes}. Remove {them}, or write this without {them}."
    )


def _fallback(detail: FontFallback, characters: str) -> str:
    letters = list(characters)
    which = "The letter" if len(letters) == 1 else "The letters"
    verb, it = ("is", "it") if len(letters) == 1 else ("are", "them")
    return (
        f"{which} {_listed(letters)} {verb} not in {detail.family}, the font the pack is "
        f"usually printed in, so all of its text is printed in {detail.fallback}, which has "
        f"{it}. Nothing needs to change: check in the previews that it looks as you want."
    )


def _listed(characters: list[str], codes: bool = False) -> str:
    """'ŵ and ŷ'; with `codes`, 'ሀ (U+1200)', its code naming a character even where this
    computer's own fonts show a box for it."""
    shown = [f"{ch} (U+{ord(ch):04X})" if codes else ch for ch in characters]
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} and {shown[-1]}"


def coarse_logo(detail: CoarseLogo, outcome: str = "") -> str:
    """A logo of too few pixels; `outcome` what became of it, after its problem."""
    return (
        f"'{detail.file}' is too small to print sharply: it is {detail.width} × "
        f"{detail.height} pixels, and the pack prints the logo up to {detail.printed_mm:g} mm "
        f"tall, which needs at least {detail.needed} pixels in height{outcome}. Choose a "
        "larger PNG or JPEG, or an SVG, which prints sharply at any size."
    )
