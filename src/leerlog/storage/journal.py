"""The journaled changes to activities (and a rename's people rows), and undo: the journal entry
is written before the change."""

from __future__ import annotations

import datetime as dt
import json
import operator
import sqlite3
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from leerlog.domain.errors import Conflict
from leerlog.i18n import _

if TYPE_CHECKING:
    # Imported where records are built: reports read through this module without needing it.
    from leerlog.domain.models import Activity

FIELDS = (
    "id", "person", "date", "category", "type", "minutes", "title",
    "with", "tags", "reflection", "created_at", "updated_at", "session", "accreditation",
)  # fmt: skip
COLUMNS = ", ".join(f'"{field}"' for field in FIELDS)
PLACEHOLDERS = ", ".join(f":{field}" for field in FIELDS)
POSITIONS = ", ".join("?" * len(FIELDS))
ASSIGNMENTS = ", ".join(f'"{field}" = :{field}' for field in FIELDS[1:])
# The actor of the changes a forgotten person made to other people's records (people forget).
FORGOTTEN = "(forgotten)"
# The activity_id of a journal entry about a row of the people table (a rename moves those): no
# activity's id is empty. Its before and after hold the row as {"person", "team", "created_at"},
# under the key an activity's entry uses, so `people forget` finds it as it finds those.
PERSON_ROW = ""


def now() -> str:
    """A UTC timestamp in ISO 8601, to the millisecond."""
    stamp = dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")
    return stamp.replace("+00:00", "Z")


def new_id() -> str:
    return str(uuid.uuid4())


# json.dumps(value, ensure_ascii=False) makes a new encoder on every call; bulk writes reuse one.
JSON = json.JSONEncoder(ensure_ascii=False)
# A journal entry that holds no record at all: an import's (see storage.staging), until its undo
# fills in `after` from the log.
BARE = "before IS NULL AND after IS NULL"
_VALUES = operator.itemgetter(*FIELDS)
_TAGS = FIELDS.index("tags")


def _json_value(field: str) -> str:
    # json_quote escapes as the encoder does (ensure_ascii=False); tags are stored as JSON.
    return '"tags"' if field == "tags" else f'json_quote("{field}")'


# An activities row as the journal's JSON record, composed by SQLite: the same text as
# JSON.encode(activity.as_json()) for the record leerlog stored (tests/storage hold it to that).
RECORD_JSON = (
    "'{' || "
    + " || ', ' || ".join(f"'\"{field}\": ' || {_json_value(field)}" for field in FIELDS)
    + " || '}'"
)


def tags_json(tags: list[str] | tuple[str, ...]) -> str:
    """The tags column: a JSON array, as json.dumps(tags, ensure_ascii=False) writes it."""
    return JSON.encode(tags) if tags else "[]"


def params(activity: Activity | dict[str, Any]) -> dict[str, Any]:
    """SQL parameters from a record (or its JSON-ready dict): tags are stored as a JSON array."""
    data = dict(activity if isinstance(activity, dict) else activity.as_json())
    data["tags"] = tags_json(data["tags"])
    return data


def values(record: dict[str, Any]) -> list[Any]:
    """params() as a list in FIELDS order, for the positional INSERT of bulk writes."""
    row = list(_VALUES(record))
    row[_TAGS] = tags_json(row[_TAGS])
    return row


def row_to_activity(row: sqlite3.Row | dict[str, Any]) -> Activity:
    data = dict(row)
    tags = data["tags"]
    data["tags"] = () if tags == "[]" else json.loads(tags)  # most have none: skip the parser
    from leerlog.domain.models import Activity

    return Activity.model_validate(data)


@dataclass(frozen=True)
class Undone:
    """What undo took back (or, for a dry run, would take back)."""

    action: str
    activities: tuple[Activity, ...]
    renamed: tuple[str, str] | None = None  # (old, new) when the change was a rename
    # Imported records taken back besides ACTIVITIES, counted only (an import of a million
    # rows is not read into memory to be counted); one such record alone is in ACTIVITIES.
    more: int = 0


def person_row(row: sqlite3.Row | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {"person": row["name"], "team": row["team"], "created_at": row["created_at"]}


def encoded(record: dict[str, Any] | None) -> str | None:
    return None if record is None else JSON.encode(record)


@dataclass(frozen=True)
class Entry:
    """One journaled change to one activity, as `leerlog show` tells its history.

    before and after are the record as JSON-ready dicts (None before an add, after a delete),
    with whatever fields the leerlog that wrote the entry knew.
    """

    action: str
    actor: str
    at: str
    undone_at: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    def changes(self) -> list[tuple[str, Any, Any]]:
        """(field, old, new) for every field an edit changed; updated_at is the entry's own time."""
        if self.before is None or self.after is None:
            return []
        keys = dict.fromkeys([*self.after, *self.before])
        return [
            (key, self.before.get(key), self.after.get(key))
            for key in keys
            if key != "updated_at" and self.before.get(key) != self.after.get(key)
        ]

    def as_json(self) -> dict[str, Any]:
        """The entry as data: who did what when, and for an edit each field's old and new value."""
        return {
            "action": self.action,
            "actor": self.actor,
            "at": self.at,
            "undone_at": self.undone_at,
            "changes": [{"field": k, "old": old, "new": new} for k, old, new in self.changes()],
        }


def history(conn: sqlite3.Connection, activity_id: str) -> list[Entry]:
    """Every journaled change to ACTIVITY_ID, oldest first; a running import's are not yet."""
    rows = conn.execute(
        "SELECT action, actor, at, undone_at, before, after FROM journal WHERE activity_id = ?"
        " AND change_id NOT IN (SELECT change_id FROM pending_imports) ORDER BY seq",
        (activity_id,),
    ).fetchall()
    return [
        Entry(
            row["action"],
            row["actor"],
            row["at"],
            row["undone_at"],
            None if row["before"] is None else json.loads(row["before"]),
            None if row["after"] is None else json.loads(row["after"]),
        )
        for row in rows
    ]


# State kept beside an activity that a journal entry may carry under these keys, besides the
# record's fields: "evidence", the ids of its evidence files shown at that moment, and
# "reflection_parts", its structured reflection ({"template", "parts", "reflection"}) or None.
SIDE_STATE = ("evidence", "reflection_parts")


def restore_side(
    conn: sqlite3.Connection, activity_id: str, before: str | None, after: str | None
) -> None:
    """Give the side state a journal entry names the state it had BEFORE the change."""
    old, new = ({} if text is None else json.loads(text) for text in (before, after))
    if "evidence" in old or "evidence" in new:
        shown = old.get("evidence") or []
        conn.execute(
            "UPDATE evidence SET removed_at = CASE WHEN id IN (SELECT value FROM json_each(?))"
            " THEN NULL ELSE coalesce(removed_at, ?) END WHERE activity_id = ?",
            (JSON.encode(shown), now(), activity_id),
        )
    if "reflection_parts" in old or "reflection_parts" in new:
        parts = old.get("reflection_parts")
        if parts is None:
            conn.execute("DELETE FROM reflections WHERE activity_id = ?", (activity_id,))
        else:
            conn.execute(
                "INSERT OR REPLACE INTO reflections (activity_id, template, parts, reflection)"
                " VALUES (?, ?, ?, ?)",
                (activity_id, parts["template"], JSON.encode(parts["parts"]), parts["reflection"]),
            )


def changed_meanwhile(activity_id: str) -> Conflict:
    return Conflict(
        _("activity {id} was changed in the meantime; nothing was changed").format(
            id=activity_id[:8]
        ),
        _("run 'leerlog list' to see its current state"),
    )


def load(text: str | None) -> Activity | None:
    from leerlog.domain.models import Activity

    return None if text is None else Activity.model_validate(json.loads(text))


class Change:
    """The writes of one journaled change, inside its transaction; the journal comes first."""

    def __init__(self, conn: sqlite3.Connection, actor: str, action: str) -> None:
        self.conn = conn
        self.actor = actor
        self.action = action
        self.change_id = new_id()

    def current(self, activity_id: str) -> Activity | None:
        row = self.conn.execute(
            f"SELECT {COLUMNS} FROM activities WHERE id = ?", (activity_id,)
        ).fetchone()
        return None if row is None else row_to_activity(row)

    def current_rows(self, activity_ids: list[str]) -> dict[str, sqlite3.Row]:
        """The stored rows among ACTIVITY_IDS (at most SQLite's 32766 variables), by id."""
        if not activity_ids:
            return {}
        marks = ", ".join("?" * len(activity_ids))
        rows = self.conn.execute(
            f"SELECT {COLUMNS} FROM activities WHERE id IN ({marks})", activity_ids
        ).fetchall()
        return {row["id"]: row for row in rows}

    def expect(self, activity_id: str, expected: Activity | None) -> None:
        """Refuse to write over a change someone else made in the meantime."""
        if self.current(activity_id) != expected:
            raise changed_meanwhile(activity_id)

    def _journal(
        self,
        before: Activity | None,
        after: Activity | None,
        side: tuple[dict[str, Any], dict[str, Any]] = ({}, {}),
    ) -> None:
        """Journal one activity's change; SIDE adds the state beside it (see SIDE_STATE)."""
        subject = after if after is not None else before
        assert subject is not None
        self.conn.execute(
            "INSERT INTO journal (change_id, actor, action, activity_id, before, after, at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                self.change_id,
                self.actor,
                self.action,
                subject.id,
                None if before is None else JSON.encode({**before.as_json(), **side[0]}),
                None if after is None else JSON.encode({**after.as_json(), **side[1]}),
                now(),
            ),
        )

    def side_change(
        self, activity: Activity, before: dict[str, Any], after: dict[str, Any]
    ) -> None:
        """Journal a change beside ACTIVITY (see SIDE_STATE) as an edit of the same record."""
        self.expect(activity.id, activity)
        self._journal(activity, activity, (before, after))

    def _ensure_person(self, name: str, team: str | None) -> None:
        self.conn.execute(
            "INSERT OR IGNORE INTO people (name, team, created_at) VALUES (?, ?, ?)",
            (name, team, now()),
        )

    def insert(self, activity: Activity, team: str | None = None) -> None:
        self.insert_many([activity.as_json()], team)

    def insert_many(self, records: list[dict[str, Any]], team: str | None = None) -> None:
        """Insert JSON-ready records (already validated), journal first, in three statements."""
        stamp = now()
        self.conn.executemany(
            "INSERT INTO journal (change_id, actor, action, activity_id, before, after, at)"
            " VALUES (?, ?, ?, ?, NULL, ?, ?)",
            [
                (
                    self.change_id,
                    self.actor,
                    self.action,
                    r["id"],
                    JSON.encode(r),
                    stamp,
                )
                for r in records
            ],
        )
        self.conn.executemany(
            "INSERT OR IGNORE INTO people (name, team, created_at) VALUES (?, ?, ?)",
            [(person, team, stamp) for person in dict.fromkeys(r["person"] for r in records)],
        )
        self.conn.executemany(
            f"INSERT INTO activities ({COLUMNS}) VALUES ({POSITIONS})",
            [values(r) for r in records],
        )

    def update(self, before: Activity, after: Activity) -> None:
        self.expect(before.id, before)
        self._journal(before, after)
        self._ensure_person(after.person, None)
        self.conn.execute(f"UPDATE activities SET {ASSIGNMENTS} WHERE id = :id", params(after))

    def remove(self, activity: Activity) -> None:
        self.expect(activity.id, activity)
        self._journal(activity, None)
        self.conn.execute("DELETE FROM activities WHERE id = ?", (activity.id,))


def put_person(conn: sqlite3.Connection, row: dict[str, Any]) -> None:
    conn.execute(
        "INSERT INTO people (name, team, created_at) VALUES (:person, :team, :created_at)"
        " ON CONFLICT (name) DO UPDATE SET team = excluded.team, created_at = excluded.created_at",
        row,
    )
