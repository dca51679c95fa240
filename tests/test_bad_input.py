"""Malformed input to every command: the right exit code, one or two plain lines on stderr that
name the problem, nothing on stdout, no traceback, and a database left byte for byte as it was."""

from __future__ import annotations

import itertools
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from typer.testing import CliRunner

from bad_input_proof_rows import PROOF_ROWS
from bad_input_rows import ROWS, Bad
from leerlog.cli.app import app

if TYPE_CHECKING:
    from conftest import Run

TODAY = "2026-11-27"


# --- the database every row starts from ------------------------------------------------------


@dataclass(frozen=True)
class Template:
    """A real leerlog file made through the CLI, and what the rows need to know about it."""

    data: Path  # the database folder: leerlog.db and notes.txt (a text file, for --db)
    first_id: str  # an id of anna's
    shared_prefix: str  # a prefix that at least two ids start with


def _cli(env: dict[str, str | None], *args: str) -> str:
    result = CliRunner().invoke(app, list(args), env=env)
    assert result.exit_code == 0, (args, result.stdout, result.stderr)
    return result.stdout


def _shared_prefix(ids: list[str]) -> str:
    """The longest prefix that two of the ids share (17 ids over 16 hex digits share one)."""
    ordered = sorted(ids)
    best = ""
    for left, right in itertools.pairwise(ordered):
        size = 0
        while size < len(left) and right.startswith(left[: size + 1]):
            size += 1
        best = max(best, left[:size], key=len)
    assert best, ordered
    return best


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    """Built once per module (every write syncs to disk, so building it per row is slow) and
    copied into each row's own folder: 17 activities of three people, two people with a team,
    an own type. Every CliRunner run closes its connection when it ends."""
    root = tmp_path_factory.mktemp("template")
    data = root / "data"
    env: dict[str, str | None] = {
        "LEERLOG_DB": str(data / "leerlog.db"),
        "LEERLOG_CONFIG": str(root / "config.toml"),
        "LEERLOG_TODAY": TODAY,
        "LEERLOG_PERSON": "anna",
        "LEERLOG_BUSY_TIMEOUT": None,
        "NO_COLOR": "1",
    }
    first_id = _cli(env, "add", "-q", "werk", "Eerste huisbezoek", "-m", "1h30", "-d", "-7d")
    _cli(env, "add", "-q", "intervisie", "Casus schuldhulp", "-m", "45", "-t", "schuldhulp")
    _cli(env, "add", "-q", "course", "Motiverende gespreksvoering", "-m", "3u", "-d", "2026-10-02")
    _cli(env, "people", "set", "bob", "--team", "Noord")
    _cli(env, "people", "set", "carla", "--team", "Noord")
    _cli(env, "types", "add", "huisbezoek", "--category", "werk", "--label", "home visit")
    records = [
        {
            "person": ("anna", "carla")[n % 2],
            "date": f"2026-11-{1 + n:02d}",
            "category": "social",
            "minutes": 30 + n,
            "title": f"Collegiale consultatie {n}",
        }
        for n in range(14)
    ]
    batch = root / "batch.jsonl"
    batch.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    _cli(env, "import", str(batch))
    (data / "notes.txt").write_text("not a database\n", encoding="utf-8")
    listed = json.loads(_cli(env, "list", "--all", "--format", "json", "--limit", "100"))
    ids = [record["id"] for record in listed]
    assert len(ids) == 17
    # WAL mode, yet no leerlog.db-wal or -shm is left: when the last connection closes, SQLite
    # checkpoints the WAL into the main file and deletes both. So every file is compared below,
    # the -shm included; a row that leaves one behind shows up as a difference.
    assert sorted(p.name for p in data.iterdir()) == ["leerlog.db", "notes.txt"]
    return Template(data, first_id.strip(), _shared_prefix(ids))


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under FOLDER, by relative name, with its bytes."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def fill(text: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        text = text.replace("{" + name + "}", value)
    return text


@pytest.mark.parametrize("row", [*ROWS, *PROOF_ROWS])
def test_malformed_input_is_refused_plainly_and_changes_nothing(
    run: Run, isolated: Path, template: Template, row: Bad
) -> None:
    data = isolated / "data"
    shutil.copytree(template.data, data)
    values = {
        "id": template.first_id,
        "shared": template.shared_prefix,
        "data": str(data),
        "tmp": str(isolated),
    }
    if row.file is not None:
        name, content = row.file
        path = isolated / name
        path.parent.mkdir(parents=True, exist_ok=True)  # e.g. registers/ beside the config
        values["file"] = str(path)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(fill(content, values), encoding="utf-8")
    config = Path(os.environ["LEERLOG_CONFIG"])
    if row.config == "folder":
        config.mkdir()
    elif row.config is not None:
        config.write_bytes(row.config)
    before = snapshot(data)

    result = run(*(fill(arg, values) for arg in row.args), env=row.env or None)

    shown = f"exit {result.exit_code}\nstdout: {result.stdout!r}\nstderr: {result.stderr!r}"
    assert result.exit_code == row.code, shown
    assert "Traceback" not in result.stdout + result.stderr, shown
    assert "unexpected problem" not in result.stderr, shown  # the catch-all for leerlog's bugs
    assert result.stdout == "", shown
    assert row.says.lower() in result.stderr.lower(), shown
    lines = result.stderr.strip().splitlines()
    if row.listed:  # each problem row first, then the error and its hint
        assert len(lines) >= 3, shown
        assert all(line.startswith("row ") for line in lines[:-2]), shown
        message = lines[-2:]
    else:
        assert 1 <= len(lines) <= 2, shown
        message = lines
    assert message[0].startswith("Error: "), shown
    assert all(line.startswith("Hint: ") for line in message[1:]), shown
    assert snapshot(data) == before, shown
