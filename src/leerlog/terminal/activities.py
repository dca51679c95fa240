"""`leerlog list` as a table that fits the terminal, down to two lines an activity when narrow.

The full table has a column for every field. When it is too wide, the tags go first (before the
title is cut short), then the category and type share one column (a type implies its category). When even
that is too wide, each activity takes two lines: first what must stay whole (id, date, time,
type or category), then the person and the title, cut with … at the end.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from leerlog.domain.categories import category_name
from leerlog.domain.escapes import cell
from leerlog.domain.parsing import format_minutes
from leerlog.i18n import _
from leerlog.terminal.fit import GAP, Column, cut, fit
from leerlog.terminal.plain import print_grid

if TYPE_CHECKING:
    from leerlog.domain.models import Activity

# The narrowest a person's name, a title and the tags may become in the table; beside the tags a
# title keeps more room (the tags go before the title is cut that far).
MIN_PERSON, MIN_TITLE, MIN_TAGS = 12, 16, 8
TITLE_BESIDE_TAGS = 30


def _kind(activity: Activity) -> str:
    return cell(activity.type) if activity.type else category_name(activity.category)


def _columns(show_person: bool, merged: bool, tags: bool) -> list[Column]:
    columns = [Column(_("id")), Column(_("date"))]
    if show_person:
        columns.append(Column(_("person"), kind="text", minimum=MIN_PERSON, cut=1))
    if merged:
        columns.append(Column(_("type")))
    else:
        columns += [Column(_("category")), Column(_("type"))]
    columns += [
        Column(_("time"), "right"),
        Column(_("title"), kind="text", minimum=TITLE_BESIDE_TAGS if tags else MIN_TITLE, cut=2),
    ]
    if tags:
        columns.append(Column(_("tags"), kind="text", minimum=MIN_TAGS, cut=0))
    return columns


def _row(activity: Activity, show_person: bool, merged: bool, tags: bool) -> list[str]:
    cells = [activity.id[:8], activity.date.isoformat()]
    if show_person:
        cells.append(cell(activity.person))
    if merged:
        cells.append(_kind(activity))
    else:
        cells += [category_name(activity.category), cell(activity.type or "")]
    cells += [format_minutes(activity.minutes), cell(activity.title)]
    if tags:
        cells.append(cell(", ".join(activity.tags)))
    return cells


def print_activities(out: Console, activities: Sequence[Activity], show_person: bool) -> None:
    width = out.width
    for merged, tags in ((False, True), (False, False), (True, True), (True, False)):
        rows = [_row(activity, show_person, merged, tags) for activity in activities]
        grid = fit(_columns(show_person, merged, tags), rows, width)
        if grid is not None:
            print_grid(out, grid)
            return
    _print_stacked(out, activities, show_person)


def _print_stacked(out: Console, activities: Sequence[Activity], show_person: bool) -> None:
    headers = [_("id"), _("date"), _("time"), _("type")]
    rows = [[a.id[:8], a.date.isoformat(), format_minutes(a.minutes), _kind(a)] for a in activities]
    widths = [max(cell_len(text) for text in column) for column in zip(headers, *rows, strict=True)]

    def line(cells: list[str]) -> str:
        padded = [
            " " * (w - cell_len(c)) + c if i == 2 else c + " " * (w - cell_len(c))
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return (" " * GAP).join(padded).rstrip()

    out.print(Text(line(headers), style="bold"))
    for activity, row in zip(activities, rows, strict=True):
        out.print(Text(line(row)))
        out.print(Text(_second_line(activity, show_person, out.width)))


def _second_line(activity: Activity, show_person: bool, width: int) -> str:
    """Indented: the person (cut first), the title (cut last), the tags when they fit whole."""
    indent = "  "
    title = cell(activity.title)
    if show_person:
        room = width - len(indent) - len(" · ") - cell_len(title)
        person = cut(cell(activity.person), max(room, MIN_PERSON))
        title = f"{person} · {title}"
    text = indent + title
    tags = cell(", ".join(activity.tags))
    if tags and cell_len(text) + 3 + cell_len(tags) <= width:
        text += f" [{tags}]"
    return cut(text, width)
