"""Checking an import for duplicates is never quadratic: counted in SQLite's own steps.

Rows that share person, date, category and minutes (and differ only in their title) once made
every duplicate check walk all earlier rows with that prefix: 20,000 such rows took 17 s. Time
is not a measure a test can trust, so these tests count the virtual-machine instructions SQLite
runs for the import (a progress handler called every STEP of them), in a real process.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

ROWS = 20_000
STEP = 1000
# The import, run through leerlog's own code in a fresh process; prints SQLite's step count.
COUNT = """
import datetime as dt, sys
from pathlib import Path
from leerlog.domain.categories import BUILTIN_TYPES
from leerlog.storage.store import Store
from leerlog.transfer.importing import import_records
from leerlog.transfer.readers import detect_format, read_records

store = Store(Path(sys.argv[2]))
steps = [0]

def count():
    steps[0] += 1
    return 0

store.writer().set_progress_handler(count, int(sys.argv[3]))
source = Path(sys.argv[1])
with source.open(encoding="utf-8", newline="") as handle:
    head = handle.read(512)
    handle.seek(0)
    records = read_records(handle, detect_format(source, head), str(source))
    result = import_records(store, records, actor="anna", today=dt.date(2026, 11, 27),
                            types=dict(BUILTIN_TYPES), skip_invalid=False)
print(result.added, result.skipped, steps[0])
"""


def write_csv(path: Path, rows: list[tuple[str, str, str, int, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["person", "date", "category", "minutes", "title"])
        writer.writerows(rows)
    return path


def import_steps(tmp_path: Path, name: str, rows: list[tuple[str, str, str, int, str]]) -> int:
    source = write_csv(tmp_path / f"{name}.csv", rows)
    done = subprocess.run(
        [sys.executable, "-c", COUNT, str(source), str(tmp_path / f"{name}.db"), str(STEP)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    added, skipped, steps = (int(word) for word in done.stdout.split())
    assert (added, skipped) == (len(set(rows)), len(rows) - len(set(rows)))
    return steps


def test_rows_sharing_the_key_prefix_cost_what_distinct_rows_cost(tmp_path: Path) -> None:
    same = [("anna", "2026-11-02", "social", 30, f"Intervisie {n}") for n in range(ROWS)]
    distinct = [
        (f"p{n % 97}", f"2026-{1 + n % 10:02d}-{1 + n % 28:02d}", "social", 1 + n % 600,
         f"Intervisie {n}")
        for n in range(ROWS)
    ]  # fmt: skip
    same_steps = import_steps(tmp_path, "same", same)
    distinct_steps = import_steps(tmp_path, "distinct", distinct)
    # Quadratic checking would run some ROWS * ROWS / 2 = 200,000,000 comparisons for `same`,
    # tens of thousands of handler calls more than for `distinct`; linear work stays close.
    assert same_steps < 1.5 * distinct_steps, (same_steps, distinct_steps)
    # And a real bound: a few hundred SQLite instructions per row, all checks included.
    assert same_steps * STEP < 2_000 * ROWS, same_steps


def test_duplicates_sharing_the_prefix_are_found_without_a_walk(tmp_path: Path) -> None:
    """Half the rows repeat the other half: each is found by its key, none twice stored."""
    half = [("anna", "2026-11-02", "social", 30, f"Intervisie {n}") for n in range(ROWS // 2)]
    doubled = import_steps(tmp_path, "doubled", half + half)
    single = import_steps(tmp_path, "single", half)
    assert doubled < 3 * single, (doubled, single)
