"""The kit form: its fields, what a partnership typed into them, and where each problem with a
kit belongs on it."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import ERROR, WARNING, Finding, Problem
from ..inputs.brand import Brand, slug_for
from ..inputs.checks import FontFallback, LowContrast
from ..inputs.colors import Rgb
from .scripts import EXAMPLES, LANGUAGE_SCRIPTS, language_scripts, main_script, script_name
from .tidy import tidy_line, tidy_lines, unprintable
from .uploads import FIELD_LIMIT
from .wording import form_words

# The form's fields and their labels, exactly as the page shows them.
LABELS = {
    "name": "Partnership name",
    "short_name": "Short name",
    "website": "Website",
    "language": "Language of your own words",
    "primary": "Main colour",
    "secondary": "Second colour",
    "logo": "Logo",
    "logo_alt": "Logo description",
    "contacts": "Contacts",
    "qr": "QR code address",
    "review": "Review note",
    "saved_kit": "Open a saved kit",
    "shipped_kit": "Kits that come with mythprint",
}
TEXT_FIELDS = (
    "name", "short_name", "website", "primary", "secondary", "logo_alt", "qr", "review",
)  # fmt: skip
DEFAULT_PRIMARY = "#005a70"
DEFAULT_SECONDARY = "#7a2958"
MAX_TEXT = 200
MAX_CONTACTS = 8
WEB_ADDRESS = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
BARE_DOMAIN = re.compile(r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:/\S*)?$", re.IGNORECASE)
HEX_DIGITS = re.compile(r"^(?:[0-9a-f]{3}){1,2}$", re.IGNORECASE)
# The colon between what a contact is for and its number: the last one not in "https://".
CONTACT_COLON = re.compile(r":(?!//)")
CONTACT_EXAMPLE = "Out of hours: 01632 960456"
# The languages the partnership's own words may be in, by the tag the kit says, with the
# name the list shows. English is written into a kit as en-GB, never left unsaid: the kit
# then says what the form showed, and a pack of several languages made from it later marks
# the words English on its Welsh pages too, rather than as the first language's.
LANGUAGES = {"en-GB": "English", "cy": "Cymraeg (Welsh)"}
DEFAULT_LANGUAGE = "en-GB"
# The fields that hold the partnership's own words, which the language names.
OWN_WORDS = ("name", "short_name", "logo_alt", "contacts", "review")


@dataclass(frozen=True)
class KitFields:
    """The form as the partnership filled it in: text as typed, contacts one a line."""

    name: str = ""
    short_name: str = ""
    website: str = ""
    primary: str = DEFAULT_PRIMARY
    secondary: str = DEFAULT_SECONDARY
    logo_alt: str = ""
    contacts: str = ""
    qr: str = ""
    language: str = DEFAULT_LANGUAGE
    review: str = ""  # a note printed with the source line: who approved it, and when

    @property
    def contact_lines(self) -> tuple[tuple[str, str], ...]:
        return parse_contacts(self.contacts)[0]


@dataclass(frozen=True)
class Notice:
    """Something the page says: about one field (or none), an error or a warning."""

    field: str | None
    level: str  # "error" or "warning"
    text: str
    shade: str | None = None  # a colour that passes, offered as a one-click fix


def read_fields(
    form: dict[str, str],
    previous: KitFields,
    too_long: Collection[str] = (),
    kit_language: str | None = None,
) -> tuple[KitFields, list[Notice]]:
    """The fields from a submitted form, tidied, and a notice for each one that is wrong.

    Text pasted from Word or Excel is tidied first (see tidy.py), so that what cannot be
    seen is never what is wrong. A colour comes as a picker and a hex text field: the one
    the partnership changed wins. A field in `too_long` came far longer than any field can
    be, and was not read: it keeps its value from before, and says why. The language is
    one the list offers, `kit_language` (the kit's own) among them.
    """
    values = {name: tidy_line(form.get(name, "")) for name in TEXT_FIELDS}
    values["contacts"] = tidy_lines(form.get("contacts", ""))
    unread = [name for name in values if name in too_long]
    values.update({name: getattr(previous, name) for name in unread})
    problems = [Notice(name, ERROR, _too_long_words(name)) for name in unread]
    for name in ("primary", "secondary"):
        typed, picked = values[name], form.get(f"{name}_picker", "").strip()
        if picked and typed.lower() == getattr(previous, name).lower() and picked != typed:
            values[name] = picked
    for name in TEXT_FIELDS:
        if problem := _text_problem(values[name]):
            problems.append(Notice(name, ERROR, problem))
    given = None if "language" in too_long else form.get("language", previous.language)
    values["language"] = _chosen_language(given, previous.language, kit_language, problems)
    # Every field is read, so that one field's problem does not hide another's.
    fields, found = _tidy(KitFields(**values))
    said = {notice.field for notice in problems}
    return fields, [*problems, *(notice for notice in found if notice.field not in said)]


def language_choices(kit_language: str | None, chosen: str | None) -> dict[str, str]:
    """The languages the list offers, by tag: English and Welsh, then the language of the kit
    in place and the one chosen, where either is another, named by its tag."""
    others = [tag for tag in (kit_language, chosen) if tag and tag not in LANGUAGES]
    return {**LANGUAGES, **{tag: tag for tag in others}}


def _chosen_language(
    given: str | None, previous: str, kit_language: str | None, problems: list[Notice]
) -> str:
    """The language chosen in the list, or, for a value the list never offered (a form
    tampered with, or far too long), the one from before, and a notice said beside it."""
    offered = language_choices(kit_language, previous)
    if given in offered:
        return given
    names = list(offered.values())
    listed = ", ".join(names[:-1]) + f" or {names[-1]}"
    problems.append(
        Notice("language", ERROR, f"Choose one of the languages in the list: {listed}.")
    )
    return previous


def script_notice(fields: KitFields) -> Notice | None:
    """A warning beside the language when fields of the partnership's own words are mostly
    in a script the language chosen is not written in (Urdu, in Arabic script, with English
    chosen): the kit would mark them as that language, and screen readers read them in its
    voice. It names those fields, and how to mark them as their own language (see
    scripts.py for which scripts a language is written in)."""
    expected = language_scripts(fields.language)
    if expected is None:
        return None  # a language of the kit's own, whose scripts this does not know
    found: dict[str, str] = {}
    for name in OWN_WORDS:
        text = getattr(fields, name)
        if name == "contacts":
            text = " ".join(label for label, _ in fields.contact_lines)
        if script := main_script(text, expected):
            found[LABELS[name]] = script
    if not found:
        return None
    labels, codes = list(found), sorted(set(found.values()), key=script_name)
    named = labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} and {labels[-1]}"
    verb = "is" if len(labels) == 1 else "are"
    language = LANGUAGES.get(fields.language, f"the language ‘{fields.language}’")
    voice = _voice(language) if fields.language in LANGUAGES else f"the voice of {language}"
    script = " and ".join(script_name(code) for code in codes)
    return Notice(
        "language",
        WARNING,
        f"{named} {verb} mostly in {script} script, but this list says your own words are "
        f"in {language}, which is not written in it: screen readers would read them in "
        f"{voice}, and the web edition would mark them as {language}. "
        + _how_to_mark(fields, codes),
    )


def _how_to_mark(fields: KitFields, codes: list[str]) -> str:
    """How to mark the words as the language they are in: by this list, for English or Welsh,
    else in the kit's file, with an example code for each script (never the code the kit
    has already)."""
    primary = fields.language.replace("_", "-").split("-")[0].lower()
    own = LANGUAGE_SCRIPTS.get(primary, ())
    examples = []
    for code in codes:
        if code in own:  # the language itself, in another of its scripts: pa-Arab, pa-Guru
            tag, said = f"{primary}-{code}", f", the same language in {script_name(code)} script"
        elif code in EXAMPLES:
            tag, said = EXAMPLES[code][0], f" for {EXAMPLES[code][1]}"
        else:
            continue
        if tag.lower() != fields.language.lower():
            examples.append(f'language: "{tag}"{said}')
    example = f" ({' or '.join(examples)})" if examples else ""
    edit = (
        f"download the pack, open brands/{pack_name(fields)}/_brand.yml in it, change "
        f'language: "{fields.language}" to the code of the language they are in{example}, '
        "then open the kit here again: this list then offers it."
    )
    offered = list(LANGUAGES.values())
    if codes == ["Latn"] and "Latn" not in own:
        either = " or ".join(offered)
        return f"If they are in {either}, choose it in this list; for another language, {edit}"
    both = " and ".join(offered)
    return f"This list offers {both}. To mark your words as another language, {edit}"


def _voice(language: str) -> str:
    return f"an {language} voice" if language[:1] in "AEIOU" else f"a {language} voice"


def _too_long_words(name: str) -> str:
    pasted = f"More than {FIELD_LIMIT // 1024} KB was pasted here"
    if name == "contacts":
        return (
            f"{pasted}, far more than contacts can be, so it was not kept: give at most "
            f"{MAX_CONTACTS}, one a line, each of at most {MAX_TEXT} characters."
        )
    return f"{pasted}, so it was not kept: make it at most {MAX_TEXT} characters long."


def _too_long(text: str, make: str = "Make") -> str:
    """What to do with a text over MAX_TEXT characters, and how far over it is."""
    return f"{make} it at most {MAX_TEXT} characters long: this has {len(text)}"


def _text_problem(value: str) -> str | None:
    if len(value) > MAX_TEXT:
        return _too_long(value)
    if character := unprintable(value):
        return _unprintable_words(character, "Remove")
    return None


def _unprintable_words(character: str, remove: str = "remove") -> str:
    return (
        f"{remove} the character {character}, which does not print (it may have come with "
        "text copied from another program)"
    )


def _tidy(fields: KitFields) -> tuple[KitFields, list[Notice]]:
    problems = []
    if not fields.name:
        problems.append(Notice("name", ERROR, "Enter your partnership's name"))
    changes = {}
    for name in ("website", "qr"):
        value = getattr(fields, name)
        if value and BARE_DOMAIN.match(value):
            value = changes[name] = "https://" + value  # "www.x.gov.uk" means the web page
        if value and not WEB_ADDRESS.match(value):
            problems.append(
                Notice(
                    name,
                    ERROR,
                    "Give the whole web address, starting https://, "
                    "for example https://www.northshire.gov.uk",
                )
            )
    if not fields.website:
        problems.append(Notice("website", ERROR, "Enter your partnership's website"))
    for name in ("primary", "secondary"):
        try:
            changes[name] = Rgb.parse(_with_hash(getattr(fields, name))).hex
        except ValueError:
            typed = getattr(fields, name)
            said = (
                f"'{typed}' is not a colour; write it"
                if typed
                else "Enter a colour: pick it, or type it"
            )
            problems.append(
                Notice(name, ERROR, f"{said} as # and six hex digits, for example #005a70")
            )
    contacts, problem = parse_contacts(fields.contacts)
    if problem:
        problems.append(Notice("contacts", ERROR, problem))
    return replace(fields, **changes), problems


def _with_hash(colour: str) -> str:
    """A colour's code as CSS reads it: "005a70" or "05a", typed without '#', gets one."""
    return f"#{colour}" if HEX_DIGITS.match(colour) else colour


def parse_contacts(text: str) -> tuple[tuple[tuple[str, str], ...], str | None]:
    """One contact a line, "what it is for: number"; the first line that is not, explained."""
    contacts = []
    lines = [line.strip() for line in text.splitlines()]
    for number, line in enumerate(lines, start=1):
        if not line:
            continue
        colons = list(CONTACT_COLON.finditer(line))
        if not colons:
            return (), (
                f"Line {number} ('{line}') has no colon: write what the number is "
                f"for, a colon, then the number, for example '{CONTACT_EXAMPLE}'"
            )
        label, value = line[: colons[-1].start()].strip(), line[colons[-1].end() :].strip()
        if not label or not value:
            missing = "nothing before its colon" if not label else "no number after its colon"
            return (), (
                f"Line {number} ('{line}') has {missing}: write what the number "
                f"is for, a colon, then the number, for example '{CONTACT_EXAMPLE}'"
            )
        if len(line) > MAX_TEXT:
            return (), f"Line {number}: {_too_long(line, 'make')}"
        if character := unprintable(line):
            return (), f"Line {number}: {_unprintable_words(character)}"
        contacts.append((label, value))
    if len(contacts) > MAX_CONTACTS:
        return (), f"Give at most {MAX_CONTACTS}: more would crowd every poster"
    return tuple(contacts), None


def fields_of(brand: Brand) -> KitFields:
    """The form filled in from a kit, so that a kit opened from a file can be edited."""
    data = brand.source.data if brand.source is not None else {}
    name = (data.get("meta") or {}).get("name")
    short = name.get("short", "") if isinstance(name, dict) else ""
    settings = (data.get("defaults") or {}).get("mythprint") or {}
    qr = settings.get("qr") if isinstance(settings, dict) else None
    return KitFields(
        name=brand.name or "",
        short_name=str(short or ""),
        website=brand.home or "",
        primary=brand.palette.accent,
        secondary=brand.palette.myth,
        logo_alt=brand.logo.alt if brand.logo else "",
        contacts="\n".join(f"{c.label}: {c.value}" for c in brand.contacts),
        qr=qr if isinstance(qr, str) else "",
        language=brand.language or DEFAULT_LANGUAGE,
        review=brand.review_note or "",
    )


def pack_name(fields: KitFields) -> str:
    """A folder name for the kit in the pack, from its short name or name: 'northshire-scp'."""
    slug = slug_for(fields.short_name or fields.name)[:40].strip("-")
    return slug or "my-partnership"


# --- where each finding goes on the form ---

COLOUR_FIELDS = {("color", "primary"): "primary", ("color", "secondary"): "secondary"}
KEY_FIELDS = {
    ("logo",): "logo",
    ("meta", "link", "home"): "website",
    ("defaults", "mythprint", "qr"): "qr",
    ("defaults", "mythprint", "review"): "review",
}


def place_findings(
    findings: list[Finding],
    fields: KitFields,
    kit_folder: Path,
    file_names: dict[str, str] | None = None,
) -> list[Notice]:
    """Each `check` finding as a notice beside the field it concerns, in the form's words
    (see wording.py) or else the CLI's; a file of the kit named as the partnership's own
    file (see `named`)."""
    notices = []
    for finding in _one_per_colour(findings):
        for place in _places(finding, fields):
            # Beside its field the place is plain, in the form's words where it has its own;
            # on its own it says file, line and column.
            if place:
                typed = str(getattr(fields, place, ""))
                text = form_words(finding, typed) or finding.problem.message
            else:
                text = problem_words(finding.problem, kit_folder)
            text = named(text, file_names or {})
            notices.append(Notice(place, finding.level, text, finding.shade))
    return notices


def _one_per_colour(findings: list[Finding]) -> list[Finding]:
    """`findings`, with the contrast findings of each colour of the form made one: one
    colour to change, said once, with every use it is too pale (or too dark) for, the
    worst contrast among them, and the shade that fixes it."""
    merged: list[Finding] = []
    first: dict[tuple, int] = {}  # the place in `merged` of each colour's finding
    for finding in findings:
        colour = tuple(finding.keys[:2])
        if not isinstance(finding.detail, LowContrast) or colour not in COLOUR_FIELDS:
            merged.append(finding)
        elif colour not in first:
            first[colour] = len(merged)
            merged.append(finding)
        else:
            said = merged[first[colour]]
            worst = min(said, finding, key=lambda each: each.detail.ratio)
            where = f"{said.detail.where}, and for {finding.detail.where}"
            merged[first[colour]] = replace(worst, detail=replace(worst.detail, where=where))
    return merged


def named(text: str, file_names: dict[str, str]) -> str:
    """`text` with each of the kit's files named as the file it was chosen from: "logo
    logo.png is 120×60 pixels" says "logo 'Northshire logo.png' is 120×60 pixels"."""
    for kit_file, own in file_names.items():
        pattern = rf"(?<![\w./-])'?{re.escape(kit_file)}'?(?![\w/-])"
        text = re.sub(pattern, lambda _, own=own: f"'{own}'", text)
    return text


def _places(finding: Finding, fields: KitFields) -> list[str | None]:
    keys = tuple(finding.keys)
    if keys[:2] in COLOUR_FIELDS:
        return [COLOUR_FIELDS[keys[:2]]]
    if keys[:3] == ("defaults", "mythprint", "contacts"):
        return ["contacts"]
    if keys == ("defaults", "mythprint", "qr") and not fields.qr:
        return []  # the QR code opens the website, and the website has its own notice
    if keys in KEY_FIELDS:
        return [KEY_FIELDS[keys]]
    if keys == ("typography",) and finding.characters:
        # The fonts lack characters: beside each field that holds one; else the guide's text.
        typed = {
            "name": fields.name + fields.short_name,
            "contacts": fields.contacts,
            "website": fields.website,
            "qr": fields.qr,
            "review": fields.review,
        }
        found = [name for name, text in typed.items() if set(finding.characters) & set(text)]
        if isinstance(finding.detail, FontFallback):
            found = found[:1]  # nothing to fix: said once, where its letters are first
        return found or [None]
    return [None]


def problem_words(problem: Problem, kit_folder: Path) -> str:
    """A problem as the CLI says it, its file named inside the kit (never the server's
    temporary folder): '_brand.yml:12:12: ...'."""
    try:
        where = Path(problem.file).resolve().relative_to(Path(kit_folder).resolve()).as_posix()
    except (ValueError, OSError):
        where = Path(problem.file).name
    return str(replace(problem, file=where))
