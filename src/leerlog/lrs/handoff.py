"""The xAPI file of `export activities --format xapi`: the statements of the activities as they
are now, and a void for every earlier statement the file knows was superseded, so an LRS that
loads it (also after an earlier export) holds what `sync` would have left live. Activities
`leerlog pull` brought from the LRS are left out, as sync leaves them out."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from leerlog.lrs.history import Superseded, changed, pulled_activities
from leerlog.lrs.xapi import statement, voiding
from leerlog.storage.queries import Query
from leerlog.storage.store import Store


def _selected(store: Store, query: Query) -> Any:
    """Whether a superseded statement belongs to the export: its own version's person and date
    are in the selection (only the person, team and period options apply to this export)."""
    people = set(query.people) if query.people is not None else None
    if query.team is not None:
        team = {
            r["name"] for r in store.query("SELECT name FROM people WHERE team = ?", (query.team,))
        }
        people = team if people is None else people & team
    start = query.start.isoformat() if query.start else ""
    end = query.end.isoformat() if query.end else "9999-12-31"

    def selected(item: Superseded) -> bool:
        version = item.version
        return (people is None or version.person in people) and start <= version.date <= end

    return selected


def _voided_in_lrs(store: Store) -> set[str]:
    """Statement ids a sync of this file voided: a current statement never reuses one."""
    return {row["statement_id"] for row in store.query("SELECT statement_id FROM lrs_voided")}


def statements(
    store: Store, query: Query, rows: Iterable[dict[str, Any]], homepage: str
) -> Iterator[dict[str, Any]]:
    """Voids first, oldest first (so an LRS loading the file in order never holds two current
    statements of one activity), then the current statement of each of ROWS."""
    pulled = pulled_activities(store)  # the LRS has them from another system: never sent
    history = {t.activity_id: t for t in changed(store) if t.activity_id not in pulled}
    selected = _selected(store, query)
    superseded = sorted(
        (item for timeline in history.values() for item in timeline.superseded if selected(item)),
        key=lambda item: (item.at, item.statement_id),
    )
    for item in superseded:
        yield voiding(item.statement_id, item.version.person, homepage, item.at)
    voided = _voided_in_lrs(store) | {item.statement_id for item in superseded}
    for row in rows:
        if row["id"] in pulled:
            continue
        timeline = history.get(row["id"])
        generation = 0 if timeline is None else timeline.generation(row["updated_at"])
        while (made := statement(row, homepage, generation))["id"] in voided:
            generation += 1
        yield made
