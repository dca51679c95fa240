"""The report command: a person's, a team's or everyone's 70:20:10 balance."""

# No `from __future__ import annotations` here: typer reads these signatures on every run, and
# string annotations make it evaluate each Annotated[...] four times (with a compile each).

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TextIO

import typer

from leerlog.cli.common import (
    Runtime,
    named_person,
    require_known,
    runtime,
    say,
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
from leerlog.domain.text import user_path
from leerlog.i18n import _


class ReportFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    html = "html"


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
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar=_("FILE"),
            help=_(
                "Write to FILE ({date}: today, {period}: the period's name) instead of "
                "stdout; for html, json or csv."
            ),
        ),
    ] = None,
) -> None:
    """Show the 70:20:10 balance: yours, a team's (--team) or everyone's (--all).

    The default period is the last 365 days, today included.

    \b
    Example:
      leerlog report
      leerlog report --period this-quarter --monthly
      leerlog report --team "Team Noord" --target 60:25:15 --format csv
      leerlog report --all --monthly --format html --output "balans-{period}.html"
    """
    from leerlog.domain.balance import parse_target
    from leerlog.report.balances import Scope, build_report

    rt = runtime(ctx)
    settings = rt.settings
    _check_output(format_, output)
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
    if format_ is ReportFormat.html:
        from leerlog.html.page import render

        page = render(data, settings.today)

        def write(out: TextIO) -> None:
            out.write(page)
    else:
        from leerlog.report import formats as report_formats

        writer = (
            report_formats.write_report_json
            if format_ is ReportFormat.json
            else report_formats.write_report_csv
        )

        def write(out: TextIO) -> None:
            writer(data, out)

    path = _output_path(rt, output, data.period_name)
    if path is None:
        write(sys.stdout)
        return
    from leerlog.transfer.atomic import atomic_output

    with atomic_output(path) as handle:
        write(handle)
    say(_("Wrote the report to {path}").format(path=path))


def _check_output(format_: ReportFormat, output: str | None) -> None:
    """Usage problems of --output, found before anything is read."""
    import re

    from leerlog.domain.errors import InvalidValue

    if output is None or output == "-":
        if format_ is ReportFormat.html and sys.stdout.isatty():
            raise InvalidValue(
                _("--format html writes a page for a browser, not for the terminal"),
                _("give --output FILE, e.g. --output balance.html, or pipe it to a file"),
            )
        return
    if format_ is ReportFormat.table:
        raise InvalidValue(
            _("--output goes with --format html, json or csv"),
            _("add e.g. --format html, or leave out --output to see the table"),
        )
    unknown = sorted(set(re.findall(r"\{[^{}]*\}", output)) - {"{date}", "{period}"})
    if unknown:
        raise InvalidValue(
            _("--output {template} has {names}, which leerlog does not fill in").format(
                template=output, names=", ".join(unknown)
            ),
            _("use {date} (today) or {period} (the period's name)"),
        )


def _output_path(rt: Runtime, output: str | None, period: str) -> Path | None:
    """FILE with {date} and {period} filled in, or None for stdout (also for '-o -')."""
    from leerlog.domain.errors import InvalidValue

    if output is None or output == "-":
        return None
    name = output.replace("{date}", rt.settings.today.isoformat()).replace("{period}", period)
    path = user_path(name, "--output")
    if path.is_dir():
        raise InvalidValue(
            _("--output {path} is a folder").format(path=path),
            _("give a file name, e.g. {example}").format(example=path / "balance.html"),
        )
    if path.resolve() == rt.settings.db_path.resolve():
        raise InvalidValue(
            _("{path} is the database itself; it was left as it is").format(path=path),
            _("choose another file name for the report"),
        )
    return path


def register(app: typer.Typer) -> None:
    command(app, "report", report)
