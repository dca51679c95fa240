"""Work read ahead on the other core: the rest of an iterator made by a forked child process.

An import checks every record in Python (reading, the personal-data guard, the models) and then
has SQLite stage it. Both take about as long, and one process does one after the other. With
`ahead`, the items after the first few are made by a child, which sends each, pickled, down a
pipe while the parent stores the one before: two cores, and the same items in the same order.

The child only computes: it never touches a database (SQLite connections must not cross a
fork), writes nothing but the pipe and leaves with os._exit, so nothing of the parent (buffered
output, exit handlers, connections) runs twice. When the parent dies the child's next write
fails and it leaves; when the child dies the parent says so and stores nothing.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import BinaryIO, TypeVar

from leerlog.domain.errors import DataProblem
from leerlog.i18n import _

T = TypeVar("T")

_ITEM, _END, _ERROR = 0, 1, 2
# The pipe's size: a few of an import's chunks (some 200 KB each, pickled).
PIPE_BYTES = 1 << 20


def available() -> bool:
    """A fork is cheap and safe here (Linux), and there is a second core to run the child on."""
    if sys.platform != "linux" or not hasattr(os, "fork"):
        return False
    return len(os.sched_getaffinity(0)) > 1


def ahead(items: Iterable[T], after: int) -> Iterator[T]:
    """ITEMS in order: the first AFTER made here, the others by a child process while the caller
    works on what it was given. Close the iterator when stopping early: that stops the child."""
    items = iter(items)
    yield from islice(items, after)
    try:
        following = next(items)
    except StopIteration:
        return
    if not available():
        yield following
        yield from items
        return
    import fcntl  # Linux only, like the rest of this path

    reading, writing = os.pipe()
    with contextlib.suppress(OSError):
        # Room for a few items in the pipe, so neither side waits for the other's every step.
        fcntl.fcntl(writing, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child leaves by os._exit; tests check what it sent
        os.close(reading)
        _child(items, writing)
    os.close(writing)
    pipe = os.fdopen(reading, "rb")
    finished = False
    try:
        # The child starts on the items after FOLLOWING while the caller takes that one.
        yield following
        while True:
            try:
                kind, payload = pickle.load(pipe)
            except (EOFError, pickle.UnpicklingError):
                raise _stopped() from None
            if kind == _ITEM:
                yield payload
                continue
            finished = True
            if kind == _ERROR:
                raise payload
            return
    finally:
        pipe.close()
        if not finished:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


def _child(items: Iterator[T], fd: int) -> None:  # pragma: no cover - runs in the child
    """Send each item, then the end or the error that stopped the items; never return."""
    code = 0
    try:
        # Ctrl-C reaches the whole process group: the parent reports it, the child just stops.
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        # Output the child might make goes nowhere, and it holds none of the parent's pipes.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        with os.fdopen(fd, "wb") as pipe:
            try:
                for item in items:
                    # Pickled whole before a byte is sent: of an item that cannot be pickled
                    # nothing goes down the pipe but the error that says so.
                    _send(pipe, pickle.dumps((_ITEM, item), pickle.HIGHEST_PROTOCOL))
                message: tuple[int, object] = (_END, None)
            except Exception as error:
                message = (_ERROR, error)
            _send(pipe, pickle.dumps(message, pickle.HIGHEST_PROTOCOL))
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _send(pipe: BinaryIO, data: bytes) -> None:  # pragma: no cover - runs in the child
    pipe.write(data)
    pipe.flush()


def _stopped() -> DataProblem:
    return DataProblem(
        _("the process reading ahead stopped before the end; nothing was imported"),
        _("run the same command again"),
    )
