"""Single-myth posters of a pack of several languages: each prints its myth in every
language of the pack, the first on top, all alike, each language tagged as its own.

The Welsh is tests/fixtures/myths.cy.yml, sample text with ŵ and ŷ (which the kit's own font
lacks, so the whole pack is set in Noto Sans).
"""

import json
import re
from pathlib import Path

import pikepdf
import pypdfium2
import pypdfium2.raw as pdfium_raw
import pytest

from mythprint.inputs.brand import load_brand
from mythprint.inputs.content import load_content
from mythprint.inputs.inline import plain_text
from mythprint.paths import DEFAULT_BRANDS_DIR, DEFAULT_CONTENT
from mythprint.pdf.finishing import struct_elements

from .conftest import (
    MYTH_IDS,
    _marked_text,
    build_kit,
    font_of_each_character,
    pdf_text,
    squash,
    tagged_text,
)
from .test_exit_codes import assert_clean_failure, run
from .test_press import CMYK_ICC, needs_icc

WELSH = Path(__file__).parent / "fixtures" / "myths.cy.yml"
KIT = "example-partnership"
POSTERS = tuple(f"poster-a3-{myth_id}.pdf" for myth_id in MYTH_IDS)
BILINGUAL_FLOOR_PT = 20
SINGLE_FLOOR_PT = 32
PT_PER_PX = 0.75


def build_posters(out: Path, *contents: Path, options=()) -> Path:
    """The single-myth posters of the example kit for `contents`, in that order: its folder."""
    pack = [option for path in contents for option in ("--content", str(path))]
    result = build_kit(
        DEFAULT_BRANDS_DIR, KIT, "myth-posters", out, "--no-previews", *pack, *options
    )
    assert result.exit_code == 0, result.output
    return out / KIT


@pytest.fixture(scope="module")
def welsh_first(tmp_path_factory) -> Path:
    return build_posters(tmp_path_factory.mktemp("cy-en"), WELSH, DEFAULT_CONTENT)


@pytest.fixture(scope="module")
def english_first(tmp_path_factory) -> Path:
    return build_posters(tmp_path_factory.mktemp("en-cy"), DEFAULT_CONTENT, WELSH)


@pytest.fixture(scope="module")
def english_alone(tmp_path_factory) -> Path:
    return build_posters(tmp_path_factory.mktemp("en"), DEFAULT_CONTENT)


@pytest.fixture(scope="module")
def welsh_first_press(tmp_path_factory) -> Path:
    return build_posters(
        tmp_path_factory.mktemp("cy-en-press"), WELSH, DEFAULT_CONTENT, options=("--for", "press")
    )


def texts(path: Path, myth_id: str) -> dict[str, str]:
    """The myth `myth_id` of a content file, as plain text: its statement and rebuttal."""
    content = load_content(path)
    myth = next(myth for myth in content.myths if myth.id == myth_id)
    return {"statement": plain_text(myth.statement), "rebuttal": plain_text(myth.rebuttal)}


def opening(text: str, words: int = 3) -> str:
    """The first words of a text: a paragraph's first line holds them, whatever its size."""
    return " ".join(text.split()[:words])


class Page:
    """The first page's characters as pdfium reads them: each with its font, size and box."""

    def __init__(self, path: Path):
        document = pypdfium2.PdfDocument(str(path))
        try:
            textpage = document[0].get_textpage()
            raw = textpage.raw
            self.characters = [
                chr(pdfium_raw.FPDFText_GetUnicode(raw, index))
                for index in range(textpage.count_chars())
            ]
            # pdfium gives a size in text space: CSS px, which WeasyPrint's page matrix
            # scales by 0.75 to pt.
            self.sizes = [
                pdfium_raw.FPDFText_GetFontSize(raw, index) * PT_PER_PX
                for index in range(len(self.characters))
            ]
            self.boxes = [textpage.get_charbox(index) for index in range(len(self.characters))]
        finally:
            document.close()
        self.fonts = [name for _, name in font_of_each_character(path)]
        self.text = "".join(self.characters)

    def find(self, phrase: str) -> int:
        """Where `phrase` starts among the characters; it must be there exactly once."""
        assert self.text.count(phrase) == 1, (phrase, self.text)
        return self.text.index(phrase)

    def top(self, phrase: str) -> float:
        """How high the phrase's first character stands on the page, in pt from its foot."""
        return self.boxes[self.find(phrase)][3]

    def run(self, phrase: str) -> range:
        start = self.find(phrase)
        return range(start, start + len(phrase))

    def fonts_of(self, phrase: str) -> set[str]:
        return {self.fonts[i] for i in self.run(phrase) if not self.characters[i].isspace()}

    def sizes_of(self, phrase: str) -> set[float]:
        return {
            round(self.sizes[i], 2) for i in self.run(phrase) if not self.characters[i].isspace()
        }


def family(font_name: str) -> str:
    """A font's family from its PDF name: no subset prefix (ABCDEF+), no weight."""
    return re.sub(r"-(Bold|Regular|Italic|BoldItalic)$", "", font_name.split("+")[-1])


def text_by_language(path: Path) -> dict[str, str]:
    """The tagged text of each language, in tag order: each piece of marked content in the
    language of its nearest structure element that has one, else the document's."""
    marked = _marked_text(path)
    found: dict[str, str] = {}
    with pikepdf.open(path) as pdf:
        page_index = {page.obj.objgen: n for n, page in enumerate(pdf.pages)}

        def visit(element, page, language):
            page = element.get("/Pg", page)
            language = str(element.get("/Lang", language))
            kids = element.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                if isinstance(kid, int):
                    piece = marked.get((page_index[page.objgen], kid), "")
                    found[language] = found.get(language, "") + piece
                elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    visit(kid, page, language)

        visit(pdf.Root.StructTreeRoot, None, str(pdf.Root.Lang))
    return found


def glyph_ids(path: Path) -> list[int]:
    """Every glyph the pages draw, by its id in its font (Type0 fonts, Identity-H)."""
    drawn: list[int] = []
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            fonts = page.Resources.Font
            font = None
            for operands, operator in pikepdf.parse_content_stream(page):
                if operator == pikepdf.Operator("Tf"):
                    font = fonts[operands[0]]
                    assert font.Subtype == "/Type0" and font.Encoding == "/Identity-H"
                    assert font.DescendantFonts[0].CIDToGIDMap == "/Identity"
                elif operator in (pikepdf.Operator("Tj"), pikepdf.Operator("TJ")):
                    strings = operands[0] if operator == pikepdf.Operator("TJ") else operands
                    for string in strings:
                        if isinstance(string, pikepdf.String):
                            data = bytes(string)
                            drawn += [
                                int.from_bytes(data[i : i + 2]) for i in range(0, len(data), 2)
                            ]
    return drawn


# ---- Both languages, the first on top ----


@pytest.mark.parametrize("myth_id", MYTH_IDS)
def test_welsh_is_above_english_on_every_poster(welsh_first, myth_id):
    page = Page(welsh_first / f"poster-a3-{myth_id}.pdf")
    welsh, english = texts(WELSH, myth_id), texts(DEFAULT_CONTENT, myth_id)
    tops = [
        page.top(opening(welsh["statement"])),
        page.top(opening(welsh["rebuttal"])),
        page.top(opening(english["statement"])),
        page.top(opening(english["rebuttal"])),
    ]
    assert tops == sorted(tops, reverse=True), tops  # PDF heights grow up the page
    assert tops[1] - tops[2] > 20  # and not side by side on one line


def test_english_first_puts_english_on_top(english_first):
    for myth_id in MYTH_IDS:
        page = Page(english_first / f"poster-a3-{myth_id}.pdf")
        english, welsh = texts(DEFAULT_CONTENT, myth_id), texts(WELSH, myth_id)
        assert page.top(opening(english["rebuttal"])) > page.top(opening(welsh["statement"]))
        order = squash(tagged_text(english_first / f"poster-a3-{myth_id}.pdf"))
        assert order.index(squash(english["rebuttal"])[:40]) < order.index(
            squash(welsh["statement"])
        )
    with pikepdf.open(english_first / POSTERS[0]) as pdf:
        assert str(pdf.Root.Lang) == "en-GB"


@pytest.mark.parametrize("myth_id", MYTH_IDS)
def test_a_screen_reader_meets_the_welsh_first(welsh_first, myth_id):
    order = squash(tagged_text(welsh_first / f"poster-a3-{myth_id}.pdf"))
    welsh, english = texts(WELSH, myth_id), texts(DEFAULT_CONTENT, myth_id)
    places = [
        order.index(squash(welsh["statement"])),
        order.index(squash(welsh["rebuttal"])[:40]),
        order.index(squash(english["statement"])),
        order.index(squash(english["rebuttal"])[:40]),
    ]
    assert places == sorted(places), places


def test_the_series_line_and_title_give_both_languages_welsh_first(welsh_first):
    path = welsh_first / "poster-a3-consent.pdf"
    page = Page(path)
    assert page.top("Myth 2 o 5") > page.top("Myth 2 of 5") > page.top(opening("Mae angen"))
    with pikepdf.open(path) as pdf:
        title = str(pdf.docinfo["/Title"])
    welsh_title, english_title = title.split(" / ")
    assert welsh_title.startswith("Myth: Mae angen cydsyniad")
    assert english_title.startswith("Myth: Consent is always needed")


def test_the_foot_gives_its_words_in_both_languages_and_points_to_no_other(welsh_first):
    path = welsh_first / "poster-a3-consent.pdf"
    text = squash(pdf_text(path))
    assert squash("Mae'r canllaw hwn ar gael hefyd yn") not in text
    assert squash("Cysylltiadau · Contacts") in text
    welsh_source = squash(plain_text(load_content(WELSH).source))
    english_source = squash(plain_text(load_content(DEFAULT_CONTENT).source))
    by_language = {lang: squash(text) for lang, text in text_by_language(path).items()}
    assert welsh_source in by_language["cy"] and english_source in by_language["en-GB"]
    assert "Contacts" in by_language["en-GB"] and "Contacts" not in by_language["cy"]
    page = Page(path)
    assert page.top("(O ddogfen") > page.top("(From ")


def test_the_other_languages_names_are_tagged_in_their_own_language(tmp_path):
    """The files made once per language name the others, each in its own language; the
    kit's own words (in English, as its `language` says) are tagged English in the Welsh
    file too, and nothing else is."""
    pack = [option for path in (WELSH, DEFAULT_CONTENT) for option in ("--content", str(path))]
    result = build_kit(DEFAULT_BRANDS_DIR, KIT, "poster", tmp_path, "--no-previews", *pack)
    assert result.exit_code == 0, result.output
    welsh = text_by_language(tmp_path / KIT / "poster-a3.cy.pdf")
    english = text_by_language(tmp_path / KIT / "poster-a3.en-GB.pdf")
    brand = load_brand(DEFAULT_BRANDS_DIR, KIT)
    assert brand.language == "en-GB"
    kit_words = [brand.name, *(contact.label for contact in brand.contacts), brand.review_note]
    tagged_english = squash(welsh["en-GB"])
    for words in kit_words:
        assert squash(words) in tagged_english, words
        tagged_english = tagged_english.replace(squash(words), "")
    assert tagged_english == "English"
    assert squash(english["cy"]) == "Cymraeg"


# ---- Alike: one font, one size, every letter drawn ----


@pytest.mark.parametrize("myth_id", MYTH_IDS)
def test_both_languages_share_one_font_and_one_size(welsh_first, myth_id):
    page = Page(welsh_first / f"poster-a3-{myth_id}.pdf")
    welsh, english = texts(WELSH, myth_id), texts(DEFAULT_CONTENT, myth_id)
    for part in ("statement", "rebuttal"):
        welsh_run, english_run = opening(welsh[part]), opening(english[part])
        assert page.fonts_of(welsh_run) == page.fonts_of(english_run)
        assert len(page.fonts_of(welsh_run)) == 1
        assert page.sizes_of(welsh_run) == page.sizes_of(english_run)
        assert len(page.sizes_of(welsh_run)) == 1
    assert page.sizes_of(opening(welsh["statement"])) != page.sizes_of(opening(welsh["rebuttal"]))


@pytest.mark.parametrize("name", POSTERS)
def test_every_letter_is_drawn_in_the_pack_s_one_font(welsh_first, name):
    path = welsh_first / name
    drawn = glyph_ids(path)
    assert len(drawn) > 300
    assert 0 not in drawn  # glyph 0 is .notdef: a box where a letter should be
    printed = font_of_each_character(path)
    families = {family(font) for character, font in printed if not character.isspace()}
    assert families == {"Noto-Sans"}


def test_the_letters_the_kit_s_font_lacks_are_printed(welsh_first):
    printed = "".join(pdf_text(welsh_first / name) for name in POSTERS)
    assert "ŵ" in printed and "ŷ" in printed


@pytest.mark.parametrize("name", POSTERS)
def test_no_word_mixes_two_fonts(welsh_first, name):
    printed = font_of_each_character(welsh_first / name)
    word: list[str] = []
    for character, font in [*printed, (" ", "")]:
        if character.isspace():
            assert len({family(f) for f in word}) <= 1, word
            word = []
        else:
            word.append(font)


# ---- Each language tagged as its own ----


@pytest.mark.parametrize("myth_id", MYTH_IDS)
def test_the_structure_tree_tags_welsh_cy_and_english_en_gb(welsh_first, myth_id):
    by_language = {
        language: squash(text)
        for language, text in text_by_language(welsh_first / f"poster-a3-{myth_id}.pdf").items()
    }
    welsh, english = texts(WELSH, myth_id), texts(DEFAULT_CONTENT, myth_id)
    assert set(by_language) == {"cy", "en-GB"}
    for part in ("statement", "rebuttal"):
        assert squash(welsh[part])[:60] in by_language["cy"]
        assert squash(welsh[part])[:60] not in by_language["en-GB"]
        assert squash(english[part])[:60] in by_language["en-GB"]
        assert squash(english[part])[:60] not in by_language["cy"]
    number = MYTH_IDS.index(myth_id) + 1
    assert squash(f"Myth {number} o 5") in by_language["cy"]  # the series line, too
    assert squash(f"Myth {number} of 5") in by_language["en-GB"]


def test_the_press_files_tag_each_language_too(welsh_first_press):
    path = welsh_first_press / "press" / "poster-a3-consent.pdf"
    by_language = {lang: squash(text) for lang, text in text_by_language(path).items()}
    assert squash(texts(WELSH, "consent")["rebuttal"])[:60] in by_language["cy"]
    assert squash(texts(DEFAULT_CONTENT, "consent")["rebuttal"])[:60] in by_language["en-GB"]
    with pikepdf.open(path) as pdf:
        page = pdf.pages[0]
        assert [float(v) for v in page.BleedBox] != [float(v) for v in page.TrimBox]


@needs_icc
def test_a_pdf_x4_press_file_tags_each_language(tmp_path):
    folder = build_posters(
        tmp_path, WELSH, DEFAULT_CONTENT, options=("--for", "press", "--icc", str(CMYK_ICC))
    )
    path = folder / "press" / "poster-a3-it-systems.pdf"
    with pikepdf.open(path) as pdf:
        assert pdf.Root.OutputIntents[0].S == "/GTS_PDFX"
    assert set(text_by_language(path)) == {"cy", "en-GB"}


# ---- The floor ----


def test_a_bilingual_poster_keeps_its_floor_and_prints_at_the_size_recorded(welsh_first):
    entries = json.loads((welsh_first.parent / "manifest.json").read_text())["outputs"]
    sizes = {Path(entry["path"]).name: entry["font_size_pt"] for entry in entries}
    assert set(sizes) == set(POSTERS)
    for name, size in sizes.items():
        assert size >= BILINGUAL_FLOOR_PT, name
        page = Page(welsh_first / name)
        rebuttal = opening(texts(DEFAULT_CONTENT, name[len("poster-a3-") : -4])["rebuttal"])
        assert page.sizes_of(rebuttal) == {round(size, 2)}, name


def test_a_pack_too_long_for_the_bilingual_floor_fails_cleanly(tmp_path):
    """As a real process: exit 1, the poster and the floor named, no traceback."""
    text = WELSH.read_text(encoding="utf-8")
    longer = text.replace("Na - nid oes angen", "Na - " + "nid oes angen hyn o gwbl, " * 30, 1)
    assert longer != text
    welsh = tmp_path / "myths.cy.yml"
    welsh.write_text(longer, encoding="utf-8")
    result = run(
        "build", "--brand", KIT, "--format", "myth-posters", "--no-previews",
        "--content", str(welsh), "--content", str(DEFAULT_CONTENT), "--out", str(tmp_path / "out"),
        cwd=tmp_path,
    )  # fmt: skip
    [line] = assert_clean_failure(result)
    assert "poster-a3-consent.pdf" in line and "20 pt floor" in line, line
    assert (tmp_path / "out" / KIT / "poster-a3-it-systems.pdf").is_file()  # the others are made


def test_the_bilingual_pack_builds_as_a_real_process(tmp_path):
    result = run(
        "build", "--brand", KIT, "--format", "myth-posters", "--no-previews",
        "--content", str(WELSH), "--content", str(DEFAULT_CONTENT), "--out", str(tmp_path),
        cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(path.name for path in (tmp_path / KIT).glob("*.pdf")) == sorted(POSTERS)


# ---- One language: as before ----


def test_a_poster_of_one_language_is_as_it_was(english_alone):
    for name in POSTERS:
        path = english_alone / name
        with pikepdf.open(path) as pdf:
            assert str(pdf.Root.Lang) == "en-GB"
            title = str(pdf.docinfo["/Title"])
            root = pdf.Root.StructTreeRoot.K
            document = root[0] if isinstance(root, pikepdf.Array) else root
            kinds = {str(node.S) for node in struct_elements(document)}
            langs = [node.Lang for node in struct_elements(document) if "/Lang" in node]
        assert " / " not in title and title.startswith("Myth: ")
        assert "/Art" not in kinds and langs == []
        assert "Myth 1 o 5" not in pdf_text(path)
    entries = json.loads((english_alone.parent / "manifest.json").read_text())["outputs"]
    assert all(entry["font_size_pt"] >= SINGLE_FLOOR_PT for entry in entries)
