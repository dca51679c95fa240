"""Backups: a checked copy of the database under a new name, never through a planted link."""

from __future__ import annotations

import errno
import os
import re
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

from leerlog.domain.errors import DatabaseError
from leerlog.i18n import _, os_reason

try:
    import fcntl
except ImportError:  # Windows: a killed backup's private folder stays until removed by hand
    fcntl = None  # type: ignore[assignment]


def _temporary_names(target: Path) -> Iterator[str]:
    """Names for the private folder a backup is made in: hidden, beside TARGET, unguessable."""
    import secrets

    while True:
        yield f".{target.name}.{secrets.token_hex(8)}.tmp"


def _private_folder(target: Path) -> Path:
    """A new folder beside TARGET that only this user may enter, made by this process.

    mkdir fails on any name that exists, a symlink included, so nothing planted is ever used.
    """
    for name, _attempt in zip(_temporary_names(target), range(100), strict=False):
        folder = target.with_name(name)
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            continue
        return folder
    raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(target.parent))


STALE_SECONDS = 60  # what a killed writer left is this old, and no writer holds it


def _held(folder: Path) -> int | None:
    """An open descriptor of FOLDER, locked while its backup runs (None where locks are not)."""
    if fcntl is None:
        return None
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return fd


def _touched(candidate: Path, info: os.stat_result, folder: bool) -> float:
    """When CANDIDATE was last written: for a folder, also what is in it (a copy being made)."""
    if not folder:
        return info.st_mtime
    with os.scandir(candidate) as entries:
        return max([info.st_mtime, *(e.stat(follow_symlinks=False).st_mtime for e in entries)])


def remove_left(parent: Path, prefix: str, name: re.Pattern[str], folder: bool) -> list[Path]:
    """Remove what killed writers left in PARENT: the entries starting with PREFIX whose whole
    name NAME matches, a folder of this user's (FOLDER) or a regular file, untouched for
    STALE_SECONDS and held by no writer (each holds a lock on its own). Never through a link,
    never waiting on a FIFO. The ones removed."""
    import glob
    import shutil
    import time

    removed: list[Path] = []
    if fcntl is None or not parent.is_dir():
        return removed
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | (os.O_DIRECTORY if folder else 0)
    for candidate in parent.glob(f"{glob.escape(prefix)}*"):
        if name.fullmatch(candidate.name) is None:
            continue
        try:
            fd = os.open(candidate, flags)
        except OSError:
            continue
        try:
            info = os.fstat(fd)
            kind = stat.S_ISDIR(info.st_mode) if folder else stat.S_ISREG(info.st_mode)
            if not kind or (folder and info.st_uid != os.geteuid()):
                continue
            if time.time() - _touched(candidate, info, folder) < STALE_SECONDS:
                continue
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # raises while a writer holds it
            shutil.rmtree(candidate) if folder else candidate.unlink()
            removed.append(candidate)
        except OSError:
            continue
        finally:
            os.close(fd)
    return removed


def remove_stale(target: Path) -> list[Path]:
    """Remove the private folders of backups to TARGET that were killed: each holds a whole
    copy of the log. The ones removed."""
    ours = re.compile(rf"\.{re.escape(target.name)}\.[0-9a-f]{{16}}\.tmp")
    return remove_left(target.parent, f".{target.name}.", ours, folder=True)


def backup(conn: sqlite3.Connection, target: Path) -> None:
    """A consistent copy through SQLite's backup API, created readable by its owner only.

    SQLite opens files by name and writes a journal beside them, so the copy is made in a new
    folder only this user may enter (no other user can plant or swap a file in it), checked
    with integrity_check, and then linked to TARGET: a link never replaces an existing file,
    so of several backups to one name one wins and the others are refused. A half-made backup
    never carries the name. The folder is locked while the backup runs; one a killed backup
    left is removed by the next backup to TARGET (remove_stale).
    """
    import shutil

    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        remove_stale(target)
        folder = _private_folder(target)
    except OSError as error:
        raise _backup_failed(target, error) from None
    try:
        held = _held(folder)
    except OSError as error:
        shutil.rmtree(folder, ignore_errors=True)
        raise _backup_failed(target, error) from None
    try:
        copy_path = folder / "copy.db"
        fd = os.open(copy_path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | os.O_NOFOLLOW, 0o600)
        os.close(fd)
        copy = sqlite3.connect(copy_path, isolation_level=None)
        try:
            conn.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")
            found = [row[0] for row in copy.execute("PRAGMA integrity_check").fetchall()]
        finally:
            copy.close()
        if found != ["ok"]:
            raise DatabaseError(
                # TRANSLATORS: {problem} is SQLite's own (English) first finding.
                _(
                    "the copy failed SQLite's integrity check ({problem}); {path} was not written"
                ).format(problem=found[0] if found else "?", path=target),
                _("run 'leerlog backup' again; if it fails again, the database needs repair"),
            )
        _link_new(copy_path, target)
        sync_folder(target.parent)
    except (OSError, sqlite3.Error) as error:
        raise _backup_failed(target, error) from None
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if held is not None:
            os.close(held)


def _link_new(source: Path, target: Path) -> None:
    """Give SOURCE the name TARGET, refusing (DatabaseError) when TARGET exists by now.

    A hard link fails on any existing name, a symlink included; a rename would replace it.
    """
    try:
        os.link(source, target, follow_symlinks=False)
        return
    except FileExistsError:
        raise DatabaseError(
            _("{path} exists already; it was left as it is").format(path=target),
            _("choose a new name"),
        ) from None
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK):
            raise
    # A file system without hard links: the next best thing, with a small window.
    if os.path.lexists(target):
        raise DatabaseError(
            _("{path} exists already; it was left as it is").format(path=target),
            _("choose a new name"),
        )
    os.rename(source, target)


def _backup_failed(target: Path, error: OSError | sqlite3.Error) -> DatabaseError:
    reason = os_reason(error) if isinstance(error, OSError) else str(error)
    return DatabaseError(
        _("cannot write the backup {path}: {reason}").format(path=target, reason=reason),
        _("check the folder"),
    )


def sync_folder(folder: Path) -> None:
    """Make the new name itself durable."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
