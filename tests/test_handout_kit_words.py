"""A kit whose own words are Urdu (its name, contacts' labels and review note), with UK phone
numbers, in an English handout and in an Urdu one: each number prints as it was typed, and
every Urdu letter in the kit's Arabic font. Typed after an Urdu label with nothing between,
"01632 960123" printed as "960123 01632" (Unicode's bidirectional algorithm reads digits
after Arabic letters as Arabic numbers, group by group), a wrong number to ring on a
safeguarding handout; and with no complex-script font for the kit's words in an English
handout, LibreOffice printed ے, ہ and ۔ as empty boxes."""

import re
import zipfile
from itertools import pairwise
from pathlib import Path

import docx
import pikepdf
import pypdfium2
import pytest
from lxml import etree
from ruamel.yaml import YAML

from mythprint.inputs.inline import strong_direction
from mythprint.paths import DEFAULT_CONTENT

from .conftest import SOFFICE, build_handout, libreoffice_pdf, run_cli
from .test_direction import W, complex_script_font
from .test_handout_scripts import FIXTURES, script_kit
from .test_urdu import ARABIC_FAMILY, URDU, require_arabic_font, urdu_kit

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
NAME = "ایگزیمپل شائر سیف گارڈنگ چلڈرن پارٹنرشپ"
REVIEW = "ایگزیمپل شائر پارٹنرشپ بورڈ سے منظور شدہ۔ اگلا جائزہ: اپریل 2027۔"
CONTACTS = (
    ("بچے کے بارے میں فکرمند؟", "01632 960123"),
    ("اوقات کار کے بعد (شام 5 بجے کے بعد)", "0113 496 0123"),
    # A number with words after it in Urdu ("free call"), after an English label and an
    # Urdu one: the value's first letter is Urdu, and its digits were read as Urdu's too
    ("Helpline", "0800 765 4321 (مفت کال)"),
    ("ہیلپ لائن", "0808 123 4567 (مفت)"),
    # An area code in brackets, as UK numbers are often written: its "(" was left outside
    # the number's marks, and in a right-to-left line it split the number, "960555 (01634)"
    ("سروس", "(01634) 960555 (مفت کال)"),
)
# Letters of the kit's words that DejaVu Sans, LibreOffice's stand-in, has no glyph for.
URDU_ONLY = "ےہ۔"
MARKS = "\u200e\u200f"


def urdu_words_kit(brands: Path, language: str | None = "ur") -> Path:
    """brands/urdu: the example kit with IBM Plex Sans Arabic as its fallback font (see
    test_urdu.urdu_kit), its name, contacts and review note in Urdu, and `language` as the
    language of its words (None: it says none)."""
    urdu_kit(brands)
    in_urdu(brands / "urdu" / "_brand.yml", language)
    return brands


def in_urdu(path: Path, language: str | None = "ur") -> None:
    """The kit's brand file `path` with its name, contacts and review note in Urdu."""
    yaml = YAML()
    data = yaml.load(path.read_text(encoding="utf-8"))
    data["meta"]["name"] = {"full": NAME, "short": "ایگزیمپل شائر"}
    settings = data["defaults"]["mythprint"]
    settings["contacts"] = [{"label": label, "value": value} for label, value in CONTACTS]
    settings["review"] = REVIEW
    if language is None:
        del settings["language"]
    else:
        settings["language"] = language
    with path.open("w", encoding="utf-8") as file:
        yaml.dump(data, file)


@pytest.fixture(scope="module", params=["en", "ur"])
def handout(request, tmp_path_factory) -> Path:
    """The handout of the English guide, or the Urdu sample, from the Urdu-worded kit."""
    folder = tmp_path_factory.mktemp(f"kit-words-{request.param}")
    brands = urdu_words_kit(folder / "brands")
    return build_handout(folder, brands, "urdu", DEFAULT_CONTENT if request.param == "en" else URDU)


@pytest.fixture(scope="module")
def printed(handout) -> Path:
    if SOFFICE is None:
        pytest.skip("needs LibreOffice (.ci/run installs it)")
    return libreoffice_pdf(handout, handout.parent)  # on a machine without the kit's fonts


def placed_characters(page) -> tuple[str, list[tuple[float, float, float, float]]]:
    """A page's characters as pdfium reads them (in reading order), and each one's box."""
    textpage = page.get_textpage()
    count = textpage.count_chars()
    text = "".join(textpage.get_text_range(index, 1) for index in range(count))
    return text, [textpage.get_charbox(index) for index in range(count)]


def dialled(value: str) -> str:
    """The phone number in a contact's value, its digit groups as typed."""
    return " ".join(re.findall(r"\d+", value))


def printed_numbers(path: Path) -> list[tuple[int, str, str]]:
    """Each phone number of the kit on each page, as it was typed and as a reader sees it:
    its digit groups in order from left to right along its line."""
    found = []
    document = pypdfium2.PdfDocument(str(path))
    try:
        for number, page in enumerate(document, 1):
            text, boxes = placed_characters(page)
            for _, value in CONTACTS:
                groups = dialled(value).split()
                for start in (m.start() for m in re.finditer(re.escape(groups[0]), text)):
                    line = boxes[start][1]
                    on_line = [
                        (boxes[m.start()][0], group)
                        for group in groups
                        for m in re.finditer(re.escape(group), text)
                        if abs(boxes[m.start()][1] - line) < 1
                    ]
                    seen = " ".join(group for _, group in sorted(set(on_line)))
                    found.append((number, value, seen))
    finally:
        document.close()
    return found


@pytest.mark.parametrize("handout", ["en", "ur"], indirect=True)
def test_every_phone_number_prints_in_the_order_it_was_typed(printed):
    """On every page, the footer's numbers and the Contacts section's: an English reader
    reads the groups left to right, and dials what the kit says."""
    found = printed_numbers(printed)
    pages = len(pikepdf.open(printed).pages)
    assert pages >= 2
    # Each number in the footer of each page, and once more at the end of the text.
    assert len(found) == len(CONTACTS) * (pages + 1), found
    assert all(seen == dialled(typed) for _, typed, seen in found), found


@pytest.mark.parametrize("handout", ["en", "ur"], indirect=True)
def test_a_contact_line_reads_label_colon_number_then_the_rest(printed, request):
    """A number with words after it ("0800 765 4321 (مفت کال)"): in the line's direction,
    the label, its colon, the number, then the words. After an Urdu label, the colon went
    to the line's far end and the number against the label ("؛ہیلپ لائن0808 123 4567")."""
    backwards = request.node.callspec.params["handout"] == "ur"  # its lines read leftwards
    noted = [(label, value) for label, value in CONTACTS if strong_direction(value) == "rtl"]
    document = pypdfium2.PdfDocument(str(printed))
    seen = 0
    try:
        for page in document:
            text, boxes = placed_characters(page)
            for label, value in noted:
                first = dialled(value).split()[0]
                note = value[value.rindex("(") :]
                for found in re.finditer(first, text):
                    # The line's: every character on it crosses its first digit's box
                    # (Arabic letters sit lower, their boxes from their descenders)
                    _, bottom, _, top = boxes[found.start()]
                    on_line = [
                        (box[0] if not backwards else -box[2], ch)
                        for ch, box in zip(text, boxes, strict=True)
                        if box[1] < top and box[3] > bottom and not ch.isspace()
                    ]

                    def span(part: str, line=on_line) -> tuple[float, float]:
                        xs = [x for x, ch in line if ch in part]
                        return min(xs), max(xs)

                    parts = [label.replace(" ", ""), ":", dialled(value), note.strip("()")]
                    spans = [span(part) for part in parts]
                    assert all(a[1] < b[0] for a, b in pairwise(spans)), (label, spans)
                    seen += 1
    finally:
        document.close()
    assert seen >= 2 * len(noted)  # in the footer and in the Contacts section


@pytest.mark.parametrize("handout", ["en", "ur"], indirect=True)
def test_the_website_keeps_its_last_slash_at_its_end(printed):
    """The footer's website, after the kit's Urdu name: in an Urdu line its "/" went to
    the address's far side, "/https://www.example.org"."""
    document = pypdfium2.PdfDocument(str(printed))
    try:
        text, boxes = placed_characters(document[0])
    finally:
        document.close()
    _, bottom, _, top = boxes[text.index("www")]  # the line's: every character crosses it
    seen = sorted(
        (box[0], ch)
        for ch, box in zip(text, boxes, strict=True)
        if ch.isascii() and not ch.isspace() and box[1] < top and box[3] > bottom
    )
    assert "".join(ch for _, ch in seen) == "https://www.example.org/"


@pytest.mark.parametrize("handout", ["en", "ur"], indirect=True)
def test_the_kits_urdu_words_print_in_its_arabic_font(printed):
    """Every letter of the kit's words is drawn in IBM Plex Sans Arabic, which the handout
    embeds: LibreOffice fell back on DejaVu Sans, which has no ے, ہ or ۔ (boxes)."""
    with pikepdf.open(printed) as pdf:
        fonts = {
            str(font.BaseFont)
            for page in pdf.pages
            for font in (page.Resources.get("/Font") or {}).values()
        }
    assert any("IBMPlexSansArabic" in font for font in fonts), fonts
    assert not any("DejaVu" in font for font in fonts), fonts
    document = pypdfium2.PdfDocument(str(printed))
    try:
        text = "".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
    # pdfium reads shaped Arabic back letter by letter, not always in order: its letters.
    assert set(URDU_ONLY) <= set(text)
    assert set(re.sub(r"[\W\d]", "", NAME + "".join(label for label, _ in CONTACTS))) <= set(text)


@pytest.mark.parametrize("language", ["ur", None, "en-GB"])
def test_the_theme_sets_the_kits_urdu_in_its_arabic_font_in_an_english_handout(tmp_path, language):
    """The kit's words are Urdu though the guide is English: the theme's complex-script
    fonts, which Word and LibreOffice set Arabic letters in, are the kit's Arabic font, and
    the kit's words are in Urdu (its language), or in Word's default for Arabic letters
    where it says none, or says English (as a kit the studio makes does): Word checked the
    Urdu as English (w:bidi="en-GB")."""
    brands = urdu_words_kit(tmp_path / "brands", language)
    path = build_handout(tmp_path, brands, "urdu", DEFAULT_CONTENT)
    with zipfile.ZipFile(path) as package:
        theme, settings, styles = (
            etree.fromstring(package.read(f"word/{name}.xml"))
            for name in ("theme/theme1", "settings", "styles")
        )
    for scheme in theme.iter(f"{A}majorFont", f"{A}minorFont"):
        assert scheme.find(f"{A}cs").get("typeface") == ARABIC_FAMILY
        assert scheme.find(f"{A}font[@script='Arab']").get("typeface") == ARABIC_FAMILY
    assert complex_script_font(path, None) == ARABIC_FAMILY
    bidi = settings.find(f"{W}themeFontLang").get(f"{W}bidi")
    defaults = styles.find(f"{W}docDefaults//{W}lang").get(f"{W}bidi")
    kit_words = styles.find(f"{W}style[@{W}styleId='KitWords']")
    if language != "ur":
        assert bidi is None and defaults == "ar-SA" and kit_words is None
    else:
        assert bidi == defaults == "ur-PK"
        assert kit_words.find(f"{W}rPr/{W}lang").get(f"{W}bidi") == "ur-PK"
    # Bold Urdu (the header's name, the numbers' labels) is bold: Word takes it from w:bCs.
    strong = styles.find(f"{W}style[@{W}styleId='Header']/{W}rPr")
    assert strong.find(f"{W}bCs") is not None


def test_the_kits_urdu_in_a_panjabi_handout_names_its_own_font(tmp_path):
    """The theme's complex-script fonts are the first complex-script language's, Panjabi's:
    the kit's Urdu words name the Arabic font themselves, in Kit Words, or they would be
    set in the Gurmukhi font, which has no Arabic."""
    require_arabic_font()
    brands, family = script_kit(tmp_path, "pa", ARABIC_FAMILY)
    in_urdu(brands / "script-kit" / "_brand.yml")
    contents = (FIXTURES / "myths.pa.yml", DEFAULT_CONTENT)
    path = build_handout(tmp_path, brands, "script-kit", *contents)
    with zipfile.ZipFile(path) as package:
        theme = etree.fromstring(package.read("word/theme/theme1.xml"))
    assert theme.find(f".//{A}minorFont/{A}cs").get("typeface") == family != ARABIC_FAMILY
    assert complex_script_font(path, "KitWords") == ARABIC_FAMILY
    footer = docx.Document(str(path)).sections[0].footer
    runs = [run for paragraph in footer.paragraphs for run in paragraph.runs]
    labelled = [run for run in runs if run.style is not None and run.style.name == "Kit Words"]
    assert {run.text.strip(MARKS + ": ") for run in labelled} >= {label for label, _ in CONTACTS}


def test_an_english_kit_in_an_english_handout_types_no_marks(tmp_path):
    """Marks go only where a line reads right to left somewhere: the example kit's
    English handout is typed as before, "Police (non-emergency): 020 7946 0789"."""
    result = run_cli(
        "build", "--brand", "example-partnership", "--format", "handout",
        "--out", str(tmp_path), "--no-previews",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    document = docx.Document(str(tmp_path / "example-partnership" / "handout.docx"))
    paragraphs = document.paragraphs + document.sections[0].footer.paragraphs
    assert "Police (non-emergency): 020 7946 0789" in [p.text for p in paragraphs]
    assert not any(set(MARKS) & set(p.text) for p in paragraphs)
