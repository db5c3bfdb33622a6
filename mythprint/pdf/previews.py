"""PNG previews of every page a build makes, for a board to look at before anything prints.

PDF pages are drawn with pypdfium2. A Word handout is first turned into a PDF by
LibreOffice, when the machine has it: a build's handouts go through a LibreOffice run per
core, each run taking its share of them.
"""

import io
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath

LONGEST_SIDE_PX = 800
LIBREOFFICE_SECONDS = 120  # for LibreOffice to start, plus a little for each handout
HANDOUTS_PER_RUN = 8  # the fewest a LibreOffice run of several at once converts
POLL_SECONDS = 0.05  # how often LibreOffice's runs are looked at while they work


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
    """Previews of Word files (output path -> file on disk), through LibreOffice (see
    word_pdfs): output path -> {preview path: PNG}."""
    return {output: pdf_previews(data, output) for output, data in word_pdfs(handouts).items()}


def word_pdfs(
    handouts: dict[str, Path], runs: int = 1, stop: Callable[[], None] = lambda: None
) -> dict[str, bytes]:
    """Word files (output path -> file on disk) as PDFs, by LibreOffice: up to `runs`
    LibreOffice processes at once, each converting its share of the files.

    Each run starts in about a second and then takes a tenth of a second a file, so a run
    gets HANDOUTS_PER_RUN files at least. `stop` is called while they work: whatever it
    raises ends them. A file LibreOffice could not convert is left out, and so is a run's
    every file when it fails or overruns; none at all when LibreOffice is missing.
    """
    command = libreoffice()
    if command is None or not handouts:
        return {}
    ordered = sorted(handouts.items())
    count = max(1, min(runs, len(ordered) // HANDOUTS_PER_RUN))
    with tempfile.TemporaryDirectory(prefix="mythprint-previews-") as temporary:
        conversions = []
        try:
            for number in range(count):
                share = dict(ordered[number::count])
                conversions.append(_Conversion(command, share, Path(temporary) / str(number)))
            while [conversion for conversion in conversions if conversion.running()]:
                stop()
                time.sleep(POLL_SECONDS)
        finally:
            for conversion in conversions:
                conversion.end()
        return {output: pdf for conversion in conversions for output, pdf in conversion.pdfs()}


class _Conversion:
    """One LibreOffice process converting Word files to PDF, in a folder of its own: its
    copies of the files (unique names: every kit's is handout.docx), its own profile (no
    clash with a user's, or another run's), and what it makes."""

    def __init__(self, command: str, share: dict[str, Path], folder: Path):
        self.copies = {}
        (folder / "in").mkdir(parents=True)
        for number, (output, path) in enumerate(share.items()):
            self.copies[output] = folder / "in" / f"{number}.docx"
            shutil.copyfile(path, self.copies[output])
        self.out = folder / "out"
        self.cut_short = False
        self.deadline = time.monotonic() + LIBREOFFICE_SECONDS + 10 * len(share)
        profile = (folder / "profile").as_uri()
        try:
            # A session of its own: LibreOffice's launcher starts the office as its child,
            # and both are ended together (see end).
            self.process: subprocess.Popen | None = subprocess.Popen(
                [command, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                 "pdf", "--outdir", str(self.out), *map(str, self.copies.values())],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )  # fmt: skip
        except OSError:
            self.process = None

    def running(self) -> bool:
        if self.process is None or self.process.poll() is not None:
            return False
        if time.monotonic() > self.deadline:
            self.end()
            return False
        return True

    def end(self) -> None:
        """End LibreOffice, if it is still working, with the office it started."""
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (AttributeError, ProcessLookupError):  # not POSIX, or ended just now
            self.process.kill()
        self.process.wait()
        self.cut_short = True  # nothing it made counts

    def pdfs(self) -> Iterator[tuple[str, bytes]]:
        if self.process is None or self.process.returncode != 0 or self.cut_short:
            return
        for output, copy in self.copies.items():
            pdf = self.out / f"{copy.stem}.pdf"
            if pdf.is_file():
                yield output, pdf.read_bytes()
