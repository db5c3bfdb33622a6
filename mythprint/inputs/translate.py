"""The translator's round trip: the content as a gettext PO file, and a PO file back as content.

A PO file opens in Poedit, Weblate and the tools translation agencies use. Each entry is one
string of the source content: its context names where it is ("myths.consent.rebuttal",
"labels.myth_number"), its msgid is the English, and an extracted comment keeps a hash of
that English. The content file an import writes keeps those hashes under `translated_from`,
so that `check` can say which translations the English has since overtaken.
"""

import codecs
import functools
import io
import re
from dataclasses import dataclass
from pathlib import Path

import polib
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..batch.output import write_atomic
from ..errors import WARNING, ContentError, Finding, InputError, MythprintError, Problem
from ..paths import DEFAULT_CONTENT, display_path
from .content import Content, primary_language, read_content, tidy_language_tag
from .labels import LABELS, MONTHS, TRANSLATOR_NOTES, placeholder_problem
from .translations import EDITION, TRANSLATED_FROM, entries, source_hash
from .yamladvice import lines_of
from .yamlsource import YamlFile, position, value_position


class TranslationError(InputError):
    """A PO file cannot become a content file: an entry lacks its translation, say."""


def po_path_for(source: Path, language: str) -> Path:
    """Where `translate export` writes by default: content/myths.cy.po for content/myths.yml."""
    return source.with_name(f"{source.stem}.{language}.po")


def content_path_for(source: Path, language: str) -> Path:
    """Where a translation's content file lives: content/myths.cy.yml for content/myths.yml."""
    return source.with_name(f"{source.stem}.{language}{source.suffix}")


@dataclass(frozen=True)
class Exported:
    """What an export wrote, for the line that tells the translator's work."""

    strings: int
    to_check: int  # translated from English that has changed since: marked fuzzy
    to_translate: int

    def summary(self, language: str) -> str:
        if self.to_translate == self.strings:
            return f"{self.strings} strings to translate into {language}"
        if not self.to_check and not self.to_translate:
            return f"{self.strings} strings for {language}, all translated and up to date"
        work = []
        if self.to_check:
            work.append(f"{self.to_check} to check (their English changed)")
        if self.to_translate:
            work.append(f"{self.to_translate} to translate")
        return f"{self.strings} strings for {language}: " + ", ".join(work)


def export_po(source_path: Path, language: str, out: Path) -> Exported:
    """Write the source's every string to the PO file `out`, and say how many are left to do.

    Where a translation into `language` is already beside the source, its strings fill the
    msgstrs; one whose English has changed since is marked fuzzy, for the translator to check.
    A PO file already at `out` is replaced only if it holds no translation that would be lost;
    its translators' comments and header fields are kept.
    """
    source, yaml = read_content(source_path)
    own = source.language.lower()
    if language.lower() in (own, own.split("-")[0]):
        raise MythprintError(
            f"{yaml.name}: its text is already in {source.language}; give the language to "
            "translate it into, such as cy"
        )
    existing = content_path_for(source_path, language)
    translated = _translated(existing) if existing.is_file() else {}
    po = _po_file(yaml, source.plain_title, language, translated)
    if out.is_file():
        _carry_over(_previous_po(out, source_path, po), po)
    write_atomic(out, str(po).encode("utf-8"))
    return Exported(
        strings=len(po),
        to_check=sum(1 for entry in po if entry.fuzzy),
        to_translate=sum(1 for entry in po if not entry.msgstr),
    )


def _po_file(
    yaml: YamlFile, title: str, language: str, translated: dict[str, tuple[str, str | None]]
) -> polib.POFile:
    po = polib.POFile()
    po.header = (
        f"Translation of {yaml.name} for mythprint, into {language}.\n"
        "Translate each msgstr. Keep **bold**, *italic* and [links](...) as they are, and keep\n"
        "each {placeholder} of a label, in any order."
    )
    po.metadata = {
        "Project-Id-Version": f"mythprint {title}",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    source_lines = lines_of(yaml.text)
    for context, entry in entries(yaml.data).items():
        line = position(entry.node, entry.key)[0]
        notes = [f"source-hash: {entry.hash}"]
        flags = []
        label = context.removeprefix("labels.")
        placeholders = LABELS.get(label, ())
        if context.startswith("labels."):
            notes += _explained(source_lines, line)
        if context.startswith("labels.") and label in TRANSLATOR_NOTES:
            notes.append(TRANSLATOR_NOTES[label])
        if context.startswith("labels.") and placeholders:
            notes.append("placeholders: " + ", ".join(f"{{{p}}}" for p in placeholders))
            flags.append("python-brace-format")  # so that PO tools check the placeholders
        msgstr, their_hash = translated.get(context, ("", None))
        if msgstr and their_hash != entry.hash:
            flags.append("fuzzy")  # translated from other English: for the translator to check
        po.append(
            polib.POEntry(
                msgctxt=context,
                msgid=entry.text,
                msgstr=msgstr,
                comment="\n".join(notes),
                occurrences=[(yaml.name, str(line))],
                flags=flags,
            )
        )
    return po


def _explained(lines: list[str], line: int) -> list[str]:
    """The source's comment over the label at `line` (1-based, of the source's `lines`) and
    the labels after it, such as "# Before each myth and each fact in the Word handout.":
    where the label prints, which tells "Myth" from "Myth:" and "Contacts" from "Find out
    more", for the translator. None above it up to `labels:`, none."""
    index = line - 2
    while index >= 0 and not lines[index].lstrip().startswith("#"):
        if lines[index] and not lines[index][0].isspace():
            return []  # `labels:` itself, or a key outside the labels
        index -= 1
    block = []
    while index >= 0 and lines[index].lstrip().startswith("#"):
        block.insert(0, lines[index].lstrip().removeprefix("#").strip())
        index -= 1
    return [" ".join(block)] if block else []


def _previous_po(out: Path, source_path: Path, po: polib.POFile) -> polib.POFile:
    """The PO file already at `out`, if export may replace it: one holding translations that
    `po` lacks is the translator's work, not yet imported, and one it cannot read is unknown."""
    name = display_path(out)
    try:
        previous = _read_po(out)
    except TranslationError as error:
        message = (
            "export leaves a file it cannot read as it is: move it away, or write the PO "
            "file elsewhere with --out"
        )
        raise TranslationError([*error.problems, Problem(name, None, None, message)]) from None
    ours = {entry.msgctxt: " ".join(entry.msgstr.split()) for entry in po}
    lost = 0
    for entry in previous:
        text = " ".join(entry.msgstr.split())
        if text and not entry.obsolete and ours.get(entry.msgctxt) != text:
            lost += 1
    if lost:
        command = f"mythprint translate import {name}"
        if source_path.resolve() != DEFAULT_CONTENT.resolve():
            command += f" --content {display_path(source_path)}"
        held = "1 translation that has" if lost == 1 else f"{lost} translations that have"
        message = (
            f"holds {held} not been imported, which export would lose; import it first "
            f"({command}), or move it away or delete it to export afresh"
        )
        raise TranslationError([Problem(name, None, None, message)])
    return previous


_KEPT_HEADER = ("PO-Revision-Date", "Last-Translator", "Language-Team")


def _carry_over(previous: polib.POFile, po: polib.POFile) -> None:
    """What translators add to the file export replaces: each entry's translator comment, and
    the header's who and when (Last-Translator, Language-Team, PO-Revision-Date, X- fields)."""
    comments = {entry.msgctxt: entry.tcomment for entry in previous if not entry.obsolete}
    for entry in po:
        entry.tcomment = comments.get(entry.msgctxt) or ""
    for field, value in previous.metadata.items():
        if field in _KEPT_HEADER or field.startswith("X-"):
            po.metadata[field] = value


def _translated(path: Path) -> dict[str, tuple[str, str | None]]:
    """A translation's strings by context, each with the hash of the English it translates."""
    try:
        _, yaml = read_content(path)
    except ContentError as error:
        raise TranslationError(
            [*error.problems, Problem(display_path(path), None, None, _FIX_FIRST)]
        ) from None
    record = yaml.data.get(TRANSLATED_FROM)
    record = record if isinstance(record, CommentedMap) else {}
    return {
        context: (entry.text, str(record[context]) if context in record else None)
        for context, entry in entries(yaml.data).items()
    }


_FIX_FIRST = "the translation already here is broken; fix it, or move it away, and export again"


@dataclass(frozen=True)
class Imported:
    """What an import wrote, and what the translator should look at again."""

    path: Path
    warnings: tuple[Finding, ...]


def import_po(po_path: Path, source_path: Path, out: Path | None) -> Imported:
    """Write the content file that the PO file's translations make, and say where.

    Every entry must have its translation; nothing is written unless the whole file is good.
    """
    po = _read_po(po_path)
    name = display_path(po_path)
    language = _language(po, po_path)
    source, yaml = read_content(source_path)
    out = out or content_path_for(source_path, language)
    if out.resolve() == source.path.resolve():
        raise MythprintError(f"{display_path(out)}: refused to write a translation over its source")
    strings, hashes = _translations(po, name, yaml)
    text = _content_yaml(yaml, language, strings, hashes, name)
    try:
        read_content(out, text)
    except ContentError as error:  # a mistake of ours: nothing is written
        message = "the content file it would make is not valid: "
        problems = [Problem(name, None, None, message + str(p)) for p in error.problems]
        raise TranslationError(problems) from None
    write_atomic(out, text.encode("utf-8"))
    return Imported(out, _left_in_english(po, name, language))


# NAME.LANG.po, as export names it (myths.cy.po), or as gettext writes a tag (myths.pt_BR.po).
_PO_NAME = re.compile(r"^[^.]+\.(?P<language>[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*)\.po$")


def _language(po: polib.POFile, path: Path) -> str:
    """The language a PO file is in: its header's `Language`, which its name must agree with.

    A tag with a region or script and the same tag without are one language, and the
    shorter wins: Poedit writes `Language: pl_PL` for a translator who picks "Polish (Poland)" in
    the file `translate export pl` wrote, and following it would write myths.pl-PL.yml
    beside myths.pl.yml, a second Polish translation, the first left out of date; and a
    file saved as myths.cy-final.po, its header cy, is in cy. A name that names no language
    the system knows (myths.new.po) is not compared. Any other difference (pl and pt, pt-BR
    and pt-PT) is a mistake that would file a translation as another language's: an error,
    and nothing is written.
    """
    name = display_path(path)
    given = po.metadata.get("Language", "").strip()
    header = tidy_language_tag(given)
    named_as = _PO_NAME.match(path.name)
    named = tidy_language_tag(named_as["language"]) if named_as else None
    if header is None and (given or named is None):
        message = f"the header's Language is {given!r}; give a language tag such as cy"
        raise TranslationError(
            [Problem(name, _header_line(path, "Language", po.encoding) or 1, 1, message)]
        )
    if named is None or header is None:
        return header or named
    ours, theirs = named.lower().split("-"), header.lower().split("-")
    if theirs[: len(ours)] == ours:
        return named  # pl in myths.pl.po, for Poedit's pl_PL
    if ours[: len(theirs)] == theirs or ours[0] not in _known_languages():
        return header  # cy in myths.cy-final.po, or myths.new.po: a name the user gave it
    stem = path.name[: named_as.start("language")]
    message = (
        f"the header says Language: {given}, but the file's name says it is in {named}; "
        f"nothing was written. If the translation is in {named}, correct the header's "
        "Language (in Poedit: Translation, Properties, Language); if it is in "
        f"{header}, rename the file {stem}{header}.po and import it again"
    )
    raise TranslationError([Problem(name, _header_line(path, "Language", po.encoding), 1, message)])


@functools.cache
def _known_languages() -> frozenset[str]:
    """The language subtags the system's locale names know (pl, cy, ur, ...): a file
    named myths.new.po, or myths.old.po, names no language, so its name is not compared."""
    import locale

    return frozenset(re.split(r"[_.@]", alias)[0].lower() for alias in locale.locale_alias)


def _header_line(path: Path, field: str, encoding: str) -> int | None:
    """The line of the PO file's header that gives `field`, such as "Language: pl\\n"."""
    text = path.read_bytes().decode(encoding, "replace").removeprefix("\ufeff")
    wanted = re.compile(rf'^\s*"{re.escape(field)}\s*:', re.IGNORECASE)
    for number, line in enumerate(text.splitlines(), 1):
        if wanted.match(line):
            return number
    return None


# Words that are the same in English and the language, listed: more would crowd the line.
_LISTED = 4


def _left_in_english(po: polib.POFile, name: str, language: str) -> tuple[Finding, ...]:
    """A warning naming the translations that are their English word for word: Poedit's
    "copy source" fills an entry so, which gets past the rule that each needs a
    translation, and "Contacts" or "Page {page} of {pages}" would print in a Welsh pack.
    Some words are the same in both ("Myth" in Welsh), so this is no error."""
    same = [
        entry
        for entry in po
        if not entry.obsolete
        and entry.msgstr.split() == entry.msgid.split()
        and any(ch.isalpha() for ch in _PLACEHOLDER.sub("", entry.msgid))
    ]
    if not same:
        return ()
    listed = ", ".join(f"'{entry.msgctxt}' (line {entry.linenum})" for entry in same[:_LISTED])
    more = f" and {len(same) - _LISTED} more" if len(same) > _LISTED else ""
    counted = "1 translation is" if len(same) == 1 else f"{len(same)} translations are"
    named = po.find("labels.language_name", by="msgctxt")  # Cymraeg, as its speakers say it
    spoken = named.msgstr if named is not None and named.msgstr not in ("", named.msgid) else ""
    message = (
        f"{counted} the same as the English: {listed}{more}. If the words are the same in "
        f"{spoken or language}, nothing needs to change; if they were copied to translate later, "
        "translate them and import again"
    )
    return (Finding(WARNING, Problem(name, None, None, message)),)


# What may stand in a string for a translation to keep as it is: a {placeholder}, a web or
# email address, a link's target.
_KEPT_AS_IS = re.compile(r"\{\w+\}|\]\([^)]*\)|https?://\S+|www\.\S+|\S+@\S+\.\S+")
_WORD = re.compile(r"[^\W\d_]+")
# A word this short may be the same in both languages ("Myth" in Welsh, "April" in
# German and Romanian, "OK"); a longer one, alone, rarely is.
_SHORT_WORD = 5
# Left as written, and named twice else: see translations._same_name_findings.
_NAMED_ELSEWHERE = {"labels.language_name"}


def same_as_source(
    source: tuple[Content, YamlFile], translation: tuple[Content, YamlFile]
) -> list[Finding]:
    """A warning naming the strings of a translation that are its source's word for word
    (import warned of them, and a "copy source" left in a PO file brings them): they print
    in English marked as the translation's language, and a screen reader reads them in its
    voice. Strings that are rightly the same are left out: see `_rightly_the_same`."""
    (ours, yaml), (theirs, source_yaml) = translation, source
    if primary_language(ours.language) == primary_language(theirs.language):
        return []  # en-US from en-GB: most of it is the same
    english = entries(source_yaml.data)
    same = [
        entry
        for context, entry in entries(yaml.data).items()
        if context not in _NAMED_ELSEWHERE
        and context in english
        and entry.text == english[context].text
        and not _rightly_the_same(entry.text)
    ]
    if not same:
        return []
    first = value_position(same[0].node, same[0].key)
    listed = ", ".join(
        f"'{entry.context}' (line {value_position(entry.node, entry.key)[0]})"
        for entry in same[:_LISTED]
    )
    more = f" and {len(same) - _LISTED} more" if len(same) > _LISTED else ""
    counted = "1 string is" if len(same) == 1 else f"{len(same)} strings are"
    spoken = ours.labels.texts.get("language_name") or ours.language
    message = (
        f"{counted} word for word the English of {source_yaml.name}: {listed}{more}. They "
        f"print in English marked as {ours.language}, so a screen reader reads them in a "
        f"{spoken} voice. Translate them (translate export {ours.language}, then translate "
        f"import); if the words are the same in {spoken}, nothing needs to change"
    )
    return [Finding(WARNING, Problem(yaml.name, *first, message))]


def _rightly_the_same(text: str) -> bool:
    """Whether a string may be the same in any language: with no words but placeholders,
    numbers and addresses ("{page}/{pages}", "0300 123 4567"), one short word ("Myth"), or
    only names, each word capitalised ("Data Protection Act 2018", "NSPCC")."""
    words = _WORD.findall(_KEPT_AS_IS.sub(" ", text))
    if not words:
        return True
    if len(words) == 1 and len(words[0]) <= _SHORT_WORD:
        return True
    return len(words) > 1 and all(word[0].isupper() for word in words)


def _read_po(path: Path) -> polib.POFile:
    name = display_path(path)
    if not path.is_file():
        raise TranslationError([Problem(name, None, None, "file not found")])
    data = path.read_bytes()
    if int.from_bytes(data[:4], "little") in (polib.MOFile.MAGIC, polib.MOFile.MAGIC_SWAPPED):
        message = (
            "this is a compiled MO file, not a PO file; ask for the .po file it was made "
            "from, and import that"
        )
        raise TranslationError([Problem(name, None, None, message)])
    encoding = _encoding(data, name)
    problems = _syntax_problems(data.decode(encoding), name)
    if problems:
        raise TranslationError(problems)
    try:
        return polib.pofile(str(path), encoding=encoding)
    except (OSError, ValueError) as exc:
        raise TranslationError([Problem(name, None, None, f"not a PO file ({exc})")]) from None


# A PO file's lines: blank, a comment, a keyword and its text in double quotes, or more of
# the text above, in double quotes. Inside quotes, a quote or backslash is escaped.
_QUOTED = r'"(?:[^"\\]|\\.)*"'
_PO_LINE = re.compile(
    rf"(?:#.*|(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s*{_QUOTED}|{_QUOTED})?"
)


_MSGID = re.compile(r'\s*msgid\s*"')
_OPENED = re.compile(r'\s*(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s*)?"')


def _syntax_problems(text: str, name: str) -> list[Problem]:
    """Each line that is not a PO file's, at its number. polib reads such lines as best it
    can: `msgstr "Ffaith` (its closing quote lost) came in as "Ffait", and every Welsh
    poster would have said so; msgfmt stops at that line, and so does import."""
    lines = text.removeprefix("\ufeff").splitlines()
    if not any(_MSGID.match(line) for line in lines):
        return [Problem(name, None, None, "not a PO file: it has no msgid line")]
    problems = []
    for number, line in enumerate(lines, 1):
        if _PO_LINE.fullmatch(line.strip()):  # stripped: two runs of \s* cost n² on spaces
            continue
        if _OPENED.match(line):
            message = (
                'its text is not one string in double quotes: close it with a " at the end '
                'of the line, and write a " inside the text as \\"'
            )
        else:
            message = (
                "this is not a line of a PO file (a keyword such as msgstr and its text in "
                "double quotes, or a comment starting with #); a line may have been split "
                "or its quotes lost"
            )
        problems.append(Problem(name, number, 1, message))
    return problems


def _encoding(data: bytes, name: str) -> str:
    """The encoding a PO file is in: UTF-16 where Notepad's byte-order mark says so, else
    the charset its header declares (polib finds it), else UTF-8. Its every byte must fit."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = polib.detect_encoding(data, binary_mode=True)
    try:
        data.decode(encoding)
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode(encoding)  # the text before the first bad byte
        line, column = good.count("\n") + 1, len(good) - good.rfind("\n")
        known = {"utf-8": "UTF-8 text", "utf-16": "UTF-16 text"}
        said = known.get(codecs.lookup(encoding).name, f"{encoding} text, as its header says")
        message = (
            f"not {said}: save the file as UTF-8 (in Notepad: File, Save as, "
            "Encoding: UTF-8) and import it again"
        )
        raise TranslationError([Problem(name, line, column, message)]) from None
    return encoding


_PLACEHOLDER = re.compile(r"\{\w+\}")
_NO_CONTEXTS = (
    "its entries have no context (msgctxt) lines, which mythprint needs to know which string "
    "each is: the tool that saved the file dropped them. Export the PO file again, and "
    "translate it in a tool that keeps them (Poedit, Weblate and Lokalise do)"
)
_NO_CONTEXT = (
    "this entry has no context (msgctxt) line, which mythprint needs to know which string it "
    "is; put back the msgctxt line that export wrote above its msgid"
)


def _by_context(po: polib.POFile, name: str) -> tuple[dict[str, polib.POEntry], list[Problem]]:
    """The PO file's entries by context, and the problems of any without one or given twice."""
    current = [entry for entry in po if not entry.obsolete]
    if current and all(entry.msgctxt is None for entry in current):
        raise TranslationError([Problem(name, None, None, _NO_CONTEXTS)])
    found, problems = {}, []
    for entry in current:
        context, line = entry.msgctxt, entry.linenum
        if context is None:
            problems.append(Problem(name, line, 1, _NO_CONTEXT))
        elif context in found:
            message = (
                f"'{context}' is in the file twice, at lines {found[context].linenum} and "
                f"{line}; keep the right translation and delete the other entry"
            )
            problems.append(Problem(name, line, 1, message))
        else:
            found[context] = entry
    return found, problems


def _translations(
    po: polib.POFile, name: str, yaml: YamlFile
) -> tuple[dict[str, str], dict[str, str]]:
    """Each context's translation, and the hash of the English it was made from: every
    problem at once."""
    wanted = entries(yaml.data)
    found, problems = _by_context(po, name)
    strings, hashes = {}, {}
    for context in wanted:
        entry = found.get(context)
        if entry is None:
            problems.append(Problem(name, None, None, f"has no entry for '{context}'"))
            continue
        where = (name, entry.linenum, 1)
        if not entry.msgstr.strip():
            problems.append(Problem(*where, f"no translation for '{context}'"))
        elif entry.fuzzy:
            problems.append(
                Problem(
                    *where,
                    f"the translation of '{context}' is marked fuzzy: check it, "
                    "then clear the flag",
                )
            )
        elif lost := _lost_letter(entry, po.encoding):
            problems.append(Problem(*where, f"the translation of '{context}' {lost}"))
        elif context.startswith("labels.") and context.count(".") == 1:
            problem = placeholder_problem(context.removeprefix("labels."), entry.msgstr)
            if problem:
                problems.append(Problem(*where, f"the translation of '{context}' {problem}"))
        strings[context] = " ".join(entry.msgstr.split())
        hashes[context] = source_hash(" ".join(entry.msgid.split()))
    for context, entry in found.items():
        if context not in wanted:
            problems.append(
                Problem(
                    name,
                    entry.linenum,
                    1,
                    f"'{context}' is not in {yaml.name}; export the PO file again",
                )
            )
    if problems:
        raise TranslationError(problems)
    return strings, hashes


# A question mark between letters: what an editor saving in a legacy charset writes for a
# letter it cannot hold.
_QUESTION_IN_WORD = re.compile(r"\w\?\w|(?<![\w?])\?\w")
_UNICODE = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32")


def _lost_letter(entry: polib.POEntry, encoding: str) -> str:
    """What is wrong with a translation whose letters the file's charset could not hold:
    Windows-1252 ("ANSI" in Notepad) has no ŵ or ŷ, and an editor saving in it wrote "?"
    for each, which import took in as "yn ?yr" without a word. "" if none."""
    if codecs.lookup(encoding).name in _UNICODE:
        return ""
    found = _QUESTION_IN_WORD.search(entry.msgstr)
    if not found or _QUESTION_IN_WORD.search(entry.msgid):
        return ""
    start = entry.msgstr.rfind(" ", 0, found.start()) + 1
    end = entry.msgstr.find(" ", found.end())
    word = entry.msgstr[start : end if end != -1 else None]
    return (
        f"has a ? inside a word ('{word}'): the file was saved as {encoding}, which has no "
        "letter such as ŵ or ŷ, so the tool that saved it wrote ? instead. Save it as UTF-8 "
        "(in Notepad: File, Save as, Encoding: UTF-8), put the letters back, and import it again"
    )


def _content_yaml(
    yaml: YamlFile, language: str, strings: dict[str, str], hashes: dict[str, str], po_name: str
) -> str:
    """The translation as a content file, laid out as the source is."""
    source = yaml.data
    data = CommentedMap()
    data["language"] = language
    for name in ("title", "intro", "lead_in"):
        data[name] = strings[name]
    myths = CommentedSeq()
    for item in source["myths"]:
        myth = CommentedMap()
        myth["id"] = item["id"]
        for field in ("myth", "rebuttal"):
            myth[field] = strings[f"myths.{item['id']}.{field}"]
        myths.append(myth)
    data["myths"] = myths
    data["source"] = strings["source"]
    for name in EDITION:  # the source's, not for translating: check compares them
        if name in source:
            data[name] = source[name]
    labels = CommentedMap()
    for name, value in source["labels"].items():  # in the source's order
        if name == MONTHS:
            labels[name] = [strings[f"labels.{MONTHS}.{n + 1}"] for n in range(len(value))]
        else:
            labels[name] = strings[f"labels.{name}"]
    data["labels"] = labels
    data[TRANSLATED_FROM] = CommentedMap(hashes.items())
    data.yaml_set_start_comment(
        f"The guide in {language}: a translation of {yaml.name}, written by\n"
        f"`mythprint translate import` from {po_name}. Change the translation in the PO\n"
        "file and import it again. translated_from keeps a hash of the English each string\n"
        "was translated from, so that `check` can say when that English changes."
    )
    writer = YAML()
    writer.width = 88
    writer.indent(mapping=2, sequence=4, offset=2)
    buffer = io.StringIO()
    writer.dump(data, buffer)
    return buffer.getvalue()
