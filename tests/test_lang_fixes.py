"""A communications officer's bilingual packs: what `check` says of translations the kit's
fonts cannot print, of fallback fonts without bold, of English left in a translation, and
what `translate import` and the YAML reader say of a file that contradicts itself."""

import re
import shutil
from pathlib import Path

import fontpkg
import polib
import pytest
from fontTools.ttLib import TTFont, newTable
from ruamel.yaml import YAML

from mythprint.inputs.translate import _rightly_the_same
from mythprint.paths import DEFAULT_BRANDS_DIR, DEFAULT_CONTENT

from .test_exit_codes import assert_clean_failure, errors, run
from .test_kits import make_kit

# Sample Gurmukhi for tests, not a translation: letters no font of the kit or chain has.
GURMUKHI = "ਸਾਂਝੀ ਜਾਣਕਾਰੀ ਬਾਰੇ ਮਿੱਥਾਂ"


def translation(source: Path, language: str, title: str, **changes) -> Path:
    """A translation of `source` beside it: its English, with `title` and `changes`
    (field: text) translated, in `language`."""
    yaml = YAML()
    data = yaml.load(source.read_text(encoding="utf-8"))
    data["language"] = language
    data["title"] = title
    data["labels"]["language_name"] = f"{language} name"
    for field, text in changes.items():
        data[field] = text
    path = source.with_name(f"myths.{language}.yml")
    with path.open("w", encoding="utf-8") as out:
        yaml.dump(data, out)
    return path


def font_lines(result) -> list[str]:
    return [line for line in errors(result) if "no font has" in line]


def test_plain_check_checks_each_translation_with_the_kits_fonts_as_build_would(source):
    """Plain `check` (of content/myths.yml) passed a Panjabi translation the kit cannot
    print, and build failed."""
    translation(source, "pa", GURMUKHI)
    checked = run(
        "check", "--content", "content/myths.yml", "--brand", "example-partnership",
        cwd=source.parent.parent,
    )  # fmt: skip
    [said] = font_lines(checked)
    assert_clean_failure(checked)
    assert "no font has the Gurmukhi letters in content/myths.pa.yml (pa): " in said
    assert re.search(r": (\S \(U\+0A[0-9A-F]{2}\), ){2}\S \(U\+0A[0-9A-F]{2}\) and \d+ more;", said)
    assert "; tried 'Atkinson Hyperlegible' (the kit's), then the fallback " in said
    assert "fonts 'Noto Sans' and 'IBM Plex Sans Arabic'." in said
    assert "Add a font for Gurmukhi to the kit: put its font files (regular and bold)" in said
    built = run(
        "build", "--content", "content/myths.pa.yml", "--brand", "example-partnership",
        "--out", "dist", cwd=source.parent.parent,
    )  # fmt: skip
    assert font_lines(built) == [said]  # word for word what build says
    assert not (source.parent.parent / "dist" / "example-partnership").exists()


def test_a_translation_is_named_only_for_letters_it_has_that_no_font_has(source, tmp_path):
    """An Ethiopic letter in a contact's label, with Welsh and Urdu translations beside the
    text: three errors, the second and third blaming the translations, whose Welsh and Urdu
    letters the fallback fonts print. One error now, naming the contact alone."""
    brands = tmp_path / "brands"
    shutil.copytree(DEFAULT_BRANDS_DIR / "example-partnership", brands / "kit")
    brand_file = brands / "kit" / "_brand.yml"
    text = brand_file.read_text(encoding="utf-8")
    brand_file.write_text(text.replace("Worried about a child?", "ሀ Worried about a child?", 1))
    for language in ("cy", "ur"):
        shutil.copy(Path(__file__).parent / "fixtures" / f"myths.{language}.yml", source.parent)
    result = run(
        "check", "--content", "content/myths.yml", "--brands-dir", "brands", "--brand", "kit",
        cwd=tmp_path,
    )  # fmt: skip
    [said] = font_lines(result)
    assert "no font has the Ethiopic letters in defaults.mythprint.contacts[1].label: " in said
    assert "myths.cy.yml" not in said and "myths.ur.yml" not in said
    assert "ሀ (U+1200);" in said  # the one letter, not the translations' own


def test_a_pack_says_the_missing_letters_once_with_a_few_of_them(source):
    """Seen from each language of the pack, it was said twice, with 53 letters each time."""
    translation(source, "pa", GURMUKHI)
    result = run(
        "check", "--content", "content/myths.pa.yml", "--content", "content/myths.yml",
        "--brand", "example-partnership", cwd=source.parent.parent,
    )  # fmt: skip
    [said] = font_lines(result)
    letters = said.split(": ", 3)[3].split(";")[0]
    assert re.fullmatch(
        r"(\S \(U\+0A[0-9A-F]{2}\), ){2}\S \(U\+0A[0-9A-F]{2}\) and \d+ more", letters
    )


def test_a_script_with_a_font_package_names_the_package(source):
    translation(source, "bn", "তথ্য ভাগাভাগি নিয়ে ভুল ধারণা")
    result = run(
        "check", "--content", "content/myths.yml", "--brand", "default", cwd=source.parent.parent
    )  # fmt: skip
    [said] = font_lines(result)
    assert "the Bengali letters in content/myths.bn.yml (bn)" in said
    assert "pip install fontpkg-hind-siliguri" in said and "family: Hind Siliguri" in said


def regular_only_kit(brands: Path) -> Path:
    """A kit whose fallback font for ŵ and ŷ has a regular face and no bold."""
    regular = next(f for f in fontpkg.family("Noto Sans").files if f.style == "normal")
    folder = make_kit(
        brands,
        "kit",
        """\
        meta:
          name: Testshire Partnership
        typography:
          fonts:
            - family: Atkinson Hyperlegible
              source: system
            - family: Regular Only
              source: file
              files:
                - path: RegularOnly.ttf
                  weight: 400
          base: Atkinson Hyperlegible
          headings:
            family: Atkinson Hyperlegible
            weight: 700
        defaults:
          mythprint:
            fallback-fonts: [Regular Only]
        """,
    )
    shutil.copy(regular.path, folder / "RegularOnly.ttf")
    return folder


def test_a_fallback_font_without_bold_is_warned_of(tmp_path):
    """Its language's headings print regular, beside the others' bold: said, not silent."""
    regular_only_kit(tmp_path / "brands")
    welsh = Path(__file__).parent / "fixtures" / "myths.cy.yml"
    result = run(
        "check", "--content", str(welsh), "--content", str(DEFAULT_CONTENT),
        "--brands-dir", str(tmp_path / "brands"), "--brand", "kit", cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    [warning] = [line for line in result.stderr.splitlines() if "no bold face" in line]
    assert warning.startswith("Warning: brands/kit/_brand.yml:7:7: ")  # its typography.fonts
    assert "'Regular Only', has no bold face, so its headings and labels print in regular" in (
        warning
    )
    assert "add the font's bold file to the kit" in warning


def test_no_warning_of_bold_for_a_fallback_font_that_has_it(tmp_path):
    welsh = Path(__file__).parent / "fixtures" / "myths.cy.yml"
    result = run("check", "--content", str(welsh), "--brand", "default", cwd=tmp_path)
    assert "no bold face" not in result.stderr


def test_building_with_a_font_fonttools_cannot_wholly_subset_logs_nothing(tmp_path):
    """A FontForge font's FFTM table, dropped from its subset, printed a fontTools log line."""
    folder = make_kit(
        tmp_path / "brands",
        "kit",
        """\
        meta:
          name: Testshire Partnership
        typography:
          fonts:
            - family: Forged
              source: file
              files:
                - {path: Forged-Regular.ttf, weight: 400}
                - {path: Forged-Bold.ttf, weight: 700}
          base: Forged
          headings: Forged
        """,
    )
    for file in fontpkg.family("Atkinson Hyperlegible").files:
        if file.style == "normal" and file.weight in (400, 700):
            font = TTFont(str(file.path))
            font["FFTM"] = newTable("FFTM")
            fftm = font["FFTM"]  # a version and three timestamps, as FontForge writes them
            fftm.version, fftm.FFTimeStamp, fftm.sourceCreated, fftm.sourceModified = 1, 0, 0, 0
            name = "Forged-Regular.ttf" if file.weight == 400 else "Forged-Bold.ttf"
            font.save(str(folder / name))
    result = run(
        "build", "--format", "html", "--brands-dir", str(tmp_path / "brands"), "--brand", "kit",
        "--out", str(tmp_path / "dist"), cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "NOT subset" not in result.stderr + result.stdout
    assert (tmp_path / "dist" / "kit" / "web" / "index.html").is_file()


def po_for(source: Path, language: str, header: str) -> Path:
    result = run("translate", "export", language, "--content", str(source), cwd=source.parent)
    assert result.returncode == 0, result.stderr
    path = source.with_name(f"myths.{language}.po")
    po = polib.pofile(str(path))
    for entry in po:
        entry.msgstr = "[sample] " + entry.msgid
    po.metadata["Language"] = header
    po.save(str(path))
    return path


def test_import_refuses_a_header_language_unlike_the_files_name(source):
    path = po_for(source, "pl", "pt")
    result = run("translate", "import", str(path), "--content", str(source), cwd=source.parent)
    [error] = assert_clean_failure(result)
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if "Language:" in text)
    assert error.startswith(f"Error: myths.pl.po:{line}:1: the header says Language: pt, but the ")
    assert "file's name says it is in pl; nothing was written" in error
    assert "rename the file myths.pt.po" in error
    assert sorted(p.name for p in source.parent.iterdir()) == ["myths.pl.po", "myths.yml"]


def test_import_takes_a_region_poedit_adds_as_the_files_language(source):
    """Poedit writes Language: pl_PL for "Polish (Poland)": the file stays myths.pl.yml."""
    path = po_for(source, "pl", "pl_PL")
    result = run("translate", "import", str(path), "--content", str(source), cwd=source.parent)
    assert result.returncode == 0, result.stderr
    assert not source.with_name("myths.pl-PL.yml").exists()
    assert "language: pl\n" in source.with_name("myths.pl.yml").read_text()


@pytest.mark.parametrize("saved_as", ["myths.cy-final.po", "myths.new.po"])
def test_import_takes_the_headers_language_for_a_file_the_user_renamed(source, saved_as):
    """A file saved under a name of the user's (myths.cy-final.po, myths.new.po), its
    header cy, is in cy: it wrote myths.cy-final.yml in language cy-final, or was refused
    as "in new", after the name was first compared with the header."""
    path = po_for(source, "cy", "cy").rename(source.with_name(saved_as))
    result = run("translate", "import", str(path), "--content", str(source), cwd=source.parent)
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in source.parent.glob("*.yml"))
    assert written == ["myths.cy.yml", "myths.yml"]
    assert "language: cy\n" in source.with_name("myths.cy.yml").read_text()


def test_an_unclosed_quote_is_reported_where_the_value_begins(source):
    """YAML read on to the next ' (at myth_lead's, 60 lines below) and stopped after it: the
    error was there, and spoke of colons, never of a quote."""
    text = source.read_text(encoding="utf-8")
    text = text.replace(
        "lead_in: >-\n  Below are common myths",
        "lead_in: 'Poniżej \" są mity. Below are common myths",
    ).replace('myth_lead: "Myth:"', "myth_lead: 'Mit:'")
    path = source.with_name("myths.pl.yml")
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index(next(x for x in text.splitlines() if x.startswith("lead_in")))
    result = run("check", "--content", str(path), "--brand", "default", cwd=source.parent)
    [said] = assert_clean_failure(result)
    assert said.startswith(
        f"Error: myths.pl.yml:{line + 1}:10: the ' that opens this value is never closed: put "
        "a ' at the end of the value, on the same line (YAML read on to line "
    )


def test_check_warns_of_strings_left_in_english_once_per_file(source):
    """They print in English marked as Polish: a screen reader reads them in a Polish voice."""
    translation(source, "pl", "Obalamy mity o udostępnianiu informacji")
    result = run(
        "check", "--content", "content/myths.yml", "--brand", "default", cwd=source.parent.parent
    )  # fmt: skip
    [warning] = [line for line in result.stderr.splitlines() if "word for word" in line]
    assert warning.startswith("Warning: content/myths.pl.yml:")
    assert "strings are word for word the English of content/myths.yml: 'intro' (line " in (warning)
    assert "and " in warning and "more. They print in English marked as pl" in warning
    assert "'title'" not in warning and "labels.language_name" not in warning


@pytest.mark.parametrize(
    ("text", "same"),
    [
        ("{page}/{pages}", True),
        ("https://www.gov.uk/guidance", True),
        ("Myth", True),  # Welsh too
        ("April", True),
        ("Data Protection Act 2018", True),  # a name stays as it is
        ("Contacts", False),
        ("Page {page} of {pages}", False),
        ("Find out more", False),
    ],
)
def test_strings_rightly_the_same_in_both_languages(text, same):
    assert _rightly_the_same(text) is same


def test_the_example_kit_checks_the_shipped_content_as_before():
    """No translation beside the shipped content: nothing more to say."""
    result = run("check", "--brand", "example-partnership", cwd=DEFAULT_BRANDS_DIR.parent)
    assert result.returncode == 0, result.stderr
    assert "content/myths.yml: 2 warnings, 5 myths" in result.stdout  # the text, as before
    assert "brands/example-partnership: 0 errors, 5 warnings" in result.stdout
    assert "no font has" not in result.stderr and "word for word" not in result.stderr
