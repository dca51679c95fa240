"""The import's fast path gives exactly what ImportRow gives, or leaves the record to ImportRow."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from leerlog.domain.categories import BUILTIN_TYPES, ActivityType
from leerlog.transfer.import_checks import ImportRow, QuickCheck, checked

TODAY = dt.date(2026, 11, 27)
TYPES = {**BUILTIN_TYPES, "huisbezoek": ActivityType("huisbezoek", "Huisbezoek", "experiential")}
CONTEXT = {"today": TODAY, "types": TYPES}

# Plain values (the fast path's case), values only the model reads (words, 1u30, lists,
# numbers), and values it refuses, so every branch of the fast path is met.
VALUES: dict[str, list[Any]] = {
    "id": ["", " ", "535262bc-d940", " padded-id ", "x" * 200, "x" * 201, 7, None],
    "person": ["anna", " Fatima El Amrani ", "", " ", 3, None, "an\u202ena", "a\x00", "x" * 100,
               "x" * 101, "Zo\u00eb\u00a0B", " anna\n"],
    "date": ["2026-11-01", "2026-11-28", "2026-11-29", "2026-02-30", "0000-01-01", "0001-01-01",
             "9999-12-31", " 2026-11-01", "2026-1-01", "gisteren", "-3d", "\uff12026-11-01", 20261101,
             0, 1.5, [2026]],
    "category": ["", " ", "werk", "20", "formeel", " Sociaal ", "leren", "experiential", None, 70],
    "type": ["", " ", "intervisie", " Meelopen ", "huisbezoek", "workshop", "cursus", "nope", None],
    "minutes": ["45", "0045", "1440", "1441", "0", "", " 45", "1u30", "1,5h", "45m",
                "0" * 19 + "1", "0" * 20 + "1", "\u0664\u0665", "\u00b2", 45, 90.0, True],
    "title": ["Huisbezoek", "=SUM(A1)", "", " ", "\u3000", "x" * 500, "x" * 501, " x ", None,
              "a\nb", "a\tb", "a\u200db"],
    "with": ["", " ", "Piet", " Piet ", None, 1, "x" * 200, "x" * 201, " " * 300],
    "tags": ["", "schuldhulp", "a,b", " a , a ,, b ", ",", ["a", "b"], ["a,b"], [1], None, 5],
    "reflection": ["", " ", "Meer doorvragen", None, "a\nb", "x" * 20_000, "x" * 20_001],
    "created_at": ["", " ", "2026-01-15T09:00:00.000Z", " 2026-01-15 ", "gisteren", None, 1,
                   "2026-01-15T10:00:00+01:00", "2026-01-15 09:00", "2026-01-15T09:00:00.5Z"],
    "updated_at": ["", "2026-01-16T09:00:00+01:00", "not a time", None],
    "session": ["", " ", "0719c60f-d017-4bd4-b223-2d28699e4516", " s-1 ", "s" * 201, None, 3],
    "accreditation": ["", " ", "SKJ-2026-1", " K 7 ", "a" * 100, "a" * 101, "a\u202eb",
                      "a\u00a0b", None, 5],
}  # fmt: skip
PLAIN: dict[str, list[Any]] = {
    "id": ["", "535262bc-d940"],
    "person": ["anna", "bob"],
    "date": ["2026-11-01", "2026-11-28"],
    "category": ["", "werk", "formal"],
    "type": ["", "meelopen", "huisbezoek"],
    "minutes": ["45", "1440"],
    "title": ["Huisbezoek", "=SUM(A1)"],
    "with": ["", "Piet"],
    "tags": ["", "a,b"],
    "reflection": ["", "Goed"],
    "created_at": ["", "2026-01-15T09:00:00.000Z"],
    "updated_at": ["", "2026-01-16T09:30:00+01:00"],
    "session": ["", "0719c60f-d017-4bd4-b223-2d28699e4516"],
    "accreditation": ["", "SKJ-2026-1"],
}


@st.composite
def records(draw: st.DrawFn) -> dict[str, Any]:
    """Mostly plain values, so that whole records often are plain; else anything, or missing."""
    record: dict[str, Any] = {}
    for name in (*VALUES, "with_", "extra"):
        choice = draw(st.integers(0, 19))
        if choice < 14 and name in PLAIN:
            record[name] = draw(st.sampled_from(PLAIN[name]))
        elif choice < 17 and name in VALUES:
            record[name] = draw(st.sampled_from(VALUES[name]))
        elif choice == 17:
            record[name] = draw(st.text(max_size=8))
    return record


def slow(record: dict[str, Any]) -> Any:
    try:
        return checked(ImportRow.model_validate(record, context=CONTEXT))
    except ValidationError:
        return "refused"


@settings(max_examples=300, deadline=None)
@given(records())
def test_the_fast_path_agrees_with_the_model(record: dict[str, Any]) -> None:
    fast = QuickCheck(TODAY, TYPES).row(dict(record))
    if fast is not None:
        assert fast == slow(dict(record))


def test_plain_rows_take_the_fast_path_with_the_models_result() -> None:
    quick = QuickCheck(TODAY, TYPES)
    plain = [
        {"id": "a1", "person": "anna", "date": "2026-11-28", "category": "", "type": "meelopen",
         "minutes": "120", "title": "Casus", "with": "", "tags": "schuldhulp, intake",
         "reflection": "", "created_at": "2026-01-15T09:00:00.000Z"},
        {"person": " bob ", "date": "2026-01-01", "category": "Werk", "minutes": "0045",
         "title": " x ", "with": "Piet", "tags": "a,,a"},
        {"person": "anna", "date": "2026-01-01", "category": "70", "type": "huisbezoek",
         "minutes": "1440", "title": "x" * 500, "reflection": "Goed",
         "updated_at": " 2026-01-02T10:00:00+01:00 "},
    ]  # fmt: skip
    for record in plain:
        twice = [quick.row(dict(record)), quick.row(dict(record))]  # the second from the caches
        assert twice == [slow(dict(record))] * 2
