"""An Urdu pack, from the sample text in tests/fixtures/myths.ur.yml: right-to-left documents
whose every letter is drawn, in IBM Plex Sans Arabic, and whose language is Urdu throughout."""

import re
import shutil
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import docx
import pikepdf
import pypdfium2
import pytest
from lxml import etree

from mythprint.inputs.brand import load_brand
from mythprint.paths import DEFAULT_BRANDS_DIR
from mythprint.pdf.finishing import struct_elements

from .conftest import (
    MYTH_IDS,
    SOFFICE,
    font_of_each_character,
    libreoffice_pdf,
    pdf_text,
    raw_content,
    require_font,
    run_cli,
    squash,
)
from .test_bilingual_posters import text_by_language
from .test_direction import W, complex_script_font, resolved, style_chain
from .test_fontchain import embedded_fonts
from .test_handout import NS, out_of_schema_order
from .test_web_languages import facts_lines

URDU = Path(__file__).parent / "fixtures" / "myths.ur.yml"
ARABIC_FAMILY = "IBM Plex Sans Arabic"
PDFS = ("poster-a3.pdf", *(f"poster-a3-{myth_id}.pdf" for myth_id in MYTH_IDS), "leaflet-dl.pdf")
ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]")


def require_arabic_font() -> None:
    require_font(ARABIC_FAMILY, "fontpkg-ibm-plex-sans-arabic")


def urdu_kit(brands: Path) -> Path:
    """The example kit, naming IBM Plex Sans Arabic (from its font package) as its fallback font
    for the letters its own font lacks, as the README says to."""
    require_arabic_font()
    kit = brands / "urdu"
    shutil.copytree(DEFAULT_BRANDS_DIR / "example-partnership", kit)
    brand_yml = kit / "_brand.yml"
    text = brand_yml.read_text(encoding="utf-8").replace(
        "  mythprint:\n", f"  mythprint:\n    fallback-fonts: [{ARABIC_FAMILY}]\n", 1
    )
    brand_yml.write_text(text, encoding="utf-8")
    return brands


@pytest.fixture(scope="module")
def pack(tmp_path_factory) -> Path:
    """The Urdu pack, every format, for the office."""
    folder = tmp_path_factory.mktemp("urdu")
    brands = urdu_kit(folder / "brands")
    result = run_cli(
        "build", "--content", str(URDU), "--brands-dir", str(brands), "--brand", "urdu",
        "--out", str(folder / "out"), "--no-previews",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return folder / "out" / "urdu"


def test_the_sample_has_every_myth_and_label_of_the_shipped_text_and_says_it_is_a_sample():
    urdu, english = raw_content(URDU), raw_content()
    assert [m["id"] for m in urdu["myths"]] == [m["id"] for m in english["myths"]]
    assert set(urdu["labels"]) == set(english["labels"])
    assert URDU.read_text(encoding="utf-8").startswith("# SAMPLE TEXT FOR TESTS ONLY")


@pytest.mark.parametrize("name", PDFS)
def test_each_pdf_is_in_urdu(pack, name):
    with pikepdf.open(pack / name) as pdf:
        assert str(pdf.Root.Lang) == "ur"
    text = pdf_text(pack / name)
    assert len(ARABIC_SCRIPT.findall(text)) > 50
    assert "\ufffd" not in text
    # The words of the Latin runs inside the Urdu come out whole (pdfium gives a line's
    # words in the order it reads them, so not necessarily as printed).
    assert all(word in text for word in ("Working", "Together", "2018"))


@pytest.mark.parametrize("name", PDFS)
def test_the_website_is_one_link_tagged_as_a_link(pack, name):
    """The address is isolated left to right inside the Urdu; isolated inside its link, it
    made two links of one, the second tagged outside any Link (Matterhorn 28-011), and a
    screen reader met the website twice. The address beside the QR code is one link too."""
    kit = load_brand(pack.parent.parent / "brands", "urdu")
    with pikepdf.open(pack / name) as pdf:
        links = [a for a in pdf.pages[0].get("/Annots", []) if a.Subtype == "/Link"]
        assert sorted(str(a.A.URI) for a in links) == sorted([kit.home, kit.qr_url])
        holder = pdf.Root.StructTreeRoot.ParentTree.Nums
        for link in links:
            element = dict(zip(holder[::2], holder[1::2], strict=True))[int(link.StructParent)]
            assert element.S == "/Link"


def _glyph_codes(page) -> list[int]:
    """Every glyph id the page's text draws (its fonts are all Identity-H, two bytes a glyph)."""
    codes = []
    for operands, operator in pikepdf.parse_content_stream(page):
        if str(operator) == "TJ":
            strings = [bytes(item) for item in operands[0] if isinstance(item, pikepdf.String)]
        elif str(operator) == "Tj":
            strings = [bytes(operands[0])]
        else:
            continue
        for data in strings:
            codes += [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data), 2)]
    return codes


@pytest.mark.parametrize("name", PDFS)
def test_every_letter_is_drawn_by_a_real_glyph(pack, name):
    with pikepdf.open(pack / name) as pdf:
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                assert font.Subtype == "/Type0" and font.Encoding == "/Identity-H"
                assert font.DescendantFonts[0].CIDToGIDMap == "/Identity"
            codes = _glyph_codes(page)
            assert codes and 0 not in codes  # glyph 0 is .notdef


@pytest.mark.parametrize("name", PDFS)
def test_every_arabic_letter_is_set_in_ibm_plex_sans_arabic(pack, name):
    fonts = {
        font for char, font in font_of_each_character(pack / name) if ARABIC_SCRIPT.match(char)
    }
    assert fonts, "no Arabic-script letter found"
    assert all(re.fullmatch(r"[A-Z]{6}\+IBM-Plex-Sans-Arabic(-Bold)?", font) for font in fonts)


@pytest.mark.parametrize("myth_id", MYTH_IDS)
def test_the_urdu_words_come_out_of_the_pdf_as_they_went_in(pack, myth_id):
    """What a screen reader or a copy reads. Noto Sans Arabic drew letters from shared
    shapes and dots, and about one letter in ten came back; with IBM Plex Sans Arabic,
    every word comes back whole. The joined pairs drawn as one glyph (کی, ضر) came back
    turned round ("رہنمایئ", "رضوری") until their letters were listed last first (see
    finishing._ligatures_read_right_to_left)."""
    words = re.findall("[\u0600-\u06ff]+", _myth(myth_id)["rebuttal"])
    printed = set(re.findall("[\u0600-\u06ff]+", pdf_text(pack / f"poster-a3-{myth_id}.pdf")))
    assert sorted(set(words) - printed) == []


def _myth(myth_id: str) -> dict:
    [myth] = [myth for myth in raw_content(URDU)["myths"] if myth["id"] == myth_id]
    return myth


def _myth_label_span(path: Path) -> tuple[float, float]:
    """Where the Myth label's pill sits across the page, as fractions of its width: below
    the header (whose logo has a berry ring), the kit paints nothing else in its secondary
    colour (berry, #b8336a)."""
    from PIL import Image, ImageChops

    document = pypdfium2.PdfDocument(str(path))
    try:
        image = document[0].render(scale=0.5).to_pil().convert("RGB")
        image = image.crop((0, image.height // 8, image.width, image.height))
    finally:
        document.close()
    difference = ImageChops.difference(image, Image.new("RGB", image.size, (0xB8, 0x33, 0x6A)))
    box = difference.convert("L").point(lambda value: 255 if value < 8 else 0).getbbox()
    assert box, "no Myth label found"
    return box[0] / image.width, box[2] / image.width


def test_a_single_myth_posters_label_sits_at_the_right_as_urdu_starts_there(pack, tmp_path):
    """Compared with the same kit's English poster, whose label sits at the left."""
    left, right = _myth_label_span(pack / "poster-a3-consent.pdf")
    assert left > 0.75 and right > 0.85
    result = run_cli(
        "build", "--brand", "example-partnership", "--format", "myth-posters",
        "--out", str(tmp_path), "--no-previews",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    left, right = _myth_label_span(tmp_path / "example-partnership" / "poster-a3-consent.pdf")
    assert left < 0.15 and right < 0.25


def test_the_handout_is_urdu_and_right_to_left_in_its_arabic_font(pack):
    with zipfile.ZipFile(pack / "handout.docx") as docx_zip:
        styles = etree.fromstring(docx_zip.read("word/styles.xml"))
        body = etree.fromstring(docx_zip.read("word/document.xml")).find(f"{W}body")
    run_defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert run_defaults.find(f"{W}rtl") is not None
    assert complex_script_font(pack / "handout.docx", "Normal") == ARABIC_FAMILY
    # Urdu as Word's proofing tools know it: as written in Pakistan, where most of England's
    # Urdu readers' families come from (a bare "ur" is checked in no language).
    # Its Latin words (w:val, the language of text that is not complex script) in English,
    # as Word itself writes an Urdu document.
    language = run_defaults.find(f"{W}lang")
    assert [language.get(f"{W}{name}") for name in ("val", "bidi")] == ["en-GB", "ur-PK"]
    paragraphs = body.findall(f"{W}p")
    for paragraph in paragraphs:
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        style_id = style.get(f"{W}val") if style is not None else "Normal"
        assert resolved(styles, style_id, "bidi") is not None, style_id
    # Each space as one (a heading's last two words are held by a no-break space).
    text = " ".join("".join(body.itertext()).split())
    for myth in raw_content(URDU)["myths"]:
        assert " ".join(myth["myth"].split()) in text


def test_the_handout_carries_the_arabic_fonts_regular_and_bold_not_its_thin(pack):
    """The font package ships nine weights; Word's regular slot takes the Regular."""
    fonts = embedded_fonts(pack / "handout.docx")
    assert {font["name"].getBestFamilyName() for font in fonts.values()} == {ARABIC_FAMILY}
    weights = {slot: font["OS/2"].usWeightClass for slot, font in fonts.items()}
    assert weights == {"embedRegular": 400, "embedBold": 700}


def test_the_kits_english_words_keep_their_last_stop_and_slash_at_their_end(pack, built):
    """In a right-to-left paragraph, a left-to-right run's final "." or "/" is drawn at the
    paragraph's start unless a left-to-right mark follows it; the English handout has none."""
    handout = docx.Document(str(pack / "handout.docx"))
    footer = [p.text for p in handout.sections[0].footer.paragraphs]
    [details] = [text for text in footer if "example.org" in text]
    assert details.endswith("example.org/\u200e")
    [note] = [p.text for p in handout.paragraphs if p.text.startswith("Approved by")]
    assert note.endswith("April 2027.\u200e")
    # The website's line at the end of the text, named in Urdu, ends with its address.
    website = raw_content(URDU)["labels"]["website"]
    assert handout.paragraphs[-1].text == f"{website}: https://www.example.org/\u200e"
    english = docx.Document(str(built / "default" / "handout.docx"))
    texts = [p.text for p in english.paragraphs + english.sections[0].footer.paragraphs]
    assert texts and not any("\u200e" in text for text in texts)


def effective_rtl(run, styles, paragraph_style: str | None) -> bool:
    """Whether Word reads `run` right to left: its own w:rtl, else its paragraph style's."""
    own = run.find(f"{W}rPr/{W}rtl")
    found = own if own is not None else resolved(styles, paragraph_style or "Normal", "rtl")
    return found is not None and found.get(f"{W}val") not in ("0", "false", "off")


def test_english_words_in_urdu_are_runs_of_their_own_read_left_to_right(pack):
    """ECMA-376 leaves a right-to-left run of left-to-right letters undefined (Part 1, I.2),
    and Word sets one in the complex-script font: "Data Protection Act 1998" in an Urdu fact,
    the kit's English name. Each is a run of its own, marked left to right, as Word writes
    English typed into Urdu; every run of Urdu letters stays right to left."""
    strong = {"ltr": 0, "rtl": 0}
    with zipfile.ZipFile(pack / "handout.docx") as docx_zip:
        styles = etree.fromstring(docx_zip.read("word/styles.xml"))
        names = [
            n for n in docx_zip.namelist() if re.fullmatch(r"word/(document|footer\d)\.xml", n)
        ]
        parts = [etree.fromstring(docx_zip.read(name)) for name in names]
    for part in parts:
        for paragraph in part.iter(f"{W}p"):
            style = paragraph.find(f"{W}pPr/{W}pStyle")
            style_id = style.get(f"{W}val") if style is not None else None
            for run in paragraph.iter(f"{W}r"):
                text = "".join(run.itertext())
                kinds = {unicodedata.bidirectional(character) for character in text}
                rtl = effective_rtl(run, styles, style_id)
                if "L" in kinds:
                    assert not rtl and not kinds & {"R", "AL"}, text
                    strong["ltr"] += 1
                elif kinds & {"R", "AL"}:
                    assert rtl, text
                    strong["rtl"] += 1
    assert strong["ltr"] >= 8 and strong["rtl"] >= 20, strong  # the fact's law, the kit's name


def run_language(run, styles, paragraph_style: str | None, attribute: str) -> str | None:
    """One attribute of a run's w:lang as Word resolves it: from the run's character style
    and the styles it is based on, else its paragraph's style and theirs, else the defaults."""
    character = run.find(f"{W}rPr/{W}rStyle")
    own = character.get(f"{W}val") if character is not None else None
    for element in style_chain(styles, own, paragraph_style or "Normal"):
        language = element.find(f".//{W}lang")
        if language is not None and language.get(f"{W}{attribute}") is not None:
            return language.get(f"{W}{attribute}")
    return None


def test_word_checks_english_words_in_urdu_as_english_and_the_urdu_as_urdu(pack):
    """A run's w:lang w:val is the language of its text that is not complex script, and
    w:bidi that of its right-to-left text. Both were ur-PK, so "Data Protection Act 1998"
    in an Urdu answer, a run read left to right, was checked as Urdu: Word writes an Urdu
    document as w:val="en-GB" w:bidi="ur-PK"."""
    with zipfile.ZipFile(pack / "handout.docx") as docx_zip:
        styles = etree.fromstring(docx_zip.read("word/styles.xml"))
        body = etree.fromstring(docx_zip.read("word/document.xml"))
    seen: dict[str, set[str]] = {"ltr": set(), "rtl": set()}
    for paragraph in body.iter(f"{W}p"):
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        style_id = style.get(f"{W}val") if style is not None else None
        for run in paragraph.iter(f"{W}r"):
            kinds = {unicodedata.bidirectional(ch) for ch in "".join(run.itertext())}
            assert run.find(f"{W}rPr/{W}lang") is None  # from the styles, not by hand
            if "L" in kinds:
                assert not effective_rtl(run, styles, style_id)
                seen["ltr"].add(run_language(run, styles, style_id, "val"))
            elif kinds & {"R", "AL"}:
                seen["rtl"].add(run_language(run, styles, style_id, "bidi"))
    assert seen == {"ltr": {"en-GB"}, "rtl": {"ur-PK"}}


def test_the_web_edition_is_urdu_right_to_left(pack):
    html = (pack / "web" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ur" dir="rtl">' in html
    assert " ".join(raw_content(URDU)["myths"][1]["myth"].split()) in html


def test_an_urdu_title_in_an_english_page_is_marked_urdu_and_right_to_left(tmp_path):
    """In an English-first pack, the gallery lists the Urdu files by their Urdu titles, and
    the English page says what each is in English, then names Urdu in Urdu. Without a
    direction of their own, those Urdu words read left to right, the "A3" inside a title
    pulling its words out of order, and without a language a screen reader read them in
    an English voice. The Urdu page says in Urdu what the English files are, and names
    English in English, marked left to right."""
    from mythprint.paths import DEFAULT_CONTENT

    require_arabic_font()
    brands = urdu_kit(tmp_path / "brands")
    out = tmp_path / "out"
    result = run_cli(
        "build", "--content", str(DEFAULT_CONTENT), "--content", str(URDU), "--brands-dir",
        str(brands), "--brand", "urdu", "--out", str(out), "--no-previews",
        "--format", "poster", "--format", "html",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    page = etree.parse(str(out / "urdu" / "web" / "index.html"), etree.HTMLParser())
    [link] = page.xpath("//a[@href='poster-a3.ur.pdf']")
    [title] = link.xpath(".//*[@lang]")
    assert (title.get("lang"), title.get("dir"), title.text) == ("ur", "rtl", "اردو")
    assert link.text == "A3 poster with every myth · "  # the page's words, then Urdu's name
    urdu = etree.parse(str(out / "urdu" / "web" / "index.ur.html"), etree.HTMLParser())
    [link] = urdu.xpath("//a[@href='poster-a3.en-GB.pdf']")
    [english] = link.xpath(".//*[@lang]")
    assert (english.get("lang"), english.get("dir"), english.text) == ("en-GB", "ltr", "English")
    assert link.text == f"{raw_content(URDU)['labels']['describe_poster']} · "
    gallery = etree.parse(str(out / "index.html"), etree.HTMLParser())
    [card] = gallery.xpath("//a[@href='urdu/poster-a3.ur.pdf']/span[@class='file__title']")
    assert (card.get("lang"), card.get("dir")) == ("ur", "rtl")
    [english] = gallery.xpath("//a[@href='urdu/poster-a3.en-GB.pdf']/span[@class='file__title']")
    assert english.get("lang") is None and english.get("dir") is None  # the gallery's own


def test_quiet_says_nothing_of_the_font_tables_it_drops(tmp_path):
    """IBM Plex Sans Arabic has a table fontTools cannot cut down, and it said so on stderr
    as it dropped it, even with --quiet."""
    brands = urdu_kit(tmp_path / "brands")
    result = subprocess.run(
        [
            sys.executable, "generate.py", "build", "--content", str(URDU),
            "--brands-dir", str(brands), "--brand", "urdu", "--format", "html",
            "--format", "handout", "--out", str(tmp_path / "out"), "--no-previews", "-q",
        ],
        cwd=Path(__file__).parent.parent, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (result.stdout, result.stderr) == ("", "")


def test_urdu_too_long_for_the_floors_is_a_clear_fit_error(tmp_path):
    """Run as a user runs it: one line naming the file and the fix, exit 1, no traceback."""
    brands = urdu_kit(tmp_path / "brands")
    text = URDU.read_text(encoding="utf-8")
    rebuttal = raw_content(URDU)["myths"][1]["rebuttal"]
    long_text = tmp_path / "myths.ur.yml"
    long_text.write_text(
        text.replace(rebuttal.split()[-1] + "\n", (" " + rebuttal) * 6 + "\n", 1),
        encoding="utf-8",
    )
    result = subprocess.run(
        [
            sys.executable, "generate.py", "build", "--content", str(long_text),
            "--brands-dir", str(brands), "--brand", "urdu", "--format", "myth-posters",
            "--out", str(tmp_path / "out"), "--no-previews", "-q",
        ],
        cwd=Path(__file__).parent.parent, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert re.search(r"Error: urdu/poster-a3-consent\.pdf: .*does not fit", result.stderr)


def char_boxes(path: Path) -> tuple[str, list[tuple[float, float, float, float]]]:
    """The first page's characters as pdfium reads them, and each one's box."""
    document = pypdfium2.PdfDocument(str(path))
    try:
        textpage = document[0].get_textpage()
        count = textpage.count_chars()
        text = "".join(textpage.get_text_range(index, 1) for index in range(count))
        return text, [textpage.get_charbox(index) for index in range(count)]
    finally:
        document.close()


@pytest.mark.parametrize(
    "name, words",
    [("poster-a3-consent.pdf", "emergency)"), ("poster-a3-consent.pdf", "2027."),
     ("leaflet-dl.pdf", "2027.")],
)  # fmt: skip
def test_the_kits_english_words_keep_their_closing_marks_at_their_end(pack, name, words):
    """The kit's own words (a contact's label, its review note) are English in an Urdu
    page: isolated left to right, a closing bracket and a full stop print after the word
    they end ("Police (non-emergency)"), not at the line's far end, where the bidi rules
    put them in a right-to-left paragraph."""
    text, boxes = char_boxes(pack / name)
    at = text.index(words)
    last_letter, mark = boxes[at + len(words) - 2], boxes[at + len(words) - 1]
    assert mark[0] >= last_letter[2] - 0.5, (words, last_letter, mark)
    assert mark[0] - last_letter[2] < 5, "the mark is not beside its word"


def border_sides(styles: etree._Element, style_id: str) -> set[str]:
    """The sides a paragraph in style `style_id` has a border on, as Word resolves them: each
    side from the nearest style in its chain that sets it, "nil" taking one away."""
    by_id = {style.get(f"{W}styleId"): style for style in styles.iter(f"{W}style")}
    sides: dict[str, str] = {}
    while style_id is not None:
        for border in by_id[style_id].iterfind(f"{W}pPr/{W}pBdr/*"):
            sides.setdefault(etree.QName(border).localname, border.get(f"{W}val"))
        based_on = by_id[style_id].find(f"{W}basedOn")
        style_id = based_on.get(f"{W}val") if based_on is not None else None
    return {side for side, value in sides.items() if value not in ("nil", "none")}


def test_each_answers_rule_runs_down_the_side_its_text_starts_from(pack):
    """w:left is the page's left side, whichever way the paragraph reads (ISO/IEC 29500-1
    §17.3.1.17): w:bidi turns a paragraph's indents and alignment, not its borders. The Urdu
    answers had their rule on the left in LibreOffice, away from where they start."""
    with zipfile.ZipFile(pack / "handout.docx") as docx_zip:
        styles = etree.fromstring(docx_zip.read("word/styles.xml"))
    assert border_sides(styles, "Fact") == border_sides(styles, "Quote") == {"right"}
    # The indent is w:left's, which w:bidi puts on the right, under the rule.
    assert resolved(styles, "Fact", "ind").get(f"{W}left") == "227"


def rule_columns(pdf_path: Path, color: str) -> list[float]:
    """Where on page 1 (as a share of its width) a vertical rule in `color` is drawn: a
    column of pixels in that colour taller than any letter."""
    target = [int(color[i : i + 2], 16) for i in (0, 2, 4)]
    document = pypdfium2.PdfDocument(str(pdf_path))
    try:
        image = document[0].render(scale=1).to_pil().convert("RGB")
    finally:
        document.close()
    pixels, (width, height) = image.load(), image.size
    found = []
    for x in range(width):
        run = longest = 0
        for y in range(height):
            near = sum(abs(a - b) for a, b in zip(pixels[x, y], target, strict=True)) < 60
            run = run + 1 if near else 0
            longest = max(longest, run)
        if longest > 40:  # three lines of an answer; a letter is under 20
            found.append(x / width)
    return found


@pytest.mark.skipif(SOFFICE is None, reason="needs LibreOffice (.ci/run installs it)")
def test_libreoffice_draws_the_urdu_answers_rule_on_the_right(pack, tmp_path):
    pdf = libreoffice_pdf(pack / "handout.docx", tmp_path)
    accent = load_brand(pack.parent.parent / "brands", "urdu").palette.accent.lstrip("#")
    columns = rule_columns(pdf, accent)
    assert columns and min(columns) > 0.85, columns


def test_the_handouts_right_to_left_properties_are_in_the_order_word_requires(pack):
    assert out_of_schema_order(pack / "handout.docx") == []


def test_the_kits_english_words_are_marked_english_in_every_urdu_file(pack):
    """The kit says its words are English (`language: en-GB`): an Urdu file marks them so,
    for a screen reader's English voice (WCAG 3.1.2), in the PDFs' tags, in the web page,
    and in the handout, whose Urdu styles do not carry English, by a character style."""
    brand = load_brand(pack.parent.parent / "brands", "urdu")
    kit_words = [brand.name, *(contact.label for contact in brand.contacts), brand.review_note]
    for name in ("poster-a3.pdf", "leaflet-dl.pdf"):
        english = squash(text_by_language(pack / name).get("en-GB", ""))
        assert all(squash(words) in english for words in kit_words), name
        # The logo's alt text only names the partnership, printed beside it: the logo is an
        # artifact, as it is on the web page. The QR code's alt text is the page's words.
        with pikepdf.open(pack / name) as pdf:
            figures = {
                str(node.Alt): str(node.get("/Lang", pdf.Root.Lang))
                for node in struct_elements(pdf.Root.StructTreeRoot)
                if node.get("/S") == "/Figure"
            }
        assert brand.logo.alt not in figures, name
        assert set(figures.values()) == {"ur"}, name
    page = etree.parse(str(pack / "web" / "index.html"), etree.HTMLParser())
    marked = {" ".join(e.xpath("string()").split()) for e in page.xpath("//*[@lang='en-GB']")}
    assert set(kit_words) <= marked
    # Its logo only names the partnership, named beside it: nothing to say twice.
    assert page.xpath("//img[@class='logo']/@alt") == [""]
    with zipfile.ZipFile(pack / "handout.docx") as docx_zip:
        styles = etree.fromstring(docx_zip.read("word/styles.xml"))
        footer = etree.fromstring(docx_zip.read("word/footer1.xml"))
    [style] = styles.xpath("//w:style[@w:styleId='KitWords']", namespaces=NS)
    assert style.find(f"{W}rPr/{W}lang").get(f"{W}val") == "en-GB"
    runs = footer.xpath("//w:r[w:rPr/w:rStyle/@w:val='KitWords']", namespaces=NS)
    labels = {"".join(run.itertext()).rstrip(": \u200e") for run in runs}
    assert {contact.label for contact in brand.contacts} <= labels


@pytest.mark.parametrize("width", (1280, 320))
def test_a_download_s_kind_and_size_keep_their_brackets_on_one_line(browser, pack, width):
    """On a right-to-left page, "(PDF, 34 KB)" broken in two would show a bracket on each
    line, each facing the wrong way."""
    lines = facts_lines(browser, pack / "web" / "index.html", width)
    assert lines and set(lines) == {1}, lines
