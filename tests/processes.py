"""Starting a command as a terminal starts its foreground job."""

import sys

# Runs the program given after it with SIGINT's default action: a terminal's foreground
# job takes Ctrl-C even when the tests run as a background job, whose children start with
# SIGINT ignored.
_WITH_CTRL_C = (
    "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); "
    "os.execv(sys.argv[1], sys.argv[1:])"
)


def as_a_foreground_job(command: list[str]) -> list[str]:
    """`command` (its program a path), to be run with Ctrl-C let through."""
    return [sys.executable, "-c", _WITH_CTRL_C, *command]
