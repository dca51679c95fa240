"""Readers of import files: the activities CSV, a JSON array, JSON lines."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from leerlog.domain.errors import DataProblem
from leerlog.i18n import _
from leerlog.transfer.csv_dialect import restore
from leerlog.transfer.writers import ACTIVITY_COLUMNS

REQUIRED_COLUMNS = ("person", "date", "minutes", "title")

Record = tuple[int, dict[str, Any] | str]  # (row number, the record or why it is unreadable)


def detect_format(path: Path, head: str) -> str:
    """csv, json or jsonl: by the file's suffix, else by its first character."""
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix in (".csv", ".json"):
        return suffix[1:]
    first = head.lstrip()[:1]
    return "json" if first == "[" else "jsonl" if first == "{" else "csv"


def read_records(text: Iterable[str], fmt: str, source: str) -> Iterator[Record]:
    """The records of an import file with their row numbers, as a spreadsheet counts them."""
    if fmt == "csv":
        return _csv_records(text, source)
    if fmt == "jsonl":
        return _jsonl_records(text)
    return _json_records("".join(text), source)


def _csv_records(lines: Iterable[str], source: str) -> Iterator[Record]:
    reader = csv.reader(lines, delimiter=",")
    try:
        header = next(reader)
    except StopIteration:
        message = _("{source} is empty; nothing was imported").format(source=source)
        raise DataProblem(message, None) from None
    except csv.Error as error:
        message = _("{source} is not a readable CSV file: {error}").format(
            source=source, error=error
        )
        raise DataProblem(message, None) from None
    if len(header) == 1 and header[0].count(";") > 0:
        raise DataProblem(
            _("{source} uses ';' between columns").format(source=source),
            _("export it from Excel as CSV (comma delimited)"),
        )
    columns = [column.strip().lstrip("\ufeff") for column in header]
    unknown = [column for column in columns if column not in ACTIVITY_COLUMNS]
    missing = [column for column in REQUIRED_COLUMNS if column not in columns]
    if "category" not in columns and "type" not in columns:
        # TRANSLATORS: "category" and "type" are column names; keep them as they are.
        missing.append(_("category or type"))
    if unknown or missing or len(set(columns)) != len(columns):
        if unknown:
            message = _(
                "{source} does not have the activities header (unknown columns: {columns});"
                " nothing was imported"
            ).format(source=source, columns=", ".join(unknown))
        elif missing:
            message = _(
                "{source} does not have the activities header (missing columns: {columns});"
                " nothing was imported"
            ).format(source=source, columns=", ".join(missing))
        else:
            message = _(
                "{source} does not have the activities header (a column twice);"
                " nothing was imported"
            ).format(source=source)
        raise DataProblem(
            message, _("the columns are {columns}").format(columns=",".join(ACTIVITY_COLUMNS))
        )
    try:
        for number, cells in enumerate(reader, start=2):
            # One join per row instead of a strip and a restore() per cell: a row of only
            # white space is blank, and without an apostrophe no cell has anything to restore.
            joined = "".join(cells)
            if not joined or joined.isspace():
                continue
            if len(cells) != len(columns):
                yield (
                    number,
                    _("has {cells} cells, the header has {columns}").format(
                        cells=len(cells), columns=len(columns)
                    ),
                )
                continue
            if "'" in joined:
                yield (
                    number,
                    {column: restore(cell) for column, cell in zip(columns, cells, strict=True)},
                )
            else:
                yield number, dict(zip(columns, cells, strict=True))
    except csv.Error as error:
        message = _("{source} is not a readable CSV file: {error}").format(
            source=source, error=error
        )
        raise DataProblem(message, None) from None


def _jsonl_records(lines: Iterable[str]) -> Iterator[Record]:
    number = 0
    for line in lines:
        if not line.strip():
            continue
        number += 1
        try:
            record = json.loads(line)
        except (ValueError, RecursionError) as error:
            # ValueError also covers numbers too long to convert; RecursionError deep nesting.
            detail = getattr(error, "msg", None) or type(error).__name__
            yield number, _("not valid JSON ({error})").format(error=detail)
            continue
        yield number, record if isinstance(record, dict) else _("not a JSON object")


def _json_records(text: str, source: str) -> Iterator[Record]:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as error:
        if not isinstance(error, json.JSONDecodeError):
            error = json.JSONDecodeError(type(error).__name__, text, 0)
        raise DataProblem(
            _(
                "{source} is not valid JSON: {error} at line {line}, column {column};"
                " nothing was imported"
            ).format(source=source, error=error.msg, line=error.lineno, column=error.colno),
            _("import a JSON array of objects, or JSON lines"),
        ) from None
    if not isinstance(data, list):
        raise DataProblem(
            _("{source} is JSON but not an array of activities; nothing was imported").format(
                source=source
            ),
            _("import a JSON array of objects, or JSON lines"),
        )
    for number, record in enumerate(data, start=1):
        yield number, record if isinstance(record, dict) else _("not a JSON object")
