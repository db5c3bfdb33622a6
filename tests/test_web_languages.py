"""The web edition of a pack of several languages: a page per language, each naming the
others as its alternates (hreflang) and showing a switch between them, in its own folder."""

import json
from pathlib import Path

import pypdfium2
import pytest
from fontTools.ttLib import TTFont
from lxml import html as lxml_html

from mythprint.inputs.content import load_content
from mythprint.inputs.inline import plain_text
from mythprint.paths import DEFAULT_BRANDS_DIR, DEFAULT_CONTENT, STYLES_DIR

from .browser import axe_violations, opened, outside, scroll_width
from .conftest import run_cli

FIXTURES = Path(__file__).parent / "fixtures"
WELSH = FIXTURES / "myths.cy.yml"
URDU = FIXTURES / "myths.ur.yml"
KIT = "example-partnership"
# The Welsh + English pack, Welsh first: each language's page, by its language.
PAGES = {"cy": "index.html", "en-GB": "index.en-GB.html"}
NAMES = {"cy": "Cymraeg", "en-GB": "English"}
SWITCH = {"cy": "Ieithoedd", "en-GB": "Languages", "ur": "زبانیں"}
WIDTHS = (1280, 320)
# The label that says what a file made once per language is, by its name's stem.
DESCRIBED = {"poster-a3": "describe_poster", "leaflet-dl": "describe_leaflet"}


def build(out: Path, *contents: Path, brands: Path = DEFAULT_BRANDS_DIR, brand: str = KIT, **kw):
    """`build` of a pack, as a user would run it, without previews."""
    pack = [option for path in contents for option in ("--content", str(path))]
    formats = [option for name in kw.get("formats", ()) for option in ("--format", name)]
    stats = ["--stats", str(kw["stats"])] if "stats" in kw else []
    return run_cli(
        "build", "--brands-dir", str(brands), "--brand", brand, "--out", str(out),
        "--no-previews", *pack, *formats, *stats,
    )  # fmt: skip


def tree(path: Path):
    return lxml_html.document_fromstring(path.read_bytes())


def alternates(page: Path) -> dict[str, str]:
    """A page's <link rel="alternate">s: href by hreflang."""
    links = tree(page).xpath("//head/link[@rel='alternate']")
    found = {link.get("hreflang"): link.get("href") for link in links}
    assert len(found) == len(links), "each hreflang once"
    return found


def switch(page: Path) -> list:
    return tree(page).xpath("//nav[contains(@class, 'languages')]//a")


def words(element) -> str:
    return " ".join(element.text_content().split())


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    """The Welsh + English pack of every format, Welsh first, for the example kit."""
    folder = tmp_path_factory.mktemp("bilingual") / "out"
    result = build(folder, WELSH, DEFAULT_CONTENT)
    assert result.exit_code == 0, result.output
    return folder


@pytest.fixture(scope="module")
def web(out) -> Path:
    return out / KIT / "web"


@pytest.fixture(scope="module")
def contents():
    return {"cy": load_content(WELSH), "en-GB": load_content(DEFAULT_CONTENT)}


# --- the pages ---


def test_each_language_has_a_page_of_its_own_language_the_first_at_index_html(web):
    assert sorted(path.name for path in web.glob("*.html")) == sorted(PAGES.values())
    for language, name in PAGES.items():
        [root] = tree(web / name).xpath("/html")
        assert (root.get("lang"), root.get("dir")) == (language, "ltr"), name


def test_every_page_names_every_language_s_page_as_its_alternate_and_they_agree(web):
    for name in PAGES.values():
        found = alternates(web / name)
        assert found.pop("x-default") == "index.html", name
        assert found == PAGES, name  # itself too
        for language, href in found.items():
            target = web / href
            assert target.is_file(), href
            assert tree(target).xpath("/html/@lang") == [language]
            # Reciprocal: the page it names names this one back, under this one's language.
            assert name in alternates(target).values()


def test_the_switch_names_each_language_in_its_own_words_and_marks_the_current_one(web):
    for current, name in PAGES.items():
        links = switch(web / name)
        assert [words(a) for a in links] == [NAMES["cy"], NAMES["en-GB"]], name
        for link, language in zip(links, PAGES, strict=True):
            assert link.get("lang") == link.get("hreflang") == language
            assert link.get("href") == PAGES[language]
            assert (web / link.get("href")).is_file()
            assert link.get("aria-current") == ("page" if language == current else None)
        # Its name, for a screen reader's list of landmarks: what it is, in the page's words
        # ("Cymraeg / English" listed languages and said nothing of what the list was).
        [nav] = tree(web / name).xpath("//nav[contains(@class, 'languages')]")
        assert nav.get("aria-label") == SWITCH[current]


def test_each_page_prints_the_guide_in_its_own_language(web, contents):
    for language, name in PAGES.items():
        page = tree(web / name)
        mine, other = contents[language], contents["en-GB" if language == "cy" else "cy"]
        assert words(page.xpath("//h1")[0]) == mine.plain_title
        statements = [words(h2) for h2 in page.xpath("//li[@class='myth']/h2")]
        myth = mine.labels.text("myth_lead")  # "Myth", and its unseen colon
        assert statements == [
            squash_spaces(f"{myth} {plain_text(m.statement)}") for m in mine.myths
        ]
        facts = [words(p) for p in page.xpath("//li[@class='myth']/p")]
        fact = mine.labels.text("fact_lead")
        assert facts == [squash_spaces(f"{fact} {plain_text(m.rebuttal)}") for m in mine.myths]
        body = words(page.xpath("//body")[0])
        for text in (mine.intro, mine.lead_in, mine.source):
            assert " ".join(plain_text(text).split()) in body
        assert other.plain_title not in body
        assert page.xpath("string(//a[@class='skip-link'])") == mine.labels.text("skip_link")


def squash_spaces(text: str) -> str:
    return " ".join(text.split())


def test_each_page_lists_its_own_language_s_files_first_and_marks_the_others(web, contents):
    for language, name in PAGES.items():
        links = tree(web / name).xpath("//a[@class='download']")
        hrefs = [a.get("href") for a in links]
        other = "en-GB" if language == "cy" else "cy"
        mine = [i for i, h in enumerate(hrefs) if h.endswith(f".{language}.pdf")]
        theirs = [i for i, h in enumerate(hrefs) if h.endswith(f".{other}.pdf")]
        assert len(mine) == len(theirs) == 2, hrefs
        assert max(mine) < min(theirs), hrefs
        for index in theirs:
            # What it is, in the page's words; then its language's name, in its language,
            # and only that; the facts after it, "(PDF, 30 KB)", the page's.
            [marked] = links[index].xpath(".//*[@lang]")
            assert links[index].get("hreflang") == marked.get("lang") == other
            assert marked.get("dir") is None  # Welsh and English run alike
            assert words(marked) == NAMES[other]
            label = DESCRIBED[hrefs[index].split(".", 1)[0]]
            assert links[index].text == f"{contents[language].labels.text(label)} · "
        for index in mine:
            assert links[index].get("hreflang") == language
            assert not links[index].xpath(".//@lang")  # the page's own language
        # A file made once for the whole pack is named in the page's language.
        handout = links[hrefs.index("handout.docx")]
        assert words(handout).startswith(contents[language].labels.text("describe_handout"))
        assert handout.get("lang") is None and handout.get("hreflang") is None
        for href in hrefs:
            assert (web / href).is_file(), href


def test_the_welsh_page_says_in_welsh_what_the_english_leaflet_is_and_only_english_in_english(
    web, contents
):
    """The Welsh Language Standards expect a Welsh page to be in Welsh: it listed the English
    leaflet as "DL leaflet to fold · English", all of it marked English. Only the language's
    name is in the other language: "Taflen DL i'w phlygu · English"."""
    [link] = tree(web / PAGES["cy"]).xpath("//a[@href='leaflet-dl.en-GB.pdf']")
    assert link.get("hreflang") == "en-GB" and link.get("lang") is None
    assert link.text == f"{contents['cy'].labels.text('describe_leaflet')} · "
    assert link.text.startswith("Taflen DL i'w phlygu")
    [english] = link.xpath(".//*[@lang]")
    assert (english.tag, english.get("lang"), english.text) == ("span", "en-GB", "English")
    assert not len(english) and english.get("dir") is None
    # The facts follow, in the page's words, outside the English.
    [facts] = link.xpath("span[@class='download__facts']")
    assert english.getnext() is facts and english.tail == " "


# Welsh's ŵ and ŷ take the example kit to Noto Sans: one variable font for every weight.
FONT = "noto-sans-400-700.woff2"


def test_the_pages_share_one_stylesheet_one_logo_and_one_set_of_fonts(web, out):
    copies = [path.name for path in web.parent.iterdir() if path.is_file()]  # of its files
    assert sorted(path.name for path in web.iterdir()) == sorted(
        [*PAGES.values(), "web.css", "logo.svg", FONT] + copies
    )
    for name in PAGES.values():
        assert tree(web / name).xpath("//link[@rel='stylesheet']/@href") == ["web.css"]
    # The fonts hold what both pages print: Welsh's ŵ and ŷ as well as the English.
    font = TTFont(web / FONT)
    kept = {chr(code) for code in font.getBestCmap()}
    for name in PAGES.values():
        printed = tree(web / name).xpath("string(//body)")
        assert {ch for ch in printed if not ch.isspace()} <= kept, name
    assert {"ŵ", "ŷ"} <= kept
    css = (web / "web.css").read_text(encoding="utf-8")
    assert (STYLES_DIR / "web-languages.css").read_text(encoding="utf-8") in css


def test_a_variable_font_is_shipped_once_for_the_weights_it_prints(web):
    """Noto Sans is one variable file: shipped as one subset, declared for the range of
    weights the page draws with it, which a browser then takes from its weight axis."""
    font = TTFont(web / FONT)
    assert "fvar" in font and font["fvar"].axes[0].axisTag == "wght"
    css = (web / "web.css").read_text(encoding="utf-8")
    assert css.count("@font-face") == 1
    assert f'src: url("{FONT}") format("woff2");\n  font-weight: 400 700;' in css


def test_each_page_is_an_output_of_its_own_and_the_first_carries_the_shared_files(out):
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    pages = {e["path"]: e for e in manifest["outputs"] if e["format"] == "html"}
    first, second = f"{KIT}/web/index.html", f"{KIT}/web/index.en-GB.html"
    assert set(pages) == {first, second}
    assert pages[first]["fingerprint"] != pages[second]["fingerprint"]
    assert pages[first]["title"] == "Fersiwn we · Cymraeg"
    assert pages[second]["title"] == "Web edition · English"
    assert [pages[first]["language"], pages[second]["language"]] == ["cy", "en-GB"]
    copies = [e["path"].split("/")[1] for e in manifest["outputs"] if e["format"] != "html"]
    assert set(pages[first]["parts"]) == {
        f"{KIT}/web/{name}" for name in ("web.css", "logo.svg", FONT, *copies)
    }
    assert pages[second]["parts"] == {}


def test_the_gallery_links_each_language_s_page(out):
    gallery = tree(out / "index.html")
    links = gallery.xpath("//*[@class='kit__web']//a")
    assert [a.get("href") for a in links] == [f"{KIT}/web/{PAGES[lang]}" for lang in PAGES]
    assert [words(a).split(",")[0] for a in links] == [
        "Fersiwn we · Cymraeg",
        "Web edition · English",
    ]
    # Each in its language, for a screen reader's voice; the gallery's own is English.
    assert [a.xpath("./span[1]/@lang") for a in links] == [["cy"], []]
    files = gallery.xpath("//ul[@class='files']//a/@href")
    assert not [href for href in files if href.endswith(".html")]


# --- rebuilds ---


def test_an_unchanged_pack_is_not_laid_out_or_written_again(out, tmp_path):
    before = {path: path.stat().st_mtime_ns for path in out.rglob("*") if path.is_file()}
    stats = tmp_path / "stats.json"
    result = build(out, WELSH, DEFAULT_CONTENT, stats=stats)
    assert result.exit_code == 0, result.output
    assert "Done: 0 made, 12 unchanged, 0 failed" in result.output, result.output
    assert json.loads(stats.read_text(encoding="utf-8"))["outputs"] == []
    after = {path: path.stat().st_mtime_ns for path in out.rglob("*") if path.is_file()}
    assert after == before


def test_a_deleted_page_is_made_again_alone(tmp_path):
    out = tmp_path / "out"
    assert build(out, WELSH, DEFAULT_CONTENT, formats=("html",)).exit_code == 0
    web = out / KIT / "web"
    kept = {path.name: path.stat().st_mtime_ns for path in web.iterdir() if path.is_file()}
    (web / "index.en-GB.html").unlink()
    again = build(out, WELSH, DEFAULT_CONTENT, formats=("html",))
    assert "Done: 1 made, 1 unchanged, 0 failed" in again.output, again.output
    assert (web / "index.en-GB.html").is_file()
    for name, mtime in kept.items():
        if name != "index.en-GB.html":
            assert (web / name).stat().st_mtime_ns == mtime, name


def test_one_content_makes_one_page_with_no_alternates_switch_or_switch_styles(tmp_path):
    out = tmp_path / "out"
    assert build(out, DEFAULT_CONTENT, formats=("html",)).exit_code == 0
    web = out / KIT / "web"
    assert [path.name for path in web.glob("*.html")] == ["index.html"]
    page = (web / "index.html").read_text(encoding="utf-8")
    assert "alternate" not in page and "<nav" not in page and "aria-current" not in page
    css = (web / "web.css").read_text(encoding="utf-8")
    assert css.endswith((STYLES_DIR / "web.css").read_text(encoding="utf-8"))
    assert "languages" not in css


# --- right to left ---


@pytest.fixture(scope="module")
def urdu_web(tmp_path_factory) -> Path:
    """The Urdu + English pack's web edition, Urdu first, in a kit with an Arabic font."""
    from .test_urdu import urdu_kit

    folder = tmp_path_factory.mktemp("urdu-english")
    brands = urdu_kit(folder / "brands")
    result = build(
        folder / "out", URDU, DEFAULT_CONTENT, brands=brands, brand="urdu", formats=("html",)
    )
    assert result.exit_code == 0, result.output
    return folder / "out" / "urdu" / "web"


def test_the_urdu_page_is_right_to_left_and_the_english_left_to_right(urdu_web):
    assert tree(urdu_web / "index.html").xpath("/html/@dir") == ["rtl"]
    assert tree(urdu_web / "index.html").xpath("/html/@lang") == ["ur"]
    english = urdu_web / "index.en-GB.html"
    assert tree(english).xpath("/html/@dir") == ["ltr"]
    [urdu_link, english_link] = switch(english)
    assert (urdu_link.get("lang"), urdu_link.get("dir"), words(urdu_link)) == ("ur", "rtl", "اردو")
    assert english_link.get("dir") is None
    assert alternates(english)["ur"] == "index.html"
    [nav] = tree(urdu_web / "index.html").xpath("//nav[contains(@class, 'languages')]")
    assert nav.get("aria-label") == SWITCH["ur"]


def test_a_translation_without_the_switch_s_name_still_builds_named_by_its_languages(
    tmp_path,
):
    """language_switch came after translations were made: one that lacks it builds, and its
    page names the switch by the languages it offers, as every page did before."""
    welsh = tmp_path / "myths.cy.yml"
    text = WELSH.read_text(encoding="utf-8")
    assert "  language_switch: Ieithoedd\n" in text
    welsh.write_text(text.replace("  language_switch: Ieithoedd\n", ""), encoding="utf-8")
    result = build(tmp_path / "out", welsh, DEFAULT_CONTENT, formats=("html",))
    assert result.exit_code == 0, result.output
    web = tmp_path / "out" / KIT / "web"
    for page, name in (("index.html", "Cymraeg / English"), ("index.en-GB.html", "Languages")):
        [nav] = tree(web / page).xpath("//nav[contains(@class, 'languages')]")
        assert nav.get("aria-label") == name, page


def test_the_partnership_s_name_is_marked_in_its_language_wherever_a_label_names_it(web, urdu_web):
    """ "Cyhoeddwyd gan Exampleshire..." left the kit's English name unmarked, so a screen
    reader read it in a Welsh voice; on the Urdu page it was no left-to-right isolate either.
    It is marked as the masthead marks it, in the publisher line and the downloads' intro."""
    name = "Exampleshire Safeguarding Children Partnership"
    publisher, downloads = "//p[@class='publisher']", "//section[@class='downloads']/p"
    pages = (  # the Urdu pack is built as a web page alone: it lists no downloads
        (web / "index.html", "span", (publisher, downloads)),
        (urdu_web / "index.html", "bdi", (publisher,)),
    )
    for page, tag, wheres in pages:
        page_tree = tree(page)
        [masthead] = page_tree.xpath("//span[@class='brand-name']/*")
        assert (masthead.tag, masthead.get("lang"), masthead.text) == (tag, "en-GB", name)
        for where in wheres:
            [marked] = page_tree.xpath(f"{where}/{tag}")
            assert (marked.get("lang"), marked.get("dir"), marked.text) == (
                masthead.get("lang"),
                masthead.get("dir"),
                name,
            ), (page, where)
    # The English page's own name needs no mark.
    assert not tree(web / "index.en-GB.html").xpath("//p[@class='publisher']/*")


# --- in a real browser ---


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", PAGES)
def test_axe_finds_no_violation_on_either_language_s_page(browser, web, language, width):
    with opened(browser, web / PAGES[language], width) as seen:
        assert axe_violations(seen.page) == []
        assert scroll_width(seen.page) <= width
        assert outside(seen.requests, web) == []


@pytest.mark.parametrize("width", WIDTHS)
def test_axe_finds_no_violation_on_the_right_to_left_page(browser, urdu_web, width):
    with opened(browser, urdu_web / "index.html", width) as seen:
        assert axe_violations(seen.page) == []
        assert scroll_width(seen.page) <= width


def facts_lines(browser, path: Path, width: int) -> list[int]:
    """How many lines each download's "(PDF, 19 KB)" takes on the page at `width` px: the
    tops of its boxes (an inline element has one box a line, and on a right-to-left page
    one a directional run, side by side)."""
    with opened(browser, path, width) as seen:
        return seen.page.eval_on_selector_all(
            ".download__facts",
            """facts => facts.map(fact =>
                new Set(Array.from(fact.getClientRects(), box => Math.round(box.top))).size)""",
        )


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", PAGES)
def test_a_download_s_kind_and_size_stay_on_one_line(browser, web, language, width):
    """ "(PDF, 19 KB)" is read as one: never "19" at a line's end and "KB)" on the next."""
    lines = facts_lines(browser, web / PAGES[language], width)
    assert lines and set(lines) == {1}, lines


@pytest.mark.parametrize("width", WIDTHS)
def test_the_switch_is_visible_at_the_top_and_goes_to_the_other_language(browser, web, width):
    with opened(browser, web / PAGES["cy"], width) as seen:
        page = seen.page
        english = page.locator("nav.languages a[hreflang='en-GB']")
        assert english.is_visible()
        assert page.locator("nav.languages a[aria-current='page']").inner_text() == "Cymraeg"
        box = english.bounding_box()
        assert box["y"] < page.locator("h1").bounding_box()["y"]
        english.click()
        page.wait_for_load_state("load")
        assert page.evaluate("document.documentElement.lang") == "en-GB"
        assert page.locator("nav.languages a[aria-current='page']").inner_text() == "English"


def test_bold_is_drawn_bold_from_the_variable_font(browser, web):
    """The one file serves the headings' 700 as well as the body's 400: the same words are
    wider in bold (a browser's fake bold, drawn from the 400 outlines, keeps their width)."""
    with opened(browser, web / PAGES["cy"], 1280) as seen:
        widths = seen.page.evaluate(
            """() => [400, 700].map(weight => {
                const span = document.createElement("span");
                span.textContent = "Canllaw chwalu mythau ŵ ŷ";
                span.style.font = `${weight} 40px "Noto Sans"`;
                document.body.append(span);
                const width = span.getBoundingClientRect().width;
                span.remove();
                return width;
            })"""
        )
        assert seen.page.evaluate("document.fonts.check('700 40px \"Noto Sans\"')")
        assert widths[1] > widths[0] * 1.03, widths


def test_printing_leaves_the_switch_out(browser, web):
    with opened(browser, web / PAGES["en-GB"], 1280) as seen:
        seen.page.emulate_media(media="print")
        assert not seen.page.locator("nav.languages").is_visible()


def test_the_source_line_never_prints_alone_on_a_page(browser, tmp_path):
    """Printed, the page's last lines go over with the myth before them: the default kit's
    English page filled its first A4 sheet to the source line, which then took a second
    sheet of its own, one wasted sheet in every copy a trainer printed."""
    result = build(tmp_path / "out", WELSH, DEFAULT_CONTENT, brand="default")
    assert result.exit_code == 0, result.output
    printed = tmp_path / "printed.pdf"
    with opened(browser, tmp_path / "out" / "default" / "web" / PAGES["en-GB"], 1280) as seen:
        seen.page.emulate_media(media="print")
        seen.page.pdf(path=str(printed), format="A4")
    document = pypdfium2.PdfDocument(str(printed))
    try:
        pages = [" ".join(page.get_textpage().get_text_range().split()) for page in document]
    finally:
        document.close()
    assert len(pages) > 1, "the page prints on one sheet: the test no longer tests the break"
    source = plain_text(load_content(DEFAULT_CONTENT).source)
    assert source in pages[-1]
    assert pages[-1] != source, pages[-1]
    assert "Fact" in pages[-1], pages[-1]
