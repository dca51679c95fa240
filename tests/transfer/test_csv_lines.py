"""The CSV lines SQLite composes are written as the bytes the general writer writes."""

from __future__ import annotations

import io
import json
import sqlite3
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leerlog.transfer import csv_lines, writers
from leerlog.transfer.writers import ACTIVITY_COLUMNS, write_activities_csv

# Text with everything the lines treat specially: formula starts, apostrophes, quotes, both
# delimiters, line breaks, the marks the lines use themselves, and characters beyond ASCII.
SPECIAL = st.text(st.sampled_from([*"ab -=+@'\t\r\n,;\"", "\x1e", "\x1f", "é", "中"]), max_size=6)
ORDINARY = st.text(st.sampled_from([*"abc 019:.", "é", "中"]), max_size=8)
TEXT = st.one_of(ORDINARY, ORDINARY, SPECIAL)
WORDS = st.text(st.sampled_from([*"ab é,;'=-\"", "\x1e"]), max_size=4)
TAGS = st.one_of(
    st.lists(WORDS, max_size=3).map(lambda tags: json.dumps(tags, ensure_ascii=False)),
    st.lists(WORDS, max_size=3).map(json.dumps),
    st.sampled_from(["[]", '["a","b"]', '["a", "b"]', '[""]', "[1]", "null", "[", '"x"']),
)


@st.composite
def stored_rows(draw: st.DrawFn) -> tuple[Any, ...]:
    """A stored row: date, category and minutes as the schema's CHECKs hold them, and person,
    title and accreditation without control characters, as the models hold them."""
    row = {column: draw(st.one_of(st.none(), TEXT)) for column in ACTIVITY_COLUMNS}
    row["id"] = draw(TEXT)
    row["date"] = draw(st.sampled_from(["2026-01-02", "2026-11-30"]))
    row["category"] = draw(st.sampled_from(["experiential", "social", "formal"]))
    row["minutes"] = draw(st.integers(1, 1440))
    row["tags"] = draw(TAGS)
    for column in ("person", "title", "accreditation"):  # the models refuse control characters
        if row[column] is not None:
            row[column] = "".join(char for char in row[column] if char.isprintable())
    return tuple(row[column] for column in ACTIVITY_COLUMNS)


class Lines:
    """What Store.stream(query, line_sql()) gives a writer, from an in-memory table."""

    def __init__(self, rows: list[tuple[Any, ...]], batch: int) -> None:
        self.line = csv_lines.line_sql()
        self.conn = sqlite3.connect(":memory:")
        columns = ", ".join(f'"{column}"' for column in ACTIVITY_COLUMNS)
        self.conn.execute(f"CREATE TABLE activities ({columns})")
        marks = ", ".join("?" * len(ACTIVITY_COLUMNS))
        self.conn.executemany(f"INSERT INTO activities VALUES ({marks})", rows)
        self.batch = batch

    def lines(self) -> Iterator[list[str]]:
        cursor = self.conn.execute(f"SELECT {self.line} FROM activities ORDER BY rowid")
        while batch := cursor.fetchmany(self.batch):
            yield [row[0] for row in batch]


def written(rows: Any, excel: bool) -> tuple[str, type[Exception] | None]:
    out = io.StringIO()
    try:
        write_activities_csv(rows, out, excel)
    except Exception as error:
        return out.getvalue(), type(error)
    return out.getvalue(), None


def general(rows: list[tuple[Any, ...]], excel: bool) -> tuple[str, type[Exception] | None]:
    """What the general writer makes of ROWS read as dicts, and what it raised."""

    def records() -> Iterator[dict[str, Any]]:
        for row in rows:
            record = dict(zip(ACTIVITY_COLUMNS, row, strict=True))
            record["tags"] = json.loads(record["tags"])
            yield record

    return written(records(), excel)


@settings(max_examples=300, deadline=None)
@given(st.lists(stored_rows(), max_size=10), st.booleans(), st.integers(1, 4))
def test_lines_write_what_the_general_writer_writes(
    rows: list[tuple[Any, ...]], excel: bool, batch: int
) -> None:
    lines = Lines(rows, batch)
    assert isinstance(lines, writers.StoredLines)
    assert written(lines, excel) == general(rows, excel)


@pytest.mark.parametrize("excel", [False, True])
def test_ordinary_rows_are_finished_as_a_whole_batch(excel: bool) -> None:
    """The quick path itself, for rows like most: several tags, plain text, empty cells."""
    row = ("3f2a", "anna", "2026-11-01", "social", None, 30, "Intervisie casus 12", None,
           '["schuldhulp", "intake"]', None, "2026-11-01T09:00:00.000Z",
           "2026-11-01T09:00:00.000Z", None, None)  # fmt: skip
    rows = [row, (*row[:8], '["intake"]', *row[9:]), (*row[:8], "[]", *row[9:])]
    batch = next(Lines(rows, 3).lines())
    text = csv_lines.finished(batch, excel)
    assert text is not None
    header_end = "\r\n" if excel else "\n"
    assert text == general(rows, excel)[0].split(header_end, 1)[1]
