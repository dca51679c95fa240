"""Rich tables for people at a terminal; the same content as plain text when piped."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from leerlog.parsing import format_minutes

if TYPE_CHECKING:
    from leerlog.categories import ActivityType
    from leerlog.models import Activity
    from leerlog.store import PersonRow


def console() -> Console:
    """stdout; colour only on a terminal and never with NO_COLOR; wide enough when piped."""
    piped = not sys.stdout.isatty()
    width = 160 if piped and not os.environ.get("COLUMNS") else None
    return Console(highlight=False, width=width, soft_wrap=False)


def _table(*columns: str) -> Table:
    table = Table(box=None, pad_edge=False, header_style="bold", show_edge=False)
    for column in columns:
        justify = "right" if column in {"time", "activities", "hours"} else "left"
        table.add_column(column, justify=justify, overflow="fold")
    return table


def activities_table(activities: Sequence[Activity], show_person: bool) -> None:
    if not activities:
        Console(stderr=True, highlight=False).print("No activities found.")
        return
    columns = ["id", "date", *(["person"] if show_person else []), "category", "type", "time"]
    table = _table(*columns, "title", "tags")
    for activity in activities:
        cells = [activity.id[:8], activity.date.isoformat()]
        if show_person:
            cells.append(activity.person)
        cells += [
            activity.category,
            activity.type or "",
            format_minutes(activity.minutes),
            activity.title,
            ", ".join(activity.tags),
        ]
        table.add_row(*cells, style=None)
    console().print(table, markup=False)


def types_table(types: Sequence[ActivityType]) -> None:
    table = _table("type", "category", "label", "source")
    order = {"experiential": 0, "social": 1, "formal": 2}
    for item in sorted(types, key=lambda t: (order[t.category], not t.builtin, t.key)):
        table.add_row(item.key, item.category, item.label, "built in" if item.builtin else "own")
    console().print(table, markup=False)


def people_table(people: Sequence[PersonRow]) -> None:
    if not people:
        Console(stderr=True, highlight=False).print("No people in the file yet.")
        return
    table = _table("person", "team", "activities", "hours", "last activity")
    for row in people:
        table.add_row(
            row.name,
            row.team or "",
            str(row.activities),
            f"{row.minutes / 60:.1f}",
            row.last_date or "",
        )
    console().print(table, markup=False)


@contextlib.contextmanager
def progress_counter(label: str) -> Iterator[Callable[[int], None]]:
    """A live count on stderr on a terminal (never with NO_COLOR); silent otherwise."""
    if not sys.stderr.isatty() or os.environ.get("NO_COLOR"):
        yield lambda _: None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn

    with Progress(
        SpinnerColumn(), TextColumn(f"{label} {{task.completed:,}} rows"), transient=True
    ) as progress:
        task = progress.add_task(label, total=None)
        yield lambda n: progress.advance(task, n)
