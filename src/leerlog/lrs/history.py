"""What the file knows of each activity's statements over time, read from the journal: which
statements an edit, a delete or an undo superseded (and when), and which one is current.

A statement is the xAPI form of one version of an activity (its id comes from the activity's id
and updated_at, see xapi.statement_id). The journal holds every version an activity had, so
it tells which statements must be voided wherever an earlier version may have gone: an LRS
that `sync` fed, or one that loaded an earlier `export activities --format xapi`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from leerlog.lrs.xapi import statement_id
from leerlog.storage.journal import BARE
from leerlog.storage.store import Store

CHUNK = 500  # activity ids per query
_PARTS = ("updated", "person", "date")

# Activities whose journal tells of more than one version: edited, deleted or undone.
_CHANGED = """SELECT DISTINCT activity_id FROM journal
    WHERE activity_id <> '' AND (before IS NOT NULL OR undone_at IS NOT NULL)
    AND change_id NOT IN (SELECT change_id FROM pending_imports)"""


@dataclass(frozen=True)
class Version:
    """One version of an activity, as far as its statements need it."""

    updated_at: str
    person: str
    date: str


@dataclass(frozen=True)
class Superseded:
    """A statement that stopped being current AT (the time of the edit, delete or undo)."""

    statement_id: str
    activity_id: str
    version: Version
    at: str
    first: bool  # the activity's first known version, as the file first held it


@dataclass
class Timeline:
    activity_id: str
    outside: bool  # the first version came from elsewhere (an import), not made in this file
    superseded: list[Superseded] = field(default_factory=list)
    current: tuple[Version, int] | None = None  # the version now in the file, its generation

    def generation(self, updated_at: str) -> int:
        """The generation of the statement for the current version UPDATED_AT: its occurrence
        in the timeline, or the first one no earlier statement of the activity has used."""
        if self.current is not None and self.current[0].updated_at == updated_at:
            return self.current[1]
        used = {s.statement_id for s in self.superseded}
        generation = 0
        while statement_id(self.activity_id, updated_at, generation) in used:
            generation += 1
        return generation


def _fields(column: str, prefix: str) -> str:
    """The parts of a journaled record its statement's void needs."""
    return (
        f"json_extract({column}, '$.updated_at') AS {prefix}_updated,"
        f" json_extract({column}, '$.person') AS {prefix}_person,"
        f" json_extract({column}, '$.date') AS {prefix}_date"
    )


def _version(updated_at: str | None, person: str | None, date: str | None) -> Version | None:
    return None if updated_at is None else Version(updated_at, person or "", date or "")


def _timeline(activity_id: str, rows: list[Any]) -> Timeline:
    """Walk an activity's journal entries (oldest first) and their undos, in time order."""
    events: list[tuple[str, int, int, Version | None, Version | None]] = []
    for number, row in enumerate(rows):
        before = _version(row["b_updated"], row["b_person"], row["b_date"])
        after = _version(row["a_updated"], row["a_person"], row["a_date"])
        if row["bare"]:  # an import's entry: what it stored is the next one's before, or now
            later = rows[number + 1] if number + 1 < len(rows) else None
            after = _version(*(later[f"b_{k}"] if later else row[f"c_{k}"] for k in _PARTS))
        events.append((row["at"], row["seq"], 0, before, after))
        if row["undone_at"] is not None:
            events.append((row["undone_at"], row["seq"], 1, after, before))
    events.sort(key=lambda event: event[:3])
    first = rows[0]
    timeline = Timeline(activity_id, first["action"] == "import" or bool(first["had_before"]))
    counts: dict[str, int] = {}

    def become(version: Version) -> tuple[Version, int]:
        counts[version.updated_at] = counts.get(version.updated_at, -1) + 1
        return version, counts[version.updated_at]

    current = become(events[0][3]) if events[0][3] is not None else None
    initial = events[0][3] or events[0][4]
    for at, _seq, _kind, old, new in events:
        if old is not None and new is not None and old.updated_at == new.updated_at:
            continue  # proof or a reflection's parts changed beside the record, not the record
        if current is not None:
            version, generation = current
            timeline.superseded.append(
                Superseded(
                    statement_id(activity_id, version.updated_at, generation),
                    activity_id,
                    version,
                    at,
                    generation == 0 and version.updated_at == getattr(initial, "updated_at", None),
                )
            )
        current = become(new) if new is not None else None
    timeline.current = current
    return timeline


def timelines(store: Store, activity_ids: Iterable[str]) -> Iterator[Timeline]:
    """The timeline of each of ACTIVITY_IDS that has journal entries."""
    ids = list(dict.fromkeys(activity_ids))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        marks = ", ".join("?" * len(chunk))
        rows = store.query(
            f"""SELECT activity_id, seq, action, at, undone_at, before IS NOT NULL AS had_before,
                   {_fields("before", "b")}, {_fields("after", "a")}, {BARE} AS bare,
                   c.updated_at AS c_updated, c.person AS c_person, c.date AS c_date
               FROM journal LEFT JOIN activities AS c ON c.id = activity_id
               WHERE activity_id IN ({marks})
               AND change_id NOT IN (SELECT change_id FROM pending_imports)
               ORDER BY activity_id, seq""",
            chunk,
        )
        grouped: dict[str, list[Any]] = {}
        for row in rows:
            grouped.setdefault(row["activity_id"], []).append(row)
        for activity_id, entries in grouped.items():
            yield _timeline(activity_id, entries)


def pulled_activities(store: Store) -> set[str]:
    """The activities `leerlog pull` made of other systems' statements: leerlog never sends
    statements of them, so none of them is voided either."""
    rows = store.query("SELECT activity_id FROM lrs_pulled WHERE activity_id IS NOT NULL")
    return {row["activity_id"] for row in rows}


def changed(store: Store) -> Iterator[Timeline]:
    """The timeline of every activity that had more than one version."""
    yield from timelines(store, (row["activity_id"] for row in store.query(_CHANGED, scan=True)))
