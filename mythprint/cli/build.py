"""`build` and `merge`: make a batch of kits, and put several machines' shares of one together."""

import json
import time
from pathlib import Path

import click

from ..paths import display_path
from .options import (
    Place,
    brand_option,
    brands_dir_option,
    kits_named,
    out_dir_option,
    pack_option,
    profile_option,
)

FORMAT_CHOICES = ("all", "poster", "myth-posters", "leaflet", "handout", "html")


@click.command()
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
@out_dir_option("Where to write; each brand gets a sub-folder. Never inside --brands-dir.")
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
    type=Place(
        "give --icc the print shop's CMYK profile, a .icc file", exists=True, dir_okay=False
    ),
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
    type=Place("give --stats the name of a file to write, such as stats.json", dir_okay=False),
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
    from ..batch.fingerprint import file_digest
    from ..batch.output import Writer, write_atomic
    from ..batch.plan import plan_batch
    from ..batch.pool import default_jobs
    from ..batch.progress import Progress, count, named, summary_line
    from ..batch.runner import run_batch, summarise, write_gallery
    from ..batch.stopping import Terminated, check_stop, leave, stops_at_safe_points
    from ..batch.units import by_file_name
    from ..formats.registry import FORMATS, pack_jobs
    from ..inputs.packs import load_pack
    from ..pdf.previews import libreoffice
    from ..pdf.profiles import make_profile

    started = time.perf_counter()
    profile = make_profile(profile_name, bleed_mm, marks, icc)
    formats = _formats(format_names, profile.name)
    content, *others = load_pack(content_paths)
    _outside_the_kits(out_dir, brands_dir)
    _kits_there(brands_dir, brand_slugs)
    slugs, passed_over = kits_named(brands_dir, brand_slugs)
    text_findings = [finding for text in (content, *others) for finding in text.findings]
    findings = text_findings + passed_over
    progress = Progress(len(slugs), out_dir, quiet)
    for finding in findings:
        progress.say(str(finding), err=True)
    if profile.press and not profile.cmyk:
        progress.say("Note: no --icc profile given, so press files keep their bleed but stay RGB.")
    writer = Writer(out_dir, exclusive=True)
    click.get_current_context().call_on_close(writer.release)
    writer.check_writable()
    # The gallery shows what check says of the text, and each kit's files in the order of
    # the pack's (the myths' posters in the guide's order, not by name). The texts' own
    # checksums tell `merge` whether folders built on several machines are one batch.
    writer.text = {
        "warnings": [by_file_name(finding.problem) for finding in text_findings],
        "files": [job.filename for job, _ in pack_jobs(FORMATS, (content, *others))],
        "sha256": [file_digest(text.path) for text in (content, *others)],
    }
    writer.brands_dir = display_path(brands_dir)  # `merge` names each kit's files by it
    jobs = jobs or default_jobs()
    plan = plan_batch(
        content,
        brands_dir,
        slugs,
        formats,
        profile,
        writer,
        jobs,
        force,
        previews,
        tuple(others),
        every_kit="all" in brand_slugs,
    )
    for line in writer.unreadable_notes():  # read by the plan: said once, before the kits
        progress.say(f"Note: {line}", err=True)
    if previews and "handout" in formats and libreoffice() is None:
        progress.say(
            "Note: the Word handouts get no previews: that needs LibreOffice "
            "(on Debian or Ubuntu, apt-get install libreoffice-writer-nogui).",
            err=True,
        )
    writer.tried = plan.tried  # a kit left unfinished is finished by making these
    kits, finished = [], []
    try:
        with stops_at_safe_points():
            for kit in run_batch(plan, writer, jobs, say=progress.say):
                kits.append(kit)
                finished.append(round(time.perf_counter() - started, 3))
                progress.kit_done(kit)
            check_stop()
    except KeyboardInterrupt as stop:  # Ctrl-C, SIGTERM or SIGHUP
        progress.close()
        made = len(writer.written)  # kits not yet finished have written files too
        # The kits it was to make and had not finished, half-made or not reached: the
        # manifest records them, so that the gallery, and a merge of this folder, say so
        done = {kit.slug for kit in kits}
        writer.unfinished = {
            slug: plan.tried.get(slug, set()) for slug in slugs if slug not in done
        }
        if made or writer.has_manifest():
            writer.write_manifest()
            write_gallery(writer, stopped=True)
        unfinished = sorted(writer.unfinished)
        left = (
            f" {count(len(unfinished), 'kit')} {'was' if len(unfinished) == 1 else 'were'} "
            f"not finished ({named(unfinished)})."
            if unfinished
            else ""
        )
        click.echo(
            f"Stopped: {made} files were made and recorded; nothing half-made was written."
            f"{left} Run the same command again to make the rest.",
            err=True,
        )
        leave(Terminated.exit_code if isinstance(stop, Terminated) else 130)
    finally:
        progress.close()
    # A kit deleted or renamed since an earlier build: its files stay, said to be left over.
    for slug in plan.gone:
        progress.say(
            f"Warning: {slug}: its kit is no longer in {display_path(brands_dir)}/; its files "
            f"in {display_path(out_dir / slug)}/ were left as they are: delete that folder if "
            "the partnership's pack is withdrawn",
            err=True,
        )
    totals = summarise(kits, started)
    totals["warnings"] += len(findings) + len(plan.gone)
    totals["kits_done_s"] = finished  # in the order they were done
    for note in sorted({note for kit in kits for note in kit.notes}):
        progress.say(f"Note: {note}", err=True)
    if stats_path is not None:
        write_atomic(stats_path, (json.dumps(totals, indent=2) + "\n").encode())
    progress.say(summary_line(totals))
    if totals["failed"] or totals["kits_failed"]:
        raise click.exceptions.Exit(1)


def _kits_there(brands_dir: Path, brand_slugs: tuple[str, ...]) -> None:
    """Refuse, as a mistake in the command, a kit --brand names that has no folder in the
    kits' folder (nor one with a brand file): nothing is built, and nothing recorded of it.
    A folder named against the rule, or with its brand file misnamed, is a kit that fails,
    saying what to rename."""
    import difflib

    from ..inputs.brand import BRAND_FILE, SHOWN_KITS, available_kits, kit_folders
    from ..paths import DEFAULT_BRANDS_DIR
    from .kits import _quoted

    if "all" in brand_slugs:
        return
    kits, others = kit_folders(brands_dir)
    missing = [slug for slug in brand_slugs if slug not in kits]
    if not missing:
        return
    where = display_path(brands_dir)
    if not Path(brands_dir).is_dir():
        raise click.BadParameter(
            f"{', '.join(missing)}: there is no folder {where}, to find kits in: give "
            "--brands-dir the folder that holds the brand kits",
            param_hint="'--brand'",
        )
    known = available_kits(brands_dir)
    said = []
    for slug in missing:
        name = f"{slug} (--brand's default)" if brand_slugs == ("default",) else slug
        if slug in others:
            said.append(f"{name}: {where}/{slug} holds no {BRAND_FILE}, so it is not a brand kit")
            continue
        like = difflib.get_close_matches(slug, known, n=3, cutoff=0.6)
        guess = f" (did you mean {' or '.join(like)}?)" if like else ""
        said.append(f"{name}: there is no such kit in {where}/{guess}")
    if 0 < len(known) <= SHOWN_KITS:  # a few: each named, as `check` names them
        hint = f"kits in {where}: {', '.join(known)}"
    elif known:
        same = Path(brands_dir).resolve() == DEFAULT_BRANDS_DIR.resolve()
        elsewhere = "" if same else f" --brands-dir {_quoted(brands_dir)}"
        hint = f"`mythprint list{elsewhere}` names the kits there"
    else:
        hint = f"{where} holds no brand kits (folders holding {BRAND_FILE})"
    raise click.BadParameter(f"{'; '.join(said)}; {hint}", param_hint="'--brand'")


def _outside_the_kits(out_dir: Path, brands_dir: Path) -> None:
    """Refuse an output folder in the kits' own folder: its files would be read as kit
    files, so every kit would change with each build and be made again every time."""
    from ..errors import OutputError

    out, brands = out_dir.resolve(), brands_dir.resolve()
    if out == brands or out.is_relative_to(brands):
        raise OutputError(
            f"the output folder {display_path(out_dir)} is inside the brand kits' folder "
            f"{display_path(brands_dir)}: choose a folder outside it, such as dist"
        )


def _formats(names: tuple[str, ...], profile: str) -> list[str]:
    """The formats asked for, in the order they are made; "all" is every one the profile has."""
    from ..formats.registry import FORMATS

    if "all" in names:
        return [name for name, target in FORMATS.items() if profile in target.profiles]
    for name in names:
        if profile not in FORMATS[name].profiles:
            raise click.UsageError(f"--format {name} has no {profile} version")
    return [name for name in FORMATS if name in names]


def _at_least_one(value: int | None) -> int | None:
    if value is not None and value < 1:
        raise click.BadParameter("give 1 or more")
    return value


@click.command()
@click.argument(
    "folders",
    nargs=-1,
    required=True,
    metavar="FOLDER...",
    type=Place(
        "give merge the folders the builds wrote (each machine's dist folder, copied here)",
        exists=True,
        file_okay=False,
    ),
)
@out_dir_option(
    "The folder to put them all in. It may be new, or hold a build already (one "
    "machine's own dist): its kits stay, beside the others."
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

    A kit that failed in its machine's build comes as that build recorded it:
    OUT's manifest.json and gallery show it as not built, or with files not
    made, with its errors; the last line names it, and the merge exits with 1,
    as that build did. A kit one folder could not build, and another folder (or
    OUT) holds built, comes built, with a note saying where it failed.

    A folder whose build was stopped before it finished (Ctrl-C) comes as it
    was left: its kits not finished are marked so in OUT's manifest.json and
    gallery, an Error: line names the folder and the kits, and the merge exits
    with 1.
    """
    from ..batch.merge import COPIED, HELD, KEPT, RECORDED, REPLACED, STOPPED, merge_folders
    from ..batch.progress import count, named
    from ..batch.stopping import Terminated, stops_at_safe_points

    started = time.perf_counter()
    what_became = {
        COPIED: "copied from {folder}",
        HELD: "already there, as in {folder}",
        REPLACED: "copied from {folder}, in place of the copy that was there",
        RECORDED: "not made in {folder}: its errors are recorded",
        KEPT: "not made in {folder}: the copy that was there stays",
        STOPPED: "not finished in {folder}, as its build was stopped: none of its files is there",
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
    # What each failed kit's build could not make, as that build said it (errors only,
    # with --quiet too): the coordinator learns here what another machine failed.
    for lines in merged.failed.values():
        for line in lines:
            click.echo(f"Error: {line}", err=True)
    # A machine's build that was stopped: the kits it had not finished lack files, or have
    # none, and no error line says so
    for folder, slugs in merged.unfinished.items():
        click.echo(
            f"Error: {folder}: its build was stopped before it finished, so "
            f"{count(len(slugs), 'kit')} {'is' if len(slugs) == 1 else 'are'} not finished "
            f"there ({', '.join(slugs)}): run the same build again on that machine, copy "
            "its folder again, and merge again",
            err=True,
        )
    if not quiet:
        seconds = time.perf_counter() - started
        held = sum(state == HELD for state in merged.kits.values())
        already = f" ({held} already there)" if held else ""
        # The failed kits first, named as a build's own Done line names them (summary_line)
        not_built, not_made = merged.not_built, sorted(merged.failed.keys() - merged.not_built)
        unfinished = sorted(slug for slugs in merged.unfinished.values() for slug in slugs)
        failed = ""
        for slugs, what in (
            (unfinished, "not finished"),
            (not_built, "not built"),
            (not_made, "with files not made"),
        ):
            if slugs:
                failed += f"{count(len(slugs), 'kit')} {what} ({named(slugs)}), "
        kits = count(len(merged.kits), "kit")  # every kit, as build's and the gallery's
        click.echo(
            f"Done: {failed}{kits}{already}, {count(merged.files, 'file')} copied into "
            f"{display_path(out_dir)}, {seconds:.1f} s."
        )
    # as a build that failed them, or was stopped, would: see the README's exit codes
    if merged.failed or merged.unfinished:
        raise click.exceptions.Exit(1)
