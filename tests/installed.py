"""How tests reach the installed leerlog, and the file as any SQLite tool would open it.

Imported by name from every test folder (pytest puts tests/ on sys.path for its conftest).
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

# A safety net against a hung child, not a performance claim.
PATIENCE_SECONDS = 600

_NOTES = re.compile(
    r"Created a new log at [^\n]*; you are [^\n]*\.\n|note: [^\n]* new in this log[;:] [^\n]*\n"
)


def unnoted(stderr: str) -> str:
    """STDERR without the lines that say a change created the log or brought in a new person,
    for tests about other things (tests/cli/test_newcomer.py checks those lines)."""
    return _NOTES.sub("", stderr)


def script() -> str:
    """The installed console script next to this Python, as cron would call it."""
    return str(Path(sys.executable).parent / "leerlog")


def run_script(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """The installed script, with no terminal on stdin, as cron runs it."""
    return subprocess.run(
        [script(), *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=PATIENCE_SECONDS,
        check=False,
    )


@contextlib.contextmanager
def sqlite(path: Path) -> Iterator[sqlite3.Connection]:
    """A plain sqlite3 connection, as any SQLite tool would open the file."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        yield conn
    finally:
        conn.close()
