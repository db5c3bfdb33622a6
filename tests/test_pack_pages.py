"""A pack's Word handout ends on the page its guide ends on, its contacts never on a page of
their own: the Welsh and English handout with the example kit ran to a fourth page that held
only the contacts, an almost empty side of paper parted from the guide. A pack's text is
11.5 pt (its Latin letters; complex script keeps 12 pt), and what it prints once (the page
number, the contacts' heading, the website's name) is labelled on one line in every language
where they all read one way. Read back from the styles and the text with python-docx and its
XML, and counted in LibreOffice's PDF."""

from pathlib import Path

import docx
import pikepdf
import pytest

from mythprint.paths import DEFAULT_CONTENT

from .conftest import SOFFICE, libreoffice_pdf, pdf_pages_text, raw_content, run_cli, squash
from .conftest import build_handout as build_kit_handout
from .test_bilingual_handout import WELSH, build_handout, parts, require_pack_font
from .test_direction import W
from .test_handout_scripts import KIT, script_kit
from .test_urdu import URDU, urdu_kit

FIXTURES = Path(__file__).parent / "fixtures"
needs_libreoffice = pytest.mark.skipif(
    SOFFICE is None, reason="needs LibreOffice (.ci/run installs it)"
)


@pytest.fixture(scope="module")
def welsh_first(tmp_path_factory) -> Path:
    require_pack_font()
    return build_handout(tmp_path_factory.mktemp("cy-en"), WELSH, DEFAULT_CONTENT)


@pytest.fixture(scope="module")
def english(tmp_path_factory) -> Path:
    return build_handout(tmp_path_factory.mktemp("en"), DEFAULT_CONTENT)


@pytest.fixture(scope="module")
def urdu_and_english(tmp_path_factory) -> Path:
    """The Urdu pack of tests/test_urdu.py, with English after it."""
    folder = tmp_path_factory.mktemp("ur-en")
    brands = urdu_kit(folder / "brands")
    result = run_cli(
        "build", "--brands-dir", str(brands), "--brand", "urdu", "--format", "handout",
        "--out", str(folder / "out"), "--no-previews",
        "--content", str(URDU), "--content", str(DEFAULT_CONTENT),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return folder / "out" / "urdu" / "handout.docx"


def text_defaults(path: Path) -> tuple[str, str, str]:
    """The text's size (Latin and complex script, in half-points) and its line spacing (in
    twentieths of a point), as the styles' document defaults give them: Normal's and so
    every text style's."""
    defaults = parts(path)["styles"].find(f"{W}docDefaults")
    size = defaults.find(f"{W}rPrDefault/{W}rPr/{W}sz").get(f"{W}val")
    size_cs = defaults.find(f"{W}rPrDefault/{W}rPr/{W}szCs").get(f"{W}val")
    line = defaults.find(f"{W}pPrDefault/{W}pPr/{W}spacing").get(f"{W}line")
    return size, size_cs, line


def test_a_pack_s_text_is_11_5_pt_its_complex_script_12(welsh_first, english, urdu_and_english):
    """In the styles, not on the text: Normal, Fact, Lead In and Contact Line take the
    size from the document's defaults, which Word shows as Normal's, so a partnership sets
    it back to 12 pt in one place. Lines stay 1.55 times the size. English alone keeps
    12 pt on 18.6 pt; Urdu, set as complex script, keeps 12 pt in a pack too."""
    assert text_defaults(english) == ("24", "24", "372")
    assert text_defaults(welsh_first) == ("23", "24", "357")
    assert text_defaults(urdu_and_english) == ("23", "24", "357")
    styles = parts(welsh_first)["styles"]
    for style in ("Normal", "Fact", "Fact-cy", "Fact-en-GB", "ContactLine", "LeadIn"):
        found = styles.find(f"{W}style[@{W}styleId='{style}']")
        assert found.find(f".//{W}sz") is None and found.find(f".//{W}spacing[@{W}line]") is None
    document = docx.Document(str(welsh_first))
    assert all(not run.font.size for p in document.paragraphs for run in p.runs)


def test_words_of_a_shared_line_take_their_language_from_a_style(welsh_first):
    """ "Page" in the Welsh footer's line, "Website" in the Welsh website line: each a
    character style of its language (Words (English)), which sets the language and nothing
    of the look, so that Word checks and reads the word in English."""
    styles = parts(welsh_first)["styles"]
    for tag, language in (("cy", "cy-GB"), ("en-GB", "en-GB")):
        style = styles.find(f"{W}style[@{W}styleId='Words-{tag}']")
        assert style.get(f"{W}type") == "character"
        properties = style.find(f"{W}rPr")
        assert [child.tag for child in properties] == [f"{W}lang"]
        assert properties.find(f"{W}lang").get(f"{W}val") == language
    footer = docx.Document(str(welsh_first)).sections[0].footer.paragraphs
    [line] = [p for p in footer if p.text.startswith("Tudalen")]
    assert [(run.text, run.style.name) for run in line.runs] == [
        ("Tudalen ", "Default Paragraph Font"), (" o ", "Default Paragraph Font"),
        ("\u00a0· ", "Default Paragraph Font"),
        ("Page ", "Words (English)"), (" of ", "Words (English)"),
    ]  # fmt: skip


def test_urdu_and_english_keep_a_line_each(urdu_and_english):
    """A line that mixes directions reads in an order of the reader's software's choosing:
    the Urdu pack keeps its page numbers, contacts' headings and website lines a language
    each, as before."""
    document = docx.Document(str(urdu_and_english))
    labels = raw_content(URDU)["labels"]
    footer = document.sections[0].footer.paragraphs
    pages = [p.text.split()[0] for p in footer if p._p.find(f".//{W}fldSimple") is not None]
    assert pages == [labels["page_number"].split()[0], "Page"]
    texts = [p.text for p in document.paragraphs]
    assert texts[-7:-5] == [labels["contacts"], "Contacts"]
    assert [text.split(":")[0] for text in texts[-2:]] == [labels["website"], "Website"]


def test_a_label_a_translation_left_in_english_prints_once(tmp_path):
    """The Bengali sample keeps "Website" and "Page {page} of {pages}" in English: on the
    line they share, "Website / Website" and "Page 1 of 3 · Page 1 of 3" said it twice."""
    brands, _ = script_kit(tmp_path, "bn")
    path = build_kit_handout(tmp_path, brands, KIT, FIXTURES / "myths.bn.yml", DEFAULT_CONTENT)
    document = docx.Document(str(path))
    assert document.paragraphs[-1].text == "Website: https://www.example.org/"
    contacts = raw_content(FIXTURES / "myths.bn.yml")["labels"]["contacts"]
    assert document.paragraphs[-5].text == f"{contacts}\u00a0/ Contacts"
    footer = document.sections[0].footer.paragraphs
    assert footer[-1].text == "Page  of "  # Word fills the numbers


def page_count(path: Path) -> int:
    with pikepdf.open(path) as pdf:
        return len(pdf.pages)


def assert_contacts_end_the_guide(pdf: Path, last_words: str) -> None:
    """The contacts' heading and every number are on the last page, which the guide's own
    text (`last_words`, its last answer's) shares with them. The footer prints the numbers
    on every page: the text's are the last page's second."""
    pages = [squash(text) for text in pdf_pages_text(pdf)]
    assert ["Contacts" in page for page in pages] == [False] * (len(pages) - 1) + [True]
    for number in ("01632 960123", "01632 960456", "020 7946 0789"):
        assert [page.count(squash(number)) for page in pages] == [1] * (len(pages) - 1) + [2]
    assert squash(last_words) in pages[-1]


@needs_libreoffice
def test_libreoffice_prints_the_welsh_first_pack_on_three_pages(welsh_first, english, tmp_path):
    """Three sides of paper, the contacts on the third with the last myth and the source,
    as the guide ends; the English handout alone is two pages, as it was."""
    pdf = libreoffice_pdf(welsh_first, tmp_path)
    assert page_count(pdf) == 3
    last = raw_content()["myths"][-1]["rebuttal"].split(".")[0]
    assert_contacts_end_the_guide(pdf, last)
    (tmp_path / "en").mkdir()
    assert page_count(libreoffice_pdf(english, tmp_path / "en")) == 2


@needs_libreoffice
@pytest.mark.parametrize("language", ["pa", "bn"])
def test_libreoffice_prints_panjabi_and_bengali_packs_on_three_pages(language, tmp_path):
    """The Panjabi and Bengali samples, first, with English: four pages, the fourth the
    contacts alone, as the Welsh pack's was."""
    brands, _ = script_kit(tmp_path, language)
    sample = FIXTURES / f"myths.{language}.yml"
    pdf = libreoffice_pdf(
        build_kit_handout(tmp_path, brands, KIT, sample, DEFAULT_CONTENT), tmp_path
    )
    assert page_count(pdf) == 3
    assert_contacts_end_the_guide(pdf, raw_content()["myths"][-1]["rebuttal"].split(".")[0])


@needs_libreoffice
def test_libreoffice_prints_urdu_and_english_on_three_pages(urdu_and_english, tmp_path):
    pdf = libreoffice_pdf(urdu_and_english, tmp_path)
    assert page_count(pdf) == 3
    assert_contacts_end_the_guide(pdf, raw_content()["myths"][-1]["rebuttal"].split(".")[0])
