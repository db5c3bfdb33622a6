"""No earlier build's details pass for this one's: the web edition offers no file this build
could not make, nor one made before its kit changed; the command line says which files
keep their earlier copies; and a rebuild notices the machine's fonts changing, but not the
kits' folder moving.

The command runs as a real process, as a print hub runs it."""

import json
import shutil
import textwrap
from pathlib import Path

import pypdfium2
import pytest
from fontTools.ttLib import TTFont
from lxml import html

from mythprint.batch.output import CACHE
from mythprint.batch.progress import Progress
from mythprint.batch.runner import KitDone
from mythprint.paths import DEFAULT_BRANDS_DIR

from .test_batch import mythprint, summary
from .test_failures import set_contacts
from .test_kitfonts import ATKINSON, house_sans_kit
from .test_kits import EIGHT_LONG_CONTACTS

# Numbers that fit every file, then others that do too: a kit whose numbers changed.
EARLIER = (("Children's Services front door", "0300 999 0001"), ("Police", "101"))
LATER = (("Children's Services front door", "0300 999 0002"), ("Police", "101"))
PACK = ("--format", "poster", "--format", "leaflet", "--format", "handout", "--format", "html")
NOT_FITTED = "northshire: the web edition leaves out poster-a3.pdf and leaflet-dl.pdf, as "


def build(brands: Path, out: Path, *formats: str, env: dict[str, str] | None = None):
    args = ("build", "--brands-dir", str(brands), "--brand", "all", "--out", str(out))
    return mythprint(*args, *formats, "--no-previews", cwd=out.parent, env=env)


def pdf_text(path: Path) -> str:
    document = pypdfium2.PdfDocument(path)
    try:
        return "".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def offered(out: Path, slug: str = "northshire") -> list[str]:
    """The files the kit's web page links to."""
    page = html.fromstring((out / slug / "web" / "index.html").read_bytes())
    return page.xpath("//section[@class='downloads']//a/@href")


def warnings_of(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("Warning: northshire")]


def test_the_web_edition_leaves_out_the_files_a_build_could_not_make(tmp_path):
    """Eight long contacts overflow the all-myths poster and the leaflet. Their earlier
    copies stay in the kit's folder, with the earlier numbers, and the kit's line says so;
    but the web page, made again with the new contacts, linked to them, and web/ held
    copies of them, ready to be published with the old numbers. It offers neither now,
    in this build or one of the web edition alone, until they are made again."""
    brands, out = tmp_path / "brands", tmp_path / "out"
    set_contacts(brands, EARLIER)
    assert build(brands, out, *PACK).returncode == 0
    assert offered(out) == ["poster-a3.pdf", "leaflet-dl.pdf", "handout.docx"]

    set_contacts(brands, EIGHT_LONG_CONTACTS)
    failed = build(brands, out, *PACK)
    assert failed.returncode == 1, failed.stderr
    assert "Traceback" not in failed.stderr
    assert f"Warning: {NOT_FITTED}they were not made" in warnings_of(failed)
    kit_line = next(line for line in failed.stdout.splitlines() if line.startswith("northshire:"))
    assert kit_line == (
        "northshire: 2 made, 2 failed in out/northshire/; the earlier poster-a3.pdf and "
        "leaflet-dl.pdf stay there, with the earlier details"
    )
    web = out / "northshire" / "web"
    assert offered(out) == ["handout.docx"]
    assert not (web / "poster-a3.pdf").exists() and not (web / "leaflet-dl.pdf").exists()
    assert "0300 123 1001" in (web / "index.html").read_text()  # the page has the new ones
    for name in ("poster-a3.pdf", "leaflet-dl.pdf"):  # nothing good is deleted
        assert "0300 999 0001" in pdf_text(out / "northshire" / name)

    alone = build(brands, out, "--format", "html")
    assert alone.returncode == 0, alone.stderr
    assert f"Warning: {NOT_FITTED}they were not made" in warnings_of(alone)
    assert offered(out) == ["handout.docx"]

    set_contacts(brands, LATER)
    fixed = build(brands, out, *PACK)
    assert fixed.returncode == 0, fixed.stderr
    assert warnings_of(fixed) == []
    assert "earlier" not in fixed.stdout
    assert offered(out) == ["poster-a3.pdf", "leaflet-dl.pdf", "handout.docx"]
    for name in ("poster-a3.pdf", "leaflet-dl.pdf"):
        assert (web / name).read_bytes() == (out / "northshire" / name).read_bytes()
        assert "0300 999 0002" in pdf_text(web / name)


def test_the_web_edition_leaves_out_a_file_made_before_its_kit_changed(tmp_path):
    """A build of some formats leaves the others' files as they were, with the kit's
    earlier numbers: its web edition does not offer them."""
    brands, out = tmp_path / "brands", tmp_path / "out"
    set_contacts(brands, EARLIER)
    assert build(brands, out, *PACK).returncode == 0
    set_contacts(brands, LATER)
    some = build(brands, out, "--format", "poster", "--format", "html")
    assert some.returncode == 0, some.stderr
    assert (
        "Warning: northshire: the web edition leaves out leaflet-dl.pdf and handout.docx, as "
        "they were made before this kit changed"
    ) in warnings_of(some)
    assert offered(out) == ["poster-a3.pdf"]
    copies = [path.name for path in (out / "northshire" / "web").iterdir()]
    assert [name for name in copies if name.endswith((".pdf", ".docx"))] == ["poster-a3.pdf"]


def test_a_kit_line_under_the_progress_bar_is_said_as_a_note(tmp_path, capsys):
    """On a terminal the bar stands for each kit's line: what it says of the earlier copies
    is said on its own."""
    kept = [tmp_path / "northshire" / "poster-a3.pdf"]
    kit = KitDone("northshire", failures=["northshire/poster-a3.pdf: does not fit"], kept=kept)
    progress = Progress(2, tmp_path, terminal=True)
    progress.kit_done(kit)
    progress.close()
    err = capsys.readouterr().err
    assert "Error: northshire/poster-a3.pdf: does not fit" in err
    assert "Note: northshire: the earlier poster-a3.pdf stays in " in err
    assert (
        Progress(2, tmp_path, terminal=False)
        .kit_line(kit)
        .endswith("; the earlier poster-a3.pdf stays there, with the earlier details")
    )


def renamed_font(folder: Path, family: str, postscript: str) -> None:
    """Atkinson Hyperlegible's regular and bold as a family called `family`, in `folder`."""
    folder.mkdir(parents=True)
    for weight, style in ((400, "Regular"), (700, "Bold")):
        font = TTFont(ATKINSON[weight])
        names = font["name"]
        for number in (16, 17, 21, 22):  # the typographic family's names: none
            names.removeNames(nameID=number)
        for number, value in (
            (1, family),
            (2, style),
            (4, f"{family} {style}"),
            (6, f"{postscript}-{style}"),
        ):
            names.setName(value, number, 3, 1, 0x409)
            names.setName(value, number, 1, 0, 0)
        font.save(folder / f"{postscript}-{style}.ttf")


def remembered_fonts(out: Path, slug: str = "probe") -> set[str]:
    """The names of the font files the kit resolved to when it was last made."""
    kits = json.loads((out / CACHE).read_text())["kits"]
    return {Path(font).name for font in kits[slug]["fonts"]}


def fontconfig_listing(conf: Path, folder: Path) -> None:
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
        f"<fontconfig><dir>{folder}</dir><cachedir>{conf.parent / 'cache'}</cachedir>"
        "</fontconfig>\n"
    )


def test_a_family_that_now_resolves_to_another_file_makes_the_kit_again(tmp_path):
    """A kit set in a system font, 'Probe Sans'. fontconfig is then told to look in
    another folder, whose 'Probe Sans' is another file: the earlier files stay, so the
    fonts the kit remembered were unchanged, and every later build skipped the kit,
    printing with the font it no longer resolves to. Then nothing changes: all skipped."""
    if shutil.which("fc-list") is None:
        pytest.skip("needs fontconfig's fc-list")
    renamed_font(tmp_path / "fonts-a", "Probe Sans", "ProbeA")
    renamed_font(tmp_path / "fonts-b", "Probe Sans", "ProbeB")
    conf = tmp_path / "fonts.conf"
    fontconfig_listing(conf, tmp_path / "fonts-a")
    brands, out = tmp_path / "brands", tmp_path / "out"
    (brands / "probe").mkdir(parents=True)
    (brands / "probe" / "_brand.yml").write_text(
        textwrap.dedent(
            """\
            meta:
              name: Probeshire Partnership
            color:
              primary: "#005a70"
            typography:
              fonts:
                - family: Probe Sans
                  source: system
              base: Probe Sans
              headings: Probe Sans
            """
        )
    )
    env = {"FONTCONFIG_FILE": str(conf)}
    formats = ("--format", "poster", "--format", "html")
    first = build(brands, out, *formats, env=env)
    assert first.returncode == 0, first.stderr
    assert remembered_fonts(out) == {"ProbeA-Regular.ttf", "ProbeA-Bold.ttf"}

    fontconfig_listing(conf, tmp_path / "fonts-b")  # the same setting, another folder
    again = build(brands, out, *formats, env=env)
    assert again.returncode == 0, again.stderr
    assert summary(again).startswith("Done: 2 made, 0 unchanged, "), summary(again)
    assert remembered_fonts(out) == {"ProbeB-Regular.ttf", "ProbeB-Bold.ttf"}

    unchanged = build(brands, out, *formats, env=env)
    assert summary(unchanged).startswith("Done: 0 made, 2 unchanged, "), summary(unchanged)


def test_a_kit_folder_moved_elsewhere_is_not_made_again(tmp_path):
    """A kit's own fonts were remembered by their paths: once the kits' folder moved, they
    were missing, so every file of the kit was made again, byte for byte the same."""
    brands, out = tmp_path / "before" / "brands", tmp_path / "out"
    house_sans_kit(brands, "700")
    formats = ("--format", "poster", "--format", "html")
    first = build(brands, out, *formats)
    assert first.returncode == 0, first.stderr
    (tmp_path / "before").rename(tmp_path / "after")
    moved = build(tmp_path / "after" / "brands", out, *formats)
    assert moved.returncode == 0, moved.stderr
    assert summary(moved).startswith("Done: 0 made, 2 unchanged, "), summary(moved)

    font = tmp_path / "after" / "brands" / "house" / "HouseSans-Regular.ttf"
    font.write_bytes(ATKINSON[700].read_bytes())  # its bytes still count
    changed = build(tmp_path / "after" / "brands", out, *formats)
    assert summary(changed).startswith("Done: 2 made, 0 unchanged, "), summary(changed)


def test_a_kit_s_own_fonts_built_in_another_folder_merge_with_no_note(tmp_path):
    """A machine that built a kit with its own fonts, in another kits' folder: the merge
    said those fonts were missing here and the kit would be made again, though a build
    here finds them in the kit's folder and makes nothing."""
    machine, hub = tmp_path / "machine", tmp_path / "hub"
    house_sans_kit(machine / "brands", "700")
    formats = ("--format", "poster", "--format", "html")
    assert build(machine / "brands", machine / "dist", *formats).returncode == 0
    shutil.copytree(machine / "brands", hub / "brands")
    shutil.copytree(machine / "dist", hub / "m1-dist")
    shutil.rmtree(machine)
    merged = mythprint("merge", "m1-dist", "--out", "dist", cwd=hub)
    assert merged.returncode == 0, merged.stderr
    assert "Note:" not in merged.stderr, merged.stderr
    again = build(hub / "brands", hub / "dist", *formats)
    assert summary(again).startswith("Done: 0 made, 2 unchanged, "), summary(again)


def test_what_finder_explorer_and_office_leave_in_a_kit_folder_is_no_change(tmp_path):
    """Opening a kit's folder in Finder leaves a .DS_Store there: every file of the kit was
    made again, the same but for its document ID. A file the kit could use still counts."""
    brands, out = tmp_path / "brands", tmp_path / "out"
    shutil.copytree(DEFAULT_BRANDS_DIR / "example-partnership", brands / "example")
    formats = ("--format", "poster")
    assert build(brands, out, *formats).returncode == 0
    kit = brands / "example"
    for name in (".DS_Store", "Thumbs.db", "._logo.svg", "~$handout.docx", ".~lock.a.docx#"):
        (kit / name).write_bytes(b"\0\1")
    again = build(brands, out, *formats)
    assert summary(again).startswith("Done: 0 made, 1 unchanged, "), summary(again)
    (kit / "logo-old.svg").write_bytes((kit / "logo.svg").read_bytes())
    changed = build(brands, out, *formats)
    assert summary(changed).startswith("Done: 1 made, 0 unchanged, "), summary(changed)
