"""A team file shared through group permissions, used by several real users at once.

An administrator gives the file and its folder to the team's group, writable, with the folder
setgid so that the -wal and -shm SQLite makes get that group too; HR reads (a cron export).
Each user is a distinct uid and gid (no /etc/passwd entry is needed) running a copy of leerlog
every user can read, as the `nobody` fixture does.

What went wrong before: HR's export created -wal and -shm owned by HR, with the file's mode,
which no writer could use ("database is read-only") until an administrator deleted them; in a
folder HR may not write, HR could not even list.
"""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest
from faultkit import Nobody, count, folder_bytes, integrity_ok, plain_error, succeeds

OWNER, WRITER, READER = 3101, 3102, 3103  # uids, each with a group of the same number
TEAM, HR = 3200, 3300  # the team's group (owner and writer), and HR's


@pytest.fixture
def users(nobody: Nobody) -> tuple[Nobody, Nobody, Nobody]:
    """The owner and a writer, both in TEAM, and a reader from HR."""
    return (
        nobody.as_user(OWNER, OWNER, TEAM),
        nobody.as_user(WRITER, WRITER, TEAM),
        nobody.as_user(READER, READER, HR),
    )


def shared(nobody: Nobody, owner: Nobody, group: int, folder_mode: int, file_mode: int) -> Path:
    """A log the owner started, then shared by an administrator (root) as the README says."""
    folder = nobody.folder / "team"
    folder.mkdir()
    os.chown(folder, OWNER, group)
    folder.chmod(0o700)
    path = folder / "leerlog.db"
    for n in range(3):
        succeeds(owner.run("--db", str(path), "add", "werk", f"Start {n}", "-m", "30", "-q"))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # a new file is the owner's alone
    os.chown(path, OWNER, group)
    path.chmod(file_mode)
    folder.chmod(folder_mode)
    return path


def owners(folder: Path) -> dict[str, tuple[int, int, int]]:
    """Every file in FOLDER with its owner, group and mode."""
    return {
        p.name: (p.stat().st_uid, p.stat().st_gid, stat.S_IMODE(p.stat().st_mode))
        for p in sorted(folder.iterdir())
    }


def export(reader: Nobody, path: Path) -> list[str]:
    out = succeeds(reader.run("--db", str(path), "export", "activities", "--format", "csv"))
    return out.splitlines()


def test_the_team_file_as_owner_writer_and_hr_reader(
    nobody: Nobody, users: tuple[Nobody, Nobody, Nobody]
) -> None:
    owner, writer, reader = users
    # Team members read and write (group), everyone else (HR) reads; the folder is setgid.
    path = shared(nobody, owner, TEAM, 0o2775, 0o664)
    assert len(export(reader, path)) == 1 + 3
    assert owners(path.parent) == {"leerlog.db": (OWNER, TEAM, 0o664)}  # nothing left by HR
    succeeds(owner.run("--db", str(path), "add", "werk", "Na de export", "-m", "30", "-q"))
    succeeds(writer.run("--db", str(path), "add", "werk", "Collega", "-m", "45", "-q"))
    assert len(export(reader, path)) == 1 + 5
    for args in (["list"], ["report", "--all"], ["people", "list"]):
        succeeds(reader.run("--db", str(path), *args))
    # HR may not write: refused before SQLite touches anything, naming the file.
    before = folder_bytes(path.parent)
    done = reader.run("--db", str(path), "add", "werk", "Van HR", "-m", "10")
    plain_error(done, 1, str(path), "read-only")
    assert folder_bytes(path.parent) == before
    integrity_ok(path)
    assert count(path) == 5


HOLD = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("SELECT count(*) FROM activities").fetchone()
print("open", flush=True)
sys.stdin.read()
"""


def hold_open(user: Nobody, path: Path) -> subprocess.Popen[str]:
    """USER's process keeps PATH open (so its -wal and -shm exist) until its stdin closes."""
    process = subprocess.Popen(
        ["/usr/bin/env", "python3", "-c", HOLD, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={"PATH": "/usr/bin:/bin"},
        user=user.uid,
        group=user.gid,
        extra_groups=list(user.groups),
    )
    assert process.stdout is not None and process.stdout.readline() == "open\n"
    return process


def test_hr_reads_while_a_writer_has_the_file_open_and_writers_go_on(
    nobody: Nobody, users: tuple[Nobody, Nobody, Nobody]
) -> None:
    owner, writer, reader = users
    path = shared(nobody, owner, TEAM, 0o2775, 0o664)
    holder = hold_open(writer, path)
    try:
        sides = owners(path.parent)
        assert sides["leerlog.db-shm"][:2] == (WRITER, TEAM)  # setgid: the team's group
        assert len(export(reader, path)) == 1 + 3
        assert owners(path.parent) == sides  # HR read through them, made none of its own
        succeeds(owner.run("--db", str(path), "add", "werk", "Tijdens", "-m", "30", "-q"))
    finally:
        holder.communicate("")
    succeeds(writer.run("--db", str(path), "add", "werk", "Erna", "-m", "30", "-q"))
    assert owners(path.parent) == {"leerlog.db": (OWNER, TEAM, 0o664)}
    assert count(path) == 5


def test_hr_in_the_files_group_reads_a_0640_file_and_the_owner_writes_after(
    nobody: Nobody, users: tuple[Nobody, Nobody, Nobody]
) -> None:
    """The case of the issue: file 0640 for HR's group, folder writable by that group."""
    owner, _writer, reader = users
    path = shared(nobody, owner, HR, 0o2770, 0o640)
    assert len(export(reader, path)) == 1 + 3
    assert owners(path.parent) == {"leerlog.db": (OWNER, HR, 0o640)}
    succeeds(owner.run("--db", str(path), "add", "werk", "Na HR", "-m", "30", "-q"))
    assert len(export(reader, path)) == 1 + 4


@pytest.mark.parametrize("folder_mode", [0o2750, 0o2755])
def test_a_reader_with_a_read_only_folder_reads(
    nobody: Nobody, users: tuple[Nobody, Nobody, Nobody], folder_mode: int
) -> None:
    owner, _writer, reader = users
    path = shared(nobody, owner, HR, folder_mode, 0o640 if folder_mode == 0o2750 else 0o644)
    before = folder_bytes(path.parent)
    assert len(export(reader, path)) == 1 + 3
    for args in (["list"], ["report", "--all"]):
        succeeds(reader.run("--db", str(path), *args))
    # And while the owner has the file open, through its side files.
    holder = hold_open(owner, path)
    try:
        assert len(export(reader, path)) == 1 + 3
    finally:
        holder.communicate("")
    assert folder_bytes(path.parent) == before


def test_a_file_that_was_0400_for_a_while_is_writable_again(
    nobody: Nobody, users: tuple[Nobody, Nobody, Nobody]
) -> None:
    owner = users[0]
    path = shared(nobody, owner, TEAM, 0o2770, 0o400)
    succeeds(owner.run("--db", str(path), "list"))  # reads, leaves no 0400 side files
    assert owners(path.parent) == {"leerlog.db": (OWNER, TEAM, 0o400)}
    # Side files an older leerlog left in that state: 0400, as the file was.
    holder = hold_open(owner, path)
    holder.kill()
    holder.wait()
    assert owners(path.parent)["leerlog.db-wal"] == (OWNER, TEAM, 0o400)
    path.chmod(0o660)
    succeeds(owner.run("--db", str(path), "add", "werk", "Weer", "-m", "30", "-q"))
    assert count(path) == 4


def test_side_files_an_older_reader_left_do_not_block_writers(
    nobody: Nobody, users: tuple[Nobody, Nobody, Nobody]
) -> None:
    """HR's export by an older leerlog left -wal and -shm owned by HR, mode 0640: unusable for
    the owner. While HR's process still has them open they stay, and the error names them;
    once it is gone, the owner's next write removes them (the -wal is empty, and no process
    holds SQLite's lock on the -shm) and succeeds."""
    owner, _writer, reader = users
    path = shared(nobody, owner, HR, 0o2770, 0o640)
    holder = hold_open(reader, path)  # as leerlog opened files before
    try:
        assert owners(path.parent)["leerlog.db-shm"] == (READER, HR, 0o640)
        done = owner.run("--db", str(path), "add", "werk", "Geblokkeerd", "-m", "30")
        plain_error(done, 1, "leerlog.db-")
        assert str(path.parent) in done.stderr
    finally:
        holder.communicate("")
    assert owners(path.parent)["leerlog.db-wal"] == (READER, HR, 0o640)  # left behind
    succeeds(owner.run("--db", str(path), "add", "werk", "Weer", "-m", "30", "-q"))
    assert owners(path.parent) == {"leerlog.db": (OWNER, HR, 0o640)}
    assert count(path) == 4
