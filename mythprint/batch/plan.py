"""A batch's plan: which outputs need making, from fingerprints and the manifest alone,
grouped in units; and each kit's web edition, planned once its other files are made."""

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import OutputError
from ..formats.registry import FORMATS
from ..inputs.brand import kit_folder
from ..inputs.content import Content
from ..pdf.fit import FitHint
from ..pdf.profiles import Profile
from .fingerprint import folder_digest, fonts_digest, kit_digest, made_from, output_fingerprint
from .output import ManifestEntry, Writer, failed_path
from .records import kits_own
from .units import Unit

WEB = "html"  # the web edition's format
# Why the web edition leaves out a file of its kit's pack (see not_offered)
NOT_MADE = "not made"
MADE_BEFORE = "made before this kit changed"


@dataclass
class Plan:
    """What a batch will do: the units to run, and each kit's unchanged outputs.

    The web edition links to the rest of its kit's pack, with each file's size, so it is
    planned once the kit's other files are made (see `runner.run_batch`).
    """

    units: list[Unit]
    unchanged: dict[str, int]  # slug -> outputs skipped as unchanged
    previews: bool = True
    web: bool = False  # the web edition is wanted too
    kit_digests: dict[str, str] = field(default_factory=dict)  # slug -> first content's
    content: Content | None = None  # the first language's, which the web edition prints
    others: tuple[Content, ...] = ()  # a pack's other languages, in reading order
    brands_dir: Path | None = None
    profile: Profile | None = None
    # The manifest's entries from earlier builds whose files remain, read once, by kit
    earlier: dict[str, dict[str, ManifestEntry]] = field(default_factory=dict)
    # By kit, the entries of earlier builds that this build's pack no longer makes
    retired: dict[str, list[ManifestEntry]] = field(default_factory=dict)
    # By kit, every file this build makes or finds current, asked for by its options
    tried: dict[str, set[str]] = field(default_factory=dict)
    force: bool = False  # --force: every file is made again, the web edition's too
    # By kit, the digest of its own files (fingerprint.folder_digest): see made_from
    inputs: dict[str, str] = field(default_factory=dict)
    # Kits of earlier builds whose folders a --brand all build no longer finds: those with
    # files left in the folder (`gone`), and those with none, only a failure (`forgotten`)
    gone: list[str] = field(default_factory=list)
    forgotten: list[str] = field(default_factory=list)
    # By kit, the files the last build that tried them could not make, as the manifest says
    failed_before: dict[str, set[str]] = field(default_factory=dict)


def plan_batch(
    content: Content,
    brands_dir: Path,
    slugs: list[str],
    formats: list[str],
    profile: Profile,
    writer: Writer,
    jobs: int,
    force: bool = False,
    previews: bool = True,
    others: tuple[Content, ...] = (),
    every_kit: bool = False,
) -> Plan:
    """Decide, from fingerprints alone, which outputs need making, and group them in units.

    An output is skipped when its fingerprint is the one in the manifest and its file
    still has the checksum recorded there: so an edited or deleted file is made again.
    A pack's `others` (its languages after `content`, see packs.py) make the formats made
    once per language, in units of their own. `every_kit` (--brand all) says that `slugs`
    are every kit in `brands_dir`: a kit of an earlier build not among them is gone.
    """
    document = writer.earlier_manifest()  # read once: its entries, and its kits (_gone)
    recorded = writer.earlier_entries(document)
    earlier = {} if force else recorded
    cache = writer.read_cache()
    web = WEB in formats
    formats = [name for name in formats if name != WEB]
    digests = {name: FORMATS[name].digest() for name in formats}
    per_language = [name for name in formats if FORMATS[name].per_language]
    units: list[Unit] = []
    unchanged: dict[str, int] = dict.fromkeys(slugs, 0)
    kit_digests: dict[str, str] = {}
    inputs: dict[str, str] = {}
    tried: dict[str, set[str]] = {slug: set() for slug in slugs}
    for text, its_formats in ((content, formats), *((other, per_language) for other in others)):
        jobs_of = {name: FORMATS[name].jobs(text) for name in its_formats}
        for slug in slugs:
            folder = kit_folder(brands_dir, slug)
            if slug not in inputs:  # the kit's own files, hashed once for every text
                inputs[slug] = folder_digest(folder)
            kit = kit_digest(text, folder, profile, inputs[slug])
            kit_digests.setdefault(slug, kit)
            fonts = kit_fonts(cache, slug, folder)
            fonts_known = fonts_digest(fonts) if fonts is not None else None
            wanted: dict[str, set[str]] = {}
            for name in its_formats:
                for job in jobs_of[name]:
                    path = f"{slug}/{profile.folder}{job.filename}"
                    tried[slug].add(path)
                    fingerprint = output_fingerprint(kit, digests[name], path, fonts_known or "")
                    if fonts_known and _unchanged(earlier.get(path), fingerprint, writer):
                        unchanged[slug] += 1
                    else:
                        wanted.setdefault(name, set()).add(path)
            if not wanted:
                continue
            every = frozenset(path for paths in wanted.values() for path in paths)
            units.append(
                Unit(
                    text,
                    brands_dir,
                    slug,
                    tuple(name for name in its_formats if name in wanted),
                    profile,
                    kit,
                    every,
                    previews,
                    _hints(cache, every),
                    cache["models"],
                    remembered_furniture(cache, every),
                )
            )
    units = _pilot(_split(units, jobs), jobs) if jobs > 1 else units
    if web:
        for slug in slugs:
            tried[slug] |= {f"{slug}/{job.filename}" for job in FORMATS[WEB].jobs(content)}
    by_kit = _by_kit(recorded)
    gone, forgotten = _gone(by_kit, document, slugs) if every_kit else ([], [])
    return Plan(
        units,
        unchanged,
        previews,
        web,
        kit_digests,
        content,
        others,
        brands_dir,
        profile,
        by_kit,
        _retired(by_kit, slugs, profile, (content, *others)),
        tried=tried,
        force=force,
        inputs=inputs,
        gone=gone,
        forgotten=forgotten,
        failed_before=_failed_before(document, slugs),
    )


def kit_fonts(cache: dict, slug: str, folder: Path) -> list[str] | None:
    """The font files the kit resolved to when it was last loaded, as the cache remembers
    them; None if it does not. The kit's own fonts are looked for in its `folder` now: the
    kits' folder may have moved since, and their bytes count, not their paths."""
    known = cache["kits"].get(slug, {})
    fonts, then = known.get("fonts"), known.get("folder")
    if not isinstance(fonts, list):
        return None
    fonts = [font for font in fonts if isinstance(font, str)]
    if not isinstance(then, str):  # remembered by an earlier mythprint: as they are
        return fonts
    now = None
    found = []
    for font in fonts:
        if kits_own(font, then):
            now = now or Path(folder).resolve()
            font = str(now / Path(font).relative_to(then))
        found.append(font)
    return found


def _failed_before(document: dict, slugs: list[str]) -> dict[str, set[str]]:
    """Each kit's files that the manifest `document` says were not made."""
    kits = document.get("kits")
    failed = {}
    for slug in slugs:
        info = kits.get(slug) if isinstance(kits, dict) else None
        lines = info.get("errors") if isinstance(info, dict) else None
        paths = {failed_path(line, slug) for line in lines or () if isinstance(line, str)}
        if paths - {None}:
            failed[slug] = paths - {None}
    return failed


def _gone(
    by_kit: dict[str, dict[str, ManifestEntry]], document: dict, slugs: list[str]
) -> tuple[list[str], list[str]]:
    """The kits earlier builds recorded (in the manifest `document`) that are no longer in
    the kits' folder (deleted, or renamed): those whose files remain, which stay as they
    are, marked so; and those that have none (a kit that was never built), which the
    manifest forgets."""
    kits = document.get("kits")
    recorded = set(kits) if isinstance(kits, dict) else set()
    gone = sorted(set(by_kit) - set(slugs))
    return gone, sorted(recorded - set(by_kit) - set(slugs))


def _retired(
    by_kit: dict[str, dict[str, ManifestEntry]],
    slugs: list[str],
    profile: Profile,
    contents: tuple[Content, ...],
) -> dict[str, list[ManifestEntry]]:
    """Each kit's files, of this build's profile, that earlier builds made and that no
    format of this pack makes: the English leaflet-dl.pdf once the kit is built as a
    Welsh and English pack, or leaflet-dl.cy.pdf once it is built in English alone. The web
    edition would link to them, and the gallery list them, beside the pack's own."""
    from ..formats.registry import pack_jobs

    formats = [name for name, target in FORMATS.items() if profile.name in target.profiles]
    made = {profile.folder + job.filename for job, _ in pack_jobs(formats, contents)}
    retired = {}
    for slug in slugs:
        stale = [
            entry
            for path, entry in by_kit.get(slug, {}).items()
            if path.split("/", 1)[1].startswith("press/") == profile.press
            and path.split("/", 1)[1] not in made
        ]
        if stale:
            retired[slug] = stale
    return retired


def _by_kit(entries: dict[str, ManifestEntry]) -> dict[str, dict[str, ManifestEntry]]:
    """Entries grouped by kit: a kit's web edition looks at its own files only, and a
    batch of 150 kits would otherwise look through every kit's files for each one."""
    grouped: dict[str, dict[str, ManifestEntry]] = {}
    for path, entry in entries.items():
        grouped.setdefault(entry.brand, {})[path] = entry
    return grouped


def _unchanged(entry: ManifestEntry | None, fingerprint: str, writer: Writer) -> bool:
    """Whether an earlier build's file is the one these inputs make, and still as made."""
    return (
        entry is not None
        and entry.fingerprint == fingerprint
        and writer.up_to_date(entry, previews=False)  # a preview is drawn again alone
    )


def _hints(cache: dict, wanted: frozenset[str]) -> dict[str, FitHint]:
    hints = {}
    for path in wanted:
        fit = cache["fits"].get(path)
        try:
            hints[fit["key"]] = FitHint(float(fit["size_pt"]), tuple(fit["state"]))
        except (TypeError, KeyError, ValueError):
            continue  # no usable hint: the output is fitted from scratch
    return hints


def remembered_furniture(cache: dict, wanted: frozenset[str]) -> dict[str, tuple[float, float]]:
    """A furniture guess for each file wanted: its own last height, else a like kit's."""
    by_name: dict[str, tuple[float, float]] = {}
    for path, value in sorted(cache["furniture"].items()):
        if isinstance(value, list) and len(value) == 2:
            by_name.setdefault(path.rsplit("/", 1)[-1], tuple(value))
    for path in wanted:
        value = cache["furniture"].get(path)
        if isinstance(value, list) and len(value) == 2:
            by_name[path.rsplit("/", 1)[-1]] = tuple(value)
    return by_name


def _split(units: list[Unit], jobs: int) -> list[Unit]:
    """With fewer kits than workers to keep busy, one unit per kit and format instead."""
    if len(units) >= 2 * jobs:
        return units
    return [
        Unit(
            unit.content,
            unit.brands_dir,
            unit.slug,
            (name,),
            unit.profile,
            unit.kit,
            unit.wanted,
            unit.previews,
            unit.hints,
            unit.models,
            unit.furniture,
            unit.downloads,
        )
        for unit in units
        for name in unit.formats
    ]


def _pilot(units: list[Unit], jobs: int) -> list[Unit]:
    """The first kit's outputs as units of one output each, to run before any other kit.

    A kit's first fits lay each output out two or three times; the kits after it fit in
    one layout, from the region models the first one leaves (see fit.py). Run kit by kit,
    every worker would fit its first kit from scratch. So the first kit's outputs are
    spread over the workers, and the other kits start once their models are known.
    """
    slugs = {unit.slug for unit in units}
    first = units[0] if units else None
    if len(slugs) < 2 or first is None or len(first.wanted) < 2:
        return units
    pilots = [
        replace(first, formats=(name,), wanted=frozenset({path}), pilot=True)
        for name in first.formats
        for path in sorted(first.wanted)
        if _made_by(path, name, first.content)
    ]
    return [*pilots, *units[1:]]


def _made_by(path: str, format_name: str, content: Content) -> bool:
    """Whether `path` (BRAND/[press/]FILE) is one of the format's files for `content`."""
    name = path.rsplit("/", 1)[-1]
    return any(job.filename == name for job in FORMATS[format_name].jobs(content))


def web_unit(
    slug: str, plan: Plan, writer: Writer, cache: dict, left_out: Iterable[str] = ()
) -> tuple[Unit | None, int]:
    """The unit that makes a kit's web pages (one per language) that are not current, or
    None if every page made before is; and how many pages are current. The pages offer
    none of the files `left_out` (see not_offered).

    Each page's fingerprint holds what the pages link to, so a file of the pack made again
    (a new size), or left out, makes the pages again too.
    """
    earlier = plan.earlier.get(slug, {})
    contents = (plan.content, *plan.others)
    made = {**earlier, **writer.written_by_kit.get(slug, {})}
    left_out = set(left_out)
    offered = {path: entry for path, entry in made.items() if path not in left_out}
    downloads = downloads_for(slug, offered, contents, writer)
    fonts = kit_fonts(cache, slug, kit_folder(plan.brands_dir, slug))
    kit = plan.kit_digests[slug]
    fmt = web_digest(downloads)
    paths = [f"{slug}/{job.filename}" for job in FORMATS[WEB].jobs(plan.content)]
    wanted = frozenset(
        path
        for path in paths
        if plan.force
        or fonts is None
        or not _unchanged(
            earlier.get(path), output_fingerprint(kit, fmt, path, fonts_digest(fonts)), writer
        )
    )
    if not wanted:
        return None, len(paths)
    unit = Unit(
        plan.content,
        plan.brands_dir,
        slug,
        (WEB,),
        plan.profile,
        kit,
        wanted,
        previews=False,
        downloads=downloads,
    )
    return unit, len(paths) - len(wanted)


def not_offered(
    slug: str, plan: Plan, writer: Writer, cache: dict, failures: Iterable[str]
) -> dict[str, str]:
    """The files of the kit's pack that its web edition must not offer, each with why.

    A file this build could not make (`failures`, its error lines), or that the last build
    to try it could not, keeps its earlier copy in the kit's folder, with the details of
    then: a web page copied to a website as it is must not offer it. Nor a file made
    before the kit changed that this build did not make (another --format's). The files
    of the pack alone, in the order it makes them.
    """
    tried = plan.tried.get(slug, set())
    failed = {path for line in failures if (path := failed_path(line, slug))}
    failed |= {path for path in plan.failed_before.get(slug, ()) if path not in tried}
    reasons = dict.fromkeys(failed, NOT_MADE)
    fonts = kit_fonts(cache, slug, kit_folder(plan.brands_dir, slug))
    if slug in plan.inputs and fonts is not None:
        now = made_from(plan.inputs[slug], fonts)
        for path, entry in plan.earlier.get(slug, {}).items():
            if path in tried or path in writer.written or entry.inputs in (None, now):
                continue  # current, or made by a mythprint that recorded no inputs
            reasons.setdefault(path, MADE_BEFORE)
    order = _pack_order((plan.content, *plan.others))
    offered = {f"{slug}/{name}": number for name, number in order.items()}
    left_out = sorted(reasons.keys() & offered.keys(), key=offered.get)
    return {path: reasons[path] for path in left_out}


def left_out_lines(slug: str, left_out: dict[str, str], shown: int = 3) -> list[str]:
    """What to say of the files the web edition leaves out (see not_offered), a line for
    each reason, naming a few files: the errors above name every file not made."""
    lines = []
    for why in dict.fromkeys(left_out.values()):
        names = [path.split("/", 1)[1] for path, its in left_out.items() if its == why]
        one = len(names) == 1
        if len(names) > shown:
            names = [*names[: shown - 1], f"{len(names) - shown + 1} more files"]
        named = names[0] if one else f"{', '.join(names[:-1])} and {names[-1]}"
        lines.append(
            f"{slug}: the web edition leaves out {named}, as {'it was' if one else 'they were'} "
            f"{why}"
        )
    return lines


def earlier_copies(slug: str, failures: Iterable[str], writer: Writer) -> list[Path]:
    """The files this build could not make whose earlier copies stay in the kit's folder."""
    kept = []
    for path in dict.fromkeys(failed_path(line, slug) for line in failures):
        try:
            if path is not None and writer.target(path).is_file():
                kept.append(writer.target(path))
        except OutputError:
            continue  # no file of the folder: nothing kept
    return kept


def _pack_order(contents: tuple[Content, ...]) -> dict[str, int]:
    """Each file of the pack, by its name in the kit's folder: its place in the pack."""
    from ..formats.registry import pack_jobs

    made = pack_jobs(FORMATS, contents)
    return {job.filename: number for number, (job, _) in enumerate(made)}


def downloads_for(
    slug: str, entries: dict[str, ManifestEntry], contents: tuple[Content, ...], writer: Writer
) -> tuple:
    """The kit's office files the web edition links to (and copies), in the order the
    formats make them: the poster, the posters myth by myth, the leaflet, the handout; a
    format made once per language, in each language in reading order. A file in one
    language of several says which, and what it is in each language; a file made once for
    the whole pack is named in each language. A file no longer there (deleted by hand, and
    not made again) is left out."""
    from ..formats.registry import pack_jobs
    from ..formats.web import Download

    made = pack_jobs(FORMATS, contents)
    order = _pack_order(contents)
    # A file in one language of several: its job and content.
    own = {
        job.filename: (job, content)
        for job, content in made
        if content.other_languages and FORMATS[job.format].per_language
    }
    language = {name: content.language for name, (_, content) in own.items()}
    direction = {content.language: content.direction for content in contents}
    mine = [
        entry
        for path, entry in entries.items()
        if entry.brand == slug
        and entry.format != WEB
        and path.count("/") == 1
        and path.split("/", 1)[1] in order  # not a file of another pack, made before
    ]
    mine.sort(key=lambda entry: (order[entry.path.split("/", 1)[1]], entry.path))
    downloads = []
    for entry in mine:
        name = entry.path.split("/", 1)[1]
        source = writer.target(entry.path)
        if not source.is_file():
            continue
        if name in own:
            titles = _described(own[name][0], contents)
            language_name = own[name][1].labels.text("language_name")
        else:
            titles, language_name = _titles(entry, name, contents), ""
        downloads.append(
            Download(
                href=name,
                title=entry.title,
                kind="PDF" if name.endswith(".pdf") else "Word",
                size=entry.bytes,
                language=language.get(name),
                direction=direction.get(language.get(name)),
                language_name=language_name,
                titles=titles,
                sha256=entry.sha256,
                source=source,
            )
        )
    return tuple(downloads)


def _titles(entry: ManifestEntry, name: str, contents: tuple[Content, ...]) -> tuple:
    """What a file made once for a pack of several languages is, in each of them."""
    if len(contents) < 2 or entry.format not in FORMATS:
        return ()
    target = FORMATS[entry.format]
    titles = []
    for content in contents:
        job = next((job for job in target.jobs(content) if job.filename == name), None)
        if job is not None:
            titles.append((content.language, target.title(job, content)))
    return tuple(titles)


def _described(job, contents: tuple[Content, ...]) -> tuple:
    """What a file in one language of several is, in each of the pack's languages, without
    its language's name: each page says what it is in its own words, and names only the
    file's language in the file's."""
    target = FORMATS[job.format]
    return tuple((other.language, target.describe(job, other)) for other in contents)


def web_digest(downloads: tuple) -> str:
    """What the web edition is made with: its templates and what it links to.

    With nothing to link to, it is the format's own digest, as build.render_kit then counts
    it: otherwise a web edition built alone would never be current.
    """
    from .fingerprint import digest

    if not downloads:
        return FORMATS[WEB].digest()
    return digest(FORMATS[WEB].digest(), repr(downloads))
