"""An import's rows, staged outside the shared file until one short transaction publishes them.

The rows of an import wait in a table of the connection's private temporary database (SQLite's
TEMP schema). Writing there takes no lock on the log, so reading, checking and staging a large
file keeps no other writer waiting; other people see none of the rows until `publish` stores
them all in one transaction, journaled as one change, so undo takes them back together.

A killed import leaves nothing to clear: SQLite deletes the temporary database's file as soon
as it has opened it, so the staged rows end with the process that staged them, whatever kills
it, and no other process ever has to tell a dead import from a running one.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from typing import Any

from leerlog.storage.journal import COLUMNS, FIELDS, Change, tags_json

STAGE = "temp.import_stage"
# The natural key: an import skips a record without an id when one with this key exists.
KEY = ("person", "date", "category", "minutes", "title")
_KEY_MATCH = " AND ".join(f"a.{name} = s.{name}" for name in KEY)
_KEY_LOOKUP = " AND ".join(f"{name} = ?" for name in KEY)
_STAGED_COLUMNS = ", ".join(f's."{field}"' for field in FIELDS)

# Decides, for a record with an id that someone stored while the import was staged, whether it
# is the same record (then skipped) or a clash (returns the problem's reason).
Clash = Callable[[dict[str, Any], dict[str, Any], bool], bool]


def _record(values: tuple[Any, ...]) -> dict[str, Any]:
    record = dict(zip(FIELDS, values, strict=True))
    record["tags"] = json.loads(record["tags"])
    return record


class Staging:
    """The staged rows of one import, on the connection that will publish them."""

    def __init__(self, conn: sqlite3.Connection, cache_kib: int) -> None:
        self.conn = conn
        # Pages are taken as they are needed; the temporary database goes with the connection.
        conn.execute(f"PRAGMA temp.cache_size=-{int(cache_kib)}")
        conn.execute(f"DROP TABLE IF EXISTS {STAGE}")
        conn.execute(
            f"""CREATE TABLE {STAGE} (
                id TEXT PRIMARY KEY, row INTEGER NOT NULL, given INTEGER NOT NULL,
                keep_created INTEGER NOT NULL, {", ".join(f'"{f}"' for f in FIELDS[1:])},
                after TEXT NOT NULL
            )"""
        )
        conn.execute(f"CREATE INDEX temp.import_stage_key ON import_stage ({', '.join(KEY)})")

    def close(self) -> None:
        self.conn.execute(f"DROP TABLE IF EXISTS {STAGE}")

    def stored(self, ids: list[str]) -> dict[str, sqlite3.Row]:
        """The activities the log or this import already holds among IDS (at most 32766)."""
        if not ids:
            return {}
        marks = ", ".join("?" * len(ids))
        found: dict[str, sqlite3.Row] = {}
        for table in (STAGE, "main.activities"):
            rows = self.conn.execute(
                f"SELECT {COLUMNS} FROM {table} WHERE id IN ({marks})", ids
            ).fetchall()
            found.update((row["id"], row) for row in rows)
        return found

    def has_key(self, record: dict[str, Any]) -> bool:
        """Whether this import has staged a record with RECORD's natural key (an index lookup)."""
        found = self.conn.execute(
            f"SELECT 1 FROM {STAGE} WHERE {_KEY_LOOKUP} LIMIT 1",
            [record[name] for name in KEY],
        ).fetchone()
        return found is not None

    def add(self, rows: list[tuple[int, bool, bool, dict[str, Any], str]]) -> None:
        """Stage (row number, id given, created_at given, JSON-ready record, its journal JSON)."""
        self.conn.execute("BEGIN")  # only the temporary database is written
        try:
            self.conn.executemany(
                f"INSERT INTO {STAGE} VALUES ({', '.join('?' * (len(FIELDS) + 4))})",
                [
                    (
                        record["id"],
                        number,
                        given,
                        keep,
                        *(record[f] for f in FIELDS[1:8]),
                        tags_json(record["tags"]),
                        *(record[f] for f in FIELDS[9:]),
                        after,
                    )
                    for number, given, keep, record, after in rows
                ],
            )
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    def count(self) -> int:
        return int(self.conn.execute(f"SELECT count(*) FROM {STAGE}").fetchone()[0])

    def publish(
        self, change: Change, stamp: str, same: Clash
    ) -> tuple[int, int, list[tuple[int, str]]]:
        """Store the staged rows in CHANGE's transaction: (added, skipped, clashes).

        Checks again what others stored while the import was staged, set-wise so that no check
        is repeated per row: a record without an id whose natural key is in the log now is
        skipped, and so is one whose id is stored with the same content; an id stored with other
        content is a clash (row number, id), left out.
        """
        conn = change.conn
        skipped = conn.execute(
            f"""DELETE FROM {STAGE} AS s WHERE given = 0
                AND EXISTS (SELECT 1 FROM main.activities AS a WHERE {_KEY_MATCH})"""
        ).rowcount
        clashes: list[tuple[int, str]] = []
        taken = conn.execute(
            f"""SELECT s.row, s.keep_created, {_STAGED_COLUMNS}, {", ".join(f'a."{f}"' for f in FIELDS)}
                FROM {STAGE} AS s JOIN main.activities AS a ON a.id = s.id"""
        ).fetchall()
        for found in taken:
            values = tuple(found)
            staged = _record(values[2 : 2 + len(FIELDS)])
            stored = _record(values[2 + len(FIELDS) :])
            if same(stored, staged, bool(found["keep_created"])):
                skipped += 1
            else:
                clashes.append((found["row"], staged["id"]))
            conn.execute(f"DELETE FROM {STAGE} WHERE id = ?", (staged["id"],))
        # In id order, the order of the two indexes the rows land in most randomly.
        conn.execute(
            "INSERT INTO journal (change_id, actor, action, activity_id, before, after, at)"
            f" SELECT ?, ?, ?, id, NULL, after, ? FROM {STAGE} ORDER BY id",
            (change.change_id, change.actor, change.action, stamp),
        )
        conn.execute(
            "INSERT OR IGNORE INTO people (name, team, created_at)"
            f" SELECT DISTINCT person, NULL, ? FROM {STAGE}",
            (stamp,),
        )
        added = conn.execute(
            f"INSERT INTO activities ({COLUMNS}) SELECT {_STAGED_COLUMNS} FROM {STAGE} AS s"
            " ORDER BY id"
        ).rowcount
        return added, skipped, clashes
