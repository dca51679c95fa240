"""The timer commands: start, stop, status, cancel; one running timer per person, in the file."""

# No `from __future__ import annotations` here: typer reads these signatures on every run, and
# string annotations make it evaluate each Annotated[...] four times (with a compile each).

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import typer

from leerlog.cli import completion
from leerlog.cli.common import (
    Runtime,
    describe,
    named_person,
    note_new_person,
    out,
    out_changed,
    runtime,
    say,
)
from leerlog.cli.help import command
from leerlog.cli.options import TagsOption, WhatArgument, WithOption
from leerlog.i18n import _

if TYPE_CHECKING:
    from leerlog.timers.running import Stopped, Timer

TimerPerson = Annotated[
    str | None,
    typer.Option(
        "--person",
        "-p",
        metavar=_("NAME"),
        help=_("Whose timer (default: you)."),
        autocompletion=completion.people,
    ),
]


def _who(rt: Runtime, person: str | None) -> str:
    return named_person(person) or rt.settings.me


def _stopped(rt: Runtime, timer: "Timer", end: dt.datetime, reflection: str | None) -> "Stopped":
    """The activity TIMER becomes when it ends at END, checked exactly as `add` checks one."""
    from leerlog.domain.models import Activity, validate_input
    from leerlog.storage.store import new_id, now
    from leerlog.timers import running

    settings = rt.settings
    minutes = running.length(timer, end, settings.now)
    entry = validate_input(
        {
            "person": timer.person,
            "date": timer.started_at.date(),  # the local day it started
            "category": timer.category,
            "type": timer.type,
            "minutes": minutes,
            "title": timer.title,
            "with": timer.with_,
            "tags": list(timer.tags),
            "reflection": reflection,
        },
        settings.today,
        rt.store.types(),
    )
    stamp = now()
    activity = Activity(id=new_id(), created_at=stamp, updated_at=stamp, **entry.model_dump())
    team = settings.team.value if activity.person == settings.person.value else None
    return running.Stopped(timer, activity, settings.person.value or activity.person, team)


def _logged(stopped: "Stopped", known: list[str], quiet: bool) -> None:
    """What `add` says for the activity a stopped timer became: the new-person note, the line."""
    activity = stopped.activity
    note_new_person(activity.person, known)
    from leerlog.cli.guard import warn_stored

    warn_stored(activity)
    out_changed(
        activity.id
        if quiet
        else _("{id}  added: {what}").format(id=activity.id, what=describe(activity)),
        _("activity {id} was stored").format(id=activity.id),
    )


def start(
    ctx: typer.Context,
    what: WhatArgument = None,
    title: Annotated[
        list[str] | None,
        typer.Argument(metavar=_("TITLE"), help=_("What it is about."), show_default=False),
    ] = None,
    with_: WithOption = None,
    tag: TagsOption = None,
    person: TimerPerson = None,
    at: Annotated[
        str | None,
        typer.Option("--at", metavar=_("HH:MM"), help=_("It started earlier today, at HH:MM.")),
    ] = None,
    stop_running: Annotated[
        bool,
        typer.Option("--stop", help=_("Stop and log a timer that runs already, then start.")),
    ] = False,
) -> None:
    """Start a timer for a learning activity; 'leerlog stop' logs it with the time it ran.

    One timer runs per person, kept in the log file, so another terminal, or a colleague's
    computer that shares the file, sees it. WHAT and the title are checked now, as 'leerlog
    add' checks them; missing ones are asked for on a terminal. --at says it started earlier
    today; for another day use 'leerlog add'. While a timer runs, start is an error (exit 1),
    unless --stop: that timer is then stopped and logged first, ending as the new one starts.

    \b
    Example:
      leerlog start intervisie "Casus over schuldhulp" --with Marieke
      leerlog start werk "Eerste huisbezoek alleen" --at 9:15 -t huisbezoek
      leerlog start --stop coaching "Gesprek over grenzen"
    """
    from leerlog.cli.prompts import ask
    from leerlog.domain.categories import resolve_what
    from leerlog.domain.models import check_value, validate_input
    from leerlog.timers import clock, running

    rt = runtime(ctx)
    settings = rt.settings
    when = settings.now
    begin = clock.started(when, at)  # a bad --at is refused before the file is read
    types = rt.store.types()
    if what is None:
        category, type_key = ask(
            _("what kind of learning (a type or a category)"),
            _("WHAT, e.g. intervisie"),
            lambda answer: resolve_what(answer, types),
            hint=False,
        )
    else:
        category, type_key = resolve_what(what, types)
    who_ = person if person is not None else settings.me
    current = running.running(rt.store, who_.strip())
    if current is not None and not stop_running:  # said before any question is asked
        raise running.running_already(current, when)

    def check_title(answer: str) -> str:
        check_value("title", answer, settings.today, types)
        return answer

    text = " ".join(title) if title else None
    if text is None:
        text = ask(_("title"), _('TITLE, e.g. "Casus over schuldhulp"'), check_title)
    entry = validate_input(
        {
            "person": who_, "date": begin.date(), "category": category, "type": type_key,
            "minutes": 1, "title": text, "with": with_, "tags": tag or [],
        },
        settings.today,
        types,
    )  # fmt: skip
    timer = running.new_timer(
        entry.person, entry.category or category, entry.type, entry.title, entry.with_,
        entry.tags, begin,
    )  # fmt: skip
    stopping = None
    if current is not None:  # it ends as the new one starts
        end = when if at is None else clock.not_before(current.started_at, begin, at, when)
        stopping = _stopped(rt, current, end, None)
    known = rt.store.person_names() if stopping is not None else []
    running.start(rt.store, timer, when, stopping)
    if stopping is not None:
        _logged(stopping, known, quiet=False)
    out_changed(
        _("timer started at {start}: {kind}: {title}").format(
            start=clock.clock_time(begin, when), kind=timer.kind, title=timer.title
        ),
        _("the timer was started"),
    )


def stop(
    ctx: typer.Context,
    at: Annotated[
        str | None,
        typer.Option("--at", metavar=_("HH:MM"), help=_("It ended at HH:MM, not now.")),
    ] = None,
    reflection: Annotated[
        str | None,
        typer.Option("--reflection", "-r", help=_("What you learned, what will change.")),
    ] = None,
    person: TimerPerson = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help=_("Print only the new id."))] = False,
) -> None:
    """Stop the running timer and log the activity, with the minutes it ran.

    The time is rounded to the nearest minute, at least 1. More than 24 hours is refused
    (exit 1; the timer keeps running): say when it ended with --at. --at HH:MM is on the day
    the timer started (the next day for one that ran past midnight), not before its start and
    not later than now. Without a timer, stop is exit 1. It says what 'leerlog add' says, the
    new id first; 'leerlog undo' takes the activity back (the timer does not come back).

    \b
    Example:
      leerlog stop -r "Eerst de vraag achter de vraag"
      leerlog stop --at 16:45
    """
    from leerlog.timers import clock, running

    rt = runtime(ctx)
    when = rt.settings.now
    if at is not None:
        clock.time_of_day(at)  # a bad --at is refused before the file is read
    timer = running.required(rt.store, _who(rt, person))
    stopped = _stopped(rt, timer, clock.ended(timer.started_at, when, at), reflection)
    known = rt.store.person_names()
    running.stop(rt.store, stopped)
    _logged(stopped, known, quiet)


def status(ctx: typer.Context, person: TimerPerson = None) -> None:
    """Show the running timer: what, since when, and the time so far.

    Exit 0 while a timer runs; 1 when none does, with a line on stderr. That is what
    Timewarrior's 'timew' does (Watson's 'status' exits 0 either way), so a script can test it.

    \b
    Example:
      leerlog status
      leerlog status >/dev/null || leerlog start werk "Dossier bijwerken"
    """
    from leerlog.timers import running

    rt = runtime(ctx)
    who_ = _who(rt, person)
    timer = running.running(rt.store, who_)
    if timer is None:
        say(_("No timer is running for {person}.").format(person=who_))
        raise typer.Exit(1)
    out(running.describe(timer, rt.settings.now))


def cancel(ctx: typer.Context, person: TimerPerson = None) -> None:
    """Remove the running timer without logging anything; without a timer, exit 1.

    \b
    Example:
      leerlog cancel
    """
    from leerlog.timers import running

    rt = runtime(ctx)
    timer = running.required(rt.store, _who(rt, person))
    running.cancel(rt.store, timer)
    out_changed(
        _("timer cancelled, nothing was logged: {timer}").format(
            timer=running.describe(timer, rt.settings.now)
        ),
        _("the timer was cancelled"),
    )


def register(app: typer.Typer) -> None:
    for name, function in (("start", start), ("stop", stop), ("status", status), ("cancel", cancel)):  # fmt: skip
        command(app, name, function)
