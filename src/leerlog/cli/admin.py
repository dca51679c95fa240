"""Commands that look after the file and its settings: types, people, config."""

from __future__ import annotations

import re
from typing import Annotated

import typer

from leerlog.cli.common import out, out_changed, runtime, source_name
from leerlog.cli.help import command, doc, group
from leerlog.domain.errors import InvalidValue
from leerlog.i18n import _, ngettext, team_name

types_app = group()
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

TYPE_KEY = re.compile(r"[a-z][a-z0-9-]{1,39}")


def types_list(ctx: typer.Context) -> None:
    """The activity catalogue: each type, its category and what it means; add your own.

    \b
    Example:
      leerlog types
      leerlog types add huisbezoek --category experiential --label "home visit"
    """
    if ctx.invoked_subcommand is not None:
        return
    from leerlog.terminal.tables import types_table

    types_table(list(runtime(ctx).store.types().values()))


def types_add(
    ctx: typer.Context,
    key: Annotated[
        str,
        typer.Argument(metavar=_("KEY"), help=_("The new type's key: lowercase, digits, hyphens.")),
    ],
    category: Annotated[
        str,
        typer.Option("--category", "-c", metavar=_("CATEGORY"), help=_("Its category (or alias).")),
    ],
    label: Annotated[str | None, typer.Option("--label", help=_("What it means."))] = None,
) -> None:
    """Add a type of your own to the file, so the whole team can use it.

    \b
    Example:
      leerlog types add huisbezoek --category werk --label "home visit with a colleague"
    """
    from leerlog.domain.categories import (
        CATEGORY_ALIASES,
        ActivityType,
        category_name,
        normalise_key,
        parse_category,
    )

    key = normalise_key(key)
    if not TYPE_KEY.fullmatch(key):
        raise InvalidValue(
            _("not a usable type key: {key}").format(key=repr(key)),
            _("use 2 to 40 lowercase letters, digits or hyphens, starting with a letter"),
        )
    if key in CATEGORY_ALIASES:
        raise InvalidValue(
            _("{key} already names a category").format(key=repr(key)),
            _("choose a key that is not a category alias"),
        )
    rt = runtime(ctx)
    if key in rt.store.types():
        raise InvalidValue(
            _("the type {key} exists already").format(key=repr(key)), _("choose another key")
        )
    activity_type = ActivityType(
        key, (label or key).strip() or key, parse_category(category), False
    )
    rt.store.add_type(activity_type)
    out_changed(
        _("added type {key} ({category}): {label}").format(
            key=key, category=category_name(activity_type.category), label=activity_type.label
        ),
        _("type {key} was added").format(key=key),
    )


def people_set(
    ctx: typer.Context,
    name: Annotated[
        str, typer.Argument(metavar=_("NAME"), help=_("The person's name, as they log it."))
    ],
    team: Annotated[
        str, typer.Option("--team", metavar=_("TEAM"), help=_("Their team ('' for none)."))
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
        str, typer.Argument(metavar=_("NAME"), help=_("The person to erase from the file."))
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


def backup(
    ctx: typer.Context,
    file: Annotated[
        str, typer.Argument(metavar=_("FILE"), help=_("Where to write the copy ({date}: today)."))
    ],
) -> None:
    """Write a consistent copy of the database, even while others are logging.

    \b
    Example:
      leerlog backup "backups/leerlog-{date}.db"
    """
    import os
    from pathlib import Path

    from leerlog.domain.errors import DataProblem

    rt = runtime(ctx)
    target = Path(file.replace("{date}", rt.settings.today.isoformat())).expanduser()
    # A file leerlog did not write is never replaced (exit 1); a dangling link counts too.
    # The store checks again as it names the copy, for a file that appears meanwhile.
    if os.path.lexists(target):
        raise DataProblem(
            _("{path} exists already; it was left as it is").format(path=target),
            _("choose a new name"),
        )
    if target.resolve() == rt.settings.db_path.resolve():
        raise DataProblem(
            _("the backup cannot replace the database itself"), _("choose another name")
        )
    rt.store.backup(target)
    out_changed(
        _("backed up {database} to {path}").format(database=rt.settings.db_path, path=target),
        _("the backup {path} was written").format(path=target),
    )


def config(ctx: typer.Context) -> None:
    """Show the effective settings, where each comes from, and the paths in use.

    \b
    Example:
      leerlog config
    """
    from leerlog.i18n import language

    settings = runtime(ctx).settings
    db_path = settings.db_path
    config_state = _("found") if settings.config_file.exists() else _("not found")
    db_state = _("exists") if db_path.exists() else _("created on first write")
    lang, lang_source = language()
    rows = [
        ("db", str(db_path), f"{source_name(settings.db.source)}; {db_state}"),
        ("person", settings.person.value or "", source_name(settings.person.source)),
        ("team", settings.team.value or "", source_name(settings.team.source)),
        ("target", settings.target.value or "", source_name(settings.target.source)),
        ("lang", lang, source_name(lang_source)),
        ("today", settings.today.isoformat(), _today_source()),
        (
            "config",
            str(settings.config_file),
            f"{source_name(settings.config_source)}; {config_state}",
        ),
    ]
    rows += [
        (
            f"lrs.{key}",
            settings.lrs.get(key, ""),
            source_name("config" if key in settings.lrs else "not set"),
        )
        for key in ("endpoint", "username", "homepage")
    ]
    width = max(len(row[1]) for row in rows)
    for key, value, source in rows:
        out(f"{key:<12} {value:<{width}}  ({source})")


def _today_source() -> str:
    import os

    return "LEERLOG_TODAY" if os.environ.get("LEERLOG_TODAY") else _("system clock")


def register(app: typer.Typer) -> None:
    types_app.callback(invoke_without_command=True, help=doc(types_list))(types_list)
    command(types_app, "add", types_add)
    command(people_app, "set", people_set)
    command(people_app, "list", people_list)
    command(people_app, "forget", people_forget)
    app.add_typer(types_app, name="types")
    app.add_typer(people_app, name="people")
    command(app, "config", config)
    command(app, "backup", backup)
