"""Where output goes wrong: a replaced file keeps mode and group; closed pipes, full disks.

Real processes, so that pipes, /dev/full and file ownership are the operating system's.
"""

from __future__ import annotations

import grp
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from faultkit import Nobody, succeeds

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


def test_a_group_the_user_may_not_give_is_not_a_failure(nobody: Nobody) -> None:
    """User nobody replaces a file of a group it is not in: the export works, in its own group
    (only root or a member may give a file a group), and keeps the mode."""
    home = nobody.folder / "own"
    home.mkdir()
    os.chown(home, nobody.uid, nobody.gid)
    db = home / "leerlog.db"
    assert nobody.run("--db", str(db), "add", "werk", "Huisbezoek", "-m", "45").returncode == 0
    target = home / "activities.csv"
    target.write_text("last month\n")
    os.chown(target, nobody.uid, 0)  # nobody owns it; the group is root's
    target.chmod(0o640)
    done = nobody.run("--db", str(db), "export", "activities", "--output", str(target))
    assert (done.returncode, done.stderr.count("Error")) == (0, 0), done
    info = target.stat()
    assert (info.st_gid, stat.S_IMODE(info.st_mode)) == (nobody.gid, 0o640)
