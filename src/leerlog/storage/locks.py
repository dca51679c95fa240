"""An advisory lock beside the database, so that `sync` and `people forget` never overlap.

SQLite's own lock cannot serve: a sync holds the write lock only for a moment at a time (no
write may hold it for long), yet a forget between its reading and its recording would let the
forgotten name come back into the sync tables. The lock is a file `NAME-lock` beside the
database, locked with flock(2): the system drops it when the process ends, however it ends.
It is never opened through a link, and it holds no data.
"""

from __future__ import annotations

import contextlib
import os
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from leerlog.domain.errors import DatabaseBusy, DatabaseError
from leerlog.i18n import _

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

POLL_SECONDS = 0.05
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def lock_path(database: Path) -> Path:
    return database.with_name(database.name + "-lock")


def _open(database: Path) -> int:
    """The lock file, created with the database's permissions so that whoever shares the
    database can lock it too; opened read-only when that is all its permissions allow."""
    path = lock_path(database)
    try:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
        except FileExistsError:
            try:
                return os.open(path, os.O_RDWR | _NOFOLLOW)
            except PermissionError:
                return os.open(path, os.O_RDONLY | _NOFOLLOW)
        with contextlib.suppress(OSError):
            os.fchmod(fd, stat.S_IMODE(database.stat().st_mode) & 0o666)
        return fd
    except OSError as error:
        raise DatabaseError(
            _("cannot use the lock file {path}: {reason}").format(
                path=path, reason=error.strerror or error
            ),
            _("check the permissions of the folder of the database"),
        ) from None


def _try_lock(fd: int) -> bool:
    if fcntl is None:  # pragma: no cover - Windows
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


@contextlib.contextmanager
def exclusive(
    database: Path, wait: float, waiting: Callable[[], None] | None = None
) -> Iterator[None]:
    """Hold the lock of DATABASE; wait up to WAIT seconds for another holder (calling WAITING
    once when that is needed), then refuse."""
    fd = _open(database)
    try:
        deadline = time.monotonic() + wait
        told = False
        while not _try_lock(fd):
            if time.monotonic() >= deadline:
                raise DatabaseBusy(
                    _(
                        "another leerlog (a sync or people forget) is still using {path}; "
                        "nothing was changed"
                    ).format(path=database),
                    _(
                        "run the command again when it has finished (LEERLOG_BUSY_TIMEOUT sets "
                        "how many seconds to wait)"
                    ),
                )
            if not told and waiting is not None:
                waiting()
                told = True
            time.sleep(POLL_SECONDS)
        yield
    finally:
        os.close(fd)  # closing the file drops the lock
