"""Readers and writers of activity data (CSV, JSON, JSON lines), and the CSV-injection guard."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import Any, TextIO

from leerlog.balance import Balance, format_tenths

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


BALANCE_COLUMNS = (
    "person", "team", "period_start", "period_end", "activities", "minutes_total",
    "minutes_experiential", "minutes_social", "minutes_formal",
    "pct_experiential", "pct_social", "pct_formal",
    "target_experiential", "target_social", "target_formal", "deviation",
)  # fmt: skip
_TENTHS_COLUMNS = ("pct_experiential", "pct_social", "pct_formal", "deviation")


def balance_record(
    person: str, team: str | None, start: str, end: str, balance: Balance
) -> dict[str, Any]:
    """One HR row; shares and deviation in tenths of a percent (None when there is no activity)."""
    shares = balance.shares_tenths or (None, None, None)
    return {
        "person": person,
        "team": team,
        "period_start": start,
        "period_end": end,
        "activities": balance.total_count,
        "minutes_total": balance.total_minutes,
        "minutes_experiential": balance.minutes[0],
        "minutes_social": balance.minutes[1],
        "minutes_formal": balance.minutes[2],
        "pct_experiential": shares[0],
        "pct_social": shares[1],
        "pct_formal": shares[2],
        "target_experiential": balance.target.experiential,
        "target_social": balance.target.social,
        "target_formal": balance.target.formal,
        "deviation": balance.deviation_tenths,
    }


def balance_json(record: dict[str, Any]) -> dict[str, Any]:
    """The record for JSON: tenths become numbers with one decimal, empty stays null."""
    return {
        key: (value / 10 if value is not None else None) if key in _TENTHS_COLUMNS else value
        for key, value in record.items()
    }


def write_balance_csv(records: Iterable[dict[str, Any]], out: TextIO, excel: bool = False) -> int:
    """The HR CSV of the contract; `excel` writes what Dutch Excel opens (';', decimal comma)."""
    decimal = "," if excel else "."
    writer = csv.writer(
        out, delimiter=";" if excel else ",", lineterminator="\r\n" if excel else "\n"
    )
    writer.writerow(BALANCE_COLUMNS)
    count = 0
    for record in records:
        row = [
            format_tenths(record[column], decimal)
            if column in _TENTHS_COLUMNS
            else _cell(record[column])
            for column in BALANCE_COLUMNS
        ]
        writer.writerow(row)
        count += 1
    return count
