"""Read durations and dates the way people type them, and write durations back."""

from __future__ import annotations

import re
from datetime import date, timedelta
from fractions import Fraction

from leerlog.domain.errors import InvalidValue
from leerlog.i18n import _

# Nothing a person types for a duration or a date is longer than this; rejecting longer input
# up front keeps absurd strings from reaching the regexes and the big-number arithmetic.
MAX_INPUT_LENGTH = 20
# How much of a bad value an error message repeats, so a pasted paragraph stays one short line.
_SHOWN_LENGTH = 30


def duration_hint() -> str:
    """What to type for a duration, in the chosen language."""
    return _("use minutes (45), hours and minutes (1h30, 1u30, 1:30) or hours (1.5h, 2u)")


def date_hint() -> str:
    """What to type for a date, in the chosen language."""
    return _(
        "use YYYY-MM-DD, D-M-YYYY, today/vandaag, yesterday/gisteren, a weekday (maandag) "
        "or -3d (3 days ago)"
    )


# re.ASCII: \d must not match other scripts' digits (int() accepts Arabic-Indic ones; nobody
# means them in a duration).
_FLAGS = re.ASCII
_MINUTES = re.compile(r"(\d+)\s*(?:m|min)?", _FLAGS)
_HOURS_MINUTES = re.compile(r"(\d+)\s*[hu]\s*(\d{1,2})\s*(?:m|min)?", _FLAGS)
_CLOCK = re.compile(r"(\d+):(\d{2})", _FLAGS)
_HOURS = re.compile(r"(\d+)(?:[.,](\d+))?\s*[hu]", _FLAGS)

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})", _FLAGS)
_DUTCH_DATE = re.compile(r"(\d{1,2})-(\d{1,2})(?:-(\d{4}))?", _FLAGS)  # D-M-YYYY and D-M
_DAYS_AGO = re.compile(r"-(\d+)\s*d", _FLAGS)
_WEEKS_AGO = re.compile(r"-(\d+)\s*w", _FLAGS)
# Days before today (negative: after it).
_DATE_WORDS = {
    "today": 0, "vandaag": 0, "yesterday": 1, "gisteren": 1, "eergisteren": 2,
    "tomorrow": -1, "morgen": -1, "overmorgen": -2,
}  # fmt: skip
_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6, "maandag": 0, "dinsdag": 1, "woensdag": 2, "donderdag": 3, "vrijdag": 4,
    "zaterdag": 5, "zondag": 6,
}  # fmt: skip


def quote_value(text: str) -> str:
    """Quote a typed value for an error message, shortened when it is long."""
    if len(text) > _SHOWN_LENGTH:
        return repr(text[:_SHOWN_LENGTH] + "...")
    return repr(text)


def _clean(text: str) -> str:
    return text.strip().lower()


def parse_minutes(text: str) -> int:
    """Turn '45', '1h30', '1u30', '1:30', '1.5h' or '2u' into minutes; no range check here."""
    cleaned = _clean(text)

    def bad(hint: str | None = None) -> InvalidValue:
        message = _("not a duration: {value}").format(value=quote_value(text.strip()))
        return InvalidValue(message, duration_hint() if hint is None else hint)

    if not cleaned or len(cleaned) > MAX_INPUT_LENGTH:
        raise bad()
    if cleaned.startswith("-") and _looks_like_duration(cleaned[1:]):
        # TRANSLATORS: {hint} is the sentence "use minutes (45), hours and minutes ...".
        raise bad(_("a duration cannot be negative; {hint}").format(hint=duration_hint()))

    if match := _MINUTES.fullmatch(cleaned):
        return int(match[1])
    if match := _HOURS_MINUTES.fullmatch(cleaned) or _CLOCK.fullmatch(cleaned):
        minutes = int(match[2])
        if minutes > 59:
            raise bad(
                _("the minutes after the hours must be 0 to 59; {hint}").format(
                    hint=duration_hint()
                )
            )
        return int(match[1]) * 60 + minutes
    if match := _HOURS.fullmatch(cleaned):
        fraction = match[2] or ""
        hours = Fraction(int(match[1])) + Fraction(int(fraction or 0), 10 ** len(fraction))
        return _round_half_up(hours * 60)
    raise bad()


def _looks_like_duration(text: str) -> bool:
    patterns = (_MINUTES, _HOURS_MINUTES, _CLOCK, _HOURS)
    return any(pattern.fullmatch(text) for pattern in patterns)


def _round_half_up(value: Fraction) -> int:
    # round() sends halves to the even neighbour (0.075h = 4.5 min -> 4); people expect 5.
    return (2 * value.numerator + value.denominator) // (2 * value.denominator)


def parse_date(text: str, today: date) -> date:
    """Turn 'YYYY-MM-DD', 'D-M-YYYY', 'D-M' (this year), today/vandaag, yesterday/gisteren,
    eergisteren, tomorrow/morgen, overmorgen, a weekday (the most recent one, today included),
    '-3d' or '-2w' into a date; no range check here."""
    cleaned = _clean(text)
    message = _("not a date: {value}").format(value=quote_value(text.strip()))
    if len(cleaned) > MAX_INPUT_LENGTH:
        raise InvalidValue(message, date_hint())

    if match := _ISO_DATE.fullmatch(cleaned) or _DUTCH_DATE.fullmatch(cleaned):
        try:
            if match.re is _ISO_DATE:
                return date(int(match[1]), int(match[2]), int(match[3]))
            year = int(match[3]) if match[3] else today.year
            return date(year, int(match[2]), int(match[1]))
        except ValueError:
            # TRANSLATORS: {hint} is the sentence "use YYYY-MM-DD, today/vandaag, ...".
            hint = _("that day is not in the calendar; {hint}").format(hint=date_hint())
            raise InvalidValue(message, hint) from None

    days_ago: int | None = _DATE_WORDS.get(cleaned)
    if days_ago is None and cleaned in _WEEKDAYS:
        days_ago = (today.weekday() - _WEEKDAYS[cleaned]) % 7
    if days_ago is None and (match := _DAYS_AGO.fullmatch(cleaned)):
        days_ago = int(match[1])
    if days_ago is None and (match := _WEEKS_AGO.fullmatch(cleaned)):
        days_ago = int(match[1]) * 7
    if days_ago is None:
        raise InvalidValue(message, date_hint())
    try:
        return today - timedelta(days=days_ago)
    except (OverflowError, ValueError):
        hint = _("that is too many days ago; {hint}").format(hint=date_hint())
        raise InvalidValue(message, hint) from None


def format_minutes(minutes: int) -> str:
    """Write minutes the way parse_minutes reads them: 45 -> '45m', 90 -> '1h30', 120 -> '2h'."""
    if minutes < 0:
        return "-" + format_minutes(-minutes)
    hours, rest = divmod(minutes, 60)
    if hours == 0:
        return f"{rest}m"
    if rest == 0:
        return f"{hours}h"
    return f"{hours}h{rest:02d}"
