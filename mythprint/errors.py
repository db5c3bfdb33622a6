"""The errors a user can meet; each one becomes an exit code and an `Error:` line."""

import math
from dataclasses import dataclass

import click


@dataclass(frozen=True)
class Problem:
    """One thing wrong in an input file, at a 1-based line and column when it has one."""

    file: str
    line: int | None
    column: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.file}: {self.message}"
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Finding:
    """A problem `check` reports: an error stops a build, a warning only informs.

    Beside its words, a kit's finding says what it is about, for a form to show it next to
    the field it concerns: the brand.yml keys (e.g. ("color", "primary")), the nearest
    passing shade of a colour too pale or too dark, the characters fonts lack, and the
    `detail` a form needs to say it in words of its own (see inputs/checks.py).
    """

    level: str
    problem: Problem
    keys: tuple = ()
    shade: str | None = None
    characters: str = ""
    detail: object = None

    def __str__(self) -> str:
        return f"{self.level.capitalize()}: {self.problem}"


class MythprintError(click.ClickException):
    """Any failure caused by the inputs: exit 1 with a one-line message per problem."""

    exit_code = 1


class InputError(MythprintError):
    """An input file (content or brand kit) has one or more problems."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def show(self, file=None) -> None:
        for problem in self.problems:
            click.echo(f"Error: {problem}", err=True)


class ContentError(InputError):
    """The content file is missing, malformed or incomplete."""


class BrandError(InputError):
    """A brand kit is missing, malformed, or unsafe to use."""


class RulesError(InputError):
    """mythprint's own list of superseded law is broken: a maintainer's mistake, not a user's."""


class ResourceRefused(MythprintError):
    """A document asked for a file outside the folders it may read."""


class RenderProblem(MythprintError):
    """A document could not be made whole: an image, font or style would be missing."""


@dataclass(frozen=True)
class Overflow:
    """What a fit that failed ran out of room for, for a form to say it in its own words
    beside the field that would make room (see studio/overflows.py)."""

    output: str
    floor_pt: float
    overflow_mm: float | None = None  # None: how far it ran on was not measured
    panel: str | None = None  # the leaflet's panel that overflowed, such as "back cover"
    crowded_by: str | None = None  # "contacts": fewer or shorter ones would make room


def whole_mm(millimetres: float) -> int:
    """How far a text runs on, as every message says it (the CLI's and the studio's alike):
    in whole millimetres, rounded up, as cutting that much is what makes it fit; at least 1."""
    return max(1, math.ceil(round(millimetres, 3)))


class FitError(MythprintError):
    """Content does not fit its output at the readability floor."""

    def __init__(self, message: str, overflow: Overflow | None = None):
        super().__init__(message)
        self.overflow = overflow


class OutputFailed(MythprintError):
    """One output met a bug; the build's other outputs are still made."""

    def __init__(self, output: str, exc: Exception):
        super().__init__(
            f"{output}: mythprint failed unexpectedly while making this file "
            f"({type(exc).__name__}: {exc}). Please report this with the command you ran."
        )


class OutputError(MythprintError):
    """An output path is unsafe or cannot be written."""


class OutputBusy(MythprintError):
    """Another build or merge is writing into the same output folder: this one stops
    whole, before it writes anything there (an OutputError fails one file only)."""
