"""leerlog.transfer and the HR CSV: the formula guard, CSV cells read back, row numbers, detection, atomic files."""

from __future__ import annotations

import csv
import io
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leerlog.domain.errors import DataProblem
from leerlog.report.formats import BALANCE_COLUMNS, write_balance_csv
from leerlog.transfer.atomic import atomic_output
from leerlog.transfer.csv_dialect import neutralise, restore
from leerlog.transfer.readers import detect_format, read_records
from leerlog.transfer.writers import ACTIVITY_COLUMNS, write_activities_csv

FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r"]
TEXTS = ["plain", "", "'", "=SUM(A1)", "+31 6", "-start", "@x", "\tTab", "\rCR", "'hello",
         "'=stond er al", "''=twee", "casuïstiek"]  # fmt: skip
RECORD: dict[str, Any] = {
    "id": "id-1", "person": "anna", "date": "2026-11-01", "category": "social",
    "type": "intervisie", "minutes": 45, "title": "t", "with": None, "tags": ["a", "b"],
    "reflection": None, "created_at": "2026-11-01T10:00:00.000Z",
}  # fmt: skip


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_neutralise_prefixes_only_a_leading_formula_character(start: str) -> None:
    assert neutralise(f"{start}1+1") == f"'{start}1+1"
    assert neutralise(f"a{start}") == f"a{start}"
    assert restore(f"'{start}1+1") == f"{start}1+1"


@pytest.mark.parametrize("text", TEXTS)
def test_restore_undoes_neutralise(text: str) -> None:
    """The contract: a round trip through leerlog's CSV is lossless."""
    assert restore(neutralise(text)) == text


@pytest.mark.parametrize("text", [*TEXTS, "voor\rna", "a\r\nb", "a\nb", 'a "b"', "a,b"])
def test_activities_csv_cell_reads_back(text: str) -> None:
    """What write_activities_csv writes, read_records gives back as one record."""
    out = io.StringIO()
    assert write_activities_csv([{**RECORD, "title": text, "reflection": text}], out) == 1
    records = list(read_records(io.StringIO(out.getvalue(), newline=""), "csv", "x.csv"))
    assert len(records) == 1, records
    number, record = records[0]
    assert number == 2 and isinstance(record, dict), records
    assert (record["title"], record["reflection"], record["tags"]) == (text, text, "a,b")


@pytest.mark.parametrize(
    ("fmt", "text", "expected"),
    [
        (
            "csv",
            'person,date,type,minutes,title\na,b,c,d,"een\ntwee\ndrie"\n\na,b,c,d,e\na,b\n',
            [2, 4, 5],
        ),
        ("jsonl", '{"a": 1}\n\n{"b": 2}\n{"c": \n', [1, 2, 3]),
        ("json", '[{"a": 1},\n\n 5, {"b": 2}]', [1, 2, 3]),
    ],
)
def test_row_numbers_as_a_spreadsheet_counts_them(fmt: str, text: str, expected: list[int]) -> None:
    records = list(read_records(io.StringIO(text, newline=""), fmt, "x"))
    assert [number for number, _ in records] == expected


@pytest.mark.parametrize(
    ("name", "head", "expected"),
    [("a.csv", "[", "csv"), ("a.CSV", "", "csv"), ("a.json", "{", "json"),
     ("a.jsonl", "[", "jsonl"), ("a.ndjson", "", "jsonl"), ("a.txt", "  [{", "json"),
     ("export", '{"person"', "jsonl"), ("export", "\ufeffperson,date", "csv")],
)  # fmt: skip
def test_detect_format(name: str, head: str, expected: str) -> None:
    assert detect_format(Path(name), head) == expected


@pytest.mark.parametrize(
    ("excel", "expected"),
    [(False, "'=x,'@team,,,1,2,3,4,5,64.0,,1.5,70,20,10,0.0\n"),
     (True, "'=x;'@team;;;1;2;3;4;5;64,0;;1,5;70;20;10;0,0\r\n")],
)  # fmt: skip
def test_balance_csv_cells(excel: bool, expected: str) -> None:
    """Names are guarded, tenths get one decimal (a comma for Excel), None stays empty."""
    values = [1, 2, 3, 4, 5, 640, None, 15, 70, 20, 10, 0]
    record = dict(zip(BALANCE_COLUMNS, ["=x", "@team", "", "", *values], strict=True))
    out = io.StringIO()
    assert write_balance_csv([record], out, excel=excel) == 1
    assert out.getvalue().split("\n", 1)[1] == expected


def test_atomic_output_new_file_and_failure(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "out.csv"
    with atomic_output(path) as handle:
        handle.write("nieuw\n")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask
    with pytest.raises(DataProblem, match="disk full"), atomic_output(path) as handle:
        handle.write("half")
        raise OSError("disk full")
    assert path.read_text() == "nieuw\n" and os.listdir(path.parent) == ["out.csv"]


def test_activity_columns_are_the_contract() -> None:
    assert ",".join(ACTIVITY_COLUMNS) == (
        "id,person,date,category,type,minutes,title,with,tags,reflection,created_at,updated_at,"
        "session,accreditation"
    )


CELLS = st.text(st.sampled_from("'=a, \t\u3000\u00a0\n\"-"), max_size=4)
HEADER = ("person", "date", "category", "minutes", "title")


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(CELLS, min_size=5, max_size=5) | st.lists(CELLS, max_size=6), max_size=6))
def test_csv_rows_read_as_blank_short_or_restored_cells(rows: list[list[str]]) -> None:
    """The reader's shortcuts (one join per row) keep the rule: blank rows are left out, a row of
    the wrong width is named, every other cell goes through restore()."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([HEADER, *rows])
    got = list(read_records(io.StringIO(out.getvalue(), newline=""), "csv", "x.csv"))
    expected: list[tuple[int, Any]] = [
        (number, dict(zip(HEADER, map(restore, cells), strict=True)) if len(cells) == 5 else "")
        for number, cells in enumerate(rows, start=2)
        if any(cell.strip() for cell in cells)
    ]
    assert [(n, r if isinstance(r, dict) else "") for n, r in got] == expected
