"""Proof files on disk: forgetting a person leaves no byte of theirs in the file, its WAL or its
freelist; a file the user may not read is refused and nothing is stored."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from faultkit import (
    PATIENCE_SECONDS,
    Nobody,
    count,
    folder_bytes,
    integrity_ok,
    plain_error,
    sqlite,
    succeeds,
)

from installed import unnoted

if TYPE_CHECKING:
    from conftest import Result, Run

# leerlog itself, in a process that kills itself with SIGKILL inside the transaction that keeps
# a proof file: halfway through its bytes ("halfway": on the fifth read of 1 MiB), or when
# every byte is in the blob and the change is about to be journaled ("journal").
DYING = """
import os, signal, sys
from leerlog.registers import evidence

when = sys.argv[1]

class Dying:
    def __init__(self, handle):
        self.handle, self.reads = handle, 0
    def read(self, size=-1):
        self.reads += 1
        if self.reads == 5:
            os.kill(os.getpid(), signal.SIGKILL)
        return self.handle.read(size)
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        self.handle.close()
    def close(self):
        self.handle.close()

opened = evidence.open_proof

def open_proof(path):
    handle, size = opened(path)
    return (Dying(handle) if when == "halfway" else handle), size

evidence.open_proof = open_proof
if when == "journal":
    from leerlog.storage import journal
    def side_change(self, *args):
        os.kill(os.getpid(), signal.SIGKILL)
    journal.Change.side_change = side_change
sys.argv = ["leerlog", *sys.argv[2:]]
from leerlog.cli.app import main
main()
"""

MIB = 1024 * 1024
FORGOTTEN = "Zwaantje"


def patterned(path: Path, marker: bytes, size: int) -> None:
    """SIZE random bytes with MARKER at the start of every 4096: recognisable wherever a page
    of it ends up, and not compressible into something else."""
    with path.open("wb") as out:
        for start in range(0, size, 4096):
            block = marker + os.urandom(4096 - len(marker))
            out.write(block[: size - start])


def ok(result: Result) -> str:
    assert (result.exit_code, unnoted(result.stderr)) == (0, ""), result
    return result.stdout


def found(db_path: Path, marker: bytes) -> dict[str, int]:
    """Per file (the database, its -wal, its -shm), how often MARKER occurs in its raw bytes."""
    counts = {}
    for suffix in ("", "-wal", "-shm"):
        path = db_path.with_name(db_path.name + suffix)
        if path.exists():
            counts[path.name] = path.read_bytes().count(marker)
    return counts


def test_forget_leaves_no_byte_of_a_persons_proof_in_the_file_wal_or_freelist(
    run: Run, isolated: Path, db_path: Path
) -> None:
    marker, undone_marker, removed_marker, kept_marker = (secrets.token_bytes(32) for _ in "1234")
    big = isolated / "certificaat.pdf"
    patterned(big, marker, 20 * MIB)
    patterned(isolated / "lijst.pdf", undone_marker, 64 * 1024)
    patterned(isolated / "scan.jpg", removed_marker, 64 * 1024)
    patterned(isolated / "bob.pdf", kept_marker, 64 * 1024)
    mine = ok(run("add", "-q", "formeel", "Meldcode", "-m", "3u", "-p", FORGOTTEN)).strip()
    ok(run("evidence", "add", mine, str(big)))
    ok(run("evidence", "add", mine, str(isolated / "scan.jpg")))
    ok(run("evidence", "remove", mine, "2"))  # hidden, still in the file
    ok(run("reflect", mine, "--template", "skj", "--part", "technisch-instrumenteel=Kwartel",
           "--part", "normatief=Zwaluw", "--part", "persoonlijk=Blauwvintje 2290"))  # fmt: skip
    undone = ok(
        run("add", "-q", "werk", "Huisbezoek", "-m", "1u", "-p", FORGOTTEN,
            "--evidence", str(isolated / "lijst.pdf"))
    ).strip()  # fmt: skip
    ok(run("undo"))  # the activity is gone; its proof is hidden, and still in the file
    bobs = ok(run("add", "-q", "werk", "Casus", "-m", "45", "-p", "bob")).strip()
    ok(run("evidence", "add", bobs, str(isolated / "bob.pdf")))
    assert undone != mine
    before = found(db_path, marker)
    # A marker may straddle two pages of the blob; most lie whole within one.
    assert sum(before.values()) >= 20 * MIB // 4096 * 9 // 10
    assert sum(found(db_path, undone_marker).values()) >= 16
    assert sum(found(db_path, removed_marker).values()) >= 16

    forgot = ok(run("people", "forget", FORGOTTEN, "--yes"))
    assert forgot.startswith(f"forgot {FORGOTTEN}: removed 1 activity, ")

    for gone in (marker, undone_marker, removed_marker):
        assert {name: n for name, n in found(db_path, gone).items() if n} == {}
    with sqlite(db_path) as conn:
        assert conn.execute("PRAGMA freelist_count").fetchone() == (0,)
        assert conn.execute("SELECT activity_id, name FROM evidence").fetchall() == [
            (bobs, "bob.pdf")
        ]
        assert conn.execute("SELECT count(*) FROM reflections").fetchone() == (0,)
    for text in (b"Kwartel", b"Zwaluw", b"Blauwvintje 2290", FORGOTTEN.encode()):
        assert text not in db_path.read_bytes()
    integrity_ok(db_path)
    # Bob's proof is untouched.
    assert run("evidence", "get", bobs, "1", "-o", str(isolated / "bob-terug.pdf")).exit_code == 0
    assert (isolated / "bob-terug.pdf").read_bytes() == (isolated / "bob.pdf").read_bytes()


def test_a_file_the_user_may_not_read_is_refused_and_nothing_is_stored(nobody: Nobody) -> None:
    home = nobody.folder / "home"
    home.mkdir()
    os.chown(home, nobody.uid, nobody.gid)
    db = home / "leerlog.db"
    first = succeeds(nobody.run("--db", str(db), "add", "-q", "werk", "Casus", "-m", "45"))
    readable = nobody.folder / "lijst.pdf"
    readable.write_bytes(b"%PDF-1.4 signed list")
    readable.chmod(0o644)
    closed = nobody.folder / "certificaat.pdf"
    closed.write_bytes(b"%PDF-1.4 certificate")
    closed.chmod(0o600)  # root's own: nobody may not read it
    before = folder_bytes(home)
    done = nobody.run("--db", str(db), "evidence", "add", first.strip(), str(readable), str(closed))
    plain_error(done, 1, f"cannot read {closed}", "check the file and its permissions")
    assert folder_bytes(home) == before
    assert count(db, "SELECT count(*) FROM evidence") == 0
    added = nobody.run(
        "--db", str(db), "add", "formeel", "Meldcode", "-m", "1u", "--evidence", str(closed)
    )
    plain_error(added, 1, f"cannot read {closed}")
    assert count(db) == 1


@pytest.mark.parametrize("when", ["halfway", "journal"])
@pytest.mark.parametrize("how", ["evidence-add", "add-evidence"])
def test_a_kill_while_proof_is_stored_leaves_none_of_it(
    run: Run, isolated: Path, db_path: Path, env: dict[str, str], when: str, how: str
) -> None:
    marker = secrets.token_bytes(32)
    big = isolated / "certificaat.pdf"
    patterned(big, marker, 20 * MIB)
    activity = ok(run("add", "-q", "formeel", "Meldcode", "-m", "3u")).strip()
    args = {
        "evidence-add": ["evidence", "add", activity, str(big)],
        "add-evidence": ["add", "-q", "werk", "Huisbezoek", "-m", "1u", "--evidence", str(big)],
    }[how]
    done = subprocess.run(
        [sys.executable, "-c", DYING, when, *args],
        stdin=subprocess.DEVNULL, capture_output=True, env=env, timeout=PATIENCE_SECONDS,
        check=False,
    )  # fmt: skip
    assert done.returncode == -signal.SIGKILL, done.stderr
    integrity_ok(db_path)
    assert count(db_path, "SELECT count(*) FROM evidence") == 0
    assert count(db_path) == 1
    assert count(db_path, "SELECT count(*) FROM journal") == 1  # the first add, nothing more
    # The next run finds the file as it was, and keeps the proof.
    ok(run("evidence", "add", activity, str(big)))
    out = isolated / "terug.pdf"
    assert run("evidence", "get", activity, "1", "-o", str(out)).exit_code == 0
    assert out.read_bytes() == big.read_bytes()
