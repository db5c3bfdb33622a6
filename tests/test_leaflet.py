"""The DL leaflet: fold geometry, whole myths in fixed panels, a balanced inside spread, and
folded reading order."""

import json
import re

import pikepdf
import pytest

from mythprint.batch.build import load_inputs, render_job
from mythprint.formats.leaflet import MYTH_HOLDERS, inspect
from mythprint.formats.registry import FORMATS
from mythprint.formats.spread import FILL_FLOOR
from mythprint.inputs.brand import load_brand
from mythprint.inputs.content import load_content
from mythprint.paths import DEFAULT_BRANDS_DIR, DEFAULT_CONTENT
from mythprint.pdf.finishing import struct_elements
from mythprint.pdf.render import Renderer

from .conftest import (
    LEAFLET_COLUMNS_MM,
    _marked_text,
    panel_ends,
    panel_text,
    pdf_text,
    raw_content,
    run_cli,
    squash,
    tagged_text,
)
from .test_cli import LONG_REBUTTAL, write_content
from .test_tags import kids_of, text_below

PX_PER_MM = 96 / 25.4
# The inside panels end within this fraction of the page's height of each other.
BALANCE = 0.15
SHIPPED_KITS = ("default", "example-partnership")


@pytest.fixture(scope="module")
def leaflet(tmp_path_factory):
    out = tmp_path_factory.mktemp("leaflet")
    result = run_cli("build", "--format", "leaflet", "--out", str(out))
    assert result.exit_code == 0, result.output
    return out / "default" / "leaflet-dl.pdf"


@pytest.fixture(scope="module")
def fitted():
    """The leaflet's final layout, as the build fits it."""
    return fit_leaflet(DEFAULT_CONTENT)


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    """Both shipped kits' leaflets, for the office and for the press (with marks)."""
    out = tmp_path_factory.mktemp("shipped")
    for options in ((), ("--for", "press", "--marks")):
        brands = ",".join(SHIPPED_KITS)
        result = run_cli(
            "build", "--brand", brands, "--format", "leaflet", "--out", str(out), *options
        )
        assert result.exit_code == 0, result.output
    return out


def fit_leaflet(content_path):
    """The leaflet's final layout for the text in `content_path`, as the build fits it."""
    renderer = Renderer(load_content(content_path), load_brand(DEFAULT_BRANDS_DIR, "default"))
    [job] = FORMATS["leaflet"].jobs(renderer.content)
    layouts = []

    def layout_at(size_pt, **extra):
        html = renderer.html(job.template, size_pt, **extra)
        layouts.append(renderer.layout(html, job.stylesheets))
        return layouts[-1], html

    fit = FORMATS["leaflet"].fit_job(layout_at, job, "leaflet-dl.pdf", renderer.content, None, None)
    return fit


def test_leaflet_is_two_a4_landscape_pages(leaflet):
    with pikepdf.open(leaflet) as pdf:
        assert len(pdf.pages) == 2
        for page in pdf.pages:
            assert [round(float(v), 2) for v in page.obj.MediaBox] == [0, 0, 841.89, 595.28]
            assert [round(float(v), 2) for v in page.obj.TrimBox] == [0, 0, 841.89, 595.28]


def panel_geometry(document):
    """(page, panel name) -> (left mm, width mm, height mm) of each panel's border box."""
    found = {}
    for number, page in enumerate(document.pages):
        stack = list(page._page_box.children)
        while stack:
            box = stack.pop()
            stack.extend(getattr(box, "children", ()))
            element = getattr(box, "element", None)
            if element is not None and element.get("data-panel") and box.element_tag == "section":
                found[(number, element.get("data-panel"))] = tuple(
                    round(v / PX_PER_MM, 1)
                    for v in (box.border_box_x(), box.border_width(), box.border_height())
                )
    return found


def test_panels_sit_where_the_sheet_folds(fitted):
    assert panel_geometry(fitted.document) == {
        (0, "inside flap"): (0, 97, 210),
        (0, "back cover"): (97, 100, 210),
        (0, "front cover"): (197, 100, 210),
        (1, "inside panel 1"): (0, 100, 210),
        (1, "inside panel 2"): (100, 100, 210),
        (1, "inside panel 3"): (200, 97, 210),
    }


def test_no_panel_overflows_and_every_myth_sits_whole_in_one_panel(fitted):
    panels = inspect(fitted.document)
    assert set(panels) >= set(MYTH_HOLDERS) | {"front cover", "back cover"}
    for panel in panels.values():
        assert panel.used <= panel.available + 0.01, panel
    placed = [myth for name in MYTH_HOLDERS for myth in panels[name].myth_heights]
    assert placed == [m["id"] for m in raw_content()["myths"]]


def test_body_text_is_twelve_point_when_it_fits(fitted):
    assert fitted.size_pt == 12


def test_every_myth_word_for_word(leaflet):
    text = squash(pdf_text(leaflet))
    content = raw_content()
    for field in ("title", "intro", "lead_in", "source"):
        assert squash(content[field]) in text
    for myth in content["myths"]:
        assert squash(myth["myth"]) in text and squash(myth["rebuttal"]) in text


def test_extracted_text_reads_title_then_myths_in_order(leaflet):
    text = squash(pdf_text(leaflet))
    myths = raw_content()["myths"]
    title = squash(raw_content()["title"])
    assert text.index(title) < text.index(squash(myths[0]["myth"]))
    assert text.index(squash(myths[0]["myth"])) < text.index(squash(myths[4]["myth"]))


def test_tag_tree_reads_like_a_folded_leaflet_with_the_back_cover_last(leaflet):
    text = squash(tagged_text(leaflet))
    content = raw_content()
    order = [
        squash(content["title"]),
        squash(content["intro"]),
        squash(content["lead_in"]),
        *(squash(myth["myth"]) for myth in content["myths"]),
        squash(content["myths"][4]["rebuttal"]),
        squash(content["source"]),
    ]
    positions = [text.index(piece) for piece in order]
    assert positions == sorted(positions)


def myths_in(text: str, content: dict) -> list[int]:
    """The index of each myth whose statement `text` holds (squashed), in content order."""
    return [n for n, myth in enumerate(content["myths"]) if squash(myth["myth"]) in text]


@pytest.mark.parametrize("folder", ["", "press/"])
@pytest.mark.parametrize("kit", SHIPPED_KITS)
def test_opening_the_cover_shows_the_introduction_then_the_flap(shipped, kit, folder):
    """Folded, the flap lies under the front cover: opening the cover shows the cover's
    back (inside panel 1, page 2's left) at the left, beside the flap's face (page 1's
    left). Read left to right, the introduction and the first myths come first, then the
    flap, then what unfolding the flap shows (page 2's other panels). The intro and Myth 1
    were on the flap, so a reader met Myth 2, at the left, before them."""
    content = raw_content()
    path = shipped / kit / folder / "leaflet-dl.pdf"
    outside, inside = LEAFLET_COLUMNS_MM
    first = squash(panel_text(path, 1, *inside[0]))
    flap = squash(panel_text(path, 0, *outside[0]))
    rest = squash(panel_text(path, 1, *inside[1]) + panel_text(path, 1, *inside[2]))
    assert first.startswith(squash(content["intro"] + content["lead_in"]))
    assert squash(content["intro"]) not in flap
    read = [myths_in(first, content), myths_in(flap, content), myths_in(rest, content)]
    assert all(read), read  # each holds a myth
    assert [n for panel in read for n in panel] == list(range(len(content["myths"])))
    label = squash(content["labels"]["myth"])
    assert flap.startswith(label + squash(content["myths"][read[1][0]]["myth"]))


@pytest.mark.parametrize("folder", ["", "press/"])
def test_the_tag_tree_meets_the_panels_as_the_leaflet_unfolds(shipped, folder):
    """Screen readers meet the panels in the order they are read: the front cover (page 1),
    inside panel 1 with the introduction (page 2), the flap (page 1), inside panels 2 and
    3 (page 2), and the back cover (page 1). Each panel is one section of the document."""
    content = raw_content()
    path = shipped / "example-partnership" / folder / "leaflet-dl.pdf"
    marked = _marked_text(path)
    with pikepdf.open(path) as pdf:
        pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages)}
        [document] = kids_of(pdf.Root.StructTreeRoot)
        sections = kids_of(document)
        assert [str(section.S) for section in sections] == ["/Sect"] * 6
        assert [pages[section.Pg.objgen] for section in sections] == [0, 1, 0, 1, 1, 0]
        texts = [squash(text_below(section, marked, pages)) for section in sections]
    front, *holders, back = texts
    assert squash(content["title"]) in front and myths_in(front, content) == []
    assert holders[0].startswith(squash(content["intro"] + content["lead_in"]))
    read = [n for text in holders for n in myths_in(text, content)]
    assert read == list(range(len(content["myths"])))
    assert squash(content["source"]) in back and myths_in(back, content) == []


@pytest.mark.parametrize("folder", ["", "press/"])
def test_bookmarks_follow_the_reading_order_with_the_back_cover_last(shipped, folder):
    """A reader who moves by bookmarks meets the parts as one who reads straight through:
    the myths in their order, then the back cover's contacts (page 1, beside the flap)."""
    content = raw_content()
    path = shipped / "example-partnership" / folder / "leaflet-dl.pdf"
    with pikepdf.open(path) as pdf, pdf.open_outline() as outline:
        [title] = outline.root
        marks = [squash(item.title) for item in title.children]
    myths = [squash(f"Myth {myth['myth']}") for myth in content["myths"]]
    assert marks == [*myths, squash(content["labels"]["contacts"])]


@pytest.mark.parametrize("kit", SHIPPED_KITS)
def test_headings_print_whole_words_and_no_myth_ends_with_one_alone(shipped, kit):
    """The cover's title wraps between its words: held together, "Information sharing"
    was wider than the cover and broke as "Information sh" / "aring". Each myth's last
    two words are held together, as on the posters."""
    from .test_posters import last_line_words

    content = raw_content()
    leaflet = shipped / kit / "leaflet-dl.pdf"
    last_line_words(leaflet, content["title"])  # every word of it printed whole
    for myth in content["myths"]:
        assert last_line_words(leaflet, myth["myth"]) >= 2, myth["myth"]


def test_no_line_starts_with_the_separating_dot(shipped):
    """The back cover's "Exampleshire Safeguarding Children Partnership · www.example.org"
    wraps in its panel: the dot stays at the end of a line, never at the start of one."""
    lines = pdf_text(shipped / "example-partnership" / "leaflet-dl.pdf").splitlines()
    assert any("·" in line for line in lines)
    assert not [line for line in lines if line.strip().startswith("·")]


@pytest.mark.parametrize("folder", ["", "press/"])
def test_each_figures_box_is_where_it_is_drawn(shipped, folder):
    """PDF/UA's /BBox of a figure, in the page's coordinates: the QR code's is the box its
    image is drawn in (office files draw it as an image). (The example's logo only names the
    partnership printed beside it: an artifact, not a figure.)"""
    import pypdfium2
    import pypdfium2.raw as pdfium_c

    path = shipped / "example-partnership" / folder / "leaflet-dl.pdf"
    with pikepdf.open(path) as pdf:
        trim = [float(v) for v in pdf.pages[0].TrimBox]
        figures = {
            str(element.Alt).split()[0]: [float(v) for v in element.A.BBox]
            for element in struct_elements(pdf.Root.StructTreeRoot)
            if element.get("/S") == "/Figure"
        }
    assert figures.keys() == {"QR"}
    for x1, y1, x2, y2 in figures.values():
        assert trim[0] <= x1 < x2 <= trim[2] and trim[1] <= y1 < y2 <= trim[3]
    if not folder:
        document = pypdfium2.PdfDocument(str(path))
        kinds = [pdfium_c.FPDF_PAGEOBJ_IMAGE]
        [image] = [o.get_bounds() for o in document[0].get_objects(filter=kinds, max_depth=1)]
        document.close()
        assert figures["QR"] == pytest.approx(list(image), abs=0.1)


def test_page_content_order_is_untouched_by_the_tag_reordering(leaflet):
    """Page 1 still holds the back cover's source line; only the tag tree moved it."""
    with pikepdf.open(leaflet) as pdf:
        assert len(pdf.pages) == 2
    first_page = squash(pdf_text(leaflet).split("\f")[0])
    assert squash(raw_content()["source"]) in squash(pdf_text(leaflet))
    assert first_page


def test_leaflet_is_tagged_pdf_ua(leaflet):
    with pikepdf.open(leaflet) as pdf:
        assert pdf.Root.MarkInfo.Marked is True
        assert str(pdf.Root.Lang) == "en-GB"
        with pdf.open_metadata() as xmp:
            assert xmp.get("pdfuaid:part") == "1"
        assert "flip on short edge" in str(pdf.docinfo["/Subject"])


def test_too_long_myth_fails_naming_the_panel(tmp_path):
    myths = raw_content()["myths"]
    myths[2]["rebuttal"] = LONG_REBUTTAL
    content = write_content(tmp_path / "long.yml", myths=myths)
    result = run_cli(
        "build", "--content", str(content), "--format", "leaflet", "--out", str(tmp_path / "out")
    )
    assert result.exit_code == 1
    [line] = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert "default/leaflet-dl.pdf" in line
    assert "the inside panel 2 overflows" in line and "11 pt floor" in line
    assert "myth 'disclosure-between-organisations'" in line
    assert not (tmp_path / "out" / "default" / "leaflet-dl.pdf").exists()


def test_leaflet_needs_few_layout_passes():
    content, brand = load_inputs(DEFAULT_CONTENT, DEFAULT_BRANDS_DIR, "default")
    [job] = FORMATS["leaflet"].jobs(content)
    rendered = render_job(Renderer(content, brand), job, fingerprint="test")
    assert 1 <= rendered.passes <= 2


@pytest.mark.parametrize("folder", ["", "press/"])
@pytest.mark.parametrize("kit", SHIPPED_KITS)
def test_inside_panels_end_together_and_none_is_under_two_thirds_full(shipped, kit, folder):
    """Printed, the inside spread ends on one line, low on the page: no half-empty panels."""
    ends = panel_ends(shipped / kit / folder / "leaflet-dl.pdf", page=1)
    assert max(ends) - min(ends) <= BALANCE, ends
    assert min(ends) >= FILL_FLOOR, ends


@pytest.mark.parametrize("folder", ["", "press/"])
@pytest.mark.parametrize("kit", SHIPPED_KITS)
def test_the_flap_ends_with_the_inside_panels(shipped, kit, folder):
    """Opening the cover shows the first inside panel beside the flap: they end together."""
    path = shipped / kit / folder / "leaflet-dl.pdf"
    flap = panel_ends(path, page=0)[0]
    assert flap == pytest.approx(panel_ends(path, page=1)[0], abs=0.005)


def test_the_manifest_records_the_fills_the_pdf_shows(shipped):
    outputs = json.loads((shipped / "manifest.json").read_text())["outputs"]
    leaflets = [entry for entry in outputs if entry["format"] == "leaflet"]
    assert len(leaflets) == 4
    for entry in leaflets:
        printed = panel_ends(shipped / entry["path"], page=1)
        assert entry["panel_fill"] == pytest.approx(printed, abs=0.005), entry["path"]


@pytest.mark.parametrize(("factor", "size_pt"), [(4 / 3, 11), (1 / 2, 12)])
def test_a_third_longer_or_half_as_long_is_made_and_balanced(tmp_path, factor, size_pt):
    """Longer myths still fit, at the floor, whole and balanced; short ones balance too,
    though they cannot fill two thirds of three panels."""
    from .test_lengths import write_scaled

    content = write_scaled(tmp_path / "myths.yml", [factor] * 5)
    out = tmp_path / "out"
    result = run_cli("build", "--content", str(content), "--format", "leaflet", "--out", str(out))
    assert result.exit_code == 0, result.output
    [entry] = json.loads((out / "manifest.json").read_text())["outputs"]
    assert entry["font_size_pt"] == size_pt
    ends = panel_ends(out / "default" / "leaflet-dl.pdf", page=1)
    assert max(ends) - min(ends) <= BALANCE, ends
    assert entry["panel_fill"] == pytest.approx(ends, abs=0.005)
    if factor > 1:
        assert min(ends) >= FILL_FLOOR, ends
    panels = inspect(fit_leaflet(content).document)
    placed = [myth for name in MYTH_HOLDERS for myth in panels[name].myth_heights]
    assert placed == [m["id"] for m in raw_content()["myths"]]
    assert all(panel.used <= panel.available + 0.01 for panel in panels.values())


def test_cards_are_drawn_to_the_line_not_padded_with_text(fitted):
    """The balance comes from the cards' height alone: each holds its own myth, no more."""
    text = squash(holders_text(fitted.document))
    content = raw_content()
    expected = squash(content["intro"] + content["lead_in"]) + "".join(
        squash("Myth" + m["myth"] + "Fact" + m["rebuttal"]) for m in content["myths"]
    )
    assert len(text) == len(expected)


def holders_text(document) -> str:
    """The text laid out in the panels that hold myths, in reading order."""
    pieces = []
    for page in document.pages:
        stack = [page._page_box]
        while stack:
            box = stack.pop(0)
            element = getattr(box, "element", None)
            if element is not None and element.get("data-panel") in MYTH_HOLDERS:
                pieces.append(_text(box))
                continue
            stack[:0] = list(getattr(box, "children", ()))
    return "".join(pieces)


def _text(box) -> str:
    text = getattr(box, "text", None)
    if text is not None:
        return text
    return "".join(_text(child) for child in getattr(box, "children", ()))


@pytest.mark.parametrize("kit", SHIPPED_KITS)
def test_the_back_covers_small_print_is_never_below_11_pt(shipped, kit):
    """Leaflets set no word below 11 pt (the print notes): the back cover's source line,
    review note, publisher and the address beside the QR code were 0.9 of the body's
    size, 10.8 pt at its usual 12 pt and 9.9 pt at its floor."""
    import pypdfium2
    import pypdfium2.raw as pdfium_raw

    document = pypdfium2.PdfDocument(str(shipped / kit / "leaflet-dl.pdf"))
    try:
        page = document[0]
        text = page.get_textpage()
        back_mm = (97, 197)  # the middle panel of the outside: the back cover
        sizes = []
        for index in range(text.count_chars()):
            left, _, right, _ = text.get_charbox(index)
            middle_mm = (left + right) / 2 / 72 * 25.4
            if back_mm[0] < middle_mm < back_mm[1] and text.get_text_range(index, 1).strip():
                sizes.append(pdfium_raw.FPDFText_GetFontSize(text.raw, index) * 0.75)
    finally:
        document.close()
    assert len(sizes) > 40  # at least the small print (the default kit has no contacts)
    assert min(sizes) >= 11 - 0.01, sorted(sizes)[:5]


@pytest.mark.parametrize("count", [8, 12])
def test_contacts_too_many_for_the_back_cover_stop_the_leaflet(tmp_path, count):
    """The back cover's small print is placed at its foot. Eight contacts with their hours
    ran down over it, the QR code printed across the source line; twelve ran off the page
    and printed over the inside's second panel. Both leaflets were made, and the build
    said nothing. The error names the back cover, by how much it overflows (twelve too,
    though their panel ran onto the next page), and what to shorten."""
    from .test_failures import TWELVE_LONG_CONTACTS
    from .test_kits import EIGHT_LONG_CONTACTS, kit_with_contacts

    kit_with_contacts(tmp_path / "brands", (EIGHT_LONG_CONTACTS, TWELVE_LONG_CONTACTS)[count > 8])
    result = run_cli(
        "build", "--brands-dir", str(tmp_path / "brands"), "--brand", "northshire",
        "--format", "leaflet", "--no-previews", "--out", str(tmp_path / "out"),
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    [error] = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert error.startswith("Error: northshire/leaflet-dl.pdf: the back cover overflows by")
    assert re.search(
        rf"The kit's {count} contacts need \d+ mm, and it has room for \d of that length\. "
        r"To make them fit, give fewer or shorter contacts \(\d+ fewer, or \d+ mm shorter "
        r"in all\)\.$",
        error,
    ), error
    assert not (tmp_path / "out" / "northshire" / "leaflet-dl.pdf").exists()
