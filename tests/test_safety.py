"""Untrusted inputs cannot make a document read, or a build write, outside its folders."""

import os

import pikepdf
import pytest
from weasyprint.urls import FatalURLFetchingError

from mythprint.batch.output import ManifestEntry, Writer, write_atomic
from mythprint.errors import OutputError, ResourceRefused
from mythprint.inputs.brand import load_brand
from mythprint.inputs.content import load_content
from mythprint.paths import DEFAULT_BRANDS_DIR, DEFAULT_CONTENT, STYLES_DIR, display_path
from mythprint.pdf.fetcher import RefusedURL, SafeURLFetcher
from mythprint.pdf.render import Renderer

from .conftest import build_kit, run_cli
from .test_posters import walk_structure


@pytest.fixture
def fetcher(tmp_path):
    allowed = tmp_path / "kit"
    allowed.mkdir()
    (allowed / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (tmp_path / "secret.txt").write_text("secret")
    return SafeURLFetcher((allowed,))


def test_fetcher_serves_files_inside_allowed_folders(fetcher, tmp_path):
    response = fetcher.fetch((tmp_path / "kit" / "logo.svg").as_uri())
    assert b"<svg" in response.read()
    response.close()


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/logo.png",
        "http://127.0.0.1/x.css",
        "ftp://example.org/font.ttf",
        "file:///etc/passwd",
    ],
)
def test_fetcher_refuses_the_web_and_files_outside(fetcher, url):
    with pytest.raises(RefusedURL):
        fetcher.fetch(url)


def test_fetcher_refuses_dot_dot_traversal_even_when_it_lands_inside(fetcher, tmp_path):
    with pytest.raises(RefusedURL, match=r"'\.\.'"):
        fetcher.fetch(f"file://{tmp_path}/kit/../secret.txt")
    with pytest.raises(RefusedURL, match=r"'\.\.'"):
        fetcher.fetch(f"file://{tmp_path}/kit/../kit/logo.svg")


def test_refusal_stops_the_render_instead_of_dropping_the_resource(fetcher):
    assert issubclass(RefusedURL, FatalURLFetchingError)


@pytest.mark.parametrize(
    "tag",
    [
        '<img src="file:///etc/hostname" alt="x">',
        '<link rel="stylesheet" href="https://example.org/evil.css">',
        f'<img src="{STYLES_DIR.as_uri()}/../pyproject.toml" alt="x">',
    ],
)
def test_a_document_asking_for_outside_files_fails_the_build(tag):
    renderer = Renderer(load_content(DEFAULT_CONTENT), load_brand(DEFAULT_BRANDS_DIR, "default"))
    html = f"<html lang='en'><head><title>t</title></head><body>{tag}<p>x</p></body></html>"
    with pytest.raises(ResourceRefused, match="refused to load"):
        renderer.layout(html)


@pytest.mark.parametrize("relative", ["../escape.pdf", "/etc/escape.pdf", "a/../../b.pdf", ""])
def test_writer_refuses_paths_that_leave_the_output_folder(tmp_path, relative):
    with pytest.raises(OutputError):
        Writer(tmp_path / "out").target(relative)


def test_writer_refuses_a_symlinked_folder_that_leads_out(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "default").symlink_to(tmp_path)
    with pytest.raises(OutputError):
        Writer(out).target("default/poster-a3.pdf")


def test_writer_refuses_to_write_one_file_twice(tmp_path):
    writer = Writer(tmp_path)
    entry = ManifestEntry("default/x.pdf", "default", "poster", "x", 1, 3, "0" * 64, 16.0, "f")
    writer.write(entry, b"one")
    with pytest.raises(OutputError, match="twice"):
        writer.write(entry, b"two")


def test_a_file_where_a_kits_folder_goes_is_named_once_and_left_as_it_is(tmp_path):
    """Each of the kit's files failed with its own line ("...: Not a directory", "...:
    File exists"), and none said which file was in the way."""
    (tmp_path / "default").write_text("someone's notes")
    writer = Writer(tmp_path)
    said = set()
    for number, path in enumerate(["default/poster-a3.pdf", "default/previews/poster-1.png"]):
        entry = ManifestEntry(path, "default", "poster", "x", 1, 3, "0" * 64, 16.0, str(number))
        with pytest.raises(OutputError) as caught:
            writer.write(entry, b"one")
        said.add(caught.value.message)
    assert said == {
        f"{display_path(tmp_path / 'default')} is a file, where mythprint puts a folder of "
        "outputs: move or rename that file (it is left as it is), then build again"
    }
    writer.record_errors("default", sorted(said) * 2, not_built=False)
    assert writer.errors["default"] == (sorted(said), False)  # the manifest says it once
    assert (tmp_path / "default").read_text() == "someone's notes"


def test_a_folder_where_a_file_goes_is_named(tmp_path):
    (tmp_path / "poster-a3.pdf").mkdir()
    entry = ManifestEntry("poster-a3.pdf", "default", "poster", "x", 1, 3, "0" * 64, 16.0, "f")
    with pytest.raises(OutputError, match="poster-a3.pdf is a folder, where mythprint writes"):
        Writer(tmp_path).write(entry, b"one")
    assert (tmp_path / "poster-a3.pdf").is_dir()


def test_a_file_that_may_not_be_written_says_what_to_do(tmp_path, monkeypatch):
    """On Windows a PDF open in Acrobat cannot be replaced: "Permission denied" alone did
    not say to close it. The old file stays whole."""
    (tmp_path / "poster-a3.pdf").write_bytes(b"old good poster")

    def locked(source, target):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", locked)
    entry = ManifestEntry("poster-a3.pdf", "default", "poster", "x", 1, 3, "0" * 64, 16.0, "f")
    with pytest.raises(OutputError) as caught:
        Writer(tmp_path).write(entry, b"new poster")
    assert caught.value.message == (
        f"cannot write {display_path(tmp_path / 'poster-a3.pdf')}: permission denied. Close "
        "it in any program that has it open (a PDF reader, Word, a web browser), or check "
        "that you may write in its folder, then run this again"
    )
    assert [path.name for path in tmp_path.iterdir()] == ["poster-a3.pdf"]
    assert (tmp_path / "poster-a3.pdf").read_bytes() == b"old good poster"


def test_brand_slug_cannot_climb_out_of_the_output_folder(tmp_path):
    result = run_cli("build", "--brand", "../../etc", "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert not (tmp_path / "out").exists()


def test_a_failed_write_leaves_the_old_file_whole(tmp_path, monkeypatch):
    target = tmp_path / "poster.pdf"
    target.write_bytes(b"old good poster")

    def broken_fsync(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        write_atomic(target, b"new poster")
    assert target.read_bytes() == b"old good poster"
    assert [p.name for p in tmp_path.iterdir()] == ["poster.pdf"]


def kit_with_logo(brands, svg: str):
    folder = brands / "kit"
    folder.mkdir(parents=True)
    (folder / "_brand.yml").write_text(
        "meta:\n  name: Test Partnership\n"
        "logo:\n  images:\n    mark: {path: logo.svg, alt: Test logo}\n  medium: mark\n"
        'color:\n  primary: "#005a70"\n'
    )
    (folder / "logo.svg").write_text(svg)
    return brands


def build_poster_with_logo(tmp_path, svg: str):
    brands = kit_with_logo(tmp_path / "brands", svg)
    return build_kit(brands, "kit", "poster", tmp_path / "out")


@pytest.mark.parametrize(
    ("reference", "drawn"),
    [
        ("file:///etc/hostname", '<image href="{}" width="10" height="10"/>'),
        ("https://example.org/tracker.png", '<image href="{}" width="10" height="10"/>'),
        ("../secret.svg", '<image href="{}" width="10" height="10"/>'),
        # said as 'url(' once: the @import's url( was taken for the address
        ("https://example.org/font.css", '<style>@import url("{}");</style>'),
        ("https://example.org/other.css", "<style>@import '{}';</style>"),
    ],
)
def test_svg_logo_reaching_outside_is_refused_before_anything_renders(tmp_path, reference, drawn):
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="40">'
        f"{drawn.format(reference)}"
        '<rect width="100" height="40"/></svg>'
    )
    result = build_poster_with_logo(tmp_path, svg)
    assert result.exit_code == 1
    assert f"_brand.yml:5:12: logo logo.svg refers to '{reference}'" in result.output
    assert not (tmp_path / "out").exists()


def test_svg_logo_with_an_entity_trick_is_refused(tmp_path):
    svg = (
        '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&x;</text></svg>'
    )
    result = build_poster_with_logo(tmp_path, svg)
    assert result.exit_code == 1
    assert "logo logo.svg declares XML entities; a logo must not" in result.output
    assert "root:" not in result.output
    assert not (tmp_path / "out").exists()


SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
SVG_OPEN += 'viewBox="0 0 200 100">'


@pytest.mark.parametrize(
    ("inside", "what"),
    [
        ("<script>alert(document.cookie)</script>", "a script (a <script> element)"),
        (
            '<rect width="200" height="100" onload="alert(1)"/>',
            "a script (the onload attribute of <rect>)",
        ),
        (
            '<a href="javascript:alert(1)"><rect width="200" height="100"/></a>',
            "a script (a javascript: address in the href of <a>)",
        ),
        (  # a browser reads the scheme through spaces and tabs
            '<a xlink:href=" java\tscript:alert(1)"><rect width="200" height="100"/></a>',
            "a script (a javascript: address in the href of <a>)",
        ),
        (
            '<a><set attributeName="onclick" to="alert(1)"/><rect width="9" height="9"/></a>',
            "a script (an animation setting onclick of <set>)",
        ),
        (
            '<foreignObject width="200" height="100"><body xmlns="http://www.w3.org/1999/xhtml">'
            '<form action="https://example.org/login"><input name="password"/></form>'
            "</body></foreignObject>",
            "HTML (a <body> element)",
        ),
    ],
    ids=["script", "onload", "javascript-href", "javascript-spaced", "set-onclick", "html"],
)
def test_an_svg_logo_that_would_run_a_script_is_refused(tmp_path, inside, what):
    """Such a logo passed check and was copied unchanged to the web edition's logo.svg:
    published on a council's website, opening /logo.svg would run it on that site."""
    brands = kit_with_logo(tmp_path / "brands", f"{SVG_OPEN}{inside}</svg>")
    checked = run_cli("check", "--brands-dir", str(brands), "--brand", "kit")
    assert checked.exit_code == 1
    assert f"_brand.yml:5:12: logo logo.svg holds {what}; a logo must not hold" in checked.output
    assert "Export it again from the design program as a plain SVG" in checked.output
    result = build_kit(brands, "kit", "html", tmp_path / "out")
    assert result.exit_code == 1 and what in result.output
    assert not (tmp_path / "out").exists()


def test_an_svg_logo_with_links_and_styles_of_its_own_is_no_script(tmp_path):
    """Only what runs is refused: a link within the logo, a class, a style, an opacity."""
    svg = (
        f"{SVG_OPEN}<style>.online{{fill:#0b4f6c;opacity:.9}}</style>"
        '<defs><linearGradient id="g"><stop offset="0" stop-color="#005a70"/></linearGradient>'
        '</defs><a href="#mark"><rect id="mark" class="online" width="200" height="100" '
        'fill="url(#g)"/></a></svg>'
    )
    result = build_kit(kit_with_logo(tmp_path / "brands", svg), "kit", "html", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "kit" / "web" / "logo.svg").read_text() == svg


def test_an_illustrator_svg_naming_the_public_svg_dtd_is_a_logo_like_any_other(tmp_path):
    """Illustrator's "Save As SVG" names SVG 1.1's public DTD in a DOCTYPE, which loads
    nothing; such logos were refused as if they declared entities."""
    svg = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        "<!-- Generator: Adobe Illustrator 24.0.0, SVG Export Plug-In -->\n"
        '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
        '<svg version="1.1" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 100">'
        '<style type="text/css">.st0{fill:#0B4F6C;}</style>'
        '<rect class="st0" width="300" height="100"/></svg>'
    )
    result = build_poster_with_logo(tmp_path, svg)
    assert result.exit_code == 0, result.output
    with pikepdf.open(tmp_path / "out" / "kit" / "poster-a3.pdf") as pdf:
        tree = walk_structure(pdf.Root.StructTreeRoot)
        figures = [str(node.get("/Alt")) for tag, node in tree if tag == "/Figure"]
    assert len(figures) == 1, "the logo is placed, a figure with its alt text"


def test_an_svg_doctype_declaring_anything_is_refused(tmp_path):
    svg = (
        '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "svg11.dtd" '
        '[<!ATTLIST svg xmlns:x CDATA #FIXED "x">]>'
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
        '<rect width="10" height="10"/></svg>'
    )
    result = build_poster_with_logo(tmp_path, svg)
    assert result.exit_code == 1
    assert "logo logo.svg declares XML entities; a logo must not" in result.output
    assert not (tmp_path / "out").exists()


def test_corrupt_logo_is_refused_naming_the_kit_and_file(tmp_path):
    result = build_poster_with_logo(tmp_path, "<svg this is not xml")
    assert result.exit_code == 1
    assert "brands/kit/_brand.yml:5:12: logo logo.svg is not a readable SVG" in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("svg", "why"),
    [
        ("<html><body>not svg</body></html>", "its content is an HTML page"),
        (  # a web page saved under the logo's name: not even XML
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Logo</title>'
            "</head><body><img src=logo.png></body></html>",
            "its content is an HTML page",
        ),
        (
            '<?xml version="1.0"?><note><to>Design team</to></note>',
            "its content is <note>, where an SVG image is <svg>",
        ),
    ],
    ids=["xhtml", "html", "other-xml"],
)
def test_a_logo_named_svg_that_is_not_an_svg_is_refused(tmp_path, svg, why):
    """An HTML page saved as logo.svg was taken for a logo with no size: check only warned,
    and every poster printed without a logo."""
    brands = kit_with_logo(tmp_path / "brands", svg)
    checked = run_cli("check", "--brands-dir", str(brands), "--brand", "kit")
    assert checked.exit_code == 1
    said = f"_brand.yml:5:12: logo logo.svg is not an SVG image: {why}. Save or export the"
    assert said in checked.output
    assert "no size of its own" not in checked.output
    result = build_kit(brands, "kit", "poster", tmp_path / "out")
    assert result.exit_code == 1 and why in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("svg", "why"),
    [
        ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 0 0"/>', "its viewBox '0 0 0 0'"),
        ('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="0"/>', "its height is 0"),
    ],
)
def test_an_svg_logo_with_no_size_is_refused_rather_than_printed_as_nothing(tmp_path, svg, why):
    result = build_poster_with_logo(tmp_path, svg)
    assert result.exit_code == 1
    assert f"logo logo.svg has no size to print at ({why}" in result.output, result.output
    assert not (tmp_path / "out").exists()


A_PNG = b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("logo.png", b"", "is corrupt or not an image"),
        ("logo.png", A_PNG + b"\x00\x00\x00\rIHDR\x00\x00", "is corrupt or not an image"),
        ("logo.png", "huge", "too large to be a logo"),
        ("logo.svg", '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 0 0"/>', "no size"),
        ("logo.svg", f"{SVG_OPEN}<script>alert(1)</script></svg>", "holds a script"),
        ("logo.svg", f'{SVG_OPEN}<image href="https://example.org/x.png"/></svg>', "refers to"),
        (
            "logo.svg",
            f"{SVG_OPEN}<style>@import 'https://example.org/a.css';</style></svg>",
            "refers",
        ),
    ],
    ids=["empty", "cut-short", "huge", "no-size", "script", "image", "import"],
)
def test_a_problem_inside_the_logo_file_points_at_the_line_naming_it(
    tmp_path, name, data, expected
):
    """At `path:`, the line to mend, not at `logo:` five lines above it."""
    folder = tmp_path / "brands" / "kit"
    folder.mkdir(parents=True)
    (folder / "_brand.yml").write_text(
        f"logo:\n  images:\n    full:\n      path: {name}\n      alt: Test logo\n  medium: full\n"
    )
    data = png_header_only(8_000, 6_000) if data == "huge" else data
    (folder / name).write_bytes(data.encode() if isinstance(data, str) else data)
    result = run_cli("check", "--brands-dir", str(tmp_path / "brands"), "--brand", "kit")
    assert result.exit_code == 1
    [line] = [x for x in result.output.splitlines() if x.startswith("Error:")]
    assert f"kit/_brand.yml:4:7: logo {name} " in line and expected in line, line


def test_an_svg_logo_that_gives_no_size_of_its_own_is_warned_of_as_cut_off(tmp_path):
    """Without a viewBox, width or height, an SVG is a 300 × 150 box in print as in a
    browser: a logo drawn 400 wide lost its right quarter, and nothing said so."""
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg"><rect width="400" height="200" fill="#005a70"/>'
        '<circle cx="200" cy="100" r="90" fill="#b8336a"/></svg>'
    )
    result = build_poster_with_logo(tmp_path, svg)
    assert result.exit_code == 0, result.output
    assert (
        "brands/kit/_brand.yml:3:1: logo logo.svg gives no size of its own (no viewBox, and "
        "no width and height in units), so it prints as a box of 300 × 150"
    ) in result.output
    sized = build_poster_with_logo(
        tmp_path / "sized", svg.replace("<svg ", '<svg viewBox="0 0 400 200" ')
    )
    assert sized.exit_code == 0 and "no size of its own" not in sized.output, sized.output


def test_a_16_bit_greyscale_logo_is_refused_by_check_not_by_each_document(tmp_path):
    """WeasyPrint cannot draw 16-bit greyscale, and dropped each document in turn."""
    from PIL import Image

    brands = tmp_path / "brands"
    folder = brands / "kit"
    folder.mkdir(parents=True)
    Image.new("I;16", (708, 236), 30000).save(folder / "logo.png")
    (folder / "_brand.yml").write_text(
        "logo:\n  images:\n    mark: {path: logo.png, alt: Logo}\n  medium: mark\n"
    )
    result = run_cli("check", "--brands-dir", str(brands), "--brand", "kit")
    assert result.exit_code == 1
    assert "logo logo.png has 16 or 32 bits a pixel (I;16)" in result.output, result.output
    assert "save it again as an 8-bit PNG" in result.output


def png_header_only(width: int, height: int) -> bytes:
    """A PNG file that claims a size in its header and holds no pixels at all."""
    import struct
    import zlib

    def chunk(kind, data):
        crc = struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        return struct.pack(">I", len(data)) + kind + data + crc

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        ((8_000, 6_000), "logo logo.png is 8000×6000 pixels, too large to be a logo"),
        ((30_000, 30_000), "logo logo.png claims hundreds of millions of pixels"),
    ],
)
def test_oversized_images_are_refused_before_decoding(
    tmp_path, monkeypatch, recwarn, size, expected
):
    from PIL import Image

    decoded = []
    monkeypatch.setattr(Image.Image, "load", lambda self: decoded.append(1))
    brands = tmp_path / "brands"
    folder = brands / "kit"
    folder.mkdir(parents=True)
    (folder / "logo.png").write_bytes(png_header_only(*size))
    (folder / "_brand.yml").write_text(
        "logo:\n  images:\n    mark: {path: logo.png, alt: Logo}\n  medium: mark\n"
    )
    result = build_kit(brands, "kit", "poster", tmp_path / "out")
    assert result.exit_code == 1
    assert expected in result.output and "refused before decoding" in result.output
    assert "ask for a copy a few hundred pixels tall and under 5 MB" in result.output
    assert decoded == []
    assert not (tmp_path / "out").exists()
    # Pillow's own warning of a big image is not printed beside the error that says so.
    assert not [w for w in recwarn if issubclass(w.category, Image.DecompressionBombWarning)]
