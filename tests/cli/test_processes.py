"""leerlog as cron runs it: the installed script in real processes, without a terminal, in parallel."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import sqlite3
import stat
import subprocess
import sys
import uuid
from collections import Counter
from pathlib import Path

import pytest

from installed import PATIENCE_SECONDS, unnoted
from installed import run_script as leerlog
from leerlog import __version__
from leerlog.storage.migrations import MIGRATIONS

ACTIVITIES_HEADER = (
    "id,person,date,category,type,minutes,title,with,tags,reflection,created_at,updated_at,"
    "session,accreditation"
)
WRITERS, ADDS_EACH = 8, 25


@pytest.fixture
def env(subprocess_env: dict[str, str]) -> dict[str, str]:
    """The isolated environment, with the venv's bin folder first on PATH for shell loops."""
    bin_dir = str(Path(sys.executable).parent)
    return {**subprocess_env, "PATH": os.pathsep.join([bin_dir, subprocess_env.get("PATH", "")])}


def succeeds(env: dict[str, str], *args: str) -> str:
    """Stdout of a run that must exit 0 and say nothing on stderr."""
    done = leerlog(env, *args)
    assert (done.returncode, unnoted(done.stderr)) == (0, ""), done
    return done.stdout


def assert_usage_error(done: subprocess.CompletedProcess[str], fragment: str) -> None:
    assert done.returncode == 2, done
    assert done.stdout == ""
    assert done.stderr.startswith("Error: ")
    assert fragment in done.stderr
    assert "Traceback" not in done.stderr


def records(env: dict[str, str]) -> list[dict[str, object]]:
    data = json.loads(succeeds(env, "list", "--all", "--format", "json", "--limit", "1000"))
    assert isinstance(data, list)
    return data


# --- one process at a time -----------------------------------------------------------------------


def test_add_then_list_as_csv(env: dict[str, str]) -> None:
    new_id = succeeds(env, "add", "intervisie", "Casus, met komma", "-m", "1u30", "-q").strip()
    assert str(uuid.UUID(new_id)) == new_id
    text = succeeds(env, "list", "--format", "csv")
    assert text.splitlines()[0] == ACTIVITIES_HEADER
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["id"], r["title"], r["minutes"], r["category"]) for r in rows] == [
        (new_id, "Casus, met komma", "90", "social")
    ]


@pytest.mark.parametrize(
    ("args", "missing"),
    [
        (["add", "werk", "Eerste huisbezoek"], "minutes"),
        (["add", "werk", "-m", "45"], "title"),
        (["add"], "what kind"),
    ],
)
def test_a_missing_value_without_a_terminal_is_a_usage_error(
    env: dict[str, str], db_path: Path, args: list[str], missing: str
) -> None:
    assert_usage_error(leerlog(env, *args), f"missing {missing}")
    assert not db_path.exists()


def test_delete_without_yes_and_without_a_terminal_deletes_nothing(env: dict[str, str]) -> None:
    new_id = succeeds(env, "add", "werk", "Eerste huisbezoek", "-m", "45", "-q").strip()
    assert_usage_error(leerlog(env, "delete", new_id[:8]), "--yes")
    assert [record["id"] for record in records(env)] == [new_id]
    assert succeeds(env, "delete", new_id[:8], "--yes").startswith(new_id)
    assert records(env) == []


def test_python_dash_m_shows_the_version(env: dict[str, str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "leerlog", "--version"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=PATIENCE_SECONDS,
        check=False,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, f"leerlog {__version__}\n", "")


# --- many processes at once ----------------------------------------------------------------------

LOOP = f'for i in $(seq {ADDS_EACH}); do leerlog add werk "p$P-$i" -m 5 -q || exit 1; done'


def start_writers(env: dict[str, str]) -> list[subprocess.Popen[str]]:
    """WRITERS shell loops, started together, each adding ADDS_EACH activities one by one."""
    return [
        subprocess.Popen(
            ["sh", "-c", LOOP],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**env, "P": str(writer)},
        )
        for writer in range(1, WRITERS + 1)
    ]


def finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    """Wait for PROCESS; its exit code, stdout and stderr."""
    out, err = process.communicate(timeout=PATIENCE_SECONDS)
    return process.returncode, out, err


# A file that does not exist yet is the harder case: the first writers race to create it.
@pytest.mark.parametrize("file_state", ["new"])
def test_parallel_writers_lose_and_refuse_nothing(
    env: dict[str, str], db_path: Path, file_state: str
) -> None:
    if file_state == "existing":
        succeeds(env, "people", "set", "anna", "--team", "Noord")
        assert db_path.is_file()
    else:
        assert not db_path.parent.exists()

    writers = start_writers(env)
    results = [finish(writer) for writer in writers]
    for code, out, err in results:
        assert (code, unnoted(err)) == (0, ""), err
        assert len(out.split()) == ADDS_EACH
    # Only the one process that made the file says so.
    created = sum(err.count("Created a new log at ") for _code, _out, err in results)
    assert created == (1 if file_state == "new" else 0)

    found = records(env)
    assert len(found) == WRITERS * ADDS_EACH
    assert len({record["id"] for record in found}) == WRITERS * ADDS_EACH
    expected = {f"p{p}-{i}": 1 for p in range(1, WRITERS + 1) for i in range(1, ADDS_EACH + 1)}
    assert Counter(record["title"] for record in found) == expected

    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    with contextlib.closing(sqlite3.connect(db_path)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        applied = [row[0] for row in conn.execute("SELECT name FROM _sqlite_migrations")]
        assert applied == [migration.name for migration in MIGRATIONS._migrations]
        assert conn.execute("SELECT count(*) FROM journal WHERE action = 'add'").fetchone() == (
            WRITERS * ADDS_EACH,
        )
