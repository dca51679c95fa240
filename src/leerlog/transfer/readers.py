"""Readers of import files: the activities CSV (RFC 4180 or Dutch Excel), a JSON array, JSON lines."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from itertools import chain
from pathlib import Path
from typing import Any

from leerlog.domain.errors import DataProblem
from leerlog.i18n import N_, _
from leerlog.transfer.csv_dialect import restore
from leerlog.transfer.writers import ACTIVITY_COLUMNS

REQUIRED_COLUMNS = ("person", "date", "minutes", "title")

Record = tuple[int, dict[str, Any] | str]  # (row number, the record or why it is unreadable)
# What Python's JSON reader says (its message starts so), as people read it in either language.
JSON_PROBLEMS = (
    ("Expecting value", N_("a value is missing")),
    ("Expecting property name", N_("a name in double quotes is missing")),
    ("Expecting ':'", N_("a ':' is missing")),
    ("Expecting ','", N_("a ',' is missing")),
    ("Unterminated string", N_("a text has no closing '\"'")),
    ("Invalid control character", N_("a text holds a tab, line break or other control character")),
    ("Invalid \\", N_("a text holds a '\\' that is not a valid escape")),
    ("Extra data", N_("something follows the end of the JSON")),
    ("Illegal trailing comma", N_("a ',' stands just before the end of an object or array")),
)


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
    lines = iter(lines)
    try:
        first = next(lines)
    except StopIteration:
        message = _("{source} is empty; nothing was imported").format(source=source)
        raise DataProblem(message, None) from None
    delimiter = _delimiter(first)
    reader = csv.reader(chain((first,), lines), delimiter=delimiter)
    try:
        header = next(reader)
    except csv.Error as error:
        raise _unreadable(source, error) from None
    columns = [column.strip().lstrip("\ufeff") for column in header]
    _check_header(columns, delimiter, source)
    # Dutch Excel may leave out a row's empty cells at its end; those are optional columns.
    optional_tail = len(columns)
    while optional_tail and columns[optional_tail - 1] not in REQUIRED_COLUMNS:
        optional_tail -= 1
    try:
        for number, cells in enumerate(reader, start=2):
            # One join per row instead of a strip and a restore() per cell: a row of only
            # white space is blank, and without an apostrophe no cell has anything to restore.
            joined = "".join(cells)
            if not joined or joined.isspace():
                continue
            if len(cells) != len(columns):
                if delimiter == ";" and optional_tail <= len(cells) < len(columns):
                    cells = [*cells, *[""] * (len(columns) - len(cells))]
                else:
                    yield number, _wrong_cells(cells, len(columns), delimiter)
                    continue
            if "'" in joined:
                yield (
                    number,
                    {column: restore(cell) for column, cell in zip(columns, cells, strict=True)},
                )
            else:
                yield number, dict(zip(columns, cells, strict=True))
    except csv.Error as error:
        raise _unreadable(source, error) from None


def _delimiter(line: str) -> str:
    """',' (RFC 4180) or ';' (Dutch Excel): the one that splits the header line into more cells.
    The header decides, not the file name: Excel keeps the name when it saves with ';'."""
    try:
        commas = next(csv.reader([line]), [])
        semicolons = next(csv.reader([line], delimiter=";"), [])
    except csv.Error:
        return ","  # the reader proper reports what is wrong with the line
    return ";" if len(semicolons) > len(commas) else ","


def _check_header(columns: list[str], delimiter: str, source: str) -> None:
    """The activities header, each column once, in one dialect; else a DataProblem."""
    other = "," if delimiter == ";" else ";"
    if any(other in column for column in columns):
        raise DataProblem(
            _(
                "{source} separates the columns of its header with both ',' and ';';"
                " nothing was imported"
            ).format(source=source),
            _("save it with one separator: ',' (CSV) or ';' (CSV for Dutch Excel)"),
        )
    unknown = [column for column in columns if column not in ACTIVITY_COLUMNS]
    missing = [column for column in REQUIRED_COLUMNS if column not in columns]
    if "category" not in columns and "type" not in columns:
        # TRANSLATORS: "category" and "type" are column names; keep them as they are.
        missing.append(_("category or type"))
    if not (unknown or missing or len(set(columns)) != len(columns)):
        return
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
            "{source} does not have the activities header (a column twice); nothing was imported"
        ).format(source=source)
    raise DataProblem(
        message, _("the columns are {columns}").format(columns=",".join(ACTIVITY_COLUMNS))
    )


def _wrong_cells(cells: list[str], columns: int, delimiter: str) -> str:
    """Why a row with another number of cells than the header is unreadable."""
    other = "," if delimiter == ";" else ";"
    try:
        # The cells joined again are near enough the line to see if the other separator fits.
        fits_other = len(next(csv.reader([delimiter.join(cells)], delimiter=other))) == columns
    except csv.Error:
        fits_other = False
    if fits_other:
        return _(
            "has {cells} cells, the header has {columns}: this row separates its cells"
            " with '{row}', the header with '{header}'"
        ).format(cells=len(cells), columns=columns, row=other, header=delimiter)
    return _("has {cells} cells, the header has {columns}").format(
        cells=len(cells), columns=columns
    )


def _unreadable(source: str, error: csv.Error) -> DataProblem:
    message = _("{source} is not a readable CSV file: {error}").format(source=source, error=error)
    return DataProblem(message, None)


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
            yield number, _("not valid JSON ({error})").format(error=_json_problem(error))
            continue
        yield number, record if isinstance(record, dict) else _("not a JSON object")


def _json_problem(error: ValueError | RecursionError) -> str:
    """Why the JSON could not be read, in the reader's language (Python says it in English)."""
    if isinstance(error, RecursionError):
        return _("it is nested too deeply")
    if not isinstance(error, json.JSONDecodeError):
        return _("a number has too many digits")  # the only other ValueError json.loads raises
    for start, problem in JSON_PROBLEMS:
        if error.msg.startswith(start):
            return _(problem)
    return _("a character is out of place")


def _json_records(text: str, source: str) -> Iterator[Record]:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as error:
        problem = _json_problem(error)
        if isinstance(error, json.JSONDecodeError):
            problem = _("{problem} at line {line}, column {column}").format(
                problem=problem, line=error.lineno, column=error.colno
            )
        raise DataProblem(
            _("{source} is not valid JSON: {error}; nothing was imported").format(
                source=source, error=problem
            ),
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
