"""The journal's JSON record of a stored activity, composed by SQLite (undo of an import keeps
one per row), is the text Python's encoder writes for the same record."""

from __future__ import annotations

import contextlib
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from leerlog.storage.db import open_memory
from leerlog.storage.journal import COLUMNS, JSON, RECORD_JSON, Change, row_to_activity

# Any text a record can hold: control characters, quotes, backslashes, line and paragraph
# separators, DEL, accents and wide characters (no lone surrogates: they are not UTF-8).
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)
SOME = st.one_of(st.none(), TEXT)


@st.composite
def records(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "id": draw(TEXT.filter(bool)),
        "person": draw(TEXT.filter(bool)),
        "date": draw(st.dates().map(lambda day: day.isoformat())),
        "category": draw(st.sampled_from(["experiential", "social", "formal"])),
        "type": draw(SOME),
        "minutes": draw(st.integers(1, 1440)),
        "title": draw(TEXT),
        "with": draw(SOME),
        "tags": draw(st.lists(TEXT, max_size=3)),
        "reflection": draw(SOME),
        "created_at": draw(TEXT),
        "updated_at": draw(TEXT),
        "session": draw(SOME),
        "accreditation": draw(SOME),
    }


@given(st.lists(records(), max_size=5, unique_by=lambda record: record["id"]))
def test_sqlite_composes_the_record_python_encodes(stored: list[dict[str, Any]]) -> None:
    with contextlib.closing(open_memory()) as conn:
        Change(conn, "anna", "import").insert_many(stored)
        rows = conn.execute(f"SELECT {COLUMNS}, {RECORD_JSON} AS record FROM activities")
        for row in rows.fetchall():
            expected = JSON.encode(row_to_activity(dict(row)).as_json())
            assert row["record"] == expected
