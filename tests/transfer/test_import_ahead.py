"""An import read ahead by a child process stores, skips, refuses and warns exactly as one read
in a single process: the same result, problem for problem, and the same rows."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leerlog.domain.categories import BUILTIN_TYPES
from leerlog.privacy.finder import in_record
from leerlog.storage.store import Store
from leerlog.transfer import ahead, importing
from leerlog.transfer.importing import ImportRejected, ImportResult, import_records

# The kinds of record an import meets, each a function of its row number.
KINDS = ("plain", "with id", "id again", "id clash", "same key", "bad minutes", "unreadable",
         "client data", "tags")  # fmt: skip


def record(kind: str, n: int) -> dict[str, str] | str:
    base = {"person": f"p{n % 3}", "date": f"2026-10-{1 + n % 28:02d}", "category": "social",
            "minutes": str(1 + n % 90), "title": f"Intervisie {n}"}  # fmt: skip
    if kind == "unreadable":
        return "row has 3 cells, the header 5"
    if kind in ("with id", "id again", "id clash"):
        # "id again" and "id clash" share one id: the first of them is stored, a later
        # "id again" is the same record (skipped), an "id clash" that id with another title.
        same = kind != "with id"
        base["id"] = str(uuid.UUID(int=7 if same else n + 1000, version=4))
        if same:
            base.update(person="p1", date="2026-10-08", minutes="8", title="Intervisie 7")
        if kind == "id clash":
            base["title"] = f"Anders {n}"
    if kind == "same key":
        base.update(person="p0", date="2026-10-01", minutes="1", title="Intervisie 0")
    if kind == "bad minutes":
        base["minutes"] = "0"
    if kind == "client data":
        base["title"] = f"Casus van cliënt 123456782, rij {n}"
    if kind == "tags":
        base["tags"] = "schuldhulp; nl91 abna 0417 1643 00"
    return base


def run(
    tmp_path: Path, name: str, records: list[tuple[int, Any]], skip: bool
) -> tuple[ImportResult, list[tuple[Any, ...]]]:
    store = Store(tmp_path / f"{name}.db")
    try:
        result = import_records(
            store, iter(records), actor="anna", today=dt.date(2026, 11, 27),
            types=dict(BUILTIN_TYPES), skip_invalid=skip, look=in_record,
        )  # fmt: skip
    except ImportRejected as rejected:
        result = rejected.result
    rows = (
        store.writer()
        .execute(
            # Rows without an id in the file get a new random one; the rest is what was stored.
            'SELECT person, date, category, minutes, title, "with", tags FROM activities'
            " ORDER BY person, date, title"
        )
        .fetchall()
    )
    return result, rows


def both(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    forks: list[int],
    records: list[tuple[int, Any]],
    skip: bool,
) -> tuple[tuple[ImportResult, list[Any]], tuple[ImportResult, list[Any]]]:
    """The import in one process, then with everything after the first chunks read ahead."""
    monkeypatch.setattr(importing, "CHUNK", 3)
    monkeypatch.setattr(importing, "AHEAD_AFTER", 1)
    monkeypatch.setattr(ahead, "available", lambda: False)
    alone = run(tmp_path, f"alone-{uuid.uuid4()}", records, skip)
    assert forks == []
    monkeypatch.setattr(ahead, "available", lambda: True)
    forked = run(tmp_path, f"forked-{uuid.uuid4()}", records, skip)
    # Chunks of 3: the first and the one after it are checked here, and a second chunk means
    # a child is forked for whatever follows it.
    made, forks[:] = list(forks), []
    assert len(made) == (1 if len(records) > 3 else 0)
    return alone, forked


def test_a_file_of_every_kind_imports_the_same_read_ahead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forks: list[int]
) -> None:
    kinds = [KINDS[n % len(KINDS)] for n in range(60)]
    records = [(n + 2, record(kind, n)) for n, kind in enumerate(kinds)]
    (alone, alone_rows), (forked, forked_rows) = both(
        tmp_path, monkeypatch, forks, records, skip=True
    )
    assert forked == alone
    assert forked_rows == alone_rows
    # And it is the import these kinds make: nothing lost in either.
    assert alone.read == 60
    assert {str(problem).split(":")[0].split(", ")[1] for problem in alone.problems} == {
        "record", "minutes", "id"
    }  # fmt: skip
    assert {found.kind for _row, found in alone.found} == {"bsn", "iban"}
    assert alone.added == len(alone_rows) > 0


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    kinds=st.lists(st.sampled_from(KINDS), min_size=1, max_size=40),
    skip=st.booleans(),
)
def test_any_mix_of_records_imports_the_same_read_ahead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forks: list[int], kinds: list[str], skip: bool
) -> None:
    records = [(n + 2, record(kind, n)) for n, kind in enumerate(kinds)]
    alone, forked = both(tmp_path, monkeypatch, forks, records, skip)
    assert forked == alone
