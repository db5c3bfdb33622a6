"""The command line: turns options into one library call each, and results into words."""

import click

from .. import __version__
from . import build, check, kits, serve, translate


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
        ctx.invoke(build.build)


for command in (
    build.build,
    build.merge,
    check.check,
    translate.translate,
    kits.list_kits,
    kits.new_brand,
    serve.serve,
):
    cli.add_command(command)


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
    from ..batch.stopping import leave

    leave(code if isinstance(code, int) else 0)  # the studio's pool may have stopped too
