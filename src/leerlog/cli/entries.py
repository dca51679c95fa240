"""Commands that work on activities: add, list, edit, delete, undo."""

# No `from __future__ import annotations` here: typer reads these signatures on every run, and
# string annotations make it evaluate each Annotated[...] four times (with a compile each).

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from leerlog.cli import common
from leerlog.cli.common import (
    AllOption,
    ListFormat,
    PeriodOption,
    PersonOption,
    SinceOption,
    TeamOption,
    UntilOption,
    named_person,
    note_new_person,
    out_changed,
    require_known,
    runtime,
    say,
    select_period,
    who,
)
from leerlog.cli.help import command
from leerlog.domain.errors import ConfirmationNeeded, InvalidValue
from leerlog.i18n import _, ngettext

if TYPE_CHECKING:
    from leerlog.domain.models import Activity

T = TypeVar("T")


def _describe(activity: "Activity") -> str:
    from leerlog.domain.categories import category_name
    from leerlog.domain.parsing import format_minutes

    kind = category_name(activity.category) + (f"/{activity.type}" if activity.type else "")
    return _("{date} {time} {kind}: {title}").format(
        date=activity.date, time=format_minutes(activity.minutes), kind=kind, title=activity.title
    )


def _ask(label: str, option: str, check: "Callable[[str], T]", hint: bool = True) -> "T":
    # Imported here: an add with everything on its command line asks nothing.
    from leerlog.cli.prompts import ask

    return ask(label, option, check, hint)


def add(
    ctx: typer.Context,
    what: Annotated[
        str | None,
        typer.Argument(
            metavar=_("WHAT"),
            help=_(
                "A type (intervisie, coaching, workshop, ...) or a category "
                "(werk/70, sociaal/20, formeel/10)."
            ),
            show_default=False,
        ),
    ] = None,
    title: Annotated[
        list[str] | None,
        typer.Argument(metavar=_("TITLE"), help=_("What it was about."), show_default=False),
    ] = None,
    minutes: Annotated[
        str | None,
        typer.Option(
            "--minutes",
            "-m",
            metavar=_("TIME"),
            help=_("Net learning time: 45, 1h30, 1u30, 1:30, 1,5h."),
        ),
    ] = None,
    date: Annotated[
        str,
        typer.Option(
            "--date",
            "-d",
            metavar=_("DATE"),
            help=_("YYYY-MM-DD, today, gisteren, -3d."),
            show_default=_("today"),
        ),
    ] = "today",
    with_: Annotated[
        str | None,
        typer.Option("--with", metavar=_("NAME"), help=_("Coach, colleague or organiser.")),
    ] = None,
    tag: Annotated[
        list[str] | None,
        typer.Option("--tag", "-t", metavar=_("TAG"), help=_("A tag; repeat for more.")),
    ] = None,
    reflection: Annotated[
        str | None,
        typer.Option("--reflection", "-r", help=_("What you learned, what will change.")),
    ] = None,
    person: PersonOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help=_("Print only the new id."))] = False,
) -> None:
    """Log a learning activity.

    Missing values are asked for on a terminal. A title that starts with '-' goes after '--'.

    \b
    Example:
      leerlog add intervisie "Casus over schuldhulp" -m 1u30
      leerlog add werk "Eerste huisbezoek alleen" -m 2u -d gisteren -t huisbezoek
    """
    from leerlog.domain.categories import resolve_what
    from leerlog.domain.models import Activity, check_value, validate_input
    from leerlog.storage.store import new_id, now

    rt = runtime(ctx)
    settings = rt.settings
    types = rt.store.types()
    # Each answer is checked as it is given: a typo asks that question again and keeps the rest.
    if what is None:
        category, type_key = _ask(
            _("what kind of learning (a type or a category)"),
            _("WHAT, e.g. intervisie"),
            lambda answer: resolve_what(answer, types),
            hint=False,  # the message names the nearest word; the long hint would hide it
        )
    else:
        category, type_key = resolve_what(what, types)

    def checked(field: str) -> Callable[[str], str]:
        def check(answer: str) -> str:
            check_value(field, answer, settings.today, types)
            return answer

        return check

    if title:
        text = " ".join(title)
    else:
        text = _ask(_("title"), _('TITLE, e.g. "Casus over schuldhulp"'), checked("title"))
    if minutes is None:
        minutes = _ask(_("minutes"), _("--minutes, e.g. -m 45 or -m 1h30"), checked("minutes"))
    who_ = person if person is not None else settings.me
    entry = validate_input(
        {
            "person": who_,
            "date": date,
            "category": category,
            "type": type_key,
            "minutes": minutes,
            "title": text,
            "with": with_,
            "tags": tag or [],
            "reflection": reflection,
        },
        settings.today,
        types,
    )
    stamp = now()
    activity = Activity(id=new_id(), created_at=stamp, updated_at=stamp, **entry.model_dump())
    team = settings.team.value if activity.person == settings.person.value else None
    known = rt.store.person_names()
    rt.store.add(activity, actor=settings.person.value or activity.person, team=team)
    note_new_person(activity.person, known)
    out_changed(
        activity.id
        if quiet
        else _("{id}  added: {what}").format(id=activity.id, what=_describe(activity)),
        _("activity {id} was stored").format(id=activity.id),
    )


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
            "--category", "-c", metavar=_("CATEGORY"), help=_("Only this category (or alias).")
        ),
    ] = None,
    type_: Annotated[
        str | None, typer.Option("--type", metavar=_("TYPE"), help=_("Only this type."))
    ] = None,
    tag: Annotated[
        str | None, typer.Option("--tag", "-t", metavar=_("TAG"), help=_("Only with this tag."))
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

    \b
    Example:
      leerlog list --period this-month
      leerlog list --all --type intervisie --format csv
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
        limit=limit,
    )
    require_known(rt, named_person(person), team)
    activities = rt.store.activities(query)
    _show(activities, format_, show_person=people is None or len(people) > 1)


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


def edit(
    ctx: typer.Context,
    id_: Annotated[str, typer.Argument(metavar="ID", help=_("The id, or its first characters."))],
    category: Annotated[
        str | None, typer.Option("--category", "-c", metavar=_("CATEGORY"), help=_("New category."))
    ] = None,
    type_: Annotated[
        str | None, typer.Option("--type", metavar=_("TYPE"), help=_("New type ('' clears it)."))
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help=_("New title."))] = None,
    minutes: Annotated[
        str | None, typer.Option("--minutes", "-m", metavar=_("TIME"), help=_("New time."))
    ] = None,
    date: Annotated[
        str | None, typer.Option("--date", "-d", metavar=_("DATE"), help=_("New date."))
    ] = None,
    with_: Annotated[
        str | None,
        typer.Option("--with", metavar=_("NAME"), help=_("New coach or colleague ('' clears).")),
    ] = None,
    tag: Annotated[
        list[str] | None,
        typer.Option("--tag", "-t", metavar=_("TAG"), help=_("Replaces the tags; repeat.")),
    ] = None,
    reflection: Annotated[
        str | None, typer.Option("--reflection", "-r", help=_("New reflection."))
    ] = None,
    person: Annotated[
        str | None,
        typer.Option("--person", "-p", metavar=_("NAME"), help=_("Move it to this person.")),
    ] = None,
) -> None:
    """Change an activity; the earlier version stays in the journal ('leerlog undo').

    \b
    Example:
      leerlog edit 3f2a -m 1h45 --tag schuldhulp
    """
    from leerlog.domain.models import Activity, validate_input
    from leerlog.storage.store import now

    rt = runtime(ctx)
    changes: dict[str, Any] = {
        key: value
        for key, value in {
            "category": category, "type": type_, "title": title, "minutes": minutes,
            "date": date, "with": with_, "tags": tag, "reflection": reflection, "person": person,
        }.items()
        if value is not None
    }  # fmt: skip
    if not changes:
        raise InvalidValue(
            _("nothing to change"), _("give at least one option, e.g. --minutes 1h30")
        )
    before = rt.store.find(id_)
    data = before.as_json()
    if "type" in changes and "category" not in changes and changes["type"].strip():
        data["category"] = None  # a new type brings its own category
    data.update(changes)
    types = rt.store.types()
    fields = {k: data[k] for k in ("person", "date", "category", "type", "minutes", "title",
                                   "with", "tags", "reflection")}  # fmt: skip
    entry = validate_input(fields, rt.settings.today, types)
    after = Activity(
        id=before.id, created_at=before.created_at, updated_at=now(), **entry.model_dump()
    )
    if after.model_copy(update={"updated_at": before.updated_at}) == before:
        say(_("Nothing changed."))
        return
    known = rt.store.person_names() if after.person != before.person else []
    rt.store.update(before, after, actor=rt.settings.person.value or after.person)
    note_new_person(after.person, known)
    out_changed(
        _("{id}  changed: {what}").format(id=after.id, what=_describe(after)),
        _("activity {id} was changed").format(id=after.id),
    )


def delete(
    ctx: typer.Context,
    id_: Annotated[str, typer.Argument(metavar="ID", help=_("The id, or its first characters."))],
    yes: Annotated[bool, typer.Option("--yes", "-y", help=_("Do not ask."))] = False,
) -> None:
    """Delete an activity; 'leerlog undo' brings it back.

    \b
    Example:
      leerlog delete 3f2a
    """
    rt = runtime(ctx)
    activity = rt.store.find(id_)
    if not yes:
        if not common.interactive():
            raise ConfirmationNeeded(
                _("delete needs a confirmation and there is no terminal to ask"),
                _("add --yes to delete without asking"),
            )
        question = _("Delete {id} {what}?").format(id=activity.id[:8], what=_describe(activity))
        from leerlog.cli.prompts import confirm

        if not confirm(question):
            say(_("Nothing was deleted."))
            return
    rt.store.delete(activity, actor=rt.settings.person.value or activity.person)
    out_changed(
        _("{id}  deleted: {what}").format(id=activity.id, what=_describe(activity)),
        _("activity {id} was deleted").format(id=activity.id),
    )


def undo(ctx: typer.Context) -> None:
    """Take back your last change (add, edit, delete, import); repeat to go further back.

    \b
    Example:
      leerlog undo
    """
    rt = runtime(ctx)
    undone = rt.store.undo(rt.settings.me)
    count = len(undone.activities)
    if count == 1:
        activity = undone.activities[0]
        line = {
            "add": _("{id}  undone (added): {what}"),
            "edit": _("{id}  undone (changed): {what}"),
            "delete": _("{id}  undone (deleted): {what}"),
            "import": _("{id}  undone (imported): {what}"),
        }[undone.action]
        out_changed(line.format(id=activity.id, what=_describe(activity)), _("the undo was done"))
    else:
        out_changed(
            ngettext(
                "undone: {count} imported activity", "undone: {count} imported activities", count
            ).format(count=count),
            _("the undo was done"),
        )


def register(app: typer.Typer) -> None:
    for name, function in (
        ("add", add), ("list", list_), ("edit", edit), ("delete", delete), ("undo", undo),
    ):  # fmt: skip
        command(app, name, function)
