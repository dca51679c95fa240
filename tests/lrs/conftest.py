"""A real Ralph LRS on loopback, and leerlog configured to sync to it."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import random
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from ralph_server import HOMEPAGE, PASSWORD, USERNAME, RalphServer

from leerlog.domain.categories import BUILTIN_TYPES

if TYPE_CHECKING:
    from conftest import Result, Run

PEOPLE = ("anna", "bram", "chantal", "daan", "eline")


def write_config(endpoint: str | None, *, homepage: str | None = HOMEPAGE) -> None:
    """leerlog's config file with an [lrs] table; None leaves a key out."""
    lines = ["[lrs]"]
    if endpoint is not None:
        lines.append(f'endpoint = "{endpoint}"')
    lines.append(f'username = "{USERNAME}"')
    if homepage is not None:
        lines.append(f'homepage = "{homepage}"')
    Path(os.environ["LEERLOG_CONFIG"]).write_text("\n".join(lines) + "\n")


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """The sync tests read leerlog's English messages (the summary line, the hints)."""
    monkeypatch.setenv("LEERLOG_LANG", "en")


@pytest.fixture
def ralph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RalphServer]:
    """A fresh LRS for one test, stopped afterwards."""
    server = RalphServer(tmp_path_factory.mktemp("ralph"))
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def lrs_config(ralph: RalphServer, isolated: Path, monkeypatch: pytest.MonkeyPatch) -> RalphServer:
    """leerlog's config pointing at the test LRS, and the password in the environment."""
    write_config(ralph.endpoint)
    monkeypatch.setenv("LEERLOG_LRS_PASSWORD", PASSWORD)
    return ralph


def activity_rows(count: int, seed: int = 2026) -> list[dict[str, str]]:
    """COUNT varied, valid import rows: every catalogue type, 1..1440 minutes, 2025-2026."""
    rnd = random.Random(seed)
    types = sorted(BUILTIN_TYPES)
    first = dt.date(2025, 1, 1)
    days = (dt.date(2026, 11, 27) - first).days  # up to "today" of the tests
    minutes = (1, 5, 15, 30, 45, 59, 60, 61, 90, 120, 240, 480, 1439, 1440)
    rows = []
    for number in range(count):
        rows.append(
            {
                "person": rnd.choice(PEOPLE),
                "date": (first + dt.timedelta(days=rnd.randint(0, days))).isoformat(),
                "type": types[number % len(types)],
                "minutes": str(rnd.choice(minutes) if number % 3 else rnd.randint(1, 1440)),
                "title": f"Leeractiviteit {number}: {rnd.choice(['casus', 'gesprek', 'boek'])}",
            }
        )
    return rows


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["person", "date", "type", "minutes", "title"])
        writer.writeheader()
        writer.writerows(rows)
    return path


class Leerlog:
    """The commands the sync tests need, all through the real CLI."""

    def __init__(self, run: Run, tmp_path: Path) -> None:
        self.run = run
        self.tmp_path = tmp_path
        self.db_path = Path(os.environ["LEERLOG_DB"])

    rows = staticmethod(activity_rows)
    configure = staticmethod(write_config)

    @staticmethod
    def summary(sent: int, voided: int = 0, already: int = 0, failed: int = 0) -> str:
        """The line `leerlog sync` ends with."""
        return f"sent {sent}, voided {voided}, already there {already}, failed {failed}"

    def __call__(self, *args: str, env: dict[str, str] | None = None) -> Result:
        return self.run(*args, env=env)

    def ok(self, *args: str, env: dict[str, str] | None = None) -> Result:
        result = self.run(*args, env=env)
        assert result.exit_code == 0, (args, result.exit_code, result.stdout, result.stderr)
        return result

    def add(self, *args: str, env: dict[str, str] | None = None) -> str:
        return self.ok("add", "--quiet", *args, env=env).stdout.strip()

    def import_rows(self, rows: list[dict[str, str]], name: str = "activities.csv") -> None:
        path = write_csv(self.tmp_path / name, rows)
        result = self.ok("import", str(path))
        assert result.stdout.startswith(f"imported {len(rows)} activit"), result.stdout

    def records(self, env: dict[str, str] | None = None) -> list[dict[str, Any]]:
        """Every activity of everyone, as `list --format json` gives it."""
        result = self.ok("list", "--all", "--format", "json", "--limit", "1000000", env=env)
        return json.loads(result.stdout)

    def sync(self, *args: str, env: dict[str, str] | None = None) -> Result:
        return self.run("sync", *args, env=env)

    def table(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Read the database file directly, read-only, as an ordinary SQLite tool would."""
        conn = sqlite3.connect(f"file:{self.db_path}?mode=ro", uri=True)
        try:
            return conn.execute(sql, params).fetchall()
        finally:
            conn.close()

    def file_bytes(self) -> dict[str, bytes | None]:
        """The database file and its WAL and journal, byte for byte (None when absent)."""
        names = [self.db_path.name + suffix for suffix in ("", "-wal", "-journal")]
        paths = [self.db_path.with_name(name) for name in names]
        return {p.name: p.read_bytes() if p.exists() else None for p in paths}


@pytest.fixture
def leerlog(run: Run, tmp_path: Path) -> Leerlog:
    return Leerlog(run, tmp_path)
