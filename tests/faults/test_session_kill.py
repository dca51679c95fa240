"""SIGKILL while a session of 40 is stored: all 40 records and the session, or none of them."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from faultkit import PATIENCE_SECONDS, count, integrity_ok, sqlite, succeeds

if TYPE_CHECKING:
    from conftest import Leerlog

PRESENT = ",".join(f"p{n:02d}" for n in range(40))
SESSION = ("session", "add", "intervisie", "Casus", "-m", "1u", "--leader", "lea", "--present")

# leerlog itself, in a process that kills itself with SIGKILL inside the session's transaction:
# before the activities are inserted (the session row and nothing else is written), or after
# them (everything is written, nothing committed).
DYING = """
import os, signal, sys
from leerlog.storage import journal

original = journal.Change.insert_many

def dying(self, records, team=None):
    if sys.argv[1] == "after":
        original(self, records, team)
    os.kill(os.getpid(), signal.SIGKILL)

journal.Change.insert_many = dying
sys.argv = ["leerlog", *sys.argv[2:]]
from leerlog.cli.app import main
main()
"""


def start_group(script_text: str, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """A shell in its own process group (as in test_kill.py), so one kill ends all of it."""
    return subprocess.Popen(
        ["sh", "-c", script_text], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, env=env, start_new_session=True,
    )  # fmt: skip


def kill_group_when(
    group: subprocess.Popen[bytes], ready: Callable[[], bool], seed: int
) -> tuple[bool, str]:
    """Once READY, wait a seeded random 0..2 seconds, then SIGKILL the whole group."""
    deadline = time.monotonic() + PATIENCE_SECONDS
    under_way = False
    while group.poll() is None and time.monotonic() < deadline:
        if ready():
            under_way = True
            break
        time.sleep(0.05)
    if under_way:
        time.sleep(random.Random(seed).uniform(0.0, 2.0))
    if group.poll() is None:
        os.killpg(group.pid, signal.SIGKILL)
    _, err = group.communicate(timeout=PATIENCE_SECONDS)
    return under_way, err.decode()


def sessions(db: Path) -> dict[str, int]:
    """Per session id in the activities, how many records carry it."""
    with sqlite(db) as conn:
        rows = conn.execute(
            "SELECT session, count(*) FROM activities WHERE session IS NOT NULL GROUP BY session"
        ).fetchall()
    return dict(rows)


def table(db: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite(db) as conn:
        return conn.execute(sql).fetchall()


@pytest.mark.parametrize("moment", ["before", "after"])
def test_sigkill_inside_the_transaction_leaves_none_of_the_session(
    env: dict[str, str], leerlog: Leerlog, db_path: Path, moment: str
) -> None:
    first = succeeds(leerlog("add", "werk", "Eerder", "-m", "30", "-q")).strip()
    journal_before = table(db_path, "SELECT * FROM journal")
    done = subprocess.run(
        [sys.executable, "-c", DYING, moment, *SESSION, PRESENT],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, env=env,
        timeout=PATIENCE_SECONDS, check=False,
    )  # fmt: skip
    assert done.returncode == -signal.SIGKILL, done
    integrity_ok(db_path)
    assert count(db_path) == 1 and sessions(db_path) == {}
    assert table(db_path, "SELECT * FROM sessions") == []
    assert table(db_path, "SELECT * FROM journal") == journal_before
    assert table(db_path, "SELECT name FROM people ORDER BY name") == [("anna",)]
    # The file is usable at once, and undo takes back the last whole change: the add.
    stored = leerlog(*SESSION, PRESENT)
    assert stored.returncode == 0, stored
    assert list(sessions(db_path).values()) == [40]
    succeeds(leerlog("undo"))
    assert sessions(db_path) == {}
    assert succeeds(leerlog("undo")).startswith(f"{first}  undone (added)")


LOOP = """
for p in $(seq {loops}); do
  ( i=0
    while [ $i -lt 100 ]; do
      i=$((i + 1))
      leerlog session add intervisie "s$p-$i" -m 1u --leader lea --present "{present}" >/dev/null \\
        || exit 1
    done ) &
done
wait
"""


@pytest.mark.parametrize("seed", [7, 8, 9])
def test_sigkill_during_sessions_leaves_each_whole_or_absent(
    env: dict[str, str], leerlog: Leerlog, db_path: Path, seed: int
) -> None:
    succeeds(leerlog("people", "set", "anna", "--team", "Noord"))  # the file exists before polling
    group = start_group(LOOP.format(loops=2, present=PRESENT), env)
    under_way, err = kill_group_when(group, lambda: count(db_path) >= 80, seed)
    assert under_way, err
    assert group.returncode == -signal.SIGKILL, err

    integrity_ok(db_path)
    stored = sessions(db_path)
    assert len(stored) >= 2 and set(stored.values()) == {40}, stored
    assert count(db_path) == 40 * len(stored)
    # Each session has its row, and each is one change of 40 journal entries.
    assert sorted(row[0] for row in table(db_path, "SELECT id FROM sessions")) == sorted(stored)
    changes = table(db_path, "SELECT count(*) FROM journal WHERE action = 'add' GROUP BY change_id")
    assert changes == [(40,)] * len(stored)
    per_person = table(db_path, "SELECT count(DISTINCT person) FROM activities GROUP BY session")
    assert per_person == [(40,)] * len(stored)
    # The next session is stored whole, and one undo takes exactly it back.
    succeeds(leerlog(*SESSION, PRESENT))
    assert len(sessions(db_path)) == len(stored) + 1
    succeeds(leerlog("undo"))
    assert sessions(db_path) == stored
