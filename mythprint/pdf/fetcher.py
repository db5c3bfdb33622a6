"""The only way a document may read a file: inside the kit, the styles, or the font packages."""

from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse


class RefusedURL(FatalURLFetchingError):
    """A document asked for something it may not read; this stops the render."""

    def __init__(self, url: str, reason: str):
        super().__init__(f"refused to load '{url}': {reason}")
        self.url = url
        self.reason = reason


class ReplacedFile(URLFetcherResponse):
    """A file's replacement bytes. A response for a `file:` URL has a `path`, from which
    WeasyPrint embeds a raster image by reading the file again; this one has none, so the
    replacement is what is embedded (a press file's CMYK logo, not the RGB original)."""

    @property
    def path(self) -> None:
        return None


class SafeURLFetcher(URLFetcher):
    """Serves `file:` URLs inside the allowed folders and `data:` URLs; refuses all else.

    `fail_on_errors` makes every failed fetch stop the render, so a document is never
    written silently missing a font, stylesheet or logo.
    """

    def __init__(
        self, allowed_folders: tuple[Path, ...], replacements: dict[Path, bytes] | None = None
    ):
        super().__init__(allowed_protocols=("file", "data"), fail_on_errors=True)
        self.allowed_folders = tuple(Path(folder).resolve() for folder in allowed_folders)
        # Files served with other bytes than on disk: a logo converted to CMYK, say.
        self.replacements = {Path(p).resolve(): data for p, data in (replacements or {}).items()}
        # WeasyPrint swallows even fatal errors in some places (inside an SVG image, say),
        # so every refusal is also remembered here for the renderer to check.
        self.refusals: list[RefusedURL] = []

    def fetch(self, url, headers=None):
        try:
            return self._fetch_allowed(url, headers)
        except RefusedURL as refusal:
            self.refusals.append(refusal)
            raise

    def _fetch_allowed(self, url, headers):
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != "file":
            raise RefusedURL(url, "mythprint works offline and reads no web or other addresses")
        raw_path = unquote(urlsplit(url).path)
        if ".." in Path(raw_path).parts:
            raise RefusedURL(url, "paths may not climb out of a folder with '..'")
        path = Path(raw_path).resolve()
        if not any(path.is_relative_to(folder) for folder in self.allowed_folders):
            raise RefusedURL(url, "it is outside the brand kit, styles and font folders")
        if not path.is_file():
            raise RefusedURL(url, "no such file")
        if path in self.replacements:
            return ReplacedFile(url, body=self.replacements[path])
        return super().fetch(path.as_uri(), headers)
