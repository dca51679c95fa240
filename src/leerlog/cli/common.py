"""What every command shares: the runtime (settings, store), terminal checks, shared options."""

from __future__ import annotations

import errno
import io
import os
import sys
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

import typer

from leerlog.domain.errors import ConfirmationNeeded
from leerlog.domain.escapes import lines
from leerlog.i18n import N_, _, ngettext, os_reason

if TYPE_CHECKING:
    from leerlog.domain.models import Activity
    from leerlog.domain.periods import Period
    from leerlog.settings import Settings
    from leerlog.storage.store import Store


def interactive() -> bool:
    """True when a person can answer a question; cron, pipes and tests cannot."""
    return sys.stdin.isatty()


def ask_or_fail(label: str, option: str) -> None:
    """Without a terminal, a missing value is a usage error."""
    if not interactive():
        raise ConfirmationNeeded(
            _("missing {what}").format(what=label), _("give it as {option}").format(option=option)
        )


def out(line: str = "") -> None:
    """One line of a command's result on stdout, for people: control characters escaped."""
    typer.echo(lines(line))


def say(line: str) -> None:
    """A message for the person, on stderr, so that stdout stays clean for data."""
    typer.echo(lines(line), err=True)


# What a write to stdout fails with: a closed pipe, a full disk or quota, a broken device, a
# descriptor the shell closed.
_OUTPUT_ERRNOS = frozenset(
    (errno.EPIPE, errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EBADF)
)


class ClosedStdout(io.TextIOBase):
    """stdout when the shell closed it (`leerlog list >&-`): Python has none, and every use of it
    would be a traceback; here every write fails as a write to a closed descriptor does."""

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))

    def fileno(self) -> int:
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))

    def isatty(self) -> bool:
        return False


def output_error(error: BaseException) -> bool:
    """True for a failed write to stdout. leerlog turns every error of a file it opens into a
    message of its own; an OSError that still carries no file name is stdout's."""
    return isinstance(error, OSError) and error.filename is None and error.errno in _OUTPUT_ERRNOS


def silence_stdout() -> None:
    """Send what stdout still holds nowhere: the interpreter's last flush would fail again, and
    print "Exception ignored" with exit 120."""
    try:
        fd = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(fd, sys.stdout.fileno())
        finally:
            os.close(fd)
    except (OSError, ValueError):  # stdout has no file descriptor (tests capture it)
        pass


def flush_quietly() -> None:
    """Flush stdout; if it cannot take the rest, drop it (the error was reported already)."""
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        silence_stdout()


def out_changed(line: str, done: str) -> None:
    """The confirmation line of a change that is committed already; DONE says what was done.

    When stdout cannot take the line, the change still happened: stderr says so and the run
    succeeds, so a script's retry does not make the change twice. A closed pipe stays quiet.
    """
    try:
        out(line)
        sys.stdout.flush()
    except OSError as error:
        if not output_error(error):
            raise
        silence_stdout()
        if error.errno != errno.EPIPE:
            say(
                _("{done}, but its confirmation could not be written: {reason}").format(
                    done=done, reason=os_reason(error)
                )
            )


@dataclass
class Runtime:
    """The global options, and settings and store resolved once, on first use."""

    db_option: str | None = None
    person_option: str | None = None
    _settings: Settings | None = field(default=None, repr=False)
    _store: Store | None = field(default=None, repr=False)

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            from leerlog.settings import load

            self._settings = load(self.db_option, self.person_option)
        return self._settings

    @property
    def store(self) -> Store:
        if self._store is None:
            from leerlog.storage.store import Store

            self._store = Store(self.settings.db_path)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            for notice in self._store.notices:
                say(notice)
            self._store.close()
            if self._store.created:
                say(_created(self.settings))


# Where a setting came from, in words; option and variable names stay as they are.
_SOURCES = {
    "default": N_("default"),
    "config": N_("config"),
    "login name": N_("login name"),
    "not set": N_("not set"),
}


def source_name(source: str) -> str:
    """Where a setting came from, in the reader's language."""
    return _(_SOURCES[source]) if source in _SOURCES else source


def _created(settings: Settings) -> str:
    """What a person hears once, when a change created the log: where, and who "you" are."""
    return _("Created a new log at {path}; you are {person} (from {source}).").format(
        path=settings.db_path.resolve(),
        person=repr(settings.person.value),
        source=source_name(settings.person.source),
    )


def runtime(ctx: typer.Context) -> Runtime:
    root = ctx.find_root()
    if not isinstance(root.obj, Runtime):
        root.obj = Runtime()
    return root.obj


class ListFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    jsonl = "jsonl"


def select_period(
    rt: Runtime,
    period: str | None,
    since: str | None,
    until: str | None,
    default: str,
) -> Period:
    from leerlog.domain.periods import select_period as select

    return select(period, since, until, rt.settings.today, default=default)  # type: ignore[arg-type]


def named_person(person: str | None) -> str | None:
    """A --person value without surrounding space; a blank one is a usage error."""
    if person is None:
        return None
    if not person.strip():
        from leerlog.domain.errors import InvalidValue

        raise InvalidValue(_("the person is empty"), _("give a name with --person NAME"))
    return person.strip()


def require_log(rt: Runtime) -> None:
    """Read commands never create a log: a missing file is a data problem (exit 1)."""
    path = rt.settings.db_path
    if not path.exists():
        from leerlog.domain.errors import DataProblem

        raise DataProblem(
            _("no leerlog database at {path}; the first 'leerlog add' creates it").format(
                path=path
            ),
            _("check --db, LEERLOG_DB or db in the config file"),
        )


def note_new_person(person: str, known: list[str]) -> None:
    """A change brought PERSON into a file that had people already: say so, nearest first, so
    a typo such as 'jost' for 'joost' is seen before it shows up in every HR export."""
    if known and person not in known:
        from leerlog.domain.words import by_closeness

        say(
            _("note: {person} is new in this log; known: {names}").format(
                person=repr(person), names=_listed(by_closeness(person, known))
            )
        )


def note_new_people(before: list[str], after: list[str]) -> None:
    """After an import: the people it brought into a file that had people already."""
    new = sorted(set(after) - set(before))
    if not before or not new:
        return
    if len(new) == 1:
        note_new_person(new[0], before)
        return
    say(
        ngettext(
            "note: {count} person is new in this log: {names}",
            "note: {count} people are new in this log: {names}",
            len(new),
        ).format(count=len(new), names=_listed([repr(name) for name in new]))
    )


def _listed(names: list[str]) -> str:
    shown = ", ".join(names[:8])
    return shown + (", …" if len(names) > 8 else "")


def require_known(rt: Runtime, person: str | None, team: str | None) -> None:
    """A --person or --team that the file does not hold is exit 1 with the nearest names, so
    that a typo never gives an empty report or an HR cron job an empty file."""
    from leerlog.domain.errors import DataProblem
    from leerlog.domain.words import nearest

    require_log(rt)
    for value, names, unknown, hint in (
        (
            person,
            rt.store.person_names,
            _("nobody called {value} in this log"),
            _("the people: {names}"),
        ),
        (
            team,
            rt.store.team_names,
            _("no team called {value} in this log"),
            _("the teams: {names}"),
        ),
    ):
        if value is None:
            continue
        known = names()
        if value in known:
            continue
        message = unknown.format(value=repr(value))
        suggestion = nearest(value, known)
        if suggestion is not None:
            message = _("{problem}; did you mean {suggestion}?").format(
                problem=message, suggestion=repr(suggestion)
            )
        raise DataProblem(message, hint.format(names=_listed(known)) if known else None)


def who(rt: Runtime, person: str | None, team: str | None, all_: bool) -> tuple[str, ...] | None:
    """The people a listing or report covers: None means everyone (or the team's filter).
    Whether the file knows them is checked after every option is read (require_known)."""
    person = named_person(person)
    chosen = [name for name, on in (("--person", person), ("--team", team), ("--all", all_)) if on]
    if len(chosen) > 1:
        from leerlog.domain.errors import InvalidValue

        raise InvalidValue(
            _("{options} cannot be combined").format(options=" + ".join(chosen)),
            _("choose one of --person, --team, --all"),
        )
    if team is not None or all_:
        return None
    return (person or rt.settings.me,)


def describe(activity: Activity) -> str:
    """One activity in a line: date, time, category/type and title."""
    from leerlog.domain.categories import category_name
    from leerlog.domain.parsing import format_minutes

    kind = category_name(activity.category) + (f"/{activity.type}" if activity.type else "")
    return _("{date} {time} {kind}: {title}").format(
        date=activity.date, time=format_minutes(activity.minutes), kind=kind, title=activity.title
    )


def one_line(value: str | None, option: str, limit: int, hint: str) -> str | None:
    """The text of OPTION stripped, refused (with HINT) unless it is one line of at most LIMIT
    characters; blank means none."""
    if value is None or not value.strip():
        return None
    from leerlog.domain.errors import InvalidValue
    from leerlog.domain.text import title_problem, too_long

    problem = title_problem(value) or too_long(value.strip(), limit)
    if problem is not None:
        raise InvalidValue(_("{option}: {problem}").format(option=option, problem=problem), hint)
    return value.strip()
