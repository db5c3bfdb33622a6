"""The Word handout, read back with python-docx, its XML, and LibreOffice."""

import datetime as dt
import functools
import inspect
import io
import re
import subprocess
import uuid
import zipfile
from pathlib import Path

import docx
import pikepdf
import pytest
from docx.oxml.ns import qn
from fontTools.ttLib import TTFont
from lxml import etree
from PIL import Image

from mythprint.formats.wordfonts import obfuscate
from mythprint.paths import DEFAULT_BRANDS_DIR, DEFAULT_CONTENT

from .conftest import (
    SOFFICE,
    build_kit,
    libreoffice_pdf,
    pdf_pages_text,
    pdf_text,
    raw_content,
    run_cli,
    squash,
)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {"w": W.strip("{}")}
ALLOWED_RUN_PROPERTIES = {qn("w:rStyle"), qn("w:b"), qn("w:bCs"), qn("w:i"), qn("w:iCs")}


@pytest.fixture(scope="module")
def handout(tmp_path_factory):
    out = tmp_path_factory.mktemp("handout")
    result = run_cli("build", "--format", "handout", "--out", str(out))
    assert result.exit_code == 0, result.output
    return out / "default" / "handout.docx"


@pytest.fixture(scope="module")
def document(handout):
    return docx.Document(str(handout))


def body_paragraphs(document):
    return list(document.paragraphs)


def test_every_myth_word_for_word(document):
    text = squash("".join(p.text for p in document.paragraphs))
    content = raw_content()
    for field in ("title", "intro", "lead_in", "source"):
        assert squash(content[field]) in text
    for myth in content["myths"]:
        assert squash(myth["myth"]) in text and squash(myth["rebuttal"]) in text


def test_paragraph_styles_carry_the_meaning(document):
    styles = [p.style.name for p in document.paragraphs]
    myths = len(raw_content()["myths"])
    assert styles == [
        "Title", "Subtitle", "Normal", "Lead In",
        *["Heading 1", "Fact"] * myths,
        "Source",
    ]  # fmt: skip
    labels = [
        r.style.name
        for p in document.paragraphs
        for r in p.runs
        if r.style.name != ("Default Paragraph Font")
    ]
    assert labels.count("Myth Label") == myths and labels.count("Fact Label") == myths


def test_no_direct_formatting_on_runs_or_paragraphs(document):
    parts = [document.element.body]
    parts += [s.header._element for s in document.sections]
    parts += [s.footer._element for s in document.sections]
    for part in parts:
        for run_properties in part.iter(qn("w:rPr")):
            tags = {child.tag for child in run_properties}
            assert tags <= ALLOWED_RUN_PROPERTIES, tags
        for paragraph_properties in part.iter(qn("w:pPr")):
            assert {child.tag for child in paragraph_properties} <= {qn("w:pStyle")}


def test_accessible_structure(document):
    body = document.element.body
    assert not list(body.iter(qn("w:tbl"))), "no layout tables"
    assert all(p.text.strip() for p in document.paragraphs), "no empty paragraphs as spacing"
    levels = [
        int(p.style.name[-1]) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))
    for style in document.styles:
        justification = style.element.find(f"{W}pPr/{W}jc")
        assert justification is None or justification.get(qn("w:val")) == "left", style.name


def test_the_brand_sets_the_look_in_one_place(document, handout):
    styles = document.styles
    heading = styles["Heading 1"].element
    color = heading.find(f"{W}rPr/{W}color")
    assert color.get(qn("w:val")) == "005A70" and color.get(qn("w:themeColor")) == "accent1"
    assert heading.find(f"{W}rPr/{W}rFonts").get(qn("w:asciiTheme")) == "majorHAnsi"
    # Title and Heading 2 inherit from Heading 1: recolour it and they follow.
    assert styles["Title"].base_style.name == "Heading 1"
    assert styles["Heading 2"].base_style.name == "Heading 1"
    with zipfile.ZipFile(handout) as package:
        theme = package.read("word/theme/theme1.xml").decode()
    assert theme.count('typeface="Atkinson Hyperlegible"') >= 2  # major and minor fonts
    drawing = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    accent = etree.fromstring(theme.encode()).find(f".//{drawing}accent1/{drawing}srgbClr")
    assert accent.get("val") == "005A70"


def test_language_and_core_properties(document):
    defaults = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert defaults.get(qn("w:val")) == "en-GB"
    core = document.core_properties
    assert core.title == "Myth-busting guide to Information sharing"
    assert "myths" in core.subject
    assert core.language == "en-GB"
    assert core.author == ""  # the neutral default kit names no organisation
    # The shipped text has no review date: no date at all, not one made up (1 January 1980)
    assert core.created is None and core.modified is None


def test_a_reviewed_text_dates_the_handout_by_its_review(tmp_path):
    content = tmp_path / "myths.yml"
    content.write_text(
        DEFAULT_CONTENT.read_text(encoding="utf-8") + "\nreviewed: 2026-03-31\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    result = run_cli("build", "--content", str(content), "--format", "handout", "--out", str(out))
    assert result.exit_code == 0, result.output
    core = docx.Document(str(out / "default" / "handout.docx")).core_properties
    assert core.created == core.modified == dt.datetime(2026, 3, 31, tzinfo=dt.UTC)


def test_word_opens_it_as_its_own_and_can_add_a_bulleted_list(handout, tmp_path):
    """python-docx's starting file is Word 2010's: Word 365 opened the handout in
    Compatibility Mode, its properties said 'Microsoft Macintosh Word', and the list styles
    a local editor reaches for were gone ("List Bullet": KeyError)."""
    with zipfile.ZipFile(handout) as package:
        settings = etree.fromstring(package.read("word/settings.xml"))
        app = etree.fromstring(package.read("docProps/app.xml"))
    [mode] = settings.xpath("//w:compatSetting[@w:name='compatibilityMode']/@w:val", namespaces=NS)
    assert mode == "15"
    assert app.findtext("{*}Application") == "mythprint"
    document = docx.Document(str(handout))
    for style in ("List Bullet", "List Number"):
        added = document.add_paragraph("A point of our own", style=style)
        assert added.style.name == style and added.style.base_style.name == "Normal"
        assert added.style.element.pPr.numPr is not None  # numbered by Word, not by hand
    document.save(tmp_path / "edited.docx")
    assert docx.Document(str(tmp_path / "edited.docx")).paragraphs[-1].style.name == "List Number"


def starting_file_parts(handout: Path) -> dict[str, etree._Element]:
    with zipfile.ZipFile(handout) as package:
        return {
            name: etree.fromstring(package.read(f"word/{name}.xml"))
            for name in ("settings", "styles", "fontTable")
        }


def test_word_checks_the_spelling_of_what_a_partnership_types(handout):
    """python-docx's starting file told Word its text was already checked (w:proofState
    "clean"), so Word underlined none of the mistakes a partnership typed into it."""
    settings = starting_file_parts(handout)["settings"]
    assert settings.find(f"{W}proofState") is None


def test_only_the_styles_the_handout_uses_or_an_editor_reaches_for_are_kept(handout, tmp_path):
    """The starting file's hundred table styles, which nothing uses, were a third of a
    megabyte of XML. Word's defaults stay, and Table Grid, which Insert Table applies; Word
    makes any other built-in style afresh from the latent styles when it is chosen."""
    with zipfile.ZipFile(handout) as package:
        styles_xml = package.read("word/styles.xml")
        names = [n for n in package.namelist() if n.endswith(".xml")]
        parts = [etree.fromstring(package.read(name)) for name in names]
    assert len(styles_xml) < 40_000
    styles = etree.fromstring(styles_xml)
    by_type: dict[str, list[str]] = {}
    for style in styles.iter(f"{W}style"):
        by_type.setdefault(style.get(f"{W}type"), []).append(style.get(f"{W}styleId"))
    assert by_type["table"] == ["TableNormal", "TableGrid"]
    assert by_type["numbering"] == ["NoList"]
    defaults = {
        style.get(f"{W}type"): style.get(f"{W}styleId")
        for style in styles.iter(f"{W}style")
        if style.get(f"{W}default") == "1"
    }
    assert defaults == {
        "paragraph": "Normal",
        "character": "DefaultParagraphFont",
        "table": "TableNormal",
        "numbering": "NoList",
    }
    assert len(styles.find(f"{W}latentStyles")) > 100
    # Every style a style, paragraph, run or list level refers to is there: the starting
    # file's list levels name List Bullet 2 and 3, and List Number 2 and 3.
    refs = [f"{W}basedOn", f"{W}next", f"{W}link", f"{W}pStyle", f"{W}rStyle"]
    named = {e.get(f"{W}val") for part in parts for tag in refs for e in part.iter(tag)}
    assert named <= set(sum(by_type.values(), [])), named
    document = docx.Document(str(handout))
    document.add_table(rows=1, cols=2, style="Table Grid")
    document.save(tmp_path / "edited.docx")


def test_the_font_table_lists_the_fonts_the_handout_uses(handout):
    """The starting file's font table listed Cambria, Calibri, Times New Roman, Courier, MS
    Mincho and MS Gothic, the Japanese ones by its Japanese East Asian theme language."""
    read = starting_file_parts(handout)
    fonts = {font.get(f"{W}name") for font in read["fontTable"].iter(f"{W}font")}
    assert fonts == {"Atkinson Hyperlegible", "Arial", "Symbol"}  # text, fallback, bullets
    assert read["settings"].find(f"{W}themeFontLang").get(f"{W}eastAsia") is None


def test_fonts_are_embedded_as_word_does_it(handout):
    with zipfile.ZipFile(handout) as package:
        names = package.namelist()
        content_types = package.read("[Content_Types].xml").decode()
        table = package.read("word/fontTable.xml")
        rels = package.read("word/_rels/fontTable.xml.rels").decode()
        settings = package.read("word/settings.xml").decode()
        fonts = {n: package.read(n) for n in names if n.startswith("word/fonts/")}
    assert "application/vnd.openxmlformats-officedocument.obfuscatedFont" in content_types
    assert "<w:embedTrueTypeFonts/>" in settings
    entry = next(
        f
        for f in etree.fromstring(table).iter(f"{W}font")
        if f.get(f"{W}name") == "Atkinson Hyperlegible"
    )
    slots = [child.tag.removeprefix(W) for child in entry if child.tag.startswith(f"{W}embed")]
    assert slots == ["embedRegular", "embedBold", "embedItalic", "embedBoldItalic"]
    rel_targets = dict(
        (rel.get("Id"), rel.get("Target")) for rel in etree.fromstring(rels.encode())
    )
    styles_found = set()
    for child in entry:
        if not child.tag.startswith(f"{W}embed"):
            continue
        target = "word/" + rel_targets[child.get(qn("r:id"))]
        key = child.get(f"{W}fontKey")
        font = TTFont(io.BytesIO(obfuscate(fonts[target], uuid.UUID(key))))
        assert font["name"].getBestFamilyName() == "Atkinson Hyperlegible"
        styles_found.add(font["name"].getBestSubFamilyName())
    assert styles_found == {"Regular", "Bold", "Italic", "Bold Italic"}


def test_zip_is_reproducible(handout, tmp_path):
    result = run_cli("build", "--format", "handout", "--out", str(tmp_path))
    assert result.exit_code == 0
    assert (tmp_path / "default" / "handout.docx").read_bytes() == handout.read_bytes()
    with zipfile.ZipFile(handout) as package:
        infos = package.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}


def test_logo_sits_in_the_header_with_alt_text_and_contacts_in_the_footer(brands_copy, tmp_path):
    kit = brands_copy / "logo-kit"
    kit.mkdir()
    Image.new("RGB", (600, 200), (0, 90, 112)).save(kit / "logo.png")
    (kit / "_brand.yml").write_text(
        "meta:\n  name: Testshire Safeguarding Children Partnership\n"
        "  link: {home: 'https://testshire.example.org'}\n"
        "logo:\n  images:\n    mark: {path: logo.png, alt: Testshire partnership logo}\n"
        "  medium: mark\n"
        'color:\n  primary: "#005a70"\n'
    )
    result = build_kit(brands_copy, "logo-kit", "handout", tmp_path)
    assert result.exit_code == 0, result.output
    document = docx.Document(str(tmp_path / "logo-kit" / "handout.docx"))
    header = document.sections[0].header._element
    [doc_pr] = header.iter(qn("wp:docPr"))
    assert doc_pr.get("descr") == "Testshire partnership logo"
    # A kit with no contacts: its name and website, then the page number on a line of its
    # own (it ran on after the website: "...example.org/Page 1 of 2").
    details, page = [p.text for p in document.sections[0].footer.paragraphs]
    # The dot between them is held to the name by a no-break space: it never starts a line.
    assert (
        details
        == "Testshire Safeguarding Children Partnership\u00a0· https://testshire.example.org/"
    )
    assert page.startswith("Page ")  # its numbers are Word's fields
    # The website is a link there, as in the text: the one place a reader looks for it.
    footer = document.sections[0].footer
    [link] = footer._element.iter(qn("w:hyperlink"))
    assert link.xpath("string(.)") == "https://testshire.example.org/"
    target = footer.part.rels[link.get(qn("r:id"))]
    assert target.is_external and target.target_ref == "https://testshire.example.org/"
    assert document.core_properties.author == "Testshire Safeguarding Children Partnership"


def test_the_contacts_are_in_the_text_too_not_only_in_the_footer(tmp_path):
    """A screen reader's "say all" in Word skips the footer, and Word's Save as PDF makes it
    an artifact: the numbers to call were read to no one. The body ends with a Contacts
    heading and each contact, label and number; the footer keeps them too."""
    result = build_kit(
        DEFAULT_BRANDS_DIR, "example-partnership", "handout", tmp_path, "--no-previews"
    )
    assert result.exit_code == 0, result.output
    document = docx.Document(str(tmp_path / "example-partnership" / "handout.docx"))
    tail = [(p.text, p.style.name) for p in document.paragraphs[-5:]]
    assert tail == [
        ("Contacts", "Heading 1"),
        ("Worried about a child? Children's Services front door: 01632 960123", "Contact Line"),
        ("Out of hours emergency duty team: 01632 960456", "Contact Line"),
        ("Police (non-emergency): 020 7946 0789", "Contact Line"),
        ("Website: https://www.example.org/", "Contact Line"),
    ]
    contacts = document.paragraphs[-4:-1]
    assert [[r.style.name for r in p.runs][-1] for p in contacts] == ["Strong"] * 3
    footer = squash("".join(p.text for p in document.sections[0].footer.paragraphs))
    assert squash("Police (non-emergency): 020 7946 0789") in footer


def website_links(paragraph) -> list[str]:
    """Where each link of a paragraph leads."""
    rels = paragraph.part.rels
    links = paragraph._p.iter(qn("w:hyperlink"))
    return [rels[link.get(qn("r:id"))].target_ref for link in links]


def test_the_website_is_in_the_text_too_as_a_link(tmp_path):
    """The website was only in the footer, which a screen reader's "say all" skips and Word's
    Save as PDF makes an artifact. The text's contacts end with it, named by the content's
    label, as the web page names it: a link, its address as the footer prints it."""
    result = build_kit(
        DEFAULT_BRANDS_DIR, "example-partnership", "handout", tmp_path, "--no-previews"
    )
    assert result.exit_code == 0, result.output
    document = docx.Document(str(tmp_path / "example-partnership" / "handout.docx"))
    last = document.paragraphs[-1]
    label = raw_content()["labels"]["website"]
    assert last.text == f"{label}: https://www.example.org/"
    assert website_links(last) == ["https://www.example.org/"]
    [link] = last._p.iter(qn("w:hyperlink"))
    assert last.part.rels[link.get(qn("r:id"))].is_external
    assert link.xpath("string(.)") == "https://www.example.org/"
    [footer_link] = document.sections[0].footer._element.iter(qn("w:hyperlink"))
    assert footer_link.xpath("string(.)") == link.xpath("string(.)")


def test_a_kit_with_a_website_and_no_contacts_ends_with_it_under_find_out_more(
    brands_copy, tmp_path
):
    """As the web page heads it: no Contacts heading over no contacts, but the website is
    still in the text, not only in the footer."""
    kit = brands_copy / "web-only"
    kit.mkdir()
    (kit / "_brand.yml").write_text(
        "meta:\n  name: Testshire\n  link: {home: 'https://testshire.example.org'}\n"
        'color:\n  primary: "#005a70"\n'
    )
    result = build_kit(brands_copy, "web-only", "handout", tmp_path, "--no-previews")
    assert result.exit_code == 0, result.output
    document = docx.Document(str(tmp_path / "web-only" / "handout.docx"))
    labels = raw_content()["labels"]
    tail = [(p.text, p.style.name) for p in document.paragraphs[-2:]]
    assert tail == [
        (labels["find_out_more"], "Heading 1"),
        (f"{labels['website']}: https://testshire.example.org/", "Contact Line"),
    ]
    assert website_links(document.paragraphs[-1]) == ["https://testshire.example.org/"]
    assert keeps_with_next(document.paragraphs[-2])


def keeps_with_next(paragraph) -> bool:
    """Whether Word keeps `paragraph` on the page of the next: its style says so, or the
    style it is based on, and so on."""
    style = paragraph.style
    while style is not None:
        if style.paragraph_format.keep_with_next is not None:
            return style.paragraph_format.keep_with_next
        style = style.base_style
    return False


def contacts_section(document) -> list:
    """The paragraphs from the (first) Contacts heading to the end of the text."""
    paragraphs = document.paragraphs
    start = next(i for i, p in enumerate(paragraphs) if p.text == "Contacts")
    return paragraphs[start:]


def test_the_contacts_heading_and_every_contact_keep_together_through_their_style(tmp_path):
    """Found by the Word probe: after ninety words added to an answer, a page ended with
    "Contacts" and one number, and the other numbers were alone on the next. The heading
    kept with the first contact, but the contacts, Normal, kept with nothing. Each now keeps
    with the next through its style, Contact Line, never by direct formatting."""
    result = build_kit(
        DEFAULT_BRANDS_DIR, "example-partnership", "handout", tmp_path, "--no-previews"
    )
    assert result.exit_code == 0, result.output
    document = docx.Document(str(tmp_path / "example-partnership" / "handout.docx"))
    section = contacts_section(document)
    assert len(section) >= 4
    assert all(keeps_with_next(p) for p in section[:-1]), [p.text for p in section]
    assert {p.style.name for p in section[1:]} == {"Contact Line"}
    assert all(p.paragraph_format.keep_with_next is None for p in section)  # not by hand


def test_a_name_longer_than_a_document_property_holds_is_cut_there_and_printed_whole(
    brands_copy, tmp_path
):
    """Word's author property holds 255 characters: a longer name made the handout fail
    'unexpectedly'. The property now ends at a word with an ellipsis; the page keeps it all."""
    name = "Northshire, Southvale and Eastmoor Safeguarding Children Partnership " * 5
    name = name.strip()
    kit = brands_copy / "long-name"
    kit.mkdir()
    (kit / "_brand.yml").write_text(f'meta:\n  name: "{name}"\ncolor:\n  primary: "#005a70"\n')
    result = build_kit(brands_copy, "long-name", "handout", tmp_path)
    assert result.exit_code == 0, result.output
    document = docx.Document(str(tmp_path / "long-name" / "handout.docx"))
    author = document.core_properties.author
    assert len(author) <= 255 and author.endswith("…"), author
    kept = author.removesuffix("…")
    assert name.startswith(kept) and name[len(kept)] == " ", "cut at a word"
    footer_text = " ".join(p.text for p in document.sections[0].footer.paragraphs)
    assert name in footer_text


def test_a_cmyk_jpeg_logo_goes_into_word_as_rgb_and_into_the_pdf_as_given(brands_copy, tmp_path):
    """A print designer's CMYK JPEG (Adobe's marker, no JFIF) failed the handout: python-docx
    cannot read it. Word gets it as an RGB PNG; the poster keeps the JPEG's own inks."""
    kit = brands_copy / "cmyk-logo"
    kit.mkdir()
    Image.new("RGB", (900, 300), (11, 79, 108)).convert("CMYK").save(kit / "logo.jpg", "JPEG")
    (kit / "_brand.yml").write_text(
        "meta:\n  name: Testshire Safeguarding Children Partnership\n"
        "logo:\n  images:\n    mark: {path: logo.jpg, alt: Testshire partnership logo}\n"
        "  medium: mark\n"
        'color:\n  primary: "#005a70"\n'
    )
    for format_name in ("handout", "poster"):
        result = build_kit(brands_copy, "cmyk-logo", format_name, tmp_path, "--no-previews")
        assert result.exit_code == 0, result.output
    with zipfile.ZipFile(tmp_path / "cmyk-logo" / "handout.docx") as package:
        [media] = [name for name in package.namelist() if name.startswith("word/media/")]
        with Image.open(io.BytesIO(package.read(media))) as image:
            assert (image.format, image.mode) == ("PNG", "RGB")
            red, green, blue = image.getpixel((450, 150))
            assert abs(red - 11) + abs(green - 79) + abs(blue - 108) < 30, (red, green, blue)
    with pikepdf.open(tmp_path / "cmyk-logo" / "poster-a3.pdf") as pdf:
        images = [
            image
            for page in pdf.pages
            for image in page.get_images().values()
            if image.get("/Filter") == "/DCTDecode"
        ]
        assert [str(image.ColorSpace) for image in images] == ["/DeviceCMYK"]


def test_a_kit_without_logo_or_name_runs_the_title_in_its_one_footer(document):
    """A kit with no logo and no name ran the guide's title in the page header, right above
    the same title as page 1's heading. A first page of its own (w:titlePg) then needed a
    footer of its own too, and a number corrected in one footer stayed wrong in the other.
    The header is empty, and the one footer, on every page, runs the title beside the page
    number."""
    section = document.sections[0]
    assert not section.different_first_page_header_footer
    assert [(p.text, p.style.name) for p in section.header.paragraphs] == [("", "Header")]
    [footer] = section.footer.paragraphs
    assert footer.text.startswith(f"{document.core_properties.title}\u00a0· Page ")
    assert len(footer._p.findall(f".//{W}fldSimple")) == 2
    sect_pr = document.element.body.find(qn("w:sectPr"))
    for reference in ("w:headerReference", "w:footerReference"):
        assert [ref.get(qn("w:type")) for ref in sect_pr.findall(qn(reference))] == ["default"]


def test_a_kit_with_a_logo_keeps_one_header_on_every_page(tmp_path):
    """The logo is no repeat of the title: page 1 shows it too, from the one header a
    partnership edits to replace it."""
    result = build_kit(
        DEFAULT_BRANDS_DIR, "example-partnership", "handout", tmp_path, "--no-previews"
    )
    assert result.exit_code == 0, result.output
    section = docx.Document(str(tmp_path / "example-partnership" / "handout.docx")).sections[0]
    assert not section.different_first_page_header_footer
    assert list(section.header._element.iter(qn("wp:docPr")))


def test_handout_has_no_press_version(tmp_path):
    result = run_cli("build", "--for", "press", "--format", "handout", "--out", str(tmp_path))
    assert result.exit_code == 2
    assert "no press version" in result.output


@pytest.mark.skipif(SOFFICE is None, reason="needs LibreOffice (.ci/run installs it)")
def test_libreoffice_renders_it_on_two_a4_pages_with_the_embedded_font(handout, tmp_path):
    """A real office suite, on a machine where the font is not installed, uses the embedded one."""
    listed = subprocess.run(["fc-list"], capture_output=True, text=True).stdout
    assert "Atkinson" not in listed, "the font must not be installed system-wide"
    pdf_path = libreoffice_pdf(handout, tmp_path)
    text = squash(pdf_text(pdf_path))
    for myth in raw_content()["myths"]:
        assert squash(myth["myth"]) in text and squash(myth["rebuttal"]) in text
    # The title heads page 1, with nothing above it; each page's foot runs it.
    first, second = (squash(page) for page in pdf_pages_text(pdf_path)[:2])
    title = squash(raw_content()["title"])
    assert first.startswith(title) and first.count(title) == 2
    assert second.count(title) == 1 and second.rindex(title) > len(second) / 2
    with pikepdf.open(pdf_path) as pdf:
        assert 1 <= len(pdf.pages) <= 2
        for page in pdf.pages:
            width, height = (float(v) for v in page.MediaBox[2:])
            assert (round(width), round(height)) == (595, 842)
        fonts = {str(font.BaseFont) for page in pdf.pages for font in page.Resources.Font.values()}
        embedded = [
            font
            for page in pdf.pages
            for font in page.Resources.Font.values()
            if "/FontFile2" in font.get("/FontDescriptor", {})
        ]
    assert any("AtkinsonHyperlegible" in name for name in fonts), fonts
    assert embedded


def test_svg_logo_is_rasterised_at_print_resolution_for_word(brands_copy, tmp_path):
    kit = brands_copy / "svg-kit"
    kit.mkdir()
    (kit / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40">'
        '<rect width="120" height="40" rx="6" fill="#005a70"/></svg>'
    )
    (kit / "_brand.yml").write_text(
        "meta:\n  name: Testshire\n"
        "logo:\n  images:\n    mark: {path: logo.svg, alt: Testshire logo}\n  medium: mark\n"
        'color:\n  primary: "#005a70"\n'
    )
    result = build_kit(brands_copy, "svg-kit", "handout", tmp_path)
    assert result.exit_code == 0, result.output
    document = docx.Document(str(tmp_path / "svg-kit" / "handout.docx"))
    [shape] = document.sections[0].header.paragraphs[0].runs[0]._r.iter(qn("wp:inline"))
    [doc_pr] = shape.iter(qn("wp:docPr"))
    assert doc_pr.get("descr") == "Testshire logo"
    placed_inches = int(shape.find(qn("wp:extent")).get("cx")) / 914400
    image_part = document.sections[0].header.part.related_parts[
        next(shape.iter(qn("a:blip"))).get(qn("r:embed"))
    ]
    image = Image.open(io.BytesIO(image_part.blob))
    assert image.width / placed_inches >= 300
    assert image.width / image.height == pytest.approx(3, rel=0.02)


@pytest.mark.skipif(SOFFICE is None, reason="needs LibreOffice (.ci/run installs it)")
@pytest.mark.parametrize("words", [150, 160, 170])
def test_libreoffice_keeps_the_contacts_on_one_page_as_the_text_grows(words, tmp_path):
    """The text grows by `words` (in the source line, which breaks anywhere), so that the
    end of page 2 falls inside the contacts, before each in turn: the heading and the
    contacts go to page 3 together, and the numbers are never parted from each other."""
    content = tmp_path / "myths.yml"
    added = " ".join(["information"] * words)
    text = DEFAULT_CONTENT.read_text(encoding="utf-8")
    source = "source: From Working Together 2018 consultation document\n"
    assert source in text
    content.write_text(text.replace(source, source.rstrip() + f" {added}\n"), encoding="utf-8")
    result = build_kit(
        DEFAULT_BRANDS_DIR, "example-partnership", "handout", tmp_path,
        "--content", str(content), "--no-previews",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    pdf = libreoffice_pdf(tmp_path / "example-partnership" / "handout.docx", tmp_path)
    name = "Exampleshire Safeguarding Children Partnership"  # the footer's first line
    bodies = [squash(page.split(name)[0]) for page in pdf_pages_text(pdf)]
    contacts = [
        squash(part)
        for part in (
            "Contacts", "01632 960123", "01632 960456", "020 7946 0789", "www.example.org"
        )
    ]  # fmt: skip
    pages = {index for index, body in enumerate(bodies) for part in contacts if part in body}
    assert len(pages) == 1, [(part, [part in body for body in bodies]) for part in contacts]
    assert all(part in bodies[-1] for part in contacts)


@functools.cache
def word_sequences() -> dict[str, list[str]]:
    """ECMA-376's order of the children of each WordprocessingML element python-docx knows
    (pPr, rPr, style, sectPr, settings, ...), read from the `_tag_seq` in its classes'
    source, which the classes themselves do not keep."""
    from docx.oxml.ns import qn
    from docx.oxml.parser import element_class_lookup

    sequences = {}
    for tag, element_class in element_class_lookup.get_namespace(NS["w"]).items():
        listed = re.search(r"_tag_seq = \((.*?)\)", inspect.getsource(element_class), re.S)
        if listed:
            sequences[W + tag.decode()] = [qn(t) for t in re.findall(r'"(w:\w+)"', listed[1])]
    return sequences


def out_of_schema_order(path) -> list[str]:
    """Elements of a Word file whose children break that order: LibreOffice reads them,
    but Word may drop the properties out of order, or call the file unreadable."""
    sequences = word_sequences()
    assert {W + "pPr", W + "rPr", W + "style"} <= sequences.keys()
    found = []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if not name.startswith("word/") or not name.endswith(".xml"):
                continue
            for element in etree.fromstring(archive.read(name)).iter():
                sequence = sequences.get(element.tag, [])
                places = [sequence.index(c.tag) for c in element if c.tag in sequence]
                if places != sorted(places):
                    children = " ".join(etree.QName(c).localname for c in element)
                    found.append(f"{name}: {etree.QName(element).localname}: {children}")
    return found


@pytest.mark.parametrize("kit", ["default", "example-partnership"])
def test_every_property_is_in_the_order_word_requires(kit, tmp_path):
    result = run_cli("build", "--brand", kit, "--format", "handout", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert out_of_schema_order(tmp_path / kit / "handout.docx") == []


@pytest.mark.skipif(SOFFICE is None, reason="needs LibreOffice (.ci/run installs it)")
def test_the_text_of_every_page_starts_clear_of_the_logo(tmp_path):
    """The 14 mm logo runs past the top margin, and the text started right under it, 2 mm
    below: page 2's first heading all but touched it (found by the Word probe)."""
    import pypdfium2
    import pypdfium2.raw as pdfium_raw

    result = build_kit(
        DEFAULT_BRANDS_DIR, "example-partnership", "handout", tmp_path, "--no-previews"
    )
    assert result.exit_code == 0, result.output
    pdf = libreoffice_pdf(tmp_path / "example-partnership" / "handout.docx", tmp_path)
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        for page in document:
            [logo] = list(page.get_objects(filter=[pdfium_raw.FPDF_PAGEOBJ_IMAGE]))
            logo_bottom = logo.get_bounds()[1]
            text = page.get_textpage()
            tops = [text.get_charbox(i)[3] for i in range(text.count_chars())]
            below = [top for top in tops if top < logo_bottom]
            gap_mm = (logo_bottom - max(below)) / 72 * 25.4
            assert gap_mm >= 5, gap_mm
    finally:
        document.close()
