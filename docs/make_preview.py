"""Regenerates docs/preview.png, the README's picture, from a fresh default build.

Run from the project root after `pip install -e '.[test]'`:
    python docs/make_preview.py
"""

import tempfile
from pathlib import Path

import pypdfium2
from PIL import Image

from mythprint.batch.build import build, load_inputs
from mythprint.formats.registry import FORMATS
from mythprint.paths import DEFAULT_BRANDS_DIR, DEFAULT_CONTENT, PROJECT_ROOT

# Two rows: the posters side by side, then both sides of the leaflet.
ROWS = (
    (("poster-a3.pdf", 0, 420), ("poster-a3-consent.pdf", 0, 420)),
    (("leaflet-dl.pdf", 0, 420), ("leaflet-dl.pdf", 1, 420)),
)
GAP_PX = 24
# The fictional example kit shows what a partnership's brand looks like on each format.
KIT = "example-partnership"


def render_page(path: Path, index: int, width_px: int) -> Image.Image:
    document = pypdfium2.PdfDocument(str(path))
    page = document[index]
    image = page.render(scale=width_px / page.get_width()).to_pil()
    document.close()
    return image


def main() -> None:
    content, brand = load_inputs(DEFAULT_CONTENT, DEFAULT_BRANDS_DIR, KIT)
    with tempfile.TemporaryDirectory() as out:
        build(content, brand, list(FORMATS), Path(out))
        rows = [
            [render_page(Path(out) / KIT / name, index, width) for name, index, width in row]
            for row in ROWS
        ]
    width = max(sum(i.width for i in row) + GAP_PX * (len(row) + 1) for row in rows)
    height = sum(max(i.height for i in row) for row in rows) + GAP_PX * (len(rows) + 1)
    sheet = Image.new("RGB", (width, height), (200, 200, 200))
    y = GAP_PX
    for row in rows:
        x = GAP_PX
        for image in row:
            sheet.paste(image, (x, y))
            x += image.width + GAP_PX
        y += max(i.height for i in row) + GAP_PX
    target = PROJECT_ROOT / "docs" / "preview.png"
    sheet.save(target, optimize=True)
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
