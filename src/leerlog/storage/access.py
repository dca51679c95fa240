"""Who may do what with the file and its -wal and -shm: read-only opening, and side files.

SQLite keeps a WAL-mode file's recent changes in FILE-wal and its index in FILE-shm. It creates
them with the file's own mode, owned by whoever opened the file first, and the last connection
to close checkpoints and deletes them, if it may write. Found by experiment (SQLite 3.40):

- A connection that cannot write the file still creates both side files when the folder lets
  it, even with `?mode=ro`; they stay behind (it may not checkpoint), owned by that reader and
  as writable as the file is for it, so a writer who is not the reader cannot use them.
- With both side files present, `?mode=ro` reads without creating anything (SQLite 3.22 and
  later read a WAL file whose -shm they cannot write); with neither present and a folder it may
  not write, no connection can read the file at all, `?mode=ro` included.

So a process that cannot write the log never opens it as a writer would: with the side files
there it reads through them with `?mode=ro`; without them the file holds every change, and it
copies the file into memory through a connection that takes no locks and creates no files,
checking that no writer came and went meanwhile.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

from leerlog.domain.errors import DatabaseBusy, DatabaseError
from leerlog.i18n import _

SIDES = ("-wal", "-shm")

# Copies that found a writer at work before they were done are tried again this often.
SNAPSHOT_TRIES = 5


class ReadOnly(sqlite3.Connection):
    """A connection that only reads: through the side files with ?mode=ro, or to a copy."""


def side_files(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in SIDES]


def _real(path: Path) -> Path:
    """PATH with its links followed: SQLite keeps the side files beside the file a link names."""
    return Path(os.path.realpath(path))


def _uri(path: Path, query: str) -> str:
    return f"{path.absolute().as_uri()}?{query}"


def may_write(path: Path) -> bool:
    """Whether this process can write the log: the file, and its side files or the folder."""
    path = _real(path)
    if not os.access(path, os.W_OK):
        return False
    sides = side_files(path)
    if all(side.exists() for side in sides):
        return all(os.access(side, os.R_OK | os.W_OK) for side in sides)
    folder_ok = os.access(path.parent, os.W_OK | os.X_OK)
    return folder_ok and all(os.access(s, os.R_OK | os.W_OK) for s in sides if s.exists())


def open_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection that creates no file beside PATH (see the module's notes)."""
    sides = side_files(path)
    for _attempt in range(SNAPSHOT_TRIES):
        if all(side.exists() and os.access(side, os.R_OK) for side in sides):
            conn = sqlite3.connect(
                _uri(path, "mode=ro"), uri=True, isolation_level=None, factory=ReadOnly
            )
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn
        copy = _snapshot(path)
        if copy is not None:
            return copy
    for side in sides:
        if side.exists() and not os.access(side, os.R_OK):
            raise DatabaseError(
                _("{path} cannot be read by you; SQLite needs it to read the database").format(
                    path=side
                ),
                _("check the permissions of the file and its folder"),
            )
    raise DatabaseBusy(
        _("the database {path} is busy: writers kept changing it while it was read").format(
            path=path
        ),
        _("try again in a moment"),
    )


def _state(path: Path) -> tuple[int, ...] | None:
    """What changes when a writer changes the file; None while its -wal holds changes.

    A writer appends to the -wal before it writes the file (checkpoints copy the -wal in), so
    a file whose -wal is missing or empty holds every committed change.
    """
    wal = side_files(path)[0]
    try:
        log = wal.stat()
    except FileNotFoundError:
        log = None
    if log is not None and log.st_size > 0:
        return None
    info = path.stat()
    marks = (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
    return marks + ((-1,) if log is None else (log.st_ino, log.st_size, log.st_mtime_ns))


def _snapshot(path: Path) -> sqlite3.Connection | None:
    """The file copied into memory while no writer had it open; None when one came meanwhile.

    immutable=1 makes SQLite read the file without locks or side files; that is safe only while
    nothing writes it, which the state of the file and its -wal before and after the copy shows.
    """
    before = _state(path)
    if before is None:
        return None
    source = sqlite3.connect(_uri(path, "mode=ro&immutable=1"), uri=True, isolation_level=None)
    try:
        memory = sqlite3.connect(":memory:", isolation_level=None, factory=ReadOnly)
        source.backup(memory)
    finally:
        source.close()
    if _state(path) != before:
        memory.close()
        return None
    return memory


def mend_side_files(path: Path) -> None:
    """Give side files that are this user's the file's mode and group again, where they differ.

    A side file keeps the mode the file had when SQLite made it (a file that was 0400 for a
    moment leaves 0400 side files) and the group of whoever made it (unless the folder is
    setgid). Only their owner may change that; one that stays unusable is named by culprit().
    """
    path = _real(path)
    try:
        info = path.stat()
    except OSError:
        return
    mode = stat.S_IMODE(info.st_mode)
    for side in side_files(path):
        try:
            mine = side.stat()
            if mine.st_uid != os.geteuid():
                continue
            if stat.S_IMODE(mine.st_mode) != mode:
                os.chmod(side, mode)
            if mine.st_gid != info.st_gid:
                os.chown(side, -1, info.st_gid)
        except OSError:  # gone meanwhile, or not in the file's group: then the mode has to do
            continue


def _in_use(shm: Path) -> bool:
    """Whether a process has SHM open, as SQLite's locks on it show; True when unsure.

    Every connection that uses a -shm holds a POSIX lock on it (at least on its "dead man
    switch" byte) while open. /proc/locks lists every such lock by device and inode, for any
    user to read, so this needs no access to the file, and opens no descriptor whose closing
    would drop this process's own locks.
    """
    try:
        info = shm.stat()
        table = Path("/proc/locks").read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError):
        return True
    mark = f"{os.major(info.st_dev):02x}:{os.minor(info.st_dev):02x}:{info.st_ino}"
    return any(mark in line.split() for line in table.splitlines())


def clear_left_behind(path: Path) -> None:
    """Before a write: remove side files someone else left that this user cannot use.

    An older leerlog (or any SQLite tool) run by a reader left -wal and -shm owned by that
    reader. They may go only when they hold nothing and nobody uses them: an empty -wal (a
    reader never writes to it; a killed writer's -wal with changes always stays), and a -shm
    on which no process holds SQLite's lock. This process must not have the file open (closing
    the descriptor opened to look would drop its own locks on the -shm).
    """
    path = _real(path)
    wal, shm = side_files(path)
    if not (wal.exists() and shm.exists()):
        return
    if all(os.access(side, os.R_OK | os.W_OK) for side in (wal, shm)):
        return
    if not os.access(path.parent, os.W_OK | os.X_OK) or not os.access(path, os.W_OK):
        return
    try:
        if wal.stat().st_size != 0 or _in_use(shm):
            return
        shm.unlink()
        wal.unlink()
    except OSError:
        return


def unusable_side_file(side: Path) -> DatabaseError:
    return DatabaseError(
        _("{path} cannot be written by you; SQLite needs it to write the database").format(
            path=side
        ),
        _(
            "give it the database file's group and mode (see 'Sharing a team file' in the "
            "README), or remove it while nobody uses the database"
        ),
    )


def culprit(path: Path) -> DatabaseError | None:
    """The file or folder that keeps this user from writing PATH, named; None if none is seen."""
    path = _real(path)
    if not os.access(path, os.W_OK):
        return DatabaseError(
            _("the database {path} is read-only").format(path=path),
            _("check the permissions of the file and its folder"),
        )
    for side in side_files(path):
        if side.exists() and not os.access(side, os.R_OK | os.W_OK):
            return unusable_side_file(side)
    sides = side_files(path)
    if not all(side.exists() for side in sides) and not os.access(path.parent, os.W_OK | os.X_OK):
        return DatabaseError(
            _(
                "the folder {folder} is read-only, and SQLite must create {side} in it to "
                "write the database"
            ).format(folder=path.parent, side=next(s for s in sides if not s.exists())),
            _("check the permissions of the file and its folder"),
        )
    return None
