"""The balance report in the terminal: per-category table with bars, people, months, summary."""

from __future__ import annotations

import functools

from rich.text import Text

from leerlog.domain.balance import Balance, format_tenths, summary_line
from leerlog.domain.categories import category_name
from leerlog.domain.escapes import cell
from leerlog.i18n import N_, _, decimal, team_name
from leerlog.report.balances import Report
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


def share_bar(share: int | None, target: int, index: int) -> Text:
    """A category's share as a bar, with the target marked by ┃."""
    filled = 0 if share is None else round(share * BAR_WIDTH / 1000)
    mark = min(round(target * BAR_WIDTH / 100), BAR_WIDTH - 1)
    bar = Text()
    for position in range(BAR_WIDTH):
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


def _table(*columns: str) -> Grid:
    """Columns named by their English id (which decides alignment), headed in the reader's language."""
    return Grid(
        [
            (_(column) if column else "", "left" if column in _LEFT else "right")
            for column in columns
        ]
    )


def category_table(balance: Balance) -> Grid:
    table = _table(
        N_("category"), N_("activities"), N_("minutes"), N_("hours"), N_("share"),
        N_("target"), N_("diff"), "",
    )  # fmt: skip
    shares = balance.shares_tenths
    targets = balance.target.as_tuple()
    for i, name in enumerate(NAMES):
        share = None if shares is None else shares[i]
        gap = None if share is None else share - targets[i] * 10
        diff = "" if gap is None else ("+" if gap >= 0 else "-") + _tenths(abs(gap))
        table.add_row(
            Text(category_name(name), style=STYLES[i]),
            str(balance.counts[i]),
            str(balance.minutes[i]),
            hours(balance.minutes[i]),
            _tenths(share),
            str(targets[i]),
            diff,
            share_bar(share, targets[i], i),
        )
    table.add_row(
        Text(_("total"), style="bold"),
        str(balance.total_count),
        str(balance.total_minutes),
        hours(balance.total_minutes),
        "" if shares is None else _tenths(1000),
        "100",
        "",
        "",
    )
    return table


def _share_cells(balance: Balance) -> list[str]:
    shares = balance.shares_tenths or (None, None, None)
    return [_tenths(share) for share in shares]


def people_table(report: Report) -> Grid:
    table = _table(
        N_("person"), N_("team"), N_("activities"), N_("hours"), N_("exp."), N_("soc."),
        N_("form."), N_("deviation"), N_("balance"),
    )  # fmt: skip
    for row in report.people:
        balance = row.balance
        table.add_row(
            cell(row.person),
            cell(row.team or ""),
            str(balance.total_count),
            hours(balance.total_minutes),
            *_share_cells(balance),
            _tenths(balance.deviation_tenths),
            compact_bar(balance),
        )
    return table


def months_table(report: Report) -> Grid:
    table = _table(
        N_("month"), N_("activities"), N_("hours"), N_("exp."), N_("soc."), N_("form."),
        N_("deviation"), N_("balance"),
    )  # fmt: skip
    for month in report.months or []:
        balance = month.balance
        table.add_row(
            month_name(month.month),
            str(balance.total_count),
            hours(balance.total_minutes),
            *_share_cells(balance),
            _tenths(balance.deviation_tenths),
            compact_bar(balance),
        )
    return table


def legend() -> Text:
    text = Text(_("balance:") + " ")
    for glyph, name, style in zip(GLYPHS, NAMES, STYLES, strict=True):
        text.append(f"{glyph} {category_name(name)}  ", style=style)
    text.append("┃ " + _("target"), style="bold")
    return text


def report_table(report: Report) -> None:
    out = console()
    out.print(Text(_title(report), style="bold"))
    out.print()
    print_grid(out, category_table(report.total))
    out.print()
    out.print(Text(summary_line(report.total, decimal(), report.by, _whose(report))))
    if not report.single and report.people:
        out.print()
        print_grid(out, people_table(report))
    if report.months is not None:
        out.print()
        print_grid(out, months_table(report))
    if not report.single or report.months is not None:
        out.print()
        out.print(legend(), style="dim")
