"""A kit's font faces: system, package and file fonts, their weights, readable or not."""

import subprocess
from pathlib import Path
from typing import Any

import fontpkg

from .brand import FontFace

SYSTEM_FONT_SUFFIXES = (".ttf", ".otf")
FONTCONFIG_NORMAL_WIDTH = 100
# fontconfig's weight scale, against CSS weights: so a light face never stands in as regular.
FONTCONFIG_WEIGHTS = (
    (0, 100),
    (40, 200),
    (50, 300),
    (75, 350),
    (80, 400),
    (100, 500),
    (180, 600),
    (200, 700),
    (205, 800),
    (210, 900),
)
# The weights mythprint sets: text, and bold for headings and labels.
VARIABLE_WEIGHTS = (400, 700)
# Weight names brand.yml keeps as names; it turns the others (thin, semi-bold) into numbers.
WEIGHT_NAMES = {"normal": 400, "regular": 400, "bold": 700}


def system_faces(family: str) -> list[FontFace]:
    """Faces of a family installed on this machine, found through fontconfig."""
    try:
        listed = subprocess.run(
            [
                "fc-list",
                "--format",
                "%{file}\\t%{weight}\\t%{slant}\\t%{width}\\n",
                f":family={family}",
            ],
            capture_output=True,
            text=True,
            timeout=20,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    faces = []
    for line in sorted(listed.splitlines()):
        file, weight, slant, width = (line.split("\t") + ["", "", ""])[:4]
        if not file.lower().endswith(SYSTEM_FONT_SUFFIXES):
            continue
        if _fontconfig_number(width) not in (0, FONTCONFIG_NORMAL_WIDTH):
            continue  # condensed and expanded cuts share the family name
        style = "italic" if _fontconfig_number(slant) > 0 else "normal"
        faces.append(FontFace(family, Path(file).resolve(), _css_weight(weight), style))
    return faces


def _css_weight(fontconfig_weight: str) -> int:
    number = _fontconfig_number(fontconfig_weight)
    return min(FONTCONFIG_WEIGHTS, key=lambda pair: abs(pair[0] - number))[1]


def _fontconfig_number(value: str) -> int:
    """fontconfig prints a number, or a range such as '[0 210]' for a variable font."""
    first = value.strip("[] ").split(" ")[0]
    return int(first) if first.isdigit() else 0


def package_faces(family: str) -> list[FontFace]:
    """The faces a font package ships for `family`; raises fontpkg.FontpkgError without one.

    A variable font (a package gives it no weight) becomes one face for each weight
    mythprint sets, all from its one file: WeasyPrint sets each at its weight.
    """
    faces = []
    for file in fontpkg.family(family).files:
        weights = VARIABLE_WEIGHTS if file.weight is None else (file.weight,)
        faces += [FontFace(family, file.path.resolve(), weight, file.style) for weight in weights]
    return faces


def file_weights(weight: Any, path: Path) -> tuple[int, ...]:
    """The weights a kit's font file is set at: the weight the kit gives it (700, or a name
    such as bold); for a range (a variable font, `weight: 100..900`), each weight mythprint
    sets, kept within the range; with no weight given, what the file says of itself."""
    given = getattr(weight, "root", weight)  # brand-yml wraps it: 700, "bold" or (100, 900)
    if given is None or given == "auto":
        given = _weights_in_file(path)
    if isinstance(given, tuple | list):
        low, high = sorted(_weight_number(end) for end in given)
        return tuple(dict.fromkeys(min(max(w, low), high) for w in VARIABLE_WEIGHTS))
    return (_weight_number(given),)


def _weight_number(weight: Any) -> int:
    """A CSS weight as a number, from a number or a name brand.yml allows (normal, bold)."""
    if isinstance(weight, int | float) and not isinstance(weight, bool):
        return round(weight)
    name = str(weight).strip().lower()
    if name in WEIGHT_NAMES:
        return WEIGHT_NAMES[name]
    return int(name) if name.isdigit() else 400


def _weights_in_file(path: Path) -> int | tuple[int, int]:
    """The weight a font file declares: a variable font's range of weights, or a static
    font's weight class (a legacy 1 to 9 scale, or nonsense, is read as regular)."""
    from fontTools.ttLib import TTFont

    try:
        with TTFont(str(path), lazy=True, fontNumber=0) as font:
            axes = font["fvar"].axes if "fvar" in font else []
            wght = [axis for axis in axes if axis.axisTag == "wght"]
            if wght:
                return round(wght[0].minValue), round(wght[0].maxValue)
            weight = font["OS/2"].usWeightClass if "OS/2" in font else 400
    except Exception:  # fontTools raises many kinds; unreadable_font has reported it
        return 400
    return weight if 100 <= weight <= 1000 else 400


def unreadable_font(path: Path) -> str | None:
    """Why a kit's font file cannot be used, or None: it must be a font with its letters
    mapped (a file renamed to .ttf, or cut short, would fail every document later)."""
    from fontTools.ttLib import TTFont

    try:
        with TTFont(str(path), lazy=True, fontNumber=0) as font:
            if not font.getBestCmap():
                return "it maps no characters to letters"
    except Exception as exc:  # fontTools raises many kinds for a file that is not a font
        return str(exc) or type(exc).__name__
    return None
