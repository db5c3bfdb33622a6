"""What an accessibility audit found of the gallery and the web edition: a row hidden under
the table's headings, a printout with the headings over a row and blank colour swatches,
a gallery that asks for a favicon.ico on every load, a logo that moves the page as it
loads, and a kit whose missing logo hid the rest of what `check` had to say of it."""

import functools
import http.server
import io
import json
import re
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import pypdfium2
import pytest
from lxml import html as lxml_html
from PIL import Image

from mythprint.batch.gallery import gallery_html
from mythprint.errors import BrandError
from mythprint.formats.web import logo_size
from mythprint.inputs.brand import load_brand, read_kit
from mythprint.paths import DEFAULT_BRANDS_DIR

from .browser import opened
from .test_batch import mythprint
from .test_gallery import COLOURS as KIT_COLOURS
from .test_web import make_web_edition

KITS = 40  # a national batch, as the audit's: the table runs past a screen or two
MYTH_COLOUR = (0xB8, 0x33, 0x6A)
COLOURS = KIT_COLOURS["example-partnership"]
# A row's link is hidden when its focus ring is: the ring is drawn outside the link
FOCUS_RING = (
    "e => parseFloat(getComputedStyle(e).outlineWidth) "
    "+ parseFloat(getComputedStyle(e).outlineOffset)"
)


def slug(number: int) -> str:
    return f"kit{number:02d}"


@pytest.fixture(scope="module")
def national(tmp_path_factory) -> Path:
    """A gallery of 40 kits, the third of them not built (its row marked, as oakfield's)."""
    folder = tmp_path_factory.mktemp("national")
    kits = {
        slug(n): {
            "name": f"Kit {n} Safeguarding Children Partnership",
            "colors": COLOURS,
            "warnings": [f"_brand.yml:55:9: warning {n}"],
        }
        for n in range(1, KITS + 1)
    }
    kits[slug(3)].update(errors=["_brand.yml:21:7: logo 'logo.svg' does not exist"], not_built=True)
    manifest = {"kits": kits, "outputs": []}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    (folder / "index.html").write_text(gallery_html(manifest), encoding="utf-8")
    return folder


def head_and_focus(page) -> dict:
    """Where the focused element is, and its ring's reach, beside the table's headings."""
    return page.evaluate(
        f"""() => {{
        const e = document.activeElement, r = e.getBoundingClientRect();
        const head = document.querySelector('.kits thead th').getBoundingClientRect();
        return {{in_table: !!e.closest('.kits tbody'), text: e.textContent, top: r.top,
                 ring: ({FOCUS_RING})(e), head_top: head.top, head_bottom: head.bottom}};
        }}"""
    )


@pytest.mark.parametrize("size", [(1280, 900), (1920, 1080), (800, 600)])
def test_shift_tab_up_the_overview_never_hides_a_row_under_its_headings(browser, national, size):
    """WCAG 2.4.11: going back up the table from below it, each row's link, focus ring and
    all, comes into view below the headings stuck at the top, not under them."""
    width, height = size
    with opened(browser, national / "index.html", width, height) as seen:
        page = seen.page
        page.locator(".kit__back a").first.focus()  # the first link below the table
        rows = []
        for _ in range(KITS + 1):
            page.keyboard.press("Shift+Tab")
            if (place := head_and_focus(page))["in_table"]:
                rows.append(place)
        assert len(rows) == KITS
        assert sum(place["head_top"] == 0 for place in rows) > KITS // 2  # it was stuck
        hidden = [
            (place["text"], round(place["top"] - place["ring"] - place["head_bottom"], 1))
            for place in rows
            if place["top"] - place["ring"] < place["head_bottom"] - 0.5
        ]
        assert hidden == []


def printed(browser, folder: Path, scroll_to: str, **pdf_options) -> Path:
    """The gallery printed from Chromium as a reader would, the page scrolled to
    `scroll_to` first (where the table's headings were stuck)."""
    path = folder / f"printed-{len(list(folder.glob('printed-*.pdf')))}.pdf"
    with opened(browser, folder / "index.html", 1280) as seen:
        seen.page.locator(scroll_to).scroll_into_view_if_needed()
        seen.page.evaluate("window.scrollBy(0, 300)")
        seen.page.pdf(path=str(path), format="A4", **pdf_options)
    return path


def boxes(textpage, text: str) -> list[tuple[float, float, float, float]]:
    """Each place `text` is printed on the page: (left, bottom, right, top) in points."""
    found, searcher = [], textpage.search(text, match_case=True, match_whole_word=True)
    while (hit := searcher.get_next()) is not None:
        index, count = hit
        first, last = textpage.get_charbox(index), textpage.get_charbox(index + count - 1)
        found.append((first[0], min(first[1], last[1]), last[2], max(first[3], last[3])))
    return found


def overlaps(a, b) -> bool:
    return a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize(
    "margins",
    [{}, {"margin": {side: "10mm" for side in ("top", "right", "bottom", "left")}}],
    ids=["css-margins", "printer-margins"],
)
def test_the_printout_lists_every_kit_under_headings_that_cover_none(browser, national, margins):
    """Printed while scrolled down the table, the headings were drawn where they were stuck,
    over a row (oakfield's "Not built" was lost on paper). On paper they head the table on
    each page it runs to, above every row; each kit's row is printed once, and nothing
    that only works on screen is."""
    pdf = printed(browser, national, ".kits tbody tr:nth-child(12)", **margins)
    document = pypdfium2.PdfDocument(str(pdf))
    rows_seen, text = [], ""
    try:
        for page in document:
            textpage = page.get_textpage()
            text += textpage.get_text_range()
            heads = boxes(textpage, "Needs attention")
            rows = [
                (n, box)
                for n in range(1, KITS + 1)
                for box in boxes(textpage, slug(n))
                # the table's folder column, not the "Kit kit01" under a kit's heading
                if not any(overlaps(box, own) for own in boxes(textpage, f"Kit {slug(n)}"))
            ]
            rows_seen += [n for n, _ in rows]
            if rows:  # a page of the table starts with its headings, above every row
                [head] = heads
                assert all(box[3] < head[1] for _, box in rows), (head, rows)
                assert not [n for n, box in rows if overlaps(box, head)]
    finally:
        document.close()
    assert sorted(rows_seen) == list(range(1, KITS + 1))
    assert "Not built" in text
    assert "Skip to the kits" not in text and "Back to the list of kits" not in text


def test_each_kit_starts_a_printed_page(browser, national):
    pdf = printed(browser, national, ".kits")
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        starts = [page.get_textpage().get_text_range().splitlines()[0] for page in document]
    finally:
        document.close()
    headings = [f"Kit {n} Safeguarding Children Partnership" for n in range(1, KITS + 1)]
    assert [line.strip() for line in starts if line.strip() in headings] == headings


def chip_colour(image: Image.Image, x: float, y: float) -> tuple[int, int, int]:
    return image.convert("RGB").getpixel((round(x), round(y)))


def near(colour, wanted, tolerance: int = 6) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(colour, wanted, strict=True))


def test_a_swatch_keeps_its_colour_on_paper(browser, national):
    """Browsers print no backgrounds unless a page asks: each chip was a blank square."""
    pdf = printed(browser, national, ".kits")
    document = pypdfium2.PdfDocument(str(pdf))
    scale = 2
    try:
        for page in document:
            textpage = page.get_textpage()
            if not (sources := boxes(textpage, "color.secondary")):
                continue
            image = page.render(scale=scale).to_pil()
            height = page.get_size()[1]
            left, bottom, _, top = sources[0]
            # The chip sits 0.5rem left of the words, 2.25rem wide: 6 to 33 pt at 96 to 72
            x, y = (left - 19) * scale, (height - (bottom + top) / 2) * scale
            assert near(chip_colour(image, x, y), MYTH_COLOUR), chip_colour(image, x, y)
            break
        else:
            pytest.fail("no swatch printed")
    finally:
        document.close()


@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_a_swatch_keeps_its_colour_in_forced_colours(browser, national, scheme):
    """Forced colours paint every background the system's: each chip was the same square."""
    options = {"forced_colors": "active", "color_scheme": scheme}
    with opened(browser, national / "index.html", 1280, **options) as seen:
        chip = seen.page.locator("#kit-kit01 .swatch__chip").nth(4)  # the 'Myth' label's
        chip.scroll_into_view_if_needed()
        image = Image.open(io.BytesIO(chip.screenshot()))
        assert near(chip_colour(image, image.width / 2, image.height / 2), MYTH_COLOUR)


def luminance(css: str) -> float:
    """WCAG's relative luminance of a computed colour: rgb(...) or color(srgb ...)."""
    numbers = [float(n) for n in re.findall(r"[\d.]+", css.split("/")[0])]
    channels = [n / 255 for n in numbers[:3]] if css.startswith("rgb") else numbers[:3]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_swatch_of_the_pages_own_colour_is_framed(browser, national, scheme):
    """A chip of the paper's white on a white page (or of the text's near-black on a dark
    one) is seen by its frame alone, which must stand out from the page (3:1)."""
    with opened(browser, national / "index.html", 1280, color_scheme=scheme) as seen:
        chip = seen.page.locator("#kit-kit01 .swatch__chip").nth(1)
        border = luminance(chip.evaluate("e => getComputedStyle(e).borderTopColor"))
        page = seen.page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
        lighter, darker = max(border, luminance(page)), min(border, luminance(page))
        assert (lighter + 0.05) / (darker + 0.05) >= 3, (scheme, border, page)


# --- no favicon.ico, and a logo that keeps its room ---


@contextmanager
def served(folder: Path):
    """`folder` over HTTP on loopback, as from a shared drive's server; yields its address
    and the paths of the requests it could not answer."""
    missing: list[str] = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format, *args):
            if len(args) > 1 and str(args[1]) == "404":
                missing.append(str(args[0]))

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(folder))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", missing
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def editions(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("editions")
    for kit in ("default", "example-partnership"):
        make_web_edition(folder, kit)
    return folder


def icons(path: Path) -> list[str]:
    tree = lxml_html.document_fromstring(path.read_bytes())
    return tree.xpath("//link[@rel='icon']/@href")


def test_the_gallery_names_its_icon_in_itself_and_asks_the_server_for_nothing_missing(
    browser, national
):
    """A page that names no icon makes the browser ask for /favicon.ico: from a shared
    drive's server, a 404 on each load of the gallery. It names an empty one in a data:
    address, which asks nothing of any server."""
    assert icons(national / "index.html") == ["data:,"]
    with served(national) as (address, missing):
        context = browser.new_context()
        try:
            context.new_page().goto(f"{address}/index.html", wait_until="networkidle")
        finally:
            context.close()
    assert missing == []


def test_the_web_edition_leaves_the_icon_to_the_website_it_is_put_on(editions):
    """The web edition is made to be copied to the partnership's website, whose own icon
    (its favicon.ico) a browser shows for a page that names none: an icon of the page's
    own would hide the site's."""
    for page in sorted(editions.glob("*/web/index*.html")):
        assert icons(page) == [], page


def logo_box(page) -> dict:
    return page.evaluate(
        """() => { const r = document.querySelector('.logo').getBoundingClientRect();
        const name = document.querySelector('.brand-name').getBoundingClientRect();
        return {width: r.width, height: r.height, name_left: name.left, name_top: name.top}; }"""
    )


# Shifts of layout, each with the time of the frame it came in; rendered() waits until the
# frames asked for so far are painted and their shifts recorded (an observer is told of a
# shift only after its frame, so a shift read at once can still be on its way).
SHIFTS = """
window.shifts = [];
window.shiftObserver = new PerformanceObserver(list => window.shifts.push(...list.getEntries()));
window.shiftObserver.observe({type: 'layout-shift', buffered: true});
window.rendered = () => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(
    () => { window.shifts.push(...window.shiftObserver.takeRecords()); done(); })));
"""


@pytest.mark.parametrize("width", [1280, 320])
def test_the_logo_keeps_its_room_while_it_loads(browser, editions, width):
    """Without a width and height the logo had no shape until it loaded, and the name beside
    it, and the page below, moved when it came (layout shift 0.03 to 0.08).

    Only shifts after the logo is let go count: the page's own fonts arriving move the text
    while it loads (0.01 to 0.07 here), and how late they come is the machine's to say."""
    with served(editions) as (address, _):
        context = browser.new_context(viewport={"width": width, "height": 900})
        try:
            page = context.new_page()
            page.add_init_script(SHIFTS)
            held = []
            page.route(
                "**/logo.svg", lambda route: held.append(route)
            )  # the logo waits until it is let go
            page.goto(f"{address}/example-partnership/web/index.html", wait_until="commit")
            page.wait_for_function(
                "document.readyState !== 'loading' "
                "&& document.querySelector('link[rel=stylesheet]').sheet !== null"
            )
            # Laid out and painted, with the fonts it asks for in place: only the logo is to come
            page.evaluate("async () => { await document.fonts.ready; await window.rendered(); }")
            assert len(held) == 1 and not page.evaluate("document.querySelector('.logo').complete")
            before, let_go = logo_box(page), page.evaluate("performance.now()")
            held[0].continue_()
            page.wait_for_function(
                "document.querySelector('.logo').complete "
                "&& document.querySelector('.logo').naturalWidth > 0"
            )
            page.evaluate("window.rendered()")
            after = logo_box(page)
            assert before == after
            assert after["width"] > 0 and after["height"] > 0
            moved = page.evaluate(
                "t => window.shifts.filter(s => s.startTime >= t).map(s => s.value)", let_go
            )
            assert moved == []
        finally:
            context.close()


# --- a kit whose logo is missing: one error among all check has to say ---


@pytest.fixture
def logo_gone(tmp_path) -> Path:
    """The example kit, its logo file deleted: its drama numbers and example.org stay."""
    brands = tmp_path / "brands"
    shutil.copytree(DEFAULT_BRANDS_DIR / "example-partnership", brands / "oakfield")
    shutil.copytree(DEFAULT_BRANDS_DIR / "default", brands / "default")
    (brands / "oakfield" / "logo.svg").unlink()
    return brands


def test_check_lists_a_missing_logo_with_the_kits_other_warnings(logo_gone, tmp_path):
    """README: "All the problems in a file are listed at once". check stopped at the logo,
    and hid the kit's five warnings until it was mended."""
    result = mythprint("check", "--brands-dir", str(logo_gone), "--brand", "oakfield", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "logo 'logo.svg' does not exist in the kit folder" in errors[0]
    warnings = [line for line in result.stderr.splitlines() if "oakfield/_brand.yml" in line]
    assert sum("Ofcom drama number" in line for line in warnings) == 3
    assert sum("reserved for examples" in line for line in warnings) == 2
    assert "Traceback" not in result.stderr
    assert "oakfield: 1 error, 5 warnings" in result.stdout


def test_a_build_shows_such_a_kit_by_its_name_with_its_warnings(logo_gone, tmp_path):
    out = tmp_path / "out"
    result = mythprint(
        "build", "--brands-dir", str(logo_gone), "--brand", "all", "--format", "poster",
        "--no-previews", "--out", str(out), cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert "oakfield: not built" in result.stdout
    info = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["kits"]["oakfield"]
    assert info["name"] == "Exampleshire Safeguarding Children Partnership"
    assert info["not_built"] is True and len(info["warnings"]) == 5
    assert info["errors"] == ["_brand.yml:21:7: logo 'logo.svg' does not exist in the kit folder"]
    tree = lxml_html.document_fromstring((out / "index.html").read_bytes())
    [_, row] = tree.xpath("//table[@class='kits']/tbody/tr")
    cells = [" ".join(cell.text_content().split()) for cell in row.xpath("th | td")]
    assert cells[0] == "Exampleshire Safeguarding Children Partnership"
    assert cells[3] == "5 warnings" and cells[4] == "Not built"
    assert not list(out.glob("oakfield/*.pdf"))


def test_every_other_reader_of_kits_still_refuses_it(logo_gone):
    """The studio, `list` and a render load kits whole: the logo's error is theirs too."""
    with pytest.raises(BrandError) as refused:
        load_brand(logo_gone, "oakfield")
    [problem] = refused.value.problems
    assert "logo 'logo.svg' does not exist" in str(problem)
    brand = read_kit(logo_gone, "oakfield")
    assert brand.logo is None and brand.problems == (problem,)
    assert read_kit(DEFAULT_BRANDS_DIR, "example-partnership").problems == ()


def test_a_missing_logo_and_another_mistake_are_said_together(logo_gone):
    """Any other problem still stops the kit as it is read, the logo's said with it."""
    brand_file = logo_gone / "oakfield" / "_brand.yml"
    text = brand_file.read_text(encoding="utf-8")
    brand_file.write_text(text.replace("primary: harbour-blue", 'primary: "#zz1234"', 1))
    with pytest.raises(BrandError) as refused:
        read_kit(logo_gone, "oakfield")
    said = [str(problem) for problem in refused.value.problems]
    assert any("color.primary" in line for line in said), said
    assert any("logo 'logo.svg' does not exist" in line for line in said), said


@pytest.mark.parametrize(
    ("aspect", "shape"),
    [(120 / 110, (60, 55)), (4.0, (224, 56)), (1 / 5000, (1, 1000)), (None, (300, 150))],
)
def test_an_svg_logos_width_and_height_keep_its_shape_and_never_lose_a_side(aspect, shape):
    """A logo a thousand times taller than wide had width 0 (its ratio rounded to nothing)."""
    logo = SimpleNamespace(pixels=None, aspect=aspect)
    assert logo_size(logo) == shape
