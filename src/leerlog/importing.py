"""Import activities: validate every record with the models `add` uses, store all or nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from pydantic import TypeAdapter, ValidationError, field_validator

from leerlog.categories import ActivityType
from leerlog.errors import DataProblem
from leerlog.formats import Record
from leerlog.i18n import _, ngettext
from leerlog.models import ActivityInput, _custom, problems
from leerlog.store import Change, Store, new_id, now

CHUNK = 2000
_CONTENT = ("person", "date", "category", "type", "minutes", "title", "with", "tags", "reflection")


class ImportRow(ActivityInput):
    """One imported record: what `add` accepts, plus the id and timestamps a file may carry."""

    id: str | None = None
    created_at: str | None = None
    updated_at: str | None = None

    @field_validator("id", mode="before")
    @classmethod
    def _id(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip()
            if len(value) > 200:
                raise _custom(_("the id is longer than 200 characters"))
            return value or None
        return value

    @field_validator("created_at", "updated_at", mode="before")
    @classmethod
    def _timestamp(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip()
            if not value:
                return None
            try:
                dt.datetime.fromisoformat(value)
            except ValueError:
                message = _("not an ISO 8601 timestamp: {value}").format(value=repr(value[:40]))
                raise _custom(message) from None
        return value


_ROWS = TypeAdapter(list[ImportRow])


@dataclass(frozen=True)
class Problem:
    row: int
    field: str
    reason: str

    def __str__(self) -> str:
        # TRANSLATORS: {field} is a column name (date, minutes, ...) and stays as it is.
        return _("row {row}, {field}: {reason}").format(
            row=self.row, field=self.field, reason=self.reason
        )


@dataclass
class ImportResult:
    added: int = 0
    skipped: int = 0
    read: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def invalid_rows(self) -> int:
        return len({problem.row for problem in self.problems})


class ImportRejected(DataProblem):
    """At least one record is invalid, so nothing was stored."""

    def __init__(self, result: ImportResult) -> None:
        count = result.invalid_rows
        super().__init__(
            ngettext(
                "{count} invalid row; nothing was imported",
                "{count} invalid rows; nothing was imported",
                count,
            ).format(count=count),
            _("correct the rows above, or add --skip-invalid to import the valid ones"),
        )
        self.result = result


def _chunks(records: Iterator[Record]) -> Iterator[list[Record]]:
    while chunk := list(islice(records, CHUNK)):
        yield chunk


def _validate(
    chunk: list[tuple[int, dict[str, Any]]], context: dict[str, Any]
) -> Iterator[tuple[int, ImportRow | list[Problem]]]:
    """Validate a chunk at once; only when something is wrong, record by record."""
    try:
        rows = _ROWS.validate_python([record for _number, record in chunk], context=context)
        yield from ((number, row) for (number, _record), row in zip(chunk, rows, strict=True))
        return
    except ValidationError:
        pass
    for number, record in chunk:
        try:
            yield number, ImportRow.model_validate(record, context=context)
        except ValidationError as error:
            yield number, [Problem(number, name, reason) for name, reason in problems(error)]


def _same_content(existing: dict[str, Any], record: dict[str, Any], keep_created: bool) -> bool:
    keys = _CONTENT + (("created_at",) if keep_created else ())
    return all(existing[key] == record[key] for key in keys)


def _natural_key(record: dict[str, Any]) -> tuple[Any, ...]:
    return (
        record["person"],
        record["date"],
        record["category"],
        record["minutes"],
        record["title"],
    )


class _Batch:
    """The new records of one chunk, checked against the file and against each other."""

    def __init__(self, change: Change, result: ImportResult, stamp: str) -> None:
        self.change, self.result, self.stamp = change, result, stamp
        self.records: dict[str, dict[str, Any]] = {}
        self.keys: set[tuple[Any, ...]] = set()

    def add(self, number: int, row: ImportRow) -> None:
        record = row.model_dump(
            mode="json", by_alias=True, exclude={"id", "created_at", "updated_at"}
        )
        created = row.created_at or self.stamp
        record.update(
            id=row.id or new_id(), created_at=created, updated_at=row.updated_at or created
        )
        key = _natural_key(record)
        if row.id is not None:
            pending = self.records.get(row.id)
            existing = pending or self._stored(row.id)
            if existing is not None:
                if _same_content(existing, record, row.created_at is not None):
                    self.result.skipped += 1
                else:
                    reason = _("{id} exists with other content; not overwritten").format(id=row.id)
                    self.result.problems.append(Problem(number, "id", reason))
                return
        elif key in self.keys or self.change.has_same(record):
            self.result.skipped += 1
            return
        self.keys.add(key)
        self.records[record["id"]] = record

    def _stored(self, activity_id: str) -> dict[str, Any] | None:
        current = self.change.current(activity_id)
        return None if current is None else current.as_json()

    def flush(self) -> None:
        if self.records:
            self.change.insert_many(list(self.records.values()))
            self.result.added += len(self.records)


def import_records(
    store: Store,
    records: Iterable[Record],
    *,
    actor: str,
    today: dt.date,
    types: dict[str, ActivityType],
    skip_invalid: bool,
    source: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Store the valid records in one transaction; any problem without skip_invalid stores none."""
    context = {"today": today, "types": types}
    result = ImportResult()
    with store.change(actor, "import") as change:
        stamp = now()
        for chunk in _chunks(iter(records)):
            batch = _Batch(change, result, stamp)
            readable: list[tuple[int, dict[str, Any]]] = []
            for number, record in chunk:
                if isinstance(record, str):
                    result.problems.append(Problem(number, "record", record))
                    continue
                readable.append((number, record))
            for number, outcome in _validate(readable, context):
                if isinstance(outcome, list):
                    result.problems.extend(outcome)
                else:
                    batch.add(number, outcome)
            batch.flush()
            result.read += len(chunk)
            if progress is not None:
                progress(len(chunk))
        if result.read == 0:
            if source is None:
                message = _("the file holds no activities; nothing was imported")
            else:
                message = _("{source} holds no activities; nothing was imported").format(
                    source=source
                )
            raise DataProblem(message, None)
        if result.problems and not skip_invalid:
            raise ImportRejected(result)
    return result
