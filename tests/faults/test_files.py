"""Files leerlog cannot use as asked: read-only, in folders it may not write, damaged or newer.

Each is refused with a plain message and exit 1, and left byte for byte as it was. The
permission cases run leerlog as user nobody (root may write anywhere).
"""

from __future__ import annotations

import csv
import os
import random
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from faultkit import (
    TODAY,
    Nobody,
    folder_bytes,
    plain_error,
    run_script,
    sqlite,
    succeeds,
)

from leerlog.storage.db import SCHEMA_VERSION

if TYPE_CHECKING:
    from conftest import Leerlog

ROWS = 2000


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real leerlog file of some 2 MB (2,000 activities of anna and four others), made once."""
    folder = tmp_path_factory.mktemp("template")
    source = folder / "rows.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["person", "date", "category", "minutes", "title", "reflection"])
        writer.writerows(
            (["anna", "bob", "carla", "dirk", "eva"][n % 5], f"2026-{1 + n % 11:02d}-{1 + n % 28:02d}",
             ("experiential", "social", "formal")[n % 3], 1 + n % 300, f"Activiteit {n}",
             "Wat ik leerde en wat ik anders ga doen. " * 8)
            for n in range(ROWS)
        )  # fmt: skip
    path = folder / "leerlog.db"
    env = {
        **os.environ,
        "LEERLOG_DB": str(path),
        "LEERLOG_CONFIG": str(folder / "no-config.toml"),
        "LEERLOG_TODAY": TODAY,
        "LEERLOG_PERSON": "anna",
        "LEERLOG_LANG": "en",
    }
    done = run_script(env, "import", str(source))
    assert done.returncode == 0, done
    assert not path.with_name(path.name + "-wal").exists()  # closed: everything is in the file
    return path


def place(template: Path, folder: Path, name: str = "leerlog.db") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    shutil.copyfile(template, path)
    return path


# --- read-only files and folders, as user nobody -------------------------------------------------


@pytest.fixture
def read_only_db(template: Path, nobody: Nobody) -> Path:
    """A root-owned 0644 file in a root-owned 0755 folder: nobody may read, not write."""
    folder = nobody.folder / "team"
    path = place(template, folder)
    folder.chmod(0o755)
    path.chmod(0o644)
    return path


def test_a_read_only_file_refuses_a_write(read_only_db: Path, nobody: Nobody) -> None:
    before = folder_bytes(read_only_db.parent)
    done = nobody.run("--db", str(read_only_db), "add", "werk", "Huisbezoek", "-m", "45")
    plain_error(done, 1, str(read_only_db), "read-only", "permissions")
    assert folder_bytes(read_only_db.parent) == before


def test_a_read_only_file_alone_can_be_read(read_only_db: Path, nobody: Nobody) -> None:
    """A WAL file needs its -shm beside it, even to read; with no other process having the file
    open there is none, and nobody may not create one in the read-only folder (SQLite refuses
    with SQLITE_READONLY_DIRECTORY, `?mode=ro` too). leerlog then reads a copy made while no
    writer had the file open, and leaves the folder as it was."""
    before = folder_bytes(read_only_db.parent)
    listing = succeeds(nobody.run("--db", str(read_only_db), "list", "--format", "csv"))
    assert len(listing.splitlines()) == 1 + 20  # header and the default limit
    for args in (["report", "--all"], ["people", "list"], ["export", "activities"]):
        assert succeeds(nobody.run("--db", str(read_only_db), *args))
    assert folder_bytes(read_only_db.parent) == before


def test_a_read_only_file_can_be_read_while_another_process_has_it_open(
    read_only_db: Path, nobody: Nobody
) -> None:
    """With an owner's process holding the file open, its -wal and -shm exist (mode 0644, as the
    file), and SQLite reads a WAL file read-only: list works, a write is still refused."""
    main_before = read_only_db.read_bytes()
    with sqlite(read_only_db) as owner:
        owner.execute("SELECT count(*) FROM activities").fetchone()
        assert read_only_db.with_name("leerlog.db-shm").exists()
        listing = succeeds(nobody.run("--db", str(read_only_db), "list", "--format", "csv"))
        assert len(listing.splitlines()) == 1 + 20  # header and the default limit
        done = nobody.run("--db", str(read_only_db), "add", "werk", "Huisbezoek", "-m", "45")
        plain_error(done, 1, str(read_only_db), "read-only")
        assert owner.execute("SELECT count(*) FROM activities").fetchone() == (ROWS,)
    assert read_only_db.read_bytes() == main_before


def test_a_new_file_in_a_read_only_folder_is_refused(nobody: Nobody) -> None:
    folder = nobody.folder / "shared"
    folder.mkdir(mode=0o755)
    (folder / "readme.txt").write_text("not yours\n", encoding="utf-8")
    before = folder_bytes(folder)
    path = folder / "new.db"
    done = nobody.run("--db", str(path), "add", "werk", "Huisbezoek", "-m", "45")
    plain_error(done, 1, str(path), "cannot create", "Permission denied")
    assert folder_bytes(folder) == before
    assert sorted(p.name for p in folder.iterdir()) == ["readme.txt"]


def test_a_missing_folder_under_a_read_only_folder_is_refused(nobody: Nobody) -> None:
    closed = nobody.folder / "closed"
    closed.mkdir(mode=0o555)
    closed.chmod(0o555)
    path = closed / "team" / "deeper" / "leerlog.db"
    done = nobody.run("--db", str(path), "add", "werk", "Huisbezoek", "-m", "45")
    plain_error(done, 1, str(path), "cannot create", "Permission denied")
    assert list(closed.iterdir()) == []


def test_a_folder_that_cannot_exist_is_refused(leerlog: Leerlog) -> None:
    """/proc takes no new folders, not even from root."""
    path = "/proc/leerlog/leerlog.db"
    done = leerlog("--db", path, "add", "werk", "Huisbezoek", "-m", "45")
    plain_error(done, 1, path, "cannot create")
    assert not Path(path).parent.exists()


# --- damaged files -------------------------------------------------------------------------------


def truncated(path: Path) -> None:
    os.truncate(path, path.stat().st_size // 2)


def garbage_in_the_middle(path: Path) -> None:
    """Random bytes over every other 32 KiB of the file after its first eighth: pages of every
    table and index, wherever they lie (an import into an empty file makes its indexes last)."""
    size, stripe = path.stat().st_size, 32 * 1024
    noise = random.Random(7731)
    with path.open("r+b") as handle:
        for offset in range(size // 8, size, 2 * stripe):
            handle.seek(offset)
            handle.write(noise.randbytes(min(stripe, size - offset)))


def garbage_header(path: Path) -> None:
    with path.open("r+b") as handle:
        handle.write(random.Random(5519).randbytes(100))


def newer(path: Path) -> None:
    with sqlite(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")


DAMAGE: dict[str, tuple[Callable[[Path], None], tuple[str, ...]]] = {
    "truncated": (truncated, ("damaged", "backup")),
    "garbage-in-the-middle": (garbage_in_the_middle, ("damaged", "backup")),
    "garbage-header": (garbage_header, ("not a leerlog database",)),
}
COMMANDS = {
    "list": ["list", "--all"],
    "report": ["report", "--all"],
    "add": ["add", "werk", "Huisbezoek", "-m", "45"],
    "import": ["import", "{folder}/rows.csv"],
    "export": ["export", "activities", "--output", "{folder}/out/activities.csv"],
}


def command_args(command: str, folder: Path) -> list[str]:
    return [arg.replace("{folder}", str(folder)) for arg in COMMANDS[command]]


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_file_is_refused_and_left_as_it_is(
    template: Path, tmp_path: Path, leerlog: Leerlog, damage: str, command: str
) -> None:
    data = tmp_path / "data"
    path = place(template, data)
    spoil, fragments = DAMAGE[damage]
    spoil(path)
    (tmp_path / "rows.csv").write_text(
        "person,date,category,minutes,title\nanna,2026-11-20,formal,60,Training\n", encoding="utf-8"
    )
    before = folder_bytes(data)
    done = leerlog("--db", str(path), *command_args(command, tmp_path))
    plain_error(done, 1, str(path), *fragments)
    assert folder_bytes(data) == before
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


# test_db covers list and add on a newer file; here every other kind of command.
NEWER_COMMANDS = {
    "report": ["report", "--all"],
    "import": ["import", "{folder}/rows.csv"],
    "export": ["export", "balance", "--output", "{folder}/out/balance.csv"],
    "people-set": ["people", "set", "anna", "--team", "Noord"],
    "people-forget": ["people", "forget", "bob", "--yes"],
    "undo": ["undo"],
    "backup": ["backup", "{folder}/out/copy.db"],
    "register-set": ["register", "set", "registerplein", "--start", "2025-01-01"],
    "register-status": ["register", "status"],
}


@pytest.mark.parametrize("command", sorted(NEWER_COMMANDS))
def test_a_file_from_a_newer_leerlog_is_refused_and_left_as_it_is(
    template: Path, tmp_path: Path, leerlog: Leerlog, command: str
) -> None:
    data = tmp_path / "data"
    path = place(template, data)
    newer(path)
    (tmp_path / "rows.csv").write_text(
        "person,date,category,minutes,title\nanna,2026-11-20,formal,60,Training\n", encoding="utf-8"
    )
    before = folder_bytes(data)
    args = [arg.replace("{folder}", str(tmp_path)) for arg in NEWER_COMMANDS[command]]
    done = leerlog("--db", str(path), *args)
    plain_error(done, 1, str(path), "newer", f"schema {SCHEMA_VERSION + 1}")
    assert folder_bytes(data) == before
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


# --- no half data on stdout -----------------------------------------------------------------------


@pytest.mark.parametrize("damage", ["truncated", "garbage-header"])
def test_an_export_to_stdout_of_an_unusable_file_writes_no_data(
    template: Path, tmp_path: Path, leerlog: Leerlog, damage: str
) -> None:
    """Data goes to stdout, errors are plain lines: a cron job's `> activities.csv` must not get a
    header (or some rows) from a run that failed."""
    path = place(template, tmp_path / "data")
    DAMAGE[damage][0](path)
    done = leerlog("--db", str(path), "export", "activities")
    plain_error(done, 1, str(path))


# --- an export never takes the database's place ---------------------------------------------------


@pytest.mark.parametrize(
    ("what", "spelling"), [("activities", "as-given"), ("balance", "by-a-detour")]
)
def test_an_export_onto_the_database_itself_is_refused(
    leerlog: Leerlog, db_path: Path, what: str, spelling: str
) -> None:
    """A slip in a cron line (`-o "$LEERLOG_DB"`) must not swap the team's file for a CSV, as
    `leerlog backup` already refuses to."""
    succeeds(leerlog("add", "werk", "Huisbezoek", "-m", "45", "-q"))
    before = folder_bytes(db_path.parent)
    target = db_path if spelling == "as-given" else db_path.parent / ".." / "data" / db_path.name
    done = leerlog("export", what, "--output", str(target))
    assert done.returncode in (1, 2), done
    assert done.stdout == "" and done.stderr.startswith("Error: "), done
    assert "Traceback" not in done.stderr
    assert folder_bytes(db_path.parent) == before
