"""Reading ahead in a child process: the same items in the same order, its errors as the
parent's own, and no child left behind whichever side stops first."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator

import pytest

from leerlog.domain.errors import DataProblem
from leerlog.transfer import ahead as ahead_module
from leerlog.transfer.ahead import ahead


def reaped(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def pids(count: int) -> Iterator[tuple[int, int]]:
    """(n, the pid of the process that made item n)."""
    for n in range(count):
        yield n, os.getpid()


@pytest.mark.parametrize("count", [0, 1, 3, 4, 50])
def test_the_items_arrive_in_order_and_the_later_ones_from_the_child(
    forks: list[int], count: int
) -> None:
    got = list(ahead(pids(count), after=3))
    assert [n for n, _pid in got] == list(range(count))
    # The first three and the one after them are made here (a file as long as AFTER chunks
    # forks nothing); the child makes the rest.
    assert all(pid == os.getpid() for n, pid in got if n <= 3)
    assert all(pid != os.getpid() for n, pid in got if n > 3)
    assert len(forks) == (1 if count > 3 else 0)
    assert all(reaped(pid) for pid in forks)


def test_without_a_second_core_everything_is_made_here(
    forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ahead_module, "available", lambda: False)
    got = list(ahead(pids(20), after=2))
    assert got == [(n, os.getpid()) for n in range(20)]
    assert forks == []


def failing(error: BaseException) -> Iterator[int]:
    yield from range(10)
    raise error


def test_an_error_in_the_child_is_raised_here_with_its_hint(forks: list[int]) -> None:
    got: list[int] = []
    with pytest.raises(DataProblem) as raised:
        got.extend(ahead(failing(DataProblem("row 12 is unreadable", "save it as CSV")), 2))
    assert got == list(range(10))
    assert (raised.value.message, raised.value.hint) == ("row 12 is unreadable", "save it as CSV")
    assert all(reaped(pid) for pid in forks)


def test_a_decoding_error_in_the_child_is_the_same_error_here(forks: list[int]) -> None:
    error = UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")
    with pytest.raises(UnicodeDecodeError) as raised:
        list(ahead(failing(error), 2))
    assert str(raised.value) == str(error)
    assert len(forks) == 1


def dying() -> Iterator[int]:
    yield from range(5)
    os.kill(os.getpid(), signal.SIGKILL)
    yield 5  # pragma: no cover - never reached


def test_a_child_that_dies_stops_the_import_with_a_plain_message(forks: list[int]) -> None:
    got: list[int] = []
    with pytest.raises(DataProblem) as raised:
        got.extend(ahead(dying(), 2))
    assert got == [0, 1, 2, 3, 4]
    assert "stopped before the end; nothing was imported" in raised.value.message
    assert raised.value.hint == "run the same command again"
    assert all(reaped(pid) for pid in forks)


def endless() -> Iterator[int]:
    n = 0
    while True:
        yield n
        n += 1


def test_stopping_early_stops_and_reaps_the_child(forks: list[int]) -> None:
    items = ahead(endless(), 2)
    assert [next(items) for _ in range(100)] == list(range(100))
    items.close()
    assert len(forks) == 1
    assert reaped(forks[0])
