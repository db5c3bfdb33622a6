"""`translate export` and `translate import`: the guide to and from translators' PO files."""

from pathlib import Path

import click

from ..paths import display_path
from .options import Place, content_option


def _language_tag(ctx, param, value: str) -> str:
    from ..inputs.content import tidy_language_tag

    tag = tidy_language_tag(value)
    if tag is None:
        raise click.BadParameter("give a language tag such as cy, ur or pt-BR")
    return tag


out_file_option = click.option(
    "--out",
    "out_path",
    type=Place("give --out the name of the file to write", dir_okay=False),
    default=None,
    help="The file to write, instead of the one beside the content.",
)


@click.group()
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
    from ..inputs.translate import export_po, po_path_for

    out = out_path or po_path_for(content_path, language)
    exported = export_po(content_path, language, out)
    click.echo(f"{display_path(out)}: {exported.summary(language)}")


@translate.command(name="import")
@click.argument("po_file", type=Place("give the PO file the translator sent back", dir_okay=False))
@content_option
@out_file_option
def translate_import(po_file: Path, content_path: Path, out_path: Path | None) -> None:
    """Write the translated content file that PO_FILE makes.

    It goes to content/myths.LANG.yml beside the content (LANG from the PO
    file's Language header), unless --out says otherwise. Every entry needs its
    translation: an empty or fuzzy one is an error naming it, and nothing is
    written. Translations that are still their English word for word are named
    in a warning, as some words are the same in both languages.
    """
    from ..inputs.translate import import_po

    imported = import_po(po_file, content_path, out_path)
    for warning in imported.warnings:
        click.echo(str(warning), err=True)
    click.echo(f"{display_path(imported.path)}: the translation from {display_path(po_file)}")
