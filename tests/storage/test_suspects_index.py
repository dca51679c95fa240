"""The partial index of the activities that might hold a client's details (m012).

The personal-data guard's query states the finder's cheap tests as the index does, so SQLite
reads only the rows in the index; SQLite keeps the index on every write, also one made by
another tool, so the guard sees what any writer stored.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from sqlite_utils import Database

from installed import sqlite
from leerlog.privacy.finder import PREFILTER_GLOBS
from leerlog.storage.db import SCHEMA_VERSION
from leerlog.storage.migrations import MIGRATIONS
from leerlog.storage.queries import suspects_sql

if TYPE_CHECKING:
    from conftest import Run

BSN = "111222333"


def suspect_ids(conn: sqlite3.Connection) -> list[tuple[str]]:
    """The ids the index holds (SQLite reads an index of some rows only for its own tests)."""
    tests = suspects_sql("", PREFILTER_GLOBS).split(" WHERE ", 1)[1]
    query = f"SELECT id FROM activities INDEXED BY activities_suspects WHERE {tests} ORDER BY id"
    return conn.execute(query).fetchall()


def add(run: Run, *args: str) -> str:
    result = run("add", "--quiet", *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout.strip()


def test_the_guard_reads_only_the_rows_in_the_index(run: Run, db_path: Path) -> None:
    """The finder's globs, in the guard's query, are the index's own: the plan uses it."""
    add(run, "werk", "Gewoon", "-m", "30")
    sql = suspects_sql("", PREFILTER_GLOBS)
    with sqlite(db_path) as conn:
        plan = conn.execute(f"EXPLAIN QUERY PLAN {sql}").fetchall()
    assert [row[3] for row in plan] == ["SCAN activities USING INDEX activities_suspects"]


def test_what_another_tool_writes_is_in_the_index_and_refused(run: Run, db_path: Path) -> None:
    """Rows written and changed with plain SQL, past leerlog, are found as leerlog's own are."""
    plain = add(run, "werk", "Gewoon", "-m", "30", "-d", "2026-11-20")
    later = add(run, "werk", "Ook gewoon", "-m", "30", "-d", "2026-11-21")
    assert run("export", "activities").exit_code == 0
    with sqlite(db_path) as conn:
        conn.execute(
            "INSERT INTO activities (id, person, date, category, minutes, title, tags,"
            " created_at, updated_at) SELECT 'ffffffff-0000-4000-8000-000000000001', person,"
            " '2026-11-22', category, minutes, ?, tags, created_at, updated_at"
            " FROM activities WHERE id = ?",
            (f"Casus {BSN}", plain),
        )
        conn.execute("UPDATE activities SET reflection = ? WHERE id = ?", (f"bsn {BSN}", later))
        in_index = suspect_ids(conn)
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert in_index == sorted([(later,), ("ffffffff-0000-4000-8000-000000000001",)])
    result = run("export", "activities")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert f"{later[:8]}: the reflection field looks like it holds a BSN" in result.stderr
    assert "ffffffff: the title field looks like it holds a BSN" in result.stderr


def test_an_upgraded_log_gets_the_index_over_its_rows(run: Run, db_path: Path) -> None:
    """A log of schema 11 with a suspect row: the upgrade makes the index, and it holds it."""
    flagged = add(run, "werk", f"Casus {BSN}", "-m", "30")
    with sqlite(db_path) as conn:
        conn.execute("DROP INDEX activities_suspects")
        conn.execute(
            "DELETE FROM _sqlite_migrations WHERE name LIKE 'm01_\\_suspects%' ESCAPE '\\'"
        )
        conn.execute("PRAGMA user_version = 11")
    other = add(run, "werk", "Gewoon", "-m", "30")  # the next write upgrades it first
    with sqlite(db_path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert suspect_ids(conn) == [(flagged,)]
        applied = [m.name for m in MIGRATIONS.applied(Database(conn))]
        assert {"m012_suspects", "m013_suspects_other_digits"} <= set(applied)
    assert other != flagged


def test_an_upgraded_log_finds_the_digits_of_other_scripts(run: Run, db_path: Path) -> None:
    """A log of schema 12, whose index counted only 0-9: after the upgrade a BSN in Arabic-Indic
    digits is in the index, and the export refuses it."""
    arabic = "".join(chr(0x0660 + int(digit)) for digit in BSN)
    flagged = add(run, "werk", f"Casus {arabic}", "-m", "30")
    with sqlite(db_path) as conn:
        conn.execute("DROP INDEX activities_suspects")
        m012 = "\"title\" GLOB '*@*'"  # the index of schema 12, in short: not this row
        conn.execute(f"CREATE INDEX activities_suspects ON activities (id) WHERE {m012}")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm013_suspects_other_digits'")
        conn.execute("PRAGMA user_version = 12")
    refused = run("export", "activities")
    assert refused.exit_code == 1 and refused.stdout == ""
    assert f"{flagged[:8]}: the title field looks like it holds a BSN" in refused.stderr
    with sqlite(db_path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert suspect_ids(conn) == [(flagged,)]
