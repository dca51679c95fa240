"""Turn --period, --since and --until into the span of days a report or an export covers."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from leerlog.domain.errors import InvalidValue
from leerlog.domain.parsing import parse_date, quote_value
from leerlog.domain.words import nearest
from leerlog.i18n import _


def period_hint() -> str:
    """What to type for a period, in the chosen language."""
    return _(
        "use 2026, 2026-Q3, 2026-11, 2026-W48, this-week, last-week, this-month, last-month, "
        "this-quarter, last-quarter, this-year, last-year, last-30-days or all"
    )


# Nothing in the grammar is longer than this; longer input is rejected before any regex runs.
_MAX_PERIOD_LENGTH = 20
_FIRST_YEAR, _LAST_YEAR = 1000, 9999
_DEFAULT_DAYS = 365
_RECENT_DAYS = 30

# re.ASCII: only 0-9 count as digits, not the digits of other scripts.
_YEAR = re.compile(r"(\d{4})", re.ASCII)
_QUARTER = re.compile(r"(\d{4})-q(\d)", re.ASCII)
_MONTH = re.compile(r"(\d{4})-(\d{2})", re.ASCII)
_WEEK = re.compile(r"(\d{4})-w(\d{2})", re.ASCII)

RELATIVE_NAMES = (
    "this-week", "last-week", "this-month", "last-month", "this-quarter", "last-quarter",
    "this-year", "last-year", "last-30-days", "all",
)  # fmt: skip
DUTCH_NAMES = {
    "deze-week": "this-week", "vorige-week": "last-week", "deze-maand": "this-month",
    "vorige-maand": "last-month", "dit-kwartaal": "this-quarter", "vorig-kwartaal": "last-quarter",
    "dit-jaar": "this-year", "vorig-jaar": "last-year", "laatste-30-dagen": "last-30-days",
    "alles": "all",
}  # fmt: skip


@dataclass(frozen=True)
class Period:
    """A span of days, both ends included; an open end follows the data (see resolve)."""

    start: date | None  # None: from the earliest activity
    end: date | None  # None: up to today or the latest activity, whichever is later
    name: str  # what {period} becomes in output file names; "" until resolved (see label)

    def resolve(self, earliest: date | None, latest: date | None, today: date) -> tuple[date, date]:
        """Concrete (start, end) for output: open start -> earliest or today; open end ->
        max(today, latest or today). An open side never crosses the other side, so start <= end
        whenever the closed sides are in order."""
        end = self.end
        if end is None:
            end = max(today, latest or today)
            if self.start is not None:
                end = max(end, self.start)
        start = self.start
        if start is None:
            start = min(earliest or today, end)
        return start, end

    def label(self, start: date, end: date) -> str:
        """The period's name, or START_END for a span given by --since/--until."""
        return self.name or f"{start.isoformat()}_{end.isoformat()}"

    def contains(self, day: date) -> bool:
        """Whether the day falls in the period; an open side lets every day through."""
        after_start = self.start is None or self.start <= day
        before_end = self.end is None or day <= self.end
        return after_start and before_end


def _bad_period(text: str, hint: str | None = None) -> InvalidValue:
    value = quote_value(text.strip())
    suggestion = nearest(text, (*RELATIVE_NAMES, *DUTCH_NAMES)) if hint is None else None
    if suggestion is not None:
        message = _("not a period: {value}; did you mean {suggestion}?").format(
            value=value, suggestion=repr(suggestion)
        )
    else:
        message = _("not a period: {value}").format(value=value)
    return InvalidValue(message, period_hint() if hint is None else hint)


def _year(text: str, digits: str) -> int:
    year = int(digits)
    if not _FIRST_YEAR <= year <= _LAST_YEAR:
        hint = _("use a year from {first} to {last}").format(first=_FIRST_YEAR, last=_LAST_YEAR)
        raise _bad_period(text, hint)
    return year


def _shift(day: date, days: int) -> date:
    # Only reachable near date.min/date.max, but a traceback is never the right answer.
    try:
        return day + timedelta(days=days)
    except OverflowError:
        message = _("the period around {day} falls outside the calendar").format(day=day)
        raise InvalidValue(message) from None


def _year_period(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31), f"{year:04d}")


def _month_period(year: int, month: int) -> Period:
    last_day = calendar.monthrange(year, month)[1]
    return Period(date(year, month, 1), date(year, month, last_day), f"{year:04d}-{month:02d}")


def _quarter_period(year: int, quarter: int) -> Period:
    first_month = 3 * quarter - 2
    start = date(year, first_month, 1)
    end = _month_period(year, first_month + 2).end
    return Period(start, end, f"{year:04d}-Q{quarter}")


def _week_period(year: int, week: int) -> Period:
    monday = date.fromisocalendar(year, week, 1)
    return Period(monday, _shift(monday, 6), f"{year:04d}-W{week:02d}")


def _week_of(day: date) -> Period:
    iso = day.isocalendar()
    return _week_period(iso.year, iso.week)


def _previous_month(day: date) -> tuple[int, int]:
    return (day.year, day.month - 1) if day.month > 1 else (day.year - 1, 12)


def _range(start: date, end: date) -> Period:
    return Period(start, end, f"{start.isoformat()}_{end.isoformat()}")


def _relative_period(word: str, today: date) -> Period | None:
    quarter = (today.month - 1) // 3 + 1
    match word:
        case "this-week":
            return _week_of(today)
        case "last-week":
            return _week_of(_shift(today, -7))
        case "this-month":
            return _month_period(today.year, today.month)
        case "last-month":
            return _month_period(*_previous_month(today))
        case "this-quarter":
            return _quarter_period(today.year, quarter)
        case "last-quarter":
            if quarter == 1:
                return _quarter_period(today.year - 1, 4)
            return _quarter_period(today.year, quarter - 1)
        case "this-year":
            return _year_period(today.year)
        case "last-year":
            return _year_period(today.year - 1)
        case "last-30-days":
            return _range(_shift(today, 1 - _RECENT_DAYS), today)
        case "all":
            return Period(None, None, "all")
    return None


def parse_period(text: str, today: date) -> Period:
    """Read the --period grammar: 2026, 2026-Q3, 2026-11, 2026-W48, this-/last-week, -month,
    -quarter, -year, last-30-days or all; relative names come back under their concrete name."""
    cleaned = text.strip().lower()
    if len(cleaned) > _MAX_PERIOD_LENGTH:
        raise _bad_period(text)
    cleaned = DUTCH_NAMES.get(cleaned, cleaned)
    try:
        relative = _relative_period(cleaned, today)
    except ValueError:
        # date() refuses year 0 and 10000: a relative period next to the ends of the calendar.
        message = _("{period} falls outside the calendar on {today}").format(
            period=cleaned, today=today
        )
        raise InvalidValue(message) from None
    if relative is not None:
        return relative

    if match := _YEAR.fullmatch(cleaned):
        return _year_period(_year(text, match[1]))
    if match := _QUARTER.fullmatch(cleaned):
        year, quarter = _year(text, match[1]), int(match[2])
        if not 1 <= quarter <= 4:
            raise _bad_period(text, _("quarters run from Q1 to Q4"))
        return _quarter_period(year, quarter)
    if match := _MONTH.fullmatch(cleaned):
        year, month = _year(text, match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise _bad_period(text, _("months run from 01 to 12"))
        return _month_period(year, month)
    if match := _WEEK.fullmatch(cleaned):
        year, week = _year(text, match[1]), int(match[2])
        try:
            return _week_period(year, week)
        except ValueError:
            weeks = date(year, 12, 28).isocalendar().week  # 28 December is always in the last week
            hint = _("{year} has ISO weeks W01 to W{last}").format(year=year, last=f"{weeks:02d}")
            raise _bad_period(text, hint) from None
    raise _bad_period(text)


def select_period(
    period: str | None,
    since: str | None,
    until: str | None,
    today: date,
    *,
    default: Literal["last-365-days", "all"],
) -> Period:
    """Combine --period, --since and --until into one Period; with none given, use the default."""
    if period is not None:
        if since is not None or until is not None:
            raise InvalidValue(
                _("use either --period or --since/--until"),
                _("--period already names a whole span"),
            )
        return parse_period(period, today)

    start = parse_date(since, today) if since is not None else None
    end = parse_date(until, today) if until is not None else None
    if start is not None and end is not None:
        if start > end:
            raise InvalidValue(
                _("the period starts after it ends: {start} is after {end}").format(
                    start=start, end=end
                ),
                _("swap --since and --until"),
            )
        return _range(start, end)
    # A one-sided span is named START_END once its open side is resolved (see label).
    if start is not None:
        return Period(start, None, "")
    if end is not None:
        return Period(None, end, "")

    if default == "all":
        return Period(None, None, "all")
    if default == "last-365-days":
        return _range(_shift(today, 1 - _DEFAULT_DAYS), today)
    raise ValueError(f"unknown default period: {default!r}")  # a programming error, not input
