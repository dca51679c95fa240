"""The people commands: who is in the file, their teams, and erasing someone."""

from __future__ import annotations

from typing import Annotated

import typer

from leerlog.cli import completion
from leerlog.cli.common import out, out_changed, runtime
from leerlog.cli.help import command, group
from leerlog.domain.errors import InvalidValue
from leerlog.i18n import _, ngettext, team_name

people_app = group(
    help=_(
        """The people in the file and their teams.

    \b
    Example:
      leerlog people set anna --team "Team Noord"
      leerlog people list
    """
    )
)


def people_set(
    ctx: typer.Context,
    name: Annotated[
        str,
        typer.Argument(
            metavar=_("NAME"),
            help=_("The person's name, as they log it."),
            autocompletion=completion.people,
        ),
    ],
    team: Annotated[
        str,
        typer.Option(
            "--team",
            metavar=_("TEAM"),
            help=_("Their team ('' for none)."),
            autocompletion=completion.teams,
        ),
    ],
) -> None:
    """Set a person's team (the person is added if the file does not know them yet).

    \b
    Example:
      leerlog people set anna --team "Team Noord"
    """
    from leerlog.domain.models import field_name
    from leerlog.domain.text import name_problem

    name = name.strip()
    if not name:
        raise InvalidValue(_("the name is empty"), _("give the person's name"))
    team_value = team.strip() or None
    for field, value in (("person", name), ("team", team_value)):
        problem = None if value is None else name_problem(value)
        if problem is not None:
            raise InvalidValue(
                f"{field_name(field)}: {problem}",
                _("a name is visible text of at most 100 characters"),
            )
    runtime(ctx).store.set_person(name, team_value)
    line = (
        _("{name}: {team}").format(name=name, team=team_name(team_value))
        if team_value
        else _("{name}: no team").format(name=name)
    )
    out_changed(line, _("{name} was stored").format(name=name))


def people_list(ctx: typer.Context) -> None:
    """List everyone in the file, with team, activities, hours and last date.

    \b
    Example:
      leerlog people list
    """
    from leerlog.terminal.tables import people_table

    people_table(runtime(ctx).store.people())


def people_forget(
    ctx: typer.Context,
    name: Annotated[
        str,
        typer.Argument(
            metavar=_("NAME"),
            help=_("The person to erase from the file."),
            autocompletion=completion.people,
        ),
    ],
    yes: Annotated[bool, typer.Option("--yes", "-y", help=_("Do not ask."))] = False,
) -> None:
    """Erase a person: their activities, journal entries, person and sync records; compact the file.

    NAME may be anyone the file holds: someone who logged, was set with 'people set', only
    changed other people's records, or is only in what sync remembers. The changes they made to
    other people's records stay in those records' history, by "(forgotten)". This cannot be
    undone. Backups made earlier still hold the person's data. A running sync is waited for.

    \b
    Example:
      leerlog people forget anna
    """
    from leerlog.cli import common

    rt = runtime(ctx)
    if not rt.store.holds(name):
        from leerlog.domain.errors import NotFound

        raise NotFound(
            _("the file does not know {name}").format(name=repr(name)),
            _("run 'leerlog people list'"),
        )
    if not yes:
        if not common.interactive():
            from leerlog.domain.errors import ConfirmationNeeded

            raise ConfirmationNeeded(
                _("forget needs a confirmation and there is no terminal to ask"),
                _("add --yes to erase without asking"),
            )
        count = rt.store.activity_count(name)
        question = ngettext(
            "Erase {name} and their {count} activity for good?",
            "Erase {name} and their {count} activities for good?",
            count,
        ).format(name=name, count=count)
        from leerlog.cli.prompts import confirm

        if not confirm(question):
            common.say(_("Nothing was erased."))
            return

    def waiting() -> None:
        common.say(_("Waiting for a sync of this file to finish..."))

    removed = rt.store.forget(name, waiting)
    kept = removed.pop("kept")
    parts = [
        ngettext("{count} activity", "{count} activities", removed["activities"]),
        ngettext("{count} journal entry", "{count} journal entries", removed["journal"]),
        ngettext("{count} person record", "{count} person records", removed["people"]),
    ]
    counts = [removed["activities"], removed["journal"], removed["people"]]
    first, middle, last = (text.format(count=n) for text, n in zip(parts, counts, strict=True))
    # TRANSLATORS: the last two of a list of three ("a, b, c"; in Dutch "a, b en c").
    removed_text = _("{first}, {last}").format(first=f"{first}, {middle}", last=last)
    out_changed(
        _("forgot {name}: removed {removed}").format(name=name, removed=removed_text),
        _("{name} was forgotten").format(name=name),
    )
    if kept:
        out(
            ngettext(
                "kept {count} change they made to other people's activities, by (forgotten)",
                "kept {count} changes they made to other people's activities, by (forgotten)",
                kept,
            ).format(count=kept)
        )


def register(app: typer.Typer) -> None:
    command(people_app, "set", people_set)
    command(people_app, "list", people_list)
    command(people_app, "forget", people_forget)
    app.add_typer(people_app, name="people")
