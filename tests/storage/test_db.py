"""The SQLite file: creation, refusal of foreign or newer files, modes, the balance view, the journal."""

from __future__ import annotations

import json
import sqlite3
import stat
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from sqlite_utils import Database

from installed import sqlite
from leerlog.domain.errors import AmbiguousId, InvalidValue, NotFound
from leerlog.domain.models import Activity
from leerlog.storage.db import APPLICATION_ID, SCHEMA_VERSION
from leerlog.storage.migrations import MIGRATIONS
from leerlog.storage.store import Query, Store

if TYPE_CHECKING:
    from conftest import Result, Run

STAMP = "2026-11-27T09:00:00.000Z"


def pragma(path: Path, name: str) -> Any:
    with sqlite(path) as conn:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def add(run: Run, *args: str) -> str:
    """`leerlog add --quiet ARGS`; the new id."""
    result = run("add", "--quiet", *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout.strip()


def folder_bytes(folder: Path) -> dict[str, bytes]:
    """Every file in FOLDER with its bytes: catches changes and left-behind -wal/-journal files."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def assert_plain_error(result: Result, code: int, *fragments: str) -> None:
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ")
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in result.stderr


# --- the schema version --------------------------------------------------------------------------


def test_schema_version_counts_the_migrations() -> None:
    assert len(MIGRATIONS._migrations) == SCHEMA_VERSION
    db = Database(memory=True)
    MIGRATIONS.apply(db)
    assert len(MIGRATIONS.applied(db)) == SCHEMA_VERSION


# --- a new file ----------------------------------------------------------------------------------


def test_first_write_creates_the_file_and_its_folders(run: Run, isolated: Path) -> None:
    path = isolated / "deep" / "er" / "leerlog.db"
    result = run("--db", str(path), "add", "intervisie", "Casus", "-m", "5")
    assert result.exit_code == 0, result.stderr
    assert path.is_file()
    assert mode(path) == 0o600
    assert pragma(path, "journal_mode") == "wal"
    assert pragma(path, "user_version") == SCHEMA_VERSION
    assert pragma(path, "application_id") == APPLICATION_ID
    with sqlite(path) as conn:
        names = [row[0] for row in conn.execute("SELECT name FROM _sqlite_migrations")]
    assert names == [migration.name for migration in MIGRATIONS._migrations]


@pytest.mark.parametrize("file_mode", [0o640, 0o660, 0o644])
def test_the_mode_of_an_existing_file_is_kept(run: Run, db_path: Path, file_mode: int) -> None:
    add(run, "werk", "first", "-m", "5")
    db_path.chmod(file_mode)
    add(run, "werk", "second", "-m", "5")
    assert mode(db_path) == file_mode


def test_an_empty_file_prepared_by_an_administrator_is_used_and_keeps_its_mode(
    run: Run, db_path: Path
) -> None:
    db_path.parent.mkdir()
    db_path.touch()
    db_path.chmod(0o660)
    add(run, "werk", "shared", "-m", "5")
    assert mode(db_path) == 0o660
    assert pragma(db_path, "application_id") == APPLICATION_ID


@pytest.mark.parametrize(
    ("args", "code"),
    [(["list"], 1), (["people", "list"], 0), (["types"], 0), (["config"], 0), (["report"], 1)],
)
def test_a_read_command_does_not_create_the_file(
    run: Run, db_path: Path, args: list[str], code: int
) -> None:
    result = run(*args)
    assert result.exit_code == code, result.stderr
    assert not db_path.exists()
    assert not db_path.parent.exists()


# --- files that are not leerlog's, or are newer --------------------------------------------------


def write_text(path: Path, run: Run) -> None:
    path.write_text("person,date,minutes\nanna,2026-11-27,45\n", encoding="utf-8")


def write_foreign_sqlite(path: Path, run: Run) -> None:
    with sqlite(path) as conn:
        conn.execute("CREATE TABLE foo (a TEXT)")


def write_newer_leerlog(path: Path, run: Run) -> None:
    result = run("--db", str(path), "add", "werk", "x", "-m", "5")
    assert result.exit_code == 0, result.stderr
    with sqlite(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")


BAD_FILES: dict[str, tuple[Callable[[Path, Run], None], str]] = {
    "text": (write_text, "not a leerlog database"),
    "foreign-sqlite": (write_foreign_sqlite, "not a leerlog database"),
    "newer": (write_newer_leerlog, "newer"),
}
COMMANDS = {"read": ["list"], "write": ["add", "intervisie", "x", "-m", "5"]}


@pytest.mark.parametrize("via", ["--db", "LEERLOG_DB"])
@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_a_file_that_is_not_usable_is_refused_and_left_untouched(
    run: Run, isolated: Path, kind: str, command: str, via: str
) -> None:
    folder = isolated / "files"
    folder.mkdir()
    path = folder / "given.db"
    make, fragment = BAD_FILES[kind]
    make(path, run)
    before = folder_bytes(folder)
    if via == "--db":
        result = run("--db", str(path), *COMMANDS[command])
    else:
        result = run(*COMMANDS[command], env={"LEERLOG_DB": str(path)})
    assert_plain_error(result, 1, str(path), fragment)
    assert folder_bytes(folder) == before


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_folder_given_as_database_is_refused(run: Run, isolated: Path, command: str) -> None:
    result = run("--db", str(isolated), *COMMANDS[command])
    assert_plain_error(result, 2, str(isolated), "folder")


# --- the balance view ----------------------------------------------------------------------------

BALANCE_COLUMNS = [
    "person", "team", "activities", "minutes_total",
    "minutes_experiential", "minutes_social", "minutes_formal",
]  # fmt: skip


def test_the_balance_view_sums_per_person(run: Run, db_path: Path) -> None:
    for args in (
        ("werk", "Eerste huisbezoek", "-m", "1h"),
        ("intervisie", "Casus", "-m", "30"),
        ("workshop", "Motiverende gespreksvoering", "-m", "1h30"),
        ("werk", "Nog een huisbezoek", "-m", "15"),
        ("coaching", "Met Piet", "-m", "45", "--person", "bob"),
        ("reading", "Vakblad", "-m", "20", "--person", "bob"),
    ):
        add(run, *args)
    for name, team in (("anna", "Noord"), ("carol", "Zuid")):
        assert run("people", "set", name, "--team", team).exit_code == 0
    with sqlite(db_path) as conn:
        cursor = conn.execute("SELECT * FROM balance ORDER BY person")
        columns = [column[0] for column in cursor.description]
        rows = cursor.fetchall()
    assert columns == BALANCE_COLUMNS
    assert rows == [
        ("anna", "Noord", 4, 195, 75, 30, 90),
        ("bob", None, 2, 65, 0, 45, 20),
        ("carol", "Zuid", 0, 0, 0, 0, 0),
    ]


# --- the store: finding by id, and the journal ---------------------------------------------------


def activity(id_: str, title: str = "Casus", minutes: int = 30) -> Activity:
    return Activity.model_validate(
        {
            "id": id_, "person": "anna", "date": "2026-11-27", "category": "social",
            "type": "intervisie", "minutes": minutes, "title": title, "with": None,
            "tags": ["schuld"], "reflection": None, "created_at": STAMP, "updated_at": STAMP,
        }
    )  # fmt: skip


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    store = Store(db_path)
    yield store
    store.close()


FIRST = "aaaa1111-0000-4000-8000-000000000001"
SECOND = "aaaa2222-0000-4000-8000-000000000002"


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        (FIRST, FIRST),
        (SECOND, SECOND),
        ("aaaa1", FIRST),
        ("aaaa2222-0", SECOND),
        (" aaaa1 ", FIRST),
    ],
)
def test_find_by_full_id_or_unique_prefix(store: Store, prefix: str, expected: str) -> None:
    store.add(activity(FIRST), actor="anna")
    store.add(activity(SECOND), actor="anna")
    assert store.find(prefix).id == expected


@pytest.mark.parametrize(
    ("prefix", "error"),
    [("aaaa", AmbiguousId), ("b", NotFound), (FIRST + "0", NotFound), ("  ", InvalidValue)],
)
def test_find_refuses_unknown_ambiguous_or_empty_ids(
    store: Store, prefix: str, error: type[Exception]
) -> None:
    store.add(activity(FIRST), actor="anna")
    store.add(activity(SECOND), actor="anna")
    with pytest.raises(error):
        store.find(prefix)


def test_the_journal_keeps_every_version(store: Store, db_path: Path) -> None:
    original = activity(FIRST, title="Casus", minutes=30)
    edited = original.model_copy(update={"title": "Casus schuldhulp", "minutes": 45})
    store.add(original, actor="anna")
    store.update(original, edited, actor="anna")
    store.delete(edited, actor="bob")
    with sqlite(db_path) as conn:
        rows = conn.execute(
            "SELECT actor, action, activity_id, before, after FROM journal ORDER BY seq"
        ).fetchall()

    def decoded(text: str | None) -> dict[str, Any] | None:
        return None if text is None else json.loads(text)

    assert [(actor, action, subject) for actor, action, subject, _, _ in rows] == [
        ("anna", "add", FIRST),
        ("anna", "edit", FIRST),
        ("bob", "delete", FIRST),
    ]
    assert [(decoded(before), decoded(after)) for *_, before, after in rows] == [
        (None, original.as_json()),
        (original.as_json(), edited.as_json()),
        (edited.as_json(), None),
    ]


def test_scans_use_a_small_cache_and_give_the_connection_its_own_back(store: Store) -> None:
    from leerlog.storage.queries import SCAN_CACHE_KIB

    store.add(activity(FIRST), actor="anna")
    store.add(activity(SECOND), actor="anna")
    own = store.query("PRAGMA cache_size")[0][0]
    assert store.query("PRAGMA cache_size", scan=True)[0][0] == -SCAN_CACHE_KIB
    assert store.query("PRAGMA cache_size")[0][0] == own
    stream = store.stream(Query())
    assert store.query("PRAGMA cache_size")[0][0] == -SCAN_CACHE_KIB
    assert [row["id"] for row in stream] == [FIRST, SECOND]
    assert store.query("PRAGMA cache_size")[0][0] == own


def test_a_full_disk_is_said_as_such_and_changes_nothing(
    run: Run, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # SQLite's own limit on the file's pages gives the error a full disk gives (SQLITE_FULL).
    from leerlog.storage import db

    assert run("add", "werk", "Huisbezoek", "-m", "45").exit_code == 0
    before = db_path.read_bytes()
    pages = pragma(db_path, "page_count")
    connect = db._connect

    def limited(path: Path | str, timeout: float) -> Any:
        conn = connect(path, timeout)
        conn.execute(f"PRAGMA max_page_count = {pages}")
        return conn

    monkeypatch.setattr(db, "_connect", limited)
    result = run("add", "werk", "Huisbezoek " + "x" * 400, "-m", "45", "-r", "y" * 19000)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [
        f"Error: a disk is full (that of {db_path}, or of the temporary folder); nothing was"
        " changed",
        "Hint: make room on the disk, then run the command again",
    ]
    assert db_path.read_bytes() == before


def test_a_first_run_waits_while_another_switches_the_new_file_to_wal(
    run: Run, db_path: Path
) -> None:
    # Two first runs at once: while one holds the lock of the new file, still in rollback mode,
    # SQLite fails the other's switch to WAL at once, whatever its busy timeout.
    db_path.parent.mkdir(parents=True)
    db_path.touch(mode=0o600)
    other = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    done = threading.Timer(1.0, other.execute, ("COMMIT",))
    done.start()
    try:
        result = run("add", "werk", "Huisbezoek", "-m", "45")
    finally:
        done.join()
        other.close()
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    assert pragma(db_path, "journal_mode") == "wal"
    assert pragma(db_path, "user_version") == SCHEMA_VERSION
