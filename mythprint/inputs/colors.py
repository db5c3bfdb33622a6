"""Colour parsing and WCAG 2.2 contrast, for brand colours that must stay readable."""

import re
from dataclasses import dataclass

from tinycss2.color4 import parse_color

# Every text pair the templates use carries some normal-size text, so each needs 4.5:1
# (WCAG 2.2 AA's 3:1 for large text never applies to a whole pair).
AA_NORMAL_TEXT = 4.5


@dataclass(frozen=True)
class Rgb:
    """An opaque sRGB colour with channels from 0 to 1."""

    red: float
    green: float
    blue: float

    @classmethod
    def parse(cls, text: str) -> "Rgb":
        """Any CSS colour (#hex, rgb(), hsl(), a name); raises ValueError if not opaque."""
        color = parse_color(str(text).strip())
        if color is None or not hasattr(color, "to"):
            raise ValueError(f"'{text}' is not a colour; write it as #rrggbb")
        if color.alpha < 1 and re.fullmatch(r"\s*#[0-9a-fA-F]{4}\s*", str(text)):
            # Most likely a digit dropped from #rrggbb, not a colour meant to be see-through.
            raise ValueError(
                f"'{text}' has 4 digits; write a colour with 6, as #rrggbb (with 4, the "
                "last digit is how see-through it is, and print colours must be opaque)"
            )
        if color.alpha < 1:
            raise ValueError(f"'{text}' is see-through; print colours must be opaque")
        red, green, blue = (min(1.0, max(0.0, c)) for c in color.to("srgb").coordinates)
        return cls(red, green, blue)

    @property
    def hex(self) -> str:
        return "#" + "".join(f"{round(c * 255):02x}" for c in (self.red, self.green, self.blue))

    @property
    def luminance(self) -> float:
        """WCAG relative luminance."""

        def linear(c: float) -> float:
            return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

        return 0.2126 * linear(self.red) + 0.7152 * linear(self.green) + 0.0722 * linear(self.blue)

    def mix(self, other: "Rgb", amount: float) -> "Rgb":
        """This colour moved `amount` (0 to 1) of the way towards `other`."""
        return Rgb(
            *(a + (b - a) * amount for a, b in zip(self.channels, other.channels, strict=True))
        )

    @property
    def channels(self) -> tuple[float, float, float]:
        return self.red, self.green, self.blue


def contrast_ratio(first: Rgb, second: Rgb) -> float:
    """WCAG contrast ratio, from 1 (none) to 21 (black on white)."""
    light, dark = sorted((first.luminance, second.luminance), reverse=True)
    return (light + 0.05) / (dark + 0.05)
