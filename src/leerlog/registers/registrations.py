"""A person's registrations with registers: the start of the period and the registration number.

One row per person and register (table `registrations`, migration m009). The number is kept
as text, as typed: a leading 0 matters. A registration is not an activity, so `undo` does not
take it back; `register remove` says what it removed, so that it can be set again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from leerlog.storage.journal import now

if TYPE_CHECKING:
    from leerlog.domain.models import Activity
    from leerlog.storage.store import Store


@dataclass(frozen=True)
class Registration:
    person: str
    profile: str
    start: dt.date
    number: str | None

    def as_json(self) -> dict[str, str | None]:
        return {
            "person": self.person,
            "profile": self.profile,
            "start": self.start.isoformat(),
            "number": self.number,
        }


def _row(row: object) -> Registration:
    person, profile, start, number = row  # type: ignore[misc]
    return Registration(person, profile, dt.date.fromisoformat(start), number)


def registrations(store: Store, person: str) -> list[Registration]:
    """PERSON's registrations, by register key."""
    rows = store.query(
        "SELECT person, profile, start, number FROM registrations WHERE person = ?"
        " ORDER BY profile",
        (person,),
    )
    return [_row(tuple(row)) for row in rows]


def get(store: Store, person: str, profile: str) -> Registration | None:
    rows = store.query(
        "SELECT person, profile, start, number FROM registrations WHERE person = ? AND profile = ?",
        (person, profile),
    )
    return _row(tuple(rows[0])) if rows else None


def set_registration(
    store: Store, registration: Registration, actor: str, *, keep_number: bool = False
) -> Registration | None:
    """Store REGISTRATION (new, or a new start and number); the one it replaced, if any.
    KEEP_NUMBER: a registration that exists keeps its number (none was given)."""
    stamp = now()
    with store.change(actor, "register") as change:
        conn = change.conn
        before_row = conn.execute(
            "SELECT person, profile, start, number FROM registrations"
            " WHERE person = ? AND profile = ?",
            (registration.person, registration.profile),
        ).fetchone()
        number = registration.number
        if keep_number and before_row is not None:
            number = before_row[3]
        conn.execute(
            "INSERT INTO registrations (person, profile, start, number, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (person, profile) DO UPDATE SET"
            " start = excluded.start, number = excluded.number, updated_at = excluded.updated_at",
            (
                registration.person,
                registration.profile,
                registration.start.isoformat(),
                number,
                stamp,
                stamp,
            ),
        )
    return None if before_row is None else _row(tuple(before_row))


def remove(store: Store, person: str, profile: str, actor: str) -> Registration | None:
    """Remove PERSON's registration with PROFILE; what was removed, None when there was none."""
    found = get(store, person, profile)
    if found is None:
        return None
    with store.change(actor, "register") as change:
        change.conn.execute(
            "DELETE FROM registrations WHERE person = ? AND profile = ?", (person, profile)
        )
    return found


def activities(store: Store, person: str, since: dt.date) -> list[Activity]:
    """PERSON's activities from SINCE on, oldest first: one query, for `register status`."""
    from leerlog.storage.journal import COLUMNS, row_to_activity

    rows = store.query(
        f"SELECT {COLUMNS} FROM activities WHERE person = ? AND date >= ?"
        " ORDER BY date, created_at, id",
        (person, since.isoformat()),
    )
    return [row_to_activity(row) for row in rows]
