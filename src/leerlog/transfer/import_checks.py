"""One import record checked: ImportRow (the model's rules), and a fast path for plain rows.

Checking a million records through pydantic costs several Python calls per field. Most records
of a real file are plain: every value text, an ISO date, minutes as digits, a category or type
seen before. `QuickCheck.row` turns such a record into exactly what ImportRow would give, and
gives None for anything it is not sure of; ImportRow then decides that record and words its
problems as before. So the fast path can only be faster, never different
(tests/transfer/test_import_checks.py compares the two on generated records).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from typing import Any

from pydantic import field_validator
from pydantic_core import PydanticCustomError

from leerlog.domain.categories import ActivityType
from leerlog.domain.errors import InvalidValue
from leerlog.domain.models import (
    MAX_MINUTES,
    MAX_TITLE,
    MIN_MINUTES,
    ActivityInput,
    _custom,
    category_and_type,
    clean_tags,
)
from leerlog.domain.parsing import MAX_INPUT_LENGTH
from leerlog.domain.text import MAX_NAME, MAX_REFLECTION, MAX_WITH
from leerlog.i18n import _

MAX_ID = 200


def clean_id(value: Any) -> Any:
    """An id from a file: stripped, None when empty; anything but text is left to pydantic."""
    if isinstance(value, str):
        value = value.strip()
        if len(value) > MAX_ID:
            raise _custom(_("the id is longer than 200 characters"))
        return value or None
    return value


def clean_timestamp(value: Any) -> Any:
    """A created_at or updated_at: ISO 8601 with a time, stored in UTC as leerlog writes it
    (2026-01-15T09:00:00.000Z); None when empty. A time with another offset is converted, one
    without an offset is taken as UTC; a date alone is refused."""
    if isinstance(value, str):
        value = value.strip()
        if not value:
            return None
        try:
            stamp = dt.datetime.fromisoformat(value)
        except ValueError:
            message = _("not an ISO 8601 timestamp: {value}").format(value=repr(value[:40]))
            raise _custom(message) from None
        if _stored_form(value):
            return value  # as leerlog writes it (every export): nothing to convert
        try:
            # The shortest time is 2 characters after a 10-character date; fromisoformat above
            # reads a date alone as midnight.
            if len(value) > 10:
                raise ValueError
            dt.date.fromisoformat(value)
        except ValueError:
            pass
        else:
            message = _("{value} has no time; give e.g. 2026-01-15T09:00:00Z").format(
                value=repr(value[:40])
            )
            raise _custom(message)
        if stamp.tzinfo is None:
            stamp = stamp.replace(tzinfo=dt.UTC)
        stamp = stamp.astimezone(dt.UTC)
        precision = "milliseconds" if stamp.microsecond % 1000 == 0 else "microseconds"
        return stamp.isoformat(timespec=precision).replace("+00:00", "Z")
    return value


def _stored_form(value: str) -> bool:
    """True for text fromisoformat read that is YYYY-MM-DDTHH:MM:SS.mmmZ, as leerlog writes it.

    Index checks rather than a pattern: a million imported rows each carry one or two.
    """
    return (
        len(value) == 24
        and value[23] == "Z"
        and value[19] == "."
        and value[10] == "T"
        and value[7] == "-"
        and value[4] == "-"
    )


class ImportRow(ActivityInput):
    """One imported record: what `add` accepts, plus the id and timestamps a file may carry."""

    id: str | None = None
    created_at: str | None = None
    updated_at: str | None = None
    session: str | None = None

    @field_validator("id", "session", mode="before")
    @classmethod
    def _id(cls, value: Any) -> Any:
        return clean_id(value)

    @field_validator("created_at", "updated_at", mode="before")
    @classmethod
    def _timestamp(cls, value: Any) -> Any:
        return clean_timestamp(value)


# The content (JSON-ready, under the contract's names, in the model's field order), then the id,
# created_at and updated_at the record carried (None when it had none).
Checked = tuple[dict[str, Any], str | None, str | None, str | None]
_STAMPS = frozenset(("id", "created_at", "updated_at"))
_KNOWN = frozenset(
    ("person", "date", "category", "type", "minutes", "title", "with", "tags", "reflection",
     "accreditation", "session")
).union(_STAMPS)  # fmt: skip
# What parse_date reads as a calendar date; anything else (words, -3d, spaces) goes the slow way.
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
# Distinct dates and category/type pairs are few in real files; a hostile file with millions
# of them must not grow the caches without end, so beyond this they are checked every time.
_CACHE_LIMIT = 4096


def checked(row: ImportRow) -> Checked:
    """What ImportRow made of a record, in the form QuickCheck.row gives."""
    content = row.model_dump(mode="json", by_alias=True, exclude=_STAMPS)
    return content, row.id, row.created_at, row.updated_at


def _text(value: str | None) -> str | None:
    """The optional text fields (category, type, with, reflection): blank means not given."""
    # As `not value.strip()`, without making the stripped copy.
    return None if not value or value.isspace() else value


class QuickCheck:
    """The fast path for one import: remembers the dates and category/type pairs it has seen."""

    def __init__(self, today: dt.date, types: dict[str, ActivityType]) -> None:
        self.today, self.types = today, types
        self._dates: dict[str, bool] = {}
        self._kinds: dict[tuple[str | None, str | None], tuple[str, str | None] | None] = {}

    def row(self, record: dict[str, Any]) -> Checked | None:
        """What ImportRow would make of RECORD, or None: then ImportRow has to look at it."""
        if not _KNOWN.issuperset(record):
            return None
        try:
            # Only text, as CSV gives it; any other value (JSON numbers, lists) goes the slow way,
            # as does a NUL character (the model refuses it).
            if "\x00" in "".join(record.values()):
                return None
            person = record["person"].strip()
            date, minutes, title = record["date"], record["minutes"], record["title"]
        except (KeyError, TypeError):
            return None
        kind = self._kind(_text(record.get("category")), _text(record.get("type")))
        if not (person and kind and title.strip() and len(title) <= MAX_TITLE):
            return None
        # Printable text has no control or format character; anything else the model decides.
        if not (person.isprintable() and len(person) <= MAX_NAME and title.isprintable()):
            return None
        with_, reflection = _text(record.get("with")), _text(record.get("reflection"))
        if with_ is not None and len(with_) > MAX_WITH:
            return None
        accreditation = record.get("accreditation")
        if accreditation:
            accreditation = accreditation.strip()
            if not (accreditation.isprintable() and len(accreditation) <= MAX_NAME):
                return None
        accreditation = accreditation or None
        if reflection is not None and len(reflection) > MAX_REFLECTION:
            return None
        if not self._date_fits(date):
            return None
        if not (minutes.isdigit() and minutes.isascii() and len(minutes) <= MAX_INPUT_LENGTH):
            return None
        number = int(minutes)
        if not MIN_MINUTES <= number <= MAX_MINUTES:
            return None
        tags, created, updated = (
            record.get("tags"),
            record.get("created_at"),
            record.get("updated_at"),
        )
        try:
            row_id = clean_id(record.get("id"))
            session = clean_id(record.get("session"))
            # Missing and empty read as None and () anyway; most files leave some out.
            created = clean_timestamp(created) if created else None
            updated = clean_timestamp(updated) if updated else None
            clean = clean_tags(tags) if tags else ()
        except PydanticCustomError:
            return None
        content = {
            "person": person,
            "date": date,
            "category": kind[0],
            "type": kind[1],
            "minutes": number,
            "title": title,
            "with": with_,
            "tags": list(clean),
            "reflection": reflection,
            "accreditation": accreditation,
            "session": session,
        }
        return content, row_id, created, updated

    def _date_fits(self, text: str) -> bool:
        """A YYYY-MM-DD date in the calendar and at most one day ahead (as the model checks)."""
        fits = self._dates.get(text)
        if fits is None:
            fits = False
            if _ISO_DATE.fullmatch(text):
                with contextlib.suppress(ValueError):  # not in the calendar
                    fits = (dt.date.fromisoformat(text) - self.today).days <= 1
            if len(self._dates) < _CACHE_LIMIT:
                self._dates[text] = fits
        return fits

    def _kind(self, category: str | None, type_: str | None) -> tuple[str, str | None] | None:
        """The canonical category and type key, as the model settles them; None when refused."""
        key = (category, type_)
        if key in self._kinds:
            return self._kinds[key]
        try:
            canonical, type_key = category_and_type(category, type_, self.types)
            kind = None if canonical is None else (canonical, type_key)
        except InvalidValue:
            kind = None
        if len(self._kinds) < _CACHE_LIMIT:
            self._kinds[key] = kind
        return kind
