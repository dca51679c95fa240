"""The running timers in the file: read one, start one, stop one into an activity, cancel one.

Each change is one write transaction, taken at once (BEGIN IMMEDIATE), and the table keeps at
most one timer per person (a UNIQUE person): of two starts at the same moment, from two
terminals or two computers sharing the file, one stores its timer and the other finds it.
A timer is not an activity: starting or cancelling one is not journaled; stopping one is, as
the add of the activity it becomes, so `leerlog undo` takes that activity back.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING

from leerlog.domain.errors import Conflict, DataProblem
from leerlog.i18n import _
from leerlog.storage.db import transaction
from leerlog.storage.store import Change, new_id, now
from leerlog.timers.clock import clock_time, minutes_between, read_stamp, stamp

if TYPE_CHECKING:
    from leerlog.domain.models import Activity
    from leerlog.storage.store import Store

_COLUMNS = 'id, person, category, type, title, "with", tags, started_at'


@dataclass(frozen=True)
class Timer:
    """A running timer: the activity it will be, but its minutes, and when it started."""

    id: str
    person: str
    category: str
    type: str | None
    title: str
    with_: str | None
    tags: tuple[str, ...]
    started_at: dt.datetime  # in the local time zone

    @property
    def kind(self) -> str:
        from leerlog.domain.categories import category_name

        return category_name(self.category) + (f"/{self.type}" if self.type else "")


@dataclass(frozen=True)
class Stopped:
    """A timer and the activity it becomes; the journal's actor, and the team a new person gets."""

    timer: Timer
    activity: Activity
    actor: str
    team: str | None


def new_timer(
    person: str,
    category: str,
    type_: str | None,
    title: str,
    with_: str | None,
    tags: tuple[str, ...],
    started_at: dt.datetime,
) -> Timer:
    return Timer(new_id(), person, category, type_, title, with_, tags, started_at)


def _timer(row: sqlite3.Row) -> Timer:
    return Timer(
        id=row["id"],
        person=row["person"],
        category=row["category"],
        type=row["type"],
        title=row["title"],
        with_=row["with"],
        tags=tuple(json.loads(row["tags"])),
        started_at=read_stamp(row["started_at"]),
    )


def running(store: Store, person: str) -> Timer | None:
    """PERSON's running timer, if any; a file that does not exist has none (and stays absent)."""
    rows = store.query(f"SELECT {_COLUMNS} FROM timers WHERE person = ?", (person,))
    return _timer(rows[0]) if rows else None


def required(store: Store, person: str) -> Timer:
    """PERSON's running timer; DataProblem (exit 1) when none runs."""
    timer = running(store, person)
    if timer is None:
        raise DataProblem(
            _("no timer is running for {person}").format(person=person),
            _("start one with 'leerlog start WHAT TITLE'"),
        )
    return timer


def describe(timer: Timer, when: dt.datetime) -> str:
    """A timer in a line: what, its title, since when and how long it has run until WHEN."""
    from leerlog.domain.parsing import format_minutes

    return _("{kind}: {title} (since {start}, {elapsed})").format(
        kind=timer.kind,
        title=timer.title,
        start=clock_time(timer.started_at, when),
        elapsed=format_minutes(minutes_between(timer.started_at, when)),
    )


def length(timer: Timer, end: dt.datetime, when: dt.datetime) -> int:
    """The minutes TIMER ran until END; DataProblem (exit 1) beyond an activity's 24 hours."""
    from leerlog.domain.models import MAX_MINUTES

    minutes = minutes_between(timer.started_at, end)
    if minutes > MAX_MINUTES:
        from leerlog.domain.parsing import format_minutes

        raise DataProblem(
            _(
                "the timer has run for {elapsed} since {start}, longer than an activity can "
                "last (24 hours); it keeps running"
            ).format(elapsed=format_minutes(minutes), start=clock_time(timer.started_at, when)),
            _(
                "say when it ended with 'leerlog stop --at HH:MM', or remove it with "
                "'leerlog cancel'"
            ),
        )
    return minutes


def start(store: Store, timer: Timer, when: dt.datetime, stopping: Stopped | None = None) -> None:
    """Store TIMER as its person's running timer; with STOPPING, that person's running timer is
    stopped and logged first, in the same transaction."""
    conn = store.writer()
    with transaction(conn, store.path):
        if stopping is not None:
            _log(conn, stopping)
        current = conn.execute(
            f"SELECT {_COLUMNS} FROM timers WHERE person = ?", (timer.person,)
        ).fetchone()
        if current is not None:
            raise running_already(_timer(current), when)
        conn.execute(
            f"INSERT INTO timers ({_COLUMNS}, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                timer.id,
                timer.person,
                timer.category,
                timer.type,
                timer.title,
                timer.with_,
                json.dumps(list(timer.tags), ensure_ascii=False),
                stamp(timer.started_at),
                now(),
            ),
        )


def running_already(timer: Timer, when: dt.datetime) -> DataProblem:
    return DataProblem(
        _("a timer is running already for {person}: {timer}").format(
            person=timer.person, timer=describe(timer, when)
        ),
        _("stop it first with 'leerlog stop', or start with --stop to log it and start this one"),
    )


def stop(store: Store, stopped: Stopped) -> None:
    """Log the activity STOPPED's timer became and remove the timer, in one transaction."""
    conn = store.writer()
    with transaction(conn, store.path):
        _log(conn, stopped)


def cancel(store: Store, timer: Timer) -> None:
    """Remove TIMER without logging anything."""
    conn = store.writer()
    with transaction(conn, store.path):
        _take(conn, timer)


def _log(conn: sqlite3.Connection, stopped: Stopped) -> None:
    _take(conn, stopped.timer)
    Change(conn, stopped.actor, "add").insert(stopped.activity, stopped.team)


def _take(conn: sqlite3.Connection, timer: Timer) -> None:
    """Remove TIMER, the very one read before: another terminal may have stopped it since (and
    perhaps started a new one), and its time must not be logged twice."""
    if conn.execute("DELETE FROM timers WHERE id = ?", (timer.id,)).rowcount != 1:
        raise Conflict(
            _("the timer was stopped or cancelled meanwhile, elsewhere; nothing was changed"),
            _("run 'leerlog status' to see what runs now"),
        )
