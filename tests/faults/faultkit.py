"""Helpers the fault tests share (imported by name: pytest puts this folder on sys.path)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from installed import PATIENCE_SECONDS, run_script, script, sqlite, unnoted

__all__ = ["PATIENCE_SECONDS", "run_script", "script", "sqlite"]

TODAY = "2026-11-27"


def plain_error(done: subprocess.CompletedProcess[str], code: int, *fragments: str) -> None:
    """Exit CODE, one or two plain lines on stderr naming the problem, no data, no traceback."""
    assert done.returncode == code, done
    assert done.stdout == "", done
    assert done.stderr.startswith("Error: "), done
    assert "Traceback" not in done.stderr, done
    assert len(done.stderr.splitlines()) <= 2, done
    for fragment in fragments:
        assert fragment in done.stderr, (fragment, done.stderr)


def succeeds(done: subprocess.CompletedProcess[str]) -> str:
    """Stdout of a run that must exit 0 and say nothing on stderr."""
    assert (done.returncode, unnoted(done.stderr)) == (0, ""), done
    return done.stdout


def integrity_ok(path: Path) -> None:
    with sqlite(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def count(path: Path, sql: str = "SELECT count(*) FROM activities") -> int:
    with sqlite(path) as conn:
        return int(conn.execute(sql).fetchone()[0])


def folder_bytes(folder: Path) -> dict[str, bytes]:
    """Every file in FOLDER with its bytes: catches changes and left-behind -wal/-shm files."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def as_json(row: sqlite3.Row | dict[str, Any]) -> dict[str, Any]:
    """An activities row as leerlog's JSON (tags decoded), to compare with a journal entry."""
    data = dict(row)
    data["tags"] = json.loads(data["tags"])
    return data


@dataclass(frozen=True)
class Nobody:
    """A folder every user can traverse, and leerlog run in it as user nobody, group nogroup.

    as_user() gives the same for any other uid, gid and supplementary groups: the command is a
    copy of leerlog every user can read, and the ids need no entry in /etc/passwd.
    """

    folder: Path
    command: tuple[str, ...]
    uid: int
    gid: int
    groups: tuple[int, ...] = ()

    def as_user(self, uid: int, gid: int, *groups: int) -> Nobody:
        return replace(self, uid=uid, gid=gid, groups=groups)

    def env(self) -> dict[str, str]:
        home = str(self.folder)
        return {
            "PATH": "/usr/bin:/bin",
            "HOME": home,
            "LANG": "C.UTF-8",
            "LEERLOG_LANG": "en",
            "LEERLOG_CONFIG": str(self.folder / "no-config.toml"),
            "LEERLOG_TODAY": TODAY,
            "LEERLOG_PERSON": "anna",
            "NO_COLOR": "1",
            "COLUMNS": "200",
            "XDG_DATA_HOME": str(self.folder / "xdg-data"),
            "XDG_CONFIG_HOME": str(self.folder / "xdg-config"),
        }

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*self.command, *args],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            env=self.env(),
            cwd=self.folder,
            user=self.uid,
            group=self.gid,
            extra_groups=list(self.groups),  # else the child keeps root's supplementary groups
            timeout=PATIENCE_SECONDS,
            check=False,
        )
