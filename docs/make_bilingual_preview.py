"""Regenerates docs/bilingual-poster.png, the README's picture of a Welsh and English
single-myth poster, from a fresh build of the example kit with the sample Welsh text.

Run from the project root after `pip install -e '.[test]'`:
    python docs/make_bilingual_preview.py
"""

import subprocess
import sys
import tempfile
from pathlib import Path

import pypdfium2
from PIL import Image

from mythprint.paths import DEFAULT_CONTENT, PROJECT_ROOT

WELSH = PROJECT_ROOT / "tests" / "fixtures" / "myths.cy.yml"  # sample text, not a translation
KIT = "example-partnership"
POSTER = "poster-a3-consent.pdf"
HEIGHT_PX = 700
MARGIN_PX = 12


def main() -> None:
    with tempfile.TemporaryDirectory() as out:
        subprocess.run(
            [
                sys.executable, str(PROJECT_ROOT / "generate.py"), "build", "--quiet",
                "--brand", KIT, "--format", "myth-posters", "--no-previews", "--out", out,
                "--content", str(WELSH), "--content", str(DEFAULT_CONTENT),
            ],
            check=True,
        )  # fmt: skip
        document = pypdfium2.PdfDocument(str(Path(out) / KIT / POSTER))
        page = document[0]
        poster = page.render(scale=HEIGHT_PX / page.get_height()).to_pil().convert("RGB")
        document.close()
    sheet = Image.new(
        "RGB", (poster.width + 2 * MARGIN_PX, poster.height + 2 * MARGIN_PX), (200, 200, 200)
    )
    sheet.paste(poster, (MARGIN_PX, MARGIN_PX))
    target = PROJECT_ROOT / "docs" / "bilingual-poster.png"
    sheet.save(target, optimize=True)
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
