"""An import's stage: ids repeated in later chunks are found by their hash, and the stage goes
with the import, whether it was published or refused."""

from __future__ import annotations

import csv
import datetime as dt
import uuid
from pathlib import Path

import pytest

from leerlog.domain.categories import BUILTIN_TYPES
from leerlog.storage.staging import SCHEMA
from leerlog.storage.store import Store
from leerlog.transfer.importing import CHUNK, ImportRejected, ImportResult, import_records
from leerlog.transfer.readers import detect_format, read_records

HEADER = ["id", "person", "date", "category", "type", "minutes", "title"]


def rows(count: int) -> list[list[str]]:
    return [
        [str(uuid.UUID(int=n + 1, version=4)), "anna", "2026-11-02", "", "intervisie", "30",
         f"Intervisie {n}"]
        for n in range(count)
    ]  # fmt: skip


def run_import(tmp_path: Path, store: Store, data: list[list[str]], skip: bool) -> ImportResult:
    source = tmp_path / "in.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows([HEADER, *data])
    with source.open(encoding="utf-8", newline="") as handle:
        head = handle.read(512)
        handle.seek(0)
        records = read_records(handle, detect_format(source, head), str(source))
        return import_records(
            store, records, actor="anna", today=dt.date(2026, 11, 27),
            types=dict(BUILTIN_TYPES), skip_invalid=skip,
        )  # fmt: skip


def attached(store: Store) -> list[str]:
    return [row[1] for row in store.writer().execute("PRAGMA database_list")]


def stored(store: Store) -> list[tuple[str, str]]:
    return store.writer().execute("SELECT id, title FROM activities ORDER BY id").fetchall()


def test_an_id_repeated_in_a_later_chunk_with_the_same_content_is_skipped(tmp_path: Path) -> None:
    store = Store(tmp_path / "log.db")
    data = rows(CHUNK + 100)
    data.append(list(data[0]))  # the first row again, a chunk later
    result = run_import(tmp_path, store, data, skip=False)
    assert (result.added, result.skipped, result.problems) == (CHUNK + 100, 1, [])
    assert len(stored(store)) == CHUNK + 100
    assert SCHEMA not in attached(store)


def test_an_id_repeated_in_a_later_chunk_with_other_content_is_refused(tmp_path: Path) -> None:
    store = Store(tmp_path / "log.db")
    run_import(tmp_path, store, rows(1), skip=False)
    before = stored(store)
    data = rows(CHUNK + 100)
    data.append([*data[5][:6], "Other title"])
    with pytest.raises(ImportRejected) as refused:
        run_import(tmp_path, store, data, skip=False)
    [problem] = refused.value.result.problems
    assert (problem.row, problem.field) == (CHUNK + 102, "id")
    assert data[5][0] in problem.reason
    assert stored(store) == before  # nothing of the refused import
    assert SCHEMA not in attached(store)
    # Left out with --skip-invalid: the rest is stored, the first version of the id kept.
    result = run_import(tmp_path, store, data, skip=True)
    assert (result.added, result.skipped, len(result.problems)) == (CHUNK + 99, 1, 1)
    assert dict(stored(store))[data[5][0]] == "Intervisie 5"
    assert SCHEMA not in attached(store)
