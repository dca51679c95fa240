"""The batched activities CSV writer must write byte for byte what the general writer writes."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leerlog.transfer import writers
from leerlog.transfer.writers import ACTIVITY_COLUMNS, write_activities_csv

# Mostly rows of ordinary values (some quoted); sometimes rows with what the general writer treats
# specially: formula starts, apostrophes, carriage returns, negative numbers, odd tags.
ORDINARY = st.one_of(
    st.text(st.sampled_from([*'abc 019:.,"\n', "é", "中"]), max_size=8),
    st.none(),
    st.integers(0, 1500),
)
SPECIAL = st.one_of(
    ORDINARY, st.text(st.sampled_from([*"ab-=+@'\t\r\n,\" "]), max_size=6), st.integers(-5, 5)
)
WORDS = st.text(st.sampled_from([*"ab é"]), max_size=4)
TAGS = st.lists(WORDS, max_size=3).map(lambda tags: json.dumps(tags, ensure_ascii=False))
ODD_TAGS = st.one_of(
    st.lists(st.text(st.sampled_from([*"ab -=+'\","]), max_size=4), max_size=3).map(json.dumps),
    st.sampled_from(["[]", '"x"', "null", "[1]", '["a","b"]']),
)


@st.composite
def stored_rows(draw: st.DrawFn) -> tuple[Any, ...]:
    special = draw(st.integers(0, 5)) == 0
    kind = SPECIAL if special else ORDINARY
    values = draw(st.lists(kind, min_size=len(ACTIVITY_COLUMNS), max_size=len(ACTIVITY_COLUMNS)))
    values[ACTIVITY_COLUMNS.index("tags")] = draw(ODD_TAGS if special else TAGS)
    return (*values, "2026-11-01T10:00:00.000Z")  # updated_at follows, as Store.stream reads it


class Stored:
    """Rows as Store.stream gives them: readable as stored rows, or as dicts."""

    def __init__(self, rows: list[tuple[Any, ...]]) -> None:
        self._rows = rows

    def rows(self) -> Any:
        return iter(self._rows)


def general(rows: list[tuple[Any, ...]], excel: bool = False) -> tuple[str, type[Exception] | None]:
    """What the general writer makes of ROWS read as dicts: its output, and what it raised."""
    out = io.StringIO()

    def records() -> Any:
        for row in rows:
            record = dict(zip(ACTIVITY_COLUMNS, row, strict=False))
            record["tags"] = json.loads(record["tags"])
            yield record

    try:
        write_activities_csv(records(), out, excel)
    except Exception as error:
        return out.getvalue(), type(error)
    return out.getvalue(), None


def batched(rows: list[tuple[Any, ...]], excel: bool = False) -> tuple[str, type[Exception] | None]:
    out = io.StringIO()
    original = writers.BATCH
    writers.BATCH = 3  # several batches, some plain and some not, in a small example
    try:
        assert write_activities_csv(Stored(rows), out, excel) == len(rows)  # type: ignore[arg-type]
    except Exception as error:
        return out.getvalue(), type(error)
    finally:
        writers.BATCH = original
    return out.getvalue(), None


@settings(max_examples=200, deadline=None)
@given(st.lists(stored_rows(), max_size=12), st.booleans())
def test_batches_write_what_the_general_writer_writes(
    rows: list[tuple[Any, ...]], excel: bool
) -> None:
    """Also for Dutch Excel (';' and CRLF), where a carriage return is quoted by both."""
    assert isinstance(Stored(rows), writers.StoredActivities)
    assert batched(rows, excel) == general(rows, excel)


def test_tags_that_are_not_json_fail_after_the_rows_before_them() -> None:
    good = ("id-1", "anna", "2026-11-01", "social", None, 30, "t", None, "[]", None, "c", "u")
    bad = ("id-2", "anna", "2026-11-01", "social", None, 30, "t", None, "[", None, "c", "u")
    output, error = batched([good, bad, good])
    assert error is json.JSONDecodeError
    assert (output, error) == general([good, bad, good])
    assert output.count("\n") == 2  # the header and the first row


@pytest.mark.parametrize("excel", [False, True])
@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r", "'", "\n", ";", ","])
def test_a_cell_that_starts_specially_is_written_as_the_general_writer_does(
    start: str, excel: bool
) -> None:
    plain = ("id-1", "anna", "2026-11-01", "social", None, 30, "t", None, "[]", None, "c", "u",
             None, None)  # fmt: skip
    odd = ("id-2", "anna", "2026-11-01", "social", None, 30, f"{start}x", None, "[]", None, "c")
    rows = [plain, (*odd, "u", "s", None), plain]
    assert batched(rows, excel) == general(rows, excel)
