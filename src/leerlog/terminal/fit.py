"""Tables that fit the terminal: bars shrink first, then text is cut with …, then columns go.

Dates, ids, keys, numbers and category labels are never cut or wrapped: a column of those keeps
its widest cell. A bar is drawn again at the width it gets; a text column (a title, a name, tags)
is cut with … down to its minimum, the title last. When that is not enough, the columns that say
least are left out, in the order the table gives. The result is a Grid whose every cell already
fits, so Rich and the plain writer print it alike, without wrapping anything.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal, TextIO

from rich.cells import cell_len
from rich.text import Text

from leerlog.terminal.plain import Cell, Grid, Justify

Kind = Literal["whole", "text", "bar"]
Bar = Callable[[int], Text]  # a bar drawn WIDTH cells wide
GAP = 2  # the two spaces between columns


@dataclass(frozen=True)
class Column:
    header: str
    justify: Justify = "left"
    kind: Kind = "whole"
    minimum: int = 0  # text and bars: the narrowest they may become (never below the header)
    cut: int = 0  # text: cut in this order, lowest first (the title last)
    drop: int | None = None  # left out in this order, lowest first, when nothing else helps
    width: int = 0  # bars: the width they have when there is room


def cut(text: str, width: int) -> str:
    """TEXT in at most WIDTH terminal cells, ending in … when it had to be cut."""
    if cell_len(text) <= width:
        return text
    if width <= 1:
        return "…"[:width]
    if text.isascii():
        return text[: width - 1].rstrip() + "…"
    shown = Text(text)
    shown.truncate(width - 1)
    return shown.plain.rstrip() + "…"


def _natural(column: Column, cells: Sequence[Cell | Bar]) -> int:
    header = cell_len(column.header)
    if column.kind == "bar":
        return max(header, column.width)
    texts = [c.plain if isinstance(c, Text) else str(c) for c in cells]
    if "".join(texts).isascii():  # one cell a character: len() is enough, and fast
        return max([header, *map(len, texts)])
    return max([header, *map(cell_len, texts)])


def _widths(
    columns: Sequence[Column], natural: list[int], room: int, squeeze: bool = False
) -> list[int] | None:
    """Each column's width within ROOM cells, or None when even the narrowest do not fit (with
    SQUEEZE, the narrowest then)."""
    widths = list(natural)
    excess = sum(widths) + GAP * (len(widths) - 1) - room
    order = [i for i, c in enumerate(columns) if c.kind == "bar"]
    order += sorted(
        (i for i, c in enumerate(columns) if c.kind == "text"), key=lambda i: columns[i].cut
    )
    for i in order:
        if excess <= 0:
            break
        floor = max(columns[i].minimum, cell_len(columns[i].header), 1)
        give = min(excess, max(widths[i] - floor, 0))
        widths[i] -= give
        excess -= give
    return widths if excess <= 0 or squeeze else None


def fit(
    columns: Sequence[Column],
    rows: Sequence[Sequence[Cell | Bar]],
    room: int,
    squeeze: bool = False,
) -> Grid | None:
    """The table in ROOM cells as a Grid, or None when not even its essential columns fit; with
    SQUEEZE, then its essential columns at their narrowest."""
    keep = list(range(len(columns)))
    widest = [_natural(column, [row[i] for row in rows]) for i, column in enumerate(columns)]
    while True:
        chosen = [columns[i] for i in keep]
        natural = [widest[i] for i in keep]
        widths = _widths(chosen, natural, room)
        if widths is not None:
            break
        droppable = [i for i in keep if columns[i].drop is not None]
        if not droppable:
            if not squeeze:
                return None
            widths = _widths(chosen, natural, room, squeeze=True)
            assert widths is not None
            break
        keep.remove(min(droppable, key=lambda i: columns[i].drop or 0))
    grid = Grid([(column.header, column.justify) for column in chosen])
    # A report of thousands of people: most cells stay as they are, and are not looked at again.
    plan = [
        (i, w, columns[i].kind == "bar" or (columns[i].kind == "text" and w < widest[i]))
        for i, w in zip(keep, widths, strict=True)
    ]
    if all(not change for _i, _w, change in plan) and len(keep) == len(columns):
        grid.rows = list(rows)  # type: ignore[arg-type]
        return grid
    grid.rows = [
        [_fitted(row[i], w) if change else row[i] for i, w, change in plan]  # type: ignore[misc]
        for row in rows
    ]
    return grid


def _fitted(value: Cell | Bar, width: int) -> Cell:
    if callable(value):
        return value(width)
    if isinstance(value, Text):
        if cell_len(value.plain) <= width:
            return value
        shown = value.copy()
        shown.plain = cut(value.plain, width)
        return shown
    return cut(value, width)


def fitted_or_natural(
    columns: Sequence[Column], rows: Sequence[Sequence[Cell | Bar]], room: int
) -> Grid:
    """fit(), or, when nothing can make the table fit, its essential columns at their narrowest
    (what is still too wide, Rich folds): in a pane of 40 columns a report keeps its numbers
    whole as long as they fit at all."""
    return fit(columns, rows, room, squeeze=True) or Grid([])


class NoTrailingSpaces(io.TextIOBase):
    """A text stream that drops the spaces at the end of each line it passes on.

    Rich pads every table cell, the last one too; piped into a file or a script, those spaces
    are noise. Only used when the output is not a terminal.
    """

    def __init__(self, target: TextIO) -> None:
        self._target = target
        self._pending = ""

    def write(self, text: str) -> int:
        whole, newline, rest = (self._pending + text).rpartition("\n")
        self._pending = rest
        if newline:
            if " \n" in whole or whole.endswith(" "):
                whole = "\n".join(line.rstrip(" ") for line in whole.split("\n"))
            self._target.write(whole + "\n")
        return len(text)

    def flush(self) -> None:
        if self._pending:
            self._target.write(self._pending)
            self._pending = ""
        self._target.flush()

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        return self._target.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self._target, "encoding", None) or "utf-8"
