"""Questions for a person at a terminal: ask again after a typo, stop cleanly on Ctrl-C or Ctrl-D."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import typer

from leerlog.cli import common
from leerlog.domain.errors import InvalidValue
from leerlog.domain.escapes import cell
from leerlog.i18n import _

T = TypeVar("T")

# The shell's code for a command stopped by Ctrl-C (128 + SIGINT); end of input is a plain 1.
INTERRUPTED, END_OF_INPUT = 130, 1

_YES = frozenset({"y", "yes", "j", "ja"})
_NO = frozenset({"n", "no", "nee"})


def stop(code: int) -> typer.Exit:
    # The terminal leaves the cursor behind the question (after ^C, or nothing for Ctrl-D):
    # the message starts a line of its own.
    sys.stderr.write("\n" + _("Stopped; nothing was changed.") + "\n")
    sys.stderr.flush()
    return typer.Exit(code)


@contextmanager
def resumable(command: str, dry_run: bool = False) -> Iterator[None]:
    """Ctrl-C in a run that stores as it goes (sync, pull): say that what it finished is kept
    and that running COMMAND again goes on from there; exit 130. A dry run changed nothing."""
    try:
        yield
    except KeyboardInterrupt:
        if dry_run:
            raise stop(INTERRUPTED) from None
        sys.stderr.write("\n" + _("Stopped; what was done before is kept.") + "\n")
        again = _("Run 'leerlog {command}' again and it resumes without duplicates.")
        sys.stderr.write(again.format(command=command) + "\n")
        sys.stderr.flush()
        raise typer.Exit(INTERRUPTED) from None


def _read(question: str) -> str:
    """One answer typed after QUESTION (on stderr, so stdout keeps only the result)."""
    sys.stderr.write(question)
    sys.stderr.flush()
    try:
        line = sys.stdin.readline()
    except KeyboardInterrupt:
        raise stop(INTERRUPTED) from None
    if not line:
        raise stop(END_OF_INPUT)
    return line.rstrip("\r\n").strip()


def ask(label: str, option: str, check: Callable[[str], T], hint: bool = True) -> T:
    """Ask for LABEL until CHECK accepts the answer; without a terminal, a usage error.

    CHECK raises InvalidValue for an answer it refuses; its message (and, with HINT, its hint)
    is the one line that says why before the question comes again, as for an empty answer.
    """
    common.ask_or_fail(label, option)
    question = label[0].upper() + label[1:] + ": "
    while True:
        answer = _read(question)
        if not answer:
            common.say(_("an answer is needed here; Ctrl-C stops without changing anything"))
            continue
        try:
            return check(answer)
        except InvalidValue as error:
            why = error.message
            if hint and error.hint:
                why = _("{problem} ({hint})").format(problem=why, hint=error.hint)
            common.say(cell(why))


def confirm(question: str) -> bool:
    """A yes/no QUESTION, no by default; y, yes, j, ja, n, no and nee in either language."""
    # TRANSLATORS: the answers a yes/no question offers; no (the capital) is the default.
    shown = cell(question) + " " + _("[y/N]") + " "
    while True:
        answer = _read(shown).lower()
        if not answer or answer in _NO:
            return False
        if answer in _YES:
            return True
        common.say(_("please answer y (yes) or n (no)"))
