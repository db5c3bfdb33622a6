"""Every word an output prints comes from the content file: the labels too, in every format."""

import ast
import html
import json
import re
import subprocess
from pathlib import Path

import docx
import pikepdf
import pytest
from ruamel.yaml import YAML

from mythprint.errors import ContentError
from mythprint.inputs.content import load_content
from mythprint.inputs.labels import LABELS, PLACEHOLDER
from mythprint.paths import DEFAULT_BRANDS_DIR, DEFAULT_CONTENT, PACKAGE_DIR, TEMPLATES_DIR

from .conftest import build_kit, pdf_text
from .studio import MYTHPRINT
from .test_content import VALID

KIT = "example-partnership"
# The templates a document is printed from; the gallery and the studio are English-only tools.
PRINTED_TEMPLATES = ("_macros", "base", "myth-poster", "poster", "leaflet", "web")
# Modules that talk to the person running mythprint, not to the guide's readers: every
# module of the command line's package, and two more, by their paths in mythprint/.
ENGLISH_ONLY_MODULES = ("cli/", "batch/gallery.py", "studio/workflow.py")


def shouted(text: str) -> str:
    """A label in capitals, its placeholders as they were: easy to find, and unlike the shipped
    label wherever it comes out."""
    parts = PLACEHOLDER.split(text)
    return "".join(f"{{{part}}}" if index % 2 else part.upper() for index, part in enumerate(parts))


@pytest.fixture(scope="module")
def relabelled(tmp_path_factory) -> Path:
    """Every format of a contact-rich kit, built from content whose labels are all capitals."""
    folder = tmp_path_factory.mktemp("relabelled")
    yaml = YAML()
    data = yaml.load(DEFAULT_CONTENT.read_text(encoding="utf-8"))
    for name in LABELS:
        data["labels"][name] = shouted(data["labels"][name])
    data["labels"]["months"] = [month.upper() for month in data["labels"]["months"]]
    data["version"], data["reviewed"] = "2.1", "2026-04-01"
    content = folder / "myths.yml"
    with content.open("w", encoding="utf-8") as file:
        yaml.dump(data, file)
    out = folder / "out"
    result = build_kit(DEFAULT_BRANDS_DIR, KIT, "all", out, "--content", str(content))
    assert result.exit_code == 0, result.output
    return out / KIT


def pdf_facts(path: Path) -> tuple[str, str, list[str]]:
    """A PDF's printed text, its Subject, and the alt texts of its figures."""
    with pikepdf.open(path) as pdf:
        subject = str(pdf.docinfo.get("/Subject", ""))
        alts = [
            str(obj.Alt)
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Dictionary) and "/Alt" in obj
        ]
    return pdf_text(path), subject, alts


def test_the_poster_prints_its_labels_from_the_content(relabelled):
    text, subject, alts = pdf_facts(relabelled / "poster-a3.pdf")
    assert text.count("MYTH") == 5 and text.count("FACT") == 5
    assert "CONTACTS" in text and "Contacts" not in text
    assert "VERSION 2.1" in text and "REVIEWED 1 APRIL 2026" in text
    assert subject.startswith("A3 POSTER: 5 MYTHS ABOUT SHARING INFORMATION")
    assert any(alt.startswith("QR CODE FOR ") for alt in alts)


def test_each_myth_poster_counts_itself_in_the_contents_words(relabelled):
    text, subject, _ = pdf_facts(relabelled / "poster-a3-consent.pdf")
    assert "MYTH 2 OF 5" in text and "Myth 2 of 5" not in text
    assert subject.startswith("A3 POSTER, MYTH 2 OF 5: Consent is always needed")
    with pikepdf.open(relabelled / "poster-a3-consent.pdf") as pdf:
        assert str(pdf.docinfo["/Title"]).startswith("MYTH: Consent is always needed")


def test_the_leaflet_prints_its_labels_from_the_content(relabelled):
    text, subject, _ = pdf_facts(relabelled / "leaflet-dl.pdf")
    assert "5 MYTHS, AND THE FACTS" in text
    assert text.count("MYTH") >= 5 and "CONTACTS" in text
    assert "REVIEWED 1 APRIL 2026" in " ".join(text.split())  # a narrow panel: lines break
    assert subject.startswith("DL TRI-FOLD LEAFLET.")


def test_the_handout_prints_its_labels_from_the_content(relabelled):
    document = docx.Document(relabelled / "handout.docx")
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    assert paragraphs[1] == "5 MYTHS, AND THE FACTS"
    assert sum(text.startswith("MYTH: ") for text in paragraphs) == 5
    assert sum(text.startswith("FACT: ") for text in paragraphs) == 5
    assert "VERSION 2.1\u00a0· REVIEWED 1 APRIL 2026" in paragraphs  # the dot never starts a line
    footer = document.sections[0].footer.paragraphs[-1]
    assert footer.text.startswith("PAGE ") and " OF " in footer.text
    assert footer._p.xpath("count(.//w:fldSimple)") == 2  # the page numbers stay Word's fields
    properties = document.core_properties
    assert properties.subject.startswith("5 MYTHS ABOUT SHARING INFORMATION")
    assert properties.keywords == "SAFEGUARDING; INFORMATION SHARING; MYTHS"


def test_the_web_edition_prints_its_labels_from_the_content(relabelled):
    html = (relabelled / "web" / "index.html").read_text(encoding="utf-8")
    page = re.sub(r'<span class="date">(.*?)</span>', r"\1", html)  # a date is not broken
    for label in (
        "SKIP TO THE MYTHS",
        "DOWNLOAD THE PACK",
        "THE SAME GUIDE FROM Exampleshire Safeguarding Children Partnership, TO PRINT",
        "PUBLISHED BY Exampleshire",
        "WEBSITE",
        "CONTACTS",
        "VERSION 2.1",
        "REVIEWED 1 APRIL 2026",
        "A3 POSTER WITH EVERY MYTH",
        "A3 POSTER: Consent is always needed",
        "DL LEAFLET TO FOLD",
        "WORD HANDOUT YOU CAN EDIT",
        'content="5 MYTHS ABOUT SHARING INFORMATION',
    ):
        assert label in page, label
    assert ">MYTH<" in page and ">FACT<" in page and ">Myth<" not in page


def test_the_manifest_names_each_file_in_the_contents_words(relabelled):
    manifest = json.loads((relabelled.parent / "manifest.json").read_text(encoding="utf-8"))
    titles = {entry["path"]: entry["title"] for entry in manifest["outputs"]}
    assert titles[f"{KIT}/web/index.html"] == "WEB EDITION"
    assert titles[f"{KIT}/handout.docx"] == "WORD HANDOUT YOU CAN EDIT"


def template_words(path: Path) -> list[str]:
    """The words a template writes itself: its text and attribute values, with every Jinja
    tag, expression and comment taken out."""
    source = path.read_text(encoding="utf-8")
    for jinja in (r"\{#.*?#\}", r"\{%.*?%\}", r"\{\{.*?\}\}", r"<style>.*?</style>"):
        source = re.sub(jinja, "", source, flags=re.DOTALL)
    texts = re.findall(r">([^<]+)<", source)
    texts += re.findall(r'\b(?:alt|content|title|aria-label|placeholder)="([^"]*)"', source)
    # An entity (&nbsp;) is a character, not a word.
    return [word for text in texts for word in re.findall(r"[A-Za-z]{2,}", html.unescape(text))]


@pytest.mark.parametrize("name", PRINTED_TEMPLATES)
def test_templates_hold_no_words_of_their_own(name):
    # The generator's name is the tool's, and the viewport's settings a browser's, in every
    # language.
    allowed = {"mythprint", "width", "device", "initial", "scale"}
    assert set(template_words(TEMPLATES_DIR / f"{name}.html.j2")) <= allowed


def code_strings(path: Path) -> list[str]:
    """The string constants of a module that are not docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def test_no_module_prints_an_english_label_of_its_own():
    """No module spells out a label's words: the phrases, that is. Single words such as "Fact"
    are also Word style names, and the built outputs above prove they come from the content."""
    labels = load_content(DEFAULT_CONTENT).labels
    phrases = {
        piece.strip(" :")
        for text in labels.texts.values()
        for piece in PLACEHOLDER.split(text)[::2]
        if " " in piece.strip(" :")
    }
    found = [
        (path.name, string)
        for path in sorted(PACKAGE_DIR.rglob("*.py"))
        if not path.relative_to(PACKAGE_DIR).as_posix().startswith(ENGLISH_ONLY_MODULES)
        for string in code_strings(path)
        for phrase in phrases
        if phrase in string
    ]
    assert found == []


def test_the_shipped_content_labels_every_word_it_needs():
    labels = load_content(DEFAULT_CONTENT).labels
    assert set(labels.texts) == set(LABELS) and len(labels.months) == 12
    assert labels.text("myth_number", n=2, total=5) == "Myth 2 of 5"
    assert labels.text("myth_count", total=5) == "5 myths, and the facts"


def label_problems(tmp_path, old: str, new: str) -> list[str]:
    assert old in VALID
    path = tmp_path / "myths.yml"
    path.write_text(VALID.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(path)
    return [str(problem).removeprefix(f"{path}:") for problem in caught.value.problems]


def line_of(text: str) -> int:
    return VALID.splitlines().index(text) + 1


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "  myth_number: Myth {n} of {total}",
            "  myth_number: Myth {n}",
            "'labels.myth_number' lacks {total}",
        ),
        (
            '  myth_count: "{total} myths, and the facts"',
            '  myth_count: "{count} myths, and the facts"',
            "'labels.myth_count' uses {count}, which it cannot fill (placeholders it may use: "
            "{total})",
        ),
        (
            "  fact: Fact",
            "  fact: Fact {",
            "'labels.fact' has a brace that is not part of a placeholder such as {n}",
        ),
        ("  fact: Fact", "  fact: 3", "'labels.fact' must be text, got int 3"),
        ("  fact: Fact", "  fcat: Fact", "unknown label 'fcat' (did you mean 'fact'?)"),
    ],
)
def test_a_bad_label_is_named_at_its_line(tmp_path, old, new, expected):
    problems = label_problems(tmp_path, old, new)
    line = line_of(old)
    assert any(p.startswith(f"{line}:") and expected in p for p in problems), problems


def test_a_missing_label_is_named(tmp_path):
    problems = label_problems(tmp_path, "  website: Website\n", "")
    assert problems == [f"{line_of('labels:')}:1: missing required label 'labels.website'"]


def test_a_content_file_from_before_the_pack_labels_still_builds_its_web_page(tmp_path):
    """A text of one language may leave out the labels only a pack prints (its language's
    name, the other languages, the switch's name): its web page has no switch to name, and
    naming one anyway failed the build ("KeyError: 'language_name'")."""
    path = tmp_path / "myths.yml"
    older = VALID
    for label in ("language_switch: Languages", "language_name: English"):
        assert f"  {label}\n" in older
        older = older.replace(f"  {label}\n", "")
    older = re.sub(r"  other_languages: .*\n", "", older)
    path.write_text(older, encoding="utf-8")
    assert not {"language_switch", "language_name"} & set(load_content(path).labels.texts)
    result = subprocess.run(
        [str(MYTHPRINT), "build", "--content", str(path), "--format", "html", "--out", "out"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out" / "default" / "web" / "index.html").read_text(encoding="utf-8")
    assert "languages__list" not in page


def test_months_must_be_twelve_names(tmp_path):
    problems = label_problems(tmp_path, "  months: [January,", "  months: [")
    line = next(n for n, text in enumerate(VALID.splitlines(), 1) if "months:" in text)
    assert problems == [
        f"{line}:11: 'labels.months' must be a list of the 12 month names, January first"
    ]
