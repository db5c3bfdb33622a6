"""The options several commands share, and what --brand names: the kits to use."""

from pathlib import Path

import click

from ..errors import MythprintError
from ..paths import DEFAULT_BRANDS_DIR, DEFAULT_CONTENT, display_path


class Place(click.Path):
    """A file or folder to read or write. One that is the wrong kind, or missing where it
    must exist, is the path's problem: an `Error:` line naming it, and exit 1 as for any
    input or output folder (README, "Exit codes"), not Click's usage text and exit 2,
    which say the command was mistyped. `advice` says what to give instead."""

    def __init__(self, advice: str, **kwargs):
        super().__init__(path_type=Path, **kwargs)
        self.advice = advice

    def convert(self, value, param, ctx):
        path = Path(value)
        try:
            if path.exists() and not self.file_okay and not path.is_dir():
                why = "is a file, not a folder"
            elif path.is_dir() and not self.dir_okay:
                why = "is a folder, not a file"
            elif self.exists and not path.exists():
                why = "not found"
            else:
                return super().convert(value, param, ctx)
        except OSError as exc:  # a name too long, a folder on the way it may not open
            why = f"cannot be looked at ({exc.strerror})"
        raise MythprintError(f"{display_path(path)}: {why}; {self.advice}")


def _slug(ctx, param, value: str) -> str:
    from ..inputs.brand import SLUG, slug_for

    if not SLUG.match(value):
        raise click.BadParameter(
            f"use lowercase letters, digits and hyphens, e.g. '{slug_for(value) or 'default'}'"
        )
    return value


def _slugs(ctx, param, values: tuple[str, ...]) -> tuple[str, ...]:
    """`--brand a --brand b` and `--brand a,b` alike; each name checked."""
    slugs = [part.strip() for value in values for part in value.split(",") if part.strip()]
    if values and not slugs:  # `--brand ""`: a name lost, as from an empty variable
        raise click.BadParameter("it names no kit: give a kit's folder name, or all")
    return tuple(dict.fromkeys(_slug(ctx, param, slug) for slug in slugs))


CONTENT_ADVICE = "give --content the guide's text, a file such as content/myths.yml"
content_option = click.option(
    "--content",
    "content_path",
    type=Place(CONTENT_ADVICE, dir_okay=False),
    default=DEFAULT_CONTENT,
    help="The guide's text, as YAML.  [default: content/myths.yml]",
)


def pack_option(more: str):
    """--content, once per language of a pack; `more` says what a pack changes."""
    return click.option(
        "--content",
        "content_paths",
        type=Place(CONTENT_ADVICE, dir_okay=False),
        multiple=True,
        default=(DEFAULT_CONTENT,),
        help="The guide's text, as YAML.  [default: content/myths.yml] Repeat it for a pack "
        "in several languages, first language first: --content content/myths.cy.yml "
        f"--content content/myths.yml. {more}",
    )


def out_dir_option(what: str):
    """--out, the folder a command writes into; `what` says what goes there."""
    return click.option(
        "--out",
        "out_dir",
        type=Place("give --out a folder (it is made if missing)", file_okay=False),
        default=Path("dist"),
        show_default=True,
        help=what,
    )


brands_dir_option = click.option(
    "--brands-dir",
    type=Place("give --brands-dir the folder that holds the brand kits", file_okay=False),
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
slug_argument = click.argument("slug", callback=_slug)


def kits_named(brands_dir: Path, brand_slugs: tuple[str, ...]) -> tuple[list[str], list]:
    """The kits `--brand` names, in the order given; `all` is every kit in the folder.
    With them, a warning for each other folder there, which `all` passes over."""
    from ..errors import WARNING, BrandError, Finding, Problem
    from ..inputs.brand import BRAND_FILE, kit_folders

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
