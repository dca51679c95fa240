"""What every command shares: the runtime (settings, store), terminal checks, shared options."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from leerlog.domain.errors import ConfirmationNeeded
from leerlog.i18n import _
from leerlog.terminal.safe import lines

if TYPE_CHECKING:
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


YES, NO = ("y", "yes", "j", "ja"), ("n", "no", "nee")


def confirm(question: str) -> bool:
    """A yes/no question on stderr, no by default: [y/N], in Dutch [j/N]; y, yes, j, ja, n, no
    and nee are understood in both languages."""
    from typer._click import termui
    from typer.exceptions import Abort

    choices = _("y/N")
    prompt = f"{question} [{choices}]:"
    while True:
        typer.echo(prompt, nl=False, err=True)
        try:
            # The last character goes through the prompt function, as the framework does it, so
            # that readline's backspace does not clear the whole line.
            value = termui.visible_prompt_func(" ").strip().lower()
        except (KeyboardInterrupt, EOFError):
            raise Abort() from None
        if value in YES:
            return True
        if value in NO or value == "":
            return False
        typer.echo(_("Error: invalid input"), err=True)


def out(line: str = "") -> None:
    """One line of a command's result on stdout, for people: control characters escaped."""
    typer.echo(lines(line))


def say(line: str) -> None:
    """A message for the person, on stderr, so that stdout stays clean for data."""
    typer.echo(lines(line), err=True)


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


def runtime(ctx: typer.Context) -> Runtime:
    root = ctx.find_root()
    if not isinstance(root.obj, Runtime):
        root.obj = Runtime()
    return root.obj


# Options several commands share, declared once.
PersonOption = Annotated[
    str | None,
    typer.Option("--person", "-p", metavar=_("NAME"), help=_("Whose activities (default: you).")),
]
TeamOption = Annotated[
    str | None, typer.Option("--team", metavar=_("TEAM"), help=_("Everyone in this team."))
]
AllOption = Annotated[bool, typer.Option("--all", help=_("Everyone in the file."))]
SinceOption = Annotated[
    str | None,
    typer.Option("--since", metavar=_("DATE"), help=_("From this date (YYYY-MM-DD, -30d, ...).")),
]
UntilOption = Annotated[
    str | None, typer.Option("--until", metavar=_("DATE"), help=_("Up to and including this date."))
]
PeriodOption = Annotated[
    str | None,
    typer.Option(
        "--period",
        metavar=_("PERIOD"),
        help=_("2026, 2026-Q3, 2026-11, 2026-W48, this-week, last-month, last-30-days, all, ..."),
    ),
]


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


def who(rt: Runtime, person: str | None, team: str | None, all_: bool) -> tuple[str, ...] | None:
    """The people a listing or report covers: None means everyone (or the team's filter)."""
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
