"""Right-to-left documents: the content's direction on every page, the phone numbers and
addresses inside it kept as left-to-right runs, and the leaflet mirrored."""

import dataclasses
import datetime as dt
import re
import zipfile
from pathlib import Path

import pikepdf
import pypdfium2
import pytest
from lxml import etree

from mythprint.formats.registry import FORMATS, jobs_for
from mythprint.formats.web import web_edition
from mythprint.inputs.brand import load_brand
from mythprint.inputs.content import load_content
from mythprint.paths import DEFAULT_BRANDS_DIR, DEFAULT_CONTENT
from mythprint.pdf.render import Renderer

from .conftest import LEAFLET_COLUMNS_MM, panel_text, raw_content, run_cli, squash, tagged_text
from .test_press import PT_PER_MM, mark_lines

EXAMPLE = "example-partnership"  # the shipped kit with contacts, a QR code and a home page
PX_PER_MM = 96 / 25.4
SHEET_MM = 297  # the leaflet's sheet, A4 landscape


def renderer_for(direction: str, slug: str = EXAMPLE) -> Renderer:
    content = dataclasses.replace(
        load_content(DEFAULT_CONTENT), direction=direction, reviewed=dt.date(2026, 4, 1)
    )
    return Renderer(content, load_brand(DEFAULT_BRANDS_DIR, slug))


def printed_pages(renderer: Renderer) -> dict[str, str]:
    """The HTML of every PDF the kit prints, and of its web edition, by file name."""
    pages = {
        job.filename: FORMATS[job.format].sample_html(renderer, job)
        for job in jobs_for(("poster", "myth-posters", "leaflet"), renderer.content)
    }
    pages["web/index.html"] = web_edition(renderer, [])["web/index.html"].decode()
    return pages


@pytest.mark.parametrize("direction", ["ltr", "rtl"])
def test_every_page_says_its_language_and_direction_on_html(direction):
    pages = printed_pages(renderer_for(direction))
    assert len(pages) == 8
    for name, html in pages.items():
        [tag] = re.findall(r"<html[^>]*>", html)
        assert tag == f'<html lang="en-GB" dir="{direction}">', name


def _isolated(html: str) -> list[str]:
    return re.findall(r'<bdi dir="ltr">(.*?)</bdi>', html)


def test_in_rtl_phone_numbers_and_addresses_are_left_to_right_runs_and_dates_are_not():
    """A date is written with the content's own words ("1 اپریل 2026"), so it reads in the
    content's direction; bidi keeps its numbers left to right on its own."""
    renderer = renderer_for("rtl")
    brand = renderer.brand
    phones = [contact.value for contact in brand.contacts]
    date = renderer.content.labels.date(renderer.content.reviewed)
    for name, html in printed_pages(renderer).items():
        isolated = _isolated(html)
        assert all(phone in isolated for phone in phones), name
        assert date in html and date not in isolated, name
        if name != "web/index.html":
            # The publisher's home page: its link isolated whole (one link, not two).
            assert '<a href="https://www.example.org/">www.example.org</a>' in isolated, name
            # The QR code's address: a left-to-right paragraph, its link holding no <bdi>.
            qr = f'<p class="qr__url" dir="ltr"><a class="qr__link" href="{brand.qr_url}">'
            assert qr + "www\u200b.example" in html, name


def test_in_ltr_nothing_is_isolated_so_english_prints_as_it_always_has():
    for name, html in printed_pages(renderer_for("ltr")).items():
        assert _isolated(html) == [], name
        assert "<bdi" not in html, name


def _leaflet_boxes(renderer: Renderer) -> dict[str, tuple[float, float]]:
    """Each panel and myth card of the leaflet's layout: its left edge and width, in mm."""
    [job] = FORMATS["leaflet"].jobs(renderer.content)
    html = FORMATS["leaflet"].sample_html(renderer, job)
    found = {}
    for page in renderer.layout(html, job.stylesheets).pages:
        for box in boxes(page._page_box):
            if box.element_tag in ("section", "article"):  # a panel, a myth's card
                name = box.element.get("data-panel") or box.element.get("data-myth")
                found[name] = (box.border_box_x() / PX_PER_MM, box.border_width() / PX_PER_MM)
    return found


def boxes(box):
    yield box
    for child in getattr(box, "children", ()):
        yield from boxes(child)


def test_the_rtl_leaflet_is_the_ltr_one_in_a_mirror_panel_by_panel():
    """A book that opens the other way: each panel, the 97 mm flap and its back among them,
    and each myth's card, stands where its left-to-right twin's mirror image is."""
    ltr = _leaflet_boxes(renderer_for("ltr", "default"))
    rtl = _leaflet_boxes(renderer_for("rtl", "default"))
    assert set(ltr) == set(rtl) and len(ltr) == 6 + 5
    for name, (left, width) in ltr.items():
        assert rtl[name][0] == pytest.approx(SHEET_MM - left - width, abs=0.01), name
        assert rtl[name][1] == pytest.approx(width, abs=0.01), name
    assert rtl["front cover"][0] == pytest.approx(0) and rtl["inside flap"][1] == 97
    assert rtl["inside panel 1"][0] == pytest.approx(197) and rtl["inside panel 3"][0] == 0


@pytest.fixture(scope="module")
def rtl_leaflets(tmp_path_factory) -> Path:
    """The shipped English text, set right to left: the default kit's leaflet, for the
    office and for the press (with marks)."""
    folder = tmp_path_factory.mktemp("rtl-leaflet")
    content = folder / "myths.yml"
    content.write_text(
        DEFAULT_CONTENT.read_text(encoding="utf-8") + "\ndirection: rtl\n", encoding="utf-8"
    )
    for options in ((), ("--for", "press", "--marks")):
        result = run_cli(
            "build", "--content", str(content), "--format", "leaflet", "--out",
            str(folder / "out"), "--no-previews", *options,
        )  # fmt: skip
        assert result.exit_code == 0, result.output
    return folder / "out" / "default"


def test_the_rtl_press_leaflet_folds_where_its_mirrored_panels_meet(rtl_leaflets):
    with pikepdf.open(rtl_leaflets / "press" / "leaflet-dl.pdf") as pdf:
        for page, folds in zip(pdf.pages, ((100, 200), (97, 197)), strict=True):
            trim = [float(v) for v in page.obj.TrimBox]
            xs = {round((x0 - trim[0]) / PT_PER_MM, 2) for x0, _, _, _ in mark_lines(page)}
            # Crop marks stand on the trim's edges and beyond; fold marks inside its width.
            assert sorted(x for x in xs if 0 < x < SHEET_MM) == list(folds)


def test_the_rtl_leaflets_cover_is_on_the_left_and_bleeds_there(rtl_leaflets):
    """Seen as printed: the cover's colour runs from the left bleed to the first fold."""
    document = pypdfium2.PdfDocument(str(rtl_leaflets / "press" / "leaflet-dl.pdf"))
    page = document[0]
    image = page.render(scale=2).to_pil().convert("RGB")
    media_left, _, _, media_top = page.get_mediabox()
    trim_left, trim_bottom, _, trim_top = page.get_trimbox()
    document.close()
    middle = round((media_top - (trim_top + trim_bottom) / 2) * 2)

    def at(mm: float) -> tuple[int, int, int]:
        return image.getpixel((round((trim_left - media_left + mm * PT_PER_MM) * 2), middle))

    cover = at(-1.5)  # in the left bleed
    assert cover != (255, 255, 255)
    assert at(98) == cover and at(102) == (255, 255, 255) and at(295) == (255, 255, 255)


def first_words(text: str, count: int = 4) -> str:
    """The first words of `text`, squashed: the bidi rules move the punctuation at the end of
    a line of English set right to left (".children") in the text, but not the words."""
    return squash(" ".join(text.split()[:count]))


@pytest.mark.parametrize("folder", ["", "press/"])
def test_the_rtl_leaflets_tag_tree_still_reads_cover_inside_flap_then_back(rtl_leaflets, folder):
    text = squash(tagged_text(rtl_leaflets / folder / "leaflet-dl.pdf"))
    content = raw_content()
    order = [
        content["title"],
        content["intro"],
        *(myth["myth"] for myth in content["myths"]),
        content["myths"][4]["rebuttal"],
        content["source"],
    ]
    positions = [text.index(first_words(piece)) for piece in order]
    assert positions == sorted(positions)


@pytest.mark.parametrize("folder", ["", "press/"])
def test_the_rtl_leaflet_opens_on_the_introduction_at_the_right(rtl_leaflets, folder):
    """Mirrored, opening the cover shows inside panel 1 (page 2's right) at the right, read
    first, beside the flap (page 1's right): the introduction, then the flap's myths."""
    content = raw_content()
    path = rtl_leaflets / folder / "leaflet-dl.pdf"
    outside, inside = (
        [(SHEET_MM - right, SHEET_MM - left) for left, right in page] for page in LEAFLET_COLUMNS_MM
    )
    first = squash(panel_text(path, 1, *inside[0]))
    flap = squash(panel_text(path, 0, *outside[0]))
    assert first.startswith(first_words(content["intro"]))
    assert first_words(content["intro"]) not in flap
    # A myth's first line, read off the page, holds its label last ("The Data Protection
    # Myth"): its first three words are whole.
    assert first_words(content["myths"][0]["myth"], 3) in first
    assert first_words(content["myths"][1]["myth"], 3) in flap


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def handout_parts(folder: Path, direction: str) -> dict[str, etree._Element]:
    """The Word handout of the shipped text in `direction`: its styles and its body, as XML."""
    content = folder / "myths.yml"
    content.write_text(
        DEFAULT_CONTENT.read_text(encoding="utf-8") + f"\ndirection: {direction}\n",
        encoding="utf-8",
    )
    out = folder / "out"
    result = run_cli(
        "build", "--content", str(content), "--format", "handout", "--out", str(out),
        "--no-previews",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out / "default" / "handout.docx") as docx_zip:
        return {
            name: etree.fromstring(docx_zip.read(f"word/{name}.xml"))
            for name in ("styles", "document")
        }


def style_chain(styles: etree._Element, *style_ids: str | None) -> list[etree._Element]:
    """Where Word looks for a property, nearest first: each of `style_ids` (a run's
    character style, then its paragraph's; None for none) and the styles it is based on,
    in turn, then the document defaults."""
    by_id = {style.get(f"{W}styleId"): style for style in styles.iter(f"{W}style")}
    chain = []
    for style_id in style_ids:
        while style_id is not None:
            chain.append(by_id[style_id])
            based_on = by_id[style_id].find(f"{W}basedOn")
            style_id = based_on.get(f"{W}val") if based_on is not None else None
    return [*chain, styles.find(f"{W}docDefaults")]


# The script each right-to-left language is written in, as a Word theme names its fonts.
THEME_SCRIPTS = {"ur": "Arab", "ar": "Arab", "fa": "Arab", "ps": "Arab", "he": "Hebr"}


def complex_script_font(handout: Path, style_id: str | None) -> str | None:
    """The font Word and LibreOffice set a style's right-to-left text in: its w:cs, or the
    theme's font its w:cstheme names (majorBidi, minorBidi): the theme's font for the
    script of the language w:themeFontLang's w:bidi names, else its complex-script font."""
    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    with zipfile.ZipFile(handout) as package:
        styles, theme, settings = (
            etree.fromstring(package.read(f"word/{name}.xml"))
            for name in ("styles", "theme/theme1", "settings")
        )
    for element in style_chain(styles, style_id):
        for fonts in element.iter(f"{W}rFonts"):
            if fonts.get(f"{W}cstheme") is not None:
                slot = "majorFont" if fonts.get(f"{W}cstheme").startswith("major") else "minorFont"
                scheme = theme.find(f".//{a}{slot}")
                language = settings.find(f"{W}themeFontLang").get(f"{W}bidi") or ""
                script = THEME_SCRIPTS.get(language.split("-")[0])
                own = scheme.find(f"{a}font[@script='{script}']")
                return (own if own is not None else scheme.find(f"{a}cs")).get("typeface")
            if fonts.get(f"{W}cs") is not None:
                return fonts.get(f"{W}cs")
    return None


def resolved(styles: etree._Element, style_id: str | None, tag: str) -> etree._Element | None:
    """Property `tag` (say w:bidi) of a paragraph in style `style_id`, as Word resolves it:
    from the style, else the style it is based on, and so on, else the document defaults."""
    found = (element.find(f".//{W}{tag}") for element in style_chain(styles, style_id))
    return next((element for element in found if element is not None), None)


def test_the_rtl_handout_is_right_to_left_through_its_styles(tmp_path):
    """Every paragraph reads right to left (w:bidi) and every run is complex script (w:rtl,
    its font the theme's complex-script one, its language w:bidi), set in the styles, not
    on the paragraphs."""
    parts = handout_parts(tmp_path, "rtl")
    styles, body = parts["styles"], parts["document"].find(f"{W}body")
    paragraphs = body.findall(f"{W}p")
    assert len(paragraphs) > 10
    for paragraph in paragraphs:
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        style_id = style.get(f"{W}val") if style is not None else "Normal"
        bidi = resolved(styles, style_id, "bidi")
        assert bidi is not None and bidi.get(f"{W}val") in (None, "1", "true"), style_id
        assert paragraph.find(f"{W}pPr/{W}bidi") is None  # not as direct formatting
    run_defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert run_defaults.find(f"{W}rtl") is not None
    handout = tmp_path / "out" / "default" / "handout.docx"
    assert complex_script_font(handout, "Normal") == "Atkinson Hyperlegible"
    assert run_defaults.find(f"{W}lang").get(f"{W}bidi") == "en-GB"
    # Runs take it from the styles too; only English words are runs of their own, read
    # left to right (see test_urdu): this text is English set right to left, every word.
    assert {rtl.get(f"{W}val") for rtl in body.iter(f"{W}rtl")} == {"0"}


def test_the_ltr_handout_has_no_right_to_left_properties(tmp_path):
    parts = handout_parts(tmp_path, "ltr")
    for tag in ("bidi", "rtl"):
        assert not list(parts["styles"].iter(f"{W}{tag}")), tag
        assert not list(parts["document"].iter(f"{W}{tag}")), tag
