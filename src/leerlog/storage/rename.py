"""A rename of a person: every record of OLD moved to NEW in one journaled change."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from leerlog.domain.errors import DataProblem
from leerlog.domain.text import MAX_WITH, too_long
from leerlog.domain.words import folded, renamed_in
from leerlog.i18n import _
from leerlog.storage.journal import (
    ASSIGNMENTS,
    COLUMNS,
    PERSON_ROW,
    Change,
    encoded,
    now,
    params,
    person_row,
    put_person,
)


@dataclass(frozen=True)
class Renamed:
    """What a rename moved."""

    old: str
    new: str
    merged: bool  # NEW was in the file already
    moved: int  # OLD's activities, now NEW's
    mentioned: int  # other people's activities whose `with` named OLD and now names NEW
    team: str | None  # NEW's team now
    dropped_team: str | None  # OLD's team, when NEW kept another team of its own


def rename(change: Change, old: str, new: str) -> Renamed:
    """Move every record of OLD to NEW, merging into NEW when the file has NEW already (NEW
    keeps its team, or takes OLD's when it has none): OLD's activities, the `with` of the
    activities that name OLD, and the people row. The journal keeps NEW's row as it was
    first, then the activities, then OLD's row: undo walks back, so OLD is a person again
    before their activities return, and NEW's row goes (if the rename made it) once they
    have. The functions of storage.queries must be on the connection."""
    found = change.conn.execute(
        "SELECT name, team, created_at FROM people WHERE name IN (?, ?)", (old, new)
    ).fetchall()
    rows = {row["name"]: person_row(row) for row in found}
    source, target = rows.get(old), rows.get(new)
    if source is None:  # gone since the command looked
        raise DataProblem(_("nobody called {value} in this log").format(value=repr(old)))
    # A running timer is not journaled, so undo could not move it back: it is settled first.
    if change.conn.execute("SELECT 1 FROM timers WHERE person = ?", (old,)).fetchone():
        raise DataProblem(
            _("{name} has a timer running; nothing was changed").format(name=repr(old)),
            _("stop it with 'leerlog stop' or remove it with 'leerlog cancel' first"),
        )
    # Registrations are not journaled either: a rename that moved one could not be undone.
    if change.conn.execute("SELECT 1 FROM registrations WHERE person = ?", (old,)).fetchone():
        raise DataProblem(
            _("{name} has a register registration; nothing was changed").format(name=repr(old)),
            _("remove it with 'leerlog register remove', rename, then set it again"),
        )
    team = source["team"] if target is None or target["team"] is None else target["team"]
    joined = {"person": new, "team": team, "created_at": (target or source)["created_at"]}
    stamp = now()
    entries: list[tuple[str, dict[str, Any] | None, dict[str, Any] | None]] = []
    entries.append((PERSON_ROW, target, joined))
    moved = mentioned = 0
    selected = change.conn.execute(
        f"SELECT {COLUMNS} FROM activities"
        ' WHERE person = ? OR ("with" IS NOT NULL AND leerlog_names("with", ?))',
        (old, folded(old)),
    ).fetchall()
    for row in selected:
        before = dict(row)
        before["tags"] = json.loads(before["tags"])
        after = {**before, "updated_at": stamp}
        if before["with"] is not None:
            after["with"] = renamed_in(before["with"], old, new)
            if after["with"] != before["with"]:
                _fits(after)
        if before["person"] == old:
            after["person"] = new
            moved += 1
        elif after["with"] != before["with"]:
            mentioned += 1
        else:
            continue
        entries.append((before["id"], before, after))
    entries.append((PERSON_ROW, source, None))
    change.conn.executemany(
        "INSERT INTO journal (change_id, actor, action, activity_id, before, after, at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (
                change.change_id,
                change.actor,
                change.action,
                key,
                encoded(was),
                encoded(will),
                stamp,
            )
            for key, was, will in entries
        ],
    )
    put_person(change.conn, joined)
    change.conn.executemany(
        f"UPDATE activities SET {ASSIGNMENTS} WHERE id = :id",
        [params(after) for key, _before, after in entries if key != PERSON_ROW],
    )
    change.conn.execute("DELETE FROM people WHERE name = ?", (old,))
    kept = target is not None and target["team"] not in (None, source["team"])
    dropped = source["team"] if kept else None
    return Renamed(old, new, target is not None, moved, mentioned, team, dropped)


def _fits(record: dict[str, Any]) -> None:
    problem = too_long(record["with"], MAX_WITH)
    if problem is not None:
        raise DataProblem(
            _("the new name makes the 'with' of activity {id} too long: it {problem}").format(
                id=record["id"][:8], problem=problem
            ),
            _("shorten it first with 'leerlog edit {id} --with ...'").format(id=record["id"][:8]),
        )
