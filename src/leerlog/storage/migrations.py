"""The schema, as named, append-only migrations; never edit one that has shipped, add a new one."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATIONS = Migrations("leerlog")


@MIGRATIONS()
def m001_initial(db: Database) -> None:
    """Activities, people, own types, the journal behind undo, and the balance view."""
    statements = [
        """CREATE TABLE activities (
            id TEXT PRIMARY KEY,
            person TEXT NOT NULL CHECK (person <> ''),
            date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
            category TEXT NOT NULL CHECK (category IN ('experiential', 'social', 'formal')),
            type TEXT,
            minutes INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
            title TEXT NOT NULL,
            "with" TEXT,
            tags TEXT NOT NULL DEFAULT '[]',
            reflection TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        # Covers the balance aggregate: person and period select, category and minutes are summed.
        "CREATE INDEX activities_person_date ON activities (person, date, category, minutes)",
        "CREATE INDEX activities_date ON activities (date)",
        """CREATE TABLE people (
            name TEXT PRIMARY KEY CHECK (name <> ''),
            team TEXT,
            created_at TEXT NOT NULL
        )""",
        """CREATE TABLE types (
            key TEXT PRIMARY KEY,
            category TEXT NOT NULL CHECK (category IN ('experiential', 'social', 'formal')),
            label TEXT NOT NULL,
            created_at TEXT NOT NULL
        )""",
        """CREATE TABLE journal (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            change_id TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL CHECK (action IN ('add', 'edit', 'delete', 'import')),
            activity_id TEXT NOT NULL,
            before TEXT,
            after TEXT,
            at TEXT NOT NULL,
            undone_at TEXT
        )""",
        "CREATE INDEX journal_actor ON journal (actor, seq)",
        """CREATE VIEW balance AS
        SELECT p.name AS person,
               p.team AS team,
               count(a.id) AS activities,
               coalesce(sum(a.minutes), 0) AS minutes_total,
               coalesce(sum(CASE a.category WHEN 'experiential' THEN a.minutes END), 0)
                   AS minutes_experiential,
               coalesce(sum(CASE a.category WHEN 'social' THEN a.minutes END), 0) AS minutes_social,
               coalesce(sum(CASE a.category WHEN 'formal' THEN a.minutes END), 0) AS minutes_formal
        FROM people AS p LEFT JOIN activities AS a ON a.person = p.name
        GROUP BY p.name""",
    ]
    for statement in statements:
        db.execute(statement)


@MIGRATIONS()
def m002_journal_by_activity(db: Database) -> None:
    """Find an activity's journal entries without a scan: undo of imports, people forget."""
    db.execute("CREATE INDEX journal_activity ON journal (activity_id)")


@MIGRATIONS()
def m003_lrs_sync(db: Database) -> None:
    """What `leerlog sync` has sent to the Learning Record Store, and voids still to send."""
    db.execute(
        """CREATE TABLE lrs_sent (
            activity_id TEXT PRIMARY KEY,
            person TEXT NOT NULL,
            statement_id TEXT NOT NULL,
            version TEXT NOT NULL,
            sent_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE lrs_voids (
            statement_id TEXT PRIMARY KEY,
            activity_id TEXT NOT NULL,
            person TEXT NOT NULL,
            body TEXT NOT NULL,
            planned_at TEXT NOT NULL
        )"""
    )


@MIGRATIONS()
def m004_lrs_voided(db: Database) -> None:
    """Statements the LRS holds as voided: a record restored by undo must not reuse their ids."""
    db.execute(
        """CREATE TABLE IF NOT EXISTS lrs_voided (
            statement_id TEXT PRIMARY KEY,
            activity_id TEXT NOT NULL,
            person TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX IF NOT EXISTS lrs_voided_activity ON lrs_voided (activity_id)")


@MIGRATIONS()
def m005_natural_key_index(db: Database) -> None:
    """The balance index with the title appended: imports look records up by their natural key.

    Without the title, records of one person, day, category and minutes shared an index entry
    prefix, and checking each new one against the others made large imports quadratic. The
    wider index still covers the balance aggregate, so it replaces the old one.
    """
    db.execute(
        "CREATE INDEX IF NOT EXISTS activities_natural_key"
        " ON activities (person, date, category, minutes, title)"
    )
    db.execute("DROP INDEX IF EXISTS activities_person_date")


@MIGRATIONS()
def m006_pending_imports(db: Database) -> None:
    """Imports whose journal entries are written but whose rows are not published yet.

    Undo passes over their changes; the process that writes one is named by host, pid and
    start time, so that the entries of an import that was killed can be cleared. The journal's
    change id gets an index: entries are cleared, and undone, by it.
    """
    db.execute(
        """CREATE TABLE IF NOT EXISTS pending_imports (
            change_id TEXT PRIMARY KEY,
            actor TEXT NOT NULL,
            host TEXT NOT NULL,
            pid INTEGER NOT NULL,
            started TEXT NOT NULL,
            at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX IF NOT EXISTS journal_change ON journal (change_id)")


@MIGRATIONS()
def m007_timers(db: Database) -> None:
    """Running timers (`leerlog start`): at most one per person, so two starts at once leave one.

    started_at is UTC ISO 8601, like every timestamp in the file; `leerlog stop` turns the row
    into an activity (journaled as an add) and removes it in one transaction.
    """
    db.execute(
        """CREATE TABLE IF NOT EXISTS timers (
            id TEXT PRIMARY KEY NOT NULL,
            person TEXT NOT NULL UNIQUE CHECK (person <> ''),
            category TEXT NOT NULL CHECK (category IN ('experiential', 'social', 'formal')),
            type TEXT,
            title TEXT NOT NULL,
            "with" TEXT,
            tags TEXT NOT NULL DEFAULT '[]',
            started_at TEXT NOT NULL,
            created_at TEXT NOT NULL
        )"""
    )


@MIGRATIONS()
def m008_sessions(db: Database) -> None:
    """Group sessions (`leerlog session add`), and the activities' session and accreditation.

    A session's activities carry its id; the sessions table keeps what the attendance sheet
    shows beyond them (the start time, the leader, the series, who logged it). A session is
    listed while activities carry its id, so undo and delete need no second bookkeeping.
    Added columns come last, in the order of the second activities CSV.
    """
    db.execute("ALTER TABLE activities ADD COLUMN session TEXT")
    db.execute("ALTER TABLE activities ADD COLUMN accreditation TEXT")
    db.execute(
        "CREATE INDEX IF NOT EXISTS activities_session ON activities (session)"
        " WHERE session IS NOT NULL"
    )
    db.execute(
        """CREATE TABLE IF NOT EXISTS sessions (
            id TEXT PRIMARY KEY NOT NULL,
            category TEXT NOT NULL CHECK (category IN ('experiential', 'social', 'formal')),
            type TEXT,
            title TEXT NOT NULL,
            date TEXT NOT NULL,
            minutes INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
            start_time TEXT CHECK (start_time GLOB '[0-2][0-9]:[0-5][0-9]'),
            leader TEXT,
            series TEXT,
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL
        )"""
    )


@MIGRATIONS()
def m009_registers(db: Database) -> None:
    """Register dossiers: who keeps which registration, proof files, structured reflections.

    Evidence bytes live in the file (one file is still the whole log) and are written and read
    through SQLite's incremental blob I/O, so a 20 MiB certificate is never held in memory
    whole. An evidence row is hidden (removed_at set), not deleted, by `evidence remove`, so
    that undo can bring it back; `people forget` deletes it. A structured reflection is kept
    beside its activity with the plain text it produced: it is current while the activity's
    reflection still is that text.
    """
    db.execute(
        """CREATE TABLE IF NOT EXISTS registrations (
            person TEXT NOT NULL CHECK (person <> ''),
            profile TEXT NOT NULL CHECK (profile <> ''),
            start TEXT NOT NULL CHECK (start GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
            number TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (person, profile)
        )"""
    )
    db.execute(
        """CREATE TABLE IF NOT EXISTS evidence (
            id TEXT PRIMARY KEY NOT NULL,
            activity_id TEXT NOT NULL,
            name TEXT NOT NULL CHECK (name <> ''),
            size INTEGER NOT NULL CHECK (size >= 0),
            sha256 TEXT NOT NULL,
            media_type TEXT NOT NULL,
            data BLOB NOT NULL,
            added_by TEXT NOT NULL,
            added_at TEXT NOT NULL,
            removed_at TEXT
        )"""
    )
    db.execute("CREATE INDEX IF NOT EXISTS evidence_activity ON evidence (activity_id)")
    db.execute(
        """CREATE TABLE IF NOT EXISTS reflections (
            activity_id TEXT PRIMARY KEY NOT NULL,
            template TEXT NOT NULL,
            parts TEXT NOT NULL,
            reflection TEXT NOT NULL
        )"""
    )


@MIGRATIONS()
def m010_secrets(db: Database) -> None:
    """The file's own secrets, e.g. the key of `export balance --pseudonymise`'s pseudonyms.

    A secret is made on first use and kept until a command made to replace it says so: not
    journaled (undo does not take it back) and not touched by `people forget`, so a person's
    pseudonym stays the same in every export of the file; `backup` copies it with the rest.
    """
    db.execute(
        """CREATE TABLE IF NOT EXISTS secrets (
            name TEXT PRIMARY KEY NOT NULL,
            value BLOB NOT NULL CHECK (length(value) >= 32),
            created_at TEXT NOT NULL
        )"""
    )


@MIGRATIONS()
def m011_lrs_pulled(db: Database) -> None:
    """What `leerlog pull` read from the LRS, and "pull" as an action of the journal.

    A statement pulled into an activity keeps its row after the activity was deleted or
    undone, so it is never added again; the target of a voiding statement gets one too (with
    voided_at), so a voided statement is never added. The journal's CHECK on its action is fixed
    when the table is made: the table is rebuilt with "pull" allowed, its rows, seq numbers
    (and the next one) and indexes unchanged.
    """
    db.execute(
        """CREATE TABLE IF NOT EXISTS lrs_pulled (
            statement_id TEXT PRIMARY KEY NOT NULL,
            activity_id TEXT,
            person TEXT,
            pulled_at TEXT NOT NULL,
            voided_at TEXT
        )"""
    )
    db.execute("CREATE INDEX IF NOT EXISTS lrs_pulled_activity ON lrs_pulled (activity_id)")
    db.execute("CREATE INDEX IF NOT EXISTS lrs_pulled_person ON lrs_pulled (person)")
    row = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'journal'").fetchone()
    db.execute(
        """CREATE TABLE journal_v11 (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            change_id TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL CHECK (action IN ('add', 'edit', 'delete', 'import', 'pull')),
            activity_id TEXT NOT NULL,
            before TEXT,
            after TEXT,
            at TEXT NOT NULL,
            undone_at TEXT
        )"""
    )
    db.execute("INSERT INTO journal_v11 SELECT * FROM journal ORDER BY seq")
    db.execute("DROP TABLE journal")
    db.execute("ALTER TABLE journal_v11 RENAME TO journal")
    if row is not None:  # the next seq stays above every one ever given, deleted ones too
        db.execute("DELETE FROM sqlite_sequence WHERE name = 'journal'")
        db.execute("INSERT INTO sqlite_sequence (name, seq) VALUES ('journal', ?)", (row[0],))
    db.execute("CREATE INDEX journal_actor ON journal (actor, seq)")
    db.execute("CREATE INDEX journal_activity ON journal (activity_id)")
    db.execute("CREATE INDEX journal_change ON journal (change_id)")


# What m012's index holds: the rows with a free-text field that matches one of these globs (the
# personal-data finder's cheap tests, as they were when it shipped).
_M012_FIELDS = ("title", "with", "tags", "reflection")
_M012_GLOBS = ("*@*", "*" + "[0-9]*" * 9)


@MIGRATIONS()
def m012_suspects(db: Database) -> None:
    """An index of the activities that might hold a client's details, kept by SQLite itself.

    The personal-data guard (of export, sync, the sign-in sheet, the dossier and `check`) asks
    for the rows whose free text matches the finder's globs; with this partial index SQLite reads those rows only,
    instead of testing the texts of every row on each run. SQLite keeps it on every write,
    whoever writes, so no write path can forget it; the guard's query states the same tests,
    so its answer never depends on the index.
    """
    _suspects(db, _M012_GLOBS)


def _suspects(db: Database, globs: tuple[str, ...]) -> None:
    tests = " OR ".join(f"\"{field}\" GLOB '{glob}'" for field in _M012_FIELDS for glob in globs)
    db.execute(f"CREATE INDEX IF NOT EXISTS activities_suspects ON activities (id) WHERE {tests}")


# m013's globs: a digit is also a full-width, Arabic-Indic, Persian or mathematical one.
_M013_DIGIT = "[0-9\uff10-\uff19\u0660-\u0669\u06f0-\u06f9\U0001d7ce-\U0001d7ff]"
_M013_GLOBS = ("*@*", "*" + f"{_M013_DIGIT}*" * 9)


@MIGRATIONS()
def m013_suspects_other_digits(db: Database) -> None:
    """m012's index again, now that the finder reads the digits of other scripts as digits: a
    BSN pasted in them is in it, and so seen by the guard."""
    db.execute("DROP INDEX IF EXISTS activities_suspects")
    _suspects(db, _M013_GLOBS)
