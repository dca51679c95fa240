"""Commands that look after the file and its settings: types, people, config."""

from __future__ import annotations

import re
from typing import Annotated

import typer

from leerlog.cli.common import out, runtime
from leerlog.errors import InvalidValue

types_app = typer.Typer()
people_app = typer.Typer(
    help="""The people in the file and their teams.

    \b
    Example:
      leerlog people set anna --team "Team Noord"
      leerlog people list
    """
)

TYPE_KEY = re.compile(r"[a-z][a-z0-9-]{1,39}")


@types_app.callback(invoke_without_command=True)
def types_list(ctx: typer.Context) -> None:
    """The activity catalogue: each type, its category and what it means; add your own.

    \b
    Example:
      leerlog types
      leerlog types add huisbezoek --category experiential --label "home visit"
    """
    if ctx.invoked_subcommand is not None:
        return
    from leerlog.render import types_table

    types_table(list(runtime(ctx).store.types().values()))


@types_app.command("add")
def types_add(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="The new type's key: lowercase, digits, hyphens.")],
    category: Annotated[str, typer.Option("--category", "-c", help="Its category (or alias).")],
    label: Annotated[str | None, typer.Option("--label", help="What it means.")] = None,
) -> None:
    """Add a type of your own to the file, so the whole team can use it.

    \b
    Example:
      leerlog types add huisbezoek --category werk --label "home visit with a colleague"
    """
    from leerlog.categories import CATEGORY_ALIASES, ActivityType, normalise_key, parse_category

    key = normalise_key(key)
    if not TYPE_KEY.fullmatch(key):
        raise InvalidValue(
            f"not a usable type key: {key!r}",
            "use 2 to 40 lowercase letters, digits or hyphens, starting with a letter",
        )
    if key in CATEGORY_ALIASES:
        raise InvalidValue(
            f"{key!r} already names a category", "choose a key that is not a category alias"
        )
    rt = runtime(ctx)
    if key in rt.store.types():
        raise InvalidValue(f"the type {key!r} exists already", "choose another key")
    activity_type = ActivityType(
        key, (label or key).strip() or key, parse_category(category), False
    )
    rt.store.add_type(activity_type)
    out(f"added type {key} ({activity_type.category}): {activity_type.label}")


@people_app.command("set")
def people_set(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The person's name, as they log it.")],
    team: Annotated[str, typer.Option("--team", help="Their team ('' for none).")],
) -> None:
    """Set a person's team (the person is added if the file does not know them yet).

    \b
    Example:
      leerlog people set anna --team "Team Noord"
    """
    name = name.strip()
    if not name:
        raise InvalidValue("the name is empty", "give the person's name")
    team_value = team.strip() or None
    runtime(ctx).store.set_person(name, team_value)
    out(f"{name}: team {team_value}" if team_value else f"{name}: no team")


@people_app.command("list")
def people_list(ctx: typer.Context) -> None:
    """List everyone in the file, with team, activities, hours and last date.

    \b
    Example:
      leerlog people list
    """
    from leerlog.render import people_table

    people_table(runtime(ctx).store.people())


@people_app.command("forget")
def people_forget(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The person to erase from the file.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask.")] = False,
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
        from leerlog.errors import NotFound

        raise NotFound(f"the file does not know {name!r}", "run 'leerlog people list'")
    if not yes:
        if not common.interactive():
            from leerlog.errors import ConfirmationNeeded

            raise ConfirmationNeeded(
                "forget needs a confirmation and there is no terminal to ask",
                "add --yes to erase without asking",
            )
        question = f"Erase {name} and their {known[name].activities} activities for good?"
        if not typer.confirm(question, err=True):
            common.say("Nothing was erased.")
            return
    removed = rt.store.forget(name)
    counts = ", ".join(f"{count} {what}" for what, count in removed.items())
    out(f"forgot {name}: removed {counts}")


def backup(
    ctx: typer.Context,
    file: Annotated[
        str, typer.Argument(metavar="FILE", help="Where to write the copy ({date}: today).")
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
        raise InvalidValue(f"{target} exists already; it was left as it is", "choose a new name")
    if target.resolve() == rt.settings.db_path.resolve():
        raise InvalidValue("the backup cannot replace the database itself", "choose another name")
    rt.store.backup(target)
    out(f"backed up {rt.settings.db_path} to {target}")


def config(ctx: typer.Context) -> None:
    """Show the effective settings, where each comes from, and the paths in use.

    \b
    Example:
      leerlog config
    """
    settings = runtime(ctx).settings
    db_path = settings.db_path
    config_state = "found" if settings.config_file.exists() else "not found"
    db_state = "exists" if db_path.exists() else "created on first write"
    rows = [
        ("db", str(db_path), f"{settings.db.source}; {db_state}"),
        ("person", settings.person.value or "", settings.person.source),
        ("team", settings.team.value or "", settings.team.source),
        ("target", settings.target.value or "", settings.target.source),
        ("today", settings.today.isoformat(), _today_source()),
        ("config", str(settings.config_file), f"{settings.config_source}; {config_state}"),
    ]
    rows += [
        (f"lrs.{key}", settings.lrs.get(key, ""), "config" if key in settings.lrs else "not set")
        for key in ("endpoint", "username", "homepage")
    ]
    width = max(len(value) for _, value, _ in rows)
    for key, value, source in rows:
        out(f"{key:<12} {value:<{width}}  ({source})")


def _today_source() -> str:
    import os

    return "LEERLOG_TODAY" if os.environ.get("LEERLOG_TODAY") else "system clock"


def register(app: typer.Typer) -> None:
    app.add_typer(types_app, name="types")
    app.add_typer(people_app, name="people")
    app.command("config")(config)
    app.command("backup")(backup)
