"""Fixtures for the transfer tests."""

from __future__ import annotations

import os

import pytest

from leerlog.transfer import ahead as ahead_module


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The pids of the children `ahead` forks (as on any machine with a second core)."""
    monkeypatch.setattr(ahead_module, "available", lambda: True)
    made: list[int] = []
    real = os.fork

    def fork() -> int:
        pid = real()
        if pid:
            made.append(pid)
        return pid

    monkeypatch.setattr(ahead_module.os, "fork", fork)
    return made
