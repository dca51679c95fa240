"""The activities CSV, second version: updated_at, session and accreditation, out and back in."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from conftest import Run

    from .conftest import Cli

HEADER = (
    "id,person,date,category,type,minutes,title,with,tags,reflection,created_at,updated_at,"
    "session,accreditation"
)
FIELDS = HEADER.split(",")


def fill(run: Run, cli: Cli) -> str:
    """A session of three, an edited record, an accredited one; the session id."""
    done = run(
        "session", "add", "intervisie", "Casus", "-m", "1u", "--present", "anna,bob,carla",
        "--leader", "Lea",
    )  # fmt: skip
    assert done.exit_code == 0, done.stderr
    own = cli.add("course", "=Motiverende gespreksvoering", "-m", "6u", "--accreditation", "K-1")
    assert run("edit", own, "-m", "5u").exit_code == 0
    return done.stdout.split()[0]


def test_export_has_the_second_header_and_list_and_export_carry_the_same_fields(
    run: Run, cli: Cli
) -> None:
    session_id = fill(run, cli)
    text = run("export", "activities").stdout
    assert text.splitlines()[0] == HEADER
    rows = list(csv.DictReader(io.StringIO(text)))
    assert sorted(r["session"] for r in rows) == ["", session_id, session_id, session_id]
    edited = next(r for r in rows if r["accreditation"] == "K-1")
    assert edited["updated_at"] > edited["created_at"]
    assert edited["title"] == "'=Motiverende gespreksvoering"  # the formula guard
    for fmt in ("json", "jsonl"):
        out = run("export", "activities", "--format", fmt).stdout
        records = json.loads(out) if fmt == "json" else [json.loads(x) for x in out.splitlines()]
        assert all(list(r) == FIELDS for r in records)
    listed = cli.records("--all")
    assert all(list(r) == FIELDS for r in listed)
    assert {r["session"] for r in listed} == {None, session_id}


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl"])
def test_export_then_import_keeps_session_accreditation_and_updated_at(
    run: Run, cli: Cli, tmp_path: Path, fmt: str
) -> None:
    session_id = fill(run, cli)
    exported = run("export", "activities", "--format", fmt).stdout
    source = tmp_path / f"activiteiten.{fmt}"
    source.write_text(exported, encoding="utf-8")
    fresh = tmp_path / "elders.db"
    done = run("--db", str(fresh), "import", str(source))
    assert done.exit_code == 0, done.stderr
    assert run("--db", str(fresh), "export", "activities", "--format", fmt).stdout == exported
    # The other file knows the session through its activities: listed, shown, a sheet.
    listed = run("--db", str(fresh), "session", "list")
    assert listed.stdout.splitlines()[1].split()[:5] == [
        session_id[:8], "2026-11-27", "1h", "intervisie", "3",
    ]  # fmt: skip
    shown = run("--db", str(fresh), "session", "show", session_id[:8])
    assert "Lea" in shown.stdout and "anna" in shown.stdout
    assert run("--db", str(fresh), "import", str(source)).stdout.startswith(
        "imported 0 activities; 4 already present"
    )
    # One undo takes the import back; the session goes with it.
    assert run("--db", str(fresh), "undo").exit_code == 0
    assert "No sessions found." in run("--db", str(fresh), "session", "list").stderr


def test_import_still_reads_the_first_version(run: Run, cli: Cli, tmp_path: Path) -> None:
    first = "id,person,date,category,type,minutes,title,with,tags,reflection,created_at\n"
    row = "x1,anna,2026-11-01,,intervisie,45,Casus,Piet,a,Goed,2026-11-01T09:00:00.000Z\n"
    (tmp_path / "v1.csv").write_text(first + row, encoding="utf-8")
    done = run("import", str(tmp_path / "v1.csv"))
    assert done.exit_code == 0, done.stderr
    record = cli.record("x1")
    assert record["updated_at"] == record["created_at"] == "2026-11-01T09:00:00.000Z"
    assert (record["session"], record["accreditation"]) == (None, None)


def test_an_existing_id_with_another_session_is_a_conflict(
    run: Run, cli: Cli, tmp_path: Path
) -> None:
    session_id = fill(run, cli)
    rows = list(csv.DictReader(io.StringIO(run("export", "activities").stdout)))
    changed = next(r for r in rows if r["session"] == session_id)
    changed["session"] = "another"
    path = tmp_path / "anders.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerow(changed)
    before = cli.snapshot()
    done = run("import", str(path))
    assert done.exit_code == 1
    assert "exists with other content" in done.stderr
    assert cli.snapshot() == before


@pytest.mark.parametrize(
    ("cells", "says"),
    [
        ({"session": "s" * 201}, "row 2, session: the id is longer than 200 characters"),
        ({"accreditation": "a" * 101}, "row 2, accreditation: has 101 characters"),
        ({"accreditation": "SKJ\u202e9"}, "row 2, accreditation: contains U+202E"),
    ],
)
def test_bad_session_or_accreditation_cells_are_invalid_rows(
    run: Run, cli: Cli, tmp_path: Path, cells: dict[str, str], says: str
) -> None:
    cli.add("werk", "Eerst", "-m", "5")
    base = {"person": "anna", "date": "2026-11-01", "category": "werk", "minutes": "45",
            "title": "Casus", **cells}  # fmt: skip
    path = tmp_path / "fout.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(base), lineterminator="\n")
        writer.writeheader()
        writer.writerow(base)
    before = cli.snapshot()
    done = run("import", str(path))
    assert done.exit_code == 1
    assert says in done.stderr, done.stderr
    assert cli.snapshot() == before
