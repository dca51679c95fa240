"""Rich tables for people at a terminal; the same content as plain text when piped."""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from rich.console import Console

from leerlog.domain.escapes import cell
from leerlog.i18n import _, decimal
from leerlog.terminal.fit import Column, fitted_or_natural
from leerlog.terminal.plain import print_grid

if TYPE_CHECKING:
    from leerlog.domain.categories import ActivityType
    from leerlog.domain.models import Activity
    from leerlog.storage.queries import PersonRow


class _Stdout(Console):
    """Rich's console for stdout, but a closed pipe is an OSError like any other write's, which
    the command line ends quietly with exit 0 (Rich's own handling exits 1)."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))


def console() -> Console:
    """stdout; colour only on a terminal and never with NO_COLOR; wide enough when piped.

    The width is the terminal's, or COLUMNS; piped without COLUMNS, 160. Piped, no line ends in
    spaces (Rich pads the last cell of a table, too).
    """
    piped = not sys.stdout.isatty()
    width = 160 if piped and not os.environ.get("COLUMNS") else None
    if not piped:
        return _Stdout(highlight=False, width=width, soft_wrap=False)
    from leerlog.terminal.fit import NoTrailingSpaces

    return _Stdout(file=NoTrailingSpaces(sys.stdout), highlight=False, width=width, soft_wrap=False)


def hours(minutes: int) -> str:
    """Hours with one decimal, rounded half up (195 minutes: 3.3), with the reader's decimal sign."""
    tenths = (minutes * 10 + 30) // 60
    return f"{tenths // 10}{decimal()}{tenths % 10}"


def activities_table(activities: Sequence[Activity], show_person: bool) -> None:
    """The activities in the console's width; the shorter layouts when the full one is too wide."""
    if not activities:
        Console(stderr=True, highlight=False).print(_("No activities found."), markup=False)
        return
    from leerlog.terminal.activities import print_activities

    print_activities(console(), activities, show_person)


def types_table(types: Sequence[ActivityType]) -> None:
    from leerlog.domain.categories import category_name, label_for

    # In a narrow pane the source goes first, then the label: the key and its category stay.
    columns = [
        Column(_("type")), Column(_("category")),
        Column(_("label"), kind="text", minimum=12, drop=1), Column(_("source"), drop=0),
    ]  # fmt: skip
    order = {"experiential": 0, "social": 1, "formal": 2}
    rows = [
        [cell(item.key), category_name(item.category), cell(label_for(item)),
         _("built in") if item.builtin else _("own")]
        for item in sorted(types, key=lambda t: (order[t.category], not t.builtin, t.key))
    ]  # fmt: skip
    out = console()
    print_grid(out, fitted_or_natural(columns, rows, out.width))


def people_table(people: Sequence[PersonRow]) -> None:
    if not people:
        Console(stderr=True, highlight=False).print(_("No people in the file yet."), markup=False)
        return
    columns = [
        Column(_("person"), kind="text", minimum=12, cut=1),
        Column(_("team"), kind="text", minimum=10, cut=0),
        Column(_("activities"), "right", drop=1),
        Column(_("hours"), "right"),
        Column(_("last activity")),
    ]
    rows = [
        [cell(row.name), cell(row.team or ""), str(row.activities), hours(row.minutes),
         row.last_date or ""]
        for row in people
    ]  # fmt: skip
    out = console()
    print_grid(out, fitted_or_natural(columns, rows, out.width))


@contextlib.contextmanager
def progress_counter(label: str) -> Iterator[Callable[[int], None]]:
    """A live count on stderr on a terminal (never with NO_COLOR); silent otherwise. LABEL is a
    translated text with {count}, e.g. "importing {count} rows"."""
    if not sys.stderr.isatty() or os.environ.get("NO_COLOR"):
        yield lambda _: None
        return
    from rich.markup import escape
    from rich.progress import Progress, SpinnerColumn, TextColumn

    # Digits grouped as people read them: 20,000 in English, 20.000 in Dutch.
    group = "." if decimal() == "," else ","
    text = (
        escape(label)
        .replace("{", "{{")
        .replace("}", "}}")
        .replace("{{count}}", "{task.fields[count]}")
    )
    with Progress(SpinnerColumn(), TextColumn(text), transient=True) as progress:
        task = progress.add_task(label, total=None, count="0")
        done = 0

        def advance(n: int) -> None:
            nonlocal done
            done += n
            progress.update(task, count=f"{done:,}".replace(",", group))

        yield advance
