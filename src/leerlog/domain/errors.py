"""The errors leerlog raises on purpose; the CLI turns each into a message and an exit code."""

from __future__ import annotations

from typing import Any


class LeerlogError(Exception):
    """Base of every expected problem: a message for people, a hint, an exit code."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled whole (an import's reader runs in a child process): the hint and any other
        # attribute survive, whatever arguments a subclass's __init__ takes.
        return _rebuilt, (type(self), self.args, self.__dict__)


def _rebuilt(kind: type[LeerlogError], args: tuple[Any, ...], state: dict[str, Any]) -> Any:
    error = Exception.__new__(kind)
    error.args = args
    error.__dict__.update(state)
    return error


class UsageProblem(LeerlogError):
    """The command line or the configuration is wrong; nothing was done (exit 2)."""

    exit_code = 2


class InvalidValue(UsageProblem):
    """A value typed by a person is malformed or breaks a rule (minutes 0, a date too far ahead)."""


class ConfigError(UsageProblem):
    """The configuration file or an environment variable cannot be used."""


class ConfirmationNeeded(UsageProblem):
    """A value or a confirmation is missing and there is no terminal to ask on."""


class DataProblem(LeerlogError):
    """The data or the database cannot be used as asked (exit 1)."""


class DatabaseError(DataProblem):
    """The database file cannot be opened, is not a leerlog file, or is from a newer leerlog."""


class DatabaseBusy(DataProblem):
    """Another process held the database for longer than leerlog waits."""


class NotFound(DataProblem):
    """No activity matches the id (prefix) given."""


class AmbiguousId(DataProblem):
    """An id prefix matches more than one activity."""


class NothingToUndo(DataProblem):
    """The journal holds no change of this person that can still be taken back."""


class Conflict(DataProblem):
    """The record changed since the journal entry was written; undo would overwrite it."""
