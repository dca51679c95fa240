"""Readers and writers of activity data (CSV, JSON, JSON lines), and the CSV-injection guard."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import Any, TextIO

ACTIVITY_COLUMNS = (
    "id", "person", "date", "category", "type", "minutes", "title",
    "with", "tags", "reflection", "created_at",
)  # fmt: skip

# A spreadsheet runs a cell starting with one of these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Prefix a cell that a spreadsheet would run as a formula with ', so it stays text."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def restore(text: str) -> str:
    """Undo neutralise(): drop one ' before a formula character (import reads our own CSV)."""
    return text[1:] if text.startswith("'") and text[1:].startswith(_FORMULA_STARTS) else text


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        value = ",".join(value)
    return neutralise(str(value)) if isinstance(value, str) else str(value)


def write_activities_csv(rows: Iterable[dict[str, Any]], out: TextIO) -> int:
    """The activities CSV of the contract; returns the number of rows written."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ACTIVITY_COLUMNS)
    count = 0
    for row in rows:
        writer.writerow([_cell(row.get(column)) for column in ACTIVITY_COLUMNS])
        count += 1
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
