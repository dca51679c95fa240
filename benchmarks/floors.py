"""Where the floor is for the 1,000,000-row figures: the same work done without leerlog.

python benchmarks/floors.py                # full size (c takes a few minutes per run)
python benchmarks/floors.py --scale 0.1    # a tenth of the rows

Each line is a median of --runs whole processes, and its ratio to the figure's baseline:
- c: the bare loader; leerlog's own writes (staged, then the journal, people and activities
  with their indexes) with no checks, and the same written once each without a stage;
  leerlog import.
- d: the shell's aggregate; the shell running leerlog's own aggregate on leerlog's file; a bare
  Typer app that prints one Rich table (figure b's baseline: the start-up any Typer command
  pays); leerlog export balance and report --all.
- e: sqlite3 -csv; Python's sqlite3 and csv.writer on the same query; leerlog export activities.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from figures import EXPORT, _big_db, _small_db  # noqa: E402
from harness import AGGREGATE, LEERLOG, PYTHON, WORK, fresh, run  # noqa: E402

from leerlog.report.balances import _SUMS  # noqa: E402

# leerlog's balance aggregate as person_balances() runs it for everyone over the last 365 days.
OWN_AGGREGATE = (
    f"SELECT p.name AS person, p.team AS team, {_SUMS} FROM people AS p"
    " LEFT JOIN activities AS a ON a.person = p.name"
    " AND a.date >= '2025-11-28' AND a.date <= '2026-11-27' GROUP BY p.name ORDER BY p.name"
)


def median(runs: int, command: Callable[[], Sequence[str]]) -> float:
    return statistics.median(run(list(command()))[0] for _ in range(runs))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--only", nargs="*", default=["c", "d", "e"], help="c, d and/or e")
    args = parser.parse_args()
    WORK.mkdir(exist_ok=True)
    _small_db()
    name = _big_db(args.scale)
    csv_path, db, ref = (str(WORK / f"{name}{suffix}") for suffix in (".csv", ".db", "-ref.db"))
    bare = str(HERE / "baselines")
    lines: dict[str, list[tuple[str, Callable[[], Sequence[str]]]]] = {
        "c": [
            ("csv.reader + executemany (baseline)",
             lambda: [PYTHON, f"{bare}/bare_import.py", csv_path, str(fresh(WORK / "f1.db"))]),
            ("leerlog's writes into its schema, staged then published, no checks",
             lambda: [PYTHON, f"{bare}/schema_import.py", csv_path, str(fresh(WORK / "f2.db"))]),
            ("the same writes once each, in the file's order, no stage",
             lambda: [PYTHON, f"{bare}/schema_import.py", csv_path, str(fresh(WORK / "f4.db")),
                      "--once"]),
            ("leerlog import",
             lambda: [LEERLOG, "--db", str(fresh(WORK / "f3.db")), "import", csv_path]),
        ],
        "d": [
            ("sqlite3 shell aggregate (baseline)", lambda: ["sqlite3", ref, AGGREGATE]),
            ("sqlite3 shell, leerlog's aggregate on leerlog's file",
             lambda: ["sqlite3", db, OWN_AGGREGATE]),
            ("bare Typer app printing one Rich table (start-up)",
             lambda: [PYTHON, f"{bare}/bare_report.py", "medewerker-00001",
                      "--db", str(WORK / "small.db")]),
            ("leerlog export balance", lambda: [LEERLOG, "--db", db, "export", "balance"]),
            ("leerlog report --all", lambda: [LEERLOG, "--db", db, "report", "--all"]),
        ],
        "e": [
            ("sqlite3 -csv (baseline)", lambda: ["sqlite3", "-csv", "-header", db, EXPORT]),
            ("Python sqlite3 + csv.writer, same query",
             lambda: [PYTHON, f"{bare}/bare_export.py", db, EXPORT]),
            ("leerlog export activities", lambda: [LEERLOG, "--db", db, "export", "activities"]),
        ],
    }  # fmt: skip
    print(f"| figure | what runs ({name}) | seconds | x baseline |")
    print("| --- | --- | ---: | ---: |")
    for key in args.only:
        base = 0.0
        for label, command in lines[key]:
            seconds = median(args.runs, command)
            base = base or seconds
            print(f"| {key} | {label} | {seconds:.3f} | {seconds / base:.2f}x |", flush=True)
    for leftover in ("f1.db", "f2.db", "f3.db", "f4.db"):
        fresh(WORK / leftover)


if __name__ == "__main__":
    main()
