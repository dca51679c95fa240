"""Bad input to the timer commands: one or two plain lines, its exit code, and not a byte changed.

Each row runs against a copy of one log (activities of anna's, bob in a team, and a timer of
anna's running since 09:30) and compares every file of its folder before and after.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from typer.testing import CliRunner

from leerlog.cli.app import app

if TYPE_CHECKING:
    from conftest import Run

NOW = "2026-11-27T10:00"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("timers")
    env: dict[str, str | None] = {
        "LEERLOG_DB": str(root / "data" / "leerlog.db"),
        "LEERLOG_CONFIG": str(root / "config.toml"),
        "LEERLOG_TODAY": None,
        "LEERLOG_PERSON": "anna",
    }
    for now, args in (
        ("2026-11-20T10:00", ("add", "werk", "Eerste huisbezoek", "-m", "1h30")),
        ("2026-11-20T10:00", ("people", "set", "bob", "--team", "Noord")),
        ("2026-11-27T09:30", ("start", "intervisie", "Casus over schuldhulp")),
    ):
        done = CliRunner().invoke(app, list(args), env={**env, "LEERLOG_NOW": now})
        assert done.exit_code == 0, (args, done.stdout, done.stderr)
    return root / "data"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@dataclass(frozen=True)
class Bad:
    args: tuple[str, ...]
    code: int
    says: tuple[str, ...]
    env: dict[str, str] = field(default_factory=dict)


def bad(case_id: str, code: int, says: str | tuple[str, ...], *args: str, **extra: Any) -> Any:
    fragments = (says,) if isinstance(says, str) else says
    return pytest.param(Bad(args, code, fragments, **extra), id=case_id)


BOB = ("-p", "bob")  # bob has no timer: his start would store one
HOUR = "Hint: give it as HH:MM, e.g. --at 9:30 or --at 16:45"
# fmt: off
ROWS = [
    # --at that is not a time of day, or not a possible one
    bad("start-at-25", 2, ("not a time of day: '25:00'", HOUR), "start", "werk", "x", *BOB, "--at", "25:00"),
    bad("start-at-word", 2, "not a time of day: 'straks'", "start", "werk", "x", *BOB, "--at", "straks"),
    bad("start-at-later", 2, ("--at 10:01 is later than now (10:00)", "for another day use 'leerlog add'"),
        "start", "werk", "x", *BOB, "--at", "10:01"),
    bad("stop-at-bad", 2, ("not a time of day: '9'", HOUR), "stop", "--at", "9"),
    bad("stop-at-before-start", 2, "--at 09:29 is before the timer started (09:30)", "stop", "--at", "09:29"),
    bad("stop-at-later", 2, "--at 10:05 is later than now (10:00)", "stop", "--at", "10:05"),
    bad("start-stop-at-before-running", 2, "--at 9:00 is before the timer started (09:30)",
        "start", "--stop", "--at", "9:00", "werk", "x"),
    # WHAT, title, with, tags, person: checked at start as add checks them
    bad("start-unknown-what", 2, "did you mean 'intervisie'?", "start", "intervsie", "x", *BOB),
    bad("start-title-newline", 2, "title: contains U+000A", "start", "werk", "a\nb", *BOB),
    bad("start-title-501", 2, "at most 500", "start", "werk", "t" * 501, *BOB),
    bad("start-with-201", 2, "with: has 201 characters", "start", "werk", "x", *BOB, "--with", "w" * 201),
    bad("start-tag-comma", 2, "cannot contain a comma", "start", "werk", "x", *BOB, "-t", "a,b"),
    bad("start-person-bidi", 2, "U+202E", "start", "werk", "x", "-p", "bob\u202e"),
    bad("start-person-blank", 2, "the person is empty", "start", "werk", "x", "-p", " "),
    # the reflection given at stop
    bad("stop-reflection-20001", 2, "reflection: has 20001 characters", "stop", "-r", "r" * 20_001),
    # data problems: a timer runs, none runs, too long
    bad("start-while-running", 1, "a timer is running already for anna", "start", "werk", "x"),
    bad("stop-nobody", 1, "no timer is running for bob", "stop", *BOB),
    bad("cancel-nobody", 1, "no timer is running for bob", "cancel", *BOB),
    bad("stop-over-a-day", 1, ("has run for 24h30", "--at HH:MM"), "stop",
        env={"LEERLOG_NOW": "2026-11-28T10:00"}),
    # the clock
    bad("now-not-a-time", 2, ("LEERLOG_NOW is not a date and time: 'straks'", "YYYY-MM-DDTHH:MM"),
        "stop", env={"LEERLOG_NOW": "straks"}),
    bad("now-a-date-only", 2, "LEERLOG_NOW is not a date and time", "status",
        env={"LEERLOG_NOW": "2026-11-27"}),
]
# fmt: on


@pytest.mark.parametrize("row", ROWS)
def test_bad_input_is_refused_plainly_and_changes_nothing(
    run: Run,
    isolated: Path,
    template: Path,
    row: Bad,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("LEERLOG_TODAY")
    data = isolated / "data"
    shutil.copytree(template, data)
    before = snapshot(data)

    result = run(*row.args, env={"LEERLOG_NOW": NOW, **row.env})

    shown = f"exit {result.exit_code}\nstdout: {result.stdout!r}\nstderr: {result.stderr!r}"
    assert result.exit_code == row.code, shown
    assert result.stdout == "", shown
    assert "Traceback" not in result.stderr and "unexpected" not in result.stderr, shown
    for fragment in row.says:
        assert fragment in result.stderr, shown
    lines = result.stderr.splitlines()
    assert lines[0].startswith("Error: ") and len(lines) <= 2, shown
    assert all(line.startswith("Hint: ") for line in lines[1:]), shown
    assert snapshot(data) == before, shown


def test_the_rows_can_change_the_file(run: Run, isolated: Path, template: Path) -> None:
    """The comparison above sees a change: the same log, with a timer stopped, differs."""
    data = isolated / "data"
    shutil.copytree(template, data)
    before = snapshot(data)
    assert run("stop", env={"LEERLOG_NOW": NOW}).exit_code == 0
    assert snapshot(data) != before
