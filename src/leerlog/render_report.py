"""The balance report in the terminal: per-category table with bars, people, months, summary."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from leerlog.balance import Balance, format_tenths, summary_line
from leerlog.render import console
from leerlog.reporting import Report

NAMES = ("experiential", "social", "formal")
GLYPHS = ("█", "▓", "░")  # tell the parts apart without colour, too
STYLES = ("green", "cyan", "yellow")
BAR_WIDTH = 25
COMPACT_WIDTH = 20


def _hours(minutes: int) -> str:
    # Integer half-up: 195 minutes is 3.3 hours, not the float rounding's 3.2.
    return format_tenths((minutes * 10 + 30) // 60)


def split_cells(tenths: tuple[int, int, int], width: int) -> tuple[int, int, int]:
    """Divide WIDTH cells over the shares by largest remainder, so a bar is always WIDTH long."""
    exact = [share * width for share in tenths]
    cells = [value // 1000 for value in exact]
    order = sorted(range(3), key=lambda i: -(exact[i] % 1000))
    for i in order[: width - sum(cells)]:
        cells[i] += 1
    return (cells[0], cells[1], cells[2])


def compact_bar(balance: Balance, width: int = COMPACT_WIDTH) -> Text:
    """One bar with the three parts side by side."""
    shares = balance.shares_tenths
    if shares is None:
        return Text("·" * width, style="dim")
    bar = Text()
    for cells, glyph, style in zip(split_cells(shares, width), GLYPHS, STYLES, strict=True):
        bar.append(glyph * cells, style=style)
    return bar


def share_bar(share: int | None, target: int, index: int) -> Text:
    """A category's share as a bar, with the target marked by ┃."""
    filled = 0 if share is None else round(share * BAR_WIDTH / 1000)
    mark = min(round(target * BAR_WIDTH / 100), BAR_WIDTH - 1)
    bar = Text()
    for cell in range(BAR_WIDTH):
        if cell == mark:
            bar.append("┃", style="bold")
        elif cell < filled:
            bar.append(GLYPHS[index], style=STYLES[index])
        else:
            bar.append("·", style="dim")
    return bar


def _title(report: Report) -> str:
    period = f"{report.start} to {report.end}"
    if "_" not in report.period_name:
        period = f"{report.period_name} ({period})"
    return f"Learning balance of {report.scope.describe()} · {period} · by {report.by}"


_TEXT_COLUMNS = {"category", "person", "team", "month", "balance", ""}


def _table(*columns: str) -> Table:
    table = Table(box=None, pad_edge=False, header_style="bold", show_edge=False)
    for column in columns:
        table.add_column(column, justify="left" if column in _TEXT_COLUMNS else "right")
    return table


def category_table(balance: Balance) -> Table:
    table = _table("category", "activities", "minutes", "hours", "share", "target", "diff", "")
    shares = balance.shares_tenths
    targets = balance.target.as_tuple()
    for i, name in enumerate(NAMES):
        share = None if shares is None else shares[i]
        diff = "" if share is None else f"{(share - targets[i] * 10) / 10:+.1f}"
        table.add_row(
            Text(name, style=STYLES[i]),
            str(balance.counts[i]),
            str(balance.minutes[i]),
            _hours(balance.minutes[i]),
            format_tenths(share),
            str(targets[i]),
            diff,
            share_bar(share, targets[i], i),
        )
    table.add_row(
        Text("total", style="bold"),
        str(balance.total_count),
        str(balance.total_minutes),
        _hours(balance.total_minutes),
        "" if shares is None else "100.0",
        "100",
        "",
        "",
    )
    return table


def _share_cells(balance: Balance) -> list[str]:
    shares = balance.shares_tenths or (None, None, None)
    return [format_tenths(share) for share in shares]


def people_table(report: Report) -> Table:
    table = _table(
        "person", "team", "activities", "hours", "exp.", "soc.", "form.", "deviation", "balance",
    )  # fmt: skip
    for row in report.people:
        balance = row.balance
        table.add_row(
            row.person,
            row.team or "",
            str(balance.total_count),
            _hours(balance.total_minutes),
            *_share_cells(balance),
            format_tenths(balance.deviation_tenths),
            compact_bar(balance),
        )
    return table


def months_table(report: Report) -> Table:
    table = _table("month", "activities", "hours", "exp.", "soc.", "form.", "deviation", "balance")
    for month in report.months or []:
        balance = month.balance
        table.add_row(
            month.month,
            str(balance.total_count),
            _hours(balance.total_minutes),
            *_share_cells(balance),
            format_tenths(balance.deviation_tenths),
            compact_bar(balance),
        )
    return table


def legend() -> Text:
    text = Text("balance: ")
    for glyph, name, style in zip(GLYPHS, NAMES, STYLES, strict=True):
        text.append(f"{glyph} {name}  ", style=style)
    text.append("┃ target", style="bold")
    return text


def report_table(report: Report) -> None:
    out = console()
    out.print(Text(_title(report), style="bold"))
    out.print()
    out.print(category_table(report.total), markup=False)
    out.print()
    out.print(Text(summary_line(report.total)))
    if not report.single and report.people:
        out.print()
        out.print(people_table(report), markup=False)
    if report.months is not None:
        out.print()
        out.print(months_table(report), markup=False)
    if not report.single or report.months is not None:
        out.print()
        out.print(legend(), style="dim")
