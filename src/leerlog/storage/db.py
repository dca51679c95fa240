"""The SQLite file: opening it safely, refusing foreign or newer files, and migrating the schema."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from leerlog.domain.errors import DatabaseBusy, DatabaseError, InvalidValue
from leerlog.i18n import _, os_reason
from leerlog.storage import access

# "LRLG": marks the file as leerlog's, so a stranger's SQLite file is never migrated.
APPLICATION_ID = 0x4C524C47
DEFAULT_BUSY_TIMEOUT = 10.0  # seconds a writer waits for another before giving up

# The number of migrations in leerlog.migrations, kept here (a test checks it) so that opening
# an up-to-date file never imports sqlite-utils; stored in PRAGMA user_version once applied.
SCHEMA_VERSION = 13

Notify = Callable[[str], None]


def busy_timeout() -> float:
    """Seconds to wait for a busy database: LEERLOG_BUSY_TIMEOUT, else 10."""
    text = os.environ.get("LEERLOG_BUSY_TIMEOUT", "").strip()
    if not text:
        return DEFAULT_BUSY_TIMEOUT
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 3600:
        raise InvalidValue(
            _("LEERLOG_BUSY_TIMEOUT is not a number of seconds: {value}").format(value=repr(text)),
            _("set it to a number from 0 to 3600, or unset it"),
        )
    return value


def _connect(path: Path | str, timeout: float) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=timeout, isolation_level=None)
    conn.row_factory = sqlite3.Row
    return conn


def _inspect(conn: sqlite3.Connection, path: Path) -> int:
    """The file's schema version; refuses files that are not leerlog's or are newer."""
    try:
        # One statement, so one snapshot: read one by one, a file another process finished
        # creating in between would show its tables without its application id.
        app_id, version, tables = conn.execute(
            "SELECT (SELECT application_id FROM pragma_application_id),"
            " (SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM sqlite_master)"
        ).fetchone()
    except sqlite3.DatabaseError as error:
        raise broken(error, path) from None
    if app_id == 0 and version == 0 and tables == 0:
        return 0
    if app_id != APPLICATION_ID:
        raise DatabaseError(
            _("{path} is an SQLite file, but not a leerlog database; it was left untouched").format(
                path=path
            ),
            _("check the path given with --db or LEERLOG_DB"),
        )
    if version > SCHEMA_VERSION:
        raise DatabaseError(
            _(
                "{path} was written by a newer leerlog (schema {version}; this one knows "
                "{known}); it was left untouched"
            ).format(path=path, version=version, known=SCHEMA_VERSION),
            _("upgrade leerlog to use this file"),
        )
    return version


def not_compacted(error: sqlite3.Error, path: Path) -> DatabaseError:
    """ERROR from compacting the file after `people forget`, whose erase is committed by then:
    never 'nothing was changed'."""
    reason = _("the disk is full") if "disk is full" in str(error) else str(error)
    return DatabaseError(
        # TRANSLATORS: {reason} is SQLite's own (English) message, or "the disk is full".
        _(
            "the data is erased, but the file could not be compacted ({reason}), so old copies "
            "may remain in it for now"
        ).format(reason=reason),
        _(
            "make room on the disk if it is full; the file is compacted the next time someone "
            "is forgotten, or by: sqlite3 {path} VACUUM"
        ).format(path=path),
    )


def broken(error: sqlite3.Error, path: Path) -> DatabaseError | DatabaseBusy:
    """Translate SQLite's errors into messages a person can act on."""
    text = str(error)
    if "locked" in text or "busy" in text:
        return DatabaseBusy(
            _("the database {path} is busy: another process kept it locked").format(path=path),
            _("try again in a moment"),
        )
    if "disk is full" in text:  # SQLITE_FULL: the change was rolled back whole
        return DatabaseError(
            _(
                "a disk is full (that of {path}, or of the temporary folder); nothing was changed"
            ).format(path=path),
            _("make room on the disk, then run the command again"),
        )
    if "file is not a database" in text:
        return DatabaseError(
            _(
                "{path} is not a leerlog database (not an SQLite file); it was left untouched"
            ).format(path=path),
            _("check the path given with --db or LEERLOG_DB"),
        )
    if "malformed" in text or "corrupt" in text:
        return DatabaseError(
            # TRANSLATORS: {error} is SQLite's own (English) message.
            _("the database {path} is damaged ({error})").format(path=path, error=text),
            _("restore it from a backup ('leerlog backup' makes one); leerlog did not change it"),
        )
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        named = access.culprit(path)
        if named is not None:
            return named
    if "readonly" in text or "read-only" in text:
        return DatabaseError(
            _("the database {path} is read-only").format(path=path),
            _("check the permissions of the file and its folder"),
        )
    if "unable to open" in text or "disk I/O" in text:
        return DatabaseError(
            _("cannot use the database {path} ({error})").format(path=path, error=text),
            _("check the path and permissions"),
        )
    return DatabaseError(
        _("the database {path} cannot be used: {error}").format(path=path, error=text),
        _("check the file"),
    )


def _create_file(path: Path) -> bool:
    """Create the file (and its folder) readable by its owner only, before SQLite touches it;
    False when another process was first."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return False
    except OSError as error:
        raise DatabaseError(
            _("cannot create the database {path}: {reason}").format(
                path=path, reason=os_reason(error)
            ),
            _("choose another place with --db or LEERLOG_DB"),
        ) from None
    os.close(fd)
    return True


def _use_wal(conn: sqlite3.Connection) -> None:
    """Switch the file to WAL. While another process holds the lock of a file still in rollback
    mode (it is switching too), SQLite fails the switch at once, busy_timeout or not: wait here."""
    deadline = time.monotonic() + busy_timeout()
    while True:
        try:
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
        time.sleep(0.01)


def _migrate(conn: sqlite3.Connection, path: Path, notify: Notify | None) -> None:
    """Bring the schema up to date, once, even when several processes start at the same time.

    An existing file is backed up first, beside it, so an upgrade can always be undone.
    """
    from sqlite_utils import Database

    from leerlog.storage.backup import backup
    from leerlog.storage.migrations import MIGRATIONS

    _use_wal(conn)
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Another process may have migrated while we waited for the lock.
        version = _inspect(conn, path)
        if version < SCHEMA_VERSION:
            if version > 0:
                stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
                copy = path.with_name(f"{path.name}.schema{version}-{stamp}.bak")
                # A second connection reads beside our write lock; the writing one may not copy.
                reader = _connect(path, busy_timeout())
                try:
                    backup(reader, copy)
                finally:
                    reader.close()
                if notify is not None:
                    notify(
                        _(
                            "Upgraded {path} to schema {version}; the old file is saved as {copy}"
                        ).format(path=path, version=SCHEMA_VERSION, copy=copy)
                    )
            MIGRATIONS.apply(Database(conn))
            conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        _rollback(conn)
        raise


def _stat(path: Path) -> os.stat_result | None:
    """The file's status (following links), None when it does not exist."""
    try:
        return path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as error:
        raise DatabaseError(
            _("cannot use the database {path} ({error})").format(path=path, error=os_reason(error)),
            _("check the path and permissions"),
        ) from None


def open_db(
    path: Path,
    *,
    create: bool,
    notify: Notify | None = None,
    created: Callable[[], None] | None = None,
    read: bool = False,
    upgrade: bool = True,
) -> sqlite3.Connection | None:
    """A connection to a ready leerlog file; None when it does not exist and create is False.

    CREATED is called when this call made the file (not another process at the same time).
    read: only reads will follow. A process that may not write the file or its side files then
    gets a read-only connection that leaves nothing behind (see storage.access); others get
    the usual one, so a writer reads as it writes.
    upgrade: False refuses a file that needs a migration instead of migrating it (a quick look
    such as shell completion changes nothing, and would have no one to tell about a backup).
    """
    timeout = busy_timeout()
    info = _stat(path)
    if info is None:
        if not create:
            return None
        if _create_file(path) and created is not None:
            created()
        info = _stat(path)
        if info is None:  # a link to nothing: creating the file would follow it
            raise DatabaseError(
                _("cannot create the database {path}: {reason}").format(
                    path=path, reason=_("it is a link to a file that does not exist")
                ),
                _("choose another place with --db or LEERLOG_DB"),
            )
    # Only a regular file: SQLite would happily "open" /dev/null and write /dev/null-journal.
    if stat.S_ISDIR(info.st_mode):
        raise InvalidValue(
            _("{path} is a folder, not a database file").format(path=path), _("give a file path")
        )
    if not stat.S_ISREG(info.st_mode):
        raise InvalidValue(
            _("{path} is not a regular file, so it cannot be a database").format(path=path),
            _("give the path of a database file, or of one to create"),
        )
    access.mend_side_files(path)
    if not read:
        access.clear_left_behind(path)
    if not access.may_write(path):
        if read:
            return _open_read_only(path, timeout)
        # Opened anyway, SQLite would read the file and leave side files nobody else can use.
        raise access.culprit(path) or broken(sqlite3.OperationalError("readonly"), path)
    try:
        conn = _connect(path, timeout)
    except sqlite3.Error as error:
        raise broken(error, path) from None
    try:
        version = _inspect(conn, path)
        conn.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
        conn.execute("PRAGMA foreign_keys=ON")
        # Big imports touch many index pages; a larger cache keeps them from spilling mid-transaction.
        conn.execute("PRAGMA cache_size=-65536")
        # FULL: a logged activity survives a power cut, not just a crash.
        conn.execute("PRAGMA synchronous=FULL")
        if version < SCHEMA_VERSION and not upgrade:
            raise DatabaseError(
                _(
                    "the database {path} needs an upgrade (schema {version} to {known}); "
                    "the next leerlog command that uses it makes it"
                ).format(path=path, version=version, known=SCHEMA_VERSION),
                _("run any leerlog command, e.g. 'leerlog list'"),
            )
        if version < SCHEMA_VERSION:
            _migrate(conn, path, notify)
    except sqlite3.Error as error:
        conn.close()
        raise broken(error, path) from None
    except BaseException:
        conn.close()
        raise
    return conn


def _open_read_only(path: Path, timeout: float) -> sqlite3.Connection:
    try:
        conn = access.open_read_only(path)
    except sqlite3.Error as error:
        raise broken(error, path) from None
    conn.row_factory = sqlite3.Row
    try:
        version = _inspect(conn, path)
        conn.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
    except sqlite3.Error as error:
        conn.close()
        raise broken(error, path) from None
    except BaseException:
        conn.close()
        raise
    if version < SCHEMA_VERSION:
        conn.close()
        raise DatabaseError(
            _(
                "the database {path} needs an upgrade (schema {version} to {known}), and only "
                "someone who may write it can make it"
            ).format(path=path, version=version, known=SCHEMA_VERSION),
            _("run any leerlog command as its owner or a member of its team once"),
        )
    return conn


def open_memory() -> sqlite3.Connection:
    """An empty, migrated in-memory database: reads of a file that does not exist yet."""
    conn = _connect(":memory:", 0)
    from sqlite_utils import Database

    from leerlog.storage.migrations import MIGRATIONS

    MIGRATIONS.apply(Database(conn))
    return conn


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection, path: Path) -> Iterator[sqlite3.Connection]:
    """One write transaction, taken at once (IMMEDIATE) so concurrent writers queue, not fail."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as error:
        raise broken(error, path) from None
    try:
        yield conn
        conn.execute("COMMIT")
    except sqlite3.Error as error:
        _rollback(conn)
        raise broken(error, path) from None
    except BaseException:
        _rollback(conn)
        raise


@contextlib.contextmanager
def read_transaction(conn: sqlite3.Connection, path: Path) -> Iterator[sqlite3.Connection]:
    """One read transaction: everything read inside it sees the file in one state, whatever
    others write meanwhile (a dossier's overview, CSV and proof files agree with each other)."""
    try:
        conn.execute("BEGIN")
    except sqlite3.Error as error:
        raise broken(error, path) from None
    try:
        yield conn
    finally:
        with contextlib.suppress(sqlite3.Error):
            _rollback(conn)


def _rollback(conn: sqlite3.Connection) -> None:
    if conn.in_transaction:
        conn.execute("ROLLBACK")
