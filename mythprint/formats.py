"""The registry of printed formats, by the name `--format` uses."""

from .leaflet import Leaflet
from .targets import Handout, MythPosters, Poster, Target

FORMATS: dict[str, Target] = {t.name: t for t in (Poster(), MythPosters(), Leaflet(), Handout())}
