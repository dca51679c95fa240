"""An import's rows, staged until one transaction publishes them all, as one change.

The rows wait in a private temporary database attached to the connection (an empty name:
SQLite deletes its file as soon as it has opened it), in one transaction of that database:
writing there takes no lock on the log, staged rows end with the process that staged them,
however it ends, and detaching the database drops them at once. A row whose id was staged
before it is held to that first row once the staging is done. The last transaction checks
again what others stored meanwhile, writes the journal (one small entry per row: the import's
change and the row's id, no copy of the record; see storage.undo) and inserts the activities.
So the rows appear all at once, and one undo takes them back.

Imports of the earlier release wrote their journal entries in slices before publishing, under
a change id listed in pending_imports by host, pid and start time. A killed one leaves those
entries behind; a writer opening the log clears, in slices, those of processes that no longer
run (WAL files are only ever used on one host).
"""

from __future__ import annotations

import contextlib
import json
import operator
import os
import socket
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from leerlog.domain.errors import DatabaseBusy
from leerlog.storage.db import broken, busy_timeout, transaction
from leerlog.storage.journal import COLUMNS, FIELDS, Change, tags_json

SCHEMA = "leerlog_stage"
STAGE = f"{SCHEMA}.import_stage"
SLICE = 20_000  # leftover journal entries cleared per transaction; some 0.1 s of lock each
# The natural key: an import skips a record without an id when one with this key exists.
KEY = ("person", "date", "category", "minutes", "title")
_KEY_MATCH = " AND ".join(f"a.{name} = s.{name}" for name in KEY)
_KEY_LOOKUP = " AND ".join(f"{name} = ?" for name in KEY)
_KEYS = ", ".join(KEY)
_STAGED_COLUMNS = ", ".join(f's."{field}"' for field in FIELDS)
_BOTH = ", ".join(f'a."{field}"' for field in FIELDS)

# A record's values around its tags (which are staged as JSON), after its id.
_BEFORE_TAGS = operator.itemgetter(*FIELDS[1 : FIELDS.index("tags")])
_AFTER_TAGS = operator.itemgetter(*FIELDS[FIELDS.index("tags") + 1 :])
# The ids staged so far, as two bits each of 2**26 (8 MiB, whatever the file's size): an id whose
# bits are both set already may be staged before, and is looked at once the staging is done.
# At 1,000,000 ids, about one in a thousand is looked at for nothing.
_BITS = 26
_MASK = (1 << _BITS) - 1

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
        self.keyed = False  # whether the staged rows have their natural-key index yet
        self.seen = bytearray(1 << (_BITS - 3))
        self.maybe = 0  # staged rows whose id may be staged before
        self.repeated = False  # whether rows were left out as repeats of an earlier id
        conn = self.conn
        # Memory stays bounded however large the file: SQLite spills what does not fit in the
        # page caches (of the log, and of the stage) to the files, and sorts in them too.
        self.cache = int(conn.execute("PRAGMA main.cache_size").fetchone()[0])
        conn.execute(f"PRAGMA main.cache_size=-{int(cache_kib)}")
        _detach(conn)
        conn.execute(f"ATTACH DATABASE '' AS {SCHEMA}")
        conn.execute(f"PRAGMA {SCHEMA}.cache_size=-{int(cache_kib)}")
        # gone: not to publish (stored already, or a repeat); marked so rather than deleted
        # from the stage, which would update its indexes at random. maybe: the row's id may
        # have been staged before (see _BITS). No index while staging: one of random ids
        # outgrows its cache, and looking up every chunk's ids in it costs as much as staging
        # them. The id index is made once, sorted, when the staging is done.
        conn.execute(
            f"""CREATE TABLE {STAGE} (
                id TEXT NOT NULL, maybe INTEGER NOT NULL, row INTEGER NOT NULL,
                given INTEGER NOT NULL, keep_created INTEGER NOT NULL,
                {", ".join(f'"{f}"' for f in FIELDS[1:])}, gone INTEGER NOT NULL
            )"""
        )
        self.empty = conn.execute("SELECT 1 FROM main.activities LIMIT 1").fetchone() is None
        # The log's rows are looked up on a connection of their own: a read of them inside the
        # staging transaction would hold its snapshot of the log (and so the WAL) for the
        # whole import. Into a log that was empty, what others store meanwhile is found when
        # publishing.
        self.log = (
            None
            if self.empty
            else sqlite3.connect(path, timeout=busy_timeout(), isolation_level=None)
        )
        if self.log is not None:
            self.log.row_factory = sqlite3.Row
        # One transaction of the temporary database for all the staging: a commit per chunk
        # would write every index page the chunk's random ids touched, again and again.
        conn.execute("BEGIN")

    def stored(self, ids: list[str]) -> dict[str, sqlite3.Row]:
        """The activities the log holds among IDS (at most 32766); those this import staged
        already are found when the staging is done (see staged)."""
        if not ids or self.log is None:
            return {}
        query = f"SELECT {COLUMNS} FROM activities WHERE id IN ({', '.join('?' * len(ids))})"
        return {row["id"]: row for row in self.log.execute(query, ids).fetchall()}

    def _seen(self, activity_id: str) -> int:
        """1 when ACTIVITY_ID may have been staged before (its bits were set), else 0."""
        number, seen, before = hash(activity_id), self.seen, 1
        for bit in (number & _MASK, (number >> _BITS) & _MASK):
            if not seen[bit >> 3] & (1 << (bit & 7)):
                seen[bit >> 3] |= 1 << (bit & 7)
                before = 0
        self.maybe += before
        return before

    def has_key(self, record: dict[str, Any]) -> bool:
        """Whether this import has staged a record with RECORD's natural key (an index lookup).

        The index is made on the first call: a file whose records all carry an id needs none.
        """
        if not self.keyed:
            self.conn.execute(f"CREATE INDEX {STAGE}_key ON import_stage ({_KEYS})")
            self.keyed = True
        found = self.conn.execute(
            f"SELECT 1 FROM {STAGE} WHERE {_KEY_LOOKUP} LIMIT 1",
            [record[name] for name in KEY],
        ).fetchone()
        return found is not None

    def add(self, rows: list[tuple[int, bool, bool, dict[str, Any]]]) -> None:
        """Stage (row number, id given, created_at given, JSON-ready record)."""
        self.conn.executemany(
            f"INSERT INTO {STAGE} VALUES ({', '.join('?' * (len(FIELDS) + 4))}, 0)",
            [
                (
                    record["id"], given and self._seen(record["id"]), number, given, keep,
                    *_BEFORE_TAGS(record), tags_json(record["tags"]), *_AFTER_TAGS(record),
                )
                for number, given, keep, record in rows
            ],
        )  # fmt: skip

    def staged(self, same: Same) -> tuple[int, list[tuple[int, str]]]:
        """The staging is done: its transaction ends, before the one that publishes. Returns
        (skipped, clashes (row number, id)) among the rows that repeat an id staged before
        them: each is held to the id's first row, as to a stored record."""
        conn = self.conn
        if not conn.in_transaction:
            return 0, []
        conn.execute(f"CREATE INDEX {STAGE}_id ON import_stage (id)")
        skipped, clashes, gone = 0, [], []
        if self.maybe:
            first: dict[str, Any] = {}
            for found in conn.execute(
                f"""SELECT s.rowid, s.row, s.keep_created, {_STAGED_COLUMNS} FROM {STAGE} AS s
                WHERE s.id IN (SELECT id FROM {STAGE} WHERE maybe = 1) ORDER BY s.id, s.row"""
            ):
                values = tuple(found)
                record = _record(values[3:])
                if record["id"] != first.get("id"):
                    first = record
                    continue
                if same(first, record, bool(found["keep_created"])):
                    skipped += 1
                else:
                    clashes.append((found["row"], record["id"]))
                gone.append((values[0],))
            conn.executemany(f"UPDATE {STAGE} SET gone = 1 WHERE rowid = ?", gone)
        self.repeated = bool(gone)
        conn.execute("COMMIT")
        return skipped, clashes

    def publish(self, same: Same) -> tuple[int, int, list[tuple[int, str]]]:
        """Inside the last write transaction: (added, skipped, clashes (row number, id)).

        Checks, set-wise, what the log holds now: a record without an id whose natural key is
        in the log is skipped, and so is one whose id is stored with the same content; an id
        stored with other content is a clash, left out.
        """
        conn = self.conn
        skipped = conn.execute(
            f"""UPDATE {STAGE} AS s SET gone = 1 WHERE given = 0
            AND EXISTS (SELECT 1 FROM main.activities AS a WHERE {_KEY_MATCH})"""
        ).rowcount
        clashes: list[tuple[int, str]] = []
        taken = conn.execute(
            f"""SELECT s.rowid, s.row, s.keep_created, {_STAGED_COLUMNS}, {_BOTH}
                FROM {STAGE} AS s JOIN main.activities AS a ON a.id = s.id"""
        ).fetchall()
        for found in taken:
            values = tuple(found)
            staged = _record(values[3 : 3 + len(FIELDS)])
            if same(_record(values[3 + len(FIELDS) :]), staged, bool(found["keep_created"])):
                skipped += 1
            else:
                clashes.append((found["row"], staged["id"]))
            conn.execute(f"UPDATE {STAGE} SET gone = 1 WHERE rowid = ?", (values[0],))
        # The rows to write; when none is left out, the ids come from the stage's id index alone.
        kept = " WHERE s.gone = 0" if skipped or clashes or self.repeated else ""
        if conn.execute(f"SELECT 1 FROM {STAGE} AS s{kept} LIMIT 1").fetchone() is None:
            return 0, skipped, clashes  # nothing to write: the log stays byte for byte
        change = self.change
        conn.execute(
            "INSERT INTO journal (change_id, actor, action, activity_id, before, after, at)"
            f" SELECT ?, ?, ?, id, NULL, NULL, ? FROM {STAGE} AS s{kept} ORDER BY id",
            (change.change_id, change.actor, change.action, self.stamp),
        )
        conn.execute(
            "INSERT OR IGNORE INTO people (name, team, created_at)"
            f" SELECT DISTINCT person, NULL, ? FROM {STAGE} AS s{kept}",
            (self.stamp,),
        )
        with _indexes_after(conn):
            # In id order: the order of the index the rows land in most randomly.
            added = conn.execute(
                f"INSERT INTO activities ({COLUMNS}) SELECT {_STAGED_COLUMNS} FROM {STAGE} AS s"
                f"{kept} ORDER BY id"
            ).rowcount
        return added, skipped, clashes

    def close(self) -> None:
        """Drop the staged rows."""
        if self.log is not None:
            self.log.close()
        if self.conn.in_transaction:  # SQLite may have rolled back itself, on an error
            self.conn.execute("ROLLBACK")
        _detach(self.conn)
        self.conn.execute(f"PRAGMA main.cache_size={self.cache}")


def _detach(conn: sqlite3.Connection) -> None:
    """Drop the stage, if attached: its file goes, with no page of it read or freed."""
    if any(row[1] == SCHEMA for row in conn.execute("PRAGMA database_list")):
        conn.execute(f"DETACH DATABASE {SCHEMA}")


@contextlib.contextmanager
def _indexes_after(conn: sqlite3.Connection) -> Iterator[None]:
    """Into an empty activities table: the rows first, then its secondary indexes, made once
    from the sorted rows rather than grown one random row at a time (inside the transaction)."""
    if conn.execute("SELECT 1 FROM main.activities LIMIT 1").fetchone() is not None:
        yield
        return
    indexes = conn.execute(
        "SELECT name, sql FROM main.sqlite_master WHERE type = 'index'"
        " AND tbl_name = 'activities' AND sql IS NOT NULL ORDER BY name"
    ).fetchall()
    for name, _sql in indexes:
        conn.execute(f'DROP INDEX main."{name}"')
    yield
    for _name, sql in indexes:
        conn.execute(sql)
