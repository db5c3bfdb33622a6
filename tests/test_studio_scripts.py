"""The warning that a kit's own words are in a script their language is not written in: a
language's scripts from its script subtag, or else every script it is written in; letters
read by their Unicode script, as they print; never a code the kit has already."""

import re

import pytest

from mythprint.studio.kitform import KitFields, script_notice

from .studio import Visit, notices_of, running_studio, zip_of

SHAHMUKHI = "پنجاب سیف گارڈنگ پارٹنرشپ"  # Punjabi in Arabic script, as in Pakistan
GURMUKHI = "ਪੰਜਾਬ ਸੇਫ਼ਗਾਰਡਿੰਗ ਪਾਰਟਨਰਸ਼ਿਪ"
KURMANJI = "Komeleya Parastina Zarokan a Bakur"  # Kurdish in Latin letters
SERBIAN_LATIN = "Partnerstvo za zaštitu dece Novi Sad"
SERBIAN_CYRILLIC = "Партнерство за заштиту деце Нови Сад"
URDU = "نارتھ شائر سیف گارڈنگ پارٹنرشپ"
BOLD = "𝐍𝐨𝐫𝐭𝐡𝐬𝐡𝐢𝐫𝐞 𝐒𝐚𝐟𝐞𝐠𝐮𝐚𝐫𝐝𝐢𝐧𝐠 𝐏𝐚𝐫𝐭𝐧𝐞𝐫𝐬𝐡𝐢𝐩"  # pasted in mathematical bold
ENGLISH = "Northshire Safeguarding Partnership"


def warning(language: str, name: str) -> str | None:
    notice = script_notice(KitFields(name=name, language=language))
    return notice.text if notice else None


WRITTEN_IN_THEIR_SCRIPT = [
    ("pa-Arab", SHAHMUKHI),  # the script subtag says Arabic script
    ("pa", SHAHMUKHI),  # Punjabi is written in Gurmukhi and in Arabic script
    ("pa", GURMUKHI),
    ("ku", KURMANJI),
    ("sr", SERBIAN_LATIN),
    ("sr", SERBIAN_CYRILLIC),
    ("sr-Latn", SERBIAN_LATIN),
    ("en-GB", BOLD),
    ("cy", "Ｇｗｙｒ"),  # full-width letters are Latin too
    ("ar", "ــــ ١٢٣"),  # the tatweel and digits are no script's own
]


def test_words_in_a_script_their_language_is_written_in_are_not_warned_of():
    warned = {case: warning(*case) for case in WRITTEN_IN_THEIR_SCRIPT if warning(*case)}
    assert warned == {}


def test_the_warning_names_the_script_unicode_gives_and_the_right_language_to_mark():
    urdu = warning("en-GB", URDU)
    assert urdu.startswith("Partnership name is mostly in Arabic script, but this list says")
    assert 'change language: "en-GB" to the code of the language they are in' in urdu
    assert '(language: "ur" for Urdu)' in urdu
    # Punjabi marked as in Arabic script, in Gurmukhi: the same language, in its other script.
    gurmukhi = warning("pa-Arab", GURMUKHI)
    assert gurmukhi.startswith("Partnership name is mostly in Gurmukhi script")
    assert '(language: "pa-Guru", the same language in Gurmukhi script)' in gurmukhi
    cyrillic = warning("sr-Latn", SERBIAN_CYRILLIC)
    assert '(language: "sr-Cyrl", the same language in Cyrillic script)' in cyrillic
    # Latin words marked Urdu: English and Welsh are in the list itself.
    latin = warning("ur", ENGLISH)
    assert "mostly in Latin script" in latin and "the language ‘ur’" in latin
    assert "If they are in English or Cymraeg (Welsh), choose it in this list" in latin


def test_no_warning_tells_the_partnership_to_set_the_code_the_kit_has():
    said = 0
    for language in ["ur", "ar", "uk", "el", "pa-Arab", "sr-Cyrl", "cy", "pl"]:
        for name in [URDU, GURMUKHI, SERBIAN_CYRILLIC, ENGLISH, "Ελληνικά", BOLD]:
            text = warning(language, name) or ""
            # Said once, as the code to change; never again as the code to change it to.
            assert text.count(f'language: "{language}"') <= 1, text
            assert "Mathematical" not in text, text
            said += bool(text)
    assert said > 20  # most of them are in another script, and warned of


@pytest.fixture(scope="module")
def running(tmp_path_factory):
    with running_studio(tmp_path_factory.mktemp("studio")) as started:
        yield started


def test_through_the_form_serbian_in_latin_and_bold_letters_are_not_warned_of(running):
    kit = (
        f'meta:\n  name: "{SERBIAN_LATIN}"\n  link:\n    home: "https://www.novisad.rs"\n'
        'color:\n  primary: "#2b4c7e"\n'
        'defaults:\n  mythprint:\n    language: "sr"\n'
    ).encode()
    visit = Visit(running)
    zipped = zip_of({"kit/_brand.yml": kit})
    visit.post("/open-saved", files={"saved_kit": ("Novi Sad.zip", zipped, "application/zip")})
    assert 'class="preview"' in visit.page, re.findall(r'class="notice[^>]*>(.*?)<', visit.page)
    assert notices_of(visit.page, "language") == []
    visit = Visit(running)
    visit.preview(name=BOLD)
    assert notices_of(visit.page, "language") == []
    visit.preview(name=URDU)  # still said where it is so
    (said,) = notices_of(visit.page, "language")
    assert "mostly in Arabic script" in said and '(language: "ur" for Urdu)' in said
