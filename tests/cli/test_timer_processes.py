"""Timers across processes: another terminal sees a timer, and runs at the same moment race fairly.

The racing runs are real processes that have imported leerlog and wait at a barrier (a line on
stdin that the test writes to all of them at once), so their transactions meet in the file.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from installed import PATIENCE_SECONDS, run_script, sqlite, unnoted

if TYPE_CHECKING:
    from conftest import Run

ROUNDS, STOP_ROUNDS = 20, 8

# A leerlog run that waits, imported and ready, until the test says go.
_WAITING = """
import sys
from leerlog.cli.app import main
from leerlog.cli.commands import timers
from leerlog.timers import running
from leerlog.storage import store
sys.stdout.write("ready\\n")
sys.stdout.flush()
sys.stdin.readline()
sys.argv = ["leerlog", *sys.argv[1:]]
main()
"""


def race(env: dict[str, str], *runs: Sequence[str]) -> list[tuple[int, str, str]]:
    """RUNS started as processes that reach the barrier first, then let go together; each
    one's exit code, stdout and stderr."""
    children = [
        subprocess.Popen(
            [sys.executable, "-c", _WAITING, *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for args in runs
    ]
    for child in children:
        assert child.stdout is not None
        assert child.stdout.readline() == "ready\n"
    for child in children:
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()
    results = []
    for child in children:
        out, err = child.communicate(timeout=PATIENCE_SECONDS)
        results.append((child.returncode, out, err))
    return results


def rows(db_path: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite(db_path) as conn:
        return conn.execute(sql).fetchall()


@pytest.fixture
def env(subprocess_env: dict[str, str]) -> dict[str, str]:
    return {**subprocess_env, "LEERLOG_NOW": "2026-11-27T09:30"}


def test_another_process_sees_the_timer_in_its_own_time_zone(env: dict[str, str], run: Run) -> None:
    started = run("start", "intervisie", "Casus over schuldhulp", env={"TZ": "UTC", **env})
    assert started.exit_code == 0, started.stderr
    later = {**env, "LEERLOG_NOW": "2026-11-27T10:15"}
    seen = run_script(later, "status")
    assert (seen.returncode, seen.stderr) == (0, "")
    assert seen.stdout == "social/intervisie: Casus over schuldhulp (since 09:30, 45m)\n"
    # A colleague an hour east shares the file: the same timer, in their local time.
    east = run_script(
        {**later, "TZ": "Europe/Amsterdam", "LEERLOG_NOW": "2026-11-27T11:15"}, "status"
    )
    assert east.stdout == "social/intervisie: Casus over schuldhulp (since 10:30, 45m)\n"
    stopped = run_script(later, "stop", "-q")
    assert stopped.returncode == 0, stopped.stderr
    gone = run_script(later, "status")
    assert (gone.returncode, gone.stdout, gone.stderr) == (1, "", "No timer is running for anna.\n")


def test_two_starts_at_once_leave_exactly_one_timer(env: dict[str, str], db_path: Path) -> None:
    for round_ in range(ROUNDS):
        results = race(
            env,
            ("start", "werk", f"first {round_}"),
            ("start", "intervisie", f"second {round_}"),
        )
        codes = sorted(code for code, _out, _err in results)
        assert codes == [0, 1], results
        (winner,) = [r for r in results if r[0] == 0]
        (loser,) = [r for r in results if r[0] == 1]
        assert unnoted(winner[2]) == "" and winner[1].startswith("timer started at 09:30")
        assert loser[1] == ""
        # It may have made the file (and says so) before the other stored its timer.
        assert unnoted(loser[2]).startswith("Error: a timer is running already for anna: "), loser
        timers = rows(db_path, "SELECT person, title FROM timers")
        assert len(timers) == 1 and timers[0][1] in winner[1], (timers, winner)
        assert timers[0][1] in loser[2]  # the loser names the timer that won
        if round_ % 2 == 0:  # the next round races in this file
            done = run_script(env, "cancel")
            assert done.returncode == 0, done.stderr
        else:  # the next round also races to create the file
            for path in db_path.parent.iterdir():
                path.unlink()


def test_many_installed_starts_at_once_leave_one_timer(env: dict[str, str], db_path: Path) -> None:
    starts = [
        subprocess.Popen(
            [str(Path(sys.executable).parent / "leerlog"), "start", "werk", f"p{n}"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for n in range(8)
    ]
    results = [
        (p.wait(timeout=PATIENCE_SECONDS), p.stderr.read() if p.stderr else "") for p in starts
    ]
    for process in starts:
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()
    assert sorted(code for code, _err in results) == [0] + [1] * 7, results
    assert all("a timer is running already" in err for code, err in results if code == 1)
    assert len(rows(db_path, "SELECT * FROM timers")) == 1


def test_two_stops_at_once_log_the_timer_once(env: dict[str, str], db_path: Path) -> None:
    later = {**env, "LEERLOG_NOW": "2026-11-27T10:00"}
    for round_ in range(STOP_ROUNDS):
        done = run_script(env, "start", "werk", f"Huisbezoek {round_}")
        assert done.returncode == 0, done.stderr
        results = race(later, ("stop",), ("stop",))
        assert sorted(code for code, _out, _err in results) == [0, 1], results
        (loser,) = [r for r in results if r[0] == 1]
        assert loser[2].startswith(
            ("Error: no timer is running", "Error: the timer was stopped")
        ), loser
        assert rows(db_path, "SELECT count(*) FROM timers") == [(0,)]
        logged = rows(
            db_path, f"SELECT count(*) FROM activities WHERE title = 'Huisbezoek {round_}'"
        )
        assert logged == [(1,)]
    assert rows(db_path, "SELECT count(*) FROM journal") == [(STOP_ROUNDS,)]
