"""Readers and writers of activity data (CSV, JSON, JSON lines), and the CSV-injection guard."""

from __future__ import annotations

import contextlib
import csv
import json
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol, TextIO, runtime_checkable

from leerlog.balance import Balance, format_tenths
from leerlog.errors import DataProblem
from leerlog.i18n import _

ACTIVITY_COLUMNS = (
    "id", "person", "date", "category", "type", "minutes", "title",
    "with", "tags", "reflection", "created_at",
)  # fmt: skip

# A spreadsheet runs a cell starting with one of these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _runs_as_formula(text: str) -> bool:
    # Apostrophes we (or a person) put in front count too, so that restore() undoes exactly
    # one neutralise(): "'=x" is written as "''=x" and read back as "'=x".
    return text.lstrip("'").startswith(_FORMULA_STARTS)


def neutralise(text: str) -> str:
    """Prefix a cell that a spreadsheet would run as a formula with ', so it stays text."""
    return "'" + text if _runs_as_formula(text) else text


def restore(text: str) -> str:
    """Undo neutralise(): drop one ' before a formula character (import reads our own CSV)."""
    return text[1:] if text.startswith("'") and _runs_as_formula(text[1:]) else text


class _LineFeed:
    """Lets csv quote cells holding a CR or LF (it only does so for its own line ending), then
    ends each record with a bare LF as the contract asks."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def write(self, text: str) -> int:
        return self.out.write(text[:-2] + "\n" if text.endswith("\r\n") else text)


def csv_writer(out: TextIO, excel: bool = False) -> Any:
    """RFC 4180 rows: ',' and LF, or for Excel ';' and CRLF; cells with line breaks quoted."""
    if excel:
        return csv.writer(out, delimiter=";", lineterminator="\r\n")
    return csv.writer(_LineFeed(out), lineterminator="\r\n")


def _cell(value: Any) -> str:
    if type(value) is int:  # most cells of the balance export; checked first for speed
        return str(value)
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        value = ",".join(value)
    return neutralise(str(value)) if isinstance(value, str) else str(value)


def write_activities_csv(rows: Iterable[dict[str, Any]], out: TextIO) -> int:
    """The activities CSV of the contract; returns the number of rows written."""
    writer = csv_writer(out)
    writer.writerow(ACTIVITY_COLUMNS)
    if isinstance(rows, StoredActivities):
        from leerlog.formats_fast import write_stored_rows

        return write_stored_rows(rows.rows(), writer, out)
    count = 0
    for row in rows:
        writer.writerow(activity_cells(row))
        count += 1
    return count


def activity_cells(row: dict[str, Any]) -> list[str]:
    """One activity's CSV cells, formulas neutralised."""
    return [_cell(row.get(column)) for column in ACTIVITY_COLUMNS]


@runtime_checkable
class StoredActivities(Protocol):
    """Activities that can also be read as stored: tuples in ACTIVITY_COLUMNS order (more
    columns may follow), tags as JSON text."""

    def rows(self) -> Iterator[Sequence[Any]]: ...


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
    writer = csv_writer(out, excel)
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


# -- atomic output files -------------------------------------------------------------------


@contextlib.contextmanager
def atomic_output(path: Path, encoding: str = "utf-8") -> Iterator[TextIO]:
    """Write beside PATH, sync, then rename over it: a reader sees the old file or the new one.

    A new file gets the usual mode (0666 less the umask); an existing file keeps its mode, so an
    administrator's group permissions survive the monthly overwrite. No temporary file is left.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise DataProblem(
            _("cannot write {path}: {reason}").format(path=path, reason=error.strerror),
            _("check the folder and its permissions"),
        ) from None
    temporary = Path(name)
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, _mode_for(path))
        os.replace(temporary, path)
        _sync_folder(path.parent)
    except OSError as error:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise DataProblem(
            _("cannot write {path}: {reason}; the old file, if any, is unchanged").format(
                path=path, reason=error.strerror or error
            ),
            _("check the free space and permissions of the folder"),
        ) from None
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# -- reading import files ------------------------------------------------------------------

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
