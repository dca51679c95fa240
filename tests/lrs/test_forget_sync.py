"""`people forget` and `sync` exclude each other, and forget takes every name the file holds:
a person, someone who only changed other people's records, a name only sync remembers."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from fake_lrs import FakeLrs
from ralph_server import PASSWORD

if TYPE_CHECKING:
    from conftest import Leerlog

LEERLOG = str(Path(sys.executable).parent / "leerlog")
PATIENCE_SECONDS = 600  # a safety net against a hung child, not a performance claim
GONE = "Kwikstaartje"
HER_TEXT = ["Geheime casus 5521", "Reflectie over gezin Boomklever", "dossier-7781"]
WAITING = "Waiting for a sync of this file to finish..."


def start(*args: str, **extra: str) -> subprocess.Popen[str]:
    """The installed script in a process of its own, without a terminal."""
    return subprocess.Popen(
        [LEERLOG, *args], env={**os.environ, **extra}, stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    stdout, stderr = process.communicate(timeout=PATIENCE_SECONDS)
    assert "Traceback" not in stderr, stderr
    return process.returncode, stdout, stderr


def run(*args: str, **extra: str) -> tuple[int, str, str]:
    return finish(start(*args, **extra))


def leftovers(db_path: Path, secrets: list[str]) -> dict[str, list[str]]:
    """Per file (the database, its -wal and -shm, the lock), the secrets in its raw bytes."""
    found = {}
    for suffix in ("", "-wal", "-shm", "-lock"):
        path = db_path.with_name(db_path.name + suffix)
        if path.exists():
            data = path.read_bytes()
            found[path.name] = [s for s in secrets if s.encode() in data]
    return {name: hits for name, hits in found.items() if hits}


def history(leerlog: Leerlog, activity_id: str) -> list[tuple[Any, ...]]:
    return leerlog.table(
        "SELECT seq, actor, action, before, after FROM journal WHERE activity_id = ? ORDER BY seq",
        (activity_id,),
    )


@pytest.fixture
def logbook(leerlog: Leerlog, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """anna's activities, one corrected by Kwikstaartje; Kwikstaartje's own, one with a secret."""
    monkeypatch.setenv("LEERLOG_LRS_PASSWORD", PASSWORD)
    theirs = leerlog.add("coaching", "Gesprek met coach", "-m", "45", "-d", "2026-11-20")
    leerlog.add("reading", "Vakliteratuur", "-m", "30", "-d", "2026-11-21")
    leerlog.add(
        "intervisie", HER_TEXT[0], "-m", "90", "-d", "2026-11-22", "-p", GONE,
        "-r", HER_TEXT[1], "-t", HER_TEXT[2],
    )  # fmt: skip
    hers = leerlog.add("workshop", "Training", "-m", "60", "-d", "2026-11-23", "-p", GONE)
    leerlog.ok("--person", GONE, "edit", theirs, "--minutes", "50")
    return {"theirs": theirs, "hers": hers}


def test_forget_during_a_sync_waits_for_it_and_then_leaves_no_byte_of_the_name(
    leerlog: Leerlog, logbook: dict[str, str]
) -> None:
    with FakeLrs("good") as lrs:
        leerlog.configure(lrs.endpoint)
        assert run("sync")[0] == 0
        # Her edited training makes the next sync queue a void that names her, then send it.
        leerlog.ok("--person", GONE, "edit", logbook["hers"], "--minutes", "75")
        anna_history = history(leerlog, logbook["theirs"])
        lrs.mode = "hold"
        syncing = start("sync", "--timeout", "300")
        try:
            assert lrs.state.arrived.wait(PATIENCE_SECONDS)  # the sync is sending now
            forgetting = start("people", "forget", GONE, "--yes", LEERLOG_BUSY_TIMEOUT="300")
            assert forgetting.stderr is not None
            assert forgetting.stderr.readline() == WAITING + "\n"
            lrs.state.release.set()
            code, out, err = finish(syncing)
            assert (code, err) == (0, ""), (out, err)
            assert out == leerlog.summary(1, voided=1) + "\n"
        finally:
            lrs.state.release.set()
            if syncing.poll() is None:
                syncing.kill()
        code, out, err = finish(forgetting)
        assert (code, err) == (0, ""), (out, err)
    assert out.splitlines() == [
        f"forgot {GONE}: removed 2 activities, 3 journal entries, 1 person record",
        "kept 1 change they made to other people's activities, by (forgotten)",
    ]
    # Nothing of hers survives the sync that ran first: not its records, not in any file.
    for table in ("lrs_sent", "lrs_voids", "lrs_voided"):
        assert leerlog.table(f"SELECT count(*) FROM {table} WHERE person = ?", (GONE,)) == [(0,)]
    assert leftovers(leerlog.db_path, [GONE, *HER_TEXT]) == {}
    assert leerlog.table("PRAGMA freelist_count") == [(0,)]  # no old pages kept for reuse
    # anna's record keeps its whole history; only the actor of her change is replaced.
    expected = [
        (seq, "(forgotten)" if actor == GONE else actor, action, before, after)
        for seq, actor, action, before, after in anna_history
    ]
    assert history(leerlog, logbook["theirs"]) == expected
    assert [row[1] for row in expected] == ["anna", "(forgotten)"]
    assert {r["id"]: r["minutes"] for r in leerlog.records()}[logbook["theirs"]] == 50
    with contextlib.closing(sqlite3.connect(leerlog.db_path)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def test_forget_is_refused_clearly_while_a_sync_outlasts_its_wait(
    leerlog: Leerlog, logbook: dict[str, str]
) -> None:
    with FakeLrs("hold") as lrs:
        leerlog.configure(lrs.endpoint)
        syncing = start("sync", "--timeout", "300")
        try:
            assert lrs.state.arrived.wait(PATIENCE_SECONDS)
            code, out, err = run("people", "forget", GONE, "--yes", LEERLOG_BUSY_TIMEOUT="0.2")
            assert (code, out) == (1, ""), err
            lines = err.splitlines()
            assert lines[0] == WAITING
            assert lines[1].startswith("Error: another leerlog (a sync or people forget) is ")
            assert "nothing was changed" in lines[1] and lines[2].startswith("Hint: ")
            lrs.state.release.set()
            assert finish(syncing)[0] == 0
        finally:
            lrs.state.release.set()
            if syncing.poll() is None:
                syncing.kill()
    assert GONE in {r["person"] for r in leerlog.records()}  # nothing was erased
    assert len(leerlog.table("SELECT * FROM lrs_sent WHERE person = ?", (GONE,))) == 2


def test_someone_who_only_changed_other_peoples_records_can_be_forgotten(
    leerlog: Leerlog,
) -> None:
    helper = "Roodborstje"
    first = leerlog.add("coaching", "Gesprek met coach", "-m", "45")
    second = leerlog.ok("--person", "bram", "add", "-q", "reading", "Boek", "-m", "30").stdout
    second = second.strip()
    leerlog.ok("--person", helper, "edit", first, "--title", "Gesprek met de coach")
    leerlog.ok("--person", helper, "delete", second, "--yes")
    leerlog.ok("edit", first, "--minutes", "40")  # anna's own change, after the helper's
    assert helper not in leerlog.ok("people", "list").stdout
    before = {i: history(leerlog, i) for i in (first, second)}

    code, out, err = run("people", "forget", helper, "--yes")
    assert (code, err) == (0, ""), (out, err)
    assert out.splitlines() == [
        f"forgot {helper}: removed 0 activities, 0 journal entries, 0 person records",
        "kept 2 changes they made to other people's activities, by (forgotten)",
    ]
    assert leftovers(leerlog.db_path, [helper]) == {}
    for activity_id, entries in before.items():
        after = history(leerlog, activity_id)
        assert [row[1] for row in after] == [
            "(forgotten)" if row[1] == helper else row[1] for row in entries
        ]
        assert [row[2:] for row in after] == [row[2:] for row in entries]
    assert [row[1] for row in history(leerlog, second)] == ["bram", "(forgotten)"]
    # Nobody can take back the forgotten changes, not even under the marker's name.
    for person in (helper, "(forgotten)"):
        code, out, err = run("--person", person, "undo")
        assert code == 1 and err.startswith("Error: nothing to undo"), err
    # anna's own change is still hers to take back; the helper's title stays.
    assert run("undo")[0] == 0
    records = leerlog.records()
    assert [(r["title"], r["minutes"]) for r in records] == [("Gesprek met de coach", 45)]
    code, out, err = run("people", "forget", helper, "--yes")
    assert code == 1 and "does not know" in err


def test_a_name_only_sync_remembers_can_be_forgotten(leerlog: Leerlog) -> None:
    """A file where the sync tables name someone the rest of the file no longer knows."""
    leerlog.add("coaching", "Gesprek met coach", "-m", "45")
    with contextlib.closing(sqlite3.connect(leerlog.db_path)) as conn, conn:
        conn.execute(
            "INSERT INTO lrs_voided (statement_id, activity_id, person) VALUES (?, ?, ?)",
            (
                "7d0c1d43-2f6a-4a55-9f56-7d1b3c1e0a11",
                "e1c1a7a2-1111-4b7e-9a51-0d1f2a3b4c5d",
                "Merel",
            ),
        )
    code, out, err = run("people", "forget", "Merel", "--yes")
    assert (code, err) == (0, ""), (out, err)
    assert out == "forgot Merel: removed 0 activities, 0 journal entries, 0 person records\n"
    assert leerlog.table("SELECT count(*) FROM lrs_voided") == [(0,)]
    assert leftovers(leerlog.db_path, ["Merel", "e1c1a7a2-1111"]) == {}
    assert [r["title"] for r in leerlog.records()] == ["Gesprek met coach"]
