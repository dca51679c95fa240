"""The tests in this folder drive leerlog on a real pseudo-terminal."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from ptykit import Terminal


@pytest.fixture
def spawn(isolated: Path) -> Iterator[Terminal]:
    """`spawn(*args, lang=, columns=)`: leerlog on a terminal; every child is closed at the end."""
    terminal = Terminal()
    yield terminal
    terminal.close()
