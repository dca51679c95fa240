"""A group session as data: who was present, when it began and ended (pure: no file, no SQL)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from leerlog.domain.errors import InvalidValue
from leerlog.domain.parsing import format_minutes, quote_value
from leerlog.domain.text import name_problem
from leerlog.i18n import _

# 9:30, 09:30, 9.30 (as Dutch people write it) and 9u30.
_CLOCK = re.compile(r"(\d{1,2})[:.u](\d{2})", re.ASCII)
EN_DASH = "\u2013"  # between a start and an end: 09:30-11:00 with the typographic dash
NONE = "-"  # what a sheet or a listing shows for a field without a value


def parse_clock(text: str) -> str:
    """A start time as HH:MM; InvalidValue for anything that is not a time of day."""
    match = _CLOCK.fullmatch(text.strip().lower())
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        raise InvalidValue(
            _("not a time: {value}").format(value=quote_value(text.strip())),
            _("give the start time as HH:MM, e.g. --at 9:30"),
        )
    return f"{int(match[1]):02d}:{match[2]}"


def end_of(start: str, minutes: int) -> str:
    """The time MINUTES after START (HH:MM); past midnight it says so: 23:30 + 90 is 01:00 (+1)."""
    hours, rest = divmod(int(start[:2]) * 60 + int(start[3:]) + minutes, 60)
    days, hours = divmod(hours, 24)
    return f"{hours:02d}:{rest:02d}" + (f" (+{days})" if days else "")


def named(value: str, option: str) -> str:
    """A person's name given with OPTION: stripped; InvalidValue when it cannot be a name."""
    name = value.strip()
    if not name:
        raise InvalidValue(
            _("{option} has an empty name").format(option=option),
            _("give the names separated by commas, e.g. --present anna,bob"),
        )
    problem = name_problem(name)
    if problem is not None:
        raise InvalidValue(
            _("{option} {name}: {problem}").format(
                option=option, name=quote_value(name), problem=problem
            ),
            _("a name has at most 100 characters and no control characters"),
        )
    return name


def present_names(values: list[str]) -> list[str]:
    """Everyone --present names (each value may list several, separated by commas), in the
    order given, each once. An empty list, or an empty name between the commas, is refused."""
    if not any(value.strip(" ,") for value in values):
        raise InvalidValue(
            _("--present names nobody"),
            _("give the names separated by commas, e.g. --present anna,bob"),
        )
    names = [named(name, "--present") for value in values for name in value.split(",")]
    return list(dict.fromkeys(names))


@dataclass(frozen=True)
class Session:
    """One session as listed and shown: its own record, or what its activities say of it."""

    id: str
    category: str
    type: str | None
    title: str
    date: dt.date
    minutes: int
    start: str | None  # HH:MM, when --at was given
    leader: str | None
    series: str | None
    created_by: str | None
    present: int  # the activities that carry its id

    @property
    def end(self) -> str | None:
        return None if self.start is None else end_of(self.start, self.minutes)

    @property
    def time(self) -> str:
        """09:30-11:00 (with an en dash), or the duration alone when the start is not known."""
        if self.start is None:
            return format_minutes(self.minutes)
        return f"{self.start}{EN_DASH}{self.end}"


@dataclass(frozen=True)
class Participant:
    """One line of the attendance list."""

    person: str
    team: str | None
    activity_id: str
    registration: str | None = None  # a register's number for the person, once registers exist


@dataclass(frozen=True)
class Sheet:
    """What the attendance sheet of a session shows."""

    session: Session
    kind: str  # the type (or category) as people read it
    participants: list[Participant]


def sort_key(participant: Participant) -> tuple[str, str]:
    """Names as people look them up on a list: case and accents aside first (Zoë with Zoe)."""
    letters = unicodedata.normalize("NFKD", participant.person)
    plain = "".join(char for char in letters if not unicodedata.combining(char))
    return plain.casefold(), participant.person
