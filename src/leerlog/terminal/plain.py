"""Print a table as the plain text Rich would write for it, without Rich's per-cell rendering.

Rich lays out every cell through its full rendering pipeline, which costs tens of microseconds a
cell: seconds for a report of thousands of people. When Rich would write no control codes (no
colour system: piped output without FORCE_COLOR) and the table fits the console, its output for
our borderless tables is simple: each cell padded to its column's width, columns two spaces
apart. print_grid() and print_table() write exactly that; every other case (colour, a table too
wide, cells Rich would transform or wrap) they leave to Rich itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

# Rich's default cell padding (top, right, bottom, left) and the justifications handled here.
_PADDING = (0, 1, 0, 1)
_JUSTIFY = ("left", "right")

Justify = Literal["left", "right"]
Cell = str | Text


@dataclass
class Grid:
    """A borderless table as data: headers, justification and rows, laid out when printed.

    A report of thousands of people would spend longer building a Rich Table than printing it
    as plain text, so the table is only built when Rich has to print it.
    """

    columns: list[tuple[str, Justify]]
    rows: list[Sequence[Cell]] = field(default_factory=list)

    def add_row(self, *cells: Cell) -> None:
        self.rows.append(cells)

    def table(self) -> Table:
        """The Rich table: no box, no outer padding, bold headers."""
        table = Table(box=None, pad_edge=False, header_style="bold", show_edge=False)
        for header, justify in self.columns:
            table.add_column(header, justify=justify)
        for row in self.rows:
            table.add_row(*row)
        return table


def print_grid(out: Console, grid: Grid) -> None:
    """out.print(grid.table(), markup=False), writing the same characters faster when it can."""
    lines = None
    if _plain_console(out):
        columns = [
            [header, *(row[index] for row in grid.rows)]
            for index, (header, _side) in enumerate(grid.columns)
        ]
        lines = _layout(out, [side for _header, side in grid.columns], columns)
    if lines is None:
        out.print(grid.table(), markup=False)
        return
    _write(out, lines)


def print_table(out: Console, table: Table) -> None:
    """out.print(table, markup=False), writing the same characters faster when it can."""
    lines = plain_lines(out, table)
    if lines is None:
        out.print(table, markup=False)
        return
    _write(out, lines)


def _write(out: Console, lines: list[str]) -> None:
    out.file.write("".join(line + "\n" for line in lines))
    out.file.flush()


def plain_lines(out: Console, table: Table) -> list[str] | None:
    """The table's lines as Rich would print them on OUT, or None where only Rich knows."""
    if not _plain_console(out) or not _simple_table(table):
        return None
    return _layout(
        out,
        [str(column.justify) for column in table.columns],
        [[column.header, *column.cells] for column in table.columns],
    )


def _layout(out: Console, justify: list[str], columns: list[list[object]]) -> list[str] | None:
    """Lines of COLUMNS (header first), or None if Rich would do more than pad the cells."""
    if not columns or any(side not in _JUSTIFY for side in justify):
        return None
    texts: list[list[str]] = []
    for column in columns:
        cells = _plain_cells(column)
        if cells is None:
            return None
        texts.append(cells)
    # Rich gives each column its widest cell plus padding (none at the outer edges), at least
    # 1 cell in all; wider than the console, it would wrap or fold cells instead.
    measures = [_measure(cells) for cells in texts]
    last = len(texts) - 1
    pads = [(index > 0) + (index < last) for index in range(len(texts))]
    totals = [
        (max(map(measure, cells)) + pad) or 1
        for cells, measure, pad in zip(texts, measures, pads, strict=True)
    ]
    if sum(totals) > out.width:
        return None
    widths = [total - pad for total, pad in zip(totals, pads, strict=True)]
    justified = [
        _justify(cells, width, side, measure)
        for cells, width, side, measure in zip(texts, widths, justify, measures, strict=True)
    ]
    return ["  ".join(row) for row in zip(*justified, strict=True)]


def _plain_console(out: Console) -> bool:
    """Rich writes the bare characters: no colour system, no Jupyter, no legacy Windows console."""
    return (
        out.color_system is None
        and not out.is_jupyter
        and not out.legacy_windows
        and not out.record
        and out.width > 0
    )


def _simple_table(table: Table) -> bool:
    """The layout of render's tables: no box, edges or titles; one line per cell; no styling."""
    return (
        table.box is None
        and not table.pad_edge
        and not table.show_edge
        and table.show_header
        and not table.show_footer
        and not table.expand
        and table.width is None
        and table.min_width is None
        and table.padding == _PADDING
        and not table.collapse_padding
        and not table.show_lines
        and table.leading == 0
        and table.title is None
        and table.caption is None
        and all(
            column.width is None
            and column.min_width is None
            and column.max_width is None
            and column.ratio is None
            and not column.no_wrap
            for column in table.columns
        )
    )


def _plain_cells(cells: Sequence[object]) -> list[str] | None:
    """The characters of each cell, or None if Rich would change or wrap any of them.

    Rich replaces :emoji: codes in strings (markup is off), turns tabs and line breaks into
    layout, drops other control characters and may drop zero-width ones; cells with these go to
    Rich. Text cells keep their characters, unless they carry their own justification or overflow.
    """
    plain: list[str] = []
    for cell in cells:
        if isinstance(cell, str):
            if ":" in cell:
                return None
            plain.append(cell)
        elif isinstance(cell, Text) and cell.justify is None and cell.overflow is None:
            plain.append(cell.plain)
        else:
            return None
    joined = "".join(plain)
    if not joined.isprintable():
        return None
    # Rich may drop characters that take no room (combining accents) when it pads a line.
    if not joined.isascii() and any(cell_len(char) == 0 for char in set(joined)):
        return None
    return plain


def _measure(cells: list[str]) -> Callable[[str], int]:
    """len() when every character is one terminal cell wide (fast), else Rich's cell_len()."""
    joined = "".join(cells)
    if joined.isascii() or all(cell_len(char) == 1 for char in set(joined)):
        return len
    return cell_len


def _justify(
    cells: list[str], width: int, justify: str, measure: Callable[[str], int]
) -> list[str]:
    """Pad to WIDTH terminal cells; Rich strips trailing spaces before right-justifying."""
    if justify == "right":
        cells = [cell.rstrip() for cell in cells]
        if measure is len:
            return [cell.rjust(width) for cell in cells]
        return [" " * (width - measure(cell)) + cell for cell in cells]
    if measure is len:
        return [cell.ljust(width) for cell in cells]
    return [cell + " " * (width - measure(cell)) for cell in cells]
