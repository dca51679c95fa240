"""What a read asks for (Query) and the SQL functions it uses, how large reads stream
(ActivityStream), and the people rows."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from leerlog.domain.words import folded, mentions, names
from leerlog.storage.db import broken
from leerlog.storage.journal import FIELDS


def _search(needle: str, title: str, reflection: str | None, with_: str | None, tags: str) -> bool:
    if mentions(needle, (title, reflection, with_)):
        return True
    return tags != "[]" and mentions(needle, json.loads(tags))


def _names(text: str | None, name: str) -> bool:
    return text is not None and names(text, name)


def functions(conn: sqlite3.Connection) -> None:
    """Give CONN the SQL functions of Query.where() and of a rename: text compared in any case
    and without diacritics (SQLite's own lower() and NOCASE fold ASCII letters only)."""
    conn.create_function("leerlog_fold", 1, folded, deterministic=True)
    conn.create_function("leerlog_search", 5, _search, deterministic=True)
    conn.create_function("leerlog_names", 2, _names, deterministic=True)


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
    search: str | None = None  # in title, reflection, with or a tag
    with_name: str | None = None  # one of the names in `with`
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
            # Text matches in any case and without diacritics, as folded() compares it; the
            # cheap conditions go first, so the functions see only the rows that pass those.
            (
                "tags <> '[]' AND EXISTS"
                " (SELECT 1 FROM json_each(tags) WHERE leerlog_fold(value) = ?)",
                _fold(self.tag),
            ),
            ('leerlog_search(?, title, reflection, "with", tags)', _fold(self.search)),
            ('"with" IS NOT NULL AND leerlog_names("with", ?)', _fold(self.with_name)),
        ):
            if value is not None:
                clauses.append(clause)
                params.append(value.isoformat() if isinstance(value, dt.date) else value)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _fold(text: str | None) -> str | None:
    return None if text is None else folded(text)


# Page cache for statements that read much of the file once (exports, report aggregates):
# their pages are not needed again, and filling the connection's large cache (set for imports)
# costs memory and time: 64 MiB and a tenth of a second over 1,000,000 activities.
SCAN_CACHE_KIB = 2048
LINE_BATCH = 1000


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

    def __init__(
        self, cursor: sqlite3.Cursor, path: Path, cache_size: int, line: str | None = None
    ) -> None:
        self._cursor = cursor
        self._path = path
        self._cache_size = cache_size  # the connection's own, restored once all is read
        self.line = line  # the SQL expression each row was read as, if not the stored fields

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

    def lines(self) -> Iterator[list[str]]:
        """The values of the line expression the stream was read as, a batch at a time."""
        try:
            while batch := self._cursor.fetchmany(LINE_BATCH):
                yield [row[0] for row in batch]
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


# The fields a person types free text into; the personal-data check reads only these.
FREE_TEXT = ("title", "with", "tags", "reflection")


def suspects_sql(where: str, globs: Sequence[str]) -> str:
    """The activities WHERE selects (a query's ' WHERE ...' or ''; only its parameters remain)
    with a free-text field that matches one of GLOBS, in no order.

    The globs are cheap tests in C, so Python looks only at the rows that might hold something.
    Written as literals, in the order of the partial index `activities_suspects` (m012), the
    tests are the index's own, and SQLite reads only the rows in it. No ORDER BY: the planner
    would walk another index and the table in its order; the caller sorts the few rows found.
    """
    quoted = ["'" + glob.replace("'", "''") + "'" for glob in globs]
    tests = " OR ".join(f'"{column}" GLOB {glob}' for column in FREE_TEXT for glob in quoted)
    joined = f"{where} AND ({tests})" if where else f" WHERE ({tests})"
    return f'SELECT id, date, person, title, "with", tags, reflection FROM activities{joined}'
