"""Erasing a person from the file: their records go, the changes they made to others' stay.

A name can be in the file as a person, as the author (actor) of journal entries, or in what
sync and pull remember. Journal entries about the person's own records go with them; entries they
made about other people's records stay in those people's history, with the actor replaced by
FORGOTTEN, so undo and history of everyone else keep working.
"""

from __future__ import annotations

import sqlite3

from leerlog.storage.journal import BARE, FORGOTTEN, PERSON_ROW

# Journal entries that carry the person's own records: of an activity that is theirs now, or
# whose state before or after the change was theirs.
_THEIR_ENTRIES = """
    activity_id IN (SELECT id FROM activities WHERE person = :name)
    OR json_extract(before, '$.person') = :name
    OR json_extract(after, '$.person') = :name
"""
# An import's entry holds no record: the one it stored is the next entry's state before.
_NEXT_BEFORE = """(SELECT n.before FROM journal AS n
    WHERE n.activity_id = journal.activity_id AND n.seq > journal.seq ORDER BY n.seq LIMIT 1)"""
# The people row under a former name, of each rename that gave them their name. Deleted before
# _THEIR_ENTRIES: the rows this looks up are among those, and SQLite may look while it deletes.
_FORMER_NAMES = f"""
    activity_id = '{PERSON_ROW}' AND after IS NULL AND change_id IN (SELECT change_id FROM journal
        WHERE activity_id = '{PERSON_ROW}' AND json_extract(after, '$.person') = :name)
"""
_SYNC_TABLES = ("lrs_sent", "lrs_voids", "lrs_voided", "lrs_pulled")


def holds(conn: sqlite3.Connection, name: str) -> bool:
    """Whether NAME is anywhere in the file: a person, an activity's person, a journal actor or
    subject, a row of the sync and pull tables, a running timer, a registration, the adder of a proof
    file, or a session's leader or logger."""
    checks = [
        "SELECT 1 FROM people WHERE name = :name",
        "SELECT 1 FROM activities WHERE person = :name",
        "SELECT 1 FROM journal WHERE actor = :name",
        f"SELECT 1 FROM journal WHERE {_THEIR_ENTRIES}",
        *(f"SELECT 1 FROM {table} WHERE person = :name" for table in _SYNC_TABLES),
        "SELECT 1 FROM timers WHERE person = :name",
        "SELECT 1 FROM registrations WHERE person = :name",
        "SELECT 1 FROM evidence WHERE added_by = :name",
        "SELECT 1 FROM sessions WHERE leader = :name OR created_by = :name",
    ]
    sql = "SELECT " + " OR ".join(f"EXISTS ({check})" for check in checks)
    return bool(conn.execute(sql, {"name": name}).fetchone()[0])


def activity_count(conn: sqlite3.Connection, name: str) -> int:
    row = conn.execute("SELECT count(*) FROM activities WHERE person = ?", (name,)).fetchone()
    return int(row[0])


def erase(conn: sqlite3.Connection, name: str) -> dict[str, int]:
    """Remove NAME from every table (inside the caller's transaction); what was removed, and
    how many entries about other people's records were kept under FORGOTTEN."""
    params = {"name": name, "forgotten": FORGOTTEN}
    # Entries after an import's may go now: first each such import's entry takes the record it
    # stored, so that it still tells it (and undo still compares against it).
    conn.execute(
        f"UPDATE journal SET after = {_NEXT_BEFORE} WHERE {BARE}"
        " AND activity_id IN (SELECT activity_id FROM journal WHERE before IS NOT NULL)"
    )
    # What is kept beside their records (proof files, structured reflections) goes first, while
    # the journal still says which records were theirs, including ones deleted or undone since.
    # A record that is someone else's now keeps what is beside it.
    for table in ("evidence", "reflections"):
        conn.execute(
            f"DELETE FROM {table} WHERE activity_id IN (SELECT id FROM activities WHERE"
            f" person = :name UNION SELECT activity_id FROM journal WHERE {_THEIR_ENTRIES})"
            " AND activity_id NOT IN (SELECT id FROM activities WHERE person <> :name)",
            params,
        )
    conn.execute("UPDATE evidence SET added_by = :forgotten WHERE added_by = :name", params)
    conn.execute("DELETE FROM registrations WHERE person = :name", params)
    journal = conn.execute(f"DELETE FROM journal WHERE {_FORMER_NAMES}", params).rowcount
    journal += conn.execute(f"DELETE FROM journal WHERE {_THEIR_ENTRIES}", params).rowcount
    kept = conn.execute(
        "UPDATE journal SET actor = :forgotten WHERE actor = :name", params
    ).rowcount
    activities = conn.execute("DELETE FROM activities WHERE person = ?", (name,)).rowcount
    people = conn.execute("DELETE FROM people WHERE name = ?", (name,)).rowcount
    # What sync and pull remember of them; the LRS itself is the organisation's to clean.
    for table in _SYNC_TABLES:
        conn.execute(f"DELETE FROM {table} WHERE person = ?", (name,))
    # An import of theirs that a kill left pending names them as its actor.
    conn.execute("DELETE FROM pending_imports WHERE actor = ?", (name,))
    # A timer of theirs that still runs holds their name and a title.
    conn.execute("DELETE FROM timers WHERE person = ?", (name,))
    # Sessions they logged that no activity belongs to any more go; in the others, which are
    # other people's history, they are FORGOTTEN as leader and as the one who logged it.
    conn.execute(
        "DELETE FROM sessions WHERE created_by = :name AND NOT EXISTS"
        " (SELECT 1 FROM activities WHERE session = sessions.id)",
        params,
    )
    conn.execute("UPDATE sessions SET leader = :forgotten WHERE leader = :name", params)
    conn.execute("UPDATE sessions SET created_by = :forgotten WHERE created_by = :name", params)
    return {"activities": activities, "journal": journal, "people": people, "kept": kept}
