"""A pack of several languages: `build --content` given once per language, the first first.

The all-myths poster and the leaflet are made once per language, their names carrying it,
each saying in its own language that the others exist.
"""

import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pikepdf
import pytest
from ruamel.yaml import YAML

from mythprint.paths import DEFAULT_BRANDS_DIR, DEFAULT_CONTENT

from .conftest import build_kit, pdf_text, squash
from .test_exit_codes import assert_clean_failure, run

# SAMPLE TEXT FOR TESTS ONLY, not a translation: the English guide marked as sample text,
# with Welsh labels for the language's name and the sentence about the other versions.
SAMPLE = "[sampl] "
WELSH_NAME = "Cymraeg"
WELSH_SENTENCE = "Mae'r canllaw hwn ar gael hefyd yn {languages}."
PER_LANGUAGE = ("poster-a3", "leaflet-dl")
WELSH = Path(__file__).parent / "fixtures" / "myths.cy.yml"  # sample Welsh, not a translation


def sample_welsh(folder: Path, **changes) -> Path:
    """A Welsh content file of sample text, with `changes` made to its top-level fields
    (a label under `labels`, or None to drop it)."""
    yaml = YAML()
    data = yaml.load(DEFAULT_CONTENT.read_text(encoding="utf-8"))
    data["language"] = "cy"
    for myth in data["myths"]:
        myth["myth"] = SAMPLE + myth["myth"]
        myth["rebuttal"] = SAMPLE + myth["rebuttal"]
    data["labels"]["language_name"] = WELSH_NAME
    data["labels"]["other_languages"] = WELSH_SENTENCE
    for name, value in changes.items():
        node = data["labels"] if name in data["labels"] else data
        if value is None:
            del node[name]
        else:
            node[name] = value
    path = folder / "myths.cy.yml"
    with path.open("w", encoding="utf-8") as file:
        yaml.dump(data, file)
    return path


def build_pack(out: Path, *contents: Path, format_names=("poster", "leaflet")):
    options = [option for name in format_names[1:] for option in ("--format", name)]
    pack = [option for path in contents for option in ("--content", str(path))]
    return build_kit(DEFAULT_BRANDS_DIR, "default", format_names[0], out, *options, *pack)


@pytest.fixture(scope="module")
def pack(tmp_path_factory) -> Path:
    """A Welsh + English pack of every format, Welsh first: the kit's folder."""
    folder = tmp_path_factory.mktemp("pack")
    welsh = sample_welsh(folder)
    formats = ("poster", "myth-posters", "leaflet", "html")
    result = build_pack(folder / "out", welsh, DEFAULT_CONTENT, format_names=formats)
    assert result.exit_code == 0, result.output
    return folder / "out" / "default"


@pytest.mark.parametrize("stem", PER_LANGUAGE)
def test_each_language_gets_its_own_file_named_for_it(pack, stem):
    welsh, english = pack / f"{stem}.cy.pdf", pack / f"{stem}.en-GB.pdf"
    assert not (pack / f"{stem}.pdf").exists()
    with pikepdf.open(welsh) as pdf:
        assert str(pdf.Root.Lang) == "cy"
    with pikepdf.open(english) as pdf:
        assert str(pdf.Root.Lang) == "en-GB"
    assert SAMPLE.strip() in pdf_text(welsh)
    assert SAMPLE.strip() not in pdf_text(english)


@pytest.mark.parametrize("stem", PER_LANGUAGE)
def test_each_file_names_the_other_languages_in_its_own(pack, stem):
    welsh = squash(pdf_text(pack / f"{stem}.cy.pdf"))
    english = squash(pdf_text(pack / f"{stem}.en-GB.pdf"))
    assert squash(WELSH_SENTENCE.format(languages="English")) in welsh
    assert squash("This guide is also available in Cymraeg.") in english


def test_formats_that_hold_every_language_are_made_once(pack):
    """The single-myth posters hold every language, the first on top (see
    test_bilingual_posters.py): five files, not five a language."""
    made = sorted(path.name for path in pack.glob("poster-a3-*.pdf"))
    assert len(made) == 5
    assert SAMPLE.strip() in pdf_text(pack / made[0])


def test_the_manifest_records_every_language_s_files(pack):
    manifest = json.loads((pack.parent / "manifest.json").read_text(encoding="utf-8"))
    titles = {entry["path"]: entry["title"] for entry in manifest["outputs"]}
    for stem in PER_LANGUAGE:
        assert titles[f"default/{stem}.cy.pdf"].endswith(f" · {WELSH_NAME}")
        assert titles[f"default/{stem}.en-GB.pdf"].endswith(" · English")
        assert f"default/{stem}.pdf" not in titles


class _Links(HTMLParser):
    """The download links' attributes, each with `title_lang` and `title_dir`: those of the
    span round a title in another language than the page's."""

    def __init__(self):
        super().__init__()
        self.links: list[dict] = []
        self._inside = False

    def handle_starttag(self, tag, attrs):
        if tag == "a" and "download" in (dict(attrs).get("class") or ""):
            self.links.append(dict(attrs))
            self._inside = True
        elif tag == "span" and self._inside and "lang" in dict(attrs):
            self.links[-1].update(title_lang=dict(attrs)["lang"], title_dir=dict(attrs).get("dir"))

    def handle_endtag(self, tag):
        self._inside = self._inside and tag != "a"


def test_the_web_edition_links_each_language_s_file_with_its_hreflang(pack):
    page = (pack / "web" / "index.html").read_text(encoding="utf-8")
    parser = _Links()
    parser.feed(page)
    by_href = {link["href"]: link for link in parser.links}
    assert by_href["poster-a3.cy.pdf"]["hreflang"] == "cy"
    assert "title_lang" not in by_href["poster-a3.cy.pdf"]  # the page's own language
    assert by_href["leaflet-dl.en-GB.pdf"]["hreflang"] == "en-GB"
    assert by_href["leaflet-dl.en-GB.pdf"]["title_lang"] == "en-GB"
    assert by_href["leaflet-dl.en-GB.pdf"]["title_dir"] is None  # as the page's
    order = [link["href"] for link in parser.links]
    assert order.index("poster-a3.cy.pdf") < order.index("poster-a3.en-GB.pdf")


def test_a_pack_built_again_unchanged_makes_nothing(tmp_path):
    welsh = sample_welsh(tmp_path)
    out = tmp_path / "out"
    assert build_pack(out, welsh, DEFAULT_CONTENT, format_names=("poster",)).exit_code == 0
    again = build_pack(out, welsh, DEFAULT_CONTENT, format_names=("poster",))
    assert "0 made, 2 unchanged" in again.output, again.output


def test_renaming_a_language_makes_the_other_language_s_file_again(tmp_path):
    """The English poster prints the Welsh name, so it is made from the Welsh file too."""
    out = tmp_path / "out"
    welsh = sample_welsh(tmp_path)
    assert build_pack(out, welsh, DEFAULT_CONTENT, format_names=("poster",)).exit_code == 0
    sample_welsh(tmp_path, language_name="Cymraeg (sampl)")
    again = build_pack(out, welsh, DEFAULT_CONTENT, format_names=("poster",))
    assert "2 made, 0 unchanged" in again.output, again.output
    assert "Cymraeg (sampl)" in pdf_text(out / "default" / "poster-a3.en-GB.pdf")


def test_a_kit_built_again_as_another_pack_keeps_only_that_pack_s_files(tmp_path):
    """Built in English, then as a Welsh and English pack, into one folder: the English-only
    poster and leaflet stayed, the web page offered them beside the pack's own, and the
    gallery listed both. Going back to English left the Welsh files and the English page
    whose "Cymraeg" link opened English. Each build now removes the kit's files an
    earlier build made that this pack does not, except a file edited since."""
    out = tmp_path / "out"
    kit = out / "default"
    formats = ("poster", "leaflet", "html")

    def made() -> set[str]:
        return {str(path.relative_to(kit)) for path in kit.rglob("*") if path.is_file()}

    def listed() -> set[str]:
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        return {entry["path"].split("/", 1)[1] for entry in manifest["outputs"]}

    def linked() -> set[str]:
        parser = _Links()
        parser.feed((kit / "web" / "index.html").read_text(encoding="utf-8"))
        return {link["href"].removeprefix("../") for link in parser.links}

    english = build_pack(out, DEFAULT_CONTENT, format_names=formats)
    assert english.exit_code == 0, english.output
    assert {"poster-a3.pdf", "leaflet-dl.pdf"} <= made()
    assert any("atkinson" in name for name in made())  # the English page's own font

    welsh = sample_welsh(tmp_path)
    pack = build_pack(out, welsh, DEFAULT_CONTENT, format_names=formats)
    assert pack.exit_code == 0, pack.output
    # The English poster and leaflet, and their three previews.
    assert "5 files of an earlier build removed, as this pack no longer makes them" in pack.output
    printed = {f"{stem}.{language}.pdf" for stem in PER_LANGUAGE for language in ("cy", "en-GB")}
    assert linked() == printed
    assert "poster-a3.pdf" not in made() | listed() and "leaflet-dl.pdf" not in made()
    assert "poster-a3.pdf" not in (out / "index.html").read_text(encoding="utf-8")

    (kit / "poster-a3.cy.pdf").write_bytes(b"%PDF- edited by hand")
    again = build_pack(out, DEFAULT_CONTENT, format_names=formats)
    assert again.exit_code == 0, again.output
    assert linked() == {"poster-a3.pdf", "leaflet-dl.pdf"}
    left = {name for name in made() if ".cy." in name or ".en-GB." in name}
    assert left == {"poster-a3.cy.pdf"}  # edited by hand: kept, but no longer listed
    assert not left & listed()
    assert not any("noto" in name for name in made())  # the Welsh page's font, unused now


def test_one_content_prints_no_sentence_about_other_languages(tmp_path):
    result = build_kit(DEFAULT_BRANDS_DIR, "default", "poster", tmp_path)
    assert result.exit_code == 0, result.output
    assert "also available" not in pdf_text(tmp_path / "default" / "poster-a3.pdf")


def _failed_pack(tmp_path: Path, *contents: Path) -> list[str]:
    """Build a pack as a real process over an earlier build: it must fail cleanly, and
    leave the earlier files as they were."""
    out = tmp_path / "out"
    assert build_pack(out, DEFAULT_CONTENT, format_names=("poster",)).exit_code == 0
    before = (out / "default" / "poster-a3.pdf").read_bytes()
    pack = [option for path in contents for option in ("--content", str(path))]
    result = run("build", "--format", "poster", "--out", str(out), *pack, cwd=tmp_path)
    lines = assert_clean_failure(result)
    assert (out / "default" / "poster-a3.pdf").read_bytes() == before
    assert not list((out / "default").glob("poster-a3.*.pdf"))
    return lines


def test_a_pack_whose_myths_differ_fails_naming_both_files(tmp_path):
    yaml = YAML()
    welsh = sample_welsh(tmp_path)
    data = yaml.load(welsh.read_text(encoding="utf-8"))
    data["myths"][4]["id"] = "computers"
    with welsh.open("w", encoding="utf-8") as file:
        yaml.dump(data, file)
    lines = _failed_pack(tmp_path, DEFAULT_CONTENT, welsh)
    assert any("lacks myth 'it-systems'" in line and "myths.yml" in line for line in lines)
    assert any("myths.cy.yml" in line and "'computers'" in line for line in lines), lines


def test_a_pack_without_a_language_s_name_fails_at_its_labels(tmp_path):
    welsh = sample_welsh(tmp_path, language_name=None)
    labels_line = welsh.read_text(encoding="utf-8").splitlines().index("labels:") + 1
    [line] = _failed_pack(tmp_path, welsh, DEFAULT_CONTENT)
    assert f"myths.cy.yml:{labels_line}:1: missing label 'labels.language_name'" in line


def test_a_pack_that_gives_one_language_twice_fails(tmp_path):
    welsh = sample_welsh(tmp_path, language="en-GB")
    [line] = _failed_pack(tmp_path, DEFAULT_CONTENT, welsh)
    assert "myths.cy.yml" in line and "'en-GB' is also the language of" in line


def test_a_placeholder_slip_in_the_sentence_fails_as_any_label_does(tmp_path):
    welsh = sample_welsh(tmp_path, other_languages="Ar gael yn {language}.")
    [line] = _failed_pack(tmp_path, welsh, DEFAULT_CONTENT)
    assert "labels.other_languages" in line and "{language}" in line


def test_check_takes_a_pack_as_build_does(tmp_path):
    """`check --content cy --content en` once checked the last file alone, and passed a pack
    that build then refused. It checks each language and the pack now, as build would."""
    welsh = sample_welsh(tmp_path)
    pack = ("--content", str(welsh), "--content", str(DEFAULT_CONTENT))
    result = run("check", "--brand", "example-partnership", *pack, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    checked = [line for line in result.stdout.splitlines() if line.endswith(", 5 myths")]
    assert [line.split(":")[0] for line in checked] == ["myths.cy.yml", str(DEFAULT_CONTENT)]
    # The kit's findings are said once, the pack seen from its first language.
    notes = [line for line in result.stderr.splitlines() if "so it is set wholly in" in line]
    assert len(notes) <= 1, notes
    yaml = YAML()
    data = yaml.load(welsh.read_text(encoding="utf-8"))
    data["myths"][4]["id"] = "computers"
    with welsh.open("w", encoding="utf-8") as file:
        yaml.dump(data, file)
    refused = run("check", *pack, cwd=tmp_path)
    lines = assert_clean_failure(refused)
    assert any("lacks myth 'computers'" in line for line in lines), lines


def test_a_review_date_fits_a_welsh_pack_on_the_line_of_the_source(tmp_path):
    """The README asks for `reviewed:`; in a Welsh and English pack it once cost the English
    all-myths poster the line it needed, at the 16 pt floor, and the build failed. Its
    version and review date now share the source's line, on every printed page."""
    english = tmp_path / "myths.yml"
    english.write_text(DEFAULT_CONTENT.read_text() + "reviewed: 2026-04-01\nversion: '2.1'\n")
    welsh = tmp_path / "myths.cy.yml"  # with ŵ and ŷ: the pack is set in the fallback font
    welsh.write_text(WELSH.read_text() + "reviewed: 2026-04-01\nversion: '2.1'\n")
    out = tmp_path / "out"
    formats = ("poster", "myth-posters", "leaflet")
    result = build_kit(
        DEFAULT_BRANDS_DIR, "example-partnership", formats[0], out,
        *[option for name in formats[1:] for option in ("--format", name)],
        "--content", str(welsh), "--content", str(english),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "edition" not in result.output  # the same edition in both: nothing to say
    made = out / "example-partnership"
    source = "(From Working Together 2018 consultation document)"
    source_line = squash(f"{source} · Version 2.1 · Reviewed 1 April 2026")
    for name in ("poster-a3.en-GB.pdf", "poster-a3-consent.pdf"):
        lines = [squash(line) for line in pdf_text(made / name).splitlines()]
        assert source_line in lines, (name, lines)
    assert source_line in squash(pdf_text(made / "leaflet-dl.en-GB.pdf"))  # a narrow panel


@pytest.mark.parametrize("first", ["welsh", "english"])
def test_a_translation_whose_edition_is_not_its_sources_is_warned_of_once(tmp_path, first):
    """A page of both languages would print two versions of one text."""
    english = tmp_path / "myths.yml"
    english.write_text(DEFAULT_CONTENT.read_text() + "version: '2.2'\n")
    welsh = sample_welsh(tmp_path)  # myths.cy.yml: a translation of myths.yml
    welsh.write_text(welsh.read_text(encoding="utf-8") + "version: '2.1'\n")
    version_line = welsh.read_text(encoding="utf-8").splitlines().index("version: '2.1'") + 1
    contents = [welsh, english] if first == "welsh" else [english, welsh]
    pack = [option for path in contents for option in ("--content", str(path))]
    for command in (("check",), ("build", "--format", "poster", "--out", "out")):
        result = run(*command, "--brand", "default", *pack, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        said = [line for line in result.stderr.splitlines() if "prints its edition" in line]
        assert said == [
            f"Warning: myths.cy.yml:{version_line}:1: 'version' is 2.1, but myths.yml has "
            "version: 2.2: each language of the guide prints its edition, so give them the "
            "same (translate import copies it)"
        ], (command, result.stderr)


def test_check_asks_a_pack_s_kit_which_language_its_words_are_in(tmp_path):
    """A kit that does not say which language its name, contacts and review note are in
    gets one warning, at its settings, for a pack of several languages (its words would
    be read in the first language's voice); a kit that says, or a build of one language,
    gets none. A language that is not a tag is an error at its line."""
    brands = tmp_path / "brands"
    shutil.copytree(DEFAULT_BRANDS_DIR / "example-partnership", brands / "unsaid")
    brand_file = brands / "unsaid" / "_brand.yml"
    brand_file.write_text(brand_file.read_text().replace("    language: en-GB\n", ""))
    shutil.copytree(DEFAULT_BRANDS_DIR / "example-partnership", brands / "said")
    welsh = sample_welsh(tmp_path)
    pack = ("--content", str(welsh), "--content", str(DEFAULT_CONTENT))
    result = run("check", "--brands-dir", str(brands), "--brand", "all", *pack, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    [warning] = [line for line in result.stderr.splitlines() if "its voice" in line]
    assert warning.startswith("Warning: brands/unsaid/_brand.yml:")
    assert "(cy, en-GB)" in warning and "'language: en-GB'" in warning
    alone = run("check", "--brands-dir", str(brands), "--brand", "unsaid", cwd=tmp_path)
    assert alone.returncode == 0 and "its voice" not in alone.stderr
    brand_file.write_text(
        brand_file.read_text().replace("  mythprint:\n", "  mythprint:\n    language: English\n")
    )
    refused = run("check", "--brands-dir", str(brands), "--brand", "unsaid", cwd=tmp_path)
    [line] = assert_clean_failure(refused)
    assert line.startswith("Error: brands/unsaid/_brand.yml:")
    assert "language must be a language tag such as en-GB or cy, got 'English'" in line


def test_what_is_said_of_the_whole_pack_names_its_languages_in_reading_order(tmp_path):
    """Each language's files check the kit: the font warning and the kit-language warning
    name the pack's texts in its reading order, Welsh first, whichever says them, so that a
    build says the same whatever --jobs is (a unit of the English files may finish first)."""
    from mythprint.inputs.brand import load_brand
    from mythprint.inputs.checks import kit_language_findings
    from mythprint.inputs.fontchain import text_font
    from mythprint.inputs.packs import load_pack

    brands = tmp_path / "brands"
    shutil.copytree(DEFAULT_BRANDS_DIR / "example-partnership", brands / "kit")
    brand_file = brands / "kit" / "_brand.yml"
    brand_file.write_text(brand_file.read_text().replace("    language: en-GB\n", ""))
    brand = load_brand(brands, "kit")
    fixture = Path(__file__).parent / "fixtures" / "myths.cy.yml"  # with ŵ and ŷ
    welsh, english = load_pack((fixture, DEFAULT_CONTENT))
    assert [text.language for text in english.pack_in_order] == ["cy", "en-GB"]
    for content in (welsh, english):
        [font] = text_font(brand, content)[1]
        assert font.problem.message.index("(cy)") < font.problem.message.index("(en-GB)")
        [language] = kit_language_findings(brand, content)
        assert "(cy, en-GB)" in language.problem.message
