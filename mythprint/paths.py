"""Where the project's own assets live, wherever mythprint is run from."""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
TEMPLATES_DIR = PROJECT_ROOT / "templates"
STYLES_DIR = PROJECT_ROOT / "styles"
DEFAULT_CONTENT = PROJECT_ROOT / "content" / "myths.yml"
DEFAULT_BRANDS_DIR = PROJECT_ROOT / "brands"


def display_path(path: Path) -> str:
    """A path as a user would type it: relative to the working folder when it can be."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
