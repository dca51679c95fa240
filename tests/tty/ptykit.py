"""leerlog on a real pseudo-terminal: the installed script, typed at as a person would.

Imported by name from the tests in this folder (pytest puts the folder on sys.path).
"""

from __future__ import annotations

import os

import pexpect

from installed import PATIENCE_SECONDS, script


class Terminal:
    """Starts `leerlog ARGS` on a terminal 24 rows high, in the test's own file and config.

    COLUMNS is left out of the environment unless given, so the width is the terminal's.
    """

    def __init__(self) -> None:
        self.children: list[pexpect.spawn] = []

    def __call__(
        self,
        *args: str,
        lang: str = "en",
        columns: int = 80,
        env: dict[str, str] | None = None,
    ) -> pexpect.spawn:
        child_env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
        child_env |= {"LEERLOG_LANG": lang, "NO_COLOR": "1", "TERM": "xterm"} | (env or {})
        child = pexpect.spawn(
            script(),
            list(args),
            env=child_env,
            dimensions=(24, columns),
            encoding="utf-8",
            timeout=PATIENCE_SECONDS,
        )
        self.children.append(child)
        return child

    def close(self) -> None:
        for child in self.children:
            child.close(force=True)


def finish(child: pexpect.spawn) -> tuple[int, list[str]]:
    """Wait for the end; the exit code and every line the terminal showed since the last expect."""
    child.expect(pexpect.EOF)
    shown = child.before
    child.close()
    assert child.exitstatus is not None, child.signalstatus
    return child.exitstatus, shown.split("\r\n")
