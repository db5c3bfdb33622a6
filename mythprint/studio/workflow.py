"""What a visitor does, start to finish: save a kit (from the form, a shipped kit or a saved
zip), preview it, and make its pack. Each action blocks, so the app runs it in a thread, and
returns the page it leaves behind."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

from .. import __version__
from ..batch.build import tallest_logo
from ..batch.output import Writer, write_atomic
from ..errors import ERROR, WARNING, BrandError, OutputError
from ..inputs.brand import BRAND_FILE, Brand
from ..inputs.checks import CoarseLogo, logo_findings
from ..inputs.logofile import LOGO_BYTES
from . import workspace
from .failures import failure_notice, plain_files
from .kitform import (
    KitFields,
    Notice,
    fields_of,
    named,
    pack_name,
    place_findings,
    problem_words,
    script_notice,
)
from .rendering import RenderFailed, RenderPool
from .uploads import Upload
from .visitors import KIT, ChosenLogo, Page, Visitor
from .wording import coarse_logo
from .zips import KitZipError, deterministic_zip

log = logging.getLogger(__name__)

LOGO_LIMIT = LOGO_BYTES
ZIP_LIMIT = 20 * 1024 * 1024
PACK = "pack"
TRY_AGAIN = "The previews could not be made this time. Press Preview again."
NOTHING_SAVED = "Nothing was saved: fix what is marked, then try again."
NOT_A_KIT = "That file is not a saved kit"
NOT_OPENED = "That saved kit could not be opened"
NO_SAVED_KIT = "No saved kit was chosen"
WHAT_A_SAVED_KIT_IS = (
    "A saved kit is the zip file the studio gives you when you press Download pack, named "
    "like northshire-scp-myth-busting-pack.zip: choose that file, as it was downloaded, not "
    "a file from inside it. If you have none yet, fill in the form and press Download pack "
    "to make one."
)
LOGO_LOST = "its file was deleted with the rest of your work."
NEW_LOGO_WINS = (
    "You chose a new logo, '{name}', and ticked “Remove the logo”: the new logo is used in "
    "place of the old one. For no logo, tick “Remove the logo” and choose no file."
)
# Why a chosen file may hold nothing, and what to do: OneDrive, Dropbox and iCloud show files
# that are not on the computer yet, and some give a browser nothing until they are.
CLOUD_FILE = (
    "A file in OneDrive or another cloud folder can be empty until it is downloaded: open it "
    "once on this computer, then choose it again."
)


def save_form(
    pool: RenderPool,
    visitor: Visitor,
    fields: KitFields,
    problems: list[Notice],
    logo: Upload,
    remove_logo: bool,
) -> Page:
    """Save the kit the form describes, if it can be, and preview it.

    A new logo chosen with "Remove the logo" ticked wins: choosing a file is the more
    deliberate act, and it replaces the old logo all the same. The page says so.
    """
    chosen, problem = _chosen_logo(visitor, logo, remove_logo)
    problems = [*problems, problem] if problem else list(problems)
    notes = []
    if chosen is not None and remove_logo:
        remove_logo = False
        notes.append(Notice("logo", WARNING, NEW_LOGO_WINS.format(name=chosen.name)))
    # A logo chosen with a mistake elsewhere in the form waits for the next try: a browser
    # never fills a file field in again, and choosing it twice is easy to miss. So does a
    # ticked "Remove the logo", which the page ticks again.
    new_logo = chosen or (None if remove_logo else visitor.page.pending_logo)
    if problems:
        page = _unsaved(visitor, fields, [*problems, *notes], remove_logo=remove_logo)
        return replace(page, pending_logo=new_logo)
    workspace.stage_form(visitor, fields, new_logo, remove_logo, _logo_file(visitor))
    names = _logo_names(visitor, new_logo)
    page = _load_and_preview(
        pool, visitor, fields, "logo", names, remove_logo, new_logo=new_logo is not None
    )
    return replace(page, notices=(*page.notices, *notes))


def _chosen_logo(
    visitor: Visitor, logo: Upload, remove_logo: bool
) -> tuple[ChosenLogo | None, Notice | None]:
    """The logo chosen in this form, or what is wrong with the file chosen."""
    not_used = _not_used(visitor, remove_logo)
    if logo.too_large:
        megabytes = LOGO_LIMIT // 1024 // 1024
        return None, Notice("logo", ERROR, f"'{logo.name}' is larger than {megabytes} MB"
                            f"{not_used}. Save it smaller (an SVG, or a PNG about 1,000 pixels "
                            "tall, is plenty) and choose it again.")  # fmt: skip
    if logo.empty:
        return None, Notice("logo", ERROR, f"{_empty(logo)}{not_used}. {CLOUD_FILE}")
    if not logo.given:
        return None, None
    suffix = workspace.sniff_logo(logo.data)
    if suffix is None:
        return None, Notice("logo", ERROR, f"'{logo.name}' is not an SVG, PNG or JPEG image"
                            f"{not_used}. Choose your logo as one of those.")  # fmt: skip
    return ChosenLogo(suffix, logo.data, logo.name), None


def _not_used(visitor: Visitor, remove_logo: bool) -> str:
    """What became of a logo refused, said after what is wrong with it."""
    had = _logo_file(visitor) or visitor.page.pending_logo
    return ", so it was not used" + (
        "; the logo you had is kept" if had and not remove_logo else ""
    )


def _logo_names(visitor: Visitor, new_logo: ChosenLogo | None) -> dict[str, str]:
    """The name of the file each logo of the staged kit was chosen from, by its path in the
    kit: messages say the partnership's own file's name, never the kit's logo.png."""
    if new_logo is not None:
        return {workspace.LOGO_NAME + new_logo.suffix: new_logo.name}
    page = visitor.page
    if page.logo_file and page.logo_name and _logo_file(visitor):
        return {page.logo_file: page.logo_name}
    return {}


def open_shipped(pool: RenderPool, visitor: Visitor, folder: Path) -> Page:
    """Start from a copy of a kit that comes with mythprint."""
    workspace.stage_shipped(visitor, folder)
    return _load_and_preview(pool, visitor, None, "shipped_kit")


def open_saved(pool: RenderPool, visitor: Visitor, upload: Upload) -> Page:
    """Open a kit saved earlier as a zip: the zip is checked whole before anything of it is
    extracted, then the kit is loaded like any other. A file refused is headed as what it
    is (no saved kit at all, or one that cannot be opened), never as a problem that stops
    the pack: the kit stays as it was."""
    unchanged = "Nothing was changed" + (": your kit is as it was." if visitor.has_kit else ".")
    refused = _not_a_saved_kit(upload)
    if refused is None:
        try:
            workspace.stage_zip(visitor, upload.data)
        except (KitZipError, OutputError) as error:
            workspace.discard(visitor)
            refused = _zip_refused(upload, error)
    if refused is None:
        page = _load_and_preview(pool, visitor, None, "saved_kit")
        return replace(page, heading=NOT_OPENED, explanation=unchanged) if page.unsaved else page
    heading, message = refused
    explanation = unchanged if heading == NOT_OPENED else f"{WHAT_A_SAVED_KIT_IS} {unchanged}"
    page = _unsaved(visitor, visitor.page.values, [Notice("saved_kit", ERROR, message)])
    return replace(page, heading=heading, explanation=explanation)


def _not_a_saved_kit(upload: Upload) -> tuple[str, str] | None:
    """The summary's heading, and the words beside Open a saved kit, for a file plainly no
    saved kit by its size; None for one to look inside."""
    if upload.too_large:
        megabytes = ZIP_LIMIT // 1024 // 1024
        return (
            NOT_A_KIT,
            f"'{upload.name}' is larger than {megabytes} MB, so it is not a saved kit.",
        )
    if upload.empty:
        return NOT_A_KIT, f"{_empty(upload)}, so it is not a saved kit. {CLOUD_FILE}"
    if not upload.given:
        return NO_SAVED_KIT, "Choose the .zip file of a kit you saved, then press Open kit."
    return None


def _zip_refused(upload: Upload, error: KitZipError | OutputError) -> tuple[str, str]:
    """As _not_a_saved_kit, for a zip refused once looked inside."""
    if getattr(error, "not_a_kit", False):
        return NOT_A_KIT, f"'{upload.name}' is not a saved kit: {error.message}."
    return NOT_OPENED, f"'{upload.name}' was not opened: {error.message}."


def _empty(upload: Upload) -> str:
    return f"'{upload.name}' is empty (0 bytes)"


def failed(visitor: Visitor, error: Exception, values: KitFields | None = None) -> Page:
    """The page after an action met a bug: said plainly, as the CLI says one, never a 500."""
    workspace.discard(visitor)
    message = _plain(
        f"mythprint failed unexpectedly ({type(error).__name__}: {error}). Nothing you made "
        "was lost: try again, and if it happens again, please report it.",
        visitor,
    )
    return _unsaved(visitor, values or visitor.page.values, [Notice(None, ERROR, message)])


def refilled(visitor: Visitor, fields: KitFields, logo_lost: bool, logo_name: str = "") -> Page:
    """The page for a kit form sent after the visitor's work was deleted (the studio
    restarted, or an hour passed): nothing done with it, but the form filled in again with
    what it carried, so that nothing typed is lost. A logo's file is not kept from it: the
    partnership chooses it again."""
    again = f"Choose your logo, '{logo_name}', again" if logo_name else "Choose your logo again"
    notices = [Notice("logo", ERROR, f"{again}: {LOGO_LOST}")] if logo_lost else []
    page = _unsaved(visitor, fields, notices)
    status = "Nothing was saved: your work here had expired. Check the form, then press Preview."
    return replace(page, expired=True, status=status)


ELSEWHERE_STATUS = {
    "preview": "Nothing was saved: the kit was changed in another tab or window. Check the "
    "form, then press Preview.",
    "pack": "The pack was not made: the kit was changed in another tab or window. Check the "
    "form, then press Download pack.",
    "fix": "The colour was not changed: the kit was changed in another tab or window. Check "
    "the form, then press Preview.",
}
LOGO_NOT_USED = "it was not used, as the kit had been changed elsewhere."


def changed_elsewhere(
    visitor: Visitor, fields: KitFields, asked: str, logo_name: str, remove_logo: bool
) -> Page:
    """The page for a form sent from a page shown before the kit was changed in another tab
    or window (`asked` what it asked for: "preview", "pack" or "fix"): nothing done with it,
    the form filled in again with what it carried, over the kit as it now stands, and a logo
    chosen in it to be chosen again (kept, it would be used by whichever tab sent next)."""
    again = f"Choose your logo, '{logo_name}', again" if logo_name else ""
    notices = [Notice("logo", ERROR, f"{again}: {LOGO_NOT_USED}")] if again else []
    page = _unsaved(visitor, fields, notices, remove_logo)
    return replace(page, elsewhere=asked, status=ELSEWHERE_STATUS[asked])


def _logo_file(visitor: Visitor) -> str | None:
    return visitor.page.logo_file if visitor.has_kit else None


def _unsaved(
    visitor: Visitor, fields: KitFields, notices: list[Notice], remove_logo: bool = False
) -> Page:
    """The page for an action that changed nothing: what was typed, and what is wrong, over
    the kit and its previews as they were, which a page shown again shows (see
    Visitor.show); `remove_logo` whether "Remove the logo" stays ticked for the next try."""
    kit = visitor.page.kept or visitor.page
    if not visitor.has_kit:  # nothing saved yet: what was typed is all there is, and stays
        kit = replace(kit, values=fields, notices=(), status="", pack_refused=False,
                      expired=False, elsewhere="", pending_logo=None,
                      remove_logo=False)  # fmt: skip
    status = NOTHING_SAVED + (" The previews show your kit as it was." if kit.previews else "")
    return replace(
        kit, values=fields, notices=tuple(notices), pack_refused=False, pending_logo=None,
        expired=False, elsewhere="", remove_logo=remove_logo, status=status, kept=kit, seen=False,
        heading="", explanation="",
    )  # fmt: skip


def _load_and_preview(
    pool: RenderPool,
    visitor: Visitor,
    fields: KitFields | None,
    field: str,
    logo_names: dict[str, str] | None = None,
    remove_logo: bool = False,
    new_logo: bool = False,
) -> Page:
    """Load the staged kit with every check a kit meets; if it loads, put it in place and
    preview it. `fields` None means the kit came from a file: the form is filled from it.
    `logo_names` are the names of the files its logos were chosen from (see _logo_names);
    `new_logo` whether its logo was chosen in this form, and so is refused if it is too
    coarse to print, rather than put in place of the one the kit has."""
    logo_names = logo_names or {}
    values = fields if fields is not None else visitor.page.values
    try:
        brand = workspace.load_staged(visitor)
    except BrandError as error:
        kit = workspace.staging_dir(visitor) / KIT
        notices = [_load_notice(problem, kit, field, logo_names) for problem in error.problems]
        workspace.discard(visitor)
        return _unsaved(visitor, values, notices, remove_logo)
    if new_logo and (coarse := _coarse_logo(visitor, brand, logo_names)):
        workspace.discard(visitor)
        return _unsaved(visitor, values, [coarse], remove_logo)
    staged = (workspace.staging_dir(visitor) / KIT).resolve()
    logo = brand.logo.path.relative_to(staged).as_posix() if brand.logo else None
    workspace.commit(visitor)
    visitor.opened = visitor.opened if fields is not None else True
    values = fields if fields is not None else fields_of(brand)
    page = preview(pool, visitor, values, brand.name or "unnamed", logo, logo_names)
    page = replace(page, kit_language=brand.language)
    if fields is None:  # say which kit the form now holds
        opened = (
            f"You opened the kit of {brand.name}."
            if brand.name
            else "You opened a kit with no partnership name yet: enter yours in the form."
        )
        page = replace(page, status=f"{opened} {page.status}")
    return page


def _coarse_logo(visitor: Visitor, brand: Brand, logo_names: dict[str, str]) -> Notice | None:
    """A new logo too coarse for the pack's press files, which it would stop: said beside
    Logo, as any logo refused. Saved, it would take the place of the logo the kit has,
    which could only come back by choosing its file again."""
    for finding in logo_findings(brand, True, tallest_logo()):
        if finding.level == ERROR and isinstance(finding.detail, CoarseLogo):
            words = coarse_logo(finding.detail, _not_used(visitor, False))
            return Notice("logo", ERROR, named(words, logo_names))
    return None


def _load_notice(problem, kit: Path, field: str, logo_names: dict[str, str]) -> Notice:
    """A problem loading a kit, beside the field it came from: a logo's beside Logo."""
    words = named(problem_words(problem, kit), logo_names)
    if field == "logo" and problem.message.startswith("logo"):
        return Notice("logo", ERROR, named(problem.message, logo_names))
    return Notice(field if field != "logo" else None, ERROR, words)


def preview(
    pool: RenderPool,
    visitor: Visitor,
    values: KitFields,
    kit_name: str,
    logo: str | None,
    logo_names: dict[str, str] | None = None,
) -> Page:
    """Check the visitor's kit and make its previews, through the studio's worker pool;
    `logo` is the logo's path inside the kit, `logo_names` as _load_and_preview's."""
    logo_names = logo_names or {}
    try:
        run = pool.preview(visitor.brands_dir, KIT)
    except RenderFailed:
        return _unsaved(visitor, values, [Notice(None, ERROR, TRY_AGAIN)])
    content = pool.content
    notices = place_findings(run.findings, values, visitor.kit, logo_names)
    if wrong_script := script_notice(values):
        notices.append(wrong_script)
    if not any(n.level == ERROR for n in notices):
        notices += [
            Notice(None, ERROR, plain_files(_plain(line, visitor), content))
            for line in run.kit_error
        ]
    said = {
        line: failure_notice(_plain(line, visitor), run.overflows.get(line), values, content)
        for line in run.failures
    }
    notices += said.values()
    # Each format not made, and the field its problem is beside, for its place in the previews.
    not_made = tuple(
        (name, next((said[line].field for line in lines if said[line].field), None))
        for name, lines in run.not_made.items()
    )
    failed = any(n.level == ERROR for n in notices)
    if not failed:
        status = f"Your previews are ready (made in {run.seconds:.1f} seconds)."
    else:  # what could be made is shown all the same: a leaflet too full spoils no poster
        status = "Fix the problems marked in the form, then press Preview again." + (
            " The previews show the files that could be made." if run.images else ""
        )
    page = Page(
        values=values,
        notices=tuple(notices),
        status=status,
        kit_name=kit_name,
        previews=run.images,
        handout=run.handout,
        not_made=not_made,
        run=visitor.page.run + 1,
        logo_file=logo,
        logo_name=logo_names.get(logo) if logo else None,
        preview_seconds=run.seconds,
        passes=run.passes,
    )
    log.info("previews in %.2f s", run.seconds)
    return page


def _plain(line: str, visitor: Visitor) -> str:
    """A message without the server's temporary folders in it, nor the kit's folder in the
    pack before a file's name ("poster-a3.pdf: ...", as the pack holds it)."""
    for folder in (visitor.kit.resolve(), visitor.folder.resolve(), visitor.folder):
        line = line.replace(f"{folder}/", "").replace(str(folder), "")
    return line.removeprefix(f"{KIT}/")


# --- the pack ---


def make_pack(pool: RenderPool, visitor: Visitor) -> tuple[Page, str, bytes | None]:
    """Make the kit's whole pack and zip it: (the page, the pack's name, the zip), the zip
    None while any check error stands, or if a file of the pack could not be made."""
    page = visitor.page
    name = pack_name(page.values)
    if page.errors or not visitor.has_kit:
        message = "The pack was not made: fix the problems marked below first."
        return _refused(page, message), name, None
    out = visitor.folder / PACK
    try:
        kits = pool.pack(visitor.brands_dir, KIT, out)
    except RenderFailed:
        return _refused(page, TRY_AGAIN.replace("Preview", "Download pack")), name, None
    lines = [line for kit in kits for line in (*kit.kit_error, *kit.failures)]
    if lines:
        notices = page.notices + tuple(
            Notice(None, ERROR, plain_files(_plain(line, visitor), pool.content)) for line in lines
        )
        return _refused(replace(page, notices=notices), "The pack was not made."), name, None
    data = deterministic_zip(pack_files(Writer(out), visitor.kit, name))
    write_atomic(visitor.folder / f"{PACK}.zip", data)
    return (
        replace(page, pack_refused=False, status="Your pack is ready: see your downloads."),
        name,
        data,
    )


def _refused(page: Page, status: str) -> Page:
    return replace(page, pack_refused=True, status=status)


def pack_files(writer: Writer, kit: Path, name: str) -> list[tuple[str, bytes]]:
    """The pack's files by their names in the zip: office/ and press/ as `build` makes them
    (office/web/ the web edition), brands/NAME/ the kit, and a README."""
    files = []
    for entry in writer.manifest()["outputs"]:
        for path in (entry["path"], *entry["parts"]):
            brand, _, inside = path.partition("/")
            if brand != KIT or inside.startswith("previews/"):
                continue
            folder = "" if inside.startswith("press/") else "office/"
            files.append((f"{name}/{folder}{inside}", writer.target(path).read_bytes()))
    for path in sorted(kit.rglob("*")):
        if path.is_file():
            files.append((f"{name}/brands/{name}/{path.relative_to(kit).as_posix()}",
                          path.read_bytes()))  # fmt: skip
    files.append((f"{name}/README.txt", readme(name).encode("utf-8")))
    return files


def readme(name: str) -> str:
    return f"""Your myth-busting pack, made with mythprint {__version__}

office/       To print in the office and to share:
                poster-a3.pdf          A3 poster with every myth
                poster-a3-*.pdf        one A3 poster for each myth
                leaflet-dl.pdf         DL leaflet: print it double-sided on A4,
                                       "flip on short edge", then fold it in three
                handout.docx           Word handout you can edit
                web/index.html         the web edition: copy the whole office
                                       folder to your website, or just open it
press/        The posters and the leaflet for a print shop, with 3 mm bleed.
brands/{name}/
              Your brand kit ({BRAND_FILE} and your logo). Keep it. To change
              your pack later, open the studio and choose this zip under
              "Open a saved kit"; or use it with the mythprint command line:
                mythprint build --brands-dir brands --brand {name}
"""
