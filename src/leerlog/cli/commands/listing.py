"""Reading records: list and show."""

# No `from __future__ import annotations` here: typer reads these signatures on every run, and
# string annotations make it evaluate each Annotated[...] four times (with a compile each).

from typing import TYPE_CHECKING, Annotated

import typer

from leerlog.cli import completion
from leerlog.cli.common import (
    ListFormat,
    named_person,
    require_known,
    require_log,
    runtime,
    select_period,
    who,
)
from leerlog.cli.help import command
from leerlog.cli.options import (
    AllOption,
    IdArgument,
    PeriodOption,
    PersonOption,
    SinceOption,
    TableOrJson,
    TableOrJsonOption,
    TeamOption,
    UntilOption,
)
from leerlog.i18n import _

if TYPE_CHECKING:
    from leerlog.domain.models import Activity


def list_(
    ctx: typer.Context,
    person: PersonOption = None,
    team: TeamOption = None,
    all_: AllOption = False,
    since: SinceOption = None,
    until: UntilOption = None,
    period: PeriodOption = None,
    category: Annotated[
        str | None,
        typer.Option(
            "--category",
            "-c",
            metavar=_("CATEGORY"),
            help=_("Only this category (or alias)."),
            autocompletion=completion.categories,
        ),
    ] = None,
    type_: Annotated[
        str | None,
        typer.Option(
            "--type",
            metavar=_("TYPE"),
            help=_("Only this type."),
            autocompletion=completion.types,
        ),
    ] = None,
    tag: Annotated[
        str | None, typer.Option("--tag", "-t", metavar=_("TAG"), help=_("Only with this tag."))
    ] = None,
    search: Annotated[
        str | None,
        typer.Option(
            "--search",
            metavar=_("TEXT"),
            help=_("Only with TEXT in the title, reflection, with or a tag."),
        ),
    ] = None,
    with_: Annotated[
        str | None,
        typer.Option(
            "--with", metavar=_("NAME"), help=_("Only with NAME among the names in 'with'.")
        ),
    ] = None,
    limit: Annotated[
        int,
        typer.Option("--limit", "-n", min=1, max=1_000_000_000, help=_("At most N activities.")),
    ] = 20,
    format_: Annotated[
        ListFormat, typer.Option("--format", "-f", help=_("Output format."))
    ] = ListFormat.table,
) -> None:
    """List activities, newest first: yours unless --person, --team or --all.

    --search, --with and --tag compare text in any case and without accents: 'reunie' finds
    'Reünie'. --with takes a whole name from the list in 'with' ("Anna, Piet en Joost").

    \b
    Example:
      leerlog list --period this-month
      leerlog list --all --type intervisie --format csv
      leerlog list --search schuldhulp --period this-year
      leerlog list --with Anna --tag Huisbezoek
    """
    from leerlog.domain.categories import check_type, parse_category, type_key_for
    from leerlog.storage.store import Query

    rt = runtime(ctx)
    type_key = None
    if type_ is not None:
        types = rt.store.types()
        check_type(type_, None, types)  # an unknown type names the nearest one
        type_key = type_key_for(type_, types)
    people = who(rt, person, team, all_)
    chosen = select_period(rt, period, since, until, default="all")
    query = Query(
        people=people,
        team=team,
        start=chosen.start,
        end=chosen.end,
        category=parse_category(category) if category is not None else None,
        type=type_key,
        tag=tag.strip() if tag is not None else None,
        search=_given(
            search, _("the search text is empty"), _("give a word, e.g. --search schuld")
        ),
        with_name=_given(with_, _("the name is empty"), _("give a name, e.g. --with Anna")),
        limit=limit,
    )
    require_known(rt, named_person(person), team)
    activities = rt.store.activities(query)
    _show(activities, format_, show_person=people is None or len(people) > 1)


def _given(value: str | None, empty: str, hint: str) -> str | None:
    """An option's text without surrounding space; a blank one is a usage error."""
    if value is None:
        return None
    if not value.strip():
        from leerlog.domain.errors import InvalidValue

        raise InvalidValue(empty, hint)
    return value.strip()


def _show(activities: "list[Activity]", format_: ListFormat, show_person: bool) -> None:
    import sys

    if format_ is ListFormat.table:
        from leerlog.terminal.tables import activities_table

        activities_table(activities, show_person=show_person)
        return
    from leerlog.transfer import writers as formats

    rows = (activity.as_json() for activity in activities)
    writer = {
        ListFormat.csv: formats.write_activities_csv,
        ListFormat.json: formats.write_json,
        ListFormat.jsonl: formats.write_jsonl,
    }[format_]
    writer(rows, sys.stdout)


def show(
    ctx: typer.Context,
    id_: IdArgument,
    format_: TableOrJsonOption = TableOrJson.table,
) -> None:
    """Show every field of one activity, and its history: who changed what, and when.

    \b
    Example:
      leerlog show 3f2a
      leerlog show 3f2a --format json
    """
    from leerlog.registers.proofs import change_ids, listed, names
    from leerlog.registers.reflection import current_parts

    rt = runtime(ctx)
    require_log(rt)
    activity = rt.store.find(id_)
    history = rt.store.history(activity.id)
    record = activity.as_json()
    files = listed(rt.store, activity.id)
    parts = current_parts(rt.store, activity)
    if format_ is TableOrJson.json:
        import json
        import sys

        data = {
            "activity": record,
            "evidence": [item.as_json() for item in files],
            "reflection_parts": None if parts is None else {
                "template": parts["template"], "parts": parts["parts"]
            },
            "history": [entry.as_json() for entry in history],
        }  # fmt: skip
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    from leerlog.terminal.record import print_record

    changes = change_ids(rt.store, activity.id)
    print_record(
        record, history, rt.store.types(), files, parts, names(rt.store, activity.id), changes
    )


def register(app: typer.Typer) -> None:
    for name, function in (("list", list_), ("show", show)):  # fmt: skip
        command(app, name, function)
