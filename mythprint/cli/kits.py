"""`list` and `new-brand`: the brand kits there are, and a new one asked for detail by detail."""

import re
from pathlib import Path

import click

from ..paths import DEFAULT_BRANDS_DIR, display_path
from .check import check
from .options import brands_dir_option, slug_argument


@click.command(name="list")
@brands_dir_option
def list_kits(brands_dir: Path) -> None:
    """List the brand kits, their names and the formats each can make."""
    from ..errors import MythprintError
    from ..formats.registry import FORMATS
    from ..inputs.brand import SLUG, kit_folders, load_brand

    if not brands_dir.is_dir():
        raise click.ClickException(f"{display_path(brands_dir)}: no such folder")
    slugs, _ = kit_folders(brands_dir)
    if not slugs:
        click.echo(f"No brand kits in {display_path(brands_dir)}.")
        return
    click.echo(f"Every kit can make: {', '.join(FORMATS)}.")
    # The command to copy names the same kits' folder as this one did.
    same = brands_dir.resolve() == DEFAULT_BRANDS_DIR.resolve()
    elsewhere = "" if same else f" --brands-dir {_quoted(brands_dir)}"
    for slug in slugs:
        which = slug if SLUG.match(slug) else "all"
        try:
            name = load_brand(brands_dir, slug).name or "(no name)"
        except MythprintError:
            name = f"(has problems: run `mythprint check{elsewhere} --brand {which}`)"
        click.echo(f"{slug}: {name}")


def _quoted(path: Path) -> str:
    """`path` as a shell takes it: in double quotes if it holds a space or the like, which
    Windows' Command Prompt and PowerShell read as a Unix shell does."""
    shown = display_path(path)
    if re.fullmatch(r"[\w./\\:+-]+", shown):
        return shown
    if re.search(r'["$`!]', shown):  # what a Unix shell reads inside double quotes
        import shlex

        return shlex.quote(shown)
    return f'"{shown}"'


def _colour(value: str) -> str:
    from ..inputs.colors import Rgb

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


@click.command(name="new-brand")
@slug_argument
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
    from ..inputs.newkit import create_kit

    folder = create_kit(brands_dir, slug, name, website, primary, logo_path)
    click.echo(f"wrote {display_path(folder / '_brand.yml')}")
    ctx = click.get_current_context()
    ctx.invoke(check, brands_dir=brands_dir, brand_slugs=(slug,))
