"""How much of a page a layout's content takes, read from the boxes WeasyPrint laid out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only laying out needs WeasyPrint; planning a build must not import it
    import weasyprint

PX_PER_MM = 96 / 25.4


@dataclass(frozen=True)
class Measure:
    """How much page the content needs, in CSS px, and where it spills over."""

    used: float
    available: float
    pages: int
    overflowing_myth: str | None
    region: float | None = None  # the fitted region's height, when it is on one page
    reach: float = 0.0  # the height of the kit's contacts and QR code
    contacts: int = 0  # how many contacts they are

    @property
    def fits(self) -> bool:
        return self.pages == 1 and self.used <= self.available + 0.01

    @property
    def fill(self) -> float:
        return self.used / self.available

    @property
    def furniture(self) -> float | None:
        """Everything on the page but the region: the same at every type size."""
        return None if self.region is None else self.used - self.region

    @property
    def overflow_mm(self) -> float:
        return max(0.0, self.used - self.available) / PX_PER_MM


def measure(document: weasyprint.Document) -> Measure:
    """Sum the flowed content's height over every page the layout made."""
    used = 0.0
    overflowing = None
    available = document.pages[0]._page_box.height
    region = None
    reach, contacts = 0.0, 0
    for number, page in enumerate(document.pages):
        page_box = page._page_box
        top = page_box.content_box_y()
        bottom = top
        for box in descendants(page_box):
            if box.element is None:
                continue
            if box.element.get("data-myth") and overflowing is None:
                box_bottom = box.position_y + box.margin_height() - top
                if number > 0 or box_bottom > available + 0.01:
                    overflowing = box.element.get("data-myth")
            if box.element.get("data-fit") is not None and len(document.pages) == 1:
                region = box.margin_height()
            if box.element.get("data-reach") is not None:
                reach = max(reach, box.margin_height())
                contacts = int(box.element.get("data-reach") or 0)
        pinned = 0.0
        for box in _flow_children(page_box):
            if box.style["position"] == "absolute":
                pinned += box.margin_height()  # e.g. a colophon pinned to the page foot
            else:
                bottom = max(bottom, box.position_y + box.margin_height())
        # Once content spills, the first page counts as full: what matters is the spill.
        spilled = number == 0 and len(document.pages) > 1
        used += available if spilled else bottom - top + pinned
    return Measure(used, available, len(document.pages), overflowing, region, reach, contacts)


def _flow_children(page_box):
    """The body's children: the blocks whose stacked height is the content's height.

    A child positioned absolutely (pinned to the foot of the page) is counted by its
    own height, since it sits below the flow rather than in it.
    """
    for html_box in page_box.children:
        for body_box in getattr(html_box, "children", ()):
            yield from getattr(body_box, "children", ())


def descendants(box):
    """Every box inside `box`, depth first."""
    for child in getattr(box, "children", ()):
        yield child
        yield from descendants(child)
