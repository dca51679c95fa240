"""The report command: a person's, a team's or everyone's 70:20:10 balance."""

# No `from __future__ import annotations` here: typer reads these signatures on every run, and
# string annotations make it evaluate each Annotated[...] four times (with a compile each).

import sys
from enum import StrEnum
from typing import Annotated

import typer

from leerlog.cli.common import (
    named_person,
    require_known,
    runtime,
    select_period,
    who,
)
from leerlog.cli.help import command
from leerlog.cli.options import (
    AllOption,
    PeriodOption,
    PersonOption,
    SinceOption,
    TeamOption,
    UntilOption,
)
from leerlog.i18n import _


class ReportFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class By(StrEnum):
    minutes = "minutes"
    count = "count"


def report(
    ctx: typer.Context,
    person: PersonOption = None,
    team: TeamOption = None,
    all_: AllOption = False,
    since: SinceOption = None,
    until: UntilOption = None,
    period: PeriodOption = None,
    by: Annotated[
        By, typer.Option("--by", help=_("Shares of minutes or of activities."))
    ] = By.minutes,
    target: Annotated[
        str | None,
        typer.Option(
            "--target",
            metavar="E:S:F",
            help=_("Target, e.g. 60:25:15 (default 70:20:10 or config)."),
        ),
    ] = None,
    monthly: Annotated[
        bool, typer.Option("--monthly", help=_("Add a month-by-month trend."))
    ] = False,
    format_: Annotated[
        ReportFormat, typer.Option("--format", "-f", help=_("Output format."))
    ] = ReportFormat.table,
) -> None:
    """Show the 70:20:10 balance: yours, a team's (--team) or everyone's (--all).

    The default period is the last 365 days, today included.

    \b
    Example:
      leerlog report
      leerlog report --period this-quarter --monthly
      leerlog report --team "Team Noord" --target 60:25:15 --format csv
    """
    from leerlog.domain.balance import parse_target
    from leerlog.report.balances import Scope, build_report

    rt = runtime(ctx)
    settings = rt.settings
    chosen_target = parse_target(target if target is not None else settings.target.value or "")
    scope = Scope(people=who(rt, person, team, all_), team=team)
    chosen = select_period(rt, period, since, until, default="last-365-days")
    require_known(rt, named_person(person), team)
    data = build_report(
        rt.store,
        scope,
        chosen,
        settings.today,
        chosen_target,
        by.value,
        monthly,  # type: ignore[arg-type]
    )
    if format_ is ReportFormat.table:
        from leerlog.terminal.report import report_table

        report_table(data)
        return
    from leerlog.report import formats as report_formats

    if format_ is ReportFormat.json:
        report_formats.write_report_json(data, sys.stdout)
    else:
        report_formats.write_report_csv(data, sys.stdout)


def register(app: typer.Typer) -> None:
    command(app, "report", report)
