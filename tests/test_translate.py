"""The translator's round trip: content out to a PO file, and a translated PO file back in."""

import codecs
import hashlib
from pathlib import Path

import polib
import pytest
from ruamel.yaml import YAML

from mythprint.inputs.content import load_content

from .conftest import pdf_text, run_cli, squash
from .test_exit_codes import assert_clean_failure, run
from .test_translations import SAMPLE, line_of


def translate(source: Path, *args: str):
    """`translate ...` as a real process, run from the folder above content/."""
    return run("translate", *args, "--content", str(source), cwd=source.parent.parent)


def export(source: Path, language: str = "cy") -> Path:
    result = translate(source, "export", language)
    assert result.returncode == 0, result.stderr
    return source.with_name(f"myths.{language}.po")


def fill(po_path: Path, skip: str | None = None) -> None:
    """Translate every entry but `skip` with sample text: the English, marked as a sample."""
    po = polib.pofile(str(po_path))
    for entry in po:
        if entry.msgctxt != skip:
            entry.msgstr = SAMPLE + entry.msgid
    po.save(str(po_path))


def set_translations(po_path: Path, translations: dict[str, str]) -> polib.POFile:
    """The PO file with each context's msgstr in `translations` set, saved."""
    po = polib.pofile(str(po_path))
    for context, text in translations.items():
        po.find(context, by="msgctxt").msgstr = text
    po.save(str(po_path))
    return po


def english(source: Path) -> dict[str, str]:
    """Every string of the source by the name a translator sees, read straight from the YAML."""
    data = YAML(typ="safe").load(source.read_text(encoding="utf-8"))
    strings = {name: data[name] for name in ("title", "intro", "lead_in")}
    for myth in data["myths"]:
        strings[f"myths.{myth['id']}.myth"] = myth["myth"]
        strings[f"myths.{myth['id']}.rebuttal"] = myth["rebuttal"]
    strings["source"] = data["source"]
    for name, text in data["labels"].items():
        if isinstance(text, list):
            strings.update({f"labels.{name}.{n}": month for n, month in enumerate(text, 1)})
        else:
            strings[f"labels.{name}"] = text
    return {name: " ".join(text.split()) for name, text in strings.items()}


def test_export_holds_every_string_named_with_its_english_and_its_hash(source):
    po = polib.pofile(str(export(source)))
    assert po.metadata["Language"] == "cy"
    strings = english(source)
    assert [entry.msgctxt for entry in po] == list(strings)
    for entry in po:
        assert entry.msgid == strings[entry.msgctxt] and entry.msgstr == ""
        digest = hashlib.sha256(entry.msgid.encode()).hexdigest()[:12]
        assert f"source-hash: {digest}" in entry.comment
    consent = next(entry for entry in po if entry.msgctxt == "myths.consent.rebuttal")
    assert consent.occurrences == [("content/myths.yml", str(line_of(source, "id: consent") + 3))]
    counted = next(entry for entry in po if entry.msgctxt == "labels.myth_number")
    assert "python-brace-format" in counted.flags  # so that PO tools check the placeholders


def test_each_label_carries_the_sources_comment_on_where_it_prints(source):
    """The translator saw "Myth" and "Myth:", "Contacts" and "Find out more", with nothing
    to tell them apart: the content file's comments say where each label prints."""
    po = polib.pofile(str(export(source)))
    notes = {entry.msgctxt: entry.comment for entry in po}
    assert "Before each myth and each fact in the Word handout." in notes["labels.myth_lead"]
    assert "Word handout" not in notes["labels.myth"]
    assert "the second when it has none" in notes["labels.find_out_more"]
    assert "The edition line" in notes["labels.months.12"]
    assert notes["title"].splitlines() == [notes["title"].splitlines()[0]]  # the hash alone


def test_export_then_import_then_export_gives_back_the_same_files(source):
    po_path = export(source)
    fill(po_path)
    filled = po_path.read_bytes()
    result = translate(source, "import", str(po_path))
    assert result.returncode == 0, result.stderr
    translation = source.with_name("myths.cy.yml")
    content = load_content(translation)
    assert content.language == "cy"
    assert content.labels.text("myth_number", n=2, total=5) == f"{SAMPLE}Myth 2 of 5"
    assert content.myths[1].id == "consent"
    written = translation.read_bytes()
    # The translation beside the source fills the next export: the very file the translator
    # sent, and it imports to the very same content file.
    assert export(source).read_bytes() == filled
    assert translate(source, "import", str(po_path)).returncode == 0
    assert translation.read_bytes() == written
    check = run("check", "--content", str(source), cwd=source.parent.parent)
    assert check.returncode == 0, check.stderr
    assert "content/myths.cy.yml: OK, a translation of content/myths.yml" in check.stdout


def test_an_untranslated_entry_is_an_error_naming_it_and_nothing_is_written(source):
    po_path = export(source)
    fill(po_path)
    assert translate(source, "import", str(po_path)).returncode == 0
    translation = source.with_name("myths.cy.yml")
    before = translation.read_bytes()
    fill(po_path, skip="myths.consent.rebuttal")
    po = polib.pofile(str(po_path))
    po.find("myths.consent.rebuttal", by="msgctxt").msgstr = ""
    po.save(str(po_path))
    line = polib.pofile(str(po_path)).find("myths.consent.rebuttal", by="msgctxt").linenum
    [error] = assert_clean_failure(translate(source, "import", str(po_path)))
    assert (
        error == f"Error: content/myths.cy.po:{line}:1: no translation for 'myths.consent.rebuttal'"
    )
    assert translation.read_bytes() == before
    assert sorted(p.name for p in source.parent.iterdir()) == [
        "myths.cy.po",
        "myths.cy.yml",
        "myths.yml",
    ]


def test_a_quote_left_open_is_an_error_at_its_line_and_nothing_is_written(source):
    """polib reads `msgstr "Ffaith` (its closing quote lost in an editor) as "Ffait", and
    import wrote that over the good translation: every Welsh poster would have said it.
    msgfmt stops at that line, and so does import, naming each such line."""
    po_path = export(source)
    fill(po_path)
    set_translations(po_path, {"labels.fact": "Ffaith", "labels.myth": 'Myth "mawr"'})
    assert translate(source, "import", str(po_path)).returncode == 0
    translation = source.with_name("myths.cy.yml")
    before = translation.read_bytes()
    lines = po_path.read_text(encoding="utf-8").splitlines()
    fact = lines.index('msgstr "Ffaith"')
    quoted = lines.index('msgstr "Myth \\"mawr\\""')
    lines[fact], lines[quoted] = 'msgstr "Ffaith', 'msgstr "Myth "mawr""'
    po_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    errors = assert_clean_failure(translate(source, "import", str(po_path)))
    unclosed = (
        'its text is not one string in double quotes: close it with a " at the end of the '
        'line, and write a " inside the text as \\"'
    )
    assert sorted(errors) == sorted(
        f"Error: content/myths.cy.po:{line + 1}:1: {unclosed}" for line in (fact, quoted)
    )
    assert translation.read_bytes() == before


def test_translations_left_in_english_are_named_in_one_warning(source):
    """Poedit's "copy source" fills an entry with its English, which got past the rule
    that each needs a translation: "Contacts" and "Page 1 of 2" printed in a Welsh pack,
    and import said nothing. Some words are the same in both, so it is a warning."""
    po_path = export(source)
    fill(po_path)
    assert "Warning" not in translate(source, "import", str(po_path)).stderr
    po = polib.pofile(str(po_path))
    copied = [po.find(name, by="msgctxt") for name in ("labels.contacts", "labels.page_number")]
    for entry in copied:
        entry.msgstr = entry.msgid
    po.save(str(po_path))
    lines = [polib.pofile(str(po_path)).find(e.msgctxt, by="msgctxt").linenum for e in copied]
    result = translate(source, "import", str(po_path))
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        "Warning: content/myths.cy.po: 2 translations are the same as the English: "
        f"'labels.contacts' (line {lines[0]}), 'labels.page_number' (line {lines[1]}). If the "
        "words are the same in [sample cy] English, nothing needs to change; if they were "
        "copied to translate later, translate them and import again"
    ]
    set_translations(po_path, {"labels.language_name": "Cymraeg"})
    named = translate(source, "import", str(po_path)).stderr
    assert "If the words are the same in Cymraeg, nothing needs to change" in named
    assert load_content(source.with_name("myths.cy.yml")).labels.text("contacts") == "Contacts"


def test_a_label_that_loses_a_placeholder_is_an_error_at_its_entry(source):
    po_path = export(source)
    fill(po_path)
    po = set_translations(po_path, {"labels.myth_number": "Myth {n}"})
    entry = po.find("labels.myth_number", by="msgctxt")
    [error] = assert_clean_failure(translate(source, "import", str(po_path)))
    assert error == (
        f"Error: content/myths.cy.po:{entry.linenum}:1: the translation of "
        "'labels.myth_number' lacks {total}"
    )
    assert not source.with_name("myths.cy.yml").exists()


def test_changed_english_warns_in_check_and_comes_back_fuzzy(source):
    po_path = export(source)
    fill(po_path)
    assert translate(source, "import", str(po_path)).returncode == 0
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("Consent is always needed", "Consent is not always needed"))
    check = run("check", "--content", str(source), cwd=source.parent.parent)
    assert check.returncode == 0, check.stderr
    [warning] = [line for line in check.stderr.splitlines() if "myths.cy.yml" in line]
    assert "the translation of 'myths.consent.myth' is out of date" in warning
    po = polib.pofile(str(export(source)))
    stale = po.find("myths.consent.myth", by="msgctxt")
    assert (
        stale.fuzzy
        and stale.msgstr == SAMPLE + "Consent is always needed to share personal information"
    )
    assert stale.msgid == "Consent is not always needed to share personal information"
    assert [entry.msgctxt for entry in po if entry.fuzzy] == ["myths.consent.myth"]


def test_a_fuzzy_translation_must_be_checked_before_import(source):
    po_path = export(source)
    fill(po_path)
    po = polib.pofile(str(po_path))
    po.find("title", by="msgctxt").flags.append("fuzzy")
    po.save(str(po_path))
    [error] = assert_clean_failure(translate(source, "import", str(po_path)))
    assert "the translation of 'title' is marked fuzzy" in error


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("translate", "--help"), ("PO", "export", "import", "hash")),
        (("translate", "export", "--help"), ("LANGUAGE", "--out", "myths.LANG.po", "fuzzy")),
        (("translate", "import", "--help"), ("PO_FILE", "--out", "myths.LANG.yml", "translation")),
    ],
)
def test_help_explains_the_round_trip(args, words):
    result = run_cli(*args)
    assert result.exit_code == 0
    for word in words:
        assert word in result.output, word


def test_a_language_must_be_a_tag(source):
    result = translate(source, "export", "Welsh please")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert not list(source.parent.glob("*.po"))


def test_import_gives_the_translation_its_sources_edition_and_check_follows_it(source):
    """The version and review date are not for translating: without them, a Welsh page
    printed no review date beside an English one that did."""
    text = source.read_text(encoding="utf-8")
    source.write_text(text + "reviewed: 2026-04-01\nversion: '2.1'\n", encoding="utf-8")
    po_path = export(source)
    fill(po_path)
    assert translate(source, "import", str(po_path)).returncode == 0
    translation = load_content(source.with_name("myths.cy.yml"))
    assert (translation.version, str(translation.reviewed)) == ("2.1", "2026-04-01")
    source.write_text(text + "reviewed: 2026-05-01\nversion: '2.2'\n", encoding="utf-8")
    check = run("check", "--content", str(source), cwd=source.parent.parent)
    assert check.returncode == 0, check.stderr
    said = [line for line in check.stderr.splitlines() if "prints its edition" in line]
    assert [line.split(": ", 2)[2].split(",")[0] for line in said] == [
        "'version' is 2.1",
        "'reviewed' is 2026-04-01",
    ]
    strict = run("check", "--strict", "--content", str(source), cwd=source.parent.parent)
    assert strict.returncode == 1
    assert translate(source, "import", str(po_path)).returncode == 0  # importing again: as now
    again = run("check", "--content", str(source), cwd=source.parent.parent)
    assert "prints its edition" not in again.stderr


@pytest.mark.parametrize(
    ("given", "tag"), [("CY", "cy"), ("pt_br", "pt-BR"), ("sr_latn_rs", "sr-Latn-RS")]
)
def test_export_writes_a_language_tag_as_bcp_47_does(source, given, tag):
    """pt_BR is gettext's spelling, and CY a shout: the files are myths.pt-BR.po and myths.cy.po."""
    result = translate(source, "export", given)
    assert result.returncode == 0, result.stderr
    assert [path.name for path in source.parent.glob("*.po")] == [f"myths.{tag}.po"]
    assert polib.pofile(str(source.with_name(f"myths.{tag}.po"))).metadata["Language"] == tag


@pytest.mark.parametrize(
    ("header", "name"), [("pt_BR", "myths.pt-BR.yml"), ("CY_gb", "myths.cy-GB.yml")]
)
def test_import_takes_the_gettext_spelling_of_a_language(source, header, name):
    """Poedit and Weblate write Language: pt_BR in the header."""
    po_path = export(source, name.split(".")[1])
    fill(po_path)
    po = polib.pofile(str(po_path))
    po.metadata["Language"] = header
    po.save(str(po_path))
    result = translate(source, "import", str(po_path))
    assert result.returncode == 0, result.stderr
    assert load_content(source.with_name(name)).language == name.split(".")[1]


@pytest.mark.parametrize("language", ["en-GB", "EN_gb", "en"])
def test_export_refuses_the_sources_own_language(source, language):
    [error] = assert_clean_failure(translate(source, "export", language))
    assert error == (
        "Error: content/myths.yml: its text is already in en-GB; give the language to "
        "translate it into, such as cy"
    )
    assert not list(source.parent.glob("*.po"))


def test_export_into_another_english_is_allowed(source):
    assert export(source, "en-US").name == "myths.en-US.po"


def resave(po_path: Path, encoding: str, charset: str = "UTF-8", bom: bytes = b"") -> None:
    """The PO file as another tool saves it: in `encoding`, its header declaring `charset`."""
    text = po_path.read_text(encoding="utf-8").replace("charset=UTF-8", f"charset={charset}")
    po_path.write_bytes(bom + text.encode(encoding))


@pytest.mark.parametrize(
    ("encoding", "charset", "bom"),
    [
        ("cp1252", "CP1252", b""),  # declared in the header, as msgfmt accepts
        ("utf-16", "UTF-8", b""),  # Notepad's "Unicode": the codec writes a BOM
        ("utf-8", "UTF-8", codecs.BOM_UTF8),  # Notepad's "UTF-8 with BOM"
    ],
    ids=["cp1252", "utf-16", "utf-8-bom"],
)
def test_import_reads_the_encodings_translators_tools_save_in(source, encoding, charset, bom):
    po_path = export(source)
    fill(po_path)
    po = polib.pofile(str(po_path))
    po.find("title", by="msgctxt").msgstr = "Canllaw â’r mythau"
    po.save(str(po_path))
    resave(po_path, encoding, charset, bom)
    result = translate(source, "import", str(po_path))
    assert result.returncode == 0, result.stderr
    assert load_content(source.with_name("myths.cy.yml")).plain_title == "Canllaw â’r mythau"


def test_letters_a_legacy_charset_could_not_hold_are_an_error_not_question_marks(source):
    """Saved as Windows-1252 (Notepad's "ANSI"), "yn ŵyr" became "yn ?yr", which the file
    then truly says: import took it in without a word."""
    po_path = export(source)
    fill(po_path)
    set_translations(po_path, {"intro": "Mae rhannu gwybodaeth yn helpu ŵyr ac wyres."})
    text = po_path.read_text(encoding="utf-8").replace("charset=UTF-8", "charset=CP1252")
    po_path.write_bytes(text.encode("cp1252", errors="replace"))  # as Notepad saves it
    line = polib.pofile(str(po_path)).find("intro", by="msgctxt").linenum
    [error] = assert_clean_failure(translate(source, "import", str(po_path)))
    assert error.startswith(
        f"Error: content/myths.cy.po:{line}:1: the translation of 'intro' has a ? inside a "
        "word ('?yr'): the file was saved as CP1252, which has no letter such as ŵ or ŷ"
    )
    assert "Save it as UTF-8" in error
    assert not source.with_name("myths.cy.yml").exists()


def test_a_po_file_in_another_encoding_than_it_says_is_an_error_at_its_line(source):
    po_path = export(source)
    fill(po_path)
    po = polib.pofile(str(po_path))
    entry = po.find("intro", by="msgctxt")
    entry.msgstr = "Mae’r"
    po.save(str(po_path))
    resave(po_path, "cp1252")  # its header still says UTF-8
    line = po_path.read_text(encoding="cp1252").splitlines().index('msgstr "Mae’r"') + 1
    [error] = assert_clean_failure(translate(source, "import", str(po_path)))
    assert error == (
        f"Error: content/myths.cy.po:{line}:12: not UTF-8 text: save the file as UTF-8 "
        "(in Notepad: File, Save as, Encoding: UTF-8) and import it again"
    )
    assert "codec" not in error
    assert not source.with_name("myths.cy.yml").exists()


def test_a_compiled_mo_file_is_named_as_such(source):
    po_path = export(source)
    fill(po_path)
    mo_path = source.with_name("myths.cy.mo")
    polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
    [error] = assert_clean_failure(translate(source, "import", str(mo_path)))
    assert error == (
        "Error: content/myths.cy.mo: this is a compiled MO file, not a PO file; ask for the "
        ".po file it was made from, and import that"
    )


def test_an_entry_given_twice_is_an_error_naming_both_lines(source):
    po_path = export(source)
    fill(po_path)
    po = polib.pofile(str(po_path))
    again = polib.POEntry(msgctxt="lead_in", msgid=po[2].msgid, msgstr="DUPLICATE")
    po.append(again)
    po.save(str(po_path))
    first, second = (e.linenum for e in polib.pofile(str(po_path)) if e.msgctxt == "lead_in")
    [error] = assert_clean_failure(translate(source, "import", str(po_path)))
    assert error == (
        f"Error: content/myths.cy.po:{second}:1: 'lead_in' is in the file twice, at lines "
        f"{first} and {second}; keep the right translation and delete the other entry"
    )
    assert not source.with_name("myths.cy.yml").exists()


def test_a_po_file_whose_tool_dropped_every_context_is_one_clear_error(source):
    po_path = export(source)
    fill(po_path)
    po_path.write_text(
        "".join(
            line
            for line in po_path.read_text(encoding="utf-8").splitlines(keepends=True)
            if not line.startswith("msgctxt ")
        ),
        encoding="utf-8",
    )
    [error] = assert_clean_failure(translate(source, "import", str(po_path)))
    assert error == (
        "Error: content/myths.cy.po: its entries have no context (msgctxt) lines, which "
        "mythprint needs to know which string each is: the tool that saved the file dropped "
        "them. Export the PO file again, and translate it in a tool that keeps them (Poedit, "
        "Weblate and Lokalise do)"
    )


def test_an_entry_without_a_context_is_an_error_at_its_line(source):
    po_path = export(source)
    fill(po_path)
    po = polib.pofile(str(po_path))
    po.find("lead_in", by="msgctxt").msgctxt = None
    po.save(str(po_path))
    line = next(e.linenum for e in polib.pofile(str(po_path)) if e.msgctxt is None)
    errors = assert_clean_failure(translate(source, "import", str(po_path)))
    assert errors == [
        f"Error: content/myths.cy.po:{line}:1: this entry has no context (msgctxt) line, "
        "which mythprint needs to know which string it is; put back the msgctxt line that "
        "export wrote above its msgid",
        "Error: content/myths.cy.po: has no entry for 'lead_in'",
    ]


def test_export_will_not_write_over_translations_not_yet_imported(source):
    """The translator's returned file, saved as content/myths.cy.po, was lost to a re-export."""
    po_path = export(source)
    fill(po_path)
    assert translate(source, "import", str(po_path)).returncode == 0
    po = polib.pofile(str(po_path))
    po.find("title", by="msgctxt").msgstr = "A better title"
    po.find("lead_in", by="msgctxt").msgstr = "A better lead-in"
    po.append(polib.POEntry(msgctxt="myths.gone.myth", msgid="Gone", msgstr="Wedi mynd"))
    po.find("intro", by="msgctxt").msgstr += "  \n"  # the same words, wrapped otherwise
    po.save(str(po_path))
    returned = po_path.read_bytes()
    [error] = assert_clean_failure(translate(source, "export", "cy"))
    assert error == (
        "Error: content/myths.cy.po: holds 3 translations that have not been imported, which "
        "export would lose; import it first (mythprint translate import content/myths.cy.po "
        "--content content/myths.yml), or move it away or delete it to export afresh"
    )
    assert po_path.read_bytes() == returned


def test_export_will_not_write_over_a_file_it_cannot_read(source):
    po_path = source.with_name("myths.cy.po")
    po_path.write_text('title: "not a PO file"\n', encoding="utf-8")
    errors = assert_clean_failure(translate(source, "export", "cy"))
    assert errors[0].startswith("Error: content/myths.cy.po: not a PO file")
    assert errors[-1] == (
        "Error: content/myths.cy.po: export leaves a file it cannot read as it is: move it "
        "away, or write the PO file elsewhere with --out"
    )
    assert po_path.read_text(encoding="utf-8") == 'title: "not a PO file"\n'


def test_export_again_keeps_translators_comments_and_header(source):
    po_path = export(source)
    fill(po_path)
    po = polib.pofile(str(po_path))
    po.find("labels.myth", by="msgctxt").tcomment = "Siân: 'chwedl' rather than 'myth'?"
    po.metadata.update(
        {
            "Last-Translator": "Siân Wyn <sian@example.org>",
            "Language-Team": "Welsh <cy@example.org>",
            "PO-Revision-Date": "2026-05-01 10:00+0100",
            "X-Generator": "Poedit 3.4.2",
            "Project-Id-Version": "Poedit's own",
        }
    )
    po.save(str(po_path))
    assert translate(source, "import", str(po_path)).returncode == 0
    again = polib.pofile(str(export(source)))
    assert again.find("labels.myth", by="msgctxt").tcomment == (
        "Siân: 'chwedl' rather than 'myth'?"
    )
    assert [entry.msgctxt for entry in again if entry.tcomment] == ["labels.myth"]
    assert again.metadata == {
        "Project-Id-Version": "mythprint Myth-busting guide to Information sharing",
        "Language": "cy",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Last-Translator": "Siân Wyn <sian@example.org>",
        "Language-Team": "Welsh <cy@example.org>",
        "PO-Revision-Date": "2026-05-01 10:00+0100",
        "X-Generator": "Poedit 3.4.2",
    }


def test_export_says_what_the_translator_has_to_do(source):
    count = len(english(source))
    result = translate(source, "export", "cy")
    assert result.stdout == f"content/myths.cy.po: {count} strings to translate into cy\n"
    fill(source.with_name("myths.cy.po"))
    assert translate(source, "import", str(source.with_name("myths.cy.po"))).returncode == 0
    result = translate(source, "export", "cy")
    assert result.stdout == (
        f"content/myths.cy.po: {count} strings for cy, all translated and up to date\n"
    )
    text = source.read_text(encoding="utf-8")
    text = text.replace("Consent is always needed", "Consent is not always needed")
    new_myth = "  - id: new-one\n    myth: A new myth\n    rebuttal: Its rebuttal\n\n"
    source.write_text(text.replace("  - id: consent\n", new_myth + "  - id: consent\n"))
    result = translate(source, "export", "cy")
    assert result.stdout == (
        f"content/myths.cy.po: {count + 2} strings for cy: 1 to check (their English "
        "changed), 2 to translate\n"
    )


def test_a_translator_may_name_the_other_languages_in_their_own_words(source, tmp_path):
    """{languages} gives the other languages' own names: "ar gael hefyd yn English", which
    a Welsh reader would write "ar gael yn Saesneg hefyd". A translator may leave it out
    and write the names; the PO file says so, and that the language's name is its own."""
    po_path = export(source)
    fill(po_path)
    po = polib.pofile(str(po_path))
    name = po.find("labels.language_name", by="msgctxt")
    assert "as its speakers write it (Cymraeg for Welsh" in " ".join(name.comment.split())
    others = po.find("labels.other_languages", by="msgctxt")
    assert "leave {languages} out" in " ".join(others.comment.split())
    switch = po.find("labels.language_switch", by="msgctxt")
    assert switch.msgid == "Languages"
    assert "the name a screen reader gives the list" in " ".join(switch.comment.split())
    name.msgstr, others.msgstr = "Cymraeg", "Mae'r canllaw hwn ar gael yn Saesneg hefyd."
    po.save(str(po_path))
    assert translate(source, "import", str(po_path)).returncode == 0
    welsh = source.with_name("myths.cy.yml")
    checked = run("check", "--content", str(welsh), cwd=source.parent.parent)
    assert checked.returncode == 0 and "other_languages" not in checked.stderr, checked.stderr
    pack = ("--content", str(welsh), "--content", str(source))
    built = run("build", *pack, "--format", "poster", "--out", str(tmp_path / "out"),
                "--no-previews", cwd=source.parent.parent)  # fmt: skip
    assert built.returncode == 0, built.stderr
    printed = squash(pdf_text(tmp_path / "out" / "default" / "poster-a3.cy.pdf"))
    assert printed.endswith(squash("Mae'r canllaw hwn ar gael yn Saesneg hefyd."))


def test_a_language_left_with_its_sources_name_is_a_warning(source):
    po_path = export(source)
    fill(po_path)
    po = polib.pofile(str(po_path))
    po.find("labels.language_name", by="msgctxt").msgstr = "English"
    po.save(str(po_path))
    assert translate(source, "import", str(po_path)).returncode == 0
    welsh = source.with_name("myths.cy.yml")
    checked = run("check", "--content", str(welsh), cwd=source.parent.parent)
    line = line_of(welsh, "language_name:")
    assert (
        f"Warning: content/myths.cy.yml:{line}:3: labels.language_name is 'English', as in "
        "content/myths.yml: give this language's own name"
    ) in checked.stderr, checked.stderr
