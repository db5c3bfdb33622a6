"""Brand kits: valid brand.yml, the only source of colours, fonts and logos."""

import colorsys
import re
import textwrap
from pathlib import Path

import brand_yml
import pikepdf
import pytest

from mythprint.errors import BrandError
from mythprint.inputs.brand import TEXT_PAIRS, load_brand
from mythprint.inputs.colors import Rgb, contrast_ratio
from mythprint.paths import DEFAULT_BRANDS_DIR, STYLES_DIR, TEMPLATES_DIR

from .conftest import build_kit, run_cli
from .test_posters import walk_structure

COLOUR_LITERAL = re.compile(
    r"#[0-9a-fA-F]{3,8}\b|\b(?:rgba?|hsla?|device-cmyk)\(|"
    r":\s*(?:white|black|red|blue|green|grey|gray|navy|teal)\b",
)
LOGO_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40">'
    '<rect width="120" height="40" fill="#005a70"/></svg>'
)


def make_kit(brands: Path, slug: str, text: str, files: dict[str, str] | None = None) -> Path:
    folder = brands / slug
    folder.mkdir(parents=True)
    (folder / "_brand.yml").write_text(textwrap.dedent(text), encoding="utf-8")
    for name, body in (files or {}).items():
        (folder / name).write_text(body, encoding="utf-8")
    return folder


def brand_problems(brands: Path, slug: str) -> list[str]:
    with pytest.raises(BrandError) as caught:
        load_brand(brands, slug)
    return [str(p) for p in caught.value.problems]


def test_default_kit_is_valid_brand_yml_for_other_tools_too():
    model = brand_yml.Brand.from_yaml(DEFAULT_BRANDS_DIR / "default" / "_brand.yml")
    assert model.color.primary and model.logo is None
    assert model.meta is None, "the neutral default invents no organisation name"
    assert "mythprint" in model.defaults


def test_default_kit_invents_no_phone_numbers():
    text = (DEFAULT_BRANDS_DIR / "default" / "_brand.yml").read_text()
    assert not re.search(r"\d{4,}\s?\d{3,}", text)


def test_default_palette_meets_wcag_aa_for_every_pair_the_templates_use():
    palette = load_brand(DEFAULT_BRANDS_DIR, "default").palette
    for text_role, background_role, _, _ in TEXT_PAIRS:
        ratio = contrast_ratio(
            Rgb.parse(getattr(palette, text_role)), Rgb.parse(getattr(palette, background_role))
        )
        assert ratio >= 4.5, (text_role, background_role, ratio)


def test_templates_and_styles_hold_no_colour_literals():
    # Everything that draws; new-brand.yml.j2 writes a kit, so it holds starting colours.
    files = [
        *TEMPLATES_DIR.glob("*.html.j2"),
        *TEMPLATES_DIR.glob("*.css.j2"),
        *TEMPLATES_DIR.glob("*.xml.j2"),
        *STYLES_DIR.glob("*.css"),
    ]
    assert files
    for path in files:
        assert not COLOUR_LITERAL.search(path.read_text()), path


def fill_colours(pdf_path: Path) -> set[tuple[float, ...]]:
    with pikepdf.open(pdf_path) as pdf:
        found = set()
        for operands, operator in pikepdf.parse_content_stream(pdf.pages[0]):
            if str(operator) in ("rg", "RG"):
                found.add(tuple(round(float(v), 3) for v in operands))
        return found


def test_the_kit_primary_colour_is_the_one_printed(brands_copy, tmp_path):
    make_kit(
        brands_copy,
        "plum",
        """\
        color:
          primary: "#5b1a4a"
          foreground: "#111111"
          background: "#ffffff"
        """,
    )
    result = build_kit(brands_copy, "plum", "poster", tmp_path)
    assert result.exit_code == 0, result.output
    colours = fill_colours(tmp_path / "plum" / "poster-a3.pdf")
    assert tuple(round(c / 255, 3) for c in (0x5B, 0x1A, 0x4A)) in colours
    default_teal = tuple(round(c / 255, 3) for c in (0x00, 0x5A, 0x70))
    assert default_teal not in colours


def test_logo_is_drawn_with_its_alt_text(brands_copy, tmp_path):
    make_kit(
        brands_copy,
        "with-logo",
        """\
        meta:
          name: Testshire Safeguarding Children Partnership
        logo:
          images:
            mark:
              path: logo.svg
              alt: Testshire partnership logo
          medium: mark
        color:
          primary: "#005a70"
        """,
        files={"logo.svg": LOGO_SVG},
    )
    result = build_kit(brands_copy, "with-logo", "poster", tmp_path)
    assert result.exit_code == 0, result.output
    with pikepdf.open(tmp_path / "with-logo" / "poster-a3.pdf") as pdf:
        figures = [
            node for tag, node in walk_structure(pdf.Root.StructTreeRoot) if tag == "/Figure"
        ]
        assert [str(f.Alt) for f in figures] == ["Testshire partnership logo"]
        assert str(pdf.docinfo["/Author"]) == "Testshire Safeguarding Children Partnership"


def test_schema_error_names_file_line_and_field(tmp_path):
    make_kit(
        tmp_path,
        "typo",
        """\
        color:
          primary: "#005a70"
        colour:
          secondary: "#7a2958"
        """,
    )
    [problem] = brand_problems(tmp_path, "typo")
    assert problem == (
        f"{tmp_path / 'typo' / '_brand.yml'}:3:1: unknown setting 'colour' (did you mean "
        "'color'?); expected one of: meta, logo, color, typography, defaults"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a setting misspelt inside a section: the section's own settings are offered
            """\
            typography:
              base:
                familly: Atkinson Hyperlegible
            """,
            "3:5: unknown setting 'typography.base.familly' (did you mean 'family'?); "
            "expected one of: family, weight, size, line-height",
        ),
        (  # a number where text belongs
            """\
            meta:
              name:
                full: 1066
            """,
            '3:5: meta.name.full: must be text: write it in quotes, as "1066"',
        ),
        (  # a logo given by a path outside the kit: reported once, not once per size
            """\
            logo:
              images:
                full:
                  path: /etc/hostname
                  alt: Our logo
              small: full
              medium: full
              large: full
            """,
            "4:7: logo.images.full.path: '/etc/hostname' is not the name of a file in the "
            "kit folder, such as logo.svg",
        ),
        (  # a font without its family, which brand-yml itself would crash on
            """\
            typography:
              fonts:
                - source: system
            """,
            "3:7: typography.fonts[1] must give the font's family, e.g. family: Atkinson "
            "Hyperlegible",
        ),
        (  # a heading family given as a list, which brand-yml would crash on too
            """\
            typography:
              headings:
                family: [Arial, Helvetica]
            """,
            "3:5: typography.headings.family must be the name of a font family",
        ),
        (  # a font from nowhere mythprint knows
            """\
            typography:
              fonts:
                - family: Atkinson Hyperlegible
                  source: internet
            """,
            "3:7: typography.fonts[1]: 'source' must be one of 'system', 'file', 'google', 'bunny'",
        ),
        (  # a section given as one value
            """\
            color: blue
            """,
            "1:1: color: must be a section of settings, each on a line of its own as name: value",
        ),
        (  # a web address longer than any browser takes
            f"""\
            meta:
              link:
                home: https://www.example.org/{"a" * 2100}
            """,
            "3:5: meta.link.home: is 2124 characters long, more than a web address may be",
        ),
    ],
    ids=[
        "misspelt",
        "number",
        "logo-path",
        "font-family",
        "family-list",
        "source",
        "section",
        "url-length",
    ],
)
def test_schema_errors_are_plain_words_at_the_line_concerned(tmp_path, text, expected):
    make_kit(tmp_path, "kit", text)
    assert brand_problems(tmp_path, "kit") == [f"{tmp_path / 'kit' / '_brand.yml'}:{expected}"]


def test_unreadable_colour_pair_is_refused_with_its_ratio_and_a_passing_shade(tmp_path):
    make_kit(
        tmp_path,
        "pale",
        """\
        color:
          primary: "#ffdd57"
        """,
    )
    result = run_cli("check", "--brands-dir", str(tmp_path), "--brand", "pale")
    assert result.exit_code == 1
    [line] = [x for x in result.output.splitlines() if "headings and labels" in x]
    assert line.startswith(f"Error: {tmp_path / 'pale' / '_brand.yml'}:2:3: colours #ffdd57 on")
    assert "contrast 1.33:1" in line and "4.5:1" in line and "every output" in line
    suggested = re.search(r"nearest passing shade of that hue is (#[0-9a-f]{6})", line)[1]
    assert contrast_ratio(Rgb.parse(suggested), Rgb.parse("#ffffff")) >= 4.5
    hue = colorsys.rgb_to_hls(*Rgb.parse(suggested).channels)[0]
    assert hue == pytest.approx(colorsys.rgb_to_hls(*Rgb.parse("#ffdd57").channels)[0], abs=0.02)


def test_a_kit_with_an_error_is_not_built(tmp_path):
    make_kit(tmp_path / "brands", "pale", 'color:\n  primary: "#ffdd57"\n')
    result = run_cli(
        "build",
        "--brands-dir",
        str(tmp_path / "brands"),
        "--brand",
        "pale",
        "--out",
        str(tmp_path / "out"),
    )
    assert result.exit_code == 1
    assert "Error:" in result.output and "pale/_brand.yml" in result.output
    assert not (tmp_path / "out").exists()


def test_colour_that_is_not_a_colour_is_refused(tmp_path):
    make_kit(
        tmp_path,
        "odd",
        """\
        color:
          primary: "bluish"
        """,
    )
    [problem] = brand_problems(tmp_path, "odd")
    assert ":2:" in problem and "'bluish' is not a colour" in problem


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("https://example.org/logo.png", "is a web address; mythprint works offline"),
        ("../elsewhere/logo.svg", "is outside the kit folder"),
        ("missing.svg", "does not exist in the kit folder"),
    ],
)
def test_logo_outside_the_kit_or_on_the_web_is_refused(tmp_path, path, expected):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "logo.svg").write_text(LOGO_SVG)
    make_kit(
        tmp_path,
        "kit",
        f"""\
        logo:
          images:
            mark:
              path: {path}
              alt: A logo
          medium: mark
        """,
    )
    problems = brand_problems(tmp_path, "kit")
    # At the line that names the file (line 4, "path: ..."), not at "logo:" above it.
    assert any(":4:7: " in p and expected in p for p in problems), problems


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (  # C: was taken for a web address's scheme
            "C:\\Users\\me\\Pictures\\logo.svg",
            "logo 'C:\\Users\\me\\Pictures\\logo.svg' is a Windows path, to a file outside the "
            "kit folder: copy logo.svg into the kit folder and write path: logo.svg (its place "
            "inside the folder, with / between folder names)",
        ),
        (
            "'C:/Users/me/logo.svg'",
            "logo 'C:/Users/me/logo.svg' is a Windows path, to a file outside the kit folder: "
            "copy logo.svg into the kit folder",
        ),
        (
            "\\\\server\\share\\logo.svg",
            "logo '\\\\server\\share\\logo.svg' is a Windows path",
        ),
        (  # brand.yml files are read by other tools, on other computers: / it is
            "images\\logo.svg",
            "logo 'images\\logo.svg' has \\ between folder names: write / instead, as path: "
            "images/logo.svg (brand.yml uses / on every computer, Windows too)",
        ),
        (
            "images\\Logo.SVG",
            "logo 'images\\Logo.SVG' has \\ between folder names: write / instead, as path: "
            "images/logo.svg",
        ),
        (  # found on Windows, not on Linux
            "images/Logo.svg",
            "logo 'images/Logo.svg' does not exist in the kit folder; did you mean "
            "images/logo.svg? Write it with the file's own capital letters: Windows finds the "
            "file either way, Linux does not",
        ),
        (
            "images/logo.svgg",
            "logo 'images/logo.svgg' does not exist in the kit folder; did you mean "
            "images/logo.svg?",
        ),
    ],
    ids=["drive", "drive-slashes", "share", "backslash", "backslash-case", "case", "typo"],
)
def test_a_logo_named_as_on_windows_is_refused_saying_how_to_name_it(tmp_path, path, expected):
    folder = make_kit(
        tmp_path,
        "kit",
        f"""\
        logo:
          images:
            mark:
              path: {path}
              alt: A logo
          medium: mark
        """,
    )
    (folder / "images").mkdir()
    (folder / "images" / "logo.svg").write_text(LOGO_SVG)
    [problem] = brand_problems(tmp_path, "kit")
    assert problem.startswith(f"{folder / '_brand.yml'}:4:7: {expected}"), problem


def test_a_font_file_named_by_a_windows_path_is_refused_saying_how_to_name_it(tmp_path):
    folder = make_kit(
        tmp_path,
        "kit",
        """\
        typography:
          fonts:
            - family: House Sans
              source: file
              files:
                - path: C:\\Windows\\Fonts\\HouseSans.ttf
          base: House Sans
        """,
    )
    [problem] = brand_problems(tmp_path, "kit")
    assert problem == (
        f"{folder / '_brand.yml'}:6:11: font file for 'House Sans' "
        "'C:\\Windows\\Fonts\\HouseSans.ttf' is a Windows path, to a file outside the kit "
        "folder: copy HouseSans.ttf into the kit folder and write path: HouseSans.ttf (its "
        "place inside the folder, with / between folder names)"
    )


def test_symlinked_logo_leading_out_of_the_kit_is_refused(tmp_path):
    secret = tmp_path / "secret.svg"
    secret.write_text(LOGO_SVG)
    folder = make_kit(
        tmp_path,
        "kit",
        """\
        logo:
          images:
            mark: {path: logo.svg, alt: A logo}
          medium: mark
        """,
    )
    (folder / "logo.svg").symlink_to(secret)
    problems = brand_problems(tmp_path, "kit")
    assert any("'logo.svg' is outside the kit folder" in p for p in problems), problems


def test_web_font_source_explains_that_the_tool_works_offline(tmp_path):
    make_kit(
        tmp_path,
        "webfont",
        """\
        typography:
          fonts:
            - family: Roboto Slab
              source: google
          base: Roboto Slab
        """,
    )
    [problem] = brand_problems(tmp_path, "webfont")
    assert "font 'Roboto Slab'" in problem and "works offline" in problem
    assert "source: file" in problem


INSTALLED_FOR_MYTHPRINT = "Atkinson Hyperlegible, IBM Plex Sans Arabic, Noto Sans"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # named only where it is used: at that family: line, not at typography:
            """\
            typography:
              headings:
                weight: 700
              base:
                family: Arial
            """,
            "5:5: font 'Arial' is not installed on this machine, and mythprint works offline",
        ),
        (  # declared in typography.fonts: at its entry
            """\
            typography:
              fonts:
                - family: Arial
                  source: system
              base: Arial
            """,
            "3:7: font 'Arial' is not installed on this machine, and mythprint works offline",
        ),
        (
            """\
            typography:
              base: Atkinson Hyperlegable
            """,
            "2:3: font 'Atkinson Hyperlegable' is not installed on this machine (did you mean "
            "'Atkinson Hyperlegible'?), and mythprint works offline",
        ),
        (
            """\
            defaults:
              mythprint:
                fallback-fonts: [Noto Sans, Comic Sans MS]
            """,
            "3:33: font 'Comic Sans MS' is not installed on this machine, and mythprint works "
            "offline",
        ),
    ],
    ids=["base", "fonts", "misspelt", "fallback"],
)
def test_a_font_not_installed_is_reported_at_its_family_with_no_made_up_package(
    tmp_path, text, expected
):
    """There is no fontpkg-arial: the message named one all the same."""
    make_kit(tmp_path, "kit", text)
    [problem] = brand_problems(tmp_path, "kit")
    assert problem.startswith(f"{tmp_path / 'kit' / '_brand.yml'}:{expected}"), problem
    assert "pip install" not in problem and "fontpkg" not in problem
    assert "put its font files in the kit folder and list them with source: file" in problem
    if "did you mean" not in problem:
        assert f"use a font installed for mythprint ({INSTALLED_FOR_MYTHPRINT})" in problem


def test_a_font_package_mythprint_names_is_named_when_it_is_not_installed(tmp_path, monkeypatch):
    import fontpkg

    from mythprint.inputs import kit

    def not_installed(family):
        raise fontpkg.FamilyNotInstalled(family)

    monkeypatch.setattr(kit, "package_faces", not_installed)
    monkeypatch.setattr(kit, "system_faces", lambda family: [])
    make_kit(tmp_path, "kit", "typography:\n  base: Noto Sans\n")
    [problem] = brand_problems(tmp_path, "kit")
    assert problem.startswith(
        f"{tmp_path / 'kit' / '_brand.yml'}:2:3: font 'Noto Sans' is not installed on this "
        "machine, and mythprint works offline: install its font package (pip install "
        "fontpkg-noto-sans), or "
    ), problem


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"not a font, whatever its name says" * 20, "Not a TrueType or OpenType font"),
        (b"\x00\x01\x00\x00" + b"\x00" * 8, "mythprint can read"),  # a font's header, cut short
    ],
    ids=["not-a-font", "cut-short"],
)
def test_a_font_file_that_is_not_a_font_is_refused_by_check(tmp_path, data, why):
    """Not only by the build's layout, one document at a time, after `check` passed it."""
    folder = make_kit(
        tmp_path,
        "kit",
        """\
        typography:
          fonts:
            - family: House Sans
              source: file
              files:
                - path: HouseSans.ttf
          base: House Sans
        """,
    )
    (folder / "HouseSans.ttf").write_bytes(data)
    [problem] = brand_problems(tmp_path, "kit")
    assert problem.startswith(
        f"{folder / '_brand.yml'}:6:11: font file HouseSans.ttf is not a font"
    )
    assert why in problem


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # the README shows colours as #rrggbb: typed so, the colour is a comment
            """\
            color:
              primary: #b8336a # headings, bands
            """,
            "2:12: color.primary is empty: in YAML a # starts a comment, so put the colour in "
            'quotes: primary: "#b8336a"',
        ),
        (
            """\
            color:
              palette:
                berry: #b8336a
              secondary: berry
            """,
            "3:12: color.palette.berry is empty: in YAML a # starts a comment, so put the "
            'colour in quotes: berry: "#b8336a"',
        ),
        (  # no colour in the comment: still a colour setting left empty
            """\
            color:
              primary: "#005a70"
              light:   # the panels
            """,
            "3:12: color.light is empty: in YAML a # starts a comment, so '# the panels' is not "
            'read. Give the colour in quotes, as light: "#b8336a", or delete the line',
        ),
        (
            """\
            typography:
              base:
                color: #1b1b1b
            """,
            "3:12: typography.base.color is empty: in YAML a # starts a comment, so put the "
            'colour in quotes: color: "#1b1b1b"',
        ),
    ],
    ids=["primary", "palette", "comment-only", "typography"],
)
def test_a_colour_after_an_unquoted_hash_is_refused_not_printed_near_black(
    tmp_path, text, expected
):
    make_kit(tmp_path, "kit", text)
    assert brand_problems(tmp_path, "kit") == [f"{tmp_path / 'kit' / '_brand.yml'}:{expected}"]


def test_check_fails_a_kit_whose_colour_yaml_read_as_a_comment(tmp_path):
    make_kit(tmp_path, "kit", "color:\n  primary: #5b1a4a\n")
    result = run_cli("check", "--brands-dir", str(tmp_path), "--brand", "kit")
    assert result.exit_code == 1, result.output
    assert 'put the colour in quotes: primary: "#5b1a4a"' in result.output


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            """\
            defaults:
              mythprint:
                contacts:
                  - label: Front door
                    value: 01632960123
            """,
            "5:16: defaults.mythprint.contacts[1].value is read as a number, which would print "
            'as 1632960123: put it in quotes, as value: "01632960123"',
        ),
        (
            """\
            defaults:
              mythprint:
                contacts:
                  - {label: Childline, value: 08001111}
            """,
            "4:35: defaults.mythprint.contacts[1].value is read as a number, which would print "
            'as 8001111: put it in quotes, as value: "08001111"',
        ),
        (
            """\
            defaults:
              mythprint:
                contacts:
                  - label: 999
                    value: "999"
            """,
            "4:16: defaults.mythprint.contacts[1].label is read as a number: put it in quotes, "
            'as label: "999"',
        ),
        (  # brand-yml's own text settings say it too, with the number as typed
            """\
            meta:
              name:
                full: 01066
            """,
            '3:5: meta.name.full: must be text: write it in quotes, as "01066"',
        ),
    ],
    ids=["value", "flow", "label", "meta"],
)
def test_a_phone_number_yaml_reads_as_a_number_is_refused_as_typed(tmp_path, text, expected):
    make_kit(tmp_path, "kit", text)
    assert brand_problems(tmp_path, "kit") == [f"{tmp_path / 'kit' / '_brand.yml'}:{expected}"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            """\
            meta:
              name:
                full: \u201cTestshire Safeguarding Children Partnership\u201d
            """,
            "3:11: meta.name.full is in curly quotes (\u201c \u201d), which YAML keeps as part "
            'of the value: use straight quotes " instead, as full: "Testshire Safeguarding '
            'Children Partnership"',
        ),
        (
            """\
            defaults:
              mythprint:
                contacts:
                  - label: Front door
                    value: \u201801632 960123\u2019
            """,
            "5:16: defaults.mythprint.contacts[1].value is in curly quotes (\u2018 \u2019), which "
            'YAML keeps as part of the value: use straight quotes " instead, as value: '
            '"01632 960123"',
        ),
    ],
    ids=["name", "contact"],
)
def test_a_value_in_curly_quotes_is_refused_with_straight_ones_shown(tmp_path, text, expected):
    make_kit(tmp_path, "kit", text)
    assert brand_problems(tmp_path, "kit") == [f"{tmp_path / 'kit' / '_brand.yml'}:{expected}"]


def test_curly_quotes_meant_as_part_of_a_value_are_kept(tmp_path):
    """An apostrophe inside the words, or curly quotes inside straight ones, are meant."""
    make_kit(
        tmp_path,
        "kit",
        """\
        meta:
          name:
            full: Children\u2019s Partnership
            short: "\u201cCP\u201d"
        color:
          primary: "#005a70"
        """,
    )
    brand = load_brand(tmp_path, "kit")
    assert (brand.name, brand.short_name) == ("Children\u2019s Partnership", "\u201cCP\u201d")


def test_a_colour_missing_its_hash_is_shown_with_it_in_quotes(tmp_path):
    make_kit(tmp_path, "kit", "color:\n  primary: 0b4f6c\n")
    [problem] = brand_problems(tmp_path, "kit")
    assert problem.endswith(
        "2:3: color.primary: '0b4f6c' is not a colour; write it as #rrggbb, in quotes: "
        'primary: "#0b4f6c"'
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # the advice to quote it was followed by the advice to add its #: both at once
            "color:\n  primary: 005070\n",
            "2:3: color.primary: 005070 is read as a number, not a colour: write it in quotes "
            'with a #, as primary: "#005070"',
        ),
        (
            "color:\n  palette:\n    berry: 005070\n  primary: berry\n",
            "3:5: color.palette.berry: 005070 is read as a number, not a colour: write it in "
            'quotes with a #, as berry: "#005070"',
        ),
        (
            "color:\n  primary: 5070\n",
            "2:3: color.primary: 5070 is read as a number, not a colour: write it as # and six "
            'hex digits, in quotes, as primary: "#b8336a"',
        ),
        (  # a digit dropped, far likelier than a colour meant to be see-through
            'color:\n  primary: "#05a7"\n',
            "2:3: color.primary: '#05a7' has 4 digits; write a colour with 6, as #rrggbb "
            "(with 4, the last digit is how see-through it is, and print colours must be "
            "opaque)",
        ),
        (
            'color:\n  primary: "#005a7080"\n',
            "2:3: color.primary: '#005a7080' is see-through; print colours must be opaque",
        ),
        (  # brand.yml matches palette names exactly
            'color:\n  palette:\n    harbour-blue: "#0b4f6c"\n  primary: Harbour-Blue\n',
            "4:3: color.primary: 'Harbour-Blue' is not a colour or a name in color.palette "
            "(did you mean 'harbour-blue'?)",
        ),
        (
            'color:\n  palette:\n    harbour-blue: "#0b4f6c"\n  secondary: harbor-blue\n',
            "4:3: color.secondary: 'harbor-blue' is not a colour or a name in color.palette "
            "(did you mean 'harbour-blue'?)",
        ),
    ],
    ids=["digits", "palette-digits", "not-hex", "four-digits", "alpha", "name-case", "name-typo"],
)
def test_a_colour_written_wrongly_gets_the_whole_fix_at_once(tmp_path, text, expected):
    make_kit(tmp_path, "kit", text)
    assert brand_problems(tmp_path, "kit") == [f"{tmp_path / 'kit' / '_brand.yml'}:{expected}"]


def test_characters_no_font_has_are_reported_where_the_kit_holds_them(tmp_path):
    """At the kit's own field that holds them, not at typography:; those only in the
    content are said to be there."""
    from mythprint.inputs.checks import glyph_findings

    folder = make_kit(
        tmp_path,
        "kit",
        """\
        meta:
          name:
            full: Testshire Partnership \U0001f499
        defaults:
          mythprint:
            contacts:
              - label: "Children \U0001f9d2"
                value: "01632 960123"
        """,
    )
    brand = load_brand(tmp_path, "kit")
    kit_only = glyph_findings(brand, "Testshire Partnership \U0001f499 Children \U0001f9d2")
    assert [str(f.problem) for f in kit_only] == [
        f"{folder / '_brand.yml'}:3:5: no font has the characters in meta.name.full and "
        "defaults.mythprint.contacts[1].label: \U0001f499 (U+1F499), \U0001f9d2 (U+1F9D2); "
        "tried 'Atkinson Hyperlegible' (the kit's), then the fallback fonts 'Noto Sans' and "
        "'IBM Plex Sans Arabic'. They would print as empty boxes or in a stray font. Remove "
        "them, or add a font that has them to the kit and name it in "
        "defaults.mythprint.fallback-fonts"
    ]
    assert kit_only[0].keys == ("typography",)  # the studio places it by its characters
    with_content = glyph_findings(brand, "Children \U0001f9d2 and \u1200")
    assert [str(f.problem).split(": ", 1)[0] for f in with_content] == [
        f"{folder / '_brand.yml'}:7:9"
    ]
    said = str(with_content[0].problem)
    assert "Ethiopic letters in defaults.mythprint.contacts[1].label and the content: " in said
    assert "\u1200 (U+1200), \U0001f9d2 (U+1F9D2);" in said
    content_only = glyph_findings(brand, "\u1200")
    assert "the Ethiopic letters in the content: \u1200 (U+1200);" in str(content_only[0].problem)
    # The same character in the kit's name and the content: both are named at once.
    both = glyph_findings(brand, "Testshire Partnership \U0001f499 Guide \U0001f499")
    assert "characters in meta.name.full and the content: \U0001f499 (U+1F499);" in str(
        both[0].problem
    )


def test_check_reports_an_emoji_in_the_kit_name_at_its_line(tmp_path):
    make_kit(tmp_path, "kit", "meta:\n  name:\n    full: Testshire \U0001f499\n")
    result = run_cli("check", "--brands-dir", str(tmp_path), "--brand", "kit")
    assert result.exit_code == 1
    [line] = [x for x in result.output.splitlines() if "no font has" in x]
    assert line.startswith(f"Error: {tmp_path / 'kit' / '_brand.yml'}:3:5: no font has ")
    assert "characters in meta.name.full: \U0001f499 (U+1F499);" in line


def test_a_colour_given_twice_names_both_lines_in_plain_words(tmp_path):
    """Not the parser's 'while constructing a mapping found duplicate key "primary"'."""
    make_kit(
        tmp_path,
        "twice",
        """\
        meta:
          name: Twice
        color:
          primary: "#005a70"
          secondary: "#7a2958"
          primary: "#7a2958"
        """,
    )
    assert brand_problems(tmp_path, "twice") == [
        f"{tmp_path / 'twice' / '_brand.yml'}:6:3: 'primary' is given twice, at lines 4 and "
        "6: keep one of them and delete the other"
    ]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("", "is empty (or holds only comments)"),
        ("# a kit, one day\n", "is empty (or holds only comments)"),
        ("- meta: Westshire\n- color: blue\n", "is a list (its lines start with -)"),
    ],
)
def test_a_brand_file_that_holds_no_settings_says_what_it_holds_instead(tmp_path, text, found):
    """Not 'a brand file must be a mapping (meta, color, ...)': 'mapping' is jargon, and an
    empty file was not called empty."""
    make_kit(tmp_path, "bare", text)
    assert brand_problems(tmp_path, "bare") == [
        f"{tmp_path / 'bare' / '_brand.yml'}:1:1: {found}: a brand file is a set of settings, "
        "each written name: value, starting with meta: and color: (compare it with "
        "brands/example-partnership/_brand.yml)"
    ]
