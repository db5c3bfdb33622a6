"""PNG previews of every page a build makes, for a board to look at before anything prints.

PDF pages are drawn with pypdfium2. A Word handout is first turned into a PDF by
LibreOffice, when the machine has it: one LibreOffice run for all the build's handouts.
"""

import io
import shutil
import subprocess
import tempfile
from pathlib import Path, PurePosixPath

LONGEST_SIDE_PX = 800
LIBREOFFICE_SECONDS = 120  # for LibreOffice to start, plus a little for each handout


def preview_path(output: str, page: int) -> str:
    """Where page `page` (from 1) of `output` is previewed: BRAND/previews/[press/]STEM-N.png."""
    brand, *folders, name = PurePosixPath(output).parts
    return str(PurePosixPath(brand, "previews", *folders, f"{PurePosixPath(name).stem}-{page}.png"))


def pdf_previews(data: bytes, output: str) -> dict[str, bytes]:
    """Each page of a PDF as a PNG about LONGEST_SIDE_PX on its longest side, by path."""
    import pypdfium2  # here, not above: a build with nothing to preview never needs it

    document = pypdfium2.PdfDocument(data)
    try:
        previews = {}
        for number, page in enumerate(document, start=1):
            width, height = page.get_size()
            image = page.render(scale=LONGEST_SIDE_PX / max(width, height)).to_pil()
            previews[preview_path(output, number)] = _png(image)
        return previews
    finally:
        document.close()


def _png(image) -> bytes:
    """zlib's fastest level: half the time of the default, and (for these flat pages) a
    smaller file too."""
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def libreoffice() -> str | None:
    """LibreOffice's command, if this machine has a working one."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    return found if found and Path(found).resolve().exists() else None


def word_previews(handouts: dict[str, Path]) -> dict[str, dict[str, bytes]]:
    """Previews of Word files (output path -> file on disk), through one LibreOffice run.

    Returns output path -> {preview path: PNG}; a file LibreOffice could not convert is
    left out, and none at all when LibreOffice is missing or fails.
    """
    command = libreoffice()
    if command is None or not handouts:
        return {}
    with tempfile.TemporaryDirectory(prefix="mythprint-previews-") as temporary:
        folder = Path(temporary)
        names = {}
        for number, (output, path) in enumerate(sorted(handouts.items())):
            copy = folder / "in" / f"{number}.docx"  # unique names: every kit's is handout
            copy.parent.mkdir(exist_ok=True)
            shutil.copyfile(path, copy)
            names[output] = copy
        profile = (folder / "profile").as_uri()  # its own profile: no clash with a user's
        try:
            subprocess.run(
                [command, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                 "pdf", "--outdir", str(folder / "out"), *map(str, names.values())],
                capture_output=True,
                timeout=LIBREOFFICE_SECONDS + 10 * len(names),
                check=True,
            )  # fmt: skip
        except (OSError, subprocess.SubprocessError):
            return {}
        made = {}
        for output, copy in names.items():
            pdf = folder / "out" / f"{copy.stem}.pdf"
            if pdf.is_file():
                made[output] = pdf_previews(pdf.read_bytes(), output)
        return made
