"""Where output goes wrong: a replaced file keeps mode and group; closed pipes, full disks.

Real processes, so that pipes, /dev/full and file ownership are the operating system's.
"""

from __future__ import annotations

import grp
import os
import stat
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from faultkit import PATIENCE_SECONDS, Nobody, script, sqlite, succeeds

from installed import unnoted

if TYPE_CHECKING:
    from conftest import Leerlog


def other_group() -> int:
    """A group the user running the tests is not in by default (tests run as root)."""
    try:
        return grp.getgrnam("nogroup").gr_gid
    except KeyError:
        return 4242


@pytest.mark.parametrize("mode", [0o640, 0o664, 0o600])
def test_a_replaced_export_keeps_its_mode_and_group(
    leerlog: Leerlog, tmp_path: Path, mode: int
) -> None:
    succeeds(leerlog("add", "werk", "Huisbezoek", "-m", "45", "-q"))
    target = tmp_path / "hr" / "activities.csv"
    target.parent.mkdir()
    target.write_text("last month\n")
    group = other_group()
    os.chown(target, -1, group)
    target.chmod(mode)
    assert target.stat().st_gid != os.getegid()  # else the test would prove nothing
    done = leerlog("export", "activities", "--output", str(target))
    assert done.returncode == 0, done
    info = target.stat()
    assert (info.st_gid, stat.S_IMODE(info.st_mode)) == (group, mode)
    assert target.read_text().startswith("id,person,date,")
    assert [p.name for p in target.parent.iterdir()] == ["activities.csv"]


def test_a_new_export_gets_the_users_group(leerlog: Leerlog, tmp_path: Path) -> None:
    succeeds(leerlog("add", "werk", "Huisbezoek", "-m", "45", "-q"))
    target = tmp_path / "new.csv"
    assert leerlog("export", "activities", "--output", str(target)).returncode == 0
    assert target.stat().st_gid == os.getegid()


def own_log(nobody: Nobody) -> tuple[Path, Path]:
    """A folder of user nobody's own, with its log of one activity: the folder and the log."""
    home = nobody.folder / "own"
    home.mkdir()
    os.chown(home, nobody.uid, nobody.gid)
    db = home / "leerlog.db"
    assert nobody.run("--db", str(db), "add", "werk", "Huisbezoek", "-m", "45").returncode == 0
    return home, db


def test_a_group_the_user_may_not_give_is_not_a_failure(nobody: Nobody) -> None:
    """User nobody replaces a file of a group it is not in: the export works, in its own group
    (only root or a member may give a file a group), and keeps the mode."""
    home, db = own_log(nobody)
    target = home / "activities.csv"
    target.write_text("last month\n")
    os.chown(target, nobody.uid, 0)  # nobody owns it; the group is root's
    target.chmod(0o640)
    done = nobody.run("--db", str(db), "export", "activities", "--output", str(target))
    assert (done.returncode, done.stderr.count("Error")) == (0, 0), done
    info = target.stat()
    assert (info.st_gid, stat.S_IMODE(info.st_mode)) == (nobody.gid, 0o640)


# --- stdout that cannot take the output ----------------------------------------------------------

ROWS = 3000  # some 300 kB of CSV: more than a pipe holds, so the writer meets the closed end
READS = {
    "export-activities": ["export", "activities"],
    "export-activities-jsonl": ["export", "activities", "--format", "jsonl"],
    "list": ["list", "--all", "--limit", str(ROWS)],
    "list-csv": ["list", "--all", "--limit", str(ROWS), "--format", "csv"],
    "report": ["report"],
    "report-all": ["report", "--all", "--monthly"],
    "register-list": ["register", "list"],
    "types": ["types"],
    "people": ["people", "list"],
    "help": ["--help"],
    "version": ["--version"],
}


@pytest.fixture
def filled(leerlog: Leerlog, tmp_path: Path) -> Path:
    source = tmp_path / "rows.csv"
    lines = ["person,date,category,minutes,title,reflection"]
    lines += [
        f"anna,2026-11-{1 + n % 26:02d},werk,{1 + n % 90},Activiteit {n},Geleerd"
        for n in range(ROWS)
    ]
    source.write_text("\n".join(lines) + "\n")
    succeeds(leerlog("import", str(source)))
    return tmp_path / "data" / "leerlog.db"


def run_into(leerlog: Leerlog, stdout: int, *args: str) -> subprocess.CompletedProcess[str]:
    """The installed script with stdout on the file descriptor STDOUT; stderr captured."""
    return subprocess.run(
        [script(), *args],
        stdin=subprocess.DEVNULL,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        env=leerlog.env,
        timeout=PATIENCE_SECONDS,
        check=False,
    )


def closed_pipe() -> int:
    """The writing end of a pipe whose reader is gone before the process starts."""
    read, write = os.pipe()
    os.close(read)
    return write


@pytest.mark.usefixtures("filled")
@pytest.mark.parametrize("args", READS.values(), ids=READS.keys())
def test_a_closed_pipe_ends_quietly(leerlog: Leerlog, args: list[str]) -> None:
    write = closed_pipe()
    try:
        done = run_into(leerlog, write, *args)
    finally:
        os.close(write)
    assert (done.returncode, done.stderr) == (0, ""), done


@pytest.mark.usefixtures("filled")
@pytest.mark.parametrize(
    "args", [READS["export-activities"], READS["list"]], ids=["export", "list"]
)
def test_head_1_reads_one_line_and_leerlog_ends_quietly(leerlog: Leerlog, args: list[str]) -> None:
    """As in `leerlog export activities | head -1`."""
    writer = subprocess.Popen(
        [script(), *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=leerlog.env,
    )
    assert writer.stdout is not None and writer.stderr is not None
    head = subprocess.run(
        ["head", "-1"], stdin=writer.stdout, capture_output=True, timeout=PATIENCE_SECONDS
    )
    writer.stdout.close()
    stderr = writer.stderr.read()
    writer.stderr.close()
    assert writer.wait(timeout=PATIENCE_SECONDS) == 0
    assert stderr == b""
    assert len(head.stdout.splitlines()) == 1


@pytest.mark.usefixtures("filled")
@pytest.mark.parametrize("args", READS.values(), ids=READS.keys())
def test_a_full_stdout_is_one_line_and_exit_1(leerlog: Leerlog, args: list[str]) -> None:
    with open("/dev/full", "w") as full:
        done = run_into(leerlog, full.fileno(), *args)
    assert done.returncode == 1, done
    assert done.stderr == "Error: cannot write the output: No space left on device\n"


@pytest.mark.parametrize("quiet", [[], ["-q"]], ids=["line", "quiet"])
def test_add_with_a_full_stdout_stores_once_and_says_so(
    leerlog: Leerlog, db_path: Path, quiet: list[str]
) -> None:
    with open("/dev/full", "w") as full:
        done = run_into(leerlog, full.fileno(), "add", "werk", "Huisbezoek", "-m", "45", *quiet)
    assert done.returncode == 0, done
    [stored] = [row[0] for row in rows(db_path)]
    assert unnoted(done.stderr) == (
        f"activity {stored} was stored, but its confirmation could not be written: "
        "No space left on device\n"
    )


def test_add_into_a_closed_pipe_stores_once_quietly(leerlog: Leerlog, db_path: Path) -> None:
    write = closed_pipe()
    try:
        done = run_into(leerlog, write, "add", "werk", "Huisbezoek", "-m", "45")
    finally:
        os.close(write)
    assert (done.returncode, unnoted(done.stderr)) == (0, ""), done
    assert len(rows(db_path)) == 1


def test_other_changes_with_a_full_stdout_say_what_was_done(
    leerlog: Leerlog, db_path: Path, tmp_path: Path
) -> None:
    activity = succeeds(leerlog("add", "werk", "Huisbezoek", "-m", "45", "-q")).strip()
    changes = {
        ("edit", activity, "-m", "50"): f"activity {activity} was changed",
        ("people", "set", "bob", "--team", "Noord"): "bob was stored",
        ("types", "add", "huisbezoek", "-c", "werk"): "type huisbezoek was added",
        ("backup", str(tmp_path / "copy.db")): f"the backup {tmp_path / 'copy.db'} was written",
        ("delete", activity, "--yes"): f"activity {activity} was deleted",
        ("undo",): "the undo was done",
    }
    for args, says in changes.items():
        with open("/dev/full", "w") as full:
            done = run_into(leerlog, full.fileno(), *args)
        assert done.returncode == 0, done
        assert done.stderr.startswith(says + ", but its confirmation could not be written"), done
        assert len(done.stderr.splitlines()) == 1
    assert [row[0] for row in rows(db_path)] == [activity]  # deleted, then undone


def rows(path: Path) -> list[tuple[str, ...]]:
    with sqlite(path) as conn:
        return conn.execute("SELECT id, minutes FROM activities").fetchall()


def test_a_read_only_export_is_refused_as_the_shell_refuses_it(nobody: Nobody) -> None:
    """A file its owner made read-only (a month that was handed in) is not replaced behind its
    back: renamed over, it would be, in a folder the user may write."""
    home, db = own_log(nobody)
    target = home / "activities.csv"
    target.write_text("handed in\n")
    os.chown(target, nobody.uid, nobody.gid)
    target.chmod(0o444)
    done = nobody.run("--db", str(db), "export", "activities", "--output", str(target))
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.splitlines() == [
        f"Error: cannot write {target}: it is read-only",
        "Hint: make it writable (chmod u+w) or choose another name, if it is to be replaced",
    ]
    assert target.read_text() == "handed in\n"
    assert sorted(p.name for p in home.iterdir() if p.name.startswith(".")) == []
