"""`leerlog undo --dry-run` says what undo would take back and changes nothing; `add` of an
activity that is logged already stores it and says so."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from installed import unnoted

if TYPE_CHECKING:
    from conftest import Run

    from .conftest import Cli

CSV = "person,date,category,minutes,title\n" + "".join(
    f"anna,2026-11-0{day},formal,60,Module {day}\n" for day in (1, 2, 3)
)


def dry_run(run: Run, cli: Cli) -> str:
    """`leerlog undo --dry-run`: its line, after checking that the file kept every byte."""
    before = cli.snapshot()
    result = run("undo", "--dry-run")
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    assert cli.snapshot() == before
    return result.stdout


@pytest.mark.parametrize(
    ("change", "undone"),
    [
        pytest.param([], "added", id="add"),
        pytest.param(["edit", "{id}", "--title", "Anders"], "changed", id="edit"),
        pytest.param(["delete", "{id}", "--yes"], "deleted", id="delete"),
    ],
)
def test_dry_run_names_what_undo_takes_back_then_undo_does_that(
    run: Run, cli: Cli, change: list[str], undone: str
) -> None:
    activity = cli.add("intervisie", "Casus", "-m", "45", "-d", "2026-11-20")
    if change:
        assert run(*(arg.replace("{id}", activity[:8]) for arg in change)).exit_code == 0
    # Undo names the activity as it brings it back (for an edit: as it was before).
    line = f"{activity}  would undo ({undone}): 2026-11-20 45m social/intervisie: Casus\n"
    assert dry_run(run, cli) == line
    assert dry_run(run, cli) == line  # asking twice changes nothing either
    result = run("undo")
    assert result.stdout == line.replace("would undo", "undone")


def test_dry_run_of_an_import_and_of_a_rename(run: Run, cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "drie.csv"
    path.write_text(CSV, encoding="utf-8")
    assert run("import", str(path)).exit_code == 0
    assert dry_run(run, cli) == "would undo: 3 imported activities\n"
    assert run("people", "rename", "anna", "Anna").exit_code == 0
    assert dry_run(run, cli) == (
        "would undo (renamed 'anna' to 'Anna'): 3 activities as they were\n"
    )
    # The rename was anna's, and "me" is still anna: she can take it back.
    assert run("undo").stdout == "undone (renamed 'anna' to 'Anna'): 3 activities as they were\n"
    assert dry_run(run, cli) == "would undo: 3 imported activities\n"


def test_dry_run_with_nothing_to_undo_is_exit_1(run: Run, cli: Cli, db_path: Path) -> None:
    cli.fails(run("undo", "--dry-run"), 1)
    assert not db_path.parent.exists()  # it created no database either
    cli.add("werk", "A", "-m", "30")
    cli.fails(run("undo", "--dry-run", env={"LEERLOG_PERSON": "bob"}), 1)


def test_dry_run_reports_the_conflict_undo_would_meet(run: Run, cli: Cli) -> None:
    activity = cli.add("werk", "A", "-m", "30")
    assert run("--person", "bob", "edit", activity[:8], "-m", "45").exit_code == 0
    before = cli.snapshot()
    for args in (("undo", "--dry-run"), ("undo",)):
        result = run(*args)
        cli.fails(result, 1)
        assert "was changed in the meantime" in result.stderr
    assert cli.snapshot() == before


def test_help_of_undo_shows_the_dry_run(run: Run) -> None:
    text = run("undo", "--help").stdout
    assert "leerlog undo --dry-run" in text and "--dry-run" in text.split("Example")[-1]


# --- an activity logged twice -------------------------------------------------------------------

ACTIVITY = ["intervisie", "Casus over schuldhulp", "-m", "45", "-d", "2026-11-20"]


def test_add_of_an_activity_logged_already_warns_and_stores_it(run: Run, cli: Cli) -> None:
    first = cli.add(*ACTIVITY)
    # Whatever else differs (time of day, tags, with, reflection), the five fields match.
    result = run("add", *ACTIVITY, "-t", "ander", "--with", "Piet", "-r", "Toch anders")
    assert result.exit_code == 0, result.stderr
    second = result.stdout.split()[0]
    assert unnoted(result.stderr) == (
        f"warning: this is logged already as {first} (same person, date, category, minutes and "
        "title); stored again, 'leerlog undo' takes it back\n"
    )
    assert cli.ids() == [second, first]
    # As it says: undo takes the new one back, and the first one stays.
    assert run("undo").exit_code == 0
    assert cli.ids() == [first]


def test_the_warning_comes_with_quiet_too_and_names_an_earlier_twin(run: Run, cli: Cli) -> None:
    first = cli.add(*ACTIVITY)
    for _ in range(2):
        result = run("add", "--quiet", *ACTIVITY)
        assert result.exit_code == 0
        assert len(result.stdout.split()) == 1  # the id alone
        assert f"already as {first} " in result.stderr
        assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    "other",
    [
        pytest.param(["-p", "bob"], id="person"),
        pytest.param(["-d", "2026-11-21"], id="date"),
        pytest.param(["--type", "", "-c", "formal"], id="category"),
        pytest.param(["-m", "46"], id="minutes"),
        pytest.param(["--title", "Casus over schuldhulp."], id="title"),
        pytest.param(["--title", "casus over schuldhulp"], id="title-case"),
    ],
)
def test_no_warning_when_one_of_the_five_fields_differs(
    run: Run, cli: Cli, other: list[str]
) -> None:
    first = cli.add(*ACTIVITY)
    assert run("edit", first[:8], *other).exit_code == 0
    result = run("add", *ACTIVITY)
    assert result.exit_code == 0
    assert "warning" not in result.stderr
    assert unnoted(result.stderr) == ""


def test_the_same_activity_of_another_type_in_the_same_category_is_a_twin(
    run: Run, cli: Cli
) -> None:
    """The type is not one of the five: a supervisie of the same minutes is the same learning."""
    first = cli.add(*ACTIVITY)
    result = run("add", "supervisie", *ACTIVITY[1:])
    assert f"already as {first} " in result.stderr
