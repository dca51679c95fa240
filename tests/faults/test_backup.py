"""`leerlog backup` writes only a file of its own: made in a private folder, checked, linked.

Concurrent backups to one name, links planted where the copy is made, and a file that appears
while the copy is made: the copy is never written through a link and never replaces a file.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from faultkit import PATIENCE_SECONDS, integrity_ok, plain_error, script, succeeds

from leerlog.storage import backup as storage_backup

if TYPE_CHECKING:
    from conftest import Leerlog, Run

VICTIM = b"someone else's file\n"


def fill(leerlog: Leerlog) -> None:
    for title in ("Casus", "Huisbezoek", "Vakblad"):
        succeeds(leerlog("add", "werk", title, "-m", "30", "-q"))


def ids(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {row[0] for row in conn.execute("SELECT id FROM activities")}
    finally:
        conn.close()


@pytest.mark.parametrize("processes", [2, 3])
def test_concurrent_backups_to_one_name_give_one_whole_copy_and_clear_refusals(
    leerlog: Leerlog, env: dict[str, str], db_path: Path, tmp_path: Path, processes: int
) -> None:
    fill(leerlog)
    for round_ in range(3):
        folder = tmp_path / f"round-{round_}"
        target = folder / "copy.db"
        started = [
            subprocess.Popen(
                [script(), "backup", str(target)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
            )
            for _process in range(processes)
        ]
        done = []
        for process in started:
            stdout, stderr = process.communicate(timeout=PATIENCE_SECONDS)
            done.append(
                subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
            )
        winners = [run for run in done if run.returncode == 0]
        assert len(winners) == 1, done
        assert winners[0].stderr == "" and str(target) in winners[0].stdout
        for loser in done:
            if loser is not winners[0]:
                plain_error(loser, 1, str(target), "exists already")
        # Only the copy is left: no temporary folder, no journal.
        assert [p.name for p in folder.iterdir()] == ["copy.db"]
        integrity_ok(target)
        assert ids(target) == ids(db_path)


def test_links_planted_at_the_temporary_names_are_never_written_through(
    run: Run, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first two names the backup tries are taken by links someone planted: one to a file,
    one to a folder. The backup passes them by, and neither what they point to nor the links
    change."""
    assert run("add", "werk", "Casus", "-m", "30").exit_code == 0
    folder = tmp_path / "copies"
    folder.mkdir()
    victim_file = tmp_path / "victim.txt"
    victim_file.write_bytes(VICTIM)
    victim_folder = tmp_path / "victim-folder"
    victim_folder.mkdir()
    (folder / ".copy.db.planted-1.tmp").symlink_to(victim_file)
    (folder / ".copy.db.planted-2.tmp").symlink_to(victim_folder)

    def names(target: Path) -> Iterator[str]:
        yield from (f".{target.name}.planted-1.tmp", f".{target.name}.planted-2.tmp")
        yield f".{target.name}.fresh.tmp"

    monkeypatch.setattr(storage_backup, "_temporary_names", names)
    result = run("backup", str(folder / "copy.db"))
    assert (result.exit_code, result.stderr) == (0, ""), result
    assert victim_file.read_bytes() == VICTIM
    assert list(victim_folder.iterdir()) == []
    assert (folder / ".copy.db.planted-1.tmp").readlink() == victim_file
    assert (folder / ".copy.db.planted-2.tmp").readlink() == victim_folder
    assert sorted(p.name for p in folder.iterdir()) == [
        ".copy.db.planted-1.tmp",
        ".copy.db.planted-2.tmp",
        "copy.db",
    ]
    integrity_ok(folder / "copy.db")
    assert ids(folder / "copy.db") == ids(db_path)


def test_a_link_at_the_old_fixed_temporary_name_or_the_target_is_left_alone(
    leerlog: Leerlog, tmp_path: Path
) -> None:
    """leerlog once wrote `.NAME.tmp`; a link there is passed by. A link as the target itself,
    even one to nothing, is a file leerlog did not write: refused, and nothing is created."""
    fill(leerlog)
    folder = tmp_path / "copies"
    folder.mkdir()
    victim = tmp_path / "victim.db"
    victim.write_bytes(VICTIM)
    (folder / ".copy.db.tmp").symlink_to(victim)
    (folder / ".copy.db.tmp-journal").symlink_to(victim)
    succeeds(leerlog("backup", str(folder / "copy.db")))
    assert victim.read_bytes() == VICTIM
    integrity_ok(folder / "copy.db")

    nowhere = tmp_path / "nowhere.db"
    (folder / "dangling.db").symlink_to(nowhere)
    plain_error(leerlog("backup", str(folder / "dangling.db")), 1, "exists already")
    assert not nowhere.exists()
    (folder / "to-victim.db").symlink_to(victim)
    plain_error(leerlog("backup", str(folder / "to-victim.db")), 1, "exists already")
    assert victim.read_bytes() == VICTIM
    assert sorted(p.name for p in folder.iterdir()) == [
        ".copy.db.tmp", ".copy.db.tmp-journal", "copy.db", "dangling.db", "to-victim.db",
    ]  # fmt: skip


def test_a_file_that_appears_while_the_copy_is_made_is_not_replaced(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process takes the name after leerlog looked: exit 1, its file stays as it was."""
    assert run("add", "werk", "Casus", "-m", "30").exit_code == 0
    target = tmp_path / "copies" / "copy.db"
    private_folder = storage_backup._private_folder

    def meanwhile(name: Path) -> Path:
        made = private_folder(name)
        name.write_bytes(VICTIM)
        return made

    monkeypatch.setattr(storage_backup, "_private_folder", meanwhile)
    result = run("backup", str(target))
    assert result.exit_code == 1, result
    assert result.stderr.startswith(f"Error: {target} exists already"), result
    assert result.stdout == ""
    assert target.read_bytes() == VICTIM
    assert [p.name for p in target.parent.iterdir()] == ["copy.db"]


class _Damaged(sqlite3.Connection):
    """A connection whose integrity_check finds a problem, as on a failing disk."""

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        if sql == "PRAGMA integrity_check":
            return super().execute("SELECT 'row 3 missing from index x'")
        return super().execute(sql, *args)


def test_a_copy_that_fails_the_integrity_check_is_not_kept(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("add", "werk", "Casus", "-m", "30").exit_code == 0
    connect = sqlite3.connect

    def checked_connect(path: Any, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        if Path(str(path)).name == "copy.db" and Path(str(path)).parent.name.endswith(".tmp"):
            kwargs["factory"] = _Damaged
        return connect(path, *args, **kwargs)

    monkeypatch.setattr(storage_backup.sqlite3, "connect", checked_connect)
    folder = tmp_path / "copies"
    result = run("backup", str(folder / "copy.db"))
    assert result.exit_code == 1, result
    assert "integrity check" in result.stderr and "row 3 missing" in result.stderr
    assert len(result.stderr.splitlines()) == 2
    assert list(folder.iterdir()) == []


def left_behind(folder: Path, name: str, age: float) -> Path:
    """The private folder of a backup to NAME killed AGE seconds ago, with its half copy."""
    left = folder / f".{name}.{os.urandom(8).hex()}.tmp"
    left.mkdir(mode=0o700)
    copy = left / "copy.db"
    copy.write_bytes(b"SQLite format 3\x00" + b"Casus van anna" * 100)
    then = time.time() - age
    os.utime(copy, (then, then))
    os.utime(left, (then, then))
    return left


def test_the_next_backup_removes_what_a_killed_one_left(
    leerlog: Leerlog, db_path: Path, tmp_path: Path
) -> None:
    """A killed backup leaves a whole copy of the log in its private folder, where no `people
    forget` reaches it; the next backup to that name removes it, and only it."""
    fill(leerlog)
    folder = tmp_path / "backups"
    folder.mkdir()
    killed = left_behind(folder, "team.db", 120)
    running = left_behind(folder, "team.db", 0)  # a backup that runs right now: too young
    held = left_behind(folder, "team.db", 120)  # an old one a running backup still holds
    other = left_behind(folder, "other.db", 120)  # another name's
    writing = left_behind(folder, "team.db", 120)  # an older leerlog's, still copying: no lock
    (writing / "copy.db").touch()
    fd = os.open(held, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        succeeds(leerlog("backup", str(folder / "team.db")))
    finally:
        os.close(fd)
    assert not killed.exists()
    assert running.exists() and held.exists() and other.exists() and writing.exists()
    assert ids(folder / "team.db") == ids(db_path)
