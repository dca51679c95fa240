"""Fitting a table to the terminal: what gives way in which order, and what never does."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from leerlog.domain.balance import DEFAULT_TARGET, Balance
from leerlog.terminal.fit import Column, NoTrailingSpaces, cut, fit
from leerlog.terminal.plain import Grid, print_grid
from leerlog.terminal.report import category_table, legend


def _console(width: int) -> Console:
    return Console(file=io.StringIO(), highlight=False, width=width, soft_wrap=False)


def _printed(grid: Grid, width: int, rich: bool) -> str:
    out = _console(width)
    if rich:
        out.print(grid.table(), markup=False)
    else:
        print_grid(out, grid)
    assert isinstance(out.file, io.StringIO)
    return out.file.getvalue()


def _bar(width: int) -> Text:
    return Text("█" * (width - 1) + "┃")


COLUMNS = [
    Column("id"),
    Column("title", kind="text", minimum=6, cut=2),
    Column("tags", kind="text", minimum=4, cut=1, drop=1),
    Column("hours", "right"),
    Column("", kind="bar", width=20, minimum=6),
]
ROW = ["3f2a9c1e", "Casus over schuldhulp bij een gezin", "schuldhulp, gezin", "12.5", _bar]


def _cells(grid: Grid) -> list[str]:
    return [c.plain if isinstance(c, Text) else c for c in grid.rows[0]]


def test_room_enough_changes_nothing_but_the_bar_is_drawn_at_its_width() -> None:
    grid = fit(COLUMNS, [ROW], 200)
    assert grid is not None
    assert _cells(grid) == [*ROW[:4], "█" * 19 + "┃"]


def test_the_bar_shrinks_before_any_text_is_cut() -> None:
    natural = 8 + 35 + 17 + 5 + 20 + 2 * 4
    grid = fit(COLUMNS, [ROW], natural - 10)
    assert grid is not None
    cells = _cells(grid)
    assert cells[:4] == ROW[:4]
    assert cells[4] == "█" * 9 + "┃"


def test_tags_are_cut_before_the_title_and_whole_cells_stay_whole() -> None:
    grid = fit(COLUMNS, [ROW], 8 + 35 + 10 + 5 + 6 + 2 * 4)
    assert grid is not None
    identifier, title, tags, hours, bar = _cells(grid)
    assert (identifier, title, hours) == ("3f2a9c1e", ROW[1], "12.5")
    assert tags == "schuldhul…" and bar.endswith("┃")


def test_the_title_is_cut_last_then_columns_are_left_out() -> None:
    grid = fit(COLUMNS, [ROW], 8 + 20 + 4 + 5 + 6 + 2 * 4)
    assert grid is not None
    assert _cells(grid)[1] == "Casus over schuldhu…" and _cells(grid)[2] == "sch…"
    narrow = fit(COLUMNS, [ROW], 8 + 6 + 5 + 6 + 2 * 3)
    assert narrow is not None
    assert [header for header, _side in narrow.columns] == ["id", "title", "hours", ""]
    assert fit(COLUMNS, [ROW], 20) is None  # whole cells are never cut to make room


def test_cut_counts_terminal_cells_and_ends_in_an_ellipsis() -> None:
    assert cut("Casus over schuldhulp", 12) == "Casus over…"
    assert cut("中文中文中文", 7) == "中文中…"
    assert cell_len(cut("中文中文中文", 6)) <= 6
    assert cut("kort", 10) == "kort"


@settings(max_examples=100, deadline=None)
@given(st.integers(30, 120), st.integers(0, 1000), st.integers(0, 1000))
def test_a_fitted_report_table_is_what_rich_prints_and_fits(
    width: int, social: int, formal: int
) -> None:
    grid = category_table(Balance((420, social, formal), (7, 3, 1), DEFAULT_TARGET), width)
    plain = _printed(grid, width, rich=False)
    assert plain == _printed(grid, width, rich=True)
    if width >= 60:
        lines = plain.splitlines()
        assert all(cell_len(line) <= width for line in lines)
        assert sum("┃" in line for line in lines) == 3
        assert lines[1].split()[0] == "experiential"


def test_the_legend_breaks_only_between_entries() -> None:
    lines = [line.plain for line in legend(40)]
    assert all(cell_len(line) <= 40 for line in lines)
    assert "█ experiential" in lines[0] and any("┃ target" in line for line in lines)


def test_no_trailing_spaces_passes_everything_else_on() -> None:
    target = io.StringIO()
    stream = NoTrailingSpaces(target)
    stream.write("a  b   \nc ")
    stream.write(" \n  d\n")
    stream.flush()
    assert target.getvalue() == "a  b\nc\n  d\n"
