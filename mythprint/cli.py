"""The command line: turns options into one library call each, and results into words."""

from pathlib import Path

import click

from . import __version__
from .paths import DEFAULT_BRANDS_DIR, DEFAULT_CONTENT, display_path

FORMAT_CHOICES = ("all", "poster", "myth-posters", "leaflet", "handout")


def _slug(ctx, param, value: str) -> str:
    from .brand import SLUG

    if not SLUG.match(value):
        raise click.BadParameter("use lowercase letters, digits and hyphens, e.g. 'default'")
    return value


content_option = click.option(
    "--content",
    "content_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_CONTENT,
    show_default="content/myths.yml",
    help="The guide's text, as YAML.",
)
brands_dir_option = click.option(
    "--brands-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_BRANDS_DIR,
    show_default="brands/",
    help="The folder that holds brand kits, one sub-folder each.",
)
brand_option = click.option(
    "--brand",
    "brand_slug",
    default="default",
    show_default=True,
    callback=_slug,
    metavar="SLUG",
    help="Which kit in --brands-dir to use.",
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
@content_option
@brands_dir_option
@brand_option
@click.option(
    "--format",
    "format_name",
    type=click.Choice(FORMAT_CHOICES),
    default="all",
    show_default=True,
    help="poster: every myth on one A3 poster; myth-posters: one A3 poster per myth; "
    "leaflet: a DL tri-fold leaflet; handout: an editable Word handout.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("dist"),
    show_default=True,
    help="Where to write; each brand gets a sub-folder.",
)
@click.option(
    "--for",
    "profile_name",
    type=click.Choice(("office", "press")),
    default="office",
    show_default=True,
    help="office: accessible PDFs for office printers, no bleed. press: files for a print "
    "shop, with bleed, in OUT/BRAND/press/.",
)
@click.option(
    "--bleed",
    "bleed_mm",
    type=float,
    metavar="MM",
    help="Press only: bleed on every side.  [default: 3]",
)
@click.option("--marks", is_flag=True, help="Press only: add crop marks, outside the bleed.")
@click.option(
    "--icc",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Press only: the print shop's CMYK output profile (.icc). Colours are then "
    "written in CMYK and the file is PDF/X-4.",
)
def build(
    content_path: Path,
    brands_dir: Path,
    brand_slug: str,
    format_name: str,
    out_dir: Path,
    profile_name: str,
    bleed_mm: float | None,
    marks: bool,
    icc: Path | None,
) -> None:
    """Make the posters, the leaflet and the Word handout.

    Files go to OUT/BRAND/ (office) or OUT/BRAND/press/ (press). Everything is
    checked before anything is written. An output whose text cannot fit at a
    readable size is not written, and its earlier file stays.

    The leaflet prints double-sided on A4, flip on short edge.
    """
    from .build import build as run_build
    from .build import load_inputs
    from .formats import FORMATS
    from .profiles import make_profile

    profile = make_profile(profile_name, bleed_mm, marks, icc)
    content, brand = load_inputs(content_path, brands_dir, brand_slug)
    if profile.press and not profile.cmyk:
        click.echo("Note: no --icc profile given, so press files keep their bleed but stay RGB.")
    if format_name == "all":
        formats = [name for name, target in FORMATS.items() if profile.name in target.profiles]
    elif profile.name in FORMATS[format_name].profiles:
        formats = [format_name]
    else:
        raise click.UsageError(f"--format {format_name} has no {profile.name} version")
    report = run_build(content, brand, formats, out_dir, profile)
    for path, entry in report.written:
        click.echo(f"wrote {display_path(path)} ({_describe(entry)})")
    if report.manifest:
        click.echo(f"wrote {display_path(report.manifest)}")
    if report.failures:
        for failure in report.failures[:-1]:
            failure.show()
        raise report.failures[-1]


def _describe(entry) -> str:
    if entry.pages is None:
        return f"text {entry.font_size_pt:g} pt"
    pages = "page" if entry.pages == 1 else "pages"
    return f"{entry.pages} {pages}, text {entry.font_size_pt:g} pt"


@cli.command()
@content_option
@brands_dir_option
@brand_option
def check(content_path: Path, brands_dir: Path, brand_slug: str) -> None:
    """Check the content and the brand kit, and write nothing."""
    from .build import load_inputs

    content, brand = load_inputs(content_path, brands_dir, brand_slug)
    click.echo(f"{display_path(content.path)}: OK, {len(content.myths)} myths")
    click.echo(f"{display_path(brand.folder)}: OK, brand '{brand.slug}'")


def main() -> None:
    try:
        cli(prog_name="mythprint", standalone_mode=False)
    except click.exceptions.Exit as done:
        raise SystemExit(done.exit_code) from None
    except click.Abort:
        click.echo("Aborted.", err=True)
        raise SystemExit(1) from None
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
