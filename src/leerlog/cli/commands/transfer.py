"""Moving data in and out: export balance, export activities, import."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer

from leerlog.cli import completion
from leerlog.cli.common import (
    Runtime,
    named_person,
    note_new_people,
    out,
    out_changed,
    require_known,
    runtime,
    say,
    select_period,
)
from leerlog.cli.help import command, group
from leerlog.cli.options import (
    AllowPersonalDataOption,
    PeriodOption,
    SinceOption,
    TeamOption,
    UntilOption,
)
from leerlog.domain.errors import DataProblem, InvalidValue
from leerlog.domain.text import user_path
from leerlog.i18n import _, ngettext

export_app = group(
    help=_(
        """Write the balance or the activities as CSV or JSON, for HR.

    \b
    Example:
      leerlog export balance --period last-month --excel -o "hr/balance-{period}.csv"
      leerlog export activities --format jsonl
    """
    )
)

OutputOption = Annotated[
    str | None,
    typer.Option(
        "--output", "-o", metavar=_("FILE"),
        help=_("Write to FILE ({date}: today, {period}: the period's name) instead of stdout."),
    ),
]  # fmt: skip
ExportPerson = Annotated[
    str | None,
    typer.Option(
        "--person",
        "-p",
        metavar=_("NAME"),
        help=_("Only this person."),
        autocompletion=completion.people,
    ),
]


class BalanceFormat(StrEnum):
    csv = "csv"
    json = "json"


class ActivitiesFormat(StrEnum):
    csv = "csv"
    jsonl = "jsonl"
    json = "json"
    xapi = "xapi"


_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _check_template(template: str | None) -> None:
    """--output may name {date} and {period}; anything else in braces is a usage error."""
    unknown = sorted(set(_PLACEHOLDER.findall(template or "")) - {"{date}", "{period}"})
    if unknown:
        raise InvalidValue(
            _("--output {template} has {names}, which leerlog does not fill in").format(
                template=template, names=", ".join(unknown)
            ),
            _("use {date} (today) or {period} (the period's name)"),
        )


def _write(
    template: str | None,
    rt: Runtime,
    period_label: str,
    write: Callable[[TextIO], int],
    encoding: str = "utf-8",
) -> None:
    """To stdout (also for '-o -', as Unix tools read it), or atomically to FILE with {date}
    and {period} filled in."""
    if template is None or template == "-":
        if encoding == "utf-8-sig":
            sys.stdout.write("\ufeff")
        write(sys.stdout)
        sys.stdout.flush()
        return
    from leerlog.transfer.atomic import atomic_output

    name = template.replace("{date}", rt.settings.today.isoformat()).replace(
        "{period}", period_label
    )
    path = user_path(name, "--output")
    if path.is_dir():
        raise InvalidValue(
            _("--output {path} is a folder").format(path=path),
            _("give a file name, e.g. {example}").format(example=path / "balance-{period}.csv"),
        )
    if path.resolve() == rt.settings.db_path.resolve():
        raise InvalidValue(
            _("{path} is the database itself; it was left as it is").format(path=path),
            _("choose another file name for the export"),
        )
    with atomic_output(path, encoding) as handle:
        count = write(handle)
    say(
        ngettext("Wrote {count} row to {path}", "Wrote {count} rows to {path}", count).format(
            count=count, path=path
        )
    )


def export_balance(
    ctx: typer.Context,
    person: ExportPerson = None,
    team: TeamOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    period: PeriodOption = None,
    target: Annotated[
        str | None,
        typer.Option("--target", metavar="E:S:F", help=_("Target (default 70:20:10 or config).")),
    ] = None,
    format_: Annotated[
        BalanceFormat, typer.Option("--format", "-f", help=_("Output format."))
    ] = BalanceFormat.csv,
    excel: Annotated[
        bool, typer.Option("--excel", help=_("CSV for Dutch Excel: BOM, ';' and decimal comma."))
    ] = False,
    output: OutputOption = None,
    pseudonymise: Annotated[
        bool,
        typer.Option(
            "--pseudonymise",
            help=_("Each person as a stable pseudonym (p- and 12 hex digits); team stays."),
        ),
    ] = False,
) -> None:
    """One row per person with their 70:20:10 balance (default: the last 365 days).

    --pseudonymise gives each person the same pseudonym in every export of this file, made
    with a secret kept in the file; without the file nobody can tell who is who. The rows are
    then in the order of the pseudonyms. 'leerlog people reset-pseudonyms' makes new ones.

    \b
    Example:
      leerlog export balance --period last-month --output "hr/balance-{period}.csv"
      leerlog export balance --team "Team Noord" --excel -o balance.csv
      leerlog export balance --pseudonymise --format json
    """
    from leerlog.domain.balance import parse_target
    from leerlog.report import formats
    from leerlog.report.balances import Scope, person_balances, resolve
    from leerlog.transfer.writers import write_json

    _check_template(output)
    rt = runtime(ctx)
    if person is not None and team is not None:
        raise InvalidValue(_("--person and --team cannot be combined"), _("choose one of them"))
    if excel and format_ is not BalanceFormat.csv:
        raise InvalidValue(
            _("--excel only goes with --format csv"), _("leave out --excel for JSON")
        )
    chosen_target = parse_target(target if target is not None else rt.settings.target.value or "")
    chosen = select_period(rt, period, since, until, default="last-365-days")
    span = resolve(rt.store, chosen, rt.settings.today)
    require_known(rt, named_person(person), team)
    scope = Scope(people=(named_person(person),) if person is not None else None, team=team)
    start, end = span[0].isoformat(), span[1].isoformat()
    records = [
        formats.balance_record(row.person, row.team, start, end, row.balance)
        for row in person_balances(rt.store, scope, span, chosen_target, "minutes")
    ]
    if pseudonymise and records:
        records = _pseudonymised(rt, records)

    def write(handle: TextIO) -> int:
        if format_ is BalanceFormat.json:
            return write_json((formats.balance_json(r) for r in records), handle)
        return formats.write_balance_csv(records, handle, excel=excel)

    _write(output, rt, chosen.label(*span), write, "utf-8-sig" if excel else "utf-8")


def _pseudonymised(rt: Runtime, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every person replaced by their pseudonym, sorted by it so the order tells nothing."""
    from leerlog.report.pseudonyms import pseudonymised, secret

    mapping = pseudonymised([r["person"] for r in records], secret(rt.store))
    return sorted(({**r, "person": mapping[r["person"]]} for r in records), key=_person)


def _person(record: dict[str, Any]) -> str:
    return str(record["person"])


def export_activities(
    ctx: typer.Context,
    person: ExportPerson = None,
    team: TeamOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    period: PeriodOption = None,
    format_: Annotated[
        ActivitiesFormat, typer.Option("--format", "-f", help=_("Output format."))
    ] = ActivitiesFormat.csv,
    excel: Annotated[
        bool,
        typer.Option("--excel", help=_("CSV for Dutch Excel: BOM, ';' and CRLF; import reads it.")),
    ] = False,
    output: OutputOption = None,
    allow_personal_data: AllowPersonalDataOption = False,
) -> None:
    """Every activity (default: all dates), oldest first, streamed.

    --format xapi writes one xAPI statement per line, as 'leerlog sync' would send it, and
    first a voiding statement for every earlier version of an edited or deleted activity.
    --excel writes CSV that Dutch Excel opens and saves; 'leerlog import' reads it back.
    A title, with, tag or reflection that looks like a client's BSN, IBAN, e-mail address or
    phone number stops the export (exit 1, nothing written) unless --allow-personal-data.

    \b
    Example:
      leerlog export activities --period 2026 --output "activities-{period}.csv"
      leerlog export activities --person anna --format jsonl
      leerlog export activities --excel -o activiteiten.csv
    """
    from leerlog.report.balances import resolve
    from leerlog.storage.store import Query
    from leerlog.transfer import writers as formats
    from leerlog.transfer.csv_lines import line_sql

    _check_template(output)
    rt = runtime(ctx)
    if person is not None and team is not None:
        raise InvalidValue(_("--person and --team cannot be combined"), _("choose one of them"))
    if excel and format_ is not ActivitiesFormat.csv:
        raise InvalidValue(
            _("--excel only goes with --format csv"), _("leave out --excel for JSON")
        )
    chosen = select_period(rt, period, since, until, default="all")
    require_known(rt, named_person(person), team)
    query = Query(
        people=(named_person(person),) if person is not None else None,
        team=team,
        start=chosen.start,
        end=chosen.end,
    )
    label = chosen.name or chosen.label(*resolve(rt.store, chosen, rt.settings.today))
    # CSV: SQLite composes the lines (transfer.csv_lines), the writer only writes them.
    line = line_sql() if format_ is ActivitiesFormat.csv else None
    rows = rt.store.stream(query, line)
    if format_ is ActivitiesFormat.xapi:
        from leerlog.cli.commands.sync import lrs_setting
        from leerlog.lrs.handoff import statements

        rows = statements(rt.store, query, rows, lrs_setting(rt.settings, "homepage"))
    if not allow_personal_data:  # the same rows, before a byte is written
        from leerlog.cli import guard

        guard.refuse(guard.suspects(rt, *query.where()), _("nothing was written"), _("write it"))
    if excel:
        _write(
            output, rt, label, lambda h: formats.write_activities_csv(rows, h, True), "utf-8-sig"
        )
        return
    writer = {
        ActivitiesFormat.csv: formats.write_activities_csv,
        ActivitiesFormat.jsonl: formats.write_jsonl,
        ActivitiesFormat.json: formats.write_json,
        ActivitiesFormat.xapi: formats.write_jsonl,
    }[format_]
    _write(output, rt, label, lambda handle: writer(rows, handle))


def _not_utf8(source: str) -> DataProblem:
    """The import's text did not decode, in its first characters or further on."""
    return DataProblem(
        _("{path} is not UTF-8 text; nothing was imported").format(path=source),
        _("save it as 'CSV UTF-8' or JSON in UTF-8"),
    )


def import_(
    ctx: typer.Context,
    file: Annotated[
        str,  # not a Path, which makes './-' (a file called '-') of '-' (stdin)
        typer.Argument(
            metavar=_("FILE"), help=_("A CSV, JSON array or JSON lines file; - reads stdin.")
        ),
    ],
    skip_invalid: Annotated[
        bool, typer.Option("--skip-invalid", help=_("Store the valid rows, report the others."))
    ] = False,
) -> None:
    """Import activities from CSV (the activities header), a JSON array or JSON lines.

    All or nothing: one invalid row and nothing is stored, unless --skip-invalid.
    Rows already in the file (same id, or same person, date, category, minutes and title)
    are skipped, so importing a file twice adds nothing.

    \b
    Example:
      leerlog import activiteiten.csv
      leerlog import export.jsonl --skip-invalid
    """
    from leerlog.terminal.tables import progress_counter
    from leerlog.transfer.import_source import cannot_open, open_import, source_name
    from leerlog.transfer.importing import ImportRejected, ImportStopped, import_records
    from leerlog.transfer.readers import detect_format, read_records

    rt = runtime(ctx)
    source = source_name(file)
    try:
        handle, head = open_import(file, source)
    except UnicodeDecodeError:
        raise _not_utf8(source) from None
    except OSError as error:
        raise cannot_open(file, source, error) from None
    if not head.strip():
        raise DataProblem(_("{path} is empty; nothing was imported").format(path=source), None)
    from leerlog.cli.guard import warn_import
    from leerlog.privacy.finder import in_record

    known = rt.store.person_names()
    try:
        with handle, progress_counter(_("importing {count} rows")) as progress:
            # The file is read as the import goes, so a decoding error can come from either
            # call; catching it here, not per line, saves a generator step on every line.
            try:
                result = import_records(
                    rt.store,
                    read_records(handle, detect_format(Path(file), head), source),
                    actor=rt.settings.me,
                    today=rt.settings.today,
                    types=rt.store.types(),
                    skip_invalid=skip_invalid,
                    source=source,
                    progress=progress,
                    look=in_record,
                )
            except UnicodeDecodeError:
                raise _not_utf8(source) from None
    except ImportRejected as rejected:  # said once the live count is gone from the terminal
        for problem in rejected.result.problems:
            say(str(problem))
        raise
    except ImportStopped:  # said once the live count is gone from the terminal
        from leerlog.cli.prompts import INTERRUPTED, stop

        raise stop(INTERRUPTED) from None
    for problem in result.problems:
        say(_("{problem} (left out)").format(problem=problem))
    if result.added:
        warn_import(result.found, {problem.row for problem in result.problems})
    summary = ngettext(
        "imported {added} activity; {skipped} already present",
        "imported {added} activities; {skipped} already present",
        result.added,
    ).format(added=result.added, skipped=result.skipped)
    if result.problems:
        summary += _("; {count} invalid rows left out").format(count=result.invalid_rows)
    if result.added:  # its own rows' people: others may have brought someone in meanwhile
        note_new_people(known, sorted({*known, *(result.people & set(rt.store.person_names()))}))
        out_changed(summary, _("the import was stored"))
    else:
        out(summary)


def register(app: typer.Typer) -> None:
    command(export_app, "balance", export_balance)
    command(export_app, "activities", export_activities)
    app.add_typer(export_app, name="export")
    command(app, "import", import_)
