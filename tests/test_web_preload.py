"""The web edition names the fonts its first view is set in, in its head, so that a browser
fetches them beside the stylesheet and not only once the stylesheet has come: the text was
drawn in a stand-in font first and moved as the kit's fonts came (a layout shift of 0.07 to
0.08 at 1280 px, 0.01 to 0.02 at 320 px, over loopback)."""

import re
from pathlib import Path

import pytest
import tinycss2
from lxml import html as lxml_html

from mythprint.paths import DEFAULT_BRANDS_DIR, DEFAULT_CONTENT

from .conftest import build_kit
from .test_gallery_fixes import served
from .test_urdu import URDU, urdu_kit

FIXTURES = Path(__file__).parent / "fixtures"
# Each edition: its kit, and its content files, the first language first
EDITIONS = {
    "english": ("example-partnership", (DEFAULT_CONTENT,)),
    "default-kit": ("default", (DEFAULT_CONTENT,)),
    "welsh-first": ("example-partnership", (FIXTURES / "myths.cy.yml", DEFAULT_CONTENT)),
    "urdu-first": ("urdu", (URDU, DEFAULT_CONTENT)),
}


@pytest.fixture(scope="module", params=sorted(EDITIONS))
def web(request, tmp_path_factory) -> Path:
    """The web folder of one edition, built as a user builds it."""
    slug, contents = EDITIONS[request.param]
    folder = tmp_path_factory.mktemp(request.param)
    brands = urdu_kit(folder / "brands") if slug == "urdu" else DEFAULT_BRANDS_DIR
    pack = [option for path in contents for option in ("--content", str(path))]
    result = build_kit(brands, slug, "html", folder / "out", "--no-previews", *pack)
    assert result.exit_code == 0, result.output
    return folder / "out" / slug / "web"


def head_links(page: Path) -> list:
    return lxml_html.document_fromstring(page.read_bytes()).xpath("/html/head/link")


def preloads(page: Path) -> list[str]:
    return [link.get("href") for link in head_links(page) if link.get("rel") == "preload"]


def font_faces(stylesheet: Path) -> list[dict[str, str]]:
    """Each @font-face of the stylesheet: its family, style and file."""
    faces = []
    rules = tinycss2.parse_stylesheet(stylesheet.read_text("utf-8"), skip_whitespace=True)
    for rule in rules:
        if rule.type != "at-rule" or rule.lower_at_keyword != "font-face":
            continue
        declarations = tinycss2.parse_blocks_contents(rule.content, skip_whitespace=True)
        values = {
            each.lower_name: tinycss2.serialize(each.value).strip()
            for each in declarations
            if each.type == "declaration"
        }
        file = re.search(r'url\("([^"]+)"\)', values["src"]).group(1)
        faces.append({"family": values["font-family"].strip('"'), "style": values["font-style"]})
        faces[-1]["file"] = file
    return faces


def first_families(stylesheet: Path) -> set[str]:
    """The families the page's text and headings ask for first (the kit's own)."""
    text = stylesheet.read_text("utf-8")
    found = re.findall(r'^(?:html|h1, h2) \{ font-family: "([^"]+)"', text, flags=re.M)
    assert len(found) == 2, text
    return set(found)


def test_each_page_names_the_kit_s_upright_fonts_before_its_stylesheet(web):
    stylesheet = web / "web.css"
    kit_families = first_families(stylesheet)
    upright = {
        face["file"]
        for face in font_faces(stylesheet)
        if face["family"] in kit_families and face["style"] == "normal"
    }
    assert upright
    pages = sorted(web.glob("index*.html"))
    assert pages
    for page in pages:
        links = head_links(page)
        named = preloads(page)
        assert set(named) == upright, page
        assert len(named) == len(set(named)), page
        for link in links:
            if link.get("rel") == "preload":
                # A font is fetched without credentials, so its preload must say so, or the
                # browser fetches it twice; woff2, so a browser that cannot read it skips it
                assert link.get("as") == "font" and link.get("type") == "font/woff2", page
                assert link.get("crossorigin") == "", page
                assert (web / link.get("href")).is_file(), page
        rels = [link.get("rel") for link in links]
        assert rels.index("stylesheet") > max(i for i, r in enumerate(rels) if r == "preload")


def test_the_fonts_are_fetched_while_the_stylesheet_is_still_coming(browser, web):
    """The stylesheet held back, as on a slow line: the fonts are asked for all the same,
    each once (a preload the page's own request could not use would be fetched twice), and
    used once the stylesheet comes."""
    named = {f"/{name}" for name in preloads(web / "index.html")}
    assert named
    with served(web) as (address, missing):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        try:
            page = context.new_page()
            warnings, asked = [], []
            page.on("console", lambda message: warnings.append(message.text))
            page.on("request", lambda each: asked.append(each.url.removeprefix(address)))
            held = []
            page.route("**/web.css", lambda route: held.append(route))
            page.goto(f"{address}/index.html", wait_until="commit")
            # Up to Playwright's own 30 seconds for the stylesheet's request and the fonts'
            # (requests are heard while it waits)
            for _ in range(600):
                fonts = [url for url in asked if url.endswith(".woff2")]
                if held and len(fonts) >= len(named):
                    break
                page.wait_for_timeout(50)
            assert len(held) == 1  # the stylesheet has not come, and the fonts are asked for
            assert {url for url in asked if url.endswith(".woff2")} == named
            held[0].continue_()
            page.wait_for_load_state("load")
            page.evaluate("document.fonts.ready")
            statuses = page.evaluate("Array.from(document.fonts).map(face => face.status)")
            assert statuses and "loaded" in statuses and "error" not in statuses
        finally:
            context.close()
    fonts = [url for url in asked if url.endswith(".woff2")]
    assert sorted(set(fonts)) == sorted(fonts)  # each once: the preload was the one used
    assert not [text for text in warnings if "preload" in text], warnings
    assert [path for path in missing if path.endswith(".woff2")] == []
