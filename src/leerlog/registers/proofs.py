"""Proof files added to and removed from an activity, each time as one journaled change.

Every file is opened and checked before anything is written, and one transaction holds the
whole change: a file refused halfway leaves nothing stored. The journal keeps the ids of the
files shown before and after (side state "evidence"), so undo shows exactly the earlier ones.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from leerlog.domain.errors import NotFound
from leerlog.i18n import _, ngettext
from leerlog.registers.evidence import Evidence, copy_out, hide, open_proof, shown, shown_ids
from leerlog.registers.evidence import store as store_file
from leerlog.storage.db import broken

if TYPE_CHECKING:
    from leerlog.domain.models import Activity
    from leerlog.storage.store import Change, Store


def check_files(paths: Sequence[Path]) -> None:
    """Open every file once and close it again: the first that cannot be kept is refused."""
    for path in paths:
        handle, _size = open_proof(path)
        handle.close()


def attach(change: Change, activity: Activity, paths: Sequence[Path]) -> None:
    """Keep PATHS as proof of ACTIVITY (stored already) inside CHANGE, journaled beside it."""
    before = shown_ids(change.conn, activity.id)
    for path in paths:
        store_file(change.conn, activity.id, path, change.actor)
    after = shown_ids(change.conn, activity.id)
    change.side_change(activity, {"evidence": before}, {"evidence": after})


def add_proofs(
    store: Store, activity: Activity, paths: Sequence[Path], actor: str
) -> list[Evidence]:
    """Keep PATHS as proof of ACTIVITY in one journaled change; the files as now listed."""
    check_files(paths)
    with store.change(actor, "edit") as change:
        attach(change, activity, paths)
    return listed(store, activity.id)[-len(paths) :]


def add_with_proofs(
    store: Store,
    activity: Activity,
    actor: str,
    team: str | None,
    paths: Sequence[Path],
    known: list[str] | None = None,
) -> str | None:
    """Store.add of ACTIVITY with PATHS as its proof, in the same journaled change (one undo
    takes both back); the id of an activity logged already with the same natural key, if any."""
    check_files(paths)
    return store.add(
        activity, actor, team, also=lambda change: attach(change, activity, paths), known=known
    )


def listed(store: Store, activity_id: str) -> list[Evidence]:
    """The proof files ACTIVITY_ID shows, numbered from 1 (none while there is no file)."""
    try:
        return shown(store.reader(), activity_id)
    except sqlite3.Error as error:
        raise broken(error, store.path) from None


def pick(files: Sequence[Evidence], activity_id: str, number: int) -> Evidence:
    """File NUMBER of FILES (as listed); NotFound saying which numbers there are."""
    if 1 <= number <= len(files):
        return files[number - 1]
    if not files:
        message = _("activity {id} has no proof files").format(id=activity_id[:8])
    else:
        message = ngettext(
            "activity {id} has no proof file {number}; it has {count}",
            "activity {id} has no proof file {number}; it has {count}, numbered from 1",
            len(files),
        ).format(id=activity_id[:8], number=number, count=len(files))
    raise NotFound(
        message,
        _("run 'leerlog evidence list {id}' to see the numbers").format(id=activity_id[:8]),
    )


def remove_proof(store: Store, activity: Activity, number: int, actor: str) -> Evidence:
    """Hide proof file NUMBER of ACTIVITY in one journaled change ('leerlog undo' shows it again)."""
    with store.change(actor, "edit") as change:
        files = shown(change.conn, activity.id)
        chosen = pick(files, activity.id, number)
        before = [item.id for item in files]
        hide(change.conn, chosen.id)
        after = [item for item in before if item != chosen.id]
        change.side_change(activity, {"evidence": before}, {"evidence": after})
    return chosen


def write_out(store: Store, evidence: Evidence, path: Path) -> int:
    """The exact bytes of EVIDENCE written to PATH atomically, streamed; how many."""
    from leerlog.transfer.atomic import atomic_binary

    try:
        conn = store.reader()
        with atomic_binary(path) as out:
            return copy_out(conn, evidence.id, out)
    except sqlite3.Error as error:
        raise broken(error, store.path) from None


def names(store: Store, activity_id: str) -> dict[str, str]:
    """Every proof file ever kept for ACTIVITY_ID (removed ones too), its name by id."""
    rows = store.query("SELECT id, name FROM evidence WHERE activity_id = ?", (activity_id,))
    return {row[0]: row[1] for row in rows}


def change_ids(store: Store, activity_id: str) -> list[str]:
    """The change each entry of Store.history(ACTIVITY_ID) belongs to, in the same order: the
    entries of one change (an add with its proof, a reflect) are shown as one."""
    rows = store.query(
        "SELECT change_id FROM journal WHERE activity_id = ?"
        " AND change_id NOT IN (SELECT change_id FROM pending_imports) ORDER BY seq",
        (activity_id,),
    )
    return [row[0] for row in rows]
