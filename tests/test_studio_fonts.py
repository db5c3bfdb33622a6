"""The studio's own page draws what a partnership types in Urdu in the project's Arabic-script
font, served by the studio, and never in empty boxes: a machine without an Arabic-script
font (Debian's Chromium here, many office kiosks) showed ے, ہ and ۔ as boxes, in the form
and in the warnings that quote it. An English page never fetches that font."""

import io
import re

import pytest
from fontTools.ttLib import TTFont

from mythprint.inputs.content import load_content
from mythprint.paths import DEFAULT_CONTENT
from mythprint.studio.pages import Pages

from .browser import axe_violations, scroll_width
from .conftest import require_font
from .studio import serving
from .test_studio_browser import fill_kit, press

ARABIC = "IBM Plex Sans Arabic"
ARABIC_FILES = "/static/ibm-plex-sans-arabic-"
# The letters that showed as boxes: ے (U+06D2), ہ (U+06C1) and Urdu's full stop ۔ (U+06D4).
BOXED = "ےہ۔"
URDU = {
    "Partnership name": "شمالی شائر بچوں کی حفاظت کی شراکت داری۔",
    "Contacts": "بچے کے بارے میں فکر ہے؟ چلڈرن سروسز: 01632 960123",
}
FACE = re.compile(r"@font-face\s*{([^}]*)}")


@pytest.fixture(autouse=True)
def arabic_font():
    require_font(ARABIC, "fontpkg-ibm-plex-sans-arabic")


@pytest.fixture(scope="module")
def server(tmp_path_factory, browser):
    """One studio process for the module (after the browser: no Chromium, no studio)."""
    with serving(tmp_path_factory.mktemp("served")) as served:
        yield served


def declared(css: str, family: str) -> list[dict[str, str]]:
    """Each @font-face of `family` in `css`, as its descriptors."""
    faces = []
    for body in FACE.findall(css):
        descriptors = dict(
            (name.strip(), value.strip())
            for name, _, value in (part.partition(":") for part in body.split(";"))
            if name.strip()
        )
        if descriptors.get("font-family") == f'"{family}"':
            faces.append(descriptors)
    return faces


def in_range(unicode_range: str, character: str) -> bool:
    for part in unicode_range.split(","):
        low, _, high = part.strip().removeprefix("U+").partition("-")
        if int(low, 16) <= ord(character) <= int(high or low, 16):
            return True
    return False


def test_the_stylesheet_serves_the_arabic_face_for_arabic_letters_only():
    assets = Pages(load_content(DEFAULT_CONTENT)).assets
    css = assets["studio.css"][0].decode()
    faces = declared(css, ARABIC)
    assert sorted(face["font-weight"] for face in faces) == ["400", "700"], faces
    assert f'html {{ font-family: "Atkinson Hyperlegible", "{ARABIC}", sans-serif; }}' in css
    for face in faces:
        assert all(in_range(face["unicode-range"], ch) for ch in BOXED + "بچوں؟۰۹"), face
        # Never asked for by Latin text, its digits and punctuation, or Welsh and Polish.
        assert not any(in_range(face["unicode-range"], chr(c)) for c in range(0x20, 0x530))
        name = re.fullmatch(r'url\("([^"]+)"\) format\("truetype"\)', face["src"]).group(1)
        data, media_type = assets[name]
        assert media_type == "font/ttf" and data[:4] == b"\x00\x01\x00\x00"
        font = TTFont(io.BytesIO(data))
        assert font["OS/2"].usWeightClass == int(face["font-weight"])
        cmap = font.getBestCmap()
        assert {ord(ch) for ch in "".join(URDU.values()) if "\u0600" <= ch <= "\u06ff"} <= set(cmap)


def fonts_drawing(page, selector: str) -> dict[str, bool]:
    """The fonts Chromium drew the text of every element matching `selector` with (and of
    what is inside it, a field's own editor too), each with whether it is a web font the
    page served (False: a system font)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]["nodeId"]
    found = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": selector})["nodeIds"]
    assert found, selector
    nodes = [cdp.send("DOM.describeNode", {"nodeId": n, "depth": -1, "pierce": True})["node"]
             for n in found]  # fmt: skip
    used = {}
    while nodes:
        node = nodes.pop()
        nodes += node.get("children", []) + node.get("shadowRoots", [])
        if node.get("nodeId"):
            fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})
            used.update((font["familyName"], font["isCustomFont"]) for font in fonts["fonts"])
    cdp.detach()
    return used


def arabic_faces(page) -> list[list[str]]:
    return page.evaluate(
        f"""document.fonts.ready.then(() => [...document.fonts]
            .filter(face => face.family.replace(/"/g, '') === '{ARABIC}')
            .map(face => [face.weight, face.status]))"""
    )


@pytest.mark.parametrize("width", [1280, 320])
def test_urdu_typed_into_the_form_is_drawn_in_the_arabic_face(browser, server, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.set_default_timeout(60_000)
        response = page.goto(server.url)
        assert "font-src 'self'" in response.headers["content-security-policy"]
        for label, value in URDU.items():
            page.get_by_label(label, exact=True).fill(value)
        for field in ("#name", "#contacts"):
            used = fonts_drawing(page, field)
            assert used.get(ARABIC) is True, used
            assert all(used.values()), used  # no system font: it has no ے, and drew boxes
        assert ["400", "loaded"] in arabic_faces(page)

        # The warnings quoting the contact, in the partnership's words.
        fill_kit(page, **{"Main colour": "#2b4c7e", **URDU})
        press(page, "Preview")
        quoted = page.locator("[id^=contacts-notice] bdi", has_text="ہے")
        assert quoted.count() >= 1
        used = fonts_drawing(page, "[id^=contacts-notice] bdi")
        assert used.get(ARABIC) is True and all(used.values()), used
        assert ["400", "loaded"] in arabic_faces(page)
        assert axe_violations(page) == []
        assert scroll_width(page) <= width
    finally:
        context.close()


def test_an_english_page_never_fetches_the_arabic_font(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.set_default_timeout(60_000)
        requests = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(server.url)
        fill_kit(page, **{"Main colour": "#2b4c7e"})
        press(page, "Preview")
        page.wait_for_load_state("networkidle")
        # Declared, both weights, and neither fetched: unicode-range keeps it for Arabic.
        assert arabic_faces(page) == [["400", "unloaded"], ["700", "unloaded"]]
        assert [url for url in requests if ARABIC_FILES in url] == []
        fonts = {url.rsplit("/", 1)[1] for url in requests if url.endswith((".woff2", ".ttf"))}
        assert fonts == {"atkinson-hyperlegible-400.woff2", "atkinson-hyperlegible-700.woff2"}
    finally:
        context.close()
