"""The content source: a faithful transcription, validated in full before any rendering."""

import pytest

from mythprint.errors import ContentError
from mythprint.formats.markup import inline_html
from mythprint.inputs.content import load_content
from mythprint.inputs.inline import Span, last_words_held, parse_inline, plain_text

from .conftest import LABELS, MYTH_IDS, SEED, raw_content, squash


def problems_in(tmp_path, text):
    path = tmp_path / "myths.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(path)
    return [str(p).removeprefix(f"{path}:") for p in caught.value.problems]


VALID = (
    """\
title: Guide
intro: Intro
lead_in: Lead
source: Source
myths:
  - id: one
    myth: First
    rebuttal: No - first
"""
    + LABELS
)


def test_default_content_loads_with_five_myths_in_order():
    content = load_content_default()
    assert tuple(m.id for m in content.myths) == MYTH_IDS
    assert content.language == "en-GB"


def load_content_default():
    from mythprint.paths import DEFAULT_CONTENT

    return load_content(DEFAULT_CONTENT)


@pytest.mark.skipif(not SEED.is_file(), reason="the seed text lives in ../shared beside the repo")
def test_content_is_the_seed_word_for_word_and_nothing_else():
    seed = SEED.read_text(encoding="utf-8")
    body = squash(seed[seed.index("Myth-busting guide") :])
    content = raw_content()
    pieces = [content["title"], content["intro"], content["lead_in"]]
    for myth in content["myths"]:
        pieces += [myth["myth"], myth["rebuttal"]]
    pieces.append(f"({content['source']})")
    assert squash("".join(pieces)) == body
    assert "Cookie" not in str(content)


def test_every_problem_is_reported_at_once_with_its_position(tmp_path):
    text = (
        'title: ""\n'  # 1: empty text
        "intro: 3\n"  # 2: not text
        "lead_in: ok\n"
        "myths:\n"
        "  - id: a\n"  # 5
        "    myth: x\n"
        "    rebutal: y\n"  # 7: unknown key, and rebuttal missing
        "  - id: a\n"  # 8: duplicate id
        "    myth: '  '\n"  # 9: blank
        "    rebuttal: z\n"
        "sorce: x\n"  # 11: unknown key; source missing
        "reviewed: 2020-13-01\n"  # 12: not a date
    )
    assert problems_in(tmp_path, text) == [
        "1:1: missing required field 'source'",
        "1:1: missing required field 'labels' (the words printed around the guide, such as "
        "'Myth' and 'Fact'; copy them from mythprint's content/myths.yml)",
        "1:8: 'title' is empty",
        "2:8: 'intro' must be text, got int 3",
        "5:5: missing required field 'myths[1].rebuttal'",
        "7:5: unknown myth field 'rebutal' (did you mean 'rebuttal'?); "
        "expected one of: id, myth, rebuttal",
        "8:9: duplicate id 'a' (first used at line 5)",
        "9:11: 'myths[2].myth' is empty",
        "11:1: unknown field 'sorce' (did you mean 'source'?); expected one of: title, intro, "
        "lead_in, source, myths, labels, language, direction, reviewed, version, translated_from",
        "12:11: 'reviewed' must be a date written as YYYY-MM-DD, got '2020-13-01'",
    ]


def test_yaml_syntax_error_has_line_and_column(tmp_path):
    [problem] = problems_in(tmp_path, "title: x\n  bad: [\n")
    assert problem.startswith("2:6: this line is read as more of the value above it")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a colon and a space inside a value: the fix is the line, in quotes
            "title: Guide\nsource: Approved by the board. Next review: April 2027.\n",
            "2:9: this value has a colon followed by a space in it, which YAML reads as the "
            "start of a new setting: put the whole value in double quotes, as source: "
            '"Approved by the board. Next review: April 2027."',
        ),
        (  # the parser stops on the line after the one missing its colon
            "title: Guide\nintro Intro\nsource: Source\n",
            "2:1: this line has no colon after the setting's name: write it as intro: Intro",
        ),
        (
            "title: Guide\nlabels:\n\tmyth: Myth\n",
            "3:1: this line is indented with a tab, and YAML needs spaces: delete the tab and "
            "indent the line with spaces, lined up with the lines around it",
        ),
        (  # pasted from a web page: parsed without an error, as a setting named "  myth"
            "title: Guide\nlabels:\n\u00a0 myth: Myth\n",
            "3:1: this line is indented with non-breaking spaces, which YAML does not count as "
            "spaces (they come in with text copied from a web page or a word processor): "
            "delete the spaces at the start of the line and type them again with the space bar",
        ),
        (
            "{\\rtf1\\ansi\\ansicpg1252\\cocoartf2709\ntitle: Guide\\\n}\n",
            "1:1: this file was saved as rich text (RTF), not plain text: in TextEdit choose "
            "Format \u2192 Make Plain Text, or in WordPad Save As \u2192 Plain text document, "
            "then save it again under the same name",
        ),
        (
            "title: Guide\nintro: 'Children's services'\n",
            "2:8: the quote mark inside this value ends it too early: write it as intro: "
            '"Children\'s services"',
        ),
        (
            'title: Guide\nintro: "Children\n',
            '2:8: the " that opens this value is never closed: put a " at the end of the value, '
            "on the same line",
        ),
        (  # the value runs on to the next quote mark, and the parser stops a line below
            'title: Guide\nintro: "Children\nsource: "Board"\n',
            '2:8: the " that opens this value is never closed: put a " at the end of the value, '
            "on the same line",
        ),
        (  # in a block of text, a quote mark is a character: the slip is the indent below
            'intro: >\n  Ring us: "0800 123 or\n  text "HELP" to 123.\nnext:\n  - a\n b: 1\n',
            "6:2: this line is not lined up with the lines around it: indent it with spaces to "
            "the same place as the other settings at its level",
        ),
        (  # a value in quotes over two lines may be meant so: the slip is the indent below
            'title: Guide\nlabels:\n  myth: "Myth\n    label"\n fact: Fact\n',
            "5:2: this line is not lined up with the lines around it: indent it with spaces to "
            "the same place as the other settings at its level",
        ),
    ],
    ids=[
        "colon-in-value",
        "missing-colon",
        "tab",
        "no-break-space",
        "rich-text",
        "apostrophe",
        "unclosed-quote",
        "unclosed-quote-above",
        "quotes-in-block-text",
        "quotes-over-two-lines",
    ],
)
def test_yaml_syntax_errors_say_what_to_write_instead(tmp_path, text, expected):
    assert problems_in(tmp_path, text) == [expected]


def test_a_character_yaml_refuses_is_reported_where_it_is(tmp_path):
    """A control character pasted in from a word processor: at its line, not at 1:1."""
    assert problems_in(tmp_path, "title: x\nintro: Sharing \x07information\n") == [
        "2:16: the character U+0007 is not allowed in a YAML file; delete it (copying text "
        "from another program can bring it in)"
    ]


def test_text_that_is_not_utf8_is_reported_where_it_stops_being_so(tmp_path):
    path = tmp_path / "myths.yml"
    path.write_bytes("title: Guide\nintro: Caf\u00e9 and a fl\u00e2neur\n".encode("latin-1"))
    with pytest.raises(ContentError) as caught:
        load_content(path)
    [problem] = caught.value.problems
    assert (problem.line, problem.column) == (2, 11)
    assert problem.message == (
        "not UTF-8 text (invalid continuation byte): save it as UTF-8 (in Notepad: File, "
        "Save as, Encoding: UTF-8)"
    )


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-16"])
def test_a_file_saved_as_utf16_says_so_and_how_to_save_it_as_utf8(tmp_path, encoding):
    """Without a byte-order mark, the NUL of each Latin letter's code was reported as
    "the character U+0000 is not allowed in a YAML file"."""
    path = tmp_path / "myths.yml"
    path.write_bytes(VALID.replace("Guide", "Canllaw ŵ").encode(encoding))
    with pytest.raises(ContentError) as caught:
        load_content(path)
    assert [str(problem) for problem in caught.value.problems] == [
        f"{path}:1:1: saved as UTF-16 (Unicode): save it as UTF-8 (in Notepad: File, Save as, "
        "Encoding: UTF-8)"
    ]


def test_windows_and_old_mac_line_breaks_read_as_before(tmp_path):
    path = tmp_path / "myths.yml"
    path.write_bytes(VALID.replace("\n", "\r\n").encode())
    assert load_content(path).myths[0].id == "one"
    path.write_bytes(VALID.replace("Intro", "Intro\r\r").encode())
    assert plain_text(load_content(path).intro) == "Intro"


def test_duplicate_yaml_key_is_an_error_not_a_silent_overwrite(tmp_path):
    """Said in plain words, at the second, naming the first's line: not the parser's
    'while constructing a mapping found duplicate key "title" ...'."""
    line = len(VALID.splitlines()) + 1
    assert problems_in(tmp_path, VALID + "title: Again\n") == [
        f"{line}:1: 'title' is given twice, at lines 1 and {line}: keep one of them and delete "
        "the other"
    ]


def test_a_duplicate_key_in_a_myth_names_that_myth_s_line(tmp_path):
    text = VALID.replace("rebuttal: No - first", "rebuttal: No - first\n    myth: Again")
    assert problems_in(tmp_path, text) == [
        "9:5: 'myth' is given twice, at lines 7 and 9: keep one of them and delete the other"
    ]


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("myths: []\n", "'myths' must be a list of at least one myth"),
        ("language: english please\n", "'language' must be a language tag"),
    ],
)
def test_field_shapes_are_checked(tmp_path, extra, expected):
    base = VALID if not extra.startswith("myths") else VALID.split("myths:")[0] + LABELS
    [problem] = problems_in(tmp_path, base + extra)
    assert expected in problem


@pytest.mark.parametrize(
    ("extra", "direction"),
    [
        ("", "ltr"),
        ("language: cy\n", "ltr"),
        ("language: ur\n", "rtl"),
        ("language: ar-EG\n", "rtl"),
        ("language: ckb\n", "rtl"),
        ("language: ur\ndirection: ltr\n", "ltr"),
        ("language: en-GB\ndirection: rtl\n", "rtl"),
    ],
)
def test_direction_is_the_files_own_or_else_its_languages(tmp_path, extra, direction):
    path = tmp_path / "myths.yml"
    path.write_text(VALID + extra, encoding="utf-8")
    assert load_content(path).direction == direction


def test_a_direction_other_than_rtl_or_ltr_is_refused_with_its_place(tmp_path):
    line = len(VALID.splitlines()) + 1
    assert problems_in(tmp_path, VALID + "direction: right-to-left\n") == [
        f"{line}:12: 'direction' must be rtl (right to left) or ltr (left to right), "
        "got 'right-to-left'"
    ]


def test_links_other_than_web_mail_or_phone_are_refused(tmp_path):
    text = VALID.replace("source: Source", "source: '[see](ftp://files.example.org/x)'")
    [problem] = problems_in(tmp_path, text)
    assert "links to 'ftp://files.example.org/x'" in problem


def test_a_field_left_empty_is_reported_at_its_own_line_not_the_next_one(tmp_path):
    """YAML places an empty value at the next token: the error named the next key's line."""
    text = VALID.replace("rebuttal: No - first", "rebuttal:\n\n  - id: two\n    myth: Two\n"
                         "    rebuttal: No")  # fmt: skip
    assert problems_in(tmp_path, text) == ["8:5: 'myths[1].rebuttal' must be text, got nothing"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "1:1: is empty (or holds only comments): a content file is a set of fields"),
        ("- title: Guide\n", "1:1: is a list (its lines start with -): a content file is"),
        (VALID.replace("  - id: one", "  - one\n  - id: one"), "6:5: myths[1] must be a myth:"),
        (VALID.replace("labels:", "labels: Myth\nx:"), "'labels' must be a set of labels"),
    ],
)
def test_a_file_or_field_of_the_wrong_shape_says_so_without_jargon(tmp_path, text, expected):
    """'must be a mapping', and a Python tuple of field names, meant nothing to the
    people who edit these files; an empty file was not called empty."""
    problems = problems_in(tmp_path, text)
    assert any(problem.startswith(expected) or expected in problem for problem in problems)
    assert not any("mapping" in problem or "('id'" in problem for problem in problems)


def test_a_javascript_link_is_refused_at_its_address_not_printed_as_typed(tmp_path):
    """markdown-it leaves such a link as literal text, so it passed `check` and printed as
    "fully [effective](javascript:void) unless" on the poster."""
    text = VALID.replace("rebuttal: No - first", "rebuttal: No - [first](javascript:void)")
    assert problems_in(tmp_path, text) == [
        "8:28: 'myths[1].rebuttal' links to 'javascript:void'; only http(s), mailto and tel "
        "links are allowed: link to a web page (https://...), an email address (mailto:...) "
        "or a phone number (tel:...), or remove the link"
    ]


@pytest.mark.parametrize(
    ("link", "column", "typed", "why"),
    [
        ("[first](https://example.org/a b)", 20, "[first](https://example.org/a b)", "has a space"),
        ("[first](https://example.org", 20, "[first](https://example.org", "does not close"),
    ],
)
def test_a_link_markdown_cannot_read_is_refused_as_it_would_print_brackets(
    tmp_path, link, column, typed, why
):
    text = VALID.replace("rebuttal: No - first", f"rebuttal: No - {link} today")
    [problem] = problems_in(tmp_path, text)
    assert problem.startswith(f"8:{column}: 'myths[1].rebuttal': '{typed}' {why}")
    assert problem.endswith(
        "so it would print as typed, brackets and all: write a link as "
        "[words](https://address), with no spaces in the address and both brackets closed; "
        "or, to print the brackets, write them \\[ and \\]"
    )


@pytest.mark.parametrize(
    "written",
    [
        "See \\[1\\](note) below.",  # Markdown's way to print a bracket
        "See [HM Government (https://www.gov.uk)] below.",  # an aside, closed
    ],
)
def test_brackets_meant_as_brackets_are_neither_error_nor_warning(tmp_path, written):
    path = tmp_path / "myths.yml"
    text = VALID.replace("rebuttal: No - first", f"rebuttal: No - first. {written}")
    path.write_text(text, encoding="utf-8")
    assert load_content(path).findings == ()


def test_words_in_an_unclosed_square_bracket_before_an_address_are_a_warning(tmp_path):
    path = tmp_path / "myths.yml"
    text = VALID.replace("rebuttal: No - first", "rebuttal: No - [first(https://example.org)")
    path.write_text(text, encoding="utf-8")
    [finding] = load_content(path).findings
    assert str(finding) == (
        f"Warning: {path}:8:20: 'myths[1].rebuttal': '[first(https://example.org)' opens a "
        "square bracket it does not close, so it prints as typed: if it is meant as a link, "
        "write it as [words](https://address)"
    )


def test_inline_markdown_parses_into_one_small_model():
    assert parse_inline("No - **must** read *this* [NSPCC](https://www.nspcc.org.uk)") == (
        Span("No - "),
        Span("must", strong=True),
        Span(" read "),
        Span("this", emphasis=True),
        Span(" "),
        Span("NSPCC", href="https://www.nspcc.org.uk"),
    )


@pytest.mark.parametrize(
    ("text", "held"),
    [
        ("Myth-busting guide to information sharing", "guide to information\u00a0sharing"),
        ("Consent is needed to **share personal** data", "share personal\u00a0data"),
        ("Consent is needed to share **personal data**", "to share personal\u00a0data"),
        ("Two words", "Two words"),  # held whole, it could not wrap at all
        # Too long to hold: a narrow column would break it mid-word.
        ("One extraordinarily longwordsindeed", "One extraordinarily longwordsindeed"),
        ("One", "One"),
    ],
)
def test_a_heading_s_last_two_words_are_held_together(text, held):
    inline = last_words_held(parse_inline(text))
    assert plain_text(inline).endswith(held)
    assert plain_text(inline).replace("\u00a0", " ") == plain_text(parse_inline(text))
    assert [(span.strong, span.href) for span in inline] == [
        (span.strong, span.href) for span in parse_inline(text)
    ]


def test_raw_html_in_content_is_printed_as_literal_text():
    inline = parse_inline('Call <b>now</b> <img src="file:///etc/passwd"> & go')
    assert plain_text(inline) == 'Call <b>now</b> <img src="file:///etc/passwd"> & go'
    html = str(inline_html(inline))
    assert "<b>" not in html and "<img" not in html
    assert "&lt;b&gt;now&lt;/b&gt;" in html


def test_printed_links_show_their_address_unless_the_words_already_do():
    html = str(
        inline_html(
            parse_inline(
                "[NSPCC](https://www.nspcc.org.uk) or [www.nspcc.org.uk](https://www.nspcc.org.uk/)"
            )
        )
    )
    assert html.replace("\u200b", "").count("(www.nspcc.org.uk)") == 1
