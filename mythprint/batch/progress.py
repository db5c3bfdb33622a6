"""How a build reports itself as it runs: a progress bar on a terminal, a line per kit
elsewhere (CI, a pipe, a log), and errors only with --quiet."""

import os
import sys
from pathlib import Path

import click

from ..paths import display_path
from .runner import KitDone


class Progress:
    """Prints a batch's kits as they finish; every line goes through `say`, so that the
    bar (on standard error, on a terminal) is never broken by another line."""

    def __init__(self, kits: int, out_dir, quiet: bool = False, terminal: bool | None = None):
        self.quiet = quiet
        self.out_dir = out_dir
        terminal = sys.stderr.isatty() if terminal is None else terminal
        self.bar = None
        if terminal and not quiet and kits > 1:
            from tqdm import tqdm

            self.bar = tqdm(total=kits, unit="kit", file=sys.stderr, dynamic_ncols=True)

    def say(self, line: str, err: bool = False, always: bool = False) -> None:
        """Print a line; with --quiet, only errors (`always`) are printed."""
        if self.quiet and not always:
            return
        if self.bar is not None:
            self.bar.write(line, file=sys.stderr if err else sys.stdout)
        else:
            click.echo(line, err=err)

    def kit_done(self, kit: KitDone) -> None:
        for finding in kit.warnings:
            self.say(str(finding), err=True)
        for line in kit.stale_warnings:
            self.say(f"Warning: {line}", err=True)
        for line in dict.fromkeys((*kit.kit_error, *kit.failures)):  # each said once
            self.say(f"Error: {line}", err=True, always=True)
        if self.bar is not None:
            if kit.kept:  # a kit line is not said under the bar: what it would say of them
                self.say(f"Note: {kit.slug}: {kept_words(kit.kept)}", err=True)
            self.bar.update(1)
        else:
            self.say(self.kit_line(kit))

    def kit_line(self, kit: KitDone) -> str:
        if kit.kit_error:
            return f"{kit.slug}: not built"
        parts = [f"{len(kit.made)} made"] if kit.made or not kit.unchanged else []
        if kit.unchanged:
            parts.append(f"{kit.unchanged} unchanged")
        if kit.failures:
            parts.append(f"{len(kit.failures)} failed")
        where = ""
        folders = [path.parent for path, _ in kit.made] + [path.parent for path in kit.kept]
        if folders:  # the folder they are in: the kit's, or its press/ for a press build
            where = f" in {display_path(Path(os.path.commonpath(folders)))}/"
        if kit.kept:
            where += f"; {kept_words(kit.kept, there=True)}"
        removed = (
            f"; {count(kit.removed, 'file')} of an earlier build removed, as this pack "
            f"no longer makes {'it' if kit.removed == 1 else 'them'}"
            if kit.removed
            else ""
        )
        return f"{kit.slug}: {', '.join(parts)}{where}{removed}"

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def kept_words(kept: list[Path], there: bool = False) -> str:
    """What a kit's line says of the earlier copies of files that failed: a failed file
    leaves its earlier copy where it was, and the details it printed then."""
    if len(kept) == 1:
        what = f"the earlier {kept[0].name} stays"
    elif len(kept) == 2:
        what = f"the earlier {kept[0].name} and {kept[1].name} stay"
    else:
        what = f"the earlier copies of those {len(kept)} files stay"
    folder = Path(os.path.commonpath([path.parent for path in kept]))
    return f"{what} {'there' if there else f'in {display_path(folder)}/'}, with the earlier details"


def count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def summary_line(totals: dict) -> str:
    """The one line every build ends with. Kits not built come first, named: after "0
    failed" (which counts files), a coordinator skimming 150 kits' lines read no further."""
    not_built = ""
    if totals["kits_failed"]:
        names = named(totals.get("kits_not_built", []))
        not_built = f"{count(totals['kits_failed'], 'kit')} not built ({names}), "
    return (
        f"Done: {not_built}{totals['made']} made, {totals['unchanged']} unchanged, "
        f"{totals['failed']} failed, {count(totals['warnings'], 'warning')}, "
        f"{count(totals['kits'], 'kit')}, {totals['seconds']:.1f} s."
    )


def named(slugs: list[str], shown: int = 3) -> str:
    """The kits, as the summary line names them: a batch's `Error:` lines scroll by, and
    name a kit's files rather than the kit. A few names only, so the line stays short."""
    if len(slugs) <= shown:
        return ", ".join(slugs)
    return f"{', '.join(slugs[:shown])} and {len(slugs) - shown} more"
