"""What a read asks for (Query), how large reads stream (ActivityStream), and the people rows."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from leerlog.storage.db import broken
from leerlog.storage.journal import FIELDS


@dataclass(frozen=True)
class Query:
    """Which activities a listing wants; None means no filter on that field."""

    people: tuple[str, ...] | None = None
    team: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    category: str | None = None
    type: str | None = None
    tag: str | None = None
    limit: int | None = None

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if self.people is not None:
            clauses.append(f"person IN ({', '.join('?' for _person in self.people)})")
            params.extend(self.people)
        if self.team is not None:
            clauses.append("person IN (SELECT name FROM people WHERE team = ?)")
            params.append(self.team)
        for clause, value in (
            ("date >= ?", self.start),
            ("date <= ?", self.end),
            ("category = ?", self.category),
            ("type = ?", self.type),
            # Tags match whatever their case (SQLite folds ASCII letters; so do most tags).
            ("EXISTS (SELECT 1 FROM json_each(tags) WHERE value = ? COLLATE NOCASE)", self.tag),
        ):
            if value is not None:
                clauses.append(clause)
                params.append(value.isoformat() if isinstance(value, dt.date) else value)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


# Page cache for statements that read much of the file once (exports, report aggregates):
# their pages are not needed again, and filling the connection's large cache (set for imports)
# costs memory and time: 64 MiB and a tenth of a second over 1,000,000 activities.
SCAN_CACHE_KIB = 2048


def small_cache(conn: sqlite3.Connection) -> int:
    """Give CONN a small page cache; returns the setting to restore."""
    before = int(conn.execute("PRAGMA cache_size").fetchone()[0])
    conn.execute(f"PRAGMA cache_size=-{SCAN_CACHE_KIB}")
    return before


class ActivityStream:
    """Activities as Store.stream() reads them: JSON-ready dicts, or the stored rows themselves.

    A writer that can use the rows as stored (FIELDS order, tags as JSON text) calls rows();
    either way the stream is read once, and a failing file is reported as a DatabaseError.
    """

    def __init__(self, cursor: sqlite3.Cursor, path: Path, cache_size: int) -> None:
        self._cursor = cursor
        self._path = path
        self._cache_size = cache_size  # the connection's own, restored once all is read

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for row in self.rows():
            data = dict(zip(FIELDS, row, strict=True))
            data["tags"] = json.loads(data["tags"])
            yield data

    def rows(self) -> Iterator[tuple[Any, ...]]:
        try:
            # Not `yield from`: that closes the cursor when a reader drops the stream (a closed
            # pipe), which fails once the connection is closed, as an "Exception ignored".
            for row in self._cursor:  # noqa: UP028
                yield row
            self._cursor.connection.execute(f"PRAGMA cache_size={self._cache_size}")
        except sqlite3.Error as error:
            raise broken(error, self._path) from None


@dataclass(frozen=True)
class PersonRow:
    name: str
    team: str | None
    activities: int
    minutes: int
    last_date: str | None
