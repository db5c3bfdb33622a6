"""The gallery: one page over everything a build made, from its manifest alone."""

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from lxml import html as lxml_html
from PIL import Image, ImageDraw
from tinyhtml5.parser import HTMLParser

from mythprint.batch.gallery import gallery_html

from .browser import axe_violations, images_loaded, opened, outside, scroll_width
from .conftest import MYTH_IDS, run_cli
from .test_batch import make_kits, mythprint
from .test_kits import EIGHT_LONG_CONTACTS, kit_with_contacts
from .test_web import KITS, PACK, WIDTHS, make_web_edition

NAMES = {"default": None, "example-partnership": "Exampleshire Safeguarding Children Partnership"}
COLOURS = {
    "default": {
        "text": "#1b1b1b",
        "paper": "#ffffff",
        "accent": "#005a70",
        "on_accent": "#ffffff",
        "myth": "#7a2958",
        "tint": "#e6f0f2",
    },
    "example-partnership": {
        "text": "#1b1b1b",
        "paper": "#ffffff",
        "accent": "#0b4f6c",
        "on_accent": "#ffffff",
        "myth": "#b8336a",
        "tint": "#e7eff3",
    },
}
TEXT_WARNING = (
    'myths.yml:34:11: the text cites "Data Protection Act 1998", replaced by the Data '
    "Protection Act 2018 and the UK GDPR on 25 May 2018"
)
WARNING = (
    "_brand.yml:55:9: contact 'Police (non-emergency): 020 7946 0789' is an Ofcom drama "
    "number, reserved for fiction; replace it before this goes to print"
)
FORMATS = {
    "poster-a3.pdf": ("poster", 1, 17.0),
    "poster-a3-consent.pdf": ("myth-posters", 1, 40.0),
    "leaflet-dl.pdf": ("leaflet", 2, 12.0),
    "handout.docx": ("handout", None, 12.0),
}


def preview(path: Path, size: tuple[int, int], accent: str) -> str:
    """A small page-like PNG, as a build's preview of a page; returns its sha256."""
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((8, 8, size[0] - 8, 48), fill=accent)
    for y in range(64, size[1] - 16, 14):
        draw.line((12, y, size[0] - 12, y), fill="grey", width=3)
    image.save(path)
    return hashlib.sha256(path.read_bytes()).hexdigest()


def output(out: Path, slug: str, name: str, press: bool = False) -> dict:
    """The manifest's record of one file of the pack, with previews of its pages."""
    format_name, pages, size_pt = FORMATS[name]
    folder = "press/" if press else ""
    path = f"{slug}/{folder}{name}"
    parts = {}
    for number in range(1, (pages or 0) + 1):
        shape = (424, 300) if format_name == "leaflet" else (300, 424)
        part = f"{slug}/previews/{folder}{name.rsplit('.', 1)[0]}-{number}.png"
        parts[part] = preview(out / part, shape, COLOURS[slug]["accent"])
    file = out / path
    if not file.exists():
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(b"0" * 2048)
    return {
        "path": path,
        "brand": slug,
        "format": format_name,
        "title": PACK[name][0],
        "pages": pages,
        "bytes": file.stat().st_size,
        "sha256": hashlib.sha256(file.read_bytes()).hexdigest(),
        "font_size_pt": size_pt,
        "fingerprint": "0" * 64,
        "parts": parts,
    }


def web_output(slug: str, files: dict[str, bytes]) -> dict:
    return {
        "path": f"{slug}/web/index.html",
        "brand": slug,
        "format": "html",
        "title": "Web edition",
        "pages": None,
        "bytes": len(files["web/index.html"]),
        "font_size_pt": None,
        "parts": {
            f"{slug}/{name}": hashlib.sha256(data).hexdigest()
            for name, data in files.items()
            if name != "web/index.html"
        },
    }


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    """A build's folder: both kits' packs, previews, web editions, manifest and gallery."""
    folder = tmp_path_factory.mktemp("out")
    outputs = []
    for slug in KITS:
        files = make_web_edition(folder, slug)
        outputs += [output(folder, slug, name) for name in PACK]
        outputs.append(output(folder, slug, "poster-a3.pdf", press=True))
        outputs.append(web_output(slug, files))
    manifest = {
        "kits": {
            slug: {
                "name": NAMES[slug],
                "colors": COLOURS[slug],
                "warnings": [WARNING] if NAMES[slug] else [],
            }
            for slug in KITS
        },
        "outputs": sorted(outputs, key=lambda o: o["path"]),
        "text": {"warnings": [TEXT_WARNING]},
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2))
    (folder / "index.html").write_text(gallery_html(manifest), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def manifest(out) -> dict:
    return json.loads((out / "manifest.json").read_text())


def tree_of(page: str):
    return lxml_html.document_fromstring(page)


def words(element) -> str:
    return " ".join(element.text_content().split())


# --- the page, from the manifest ---


def test_the_same_manifest_gives_the_same_bytes(manifest):
    shuffled = {**manifest, "outputs": list(reversed(manifest["outputs"]))}
    assert gallery_html(manifest) == gallery_html(json.loads(json.dumps(manifest)))
    assert gallery_html(manifest) == gallery_html(shuffled)


def test_the_page_is_valid_html_without_script(manifest):
    page = gallery_html(manifest)
    parser = HTMLParser()
    parser.parse(page)
    assert parser.errors == []
    tree = tree_of(page)
    assert not tree.xpath("//script")
    ids = tree.xpath("//@id")
    assert len(ids) == len(set(ids))


def test_headings_run_in_order_with_one_h1(manifest):
    tree = tree_of(gallery_html(manifest))
    levels = [int(h.tag[1]) for h in tree.xpath("//h1 | //h2 | //h3 | //h4")]
    assert levels.count(1) == 1 and levels[0] == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))


def test_each_kit_is_headed_by_its_name_or_its_slug_in_slug_order(manifest):
    tree = tree_of(gallery_html(manifest))
    assert [words(h) for h in tree.xpath("//section[@class='kit']/h2")] == [
        "default",
        "Exampleshire Safeguarding Children Partnership",
    ]


def test_every_link_and_image_is_relative(manifest):
    tree = tree_of(gallery_html(manifest))
    # The page's icon is in the page itself (data:,): it asks for nothing
    assert tree.xpath("//link[@rel='icon']/@href") == ["data:,"]
    for url in tree.xpath("//a/@href | //img/@src | //link[@rel!='icon']/@href"):
        assert ":" not in url and not url.startswith("/") and ".." not in url.split("/"), url


def test_each_file_is_a_card_with_title_type_pages_and_type_size(manifest):
    tree = tree_of(gallery_html(manifest))
    section = tree.xpath("//section[@id='kit-example-partnership']")[0]
    cards = section.xpath(".//h3[.='Files']/following-sibling::ul[1]/li[@class='file']")
    facts = {words(card.xpath(".//*[@class='file__title']")[0]): card for card in cards}
    poster = facts["A3 poster with every myth"]
    assert words(poster.xpath(".//*[@class='file__facts']")[0]) == "PDF, 1 page, text 17 pt, 310 KB"
    leaflet = facts["DL leaflet to fold"]
    assert "PDF, 2 pages, text 12 pt" in words(leaflet)
    handout = facts["Word handout you can edit"]
    assert "Word, text 12 pt" in words(handout)


def test_thumbnails_are_first_pages_inside_links_that_name_the_file(manifest):
    tree = tree_of(gallery_html(manifest))
    links = tree.xpath("//section[@id='kit-example-partnership']//a[@class='file__link']")
    thumbnails = {link.get("href"): link.xpath(".//img") for link in links}
    leaflet = thumbnails["example-partnership/leaflet-dl.pdf"][0]
    assert leaflet.get("src") == "example-partnership/previews/leaflet-dl-1.png"
    # The link's own words name the file, so the picture is not read out again.
    assert leaflet.get("alt") == ""
    assert thumbnails["example-partnership/handout.docx"] == []
    for link in links:
        assert words(link.xpath(".//*[@class='file__title']")[0])


def test_link_names_stay_unique_out_of_context(manifest):
    tree = tree_of(gallery_html(manifest))
    names = [words(a) for a in tree.xpath("//main//a")]
    assert len(names) == len(set(names)), sorted(names)


def test_print_shop_files_are_grouped_under_their_own_heading(manifest):
    tree = tree_of(gallery_html(manifest))
    section = tree.xpath("//section[@id='kit-example-partnership']")[0]
    headings = [words(h) for h in section.xpath(".//h3")]
    assert headings[-2:] == ["Files", "For the print shop"]
    press = section.xpath(".//h3[.='For the print shop']/following-sibling::ul[1]//a/@href")
    assert press == ["example-partnership/press/poster-a3.pdf"]


def test_swatches_write_each_colour_out(manifest):
    tree = tree_of(gallery_html(manifest))
    swatches = tree.xpath("//section[@id='kit-example-partnership']//li[@class='swatch']")
    assert [words(s).split(" color.")[0] for s in swatches][:3] == [
        "Text #1b1b1b",
        "Paper #ffffff",
        "Brand colour #0b4f6c",
    ]
    chips = swatches[2].xpath(".//*[@class='swatch__chip']/@style")
    assert chips == ["background-color: #0b4f6c"]


def test_the_kits_warnings_and_its_web_edition_are_shown(manifest):
    tree = tree_of(gallery_html(manifest))
    section = tree.xpath("//section[@id='kit-example-partnership']")[0]
    assert [words(li) for li in section.xpath(".//ul[@class='warnings']/li")] == [WARNING]
    web = section.xpath(".//*[@class='kit__web']/a")[0]
    assert web.get("href") == "example-partnership/web/index.html"
    assert words(web) == "Web edition, Exampleshire Safeguarding Children Partnership"


def test_what_check_says_of_the_text_is_shown_once_before_the_kits(manifest):
    """The gallery goes round the board: the text's own warnings (law it cites that was
    replaced) matter there as much as a kit's, and are every kit's."""
    tree = tree_of(gallery_html(manifest))
    [section] = tree.xpath("//main/section[1]")
    assert words(section.xpath("h2")[0]) == "Warnings about the text"
    assert [words(li) for li in section.xpath(".//li")] == [TEXT_WARNING]
    assert words(tree).count(TEXT_WARNING) == 1
    kit_warnings = sum(len(info["warnings"]) for info in manifest["kits"].values())
    summary = words(tree.xpath("//p[@class='summary']")[0])
    assert f", {kit_warnings + 1} warnings from check." in summary


def test_a_build_records_the_text_for_the_gallery(tmp_path):
    """What check says of it, and the order of its files: the single-myth posters were
    listed by file name, not in the guide's order as the web edition lists them."""
    out = tmp_path / "out"
    options = ("--format", "poster", "--format", "myth-posters", "--no-previews")
    result = run_cli("build", *options, "--out", str(out))
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    [dpa, working_together] = manifest["text"]["warnings"]
    assert dpa.startswith('myths.yml:34:11: the text cites "Data Protection Act 1998"')
    assert working_together.startswith('myths.yml:84:14: the text cites "Working Together')
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "Warnings about the text" in page and "Data Protection Act 1998" in page
    links = tree_of(page).xpath("//a[@class='file__link']/@href")
    posters = [link.removeprefix("default/poster-a3-") for link in links if "a3-" in link]
    assert posters == [f"{myth}.pdf" for myth in MYTH_IDS]
    assert list(MYTH_IDS) != sorted(MYTH_IDS)  # else the order would prove nothing


def test_a_sparse_manifest_still_makes_a_whole_page():
    for manifest in (
        {},
        {"kits": {"lone": {}}},
        {"outputs": [{"path": "solo/poster-a3.pdf"}]},
        {"kits": {"x": {"colors": None, "warnings": None}}, "outputs": None},
        {"outputs": [{"path": "solo/poster-a3.pdf", "parts": None, "pages": "two"}]},
    ):
        page = gallery_html(manifest)
        parser = HTMLParser()
        parser.parse(page)
        assert parser.errors == [], manifest
        assert len(tree_of(page).xpath("//h1")) == 1
    tree = tree_of(gallery_html({"kits": {"lone": {}}}))
    assert "No files were made for this kit." in words(tree)


def test_hostile_values_are_escaped_and_never_painted():
    manifest = {
        "kits": {
            "bad": {
                "name": "<script>alert(1)</script>",
                "colors": {"accent": "red; background-image: url(https://tracker.example/x)"},
                "warnings": ["<img src=x onerror=alert(1)>"],
            }
        },
        "outputs": [
            {"path": "/etc/passwd", "brand": "bad"},
            {"path": "https://tracker.example/x.pdf", "brand": "bad"},
            {"path": "bad/../../secret.pdf", "brand": "bad"},
            {
                "path": "bad/poster-a3.pdf",
                "title": "<b>Poster</b>",
                "parts": {"https://tracker.example/p-1.png": "x"},
            },
        ],
    }
    page = gallery_html(manifest)
    tree = tree_of(page)
    assert not tree.xpath("//script | //img[@onerror] | //b")
    assert not [value for value in tree.xpath("//@*") if "tracker.example" in value]
    assert tree.xpath("//main//a/@href") == ["bad/poster-a3.pdf"]
    assert "&lt;script&gt;" in page


# --- in a real browser ---


@pytest.mark.parametrize("width", WIDTHS)
def test_axe_finds_no_accessibility_violation(browser, out, width):
    with opened(browser, out / "index.html", width) as seen:
        assert axe_violations(seen.page) == []


def test_it_reflows_at_320_px_without_scrolling_sideways(browser, out):
    with opened(browser, out / "index.html", 320) as seen:
        assert scroll_width(seen.page) <= 320
        # Text twice as large, as a reader may set it: a swatch's "color.background" made
        # the page 368 px wide.
        seen.page.add_style_tag(content="html { font-size: 200% !important; }")
        assert scroll_width(seen.page) <= 320


def test_every_thumbnail_loads_from_inside_the_folder(browser, out):
    with opened(browser, out / "index.html", 1280) as seen:
        assert seen.page.locator("img").count() == 2 * 4
        assert images_loaded(seen.page) == []
        assert outside(seen.requests, out) == []


def test_the_skip_link_comes_first_and_goes_to_the_kits(browser, out):
    with opened(browser, out / "index.html", 1280) as seen:
        page = seen.page
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip-link"
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "kits"


def test_each_kit_leads_back_to_the_list_of_kits(browser, out):
    """A national batch's page runs to 150 kits' sections, each a screen or more: each
    ends with a link back to the list at the top, which takes the focus."""
    with opened(browser, out / "index.html", 1280) as seen:
        page = seen.page
        backs = page.locator(".kit__back a")
        assert backs.count() == page.locator("section.kit").count() > 1
        backs.last.focus()
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "overview"
        assert page.evaluate("window.scrollY") < 400  # the list is in view


# --- what the last build could not make ---

FIT_ERROR = (
    "example-partnership/poster-a3-consent.pdf: the content does not fit at the 32 pt floor "
    "for the rebuttal: it runs 21 mm past the page. The kit's 12 contacts take 92 mm of its "
    "392 mm: give fewer or shorter contacts, or shorten the text."
)
YAML_ERROR = "_brand.yml:2:1: YAML syntax error: while parsing a flow sequence expected ','"


@pytest.fixture(scope="module")
def failed(out, manifest, tmp_path_factory) -> Path:
    """The same folder after a build that could not make one file of a kit, nor build the
    default kit, nor a kit whose folder name is not a slug and that was never built."""
    folder = tmp_path_factory.mktemp("failed")
    for item in out.iterdir():
        if item.is_dir():
            shutil.copytree(item, folder / item.name)
    kits = json.loads(json.dumps(manifest["kits"]))
    kits["default"].update(errors=[YAML_ERROR], not_built=True)
    kits["example-partnership"]["errors"] = [FIT_ERROR]
    kits["North Shire"] = {
        "errors": ["North Shire: a kit's folder name may use only a-z, 0-9 and hyphens"],
        "not_built": True,
    }
    failing = {**manifest, "kits": kits}
    (folder / "manifest.json").write_text(json.dumps(failing, indent=2))
    (folder / "index.html").write_text(gallery_html(failing), encoding="utf-8")
    return folder


def failed_page(failed: Path):
    return tree_of((failed / "index.html").read_text(encoding="utf-8"))


def test_the_summary_counts_files_not_made_and_kits_not_built(failed):
    summary = words(failed_page(failed).xpath("//p[@class='summary']")[0])
    assert summary.startswith(
        "3 kits, 12 files, 1 file not made in the last build, 2 kits not built, 2 warnings"
    ), summary


def test_a_kit_whose_folder_is_gone_is_counted_as_that_alone(failed):
    """Its last build's failure stays in its record, but the kit is no longer built: the
    summary said "1 kit not built, 1 kit whose kit folder is gone" of one kit."""
    manifest = json.loads((failed / "manifest.json").read_text())
    manifest["kits"]["default"]["gone"] = True
    manifest["kits"]["example-partnership"]["gone"] = True
    tree = tree_of(gallery_html(manifest))
    summary = words(tree.xpath("//p[@class='summary']")[0])
    assert summary.startswith(
        "3 kits, 12 files, 1 kit not built, 2 kits whose kit folder is gone, 2 warnings"
    ), summary


def test_kits_that_failed_are_listed_first_each_linking_to_its_section(failed):
    tree = failed_page(failed)
    [section] = tree.xpath("//main/section[1]")
    assert words(section.xpath("h2")[0]) == "What the last build could not make"
    items = section.xpath(".//li")
    assert [words(li) for li in items] == [
        "North Shire: not built",
        "default: not built",
        "Exampleshire Safeguarding Children Partnership: 1 file not made",
    ]
    for item in items:
        [target] = item.xpath("a/@href")
        assert tree.xpath(f"//section[@id='{target[1:]}']//div[@class='failure']"), target


def test_a_kit_not_built_says_its_files_are_from_an_earlier_build(failed):
    tree = failed_page(failed)
    [box] = tree.xpath("//section[@id='kit-default']//div[@class='failure']")
    assert words(box.xpath("h3")[0]) == "This kit was not built in the last build"
    assert words(box.xpath("p")[0]) == "The files below are from an earlier build."
    assert [words(li) for li in box.xpath(".//li")] == [YAML_ERROR]
    cards = tree.xpath("//section[@id='kit-default']//li[contains(@class, 'file ')]")
    assert len(cards) == 5
    for card in cards:
        note = card.xpath(".//*[@class='file__stale']")[0]
        assert words(note) == "From an earlier build: its kit was not built in the last build."
        assert card.xpath(".//a/@aria-describedby") == [note.get("id")]


def test_a_file_not_made_is_named_and_its_earlier_copy_marked_alone(failed):
    tree = failed_page(failed)
    section = tree.xpath("//section[@id='kit-example-partnership']")[0]
    [box] = section.xpath(".//div[@class='failure']")
    assert words(box.xpath("h3")[0]) == "Not made in the last build"
    assert [words(li) for li in box.xpath(".//li")] == [FIT_ERROR]
    marked = section.xpath(".//li[contains(@class, 'file--stale')]//a/@href")
    assert marked == ["example-partnership/poster-a3-consent.pdf"]  # not its press file


def test_a_kit_whose_name_is_no_slug_gets_a_section_id_of_its_own(failed):
    tree = failed_page(failed)
    [section] = tree.xpath("//section[h2='North Shire']")
    assert section.get("id") == "kit-_1"
    assert "None of its files has been made." in words(section)


def test_the_page_with_failures_is_valid_html_with_unique_ids_and_link_names(failed):
    page = (failed / "index.html").read_text(encoding="utf-8")
    parser = HTMLParser()
    parser.parse(page)
    assert parser.errors == []
    tree = tree_of(page)
    ids = tree.xpath("//@id")
    assert len(ids) == len(set(ids)) and not [i for i in ids if " " in i]
    names = [words(a) for a in tree.xpath("//main//a")]
    assert len(names) == len(set(names)), sorted(names)
    levels = [int(h.tag[1]) for h in tree.xpath("//h1 | //h2 | //h3 | //h4")]
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))


@pytest.mark.parametrize("width", WIDTHS)
def test_axe_finds_no_violation_on_a_page_with_failures(browser, failed, width):
    with opened(browser, failed / "index.html", width) as seen:
        # The boxes and notes it is about are on the page, not only the kits' files.
        assert seen.page.locator(".failure").count() == 3
        assert seen.page.locator(".file__stale").count() == 5 + 1
        assert axe_violations(seen.page) == []


def test_a_page_with_failures_reflows_at_320_px_and_200_percent_text(browser, failed):
    with opened(browser, failed / "index.html", 320) as seen:
        assert seen.page.locator(".failure li").count() == 3
        assert scroll_width(seen.page) <= 320
        seen.page.add_style_tag(content="html { font-size: 200% !important; }")
        assert scroll_width(seen.page) <= 320


# --- the overview: every kit on a line, with what needs a look ---


def overview_rows(tree) -> list[dict]:
    """Each kit's row in the overview at the top, as its cells' words."""
    rows = []
    for row in tree.xpath("//nav[@aria-label='Kits']//table/tbody/tr"):
        [name] = row.xpath("th[@scope='row']")
        folder, files, warnings, status = (words(td) for td in row.xpath("td"))
        rows.append(
            {
                "name": words(name),
                "href": name.xpath("a/@href")[0],
                "folder": folder,
                "files": files,
                "warnings": warnings,
                "status": status,
                "marked": row.get("class") == "kits__needs",
            }
        )
    return rows


def caption(tree) -> str:
    return words(tree.xpath("//nav[@aria-label='Kits']//table/caption")[0])


def test_the_overview_lists_every_kit_with_its_files_and_warnings(manifest):
    """Before the kits: a table with a row for each, its columns headed, its name leading
    to its section. The unit of each count is in the cell, shown when rows stack."""
    tree = tree_of(gallery_html(manifest))
    [table] = tree.xpath("//nav[@aria-label='Kits']//table")
    assert table.getparent().getparent().getnext().tag == "main"  # the skip link skips it
    assert [words(th) for th in table.xpath("thead/tr/th[@scope='col']")] == [
        "Kit",
        "Folder",
        "Files",
        "Warnings",
        "Needs attention",
    ]
    assert caption(tree) == "No kit needs attention: nothing failed in the last build."
    assert overview_rows(tree) == [
        {
            "name": "default",
            "href": "#kit-default",
            "folder": "default",
            "files": "6 files",
            "warnings": "0 warnings",
            "status": "No",
            "marked": False,
        },
        {
            "name": "Exampleshire Safeguarding Children Partnership",
            "href": "#kit-example-partnership",
            "folder": "example-partnership",
            "files": "6 files",
            "warnings": "1 warning",
            "status": "No",
            "marked": False,
        },
    ]
    for row in overview_rows(tree):
        assert tree.xpath(f"//section[@id='{row['href'][1:]}'][@class='kit']")


def test_the_overview_marks_each_kit_that_failed_in_words(failed):
    tree = failed_page(failed)
    assert caption(tree) == (
        "3 of 3 kits need attention: 2 not built, 1 with files not made in the last build."
    )
    rows = overview_rows(tree)
    assert [(r["name"], r["href"], r["status"], r["marked"]) for r in rows] == [
        ("North Shire", "#kit-_1", "Not built", True),
        ("default", "#kit-default", "Not built", True),
        (
            "Exampleshire Safeguarding Children Partnership",
            "#kit-example-partnership",
            "1 file not made",
            True,
        ),
    ]
    assert [r["files"] for r in rows] == ["0 files", "6 files", "6 files"]
    for flag in tree.xpath("//nav[@aria-label='Kits']//tbody/tr/td[4]"):
        assert flag.xpath("strong[@class='kits__flag']")  # bold and framed, not colour alone


def test_the_overview_of_one_kit_in_need_says_so_in_the_singular():
    manifest = {"kits": {"a": {}, "b": {"errors": ["b/poster-a3.pdf: no"]}, "c": {}}}
    tree = tree_of(gallery_html(manifest))
    assert caption(tree) == "1 of 3 kits needs attention: 1 with files not made in the last build."
    assert [r["status"] for r in overview_rows(tree)] == ["No", "1 file not made", "No"]


def test_hostile_names_are_escaped_in_the_overview():
    manifest = {"kits": {"<i>x</i>": {"name": "<b>Bad</b>", "warnings": ["<u>w</u>"]}}}
    page = gallery_html(manifest)
    tree = tree_of(page)
    assert not tree.xpath("//b | //i | //u")
    assert overview_rows(tree)[0]["name"] == "<b>Bad</b>"
    assert overview_rows(tree)[0]["folder"] == "<i>x</i>"
    assert overview_rows(tree)[0]["href"] == "#kit-_1"


TWELVE_LONG_CONTACTS = EIGHT_LONG_CONTACTS + tuple(
    (f"Extra team {n}, Monday to Friday, 9am to 5pm", f"0300 123 20{n}") for n in range(4)
)


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory) -> Path:
    """Three kits built, then built again with one kit's colour broken (not built) and
    another's contacts too many for three of its posters and its leaflet (files not made)."""
    folder = tmp_path_factory.mktemp("rebuilt")
    brands, out = make_kits(folder, 3), folder / "out"
    args = ("build", "--brands-dir", str(brands), "--brand", "all", "--out", str(out))
    first = mythprint(*args, "--no-previews", cwd=folder)
    assert first.returncode == 0, first.stderr
    brand_file = brands / "southvale" / "_brand.yml"
    text = brand_file.read_text(encoding="utf-8")
    broken = text.replace("primary: '#", 'primary: "#zz1234"  # \'#', 1)
    assert broken != text
    brand_file.write_text(broken, encoding="utf-8")
    shutil.rmtree(brands / "northshire")
    kit_with_contacts(brands, TWELVE_LONG_CONTACTS)
    second = mythprint(*args, "--no-previews", cwd=folder)
    assert second.returncode == 1, second.stderr
    return out


def test_the_overview_of_a_real_build_agrees_with_its_manifest(rebuilt):
    manifest = json.loads((rebuilt / "manifest.json").read_text(encoding="utf-8"))
    kits = manifest["kits"]
    assert kits["southvale"]["not_built"] is True and len(kits["northshire"]["errors"]) == 4
    tree = tree_of((rebuilt / "index.html").read_text(encoding="utf-8"))
    rows = overview_rows(tree)
    assert [row["folder"] for row in rows] == list(kits)  # the manifest's order
    for row, (slug, info) in zip(rows, kits.items(), strict=True):
        files = sum(output["brand"] == slug for output in manifest["outputs"])
        assert files > 1 and row["files"] == f"{files} files", row
        assert (row["name"], row["href"]) == (info["name"], f"#kit-{slug}")
        if "warnings" not in info:  # not read: an earlier build's warnings are not shown
            assert slug == "southvale" and row["warnings"] == "– warnings not checked", row
            continue
        warnings = len(info["warnings"])
        assert row["warnings"] == f"{warnings} warning{'s' if warnings != 1 else ''}", row
    assert [(row["status"], row["marked"]) for row in rows] == [
        ("No", False),
        ("4 files not made", True),
        ("Not built", True),
    ]
    assert caption(tree) == (
        "2 of 3 kits need attention: 1 not built, 1 with files not made in the last build."
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_the_overview_reads_at_each_width_without_violations(browser, rebuilt, width):
    """Wide, a table with its counts right-aligned in columns; at 320 px, each kit's row
    stacks, its counts in words, and nothing scrolls sideways, even with text at 200%."""
    with opened(browser, rebuilt / "index.html", width) as seen:
        page = seen.page
        assert axe_violations(page) == []
        assert scroll_width(page) <= width
        rows = [text.split() for text in page.locator(".kits tbody tr").all_inner_texts()]
        name = ["Eastmoor", "Safeguarding", "Children", "Partnership"]
        if width >= 768:
            assert page.locator(".kits thead").is_visible()
            assert rows[0] == [*name, "eastmoor", "9", "5", "No"]
            edges = page.evaluate(
                "Array.from(document.querySelectorAll('.kits tbody td:nth-child(3)'))"
                ".map(td => Math.round(td.getBoundingClientRect().right))"
            )
            assert len(set(edges)) == 1  # one column, its numbers right-aligned
        else:
            # A kit that needs nothing says nothing more; one that does says why.
            assert rows[0] == [*name, "eastmoor", "9", "files", "5", "warnings"]
            assert rows[2][-2:] == ["Not", "built"]
        assert rows[1][-4:] == ["4", "files", "not", "made"]
        page.add_style_tag(content="html { font-size: 200% !important; }")
        assert scroll_width(page) <= width
        assert axe_violations(page) == []
