"""`leerlog import` on generated CSV files, good rows and bad mixed: every file is imported whole,
refused whole with every bad row named, or partly with --skip-invalid; never anything else."""

from __future__ import annotations

import csv
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from test_fuzz import TODAY

if TYPE_CHECKING:
    from conftest import Run

# --- `leerlog import` on generated CSV files ---------------------------------------------------

CELL_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=12)  # UTF-8 can hold it
GOOD_CELLS = {
    "person": ["anna", "bob", "Fatima El Amrani"],
    "date": ["2026-11-01", "-3d", "gisteren", "2026-11-28"],
    "category": ["werk", "20", "formeel", "Sociaal"],
    "type": [""],
    "minutes": ["45", "1u30", "1,5h", "1440"],
    "title": ["Huisbezoek", "=SUM(A1)", "-begin", "x" * 500],
    "tags": ["", "schuldhulp", "a,b"],
    "reflection": ["", "Meer doorvragen"],
}
BAD_CELLS = {
    "person": [" ", ""],
    "date": ["2026-11-29", "2026-02-30", "overmorgen"],
    "category": ["", "leren"],
    "type": ["intervisie", "huisbezoek", "workshop", "kursus"],  # some contradict the category
    "minutes": ["0", "1441", "1h75", ""],
    "title": ["", "x" * 501],
    "tags": [],
    "reflection": [],
}
GOOD_ROW = st.fixed_dictionaries({name: st.sampled_from(v) for name, v in GOOD_CELLS.items()})
ANY_ROW = st.fixed_dictionaries(
    {name: st.sampled_from(GOOD_CELLS[name] + BAD_CELLS[name]) | CELL_TEXT for name in GOOD_CELLS}
)
IMPORT_ROWS = st.lists(st.one_of(GOOD_ROW, GOOD_ROW, GOOD_ROW, ANY_ROW), min_size=1, max_size=25)


@pytest.fixture(scope="module")
def base_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a real database (one activity, one own type) to copy for every example."""
    from typer.testing import CliRunner

    from leerlog.cli.app import app

    folder = tmp_path_factory.mktemp("fuzz-base") / "data"
    env = {"LEERLOG_DB": str(folder / "leerlog.db"), "LEERLOG_TODAY": TODAY.isoformat(),
           "LEERLOG_CONFIG": str(folder.parent / "config.toml"), "LEERLOG_PERSON": "anna"}  # fmt: skip
    for args in (
        ("add", "werk", "Huisbezoek", "-m", "45"),
        ("types", "add", "huisbezoek", "-c", "werk"),
    ):
        result = CliRunner().invoke(app, list(args), env=env)
        assert result.exit_code == 0, result.stderr
    return folder


def snapshot(folder: Path) -> Iterator[tuple[str, bytes]]:
    return ((path.name, path.read_bytes()) for path in sorted(folder.iterdir()))


@settings(
    max_examples=40,
    deadline=None,
    # `isolated` (autouse) only fixes the environment; each example copies its own database.
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(IMPORT_ROWS, st.booleans())
def test_import_of_generated_csv_is_all_or_nothing(
    run: Run, isolated: Path, base_db: Path, rows: list[dict[str, str]], skip_invalid: bool
) -> None:
    case = Path(tempfile.mkdtemp(dir=isolated))
    data = case / "data"
    shutil.copytree(base_db, data)
    source = case / "rows.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    before = list(snapshot(data))

    env = {"LEERLOG_DB": str(data / "leerlog.db")}
    options = ["--skip-invalid"] if skip_invalid else []

    result = run("import", str(source), *options, env=env)

    shown = f"exit {result.exit_code}\nstdout: {result.stdout!r}\nstderr: {result.stderr!r}"
    event(f"exit {result.exit_code} with skip_invalid={skip_invalid}")
    assert result.exit_code in (0, 1), shown
    assert "Traceback" not in result.stdout + result.stderr, shown
    assert "unexpected problem" not in result.stderr, shown
    if result.exit_code == 1:
        assert result.stdout == "", shown
        assert list(snapshot(data)) == before, shown
        return
    added = int(result.stdout.split()[1])  # "imported N activities; ..."
    assert 0 <= added <= len(rows), shown
    stored = run("export", "activities", "--format", "jsonl", env=env)
    assert len(stored.stdout.splitlines()) == 1 + added, shown
