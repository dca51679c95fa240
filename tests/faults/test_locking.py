"""Another process holds the file: writers give up plainly after the busy timeout; readers go on."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from faultkit import (
    PATIENCE_SECONDS,
    count,
    integrity_ok,
    plain_error,
    run_script,
    sqlite,
    succeeds,
)

from installed import unnoted

if TYPE_CHECKING:
    from conftest import Leerlog

BUSY = {"LEERLOG_BUSY_TIMEOUT": "0.5"}


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Another writer inside BEGIN EXCLUSIVE for as long as the block runs; rolled back after."""
    with sqlite(path) as conn:
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("INSERT INTO people (name, created_at) VALUES ('holder', 'x')")
        try:
            yield
        finally:
            conn.execute("ROLLBACK")


def state(path: Path) -> tuple[list[tuple[object, ...]], ...]:
    """Everything a write could change, in a comparable form."""
    with sqlite(path) as conn:
        return tuple(
            conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
            for table in ("activities", "people", "journal", "types")
        )


@pytest.fixture
def prepared(leerlog: Leerlog, db_path: Path, tmp_path: Path) -> dict[str, str]:
    """A file with one activity, and a file to import; what the commands below refer to."""
    new_id = succeeds(leerlog("add", "intervisie", "Casus", "-m", "30", "-q")).strip()
    source = tmp_path / "import.csv"
    source.write_text(
        "person,date,category,minutes,title\nbob,2026-11-20,formal,60,Training\n", encoding="utf-8"
    )
    proof = tmp_path / "certificaat.pdf"
    proof.write_bytes(b"%PDF-1.4 certificate")
    return {"id": new_id, "import": str(source), "proof": str(proof)}


# Each command, a query on the file afterwards, and what it gives once the command has done its work.
Args = Callable[[dict[str, str]], list[str]]
COMMANDS: dict[str, tuple[Args, str, int]] = {
    "add": (
        lambda p: ["add", "werk", "Huisbezoek", "-m", "45"],
        "SELECT count(*) FROM activities",
        2,
    ),
    "edit": (
        lambda p: ["edit", p["id"][:8], "--title", "Casus bewerkt"],
        "SELECT count(*) FROM activities WHERE title = 'Casus bewerkt'",
        1,
    ),
    "delete": (
        lambda p: ["delete", p["id"][:8], "--yes"],
        "SELECT count(*) FROM activities",
        0,
    ),
    "import": (
        lambda p: ["import", p["import"]],
        "SELECT count(*) FROM activities WHERE person = 'bob'",
        1,
    ),
    "evidence-add": (
        lambda p: ["evidence", "add", p["id"][:8], p["proof"]],
        "SELECT count(*) FROM evidence",
        1,
    ),
    "reflect": (
        lambda p: [
            "reflect",
            p["id"][:8],
            "--template",
            "skj",
            "--part",
            "normatief=n",
            "--part",
            "persoonlijk=p",
            "--part",
            "technisch-instrumenteel=t",
        ],
        "SELECT count(*) FROM reflections",
        1,
    ),
    "people-set": (
        lambda p: ["people", "set", "carla", "--team", "Noord"],
        "SELECT count(*) FROM people WHERE name = 'carla' AND team = 'Noord'",
        1,
    ),
    "register-set": (
        lambda p: ["register", "set", "skj-jeugdzorgwerker", "--start", "2024-01-01"],
        "SELECT count(*) FROM registrations WHERE profile = 'skj-jeugdzorgwerker'",
        1,
    ),
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_writer_held_up_longer_than_the_busy_timeout_gives_up_plainly(
    leerlog: Leerlog, db_path: Path, prepared: dict[str, str], command: str
) -> None:
    make_args, probe, done_value = COMMANDS[command]
    args = make_args(prepared)
    before = state(db_path)
    with locked(db_path):
        done = leerlog(*args, extra=BUSY)
        plain_error(done, 1, "busy", "try again", str(db_path))
        # Reading goes on beside a writer (WAL): the lock only stops other writers.
        listing = succeeds(leerlog("list", "--format", "json", extra=BUSY))
        assert [r["id"] for r in json.loads(listing)] == [prepared["id"]]
    assert state(db_path) == before

    again = leerlog(*args, extra=BUSY)
    assert (again.returncode, unnoted(again.stderr)) == (0, ""), again
    assert count(db_path, probe) == done_value
    integrity_ok(db_path)


# --- a busy mixed load ---------------------------------------------------------------------------

# Eight writers at once, each adding one record after the other: 200 adds queue for the file
# (each a process start of its own, some 0.3 s of CPU on CI's two cores).
WRITERS, ADDS_EACH = 8, 25
READS = (
    ("report", "--all"),
    ("export", "balance"),
    ("export", "activities"),
)
BALANCE_HEADER = (
    "person,team,period_start,period_end,activities,minutes_total,minutes_experiential,"
    "minutes_social,minutes_formal,pct_experiential,pct_social,pct_formal,"
    "target_experiential,target_social,target_formal,deviation"
)


def outcome(env: dict[str, str], *args: str) -> tuple[tuple[str, ...], int, str, str]:
    done = run_script(env, *args)
    return args, done.returncode, done.stdout, done.stderr


def test_eight_writers_and_a_reader_at_once_all_succeed(
    env: dict[str, str], leerlog: Leerlog, db_path: Path
) -> None:
    """8 processes x 25 adds while another process keeps reporting and exporting (default
    busy timeout): no command fails, nothing is lost, and every export is a consistent snapshot."""
    succeeds(leerlog("people", "set", "anna", "--team", "Noord"))
    results: list[tuple[tuple[str, ...], int, str, str]] = []
    lock = threading.Lock()

    def writer(number: int) -> None:
        for i in range(1, ADDS_EACH + 1):
            result = outcome(env, "add", "werk", f"w{number}-{i}", "-m", "5", "-q")
            with lock:
                results.append(result)

    writers = [threading.Thread(target=writer, args=(n,)) for n in range(1, WRITERS + 1)]
    reads: list[tuple[tuple[str, ...], int, str, str]] = []

    def reader() -> None:
        # Until every writer is done, and at least one round in any case.
        while True:
            busy = any(thread.is_alive() for thread in writers)
            for args in READS:
                reads.append(outcome(env, *args))
            if not busy:
                return

    for thread in writers:
        thread.start()
    reading = threading.Thread(target=reader)
    reading.start()
    for thread in [*writers, reading]:
        thread.join(timeout=PATIENCE_SECONDS * 2)
        assert not thread.is_alive()

    failures = [(a, code, err) for a, code, _, err in results + reads if (code, err) != (0, "")]
    assert failures == []
    assert len(results) == WRITERS * ADDS_EACH
    assert len(reads) >= 2 * len(READS)

    exported = [out for args, _, out, _ in reads if args == ("export", "activities")]
    sizes = [len(list(csv.DictReader(io.StringIO(text)))) for text in exported]
    assert sizes == sorted(sizes)  # every snapshot holds at least what the one before held
    assert sizes[-1] == WRITERS * ADDS_EACH
    for text in (out for args, _, out, _ in reads if args == ("export", "balance")):
        assert text.splitlines()[0] == BALANCE_HEADER
        assert [row["person"] for row in csv.DictReader(io.StringIO(text))] == ["anna"]

    titles = sorted(row["title"] for row in csv.DictReader(io.StringIO(exported[-1])))
    assert titles == sorted(
        f"w{n}-{i}" for n in range(1, WRITERS + 1) for i in range(1, ADDS_EACH + 1)
    )
    assert count(db_path) == WRITERS * ADDS_EACH
    assert (
        count(db_path, "SELECT count(*) FROM journal WHERE action = 'add'") == WRITERS * ADDS_EACH
    )
    integrity_ok(db_path)
