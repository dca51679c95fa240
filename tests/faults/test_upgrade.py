"""A file made by the previous leerlog is upgraded in place, after a copy; copies on demand."""

from __future__ import annotations

import contextlib
import json
import re
import sqlite3
import stat
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Any

from faultkit import (
    PATIENCE_SECONDS,
    folder_bytes,
    integrity_ok,
    plain_error,
    script,
    sqlite,
    succeeds,
)
from sqlite_utils import Database

from installed import unnoted
from leerlog.storage.db import APPLICATION_ID, SCHEMA_VERSION
from leerlog.storage.migrations import MIGRATIONS

if TYPE_CHECKING:
    from conftest import Leerlog

STAMP = "2026-11-20T08:15:00.000Z"
LATER = "2026-11-21T10:00:00.000Z"
ACTIVITIES: list[dict[str, Any]] = [
    {
        "id": "0b7a0c3e-5d3f-4d7b-9a43-0d8e7b1c2a01", "person": "anna", "date": "2026-11-02",
        "category": "social", "type": "intervisie", "minutes": 90,
        "title": "Casus schuldhulp, met \"komma's\"", "with": "Piet", "tags": ["schuld", "intake"],
        "reflection": "Eerst luisteren,\ndan vragen.", "created_at": STAMP, "updated_at": LATER,
    },
    {
        "id": "1c8b1d4f-6e40-4e8c-8b54-1e9f8c2d3b02", "person": "bob", "date": "2025-12-31",
        "category": "formal", "type": None, "minutes": 1440, "title": "Jaarcongres 🎓",
        "with": None, "tags": [], "reflection": None, "created_at": STAMP, "updated_at": STAMP,
    },
    {
        "id": "2d9c2e50-7f51-4f9d-9c65-2f0a9d3e4c03", "person": "anna", "date": "2026-11-27",
        "category": "experiential", "type": "huisbezoek", "minutes": 45,
        "title": "=Eerste huisbezoek alleen", "with": None, "tags": ["huisbezoek"],
        "reflection": "Zelfreflectie \u2018met\u2019 aanhalingstekens", "created_at": LATER,
        "updated_at": LATER,
    },
]  # fmt: skip
TABLES = ("activities", "people", "types", "journal", "_sqlite_migrations")


def sql_params(record: dict[str, Any]) -> dict[str, Any]:
    return {**record, "tags": json.dumps(record["tags"], ensure_ascii=False)}


def make_schema_1(path: Path) -> None:
    """A file as leerlog with schema 1 (m001 only) left it: WAL, its ids, some of everything."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = Database(path)
    MIGRATIONS.apply(db, stop_before="m002_journal_by_activity")
    db.close()
    with sqlite(path) as conn:
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("PRAGMA user_version = 1")
        assert conn.execute("PRAGMA journal_mode = WAL").fetchone() == ("wal",)
        columns = ", ".join(f'"{k}"' for k in ACTIVITIES[0])
        values = ", ".join(f":{k}" for k in ACTIVITIES[0])
        conn.executemany(
            f"INSERT INTO activities ({columns}) VALUES ({values})",
            [sql_params(r) for r in ACTIVITIES],
        )
        conn.executemany(
            "INSERT INTO people (name, team, created_at) VALUES (?, ?, ?)",
            [("anna", "Noord", STAMP), ("bob", None, STAMP), ("carla", "Zuid", STAMP)],
        )
        conn.execute(
            "INSERT INTO types (key, category, label, created_at) VALUES (?, ?, ?, ?)",
            ("huisbezoek", "experiential", "home visit", STAMP),
        )
        first = ACTIVITIES[0]
        original = {**first, "minutes": 60, "updated_at": STAMP}
        entries = [
            ("c1", "anna", "add", first["id"], None, original, STAMP),
            ("c2", "anna", "add", ACTIVITIES[1]["id"], None, ACTIVITIES[1], STAMP),
            ("c3", "anna", "add", ACTIVITIES[2]["id"], None, ACTIVITIES[2], LATER),
            ("c4", "anna", "edit", first["id"], original, first, LATER),
        ]
        conn.executemany(
            "INSERT INTO journal (change_id, actor, action, activity_id, before, after, at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    c,
                    actor,
                    action,
                    subject,
                    *(None if r is None else json.dumps(r) for r in (b, a)),
                    at,
                )
                for c, actor, action, subject, b, a, at in entries
            ],
        )
    path.chmod(0o600)


def tables(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    with sqlite(path) as conn:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in TABLES}


def pragma(path: Path, name: str) -> Any:
    with sqlite(path) as conn:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]


def listed(leerlog: Leerlog, *global_options: str) -> tuple[list[dict[str, Any]], str]:
    done = leerlog(*global_options, "list", "--all", "--format", "json", "--limit", "1000")
    assert done.returncode == 0, done
    return sorted(json.loads(done.stdout), key=lambda r: r["id"]), done.stderr


def backups(db_path: Path) -> list[Path]:
    return sorted(db_path.parent.glob(f"{db_path.name}.schema1-*.bak"))


def test_a_schema_1_file_is_upgraded_after_a_copy_and_keeps_every_record(
    leerlog: Leerlog, db_path: Path
) -> None:
    make_schema_1(db_path)
    before = tables(db_path)

    records, stderr = listed(leerlog)
    # The second release's fields come with the upgrade, empty (m008_sessions).
    added = {"session": None, "accreditation": None}
    assert records == sorted(({**r, **added} for r in ACTIVITIES), key=lambda r: r["id"])
    assert pragma(db_path, "user_version") == SCHEMA_VERSION
    assert pragma(db_path, "application_id") == APPLICATION_ID
    after = tables(db_path)
    for table in ("people", "types", "journal"):
        assert after[table] == before[table], table
    assert after["activities"] == [(*row, None, None) for row in before["activities"]]
    names = [row[2] for row in after["_sqlite_migrations"]]
    assert len(names) == SCHEMA_VERSION and names[:2] == [
        "m001_initial",
        "m002_journal_by_activity",
    ]
    integrity_ok(db_path)

    [copy] = backups(db_path)
    assert re.fullmatch(r"leerlog\.db\.schema1-\d{8}T\d{6}Z\.bak", copy.name)
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert "Upgraded" in stderr and "saved as" in stderr
    assert str(db_path) in stderr and str(copy) in stderr
    assert len(stderr.splitlines()) == 1
    # The copy is the old file itself: schema 1, the same rows, usable by SQLite on its own.
    integrity_ok(copy)
    assert pragma(copy, "user_version") == 1
    assert pragma(copy, "application_id") == APPLICATION_ID
    assert tables(copy) == before
    assert {f.name for f in copy.parent.iterdir()} <= {db_path.name, copy.name}

    # A second run finds nothing to upgrade and copies nothing.
    again, stderr = listed(leerlog)
    assert (again, stderr) == (records, "")
    assert backups(db_path) == [copy]
    # The journal of schema 1 still works: undo takes back the edit written by it.
    succeeds(leerlog("undo"))
    assert listed(leerlog)[0][0]["minutes"] == 60


def test_processes_starting_together_upgrade_once(
    env: dict[str, str], leerlog: Leerlog, db_path: Path
) -> None:
    make_schema_1(db_path)
    commands = [
        ["list", "--all", "--format", "json"],
        ["report", "--all"],
        ["add", "werk", "Tegelijk", "-m", "5", "-q"],
        ["export", "balance"],
        ["people", "list"],
        ["add", "sociaal", "Ook tegelijk", "-m", "5", "-q"],
    ]
    processes = [
        subprocess.Popen(
            [script(), *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for args in commands
    ]
    outcomes = []
    for process in processes:
        out, err = process.communicate(timeout=PATIENCE_SECONDS)
        outcomes.append((process.returncode, out, err))
    assert [code for code, _, _ in outcomes] == [0] * len(commands), outcomes
    notices = [err for _, _, err in outcomes if err]
    assert len(notices) == 1 and notices[0].startswith("Upgraded"), notices
    assert len(backups(db_path)) == 1
    assert pragma(db_path, "user_version") == SCHEMA_VERSION
    records, _ = listed(leerlog)
    assert len(records) == len(ACTIVITIES) + 2
    integrity_ok(db_path)


# --- leerlog backup ------------------------------------------------------------------------------


def fill(leerlog: Leerlog) -> None:
    for args in (
        ("intervisie", "Casus", "-m", "30", "-t", "schuld"),
        ("werk", "Huisbezoek", "-m", "45", "-r", "Wat ik leerde"),
        ("reading", "Vakblad", "-m", "20", "-p", "bob"),
    ):
        succeeds(leerlog("add", *args, "-q"))
    succeeds(leerlog("people", "set", "carla", "--team", "Zuid"))


def test_backup_on_demand_is_a_copy_that_lists_the_same_records(
    leerlog: Leerlog, db_path: Path, tmp_path: Path
) -> None:
    fill(leerlog)
    target = tmp_path / "copies" / "leerlog-{date}.db"
    done = leerlog("backup", str(target))
    assert (done.returncode, unnoted(done.stderr)) == (0, ""), done
    copy = tmp_path / "copies" / "leerlog-2026-11-27.db"
    assert str(copy) in done.stdout
    assert sorted(p.name for p in copy.parent.iterdir()) == [copy.name]
    integrity_ok(copy)
    assert pragma(copy, "user_version") == SCHEMA_VERSION
    assert listed(leerlog, "--db", str(copy)) == listed(leerlog)
    assert tables(copy) == tables(db_path)


def test_backup_refuses_an_existing_file(leerlog: Leerlog, db_path: Path, tmp_path: Path) -> None:
    fill(leerlog)
    folder = tmp_path / "copies"
    folder.mkdir()
    (folder / "leerlog-2026-11-27.db").write_bytes(b"last week's copy")
    before = folder_bytes(folder)
    done = leerlog("backup", str(folder / "leerlog-{date}.db"))
    plain_error(done, 1, "exists already")
    assert folder_bytes(folder) == before


def test_backups_taken_while_others_write_are_consistent(
    env: dict[str, str], leerlog: Leerlog, db_path: Path, tmp_path: Path
) -> None:
    succeeds(leerlog("people", "set", "anna", "--team", "Noord"))
    loop = 'for i in $(seq 20); do leerlog add werk "b$i" -m 5 -q >/dev/null || exit 1; done'
    writer = subprocess.Popen(["sh", "-c", loop], stdin=subprocess.DEVNULL, env=env)
    copies: list[Path] = []
    try:
        while writer.poll() is None or not copies:
            copy = tmp_path / "copies" / f"copy-{len(copies)}.db"
            succeeds(leerlog("backup", str(copy)))
            copies.append(copy)
    finally:
        assert writer.wait(timeout=PATIENCE_SECONDS) == 0
    final = {r["id"] for r in listed(leerlog)[0]}
    assert len(final) == 20
    sizes = []
    for copy in copies:
        integrity_ok(copy)
        with contextlib.closing(sqlite3.connect(copy)) as conn:
            ids = {row[0] for row in conn.execute("SELECT id FROM activities")}
            journaled = {
                row[0] for row in conn.execute("SELECT activity_id FROM journal WHERE action='add'")
            }
        assert ids == journaled  # each add whole, with its journal entry
        assert ids <= final
        sizes.append(len(ids))
    assert sizes == sorted(sizes)


def test_a_schema_3_file_from_the_first_sync_release_still_works(
    leerlog: Leerlog, db_path: Path
) -> None:
    """A file at schema 3 (m003_lrs_sync: lrs_sent and lrs_voids, no lrs_voided yet) is
    upgraded by m004, which adds lrs_voided; every command works on it afterwards."""
    succeeds(leerlog("add", "werk", "Huisbezoek", "-m", "45", "-q"))
    succeeds(leerlog("add", "werk", "Intervisie", "-m", "30", "-p", "bob", "-q"))
    with sqlite(db_path) as conn:
        conn.execute("DROP INDEX IF EXISTS lrs_voided_activity")
        conn.execute("DROP TABLE IF EXISTS lrs_voided")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm004_lrs_voided'")
        conn.execute("PRAGMA user_version = 3")
        applied = [row[0] for row in conn.execute("SELECT name FROM _sqlite_migrations")]
    assert applied[:3] == ["m001_initial", "m002_journal_by_activity", "m003_lrs_sync"]

    done = leerlog("people", "forget", "bob", "--yes")
    assert done.returncode == 0, done
    assert "removed 1 activit" in done.stdout
    assert [r["person"] for r in listed(leerlog)[0]] == ["anna"]
    integrity_ok(db_path)


def test_a_schema_10_file_gets_lrs_pulled_and_a_journal_that_takes_pull(
    leerlog: Leerlog, db_path: Path
) -> None:
    """m011 rebuilds the journal, whose CHECK on the action is fixed when it is made: every
    entry keeps its seq, the next seq stays above one deleted, undo takes back schema 10's."""
    make_schema_1(db_path)
    MIGRATIONS.apply(Database(db_path), stop_before="m011_lrs_pulled")
    with sqlite(db_path) as conn:
        conn.execute("PRAGMA user_version = 10")
        conn.execute(
            "INSERT INTO journal (change_id, actor, action, activity_id, at)"
            " VALUES ('c5', 'bob', 'delete', 'gone', ?)",
            (LATER,),
        )
        conn.execute("DELETE FROM journal WHERE change_id = 'c5'")  # as people forget would
        entries = conn.execute("SELECT * FROM journal ORDER BY seq").fetchall()
    assert [e[0] for e in entries] == [1, 2, 3, 4]

    done = leerlog("undo")
    assert done.returncode == 0 and "undone (changed)" in done.stdout, done
    assert "Upgraded" in done.stderr and f"to schema {SCHEMA_VERSION}" in done.stderr
    assert pragma(db_path, "user_version") == SCHEMA_VERSION
    assert len(sorted(db_path.parent.glob(f"{db_path.name}.schema10-*.bak"))) == 1
    with sqlite(db_path) as conn:
        after = conn.execute("SELECT * FROM journal ORDER BY seq").fetchall()
        assert [e[:8] for e in after] == [e[:8] for e in entries]
        assert [e[8] is not None for e in after] == [False, False, False, True]
        assert conn.execute(
            "SELECT seq FROM sqlite_sequence WHERE name = 'journal'"
        ).fetchone() == (5,)
        indexes = {
            row[0]
            for row in conn.execute("SELECT name FROM sqlite_master WHERE tbl_name = 'journal'")
        }
        assert indexes >= {"journal", "journal_actor", "journal_activity", "journal_change"}
        assert conn.execute("SELECT count(*) FROM lrs_pulled").fetchone() == (0,)
    succeeds(leerlog("add", "werk", "Huisbezoek", "-m", "45", "-q"))
    with sqlite(db_path) as conn:
        assert conn.execute("SELECT max(seq) FROM journal").fetchone() == (6,)
        conn.execute(
            "INSERT INTO journal (change_id, actor, action, activity_id, at)"
            " VALUES ('c7', 'anna', 'pull', 'x', ?)",
            (LATER,),
        )
    integrity_ok(db_path)
