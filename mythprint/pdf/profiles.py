"""Print profiles: office (tagged PDF/UA, sRGB, no bleed) and press (bleed, PDF/X-4 in CMYK)."""

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import MythprintError
from ..inputs.brand import ROLE_SOURCES, Palette
from ..inputs.colors import Rgb
from ..paths import display_path

if TYPE_CHECKING:  # Pillow is imported where colours are converted: a plan never needs it
    from PIL import Image, ImageCms

OFFICE = "office"
PRESS = "press"
DEFAULT_BLEED_MM = 3.0
# Crop marks sit in a slug beyond the bleed, so that trimming never cuts into them.
SLUG_MM = 6.0


# Text this dark and nearly neutral prints in black ink alone (see near_black).
SOLID_BLACK = (0.0, 0.0, 0.0, 1.0)
NEAR_BLACK_DARKEST = 0.2  # each channel at most #33
NEAR_BLACK_TINT = 0.06  # channels at most 15/255 apart


class ProfileError(MythprintError):
    """The ICC profile given for press files cannot be used."""


@dataclass(frozen=True)
class Profile:
    """How a PDF is made for where it will be printed."""

    name: str = OFFICE
    bleed_mm: float = 0.0
    marks: bool = False
    icc: Path | None = None

    @property
    def press(self) -> bool:
        return self.name == PRESS

    @property
    def cmyk(self) -> bool:
        return self.icc is not None

    @property
    def summary(self) -> str | None:
        """A press file's colour, bleed and marks, in words; None for an office file."""
        if not self.press:
            return None
        colour = f"PDF/X-4, CMYK for {self.icc.name}" if self.cmyk else "RGB, no --icc profile"
        marks = ", crop marks" if self.marks else ""
        return f"{colour}, {self.bleed_mm:g} mm bleed{marks}"

    @property
    def folder(self) -> str:
        """Where this profile's files go inside the brand's output folder."""
        return "press/" if self.press else ""

    @property
    def media_margin_mm(self) -> float:
        """How far the PDF's MediaBox reaches beyond the trim on each side."""
        return self.bleed_mm + (SLUG_MM if self.marks else 0.0)

    @property
    def pdf_variant(self) -> str | None:
        if not self.press:
            return "pdf/ua-1"
        return "pdf/x-4" if self.cmyk else None


OFFICE_PROFILE = Profile()


def make_profile(name: str, bleed_mm: float | None, marks: bool, icc: Path | None) -> Profile:
    """Check the press options together and build the profile they describe."""
    if name == OFFICE:
        if bleed_mm is not None or marks or icc is not None:
            raise click.UsageError("--bleed, --marks and --icc make press files: add --for press")
        return OFFICE_PROFILE
    bleed = DEFAULT_BLEED_MM if bleed_mm is None else bleed_mm
    if not 0 <= bleed <= 10:
        raise click.UsageError(f"--bleed {bleed:g} is not a print bleed: use 0 to 10 (mm)")
    if icc is not None:
        _check_cmyk_profile(icc)
    return Profile(PRESS, bleed, marks, Path(icc).resolve() if icc else None)


# What each kind of ICC profile is for, by its device class (ICC.1 7.2.5), in words.
DEVICE_CLASSES = {
    "scnr": "a scanner's",
    "mntr": "a screen's",
    "link": "a device link",
    "spac": "a colour-space conversion",
    "abst": "an abstract",
    "nmcl": "a named-colour",
}


def _check_cmyk_profile(icc: Path) -> None:
    from PIL import ImageCms

    try:
        profile = ImageCms.getOpenProfile(str(icc))
    except (OSError, ImageCms.PyCMSError) as exc:
        raise ProfileError(f"{display_path(icc)}: not a readable ICC profile ({exc})") from None
    if profile.profile.xcolor_space.strip() != "CMYK":
        raise ProfileError(
            f"{display_path(icc)}: an ICC profile for "
            f"{profile.profile.xcolor_space.strip()} colour, but press files need the print "
            "shop's CMYK output profile"
        )
    if profile.profile.device_class.strip() != "prtr":
        # PDF/X names the shop's printing condition by an output (printer) profile; a
        # colour-space or device-link profile is refused by the shop's preflight.
        kind = DEVICE_CLASSES.get(profile.profile.device_class.strip(), "another kind of")
        raise ProfileError(
            f"{display_path(icc)}: {kind} ICC profile, not an output profile for a printing "
            "press: ask the print shop for its CMYK output profile (such as FOGRA39 or GRACoL)"
        )
    try:  # a cut-short or damaged file can read as a profile, then convert nothing
        cmyk_transform(icc)
    except (OSError, ImageCms.PyCMSError):
        raise ProfileError(
            f"{display_path(icc)}: this ICC profile cannot convert colours; the file "
            "may be damaged or cut short: ask the print shop to send its CMYK profile again"
        ) from None


def css_colors(palette: Palette, inks: dict[str, tuple]) -> dict:
    """Each palette role as a CSS colour: #rrggbb, or device-cmyk() of its `inks` (see
    press_inks) for a CMYK press file."""
    if not inks:
        return {role: getattr(palette, role) for role in ROLE_SOURCES}
    return {role: device_cmyk(role_inks) for role, role_inks in inks.items()}


def press_inks(palette: Palette, profile: Profile, cmyk_given: dict[str, tuple]) -> dict:
    """Each palette role's four inks (0 to 1) in a CMYK press file: the kit's own values for
    its colour, else the colour converted with the shop's profile; near-black text in black
    ink alone.

    A role whose colour the kit gives values for under another name takes them too: a kit
    with no `secondary` prints its "Myth" labels in its primary colour, which printed in
    the profile's mix beside the cover's given one, two inks for one brand colour."""
    roles = {role: getattr(palette, role) for role in ROLE_SOURCES}
    converted = to_cmyk([Rgb.parse(value) for value in roles.values()], profile.icc)
    by_colour = exact_cmyk(palette, cmyk_given)
    inks = {}
    for (role, value), cmyk in zip(roles.items(), converted, strict=True):
        given = cmyk_given.get(ROLE_SOURCES[role])
        if given is None and role == "text" and near_black(Rgb.parse(value)):
            given = SOLID_BLACK
        inks[role] = given or by_colour.get(Rgb.parse(value)) or cmyk
    return inks


def qr_ink(palette: Palette, colors: dict, profile: Profile) -> str:
    """The QR code's ink: the text's, but in a CMYK press file black ink alone wherever the
    text is darker than the paper. A phone reads the code by the sharp edges of its squares:
    one plate cannot print out of register with another, solid black is as dark as any mix,
    and no one reads the code's colour. (On a dark paper, the text's light colour stays.)"""
    text, paper = Rgb.parse(palette.text), Rgb.parse(palette.paper)
    if profile.cmyk and text.luminance < paper.luminance:
        return device_cmyk(SOLID_BLACK)
    return colors["text"]


def near_black(rgb: Rgb) -> bool:
    """A grey as dark as #333333 or darker, or a black barely tinted (#212529), as a screen's
    soft black for text: print shops set text in black ink alone. Converted, #1b1b1b would
    print as 89% black, a screen of dots at the edges of small type, and #212529 in all four
    inks, which the slightest misregistration blurs."""
    return max(rgb.channels) <= NEAR_BLACK_DARKEST and (
        max(rgb.channels) - min(rgb.channels) <= NEAR_BLACK_TINT
    )


def exact_cmyk(palette: Palette, cmyk_given: dict[str, tuple]) -> dict[Rgb, tuple]:
    """The kit's brand colours that it gives CMYK values for, by colour: for its logo."""
    sources = {source: getattr(palette, role) for role, source in ROLE_SOURCES.items()}
    return {Rgb.parse(sources[name]): cmyk for name, cmyk in cmyk_given.items() if name in sources}


def device_cmyk(cmyk: tuple[float, ...]) -> str:
    return "device-cmyk({})".format(" ".join(f"{c:.3g}" for c in cmyk))


def cmyk_transform(icc: Path) -> "ImageCms.ImageCmsTransform":
    """sRGB to the shop's CMYK, relative colorimetric with black point compensation."""
    from PIL import ImageCms

    return ImageCms.buildTransform(
        ImageCms.createProfile("sRGB"),
        ImageCms.getOpenProfile(str(icc)),
        "RGB",
        "CMYK",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
        flags=ImageCms.Flags.BLACKPOINTCOMPENSATION,
    )


def transformed(image: "Image.Image", transform: "ImageCms.ImageCmsTransform") -> "Image.Image":
    """`image` through `transform`. (Pillow's own apply also attaches the output profile to
    the image, as bytes that LittleCMS cannot write for some ICC v4 profiles, such as
    Ghostscript's ps_cmyk.icc: "Could not determine profile size". Nothing here needs them:
    the output intent embeds the shop's own file.)"""
    from PIL import Image

    result = Image.new(transform.output_mode, image.size)
    transform.transform.apply(image.getim(), result.getim())
    return result


def to_cmyk(colors: list[Rgb], icc: Path) -> list[tuple[float, ...]]:
    """Convert with the shop's profile; neutral greys become black ink only, as text should."""
    from PIL import Image

    image = Image.new("RGB", (len(colors), 1))
    image.putdata([tuple(round(c * 255) for c in rgb.channels) for rgb in colors])
    cmyk_image = transformed(image, cmyk_transform(icc))
    result = []
    for index, rgb in enumerate(colors):
        if max(rgb.channels) - min(rgb.channels) < 0.02:
            result.append((0.0, 0.0, 0.0, round(1 - rgb.red, 3)))
        else:
            result.append(tuple(round(c / 255, 3) for c in cmyk_image.getpixel((index, 0))))
    return result
