"""Journal entries of an import that has not published its rows: kept while its process runs.

A writer opening the log clears those of a process that no longer runs (killed mid-import),
and leaves those of one that still runs; undo passes over both.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from installed import run_script as leerlog
from leerlog.storage.staging import _started

ENTRIES = 45_000  # more than two slices of SLICE, so clearing takes several transactions


def pend(db: Path, change_id: str, pid: int, started: str) -> None:
    """What an import leaves while it stages: a pending change and its journal entries."""
    with contextlib.closing(sqlite3.connect(db)) as conn, conn:
        conn.execute(
            "INSERT INTO pending_imports VALUES (?, 'anna', ?, ?, ?, '2026-11-27T09:00:00.000Z')",
            (change_id, socket.gethostname(), pid, started),
        )
        conn.executemany(
            "INSERT INTO journal (change_id, actor, action, activity_id, before, after, at)"
            " VALUES (?, 'anna', 'import', ?, NULL, '{}', '2026-11-27T09:00:00.000Z')",
            [(change_id, f"{change_id}-{n}") for n in range(ENTRIES)],
        )


def left(db: Path) -> dict[str, int]:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        rows = conn.execute(
            "SELECT p.change_id, count(j.seq) FROM pending_imports AS p"
            " LEFT JOIN journal AS j ON j.change_id = p.change_id GROUP BY p.change_id"
        ).fetchall()
    return dict(rows)


@pytest.fixture
def env(subprocess_env: dict[str, str]) -> dict[str, str]:
    return subprocess_env


def test_a_writer_clears_dead_imports_and_keeps_running_ones(
    env: dict[str, str], db_path: Path
) -> None:
    assert leerlog(env, "add", "werk", "Eerst", "-m", "30").returncode == 0
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    dead_pid = int(gone.stdout)
    me = os.getpid()
    pend(db_path, "dead", dead_pid, "")
    pend(db_path, "reused", me, "another-boot/1")  # this pid, but a process started otherwise
    pend(db_path, "running", me, _started(me))
    # Undo passes over pending changes: it takes back the add.
    undone = leerlog(env, "undo")
    assert undone.returncode == 0, undone
    assert "Eerst" in undone.stdout + undone.stderr
    assert left(db_path) == {"running": ENTRIES}
    done = leerlog(env, "add", "werk", "Daarna", "-m", "30")
    assert done.returncode == 0, done
    assert left(db_path) == {"running": ENTRIES}
