"""The web edition: one accessible page of the guide in the kit's look, whole in its own folder."""

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

import pypdfium2
import pytest
from fontTools.ttLib import TTFont
from lxml import html as lxml_html
from tinyhtml5.parser import HTMLParser

from mythprint.formats.web import Download, contact_href, size_text, web_edition
from mythprint.formats.webfonts import EDIT_CHARACTERS
from mythprint.inputs.brand import Contact, load_brand
from mythprint.inputs.content import load_content
from mythprint.inputs.inline import parse_inline, plain_text
from mythprint.paths import DEFAULT_BRANDS_DIR, DEFAULT_CONTENT
from mythprint.pdf.render import Renderer

from . import browser as browser_helpers
from .browser import axe_violations, images_loaded, opened, outside, scroll_width
from .conftest import squash

KITS = ("default", "example-partnership")
WIDTHS = (1280, 320)
# The pack beside the web edition: file name, and what the page says it is.
PACK = {
    "poster-a3.pdf": ("A3 poster with every myth", "PDF", 317_440),
    "poster-a3-consent.pdf": (
        "A3 poster: Consent is always needed to share personal information",
        "PDF",
        205_000,
    ),
    "leaflet-dl.pdf": ("DL leaflet to fold", "PDF", 1_480_000),
    "handout.docx": ("Word handout you can edit", "Word", 48_100),
}
ATKINSON_REGULAR = "AtkinsonHyperlegible-Regular.ttf"


def write_pack(kit_folder: Path) -> list[Download]:
    """Files of the pack's sizes in the kit's folder, and the downloads that link to them."""
    kit_folder.mkdir(parents=True, exist_ok=True)
    downloads = []
    for name, (title, kind, size) in PACK.items():
        (kit_folder / name).write_bytes(b"0" * size)
        downloads.append(Download(name, title, kind, size, source=kit_folder / name))
    return downloads


def write_files(folder: Path, files: dict[str, bytes]) -> None:
    for relative, data in files.items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def edition(slug: str, downloads=(), content=None, **brand_changes) -> dict[str, bytes]:
    content = content or load_content(DEFAULT_CONTENT)
    brand = replace(load_brand(DEFAULT_BRANDS_DIR, slug), **brand_changes)
    return web_edition(Renderer(content, brand), list(downloads))


def make_web_edition(out: Path, slug: str) -> dict[str, bytes]:
    """The kit's pack and its web edition, written into `out/<slug>/` as a build would."""
    files = edition(slug, write_pack(out / slug))
    write_files(out / slug, files)
    return files


def page_tree(files: dict[str, bytes]):
    return lxml_html.document_fromstring(files["web/index.html"])


@pytest.fixture(scope="module")
def content():
    return load_content(DEFAULT_CONTENT)


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    """Both shipped kits' web editions, each beside its pack, in one output folder."""
    folder = tmp_path_factory.mktemp("out")
    for slug in KITS:
        make_web_edition(folder, slug)
    return folder


@pytest.fixture(scope="module")
def made(out) -> dict[str, dict[str, bytes]]:
    return {
        slug: {
            str(path.relative_to(out / slug)): path.read_bytes()
            for path in sorted((out / slug / "web").iterdir())
        }
        for slug in KITS
    }


# --- the files ---


def test_the_edition_is_a_page_its_styles_its_fonts_the_kits_logo_and_its_files(made, out):
    assert set(made["example-partnership"]) == {
        "web/index.html",
        "web/web.css",
        "web/logo.svg",
        "web/atkinson-hyperlegible-400.woff2",
        "web/atkinson-hyperlegible-700.woff2",
        *(f"web/{name}" for name in PACK),  # copies of the files it links to
    }
    for name in PACK:
        copy = made["example-partnership"][f"web/{name}"]
        assert copy == (out / "example-partnership" / name).read_bytes()
    assert "web/logo.svg" not in made["default"]
    logo = (DEFAULT_BRANDS_DIR / "example-partnership" / "logo.svg").read_bytes()
    assert made["example-partnership"]["web/logo.svg"] == logo


def test_the_page_has_no_script_and_asks_only_for_files_beside_it(made):
    for files in made.values():
        tree = page_tree(files)
        assert not tree.xpath("//script"), "no JavaScript"
        assert not [a for el in tree.iter() for a in el.attrib if a.startswith("on")]
        assets = tree.xpath("//link/@href | //img/@src | //source/@src | //iframe/@src")
        assert assets
        for asset in assets:
            assert "/" not in asset and ":" not in asset, asset
            assert f"web/{asset}" in files, asset
        css = files["web/web.css"].decode()
        assert "@import" not in css
        for url in (part.split(")")[0] for part in css.split("url(")[1:]):
            assert f"web/{url.strip(chr(34))}" in files, url


def test_download_links_name_the_file_its_type_and_its_size(made):
    tree = page_tree(made["example-partnership"])
    links = {
        a.get("href"): " ".join(a.text_content().split())
        for a in tree.xpath("//a[@class='download']")
    }
    assert links == {
        "poster-a3.pdf": "A3 poster with every myth (PDF, 310 KB)",
        "poster-a3-consent.pdf": (
            "A3 poster: Consent is always needed to share personal information (PDF, 200 KB)"
        ),
        "leaflet-dl.pdf": "DL leaflet to fold (PDF, 1.4 MB)",
        "handout.docx": "Word handout you can edit (Word, 47 KB)",
    }


def test_no_downloads_no_download_list():
    tree = page_tree(edition("default"))
    assert not tree.xpath("//*[@class='downloads']")
    assert "Download" not in tree.text_content()


@pytest.mark.parametrize(
    ("size", "shown"),
    [
        (0, "1 KB"),
        (1, "1 KB"),
        (1535, "1 KB"),
        (1536, "2 KB"),
        (317_440, "310 KB"),
        (1_023_487, "999 KB"),
        (1_023_488, "1.0 MB"),
        (1_480_000, "1.4 MB"),
        (5 * 1024 * 1024, "5.0 MB"),
    ],
)
def test_sizes_are_whole_kb_then_mb_to_one_place(size, shown):
    assert size_text(size) == shown


def test_a_download_must_be_a_file_beside_the_page():
    for href in (
        "https://example.org/poster.pdf",
        "/etc/passwd",
        "//cdn.example/x.pdf",
        "../poster-a3.pdf",
        "..\\poster-a3.pdf",
    ):
        with pytest.raises(ValueError, match="beside the page"):
            edition("default", [Download(href, "Poster", "PDF", 10)])


# --- contacts ---


@pytest.mark.parametrize(
    ("value", "href"),
    [
        ("01632 960123", "tel:01632960123"),
        ("+44 (0)1632 960123", "tel:+441632960123"),
        ("0808 800 5000", "tel:08088005000"),
        ("999", "tel:999"),
        ("safeguarding@example.org", "mailto:safeguarding@example.org"),
        ("www.example.org/report", "https://www.example.org/report"),
        ("https://www.example.org/", "https://www.example.org/"),
        ("Ask at the front desk", None),
        ("12", None),
    ],
)
def test_a_contact_links_as_what_it_is(value, href):
    assert contact_href(value) == href


def test_the_example_kits_contacts_dial_and_say_who_they_reach(made):
    tree = page_tree(made["example-partnership"])
    links = {
        a.get("href"): " ".join(a.text_content().split())
        for a in tree.xpath("//a[starts-with(@href, 'tel:')]")
    }
    assert links == {
        "tel:01632960123": "Worried about a child? Children's Services front door 01632 960123",
        "tel:01632960456": "Out of hours emergency duty team 01632 960456",
        "tel:02079460789": "Police (non-emergency) 020 7946 0789",
    }
    hrefs = tree.xpath("//section[@class='reach']//a/@href")
    assert "https://www.example.org/safeguarding/information-sharing" in hrefs
    assert "https://www.example.org/" in hrefs


def test_a_qr_address_that_is_the_website_is_linked_once_as_the_website():
    files = edition("default", home="https://www.example.org/", qr_url="https://www.example.org")
    tree = page_tree(files)
    links = [" ".join(a.text_content().split()) for a in tree.xpath("//a[@class='reach__link']")]
    assert links == ["Website www.example.org"]
    assert tree.xpath("string(//h2[@id='reach-heading'])") == "Find out more"


def test_a_contact_that_is_not_a_number_is_text():
    files = edition("default", contacts=(Contact("Ask at", "reception, ground floor"),))
    tree = page_tree(files)
    assert not tree.xpath("//section[@class='reach']//a")
    assert "reception, ground floor" in tree.xpath("string(//section[@class='reach'])")


# --- what the page carries ---


def test_a_bare_kit_makes_a_whole_valid_page(made, content):
    """The default kit has no logo, name, contacts, website or QR address."""
    page = made["default"]["web/index.html"]
    parser = HTMLParser()
    parser.parse(page)
    assert parser.errors == []
    tree = page_tree(made["default"])
    ids = tree.xpath("//@id")
    assert len(ids) == len(set(ids))
    assert tree.xpath("//html/@lang") == ["en-GB"]
    assert tree.xpath("string(//title)") == content.plain_title
    assert len(tree.xpath("//h1")) == 1
    assert not tree.xpath("//img | //*[@class='brand-line'] | //*[@class='reach']")
    assert tree.xpath("string(//footer)").split()[:2] == ["From", "Working"]


def test_the_example_kit_page_is_valid_html(made):
    parser = HTMLParser()
    parser.parse(made["example-partnership"]["web/index.html"])
    assert parser.errors == []


def test_version_review_date_and_review_note_are_printed(content):
    dated = replace(content, version="2.1", reviewed=date(2026, 4, 1))
    tree = page_tree(edition("example-partnership", content=dated))
    footer = " ".join(tree.xpath("string(//footer)").split())
    assert "Version 2.1 · Reviewed 1 April 2026" in footer
    assert "Approved by the Exampleshire partnership board. Next review: April 2027." in footer


def test_kit_and_content_text_is_escaped(content):
    hostile = "<script>alert(1)</script>"
    risky = replace(content, intro=parse_inline(f"{hostile} and [a link](https://example.org)"))
    files = edition(
        "default",
        content=risky,
        name=hostile,
        review_note=hostile,
        contacts=(Contact(hostile, hostile),),
    )
    page = files["web/index.html"].decode()
    assert "<script" not in page
    assert "&lt;script&gt;" in page
    assert '<a href="https://example.org">a link</a>' in page


# --- fonts ---


def test_fonts_are_woff2_subsets_that_keep_the_fonts_own_date(made):
    original = TTFont(next(f.path for f in _faces() if f.path.name == ATKINSON_REGULAR))
    font = TTFont(io.BytesIO(made["default"]["web/atkinson-hyperlegible-400.woff2"]))
    assert font.flavor == "woff2"
    assert font["head"].modified == original["head"].modified
    assert len(font.getGlyphOrder()) < len(original.getGlyphOrder())
    kept = {chr(code) for code in font.getBestCmap()}
    page_text = page_tree(made["default"]).text_content()
    assert {ch for ch in page_text if not ch.isspace()} <= kept
    assert EDIT_CHARACTERS & set(map(chr, original.getBestCmap())) <= kept


def _faces():
    return load_brand(DEFAULT_BRANDS_DIR, "default").faces


def test_only_the_faces_the_page_sets_are_shipped(content):
    fonts = {name for name in edition("default") if name.endswith(".woff2")}
    assert fonts == {"web/atkinson-hyperlegible-400.woff2", "web/atkinson-hyperlegible-700.woff2"}
    emphatic = replace(content, intro=parse_inline("Sharing *information* enables practice."))
    fonts = {name for name in edition("default", content=emphatic) if name.endswith(".woff2")}
    assert "web/atkinson-hyperlegible-400-italic.woff2" in fonts


def test_text_the_kits_fonts_cannot_set_is_set_wholly_in_its_fallback_font(tmp_path, brands_copy):
    dejavu = [f for f in _system_fonts() if f.endswith("/DejaVuSans-Bold.ttf")]
    if not dejavu:
        pytest.skip("needs the DejaVu fonts from Debian")
    text = tmp_path / "myths.yml"
    text.write_text(
        DEFAULT_CONTENT.read_text().replace("Consent is always", "Consent (ŵyr) is always")
    )
    kit = brands_copy / "default" / "_brand.yml"
    kit.write_text(
        kit.read_text().replace(
            "  mythprint: {}", "  mythprint:\n    fallback-fonts: [DejaVu Sans]"
        )
    )
    brand = load_brand(brands_copy, "default")
    files = web_edition(Renderer(load_content(text), brand), [])
    # Never "ŵyr" with its ŵ from one font and its y and r from another.
    assert sorted(name for name in files if name.endswith(".woff2")) == [
        "web/dejavu-sans-400.woff2",
        "web/dejavu-sans-700.woff2",
    ]
    fallback = TTFont(io.BytesIO(files["web/dejavu-sans-400.woff2"]))
    assert set("Consent (ŵyr)") <= set(map(chr, fallback.getBestCmap()))
    assert 'html { font-family: "DejaVu Sans", sans-serif; }' in files["web/web.css"].decode()


def _system_fonts() -> list[str]:
    if shutil.which("fc-list") is None:
        return []
    listed = subprocess.run(["fc-list", "--format", "%{file}\\n"], capture_output=True, text=True)
    return listed.stdout.splitlines()


def test_the_stylesheet_declares_each_font_it_ships(made):
    css = made["example-partnership"]["web/web.css"].decode()
    assert css.count("@font-face") == 2
    assert 'src: url("atkinson-hyperlegible-700.woff2") format("woff2")' in css


# --- byte-identical rebuilds ---


def test_a_file_in_another_language_is_named_in_the_page_s_words_and_rebuilt_when_they_change():
    """A page says what a file in another language is in its own words, then names the file's
    language in that language; the words are part of what the edition is made from."""
    from mythprint.batch.plan import web_digest

    welsh = "Taflen DL i'w phlygu"
    english = Download(
        "leaflet-dl.en-GB.pdf", "DL leaflet to fold · English", "PDF", 1234,
        language="en-GB", direction="ltr", language_name="English",
        titles=(("cy", welsh), ("en-GB", "DL leaflet to fold")),
    )  # fmt: skip
    assert english.title_in("cy") == (welsh, "English")
    assert english.title_in("en-GB") == ("DL leaflet to fold · English", "")  # its own
    # Without the page's words, its own title, which the page marks as in its language.
    assert replace(english, titles=()).title_in("cy") == ("DL leaflet to fold · English", "")
    assert english.foreign_on("cy") and not english.foreign_on("en-GB")
    reworded = replace(english, titles=(("cy", "Taflen DL"), ("en-GB", "DL leaflet to fold")))
    renamed = replace(english, language_name="Saesneg")
    assert len({web_digest((d,)) for d in (english, reworded, renamed)}) == 3


REBUILD = """
import hashlib, json
from mythprint.inputs.brand import load_brand
from mythprint.inputs.content import load_content
from mythprint.paths import DEFAULT_BRANDS_DIR, DEFAULT_CONTENT
from mythprint.pdf.render import Renderer
from mythprint.formats.web import Download, web_edition
brand = load_brand(DEFAULT_BRANDS_DIR, "example-partnership")
renderer = Renderer(load_content(DEFAULT_CONTENT), brand)
files = web_edition(renderer, [Download("poster-a3.pdf", "A3 poster", "PDF", 1234)])
print(json.dumps({name: hashlib.sha256(data).hexdigest() for name, data in files.items()}))
"""


def test_a_rebuild_is_byte_identical():
    downloads = [Download("poster-a3.pdf", "A3 poster", "PDF", 1234)]
    assert edition("example-partnership", downloads) == edition("example-partnership", downloads)


def test_a_rebuild_in_another_process_a_second_later_is_byte_identical():
    here = {
        name: hashlib.sha256(data).hexdigest()
        for name, data in edition(
            "example-partnership", [Download("poster-a3.pdf", "A3 poster", "PDF", 1234)]
        ).items()
    }
    env = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    runs = []
    for _ in range(2):
        result = subprocess.run(
            [sys.executable, "-c", REBUILD], capture_output=True, text=True, env=env, check=True
        )
        runs.append(json.loads(result.stdout))
        time.sleep(1.1)
    assert runs[0] == runs[1] == here


# --- in a real browser ---


def test_without_chromium_the_browser_tests_skip_and_say_why(monkeypatch):
    monkeypatch.setattr(browser_helpers, "chromium_path", lambda: None)
    skipped = pytest.raises(pytest.skip.Exception, match=r"needs Debian's chromium \(\.ci/run")
    with skipped, browser_helpers.chromium():
        pass


def _page(out: Path, slug: str) -> Path:
    return out / slug / "web" / "index.html"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("slug", KITS)
def test_axe_finds_no_accessibility_violation(browser, out, slug, width):
    with opened(browser, _page(out, slug), width) as seen:
        assert axe_violations(seen.page) == []


@pytest.mark.parametrize("slug", KITS)
def test_it_reflows_at_320_px_without_scrolling_sideways(browser, out, slug):
    with opened(browser, _page(out, slug), 320) as seen:
        assert scroll_width(seen.page) <= 320


@pytest.mark.parametrize(
    ("alt", "name", "said"),
    [
        # The example kit's: it only names the partnership, whose name is beside it.
        ("Exampleshire Safeguarding Children Partnership logo", None, ""),
        ("EXAMPLESHIRE  Safeguarding Children Partnership", None, ""),
        # More than the name: said as the kit wrote it.
        ("Exampleshire SCP: children first", None, "Exampleshire SCP: children first"),
        # No name beside it: the alt text is all a screen reader has.
        ("Exampleshire Safeguarding Children Partnership logo", "", "Exampleshire "
         "Safeguarding Children Partnership logo"),
    ],
)  # fmt: skip
def test_the_logo_is_not_said_twice_beside_the_name_it_says(alt, name, said):
    """A screen reader said "Exampleshire Safeguarding Children Partnership logo,
    Exampleshire Safeguarding Children Partnership" at the top of the page."""
    from mythprint.inputs.brand import Logo

    kit = load_brand(DEFAULT_BRANDS_DIR, "example-partnership")
    changes = {"logo": Logo(kit.logo.path, alt)} | ({} if name is None else {"name": name})
    [logo] = page_tree(edition("example-partnership", **changes)).xpath("//img[@class='logo']")
    assert logo.get("alt") == said


@pytest.mark.parametrize("width", WIDTHS)
def test_a_wide_logo_lockup_fits_the_page_and_leaves_the_name_its_own_line(
    browser, tmp_path, width
):
    """A logo twelve times as wide as it is tall was wider than a phone's screen, and the
    page scrolled sideways; on a wide screen it squeezed the title into a narrow column. It
    is drawn whole, no wider than its line, and the name goes below it."""
    from PIL import Image

    from mythprint.inputs.brand import Logo

    picture = tmp_path / "lockup.png"
    Image.new("RGB", (3600, 300), (11, 79, 108)).save(picture)
    logo = Logo(picture, "Exampleshire lockup", (3600, 300), 12.0)
    kit = tmp_path / "out" / "lockup"
    write_files(kit, edition("example-partnership", write_pack(kit), logo=logo))
    with opened(browser, kit / "web" / "index.html", width) as seen:
        assert scroll_width(seen.page) <= width
        shown = seen.page.locator(".logo").bounding_box()
        line = seen.page.locator(".brand-line").bounding_box()
        name = seen.page.locator(".brand-name").bounding_box()
        assert shown["x"] + shown["width"] <= line["x"] + line["width"] + 0.5
        assert name["y"] >= shown["y"] + shown["height"], "the name is below the logo"
        title = seen.page.locator(".title").bounding_box()
        assert line["width"] <= title["width"] + 0.5, "the logo does not squeeze the title"
        assert axe_violations(seen.page) == []


@pytest.mark.parametrize("slug", KITS)
def test_every_request_stays_in_its_own_folder(browser, out, slug):
    with opened(browser, _page(out, slug), 1280) as seen:
        assert seen.requests
        assert outside(seen.requests, out / slug / "web") == []


@pytest.mark.parametrize("slug", KITS)
def test_images_and_the_kits_fonts_load(browser, out, slug):
    with opened(browser, _page(out, slug), 1280) as seen:
        assert images_loaded(seen.page) == []
        fonts = seen.page.evaluate(
            "Array.from(document.fonts).map(f => [f.family, f.weight, f.status])"
        )
        assert sorted(fonts) == [
            ["Atkinson Hyperlegible", "400", "loaded"],
            ["Atkinson Hyperlegible", "700", "loaded"],
        ]
        used = seen.page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
        assert used.startswith('"Atkinson Hyperlegible"')


@pytest.mark.parametrize("slug", KITS)
def test_the_page_is_the_guide_word_for_word(browser, out, content, slug):
    with opened(browser, _page(out, slug), 1280) as seen:
        page = seen.page
        assert page.inner_text("h1") == content.plain_title
        body = squash(page.inner_text("body"))
        for text in (content.intro, content.lead_in, content.source):
            assert squash(plain_text(text)) in body
        statements = page.locator(".myth h2").all_inner_texts()
        facts = page.locator(".myth .myth__fact").all_inner_texts()
        for myth, statement, fact in zip(content.myths, statements, facts, strict=True):
            assert squash(statement) == squash("Myth:" + plain_text(myth.statement))
            assert squash(fact) == squash("Fact:" + plain_text(myth.rebuttal))


def test_a_screen_reader_pauses_after_myth_and_fact_and_copied_text_reads_so(browser, out):
    """h2.myth__statement was read "Myth The Data Protection Act...", with no pause: an
    unseen colon follows each label, as the handout's "Myth:" does. It is in the heading's
    name and in text copied from the page, and the page shows the labels as before."""
    with opened(browser, _page(out, "example-partnership"), 1280) as seen:
        page = seen.page
        # Chromium's own accessibility tree, as a screen reader gets it.
        tree = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")
        headings = [
            node["name"]["value"]
            for node in tree["nodes"]
            if node.get("role", {}).get("value") == "heading"
        ]
        assert "Myth: The Data Protection Act 1998 is a barrier to sharing information" in headings
        copied = page.evaluate(
            "(() => { const range = document.createRange();"
            " range.selectNodeContents(document.querySelector('.myth'));"
            " getSelection().removeAllRanges(); getSelection().addRange(range);"
            " return getSelection().toString(); })()"
        )
        assert copied.split()[:3] == ["Myth:", "The", "Data"], copied
        assert "Fact: No" in " ".join(copied.split()), copied
        shown = page.evaluate(
            "[...document.querySelectorAll('.label .label__stop')].map(stop => {"
            " const box = stop.getBoundingClientRect(); return [stop.textContent,"
            " box.width * box.height, getComputedStyle(stop).clipPath]; })"
        )
    assert len(shown) == 10
    assert all(text == ":" and area <= 1 and clip == "inset(50%)" for text, area, clip in shown)


@pytest.mark.parametrize("slug", KITS)
def test_one_h1_one_h2_a_myth_and_the_landmarks(browser, out, content, slug):
    with opened(browser, _page(out, slug), 1280) as seen:
        page = seen.page
        assert page.locator("h1").count() == 1
        assert page.locator(".myths > li > h2").count() == len(content.myths)
        assert page.locator("h3, h4, h5, h6").count() == 0
        for role in ("banner", "main", "contentinfo"):
            assert page.get_by_role(role).count() == 1, role


@pytest.mark.parametrize("slug", KITS)
def test_the_skip_link_comes_first_and_goes_to_the_myths(browser, out, slug):
    with opened(browser, _page(out, slug), 1280) as seen:
        page = seen.page
        page.keyboard.press("Tab")
        focused = page.evaluate("[document.activeElement.className, document.activeElement.text]")
        assert focused == ["skip-link", "Skip to the myths"]
        assert page.locator(".skip-link").is_visible()
        page.keyboard.press("Enter")
        assert page.evaluate("[location.hash, document.activeElement.id]") == ["#myths", "myths"]


@pytest.mark.parametrize("slug", KITS)
def test_a_link_reached_by_keyboard_shows_a_focus_ring(browser, out, slug):
    with opened(browser, _page(out, slug), 1280) as seen:
        page = seen.page
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        ring = page.evaluate(
            "(() => { const s = getComputedStyle(document.activeElement);"
            " return [document.activeElement.tagName, s.outlineStyle, parseFloat(s.outlineWidth)];"
            " })()"
        )
        assert ring[:2] == ["A", "solid"] and ring[2] >= 2, ring


@pytest.mark.parametrize("forced", ["none", "active"])
def test_myth_and_fact_stay_boxed_labels_in_forced_colours(browser, out, forced):
    """Windows' contrast themes drop backgrounds: the labels were left as small stray
    words. A transparent outline, unseen otherwise, is drawn then in the text's colour."""
    with opened(browser, _page(out, "example-partnership"), 1280, forced_colors=forced) as seen:
        found = seen.page.evaluate(
            "[...document.querySelectorAll('.label')].map(label => {"
            " const s = getComputedStyle(label);"
            " return [s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor, s.color]; })"
        )
    assert len(found) == 10  # "Myth" and "Fact" for each of five myths
    for style, width, colour, text in found:
        assert style == "solid" and width > 0
        if forced == "active":
            assert colour == text != "rgba(0, 0, 0, 0)"
        else:
            assert colour == "rgba(0, 0, 0, 0)"  # unseen


def test_a_links_address_is_shown_on_paper_not_on_screen(browser, content, tmp_path):
    """Printed, a link whose words hide its address gets it after them; on a screen the
    link itself goes there, and a screen reader read the address out after its words."""
    linked = replace(content, intro=parse_inline("Ask the [NSPCC](https://www.nspcc.org.uk)."))
    write_files(tmp_path, edition("default", content=linked))
    with opened(browser, tmp_path / "web" / "index.html", 1280) as seen:
        intro = seen.page.locator(".intro")
        assert intro.inner_text() == "Ask the NSPCC."
        seen.page.emulate_media(media="print")
        printed = intro.inner_text().replace("\u200b", "")  # where it may wrap
        assert printed == "Ask the NSPCC (www.nspcc.org.uk)."


def test_the_example_kits_numbers_are_phone_links_in_the_browser(browser, out):
    with opened(browser, _page(out, "example-partnership"), 320) as seen:
        hrefs = seen.page.locator("a[href^='tel:']").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))"
        )
        assert hrefs == ["tel:01632960123", "tel:01632960456", "tel:02079460789"]


@pytest.mark.parametrize("slug", KITS)
def test_printing_gives_a4_with_whole_myths_and_no_screen_furniture(
    browser, out, content, slug, tmp_path
):
    with opened(browser, _page(out, slug), 1280) as seen:
        seen.page.emulate_media(media="print")
        pdf_path = tmp_path / "printed.pdf"
        seen.page.pdf(path=str(pdf_path), format="A4")
    document = pypdfium2.PdfDocument(str(pdf_path))
    try:
        pages = [squash(page.get_textpage().get_text_range()) for page in document]
        sizes_mm = {tuple(round(v / 72 * 25.4) for v in page.get_size()) for page in document}
    finally:
        document.close()
    assert sizes_mm == {(210, 297)}
    printed = "".join(pages)
    assert "Skiptothemyths" not in printed
    assert "Downloadthepack" not in printed
    for myth in content.myths:
        whole = squash(plain_text(myth.statement)) + "Fact" + squash(plain_text(myth.rebuttal))
        assert any(whole in page for page in pages), myth.id
