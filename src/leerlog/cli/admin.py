"""Commands that look after the file and its settings: types, people, config."""

from __future__ import annotations

import re
from typing import Annotated

import typer

from leerlog.cli.common import out, runtime
from leerlog.cli.help import command, doc, group
from leerlog.domain.errors import InvalidValue
from leerlog.i18n import N_, _

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
    key: Annotated[str, typer.Argument(help=_("The new type's key: lowercase, digits, hyphens."))],
    category: Annotated[str, typer.Option("--category", "-c", help=_("Its category (or alias)."))],
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
    out(
        _("added type {key} ({category}): {label}").format(
            key=key, category=category_name(activity_type.category), label=activity_type.label
        )
    )


def people_set(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help=_("The person's name, as they log it."))],
    team: Annotated[str, typer.Option("--team", help=_("Their team ('' for none)."))],
) -> None:
    """Set a person's team (the person is added if the file does not know them yet).

    \b
    Example:
      leerlog people set anna --team "Team Noord"
    """
    name = name.strip()
    if not name:
        raise InvalidValue(_("the name is empty"), _("give the person's name"))
    team_value = team.strip() or None
    runtime(ctx).store.set_person(name, team_value)
    if team_value:
        out(_("{name}: team {team}").format(name=name, team=team_value))
    else:
        out(_("{name}: no team").format(name=name))


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
    name: Annotated[str, typer.Argument(help=_("The person to erase from the file."))],
    yes: Annotated[bool, typer.Option("--yes", "-y", help=_("Do not ask."))] = False,
) -> None:
    """Erase a person: every activity, journal entry and person record, then compact the file.

    This cannot be undone. Backups made earlier still hold the person's data.

    \b
    Example:
      leerlog people forget anna
    """
    from leerlog.cli import common

    rt = runtime(ctx)
    known = {row.name: row for row in rt.store.people()}
    if name not in known:
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
        question = _("Erase {name} and their {count} activities for good?").format(
            name=name, count=known[name].activities
        )
        from leerlog.cli.prompts import confirm

        if not confirm(question):
            common.say(_("Nothing was erased."))
            return
    removed = rt.store.forget(name)
    out(
        _(
            "forgot {name}: removed {activities} activities, {journal} journal entries, "
            "{people} person records"
        ).format(name=name, **removed)
    )


def backup(
    ctx: typer.Context,
    file: Annotated[
        str, typer.Argument(metavar="FILE", help=_("Where to write the copy ({date}: today)."))
    ],
) -> None:
    """Write a consistent copy of the database, even while others are logging.

    \b
    Example:
      leerlog backup "backups/leerlog-{date}.db"
    """
    from pathlib import Path

    rt = runtime(ctx)
    target = Path(file.replace("{date}", rt.settings.today.isoformat())).expanduser()
    if target.exists():
        raise InvalidValue(
            _("{path} exists already; it was left as it is").format(path=target),
            _("choose a new name"),
        )
    if target.resolve() == rt.settings.db_path.resolve():
        raise InvalidValue(
            _("the backup cannot replace the database itself"), _("choose another name")
        )
    rt.store.backup(target)
    out(_("backed up {database} to {path}").format(database=rt.settings.db_path, path=target))


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
        ("db", str(db_path), f"{_source(settings.db.source)}; {db_state}"),
        ("person", settings.person.value or "", _source(settings.person.source)),
        ("team", settings.team.value or "", _source(settings.team.source)),
        ("target", settings.target.value or "", _source(settings.target.source)),
        ("lang", lang, _source(lang_source)),
        ("today", settings.today.isoformat(), _today_source()),
        ("config", str(settings.config_file), f"{_source(settings.config_source)}; {config_state}"),
    ]
    rows += [
        (
            f"lrs.{key}",
            settings.lrs.get(key, ""),
            _source("config" if key in settings.lrs else "not set"),
        )
        for key in ("endpoint", "username", "homepage")
    ]
    width = max(len(row[1]) for row in rows)
    for key, value, source in rows:
        out(f"{key:<12} {value:<{width}}  ({source})")


# Where a setting came from, in words; option and variable names stay as they are.
_SOURCES = {
    "default": N_("default"),
    "config": N_("config"),
    "login name": N_("login name"),
    "not set": N_("not set"),
}


def _source(source: str) -> str:
    return _(_SOURCES[source]) if source in _SOURCES else source


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
