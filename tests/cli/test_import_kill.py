"""SIGKILL in the middle of a 300,000-row import: the file holds none of the rows or all of them."""

from __future__ import annotations

import contextlib
import csv
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROWS = 300_000
CATEGORIES = ("experiential", "social", "formal")
# Once the WAL holds this much, the import has started writing its single transaction: creating
# the file's schema writes far less, and the whole import some 200 MB.
UNDER_WAY_BYTES = 1024 * 1024
# The kill follows after a seeded random 0..KILL_WITHIN seconds. Writing takes some 30 s on the
# machine the suite runs on, so most kills land mid-import and some after the commit (then all
# rows must be there).
KILL_WITHIN = 30.0
# Five kills, each on a fresh file.
SEEDS = (1, 2, 3, 4, 5)
# A safety net against a hung child, not a performance claim.
PATIENCE_SECONDS = 900


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """300,000 different valid rows, written once for the module."""
    path = tmp_path_factory.mktemp("kill") / "groot.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["person", "date", "category", "minutes", "title"])
        writer.writerows(
            (f"p{n % 40}", f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}", CATEGORIES[n % 3],
             1 + n % 600, f"Activiteit {n}")
            for n in range(ROWS)
        )  # fmt: skip
    return path


def stored_rows(db: Path) -> int:
    """The number of activities, after SQLite's own integrity check says the file is sound."""
    with contextlib.closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        return int(conn.execute("SELECT count(*) FROM activities").fetchone()[0])


def wait_until_under_way(process: subprocess.Popen[bytes], wal: Path) -> bool:
    """True once the WAL has grown past UNDER_WAY_BYTES; False if the process ended first."""
    deadline = time.monotonic() + PATIENCE_SECONDS
    while process.poll() is None and time.monotonic() < deadline:
        if wal.exists() and wal.stat().st_size > UNDER_WAY_BYTES:
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("seed", SEEDS)
def test_sigkill_mid_import_leaves_none_or_all(
    big_csv: Path,
    db_path: Path,
    tmp_path: Path,
    subprocess_env: dict[str, str],
    seed: int,
) -> None:
    # The installed console script, as cron calls it (`conftest` is not importable from here).
    command = [str(Path(sys.executable).parent / "leerlog"), "import", str(big_csv)]
    log = tmp_path / "stderr.txt"
    with log.open("wb") as stderr:
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr,
            env=subprocess_env,
        )  # fmt: skip
        try:
            under_way = wait_until_under_way(process, db_path.with_name(db_path.name + "-wal"))
            if under_way:
                time.sleep(random.Random(seed).uniform(0.0, KILL_WITHIN))
                process.send_signal(signal.SIGKILL)
        finally:
            if process.poll() is None and not under_way:
                process.kill()
            process.wait(timeout=PATIENCE_SECONDS)
    # Either the kill landed, or the import had already finished successfully.
    assert process.returncode in (-signal.SIGKILL, 0), log.read_text()
    assert under_way or process.returncode == 0, log.read_text()

    before = stored_rows(db_path)
    assert before in (0, ROWS)
    if process.returncode == 0:
        assert before == ROWS
