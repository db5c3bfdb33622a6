"""The studio through its ASGI interface, with no server: safe on a shared office PC, fast
enough to feel live, and every visitor's work its own."""

import html
import io
import re
import time
import unicodedata
import zipfile
from concurrent.futures import ThreadPoolExecutor

import pytest
from PIL import Image

from mythprint.inputs.brand import load_brand
from mythprint.paths import DEFAULT_BRANDS_DIR
from mythprint.studio.failures import plain_files
from mythprint.studio.kitform import parse_contacts
from mythprint.studio.tidy import tidy_line
from mythprint.studio.visitors import Visitors
from mythprint.studio.zips import (
    MAX_ENTRIES,
    KitZipError,
    check_kit_zip,
    deterministic_zip,
    safe_name,
)

from .studio import (
    BASE,
    EXAMPLE_LOGO,
    NORTHSHIRE,
    Visit,
    bare_client,
    choices_of,
    colours_of,
    files_under,
    notices_of,
    running_studio,
    value_of,
    zip_of,
)
from .test_kits import EIGHT_LONG_CONTACTS
from .test_safety import png_header_only

MB = 1024 * 1024
BRAND_FILE = b'meta:\n  name: Zipped Partnership\ncolor:\n  primary: "#2b4c7e"\n'
HOSTILE_SVGS = {
    "entity": (
        '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&secret;</text>'
        "</svg>",
        "declares XML entities; a logo must not",
    ),
    "outside file": (
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        '<image href="file:///etc/hostname" width="10" height="10"/></svg>',
        "refers to 'file:///etc/hostname'",
    ),
}


@pytest.fixture(scope="module")
def running(tmp_path_factory):
    with running_studio(tmp_path_factory.mktemp("studio") / "root") as studio:
        yield studio


@pytest.fixture
def visit(running):
    return Visit(running)


def primary_rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))


# --- the Host header: no DNS rebinding ---


@pytest.mark.parametrize(
    "host", ["evil.example", "evil.example:8000", "127.0.0.1:8001", "localhost", "0.0.0.0:8000"]
)
def test_any_other_host_header_gets_400(running, host):
    response = running.client.get("/", headers={"host": host})
    assert response.status_code == 400
    assert "answers only at its own address" in response.text


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost:8000"])
def test_the_studios_own_address_is_answered(running, host):
    assert running.client.get("/", headers={"host": host}).status_code == 200


# --- CSRF: every POST carries its visitor's token ---


@pytest.mark.parametrize("token", [None, "", "0" * 64, "someone else's"])
def test_a_post_without_a_valid_token_gets_403_and_changes_nothing(running, visit, token):
    other = Visit(running)
    given = {"someone else's": other.token, None: None}.get(token, token)
    data = {**NORTHSHIRE, **({} if given is None else {"csrftoken": given})}
    response = visit.post("/preview", data, token=False)
    assert response.status_code == 403
    assert "That form has expired" in response.text
    assert not visit.visitor.has_kit and not (visit.visitor.folder / "staging").exists()


def test_a_post_from_another_site_gets_403_even_with_the_token(visit):
    response = visit.client.post(
        "/preview",
        data={**NORTHSHIRE, "csrftoken": visit.token},
        headers={"origin": "http://evil.example"},
    )
    assert response.status_code == 403 and not visit.visitor.has_kit


def test_a_post_with_no_visitor_cookie_gets_403(running, visit):
    response = bare_client(running).post("/preview", data={**NORTHSHIRE, "csrftoken": visit.token})
    assert response.status_code == 403


def test_the_session_cookie_is_for_this_site_only_and_pages_load_nothing_else(visit):
    header = visit.first.headers["set-cookie"].lower()
    assert "httponly" in header and "samesite=strict" in header
    assert "set-cookie" not in visit.home().headers  # one id for the visitor's whole stay
    policy = visit.first.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "form-action 'self'" in policy


# --- uploads: sizes, logos, kit zips ---


def test_an_oversize_logo_is_refused_beside_the_field_and_the_form_kept(visit):
    response = visit.preview(logo=b"<svg>" + b" " * (5 * MB) + b"</svg>")
    assert response.status_code == 200
    [message] = notices_of(visit.page, "logo")
    assert "larger than 5 MB" in message
    assert value_of(visit.page, "name") == NORTHSHIRE["name"]
    assert not visit.visitor.has_kit


def test_an_oversize_kit_zip_is_refused_with_a_clear_message(visit):
    data = zip_of({"kit/_brand.yml": BRAND_FILE}) + b"\0" * (20 * MB)
    visit.post("/open-saved", files={"saved_kit": ("kit.zip", data, "application/zip")})
    [message] = notices_of(visit.page, "saved_kit")
    assert "larger than 20 MB" in message and not visit.visitor.has_kit


def test_a_body_far_larger_than_any_form_is_refused_unread(visit):
    def body():
        for _ in range(65):
            yield b"x" * MB

    response = visit.client.post(
        "/open-saved",
        content=body(),
        headers={"content-type": "multipart/form-data; boundary=x"},
    )
    assert response.status_code == 413 and "far too large" in response.text


BAD_ZIPS = {
    "a ../ entry": (
        {"kit/_brand.yml": BRAND_FILE, "kit/../../escaped.txt": b"x"},
        (),
        "points outside its folder with '..'",
    ),
    "an absolute path": (
        {"kit/_brand.yml": BRAND_FILE, "/tmp/escaped.yml": b"x"},
        (),
        "is an absolute path",
    ),
    "a symlink": (
        {"kit/_brand.yml": BRAND_FILE, "kit/logo.svg": b"/etc/passwd"},
        ("kit/logo.svg",),
        "is a link to another file",
    ),
    "101 entries": (
        {"kit/_brand.yml": BRAND_FILE, **{f"kit/f{i}.svg": b"<svg/>" for i in range(100)}},
        (),
        f"a kit has at most {MAX_ENTRIES}",
    ),
    "a zip bomb": (
        {"kit/_brand.yml": BRAND_FILE, "kit/font.ttf": b"\0" * (51 * MB)},
        (),
        "would unpack to 51 MB",
    ),
    "no kit": ({"notes.txt": b"hello"}, (), "holds no _brand.yml"),
    "two kits": ({"a/_brand.yml": BRAND_FILE, "b/_brand.yml": BRAND_FILE}, (), "holds 2 kits"),
}


@pytest.mark.parametrize("case", BAD_ZIPS, ids=list(BAD_ZIPS))
def test_a_hostile_kit_zip_is_refused_before_anything_is_extracted(
    running, visit, case, tmp_path_factory
):
    entries, links, expected = BAD_ZIPS[case]
    data = zip_of(entries, links)
    assert len(data) < 20 * MB  # small enough to be read: the zip itself is refused
    root = running.studio.visitors.root
    before = files_under(root)
    visit.post("/open-saved", files={"saved_kit": ("kit.zip", data, "application/zip")})
    [message] = notices_of(visit.page, "saved_kit")
    assert expected in message, message
    assert files_under(root) == before  # nothing written, in the visitor's folder or beside it
    assert not visit.visitor.has_kit
    assert not (root.parent / "escaped.txt").exists()


@pytest.mark.parametrize("case", BAD_ZIPS, ids=list(BAD_ZIPS))
def test_the_zip_checks_read_only_the_zips_directory(case, monkeypatch):
    """Each refusal is made from the list of entries: no entry is ever opened."""
    entries, links, expected = BAD_ZIPS[case]
    data = zip_of(entries, links)
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *a, **k: pytest.fail("opened"))
    with pytest.raises(KitZipError) as refused:
        check_kit_zip(data)
    assert expected in refused.value.message


@pytest.mark.parametrize("name", HOSTILE_SVGS)
def test_a_hostile_svg_logo_meets_the_kits_safety_rules(visit, name):
    svg, expected = HOSTILE_SVGS[name]
    visit.preview(logo=svg.encode(), logo_name="innocent.png")
    [message] = notices_of(visit.page, "logo")
    assert expected in message and message.startswith("Error: logo 'innocent.png' ")
    assert not visit.visitor.has_kit and 'class="preview"' not in visit.page


# A name as people give their files, with what HTML must escape in it.
OWN_NAME = "Northshire <SCP> logo & strapline (final).png"


def small_png() -> bytes:
    logo = io.BytesIO()
    Image.new("RGB", (120, 60), "white").save(logo, "PNG")
    return logo.getvalue()


def print_png() -> bytes:
    """A PNG logo with pixels enough for print: 300 tall, for the 20 mm the posters print."""
    logo = io.BytesIO()
    Image.new("RGB", (900, 300), "white").save(logo, "PNG")
    return logo.getvalue()


# An SVG that gives no size of its own: a kit may have it, with a warning.
SIZELESS_SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="10" height="10"/></svg>'


def test_messages_about_a_chosen_logo_name_its_own_file(visit):
    visit.preview(logo=small_png(), logo_name=f"C:\\Users\\comms\\Desktop\\{OWN_NAME}")
    [message] = notices_of(visit.page, "logo")
    assert f"'{OWN_NAME}' is too small to print sharply: it is 120 × 60 pixels" in message
    assert "logo.png" not in message and "Desktop" not in message
    assert html.escape(OWN_NAME, quote=False) in visit.page and "<SCP>" not in visit.page
    own_svg = OWN_NAME.replace(".png", ".svg")
    visit.preview(logo=SIZELESS_SVG, logo_name=own_svg)
    [message] = notices_of(visit.page, "logo")
    assert f"logo '{own_svg}' gives no size of its own" in message, message
    visit.preview(short_name="Northshire")  # the same logo, not chosen again
    [message] = notices_of(visit.page, "logo")
    assert f"logo '{own_svg}' gives no size of its own" in message, message
    visit.preview(logo=b"#!/bin/sh\n", logo_name="notes.txt")
    assert notices_of(visit.page, "logo") == [
        "Error: 'notes.txt' is not an SVG, PNG or JPEG image, so it was not used; the logo "
        "you had is kept. Choose your logo as one of those."
    ]


def test_an_empty_logo_file_is_said_beside_logo_and_the_logo_kept(visit):
    """A file in a cloud folder that has not downloaded yet is chosen as 0 bytes."""
    visit.preview(logo=EXAMPLE_LOGO.read_bytes())
    empty = {"logo": ("Northshire logo.svg", b"", "image/svg+xml")}
    visit.post("/preview", {**NORTHSHIRE, "short_name": "Northshire"}, files=empty)
    [message] = notices_of(visit.page, "logo")
    assert message.startswith(
        "Error: 'Northshire logo.svg' is empty (0 bytes), so it was not used; "
        "the logo you had is kept."
    )
    assert "OneDrive" in message and "Your previews are ready" not in visit.page
    assert (visit.visitor.kit / "logo.svg").read_bytes() == EXAMPLE_LOGO.read_bytes()
    assert value_of(visit.page, "short_name") == "Northshire"


def test_an_empty_saved_kit_is_said_to_be_empty(visit):
    visit.post("/open-saved", files={"saved_kit": ("my pack.zip", b"", "application/zip")})
    [message] = notices_of(visit.page, "saved_kit")
    assert message.startswith("Error: 'my pack.zip' is empty (0 bytes), so it is not a saved kit")


def unisolated(page: str) -> str:
    """`page` without the <bdi> that isolates each value a message quotes."""
    return re.sub(r"</?bdi>", "", page)


def summary_heading(page: str) -> tuple[str, str]:
    """The summary's heading, and the words under it."""
    heading = re.search(r'<h2 class="summary__heading"[^>]*>(.*?)</h2>', page, re.S).group(1)
    text = re.search(r'<p class="summary__text">(.*?)</p>', page, re.S)
    return html.unescape(heading.strip()), html.unescape(text.group(1)) if text else ""


@pytest.mark.parametrize(
    ("name", "data", "why"),
    [
        ("notes.txt", b"Minutes of the board\n", "it is not a zip file"),
        ("Photos.zip", zip_of({"photo.jpg": b"\xff\xd8\xff"}), "this zip holds no _brand.yml"),
    ],
    ids=["not a zip", "a zip of no kit"],
)
def test_a_file_that_is_not_a_saved_kit_is_said_to_be_none(visit, name, data, why):
    """Such a file was headed "1 problem to fix before you can download the pack", as if
    the kit had a problem that stopped the pack. The page says what is wrong: the file is
    not a saved kit; and what a saved kit is, and how to get one. The kit is as it was."""
    visit.preview()
    visit.post("/open-saved", files={"saved_kit": (name, data, "application/octet-stream")})
    heading, text = summary_heading(visit.page)
    assert heading == "That file is not a saved kit"
    assert "Download pack" in text and "myth-busting-pack.zip" in text, text
    [message] = notices_of(visit.page, "saved_kit")
    assert message.startswith(f"Error: '{name}' is not a saved kit: {why}"), message
    assert "before you can download the pack" not in visit.page
    assert "Fix the problems marked first" not in visit.page  # the pack can still be made
    assert 'class="preview"' in visit.page


def test_a_new_logo_chosen_with_remove_the_logo_ticked_wins_and_is_said(visit):
    visit.preview(logo=EXAMPLE_LOGO.read_bytes())
    visit.preview(logo=print_png(), logo_name="New logo.png", remove_logo="yes")
    brand = load_brand(visit.visitor.folder, "kit")
    assert brand.logo is not None and brand.logo.path.read_bytes() == print_png()
    assert any(
        "You chose a new logo, 'New logo.png', and ticked “Remove the logo”: the new logo is "
        "used in place of the old one." in message
        for message in notices_of(visit.page, "logo")
    )
    assert "checked" not in re.search(r'<input[^>]*id="remove_logo"[^>]*>', visit.page).group(0)


def test_a_logo_claiming_a_billion_pixels_is_refused_before_decoding(visit):
    visit.preview(logo=png_header_only(40_000, 40_000), logo_name="logo.png")
    [message] = notices_of(visit.page, "logo")
    assert "too large to be a logo" in message and not visit.visitor.has_kit


def test_a_file_that_is_no_image_is_refused_whatever_its_name(visit):
    visit.preview(logo=b"#!/bin/sh\necho hello\n", logo_name="logo.svg")
    [message] = notices_of(visit.page, "logo")
    assert "not an SVG, PNG or JPEG" in message


# --- the form: plain-language errors beside their fields, never a 500 ---


def test_a_contact_line_without_a_colon_is_a_field_error(visit):
    response = visit.preview(contacts="Front door 01632 960123")
    assert response.status_code == 200
    [message] = notices_of(visit.page, "contacts")
    assert message.startswith("Error: Line 1 ('Front door 01632 960123') has no colon")
    assert value_of(visit.page, "name") == NORTHSHIRE["name"] and not visit.visitor.has_kit


@pytest.mark.parametrize(
    ("changes", "field", "expected"),
    [
        ({"name": ""}, "name", "Enter your partnership's name"),
        ({"website": "not a web address"}, "website", "Give the whole web address"),
        ({"primary": "pale blue"}, "primary", "'pale blue' is not a colour"),
        ({"secondary": ""}, "secondary", "Enter a colour: pick it, or type it as # and six"),
        ({"qr": "ftp://x"}, "qr", "Give the whole web address"),
        ({"name": "Bell\ain the name"}, "name", "Remove the character U+0007, which does not"),
    ],
)
def test_bad_input_is_explained_beside_its_field(visit, changes, field, expected):
    response = visit.preview(**changes)
    assert response.status_code == 200
    assert any(expected in message for message in notices_of(visit.page, field))
    assert "aria-invalid" in re.search(rf'<input[^>]*id="{field}"[^>]*>', visit.page).group(0)


# Copied from Word, Excel or a web page: tabs, non-breaking spaces, direction marks,
# zero-width spaces, soft hyphens and a byte-order mark, none of which anyone can see.
PASTED = {
    "name": "\u200eNorth\u00adshire\u200b Safeguarding\u00a0Children\t\tPartnership\ufeff",
    "short_name": "\u202aNorthshire\u202c SCP\u200f",
    "contacts": "Children’s Services:\t0300 123 4567\r\n\r\n"
    "\u2066Out of hours\u2069:\u00a0\u202a0300\u00a0123\u200b 4568\u202c\r\n",
}


def test_text_pasted_from_word_or_excel_is_tidied_not_refused(visit):
    visit.preview(**PASTED)
    assert visit.visitor.has_kit, re.findall(r'class="notice[^>]*>(.*?)</p>', visit.page)
    brand = load_brand(visit.visitor.folder, "kit")
    assert brand.name == "Northshire Safeguarding Children Partnership"
    assert brand.short_name == "Northshire SCP"
    assert [(c.label, c.value) for c in brand.contacts] == [
        ("Children’s Services", "0300 123 4567"),
        ("Out of hours", "0300 123 4568"),
    ]
    assert value_of(visit.page, "name") == "Northshire Safeguarding Children Partnership"
    textarea = re.search(r'<textarea[^>]*id="contacts"[^>]*>(.*?)</textarea>', visit.page, re.S)
    assert html.unescape(textarea.group(1)) == (
        "Children’s Services: 0300 123 4567\n\nOut of hours: 0300 123 4568"
    )


@pytest.mark.parametrize(
    "text",
    [
        "Partneriaeth Diogelu Plant Gŵyr a Môn, Ynys Wŷth",
        "Partenariat de protection de l’enfance d’Évreux",
        "نارتھ شائر میں بچوں کی حفاظت",
        "می\u200cخواهم",  # Persian and Urdu spell with a non-joiner between letters
        "नमस्\u200dते",  # and the Indian scripts with a joiner
    ],
)
def test_tidying_never_changes_a_letter(text):
    assert tidy_line(text) == text
    assert tidy_line(f"\u200f{text}\u200e\t") == text


def test_a_joiner_between_latin_letters_is_invisible_and_removed():
    assert tidy_line("North\u200cshire\u200d Partnership") == "Northshire Partnership"


@pytest.mark.parametrize(("typed", "colour"), [("005a70", "#005a70"), ("05A", "#0055aa")])
def test_a_colour_code_typed_without_its_hash_is_that_colour(visit, typed, colour):
    visit.preview(primary=typed)
    assert notices_of(visit.page, "primary") == []
    assert value_of(visit.page, "primary") == colour
    assert load_brand(visit.visitor.folder, "kit").palette.accent == colour


def summary_items(page: str) -> list[str]:
    items = re.findall(r'<li class="summary__item[^>]*>(.*?)</li>', page, re.S)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", "", item)).split()) for item in items]


@pytest.mark.parametrize(
    ("changes", "labels"),
    [
        (
            {
                "name": "",
                "website": "not a web address",
                "qr": "ftp://x",
                "primary": "pale blue",
                "contacts": "Front door 01632 960123",
            },
            ("Partnership name", "Website", "QR code address", "Main colour", "Contacts"),
        ),
        ({"name": "Bell\a", "short_name": "x" * 201}, ("Partnership name", "Short name")),
        # One field's unprintable character does not hide another field's problem.
        ({"short_name": "Bell\a", "primary": "pale blue"}, ("Short name", "Main colour")),
        ({"contacts": "Front door: 01632 960123\nBell\a: 01632 960124"}, ("Contacts",)),
    ],
)
def test_each_problem_in_the_summary_names_its_field_once(visit, changes, labels):
    visit.preview(**changes)
    items = summary_items(visit.page)
    assert len(items) == len(labels), items
    for item, label in zip(items, labels, strict=True):
        assert item.startswith(f"Error: {label}: "), item
        assert item.lower().count(label.lower()) == 1, item


def test_a_text_too_long_says_the_limit_it_may_reach_and_how_long_it_is(visit):
    """ "Make it shorter than 200 characters" refused 201 and allowed 200, and did not say
    how far over a pasted name was."""
    visit.preview(name="N" * 200, short_name="S" * 201, contacts="Front door: " + "1" * 200)
    assert notices_of(visit.page, "name") == []
    assert notices_of(visit.page, "short_name") == [
        "Error: Make it at most 200 characters long: this has 201"
    ]
    assert notices_of(visit.page, "contacts") == [
        "Error: Line 1: make it at most 200 characters long: this has 212"
    ]


def test_far_too_much_pasted_into_contacts_is_said_beside_it(visit):
    visit.preview(contacts="Front door: 01632 960123")
    pasted = "Children's Services front door: 0300 123 4567\n" * 1500  # 70 KB
    no_file = {"logo": ("", b"", "application/octet-stream")}  # sent as the page sends it
    response = visit.post("/preview", {**NORTHSHIRE, "contacts": pasted}, files=no_file)
    assert response.status_code == 200
    assert notices_of(visit.page, "contacts") == [
        "Error: More than 64 KB was pasted here, far more than contacts can be, so it was not "
        "kept: give at most 8, one a line, each of at most 200 characters."
    ]
    textarea = re.search(r'<textarea[^>]*id="contacts"[^>]*>(.*?)</textarea>', visit.page, re.S)
    assert textarea.group(1) == "Front door: 01632 960123"  # what the box held before
    assert value_of(visit.page, "name") == NORTHSHIRE["name"]


def test_a_form_that_is_not_a_form_gets_400_not_500(visit):
    response = visit.client.post(
        "/preview",
        content=b"--x\r\nnot a part\r\n",
        headers={"content-type": "multipart/form-data; boundary=x"},
    )
    assert response.status_code in (400, 403)  # no token could be read from it
    response = visit.client.post("/fix", data={"csrftoken": visit.token, "primary": "#zz"})
    assert response.status_code == 400 and "could not read" in response.text


def test_a_bug_in_an_action_is_said_plainly_never_as_a_500(visit, monkeypatch):
    from mythprint.studio import workspace

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(workspace, "stage_form", broken)
    response = visit.preview()
    assert response.status_code == 200
    assert "mythprint failed unexpectedly (RuntimeError: a bug)" in visit.page
    assert value_of(visit.page, "name") == NORTHSHIRE["name"]


def test_a_character_no_font_has_is_shown_beside_the_field_that_holds_it(visit):
    visit.preview(name="Bwrdd Diogelu Plant ሀ", short_name="")  # Ethiopic: no font has it
    [message] = notices_of(visit.page, "name")
    assert "No font the pack can use has ሀ (U+1200), so it would print as an empty box" in message
    assert not any("glyph" in m for m in notices_of(visit.page, "contacts"))


def test_characters_no_font_has_are_named_and_said_in_plain_english(visit):
    """A pasted "❤️" listed U+FE0F, which nobody can see, and the words read "so them would
    print"."""
    visit.preview(name="Bwrdd Diogelu Plant ሀ \u2764\ufe0f", short_name="")
    [message] = notices_of(visit.page, "name")
    assert "has ሀ (U+1200) and ❤ (U+2764), so they would print as empty boxes." in message
    assert "Remove them" in message and "FE0F" not in message


def test_a_partnership_named_in_welsh_gets_its_previews(visit):
    """'Gŵyr' was an error beside the name that nothing in the form could fix, as the
    kit's font lacks ŵ: a partnership in Wales could not make a pack. The text is set in
    the fallback font instead, as for a Welsh guide."""
    visit.preview(
        name="Bwrdd Diogelu Plant Gŵyr", short_name="", contacts="Tŷ Penallta: 0300 123 4568"
    )
    assert visit.visitor.has_kit and 'class="preview"' in visit.page
    assert not any(
        "glyph" in m for field in ("name", "contacts") for m in notices_of(visit.page, field)
    )


WELSH = {
    "name": "Bwrdd Diogelu Plant Gŵyr",
    "short_name": "",
    "contacts": "Tŷ Penallta: 0300 123 4568",
}


@pytest.mark.parametrize(
    ("changes", "field", "expected"),
    [
        (
            {"primary": "#9fd3e6"},
            "primary",
            (
                "Too pale for headings and labels, and for text on the brand colour band, "
                "which would be hard to read",
                "at least 4.5 to 1 with what is behind it",
                "this is 1.6 to 1. Make this colour darker, or press “Use #287c9b” below",
            ),
        ),
        ({"secondary": "#f0c0d0"}, "secondary", ("Too pale for the 'Myth' label",)),
        (
            {"name": "Bwrdd ሀ", "short_name": ""},
            "name",
            ("No font the pack can use has ሀ (U+1200)", "Remove it, or write this without it"),
        ),
        (
            WELSH,
            "name",
            (
                "The letters ŵ and ŷ are not in Atkinson Hyperlegible",
                "so all of its text is printed in Noto Sans",
            ),
        ),
    ],
    ids=["main colour", "second colour", "no font", "fallback font"],
)
def test_findings_are_said_in_the_forms_words_never_brand_yml_keys(visit, changes, field, expected):
    """The studio said the CLI's words, which help people who edit brand.yml and no one
    else: 'color.primary', 'WCAG 2.2 AA needs 4.5:1', '_brand.yml:20:1:', 'declare one in
    defaults.mythprint.fallback-fonts'. Each says, beside its field, what is wrong and what
    to do in the form. (The CLI keeps its words: see test_brand.py and test_kits.py.)"""
    visit.preview(**changes)
    beside = " ".join(notices_of(visit.page, field))
    assert all(words in beside for words in expected), beside
    said = " ".join(summary_items(visit.page))
    for words in ("color.", "defaults.mythprint", "fallback-fonts", "_brand.yml", ":1;", "glyph"):
        assert words not in said, said


def test_contacts_too_many_for_the_posters_are_said_beside_contacts(visit):
    """Eight long contacts, which the form takes, leave the all-myths poster too full. The
    error was said above the form, named an internal 'kit/' file and said "Shorten the
    text", which a partnership cannot do; nothing was marked beside Contacts."""
    contacts = "\n".join(f"{label}: {value}" for label, value in EIGHT_LONG_CONTACTS)
    visit.preview(contacts=contacts)
    [message] = [m for m in notices_of(visit.page, "contacts") if "poster" in m]
    assert message.startswith("Error: The poster with every myth was not made: it has room "
                              "for fewer contacts.")  # fmt: skip
    assert "Remove a contact, or shorten them." in message
    assert "kit/" not in visit.page.split('class="preview', 1)[0]


# Seven contacts with their opening hours: the posters have room for them, the leaflet's
# back cover has not (a partnership's probe of the studio).
SEVEN_WITH_HOURS = (
    "NSPCC helpline (Mon–Fri 8am–10pm, weekends 9am–6pm): 0808 800 5000\n"
    "Children's Services front door (Mon–Thu 8.45am–5.15pm, Fri 8.45am–4.45pm): 01234 567123\n"
    "Emergency Duty Team out of hours (evenings, weekends and bank holidays): 01234 567456\n"
    "Adult Social Care safeguarding (Mon–Fri 9am–5pm, closed bank holidays): 01234 567789\n"
    "Police non-emergency (24 hours a day, 7 days a week): 101\n"
    "Domestic abuse helpline (24 hours, free from landlines and mobiles): 0808 2000 247\n"
    "Early Help hub (Mon–Fri 9am–5pm, Saturday mornings 9am–12pm): 01234 567999"
)


@pytest.fixture(scope="module")
def back_cover_too_full(running):
    """A visitor whose seven long contacts fill the leaflet's back cover, and its page; the
    kit's website is an example's, which is a warning."""
    visit = Visit(running)
    visit.preview(contacts=SEVEN_WITH_HOURS, website="https://www.example.org/")
    return visit, visit.page


def test_a_back_cover_too_full_is_said_beside_contacts_in_plain_words(back_cover_too_full):
    """The leaflet's failure was said above the form only, after every warning, as the CLI
    says it ("leaflet-dl.pdf: ... at the 11 pt floor for body text ... review note"):
    Contacts was not marked, though the page said to fix what is marked."""
    _, page = back_cover_too_full
    [message] = notices_of(page, "contacts")
    assert message.startswith(
        "Error: The leaflet was not made: its back cover has room for fewer contacts. They run "
    ), message
    assert re.search(r"run \d+ mm past the foot of the cover", message), message
    assert message.endswith("Remove a contact, or shorten them.")  # no review note to shorten
    assert re.search(r'id="contacts"[^>]*aria-invalid="true"', page)
    first = summary_items(page)[0]
    assert first.startswith("Error: Contacts: The leaflet was not made"), first
    assert '<a href="#contacts">Contacts</a>: The leaflet was not made' in page
    for jargon in ("leaflet-dl.pdf", "pt floor", "body text", "review note:"):
        assert jargon not in page, jargon


def test_the_previews_that_could_be_made_are_shown_and_the_leaflet_marked(back_cover_too_full):
    """With the leaflet's back cover too full, no preview was shown at all, though both
    posters fit. The pack is still not made while the error stands."""
    visit, page = back_cover_too_full
    visit.page = page
    shown = re.findall(r'src="/previews/([\w-]+)\.png', page)
    assert "poster" in shown and "myth" in shown and "leaflet-outside" not in shown
    assert visit.image("poster").size[1] > 500
    missing = re.search(r'<p class="preview__missing">(.*?)</p>', page, re.S).group(1)
    assert "DL leaflet: not made." in missing and 'href="#contacts">Contacts</a>' in missing
    assert "The previews show the files that could be made." in page
    refused = visit.post("/pack", {**NORTHSHIRE, "contacts": SEVEN_WITH_HOURS,
                                   "website": "https://www.example.org/"})  # fmt: skip
    assert refused.headers["content-type"].startswith("text/html")
    assert "the pack was not made" in visit.page


def test_errors_come_before_warnings_in_the_summary_and_beside_a_field(back_cover_too_full):
    """The summary listed every warning first, in the order found: on a phone the error
    that stops the pack was screens down."""
    _, page = back_cover_too_full
    levels = [item.split(":", 1)[0] for item in summary_items(page)]
    assert "Warning" in levels and levels == sorted(levels), levels  # Error < Warning


def test_a_review_note_is_a_field_and_the_back_cover_names_it(visit):
    """The Exampleshire kit's review note was not in the form, and a too full back cover
    asked to shorten it: a field now holds it, kept in the saved kit."""
    visit.post("/open", {"shipped_kit": "example-partnership"})
    note = "Approved by the Exampleshire partnership board. Next review: April 2027."
    assert value_of(visit.page, "review") == note
    visit.preview(contacts=SEVEN_WITH_HOURS, review=note)
    [message] = [m for m in notices_of(visit.page, "contacts") if "leaflet" in m]
    assert "Remove a contact, or shorten them or the review note." in message
    visit.preview(review="Approved by the Northshire board, May 2026.")
    assert load_brand(visit.visitor.folder, "kit").review_note == (
        "Approved by the Northshire board, May 2026."
    )


def test_a_review_note_emptied_is_removed_and_the_comments_after_it_stay(visit):
    visit.post("/open", {"shipped_kit": "example-partnership"})
    kit = visit.visitor.kit / "_brand.yml"
    before = kit.read_text()
    visit.preview(**{**fields_of_page(visit.page), "review": ""})
    after = kit.read_text()
    assert "review:" in before and "review:" not in after
    assert "# A note printed with the source line." not in after
    language = "    # The language the kit's own words (its name, contacts and review note) are in:"
    assert f"{language}\n" in after, after
    assert load_brand(visit.visitor.folder, "kit").review_note is None


def test_a_new_kit_keeps_the_review_note_typed(visit):
    visit.preview(review="Approved by the Northshire board, May 2026.")
    text = (visit.visitor.kit / "_brand.yml").read_text()
    assert "# A note printed with the source line: who approved the pack, and when.\n" in text
    assert load_brand(visit.visitor.folder, "kit").review_note == (
        "Approved by the Northshire board, May 2026."
    )


def fields_of_page(page: str) -> dict[str, str]:
    """The kit form's text fields as the page fills them in."""
    names = ("name", "short_name", "website", "primary", "secondary", "logo_alt", "qr", "review")
    contacts = re.search(r'<textarea[^>]*id="contacts"[^>]*>(.*?)</textarea>', page, re.S)
    return {name: value_of(page, name) for name in names} | {
        "contacts": html.unescape(contacts.group(1))
    }


def test_the_default_kit_opened_is_not_called_the_kit_of_no_name(visit):
    visit.post("/open", {"shipped_kit": "default"})
    assert "the kit of no name" not in visit.page
    assert "You opened a kit with no partnership name yet: enter yours in the form." in visit.page


def test_the_pack_says_it_takes_seconds_as_it_does(visit):
    assert "half a minute" not in visit.page
    assert "Making your pack: this takes a few seconds." in visit.page


def test_a_shade_offered_shows_its_colour_beside_its_code(visit):
    """The button "Use #7a7a00" named a colour by its code alone."""
    visit.preview(primary="#e0e060")
    [(code, shade)] = re.findall(
        r'<img class="swatch" src="/swatch/([0-9a-f]{6})\.svg" alt="" [^>]*>Use (#[0-9a-f]{6})<',
        visit.page,
    )
    assert f"#{code}" == shade
    image = visit.client.get(f"/swatch/{code}.svg")
    assert image.headers["content-type"].startswith("image/svg+xml")
    assert f'fill="#{code}"' in image.text
    assert visit.client.get("/swatch/red.svg").status_code == 404


def test_the_pack_files_are_named_by_what_they_are(running):
    content = running.studio.pool.content
    assert plain_files("leaflet-dl.pdf: it broke", content) == "The leaflet: it broke"
    assert plain_files("kit/press/poster-a3.pdf: x", content) == (
        "The poster with every myth for the print shop: x"
    )
    assert plain_files("kit/poster-a3-consent.pdf: x", content).startswith(
        "The poster of the myth “Consent is always needed"
    )
    assert plain_files("my-leaflet-dl.pdf.bak: x", content) == "My-leaflet-dl.pdf.bak: x"


def test_contacts_split_at_the_last_colon_that_is_not_in_a_web_address():
    contacts, problem = parse_contacts(
        "Out of hours: evenings: 01632 960123\nOnline: https://www.northshire.gov.uk\n\n"
    )
    assert problem is None
    assert contacts == (
        ("Out of hours: evenings", "01632 960123"),
        ("Online", "https://www.northshire.gov.uk"),
    )
    assert "has no number after its colon" in parse_contacts("Front door:")[1]
    assert "has nothing before its colon" in parse_contacts(": 01632 960123")[1]


# --- previews and findings ---


def test_a_bare_domain_for_the_website_means_its_web_page(visit):
    visit.preview(website="www.northshire.gov.uk")
    assert value_of(visit.page, "website") == "https://www.northshire.gov.uk"
    assert visit.visitor.has_kit


def test_findings_appear_beside_their_fields_and_in_an_alert(visit):
    visit.preview(website="https://www.example.org/", contacts="Front door: 01632 960123")
    assert 'role="alert"' in visit.page
    assert any("reserved for examples" in m for m in notices_of(visit.page, "website"))
    assert any("Ofcom drama number" in m for m in notices_of(visit.page, "contacts"))
    assert notices_of(visit.page, "qr") == []  # the QR code opens the website: said once
    assert 'class="preview"' in visit.page  # warnings do not stop the previews


def test_the_summary_links_to_the_previews_it_stands_above(visit):
    """On a phone, the warnings took the focus and the previews were five screens further
    down, after the whole form: the summary ends with the way to them."""
    visit.preview(website="https://www.example.org/")
    summary = re.search(r'<div class="summary[^"]*" id="summary".*?</div>', visit.page, re.S)
    assert '<a href="#previews">See the previews</a>' in summary.group(0)
    assert 'id="previews"' in visit.page and 'class="preview"' in visit.page


def test_a_logo_too_small_to_print_is_refused_and_the_kit_keeps_the_logo_it_had(visit):
    """The pack holds press files, which a raster logo of too few pixels stops. Saved, such
    a logo took the place of the good one, and its error hid the previews: the kit had
    lost its logo, which could only come back by choosing its file again. It is refused,
    beside Logo, and the kit keeps its logo and its previews."""
    visit.preview(logo=EXAMPLE_LOGO.read_bytes())
    logo = io.BytesIO()
    Image.new("RGB", (600, 200), "white").save(logo, "PNG")
    visit.preview(logo=logo.getvalue(), logo_name="Wide logo.png")
    [message] = notices_of(visit.page, "logo")
    assert message.startswith(
        "Error: 'Wide logo.png' is too small to print sharply: it is 600 × 200 pixels, and "
        "the pack prints the logo up to 20 mm tall, which needs at least 237 pixels in height"
    ), message
    assert "so it was not used; the logo you had is kept" in message
    assert sorted(path.name for path in visit.visitor.kit.iterdir()) == ["_brand.yml", "logo.svg"]
    assert 'class="preview"' in visit.page and "Nothing was saved" in visit.page


def test_a_refusal_is_said_once_and_a_kits_own_problem_until_it_is_fixed(visit):
    """After a refusal, the page shown again (a reload) is the kit's as it stands: the
    refusal was about a file the page no longer holds. A problem of the kit itself is
    still the kit's, and is still said."""
    visit.preview(primary="#9fd3e6")
    problems = notices_of(visit.page, "primary")
    visit.home()
    assert problems and notices_of(visit.page, "primary") == problems
    visit.preview(logo=b"#!/bin/sh\n", logo_name="notes.txt", primary="#9fd3e6")
    assert "notes.txt" in notices_of(visit.page, "logo")[0]
    visit.home()
    assert notices_of(visit.page, "logo") == []
    assert notices_of(visit.page, "primary") == problems


def test_a_too_pale_main_colour_offers_its_passing_shade_as_one_click(visit):
    visit.preview(primary="#9fd3e6")
    # Too pale for two uses (headings, and the white text on its band): one colour to
    # change, said once.
    [message] = notices_of(visit.page, "primary")
    assert "Too pale for headings and labels, and for text on the brand colour band" in message
    [shade] = re.findall(r">Use (#[0-9a-f]{6})</button>", visit.page)
    assert f"Make this colour darker, or press “Use {shade}” below" in message
    assert 'class="preview"' not in visit.page
    refused = visit.post("/pack", NORTHSHIRE | {"primary": "#9fd3e6"})
    assert refused.headers["content-type"].startswith("text/html")
    assert "the pack was not made" in visit.page
    visit.post("/fix", {"primary": shade})
    assert notices_of(visit.page, "primary") == [] and value_of(visit.page, "primary") == shade
    assert primary_rgb(shade) in colours_of(visit.image("poster"))


def test_previews_are_the_five_pages_with_alt_text_naming_format_and_kit(running, visit):
    visit.preview()
    alts = re.findall(r'<img class="preview__image" src="([^"]+)" alt="([^"]+)"', visit.page)
    keys = [re.search(r"/previews/([\w-]+)\.png", src).group(1) for src, _ in alts]
    handout = ["handout"] if running.studio.pool.can_preview_handout else []
    assert keys == ["poster", "myth", "leaflet-outside", "leaflet-inside", *handout]
    for _, alt in alts:
        assert alt.endswith(f"made with the {NORTHSHIRE['name']} kit")
    assert alts[0][1].startswith("A3 poster with every myth")
    assert visit.image("leaflet-inside").size[0] > visit.image("leaflet-inside").size[1]
    assert primary_rgb(NORTHSHIRE["primary"]) in colours_of(visit.image("poster"))


def test_the_handout_preview_is_made_when_asked_for_or_said_missing(running, visit):
    visit.preview()
    if running.studio.pool.can_preview_handout:
        assert visit.image("handout").size == (566, 800)
    else:
        assert "needs LibreOffice" in visit.page and "/previews/handout.png" not in visit.page


# --- many visitors ---


def test_two_visitors_at_once_each_see_only_their_own_kit_previews_and_pack(running):
    north, south = Visit(running), Visit(running)
    kits = {
        north: {"name": "Northshire Partnership", "primary": "#2b4c7e"},
        south: {"name": "Southvale Partnership", "primary": "#1f6b3a"},
    }
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(lambda v: v.preview(**kits[v]), kits))
    assert north.visitor.folder != south.visitor.folder
    for mine, theirs in ((north, south), (south, north)):
        mine.home()
        assert value_of(mine.page, "name") == kits[mine]["name"]
        assert kits[theirs]["name"] not in mine.page
        colours = colours_of(mine.image("poster"))
        assert primary_rgb(kits[mine]["primary"]) in colours
        assert primary_rgb(kits[theirs]["primary"]) not in colours
        brand = load_brand(mine.visitor.folder, "kit")
        assert brand.name == kits[mine]["name"]
    with ThreadPoolExecutor(2) as pool:
        made = pool.map(lambda v: v.post("/pack", {**NORTHSHIRE, **kits[v]}), kits)
        packs = dict(zip(kits, made, strict=True))
    for mine, theirs in ((north, south), (south, north)):
        archive = zipfile.ZipFile(io.BytesIO(packs[mine].content))
        [brand_file] = [n for n in archive.namelist() if n.endswith("/_brand.yml")]
        text = archive.read(brand_file).decode()
        assert kits[mine]["name"] in text and kits[theirs]["name"] not in text


def test_a_burst_of_ten_previews_never_queues_the_home_page_behind_them(running):
    """Ten previews in flight, and the home page still answers while most of them are still
    being made: rendering runs in the bounded pool, never on the event loop. (How fast it
    answers is timed in benchmarks/studio.py, not here.)"""
    visits = [Visit(running) for _ in range(10)]
    watcher = Visit(running)
    pending_at_answer = []
    with ThreadPoolExecutor(10) as pool:
        burst = [
            pool.submit(v.preview, name=f"Partnership number {n}", primary=f"#2b4c{n}e")
            for n, v in enumerate(visits)
        ]
        while not all(future.done() for future in burst):
            assert watcher.client.get("/").status_code == 200
            pending_at_answer.append(sum(not future.done() for future in burst))
        pages = [future.result() for future in burst]
    assert all(page.status_code == 200 for page in pages)
    assert all('class="preview"' in visit.page for visit in visits)
    # The pool has one worker per core, so at least eight of ten wait their turn: a home page
    # queued behind them would answer only after the burst, never with five still pending.
    assert sum(pending >= 5 for pending in pending_at_answer) >= 3, pending_at_answer


def test_a_colour_only_change_lays_each_page_out_once(visit):
    """The fit of each page is remembered by everything that decides it but its colours:
    a kit that changes only a colour reuses the fitted sizes, whichever worker fits it."""
    visit.preview(name="Eastmoor Safeguarding Children Partnership", primary="#2b4c7e")
    visit.preview(name="Eastmoor Safeguarding Children Partnership", primary="#5a2b7e")
    passes = {path: n for path, n in visit.visitor.page.passes.items() if n}
    assert set(passes) == {"kit/poster-a3.pdf", "kit/poster-a3-data-protection-act.pdf",
                           "kit/leaflet-dl.pdf"}  # fmt: skip
    assert set(passes.values()) == {1}, passes


# --- each visitor's folder: an hour, and the server's life ---


def test_a_visitor_unused_for_an_hour_is_deleted_and_starts_afresh(running):
    visit = Visit(running)
    visit.preview()
    folder = visit.visitor.folder
    assert (folder / "kit" / "_brand.yml").is_file()
    running.clock.now += 59 * 60
    running.studio.visitors.sweep()
    assert folder.is_dir()
    visit.home()  # used again: the hour starts again
    running.clock.now += 59 * 60
    running.studio.visitors.sweep()
    assert folder.is_dir()
    running.clock.now += 61 * 60
    running.studio.visitors.sweep()
    assert not folder.exists()
    response = visit.home()
    assert "set-cookie" in response.headers and value_of(visit.page, "name") == ""


@pytest.mark.parametrize("action", ["/preview", "/pack"])
def test_a_kit_form_sent_after_the_hour_is_filled_in_again_and_not_acted_on(running, action):
    visit = Visit(running)
    visit.preview(logo=EXAMPLE_LOGO.read_bytes())
    assert 'name="logo_kept" value="yes"' in visit.page
    old = visit.visitor
    running.clock.now += 61 * 60
    edited = {**NORTHSHIRE, "short_name": "Edited after lunch", "logo_kept": "yes"}
    # A browser says where a form comes from: the studio's own page.
    response = visit.client.post(
        action, data={**edited, "csrftoken": visit.token}, headers={"origin": BASE}
    )
    assert response.headers["content-type"].startswith("text/html")
    visit.page = response.text
    assert "Your work here had expired, so nothing was saved" in visit.page
    for name in ("name", "short_name", "website", "primary", "logo_alt"):
        assert value_of(visit.page, name) == edited[name], name
    assert "Out of hours: 01632 960456" in visit.page
    assert notices_of(visit.page, "logo") == [
        "Error: Choose your logo again: its file was deleted with the rest of your work."
    ]
    assert visit.visitor is not old and not old.folder.exists()
    assert not visit.visitor.has_kit and list(visit.visitor.folder.iterdir()) == []
    visit.preview(logo=EXAMPLE_LOGO.read_bytes(), short_name="Edited after lunch")
    assert visit.visitor.has_kit and 'class="preview"' in visit.page


@pytest.mark.parametrize("action", ["/open", "/open-saved", "/new"])
def test_opening_a_kit_after_the_hour_opens_it_for_a_new_visitor(running, action):
    """Opening a kit, or starting a blank one, needs none of the work that was deleted."""
    visit = Visit(running)
    visit.preview(short_name="Before lunch")
    old = visit.visitor
    running.clock.now += 61 * 60
    sent = {
        "/open": {"data": {"shipped_kit": "example-partnership"}},
        "/open-saved": {"files": {"saved_kit": ("Ynys Môn.zip", SAVED_YNYS_MON, "x")}},
        "/new": {},
    }[action]
    # A browser says where a form comes from: the studio's own page.
    response = visit.client.post(
        action, **{"data": {"csrftoken": visit.token}, **sent}, headers={"origin": BASE}
    )
    assert response.status_code == 200 and response.history[0].status_code == 303
    visit.page = response.text
    assert visit.visitor is not old and not old.folder.exists()
    opened = {
        "/open": "Exampleshire Safeguarding Children Partnership",
        "/open-saved": "Ynys Môn Partnership",
        "/new": "",
    }[action]
    assert value_of(visit.page, "name") == opened
    assert visit.visitor.has_kit == (action != "/new")
    # Without a browser's word that it came from the studio's page, it is refused.
    stale = bare_client(running).post(
        action, data={"csrftoken": visit.token, **sent.get("data", {})}
    )
    assert stale.status_code == 403


def test_an_expired_visitor_is_deleted_on_its_next_request_even_before_a_sweep(tmp_path):
    clock_now = [0.0]
    visitors = Visitors(tmp_path / "root", clock=lambda: clock_now[0])
    (tmp_path / "root").mkdir()
    visitor = visitors.new()
    clock_now[0] = 3601
    assert visitors.get(visitor.id) is None and not visitor.folder.exists()


def test_every_visitors_folder_is_deleted_when_the_studio_stops(tmp_path):
    root = tmp_path / "root"
    with running_studio(root) as running:
        visits = [Visit(running), Visit(running)]
        visits[0].preview()
        folders = [v.visitor.folder for v in visits]
        assert all(folder.is_dir() for folder in folders)
    assert not root.exists()


# --- opening kits, and the pack ---


def test_a_shipped_kit_opens_by_name_and_nothing_else_does(visit):
    visit.post("/open", {"shipped_kit": "example-partnership"})
    assert value_of(visit.page, "name") == "Exampleshire Safeguarding Children Partnership"
    assert 'class="preview"' in visit.page
    visit.post("/open", {"shipped_kit": "../../etc"})
    assert notices_of(visit.page, "shipped_kit") == ["Error: Choose one of the kits in the list."]


@pytest.fixture(scope="module")
def pack(running):
    """One visitor's pack, downloaded twice; the visitor, and the two zips."""
    visit = Visit(running)
    visit.preview(logo=EXAMPLE_LOGO.read_bytes())
    first = visit.post("/pack", NORTHSHIRE)
    again = visit.post("/pack", NORTHSHIRE)
    return visit, first, again


def test_the_pack_is_one_zip_of_the_kit_and_every_office_press_and_web_file(pack):
    _, response, _ = pack
    assert response.headers["content-type"] == "application/zip"
    assert (
        'filename="northshire-scp-myth-busting-pack.zip"' in response.headers["content-disposition"]
    )
    names = set(zipfile.ZipFile(io.BytesIO(response.content)).namelist())
    root = "northshire-scp/"
    for name in ("poster-a3.pdf", "leaflet-dl.pdf", "poster-a3-consent.pdf"):
        assert root + "office/" + name in names and root + "press/" + name in names
    assert root + "office/handout.docx" in names and root + "office/web/index.html" in names
    assert {
        root + "brands/northshire-scp/_brand.yml",
        root + "brands/northshire-scp/logo.svg",
    } < names
    assert not any("previews/" in name or name.endswith("manifest.json") for name in names)


def test_a_pack_sets_the_cookie_its_page_waits_for_and_only_a_plain_token(pack):
    visit, _, _ = pack
    response = visit.post("/pack", {**NORTHSHIRE, "pack_token": "k3x9q2"})
    assert response.headers["content-type"] == "application/zip"
    assert "mythprint-pack=k3x9q2;" in response.headers["set-cookie"]
    assert "samesite=strict" in response.headers["set-cookie"].lower()
    hostile = visit.post("/pack", {**NORTHSHIRE, "pack_token": "x; Domain=evil.example"})
    assert hostile.headers["content-type"] == "application/zip"
    assert "mythprint-pack" not in hostile.headers.get("set-cookie", "")


def test_the_packs_kit_folder_opens_with_the_cli_and_the_pdfs_carry_its_name(pack, tmp_path):
    from .conftest import pdf_text
    from .test_brand import fill_colours

    _, response, _ = pack
    zipfile.ZipFile(io.BytesIO(response.content)).extractall(tmp_path)
    brand = load_brand(tmp_path / "northshire-scp" / "brands", "northshire-scp")
    assert brand.name == NORTHSHIRE["name"] and brand.palette.accent == NORTHSHIRE["primary"]
    assert brand.logo is not None and brand.logo.alt == NORTHSHIRE["logo_alt"]
    poster = tmp_path / "northshire-scp" / "office" / "poster-a3.pdf"
    assert NORTHSHIRE["name"] in pdf_text(poster).replace("\n", " ")
    assert (0.169, 0.298, 0.494) in fill_colours(poster)  # #2b4c7e


def test_the_same_kit_always_gives_the_same_zip(pack):
    _, first, again = pack
    assert first.content == again.content


def test_a_saved_pack_opens_again_as_its_kit(running, pack):
    _, response, _ = pack
    visit = Visit(running)
    visit.post("/open-saved", files={"saved_kit": ("pack.zip", response.content, "x")})
    assert value_of(visit.page, "name") == NORTHSHIRE["name"]
    assert value_of(visit.page, "short_name") == NORTHSHIRE["short_name"]
    assert 'class="preview"' in visit.page
    assert sorted(p.name for p in visit.visitor.kit.iterdir()) == ["_brand.yml", "logo.svg"]


# A logo's file named as people name theirs: in Welsh, with '&' and an apostrophe.
OWN_LOGO = "Logo Môn & St John’s (Ynys Môn's).svg"


def kit_with_logo(logo_name: str) -> bytes:
    """A kit's brand file naming its logo `logo_name`."""
    return (
        'meta:\n  name: "Ynys Môn Partnership"\n  link:\n    home: "https://www.ynysmon.gov.uk"\n'
        f'logo:\n  images:\n    main:\n      path: "{logo_name}"\n      alt: "Ynys Môn logo"\n'
        "  small: main\n  medium: main\n  large: main\n"
        'color:\n  primary: "#2b4c7e"\n'
    ).encode()


SAVED_YNYS_MON = zip_of(
    {"kit/_brand.yml": kit_with_logo("logo.svg"), "kit/logo.svg": EXAMPLE_LOGO.read_bytes()}
)


def macos_zip(entries: dict[str, bytes]) -> bytes:
    """A zip as macOS's Finder makes one: names in UTF-8, accents apart from their letters
    ('o' then U+0302), and no flag saying the names are UTF-8."""
    placeholders = {}
    for name in list(entries):
        raw = unicodedata.normalize("NFD", name).encode("utf-8")
        if not raw.isascii():
            placeholder = "kit/" + str(len(placeholders)) * (len(raw) - 4)
            placeholders[placeholder.encode()] = raw
            entries[placeholder] = entries.pop(name)
    data = zip_of(entries)
    for placeholder, raw in placeholders.items():
        assert data.count(placeholder) == 2  # the entry's header and the zip's directory
        data = data.replace(placeholder, raw)
    return data


@pytest.mark.parametrize("made_by", ["python", "macos"])
def test_a_kit_whose_logo_has_an_accent_or_an_ampersand_opens_and_round_trips(running, made_by):
    entries = {
        "kit/_brand.yml": kit_with_logo(OWN_LOGO),
        f"kit/{OWN_LOGO}": EXAMPLE_LOGO.read_bytes(),
    }
    data = macos_zip(entries) if made_by == "macos" else zip_of(entries)
    visit = Visit(running)
    visit.post("/open-saved", files={"saved_kit": ("Ynys Môn.zip", data, "application/zip")})
    assert notices_of(visit.page, "logo") == [] and 'class="preview"' in visit.page
    assert (visit.visitor.kit / OWN_LOGO).read_bytes() == EXAMPLE_LOGO.read_bytes()
    assert f"Your kit has a logo (‘{OWN_LOGO}’)" in html.unescape(unisolated(visit.page))
    pack = visit.post("/pack", form_as_sent(visit.page))
    names = zipfile.ZipFile(io.BytesIO(pack.content)).namelist()
    assert f"ynys-mon-partnership/brands/ynys-mon-partnership/{OWN_LOGO}" in names
    again = Visit(running)
    again.post("/open-saved", files={"saved_kit": ("pack.zip", pack.content, "application/zip")})
    assert 'class="preview"' in again.page
    assert load_brand(again.visitor.folder, "kit").logo.path.name == OWN_LOGO


@pytest.mark.parametrize(
    "name", [".hidden.svg", "CON.svg", "nul", "logo.svg.", "a:b.svg", "a*b.svg", "bell\a.svg"]
)
def test_a_kit_file_name_no_system_could_hold_is_left_in_the_zip(name):
    assert not safe_name(name)
    entries = check_kit_zip(zip_of({"kit/_brand.yml": BRAND_FILE, f"kit/{name}": b"<svg/>"}))
    assert [entry.relative for entry in entries] == ["_brand.yml"]


def test_a_pack_is_zipped_byte_for_byte_the_same_whatever_the_order(monkeypatch):
    files = [("b.txt", b"2"), ("a.txt", b"1")]
    made = deterministic_zip(files)
    assert deterministic_zip(list(reversed(files))) == made
    # A day later by the clock: a zip that took its entries' times from it would differ.
    # (Two zips made a second after the first, and compared with each other, never did.)
    later, real_localtime = time.time() + 24 * 60 * 60, time.localtime
    monkeypatch.setattr(time, "time", lambda: later)
    monkeypatch.setattr(time, "localtime", lambda at=None: real_localtime(at or later))
    assert deterministic_zip(files[::-1]) == made


def test_an_opened_kit_keeps_its_comments_and_settings_when_edited(visit):
    visit.post("/open", {"shipped_kit": "example-partnership"})
    fields = fields_of_page(visit.page) | {"contacts": "Front door: 01632 960123"}
    visit.post("/preview", {**fields, "name": "Exampleshire Renamed Partnership"})
    text = (visit.visitor.kit / "_brand.yml").read_text()
    assert "A complete, fictional brand kit" in text and "cmyk:" in text
    assert "Approved by the Exampleshire partnership board" in text
    assert 'full: "Exampleshire Renamed Partnership"' in text
    brand = load_brand(visit.visitor.folder, "kit")
    assert brand.name == "Exampleshire Renamed Partnership" and brand.cmyk
    assert [c.value for c in brand.contacts] == ["01632 960123"]


def form_as_sent(page: str) -> dict[str, str]:
    """The kit form's fields as a browser sends them: a textarea's lines end in CRLF."""
    form = page[page.index('id="kit-form"') : page.index("</form>")]
    fields = {}
    for tag in re.findall(r"<input[^>]*>", form):
        if 'type="checkbox"' in tag and " checked" not in tag:
            continue  # a box not ticked is not sent
        if found := re.search(r'name="(\w+)" value="([^"]*)"', tag):
            fields[found.group(1)] = html.unescape(found.group(2))
    for name, text in re.findall(r'<textarea[^>]*name="(\w+)"[^>]*>(.*?)</textarea>', form, re.S):
        fields[name] = html.unescape(text).replace("\n", "\r\n")
    for name in re.findall(r'<select[^>]*name="(\w+)"', form):
        shown, chosen = choices_of(form, name)
        fields[name] = chosen or next(iter(shown))  # a browser sends the first, if none
    return fields


def test_a_kit_opened_and_downloaded_unchanged_keeps_its_brand_file(visit):
    """Its palette's names (harbour-blue), its comments and its layout stay as they are."""
    visit.post("/open", {"shipped_kit": "example-partnership"})
    sent = form_as_sent(visit.page)
    assert sent["contacts"].count("\r\n") == 2  # three contacts, as a browser sends them
    response = visit.post("/pack", sent)
    assert response.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    [brand_file] = [name for name in archive.namelist() if name.endswith("/_brand.yml")]
    shipped = DEFAULT_BRANDS_DIR / "example-partnership" / "_brand.yml"
    assert archive.read(brand_file) == shipped.read_bytes()


def test_a_kit_made_in_the_studio_is_a_commented_kit_the_cli_reads(visit):
    visit.preview()
    text = (visit.visitor.kit / "_brand.yml").read_text()
    assert text.startswith("# Brand kit for Northshire Safeguarding Children Partnership, made in")
    assert "mythprint check --brand northshire-scp" in text
    brand = load_brand(visit.visitor.folder, "kit")
    assert brand.short_name == "Northshire SCP" and brand.palette.myth == NORTHSHIRE["secondary"]
    assert [(c.label, c.value) for c in brand.contacts][1] == ("Out of hours", "01632 960456")


def test_static_files_and_previews_are_named_from_fixed_lists_only(visit):
    assert visit.client.get("/static/studio.css").status_code == 200
    for path in ("/static/..%2fpyproject.toml", "/static/web.css", "/previews/..%2fkit.png"):
        assert visit.client.get(path).status_code == 404
    assert visit.client.get("/nowhere").status_code == 404


def test_a_logo_chosen_with_a_mistake_elsewhere_is_kept_for_the_next_try(visit):
    visit.preview(
        logo=EXAMPLE_LOGO.read_bytes(), logo_name="Our logo.svg", contacts="Front door 01632 960123"
    )
    kept = "The logo you chose (‘Our logo.svg’) is kept"
    assert not visit.visitor.has_kit and kept in unisolated(visit.page)
    visit.preview()  # the browser sends no file this time
    assert (visit.visitor.kit / "logo.svg").read_bytes() == EXAMPLE_LOGO.read_bytes()
    assert "Your kit has a logo (‘Our logo.svg’)" in unisolated(visit.page)


@pytest.mark.parametrize("change", ["new logo", "no logo"])
def test_an_opened_kits_old_logo_goes_when_a_new_one_or_none_takes_its_place(visit, change):
    """Left behind, the old file would travel in every saved kit and pack, unused."""
    visit.post("/open", {"shipped_kit": "example-partnership"})
    fields = form_as_sent(visit.page)
    assert (visit.visitor.kit / "logo.svg").is_file()
    if change == "new logo":
        visit.post("/preview", fields, files={"logo": ("Our logo.png", print_png(), "image/png")})
    else:
        visit.post("/preview", {**fields, "remove_logo": "yes"})
    assert sorted(path.name for path in visit.visitor.kit.iterdir()) == (
        ["_brand.yml", "logo.png"] if change == "new logo" else ["_brand.yml"]
    )
    brand = load_brand(visit.visitor.folder, "kit")
    assert (brand.logo is None) == (change == "no logo")
    visit.post("/preview", form_as_sent(visit.page))  # and again, unchanged: nothing goes
    assert (visit.visitor.kit / "logo.png").is_file() == (change == "new logo")


# --- the language of the partnership's own words ---

WELSH_BOARD = {
    "name": "Bwrdd Diogelu Plant Gŵyr a'r Fro",
    "short_name": "BDP Gŵyr a'r Fro",
    "logo_alt": "Logo Bwrdd Diogelu Plant Gŵyr a'r Fro",
    "contacts": "Pryderu am blentyn? Drws ffrynt y Gwasanaethau Plant: 01632 960123",
    "language": "cy",
}
OFFERED = {"en-GB": "English", "cy": "Cymraeg (Welsh)"}


def kit_language(visit: Visit) -> str | None:
    return load_brand(visit.visitor.folder, "kit").language


def test_the_form_asks_the_language_of_the_partnerships_own_words_english_first(visit):
    """A Welsh board's name and contacts were marked English, as no part of the form could
    say otherwise. The form asks, English chosen until another is: a kit then says its
    words are English (en-GB), as the form showed, for a pack of several languages later."""
    assert choices_of(visit.page, "language") == (OFFERED, "en-GB")
    assert '<label class="field__label" for="language">Language of your own words</label>' in (
        visit.page
    )
    select = re.search(r'<select[^>]*id="language"[^>]*>', visit.page).group(0)
    assert 'aria-describedby="language-hint"' in select
    hint = re.search(r'id="language-hint">(.*?)</p>', visit.page).group(1)
    assert "screen readers read them in the right voice" in html.unescape(hint)
    visit.preview()  # the list is sent as the page shows it, English chosen
    assert kit_language(visit) == "en-GB"


@pytest.fixture(scope="module")
def welsh_pack(running):
    """A Welsh board's kit, its words in Welsh and said to be, and its pack."""
    visit = Visit(running)
    visit.preview(logo=EXAMPLE_LOGO.read_bytes(), **WELSH_BOARD)
    return visit, visit.post("/pack", {**NORTHSHIRE, **WELSH_BOARD})


def test_cymraeg_chosen_is_written_into_the_kit_and_its_packs_brand_file(welsh_pack):
    from ruamel.yaml import YAML

    visit, response = welsh_pack
    assert notices_of(visit.page, "language") == []
    assert choices_of(visit.page, "language") == (OFFERED, "cy")
    assert kit_language(visit) == "cy"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    [brand_file] = [name for name in archive.namelist() if name.endswith("/_brand.yml")]
    data = YAML(typ="safe", pure=True).load(archive.read(brand_file))
    assert data["defaults"]["mythprint"]["language"] == "cy"


def test_cymraeg_chosen_marks_the_partnerships_words_welsh_in_its_files(welsh_pack, tmp_path):
    """The name, the contacts and the logo's description are tagged Welsh (/Lang cy) in the
    office PDFs, and lang="cy" in the web page, for a screen reader's Welsh voice; the
    guide's own words stay English."""
    import pikepdf
    from lxml import etree

    from mythprint.pdf.finishing import struct_elements

    from .conftest import squash
    from .test_bilingual_posters import text_by_language

    _, response = welsh_pack
    zipfile.ZipFile(io.BytesIO(response.content)).extractall(tmp_path)
    [office] = tmp_path.glob("*/office")
    label = WELSH_BOARD["contacts"].rpartition(":")[0]
    for name in ("poster-a3.pdf", "leaflet-dl.pdf"):
        by_language = text_by_language(office / name)
        welsh = squash(by_language.get("cy", ""))
        assert squash(WELSH_BOARD["name"]) in welsh and squash(label) in welsh, name
        assert "Myth-busting" in by_language["en-GB"], name
        with pikepdf.open(office / name) as pdf:
            figures = {
                str(node.Alt): str(node.get("/Lang", pdf.Root.Lang))
                for node in struct_elements(pdf.Root.StructTreeRoot)
                if node.get("/S") == "/Figure"
            }
            assert str(pdf.Root.Lang) == "en-GB", name
        assert figures.pop(WELSH_BOARD["logo_alt"]) == "cy", name
    page = etree.parse(str(office / "web" / "index.html"), etree.HTMLParser())
    marked = {" ".join(e.xpath("string()").split()) for e in page.xpath("//*[@lang='cy']")}
    assert {WELSH_BOARD["name"], label} <= marked


def test_a_saved_kit_in_welsh_opens_again_with_cymraeg_chosen(running, welsh_pack):
    _, response = welsh_pack
    visit = Visit(running)
    visit.post("/open-saved", files={"saved_kit": ("pack.zip", response.content, "x")})
    assert choices_of(visit.page, "language") == (OFFERED, "cy")
    sent = form_as_sent(visit.page)
    visit.post("/preview", {**sent, "short_name": "Gŵyr a'r Fro"})
    assert kit_language(visit) == "cy" and 'class="preview"' in visit.page


@pytest.mark.parametrize("tampered", ["xx-evil", "en", "CY", ""])
def test_a_language_the_list_never_offered_is_refused_beside_it(visit, tampered):
    """Only a form tampered with sends one: nothing is saved, and the list says why."""
    visit.preview()
    visit.preview(name="Northshire Renamed Partnership", language=tampered)
    assert notices_of(visit.page, "language") == [
        "Error: Choose one of the languages in the list: English or Cymraeg (Welsh)."
    ]
    assert "aria-invalid" in re.search(r'<select[^>]*id="language"[^>]*>', visit.page).group(0)
    assert "Nothing was saved" in visit.page
    assert choices_of(visit.page, "language") == (OFFERED, "en-GB")  # as it was
    brand = load_brand(visit.visitor.folder, "kit")
    assert brand.name == NORTHSHIRE["name"] and brand.language == "en-GB"


def test_a_kit_in_another_language_keeps_it_shown_by_its_tag(running):
    """A kit made with the CLI may say any language: the list shows it, chosen, and a form
    sent back keeps it; it is offered, and nothing else is, beside English and Welsh."""
    irish = BRAND_FILE + b"defaults:\n  mythprint:\n    language: GA\n"
    visit = Visit(running)
    visit.post("/open-saved", files={"saved_kit": ("kit.zip", zip_of({"kit/_brand.yml": irish}))})
    assert choices_of(visit.page, "language") == ({**OFFERED, "ga": "ga"}, "ga")
    sent = form_as_sent(visit.page)
    visit.post("/preview", {**sent, "language": "pt-BR"})
    assert notices_of(visit.page, "language") == [
        "Error: Choose one of the languages in the list: English, Cymraeg (Welsh) or ga."
    ]
    visit.post("/preview", {**sent, "website": "https://www.example.org/"})
    assert notices_of(visit.page, "language") == [] and kit_language(visit) == "ga"
    visit.post("/preview", {**sent, "website": "https://www.example.org/", "language": "cy"})
    assert kit_language(visit) == "cy"


@pytest.mark.parametrize(("kit", "said"), [("example-partnership", "en-GB"), ("default", None)])
def test_an_opened_kits_language_changes_in_place_and_says_what_it_is_for(visit, kit, said):
    """The example kit's comment stays above its language; a kit that said none gets one."""
    visit.post("/open", {"shipped_kit": kit})
    assert choices_of(visit.page, "language") == (OFFERED, "en-GB")
    before = (visit.visitor.kit / "_brand.yml").read_text()
    sent = {**form_as_sent(visit.page), "name": "Northshire Partnership", "language": "cy"}
    visit.post("/preview", {**sent, "website": sent["website"] or NORTHSHIRE["website"]})
    text = (visit.visitor.kit / "_brand.yml").read_text()
    assert kit_language(visit) == "cy" and text.count("language:") == 1
    if said:
        comment = before[before.index("    # The language the kit") : before.index("language:")]
        assert f'{comment}language: "cy"' in text
    else:
        assert 'in its voice:\n    language: "cy"\n' in text


def test_a_handout_preview_replaced_while_asked_for_is_none_not_an_error():
    """Preview pressed again while the handout's image loads cancels the old making: the
    request waiting for it got CancelledError, which the server printed as a traceback in
    the visitor's terminal. It gets no image (the page that asked is out of date); a request
    stopped itself (the visitor left) still stops."""
    import asyncio

    from mythprint.studio.app import handout_of

    async def replaced() -> bytes | None:
        making = asyncio.ensure_future(asyncio.sleep(60))
        waiting = asyncio.ensure_future(handout_of(making))
        await asyncio.sleep(0.01)
        making.cancel()  # as Studio.handout_preview does for a newer preview
        return await waiting

    async def left() -> bool:
        making = asyncio.ensure_future(asyncio.sleep(60))
        waiting = asyncio.ensure_future(handout_of(making))
        await asyncio.sleep(0.01)
        waiting.cancel()
        try:
            await waiting
        except asyncio.CancelledError:
            return not making.done()  # the making goes on, for the next request
        finally:
            making.cancel()
        return False

    # In a thread of its own: a browser test before this one may leave a loop running here.
    with ThreadPoolExecutor(1) as thread:
        assert thread.submit(asyncio.run, replaced()).result() is None
        assert thread.submit(asyncio.run, left()).result() is True
