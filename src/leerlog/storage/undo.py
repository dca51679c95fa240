"""Undo: take back a person's most recent change, each journal entry from the last to the first.

An import's entries hold no copy of the records (see storage.staging): what is known of an
imported record comes from the log itself and from the entries after it, and such entries are
taken back as one set, in a few statements for any number of rows.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from leerlog.domain.errors import Conflict, NothingToUndo
from leerlog.i18n import _
from leerlog.storage.journal import (
    ASSIGNMENTS,
    BARE,
    COLUMNS,
    FIELDS,
    FORGOTTEN,
    PERSON_ROW,
    PLACEHOLDERS,
    RECORD_JSON,
    Change,
    Undone,
    changed_meanwhile,
    load,
    now,
    params,
    put_person,
    restore_side,
    row_to_activity,
)

if TYPE_CHECKING:
    import sqlite3

    from leerlog.domain.models import Activity

_BARE_ENTRIES = f"journal.change_id = ? AND {BARE}"  # no other table here has before or after
# A bare entry whose record is gone, or was changed by a later entry that still stands.
_CHANGED = (
    f"SELECT journal.activity_id FROM journal WHERE {_BARE_ENTRIES}"
    " AND (NOT EXISTS (SELECT 1 FROM activities WHERE activities.id = journal.activity_id)"
    " OR EXISTS (SELECT 1 FROM journal AS later WHERE later.activity_id = journal.activity_id"
    " AND later.seq > journal.seq AND later.undone_at IS NULL))"
    " ORDER BY journal.seq DESC LIMIT 1"
)
_RECORD = ", ".join(f'activities."{field}"' for field in FIELDS)
_ONE = (
    f"SELECT {_RECORD} FROM journal JOIN activities ON activities.id = journal.activity_id"
    f" WHERE {_BARE_ENTRIES}"
)


def _take_back_imported(
    conn: sqlite3.Connection, change_id: str, *, dry_run: bool
) -> tuple[int, Activity | None]:
    """Take back CHANGE_ID's bare entries, refused when a change to a record since still stands
    (every change is journaled, and an undo restores the record exactly): how many, and the
    record when there is one alone.

    The entries keep the records from now on, as other entries do (an undone import's records
    are in no other place): SQLite composes each, so a million rows are never in memory.
    """
    changed = conn.execute(_CHANGED, (change_id,)).fetchone()
    if changed is not None:
        raise changed_meanwhile(changed["activity_id"])
    count = int(
        conn.execute(
            f"SELECT count(*) FROM journal WHERE {_BARE_ENTRIES}", (change_id,)
        ).fetchone()[0]
    )
    alone = None
    if count == 1:
        alone = row_to_activity(conn.execute(_ONE, (change_id,)).fetchone())
    if not dry_run and count:
        conn.execute(
            f"UPDATE journal SET after = (SELECT {RECORD_JSON} FROM activities"
            f" WHERE activities.id = journal.activity_id) WHERE {_BARE_ENTRIES}",
            (change_id,),
        )
        # Each of those entries now holds its record: its row goes (the entries of this
        # change that held one before were taken back, their rows are gone already).
        conn.execute(
            "DELETE FROM activities WHERE id IN (SELECT activity_id FROM journal"
            " WHERE change_id = ? AND before IS NULL)",
            (change_id,),
        )
    return count, alone


def _restore_person(
    conn: sqlite3.Connection, before: dict[str, Any] | None, after: dict[str, Any] | None
) -> None:
    """Give the people row of a journal entry its state BEFORE: as it was, or gone."""
    if before is None:
        assert after is not None
        conn.execute("DELETE FROM people WHERE name = ?", (after["person"],))
    else:
        put_person(conn, before)


def _no_later_activities(conn: sqlite3.Connection, name: str, change_id: str) -> None:
    """A person a rename brought in goes again only if no activity of theirs came since."""
    later = conn.execute(
        "SELECT id FROM activities WHERE person = ?"
        " AND id NOT IN (SELECT activity_id FROM journal WHERE change_id = ?) LIMIT 1",
        (name, change_id),
    ).fetchone()
    if later is not None:
        raise Conflict(
            _(
                "{name} has activities logged after the rename, such as {id}; nothing was changed"
            ).format(name=repr(name), id=later["id"][:8]),
            _("move or delete those first"),
        )


def undo(conn: sqlite3.Connection, actor: str, *, dry_run: bool = False) -> Undone:
    """Take back ACTOR's most recent change that has not been undone yet (inside a transaction).

    dry_run: make the same checks and say what would be taken back, and change nothing.
    """
    check = Change(conn, actor, "undo")
    last = conn.execute(
        "SELECT change_id, action FROM journal WHERE actor = ? AND undone_at IS NULL"
        " AND change_id NOT IN (SELECT change_id FROM pending_imports)"
        " ORDER BY seq DESC LIMIT 1",
        (actor,),
    ).fetchone()
    if last is None or actor == FORGOTTEN:  # nobody takes back a forgotten person's changes
        raise NothingToUndo(
            _("nothing to undo for {person}").format(person=actor),
            _("undo takes back your own changes"),
        )
    change_id = last["change_id"]
    entries = conn.execute(
        "SELECT seq, activity_id, before, after FROM journal WHERE change_id = ?"
        f" AND NOT ({BARE}) ORDER BY seq DESC",
        (change_id,),
    ).fetchall()
    restored: list[Activity] = []
    names: dict[str, str] = {}  # of a rename: "old" and "new"
    for entry in entries:
        if entry["activity_id"] == PERSON_ROW:
            row_before, row_after = (
                None if text is None else json.loads(text)
                for text in (entry["before"], entry["after"])
            )
            if row_after is None:
                names["old"] = row_before["person"]
            else:
                names["new"] = row_after["person"]
                if row_before is None:
                    _no_later_activities(conn, row_after["person"], change_id)
            if not dry_run:
                _restore_person(conn, row_before, row_after)
            continue
        before, after = load(entry["before"]), load(entry["after"])
        check.expect(entry["activity_id"], after)
        subject = before if before is not None else after
        assert subject is not None  # an entry that is not bare holds a record
        restored.append(subject)
        if dry_run:
            continue
        restore_side(conn, entry["activity_id"], entry["before"], entry["after"])
        if before is None:
            conn.execute("DELETE FROM activities WHERE id = ?", (entry["activity_id"],))
        elif after is None:
            conn.execute(
                f"INSERT INTO activities ({COLUMNS}) VALUES ({PLACEHOLDERS})",
                params(before),
            )
        else:
            conn.execute(f"UPDATE activities SET {ASSIGNMENTS} WHERE id = :id", params(before))
    # After the others: the journal rows this change kept records in are not bare any more.
    count, alone = _take_back_imported(conn, change_id, dry_run=dry_run)
    if alone is not None and not restored:
        restored, count = [alone], 0
    if not dry_run:
        conn.execute("UPDATE journal SET undone_at = ? WHERE change_id = ?", (now(), change_id))
    renamed = (names["old"], names["new"]) if len(names) == 2 else None
    return Undone(last["action"], tuple(reversed(restored)), renamed, count)
