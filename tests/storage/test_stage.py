"""An import's stage: ids repeated in later chunks are found once the staging is done, each
problem is told where checking its chunk would have put it, and the stage goes with the import,
whether it was published or refused."""

from __future__ import annotations

import csv
import datetime as dt
import uuid
from pathlib import Path

import pytest

from leerlog.domain.categories import BUILTIN_TYPES
from leerlog.storage import staging
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


def test_every_later_version_of_an_id_is_held_to_its_first(tmp_path: Path) -> None:
    store = Store(tmp_path / "log.db")
    data = rows(2 * CHUNK)
    data.append(list(data[7]))  # the same: skipped
    data.append([*data[7][:6], "Other title"])  # other content than the first: refused
    data.append([*data[CHUNK + 3][:6], "Changed"])  # repeats a row of the second chunk
    result = run_import(tmp_path, store, data, skip=True)
    assert (result.added, result.skipped) == (2 * CHUNK, 1)
    assert [(p.row, p.field) for p in result.problems] == [
        (2 * CHUNK + 3, "id"),
        (2 * CHUNK + 4, "id"),
    ]
    kept = dict(stored(store))
    assert (kept[data[7][0]], kept[data[CHUNK + 3][0]]) == (
        "Intervisie 7",
        f"Intervisie {CHUNK + 3}",
    )


def test_problems_keep_their_order_however_they_were_found(tmp_path: Path) -> None:
    """Per chunk: its unreadable rows first, then its other problems by row, as ever."""
    store = Store(tmp_path / "log.db")
    data = rows(2 * CHUNK)
    data[CHUNK + 10][5] = "0"  # minutes out of range, before the clash
    data[CHUNK + 20] = [*data[3][:6], "Other title"]  # repeats row 5 with other content
    data[CHUNK + 30] = data[CHUNK + 30][:3]  # unreadable: too few cells
    data[CHUNK + 40][2] = "never"  # no date, after the clash
    data[5] = [*data[0][:6], "Also other"]  # a clash in the first chunk too
    result = run_import(tmp_path, store, data, skip=True)
    rows_of = [(p.row, p.field) for p in result.problems]
    assert rows_of == [
        (7, "id"),
        (CHUNK + 32, "record"),
        (CHUNK + 12, "minutes"),
        (CHUNK + 22, "id"),
        (CHUNK + 42, "date"),
    ]
    assert result.added == 2 * CHUNK - 5


def test_ids_whose_bits_collide_are_not_taken_for_repeats(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a bitmap of 16 bits nearly every id looks staged before: all are looked at, and
    only true repeats are left out."""
    monkeypatch.setattr(staging, "_BITS", 4)
    monkeypatch.setattr(staging, "_MASK", 15)
    store = Store(tmp_path / "log.db")
    data = rows(CHUNK + 500)
    data += [list(data[1]), [*data[2][:6], "Other title"]]
    result = run_import(tmp_path, store, data, skip=True)
    assert (result.added, result.skipped) == (CHUNK + 500, 1)
    assert [(p.row, p.field) for p in result.problems] == [(CHUNK + 503, "id")]
    assert len(stored(store)) == CHUNK + 500
