"""The A3 posters, checked in the real PDF files the default build writes."""

import hashlib
import json
from decimal import Decimal

import pikepdf
import pytest

from mythprint.paths import DEFAULT_CONTENT

from .conftest import MYTH_IDS, pdf_text, raw_content, run_cli, squash, stats_of

A3_PT = (Decimal("841.889764"), Decimal("1190.551181"))
POSTERS = ("poster-a3.pdf", *(f"poster-a3-{myth_id}.pdf" for myth_id in MYTH_IDS))


def box(page, name):
    return tuple(round(Decimal(str(v)), 3) for v in page.obj[name])


@pytest.mark.parametrize("name", POSTERS)
def test_every_poster_is_one_a3_page_with_matching_trim(built, name):
    with pikepdf.open(built / "default" / name) as pdf:
        assert len(pdf.pages) == 1
        page = pdf.pages[0]
        expected = (0, 0, round(A3_PT[0], 3), round(A3_PT[1], 3))
        assert box(page, "/MediaBox") == expected
        assert box(page, "/TrimBox") == expected


def test_default_build_writes_the_posters_the_leaflet_and_the_handout(built):
    assert sorted(p.name for p in (built / "default").iterdir() if p.is_file()) == sorted(
        [*POSTERS, "leaflet-dl.pdf", "handout.docx"]
    )


def test_all_myths_poster_has_every_word_of_the_guide(built):
    content = raw_content()
    text = squash(pdf_text(built / "default" / "poster-a3.pdf"))
    for field in ("title", "intro", "lead_in", "source"):
        assert squash(content[field]) in text, field
    for myth in content["myths"]:
        assert squash(myth["myth"]) in text
        assert squash(myth["rebuttal"]) in text
    positions = [text.index(squash(m["myth"])) for m in content["myths"]]
    assert positions == sorted(positions), "myths must read in the order of the guide"


@pytest.mark.parametrize("index", range(len(MYTH_IDS)))
def test_single_myth_poster_has_its_myth_and_answer_word_for_word(built, index):
    myth = raw_content()["myths"][index]
    text = squash(pdf_text(built / "default" / f"poster-a3-{myth['id']}.pdf"))
    statement, rebuttal = squash(myth["myth"]), squash(myth["rebuttal"])
    assert statement in text and rebuttal in text
    assert text.index("Myth") < text.index(statement) < text.index("Fact") < text.index(rebuttal)
    others = [m for m in raw_content()["myths"] if m["id"] != myth["id"]]
    assert not any(squash(m["rebuttal"]) in text for m in others)


def last_line_words(path, heading: str) -> int:
    """How many of `heading`'s words print on the line where it ends, in the PDF at `path`
    (a label such as "Myth" may start its first line)."""
    words = heading.split()
    printed = [
        (word, number)
        for number, line in enumerate(pdf_text(path).splitlines())
        for word in line.split()  # a no-break space too
    ]
    for at in range(len(printed) - len(words) + 1):
        if [word for word, _ in printed[at : at + len(words)]] == words:
            lines = [number for _, number in printed[at : at + len(words)]]
            return lines.count(lines[-1])
    raise AssertionError(f"{heading!r} is not printed in {path.name}")


def test_no_heading_ends_with_one_word_alone_on_its_line(built):
    """A heading's last two words are held together: the default kit's all-myths poster
    printed its title as "Myth-busting guide to Information" / "sharing"."""
    content = raw_content()
    poster = built / "default" / "poster-a3.pdf"
    headings = {poster: [content["title"], *(myth["myth"] for myth in content["myths"])]}
    for myth in content["myths"]:
        headings[built / "default" / f"poster-a3-{myth['id']}.pdf"] = [myth["myth"]]
    for path, texts in headings.items():
        for heading in texts:
            assert last_line_words(path, heading) >= 2, (path.name, heading)


def test_myth_and_fact_are_labelled_in_words(built):
    text = pdf_text(built / "default" / "poster-a3.pdf")
    assert text.count("Myth ") >= len(MYTH_IDS)
    assert text.count("Fact ") >= len(MYTH_IDS)


def walk_structure(node, depth=0):
    if isinstance(node, pikepdf.Dictionary):
        if "/S" in node:
            yield str(node["/S"]), node
        kids = node.get("/K")
        items = kids if isinstance(kids, pikepdf.Array) else [kids]
        for kid in items:
            if kid is not None:
                yield from walk_structure(kid, depth + 1)


@pytest.mark.parametrize("name", POSTERS)
def test_posters_are_tagged_pdf_ua_with_title_and_language(built, name):
    with pikepdf.open(built / "default" / name) as pdf:
        root = pdf.Root
        assert root.MarkInfo.Marked is True
        assert str(root.Lang) == "en-GB"
        assert root.ViewerPreferences.DisplayDocTitle is True
        title = str(pdf.docinfo["/Title"])
        assert "Myth-busting guide to Information sharing" in title
        with pdf.open_metadata() as xmp:
            assert xmp.get("pdfuaid:part") == "1"
        tags = [tag for tag, _ in walk_structure(root.StructTreeRoot)]
        headings = [int(tag[2]) for tag in tags if tag[:2] == "/H" and tag[2:].isdigit()]
        assert headings and headings[0] == 1
        assert all(b - a <= 1 for a, b in zip(headings, headings[1:], strict=False))


def test_all_myths_poster_has_one_h1_and_a_h2_per_myth(built):
    with pikepdf.open(built / "default" / "poster-a3.pdf") as pdf:
        tags = [tag for tag, _ in walk_structure(pdf.Root.StructTreeRoot)]
    assert tags.count("/H1") == 1
    assert tags.count("/H2") == len(MYTH_IDS)
    assert "/L" in tags and tags.count("/LI") == len(MYTH_IDS)


@pytest.mark.parametrize("name", POSTERS)
def test_posters_embed_only_the_brand_font(built, name):
    with pikepdf.open(built / "default" / name) as pdf:
        fonts = list(pdf.pages[0].Resources.Font.values())
        assert fonts
        for font in fonts:
            descriptor = font.DescendantFonts[0].FontDescriptor
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor
            assert "Atkinson-Hyperlegible" in str(font.BaseFont)


def test_manifest_lists_every_output_with_its_real_hash(built):
    manifest = json.loads((built / "manifest.json").read_text())
    entries = {entry["path"]: entry for entry in manifest["outputs"]}
    made = (*POSTERS, "leaflet-dl.pdf", "handout.docx", "web/index.html")
    assert set(entries) == {f"default/{name}" for name in made}
    for path, entry in entries.items():
        data = (built / path).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["bytes"] == len(data)
        assert entry["brand"] == "default"
        for part, sha256 in entry["parts"].items():  # previews, the web page's files
            assert hashlib.sha256((built / part).read_bytes()).hexdigest() == sha256
    formats = {path.removeprefix("default/"): e["format"] for path, e in entries.items()}
    assert formats.pop("poster-a3.pdf") == "poster"
    assert formats.pop("leaflet-dl.pdf") == "leaflet"
    assert formats.pop("handout.docx") == "handout"
    assert formats.pop("web/index.html") == "html"
    assert set(formats.values()) == {"myth-posters"}
    assert entries["default/leaflet-dl.pdf"]["pages"] == 2
    assert entries["default/handout.docx"]["pages"] is None  # Word paginates a .docx
    assert all(entries[f"default/{name}"]["pages"] == 1 for name in POSTERS)


def test_fit_keeps_the_readability_floors(built):
    entries = json.loads((built / "manifest.json").read_text())["outputs"]
    floors = {"poster": 16, "myth-posters": 32, "leaflet": 11, "handout": 12}
    for entry in entries:
        if entry["format"] == "html":  # a browser sets the web edition's type
            assert entry["font_size_pt"] is None
        else:
            assert entry["font_size_pt"] >= floors[entry["format"]], entry


def test_fit_needs_two_layout_passes_or_fewer_on_average(built):
    stats = json.loads(stats_of(built).read_text())["outputs"]
    passes = [row["passes"] for row in stats if row["path"].endswith(".pdf")]
    assert len(passes) == 7 and all(p >= 1 for p in passes)
    assert sum(passes) / len(passes) <= 2


def test_rebuild_from_the_same_inputs_is_byte_identical(built, tmp_path):
    result = run_cli("build", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    for name in POSTERS:
        assert (tmp_path / "default" / name).read_bytes() == (
            built / "default" / name
        ).read_bytes(), name
    assert (tmp_path / "manifest.json").read_bytes() == (built / "manifest.json").read_bytes()


def test_reviewed_date_is_the_only_date_in_the_file(tmp_path):
    content = tmp_path / "myths.yml"
    content.write_text(DEFAULT_CONTENT.read_text() + "reviewed: 2026-04-01\nversion: '2.1'\n")
    result = run_cli(
        "build", "--content", str(content), "--format", "poster", "--out", str(tmp_path / "out")
    )
    assert result.exit_code == 0, result.output
    path = tmp_path / "out" / "default" / "poster-a3.pdf"
    with pikepdf.open(path) as pdf:
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:20260401")
        assert str(pdf.docinfo["/ModDate"]).startswith("D:20260401")
    text = pdf_text(path)
    assert "Version 2.1" in text and "Reviewed 1 April 2026" in text
