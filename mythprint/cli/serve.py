"""`serve`: the studio, in a web browser."""

from pathlib import Path

import click

from .options import brands_dir_option


@click.command()
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
    from ..studio.server import serve_studio

    serve_studio(brands_dir, host, port, say=click.echo)
