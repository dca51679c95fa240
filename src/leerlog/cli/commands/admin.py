"""Commands that look after the file and its settings: types, config, backup."""

from __future__ import annotations

import re
from typing import Annotated, Any

import typer

from leerlog.cli import completion
from leerlog.cli.common import (
    named_person,
    out,
    out_changed,
    require_log,
    runtime,
    say,
    source_name,
)
from leerlog.cli.help import command, doc, group
from leerlog.cli.options import (
    AllOption,
    PersonOption,
    TableOrJson,
    TableOrJsonOption,
    TeamOption,
)
from leerlog.domain.errors import InvalidValue
from leerlog.domain.text import user_path
from leerlog.i18n import _, ngettext

types_app = group()
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
        typer.Option(
            "--category",
            "-c",
            metavar=_("CATEGORY"),
            help=_("Its category (or alias)."),
            autocompletion=completion.categories,
        ),
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
        TYPE_WORDS,
        ActivityType,
        category_name,
        normalise_key,
        parse_category,
    )
    from leerlog.domain.words import plain

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
    if plain(key) in TYPE_WORDS:  # `add <word>` would mean the built-in type, not this one
        raise InvalidValue(
            _("{key} already names the type {type}").format(
                key=repr(key), type=repr(TYPE_WORDS[plain(key)])
            ),
            _("choose another key"),
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

    from leerlog.domain.errors import DataProblem

    rt = runtime(ctx)
    target = user_path(file.replace("{date}", rt.settings.today.isoformat()), _("FILE"))
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
        ("now", settings.now.isoformat(timespec="seconds"), _now_source()),
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
    # How `leerlog pull` reads an LRS's verbs and activity types, as the file's TOML keys.
    rows += [
        (f'lrs.map."{iri}"', target, source_name("config"))
        for iri, target in sorted(settings.lrs_map.items())
    ]
    rows += [
        (f"registers.{key}", _register_rules(table), source_name("config"))
        for key, table in sorted(settings.registers.items())
    ] or [("registers", "", source_name("not set"))]
    from leerlog.terminal.tables import console

    for line in settings_lines(rows, console().width):
        out(line)


def settings_lines(rows: list[tuple[str, str, str]], columns: int) -> list[str]:
    """One line per setting: key, value and (source) in columns. A setting whose line would be
    wider than COLUMNS has its source on the next lines, under the values; no value is cut."""
    import textwrap

    keys = max(12, *(len(key) for key, _value, _source in rows))

    def folds(width: int) -> set[int]:
        """The settings that do not fit on one line with the values' column WIDTH wide."""
        return {
            i
            for i, (_key, value, source) in enumerate(rows)
            if len(value) > width or keys + 1 + width + 3 + len(source) + 1 > columns
        }

    # The values' column as wide as leaves the fewest settings on two lines (the widest, of ties).
    widths = sorted({len(value) for _key, value, _source in rows}, reverse=True)
    width = min(widths, key=lambda w: len(folds(w)))
    folded = folds(width)
    lines = []
    for i, (key, value, source) in enumerate(rows):
        if i in folded:
            lines.append(f"{key:<{keys}} {value}".rstrip())
            room = max(columns - keys - 1, 20)
            lines += [" " * (keys + 1) + part for part in textwrap.wrap(f"({source})", room)]
        else:
            lines.append(f"{key:<{keys}} {value:<{width}}  ({source})")
    return lines


def _register_rules(table: dict[str, Any]) -> str:
    """A register's minima and caps from the config file, in one line."""
    parts = [
        f"{name} " + ", ".join(f"{key}={value}" for key, value in table[name].items())
        for name in ("minimum", "cap")
        if table.get(name)
    ]
    if "minimum_total" in table:
        parts.append(f"minimum_total {table['minimum_total']}")
    return "; ".join(parts)


def _today_source() -> str:
    import os

    if os.environ.get("LEERLOG_TODAY"):
        return "LEERLOG_TODAY"
    return "LEERLOG_NOW" if os.environ.get("LEERLOG_NOW") else _("system clock")


def _now_source() -> str:
    """Where "now" (the timers' clock) comes from: LEERLOG_TODAY alone fixes only its date."""
    import os

    if os.environ.get("LEERLOG_NOW"):
        return "LEERLOG_NOW"
    if os.environ.get("LEERLOG_TODAY"):
        return _("LEERLOG_TODAY and the system clock's time of day")
    return _("system clock")


def check(
    ctx: typer.Context,
    person: PersonOption = None,
    team: TeamOption = None,
    all_: AllOption = False,
    format_: TableOrJsonOption = TableOrJson.table,
) -> None:
    """List what looks like a client's personal data: a BSN, IBAN, e-mail address or phone number
    in a title, with, tag, reflection or proof file name, or in a session's own title, series or
    leader. Yours by default; --person, --team, --all for everyone.

    Exit 0 when nothing is found, 1 when something is (so a scheduled run notices). The values
    are shown masked; 'leerlog show ID' shows the activity, 'leerlog session show ID' the session.

    \b
    Example:
      leerlog check
      leerlog check --all --format json
    """
    import json

    from leerlog.cli import guard
    from leerlog.cli.common import require_known, who
    from leerlog.storage.queries import Query

    rt = runtime(ctx)
    people = who(rt, person, team, all_)
    require_log(rt)
    require_known(rt, named_person(person), team)
    where = Query(people=people, team=team).where()
    everyone = people is None and team is None  # --all: also sessions whose activities went
    found = sorted(
        [
            *guard.suspects(rt, *where),
            *guard.in_proof_names(rt, *where),
            *guard.in_sessions(rt, *where, everyone),
        ],
        key=lambda pair: (pair[0]["date"], pair[0]["person"], "session" in pair[0], pair[0]["id"]),
    )
    if format_ is TableOrJson.json:
        rows = [
            {
                "id": record["id"], "date": record["date"], "person": record["person"],
                "field": item.field, "kind": item.kind, "value": item.masked,
                **({"session": True} if "session" in record else {}),  # the id is a session's
            }
            for record, item in found
        ]  # fmt: skip
        out(json.dumps(rows, ensure_ascii=False, indent=2))
    elif found:
        from leerlog.terminal.findings import findings_table

        findings_table([
            [record["id"], record["date"], record["person"], guard.field_name(item.field),
             guard.kind_label(item.kind), item.masked]
            for record, item in found
        ])  # fmt: skip
    if not found:
        say(_("Nothing found that looks like a client's personal data."))
        return
    count = len({record["id"] for record, _item in found if "session" not in record})
    sessions = len({record["id"] for record, _item in found if "session" in record})
    if count:
        say(
            ngettext(
                "{count} activity looks like it holds a client's personal data",
                "{count} activities look like they hold a client's personal data",
                count,
            ).format(count=count)
        )
    if sessions:
        say(
            ngettext(
                "{count} session looks like it holds a client's personal data in its own title,"
                " series or leader ('leerlog session show ID')",
                "{count} sessions look like they hold a client's personal data in their own title,"
                " series or leader ('leerlog session show ID')",
                sessions,
            ).format(count=sessions)
        )
    raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    types_app.callback(invoke_without_command=True, help=doc(types_list))(types_list)
    command(types_app, "add", types_add)
    app.add_typer(types_app, name="types")
    command(app, "config", config)
    command(app, "backup", backup)
    command(app, "check", check)
