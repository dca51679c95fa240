"""The activities as CSV, JSON and JSON lines: the general writer, and for stored rows the
batched one and the lines SQLite composed (csv_lines), which write the same bytes.

Per cell, the general writer checks for formulas and converts values in Python: most of the time
of a large export. For stored rows a batch goes through csv in one call (line ending LF, tags
joined once per distinct value), and the text is checked as a whole: if no cell in it starts like
a formula and no carriage return occurs, the general writer would have written the same text.
Otherwise that batch is written row by row by the general writer.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Protocol, TextIO, runtime_checkable

from leerlog.transfer import csv_lines
from leerlog.transfer.csv_dialect import cell, csv_writer

# The second version of the header; import still reads the first (up to created_at).
ACTIVITY_COLUMNS = (
    "id", "person", "date", "category", "type", "minutes", "title",
    "with", "tags", "reflection", "created_at", "updated_at", "session", "accreditation",
)  # fmt: skip


def write_activities_csv(rows: Iterable[dict[str, Any]], out: TextIO, excel: bool = False) -> int:
    """The activities CSV of the contract (`excel`: ';' and CRLF, the BOM is the caller's);
    returns the number of rows written."""
    writer = csv_writer(out, excel)
    writer.writerow(ACTIVITY_COLUMNS)
    if isinstance(rows, StoredLines) and rows.line == csv_lines.line_sql():
        return _write_lines(rows.lines(), writer, out, excel)
    if isinstance(rows, StoredActivities):
        return _write_stored_rows(rows.rows(), writer, out, excel)
    count = 0
    for row in rows:
        writer.writerow(activity_cells(row))
        count += 1
    return count


def activity_cells(row: dict[str, Any]) -> list[str]:
    """One activity's CSV cells, formulas neutralised."""
    return [cell(row.get(column)) for column in ACTIVITY_COLUMNS]


@runtime_checkable
class StoredActivities(Protocol):
    """Activities that can also be read as stored: tuples in ACTIVITY_COLUMNS order (more
    columns may follow), tags as JSON text."""

    def rows(self) -> Iterator[Sequence[Any]]: ...


@runtime_checkable
class StoredLines(Protocol):
    """Activities read as the SQL expression LINE (csv_lines.line_sql(): the CSV lines), in
    batches."""

    line: str | None

    def lines(self) -> Iterator[list[str]]: ...


def _write_lines(batches: Iterator[list[str]], writer: Any, out: TextIO, excel: bool) -> int:
    """Write the lines SQLite composed (see csv_lines) after the header WRITER wrote."""
    count = 0
    for batch in batches:
        count += len(batch)
        text = csv_lines.finished(batch, excel)
        if text is not None:
            out.write(text)
        else:
            csv_lines.write_each(batch, writer.writerow, lambda row: _write_general([row], writer))
    return count


def write_json(rows: Iterable[dict[str, Any]], out: TextIO) -> int:
    """A JSON array, one object per line inside it, so large outputs stream."""
    count = 0
    out.write("[")
    for row in rows:
        out.write(",\n" if count else "\n")
        out.write(json.dumps(row, ensure_ascii=False))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


def write_jsonl(rows: Iterable[dict[str, Any]], out: TextIO) -> int:
    """JSON lines: one object per line."""
    count = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count


# -- the batched writer for stored rows ----------------------------------------------------

BATCH = 1000
_TAGS = ACTIVITY_COLUMNS.index("tags")
_END = len(ACTIVITY_COLUMNS)
_MEMO_LIMIT = 4096  # distinct tag lists remembered; a file has few, but memory stays bounded

# What neutralise() looks for at the start of a cell, and the apostrophes it looks past.
_RISKY = ("=", "+", "-", "@", "\t", "'")


def _write_stored_rows(
    rows: Iterator[Sequence[Any]], writer: Any, out: TextIO, excel: bool = False
) -> int:
    """Write ROWS (ACTIVITY_COLUMNS order, tags as JSON text) after the header WRITER wrote."""
    buffer = io.StringIO()
    # For Excel both writers end lines with CRLF, so csv quotes the same cells in both.
    if excel:
        plain = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    else:
        plain = csv.writer(buffer, lineterminator="\n")
    tag_cells: dict[str, str] = {}
    count = 0
    while batch := _next_batch(rows, writer):
        count += len(batch)
        try:
            cells = _cells(batch, tag_cells)
        except Exception:
            # Tags that are not JSON: the general writer writes the rows before them, then fails.
            _write_general(batch, writer)
            continue
        buffer.seek(0)
        buffer.truncate()
        plain.writerows(cells)
        text = buffer.getvalue()
        if _same_as_general(text, excel):
            out.write(text)
        else:
            _write_general(batch, writer)
    return count


def _next_batch(rows: Iterator[Sequence[Any]], writer: Any) -> list[Sequence[Any]]:
    batch: list[Sequence[Any]] = []
    append = batch.append
    try:
        for row in rows:
            append(row)
            if len(batch) == BATCH:
                break
    except BaseException:
        # The general writer would have written every row read before the failure.
        _write_general(batch, writer)
        raise
    return batch


def _cells(batch: list[Sequence[Any]], tag_cells: dict[str, str]) -> list[tuple[Any, ...]]:
    """The rows with their tags cell in place of the JSON text; other values as csv takes them."""
    new = {row[_TAGS] for row in batch}.difference(tag_cells)
    if len(tag_cells) + len(new) > _MEMO_LIMIT:
        tag_cells.clear()
    for tags in new:
        tag_cells[tags] = _tag_cell(tags)
    get = tag_cells.__getitem__
    return [(*row[:_TAGS], get(row[_TAGS]), *row[_TAGS + 1 : _END]) for row in batch]


def _tag_cell(tags: str) -> str:
    return activity_cells({"tags": json.loads(tags)})[_TAGS]


def _write_general(batch: list[Sequence[Any]], writer: Any) -> None:
    for row in batch:
        record = dict(zip(ACTIVITY_COLUMNS, row, strict=False))
        record["tags"] = json.loads(record["tags"])
        writer.writerow(activity_cells(record))


def _same_as_general(text: str, excel: bool = False) -> bool:
    """No cell starts like a formula (quoted or not), and no carriage return, which only the
    general writer's CRLF line ending makes csv quote (for Excel both end lines with CRLF, and
    a cell that starts with one is quoted)."""
    if text.startswith(_RISKY) or ('"\r' in text if excel else "\r" in text):
        return False
    separator = ";" if excel else ","
    # Most of these characters never occur; only those that do need the slower search for
    # a cell that starts with them.
    return not any(char in text and _starts_a_cell(text, char, separator) for char in _RISKY)


def _starts_a_cell(text: str, char: str, separator: str) -> bool:
    return f"{separator}{char}" in text or f"\n{char}" in text or f'"{char}' in text
