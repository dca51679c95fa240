"""Output files written atomically: beside the target, synced, then renamed over it."""

from __future__ import annotations

import contextlib
import os
import re
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, TextIO

from leerlog.domain.errors import DataProblem
from leerlog.i18n import _, os_reason
from leerlog.storage.backup import remove_left, sync_folder

try:
    import fcntl
except ImportError:  # Windows: a killed writer's temporary file stays until removed by hand
    fcntl = None  # type: ignore[assignment]

MARKER = (
    "leerlog-"  # in every temporary file's name, after the target's: `.NAME.leerlog-XXXXXXXX.tmp`
)


@contextlib.contextmanager
def atomic_output(path: Path, encoding: str = "utf-8") -> Iterator[TextIO]:
    """Write beside PATH, sync, then rename over it: a reader sees the old file or the new one.

    A new file gets the usual mode (0666 less the umask); an existing file keeps its mode and
    its group (when the user may give the file that group), so an administrator's group
    permissions survive the monthly overwrite. No temporary file is left: the temporary file
    `.NAME.leerlog-XXXX.tmp` beside PATH is locked while it is written, and one that a killed
    writer left (nobody holds it, and it is over a minute old) is removed by the next write.
    A device, a FIFO or a descriptor the shell gave (/dev/stdout) is written straight into.
    """
    with _atomic(path, encoding) as out:
        yield out  # type: ignore[misc]


def atomic_bytes(path: Path, data: bytes) -> None:
    """DATA written to PATH as atomic_output writes text (a PDF, for instance)."""
    with _atomic(path, None) as out:
        out.write(data)


@contextlib.contextmanager
def atomic_binary(path: Path) -> Iterator[BinaryIO]:
    """A binary file written as atomic_output writes text, in as many writes as the caller likes
    (a proof file streamed out of the log, a dossier's ZIP)."""
    with _atomic(path, None) as out:
        yield out  # type: ignore[misc]


def _stem(path: Path) -> str:
    """The target's part of its temporary files' names: its name, or for a name too long to
    take the 22 characters more (a name may have 255 bytes), a digest of it."""
    if len(os.fsencode(path.name)) <= 255 - 22:
        return path.name
    import hashlib

    return hashlib.sha256(os.fsencode(path.name)).hexdigest()[:32]


def remove_stale(path: Path) -> list[Path]:
    """Remove the temporary files of writes to PATH whose writer is gone; the ones removed.

    Only names _atomic makes (mkstemp's eight characters after the marker): never a file of
    the user's, nor another target's temporary file, that merely begins like one."""
    stem = _stem(path)
    ours = re.compile(rf"\.{re.escape(stem)}\.{MARKER}[a-z0-9_]{{8}}\.tmp")
    return remove_left(path.parent, f".{stem}.{MARKER}", ours, folder=False)


def _into(path: Path) -> Path | None:
    """Where an output to PATH is written atomically, through a link to the file it names (the
    link is kept); None for what is written straight into instead, as `>` would: a descriptor
    the shell gave (`/dev/stdout`, `/dev/fd/3`), a device or a FIFO (`/dev/null`). Renamed over,
    those would be replaced by a regular file, and the file behind /dev/stdout lose what it held.
    """
    if _DESCRIPTOR.fullmatch(str(path)):
        return None
    real = Path(os.path.realpath(path))
    if real.is_relative_to("/proc"):  # another process's descriptor: what it names is no path
        return None
    try:
        info = os.stat(real)
    except OSError:  # none yet: created where a link points, as `>` does
        return real
    return real if stat.S_ISREG(info.st_mode) else None


# A descriptor this process holds already: written through a copy of it, as the shell does, so
# a file behind it (`>> log.txt`) is neither truncated nor written from its start.
_DESCRIPTOR = re.compile(
    r"/dev/std(?P<std>out|err)|/dev/fd/(?P<fd>[0-9]+)|/proc/self/fd/(?P<own>[0-9]+)"
)


def _descriptor(path: Path, held: re.Match[str]) -> int:
    """A copy of the descriptor PATH names. Beyond stdout and stderr only a pipe, a FIFO or a
    device: leerlog's own open files (the database, its WAL) are regular files there."""
    std = held["std"]
    number = {"out": 1, "err": 2}[std] if std else int(held["fd"] or held["own"])
    if number > 2 and stat.S_ISREG(os.fstat(number).st_mode):
        raise DataProblem(
            _(
                "cannot write {path}: a descriptor beyond 2 is written only when it is a pipe or a device"
            ).format(path=path),
            _("give the file's name instead"),
        )
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:  # None when closed (`>&-`): the copy below says so
            stream.flush()
    return os.dup(number)


def _open(path: Path, encoding: str | None) -> TextIO | BinaryIO:
    held = _DESCRIPTOR.fullmatch(str(path))
    target: int | Path = path if held is None else _descriptor(path, held)
    if encoding is None:
        return open(target, "wb")  # closed by _straight
    return open(target, "w", encoding=encoding, newline="")


@contextlib.contextmanager
def _straight(path: Path, encoding: str | None) -> Iterator[TextIO | BinaryIO]:
    try:
        with _open(path, encoding) as out:
            yield out
    except OSError as error:
        raise DataProblem(
            _("cannot write {path}: {reason}").format(path=path, reason=os_reason(error)),
            _("check the path and permissions"),
        ) from None


@contextlib.contextmanager
def _atomic(given: Path, encoding: str | None) -> Iterator[TextIO | BinaryIO]:
    path = _into(given)
    if path is None:
        with _straight(given, encoding) as out:
            yield out
        return
    if path.exists() and not os.access(path, os.W_OK):  # as `>` refuses it; root may
        raise DataProblem(
            _("cannot write {path}: {reason}").format(path=given, reason=_("it is read-only")),
            _("make it writable (chmod u+w) or choose another name, if it is to be replaced"),
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        remove_stale(path)
        fd, name = tempfile.mkstemp(
            dir=path.parent, prefix=f".{_stem(path)}.{MARKER}", suffix=".tmp"
        )
        if fcntl is not None:  # held while it is written: remove_stale leaves it alone
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as error:
        raise DataProblem(
            _("cannot write {path}: {reason}").format(path=path, reason=os_reason(error)),
            _("check the folder and its permissions"),
        ) from None
    temporary = Path(name)
    try:
        with (
            os.fdopen(fd, "wb")
            if encoding is None
            else os.fdopen(fd, "w", encoding=encoding, newline="")
        ) as out:
            yield out
            out.flush()
            _keep_owner_group(out.fileno(), path)
            os.fchmod(out.fileno(), _mode_for(path))
            os.fsync(out.fileno())
        os.replace(temporary, path)
        sync_folder(path.parent)
    except OSError as error:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise DataProblem(
            _("cannot write {path}: {reason}; the old file, if any, is unchanged").format(
                path=path, reason=os_reason(error)
            ),
            _("check the free space and permissions of the folder"),
        ) from None
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise


def _keep_owner_group(fd: int, path: Path) -> None:
    """Give the new file the old one's group; first, as a change of group may clear set-id bits.

    Only the file's owner (as a member of that group) or root may; otherwise the new file keeps
    the user's own group, as before.
    """
    try:
        group = path.stat().st_gid
    except FileNotFoundError:
        return
    if os.fstat(fd).st_gid != group:
        with contextlib.suppress(PermissionError):
            os.fchown(fd, -1, group)


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
