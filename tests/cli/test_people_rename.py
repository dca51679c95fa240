"""`leerlog people rename OLD NEW`: every record moves, a merge into a NEW that exists, one undo."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from installed import sqlite
from leerlog.storage.journal import FIELDS

if TYPE_CHECKING:
    from conftest import Run

    from .conftest import Cli

TABLES = ("activities", "people")


def contents(db_path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the tables a rename changes, every column, as any SQLite tool reads them."""
    with sqlite(db_path) as conn:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in TABLES}


def people(db_path: Path) -> dict[str, str | None]:
    with sqlite(db_path) as conn:
        return dict(conn.execute("SELECT name, team FROM people").fetchall())


@pytest.fixture
def logbook(run: Run, cli: Cli) -> dict[str, str]:
    """anna logged twice for jost (a typo of joost's name), and for herself with jost's name in
    'with'; joost has a team and an activity of his own. The ids by what they are."""
    ids = {
        "jost-1": cli.add("intervisie", "Casus", "-m", "45", "-p", "jost", "-t", "a", "-r", "R"),
        "jost-2": cli.add("werk", "Huisbezoek", "-m", "1h", "-p", "jost", "-d", "gisteren"),
        "with-list": cli.add("coaching", "Gesprek", "-m", "30", "--with", "Piet, JOST"),
        "with-en": cli.add("coaching", "Tweede", "-m", "30", "--with", "Jost en Sanne"),
        "with-other": cli.add("coaching", "Derde", "-m", "30", "--with", "Jostinho"),
        "joost": cli.add("workshop", "Training", "-m", "2u", "-p", "joost"),
    }
    for name, team in (("jost", "Team Noord"), ("joost", "Team Zuid"), ("anna", "Team Zuid")):
        assert run("people", "set", name, "--team", team).exit_code == 0
    return ids


def test_rename_to_a_new_name_moves_every_record_and_undo_brings_it_all_back(
    run: Run, cli: Cli, db_path: Path, logbook: dict[str, str]
) -> None:
    before = contents(db_path)
    found_with = {r["id"] for r in cli.records("--all", "--with", "jost")}
    assert found_with == {logbook["with-list"], logbook["with-en"]}
    born = {row[0]: row[2] for row in before["people"]}["jost"]

    result = run("people", "rename", "jost", "Jost de Vries")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "renamed 'jost' to 'Jost de Vries': 2 activities moved, and 'Jost de Vries' in the "
        "'with' of 2 other activities\n"
    )
    assert result.stderr == ""
    moved = cli.records("--person", "Jost de Vries")
    assert {r["id"] for r in moved} == {logbook["jost-1"], logbook["jost-2"]}
    assert [r["with"] for r in cli.records("--with", "Jost de Vries")] == [
        "Jost de Vries en Sanne",
        "Piet, Jost de Vries",
    ]
    assert cli.record(logbook["with-other"])["with"] == "Jostinho"
    assert {r["id"] for r in cli.records("--all", "--with", "jost de vries")} == found_with
    # The person keeps their team and the moment they came into the file.
    with sqlite(db_path) as conn:
        rows = conn.execute("SELECT name, team, created_at FROM people").fetchall()
    assert ("Jost de Vries", "Team Noord", born) in rows
    assert "jost" not in {name for name, _team, _at in rows}
    # Each changed record counts as edited (sync sends it again); the rest stayed as it was.
    after = {row[0]: row for row in contents(db_path)["activities"]}
    created, updated = FIELDS.index("created_at"), FIELDS.index("updated_at")
    for row in before["activities"]:
        changed = row[0] in {logbook[k] for k in ("jost-1", "jost-2", "with-list", "with-en")}
        assert (after[row[0]][updated] != row[updated]) is changed
        assert after[row[0]][created] == row[created]

    result = run("undo")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "undone (renamed 'jost' to 'Jost de Vries'): 4 activities as they were\n"
    )
    assert contents(db_path) == before


def test_rename_into_an_existing_person_merges_them_and_undo_parts_them_again(
    run: Run, cli: Cli, db_path: Path, logbook: dict[str, str]
) -> None:
    before = contents(db_path)
    result = run("people", "rename", "jost", "joost")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("merged 'jost' into 'joost': 2 activities moved, and ")
    # joost keeps his own team, and stderr says which team jost's records leave.
    assert result.stderr == "note: 'jost' was in Team Noord; 'joost' stays in Team Zuid\n"
    assert people(db_path) == {"anna": "Team Zuid", "joost": "Team Zuid"}
    assert {r["id"] for r in cli.records("--person", "joost")} == {
        logbook["jost-1"], logbook["jost-2"], logbook["joost"],
    }  # fmt: skip
    report = run("report", "--person", "joost", "--format", "json", "--period", "all")
    assert '"activities": 3' in report.stdout

    assert run("undo").exit_code == 0
    assert contents(db_path) == before


def test_a_merge_into_someone_without_a_team_gives_them_the_team(
    run: Run, db_path: Path, logbook: dict[str, str]
) -> None:
    assert run("people", "set", "joost", "--team", "").exit_code == 0
    before = contents(db_path)
    result = run("people", "rename", "jost", "joost")
    assert (result.exit_code, result.stderr) == (0, "")
    assert people(db_path)["joost"] == "Team Noord"
    assert run("undo").exit_code == 0
    assert contents(db_path) == before
    assert people(db_path)["joost"] is None


def test_someone_with_only_a_team_is_renamed_and_back(run: Run, db_path: Path) -> None:
    assert run("people", "set", "dirk", "--team", "Noord").exit_code == 0
    before = contents(db_path)
    result = run("people", "rename", "dirk", "Dirk")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "renamed 'dirk' to 'Dirk': 0 activities moved\n"
    assert people(db_path) == {"Dirk": "Noord"}
    dry = run("undo", "--dry-run")
    assert dry.stdout == "would undo (renamed 'dirk' to 'Dirk'): 0 activities as they were\n"
    assert run("undo").exit_code == 0
    assert contents(db_path) == before


def test_undo_takes_back_the_rename_first_then_the_changes_before_it(
    run: Run, cli: Cli, db_path: Path, logbook: dict[str, str]
) -> None:
    assert run("people", "rename", "jost", "Jost").exit_code == 0
    assert run("undo", env={"LEERLOG_PERSON": "bob"}).exit_code == 1  # not bob's to undo
    assert run("undo").exit_code == 0
    undone = run("undo")  # the next is the last add before the rename
    assert undone.stdout.startswith(f"{logbook['joost']}  undone (added)")
    assert {r["person"] for r in cli.records("--all")} == {"anna", "jost"}


def test_undo_refuses_while_someone_logs_under_the_new_name(
    run: Run, cli: Cli, db_path: Path, logbook: dict[str, str]
) -> None:
    assert run("people", "rename", "jost", "Jost").exit_code == 0
    later = cli.add("werk", "Later", "-m", "30", env={"LEERLOG_PERSON": "Jost"})
    before = contents(db_path)
    for args in (("undo", "--dry-run"), ("undo",)):
        result = run(*args)
        cli.fails(result, 1)
        assert f"'Jost' has activities logged after the rename, such as {later[:8]}" in (
            result.stderr
        )
        assert contents(db_path) == before
    # Once that activity is taken back by whoever logged it, the rename can go too.
    assert run("undo", env={"LEERLOG_PERSON": "Jost"}).exit_code == 0
    assert run("undo").exit_code == 0
    assert people(db_path)["jost"] == "Team Noord"


def test_an_unknown_old_name_names_the_nearest(run: Run, cli: Cli, logbook: dict[str, str]) -> None:
    before = cli.snapshot()
    result = run("people", "rename", "jos", "joost")
    cli.fails(result, 1)
    assert result.stderr.splitlines() == [
        "Error: nobody called 'jos' in this log; did you mean 'jost'?",
        "Hint: the people: anna, joost, jost",
    ]
    assert cli.snapshot() == before


def test_rename_without_a_database_creates_none(run: Run, cli: Cli, db_path: Path) -> None:
    cli.fails(run("people", "rename", "jost", "joost"), 1)
    assert not db_path.parent.exists()


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        pytest.param("jost", "", "the name is empty", id="new-empty"),
        pytest.param("jost", "   ", "the name is empty", id="new-blank"),
        pytest.param("jost", "jo\x1bst", "person: contains U+001B", id="new-control"),
        pytest.param("jost", "jo\u202est", "person: contains U+202E", id="new-bidi"),
        pytest.param("jost", "j" * 101, "person: has 101 characters", id="new-too-long"),
        pytest.param("jost", "jost", "'jost' and 'jost' are the same name", id="same"),
        pytest.param("jost", " jost ", "are the same name", id="same-but-spaces"),
        pytest.param(" ", "joost", "the name is empty", id="old-blank"),
    ],
)
def test_a_bad_name_is_a_usage_error_and_changes_nothing(
    run: Run, cli: Cli, logbook: dict[str, str], old: str, new: str, says: str
) -> None:
    before = cli.snapshot()
    result = run("people", "rename", old, new)
    cli.fails(result, 2)
    assert says in result.stderr
    assert cli.snapshot() == before


def test_a_with_that_would_grow_too_long_stops_the_whole_rename(
    run: Run, cli: Cli, db_path: Path, logbook: dict[str, str]
) -> None:
    crowded = cli.add("werk", "Vol", "-m", "30", "--with", ", ".join(["jost"] * 30))
    before = cli.snapshot()
    result = run("people", "rename", "jost", "Jost van der Veen-Achternaam")
    cli.fails(result, 1)
    assert f"the new name makes the 'with' of activity {crowded[:8]} too long" in result.stderr
    assert cli.snapshot() == before


def test_forgetting_the_new_name_forgets_the_former_one_too(
    run: Run, cli: Cli, logbook: dict[str, str]
) -> None:
    assert run("people", "rename", "jost", "Jost").exit_code == 0
    assert run("people", "forget", "Jost", "--yes").exit_code == 0
    result = run("people", "forget", "jost", "--yes")
    cli.fails(result, 1)
    assert "the file does not know 'jost'" in result.stderr


def test_help_explains_the_merge_with_examples(run: Run) -> None:
    text = " ".join(run("people", "rename", "--help").stdout.split())
    assert "NEW keeps its own team, or takes OLD's when it has none" in text
    assert "leerlog people rename jost joost" in text
    assert "leerlog people rename jost joost" in run("people", "--help").stdout


def test_renaming_yourself_says_where_you_are_still_the_old_name(run: Run, cli: Cli) -> None:
    cli.add("werk", "A", "-m", "30")
    result = run("people", "rename", "anna", "Anna de Vries")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        "note: you are still 'anna' (from LEERLOG_PERSON); make that 'Anna de Vries', or what you "
        "log next goes to 'anna' again\n"
    )
    # Until then "you" are still anna, who can take the rename back.
    assert run("undo").stdout.startswith("undone (renamed 'anna' to 'Anna de Vries')")


def test_a_running_timer_is_settled_before_a_rename(
    run: Run, cli: Cli, logbook: dict[str, str]
) -> None:
    # A timer is not journaled: undo could not move it back, so the rename waits for it.
    assert run("start", "intervisie", "Casus", "-p", "jost").exit_code == 0
    before = cli.snapshot()
    result = run("people", "rename", "jost", "joost")
    cli.fails(result, 1)
    assert "'jost' has a timer running; nothing was changed" in result.stderr
    assert "leerlog cancel" in result.stderr
    assert cli.snapshot() == before
    assert run("cancel", "-p", "jost").exit_code == 0
    assert run("people", "rename", "jost", "joost").exit_code == 0
