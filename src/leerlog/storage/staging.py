"""An import's rows, staged until one short transaction publishes them all, as one change.

The rows wait in a table of the connection's private temporary database (SQLite's TEMP
schema): writing there takes no lock on the log, and SQLite deletes that file as soon as it has
opened it, so staged rows end with the process that staged them, however it ends.

Their journal entries (the bulk of what an import writes: each row's JSON) go to the log in
slices of SLICE rows, each its own short transaction, under a change id listed in
pending_imports: undo passes over such a change, and nobody reads the journal otherwise. The
last transaction checks again what others stored meanwhile, inserts the activities and takes
the change off the list. So the rows appear all at once, and one undo takes them back.

A killed import leaves journal entries under a pending change id. The process that wrote them
is named in pending_imports by host, pid and start time (WAL files are only ever used on one
host); a writer opening the log clears, in slices, those of processes that no longer run.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from leerlog.domain.errors import DatabaseBusy, DatabaseError
from leerlog.i18n import _
from leerlog.storage.db import broken, transaction
from leerlog.storage.journal import COLUMNS, FIELDS, Change, tags_json

STAGE = "temp.import_stage"
SLICE = 20_000  # journal entries per transaction; some 0.1 s of lock each
# The natural key: an import skips a record without an id when one with this key exists.
KEY = ("person", "date", "category", "minutes", "title")
_KEY_MATCH = " AND ".join(f"a.{name} = s.{name}" for name in KEY)
_KEY_LOOKUP = " AND ".join(f"{name} = ?" for name in KEY)
_STAGED_COLUMNS = ", ".join(f's."{field}"' for field in FIELDS)
_BOTH = ", ".join(f'a."{field}"' for field in FIELDS)

# Whether a stored record and a staged one with its id are the same (then the staged one is
# skipped), given whether the import carried created_at.
Same = Callable[[dict[str, Any], dict[str, Any], bool], bool]


def _record(values: tuple[Any, ...]) -> dict[str, Any]:
    record = dict(zip(FIELDS, values, strict=True))
    record["tags"] = json.loads(record["tags"])
    return record


def _started(pid: int) -> str:
    """When process PID started (boot id and clock ticks, from /proc), or '' where unknown."""
    try:
        boot = Path("/proc/sys/kernel/random/boot_id").read_text().strip()
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return f"{boot}/{fields[19]}"
    except (OSError, IndexError):
        return ""


def _alive(host: str, pid: int, started: str) -> bool:
    """Whether the process that wrote a pending import may still run; unsure means yes."""
    if host != socket.gethostname():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process with that pid exists
        pass
    return not started or _started(pid) in ("", started)


def clear_dead(conn: sqlite3.Connection, path: Path) -> None:
    """Remove, in slices, the journal entries of imports whose process no longer runs.

    Housekeeping: when others keep the file too busy, it waits for the next writer.
    """
    try:
        pending = conn.execute("SELECT change_id, host, pid, started FROM pending_imports")
        rows = pending.fetchall()
    except sqlite3.Error as error:
        raise broken(error, path) from None
    try:
        for change_id, host, pid, started in rows:
            if not _alive(host, pid, started):
                _drop(conn, path, change_id)
    except DatabaseBusy:
        return


def _drop(conn: sqlite3.Connection, path: Path, change_id: str) -> None:
    while True:
        with transaction(conn, path):
            gone = conn.execute(
                "DELETE FROM journal WHERE seq IN"
                " (SELECT seq FROM journal WHERE change_id = ? LIMIT ?)",
                (change_id, SLICE),
            ).rowcount
            if not gone:
                conn.execute("DELETE FROM pending_imports WHERE change_id = ?", (change_id,))
                return


class Staging:
    """The staged rows of one import, on the connection that will publish them."""

    def __init__(self, change: Change, path: Path, stamp: str, cache_kib: int) -> None:
        self.change, self.conn, self.path, self.stamp = change, change.conn, path, stamp
        self.slice = 0  # rows staged since are in this slice, not journaled yet
        self.pending = False  # whether the log lists this import as pending
        self.skipped = 0  # staged rows found in the log after all, when their slice was written
        conn = self.conn
        # Pages are taken as they are needed; the temporary database goes with the connection.
        conn.execute(f"PRAGMA temp.cache_size=-{int(cache_kib)}")
        conn.execute(f"DROP TABLE IF EXISTS {STAGE}")
        conn.execute(
            f"""CREATE TABLE {STAGE} (
                id TEXT PRIMARY KEY, row INTEGER NOT NULL, given INTEGER NOT NULL,
                keep_created INTEGER NOT NULL, {", ".join(f'"{f}"' for f in FIELDS[1:])},
                after TEXT NOT NULL, slice INTEGER NOT NULL
            )"""
        )
        conn.execute(f"CREATE INDEX temp.import_stage_key ON import_stage ({', '.join(KEY)})")
        conn.execute("CREATE INDEX temp.import_stage_slice ON import_stage (slice)")

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

    def add(self, rows: list[tuple[int, bool, bool, dict[str, Any], str]], journal: bool) -> None:
        """Stage (row number, id given, created_at given, JSON-ready record, its journal JSON).

        journal: write the journal slice once it is full (not for an import that will be
        refused anyway).
        """
        self.conn.execute("BEGIN")  # only the temporary database is written
        try:
            self.conn.executemany(
                f"INSERT INTO {STAGE} VALUES ({', '.join('?' * (len(FIELDS) + 5))})",
                [
                    (
                        record["id"], number, given, keep, *(record[f] for f in FIELDS[1:8]),
                        tags_json(record["tags"]), *(record[f] for f in FIELDS[9:]), after,
                        self.slice,
                    )
                    for number, given, keep, record, after in rows
                ],
            )  # fmt: skip
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        if journal and self._in_slice() >= SLICE:
            with transaction(self.conn, self.path):
                self._write_slice()

    def _in_slice(self) -> int:
        query = f"SELECT count(*) FROM {STAGE} WHERE slice = ?"
        return int(self.conn.execute(query, (self.slice,)).fetchone()[0])

    def _write_slice(self) -> None:
        """Inside a write transaction: the current slice's journal entries, under a pending id."""
        conn, change = self.conn, self.change
        # What the log holds already needs no journal entry; skipped, counted when published.
        self.skipped += conn.execute(
            f"""DELETE FROM {STAGE} AS s WHERE slice = ? AND given = 0
                AND EXISTS (SELECT 1 FROM main.activities AS a WHERE {_KEY_MATCH})""",
            (self.slice,),
        ).rowcount
        if not self._in_slice():
            return  # nothing written: an import of rows the log has leaves it byte for byte
        if not self.pending:
            pid = os.getpid()
            conn.execute(
                "INSERT INTO pending_imports (change_id, actor, host, pid, started, at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (change.change_id, change.actor, socket.gethostname(), pid, _started(pid),
                 self.stamp),
            )  # fmt: skip
            self.pending = True
        conn.execute(
            "INSERT INTO journal (change_id, actor, action, activity_id, before, after, at)"
            f" SELECT ?, ?, ?, id, NULL, after, ? FROM {STAGE} WHERE slice = ? ORDER BY id",
            (change.change_id, change.actor, change.action, self.stamp, self.slice),
        )
        self.slice += 1

    def publish(self, same: Same) -> tuple[int, int, list[tuple[int, str]]]:
        """Inside the last write transaction: (added, skipped, clashes (row number, id)).

        Checks again, set-wise, what others stored since a slice was written: a record without
        an id whose natural key is in the log now is skipped, and so is one whose id is stored
        with the same content; an id stored with other content is a clash, left out.
        """
        conn, change_id = self.conn, self.change.change_id
        self._write_slice()
        if not self.pending:
            return 0, self.skipped, []  # every row was in the log already
        if not conn.execute(
            "SELECT 1 FROM pending_imports WHERE change_id = ?", (change_id,)
        ).fetchone():
            raise DatabaseError(
                _("the import was disturbed (its journal entries were removed); nothing changed"),
                _("import the file again"),
            )
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS import_gone (id TEXT PRIMARY KEY)")
        conn.execute("DELETE FROM temp.import_gone")
        skipped = (
            self.skipped
            + conn.execute(
                f"""INSERT INTO temp.import_gone SELECT s.id FROM {STAGE} AS s WHERE given = 0
                AND EXISTS (SELECT 1 FROM main.activities AS a WHERE {_KEY_MATCH})"""
            ).rowcount
        )
        clashes: list[tuple[int, str]] = []
        taken = conn.execute(
            f"""SELECT s.row, s.keep_created, {_STAGED_COLUMNS}, {_BOTH}
                FROM {STAGE} AS s JOIN main.activities AS a ON a.id = s.id"""
        ).fetchall()
        for found in taken:
            values = tuple(found)
            staged = _record(values[2 : 2 + len(FIELDS)])
            if same(_record(values[2 + len(FIELDS) :]), staged, bool(found["keep_created"])):
                skipped += 1
            else:
                clashes.append((found["row"], staged["id"]))
            conn.execute("INSERT OR IGNORE INTO temp.import_gone VALUES (?)", (staged["id"],))
        conn.execute(
            "DELETE FROM journal WHERE change_id = ? AND activity_id IN"
            " (SELECT id FROM temp.import_gone)",
            (change_id,),
        )
        conn.execute(f"DELETE FROM {STAGE} WHERE id IN (SELECT id FROM temp.import_gone)")
        staged = int(conn.execute(f"SELECT count(*) FROM {STAGE}").fetchone()[0])
        journaled = conn.execute("SELECT count(*) FROM journal WHERE change_id = ?", (change_id,))
        if int(journaled.fetchone()[0]) != staged:
            raise DatabaseError(
                _("the import was disturbed (its journal entries were removed); nothing changed"),
                _("import the file again"),
            )
        conn.execute(
            "INSERT OR IGNORE INTO people (name, team, created_at)"
            f" SELECT DISTINCT person, NULL, ? FROM {STAGE}",
            (self.stamp,),
        )
        # In id order: the order of the index the rows land in most randomly.
        added = conn.execute(
            f"INSERT INTO activities ({COLUMNS}) SELECT {_STAGED_COLUMNS} FROM {STAGE} AS s"
            " ORDER BY id"
        ).rowcount
        conn.execute("DELETE FROM pending_imports WHERE change_id = ?", (change_id,))
        self.pending = False
        return added, skipped, clashes

    def close(self) -> None:
        """Drop the staged rows, and the journal entries of an import that was not published."""
        self.conn.execute(f"DROP TABLE IF EXISTS {STAGE}")
        if self.pending:
            self.pending = False
            _drop(self.conn, self.path, self.change.change_id)
