"""Sessions in the log: one stored with its activities as one change, found, listed, deleted.

A session is listed while activities carry its id. Its own row (start time, leader, series, who
logged it) is kept when its activities go, so that undoing a delete brings the whole session
back; activities imported with a session id from another file make a session without that row,
described by what they hold.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from leerlog.domain.errors import AmbiguousId, InvalidValue, NotFound
from leerlog.i18n import _
from leerlog.sessions.model import Participant, Session, sort_key
from leerlog.storage.journal import COLUMNS, row_to_activity
from leerlog.storage.store import new_id, now

if TYPE_CHECKING:
    from leerlog.domain.models import Activity, ActivityInput
    from leerlog.storage.store import Store


@dataclass(frozen=True)
class Logged:
    """What `session add` stored."""

    session_id: str
    activities: tuple[Activity, ...]


def log_session(
    store: Store,
    entry: ActivityInput,
    people: list[str],
    *,
    start: str | None,
    series: str | None,
    actor: str,
    me: str | None,
    my_team: str | None,
) -> Logged:
    """An activity for each person present (ENTRY, whose `with` is the leader), and the
    session, in one journaled change: one undo takes all of it back.

    ME gets MY_TEAM if the file does not know them yet; the others no team.
    """
    from leerlog.domain.models import Activity

    session_id, stamp = new_id(), now()
    fields = entry.model_dump()
    activities = tuple(
        Activity(
            id=new_id(),
            created_at=stamp,
            updated_at=stamp,
            session=session_id,
            **{**fields, "person": person},
        )
        for person in people
    )
    with store.change(actor, "add") as change:
        change.conn.execute(
            "INSERT INTO sessions (id, category, type, title, date, minutes, start_time, leader,"
            " series, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                session_id, entry.category, entry.type, entry.title, entry.date.isoformat(),
                entry.minutes, start, entry.with_, series, actor, stamp,
            ),
        )  # fmt: skip
        mine = [a.as_json() for a in activities if a.person == me]
        others = [a.as_json() for a in activities if a.person != me]
        if mine:
            change.insert_many(mine, my_team)
        if others:
            change.insert_many(others)
    return Logged(session_id, activities)


def find_session(store: Store, prefix: str) -> str:
    """The id of the one session whose id is PREFIX or starts with it."""
    prefix = prefix.strip()
    if not prefix:
        raise InvalidValue(
            _("the session id is empty"), _("give the session id, or its first characters")
        )
    found: list[str] = []
    # leerlog's own ids are lowercase; imported ones keep their case, so try both.
    for candidate in dict.fromkeys((prefix, prefix.lower())):
        if store.query("SELECT 1 FROM activities WHERE session = ? LIMIT 1", (candidate,)):
            return candidate
        rows = store.query(
            "SELECT DISTINCT session FROM activities WHERE session >= ? AND session < ? LIMIT 2",
            (candidate, candidate + "\U0010ffff"),
        )
        found = [row[0] for row in rows]
        if found:
            break
    if not found:
        raise NotFound(
            _("no session with id {id}").format(id=repr(prefix)),
            _("run 'leerlog session list' to see the ids"),
        )
    if len(found) > 1:
        raise AmbiguousId(
            _("more than one session has an id starting with {id}").format(id=repr(prefix)),
            _("type more characters of the id"),
        )
    return found[0]


# A session's own row where it has one, else what its activities hold. The leader is the `with`
# its activities share (so `people rename`, and its undo, reach it), else the one logged.
_SESSIONS = """
    SELECT * FROM (
        SELECT a.session AS id,
               coalesce(s.category, min(a.category)) AS category,
               CASE WHEN s.id IS NULL THEN min(a.type) ELSE s.type END AS type,
               coalesce(s.title, min(a.title)) AS title,
               coalesce(s.date, min(a.date)) AS date,
               coalesce(s.minutes, max(a.minutes)) AS minutes,
               s.start_time AS start,
               CASE WHEN s.id IS NULL OR count(DISTINCT coalesce(a."with", '')) = 1
                    THEN min(a."with") ELSE s.leader END AS leader,
               s.series AS series,
               s.created_by AS created_by,
               count(*) AS present,
               sum(a.person IN (SELECT name FROM people WHERE team = :team)) AS in_team
        FROM activities AS a LEFT JOIN sessions AS s ON s.id = a.session
        WHERE a.session IS NOT NULL {only}
        GROUP BY a.session
    )
    WHERE date >= :start AND date <= :end AND (:team IS NULL OR in_team > 0)
    ORDER BY date DESC, start DESC, id
"""


def _session(row: sqlite3.Row) -> Session:
    return Session(
        id=row["id"],
        category=row["category"],
        type=row["type"],
        title=row["title"],
        date=dt.date.fromisoformat(row["date"]),
        minutes=row["minutes"],
        start=row["start"],
        leader=row["leader"],
        series=row["series"],
        created_by=row["created_by"],
        present=row["present"],
    )


def list_sessions(
    store: Store, start: dt.date | None, end: dt.date | None, team: str | None
) -> list[Session]:
    """The sessions in the period (by their date), newest first; with TEAM, those at which
    someone of that team was present."""
    params: dict[str, Any] = {
        "start": start.isoformat() if start else "",
        "end": end.isoformat() if end else "\U0010ffff",
        "team": team,
    }
    return [_session(row) for row in store.query(_SESSIONS.format(only=""), params)]


def get_session(store: Store, session_id: str) -> Session:
    """The session with this (whole) id, as find_session gives it."""
    params = {"start": "", "end": "\U0010ffff", "team": None, "id": session_id}
    rows = store.query(_SESSIONS.format(only="AND a.session = :id"), params)
    if not rows:
        raise NotFound(
            _("no session with id {id}").format(id=repr(session_id)),
            _("run 'leerlog session list' to see the ids"),
        )
    return _session(rows[0])


def participants(store: Store, session_id: str) -> list[Participant]:
    """Everyone present, by name: their team and the id of their activity."""
    rows = store.query(
        "SELECT a.id, a.person, p.team FROM activities AS a"
        " LEFT JOIN people AS p ON p.name = a.person WHERE a.session = ?",
        (session_id,),
    )
    return sorted(
        (Participant(row["person"], row["team"], row["id"]) for row in rows), key=sort_key
    )


def delete_session(store: Store, session_id: str, actor: str) -> list[Activity]:
    """Remove every activity of the session as one journaled change; undo brings them back."""
    with store.change(actor, "delete") as change:
        rows = change.conn.execute(
            f"SELECT {COLUMNS} FROM activities WHERE session = ? ORDER BY person, id",
            (session_id,),
        ).fetchall()
        if not rows:
            raise NotFound(
                _("no session with id {id}").format(id=repr(session_id)),
                _("run 'leerlog session list' to see the ids"),
            )
        removed = [row_to_activity(row) for row in rows]
        for activity in removed:
            change.remove(activity)
    return removed


def own_texts(
    store: Store, where: str, params: list[Any], *, every: bool = False
) -> list[sqlite3.Row]:
    """The series, title and leader kept with each session that an activity WHERE selects (a
    query's ' WHERE ...' or '') belongs to, with its date and who logged it; with EVERY, also
    those whose activities are all deleted (kept for undo). The title (the leader) is None while
    one of its activities still has it as its title (its `with`): those speak for it."""
    chosen = f"SELECT session FROM activities{where or ' WHERE 1'} AND session IS NOT NULL"
    left = " OR s.id NOT IN (SELECT session FROM activities WHERE session IS NOT NULL)"
    return store.query(
        "SELECT s.id, s.date, s.created_by AS person, s.series,"
        " CASE WHEN EXISTS (SELECT 1 FROM activities a WHERE a.session = s.id"
        " AND a.title = s.title) THEN NULL ELSE s.title END AS title,"
        " CASE WHEN EXISTS (SELECT 1 FROM activities a WHERE a.session = s.id"
        ' AND a."with" = s.leader) THEN NULL ELSE s.leader END AS leader'
        f" FROM sessions s WHERE s.id IN ({chosen}){left if every else ''}",
        params,
    )
