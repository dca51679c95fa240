"""Proof files: kept byte for byte up to 20 MiB, streamed, numbered, removed and brought back."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import tracemalloc
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from installed import run_script

if TYPE_CHECKING:
    from cli.conftest import Cli
    from conftest import Run

MIB = 1024 * 1024
LIMIT = 20 * MIB


def listed(run: Run, activity_id: str) -> list[dict[str, Any]]:
    result = run("evidence", "list", activity_id, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data: list[dict[str, Any]] = json.loads(result.stdout)
    return data


def rows(db_path: Path) -> list[tuple[str, int, bool]]:
    """Every evidence row in the file: name, size, and whether it is shown."""
    with sqlite3.connect(db_path) as conn:
        found = conn.execute(
            "SELECT name, size, removed_at IS NULL FROM evidence ORDER BY rowid"
        ).fetchall()
    conn.close()
    return [(name, size, bool(shown)) for name, size, shown in found]


@pytest.mark.parametrize("size", [0, 1, LIMIT], ids=["0-bytes", "1-byte", "20-MiB"])
def test_a_proof_file_comes_back_byte_for_byte(
    cli: Cli, run: Run, isolated: Path, size: int
) -> None:
    content = os.urandom(size)
    source = isolated / "certificaat.pdf"
    source.write_bytes(content)
    activity = cli.add("formeel", "Training meldcode", "-m", "3u")
    added = run("evidence", "add", activity[:8], str(source))
    assert added.exit_code == 0, added.stderr
    assert added.stdout.startswith(f"{activity[:8]}  proof kept: 1. certificaat.pdf (")
    [entry] = listed(run, activity)
    assert entry["number"] == 1
    assert entry["name"] == "certificaat.pdf"
    assert entry["size"] == size
    assert entry["media_type"] == "application/pdf"
    assert entry["sha256"] == hashlib.sha256(content).hexdigest()
    target = isolated / "out" / "terug.pdf"
    got = run("evidence", "get", activity, "1", "--output", str(target))
    assert got.exit_code == 0, got.stderr
    assert got.stdout == ""
    assert target.read_bytes() == content
    assert [p.name for p in target.parent.iterdir()] == ["terug.pdf"]  # no temporary left


def test_one_byte_over_20_mib_is_refused_and_nothing_is_stored(
    cli: Cli, run: Run, isolated: Path, db_path: Path
) -> None:
    activity = cli.add("formeel", "Training", "-m", "1u")
    small = isolated / "klein.pdf"
    small.write_bytes(b"%PDF-1.4 small")
    big = isolated / "scan.tiff"
    with big.open("wb") as handle:
        handle.truncate(LIMIT + 1)
    before = cli.snapshot()
    result = run("evidence", "add", activity, str(small), str(big))
    cli.fails(result, 2)
    assert f"holds {LIMIT + 1} bytes; a proof file may hold at most 20 MiB" in result.stderr
    assert cli.snapshot() == before
    assert rows(db_path) == []
    assert listed(run, activity) == []


def test_proof_is_numbered_from_one_in_the_order_it_was_added(
    cli: Cli, run: Run, isolated: Path
) -> None:
    activity = cli.add("intervisie", "Casus", "-m", "45")
    for name in ("a.pdf", "b.jpg", "c.txt"):
        (isolated / name).write_bytes(name.encode())
    assert run("evidence", "add", activity, str(isolated / "a.pdf")).exit_code == 0
    both = run("evidence", "add", activity, str(isolated / "b.jpg"), str(isolated / "c.txt"))
    assert both.stdout.splitlines() == [
        f"{activity[:8]}  proof kept: 2. b.jpg (5 bytes)",
        f"{activity[:8]}  proof kept: 3. c.txt (5 bytes)",
    ]
    files = listed(run, activity)
    assert [(f["number"], f["name"], f["media_type"]) for f in files] == [
        (1, "a.pdf", "application/pdf"),
        (2, "b.jpg", "image/jpeg"),
        (3, "c.txt", "text/plain"),
    ]
    table = run("evidence", "list", activity)
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["number", "name", "size", "media", "type", "sha256", "added"]
    assert lines[2].split()[:5] == ["2", "b.jpg", "5", "bytes", "image/jpeg"]
    assert lines[2].split()[5] == hashlib.sha256(b"b.jpg").hexdigest()[:12]


def test_remove_hides_a_file_and_undo_brings_it_back(
    cli: Cli, run: Run, isolated: Path, db_path: Path
) -> None:
    activity = cli.add("intervisie", "Casus", "-m", "45")
    for name in ("a.pdf", "b.pdf"):
        (isolated / name).write_bytes(name.encode())
    run("evidence", "add", activity, str(isolated / "a.pdf"), str(isolated / "b.pdf"))
    removed = run("evidence", "remove", activity, "1")
    assert removed.exit_code == 0, removed.stderr
    assert removed.stdout == f"{activity[:8]}  proof removed: 1. a.pdf\n"
    assert [f["name"] for f in listed(run, activity)] == ["b.pdf"]  # b.pdf is number 1 now
    assert rows(db_path) == [("a.pdf", 5, False), ("b.pdf", 5, True)]
    undone = run("undo")
    assert undone.exit_code == 0, undone.stderr
    assert undone.stdout.startswith(f"{activity}  undone (changed): ")
    assert [f["name"] for f in listed(run, activity)] == ["a.pdf", "b.pdf"]
    # The next undo takes back the add of both files, in one step.
    assert run("undo").exit_code == 0
    assert listed(run, activity) == []
    assert cli.record(activity)["title"] == "Casus"


def test_add_with_evidence_is_one_change_that_one_undo_takes_back(
    cli: Cli, run: Run, isolated: Path, db_path: Path
) -> None:
    (isolated / "certificaat.pdf").write_bytes(b"certificate")
    (isolated / "lijst.pdf").write_bytes(b"signed list")
    activity = cli.add(
        "formeel", "Meldcode", "-m", "2u", "--evidence", str(isolated / "certificaat.pdf"),
        "--evidence", str(isolated / "lijst.pdf"),
    )  # fmt: skip
    assert [f["name"] for f in listed(run, activity)] == ["certificaat.pdf", "lijst.pdf"]
    # The history shows one change: the add, with its proof.
    history = run("show", activity).stdout.split("\nHistory\n")[1].splitlines()
    assert [line.split("  ")[-2:] for line in history] == [
        ["anna", "added"],
        ["Evidence", "+ certificaat.pdf, + lijst.pdf"],
    ]
    undone = run("undo")
    assert undone.exit_code == 0, undone.stderr
    assert undone.stdout.startswith(f"{activity}  undone (added): ")
    assert cli.records("--all") == []
    assert [shown for _name, _size, shown in rows(db_path)] == [False, False]
    assert run("undo").exit_code == 1  # nothing left: the add and its proof were one change


def test_add_with_a_missing_evidence_file_stores_nothing(
    cli: Cli, run: Run, isolated: Path, db_path: Path
) -> None:
    cli.add("werk", "Eerder", "-m", "30")
    before = cli.snapshot()
    result = run("add", "formeel", "Meldcode", "-m", "2u", "--evidence", str(isolated / "nope"))
    cli.fails(result, 2)
    assert "no file at" in result.stderr
    assert cli.snapshot() == before
    assert len(cli.records()) == 1


def test_edit_with_evidence_adds_proof_and_undo_takes_back_the_edit_with_it(
    cli: Cli, run: Run, isolated: Path
) -> None:
    (isolated / "scan.jpg").write_bytes(b"scan")
    activity = cli.add("werk", "Huisbezoek", "-m", "30")
    only = run("edit", activity, "--evidence", str(isolated / "scan.jpg"))
    assert only.exit_code == 0, only.stderr
    assert only.stdout == f"{activity[:8]}  proof kept: 1. scan.jpg (4 bytes)\n"
    both = run("edit", activity, "-m", "45", "--evidence", str(isolated / "scan.jpg"))
    assert both.exit_code == 0, both.stderr
    assert cli.record(activity)["minutes"] == 45
    assert len(listed(run, activity)) == 2
    undone = run("undo")
    assert undone.stdout.startswith(f"{activity}  undone (changed): 2026-11-27 30m ")
    assert cli.record(activity)["minutes"] == 30
    assert len(listed(run, activity)) == 1
    assert run("undo").exit_code == 0
    assert listed(run, activity) == []
    assert cli.record(activity)["minutes"] == 30


@pytest.mark.parametrize(
    ("lang", "kept", "removed"),
    [("en", "Evidence  + certificaat.pdf, + scan.jpg", "Evidence  \u2212 scan.jpg"),
     ("nl", "Bewijs  + certificaat.pdf, + scan.jpg", "Bewijs  \u2212 scan.jpg")],
)  # fmt: skip
def test_show_lists_the_proof_and_names_it_in_the_history(
    cli: Cli,
    run: Run,
    isolated: Path,
    subprocess_env: dict[str, str],
    lang: str,
    kept: str,
    removed: str,
) -> None:
    (isolated / "certificaat.pdf").write_bytes(b"1234")
    (isolated / "scan.jpg").write_bytes(b"scan!")
    activity = cli.add("formeel", "Meldcode", "-m", "2u")
    run("evidence", "add", activity, str(isolated / "certificaat.pdf"), str(isolated / "scan.jpg"))
    run("evidence", "remove", activity, "2")
    shown = run_script(subprocess_env | {"LEERLOG_LANG": lang}, "show", activity)
    assert shown.returncode == 0, shown.stderr
    lines = [line.strip() for line in shown.stdout.splitlines()]
    digest = hashlib.sha256(b"1234").hexdigest()
    size = "4 bytes"
    assert f"1.  certificaat.pdf  ({size})  sha256 {digest}" in lines
    assert not any("sha256" in line and "scan.jpg" in line for line in lines)
    assert kept in lines
    assert removed in lines
    data = json.loads(run("show", activity, "--format", "json").stdout)
    assert [(f["number"], f["name"], f["sha256"]) for f in data["evidence"]] == [
        (1, "certificaat.pdf", digest)
    ]
    assert data["reflection_parts"] is None


def test_backup_carries_the_proof(cli: Cli, run: Run, isolated: Path) -> None:
    content = os.urandom(3 * MIB + 17)
    (isolated / "bewijs.pdf").write_bytes(content)
    activity = cli.add("formeel", "Meldcode", "-m", "2u")
    run("evidence", "add", activity, str(isolated / "bewijs.pdf"))
    copy = isolated / "kopie.db"
    made = run("backup", str(copy))
    assert made.exit_code == 0, made.stderr
    # The original goes; only the copy can give the bytes back.
    (isolated / "bewijs.pdf").unlink()
    target = isolated / "terug.pdf"
    got = run("--db", str(copy), "evidence", "get", activity, "1", "-o", str(target))
    assert got.exit_code == 0, got.stderr
    assert target.read_bytes() == content


def test_20_mib_goes_in_and_out_without_being_held_in_memory(
    cli: Cli, run: Run, isolated: Path
) -> None:
    activity = cli.add("formeel", "Meldcode", "-m", "2u")
    small = isolated / "klein.pdf"
    small.write_bytes(b"warm up")
    # The first runs import what the commands need; the peak is measured after them.
    run("evidence", "add", activity, str(small))
    run("evidence", "get", activity, "1", "-o", str(isolated / "klein-terug.pdf"))
    big = isolated / "groot.pdf"
    content = os.urandom(LIMIT)
    big.write_bytes(content)
    digest = hashlib.sha256(content).hexdigest()
    del content
    tracemalloc.start()
    try:
        added = run("evidence", "add", activity, str(big))
        got = run("evidence", "get", activity, "2", "-o", str(isolated / "groot-terug.pdf"))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert added.exit_code == 0, added.stderr
    assert got.exit_code == 0, got.stderr
    assert peak < 8 * MIB, peak
    assert hashlib.sha256((isolated / "groot-terug.pdf").read_bytes()).hexdigest() == digest


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("get", "{id}", "1", "-o", "{tmp}/x"), "activity {short} has no proof files"),
        (("get", "{id}", "2", "-o", "{tmp}/x"), "activity {short} has no proof file 2; it has 1"),
        (("remove", "{id}", "5"), "activity {short} has no proof file 5; it has 1"),
    ],
    ids=["get-from-none", "get-2-of-1", "remove-5-of-1"],
)
def test_an_unknown_number_is_a_data_problem(
    cli: Cli, run: Run, isolated: Path, args: tuple[str, ...], says: str
) -> None:
    activity = cli.add("werk", "Huisbezoek", "-m", "30")
    if "has 1" in says:
        (isolated / "a.pdf").write_bytes(b"a")
        run("evidence", "add", activity, str(isolated / "a.pdf"))
    before = cli.snapshot()
    values = {"{id}": activity, "{tmp}": str(isolated), "{short}": activity[:8]}
    filled = [values.get(arg, arg).replace("{tmp}", str(isolated)) for arg in args]
    result = run("evidence", *filled)
    cli.fails(result, 1)
    assert says.replace("{short}", activity[:8]) in result.stderr
    assert f"run 'leerlog evidence list {activity[:8]}' to see the numbers" in result.stderr
    assert cli.snapshot() == before
    assert not (isolated / "x").exists()


def test_forget_keeps_the_proof_of_a_record_that_is_someone_elses_now(
    cli: Cli, run: Run, isolated: Path, db_path: Path
) -> None:
    source = isolated / "verklaring.pdf"
    source.write_bytes(b"getekend")
    anna = {"LEERLOG_PERSON": "anna"}
    moved = cli.add("supervisie", "Supervisie", "-m", "1u", env=anna)
    assert run("edit", moved[:8], "--person", "bob", env=anna).exit_code == 0
    bob = {"LEERLOG_PERSON": "bob"}
    assert run("evidence", "add", moved[:8], str(source), env=bob).exit_code == 0
    parts = (
        "--part",
        "technisch-instrumenteel=a",
        "--part",
        "normatief=b",
        "--part",
        "persoonlijk=c",
    )
    assert run("reflect", moved[:8], "--template", "skj", *parts, env=bob).exit_code == 0
    # anna adds proof to bob's record too: forgetting her keeps the file, not her name
    signed = isolated / "lijst.pdf"
    signed.write_bytes(b"lijst")
    assert run("evidence", "add", moved[:8], str(signed), env=anna).exit_code == 0

    forgot = run("people", "forget", "anna", "--yes")

    assert forgot.exit_code == 0, forgot.stderr
    assert [entry["name"] for entry in listed(run, moved)] == ["verklaring.pdf", "lijst.pdf"]
    assert {entry["added_by"] for entry in listed(run, moved)} == {"bob", "(forgotten)"}
    shown = json.loads(run("show", moved[:8], "--format", "json", env=bob).stdout)
    assert shown["reflection_parts"]["template"] == "skj"
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM evidence WHERE added_by = 'anna'").fetchone() == (
            0,
        )
    conn.close()
    # nothing of anna is left, so forgetting her again finds nobody
    assert run("people", "forget", "anna", "--yes").exit_code == 1


def test_a_name_with_a_newline_stays_on_its_confirmation_line(
    cli: Cli, run: Run, isolated: Path
) -> None:
    """As in the list and the history: the name's control characters are shown escaped."""
    odd = isolated / "odd\nname.pdf"
    odd.write_bytes(b"pdf")
    activity = cli.add("werk", "Huisbezoek", "-m", "30")
    for number, command in enumerate(
        (["evidence", "add", activity], ["edit", activity, "--evidence"]), start=1
    ):
        kept = run(*command, str(odd))
        assert kept.exit_code == 0, kept.stderr
        assert kept.stdout == f"{activity[:8]}  proof kept: {number}. odd\\x0aname.pdf (3 bytes)\n"
    removed = run("evidence", "remove", activity, "1")
    assert removed.stdout == f"{activity[:8]}  proof removed: 1. odd\\x0aname.pdf\n"
    assert [f["name"] for f in listed(run, activity)] == ["odd\nname.pdf"]  # stored as given
