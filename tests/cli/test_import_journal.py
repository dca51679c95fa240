"""An import is journaled without a copy of each record, and undo is as exact as before.

The journal entry of an imported row names the import's change and the row's id only; the log
itself holds the record. Undo takes an import back only while every record is as imported:
a change made since that still stands refuses it; a change taken back again does not. What it
takes back, the entry keeps from then on, as the entries of other changes do.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from conftest import Run

    from .conftest import Cli

CSV = (
    "person,date,category,minutes,title,tags\n"
    'anna,2026-11-02,werk,30,Casus schuldhulp,"intake,schuldhulp"\n'
    "anna,2026-11-03,sociaal,45,Intervisie,\n"
    "bea,2026-11-04,formeel,60,Training,\n"
)


def journal(db: Path) -> list[dict[str, Any]]:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        conn.row_factory = sqlite3.Row
        rows = conn.execute("SELECT * FROM journal ORDER BY seq").fetchall()
    return [dict(row) for row in rows]


def import_three(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "drie.csv"
    path.write_text(CSV, encoding="utf-8")
    result = run("import", str(path))
    assert (result.exit_code, result.stdout) == (0, "imported 3 activities; 0 already present\n")


def test_an_import_journals_ids_only_and_undo_keeps_what_it_took_back(
    run: Run, cli: Cli, db_path: Path, tmp_path: Path
) -> None:
    import_three(run, tmp_path)
    records = {record["id"]: record for record in cli.records("--all")}
    entries = journal(db_path)
    assert {entry["activity_id"] for entry in entries} == set(records)
    assert {(e["action"], e["before"], e["after"]) for e in entries} == {("import", None, None)}
    assert len({entry["change_id"] for entry in entries}) == 1
    shown = run("show", next(iter(records))[:8])
    assert shown.exit_code == 0 and "imported" in shown.stdout, shown.stdout

    assert run("undo").stdout == "undone: 3 imported activities\n"
    assert cli.records("--all") == []
    kept = {entry["activity_id"]: json.loads(entry["after"]) for entry in journal(db_path)}
    assert kept == records
    assert all(entry["undone_at"] for entry in journal(db_path))


def test_undo_of_an_import_refuses_while_a_later_change_stands(
    run: Run, cli: Cli, tmp_path: Path
) -> None:
    import_three(run, tmp_path)
    edited = next(r["id"] for r in cli.records("--all") if r["title"] == "Intervisie")
    assert run("--person", "bob", "edit", edited[:8], "-m", "50").exit_code == 0
    before = cli.snapshot()
    for args in (("undo", "--dry-run"), ("undo",)):
        result = run(*args)
        cli.fails(result, 1)
        assert f"activity {edited[:8]} was changed in the meantime" in result.stderr
    assert cli.snapshot() == before
    # Once bob takes his edit back, the record is as imported again, and the import can go.
    assert run("undo", env={"LEERLOG_PERSON": "bob"}).exit_code == 0
    assert run("undo").stdout == "undone: 3 imported activities\n"
    assert cli.records("--all") == []


def test_undo_of_an_import_refuses_when_a_record_was_deleted(
    run: Run, cli: Cli, tmp_path: Path
) -> None:
    import_three(run, tmp_path)
    gone = next(r["id"] for r in cli.records("--all") if r["person"] == "bea")
    assert run("--person", "bob", "delete", gone[:8], "--yes").exit_code == 0
    before = cli.snapshot()
    result = run("undo")
    cli.fails(result, 1)
    assert f"activity {gone[:8]} was changed in the meantime" in result.stderr
    assert cli.snapshot() == before


def test_an_import_into_an_empty_log_leaves_the_same_indexes(
    run: Run, cli: Cli, db_path: Path, tmp_path: Path
) -> None:
    """Into an empty table the indexes are made after the rows: the same ones, and in use."""
    cli.add("werk", "Eerst", "-m", "30")
    assert run("undo").exit_code == 0  # the file exists, its activities table is empty
    query = "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name"
    with contextlib.closing(sqlite3.connect(db_path)) as conn:
        indexes = conn.execute(query).fetchall()
    import_three(run, tmp_path)
    with contextlib.closing(sqlite3.connect(db_path)) as conn:
        assert conn.execute(query).fetchall() == indexes
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        plan = conn.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM activities WHERE person = 'anna' AND date = ?",
            ("2026-11-02",),
        ).fetchall()
    assert "activities_natural_key" in str(plan), plan
    assert [r["title"] for r in cli.records("--person", "anna")] == [
        "Intervisie",
        "Casus schuldhulp",
    ]


def test_forgetting_someone_between_keeps_what_the_import_stored(
    run: Run, cli: Cli, tmp_path: Path
) -> None:
    """Anna's imported record went to nina, then to carla; nina is forgotten, and with her the
    entries of both moves. The import's entry keeps the record it stored: undo still sees that
    the record was changed since, and leaves carla's record alone."""
    import_three(run, tmp_path)
    moved = next(r["id"] for r in cli.records("--all") if r["title"] == "Intervisie")
    assert run("--person", "bob", "edit", moved[:8], "--person", "nina").exit_code == 0
    assert run("--person", "bob", "edit", moved[:8], "--person", "carla").exit_code == 0
    assert run("people", "forget", "nina", "--yes").exit_code == 0
    before = cli.snapshot()
    result = run("undo")
    cli.fails(result, 1)
    assert f"activity {moved[:8]} was changed in the meantime" in result.stderr
    assert cli.snapshot() == before
    assert cli.record(moved)["person"] == "carla"


def test_an_import_of_only_invalid_rows_leaves_an_empty_log_as_it_was(
    run: Run, cli: Cli, tmp_path: Path
) -> None:
    cli.add("werk", "Eerst", "-m", "30")
    assert run("undo").exit_code == 0
    path = tmp_path / "fout.csv"
    path.write_text("person,date,category,minutes,title\nanna,gisteren?,werk,0,X\n", "utf-8")
    before = cli.snapshot()
    result = run("import", "--skip-invalid", str(path))
    assert "Traceback" not in result.stdout + result.stderr
    assert cli.snapshot() == before


def test_undo_takes_back_an_import_whose_entry_forget_filled_with_the_rest(
    run: Run, cli: Cli, db_path: Path, tmp_path: Path
) -> None:
    """Bob moved an imported record to nina and took that back; nina is forgotten, and with her
    bob's entry of the move. The import's entry of that record now holds it, the others hold
    none: one undo takes all three back, each exactly as imported."""
    import_three(run, tmp_path)
    records = {record["id"]: record for record in cli.records("--all")}
    moved = next(r["id"] for r in records.values() if r["title"] == "Intervisie")
    assert run("--person", "bob", "edit", moved[:8], "--person", "nina").exit_code == 0
    assert run("undo", env={"LEERLOG_PERSON": "bob"}).exit_code == 0
    assert run("people", "forget", "nina", "--yes").exit_code == 0
    filled = {entry["activity_id"]: entry["after"] is not None for entry in journal(db_path)}
    assert filled == {key: key == moved for key in records}
    assert run("undo", "--dry-run").stdout == "would undo: 3 imported activities\n"
    assert run("undo").stdout == "undone: 3 imported activities\n"
    assert cli.records("--all") == []
    kept = {entry["activity_id"]: json.loads(entry["after"]) for entry in journal(db_path)}
    assert kept == records


def test_undo_of_one_imported_record_names_it(run: Run, cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "een.csv"
    path.write_text(
        "person,date,category,minutes,title\nanna,2026-11-03,sociaal,45,Intervisie\n", "utf-8"
    )
    assert run("import", str(path)).exit_code == 0
    activity = cli.records("--all")[0]["id"]
    line = f"{activity}  would undo (imported): 2026-11-03 45m social: Intervisie\n"
    assert run("undo", "--dry-run").stdout == line
    assert cli.records("--all") != []
    assert run("undo").stdout == line.replace("would undo", "undone")
    assert cli.records("--all") == []


def test_a_partly_present_import_journals_and_takes_back_only_what_it_added(
    run: Run, cli: Cli, db_path: Path, tmp_path: Path
) -> None:
    """Rows already in the log (by id, or by natural key without one) are skipped; the change
    holds the new rows only, and its undo leaves the earlier ones."""
    import_three(run, tmp_path)
    first = {record["id"]: record for record in cli.records("--all")}
    rows = list(csv.DictReader(io.StringIO(run("export", "activities", "--person", "bea").stdout)))
    rows += [
        row | {"id": ""} for row in csv.DictReader(io.StringIO(CSV)) if row["person"] == "anna"
    ]
    rows += [rows[-1] | {"date": "2026-11-05", "category": "werk", "title": "Nieuw"}] * 2
    path = tmp_path / "meer.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), restval="")
        writer.writeheader()
        writer.writerows(rows)
    result = run("import", str(path))
    assert (result.exit_code, result.stdout) == (
        0, "imported 1 activity; 4 already present\n"
    ), result.stderr  # fmt: skip
    added = [r for r in cli.records("--all") if r["id"] not in first]
    assert [r["title"] for r in added] == ["Nieuw"]
    second = [e for e in journal(db_path) if e["activity_id"] not in first]
    assert [e["activity_id"] for e in second] == [added[0]["id"]]
    line = f"{added[0]['id']}  undone (imported): 2026-11-05 45m experiential: Nieuw\n"
    assert run("undo").stdout == line
    assert {record["id"]: record for record in cli.records("--all")} == first
