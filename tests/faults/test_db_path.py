"""`--db` (and LEERLOG_DB, config `db`) names a regular file or one to create, nothing else.

SQLite would "open" /dev/null, write /dev/null-journal beside it and call the result a disk I/O
error; a folder or a FIFO is no database either. Each is a usage problem: exit 2, one plain
line and a hint, and nothing is created.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from faultkit import Nobody, folder_bytes, plain_error, succeeds

if TYPE_CHECKING:
    from conftest import Leerlog

JOURNAL = Path("/dev/null-journal")
COMMANDS = {
    "add": ["add", "werk", "Huisbezoek", "-m", "45"],
    "list": ["list"],
    "report": ["report"],
    "undo": ["undo"],
    "backup": ["backup", "{tmp}/copy.db"],
}


def given(how: str, path: str, leerlog: Leerlog, tmp_path: Path, args: list[str]) -> Leerlog:
    """ARGS run with the database PATH given as an option, a variable or in the config."""
    args = [arg.replace("{tmp}", str(tmp_path)) for arg in args]
    env = dict(leerlog.env)
    if how == "--db":
        args = ["--db", path, *args]
    elif how == "LEERLOG_DB":
        env["LEERLOG_DB"] = path
    else:
        env.pop("LEERLOG_DB", None)
        config = tmp_path / "db-config.toml"
        config.write_text(f"db = {path!r}\n")
        env["LEERLOG_CONFIG"] = str(config)
    return type(leerlog)(env)(*args)


@pytest.mark.parametrize("how", ["--db", "LEERLOG_DB", "config"])
@pytest.mark.parametrize("args", COMMANDS.values(), ids=COMMANDS.keys())
def test_dev_null_is_refused_and_gets_no_journal(
    leerlog: Leerlog, tmp_path: Path, how: str, args: list[str]
) -> None:
    assert not JOURNAL.exists()
    done = given(how, "/dev/null", leerlog, tmp_path, args)
    plain_error(done, 2, "/dev/null is not a regular file")
    assert done.stderr.splitlines()[1].startswith("Hint: ")
    assert not JOURNAL.exists()
    assert not (tmp_path / "copy.db").exists()


@pytest.mark.parametrize("args", COMMANDS.values(), ids=COMMANDS.keys())
def test_a_folder_is_refused_and_left_as_it_was(
    leerlog: Leerlog, tmp_path: Path, args: list[str]
) -> None:
    folder = tmp_path / "team"
    folder.mkdir()
    (folder / "notes.txt").write_text("not a database\n")
    done = given("--db", str(folder), leerlog, tmp_path, args)
    plain_error(done, 2, f"{folder} is a folder")
    assert folder_bytes(folder) == {"notes.txt": b"not a database\n"}


def test_a_fifo_is_refused_without_waiting_for_a_writer(leerlog: Leerlog, tmp_path: Path) -> None:
    fifo = tmp_path / "leerlog.db"
    os.mkfifo(fifo)
    for args in COMMANDS.values():
        plain_error(given("--db", str(fifo), leerlog, tmp_path, args), 2, "not a regular file")
    assert fifo.is_fifo() and sorted(p.name for p in tmp_path.iterdir()) == ["leerlog.db"]


def test_a_link_to_a_missing_file_is_not_followed_to_create_it(
    leerlog: Leerlog, tmp_path: Path
) -> None:
    link = tmp_path / "leerlog.db"
    elsewhere = tmp_path / "elsewhere" / "leerlog.db"
    link.symlink_to(elsewhere)
    done = given("--db", str(link), leerlog, tmp_path, COMMANDS["add"])
    plain_error(done, 1, "cannot create the database", "does not exist")
    assert not elsewhere.parent.exists()


def test_a_link_to_a_database_file_works(leerlog: Leerlog, tmp_path: Path) -> None:
    real = tmp_path / "real.db"
    succeeds(given("--db", str(real), leerlog, tmp_path, [*COMMANDS["add"], "-q"]))
    link = tmp_path / "link.db"
    link.symlink_to(real)
    assert "Huisbezoek" in succeeds(given("--db", str(link), leerlog, tmp_path, ["list"]))


def test_a_link_in_a_read_only_folder_to_a_file_in_a_shared_one_is_written(
    nobody: Nobody,
) -> None:
    """SQLite keeps the side files beside the file the link names: the folder of the link may
    be read-only (a user's own folder of links to the team's files)."""
    shared = nobody.folder / "team"
    links = nobody.folder / "links"
    for folder in (shared, links):
        folder.mkdir()
        os.chown(folder, nobody.uid, nobody.gid)
    real = shared / "team.db"
    assert nobody.run("--db", str(real), "add", "werk", "Huisbezoek", "-m", "45").returncode == 0
    link = links / "team.db"
    link.symlink_to(real)
    links.chmod(0o555)
    done = nobody.run("--db", str(link), "add", "werk", "Casus", "-m", "30", "-q")
    assert (done.returncode, done.stderr) == (0, ""), done
    listed = nobody.run("--db", str(link), "list")
    assert "Huisbezoek" in listed.stdout and "Casus" in listed.stdout
    assert sorted(p.name for p in links.iterdir()) == ["team.db"]
