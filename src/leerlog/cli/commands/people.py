"""The people commands: who is in the file, their teams, and erasing someone."""

from __future__ import annotations

from typing import Annotated

import typer

from leerlog.cli import completion
from leerlog.cli.common import out, out_changed, runtime, say, source_name
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
      leerlog people rename jost joost
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
        from leerlog.domain.words import nearest

        message = _("the file does not know {name}").format(name=repr(name))
        suggestion = nearest(name, rt.store.person_names())
        if suggestion is not None:
            message = _("{problem}; did you mean {suggestion}?").format(
                problem=message, suggestion=repr(suggestion)
            )
        raise NotFound(message, _("run 'leerlog people list'"))
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


def people_rename(
    ctx: typer.Context,
    old: Annotated[str, typer.Argument(metavar=_("OLD"), help=_("The name in the file now."))],
    new: Annotated[str, typer.Argument(metavar=_("NEW"), help=_("The name from now on."))],
) -> None:
    """Rename a person: their activities, their team, and the 'with' of activities naming them.

    When NEW is in the file already, OLD is merged into NEW: NEW keeps its own team, or takes
    OLD's when it has none. A name in 'with' is renamed where 'list --with OLD' finds it. The
    journal keeps the history as it was; 'leerlog undo' takes the whole rename back.

    \b
    Example:
      leerlog people rename jost joost
      leerlog people rename "Anna Jansen" "Anna de Vries"
    """
    from leerlog.cli.common import require_known

    old, new = old.strip(), _checked_name(new)
    if not old:
        raise InvalidValue(_("the name is empty"), _("give the person's name"))
    if old == new:
        raise InvalidValue(
            _("{old} and {new} are the same name").format(old=repr(old), new=repr(new)),
            _("give the name the person should have from now on"),
        )
    rt = runtime(ctx)
    require_known(rt, old, None)  # an unknown name names the nearest ones
    renamed = rt.store.rename(old, new, actor=rt.settings.me)
    names = {"old": repr(old), "new": repr(new), "count": renamed.moved}
    line = (
        ngettext(
            "merged {old} into {new}: {count} activity moved",
            "merged {old} into {new}: {count} activities moved",
            renamed.moved,
        )
        if renamed.merged
        else ngettext(
            "renamed {old} to {new}: {count} activity moved",
            "renamed {old} to {new}: {count} activities moved",
            renamed.moved,
        )
    ).format(**names)
    if renamed.mentioned:
        line += ngettext(
            ", and {new} in the 'with' of {count} other activity",
            ", and {new} in the 'with' of {count} other activities",
            renamed.mentioned,
        ).format(new=repr(new), count=renamed.mentioned)
    out_changed(line, _("{name} was renamed").format(name=repr(old)))
    if old == rt.settings.me:
        say(
            _(
                "note: you are still {old} (from {source}); make that {new}, or what you log next "
                "goes to {old} again"
            ).format(old=repr(old), source=source_name(rt.settings.person.source), new=repr(new))
        )
    if renamed.dropped_team is not None and renamed.team is not None:
        say(
            _("note: {old} was in {old_team}; {new} stays in {new_team}").format(
                old=repr(old),
                old_team=team_name(renamed.dropped_team),
                new=repr(new),
                new_team=team_name(renamed.team),
            )
        )


def people_reset_pseudonyms(
    ctx: typer.Context,
    yes: Annotated[bool, typer.Option("--yes", "-y", help=_("Do not ask."))] = False,
) -> None:
    """Give everyone new pseudonyms: forget the secret behind 'export balance --pseudonymise'.

    Exports made before keep the old pseudonyms, and nothing links them to the new ones. Only
    this command replaces the secret: 'people forget', undo and backups keep it.

    \b
    Example:
      leerlog people reset-pseudonyms --yes
    """
    from leerlog.cli import common
    from leerlog.report.pseudonyms import reset

    rt = runtime(ctx)
    common.require_log(rt)
    if not yes:
        if not common.interactive():
            from leerlog.domain.errors import ConfirmationNeeded

            raise ConfirmationNeeded(
                _("reset-pseudonyms needs a confirmation and there is no terminal to ask"),
                _("add --yes to make new pseudonyms without asking"),
            )
        from leerlog.cli.prompts import confirm

        if not confirm(_("Give everyone new pseudonyms in future exports?")):
            say(_("The pseudonyms were left as they are."))
            return
    if reset(rt.store):
        out_changed(
            _("the next pseudonymised export gives everyone new pseudonyms"),
            _("the pseudonyms were reset"),
        )
    else:
        out(_("there were no pseudonyms yet; nothing changed"))


def _checked_name(value: str) -> str:
    """NEW as a person's name: stripped, not blank, by the rules for names."""
    from leerlog.domain.models import field_name
    from leerlog.domain.text import name_problem

    name = value.strip()
    if not name:
        raise InvalidValue(_("the name is empty"), _("give the person's name"))
    problem = name_problem(name)
    if problem is not None:
        raise InvalidValue(
            f"{field_name('person')}: {problem}",
            _("a name is visible text of at most 100 characters"),
        )
    return name


def register(app: typer.Typer) -> None:
    command(people_app, "set", people_set)
    command(people_app, "list", people_list)
    command(people_app, "rename", people_rename)
    command(people_app, "forget", people_forget)
    command(people_app, "reset-pseudonyms", people_reset_pseudonyms)
    app.add_typer(people_app, name="people")
