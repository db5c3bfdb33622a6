"""The options several commands share, and what --brand names: the kits to use."""

from pathlib import Path

import click

from ..paths import DEFAULT_BRANDS_DIR, DEFAULT_CONTENT, display_path


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
    return tuple(dict.fromkeys(_slug(ctx, param, slug) for slug in slugs))


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


def out_dir_option(what: str):
    """--out, the folder a command writes into; `what` says what goes there."""
    return click.option(
        "--out",
        "out_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("dist"),
        show_default=True,
        help=what,
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
