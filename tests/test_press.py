"""Press files: bleed, exact page boxes, marks beyond the bleed, and PDF/X-4 in CMYK."""

import json
import shutil
from pathlib import Path

import pikepdf
import pytest
from pikepdf import PdfImage

from mythprint.inputs.checks import INK_LIMIT_PERCENT, total_ink
from mythprint.inputs.colors import Rgb
from mythprint.pdf.finishing import struct_elements
from mythprint.pdf.profiles import to_cmyk

from .conftest import pdf_text, raw_content, run_cli, squash
from .inkprofile import uncapped_cmyk_profile

CMYK_ICC = Path("/usr/share/color/icc/ghostscript/default_cmyk.icc")
RGB_ICC = Path("/usr/share/color/icc/ghostscript/srgb.icc")
V4_ICC = CMYK_ICC.with_name("ps_cmyk.icc")  # ICC v4.2, from the same package
PT_PER_MM = 72 / 25.4
needs_icc = pytest.mark.skipif(
    not CMYK_ICC.is_file(), reason="needs Debian's libgs-common (.ci/run installs it)"
)
OUTPUTS = (
    "poster-a3.pdf",
    "poster-a3-consent.pdf",
    "poster-a3-it-systems.pdf",
    "leaflet-dl.pdf",
)


def build_press(out: Path, *options: str, kit: str = "default") -> Path:
    result = run_cli("build", "--for", "press", "--out", str(out), "--brand", kit, *options)
    assert result.exit_code == 0, result.output
    return out / kit / "press"


@pytest.fixture(scope="module")
def cmyk_press(tmp_path_factory):
    if not CMYK_ICC.is_file():
        pytest.skip("needs Debian's libgs-common (.ci/run installs it)")
    return build_press(tmp_path_factory.mktemp("press"), "--icc", str(CMYK_ICC))


def boxes(page):
    return {
        name: [float(v) for v in page.obj[name]] for name in ("/MediaBox", "/TrimBox", "/BleedBox")
    }


def grown(box, by_pt):
    return [box[0] - by_pt, box[1] - by_pt, box[2] + by_pt, box[3] + by_pt]


@needs_icc
@pytest.mark.parametrize("name", OUTPUTS)
def test_media_box_is_the_trim_plus_the_bleed_on_every_side(cmyk_press, name):
    with pikepdf.open(cmyk_press / name) as pdf:
        for page in pdf.pages:
            found = boxes(page)
            assert found["/MediaBox"] == pytest.approx(grown(found["/TrimBox"], 3 * PT_PER_MM))
            assert found["/BleedBox"] == pytest.approx(found["/MediaBox"])
            width_mm = (found["/TrimBox"][2] - found["/TrimBox"][0]) / PT_PER_MM
            assert round(width_mm) == 297  # A3 portrait and A4 landscape are both 297 wide


@needs_icc
@pytest.mark.parametrize("name", OUTPUTS)
def test_press_file_is_pdf_x4_with_the_shops_output_intent(cmyk_press, name):
    with pikepdf.open(cmyk_press / name) as pdf:
        [intent] = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFX"
        assert intent.DestOutputProfile.read_bytes() == CMYK_ICC.read_bytes()
        assert pdf.pdf_version >= "1.6"
        with pdf.open_metadata() as xmp:
            assert xmp.get("pdfxid:GTS_PDFXVersion") == "PDF/X-4"
            # Not PDF/X-1a's and X-3's key, which has no X-4 value; the master, not a proof.
            assert "pdfx:GTS_PDFXConformance" not in xmp
            assert xmp.get("xmpMM:RenditionClass") == "default"
        assert pdf.docinfo["/GTS_PDFXVersion"] == "PDF/X-4"  # where older workflows look


def colour_operators(pdf: pikepdf.Pdf):
    """Every colour-setting operator in every page's content, forms included."""
    for page in pdf.pages:
        streams = [page]
        xobjects = page.Resources.get("/XObject", {})
        streams += [x for x in xobjects.values() if x.get("/Subtype") == "/Form"]
        for stream in streams:
            for operands, operator in pikepdf.parse_content_stream(stream):
                if str(operator) in ("rg", "RG", "k", "K", "cs", "CS", "g", "G"):
                    yield str(operator), [str(o) for o in operands]


@needs_icc
@pytest.mark.parametrize("name", OUTPUTS)
def test_no_device_rgb_colour_in_the_page_content(cmyk_press, name):
    with pikepdf.open(cmyk_press / name) as pdf:
        operators = list(colour_operators(pdf))
        assert operators, "the check must see the page's colours"
        assert not [op for op in operators if op[0] in ("rg", "RG")]
        assert not [op for op in operators if op[1] == ["/DeviceRGB"]]
        assert ("cs", ["/DeviceCMYK"]) in operators


@needs_icc
def test_press_files_keep_every_word(cmyk_press):
    text = squash(pdf_text(cmyk_press / "leaflet-dl.pdf"))
    for myth in raw_content()["myths"]:
        assert squash(myth["rebuttal"]) in text


@needs_icc
def test_brand_cmyk_values_are_used_as_given(brands_copy, tmp_path):
    kit = brands_copy / "default" / "_brand.yml"
    kit.write_text(
        kit.read_text().replace(
            "  mythprint: {}", "  mythprint:\n    cmyk:\n      primary: [100, 35, 0, 45]"
        )
    )
    press = build_press(
        tmp_path, "--brands-dir", str(brands_copy), "--format", "poster", "--icc", str(CMYK_ICC)
    )
    with pikepdf.open(press / "poster-a3.pdf") as pdf:
        fills = {
            tuple(round(float(v), 2) for v in operands)
            for operands, operator in pikepdf.parse_content_stream(pdf.pages[0])
            if str(operator) == "scn" and len(operands) == 4
        }
    assert (1.0, 0.35, 0.0, 0.45) in fills


def test_a_colour_given_cmyk_values_prints_in_them_wherever_it_is_used(brands_copy, tmp_path):
    """A kit with no `secondary` prints its "Myth" labels in its primary colour: they took
    the profile's mix of it while the title band beside them took the kit's own values,
    two ink mixes for one brand colour on one sheet."""
    kit = brands_copy / "default" / "_brand.yml"
    text = kit.read_text().replace("  secondary: plum\n", "")
    kit.write_text(
        text.replace("  mythprint: {}", "  mythprint:\n    cmyk:\n      primary: [100, 35, 0, 45]")
    )
    press = build_press(
        tmp_path, "--brands-dir", str(brands_copy), "--format", "poster", "--icc", str(CMYK_ICC)
    )
    [teal] = to_cmyk([Rgb.parse("#005a70")], CMYK_ICC)
    with pikepdf.open(press / "poster-a3.pdf") as pdf:
        fills = cmyk_paints(pdf.pages[0])["scn"]
    assert (1.0, 0.35, 0.0, 0.45) in fills
    assert tuple(round(value, 2) for value in teal) not in fills


def cmyk_paints(stream, found=None) -> dict[str, set]:
    """The CMYK colours a content stream and the forms it draws set, as fill ("scn") and
    stroke ("SCN"), to two places."""
    found = found if found is not None else {"scn": set(), "SCN": set()}
    for operands, operator in pikepdf.parse_content_stream(stream):
        if str(operator) in found and len(operands) == 4:
            found[str(operator)].add(tuple(round(float(v), 2) for v in operands))
    resources = stream.get("/Resources", {}) if isinstance(stream, pikepdf.Stream) else {}
    resources = stream.Resources if isinstance(stream, pikepdf.Page) else resources
    for xobject in resources.get("/XObject", {}).values():
        if xobject.get("/Subtype") == "/Form":
            cmyk_paints(xobject, found)
    return found


@needs_icc
def test_the_logo_takes_the_kits_cmyk_values_for_its_brand_colours(tmp_path):
    """The example kit's logo is drawn in its two brand colours, for which the kit gives
    CMYK values: the logo prints them, as the band does, not the profile's mix of the same
    colour (one brand colour, two ink builds on one sheet)."""
    press = build_press(
        tmp_path, "--format", "poster", "--icc", str(CMYK_ICC), kit="example-partnership"
    )
    primary, secondary = (1.0, 0.45, 0.2, 0.35), (0.15, 0.9, 0.3, 0.05)
    mixed = to_cmyk([Rgb.parse("#0b4f6c"), Rgb.parse("#b8336a")], CMYK_ICC)
    with pikepdf.open(press / "poster-a3.pdf") as pdf:
        paints = cmyk_paints(pdf.pages[0])
    assert {primary, secondary} <= paints["SCN"]  # the logo's rings are strokes
    assert primary in paints["scn"]  # the band
    used = paints["scn"] | paints["SCN"]
    assert not {tuple(round(c, 2) for c in mix) for mix in mixed} & used


@needs_icc
@pytest.mark.parametrize(
    ("ink", "black"), [("#1b1b1b", True), ("#212529", True), ("#3a1a4f", False)]
)
def test_near_black_text_prints_in_black_ink_alone(brands_copy, tmp_path, ink, black):
    """A screen's soft black for text (the default kit's #1b1b1b; #212529, barely blue)
    went to press as 89% black, a screen of dots, or in all four inks, which misregistration
    blurs. It prints in black ink alone now; a dark brand colour keeps its own inks."""
    kit = brands_copy / "default" / "_brand.yml"
    kit.write_text(kit.read_text().replace('ink: "#1b1b1b"', f'ink: "{ink}"'))
    press = build_press(
        tmp_path, "--brands-dir", str(brands_copy), "--format", "poster", "--icc", str(CMYK_ICC)
    )
    [converted] = to_cmyk([Rgb.parse(ink)], CMYK_ICC)
    with pikepdf.open(press / "poster-a3.pdf") as pdf:
        fills = cmyk_paints(pdf.pages[0])["scn"]
    assert ((0.0, 0.0, 0.0, 1.0) in fills) is black
    assert (tuple(round(c, 2) for c in converted) in fills) is not black


@pytest.mark.parametrize(
    ("inks", "total"),
    [
        # What Ghostscript's default_cmyk.icc makes of #020208: 294%, not the 314% a
        # probe added up by hand, and within the limit.
        ((0.737, 0.694, 0.643, 0.867), 294),
        ((1.0, 1.0, 1.0, 1.0), 400),
        ((0.6, 0.4, 1.0, 1.0), 300),
        ((0.0, 0.0, 0.0, 0.0), 0),
    ],
)
def test_total_ink_is_the_four_inks_added_up_in_whole_percent(inks, total):
    assert total_ink(inks) == total


def test_the_ink_limit_is_the_300_percent_shops_take_on_coated_paper():
    assert INK_LIMIT_PERCENT == 300
    assert total_ink((0.6, 0.4, 1.0, 1.0)) <= INK_LIMIT_PERCENT  # 300% itself is taken


def dark_kit(brands: Path, cmyk: str = "") -> Path:
    """The default kit, its brand colour a near-black, as a screen's "rich black"."""
    kit = brands / "default" / "_brand.yml"
    text = kit.read_text().replace('deep-teal: "#005a70"', 'deep-teal: "#020208"')
    if cmyk:
        text = text.replace("  mythprint: {}", f"  mythprint:\n    cmyk:\n{cmyk}")
    kit.write_text(text)
    return kit


def ink_warnings(output: str) -> list[str]:
    return [line for line in output.splitlines() if "% ink" in line]


def test_a_kit_colour_converted_to_more_ink_than_a_press_takes_is_warned_once(
    brands_copy, tmp_path
):
    """A near-black primary fills the leaflet's cover and sets its headings in all four
    inks. Through a profile that does not cap the ink, that is 397%: set-off and slow
    drying on coated stock. The build says so once, at the colour's line, and records it
    for the gallery; the colour still prints as converted. The example kit, built with
    it, is within the limit (its brand colours are its own cmyk values)."""
    kit = dark_kit(brands_copy)
    line = kit.read_text().splitlines().index("  primary: deep-teal") + 1
    icc = uncapped_cmyk_profile(tmp_path / "uncapped.icc")
    out = tmp_path / "out"
    result = run_cli(
        "build", "--for", "press", "--brands-dir", str(brands_copy),
        "--brand", "default,example-partnership", "--format", "leaflet", "--format", "poster",
        "--icc", str(icc), "--out", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    said = (
        "color.primary converts with uncapped.icc to 397% ink (C99 M99 Y99 K99), more than "
        "the 300% most print shops take on coated paper, so it may smudge and set off: give "
        "it CMYK values within that (defaults.mythprint.cmyk.primary), which your print shop "
        "can supply"
    )
    assert ink_warnings(result.output) == [f"Warning: {kit}:{line}:3: {said}"]
    kits = json.loads((out / "manifest.json").read_text())["kits"]
    recorded = {slug: [w for w in kits[slug]["warnings"] if "% ink" in w] for slug in kits}
    assert recorded == {"default": [f"_brand.yml:{line}:3: {said}"], "example-partnership": []}
    with pikepdf.open(out / "default" / "press" / "leaflet-dl.pdf") as pdf:
        assert (0.99, 0.99, 0.99, 0.99) in cmyk_paints(pdf.pages[0])["scn"]


def test_a_colour_the_kit_gives_cmyk_values_for_is_not_warned_of_as_converted(
    brands_copy, tmp_path
):
    """The kit's own values are what prints: its near-black primary, given as 250%, is
    not said to convert to 397%; its plum "Myth" label, made near-black and given none,
    is, once, by its own name."""
    kit = dark_kit(brands_copy, cmyk="      primary: [60, 50, 40, 100]")
    kit.write_text(kit.read_text().replace('plum: "#7a2958"', 'plum: "#10101a"'))
    icc = uncapped_cmyk_profile(tmp_path / "uncapped.icc")
    result = run_cli(
        "build", "--for", "press", "--brands-dir", str(brands_copy), "--brand", "default",
        "--format", "poster", "--icc", str(icc), "--out", str(tmp_path / "out"),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    [warning] = ink_warnings(result.output)
    assert ": color.secondary converts with uncapped.icc to 380% ink (C95 M95 Y95 K95)" in warning


def test_press_without_a_profile_keeps_bleed_stays_rgb_and_says_so_once(tmp_path):
    result = run_cli("build", "--for", "press", "--format", "poster", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    notes = [line for line in result.output.splitlines() if "stay RGB" in line]
    assert len(notes) == 1
    assert f"default: 1 made in {tmp_path / 'default' / 'press'}/" in result.output.splitlines()
    with pikepdf.open(tmp_path / "default" / "press" / "poster-a3.pdf") as pdf:
        found = boxes(pdf.pages[0])
        assert found["/MediaBox"] == pytest.approx(grown(found["/TrimBox"], 3 * PT_PER_MM))
        assert "/OutputIntents" not in pdf.Root
    assert not (tmp_path / "default" / "poster-a3.pdf").exists(), "office files stay apart"


def test_bleed_option_sets_an_exact_bleed_box(tmp_path):
    press = build_press(tmp_path, "--format", "poster", "--bleed", "5")
    with pikepdf.open(press / "poster-a3.pdf") as pdf:
        found = boxes(pdf.pages[0])
        assert found["/MediaBox"] == pytest.approx(grown(found["/TrimBox"], 5 * PT_PER_MM))
        assert found["/BleedBox"] == pytest.approx(grown(found["/TrimBox"], 5 * PT_PER_MM))


def mark_lines(page, dashed: bool | None = None):
    """The line segments mythprint draws as printer's marks (the page's last stream): all
    of them, or only those drawn dashed (True) or solid (False)."""
    operators = list(pikepdf.parse_content_stream(page))
    start = max(i for i, (_, op) in enumerate(operators) if str(op) == "BDC")
    lines, point, dash = [], None, False
    for operands, operator in operators[start:]:
        if str(operator) == "d":
            dash = len(operands[0]) > 0
        elif str(operator) == "m":
            point = [float(v) for v in operands]
        elif str(operator) == "l" and dashed in (None, dash):
            lines.append((*point, *(float(v) for v in operands)))
    return lines


@needs_icc
def test_marks_print_on_every_plate_in_registration_colour(tmp_path):
    """Marks in black ink alone showed on the black plate only: the press registers and
    trims each plate by them, so they are in the separation All."""
    press = build_press(tmp_path, "--format", "leaflet", "--marks", "--icc", str(CMYK_ICC))
    with pikepdf.open(press / "leaflet-dl.pdf") as pdf:
        for page in pdf.pages:
            operators = list(pikepdf.parse_content_stream(page))
            start = max(i for i, (_, op) in enumerate(operators) if str(op) == "BDC")
            marks = [(str(op), [str(v) for v in operands]) for operands, op in operators[start:]]
            [(_, [name])] = [item for item in marks if item[0] == "CS"]
            assert ("SCN", ["1"]) in marks and not [item for item in marks if item[0] == "K"]
            space = page.Resources.ColorSpace[name]
            assert [str(space[0]), str(space[1]), str(space[2])] == [
                "/Separation",
                "/All",
                "/DeviceCMYK",
            ]
            assert list(space[3].C1) == [1, 1, 1, 1] and list(space[3].C0) == [0, 0, 0, 0]


def test_crop_marks_stay_outside_the_bleed(tmp_path):
    press = build_press(tmp_path, "--format", "poster", "--marks")
    with pikepdf.open(press / "poster-a3.pdf") as pdf:
        page = pdf.pages[0]
        found = boxes(page)
        bleed = found["/BleedBox"]
        assert found["/MediaBox"][0] < bleed[0]
        lines = mark_lines(page)
        assert len(lines) == 8
        for x0, y0, x1, y1 in lines:
            for x, y in ((x0, y0), (x1, y1)):
                outside = x < bleed[0] or x > bleed[2] or y < bleed[1] or y > bleed[3]
                assert outside, (x, y)


def page_content(page) -> bytes:
    contents = page.obj.Contents
    streams = contents if isinstance(contents, pikepdf.Array) else [contents]
    return b"\n".join(stream.read_bytes() for stream in streams)


def test_office_build_has_no_marks_and_no_bleed(built):
    with pikepdf.open(built / "default" / "poster-a3.pdf") as pdf:
        found = boxes(pdf.pages[0])
        assert found["/MediaBox"] == found["/TrimBox"] == found["/BleedBox"]
        assert b"/Artifact <</Type /Page>>" not in page_content(pdf.pages[0])


def test_press_leaflet_has_fold_marks_where_the_panels_meet_beyond_the_bleed(tmp_path):
    """With --marks, fold marks stand with the crop marks, beyond the bleed, where a trim
    a millimetre out cannot leave them on the folded leaflet; without it, no mark at all."""
    press = build_press(tmp_path / "marked", "--format", "leaflet", "--marks")
    with pikepdf.open(press / "leaflet-dl.pdf") as pdf:
        for page, folds in zip(pdf.pages, ((97, 197), (100, 200)), strict=True):
            trim, bleed = boxes(page)["/TrimBox"], boxes(page)["/BleedBox"]
            lines = [line for line in mark_lines(page) if trim[0] < line[0] < trim[2]]
            xs = sorted({round((x0 - trim[0]) / PT_PER_MM, 2) for x0, _, _, _ in lines})
            assert xs == list(folds)
            # Dashed, as a finisher expects of a fold, and the crop marks solid.
            assert sorted(mark_lines(page, dashed=True)) == sorted(lines)
            assert len(mark_lines(page, dashed=False)) == 8
            for _, y0, _, y1 in lines:
                assert min(y0, y1) > bleed[3] or max(y0, y1) < bleed[1], "beyond the bleed"
    plain = build_press(tmp_path / "plain", "--format", "leaflet")
    with pikepdf.open(plain / "leaflet-dl.pdf") as pdf:
        assert all(b"/Artifact <</Type /Page>>" not in page_content(page) for page in pdf.pages)


def test_press_leaflet_cover_colour_runs_into_the_bleed(tmp_path):
    """Seen as a printer sees it: the cover's colour reaches the media edge; the flap's paper."""
    import pypdfium2

    press = build_press(tmp_path, "--format", "leaflet")
    document = pypdfium2.PdfDocument(str(press / "leaflet-dl.pdf"))
    image = document[0].render(scale=2).to_pil().convert("RGB")
    document.close()
    px_per_mm = image.width / (297 + 2 * 3)
    middle = image.height // 2
    right_bleed = image.getpixel((image.width - round(1.5 * px_per_mm), middle))
    top_bleed_over_cover = image.getpixel((image.width - round(50 * px_per_mm), 2))
    left_bleed = image.getpixel((round(1.5 * px_per_mm), middle))
    teal = (0x00, 0x5A, 0x70)
    assert all(abs(a - b) <= 3 for a, b in zip(right_bleed, teal, strict=True)), right_bleed
    assert all(abs(a - b) <= 3 for a, b in zip(top_bleed_over_cover, teal, strict=True))
    assert left_bleed == (255, 255, 255)


@pytest.mark.parametrize(
    "options",
    [("--bleed", "3"), ("--marks",), ("--for", "press", "--bleed", "40")],
)
def test_press_options_misused_are_usage_errors(tmp_path, options):
    result = run_cli("build", "--out", str(tmp_path), *options)
    assert result.exit_code == 2
    assert not any(tmp_path.iterdir())


@needs_icc
def test_an_rgb_profile_is_refused_naming_the_file(tmp_path):
    if not RGB_ICC.is_file():
        pytest.skip("needs Debian's libgs-common")
    result = run_cli("build", "--for", "press", "--icc", str(RGB_ICC), "--out", str(tmp_path))
    assert result.exit_code == 1
    assert f"{RGB_ICC}: an ICC profile for RGB colour" in result.output
    assert not any(tmp_path.iterdir())


@needs_icc
def test_a_cmyk_profile_that_is_not_for_a_press_is_refused(tmp_path):
    """A CMYK colour-space profile is not a printing condition: PDF/X's output intent must
    be the shop's output profile (device class 'prtr'), or preflight refuses the file."""
    data = bytearray(CMYK_ICC.read_bytes())
    assert data[12:16] == b"prtr"
    data[12:16] = b"spac"
    space = tmp_path / "space.icc"
    space.write_bytes(bytes(data))
    result = run_cli("build", "--for", "press", "--icc", str(space), "--out", str(tmp_path / "o"))
    assert result.exit_code == 1
    assert "space.icc: a colour-space conversion ICC profile, not an output profile" in (
        result.output
    )
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("cmyk", [False, pytest.param(True, marks=needs_icc)], ids=["rgb", "cmyk"])
def test_press_rebuild_is_byte_identical(tmp_path, cmyk):
    """PDF/X-4 metadata names the document: WeasyPrint names it at random."""
    options = ("--format", "leaflet", "--marks", *(("--icc", str(CMYK_ICC)) if cmyk else ()))
    first = build_press(tmp_path / "a", *options)
    second = build_press(tmp_path / "b", *options)
    assert (first / "leaflet-dl.pdf").read_bytes() == (second / "leaflet-dl.pdf").read_bytes()


@needs_icc
@pytest.mark.parametrize("name", OUTPUTS)
def test_all_text_sits_at_least_3mm_inside_the_trim(cmyk_press, name):
    import pypdfium2

    with pikepdf.open(cmyk_press / name) as pdf:
        trims = [boxes(page)["/TrimBox"] for page in pdf.pages]
    document = pypdfium2.PdfDocument(str(cmyk_press / name))
    try:
        for page, trim in zip(document, trims, strict=True):
            textpage = page.get_textpage()
            inset = 3 * PT_PER_MM
            for index in range(textpage.count_chars()):
                if not textpage.get_text_range(index, 1).strip():
                    continue
                left, bottom, right, top = textpage.get_charbox(index)
                assert left >= trim[0] + inset and right <= trim[2] - inset
                assert bottom >= trim[1] + inset and top <= trim[3] - inset
    finally:
        document.close()


@pytest.fixture(scope="module")
def branded_press(tmp_path_factory) -> list[Path]:
    """The example kit's press files: it has a logo, a QR code and a website."""
    if not CMYK_ICC.is_file():
        pytest.skip("needs Debian's libgs-common (.ci/run installs it)")
    out = tmp_path_factory.mktemp("branded-press")
    paths = sorted(build_press(out, "--icc", str(CMYK_ICC), kit="example-partnership").glob("*"))
    assert len(paths) == 7
    return paths


def test_a_branded_press_file_has_no_rgb_in_logo_or_qr_code(branded_press):
    """The example kit brings an SVG logo and a QR code; both must print in CMYK."""
    for path in branded_press:
        with pikepdf.open(path) as pdf:
            operators = list(colour_operators(pdf))
            assert not [op for op in operators if op[0] in ("rg", "RG")], path.name
            assert not [op for op in operators if op[1] == ["/DeviceRGB"]], path.name


def test_a_press_file_has_no_link_and_no_action_yet_keeps_the_words(branded_press):
    """PDF/X allows no annotation on the page and no action: the website printed at the
    foot of every page was a link, which preflight refuses, and the address beside the QR
    code is one in the office files. Their words stay, tagged."""
    for path in branded_press:
        with pikepdf.open(path) as pdf:
            assert not [page for page in pdf.pages if "/Annots" in page.obj], path.name
            actions = [o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and "/S" in o]
            assert not [o for o in actions if o.get("/Type") == "/Action"], path.name
            tree = pdf.Root.StructTreeRoot
            tags = [str(element.S) for element in struct_elements(tree)]
            assert "/Link" not in tags and "/Span" in tags, path.name
            numbers = tree.ParentTree.Nums
            held = [numbers[i + 1] for i in range(0, len(numbers), 2)]
            assert all(isinstance(value, pikepdf.Array) for value in held), path.name
        text = squash(pdf_text(path))
        assert "www.example.org" in text, path.name
        assert "www.example.org/safeguarding/information-sharing" in text, path.name


def images_in(resources) -> list:
    """Every image in `resources`, and in the forms they hold: a logo that only names the
    partnership beside it is drawn as decoration, a background, in a form of its own."""
    found = {}
    for xobject in resources.get("/XObject", {}).values():
        if xobject.get("/Subtype") == "/Image":
            found[xobject.objgen] = xobject
        elif xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
            found.update((image.objgen, image) for image in images_in(xobject.Resources))
    return list(found.values())


@needs_icc
@pytest.mark.parametrize("icc", [CMYK_ICC, V4_ICC], ids=["icc-v2", "icc-v4"])
def test_a_raster_logo_is_embedded_in_cmyk_in_a_press_file(tmp_path, brands_copy, icc):
    """Also with an ICC v4 profile that LittleCMS cannot write back out, which Pillow's own
    conversion does: the build failed "unexpectedly" with such a shop profile."""
    from PIL import Image

    kit = brands_copy / "raster"
    kit.mkdir()
    Image.new("RGBA", (900, 300), (11, 79, 108, 255)).save(kit / "logo.png")
    (kit / "_brand.yml").write_text(
        "meta: {name: Raster}\n"
        "logo:\n  images:\n    mark: {path: logo.png, alt: Raster logo}\n  medium: mark\n"
    )
    press = build_press(
        tmp_path,
        "--brands-dir",
        str(brands_copy),
        "--format",
        "poster",
        "--icc",
        str(icc),
        kit="raster",
    )
    with pikepdf.open(press / "poster-a3.pdf") as pdf:
        [intent] = pdf.Root.OutputIntents
        assert intent.DestOutputProfile.read_bytes() == icc.read_bytes()
        images = images_in(pdf.pages[0].Resources)
        assert images and all(str(x.ColorSpace) == "/DeviceCMYK" for x in images)
        # The image is the CMYK conversion itself, not the kit's PNG file under a CMYK name
        # (which a RIP cannot decode): its ink is the profile's for the logo's colour.
        [expected] = to_cmyk([Rgb.parse("#0b4f6c")], icc)
        for image in images:
            assert image.read_raw_bytes()[:2] == b"\xff\xd8"  # a JPEG
            pixel = PdfImage(image).as_pil_image().convert("CMYK").getpixel((450, 150))
            ink = [channel / 255 for channel in pixel]
            assert ink == pytest.approx(expected, abs=0.02), (ink, expected)


@pytest.mark.parametrize("icc", [pytest.param(True, marks=needs_icc), False], ids=["cmyk", "rgb"])
def test_the_manifest_and_gallery_say_what_colour_a_press_file_is_in(tmp_path, icc):
    """A press build without --icc writes RGB files under the same names as a PDF/X-4
    build: the manifest and the gallery said nothing to tell them apart."""
    options = ("--icc", str(CMYK_ICC)) if icc else ()
    build_press(tmp_path, "--format", "poster", "--marks", *options)
    result = run_cli("build", "--format", "poster", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    entries = {
        e["path"]: e for e in json.loads((tmp_path / "manifest.json").read_text())["outputs"]
    }
    said = (
        "PDF/X-4, CMYK for default_cmyk.icc, 3 mm bleed, crop marks"
        if icc
        else "RGB, no --icc profile, 3 mm bleed, crop marks"
    )
    assert entries["default/press/poster-a3.pdf"]["press"] == said
    assert "press" not in entries["default/poster-a3.pdf"]
    gallery = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert gallery.count(said) == 1


@needs_icc
def test_a_press_build_with_the_same_profile_under_another_name_records_the_new_name(tmp_path):
    """The manifest and the gallery tell the print shop which profile a file is for. The
    same bytes under another name were taken for an unchanged rebuild, and the files kept
    the old name in both."""
    renamed = tmp_path / "FOGRA39.icc"
    shutil.copyfile(CMYK_ICC, renamed)
    out = tmp_path / "out"
    build_press(out, "--format", "poster", "--icc", str(CMYK_ICC))
    build_press(out, "--format", "poster", "--icc", str(renamed))
    [entry] = json.loads((out / "manifest.json").read_text())["outputs"]
    assert entry["press"] == "PDF/X-4, CMYK for FOGRA39.icc, 3 mm bleed"
    assert "default_cmyk.icc" not in (out / "index.html").read_text(encoding="utf-8")
