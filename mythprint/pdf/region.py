"""The fitted region's model: its paragraphs as one layout measured them, at any type size."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from .measure import descendants

if TYPE_CHECKING:  # only laying out needs WeasyPrint; planning a build must not import it
    import weasyprint

# A piece of a paragraph that is never split over two lines: (its width, the width of
# the space before it, whether a line may break before it), in CSS px at the probe size.
Token = tuple[float, float, bool]


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of the region as the probe laid it out, in CSS px."""

    lines: int
    first_line_height: float
    line_height: float  # each line after the first
    inset: float  # room between the region's edges and its own: it scales with the type
    tokens: tuple[Token, ...]

    def lines_at(self, width: float, scale: float) -> int:
        """How many lines its tokens take at `scale` times the probe size, in `width`."""
        lines, used = 1, 0.0
        for token_width, space, breakable in self.tokens:
            token_width, space = token_width * scale, space * scale
            if used and breakable and used + space + token_width > width + 0.01:
                lines, used = lines + 1, token_width
            else:
                used += (space if used else 0.0) + token_width
        return lines


@dataclass(frozen=True)
class RegionModel:
    """How a region's height grows with the type size, from one layout at `probe_pt`.

    Each paragraph's words are broken into lines again at the new size, as the layout
    would: the width each word takes comes from the probe, and every length in the region
    (type, line heights, padding) scales with the size.
    """

    probe_pt: float
    region_width: float
    other: float  # the region's height that is not lines of text: padding, gaps, rules
    paragraphs: tuple[Paragraph, ...]

    def height(self, size_pt: float) -> float:
        """The region's height at `size_pt`, in CSS px (worked out once a size and model)."""
        known = self._heights.get(size_pt)
        if known is None:
            known = self._heights[size_pt] = self._height(size_pt)
        return known

    @cached_property
    def _heights(self) -> dict[float, float]:
        return {}

    def _height(self, size_pt: float) -> float:
        scale = size_pt / self.probe_pt
        height = self.other * scale
        for paragraph in self.paragraphs:
            width = self.region_width - paragraph.inset * scale
            lines = paragraph.lines_at(width, scale) if width > 0 else 1000
            height += (paragraph.first_line_height + (lines - 1) * paragraph.line_height) * scale
        return height

    def line_height(self, size_pt: float) -> float:
        """The tallest line of the region's text at `size_pt`."""
        tallest = max((p.line_height for p in self.paragraphs), default=0.0)
        return tallest * size_pt / self.probe_pt

    def as_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> RegionModel:
        paragraphs = tuple(
            Paragraph(**{**p, "tokens": tuple(tuple(t) for t in p["tokens"])})
            for p in data["paragraphs"]
        )
        return cls(data["probe_pt"], data["region_width"], data["other"], paragraphs)


def model_from_json(data: dict):
    """A model read back from the cache: a fitted region's, or the leaflet's panels'."""
    if data.get("kind") == "leaflet":
        from ..formats.spread import SpreadModel

        return SpreadModel.from_json(data)
    return RegionModel.from_json(data)


def region_model(document: weasyprint.Document, size_pt: float, faces=()) -> RegionModel | None:
    """Measure the region's paragraphs in a one-page layout at `size_pt`; `faces` are the
    kit's fonts, whose advance widths share each line's width out over its words."""
    from weasyprint.formatting_structure.boxes import LineBox

    if len(document.pages) != 1:
        return None
    region = next(
        (
            box
            for box in descendants(document.pages[0]._page_box)
            if box.element is not None and box.element.get("data-fit") is not None
        ),
        None,
    )
    if region is None:
        return None
    paragraphs, text = [], 0.0
    for box in _blocks(region, LineBox):
        lines = [child for child in getattr(box, "children", ()) if isinstance(child, LineBox)]
        if not lines:
            continue
        text += sum(line.height for line in lines)
        rest = lines[1:] or lines
        paragraphs.append(
            Paragraph(
                lines=len(lines),
                first_line_height=lines[0].height,
                line_height=sum(line.height for line in rest) / len(rest),
                inset=region.width - box.width,
                tokens=tuple(_tokens(lines, faces)),
            )
        )
    return RegionModel(size_pt, region.width, region.margin_height() - text, tuple(paragraphs))


def _tokens(lines, faces) -> list[Token]:
    """A paragraph's unbreakable pieces, with the widths the layout gave them.

    Lines break at spaces (the space at a break is not drawn) and after a hyphen inside a
    word; an inline block (a "Myth" label) is one piece.
    """
    from .textwidth import face_for, relative_widths

    tokens: list[list] = []  # [width, space before, breakable before]
    pending_space, breakable = 0.0, False
    for number, line in enumerate(lines):
        if number and tokens:
            last_text = getattr(_leaves(lines[number - 1])[-1], "text", "") or ""
            if not last_text.endswith(("-", "–", "—")):
                pending_space = max(pending_space, tokens[-1][3])  # the space the break ate
            breakable = True
        for leaf in _leaves(line):
            text = getattr(leaf, "text", None)
            if text is None:  # an inline block or an image: one piece
                tokens.append([leaf.margin_width(), pending_space, breakable or bool(tokens), 0.0])
                pending_space, breakable = 0.0, False
                continue
            style = leaf.style
            face = face_for(faces, style["font_family"], style["font_weight"], style["font_style"])
            relative = relative_widths(text, face)
            unit = leaf.width / (sum(relative) or 1.0)
            space_width = (relative[text.index(" ")] if " " in text else 0.25) * unit
            word = None
            for character, width in zip(text, (r * unit for r in relative), strict=True):
                if character == " ":
                    pending_space += width
                    breakable, word = True, None
                    continue
                if word is None:
                    tokens.append([0.0, pending_space, breakable, space_width])
                    word, pending_space, breakable = tokens[-1], 0.0, False
                word[0] += width
                if character in "-–—":
                    word, breakable = None, True  # a line may break after a hyphen
    return [(width, space, bool(breakable)) for width, space, breakable, _ in tokens]


def _leaves(box) -> list:
    """The text boxes and inline blocks of a line, in order, through inline boxes."""
    from weasyprint.formatting_structure.boxes import InlineBox

    found = []
    for child in getattr(box, "children", ()):
        if isinstance(child, InlineBox):
            found += _leaves(child)
        else:
            found.append(child)
    return found


def _blocks(box, line_box):
    """The block boxes inside `box`, without going into lines: a label set inline is part
    of its line, not a paragraph of its own."""
    for child in getattr(box, "children", ()):
        if not isinstance(child, line_box):
            yield child
            yield from _blocks(child, line_box)
