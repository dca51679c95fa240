"""The person's own editor on a text: $VISUAL, else $EDITOR, else vi, on a private temporary file."""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path
from types import FrameType

from leerlog.domain.errors import ConfigError, DataProblem
from leerlog.i18n import _, os_reason

FALLBACK = "vi"  # on every Unix-like system, as git and crontab -e fall back to it


def editor_command(env: Mapping[str, str]) -> list[str]:
    """The editor's command line: VISUAL, else EDITOR (either may carry arguments), else vi."""
    for name in ("VISUAL", "EDITOR"):
        value = env.get(name, "").strip()
        if not value:
            continue
        try:
            words = shlex.split(value)
        except ValueError:
            words = []
        if not words:
            raise ConfigError(
                _("{name} cannot be read as a command: {value}").format(name=name, value=value),
                _("set it to the editor's command, e.g. export {name}=nano").format(name=name),
            )
        return words
    return [FALLBACK]


def _leave_to_the_editor(_signum: int, _frame: FrameType | None) -> None:
    """Ctrl-C while the editor runs is the editor's (vi cancels a command with it).

    A handler, not SIG_IGN: an ignored signal stays ignored in the editor, a handled one does
    not (exec resets it to the default).
    """


def edit_text(text: str) -> str:
    """TEXT as the person saved it in their editor; DataProblem when the editor cannot start
    or ends with an error. The file is theirs alone (0600) and is removed afterwards."""
    command = editor_command(os.environ)
    handle, name = tempfile.mkstemp(prefix="leerlog-", suffix=".toml")
    path = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        previous = signal.signal(signal.SIGINT, _leave_to_the_editor)
        try:
            done = subprocess.run([*command, str(path)], check=False)
        except OSError as error:
            raise DataProblem(
                _("cannot start the editor {editor}: {reason}").format(
                    editor=repr(command[0]), reason=os_reason(error)
                ),
                _("set VISUAL or EDITOR to the editor you use, e.g. export EDITOR=nano"),
            ) from None
        finally:
            signal.signal(signal.SIGINT, previous)
        if done.returncode != 0:
            raise DataProblem(
                _("the editor {editor} ended with exit status {code}; nothing was changed").format(
                    editor=repr(command[0]), code=done.returncode
                )
            )
        try:
            return path.read_bytes().decode("utf-8", errors="replace")
        except FileNotFoundError:  # the editor removed it: nothing is left to store
            return ""
    finally:
        path.unlink(missing_ok=True)
