"""What every benchmark figure shares: timed processes, medians, the databases, RESULTS.md."""

from __future__ import annotations

import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent
WORK = HERE / "data"
PYTHON = sys.executable
LEERLOG = str(Path(sys.executable).parent / "leerlog")
ENV = {
    **os.environ,
    "LEERLOG_PERSON": "bench",
    "LEERLOG_CONFIG": str(WORK / "none.toml"),
    "LEERLOG_TODAY": "2026-11-27",
    "NO_COLOR": "1",
}


@dataclass
class Figure:
    key: str
    name: str
    leerlog: float
    baseline: float
    target: float
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.leerlog / self.baseline


def run(command: Sequence[str], env: dict[str, str] | None = None) -> tuple[float, int]:
    """Wall time in seconds and peak memory (KiB) of one process, output discarded."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, env=env or ENV, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    stderr = process.stderr.read().decode() if process.stderr else ""
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {stderr}")
    return elapsed, usage.ru_maxrss


def compare(
    runs: int,
    ours: Callable[[], tuple[float, int]],
    baseline: Callable[[], tuple[float, int]],
) -> tuple[float, float, int]:
    """Medians of alternating runs (ours, baseline, ours, ...), and our peak memory."""
    mine, theirs, peak = [], [], 0
    for _ in range(runs):
        seconds, memory = ours()
        mine.append(seconds)
        peak = max(peak, memory)
        theirs.append(baseline()[0])
    return statistics.median(mine), statistics.median(theirs), peak


def leerlog(*args: str, env: dict[str, str] | None = None) -> Callable[[], tuple[float, int]]:
    return lambda: run([LEERLOG, *args], env)


def fresh(path: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


def make_db(csv_path: Path, db: Path) -> None:
    fresh(db)
    run([LEERLOG, "--db", str(db), "import", str(csv_path)])


def reference_db(source: Path, target: Path) -> None:
    """The plain table the sqlite3 shell aggregates over, indexed on (person, date)."""
    fresh(target)
    with sqlite3.connect(target) as conn:
        conn.execute(f"ATTACH '{source}' AS src")
        conn.execute(
            "CREATE TABLE activities AS SELECT person, date, category, minutes FROM src.activities"
        )
        conn.execute("CREATE INDEX ref_person_date ON activities (person, date)")


AGGREGATE = (
    "SELECT person, count(*), sum(minutes),"
    " sum(CASE WHEN category = 'experiential' THEN minutes ELSE 0 END),"
    " sum(CASE WHEN category = 'social' THEN minutes ELSE 0 END),"
    " sum(CASE WHEN category = 'formal' THEN minutes ELSE 0 END)"
    " FROM activities WHERE date BETWEEN '2025-11-28' AND '2026-11-27' GROUP BY person"
)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    return (
        f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}"
    )


def write_results(figures: list[Figure], path: Path | None) -> str:
    """The table; written to PATH (keeping the notes below it) unless PATH is None."""
    lines = [
        "# Benchmark results",
        "",
        f"Machine: {machine()}.",
        f"Measured {time.strftime('%Y-%m-%d')} with `make bench` (medians of alternating runs).",
        "",
        "| figure | leerlog (s) | baseline (s) | ratio | target | |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for f in figures:
        verdict = "ok" if f.ratio <= f.target else "over target"
        note = f" {f.note}" if f.note else ""
        lines.append(
            f"| {f.key}. {f.name} | {f.leerlog:.3f} | {f.baseline:.3f} | {f.ratio:.2f}x |"
            f" <= {f.target:.2f}x | {verdict}{note} |"
        )
    text = "\n".join(lines) + "\n"
    if path is None:
        return text
    existing = path.read_text() if path.exists() else ""
    if "<!-- figures -->" in existing:
        # Keep any notes written below the figures (profiles, explanations).
        text = text + "\n<!-- figures -->" + existing.split("<!-- figures -->", 1)[1]
    path.write_text(text)
    return text


def compile_leerlog() -> None:
    """Byte-compile leerlog's own modules once, as installing a package does.

    An editable install run with PYTHONDONTWRITEBYTECODE set compiles every module from source
    on every run, while the baselines' libraries were compiled when they were installed.
    """
    import compileall

    import leerlog

    compileall.compile_dir(Path(leerlog.__file__).parent, quiet=1)
