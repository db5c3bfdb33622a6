"""Merging: the output folders of several machines, each a share of one batch, into one.

Each kit comes with its record as its own build left it: a kit that failed there comes as
failed, with its errors, even with no file to copy, so that OUT shows what every machine's
build showed. Nothing is laid out. Every source is read and checked whole before anything
is written, so a folder with a missing or changed file, a kit two folders disagree on, or
folders of different texts leave the output folder as it was. The files then go through
the one Writer, atomically, with the manifest, the cache and the gallery after them.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError, OutputError, Problem
from ..inputs.brand import SLUG
from ..paths import display_path
from .output import (
    CACHE,
    MANIFEST,
    UNFINISHED,
    ManifestEntry,
    Writer,
    files_of,
    keep_newest_models,
)
from .records import kits_own
from .stopping import check_stop

# What became of each kit: copied into OUT, already there alike, or put in place of
# OUT's earlier copy; or, for a kit its build made no file of, its failure recorded, or
# passed over as OUT holds the kit's files (built on another machine); or, for a kit its
# build was stopped before, with no file made, recorded as not finished.
COPIED, HELD, REPLACED = "copied", "already there", "replaced"
RECORDED, KEPT, STOPPED = "recorded", "kept", "stopped"
COPY_AGAIN = "copy the folder again from the machine that built it, or build the kit again there"


class MergeError(InputError):
    """Folders that cannot be merged: each problem names its folder or file."""


@dataclass
class Source:
    """One machine's output folder, as its manifest and cache describe it."""

    folder: Path
    shown: str
    entries: dict[str, ManifestEntry]  # by path
    kits: dict[str, dict]  # what the gallery shows of each kit, by slug
    text: dict | None  # what check said of the text, and the pack's file names
    cache: dict  # its CACHE_PARTS (see output.py)
    cached: bool = True  # it has a cache file
    brands_dir: str | None = None  # the kits' folder, as its build named it

    def errors(self, slug: str) -> list[str]:
        """The kit's error lines, each naming its file as the build that failed it did:
        a file of the kit by the kits' folder (brands/northshire/_brand.yml:36:3), a file
        it could not make by its path in the output folder (northshire/poster-a3.pdf)."""
        return [error_line(str(line), slug, self.brands_dir) for line in self._lines(slug)]

    def _lines(self, slug: str) -> list:
        lines = self.record(slug).get("errors")
        return lines if isinstance(lines, list) else []

    def unfinished(self, slug: str) -> bool:
        """Whether its build was stopped before it finished the kit (files missing, or none)."""
        return self.record(slug).get(UNFINISHED) is True

    def kit_files(self, slug: str) -> dict[str, str]:
        """Every file of a kit (outputs and their parts), with its checksum."""
        return {
            path: sha256
            for entry in self.entries.values()
            if entry.brand == slug
            for path, sha256 in files_of(entry).items()
        }

    def record(self, slug: str) -> dict:
        """The kit's entry in the manifest's kits: what the gallery shows, and its errors."""
        info = self.kits.get(slug)
        return info if isinstance(info, dict) else {}

    def failed(self, slug: str) -> bool:
        """Whether the last build of the kit here failed: not built, files not made, or
        not finished, as it was stopped."""
        info = self.record(slug)
        return info.get("not_built") is True or bool(info.get("errors")) or self.unfinished(slug)

    @property
    def slugs(self) -> list[str]:
        """Its kits: those with files, and those whose build failed with none to show."""
        failed = {slug for slug in self.kits if self.failed(slug)}
        return sorted({entry.brand for entry in self.entries.values()} | failed)


@dataclass
class Merged:
    """What a merge did, for the command line to report."""

    kits: dict[str, str] = field(default_factory=dict)  # slug -> COPIED, HELD... (see above)
    files: int = 0  # copied
    notes: list[str] = field(default_factory=list)
    # The kits merged as failed, with what their build could not make, as it recorded it
    failed: dict[str, list[str]] = field(default_factory=dict)
    not_built: list[str] = field(default_factory=list)  # those of them not built at all
    # The kits merged as a stopped build left them, unfinished: by folder, as shown
    unfinished: dict[str, list[str]] = field(default_factory=dict)


def merge_folders(
    folders: list[Path], out: Path, copied: Callable[[str, str, str], None] = lambda *_: None
) -> Merged:
    """Merge each output folder of `folders` into `out`; `copied(slug, folder, state)`
    after each kit (see COPIED). Raises MergeError, before anything is written, if any
    cannot be merged."""
    writer = Writer(out, exclusive=True)
    try:
        if writer.root.is_dir():
            writer.hold()  # before its manifest is read: another run may be writing it
        return _merge_into(writer, folders, copied)
    finally:
        writer.release()


def _merge_into(writer: Writer, folders: list[Path], copied) -> Merged:
    sources, problems = [], []
    for folder in _distinct(folders):
        if Path(folder).resolve() == writer.root:
            continue  # OUT itself: its files are there already
        try:
            sources.append(read_source(folder))
        except MergeError as error:  # said with every other folder's problems
            problems += error.problems
    problems += [problem for source in sources for problem in check_files(source)]
    chosen, conflicts = choose_kits(sources)
    problems += conflicts + check_texts(sources, writer)
    if problems:
        raise MergeError(problems)
    writer.check_writable()
    merged = copy_kits(chosen, writer, copied)
    merged.notes += passed_over(sources, chosen)
    for source in sources:
        # Its kits with files: a kit merged only as failed has none to make again
        slugs = [
            s for s, chosen_from in chosen.items() if chosen_from is source and source.kit_files(s)
        ]
        merged.notes += notes_on(source, slugs) if slugs else []
    return merged


def _distinct(folders: list[Path]) -> list[Path]:
    """Each folder once, however it was written."""
    seen: dict[Path, Path] = {}
    for folder in folders:
        seen.setdefault(Path(folder).resolve(), Path(folder))
    return list(seen.values())


def read_source(folder: Path) -> Source:
    """A folder's manifest and cache; a MergeError if it has no manifest mythprint can read."""
    shown = display_path(folder)
    reader = Writer(folder)  # only to read: its paths stay inside the folder
    where = display_path(Path(folder) / MANIFEST)
    if not (Path(folder) / MANIFEST).is_file():
        raise _error(
            shown,
            f"no {MANIFEST} here, so this is not a folder mythprint built into; copy the "
            "machine's whole output folder (dist), with its manifest.json and its hidden "
            ".mythprint-cache.json",
        )
    document = reader.earlier_manifest()
    outputs = document.get("outputs")
    if not isinstance(outputs, list):
        raise _error(where, "not a manifest mythprint wrote: it has no list of outputs")
    entries = {}
    for number, item in enumerate(outputs, 1):
        entry = _entry(item, where, number)
        entries[entry.path] = entry
    kits = document.get("kits")
    text = document.get("text")
    return Source(
        Path(folder),
        shown,
        entries,
        kits if isinstance(kits, dict) else {},
        text if isinstance(text, dict) else None,
        reader.read_cache(),
        (Path(folder) / CACHE).is_file(),
        brands if isinstance(brands := document.get("brands_dir"), str) and brands else None,
    )


def _entry(item, where: str, number: int) -> ManifestEntry:
    """An output of a manifest, refused unless its files all sit in its own kit's folder."""
    try:
        entry = ManifestEntry(**item)
    except TypeError:
        raise _error(
            where,
            f"output {number} is not one this mythprint can read; build with the same "
            "version of mythprint on every machine",
        ) from None
    if not isinstance(entry.brand, str) or not SLUG.match(entry.brand):
        raise _error(where, f"output {number} names no kit, or not one a kit may be named")
    for path in (entry.path, *entry.parts):
        if not isinstance(path, str) or not path.startswith(entry.brand + "/"):
            raise _error(where, f"{path!r} is not in the folder of its kit, {entry.brand}/")
    return entry


def _error(where: str, message: str) -> MergeError:
    return MergeError([Problem(where, None, None, message)])


def check_files(source: Source) -> list[Problem]:
    """A problem for each file of the source that is missing, unsafe, or not as it was made."""
    reader = Writer(source.folder)
    problems = []
    for path, sha256 in sorted(
        (path, sha) for entry in source.entries.values() for path, sha in files_of(entry).items()
    ):
        check_stop()
        shown = display_path(source.folder / path)
        try:
            found = _sha256(reader.target(path))
        except OutputError as error:
            problems.append(
                Problem(display_path(source.folder / MANIFEST), None, None, error.message)
            )
            continue
        if found is None:
            problems.append(
                Problem(
                    shown,
                    None,
                    None,
                    f"missing, though {source.shown}/{MANIFEST} lists it; {COPY_AGAIN}",
                )
            )
        elif found != sha256:
            problems.append(
                Problem(
                    shown,
                    None,
                    None,
                    "changed since it was built (it is not the file "
                    f"{source.shown}/{MANIFEST} records); {COPY_AGAIN}",
                )
            )
    return problems


def _sha256(path: Path) -> str | None:
    """A file's checksum, read a block at a time; None if it is not there."""
    try:
        with path.open("rb") as file:
            return hashlib.file_digest(file, "sha256").hexdigest()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None
    except OSError as exc:
        raise OutputError(f"cannot read {display_path(path)}: {exc.strerror}") from None


def choose_kits(sources: list[Source]) -> tuple[dict[str, Source], list[Problem]]:
    """The source each kit comes from, and a problem for each kit two sources hold with
    different files. A kit two sources hold alike comes from the first whose build of it
    did not fail. A kit one source could not build, and holds no file of, comes from a
    source that holds its files: it was built there (see passed_over)."""
    holders: dict[str, list[Source]] = {}
    for source in sources:
        for slug in source.slugs:
            holders.setdefault(slug, []).append(source)
    chosen: dict[str, Source] = {}
    problems = []
    for slug, held in holders.items():
        first, *others = [source for source in held if source.kit_files(slug)] or [None]
        for source in others:
            theirs, mine = first.kit_files(slug), source.kit_files(slug)
            if theirs != mine:
                problems.append(_held_differently(slug, first, theirs, source, mine))
        # min: the first of those with files and without a failure, as sorted stays stable
        chosen[slug] = min(
            held, key=lambda source: (not source.kit_files(slug), source.failed(slug))
        )
    return chosen, problems


def passed_over(sources: list[Source], chosen: dict[str, Source]) -> list[str]:
    """A note for each failure of a kit in one source that another source, which built the
    kit, is taken in place of: the coordinator should know a machine failed it."""
    return [
        f"{slug} {_failure(source, slug)} in {source.shown}, but was built in "
        f"{chosen[slug].shown}, and is merged from there"
        for source in sources
        for slug in source.slugs
        if source is not chosen[slug] and source.failed(slug) and not chosen[slug].failed(slug)
    ]


def _failure(source: Source, slug: str) -> str:
    """What became of a failed kit in a source, in a few words, with its first error."""
    errors = source.errors(slug)
    built = source.record(slug).get("not_built") is not True
    what = "had files not made" if built else "could not be built"
    if source.unfinished(slug):
        what = "was not finished, as its build was stopped" + (f", and {what}" if errors else "")
    return f"{what} ({errors[0]})" if errors else what


def error_line(line: str, slug: str, brands_dir: str | None) -> str:
    """A kit's error line as the manifest records it ("_brand.yml:36:3: ...", the kit's
    file by its own name), naming the file as the build did: in the kits' folder. A line
    about a file of the output folder ("northshire/poster-a3.pdf: ...") names it already,
    and one about the kit's folder itself ("Ynys Môn: ...") names the folder."""
    if line.startswith(slug + "/"):
        return line
    folder = f"{brands_dir.rstrip('/')}/{slug}" if brands_dir else slug
    if line.startswith(slug + ": "):
        return f"{folder}{line[len(slug) :]}"
    return f"{folder}/{line}" if brands_dir else f"{slug}: {line}"


def _held_differently(
    slug: str, first: Source, theirs: dict[str, str], source: Source, mine: dict[str, str]
) -> Problem:
    """The problem of a kit two sources hold with different files (path: checksum), named
    by the first file that differs: in both, or in one only."""
    differ = min(path for path in theirs.keys() | mine.keys() if theirs.get(path) != mine.get(path))
    if differ in theirs and differ in mine:
        held = f"{differ} differs"
    else:
        held = f"{differ} is in {(first if differ in theirs else source).shown} only"
    return Problem(
        source.shown,
        None,
        None,
        f"kit {slug} is in {first.shown} too, with different files ({held}): a kit is "
        "built on one machine only, or from the same kit with the same options on each. "
        "Build it again where its copy is out of date or was built with other options (the "
        "same inputs make the same files), then merge again",
    )


def check_texts(sources: list[Source], writer: Writer) -> list[Problem]:
    """A problem if the sources, or the build already in OUT, were built from different
    texts: what check said of the text, or the pack's files, differ."""
    texts = [(source.shown, source.text) for source in sources]
    out_document = writer.earlier_manifest()
    if writer.earlier_entries(out_document):
        texts.append(
            (f"{display_path(writer.root)} (the folder merged into)", out_document.get("text"))
        )
    known = [(shown, text) for shown, text in texts if isinstance(text, dict)]
    return [
        Problem(
            shown,
            None,
            None,
            f"built from another text of the guide than {known[0][0]} (or in other "
            "languages), so they are not one batch. Build every kit from the same content, "
            "or merge into another folder (--out)",
        )
        for shown, text in known[1:]
        if text != known[0][1]
    ]


def copy_kits(chosen: dict[str, Source], writer: Writer, copied) -> Merged:
    """Copy each kit's files from its source, unless OUT holds them already as they are,
    then write the manifest, the cache and the gallery. Stopped part-way (check_stop), the
    files copied so far are recorded."""
    merged = Merged()
    cache = writer.read_cache()
    held = _by_kit(writer.earlier_entries())
    texts = [source.text for source in chosen.values() if source.text is not None]
    if texts:
        writer.text = texts[0]
    folders = [source.brands_dir for source in chosen.values() if source.brands_dir]
    if folders:
        writer.brands_dir = folders[0]
    finished, merging = False, None
    try:
        for slug in sorted(chosen):
            check_stop()
            merging, source = slug, chosen[slug]
            files = source.kit_files(slug)
            if not files and slug in held:
                # Its build failed, with no file to show, and OUT holds the kit's files: a
                # build there made them. They stay, with what OUT's manifest says of them.
                state = KEPT
                merged.notes.append(
                    f"{slug} {_failure(source, slug)} in {source.shown}, but "
                    f"{display_path(writer.root)} holds it already, and it stays as it is"
                )
            else:
                _take_records(slug, source, writer, cache)
                if not files:  # its failure: there is nothing to copy
                    stopped = source.unfinished(slug) and not source.errors(slug)
                    state = STOPPED if stopped else RECORDED
                elif _held_alike(files, held.get(slug, {}), writer):
                    state = HELD
                else:
                    merged.files += _copy_kit(slug, source, writer)
                    state = REPLACED if slug in held else COPIED
                _failed(merged, slug, source)
            merged.kits[slug] = state
            copied(slug, source.shown, state)
        finished = True
    finally:
        if not finished and merging not in held and merging not in writer.written_by_kit:
            writer.kits.pop(merging, None)  # stopped before any file of it: not in OUT
        if writer.written or (finished and chosen):
            writer.write_manifest()
            writer.write_cache(cache)
        if writer.written or finished:  # stopped part-way too: it shows what was copied
            from .runner import write_gallery  # only now: it brings the gallery's templates

            write_gallery(writer)
    return merged


def _failed(merged: Merged, slug: str, source: Source) -> None:
    """Count a kit merged as its build failed it, with its error lines, or left it
    unfinished, stopped."""
    if source.unfinished(slug):
        merged.unfinished.setdefault(source.shown, []).append(slug)
    record = source.record(slug)
    if record.get("not_built") is True or source.errors(slug):
        merged.failed[slug] = source.errors(slug)
    if record.get("not_built") is True:
        merged.not_built.append(slug)


def _by_kit(entries: dict[str, ManifestEntry]) -> dict[str, list[ManifestEntry]]:
    grouped: dict[str, list[ManifestEntry]] = {}
    for entry in entries.values():
        grouped.setdefault(entry.brand, []).append(entry)
    return grouped


def _held_alike(files: dict[str, str], held: list[ManifestEntry], writer: Writer) -> bool:
    """Whether OUT holds a kit's files already, as the source has them: nothing to copy."""
    return (
        bool(held)
        and files == {path: sha256 for entry in held for path, sha256 in files_of(entry).items()}
        and all(writer.up_to_date(entry) for entry in held)
    )


def _copy_kit(slug: str, source: Source, writer: Writer) -> int:
    """Copy one kit's outputs, each with its parts; how many files were written."""
    reader = Writer(source.folder)
    count = 0
    for entry in sorted(source.entries.values(), key=lambda entry: entry.path):
        if entry.brand != slug:
            continue
        check_stop()
        data = _read_checked(reader, entry.path, entry.sha256, source)
        parts = {
            path: _read_checked(reader, path, sha, source) for path, sha in entry.parts.items()
        }
        writer.write(entry, data, parts)
        count += 1 + len(parts)
    return count


def _read_checked(reader: Writer, path: str, sha256: str, source: Source) -> bytes:
    """A file's bytes, checked again as they are copied: it may have changed since."""
    where = source.folder / path
    try:
        data = reader.target(path).read_bytes()
    except OSError as exc:
        raise _error(display_path(where), f"cannot read it: {exc.strerror}; {COPY_AGAIN}") from None
    if hashlib.sha256(data).hexdigest() != sha256:
        raise _error(display_path(where), f"changed while it was being merged; {COPY_AGAIN}")
    return data


def _take_records(slug: str, source: Source, writer: Writer, cache: dict) -> None:
    """What the gallery shows of the kit, and what the next build needs of it to skip its
    files: its fonts and remembered warnings, and each file's fit and furniture."""
    if isinstance(source.kits.get(slug), dict):
        writer.kits[slug] = source.kits[slug]
    if isinstance(source.cache["kits"].get(slug), dict):
        cache["kits"][slug] = source.cache["kits"][slug]
    prefix = slug + "/"
    for part in ("fits", "furniture"):
        cache[part].update(
            {path: value for path, value in source.cache[part].items() if path.startswith(prefix)}
        )
    for key, model in source.cache["models"].items():
        cache["models"].setdefault(key, model)
    keep_newest_models(cache)


def notes_on(source: Source, slugs: list[str]) -> list[str]:
    """What will make a build here make a source's kits again: no cache file copied, or
    fonts the machine that built them found where this one has none (a build here cannot
    then tell they are the same fonts)."""
    if not source.cached:
        return [
            f"{source.shown} has no {CACHE} (a hidden file: copy it too), so a build here "
            f"will make the files of its kits again ({', '.join(slugs)})"
        ]
    missing: dict[str, list[str]] = {}
    for slug in slugs:
        known = source.cache["kits"].get(slug, {})
        fonts, folder = known.get("fonts"), known.get("folder")
        for font in fonts if isinstance(fonts, list) else []:
            if isinstance(folder, str) and isinstance(font, str) and kits_own(font, folder):
                continue  # looked for in the kit's folder here (see plan.kit_fonts)
            if not isinstance(font, str) or not Path(font).is_file():
                missing.setdefault(str(font), []).append(slug)
                break
    return [
        f"{source.shown}: its machine found the fonts at {font}, and this one has no such "
        f"file, so a build here will make the files of {', '.join(kits)} again (install "
        "mythprint in the same place on every machine to avoid it)"
        for font, kits in missing.items()
    ]
