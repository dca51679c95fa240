"""The arithmetic of a timer: times of day typed with --at, local and UTC time, and minutes.

A timer's start is stored in UTC, so that its length is right across a change to or from
summer time and for a colleague in another time zone who shares the file; it is read, shown
and given its date in the local time zone of whoever looks at it.
"""

from __future__ import annotations

import datetime as dt
import re

from leerlog.domain.errors import DataProblem, InvalidValue
from leerlog.i18n import _

# 9:30, 09:30 and 9.30 (as Dutch people write a time); the hours 0 to 23.
_TIME_OF_DAY = re.compile(r"([01]?[0-9]|2[0-3])[:.]([0-5][0-9])")
MINUTE_MS = 60_000


def time_of_day(text: str) -> dt.time:
    """The time of day an --at value names; InvalidValue (exit 2) when it is not one."""
    found = _TIME_OF_DAY.fullmatch(text.strip())
    if found is None:
        raise InvalidValue(
            _("not a time of day: {value}").format(value=repr(text)),
            _("give it as HH:MM, e.g. --at 9:30 or --at 16:45"),
        )
    return dt.time(int(found[1]), int(found[2]))


def local(day: dt.date, time: dt.time) -> dt.datetime:
    """DAY at TIME in the local time zone (its offset on that day, summer time included)."""
    return dt.datetime.combine(day, time).astimezone()


def stamp(moment: dt.datetime) -> str:
    """MOMENT as stored: UTC ISO 8601 to the millisecond, like every timestamp in the file."""
    text = moment.astimezone(dt.UTC).isoformat(timespec="milliseconds")
    return text.replace("+00:00", "Z")


def read_stamp(text: str) -> dt.datetime:
    """A stored timestamp as a moment in the local time zone."""
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone()


def clock_time(moment: dt.datetime, now: dt.datetime) -> str:
    """MOMENT as people read it: 09:30 today, with its date on another day."""
    moment = moment.astimezone()
    if moment.date() == now.astimezone().date():
        return moment.strftime("%H:%M")
    return moment.strftime("%Y-%m-%d %H:%M")


def started(now: dt.datetime, at: str | None) -> dt.datetime:
    """When a timer started: now, or at --at HH:MM today, which may not be later than now."""
    if at is None:
        return now
    begin = local(now.date(), time_of_day(at))
    if begin > now:
        raise InvalidValue(
            _("--at {time} is later than now ({now})").format(
                time=at.strip(), now=now.strftime("%H:%M")
            ),
            _("a timer starts now or earlier today; for another day use 'leerlog add'"),
        )
    return begin


def ended(begin: dt.datetime, now: dt.datetime, at: str | None) -> dt.datetime:
    """When a timer stopped: now, or at --at HH:MM on the day it started (the next day for a
    timer that ran past midnight); not before its start, nor later than now."""
    if at is None:
        if now < begin - dt.timedelta(minutes=1):
            raise DataProblem(
                _("the timer started at {start}, later than now ({now}); is a clock wrong?").format(
                    start=clock_time(begin, now), now=now.strftime("%Y-%m-%d %H:%M")
                ),
                _("check the clock of this computer, or remove the timer with 'leerlog cancel'"),
            )
        return max(now, begin)  # a clock a few seconds behind the one that started it
    time = time_of_day(at)
    first_day = begin.astimezone().date()
    end = local(first_day, time)
    if _minute(end) < _minute(begin) and first_day < now.date():
        end = local(first_day + dt.timedelta(days=1), time)
    end = not_before(begin, end, at, now)
    if end > now:
        raise InvalidValue(
            _("--at {time} is later than now ({now})").format(
                time=at.strip(), now=now.strftime("%H:%M")
            ),
            _("stop it when it has ended, or give the time it ended"),
        )
    return end


def not_before(begin: dt.datetime, end: dt.datetime, at: str, now: dt.datetime) -> dt.datetime:
    """END, which --at AT gave, unless it is before BEGIN, a timer's start (to the minute)."""
    if _minute(end) < _minute(begin):
        raise InvalidValue(
            _("--at {time} is before the timer started ({start})").format(
                time=at.strip(), start=clock_time(begin, now)
            ),
            _("give the time it ended, at or after its start"),
        )
    return max(end, begin)


def _minute(moment: dt.datetime) -> dt.datetime:
    """MOMENT to the minute: --at 09:30 stops a timer started at 09:30:40 (as one minute)."""
    return moment.replace(second=0, microsecond=0)


def minutes_between(begin: dt.datetime, end: dt.datetime) -> int:
    """The minutes from BEGIN to END, rounded to the nearest (half a minute up), at least 1.

    Counted in whole milliseconds (as stored), so 29.999 seconds round down and 30 seconds up.
    """
    elapsed = end - begin
    ms = (elapsed.days * 86_400 + elapsed.seconds) * 1000 + elapsed.microseconds // 1000
    return max(1, (ms + MINUTE_MS // 2) // MINUTE_MS)
