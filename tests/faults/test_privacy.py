"""A person's data leaves the file for good when they are forgotten; text is stored as typed;
the file and its copies are readable by their owner only."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from faultkit import PATIENCE_SECONDS, folder_bytes, integrity_ok, plain_error, sqlite

from installed import unnoted
from leerlog.storage.db import APPLICATION_ID, SCHEMA_VERSION
from leerlog.storage.migrations import MIGRATIONS

if TYPE_CHECKING:
    from conftest import Leerlog, Result, Run

FORGOTTEN = "Zwaantje"
# Everything Zwaantje typed, or that was typed about her activities; none of it occurs elsewhere.
SECRETS = [
    FORGOTTEN,
    "Geheime casus 7731",
    "Vertrouwelijke reflectie over gezin Wolkenkrabber",
    "Coach Quirijn",
    "dossier-4471",
    "Huisbezoek Blauwvintje 2290",
    "Vlinderkamp",
    "Training Zeldzaamheid 6612",
    "Te wissen notitie Kwartelkoning",
    "Team Zwaluwstaart 88",
]


def ok(result: Result) -> str:
    assert (result.exit_code, unnoted(result.stderr)) == (0, ""), result
    return result.stdout


def add(run: Run, *args: str) -> str:
    return ok(run("add", "--quiet", *args)).strip()


def as_zwaantje(run: Run, *args: str) -> Result:
    return run("--person", FORGOTTEN, *args)


@pytest.fixture
def logbook(run: Run) -> dict[str, Any]:
    """Zwaantje's activities (one edited, one deleted, one edited by anna) beside anna's and bob's."""
    secret = add(
        run, "coaching", "Geheime casus 7731", "-m", "45", "-p", FORGOTTEN,
        "-r", "Vertrouwelijke reflectie over gezin Wolkenkrabber",
        "--with", "Coach Quirijn", "-t", "dossier-4471",
    )  # fmt: skip
    visit = add(run, "werk", "Huisbezoek Blauwvintje", "-m", "60", "-p", FORGOTTEN)
    training = add(run, "workshop", "Training Zeldzaamheid 6612", "-m", "90", "-p", FORGOTTEN)
    note = add(run, "reading", "Te wissen notitie Kwartelkoning", "-m", "20", "-p", FORGOTTEN)
    ok(
        as_zwaantje(
            run, "edit", visit, "--title", "Huisbezoek Blauwvintje 2290", "-r", "Vlinderkamp"
        )
    )
    ok(as_zwaantje(run, "delete", note, "--yes"))
    ok(run("people", "set", FORGOTTEN, "--team", "Team Zwaluwstaart 88"))

    add(run, "lecture", "College armoede", "-m", "50", "-p", "bob", "--with", "Hogeschool")
    ok(run("people", "set", "bob", "--team", "Noord"))
    own = add(run, "intervisie", "Intervisie over schuldhulp", "-m", "30", "-r", "Goed gesprek")
    add(run, "werk", "Eerste huisbezoek alleen", "-m", "120", "-t", "huisbezoek")
    ok(run("edit", own, "--title", "Intervisie over schuldhulp, deel 2"))
    ok(run("edit", training, "--minutes", "75"))  # anna corrects a colleague's entry
    return {"secret": secret, "own": own}


def everything(run: Run) -> list[dict[str, Any]]:
    data = json.loads(ok(run("list", "--all", "--format", "json", "--limit", "1000")))
    assert isinstance(data, list)
    return data


def others(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in records if r["person"] != FORGOTTEN]


def leftovers(db_path: Path) -> dict[str, list[str]]:
    """Per file (the database, its -wal, its -shm), the secrets still found in its raw bytes."""
    found = {}
    for suffix in ("", "-wal", "-shm"):
        path = db_path.with_name(db_path.name + suffix)
        if path.exists():
            data = path.read_bytes()
            found[path.name] = [s for s in SECRETS if s.encode("utf-8") in data]
    return found


HOLD = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
if sys.argv[2] == "reading":
    conn.execute("BEGIN")
print(len(conn.execute("SELECT * FROM activities").fetchall()), flush=True)
sys.stdin.readline()
"""


@pytest.fixture
def holder(db_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """Another process with the file open while forget runs: none, idle, or inside a read
    transaction that outlasts the busy timeout. (A process of its own: reading the file's bytes
    from this one would drop that connection's POSIX locks.)"""
    mode = request.param
    if mode == "none":
        yield mode
        return
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(db_path), mode],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        assert int(process.stdout.readline()) > 0
        yield mode
    finally:
        process.communicate("\n", timeout=PATIENCE_SECONDS)


@pytest.mark.parametrize("holder", ["none", "idle", "reading"], indirect=True)
def test_forget_leaves_no_byte_of_the_person_in_the_file_wal_or_shm(
    run: Run, leerlog: Leerlog, db_path: Path, logbook: dict[str, Any], holder: str
) -> None:
    before = everything(run)
    assert {r["person"] for r in before} == {FORGOTTEN, "anna", "bob"}
    assert leftovers(db_path)["leerlog.db"] == SECRETS

    done = leerlog("people", "forget", FORGOTTEN, "--yes", extra={"LEERLOG_BUSY_TIMEOUT": "0.5"})
    if holder != "none":
        assert db_path.with_name("leerlog.db-wal").exists()  # still open elsewhere
    if done.returncode == 0 or holder != "reading":
        # 3 activities; 4 adds, her edit and delete, anna's edit of her training; 1 person.
        assert (done.returncode, unnoted(done.stderr)) == (0, ""), done
        assert re.fullmatch(
            rf"forgot {FORGOTTEN}: removed 3 activit\w+, 7 journal entr\w+, 1 person record\w*\n",
            done.stdout,
        ), done.stdout
        # What leerlog says it did is done: no byte of hers is left on disk, not even while
        # another process keeps the file (and so its -wal and -shm) open.
        assert {name: found for name, found in leftovers(db_path).items() if found} == {}
    else:
        # A reader holding an old snapshot keeps SQLite from overwriting the pages it reads; then
        # leerlog may instead say plainly that the erasure could not be completed yet.
        plain_error(done, 1)


def test_forget_keeps_everyone_else(run: Run, db_path: Path, logbook: dict[str, Any]) -> None:
    before = everything(run)
    done = run("people", "forget", FORGOTTEN, "--yes")
    assert done.exit_code == 0, done
    assert "3 activities" in done.stdout
    after = everything(run)
    assert after == others(before)
    people = ok(run("people", "list"))
    assert FORGOTTEN not in people and "anna" in people and "bob" in people
    integrity_ok(db_path)
    # anna's own history is intact: undo takes back her last own change, the title edit
    # (her edit of Zwaantje's training went with Zwaantje).
    ok(run("undo"))
    restored = {r["id"]: r for r in everything(run)}
    assert restored[logbook["own"]]["title"] == "Intervisie over schuldhulp"
    assert {r["id"] for r in everything(run)} == {r["id"] for r in after}


def test_forget_on_a_full_disk_says_the_data_is_erased_but_not_compacted(
    run: Run, db_path: Path, logbook: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Compacting copies the file, so a full disk stops it after the erase is committed: the
    # error SQLite gives then, raised where it comes.
    import sqlite3

    from leerlog.storage.store import Store

    def full(self: Store, conn: sqlite3.Connection) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(Store, "_checkpoint", full)
    done = run("people", "forget", FORGOTTEN, "--yes")
    assert done.exit_code == 1 and done.stdout == ""
    assert done.stderr.splitlines() == [
        "Error: the data is erased, but the file could not be compacted (the disk is full), so"
        " old copies may remain in it for now",
        "Hint: make room on the disk if it is full; the file is compacted the next time someone"
        f" is forgotten, or by: sqlite3 {db_path} VACUUM",
    ]
    assert FORGOTTEN not in ok(run("people", "list"))


def test_forget_without_yes_and_without_a_terminal_removes_nothing(
    run: Run, db_path: Path, logbook: dict[str, Any]
) -> None:
    before = everything(run)
    files = folder_bytes(db_path.parent)
    done = run("people", "forget", FORGOTTEN)
    assert done.exit_code == 2, done
    assert done.stdout == "" and "--yes" in done.stderr and "Traceback" not in done.stderr
    assert folder_bytes(db_path.parent) == files
    assert everything(run) == before


@pytest.mark.usefixtures("terminal")
@pytest.mark.parametrize("answer", ["n\n", "\n"])
def test_forget_answered_no_at_the_terminal_removes_nothing(
    run: Run, db_path: Path, logbook: dict[str, Any], answer: str
) -> None:
    before = everything(run)
    files = folder_bytes(db_path.parent)
    done = run("people", "forget", FORGOTTEN, input=answer)
    assert done.exit_code == 0, done
    assert "Nothing was erased" in done.stderr
    assert "forgot" not in done.stdout  # (CliRunner echoes the typed answer on stdout)
    assert folder_bytes(db_path.parent) == files
    assert everything(run) == before


@pytest.mark.usefixtures("terminal")
def test_forget_answered_yes_at_the_terminal_erases(
    run: Run, db_path: Path, logbook: dict[str, Any]
) -> None:
    done = run("people", "forget", FORGOTTEN, input="y\n")
    assert done.exit_code == 0, done
    assert f"forgot {FORGOTTEN}: removed 3 activities" in done.stdout
    assert {name: found for name, found in leftovers(db_path).items() if found} == {}


# --- text is stored as typed ---------------------------------------------------------------------

NASTY = [
    "'); DROP TABLE activities;--",
    "Robert'); DROP TABLE people;--",
    '"; DELETE FROM journal WHERE "1"="1',
    "%s %d {0} {title} %(x)s %n",
    "ctrl \x01\x02\x07\x08 mid\ttab \x0b\x0c esc\x1b[31mrood\x1b[0m del\x7f \x1f",
    "regel een\nregel twee\r\nregel drie\rvier",
    "emoji 🧠📚 👩🏽‍🏫 🇳🇱 🧑‍💻",
    "e\u0301 combining, \u2028 line sep, \u2029 para sep, \u0085 nel, \ufeff zwnbsp",
    '=HYPERLINK("http://example.org")',
    "\tbegint met een tab",
    "@SUM(A1)",
    "back\\slash \\n \\x00 \\\\",
]


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "json"])
def test_nasty_text_round_trips_through_add_list_export_and_import(
    run: Run, tmp_path: Path, db_path: Path, fmt: str
) -> None:
    ids, texts = {}, {}
    for number, text in enumerate(NASTY):
        # A title holds no control character (a line break, a tab, ESC): those become dots.
        title = "".join("·" if unicodedata.category(char) == "Cc" else char for char in text)
        ids[title] = add(
            run, "werk", title, "-m", str(number + 1), "-r", text, "--with", text, "-t", "raar"
        )
        texts[title] = text
    records = everything(run)
    assert {r["title"]: r["id"] for r in records} == ids
    for record in records:
        assert record["reflection"] == record["with"] == texts[record["title"]]
    with sqlite(db_path) as conn:  # nothing was run as SQL: every table is still there
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    assert {"activities", "people", "journal"} <= tables

    exported = tmp_path / f"activities.{fmt}"
    done = run("export", "activities", "--format", fmt, "--output", str(exported))
    assert done.exit_code == 0, done
    other = tmp_path / "other.db"
    done = run("--db", str(other), "import", str(exported))
    assert (done.exit_code, unnoted(done.stderr)) == (0, ""), done
    assert done.stdout.startswith(f"imported {len(NASTY)} activities")
    again = json.loads(
        ok(run("--db", str(other), "list", "--all", "--format", "json", "--limit", "1000"))
    )

    def comparable(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return sorted(({k: v for k, v in r.items() if k != "updated_at"} for r in rows), key=str)

    assert comparable(again) == comparable(records)


# --- modes ---------------------------------------------------------------------------------------


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The most permissive umask: any mode below 0666 is leerlog's own doing."""
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


@pytest.mark.usefixtures("open_umask")
def test_the_file_its_wal_and_a_backup_are_readable_by_the_owner_only(
    run: Run, db_path: Path, tmp_path: Path
) -> None:
    add(run, "werk", "Eerste huisbezoek", "-m", "45")
    assert mode(db_path) == 0o600
    assert mode(db_path.parent) == 0o700
    target = tmp_path / "copies" / "leerlog-{date}.db"
    ok(run("backup", str(target)))
    copy = tmp_path / "copies" / "leerlog-2026-11-27.db"
    assert mode(copy) == 0o600
    assert mode(copy.parent) == 0o700
    # SQLite gives the -wal and -shm the mode of the file.
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(db_path), "idle"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and int(holder.stdout.readline()) == 1
        for suffix in ("-wal", "-shm"):
            assert mode(db_path.with_name(db_path.name + suffix)) == 0o600
    finally:
        holder.communicate("\n", timeout=PATIENCE_SECONDS)


@pytest.mark.usefixtures("open_umask")
def test_the_backup_before_an_upgrade_is_readable_by_the_owner_only(
    run: Run, db_path: Path
) -> None:
    """A file of schema 1, shared with a group (0640): the copy made before the upgrade is 0600,
    and the file itself keeps its mode."""
    from sqlite_utils import Database

    db_path.parent.mkdir()
    db = Database(db_path)
    MIGRATIONS.apply(db, stop_before="m002_journal_by_activity")
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("PRAGMA user_version = 1")
    db.execute("PRAGMA journal_mode = WAL")
    db.close()
    db_path.chmod(0o640)
    done = run("list")
    assert done.exit_code == 0, done
    assert "Upgraded" in done.stderr
    copies = list(db_path.parent.glob("leerlog.db.schema1-*.bak"))
    assert len(copies) == 1
    assert mode(copies[0]) == 0o600
    assert mode(db_path) == 0o640
    with sqlite(db_path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
