"""`export balance --pseudonymise`: no name of the file in any cell, the same pseudonym in every
export of a file and another in another file, `team` kept, and a secret that stays put."""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
import re
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from installed import script, sqlite

if TYPE_CHECKING:
    from conftest import Run

    from .conftest import Cli

# Names with letters no hex digit has, so a name cannot hide inside a pseudonym by chance.
PEOPLE = (("anna", "Noord"), ("joost", "Noord"), ("<script>x</script>", "Zuid"), ("wim", "Zuid"))
PSEUDONYM = re.compile(r"p-[0-9a-f]{12}")


def fill(cli: Cli, run: Run, env: dict[str, str] | None = None) -> None:
    for name, team in PEOPLE:
        assert run("people", "set", name, "--team", team, env=env).exit_code == 0
        cli.add("werk", "Huisbezoek", "-m", "60", "-d", "2026-11-02", "-p", name, env=env)


def export(run: Run, *args: str, env: dict[str, str] | None = None) -> list[dict[str, str]]:
    result = run("export", "balance", "--pseudonymise", *args, env=env)
    assert result.exit_code == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


def by_team(rows: list[dict[str, str]]) -> dict[str, list[str]]:
    teams: dict[str, list[str]] = {}
    for row in rows:
        teams.setdefault(row["team"], []).append(row["person"])
    return {team: sorted(people) for team, people in teams.items()}


def test_no_name_of_the_file_in_any_cell_and_team_kept(cli: Cli, run: Run, db_path: Path) -> None:
    fill(cli, run)
    rows = export(run)
    assert len(rows) == 4
    for row in rows:
        assert PSEUDONYM.fullmatch(row["person"])
        for cell in row.values():
            assert not any(name in cell for name, _team in PEOPLE)
    assert [row["team"] for row in rows].count("Noord") == 2
    assert [row["person"] for row in rows] == sorted(row["person"] for row in rows)
    assert len({row["person"] for row in rows}) == 4
    # Each pseudonym is HMAC-SHA256 of the name with the secret the file keeps.
    with sqlite(db_path) as conn:
        (secret,) = conn.execute("SELECT value FROM secrets").fetchone()
    expected = {
        "p-" + hmac.new(secret, name.encode(), hashlib.sha256).hexdigest()[:12]: team
        for name, team in PEOPLE
    }
    assert {row["person"]: row["team"] for row in rows} == expected
    assert len(secret) == 32


def test_the_same_pseudonym_in_every_export_and_another_in_another_file(
    cli: Cli, run: Run, tmp_path: Path
) -> None:
    fill(cli, run)
    first = export(run)
    assert export(run) == first
    as_json = run("export", "balance", "--pseudonymise", "--format", "json")
    assert [r["person"] for r in json.loads(as_json.stdout)] == [r["person"] for r in first]
    # anna alone: her row is the one of the whole export.
    assert export(run, "--person", "anna") == [
        row
        for row in first
        if row["person"] in {r["person"] for r in export(run, "--person", "anna")}
    ]
    other = {"LEERLOG_DB": str(tmp_path / "other.db")}
    fill(cli, run, env=other)
    elsewhere = export(run, env=other)
    assert by_team(elsewhere).keys() == by_team(first).keys()
    assert not {r["person"] for r in elsewhere} & {r["person"] for r in first}


def test_the_secret_survives_forget_undo_and_backup(cli: Cli, run: Run, tmp_path: Path) -> None:
    fill(cli, run)
    before = {row["team"] + "/" + row["person"] for row in export(run, "--person", "anna")}
    everyone = export(run)
    assert run("people", "forget", "wim", "--yes").exit_code == 0
    assert run("undo").exit_code == 0  # anna's last add is taken back, not the secret
    after = export(run)
    assert {row["team"] + "/" + row["person"] for row in export(run, "--person", "anna")} == before
    assert len(after) == 3 and {r["person"] for r in after} < {r["person"] for r in everyone}
    copy = tmp_path / "copy.db"
    assert run("backup", str(copy)).exit_code == 0
    assert export(run, env={"LEERLOG_DB": str(copy)}) == after


def test_reset_pseudonyms_gives_everyone_new_ones(cli: Cli, run: Run) -> None:
    fill(cli, run)
    first = export(run)
    result = run("people", "reset-pseudonyms", "--yes")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "the next pseudonymised export gives everyone new pseudonyms\n"
    again = export(run)
    assert by_team(again).keys() == by_team(first).keys()
    assert not {r["person"] for r in again} & {r["person"] for r in first}
    assert export(run) == again


def test_a_read_of_a_missing_file_creates_nothing(run: Run, db_path: Path) -> None:
    result = run("export", "balance", "--pseudonymise")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no leerlog database at")
    assert not db_path.parent.exists() or list(db_path.parent.iterdir()) == []


def test_two_exports_at_once_end_with_one_secret(
    cli: Cli, run: Run, db_path: Path, subprocess_env: dict[str, str]
) -> None:
    fill(cli, run)
    command = [script(), "export", "balance", "--pseudonymise"]
    children = [
        subprocess.Popen(command, env=subprocess_env, stdout=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    outputs = [child.communicate()[0] for child in children]
    assert all(child.returncode == 0 for child in children)
    assert len(set(outputs)) == 1
    with sqlite(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM secrets").fetchone() == (1,)


def test_two_people_with_one_pseudonym_are_refused_and_nothing_is_written(
    cli: Cli, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With 12 hex digits this practically never happens; with none it always does."""
    fill(cli, run)
    monkeypatch.setattr("leerlog.report.pseudonyms.PSEUDONYM_HEX", 0)
    out = tmp_path / "balance.csv"
    result = run("export", "balance", "--pseudonymise", "--output", str(out))
    cli.fails(result, 1)
    assert result.stderr == (
        "Error: two people of the file got the same pseudonym; nothing was written\n"
        "Hint: run 'leerlog people reset-pseudonyms' and export again\n"
    )
    assert not out.exists()
