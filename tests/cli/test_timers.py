"""leerlog start, stop, status and cancel through the real commands, with "now" fixed.

LEERLOG_NOW fixes the clock of every run (and, without LEERLOG_TODAY, today with it); the time
zone of these runs is the machine's, which every expectation here reads the same way.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from installed import sqlite

if TYPE_CHECKING:
    from conftest import Result, Run

    from .conftest import Cli

START = "2026-11-27T09:30"
CASUS = ("intervisie", "Casus over schuldhulp")


class Clocked:
    """Runs of leerlog, each at a moment given as LEERLOG_NOW."""

    def __init__(self, run: Run) -> None:
        self.run = run

    def __call__(self, now: str, *args: str, input: str | None = None) -> Result:
        return self.run(*args, input=input, env={"LEERLOG_NOW": now})

    def ok(self, now: str, *args: str) -> str:
        result = self(now, *args)
        assert result.exit_code == 0, (args, result.stdout, result.stderr)
        return result.stdout


@pytest.fixture
def at(run: Run, monkeypatch: pytest.MonkeyPatch) -> Clocked:
    monkeypatch.delenv("LEERLOG_TODAY")  # today follows LEERLOG_NOW
    return Clocked(run)


def timers(db_path: Path) -> list[tuple[str, ...]]:
    with sqlite(db_path) as conn:
        return conn.execute(
            "SELECT person, title, started_at FROM timers ORDER BY person"
        ).fetchall()


def journal(db_path: Path) -> list[tuple[str, str]]:
    with sqlite(db_path) as conn:
        return conn.execute("SELECT action, actor FROM journal ORDER BY seq").fetchall()


# --- start, status, stop --------------------------------------------------------------------------


def test_stop_logs_the_minutes_it_ran_exactly_as_add_would(
    at: Clocked, cli: Cli, db_path: Path
) -> None:
    started = at.ok(START, "start", *CASUS, "--with", "Marieke", "-t", "schuldhulp")
    assert started == "timer started at 09:30: social/intervisie: Casus over schuldhulp\n"
    assert at.ok("2026-11-27T10:15", "status") == (
        "social/intervisie: Casus over schuldhulp (since 09:30, 45m)\n"
    )
    stopped = at("2026-11-27T10:15:29", "stop", "-r", "Eerst de vraag achter de vraag")
    assert stopped.exit_code == 0 and stopped.stderr == ""
    new_id, line = stopped.stdout.rstrip("\n").split("  ", 1)
    assert line == "added: 2026-11-27 45m social/intervisie: Casus over schuldhulp"

    record = cli.record(new_id)
    assert {k: record[k] for k in ("person", "date", "category", "type", "minutes", "title")} == {
        "person": "anna", "date": "2026-11-27", "category": "social", "type": "intervisie",
        "minutes": 45, "title": "Casus over schuldhulp",
    }  # fmt: skip
    assert (record["with"], record["tags"]) == ("Marieke", ["schuldhulp"])
    assert record["reflection"] == "Eerst de vraag achter de vraag"
    assert journal(db_path) == [("add", "anna")]
    assert timers(db_path) == []
    # add says the same of the same activity, after its own id.
    added = at("2026-11-27T10:20", "add", *CASUS, "-m", "45", "--with", "Marieke")
    assert added.stdout.split("  ", 1)[1] == line + "\n"


def test_quiet_stop_prints_the_id_alone(at: Clocked, cli: Cli) -> None:
    at.ok(START, "start", *CASUS)
    new_id = at.ok("2026-11-27T10:00", "stop", "-q").strip()
    assert cli.record(new_id)["minutes"] == 30


def test_the_start_is_stored_in_utc_and_another_run_reads_it(
    at: Clocked, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "Europe/Amsterdam")
    time.tzset()
    try:
        at.ok(START, "start", *CASUS)
        assert timers(db_path) == [("anna", "Casus over schuldhulp", "2026-11-27T08:30:00.000Z")]
        assert "(since 09:30, 1h)" in at.ok("2026-11-27T10:30", "status")
        # Summer time ended on 2026-10-25: 01:30 summer time to 03:30 winter time is 3 hours.
        at.ok("2026-11-27T10:30", "cancel")
        at.ok("2026-10-25T01:30", "start", "werk", "Nachtdienst")
        assert timers(db_path)[0][2] == "2026-10-24T23:30:00.000Z"
        assert " 3h experiential: Nachtdienst" in at.ok("2026-10-25T03:30", "stop")
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


@pytest.mark.parametrize(
    ("stopped", "minutes"),
    [
        ("09:00:00", 1), ("09:00:29.500", 1), ("09:00:30", 1), ("09:01:29.999", 1),
        ("09:01:30", 2), ("09:44:29.999", 44), ("09:44:30", 45),
    ],
)  # fmt: skip
def test_the_minutes_are_rounded_to_the_nearest_and_at_least_one(
    at: Clocked, cli: Cli, stopped: str, minutes: int
) -> None:
    at.ok("2026-11-27T09:00", "start", "werk", "Huisbezoek")
    new_id = at.ok(f"2026-11-27T{stopped}", "stop", "-q").strip()
    assert cli.record(new_id)["minutes"] == minutes


def test_at_says_when_it_started_and_when_it_ended(at: Clocked, cli: Cli) -> None:
    assert "timer started at 08:15:" in at.ok(START, "start", "werk", "Huisbezoek", "--at", "8:15")
    assert "(since 08:15, 1h15)" in at.ok(START, "status")
    new_id = at.ok("2026-11-27T12:00", "stop", "--at", "9.45", "-q").strip()
    assert cli.record(new_id)["minutes"] == 90


def test_a_timer_forgotten_overnight_stops_at_a_time_on_its_own_day(at: Clocked, cli: Cli) -> None:
    at.ok("2026-11-26T15:00", "start", "e-learning", "Module Participatiewet")
    assert "(since 2026-11-26 15:00, 18h)" in at.ok("2026-11-27T09:00", "status")
    new_id = at.ok("2026-11-27T09:00", "stop", "--at", "16:30", "-q").strip()
    record = cli.record(new_id)
    assert (record["date"], record["minutes"]) == ("2026-11-26", 90)


def test_more_than_24_hours_is_refused_with_a_hint_and_the_timer_keeps_running(
    at: Clocked, cli: Cli, db_path: Path
) -> None:
    at.ok("2026-11-26T09:00", "start", "werk", "Huisbezoek")
    assert at.ok("2026-11-27T09:00:29", "stop", "-q")  # 1440 minutes is still an activity
    at.ok("2026-11-26T09:00", "start", "werk", "Huisbezoek")
    before = timers(db_path)
    refused = at("2026-11-27T09:00:30", "stop")
    cli.fails(refused, 1)
    assert "has run for 24h01 since 2026-11-26 09:00" in refused.stderr
    assert "Hint: say when it ended with 'leerlog stop --at HH:MM'" in refused.stderr
    assert timers(db_path) == before
    assert "(since 2026-11-26 09:00, 24h01)" in at.ok("2026-11-27T09:00:30", "status")
    new_id = at.ok("2026-11-27T09:00:30", "stop", "--at", "11:00", "-q").strip()
    assert cli.record(new_id)["minutes"] == 120


# --- one timer per person ---------------------------------------------------------------------------


def test_a_start_while_a_timer_runs_is_exit_1_and_names_it(
    at: Clocked, cli: Cli, db_path: Path
) -> None:
    at.ok(START, "start", *CASUS)
    before = cli.snapshot()
    refused = at("2026-11-27T09:40", "start", "werk", "Huisbezoek")
    cli.fails(refused, 1)
    assert refused.stderr.startswith(
        "Error: a timer is running already for anna: social/intervisie: Casus over schuldhulp "
        "(since 09:30, 10m)\nHint: stop it first with 'leerlog stop', or start with --stop"
    )
    assert cli.snapshot() == before


def test_start_with_stop_logs_the_running_one_and_starts_the_next_in_one_change(
    at: Clocked, cli: Cli, db_path: Path
) -> None:
    at.ok(START, "start", *CASUS)
    lines = at.ok("2026-11-27T10:00", "start", "--stop", "werk", "Huisbezoek").splitlines()
    assert lines[0].endswith("  added: 2026-11-27 30m social/intervisie: Casus over schuldhulp")
    assert lines[1] == "timer started at 10:00: experiential: Huisbezoek"
    assert [t[1] for t in timers(db_path)] == ["Huisbezoek"]
    assert journal(db_path) == [("add", "anna")]
    # With --at, the running one ends as the new one starts.
    lines = at.ok("2026-11-27T11:00", "start", "--stop", "--at", "10:45", *CASUS).splitlines()
    assert " 45m experiential: Huisbezoek" in lines[0]
    assert lines[1].startswith("timer started at 10:45:")
    # --stop without a running timer just starts.
    at.ok("2026-11-27T11:00", "cancel")
    assert at.ok("2026-11-27T11:00", "start", "--stop", *CASUS).startswith("timer started at 11:00")


def test_start_with_stop_that_cannot_log_the_running_one_changes_nothing(
    at: Clocked, cli: Cli
) -> None:
    at.ok("2026-11-26T08:00", "start", *CASUS)
    before = cli.snapshot()
    refused = at("2026-11-27T09:00", "start", "--stop", "werk", "Huisbezoek")
    cli.fails(refused, 1)
    assert "24 hours" in refused.stderr
    assert cli.snapshot() == before


def test_each_person_has_a_timer_of_their_own(at: Clocked, cli: Cli, db_path: Path) -> None:
    at.ok(START, "start", *CASUS)
    at.ok(START, "start", "-p", "bob", "coaching", "Gesprek")
    assert "Gesprek" in at.ok("2026-11-27T10:00", "status", "-p", "bob")
    assert "Casus" in at.ok("2026-11-27T10:00", "--person", "bob", "status", "-p", "anna")
    bob = at.ok("2026-11-27T10:00", "stop", "-p", "bob", "-q").strip()
    assert cli.record(bob)["person"] == "bob"
    assert [t[0] for t in timers(db_path)] == ["anna"]


def test_stop_brings_a_new_person_in_with_the_note_add_gives(at: Clocked, cli: Cli) -> None:
    cli.add("werk", "Eerder", "-m", "30")
    at.ok(START, "start", "-p", "joost", *CASUS)
    at.ok(START, "start", "-p", "jost", *CASUS)
    known = at("2026-11-27T10:00", "stop", "-p", "joost")
    assert (
        known.exit_code == 0 and known.stderr == "note: 'joost' is new in this log; known: anna\n"
    )
    new = at("2026-11-27T10:00", "stop", "-p", "jost")
    assert new.stderr == "note: 'jost' is new in this log; known: joost, anna\n"


# --- without a timer, cancel, undo ------------------------------------------------------------------


@pytest.mark.parametrize("command", ["stop", "cancel"])
def test_stop_and_cancel_without_a_timer_are_exit_1_and_create_no_file(
    at: Clocked, cli: Cli, db_path: Path, command: str
) -> None:
    refused = at(START, command)
    cli.fails(refused, 1)
    assert refused.stderr == (
        "Error: no timer is running for anna\nHint: start one with 'leerlog start WHAT TITLE'\n"
    )
    assert not db_path.exists()
    cli.add("werk", "Eerder", "-m", "30")
    before = cli.snapshot()
    cli.fails(at(START, command), 1)
    assert cli.snapshot() == before


def test_status_without_a_timer_is_exit_1_and_says_so_on_stderr(at: Clocked, db_path: Path) -> None:
    result = at(START, "status")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "No timer is running for anna.\n"
    assert not db_path.exists()


def test_cancel_removes_the_timer_without_logging(at: Clocked, cli: Cli, db_path: Path) -> None:
    at.ok(START, "start", *CASUS)
    cancelled = at.ok("2026-11-27T09:50", "cancel")
    assert cancelled == (
        "timer cancelled, nothing was logged: social/intervisie: Casus over schuldhulp "
        "(since 09:30, 20m)\n"
    )
    assert timers(db_path) == [] and journal(db_path) == [] and cli.records() == []


def test_undo_after_stop_takes_the_logged_activity_back(
    at: Clocked, cli: Cli, db_path: Path
) -> None:
    earlier = cli.add("werk", "Eerder", "-m", "30")
    at.ok(START, "start", *CASUS)
    new_id = at.ok("2026-11-27T10:00", "stop", "-q").strip()
    undone = at.ok("2026-11-27T10:01", "undo")
    assert undone.startswith(f"{new_id}  undone (added): 2026-11-27 30m social/intervisie")
    assert cli.ids() == [earlier]
    assert timers(db_path) == []  # the timer does not come back


# --- asked at a terminal, refused without one --------------------------------------------------------


def test_a_missing_title_is_asked_at_a_terminal(at: Clocked, terminal: None) -> None:
    result = at(START, "start", "intervisie", input="\x1b[2J\nCasus over grenzen\n")
    assert result.exit_code == 0, result.stderr
    assert "Title: " in result.stderr and "control character" in result.stderr
    assert result.stdout == "timer started at 09:30: social/intervisie: Casus over grenzen\n"


def test_a_missing_title_without_a_terminal_is_a_usage_error(at: Clocked, cli: Cli) -> None:
    result = at(START, "start", "intervisie")
    cli.fails(result, 2)
    assert "missing title" in result.stderr


def test_a_running_timer_is_said_before_any_question(at: Clocked, cli: Cli, terminal: None) -> None:
    at.ok(START, "start", *CASUS)
    result = at(START, "start", "werk", input="Huisbezoek\n")
    cli.fails(result, 1)
    assert "Title" not in result.stderr


# --- people forget, config ---------------------------------------------------------------------------


def test_people_forget_removes_their_running_timer(at: Clocked, cli: Cli, db_path: Path) -> None:
    cli.add("werk", "Eerder", "-m", "30", "-p", "bob")
    at.ok(START, "start", "-p", "bob", "coaching", "Gesprek over Zoë")
    at.ok(START, "start", *CASUS)
    assert at.ok(START, "people", "forget", "bob", "--yes")
    assert [t[0] for t in timers(db_path)] == ["anna"]
    with sqlite(db_path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert "Zoë".encode() not in db_path.read_bytes()


def test_config_says_where_now_comes_from(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    def rows(env: dict[str, str]) -> dict[str, str]:
        out = run("config", env=env).stdout
        return {line.split()[0]: line.split(None, 1)[1] for line in out.splitlines()}

    fixed = rows({"LEERLOG_NOW": "2026-11-27T09:30"})
    assert fixed["today"].split() == ["2026-11-27", "(LEERLOG_TODAY)"]
    assert fixed["now"].split()[1] == "(LEERLOG_NOW)"
    assert fixed["now"].startswith("2026-11-27T09:30:00")
    assert rows({})["now"].startswith("2026-11-27T")  # the clock, on LEERLOG_TODAY's date
    assert "(LEERLOG_TODAY and the system clock's time of day)" in rows({})["now"]
    monkeypatch.delenv("LEERLOG_TODAY")
    following = rows({"LEERLOG_NOW": "2026-12-01T08:00"})
    assert following["today"].split() == ["2026-12-01", "(LEERLOG_NOW)"]
    assert rows({})["now"].endswith("(system clock)")
