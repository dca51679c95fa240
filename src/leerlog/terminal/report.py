"""The balance report in the terminal: per-category table with bars, people, months, summary."""

from __future__ import annotations

import functools
from functools import partial

from rich.text import Text

from leerlog.domain.balance import Balance, format_tenths, summary_line
from leerlog.domain.categories import category_name
from leerlog.domain.escapes import cell
from leerlog.i18n import N_, _, decimal, team_name
from leerlog.report.balances import Report
from leerlog.terminal.fit import Column, fitted_or_natural
from leerlog.terminal.plain import Grid, print_grid
from leerlog.terminal.tables import console, hours

NAMES = ("experiential", "social", "formal")
MONTHS = (
    N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
    N_("July"), N_("August"), N_("September"), N_("October"), N_("November"), N_("December"),
)  # fmt: skip
GLYPHS = ("█", "▓", "░")  # tell the parts apart without colour, too
STYLES = ("green", "cyan", "yellow")
BAR_WIDTH = 25
COMPACT_WIDTH = 20
# The narrowest bars still worth drawing: the share bar keeps its target mark ┃ at every width.
MIN_BAR_WIDTH = 10
MIN_COMPACT_WIDTH = 8
NO_LIMIT = 10**6  # a table's width when it is not fitted to a terminal


def _tenths(value: int | None) -> str:
    return format_tenths(value, decimal())


def month_name(month: str) -> str:
    """'2026-03' as people read it: 'March 2026' (in Dutch 'maart 2026')."""
    year, number = month.split("-")
    return _("{month} {year}").format(month=_(MONTHS[int(number) - 1]), year=year)


def split_cells(tenths: tuple[int, int, int], width: int) -> tuple[int, int, int]:
    """Divide WIDTH cells over the shares by largest remainder, so a bar is always WIDTH long."""
    exact = [share * width for share in tenths]
    cells = [value // 1000 for value in exact]
    order = sorted(range(3), key=lambda i: -(exact[i] % 1000))
    for i in order[: width - sum(cells)]:
        cells[i] += 1
    return (cells[0], cells[1], cells[2])


def compact_bar(balance: Balance, width: int = COMPACT_WIDTH) -> Text:
    """One bar with the three parts side by side; shared between rows, so not to be changed."""
    shares = balance.shares_tenths
    if shares is None:
        return _empty_bar(width)
    # A report of thousands of people has only a few hundred different bars: build each once.
    return _bar(split_cells(shares, width))


@functools.lru_cache(maxsize=64)
def _empty_bar(width: int) -> Text:
    return Text("·" * width, style="dim")


@functools.lru_cache(maxsize=1024)
def _bar(cells: tuple[int, int, int]) -> Text:
    bar = Text()
    for count, glyph, style in zip(cells, GLYPHS, STYLES, strict=True):
        bar.append(glyph * count, style=style)
    return bar


def share_bar(share: int | None, target: int, index: int, width: int = BAR_WIDTH) -> Text:
    """A category's share as a bar WIDTH cells long, with the target marked by ┃."""
    filled = 0 if share is None else round(share * width / 1000)
    mark = min(round(target * width / 100), width - 1)
    bar = Text()
    for position in range(width):
        if position == mark:
            bar.append("┃", style="bold")
        elif position < filled:
            bar.append(GLYPHS[index], style=STYLES[index])
        else:
            bar.append("·", style="dim")
    return bar


def _title(report: Report) -> str:
    scope = report.scope
    if scope.people is not None:
        who = ", ".join(cell(person) for person in scope.people)
    elif scope.team is not None:
        who = cell(team_name(scope.team))
    else:
        who = _("everyone")
    period = _("{start} to {end}").format(start=report.start, end=report.end)
    if "_" not in report.period_name:
        period = f"{report.period_name} ({period})"
    by = _("by minutes") if report.by == "minutes" else _("by number of activities")
    return _("Learning balance of {who} · {period} · {by}").format(who=who, period=period, by=by)


def _whose(report: Report) -> str:
    """Whose learning the summary speaks of: yours, the team's or everyone's."""
    if report.scope.people is not None:
        return "own"
    return "team" if report.scope.team is not None else "everyone"


_LEFT = {"category", "person", "team", "month", "balance", ""}


def _column(name: str, **how: object) -> Column:
    """A column named by its English id (which decides alignment), headed in the reader's language."""
    justify = "left" if name in _LEFT else "right"
    return Column(_(name) if name else "", justify, **how)  # type: ignore[arg-type]


def _fitted(columns: list[Column], rows: list[list[object]], width: int | None) -> Grid:
    return fitted_or_natural(columns, rows, NO_LIMIT if width is None else width)  # type: ignore[arg-type]


def _by_count(by: str) -> bool:
    """Whether the shares are of the number of activities: then that number stays longest."""
    return by == "count"


def category_table(balance: Balance, width: int | None = None, by: str = "minutes") -> Grid:
    """The three categories and the total in WIDTH cells (as wide as they are when None)."""
    count = _by_count(by)
    columns = [
        _column(N_("category")), _column(N_("activities"), drop=None if count else 2),
        _column(N_("minutes"), drop=1), _column(N_("hours"), drop=2 if count else None),
        _column(N_("share")),
        _column(N_("target")), _column(N_("diff")),
        _column("", kind="bar", width=BAR_WIDTH, minimum=MIN_BAR_WIDTH, drop=3),
    ]  # fmt: skip
    rows: list[list[object]] = []
    shares = balance.shares_tenths
    targets = balance.target.as_tuple()
    for i, name in enumerate(NAMES):
        share = None if shares is None else shares[i]
        gap = None if share is None else share - targets[i] * 10
        diff = "" if gap is None else ("+" if gap >= 0 else "-") + _tenths(abs(gap))
        rows.append(
            [
                Text(category_name(name), style=STYLES[i]),
                str(balance.counts[i]),
                str(balance.minutes[i]),
                hours(balance.minutes[i]),
                _tenths(share),
                str(targets[i]),
                diff,
                partial(share_bar, share, targets[i], i),
            ]
        )
    rows.append(
        [
            Text(_("total"), style="bold"),
            str(balance.total_count),
            str(balance.total_minutes),
            hours(balance.total_minutes),
            "" if shares is None else _tenths(1000),
            "100",
            "",
            "",
        ]
    )
    return _fitted(columns, rows, width)


def _share_cells(balance: Balance) -> list[str]:
    shares = balance.shares_tenths or (None, None, None)
    return [_tenths(share) for share in shares]


def _compact(balance: Balance) -> object:
    return partial(compact_bar, balance)


def _amounts(by: str) -> list[Column]:
    """The activities and hours columns of a row per person or month; the one the shares are not
    of goes first in a narrow pane."""
    count = _by_count(by)
    return [
        _column(N_("activities"), drop=None if count else 1),
        _column(N_("hours"), drop=1 if count else None),
    ]


def people_table(report: Report, width: int | None = None) -> Grid:
    columns = [
        _column(N_("person"), kind="text", minimum=12, cut=1),
        _column(N_("team"), kind="text", minimum=10, cut=0, drop=2),
        *_amounts(report.by), _column(N_("exp.")),
        _column(N_("soc.")), _column(N_("form.")), _column(N_("deviation")),
        _column(N_("balance"), kind="bar", width=COMPACT_WIDTH, minimum=MIN_COMPACT_WIDTH, drop=3),
    ]  # fmt: skip
    rows: list[list[object]] = []
    for row in report.people:
        balance = row.balance
        rows.append(
            [
                cell(row.person),
                cell(row.team or ""),
                str(balance.total_count),
                hours(balance.total_minutes),
                *_share_cells(balance),
                _tenths(balance.deviation_tenths),
                _compact(balance),
            ]
        )
    return _fitted(columns, rows, width)


def months_table(report: Report, width: int | None = None) -> Grid:
    columns = [
        _column(N_("month")), *_amounts(report.by), _column(N_("exp.")), _column(N_("soc.")),
        _column(N_("form.")), _column(N_("deviation")),
        _column(N_("balance"), kind="bar", width=COMPACT_WIDTH, minimum=MIN_COMPACT_WIDTH, drop=2),
    ]  # fmt: skip
    rows: list[list[object]] = []
    for month in report.months or []:
        balance = month.balance
        rows.append(
            [
                month_name(month.month),
                str(balance.total_count),
                hours(balance.total_minutes),
                *_share_cells(balance),
                _tenths(balance.deviation_tenths),
                _compact(balance),
            ]
        )
    return _fitted(columns, rows, width)


def legend(width: int = NO_LIMIT) -> list[Text]:
    """What the bars' glyphs mean, in lines of at most WIDTH cells, broken only between entries."""
    entries = [Text(f"{glyph} {category_name(name)}", style=style)
               for glyph, name, style in zip(GLYPHS, NAMES, STYLES, strict=True)]  # fmt: skip
    entries.append(Text("┃ " + _("target"), style="bold"))
    lines = [Text(_("balance:"))]
    for entry in entries:
        line = lines[-1]
        gap = " " if line.plain == _("balance:") else "  "
        if line.cell_len + len(gap) + entry.cell_len > width and line.plain != _("balance:"):
            lines.append(Text("  ") + entry)
        else:
            lines[-1] = line + Text(gap) + entry
    return lines


def report_table(report: Report) -> None:
    out = console()
    out.print(Text(_title(report), style="bold"))
    out.print()
    width = out.width
    print_grid(out, category_table(report.total, width, report.by))
    out.print()
    out.print(Text(summary_line(report.total, decimal(), report.by, _whose(report))))
    if not report.single and report.people:
        out.print()
        print_grid(out, people_table(report, width))
    if report.months is not None:
        out.print()
        print_grid(out, months_table(report, width))
    if not report.single or report.months is not None:
        out.print()
        for line in legend(width):
            out.print(line, style="dim")
