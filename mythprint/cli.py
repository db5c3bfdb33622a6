"""The command line: turns options into one library call each, and results into words."""

import json
import time
from pathlib import Path

import click

from . import __version__
from .paths import DEFAULT_BRANDS_DIR, DEFAULT_CONTENT, display_path

FORMAT_CHOICES = ("all", "poster", "myth-posters", "leaflet", "handout", "html")


def _slug(ctx, param, value: str) -> str:
    from .inputs.brand import SLUG, slug_for

    if not SLUG.match(value):
        raise click.BadParameter(
            f"use lowercase letters, digits and hyphens, e.g. '{slug_for(value) or 'default'}'"
        )
    return value


def _slugs(ctx, param, values: tuple[str, ...]) -> tuple[str, ...]:
    """`--brand a --brand b` and `--brand a,b` alike; each name checked."""
    slugs = [part.strip() for value in values for part in value.split(",") if part.strip()]
    return tuple(dict.fromkeys(_slug(ctx, param, slug) for slug in slugs))


def _kits(brands_dir: Path, brand_slugs: tuple[str, ...]) -> tuple[list[str], list]:
    """The kits `--brand` names, in the order given; `all` is every kit in the folder.
    With them, a warning for each other folder there, which `all` passes over."""
    from .errors import WARNING, BrandError, Finding, Problem
    from .inputs.brand import BRAND_FILE, kit_folders

    if "all" not in brand_slugs:
        return list(brand_slugs), []
    slugs, others = kit_folders(brands_dir)
    passed_over = [
        Finding(
            WARNING,
            Problem(
                display_path(brands_dir / name),
                None,
                None,
                f"not a brand kit, as it holds no {BRAND_FILE}, so --brand all passes over it",
            ),
        )
        for name in others
    ]
    if not slugs:
        raise BrandError(
            [
                Problem(
                    display_path(brands_dir),
                    None,
                    None,
                    f"no brand kits here (folders holding {BRAND_FILE})",
                )
            ]
        )
    return slugs, passed_over


content_option = click.option(
    "--content",
    "content_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_CONTENT,
    help="The guide's text, as YAML.  [default: content/myths.yml]",
)


def pack_option(more: str):
    """--content, once per language of a pack; `more` says what a pack changes."""
    return click.option(
        "--content",
        "content_paths",
        type=click.Path(dir_okay=False, path_type=Path),
        multiple=True,
        default=(DEFAULT_CONTENT,),
        help="The guide's text, as YAML.  [default: content/myths.yml] Repeat it for a pack "
        "in several languages, first language first: --content content/myths.cy.yml "
        f"--content content/myths.yml. {more}",
    )


brands_dir_option = click.option(
    "--brands-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_BRANDS_DIR,
    help="The folder that holds brand kits, one sub-folder each.  [default: brands/]",
)
brand_option = click.option(
    "--brand",
    "brand_slugs",
    multiple=True,
    default=("default",),
    show_default=True,
    callback=_slugs,
    metavar="SLUG[,SLUG...]",
    help="Which kits in --brands-dir to use: one, several (repeat the option or separate "
    "them with commas), or 'all' for every kit.",
)
profile_option = click.option(
    "--for",
    "profile_name",
    type=click.Choice(("office", "press")),
    default="office",
    show_default=True,
    help="office: accessible PDFs for office printers, no bleed. press: files for a print "
    "shop, with bleed (build writes them to OUT/BRAND/press/).",
)


class BuildByDefault(click.Group):
    """A group where `mythprint --format poster` means `mythprint build --format poster`."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0].startswith("-") and args[0] not in ("-h", "--help", "--version"):
            args = ["build", *args]
        return super().parse_args(ctx, args)


@click.group(
    cls=BuildByDefault,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, prog_name="mythprint")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Print-ready posters of the Myth-busting guide to information sharing,
    in your partnership's brand.

    With no command, runs `build`: with no options, the guide in
    content/myths.yml and the default brand, into dist/. Options of `build`
    work here too, e.g. `mythprint --format poster`.
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(build)


@cli.command()
@pack_option(
    "The poster and the leaflet are then made once per language, their names carrying "
    "it (poster-a3.cy.pdf)."
)
@brands_dir_option
@brand_option
@click.option(
    "--format",
    "format_names",
    type=click.Choice(FORMAT_CHOICES),
    multiple=True,
    default=("all",),
    show_default=True,
    help="poster: every myth on one A3 poster; myth-posters: one A3 poster per myth; "
    "leaflet: a DL tri-fold leaflet; handout: an editable Word handout; html: the web "
    "edition, in OUT/BRAND/web/. Repeat it for more than one: --format poster "
    "--format leaflet.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("dist"),
    show_default=True,
    help="Where to write; each brand gets a sub-folder. Never inside --brands-dir.",
)
@profile_option
@click.option(
    "--bleed",
    "bleed_mm",
    type=float,
    metavar="MM",
    help="Press only: bleed on every side, from 0 to 10 mm.  [default: 3]",
)
@click.option("--marks", is_flag=True, help="Press only: add crop marks, outside the bleed.")
@click.option(
    "--icc",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Press only: the print shop's CMYK output profile (.icc). Colours are then "
    "written in CMYK and the file is PDF/X-4.",
)
@click.option(
    "--jobs",
    "-j",
    type=int,
    callback=lambda ctx, param, value: _at_least_one(value),
    metavar="N",
    help="How many kits (or formats) to make at once, each in its own process.  "
    "[default: the number of cores]",
)
@click.option(
    "--force",
    is_flag=True,
    help="Make every file again. Without it, a file whose inputs have not changed since "
    "it was made (and that nobody edited) is skipped.",
)
@click.option(
    "--previews/--no-previews",
    default=True,
    show_default=True,
    help="Also make a PNG preview of every page, in OUT/BRAND/previews/ (the Word "
    "handout's need LibreOffice).",
)
@click.option("--quiet", "-q", is_flag=True, help="Print errors only.")
@click.option(
    "--stats",
    "stats_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write this run's numbers as JSON: each file's layout passes and seconds, "
    "and the second at which each kit was done.",
)
def build(
    content_paths: tuple[Path, ...],
    brands_dir: Path,
    brand_slugs: tuple[str, ...],
    format_names: tuple[str, ...],
    out_dir: Path,
    profile_name: str,
    bleed_mm: float | None,
    marks: bool,
    icc: Path | None,
    jobs: int | None,
    force: bool,
    previews: bool,
    quiet: bool,
    stats_path: Path | None,
) -> None:
    """Make the posters, the leaflet, the Word handout and the web edition.

    Files go to OUT/BRAND/ (office) or OUT/BRAND/press/ (press), the web edition
    to OUT/BRAND/web/, previews of every page to OUT/BRAND/previews/, and a
    gallery of everything in OUT/ to OUT/index.html. Each kit is checked before
    anything of it is written. An output whose text cannot fit at a readable
    size is not written, and its earlier file stays; the manifest and the
    gallery say what was not made.

    A file is made again only when something it is made from has changed: the
    text, the kit, the fonts, the templates, the options or mythprint itself, or
    the file was edited or deleted. Kits are made in parallel, one per core.

    The leaflet prints double-sided on A4, flip on short edge.
    """
    from .batch.fingerprint import file_digest
    from .batch.output import Writer, write_atomic
    from .batch.plan import plan_batch
    from .batch.pool import default_jobs
    from .batch.progress import Progress, summary_line
    from .batch.runner import run_batch, summarise
    from .batch.stopping import Terminated, check_stop, leave, stops_at_safe_points
    from .batch.units import by_file_name
    from .formats.registry import FORMATS, pack_jobs
    from .inputs.packs import load_pack
    from .pdf.previews import libreoffice
    from .pdf.profiles import make_profile

    started = time.perf_counter()
    profile = make_profile(profile_name, bleed_mm, marks, icc)
    formats = _formats(format_names, profile.name)
    content, *others = load_pack(content_paths)
    _outside_the_kits(out_dir, brands_dir)
    slugs, passed_over = _kits(brands_dir, brand_slugs)
    text_findings = [finding for text in (content, *others) for finding in text.findings]
    findings = text_findings + passed_over
    progress = Progress(len(slugs), out_dir, quiet)
    for finding in findings:
        progress.say(str(finding), err=True)
    if profile.press and not profile.cmyk:
        progress.say("Note: no --icc profile given, so press files keep their bleed but stay RGB.")
    writer = Writer(out_dir)
    writer.check_writable()
    # The gallery shows what check says of the text, and each kit's files in the order of
    # the pack's (the myths' posters in the guide's order, not by name). The texts' own
    # checksums tell `merge` whether folders built on several machines are one batch.
    writer.text = {
        "warnings": [by_file_name(finding.problem) for finding in text_findings],
        "files": [job.filename for job, _ in pack_jobs(FORMATS, (content, *others))],
        "sha256": [file_digest(text.path) for text in (content, *others)],
    }
    jobs = jobs or default_jobs()
    plan = plan_batch(
        content, brands_dir, slugs, formats, profile, writer, jobs, force, previews, tuple(others)
    )
    if previews and "handout" in formats and libreoffice() is None:
        progress.say(
            "Note: the Word handouts get no previews: that needs LibreOffice "
            "(on Debian or Ubuntu, apt-get install libreoffice-writer-nogui).",
            err=True,
        )
    kits, finished = [], []
    try:
        with stops_at_safe_points():
            for kit in run_batch(plan, writer, jobs):
                kits.append(kit)
                finished.append(round(time.perf_counter() - started, 3))
                progress.kit_done(kit)
            check_stop()
    except KeyboardInterrupt as stop:  # Ctrl-C, SIGTERM or SIGHUP
        progress.close()
        made = len(writer.written)  # kits not yet finished have written files too
        click.echo(
            f"Stopped: {made} files were made and recorded; nothing half-made was written.",
            err=True,
        )
        leave(Terminated.exit_code if isinstance(stop, Terminated) else 130)
    finally:
        progress.close()
    totals = summarise(kits, started)
    totals["warnings"] += len(findings)
    totals["kits_done_s"] = finished  # in the order they were done
    for note in sorted({note for kit in kits for note in kit.notes}):
        progress.say(f"Note: {note}", err=True)
    if stats_path is not None:
        write_atomic(stats_path, (json.dumps(totals, indent=2) + "\n").encode())
    progress.say(summary_line(totals))
    if totals["failed"] or totals["kits_failed"]:
        raise click.exceptions.Exit(1)


def _outside_the_kits(out_dir: Path, brands_dir: Path) -> None:
    """Refuse an output folder in the kits' own folder: its files would be read as kit
    files, so every kit would change with each build and be made again every time."""
    from .errors import OutputError

    out, brands = out_dir.resolve(), brands_dir.resolve()
    if out == brands or out.is_relative_to(brands):
        raise OutputError(
            f"the output folder {display_path(out_dir)} is inside the brand kits' folder "
            f"{display_path(brands_dir)}: choose a folder outside it, such as dist"
        )


@cli.command()
@click.argument(
    "folders",
    nargs=-1,
    required=True,
    metavar="FOLDER...",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("dist"),
    show_default=True,
    help="The folder to put them all in. It may be new, or hold a build already (one "
    "machine's own dist): its kits stay, beside the others.",
)
@click.option("--quiet", "-q", is_flag=True, help="Print errors only.")
def merge(folders: tuple[Path, ...], out_dir: Path, quiet: bool) -> None:
    """Put the folders that several machines built, each a share of one batch, together
    in one folder, as if one machine had built every kit.

    \b
    Copy each machine's whole dist folder onto this one first, then:
      mythprint merge m1-dist m2-dist --out combined

    Each kit's files are copied into OUT, with one manifest.json listing them all,
    one gallery (OUT/index.html) showing every kit, and what the next build needs
    to skip every file that is up to date. Nothing is made again.

    Every file is checked against the checksum its folder's manifest.json
    records. If any file is missing or has changed since it was built, the merge
    stops before copying anything, and says which: copy that folder again from
    its machine, or build that kit again there.

    The merge is refused, and nothing is copied, when a kit is in two folders
    with different files (a kit is built on one machine only; the same files
    twice are fine), or when the folders were built from different texts of
    the guide. A kit that OUT already holds is replaced by the FOLDER's copy.
    """
    from .batch.merge import COPIED, HELD, REPLACED, merge_folders
    from .batch.progress import count
    from .batch.stopping import Terminated, stops_at_safe_points

    started = time.perf_counter()
    what_became = {
        COPIED: "copied from {folder}",
        HELD: "already there, as in {folder}",
        REPLACED: "copied from {folder}, in place of the copy that was there",
    }

    def copied(slug: str, folder: str, state: str) -> None:
        if not quiet:
            click.echo(f"{slug}: " + what_became[state].format(folder=folder))

    try:
        with stops_at_safe_points():
            merged = merge_folders(list(folders), out_dir, copied)
    except KeyboardInterrupt as stop:  # Ctrl-C, SIGTERM or SIGHUP
        click.echo(
            "Stopped: the files copied so far are recorded; nothing half-copied was written.",
            err=True,
        )
        raise SystemExit(Terminated.exit_code if isinstance(stop, Terminated) else 130) from None
    for note in merged.notes:
        click.echo(f"Note: {note}", err=True)
    if not quiet:
        seconds = time.perf_counter() - started
        held = sum(state == HELD for state in merged.kits.values())
        already = f" ({held} already there)" if held else ""
        click.echo(
            f"Done: {count(len(merged.kits), 'kit')}{already}, {count(merged.files, 'file')} "
            f"copied into {display_path(out_dir)}, {seconds:.1f} s."
        )


def _formats(names: tuple[str, ...], profile: str) -> list[str]:
    """The formats asked for, in the order they are made; "all" is every one the profile has."""
    from .formats.registry import FORMATS

    if "all" in names:
        return [name for name, target in FORMATS.items() if profile in target.profiles]
    for name in names:
        if profile not in FORMATS[name].profiles:
            raise click.UsageError(f"--format {name} has no {profile} version")
    return [name for name in FORMATS if name in names]


def _show_findings(findings, errors: bool = True) -> None:
    """Warnings always; errors only where no exception will report them."""
    for finding in findings:
        if errors or finding.level != "error":
            click.echo(str(finding), err=True)


@cli.command()
@pack_option("Each language is checked, and the pack as a whole, as build would make it.")
@brands_dir_option
@brand_option
@profile_option
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 1).")
def check(
    content_paths: tuple[Path, ...],
    brands_dir: Path,
    brand_slugs: tuple[str, ...],
    profile_name: str,
    strict: bool,
) -> None:
    """Check the content and brand kits for what would go wrong on paper; write nothing.

    Errors (exit 1): colours too pale to read, characters the fonts cannot
    print, a missing or corrupt logo, anything unsafe in a kit, and a review
    date in the future. Warnings (exit 0, or 1 with --strict): text that cites
    superseded law, a review more than 12 months old, a logo too coarse for
    print, and contact details that look made up or left as placeholders.

    Translations are checked against their source: content/myths.cy.yml is
    the cy translation of content/myths.yml beside it. Checking the source
    checks every translation beside it; checking a translation compares it
    with its source. Errors: a missing myth, field or label, or a myth the
    source lacks. Warnings: a translation whose English has changed since.
    """
    from .batch.progress import count
    from .errors import MythprintError
    from .inputs.brand import kit_folder, load_brand
    from .inputs.packs import load_pack
    from .pdf.profiles import Profile

    failed = False
    try:
        contents = load_pack(content_paths)
    except MythprintError as error:
        error.show()  # the kits are still checked, as far as they can be without content
        contents, failed = (), True
    for content in contents:
        _show_findings(content.findings)
        failed |= strict and bool(content.findings)
        verdict = count(len(content.findings), "warning") if content.findings else "OK"
        click.echo(f"{display_path(content.path)}: {verdict}, {len(content.myths)} myths")
    if contents:
        shown = {str(finding) for content in contents for finding in content.findings}
        failed |= _check_translations(content_paths, strict, shown)
    profile = Profile(name=profile_name)
    slugs, passed_over = _kits(brands_dir, brand_slugs)
    _show_findings(passed_over)
    failed |= strict and bool(passed_over)
    with_errors, warned = [], 0
    for slug in slugs:
        try:
            brand = load_brand(brands_dir, slug)
        except MythprintError as error:
            error.show()
            failed = True
            with_errors.append(slug)
            problems = len(getattr(error, "problems", ())) or 1
            click.echo(f"{display_path(kit_folder(brands_dir, slug))}: {count(problems, 'error')}")
            continue
        findings = _kit_findings(contents, brand, profile)
        _show_findings(findings)
        errors = sum(f.level == "error" for f in findings)
        warnings = len(findings) - errors
        warned += warnings
        failed |= bool(errors) or (strict and bool(warnings))
        if errors:
            with_errors.append(slug)
        verdict = f"{count(errors, 'error')}, {count(warnings, 'warning')}" if findings else "OK"
        click.echo(f"{display_path(brand.folder)}: {verdict}")
    if len(slugs) > 1:
        click.echo(_kits_verdict(len(slugs), with_errors, warned))
    if failed:
        raise click.exceptions.Exit(1)


def _kits_verdict(checked: int, with_errors: list[str], warnings: int) -> str:
    """check's last line, for many kits: how many were checked, which have errors."""
    from .batch.progress import count, named

    with_errors_said = f"{len(with_errors)} with errors ({named(with_errors).removeprefix(': ')})"
    said = with_errors_said if with_errors else "none with errors"
    return f"Checked {count(checked, 'kit')}: {said}, {count(warnings, 'warning')} about the kits."


def _kit_findings(contents: tuple, brand, profile) -> list:
    """What `check` says of a kit for a pack: as a build reports it, the findings of the
    pack's first language (the pack seen from it), and any error another language's files
    meet, each once. One language alone is the pack's first."""
    from .batch.build import check_inputs
    from .errors import ERROR

    findings = check_inputs(contents[0], brand, profile) if contents else []
    seen = {str(finding) for finding in findings}
    for content in contents[1:]:
        for finding in check_inputs(content, brand, profile):
            if finding.level == ERROR and str(finding) not in seen:
                findings.append(finding)
                seen.add(str(finding))
    return findings


def _check_translations(
    content_paths: tuple[Path, ...], strict: bool, shown: set[str] = frozenset()
) -> bool:
    """Check each translation among `content_paths` against its source, and each source's
    translations beside it, each once; whether to fail. What the pack's check has `shown`
    already (a version unlike the source's, say) is counted, but not said again."""
    from .inputs.translations import source_of, translations_of

    by_source: dict[Path, dict[Path, Path]] = {}  # source -> each translation, by its file
    for path in content_paths:
        source = source_of(path)
        for translation in [path] if source else translations_of(path):
            found = by_source.setdefault((source or path).resolve(), {})
            found.setdefault(translation.resolve(), translation)
    failed = False
    for source_path, paths in by_source.items():
        failed |= _check_translations_of(source_path, list(paths.values()), strict, shown)
    return failed


def _check_translations_of(
    source_path: Path, paths: list[Path], strict: bool, shown: set[str]
) -> bool:
    from .batch.progress import count
    from .errors import MythprintError
    from .inputs.content import read_content
    from .inputs.translations import check_translation

    if not paths:
        return False
    try:
        source = read_content(source_path)
    except MythprintError as error:
        error.show()
        return True
    failed, source_name = False, display_path(source[0].path)
    for path in paths:
        findings = check_translation(source, path).findings
        _show_findings([finding for finding in findings if str(finding) not in shown])
        errors = sum(f.level == "error" for f in findings)
        warnings = len(findings) - errors
        failed |= bool(errors) or (strict and bool(warnings))
        verdict = f"{count(errors, 'error')}, {count(warnings, 'warning')}" if findings else "OK"
        click.echo(f"{display_path(path)}: {verdict}, a translation of {source_name}")
    return failed


def _language_tag(ctx, param, value: str) -> str:
    from .inputs.content import tidy_language_tag

    tag = tidy_language_tag(value)
    if tag is None:
        raise click.BadParameter("give a language tag such as cy, ur or pt-BR")
    return tag


out_file_option = click.option(
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The file to write, instead of the one beside the content.",
)


@cli.group()
def translate() -> None:
    """Hand the guide to translators as a PO file, and take their translation back.

    \b
      translate export cy                     writes content/myths.cy.po
      translate import content/myths.cy.po    writes content/myths.cy.yml

    A PO (gettext) file opens in Poedit, Weblate and the tools translation
    agencies use. Each entry is one string of the content, labels included,
    named by its context (myths.consent.rebuttal, labels.myth_number), with a
    hash of its English in a comment. The content file an import writes keeps
    those hashes, so `check` can warn when the English changes.
    """


@translate.command(name="export")
@click.argument("language", callback=_language_tag)
@content_option
@out_file_option
def translate_export(language: str, content_path: Path, out_path: Path | None) -> None:
    """Write every string of the content to a PO file for translation into LANGUAGE.

    It goes to content/myths.LANG.po beside the content, unless --out says
    otherwise. Where content/myths.LANG.yml is already there, its translations
    fill the PO file; one whose English has changed since is marked fuzzy,
    for the translator to check. A PO file already there is not written over
    while it holds translations not yet imported.
    """
    from .inputs.translate import export_po, po_path_for

    out = out_path or po_path_for(content_path, language)
    exported = export_po(content_path, language, out)
    click.echo(f"{display_path(out)}: {exported.summary(language)}")


@translate.command(name="import")
@click.argument("po_file", type=click.Path(dir_okay=False, path_type=Path))
@content_option
@out_file_option
def translate_import(po_file: Path, content_path: Path, out_path: Path | None) -> None:
    """Write the translated content file that PO_FILE makes.

    It goes to content/myths.LANG.yml beside the content (LANG from the PO
    file's Language header), unless --out says otherwise. Every entry needs its
    translation: an empty or fuzzy one is an error naming it, and nothing is
    written.
    """
    from .inputs.translate import import_po

    out = import_po(po_file, content_path, out_path)
    click.echo(f"{display_path(out)}: the translation from {display_path(po_file)}")


@cli.command(name="list")
@brands_dir_option
def list_kits(brands_dir: Path) -> None:
    """List the brand kits, their names and the formats each can make."""
    from .errors import MythprintError
    from .formats.registry import FORMATS
    from .inputs.brand import SLUG, kit_folders, load_brand

    if not brands_dir.is_dir():
        raise click.ClickException(f"{display_path(brands_dir)}: no such folder")
    slugs, _ = kit_folders(brands_dir)
    if not slugs:
        click.echo(f"No brand kits in {display_path(brands_dir)}.")
        return
    click.echo(f"Every kit can make: {', '.join(FORMATS)}.")
    for slug in slugs:
        which = slug if SLUG.match(slug) else "all"
        try:
            name = load_brand(brands_dir, slug).name or "(no name)"
        except MythprintError:
            name = f"(has problems: run `mythprint check --brand {which}`)"
        click.echo(f"{slug}: {name}")


def _at_least_one(value: int | None) -> int | None:
    if value is not None and value < 1:
        raise click.BadParameter("give 1 or more")
    return value


def _colour(value: str) -> str:
    from .inputs.colors import Rgb

    try:
        return Rgb.parse(value).hex
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


class _Asked(click.Option):
    """An option asked for when it is not given. When the input has ended (a script, or a
    pipe with no answers left), its default is taken, and one without a default is a usage
    error naming it, rather than a bare "Aborted."."""

    def prompt_for_value(self, ctx: click.Context):
        try:
            return super().prompt_for_value(ctx)
        except click.Abort as stop:
            if not isinstance(stop.__context__, EOFError):
                raise  # Ctrl-C
            click.echo()  # end the line the question left open
            default = self.get_default(ctx)
            if not isinstance(default, str):  # none (Click's own marker for it, in 8.3+)
                raise click.UsageError(
                    f"no answer to '{self.prompt}', as the input ended: give it with "
                    f"{self.opts[0]}",
                    ctx,
                ) from None
            return default


@cli.command(name="new-brand")
@click.argument("slug", callback=_slug)
@brands_dir_option
@click.option(
    "--name",
    cls=_Asked,
    prompt="Partnership's full name",
    help="The partnership's full name.",
)
@click.option(
    "--website",
    cls=_Asked,
    prompt="Website (blank for none)",
    default="",
    help="The partnership's website, https://...",
)
@click.option(
    "--primary",
    cls=_Asked,
    prompt="Primary brand colour (#rrggbb)",
    default="#005a70",
    callback=lambda ctx, param, value: _colour(value),
    help="The main brand colour, for headings and bands.",
)
@click.option(
    "--logo",
    "logo_path",
    cls=_Asked,
    prompt="Logo file (SVG, PNG or JPEG; blank for none)",
    default="",
    help="A logo file (SVG, PNG or JPEG) to copy into the kit.",
)
def new_brand(
    slug: str, brands_dir: Path, name: str, website: str, primary: str, logo_path: str
) -> None:
    """Start a new brand kit in BRANDS_DIR/SLUG, then check it at once.

    SLUG names the kit's folder and its files: lower-case letters, digits and
    hyphens, such as northshire-scp. Any detail not given as an option is
    asked for, one question at a time; the kit is written when all are
    answered. Edit its _brand.yml afterwards for contacts, fonts and more.
    """
    from .inputs.newkit import create_kit

    folder = create_kit(brands_dir, slug, name, website, primary, logo_path)
    click.echo(f"wrote {display_path(folder / '_brand.yml')}")
    ctx = click.get_current_context()
    ctx.invoke(check, brands_dir=brands_dir, brand_slugs=(slug,))


@cli.command()
@brands_dir_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="The address to listen at. Anything but 127.0.0.1 or localhost lets other "
    "computers reach the studio, which has no login.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="The port to listen at (0: any free port).",
)
def serve(brands_dir: Path, host: str, port: int) -> None:
    """Open the studio: make a kit, preview it and download its pack, in a web browser.

    It runs on this computer only (127.0.0.1) and prints its address. Each visitor's work
    is deleted an hour after its last use, and when the studio stops (Ctrl-C).
    """
    from .studio.server import serve_studio

    serve_studio(brands_dir, host, port, say=click.echo)


def main() -> None:
    """Run the command line and exit with its code: 0 done, 1 an error, 2 a usage error."""
    try:
        # Outside standalone mode Click *returns* the code of `Exit(n)` instead of exiting.
        code = cli(prog_name="mythprint", standalone_mode=False)
    except click.exceptions.Exit as done:
        raise SystemExit(done.exit_code) from None
    except click.Abort as stop:
        click.echo("Aborted.", err=True)
        # Ctrl-C at a question exits as Ctrl-C anywhere else does: 128 + SIGINT.
        raise SystemExit(130 if isinstance(stop.__context__, KeyboardInterrupt) else 1) from None
    except click.ClickException as error:
        error.show()
        raise SystemExit(error.exit_code) from None
    except Exception as error:  # a bug: say so plainly, without a traceback
        click.echo(
            f"Error: mythprint failed unexpectedly ({type(error).__name__}: {error}). "
            "Please report this with the command you ran.",
            err=True,
        )
        raise SystemExit(1) from None
    from .batch.stopping import leave

    leave(code if isinstance(code, int) else 0)  # the studio's pool may have stopped too
