"""`check`: what would go wrong on paper, for the content, its translations and the kits."""

from pathlib import Path

import click

from ..paths import display_path
from .options import brand_option, brands_dir_option, kits_named, pack_option, profile_option


def _show_findings(findings, errors: bool = True) -> None:
    """Warnings always; errors only where no exception will report them."""
    for finding in findings:
        if errors or finding.level != "error":
            click.echo(str(finding), err=True)


@click.command()
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
    with its source, and with each kit's fonts. Errors: a missing myth, field or
    label, a myth the source lacks, or letters no font of a kit has. Warnings:
    a translation whose English has changed since, strings still in English,
    and a fallback font with no bold for its headings.
    """
    from ..batch.build import kit_findings
    from ..batch.progress import count
    from ..errors import MythprintError
    from ..inputs.brand import kit_folder, read_kit
    from ..inputs.packs import load_pack
    from ..pdf.profiles import Profile

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
    translations = []  # beside the contents, and not in the pack: checked against each kit
    if contents:
        shown = {str(finding) for content in contents for finding in content.findings}
        translations, failed_translations = _check_translations(content_paths, strict, shown)
        failed |= failed_translations
        in_pack = {content.path.resolve() for content in contents}
        translations = [text for text in translations if text.path.resolve() not in in_pack]
    profile = Profile(name=profile_name)
    slugs, passed_over = kits_named(brands_dir, brand_slugs)
    _show_findings(passed_over)
    failed |= strict and bool(passed_over)
    with_errors, warned = [], 0
    for slug in slugs:
        try:
            brand = read_kit(brands_dir, slug)  # a logo missing is one error of many
        except MythprintError as error:
            error.show()
            failed = True
            with_errors.append(slug)
            problems = len(getattr(error, "problems", ())) or 1
            click.echo(f"{display_path(kit_folder(brands_dir, slug))}: {count(problems, 'error')}")
            continue
        findings = kit_findings(contents, brand, profile)
        findings += _translation_findings(translations, brand, findings)
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
    from ..batch.progress import count, named

    with_errors_said = f"{len(with_errors)} with errors ({named(with_errors)})"
    said = with_errors_said if with_errors else "none with errors"
    return f"Checked {count(checked, 'kit')}: {said}, {count(warnings, 'warning')} about the kits."


def _translation_findings(translations: list, brand, said: list) -> list:
    """What a build of each translation with this kit would say of its fonts (letters no
    font has, a fallback without bold), less what the pack's check has `said` already."""
    from ..inputs.fontchain import font_findings

    seen = {str(finding) for finding in said}
    # Letters no font has are said once, whichever file they are met in, and whichever
    # font the file is set in: the kit's own words print in every language's.
    lacking = {ch for finding in said for ch in finding.characters}
    found = []
    for translation in translations:
        for finding in font_findings(brand, translation):
            letters = set(finding.characters)
            if str(finding) in seen or (letters and letters <= lacking):
                continue
            seen.add(str(finding))
            lacking |= letters
            found.append(finding)
    return found


def _check_translations(
    content_paths: tuple[Path, ...], strict: bool, shown: set[str] = frozenset()
) -> tuple[list, bool]:
    """Check each translation among `content_paths` against its source, and each source's
    translations beside it, each once: each translation that could be read, and whether to
    fail. What the pack's check has `shown` already (a version unlike the source's, say) is
    counted, but not said again."""
    from ..inputs.translations import source_of, translations_of

    by_source: dict[Path, dict[Path, Path]] = {}  # source -> each translation, by its file
    for path in content_paths:
        source = source_of(path)
        for translation in [path] if source else translations_of(path):
            found = by_source.setdefault((source or path).resolve(), {})
            found.setdefault(translation.resolve(), translation)
    failed, read = False, []
    for source_path, paths in by_source.items():
        texts, failed_here = _check_translations_of(
            source_path, list(paths.values()), strict, shown
        )
        read += texts
        failed |= failed_here
    return read, failed


def _check_translations_of(
    source_path: Path, paths: list[Path], strict: bool, shown: set[str]
) -> tuple[list, bool]:
    from ..batch.progress import count
    from ..errors import ContentError, MythprintError
    from ..inputs.content import read_content
    from ..inputs.translate import same_as_source
    from ..inputs.translations import check_translation

    if not paths:
        return [], False
    try:
        source = read_content(source_path)
    except MythprintError as error:
        error.show()
        return [], True
    failed, source_name, read = False, display_path(source[0].path), []
    for path in paths:
        findings = list(check_translation(source, path).findings)
        try:
            content, yaml = read_content(path)
        except ContentError:
            pass  # check_translation has said why
        else:
            read.append(content)
            findings += same_as_source(source, (content, yaml))
        _show_findings([finding for finding in findings if str(finding) not in shown])
        errors = sum(f.level == "error" for f in findings)
        warnings = len(findings) - errors
        failed |= bool(errors) or (strict and bool(warnings))
        verdict = f"{count(errors, 'error')}, {count(warnings, 'warning')}" if findings else "OK"
        click.echo(f"{display_path(path)}: {verdict}, a translation of {source_name}")
    return read, failed
