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
    width = max(len(value) for _, value, _ in rows)
    for key, value, source in rows:
        out(f"{key:<7} {value:<{width}}  ({source})")


def _today_source() -> str:
    import os

    return "LEERLOG_TODAY" if os.environ.get("LEERLOG_TODAY") else "system clock"


def register(app: typer.Typer) -> None:
    app.add_typer(types_app, name="types")
    app.add_typer(people_app, name="people")
    app.command("config")(config)
