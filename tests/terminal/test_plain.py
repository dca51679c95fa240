"""The plain-text table writer must produce exactly what Rich prints, or leave the table to Rich."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.table import Table
from rich.text import Text

from leerlog.terminal.plain import Grid, plain_lines, print_grid, print_table

# Mostly what reports hold: letters, digits, spaces, wide (CJK, emoji) characters and the bar
# glyphs; sometimes what Rich treats specially: colons (emoji codes), tabs, line breaks, escape,
# zero-width and non-breaking spaces, combining accents.
PLAIN = [*"aZ09 -.,'[]", "中", "文", "é", "😀", "█", "▓", "░", "┃", "·"]
SPECIAL = [":", "\t", "\n", "\x1b", "\u200b", "\u00a0", "\u0301"]


@st.composite
def tables(draw: st.DrawFn) -> Table:
    # One table in five may hold special characters; each one sends the table to Rich.
    alphabet = PLAIN + SPECIAL if draw(st.integers(0, 4)) == 0 else PLAIN
    text = st.text(st.sampled_from(alphabet), max_size=12)
    justify = draw(st.lists(st.sampled_from(["left", "right"]), min_size=1, max_size=6))
    table = Table(box=None, pad_edge=False, header_style="bold", show_edge=False)
    for side in justify:
        table.add_column(draw(text), justify=side, overflow="fold")  # type: ignore[arg-type]
    for _ in range(draw(st.integers(0, 4))):
        cells = draw(st.lists(text, min_size=len(justify), max_size=len(justify)))
        styled = draw(st.booleans())
        table.add_row(*(Text(cell, style="green") if styled else cell for cell in cells))
    return table


def _console(width: int) -> Console:
    return Console(file=io.StringIO(), highlight=False, width=width, soft_wrap=False)


def _rich(table: Table, width: int) -> str:
    out = _console(width)
    out.print(table, markup=False)
    assert isinstance(out.file, io.StringIO)
    return out.file.getvalue()


@settings(max_examples=300, deadline=None)
@given(tables(), st.integers(1, 100))
def test_plain_lines_are_what_rich_prints(table: Table, width: int) -> None:
    lines = plain_lines(_console(width), table)
    if lines is not None:
        assert "".join(line + "\n" for line in lines) == _rich(table, width)


@settings(max_examples=50, deadline=None)
@given(tables(), st.integers(1, 100))
def test_print_table_writes_what_rich_prints(table: Table, width: int) -> None:
    out = _console(width)
    print_table(out, table)
    assert isinstance(out.file, io.StringIO)
    assert out.file.getvalue() == _rich(table, width)


def test_fast_path_is_taken_for_plain_cells() -> None:
    table = Table(box=None, pad_edge=False, show_edge=False)
    table.add_column("person")
    table.add_column("hours", justify="right")
    table.add_row("anna", "3.3")
    table.add_row("中文", Text("█▓░", style="green"))
    assert plain_lines(_console(80), table) == ["person  hours", "anna      3.3", "中文      █▓░"]


def test_colour_goes_to_rich() -> None:
    table = Table(box=None, pad_edge=False, show_edge=False)
    table.add_column("person")
    table.add_row("anna")
    coloured = Console(file=io.StringIO(), force_terminal=True, color_system="standard")
    assert plain_lines(coloured, table) is None


@settings(max_examples=50, deadline=None)
@given(tables(), st.integers(1, 100))
def test_print_grid_writes_what_rich_prints(table: Table, width: int) -> None:
    columns = [(str(c.header), "left" if c.justify == "left" else "right") for c in table.columns]
    grid = Grid(columns, [list(row) for row in zip(*(c.cells for c in table.columns), strict=True)])
    out = _console(width)
    print_grid(out, grid)
    assert isinstance(out.file, io.StringIO)
    assert out.file.getvalue() == _rich(grid.table(), width)


def test_report_table_in_colour_keeps_its_layout() -> None:
    """With colour, Rich prints the report's table; without codes its lines are the plain ones."""
    from leerlog.domain.balance import DEFAULT_TARGET, Balance
    from leerlog.terminal.report import category_table

    grid = category_table(Balance((420, 120, 60), (7, 3, 1), DEFAULT_TARGET))
    coloured = Console(file=io.StringIO(), force_terminal=True, color_system="standard", width=100)
    print_grid(coloured, grid)
    plain = _console(100)
    print_grid(plain, grid)
    assert isinstance(coloured.file, io.StringIO) and isinstance(plain.file, io.StringIO)
    assert "\x1b[" in coloured.file.getvalue()
    assert Text.from_ansi(coloured.file.getvalue()).plain == plain.file.getvalue()
