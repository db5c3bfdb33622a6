"""The gallery printed for the board, from Chromium as a reader prints it: as few pages as
read well, no heading at a page's foot or alone on a page, each kit's heading on the page
of its first file. Printed, the shipped kits took seven pages where the grid of cards had
taken six, three of them near empty, each kit's heading two pages before its files."""

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from statistics import mode

import pypdfium2
import pytest
from lxml import html as lxml_html

from mythprint.batch.gallery import gallery_html

from .test_batch import mythprint
from .test_gallery_fixes import printed

# The shipped kits' gallery printed on six pages with the grid of cards, before its rows
# of small cards took seven: the least it may take.
GRID_PAGES = 6
KITS = 12  # a national batch: a gallery with a table that runs past its first page
HEADING = 1.1  # a heading's type is this much taller than the body text's, or more


@dataclass(frozen=True)
class Line:
    text: str
    bottom: float  # points up from the page's foot
    heading: bool  # set larger than the body text


@dataclass(frozen=True)
class Page:
    lines: tuple[Line, ...]

    @property
    def words(self) -> list[str]:
        return " ".join(line.text for line in self.lines).split()

    @property
    def text(self) -> str:
        return " ".join(self.words)

    @property
    def headings(self) -> list[str]:
        """Each heading on the page, its lines (a long one wraps) joined."""
        found, last = [], False
        for line in self.lines:
            if line.heading and last:
                found[-1] += " " + line.text
            elif line.heading:
                found.append(line.text)
            last = line.heading
        return found


def lines_of(textpage) -> list[tuple[str, float, float]]:
    """Each line of the page's text: its words, its foot, and the height of its type (the
    tallest of its letters' boxes as the font draws them)."""
    found, text, bottom, height = [], "", None, 0.0
    for index in range(textpage.count_chars()):
        char = textpage.get_text_range(index, 1)
        if char in "\r\n":
            if text.strip():
                found.append((" ".join(text.split()), bottom, height))
            text, bottom, height = "", None, 0.0
            continue
        text += char
        if char.strip():
            _, foot, _, top = textpage.get_charbox(index, loose=True)
            bottom = foot if bottom is None else min(bottom, foot)
            height = max(height, top - foot)
    if text.strip():
        found.append((" ".join(text.split()), bottom, height))
    return found


def pages_of(pdf: Path) -> list[Page]:
    """The printed pages' lines, each marked a heading when its type is larger than the
    body text's: the size most of the document's lines are set in."""
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        raw = [lines_of(page.get_textpage()) for page in document]
    finally:
        document.close()
    body = mode(round(height, 1) for lines in raw for _, _, height in lines)
    return [
        Page(tuple(Line(text, bottom, height >= HEADING * body) for text, bottom, height in lines))
        for lines in raw
    ]


def kits_of(folder: Path) -> list[tuple[str, str]]:
    """Each kit's heading and the title of its first file, from the gallery itself."""
    tree = lxml_html.document_fromstring((folder / "index.html").read_text(encoding="utf-8"))
    return [
        (
            " ".join(section.xpath("string(h2)").split()),
            " ".join(section.xpath("string((.//*[@class='file__title'])[1])").split()),
        )
        for section in tree.xpath("//section[@class='kit']")
    ]


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> Path:
    """The kits that come with mythprint, built as a user builds them."""
    folder = tmp_path_factory.mktemp("shipped")
    built = mythprint("build", "--brand", "all", "--out", str(folder / "out"), cwd=folder)
    assert built.returncode == 0, built.stderr
    return folder / "out"


@pytest.fixture(scope="module")
def national(shipped, tmp_path_factory) -> Path:
    """Twelve kits, each the example partnership's build under its own name and folder,
    with their previews, for a gallery as a county's batch makes."""
    folder = tmp_path_factory.mktemp("national")
    manifest = json.loads((shipped / "manifest.json").read_text(encoding="utf-8"))
    example = "example-partnership"
    kits, outputs = {}, []
    for number in range(1, KITS + 1):
        slug = f"kit-{number:03d}"
        shutil.copytree(shipped / example / "previews", folder / slug / "previews")
        kits[slug] = {
            **manifest["kits"][example],
            "name": f"Kit {number} Safeguarding Children Partnership",
        }
        outputs += [
            json.loads(json.dumps(output).replace(f"{example}/", f"{slug}/")) | {"brand": slug}
            for output in manifest["outputs"]
            if output["brand"] == example
        ]
    national = {"kits": kits, "outputs": outputs, "text": manifest["text"]}
    (folder / "manifest.json").write_text(json.dumps(national), encoding="utf-8")
    (folder / "index.html").write_text(gallery_html(national), encoding="utf-8")
    return folder


@pytest.fixture(scope="module", params=["shipped", "national"])
def gallery(request) -> tuple[Path, list[Page]]:
    """A gallery and its printed pages."""
    folder = request.getfixturevalue(request.param)
    return folder, pages_of(printed(request.getfixturevalue("browser"), folder, ".kits"))


def test_the_shipped_kits_print_on_no_more_pages_than_the_grid_took(shipped, browser):
    pages = pages_of(printed(browser, shipped, ".kits"))
    assert len(pages) <= GRID_PAGES, [len(page.words) for page in pages]


def test_each_kits_heading_prints_on_the_page_of_its_first_file(gallery):
    """A kit's heading, its colours and warnings went on one page and its files on the
    next two: on paper the heading heads the kit's files, on the same page as the first."""
    folder, pages = gallery
    kits = kits_of(folder)
    assert kits and all(first for _, first in kits)
    for heading, first in kits:
        [page] = [page for page in pages if heading in page.headings]
        assert first in page.text.split(heading, 1)[1], (heading, first, page.text)


def test_no_page_ends_on_a_heading_nor_holds_only_a_few_words(gallery):
    """No heading at a page's foot, away from what it heads, and no page of a heading alone
    or a few words: each holds a quarter of the words of the fullest page, or more."""
    _, pages = gallery
    fullest = max(len(page.words) for page in pages)
    for number, page in enumerate(pages, 1):
        foot = min(page.lines, key=lambda line: line.bottom)
        assert not foot.heading, (number, foot.text)
        assert not all(line.heading for line in page.lines), (number, page.text)
        assert len(page.words) >= fullest / 4, (number, len(page.words), fullest, page.text)
