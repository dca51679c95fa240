"""The sync and pull commands: activities to a Learning Record Store (xAPI), and courses back."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from leerlog.cli import common
from leerlog.cli.common import out, require_log, runtime, say
from leerlog.cli.help import command
from leerlog.cli.options import AllowPersonalDataOption, SinceOption
from leerlog.domain.errors import ConfigError, ConfirmationNeeded
from leerlog.i18n import _, ngettext


def lrs_setting(settings: object, key: str) -> str:
    """A required [lrs] key from the config file."""
    value = getattr(settings, "lrs", {}).get(key)
    if not value:
        raise ConfigError(
            _("lrs.{key} is not set").format(key=key),
            _(
                'add it to the config file under [lrs], e.g. {key} = "..." (see leerlog config)'
            ).format(key=key),
        )
    return str(value)


def _password(username: str) -> str:
    password = os.environ.get("LEERLOG_LRS_PASSWORD")
    if password:
        return password
    if not common.interactive():
        raise ConfirmationNeeded(
            _("the LRS password is missing and there is no terminal to ask"),
            _("set LEERLOG_LRS_PASSWORD in the environment of the job"),
        )
    question = _("LRS password for {user}").format(user=username)
    return str(typer.prompt(question, hide_input=True, err=True))


TimeoutOption = Annotated[
    float,
    typer.Option(
        "--timeout",
        min=0.1,
        max=3600,
        metavar=_("SECONDS"),
        help=_(
            "Seconds each request to the LRS may take (default 30); the whole run stops "
            "after ten times as long, and the next run resumes."
        ),
    ),
]


def sync(
    ctx: typer.Context,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help=_("Show what would be sent; send and change nothing."))
    ] = False,
    batch: Annotated[
        int, typer.Option("--batch", min=1, max=5000, help=_("Statements per request."))
    ] = 500,
    timeout: TimeoutOption = 30.0,
    allow_personal_data: AllowPersonalDataOption = False,
) -> None:
    """Send new, edited and deleted activities to the Learning Record Store, as xAPI statements.

    Configure [lrs] endpoint, username and homepage in the config file; the password comes
    from LEERLOG_LRS_PASSWORD or is asked for. Safe to run as often as you like: what was
    sent is remembered, and an interrupted run resumes without duplicates. Redirects are never
    followed: the password goes to the configured endpoint only. A title, with, tag or
    reflection that looks like a client's BSN, IBAN, e-mail address or phone number stops the
    sync before anything is sent (exit 1) unless --allow-personal-data.

    \b
    Example:
      leerlog sync --dry-run
      LEERLOG_LRS_PASSWORD=... leerlog sync
    """
    from leerlog.lrs import sync as service

    rt = runtime(ctx)
    settings = rt.settings
    endpoint = lrs_setting(settings, "endpoint")
    homepage = lrs_setting(settings, "homepage")
    require_log(rt)  # nothing to send, and no file to make, where there is no log
    from leerlog.cli.prompts import resumable

    if not allow_personal_data:  # a dry run too, as the run it previews;
        # before the password is asked for, or the LRS is asked
        from leerlog.cli import guard

        where, params = service.unsent_where(settings.today)
        guard.refuse(guard.suspects(rt, where, params), _("nothing was sent"), _("send it"))
    if dry_run:
        count = 0
        with resumable("sync", dry_run):
            for item in service.dry_run(rt.store, homepage, settings.today):
                out(f"{item.kind}  {item.statement['id']}  {item.description}")
                count += 1
        say(
            ngettext(
                "{count} statement would be sent", "{count} statements would be sent", count
            ).format(count=count)
        )
        return
    username = lrs_setting(settings, "username")
    from leerlog.lrs.client import LrsClient, check_endpoint

    check_endpoint(endpoint)  # before the password is asked for
    from leerlog.terminal.tables import progress_counter

    client = LrsClient(endpoint, username, _password(username), timeout=timeout)
    with resumable("sync"), progress_counter(_("syncing {count} statements")) as progress:
        result = service.sync(
            rt.store,
            client,
            homepage,
            settings.today,
            batch=batch,
            progress=progress,
            waiting=_waiting,
        )
    for conflict in result.conflicts:
        say(conflict)
    out(result.summary())
    if result.failed:
        raise typer.Exit(1)


def _waiting() -> None:
    say(_("Waiting for 'people forget', a sync or a pull on this file to finish..."))


def pull(
    ctx: typer.Context,
    since: SinceOption = None,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help=_("Show what would be added and removed; change nothing.")),
    ] = False,
    timeout: TimeoutOption = 30.0,
) -> None:
    """Read the courses other systems recorded in the Learning Record Store into the log.

    Reads the completed, passed and attended statements of an LMS (and cmi5's completed and
    passed), for the people in the file, and keeps each once as a formal activity: the title
    from the activity's name, the minutes from its duration, the date from its timestamp. A
    cmi5 course's completed and passed make one activity. [lrs.map] in the config file maps
    verbs or activity types to another category or a type. A statement voided upstream removes
    its activity on the next pull; one pulled once is never added again, also after you deleted
    its activity. leerlog's own statements are left alone, and 'leerlog sync' never sends what
    was pulled. Needs [lrs] endpoint, username and homepage, and the password like sync.

    \b
    Example:
      leerlog pull --dry-run --since 2026-01-01
      LEERLOG_LRS_PASSWORD=... leerlog pull
    """
    from leerlog.domain.parsing import parse_date
    from leerlog.lrs import pull as service
    from leerlog.lrs.pulled import REASONS, Context, mapping

    rt = runtime(ctx)
    settings = rt.settings
    endpoint = lrs_setting(settings, "endpoint")
    homepage = lrs_setting(settings, "homepage")
    day = None if since is None else parse_date(since, settings.today)
    require_log(rt)  # the people to pull for are in the file
    username = lrs_setting(settings, "username")
    actor = settings.me
    from leerlog.lrs.client import LrsClient, check_endpoint
    from leerlog.storage.journal import now

    check_endpoint(endpoint)  # all of these before the password is asked for
    types = rt.store.types()
    context = Context(
        homepage,
        frozenset(),  # the people: read by the run once it holds the file (see lrs.pull.pull)
        mapping(settings.lrs_map, types, settings.config_file),
        types,
        settings.today,
        now(),
    )
    from leerlog.cli.prompts import resumable
    from leerlog.terminal.tables import progress_counter

    client = LrsClient(endpoint, username, _password(username), timeout=timeout, command="pull")
    with resumable("pull", dry_run), progress_counter(_("pulling {count} statements")) as progress:
        result = service.pull(
            rt.store,
            client,
            context,
            actor,
            since=day,
            dry_run=dry_run,
            progress=progress,
            waiting=_waiting,
        )
    for reason, count in sorted(result.skipped.items()):
        say(_("skipped {count}: {reason}").format(count=count, reason=_(REASONS[reason])))
    if result.capped:
        say(
            ngettext(
                "{count} activity was longer than 24 hours and holds 1440 minutes, the most one "
                "activity can hold",
                "{count} activities were longer than 24 hours and hold 1440 minutes each, the "
                "most one activity can hold",
                result.capped,
            ).format(count=result.capped)
        )
    if dry_run:
        for line in result.lines:
            out(line.describe())
        count = len(result.lines)
        say(
            ngettext("{count} change would be made", "{count} changes would be made", count).format(
                count=count
            )
        )
        return
    out(result.summary())


def register(app: typer.Typer) -> None:
    command(app, "sync", sync)
    command(app, "pull", pull)
