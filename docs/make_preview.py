"""Regenerates docs/preview.png, the README's picture, from a fresh default build.

Run from the project root after `pip install -e '.[test]'`:
    python docs/make_preview.py
"""

import tempfile
from pathlib import Path

import pypdfium2
from PIL import Image

from mythprint.build import build, load_inputs
from mythprint.formats import FORMATS
from mythprint.paths import DEFAULT_BRANDS_DIR, DEFAULT_CONTENT, PROJECT_ROOT

PAGES = ("poster-a3.pdf", "poster-a3-consent.pdf")
WIDTH_PX = 420
GAP_PX = 24


def render_page(path: Path) -> Image.Image:
    document = pypdfium2.PdfDocument(str(path))
    page = document[0]
    image = page.render(scale=WIDTH_PX / page.get_width()).to_pil()
    document.close()
    return image


def main() -> None:
    content, brand = load_inputs(DEFAULT_CONTENT, DEFAULT_BRANDS_DIR, "default")
    with tempfile.TemporaryDirectory() as out:
        build(content, brand, list(FORMATS), Path(out))
        images = [render_page(Path(out) / "default" / name) for name in PAGES]
    height = max(image.height for image in images)
    sheet = Image.new(
        "RGB", (sum(i.width for i in images) + GAP_PX * 3, height + GAP_PX * 2), (200, 200, 200)
    )
    x = GAP_PX
    for image in images:
        sheet.paste(image, (x, GAP_PX))
        x += image.width + GAP_PX
    target = PROJECT_ROOT / "docs" / "preview.png"
    sheet.save(target, optimize=True)
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
