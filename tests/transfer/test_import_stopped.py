"""Ctrl-C during an import: before its one transaction commits, nothing is stored and the
caller hears so; once it has committed (Python raises the interrupt only after the COMMIT it
came during), the import ends as it would have, with its result."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from installed import sqlite
from leerlog.domain.categories import BUILTIN_TYPES
from leerlog.storage.store import Store
from leerlog.transfer import importing
from leerlog.transfer.importing import ImportResult, ImportStopped, import_records

ROWS = 5000  # three chunks


def records() -> Iterator[tuple[int, dict[str, str]]]:
    for n in range(ROWS):
        yield n + 2, {"person": f"p{n % 7}", "date": f"2026-10-{1 + n % 28:02d}",
                      "category": "social", "minutes": str(1 + n % 90),
                      "title": f"Intervisie {n}"}  # fmt: skip


def run(store: Store, **extra: Any) -> ImportResult:
    return import_records(
        store, records(), actor="anna", today=dt.date(2026, 11, 27),
        types=dict(BUILTIN_TYPES), skip_invalid=False, **extra,
    )  # fmt: skip


def counts(path: Path) -> tuple[int, int]:
    with sqlite(path) as conn:
        activities = conn.execute("SELECT count(*) FROM activities").fetchone()[0]
        journal = conn.execute("SELECT count(*) FROM journal").fetchone()[0]
    return activities, journal


def test_ctrl_c_while_reading_stores_nothing(tmp_path: Path) -> None:
    store = Store(tmp_path / "log.db")
    seen: list[int] = []

    def progress(size: int) -> None:
        seen.append(size)
        if len(seen) == 2:
            raise KeyboardInterrupt

    with pytest.raises(ImportStopped):
        run(store, progress=progress)
    assert counts(store.path) == (0, 0)
    assert run(store).added == ROWS  # the log is as it was: the same import runs after


@pytest.mark.parametrize("committed", [False, True], ids=["before COMMIT", "after COMMIT"])
def test_ctrl_c_at_the_last_transaction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, committed: bool
) -> None:
    real = importing.transaction

    @contextlib.contextmanager
    def interrupted(conn: sqlite3.Connection, path: Path) -> Iterator[sqlite3.Connection]:
        with real(conn, path):
            yield conn
            if not committed:
                raise KeyboardInterrupt  # the rows are written, not committed yet
        raise KeyboardInterrupt  # right after the COMMIT

    monkeypatch.setattr(importing, "transaction", interrupted)
    store = Store(tmp_path / "log.db")
    if committed:
        result = run(store)
        assert (result.added, result.skipped) == (ROWS, 0)
        assert counts(store.path)[0] == ROWS
    else:
        with pytest.raises(ImportStopped):
            run(store)
        assert counts(store.path) == (0, 0)
