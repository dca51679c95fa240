"""An import's journal entries hold no copy of the records (see storage.staging): what is known
of an imported record comes from the log itself and from the entries after it."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from leerlog.domain.errors import Conflict
from leerlog.i18n import _

if TYPE_CHECKING:
    import sqlite3

    from leerlog.domain.models import Activity

JSON = json.JSONEncoder(ensure_ascii=False)  # as the journal writes its records
# A journal entry that holds no record at all: an import's, until its undo fills in `after`.
BARE = "before IS NULL AND after IS NULL"


def changed_meanwhile(activity_id: str) -> Conflict:
    return Conflict(
        _("activity {id} was changed in the meantime; nothing was changed").format(
            id=activity_id[:8]
        ),
        _("run 'leerlog list' to see its current state"),
    )


def as_imported(
    conn: sqlite3.Connection, entry: tuple[int, str], current: Activity | None, *, keep: bool
) -> Activity:
    """The record an import's journal ENTRY (seq, activity id) stored: CURRENT, as the log
    holds it; refused when a change to it since still stands (every change is journaled, and an undo restores the
    record exactly).

    keep: the entry is being taken back; it keeps the record from now on, as other entries do
    (an undone import's records are in no other place).
    """
    seq, activity_id = entry
    later = conn.execute(
        "SELECT 1 FROM journal WHERE activity_id = ? AND seq > ? AND undone_at IS NULL LIMIT 1",
        (activity_id, seq),
    ).fetchone()
    if later is not None or current is None:
        raise changed_meanwhile(activity_id)
    if keep:
        record = JSON.encode(current.as_json())
        conn.execute("UPDATE journal SET after = ? WHERE seq = ?", (record, seq))
    return current
