"""Shared fixtures: one real build of the default outputs, reused by every artefact test."""

import ctypes
import os
import re
import shutil
import subprocess
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium_raw
import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from mythprint.cli import cli
from mythprint.paths import DEFAULT_BRANDS_DIR, DEFAULT_CONTENT, PROJECT_ROOT

from .browser import chromium

SEED = PROJECT_ROOT.parent / "shared" / "seeds" / "000_67ad66374fc2200b.txt"
MYTH_IDS = (
    "data-protection-act",
    "consent",
    "disclosure-between-organisations",
    "confidence-and-human-rights",
    "it-systems",
)


def labels_block(path: Path = DEFAULT_CONTENT) -> str:
    """The `labels:` block of a content file, as its YAML text: for small test files."""
    text = path.read_text(encoding="utf-8")
    return text[text.index("\nlabels:\n") + 1 :]


# The shipped labels, for content files that tests write out in full.
LABELS = labels_block()


def squash(text: str) -> str:
    """Text with all white space removed: compares words and punctuation, not line breaks."""
    return re.sub(r"\s+", "", text)


def pdf_text(path: Path) -> str:
    return "\n".join(pdf_pages_text(path))


def pdf_pages_text(path: Path) -> list[str]:
    """Each page's text, in page order."""
    document = pypdfium2.PdfDocument(str(path))
    try:
        pages = [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()
    # pdfium reports a hyphen that ends a line as U+FFFE; it is a printed hyphen.
    return [text.replace("\ufffe", "-") for text in pages]


def font_of_each_character(path: Path) -> list[tuple[str, str]]:
    """Every printed character of a PDF with the name of the font that draws it."""
    found = []
    document = pypdfium2.PdfDocument(str(path))
    try:
        for page in document:
            textpage = page.get_textpage()
            for index in range(textpage.count_chars()):
                character = chr(pdfium_raw.FPDFText_GetUnicode(textpage.raw, index))
                flags = ctypes.c_int()
                size = pdfium_raw.FPDFText_GetFontInfo(textpage.raw, index, None, 0, flags)
                name = ctypes.create_string_buffer(size)
                pdfium_raw.FPDFText_GetFontInfo(textpage.raw, index, name, size, flags)
                found.append((character, name.value.decode()))
    finally:
        document.close()
    return found


# Where each panel of a leaflet's pages sits, in mm from the left of the trim.
LEAFLET_COLUMNS_MM = (((0, 97), (97, 197), (197, 297)), ((0, 100), (100, 200), (200, 297)))


def panel_ends(path: Path, page: int = 1, scale: float = 1.5) -> list[float]:
    """Where the ink ends in each panel of a leaflet's page (0: outside, 1: inside), as a
    fraction of the trimmed page's height: its lowest row unlike the paper, as printed.

    The page is drawn with pypdfium2 and cut to its TrimBox, so a press file's bleed and
    marks are left out; a few pixels either side of each fold are left out too.
    """
    from PIL import Image, ImageChops

    document = pypdfium2.PdfDocument(str(path))
    try:
        sheet = document[page]
        image = sheet.render(scale=scale).to_pil().convert("RGB")
        left, bottom, right, top = sheet.get_mediabox()
        trim_left, trim_bottom, trim_right, trim_top = sheet.get_trimbox()
    finally:
        document.close()
    px = image.width / (right - left)
    trim = image.crop(
        (
            round((trim_left - left) * px),
            round((top - trim_top) * px),
            round((trim_right - left) * px),
            round((top - trim_bottom) * px),
        )
    )
    width, height = trim.size
    paper = trim.getpixel((2, height - 2))  # the foot of its first panel is always blank
    ends = []
    for start_mm, end_mm in LEAFLET_COLUMNS_MM[page]:
        column = trim.crop(
            (round(start_mm / 297 * width) + 6, 0, round(end_mm / 297 * width) - 6, height)
        )
        difference = ImageChops.difference(column, Image.new("RGB", column.size, paper))
        box = difference.convert("L").point(lambda value: 255 if value > 6 else 0).getbbox()
        ends.append(box[3] / height if box else 0.0)
    return ends


def panel_text(path: Path, page: int, left_mm: float, right_mm: float) -> str:
    """The text printed on a page between `left_mm` and `right_mm` from the left of its
    trim, as pdfium reads it: a leaflet panel's (see LEAFLET_COLUMNS_MM)."""
    points = 72 / 25.4
    document = pypdfium2.PdfDocument(str(path))
    try:
        sheet = document[page]
        left, bottom, _, top = sheet.get_trimbox()
        text = sheet.get_textpage().get_text_bounded(
            left + left_mm * points, bottom, left + right_mm * points, top
        )
    finally:
        document.close()
    return text.replace("\ufffe", "-")  # a printed hyphen (see pdf_pages_text)


def raw_content(path: Path = DEFAULT_CONTENT) -> dict:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def run_cli(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def build_kit(brands_dir: Path, slug: str, format_name: str, out: Path, *options: str):
    """`build` one format of one kit, as a user would run it."""
    return run_cli(
        "build",
        "--brands-dir",
        str(brands_dir),
        "--brand",
        slug,
        "--format",
        format_name,
        "--out",
        str(out),
        *options,
    )


# LibreOffice, for the tests that open the Word handout in a real office suite
SOFFICE = shutil.which("soffice")


def libreoffice_pdf(path: Path, out: Path, export: str = "pdf") -> Path:
    """The Word file as LibreOffice prints it into `out`, in a profile of its own; `export`
    is its --convert-to filter (with options, for a tagged PDF)."""
    profile = (out / "lo-profile").as_uri()
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", export,
         "--outdir", str(out), str(path)],
        check=True, capture_output=True, timeout=240, env={**os.environ, "HOME": str(out)},
    )  # fmt: skip
    return out / f"{path.stem}.pdf"


def build_handout(folder: Path, brands: Path, slug: str, *contents: Path) -> Path:
    """The Word handout of one kit, from these content files in order (the first the pack's
    first language), built into `folder`/out: the path of the .docx."""
    pack = [option for path in contents for option in ("--content", str(path))]
    result = build_kit(brands, slug, "handout", folder / "out", "--no-previews", *pack)
    assert result.exit_code == 0, result.output
    return folder / "out" / slug / "handout.docx"


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """The default build, made once: `build` into a fresh folder (its --stats beside it)."""
    out = tmp_path_factory.mktemp("dist")
    result = run_cli("build", "--out", str(out), "--stats", str(stats_of(out)))
    assert result.exit_code == 0, result.output
    return out


def stats_of(out: Path) -> Path:
    """Where the `built` fixture's build wrote its --stats."""
    return out.with_name(out.name + "-stats.json")


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium, started once; the tests that use it skip where there is none."""
    with chromium() as started:
        yield started


@pytest.fixture
def brands_copy(tmp_path) -> Path:
    """A writable copy of the shipped brand kits, for tests that break one."""
    target = tmp_path / "brands"
    shutil.copytree(DEFAULT_BRANDS_DIR, target)
    return target


@pytest.fixture
def source(tmp_path) -> Path:
    """The shipped content, copied into a content/ folder of its own (for translations)."""
    path = tmp_path / "content" / "myths.yml"
    path.parent.mkdir()
    shutil.copy(DEFAULT_CONTENT, path)
    return path


@pytest.fixture
def content_copy(tmp_path) -> Path:
    target = tmp_path / "myths.yml"
    shutil.copy(DEFAULT_CONTENT, target)
    return target


def _marked_text(path: Path) -> dict[tuple[int, int], str]:
    """Text of each marked-content sequence, keyed by (page index, MCID)."""
    import ctypes

    import pypdfium2.raw as pdfium_raw

    found: dict[tuple[int, int], str] = {}
    document = pypdfium2.PdfDocument(str(path))
    try:
        for index, page in enumerate(document):
            textpage = page.get_textpage()
            for obj in page.get_objects():
                if obj.type != pdfium_raw.FPDF_PAGEOBJ_TEXT:
                    continue
                mcid = pdfium_raw.FPDFPageObj_GetMarkedContentID(obj.raw)
                size = pdfium_raw.FPDFTextObj_GetText(obj.raw, textpage.raw, None, 0)
                buffer = ctypes.create_string_buffer(size)
                pdfium_raw.FPDFTextObj_GetText(
                    obj.raw,
                    textpage.raw,
                    ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)),
                    size,
                )
                text = buffer.raw[: size - 2].decode("utf-16-le")
                found[(index, mcid)] = found.get((index, mcid), "") + text + " "
    finally:
        document.close()
    return found


def tagged_text(path: Path) -> str:
    """The document's text in the order of its tag tree: what a screen reader follows."""
    import pikepdf

    marked = _marked_text(path)
    pieces: list[str] = []
    with pikepdf.open(path) as pdf:
        page_index = {page.obj.objgen: n for n, page in enumerate(pdf.pages)}

        def visit(element, page):
            page = element.get("/Pg", page)
            kids = element.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                if isinstance(kid, int):
                    pieces.append(marked.get((page_index[page.objgen], kid), ""))
                elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                    kid_page = kid.get("/Pg", page)
                    pieces.append(marked.get((page_index[kid_page.objgen], int(kid.MCID)), ""))
                elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    visit(kid, page)

        visit(pdf.Root.StructTreeRoot, None)
    return "".join(pieces)


def pytest_sessionfinish(session, exitstatus):
    """Let go of WeasyPrint's font configurations while its libraries are still loaded: one
    kept by this process's workshop to the interpreter's exit is deleted after Pango is, and
    prints "Exception ignored in FontConfiguration.__del__" under the summary."""
    import gc

    from mythprint.batch import units
    from mythprint.pdf import render

    units._checked.clear()
    render._workshop = None
    gc.collect()


def require_font(family: str, package: str) -> None:
    """Skip, saying which package to install, unless a font package ships `family`."""
    fontpkg = pytest.importorskip("fontpkg")
    try:
        fontpkg.family(family)
    except fontpkg.FontpkgError:
        pytest.skip(f"needs the {package} package: pip install -e '.[languages]'")
