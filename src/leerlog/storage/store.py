"""Reads and writes of the log: activities, people, own types, and the journal behind undo."""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from leerlog.domain.categories import BUILTIN_TYPES, ActivityType
from leerlog.domain.errors import AmbiguousId, DatabaseBusy, DatabaseError, InvalidValue, NotFound
from leerlog.i18n import _
from leerlog.storage.access import ReadOnly
from leerlog.storage.backup import backup
from leerlog.storage.db import broken, not_compacted, open_db, open_memory, transaction
from leerlog.storage.journal import (
    COLUMNS,
    Change,
    Entry,
    Undone,
    history,
    new_id,
    now,
    row_to_activity,
)
from leerlog.storage.queries import ActivityStream, PersonRow, Query, functions, small_cache
from leerlog.storage.rename import Renamed, rename
from leerlog.storage.staging import clear_dead
from leerlog.storage.undo import undo

if TYPE_CHECKING:
    from leerlog.domain.models import Activity

__all__ = ["ActivityStream", "Change", "Query", "Renamed", "Store", "new_id", "now"]
# Everyone in the file, unless NAME is among them (then nobody: there is nothing to tell).
_OTHERS = "SELECT name FROM people WHERE NOT EXISTS (SELECT 1 FROM people WHERE name = ?)"


class Store:
    """The log in one SQLite file; the file is created on the first write, not on a read."""

    def __init__(self, path: Path, *, upgrade: bool = True) -> None:
        self.path = path
        self.upgrade = upgrade  # False: a file that needs a migration is refused, not migrated
        self._conn: sqlite3.Connection | None = None
        self._file = False  # the connection is to the file, and may write it
        self.notices: list[str] = []  # things the person should hear, e.g. that a backup was made
        self.created = False  # this process made the file

    def _made(self) -> None:
        self.created = True

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _read(self) -> sqlite3.Connection:
        if self._conn is None:
            conn = open_db(
                self.path,
                create=False,
                notify=self.notices.append,
                read=True,
                upgrade=self.upgrade,
            )
            # A read-only connection (for a reader who may not write the file) is not kept for
            # writes: _write opens the file again, and reports what keeps this user from it.
            self._file = conn is not None and not isinstance(conn, ReadOnly)
            self._conn = conn if conn is not None else open_memory()
            functions(self._conn)
        return self._conn

    def reader(self) -> sqlite3.Connection:
        """The connection for reads (an empty log in memory while there is no file)."""
        return self._read()

    def writer(self) -> sqlite3.Connection:
        """The connection for writes; the file is created (and migrated) if need be."""
        return self._write()

    def _write(self) -> sqlite3.Connection:
        if not self._file:
            self.close()
            self._conn = open_db(
                self.path, create=True, notify=self.notices.append, created=self._made
            )
            self._file = True
            functions(self._conn)
            # Journal entries of imports killed before they published their rows.
            clear_dead(self._conn, self.path)
        assert self._conn is not None
        return self._conn

    def query(self, sql: str, params: Any = (), *, scan: bool = False) -> list[sqlite3.Row]:
        """Run one read-only statement; a missing file reads as an empty log.

        scan: the statement reads much of the file once (an aggregate over all activities), so
        it runs with a small page cache; see SCAN_CACHE_KIB.
        """
        try:
            conn = self._read()
            if not scan:
                return conn.execute(sql, params).fetchall()
            before = small_cache(conn)
            try:
                return conn.execute(sql, params).fetchall()
            finally:
                conn.execute(f"PRAGMA cache_size={before}")
        except sqlite3.Error as error:
            raise broken(error, self.path) from None

    # -- reading ---------------------------------------------------------------------------

    def types(self) -> dict[str, ActivityType]:
        """The catalogue: built-in types and the file's own."""
        own = self.query("SELECT key, label, category FROM types ORDER BY key")
        types = dict(BUILTIN_TYPES)
        for row in own:
            types[row["key"]] = ActivityType(row["key"], row["label"], row["category"], False)
        return types

    def activities(self, query: Query) -> list[Activity]:
        where, params = query.where()
        sql = f"SELECT {COLUMNS} FROM activities{where} ORDER BY date DESC, created_at DESC, id"
        if query.limit is not None:
            sql += f" LIMIT {int(query.limit)}"
        return [row_to_activity(row) for row in self.query(sql, params)]

    def stream(self, query: Query, line: str | None = None) -> ActivityStream:
        """Every matching activity as a JSON-ready dict, oldest first, without holding them all
        (with LINE, an SQL expression over a row, read as that: ActivityStream.lines()). The
        query runs here, before the first row is asked for, so an unusable file is reported
        before a writer has written a header.
        """
        where, params = query.where()
        selected = COLUMNS if line is None else line
        sql = f"SELECT {selected} FROM activities{where} ORDER BY date, person, created_at, id"
        try:
            conn = self._read()
            before = small_cache(conn)
            cursor = conn.cursor()
            cursor.row_factory = None
            cursor.execute(sql, params)
        except sqlite3.Error as error:
            raise broken(error, self.path) from None
        return ActivityStream(cursor, self.path, before, line)

    def find(self, prefix: str) -> Activity:
        """The one activity whose id is PREFIX or starts with it."""
        prefix = prefix.strip()
        if not prefix:
            raise InvalidValue(_("the id is empty"), _("give the id, or its first characters"))
        # leerlog's own ids are lowercase; imported ones keep their case, so try both.
        for candidate in dict.fromkeys((prefix, prefix.lower())):
            rows = self.query(f"SELECT {COLUMNS} FROM activities WHERE id = ?", (candidate,))
            if not rows:
                # A range scan on the primary key; U+10FFFF sorts after every character.
                rows = self.query(
                    f"SELECT {COLUMNS} FROM activities WHERE id >= ? AND id < ? LIMIT 2",
                    (candidate, candidate + "\U0010ffff"),
                )
            if rows:
                break
        if not rows:
            raise NotFound(
                _("no activity with id {id}").format(id=repr(prefix)),
                _("run 'leerlog list' to see the ids"),
            )
        if len(rows) > 1:
            raise AmbiguousId(
                _("more than one activity has an id starting with {id}").format(id=repr(prefix)),
                _("type more characters of the id"),
            )
        return row_to_activity(rows[0])

    def history(self, activity_id: str) -> list[Entry]:
        """The journal's changes to one activity, oldest first (see leerlog show)."""
        try:
            return history(self._read(), activity_id)
        except sqlite3.Error as error:
            raise broken(error, self.path) from None

    def people(self) -> list[PersonRow]:
        rows = self.query(
            """SELECT p.name, p.team, count(a.id) AS n, coalesce(sum(a.minutes), 0) AS minutes,
                      max(a.date) AS last_date
               FROM people AS p LEFT JOIN activities AS a ON a.person = p.name
               GROUP BY p.name ORDER BY p.name"""
        )
        return [PersonRow(r["name"], r["team"], r["n"], r["minutes"], r["last_date"]) for r in rows]

    def person_names(self) -> list[str]:
        """Everyone in the file, sorted; cheap, for checks and notes."""
        return [row[0] for row in self.query("SELECT name FROM people ORDER BY name")]

    def team_names(self) -> list[str]:
        """Every team in the file, sorted."""
        teams = self.query("SELECT DISTINCT team FROM people WHERE team IS NOT NULL ORDER BY team")
        return [row[0] for row in teams]

    def recent_ids(self, prefix: str, person: str | None, limit: int) -> list[sqlite3.Row]:
        """Up to LIMIT activities whose id starts with PREFIX (id, date, type, category, title):
        with a prefix anyone's, by id; without one PERSON's newest (everyone's without PERSON)."""
        columns = "SELECT id, date, type, category, title FROM activities"
        if prefix:  # a range scan on the primary key, as find() does
            return self.query(
                f"{columns} WHERE id >= ? AND id < ? ORDER BY id LIMIT ?",
                (prefix, prefix + "\U0010ffff", limit),
            )
        if person is not None:
            return self.query(
                f"{columns} WHERE person = ? ORDER BY date DESC, created_at DESC LIMIT ?",
                (person, limit),
            )
        return self.query(f"{columns} ORDER BY date DESC LIMIT ?", (limit,))

    def recent_companions(self, limit: int) -> list[str]:
        """The `with` names of the newest LIMIT activities, sorted, each once."""
        rows = self.query(
            'SELECT DISTINCT "with" FROM (SELECT "with" FROM activities ORDER BY date DESC'
            """ LIMIT ?) WHERE coalesce("with", '') <> '' ORDER BY 1""",
            (limit,),
        )
        return [row[0] for row in rows]

    # -- writing ---------------------------------------------------------------------------

    @contextlib.contextmanager
    def change(self, actor: str, action: str) -> Iterator[Change]:
        """One journaled write transaction; everything in it is undone together."""
        conn = self._write()
        with transaction(conn, self.path):
            yield Change(conn, actor, action)

    def add(
        self,
        activity: Activity,
        actor: str,
        team: str | None = None,
        also: Callable[[Change], None] | None = None,
        known: list[str] | None = None,
    ) -> str | None:
        """Store a new activity (TEAM for a new person, ALSO writes its proof files, KNOWN gets the
        people if the person is new to them); the id of one with its natural key (m005), if any."""
        with self.change(actor, "add") as change:
            if known is not None:  # one index look-up when the person is known, as is usual
                known[:] = [row[0] for row in change.conn.execute(_OTHERS, (activity.person,))]
            natural_key = (activity.person, activity.date.isoformat(), activity.category)
            twin = change.conn.execute(
                "SELECT id FROM activities WHERE person = ? AND date = ? AND category = ?"
                " AND minutes = ? AND title = ? LIMIT 1",
                (*natural_key, activity.minutes, activity.title),
            ).fetchone()
            change.insert(activity, team)
            if also is not None:
                also(change)
        return None if twin is None else str(twin[0])

    def update(self, before: Activity, after: Activity, actor: str) -> None:
        with self.change(actor, "edit") as change:
            change.update(before, after)

    def delete(self, activity: Activity, actor: str) -> None:
        with self.change(actor, "delete") as change:
            change.remove(activity)

    def undo(self, actor: str) -> Undone:
        """Take back ACTOR's most recent change that has not been undone yet."""
        # Without a file there is nothing to take back, and nothing to create either.
        conn = self._write() if self.path.exists() else self._read()
        with transaction(conn, self.path):
            return undo(conn, actor)

    def undo_preview(self, actor: str) -> Undone:
        """What undo would take back now, checked as undo checks it; only reads the file."""
        try:
            return undo(self._read(), actor, dry_run=True)
        except sqlite3.Error as error:
            raise broken(error, self.path) from None

    def rename(self, old: str, new: str, actor: str) -> Renamed:
        """Move every record of OLD to NEW in one journaled change (see Change.rename)."""
        with self.change(actor, "edit") as change:
            return rename(change, old, new)

    def backup(self, target: Path) -> None:
        """A consistent copy of the file, even while others write to it."""
        if not self.path.exists():
            raise DatabaseError(
                _("there is no database at {path} yet").format(path=self.path),
                _("log something first"),
            )
        backup(self._read(), target)

    def holds(self, name: str) -> bool:
        """Whether NAME is anywhere in the file (person, journal actor, sync records)."""
        from leerlog.storage.erase import holds

        try:
            return self._file_exists() and holds(self._read(), name)
        except sqlite3.Error as error:
            raise broken(error, self.path) from None

    def activity_count(self, name: str) -> int:
        from leerlog.storage.erase import activity_count

        try:
            return activity_count(self._read(), name)
        except sqlite3.Error as error:
            raise broken(error, self.path) from None

    def _file_exists(self) -> bool:
        self._read()
        return self._file

    @contextlib.contextmanager
    def exclusive(self, waiting: Callable[[], None] | None = None) -> Iterator[None]:
        """Hold the file's sync lock (see storage.locks); without a file there is nothing to
        hold, and no lock file is made."""
        if not self._file_exists():
            yield
            return
        from leerlog.storage.db import busy_timeout
        from leerlog.storage.locks import exclusive

        with exclusive(self.path, busy_timeout(), waiting):
            yield

    def forget(self, name: str, waiting: Callable[[], None] | None = None) -> dict[str, int]:
        """Erase a person's activities, journal entries, person record and sync records, keep
        the changes they made to other people's records (as FORGOTTEN), then compact the file.

        It holds the sync lock, so it never runs between a sync's reading and its recording.
        secure_delete zeroes freed pages; VACUUM rewrites the file and the WAL is truncated, so
        none of the person's text stays on disk in the database, its journal or its WAL.
        """
        from leerlog.storage.erase import erase

        with self.exclusive(waiting):
            conn = self._write()
            conn.execute("PRAGMA secure_delete=ON")
            with transaction(conn, self.path):
                removed = erase(conn, name)
            try:
                self._checkpoint(conn)
                conn.execute("VACUUM")
                self._checkpoint(conn)
            except sqlite3.Error as error:
                raise not_compacted(error, self.path) from None
        return removed

    def _checkpoint(self, conn: sqlite3.Connection) -> None:
        """Copy the WAL into the file and empty it; a reader elsewhere may delay, not skip, this."""
        from leerlog.storage.db import busy_timeout

        deadline = time.monotonic() + busy_timeout()
        while True:
            busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
            if not busy:
                return
            if time.monotonic() > deadline:
                raise DatabaseBusy(
                    _(
                        "the data is erased, but another process is still reading the file, so "
                        "old copies may remain in it for now"
                    ),
                    _(
                        "they are overwritten once that process ends and leerlog is used again; "
                        "to be sure, forget people when nobody else uses the file"
                    ),
                )
            time.sleep(0.1)

    def set_person(self, name: str, team: str | None) -> None:
        conn = self._write()
        with transaction(conn, self.path):
            conn.execute(
                "INSERT INTO people (name, team, created_at) VALUES (?, ?, ?)"
                " ON CONFLICT (name) DO UPDATE SET team = excluded.team",
                (name, team, now()),
            )

    def add_type(self, activity_type: ActivityType) -> None:
        conn = self._write()
        with transaction(conn, self.path):
            exists = conn.execute(
                "SELECT 1 FROM types WHERE key = ?", (activity_type.key,)
            ).fetchone()
            if exists:
                raise InvalidValue(
                    _("the type {type} exists already").format(type=repr(activity_type.key)),
                    _("choose another key"),
                )
            conn.execute(
                "INSERT INTO types (key, category, label, created_at) VALUES (?, ?, ?, ?)",
                (activity_type.key, activity_type.category, activity_type.label, now()),
            )
