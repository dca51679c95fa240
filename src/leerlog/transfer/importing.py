"""Import activities: validate every record with the models `add` uses, store all or nothing."""

from __future__ import annotations

import contextlib
import datetime as dt
import heapq
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from pydantic import ValidationError

from leerlog.domain.categories import ActivityType
from leerlog.domain.errors import DataProblem
from leerlog.domain.models import problems
from leerlog.i18n import _, ngettext
from leerlog.storage.db import broken, transaction
from leerlog.storage.journal import row_to_activity
from leerlog.storage.staging import Staging
from leerlog.storage.store import Change, Store, new_id, now
from leerlog.transfer.ahead import ahead
from leerlog.transfer.import_checks import Checked, ImportRow, QuickCheck, checked
from leerlog.transfer.readers import Record

CHUNK = 2000
# Imports longer than this many chunks read and check the rest in a child process.
AHEAD_AFTER = 5
# The page caches of an import (see storage.staging).
STAGE_CACHE_KIB = 24 * 1024
_CONTENT = (
    "person", "date", "category", "type", "minutes", "title", "with", "tags", "reflection",
    "session", "accreditation",
)  # fmt: skip


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
    # What the caller's LOOK found in each record, by row number, in the file's order.
    found: list[tuple[int, Any]] = field(default_factory=list)
    people: set[str] = field(default_factory=set)  # the persons of the records it staged

    @property
    def invalid_rows(self) -> int:
        return len({problem.row for problem in self.problems})


class ImportStopped(Exception):
    """Ctrl-C came before the import was stored: nothing was. (Once it is, the import ends as
    it would have, its result returned: the person is told what the log now holds.)"""


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
    chunk: list[tuple[int, dict[str, Any]]], quick: QuickCheck, context: dict[str, Any]
) -> Iterator[tuple[int, Checked | list[Problem]]]:
    """Each record checked: plain ones by the fast path, the others by ImportRow."""
    for number, record in chunk:
        fast = quick.row(record)
        if fast is not None:
            yield number, fast
            continue
        try:
            yield number, checked(ImportRow.model_validate(record, context=context))
        except ValidationError as error:
            yield number, [Problem(number, name, reason) for name, reason in problems(error)]


# A chunk checked: its outcomes (unreadable records first), how many were unreadable, its last
# row number, its size, and what LOOK found in its records.
ChunkChecked = tuple[
    list[tuple[int, Checked | list[Problem]]], int, int, int, list[tuple[int, Any]]
]


def _check(
    chunk: list[Record],
    quick: QuickCheck,
    context: dict[str, Any],
    look: Callable[[dict[str, Any]], list[Any]] | None,
) -> ChunkChecked:
    """Everything about a chunk that needs neither the log nor the other chunks (so it can be
    done by the process reading ahead, see transfer.ahead)."""
    outcomes: list[tuple[int, Checked | list[Problem]]] = []
    readable: list[tuple[int, dict[str, Any]]] = []
    found: list[tuple[int, Any]] = []
    for number, record in chunk:
        if isinstance(record, str):
            outcomes.append((number, [Problem(number, "record", record)]))
            continue
        if look is not None:
            found += [(number, item) for item in look(record)]
        readable.append((number, record))
    unreadable = len(outcomes)
    outcomes.extend(_validate(readable, quick, context))
    return outcomes, unreadable, chunk[-1][0], len(chunk), found


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
    """The new records of one chunk, checked against the log, the import so far and each other."""

    def __init__(
        self, staging: Staging, result: ImportResult, stamp: str, rows: list[tuple[int, Any]]
    ) -> None:
        self.staging, self.result, self.stamp = staging, result, stamp
        self.records: dict[str, tuple[int, bool, bool, dict[str, Any]]] = {}
        self.keys: set[tuple[Any, ...]] = set()
        # The activities with the chunk's ids, stored or staged, in one query rather than per row.
        ids = [outcome[1] for _number, outcome in rows if isinstance(outcome, tuple)]
        self.stored = staging.stored([i for i in ids if i is not None])

    def add(self, number: int, row: Checked) -> None:
        record, row_id, created_at, updated_at = row
        created = created_at or self.stamp
        record.update(id=row_id or new_id(), created_at=created, updated_at=updated_at or created)
        key = _natural_key(record)
        if row_id is not None:
            pending = self.records.get(row_id)
            existing = pending[3] if pending else self._stored(row_id)
            if existing is not None:
                if _same_content(existing, record, created_at is not None):
                    self.result.skipped += 1
                else:
                    self.result.problems.append(_clash(number, row_id))
                return
        elif key in self.keys or self.staging.has_key(record):
            # Against the log itself once, set-wise, when the import is published.
            self.result.skipped += 1
            return
        self.keys.add(key)
        self.records[record["id"]] = (number, row_id is not None, created_at is not None, record)
        self.result.people.add(record["person"])

    def _stored(self, activity_id: str) -> dict[str, Any] | None:
        row = self.stored.get(activity_id)
        return None if row is None else row_to_activity(row).as_json()

    def flush(self) -> None:
        if self.records:
            self.staging.add(list(self.records.values()))


def _clash(number: int, row_id: str) -> Problem:
    reason = _("{id} exists with other content; not overwritten").format(id=row_id)
    return Problem(number, "id", reason)


# Where a chunk's problems are in the list: the index of the first after its unreadable
# records', the index after its last, and the chunk's last row number.
Span = tuple[int, int, int]


def _in_place(problems: list[Problem], spans: list[Span], late: list[Problem]) -> list[Problem]:
    """PROBLEMS with the LATE ones (found once the staging was done) where checking their rows
    with their chunk would have put them: the output is the same however they were found."""
    if not late:
        return problems
    late.sort(key=lambda problem: problem.row)
    merged: list[Problem] = []
    taken = due = 0
    for start, end, last_row in spans:
        upto = due
        while upto < len(late) and late[upto].row <= last_row:
            upto += 1
        merged += problems[taken:start]
        merged += heapq.merge(problems[start:end], late[due:upto], key=lambda p: p.row)
        taken, due = end, upto
    return merged + problems[taken:] + late[due:]


def _publish(store: Store, staging: Staging, result: ImportResult, skip: bool) -> None:
    """The import's one write to the log: one transaction, which makes its rows seen."""
    with transaction(staging.conn, store.path):
        added, skipped, clashes = staging.publish(_same_content)
        result.problems.extend(_clash(number, row_id) for number, row_id in clashes)
        if clashes and not skip:
            raise ImportRejected(result)
        result.added, result.skipped = added, result.skipped + skipped


def _stored(store: Store, change: Change) -> bool:
    """Whether CHANGE is in the log: its journal entries are written in its one transaction."""
    try:
        found = change.conn.execute(
            "SELECT 1 FROM journal WHERE change_id = ? LIMIT 1", (change.change_id,)
        ).fetchone()
    except sqlite3.Error as error:
        raise broken(error, store.path) from None
    return found is not None


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
    look: Callable[[dict[str, Any]], list[Any]] | None = None,
) -> ImportResult:
    """Store the valid records as one change; any problem without skip_invalid stores none.

    The records are read, checked and staged with no lock on the log; one transaction at the
    end journals them and makes them seen (see storage.staging). LOOK, when given, is called
    with each readable record before it is checked; what it returns is in the result's `found`.
    After AHEAD_AFTER chunks, the rest is read and checked by a child process on the other core
    (transfer.ahead) while this one stages what it sent.
    """
    context = {"today": today, "types": types}
    quick = QuickCheck(today, types)
    result = ImportResult()
    stamp = now()
    change = Change(store.writer(), actor, "import")
    try:
        staging = Staging(change, store.path, stamp, STAGE_CACHE_KIB)
    except sqlite3.Error as error:
        raise broken(error, store.path) from None
    spans: list[Span] = []
    checks = ahead(
        (_check(chunk, quick, context, look) for chunk in _chunks(iter(records))), AHEAD_AFTER
    )
    try:
        for checked_chunk in checks:
            outcomes, unreadable, last_row, size, found = checked_chunk
            # As before: a chunk's unreadable records are reported first, then the others in order.
            start = len(result.problems) + unreadable
            batch = _Batch(staging, result, stamp, outcomes)
            for number, outcome in outcomes:
                if isinstance(outcome, list):
                    result.problems.extend(outcome)
                else:
                    batch.add(number, outcome)
            batch.flush()
            result.found += found
            spans.append((start, len(result.problems), last_row))
            result.read += size
            if progress is not None:
                progress(size)
        if result.read == 0:
            if source is None:
                message = _("the file holds no activities; nothing was imported")
            else:
                message = _("{source} holds no activities; nothing was imported").format(
                    source=source
                )
            raise DataProblem(message, None)
        skipped, repeats = staging.staged(_same_content)
        result.skipped += skipped
        late = [_clash(number, row_id) for number, row_id in repeats]
        result.problems = _in_place(result.problems, spans, late)
        if result.problems and not skip_invalid:
            raise ImportRejected(result)
        _publish(store, staging, result, skip_invalid)
    except sqlite3.Error as error:
        raise broken(error, store.path) from None
    except KeyboardInterrupt:
        # Python raises it once the statement it came during is done: that may be the COMMIT.
        if not _stored(store, change):
            raise ImportStopped from None
    finally:
        checks.close()
        with contextlib.suppress(sqlite3.Error):
            staging.close()
    return result
