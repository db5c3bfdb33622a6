"""Brand kits for every partnership: shipped kits, contacts and QR, check, and many kits."""

import base64
import io
import itertools
import json
import os
import re
import shlex
import shutil
import subprocess
import textwrap
from pathlib import Path

import docx
import pytest
from PIL import Image

from mythprint.batch.build import check_inputs
from mythprint.formats.qr import QUIET_ZONE_MODULES, qr_data_uri
from mythprint.formats.registry import FORMATS
from mythprint.inputs.brand import load_brand
from mythprint.inputs.checks import fictional
from mythprint.inputs.content import load_content
from mythprint.inputs.newkit import brand_file_text
from mythprint.paths import DEFAULT_BRANDS_DIR, DEFAULT_CONTENT, PROJECT_ROOT
from mythprint.pdf.profiles import Profile

from .conftest import build_kit, pdf_text, raw_content, run_cli, squash
from .studio import MYTHPRINT
from .test_leaflet import PX_PER_MM

EXAMPLE = "example-partnership"
EXAMPLE_CONTACTS = ("01632 960123", "01632 960456", "020 7946 0789")


def make_kit(brands, slug, text, files=None):
    folder = brands / slug
    folder.mkdir(parents=True)
    (folder / "_brand.yml").write_text(textwrap.dedent(text))
    for name, body in (files or {}).items():
        (folder / name).write_bytes(body) if isinstance(body, bytes) else (
            (folder / name).write_text(body)
        )
    return folder


@pytest.fixture(scope="module")
def all_kits(tmp_path_factory):
    """`build --brand all` of the shipped kits into an empty folder."""
    out = tmp_path_factory.mktemp("all-kits")
    result = run_cli("build", "--brand", "all", "--out", str(out))
    assert result.exit_code == 0, result.output
    return out


EXPECTED_FILES = sorted(
    [
        "poster-a3.pdf",
        *(f"poster-a3-{m['id']}.pdf" for m in raw_content()["myths"]),
        "leaflet-dl.pdf",
        "handout.docx",
    ]
)


def test_build_all_makes_one_complete_folder_per_kit(all_kits):
    assert sorted(p.name for p in all_kits.iterdir()) == [
        ".mythprint-cache.json",
        ".mythprint-lock",  # held while the build wrote (see Writer.hold)
        "default",
        EXAMPLE,
        "index.html",  # the gallery
        "manifest.json",
    ]
    for kit in ("default", EXAMPLE):
        files = sorted(p.name for p in (all_kits / kit).iterdir() if p.is_file())
        assert files == EXPECTED_FILES


@pytest.mark.parametrize("name", ["poster-a3.pdf", "poster-a3-consent.pdf", "leaflet-dl.pdf"])
def test_example_contacts_name_and_qr_address_are_printed(all_kits, name):
    text = squash(pdf_text(all_kits / EXAMPLE / name))
    for number in EXAMPLE_CONTACTS:
        assert squash(number) in text
    assert squash("Worried about a child? Children's Services front door") in text
    assert squash("Exampleshire Safeguarding Children Partnership") in text
    assert squash("www.example.org/safeguarding/information-sharing") in text  # beside the QR


@pytest.mark.parametrize("name", ["poster-a3.pdf", "leaflet-dl.pdf"])
def test_example_logo_and_colours_reach_the_pdfs(all_kits, name):
    import pikepdf

    with pikepdf.open(all_kits / EXAMPLE / name) as pdf:
        figures = []

        def walk(node):
            if isinstance(node, pikepdf.Dictionary):
                if node.get("/S") == "/Figure":
                    figures.append(str(node.get("/Alt")))
                kids = node.get("/K")
                for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                    walk(kid)

        walk(pdf.Root.StructTreeRoot)
        fills = {
            tuple(round(float(v), 3) for v in operands)
            for page in pdf.pages
            for operands, operator in pikepdf.parse_content_stream(page)
            if str(operator) in ("rg", "scn") and len(operands) == 3
        }
    # The logo's alt text only names the partnership, printed beside it: an artifact, not
    # read twice. The QR code's says what it is; its address follows, printed and read.
    assert figures == ["QR code for the web address that follows"]
    harbour_blue = tuple(round(c / 255, 3) for c in (0x0B, 0x4F, 0x6C))
    assert harbour_blue in fills


def test_example_handout_has_logo_in_header_and_contacts_in_footer(all_kits):
    document = docx.Document(str(all_kits / EXAMPLE / "handout.docx"))
    section = document.sections[0]
    descriptions = [
        e.get("descr")
        for e in section.header._element.iter(
            "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
        )
    ]
    assert descriptions == ["Exampleshire Safeguarding Children Partnership logo"]
    footer = " ".join(p.text for p in section.footer.paragraphs)
    for number in EXAMPLE_CONTACTS:
        assert number in footer
    assert "Out of hours emergency duty team" in footer


def test_a_kit_without_contacts_prints_no_contacts_heading(all_kits):
    for name in ("poster-a3.pdf", "leaflet-dl.pdf"):
        assert "Contacts" not in pdf_text(all_kits / "default" / name)
    assert "Contacts" in pdf_text(all_kits / EXAMPLE / "poster-a3.pdf")


@pytest.mark.parametrize(
    "format_name, name",
    [("poster", "poster-a3.pdf"), ("myth-posters", "poster-a3-consent.pdf"),
     ("leaflet", "leaflet-dl.pdf")],
)  # fmt: skip
def test_the_address_beside_the_qr_code_wraps_only_between_its_parts(tmp_path, format_name, name):
    """Printed in a narrow box, a long address breaks after a slash or before a dot or a
    hyphen, as style guides break web addresses, never inside a word ("www.northshire.g /
    ov.uk"), nor after a hyphen, which would read as one the break added."""
    brands = tmp_path / "brands"
    shutil.copytree(DEFAULT_BRANDS_DIR / EXAMPLE, brands / "northshire")
    kit = brands / "northshire" / "_brand.yml"
    kit.write_text(
        kit.read_text().replace(
            "https://www.example.org/safeguarding/information-sharing",
            "https://www.northshire-safeguarding.gov.uk/children-and-families",
        )
    )
    result = build_kit(brands, "northshire", format_name, tmp_path / "out")
    assert result.exit_code == 0, result.output
    shown = "www.northshire-safeguarding.gov.uk/children-and-families"
    pieces = printed_pieces(tmp_path / "out" / "northshire" / name, shown)
    assert len(pieces) > 1, "the address fits on one line: the test no longer tests wrapping"
    for before, after in itertools.pairwise(pieces):
        assert before.endswith("/") or after.startswith((".", "-")), pieces


def printed_pieces(path: Path, shown: str) -> list[str]:
    """The lines `shown` (an address) is printed on in the PDF at `path`."""
    lines = pdf_text(path).splitlines()
    start = next(i for i, line in enumerate(lines) if shown.startswith(line.strip()) and line)
    pieces = []
    while "".join(pieces) != shown:
        pieces.append(lines[start + len(pieces)].strip())
        assert shown.startswith("".join(pieces)), pieces
    return pieces


def test_a_hyphen_of_the_address_never_ends_a_line(tmp_path):
    """Where the address's box has room for a word and no more, it goes on with "-sharing",
    not "information-" / "sharing", which reads as a word the break hyphenated (and is
    typed "informationsharing")."""
    brands = tmp_path / "brands"
    shutil.copytree(DEFAULT_BRANDS_DIR / EXAMPLE, brands / EXAMPLE)
    kit = brands / EXAMPLE / "_brand.yml"
    address = "www.example.org/safeguarding/multi-agency-information-sharing"
    kit.write_text(
        kit.read_text().replace("www.example.org/safeguarding/information-sharing", address)
    )
    result = build_kit(brands, EXAMPLE, "myth-posters", tmp_path / "out")
    assert result.exit_code == 0, result.output
    pieces = printed_pieces(tmp_path / "out" / EXAMPLE / "poster-a3-consent.pdf", address)
    assert any(piece.startswith("-") for piece in pieces), pieces  # where a break came
    assert not any(piece.endswith("-") for piece in pieces), pieces


def test_a_link_s_printed_address_keeps_its_hyphens_off_the_line_ends(tmp_path):
    """A link in the guide's words prints its address after them, for paper; in a
    leaflet's narrow column it wraps as the QR code's address does, never at one of its own
    hyphens ("for-" / "organisations"), which a reader typing it would drop."""
    content = raw_content()
    address = "ico.org.uk/for-organisations/uk-gdpr-guidance-and-resources/data-sharing"
    content["myths"][0]["rebuttal"] += f" See the [ICO's guidance](https://{address}/)."
    path = tmp_path / "myths.yml"
    path.write_text(json.dumps(content), encoding="utf-8")
    out = tmp_path / "out"
    result = build_kit(DEFAULT_BRANDS_DIR, EXAMPLE, "leaflet", out, "--content", str(path))
    assert result.exit_code == 0, result.output
    pieces = printed_pieces(out / EXAMPLE / "leaflet-dl.pdf", f"({address}).")
    assert len(pieces) > 2, "the address fits on one line: the test no longer tests wrapping"
    assert not any(piece.endswith("-") for piece in pieces), pieces
    for before, after in itertools.pairwise(pieces):
        assert before.endswith("/") or after.startswith((".", "-")), pieces


def test_an_email_contact_wraps_only_before_its_at_or_a_dot(tmp_path):
    """A third of a single-myth poster's row is narrower than an email address in its
    type: it wraps where style guides break one, before the "@" or a dot, never inside a
    word ("help@northshire-safeguarding.go" / "v.uk"), nor after one of its hyphens."""
    brands = tmp_path / "brands"
    shutil.copytree(DEFAULT_BRANDS_DIR / EXAMPLE, brands / EXAMPLE)
    kit = brands / EXAMPLE / "_brand.yml"
    email = "help@northshire-safeguarding.gov.uk"
    kit.write_text(kit.read_text().replace('"020 7946 0789"', f'"{email}"'))
    result = build_kit(brands, EXAMPLE, "myth-posters", tmp_path / "out")
    assert result.exit_code == 0, result.output
    pieces = printed_pieces(tmp_path / "out" / EXAMPLE / "poster-a3-consent.pdf", email)
    assert len(pieces) > 1, "the address fits on one line: the test no longer tests wrapping"
    assert all(after.startswith(("@", ".", "-")) for after in pieces[1:]), pieces


def test_the_example_address_keeps_its_domain_whole_on_a_single_myth_poster(tmp_path):
    """The address beside the code is read up close, where the code is scanned: a
    single-myth poster prints it at the all-myths poster's size, not the 17 pt of its small
    print, at which "www.example.org/" broke into "www.example" and ".org/"."""
    result = build_kit(DEFAULT_BRANDS_DIR, EXAMPLE, "myth-posters", tmp_path / "out")
    assert result.exit_code == 0, result.output
    shown = "www.example.org/safeguarding/information-sharing"
    pieces = printed_pieces(tmp_path / "out" / EXAMPLE / "poster-a3-consent.pdf", shown)
    assert pieces[0] == "www.example.org/", pieces


def test_qr_code_is_at_least_20mm_with_a_quiet_zone():
    from mythprint.batch.build import jobs_for
    from mythprint.pdf.render import Renderer

    content = load_content(DEFAULT_CONTENT)
    renderer = Renderer(content, load_brand(DEFAULT_BRANDS_DIR, EXAMPLE))
    for job in jobs_for(["poster", "myth-posters"], content):
        html = FORMATS[job.format].html(renderer, job, job.fit.floor_pt)
        document = renderer.layout(html, job.stylesheets)
        stack = [document.pages[0]._page_box]
        sizes = []
        while stack:
            box = stack.pop()
            stack.extend(getattr(box, "children", ()))
            if getattr(box, "element", None) is not None and box.element.get("class") == (
                "qr__code"
            ):
                sizes.append((box.width / PX_PER_MM, box.height / PX_PER_MM))
        [(width, height)] = sizes
        assert width >= 20 and height == pytest.approx(width)
    svg = base64.b64decode(qr_data_uri("https://example.org/x", "#000000").split(",")[1])
    size = int(re.search(rb'viewBox="0 0 (\d+) \1"', svg)[1])
    first_module = re.search(rb'd="M(\d+) (\d+)', svg)
    assert int(first_module[1]) == QUIET_ZONE_MODULES and size >= 21 + 2 * QUIET_ZONE_MODULES


def test_office_qr_code_is_one_pixel_a_module_drawn_without_smoothing(all_kits):
    """Office files draw the code as a tiny image (one PDF image, not hundreds of path
    segments), its modules exactly segno's, quiet zone included, never interpolated."""
    import pikepdf
    import segno

    url = "https://www.example.org/safeguarding/information-sharing"
    expected = segno.make(url, error="m").matrix
    with pikepdf.open(all_kits / EXAMPLE / "poster-a3.pdf") as pdf:
        images = [
            image
            for page in pdf.pages
            for image in page.get_images().values()
            if image.Width == len(expected) + 2 * QUIET_ZONE_MODULES
        ]
        assert len(images) == 1
        assert images[0].get("/Interpolate") is False
        pixels = pikepdf.PdfImage(images[0]).as_pil_image().convert("L")
    border = QUIET_ZONE_MODULES
    dark = [
        [pixels.getpixel((x + border, y + border)) < 128 for x in range(len(expected))]
        for y in range(len(expected))
    ]
    assert dark == [[bool(module) for module in row] for row in expected]
    assert all(pixels.getpixel((x, 0)) > 128 for x in range(pixels.width))  # quiet zone


def test_example_kit_passes_check_apart_from_fictional_contacts(tmp_path):
    result = run_cli("check", "--brand", EXAMPLE)
    assert result.exit_code == 0, result.output
    findings = [
        line for line in result.output.splitlines() if line.startswith(("Error:", "Warning:"))
    ]
    assert findings and all(line.startswith("Warning:") for line in findings)
    # The content's own warnings (superseded law) are tested in test_currency.py.
    findings = [line for line in findings if "myths.yml:" not in line]
    assert findings and all(
        "drama number" in line or "reserved for examples" in line for line in findings
    )
    # each says what to do about it
    assert all("; replace it" in line for line in findings), findings
    # With text that cites only current law, the kit's own warnings are what --strict fails.
    current = tmp_path / "current.yml"
    current.write_text(
        DEFAULT_CONTENT.read_text(encoding="utf-8")
        .replace("Data Protection Act 1998", "Data Protection Act 2018")
        .replace("Working Together 2018", "Working Together to Safeguard Children 2023"),
        encoding="utf-8",
    )
    assert (
        run_cli("check", "--content", str(current), "--brand", "default", "--strict").exit_code == 0
    )
    strict = run_cli("check", "--content", str(current), "--brand", EXAMPLE, "--strict")
    assert strict.exit_code == 1 and "myths.yml:" not in strict.output


def test_check_all_checks_every_kit_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_cli("check", "--brand", "all")
    assert result.exit_code == 0
    assert "brands/default: OK" in result.output or "default: OK" in result.output
    assert f"{EXAMPLE}: 0 errors, 5 warnings" in result.output
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("01632 960000", "drama"),
        ("+44 20 7946 0123", "drama"),
        ("0113 496 0999", "drama"),
        ("07700 900 123", "drama"),
        ("https://www.example.com/help", "examples"),
        ("help@example.org", "examples"),
        ("TBC", "placeholder"),
        ("[phone number]", "placeholder"),
        ("0000 000 0000", "placeholder"),
    ],
)
def test_fictional_and_placeholder_contacts_are_recognised(value, reason):
    assert reason in fictional(value)


@pytest.mark.parametrize(
    "value", ["0808 800 5000", "999", "0114 273 4855", "https://www.nspcc.org.uk"]
)
def test_real_numbers_are_not_flagged(value):
    assert fictional(value) is None


@pytest.mark.parametrize(
    ("length", "level", "says", "setting"),
    [
        (3000, "Error", "3000 characters long, more than a QR code holds", "qr"),
        (300, "Warning", "300 characters long, so its squares print 0.29 mm wide", "qr"),
        (300, "Warning", "300 characters long, so its squares print 0.29 mm wide", "home"),
    ],
)
def test_a_qr_address_too_long_to_scan_is_reported_at_its_line(
    tmp_path, length, level, says, setting
):
    """An address too long for any QR code stops the kit, with its line; one whose code
    would print too fine for phones to read is a warning. Neither crashes the build.
    Without a qr setting the code opens the website, and the website's line is named (a
    website too long for a code is longer than a web address may be: see test_brand)."""
    brands = tmp_path / "brands"
    shutil.copytree(DEFAULT_BRANDS_DIR / EXAMPLE, brands / "northshire")
    kit = brands / "northshire" / "_brand.yml"
    qr = "https://www.example.org/safeguarding/information-sharing"
    text = kit.read_text()
    if setting == "home":
        text = text.replace(f"    qr: {qr}\n", "")
    address = qr if setting == "qr" else "https://www.example.org/"
    long_address = "https://www.northshire.gov.uk/" + "a" * (length - 30)
    kit.write_text(text.replace(address, long_address))
    line = text[: text.index(address)].count("\n") + 1
    result = run_cli("check", "--brands-dir", str(brands), "--brand", "northshire")
    assert result.exit_code == (1 if level == "Error" else 0), result.output
    [finding] = [x for x in result.output.splitlines() if "QR code's address" in x]
    assert finding.startswith(f"{level}: {kit}:{line}:") and says in finding, finding
    if level == "Error":
        built = build_kit(brands, "northshire", "poster", tmp_path / "out")
        assert built.exit_code == 1 and "unexpectedly" not in built.output, built.output
        assert f"{kit}:{line}:" in built.output


@pytest.mark.parametrize(
    ("inks", "warned"), [("80, 70, 70, 100", True), ("60, 40, 100, 100", False)]
)
def test_a_cmyk_colour_with_more_ink_than_a_press_takes_is_reported_at_its_line(
    tmp_path, inks, warned
):
    """Ink over 300% in all smudges and sets off on the next sheet; 300% is taken."""
    brands = tmp_path / "brands"
    shutil.copytree(DEFAULT_BRANDS_DIR / EXAMPLE, brands / "northshire")
    kit = brands / "northshire" / "_brand.yml"
    text = kit.read_text()
    given = "foreground: [0, 0, 0, 100]"
    assert given in text
    kit.write_text(text.replace(given, f"foreground: [{inks}]"))
    line = text[: text.index(given)].count("\n") + 1
    result = run_cli("check", "--brands-dir", str(brands), "--brand", "northshire")
    assert result.exit_code == 0, result.output
    found = [x for x in result.output.splitlines() if "% ink" in x]
    if warned:
        [finding] = found
        assert finding.startswith(f"Warning: {kit}:{line}:7: cmyk.foreground: [{inks}]")
        assert "adds up to 320% ink, more than the 300%" in finding, finding
    else:
        assert found == []


def test_a_kit_too_long_to_fit_is_told_to_shorten_its_own_words_not_the_guide(tmp_path):
    """Thirty contacts leave the guide's text too little of the page. The errors say the
    kit's part is what has grown, rather than sending the user to cut the guide."""
    brands = tmp_path / "brands"
    shutil.copytree(DEFAULT_BRANDS_DIR / EXAMPLE, brands / "northshire")
    kit = brands / "northshire" / "_brand.yml"
    many = "".join(
        f'      - label: "Team {n}"\n        value: "0114 273 {4800 + n}"\n' for n in range(30)
    )
    kit.write_text(kit.read_text().replace("    contacts:\n", "    contacts:\n" + many, 1))
    result = build_kit(brands, "northshire", "poster", tmp_path / "out", "--format", "leaflet")
    assert result.exit_code == 1, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    [poster] = [line for line in errors if "poster-a3.pdf" in line]
    # The contacts are the cause: the error names only what the kit can change, not the
    # national guide's title.
    assert re.search(r"more than usual, and the kit's 33 contacts take \d+ mm of it", poster)
    assert "give fewer or shorter contacts, or shorten the kit's name or review note" in poster
    assert "title" not in poster
    assert re.search(r"The header and the foot of the page take \d+ mm of its 392 mm", poster)
    [leaflet] = [line for line in errors if "leaflet-dl.pdf" in line]
    # Thirty-three contacts run off the leaflet's two pages: those it never reached count
    # as long as the others, and the overflow is the least it can be.
    assert "the back cover overflows by at least " in leaflet, leaflet
    assert re.search(r"The kit's 33 contacts need \d+ mm, and it has room for \d+ ", leaflet)
    assert "Shorten the text" not in poster + leaflet


# Eight numbers a partnership might really print: the studio takes up to eight.
EIGHT_CONTACTS = (
    ("Worried about a child? Children's Services front door", "0300 123 1001"),
    ("Out of hours emergency duty team", "0300 123 1002"),
    ("Worried about an adult? Adult Social Care", "0300 123 1003"),
    ("Police (non-emergency)", "101"),
    ("Emergency", "999"),
    ("Local Authority Designated Officer (LADO)", "0300 123 1004"),
    ("Safeguarding partnership business unit", "0300 123 1005"),
    ("Early Help hub", "0300 123 1006"),
)


# Eight a partnership might also print, each with its hours: more than any poster holds.
EIGHT_LONG_CONTACTS = tuple(
    (f"{label}, Monday to Friday, 9am to 5pm", value) for label, value in EIGHT_CONTACTS
)


def kit_with_contacts(brands: Path, contacts: tuple[tuple[str, str], ...]) -> None:
    """brands/northshire: the default kit's look, with a name, a website and `contacts`."""
    (brands / "northshire").mkdir(parents=True)
    lines = "".join(
        f'      - label: "{label}"\n        value: "{value}"\n' for label, value in contacts
    )
    (brands / "northshire" / "_brand.yml").write_text(
        "meta:\n  name: Northshire Safeguarding Children Partnership\n"
        "  link: https://www.northshire.gov.uk/\n"
        f"defaults:\n  mythprint:\n    contacts:\n{lines}"
    )


def test_eight_real_contacts_fit_every_poster_with_its_foot_printed_smaller(tmp_path):
    """Eight real contacts (the studio takes eight) left the all-myths poster 3 mm short
    at its floor, and the longest myth's poster too: a partnership cannot shorten the
    national guide. The header and foot print smaller there, the text at its own size,
    and the build says which files, and why."""
    kit_with_contacts(tmp_path / "brands", EIGHT_CONTACTS)
    out = tmp_path / "out"
    result = build_kit(tmp_path / "brands", "northshire", "poster", out, "--format", "myth-posters")
    assert result.exit_code == 0, result.output
    smaller = "its header and foot print smaller than usual"
    notes = [line for line in result.output.splitlines() if smaller in line]
    said = {note.removeprefix("Note: ").split(":")[0] for note in notes}
    assert "northshire/poster-a3.pdf" in said, result.output
    # The kit has no review note: the note names only what the kit has to shorten.
    assert all(
        note.endswith("; fewer or shorter contacts would print them at their usual size")
        for note in notes
    ), notes
    manifest = json.loads((out / "manifest.json").read_text())
    sizes = {entry["path"]: entry["font_size_pt"] for entry in manifest["outputs"]}
    assert sizes["northshire/poster-a3.pdf"] >= 16 and len(sizes) == 6
    assert all(size >= 32 for path, size in sizes.items() if "poster-a3-" in path)


def test_a_poster_with_its_foot_smaller_is_laid_out_once_after_a_change_of_colour(tmp_path):
    """The fit remembers that the foot was printed smaller: a kit that changes only a
    colour lays the poster out once, and makes the file a fresh fit would."""
    brands = tmp_path / "brands"
    kit_with_contacts(brands, EIGHT_CONTACTS)
    brand_file = brands / "northshire" / "_brand.yml"
    brand_file.write_text(brand_file.read_text() + 'color:\n  primary: "#2b4c7e"\n')
    out, stats = tmp_path / "out", tmp_path / "stats.json"
    assert build_kit(brands, "northshire", "poster", out).exit_code == 0
    brand_file.write_text(brand_file.read_text().replace("#2b4c7e", "#0b4f6c"))
    result = build_kit(brands, "northshire", "poster", out, "--stats", str(stats))
    assert result.exit_code == 0, result.output
    assert "its header and foot print smaller" in result.output
    [row] = json.loads(stats.read_text())["outputs"]
    assert row["passes"] == 1
    fresh = tmp_path / "fresh"
    assert build_kit(brands, "northshire", "poster", fresh).exit_code == 0
    made = "northshire/poster-a3.pdf"
    assert (out / made).read_bytes() == (fresh / made).read_bytes()


def test_a_page_too_full_for_the_kits_many_contacts_says_so(tmp_path):
    """Eight contacts, each with its hours, leave the all-myths poster short at its floor
    even with its foot printed smaller: too little for the rule of the header and foot,
    so the error said "Shorten the text", which a partnership cannot do to the national
    guide. It names the contacts, and their room."""
    kit_with_contacts(tmp_path / "brands", EIGHT_LONG_CONTACTS)
    result = build_kit(tmp_path / "brands", "northshire", "poster", tmp_path / "out")
    assert result.exit_code == 1, result.output
    [error] = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert "northshire/poster-a3.pdf: the content does not fit at the 16 pt floor" in error
    found = re.search(r"The kit's 8 contacts take (\d+) mm of its 392 mm: give fewer or ", error)
    assert found and 40 < int(found[1]) < 100, error
    assert "Shorten the text" not in error


def test_a_wide_logo_lockup_goes_above_the_name_and_stays_on_the_page(tmp_path):
    """A logo with the partnership's name in it is often five to ten times as wide as it is
    tall. Beside the name on the leaflet's cover it pushed the name off the page; on the
    all-myths poster it ran out of its column. It goes above the name now, as large as its
    line allows, and Word's header holds it within the page's text. (Its alt text only
    names the partnership, so the PDFs draw it as decoration, a background: it is found
    where it is drawn, by its colour, which nothing else on the page has.)"""
    import pypdfium2
    from PIL import ImageChops

    brands = tmp_path / "brands"
    shutil.copytree(DEFAULT_BRANDS_DIR / EXAMPLE, brands / "lockup")
    Image.new("RGB", (4800, 300), (230, 20, 20)).save(brands / "lockup" / "logo.png")
    kit = brands / "lockup" / "_brand.yml"
    kit.write_text(kit.read_text().replace("path: logo.svg", "path: logo.png"))
    out = tmp_path / "out"
    for format_name in ("leaflet", "poster", "handout"):
        result = build_kit(brands, "lockup", format_name, out, "--no-previews")
        assert result.exit_code == 0, result.output

    def image_boxes(page):  # where the logo's red is drawn: (left, 0, right, 0), in points
        red, green, blue = page.render(scale=4).to_pil().convert("RGB").split()
        mask = ImageChops.multiply(  # pixels wholly red, not those its edge half covers
            red.point(lambda v: 255 * (v > 220)),
            ImageChops.lighter(green, blue).point(lambda v: 255 * (v < 40)),
        )
        left, _, right, _ = mask.getbbox()
        return [(left / 4, 0, right / 4, 0)]

    name = "Exampleshire Safeguarding Children Partnership"
    cover = pypdfium2.PdfDocument(out / "lockup" / "leaflet-dl.pdf")[0]
    mm = cover.get_width() / 297  # points to the millimetre
    [(left, _, right, _)] = image_boxes(cover)
    assert 197 * mm < left and right < 297 * mm, "the logo stays on the front cover"
    text = cover.get_textpage()
    found = text.search(name.split()[0]).get_next()
    assert found, "the name is printed on the cover"
    lines = [text.get_charbox(i) for i in range(text.count_chars())]
    assert all(box[2] <= 297 * mm + 0.5 for box in lines), "no letter runs off the page"
    poster = pypdfium2.PdfDocument(out / "lockup" / "poster-a3.pdf")[0]
    mm = poster.get_width() / 297
    [(left, _, right, _)] = image_boxes(poster)
    assert right - left <= 62 * mm + 0.5, "no wider than the poster's 62 mm column"
    assert right <= (297 - 16) * mm + 0.5
    header = docx.Document(str(out / "lockup" / "handout.docx")).sections[0].header
    [picture] = (
        header.paragraphs[0]
        .runs[0]
        ._r.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent")
    )
    assert int(picture.get("cx")) == 170 * 36000, "as wide as the page's text, not wider"


def test_glyph_coverage_reports_missing_characters_and_the_font(tmp_path):
    # Ethiopic: neither the kit's font nor the fallback fonts of the languages extra have it.
    content = tmp_path / "myths.yml"
    content.write_text(
        DEFAULT_CONTENT.read_text().replace(
            "Consent is always needed", "Consent (ሀገር) is always needed"
        )
    )
    result = run_cli("check", "--content", str(content))
    assert result.exit_code == 1
    [line] = [x for x in result.output.splitlines() if x.startswith("Error:")]
    assert "tried 'Atkinson Hyperlegible' (the kit's)" in line
    assert "ሀ" in line and "U+1200" in line
    assert "fallback-fonts" in line


def test_format_characters_need_no_glyph():
    """A zero-width space (where a printed address may wrap) or a direction mark prints as
    nothing in any font: a font without one is no error. Atkinson Hyperlegible has neither."""
    from mythprint.inputs.checks import glyph_findings

    brand = load_brand(DEFAULT_BRANDS_DIR, EXAMPLE)
    assert glyph_findings(brand, "www\u200b.example\u200e.org") == []
    [finding] = glyph_findings(brand, "www\u200b.ሀ")
    assert finding.characters == "ሀ"


def test_a_variation_selector_is_not_listed_among_characters_a_font_lacks():
    """A pasted "❤️" is U+2764 and the invisible U+FE0F, which HarfBuzz never draws: listed
    as missing, it read as a blank that nobody can find to remove."""
    from mythprint.inputs.checks import glyph_findings

    brand = load_brand(DEFAULT_BRANDS_DIR, EXAMPLE)
    [finding] = glyph_findings(brand, "Diogelu \u2764\ufe0f")
    assert finding.characters == "\u2764"


def test_a_declared_fallback_font_covers_missing_characters(tmp_path, brands_copy):
    if (
        not shutil.which("fc-list")
        or "DejaVu Sans"
        not in __import__("subprocess").run(["fc-list"], capture_output=True, text=True).stdout
    ):
        pytest.skip("needs the DejaVu fonts from Debian")
    content = tmp_path / "myths.yml"
    content.write_text(
        DEFAULT_CONTENT.read_text().replace(
            "Consent is always needed", "Consent (ŵyr) is always needed"
        )
    )
    kit = brands_copy / "default" / "_brand.yml"
    kit.write_text(
        kit.read_text().replace(
            "  mythprint: {}", "  mythprint:\n    fallback-fonts: [DejaVu Sans]"
        )
    )
    result = run_cli("check", "--content", str(content), "--brands-dir", str(brands_copy))
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(("height", "passes"), [(236, False), (237, True)])
def test_a_logo_one_pixel_short_of_300_ppi_is_said_to_be_short(tmp_path, height, passes):
    """At 20 mm, 236 pixels are 299.7 ppi: the message said "300 ppi ... and print needs
    300 ppi (236 pixels tall)", and the README asked for 236 pixels, as the comment every
    new kit's brand file carries did until the studio refused 236."""
    brand = load_brand(raster_logo_kit(tmp_path / "brands", "edge", height), "edge")
    found = check_inputs(load_content(DEFAULT_CONTENT), brand, Profile(name="press"))
    if passes:
        assert found == []
    else:
        [finding] = found
        assert f"is {height * 3}×{height} pixels: 299 ppi at its 20 mm" in str(finding)
        assert "print needs 300 ppi (237 pixels tall" in str(finding)
    assert "(237 pixels tall)" in (PROJECT_ROOT / "README.md").read_text()
    new_kit = brand_file_text("edge", "Edge", "https://edge.example.net", "#005a70", "logo.png")
    assert "300 ppi at 20 mm high (237 pixels tall)" in new_kit


def raster_logo_kit(brands: Path, slug: str, height: int) -> Path:
    """A kit whose logo is a PNG `height` pixels tall, three times as wide; its folder."""
    logo = io.BytesIO()
    Image.new("RGB", (height * 3, height), (11, 79, 108)).save(logo, "PNG")
    make_kit(
        brands,
        slug,
        f"""\
        meta: {{name: {slug.title()}}}
        logo:
          images:
            mark: {{path: logo.png, alt: {slug.title()} logo}}
          medium: mark
        """,
        files={"logo.png": logo.getvalue()},
    )
    return brands


def test_a_logo_far_heavier_than_print_needs_is_warned_of(tmp_path):
    """A 6000 × 6000 photograph of a logo (77 MB) was taken without a word, and every PDF,
    the handout and the web page of its kit came out 70 MB or more."""
    side = 1500  # noise does not compress: about 6.4 MB, over the 5 MB the studio takes
    logo = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(logo, "PNG")
    assert len(logo.getvalue()) > 5 * 1024 * 1024
    kit = "meta: {name: Heavy}\nlogo:\n  images:\n    mark: {path: logo.png, alt: Heavy logo}\n"
    make_kit(
        tmp_path / "brands", "heavy", kit + "  medium: mark\n", files={"logo.png": logo.getvalue()}
    )
    brand = load_brand(tmp_path / "brands", "heavy")
    [finding] = check_inputs(load_content(DEFAULT_CONTENT), brand, Profile(name="press"))
    assert finding.level == "warning"
    megabytes = len(logo.getvalue()) / 1024 / 1024  # said as it is, never as the limit
    assert f"logo logo.png is {megabytes:.1f} MB ({side}×{side} pixels)" in str(finding)
    assert "print needs 237 pixels tall: ask for a smaller copy (under 5 MB)" in str(finding)


def test_coarse_raster_logo_warns_for_office_and_fails_for_press(tmp_path):
    raster_logo_kit(tmp_path / "brands", "coarse", 100)
    content = load_content(DEFAULT_CONTENT)
    brand = load_brand(tmp_path / "brands", "coarse")
    [office] = check_inputs(content, brand, Profile())
    [press] = check_inputs(content, brand, Profile(name="press"))
    assert office.level == "warning" and press.level == "error"
    assert "logo logo.png is 300×100 pixels: 127 ppi" in str(office)
    assert "300 ppi" in str(office) and "_brand.yml:2:1:" in str(office)
    result = run_cli(
        "build",
        "--brands-dir",
        str(tmp_path / "brands"),
        "--brand",
        "coarse",
        "--for",
        "press",
        "--format",
        "poster",
        "--out",
        str(tmp_path / "out"),
    )
    assert result.exit_code == 1 and not (tmp_path / "out").exists()


def test_missing_logo_is_an_error(tmp_path):
    make_kit(
        tmp_path, "kit", "logo:\n  images:\n    mark: {path: gone.svg, alt: x}\n  medium: mark\n"
    )
    result = run_cli("check", "--brands-dir", str(tmp_path), "--brand", "kit")
    assert result.exit_code == 1
    assert "logo 'gone.svg' does not exist in the kit folder" in result.output


def test_one_bad_kit_fails_alone_and_the_others_build(tmp_path):
    brands = tmp_path / "brands"
    shutil.copytree(DEFAULT_BRANDS_DIR / "default", brands / "default")
    make_kit(brands, "broken", 'color:\n  primary: "#ffff00"\n')
    result = build_kit(brands, "all", "poster", tmp_path / "out")
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert errors and all("broken/_brand.yml" in line for line in errors)
    assert (tmp_path / "out" / "default" / "poster-a3.pdf").is_file()
    assert not (tmp_path / "out" / "broken").exists()


def test_list_shows_kits_names_and_formats():
    """The formats once, first: with 150 kits, a line of them under each doubled the list."""
    result = run_cli("list")
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "Every kit can make: poster, myth-posters, leaflet, handout, html.",
        "default: (no name)",
        f"{EXAMPLE}: Exampleshire Safeguarding Children Partnership",
    ]


def test_list_suggests_a_check_command_that_finds_the_kit(tmp_path):
    """The command `list` suggests for a kit with problems is copied as it stands: with
    another kits' folder, it names that folder, or `check` finds no such kit."""
    brands = tmp_path / "partnership kits"
    make_kit(brands, "broken", 'color:\n  primary: "#ffff00\n')
    listed = subprocess.run(
        [str(MYTHPRINT), "list", "--brands-dir", "partnership kits"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert listed.returncode == 0, listed.stderr
    [suggested] = re.findall(r"run `mythprint (check [^`]*)`", listed.stdout)
    assert suggested == 'check --brands-dir "partnership kits" --brand broken'
    checked = subprocess.run(
        [str(MYTHPRINT), *shlex.split(suggested)],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert checked.returncode == 1
    assert "broken/_brand.yml" in checked.stderr, checked.stderr


def test_new_brand_scaffolds_a_commented_kit_and_checks_it(tmp_path):
    logo = tmp_path / "mark.svg"
    logo.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
        '<rect width="10" height="10"/></svg>'
    )
    result = run_cli(
        "new-brand",
        "northshire",
        "--brands-dir",
        str(tmp_path / "brands"),
        "--name",
        "Northshire Safeguarding Children Partnership",
        "--website",
        "https://northshire.gov.uk",
        "--primary",
        "#2b4c7e",
        "--logo",
        str(logo),
    )
    assert result.exit_code == 0, result.output
    kit = tmp_path / "brands" / "northshire"
    text = (kit / "_brand.yml").read_text()
    assert text.startswith("# Brand kit for Northshire") and "contacts: []" in text
    assert (kit / "logo.svg").is_file()
    brand = load_brand(tmp_path / "brands", "northshire")
    assert brand.name == "Northshire Safeguarding Children Partnership"
    assert brand.palette.accent == "#2b4c7e" and brand.logo.alt.startswith("Northshire")
    assert "northshire: OK" in result.output
    # The kit says how to give the language of its own words: uncommented, it is read.
    assert brand.language is None
    (kit / "_brand.yml").write_text(text.replace("    # language: cy", "    language: cy"))
    assert load_brand(tmp_path / "brands", "northshire").language == "cy"
    again = run_cli(
        "new-brand",
        "northshire",
        "--brands-dir",
        str(tmp_path / "brands"),
        "--name",
        "x",
        "--website",
        "",
        "--primary",
        "#000000",
        "--logo",
        "",
    )
    assert again.exit_code == 2 and "already exists" in again.output


@pytest.mark.parametrize(
    "pasted",
    ['"{folder}/My Logo.svg"', "'{folder}/My Logo.svg'", "{folder}/My\\ Logo.svg "],
    ids=["copy as path (Windows)", "single quotes", "dragged into a Mac's Terminal"],
)
def test_new_brand_takes_a_logo_path_as_people_paste_it(tmp_path, pasted):
    """A pasted path with quotes, or a dragged file's path with its spaces escaped, was
    "no such file"."""
    (tmp_path / "My Logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10"/></svg>'
    )
    result = run_cli(
        "new-brand", "northshire", "--brands-dir", str(tmp_path / "brands"),
        "--name", "Northshire", "--website", "https://northshire.gov.uk",
        "--primary", "#2b4c7e", "--logo", pasted.format(folder=tmp_path),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    copied = tmp_path / "brands" / "northshire" / "logo.svg"
    assert copied.read_bytes() == (tmp_path / "My Logo.svg").read_bytes()


def test_new_brand_asks_for_what_it_was_not_given(tmp_path):
    from click.testing import CliRunner

    from mythprint.cli import cli

    answers = "Westshire Partnership\n\nnot-a-colour\n#7a2958\n\n"
    result = CliRunner().invoke(
        cli, ["new-brand", "westshire", "--brands-dir", str(tmp_path)], input=answers
    )
    assert result.exit_code == 0, result.output
    assert "is not a colour" in result.output  # asked again
    assert load_brand(tmp_path, "westshire").palette.accent == "#7a2958"


@pytest.mark.parametrize("slug", ["Bad_Slug", "../up", "UPPER"])
def test_kit_names_other_than_slugs_are_refused(slug, tmp_path):
    result = run_cli("build", "--brand", slug, "--out", str(tmp_path))
    assert result.exit_code == 2


@pytest.mark.parametrize(
    ("files", "brand_yml", "expected"),
    [
        (
            {"logo.png": b"\x89PNG\r\n\x1a\n this is not really a png"},
            "logo:\n  images:\n    mark: {path: logo.png, alt: x}\n  medium: mark\n",
            "logo logo.png is corrupt or not an image",
        ),
        (
            {},
            "logo:\n  images:\n    mark: {path: ../../outside.svg, alt: x}\n  medium: mark\n",
            "logo '../../outside.svg' is outside the kit folder",
        ),
        (
            {},
            "logo:\n  images:\n    mark: {path: 'https://example.org/logo.svg', alt: x}\n"
            "  medium: mark\n",
            "logo 'https://example.org/logo.svg' is a web address; mythprint works offline",
        ),
        (
            {},
            "typography:\n  fonts:\n    - family: Webby\n      source: file\n      files:\n"
            "        - path: https://example.org/Webby.ttf\n  base: Webby\n",
            "font file for 'Webby' 'https://example.org/Webby.ttf' is a web address",
        ),
    ],
)
def test_hostile_kits_fail_the_build_naming_kit_and_file(tmp_path, files, brand_yml, expected):
    brands = tmp_path / "brands"
    make_kit(brands, "hostile", brand_yml, files=files)
    result = build_kit(brands, "hostile", "poster", tmp_path / "out")
    assert result.exit_code == 1
    [line] = [x for x in result.output.splitlines() if x.startswith("Error:")]
    assert "brands/hostile/_brand.yml:" in line and expected in line
    assert not (tmp_path / "out").exists()


def test_system_fonts_keep_each_face_at_its_own_weight_and_width():
    from mythprint.inputs.kitfonts import system_faces

    faces = system_faces("DejaVu Sans")
    if not faces:
        pytest.skip("needs the DejaVu fonts from Debian")
    regular = [f.path.name for f in faces if (f.weight, f.style) == (400, "normal")]
    assert regular == ["DejaVuSans.ttf"]  # not ExtraLight, not Condensed
    assert not any("Condensed" in f.path.name for f in faces)
