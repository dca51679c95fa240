"""The CLI as the tests drive it: add activities, read them back as JSON, watch the file."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from conftest import Result, Run

Record = dict[str, Any]


class Cli:
    """Thin helpers over the `run` fixture; every call still goes through the real commands."""

    def __init__(self, run: Run, db_path: Path) -> None:
        self.run = run
        self.db_path = db_path

    def add(self, *args: str, env: dict[str, str] | None = None) -> str:
        """`leerlog add --quiet ARGS`; the new id, checked to be a UUID."""
        result = self.run("add", "--quiet", *args, env=env)
        assert result.exit_code == 0, result.stderr
        new_id = result.stdout.strip()
        assert str(uuid.UUID(new_id)) == new_id
        return new_id

    def records(self, *args: str, env: dict[str, str] | None = None) -> list[Record]:
        """`leerlog list --format json ARGS`, parsed."""
        result = self.run("list", "--format", "json", "--limit", "1000", *args, env=env)
        assert result.exit_code == 0, result.stderr
        data = json.loads(result.stdout)
        assert isinstance(data, list)
        return data

    def ids(self, *args: str) -> list[str]:
        return [record["id"] for record in self.records(*args)]

    def record(self, activity_id: str) -> Record:
        """The one record with this id, whoever it belongs to."""
        found = [r for r in self.records("--all") if r["id"] == activity_id]
        assert len(found) == 1, f"{activity_id} found {len(found)} times"
        return found[0]

    def snapshot(self) -> dict[str, bytes | None]:
        """The bytes of the database file and its WAL (None when absent)."""
        paths = (self.db_path, self.db_path.with_name(self.db_path.name + "-wal"))
        return {p.name: p.read_bytes() if p.exists() else None for p in paths}

    @staticmethod
    def fails(result: Result, code: int) -> None:
        """A plain error: the exit code, a message on stderr, no data and no traceback."""
        assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
        assert result.stdout == ""
        assert result.stderr.startswith("Error: ")
        assert "Traceback" not in result.stderr + result.stdout


@pytest.fixture
def cli(run: Run, db_path: Path) -> Cli:
    return Cli(run, db_path)
