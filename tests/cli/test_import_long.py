"""A long import as cron runs it, read ahead by a second process after its first chunks: it says
and stores what the same import says and stores in one process (leerlog in-process, with reading
ahead off), for a refused file, --skip-invalid and a file that stops decoding."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from installed import run_script as leerlog
from installed import sqlite, unnoted
from leerlog.transfer import ahead
from long_import import LATE, ROWS, write_long

if TYPE_CHECKING:
    from conftest import Run


def stored(db: Path) -> list[tuple[object, ...]]:
    with sqlite(db) as conn:
        return conn.execute(
            "SELECT person, date, category, minutes, title FROM activities ORDER BY 1, 2, 5"
        ).fetchall()


@pytest.mark.parametrize("args", [(), ("--skip-invalid",)], ids=["refused", "skip-invalid"])
def test_a_long_import_says_and_stores_what_one_process_does(
    tmp_path: Path,
    subprocess_env: dict[str, str],
    run: Run,
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
) -> None:
    source = write_long(tmp_path / "lang.csv")
    cron = leerlog(subprocess_env, "--db", str(tmp_path / "cron.db"), "import", str(source), *args)
    monkeypatch.setattr(ahead, "available", lambda: False)
    alone = run("--db", str(tmp_path / "alone.db"), "import", str(source), *args)
    assert (cron.returncode, cron.stdout, unnoted(cron.stderr)) == (
        alone.exit_code, alone.stdout, unnoted(alone.stderr)
    )  # fmt: skip
    # What that is: the late rows' problem and warning, and all rows or none.
    row = LATE + 2  # the header is row 1, the first activity row 2
    assert f"row {row + 5}, minutes:" in cron.stderr
    if args:
        assert cron.returncode == 0
        assert f"warning: row {row}: the title field looks like it holds a BSN" in cron.stderr
        assert len(stored(tmp_path / "cron.db")) == ROWS - 1
        assert stored(tmp_path / "cron.db") == stored(tmp_path / "alone.db")
    else:
        assert cron.returncode == 1
        assert "1 invalid row; nothing was imported" in cron.stderr
        assert stored(tmp_path / "cron.db") == []


def test_a_long_file_that_stops_decoding_late_imports_nothing(
    tmp_path: Path, subprocess_env: dict[str, str]
) -> None:
    source = write_long(tmp_path / "lang.csv", bad_minutes=False)
    data = source.read_bytes()
    cut = data.index(b"Casus van")
    source.write_bytes(data[:cut] + b"\xff" + data[cut:])
    done = leerlog(subprocess_env, "--db", str(tmp_path / "log.db"), "import", str(source))
    assert done.returncode == 1
    assert unnoted(done.stderr).splitlines() == [
        f"Error: {source} is not UTF-8 text; nothing was imported",
        "Hint: save it as 'CSV UTF-8' or JSON in UTF-8",
    ]
    assert "Traceback" not in done.stderr
