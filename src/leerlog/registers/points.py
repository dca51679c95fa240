"""Points of a registration: which activity counts where, the points per category, the forecast.

Pure: a profile (with the minima that hold), the registration's start, today and the person's
activities in, a Status out.

The period runs from the start for the profile's years: from START to the day before the same
date YEARS later (five years from 2024-01-01 end on 2028-12-31; from 29 February, the day
before 1 March). An activity counts when it is dated within the period and not after today, its
type is not one the profile excludes, and a category takes it: the first category (in the
file's order) that names its type, else the first that names its 70:20:10 category, in either
case only a category whose need for an accreditation it meets (an activity is accredited when
it has an accreditation id). Else it is not counted, with a reason: after_today,
before_period, after_period, excluded or no_category.

Points: per category the minutes are summed, then turned into tenths of a point once,
tenths = round-half-up(minutes * 10 / minutes_per_point), in whole numbers; a cap (in points)
applies after that. The total is the sum of the categories' tenths after their caps. An
activity's own points are computed from its minutes the same way.

The forecast of a category with a minimum, at the pace of the last 365 days:
  pace       = the minutes of the category's counted activities dated today-364 .. today
  remaining  = minimum * minutes_per_point - the category's counted minutes (before a cap)
  remaining <= 0: reached; the forecast date is the date of the activity with which the running
             total (by date) reached the minimum, and the shortfall is 0;
  pace = 0:  no forecast date; the shortfall at the deadline is all that remains;
  otherwise: days = ceil(remaining * 365 / pace), the date is today + days; on or before the
             deadline it is the forecast date (shortfall 0), after it there is no forecast
             date and the shortfall is remaining - pace * (deadline - today).days / 365
             (in tenths, rounded half up; no days left when the deadline has passed).
The total (when the profile has minimum_total) is forecast alike, from every counted activity,
with each category's minutes held at its cap.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from leerlog.registers.status import CategoryStatus, Counted, NotCounted, Status

if TYPE_CHECKING:
    from leerlog.domain.models import Activity
    from leerlog.registers.profile import Category, Profile

REASONS = ("after_today", "before_period", "after_period", "excluded", "no_category")
PACE_DAYS = 365


def period_end(start: dt.date, years: int) -> dt.date:
    """The last day of a period of YEARS calendar years from START."""
    try:
        anniversary = start.replace(year=start.year + years)
    except ValueError:  # 29 February, in a year without one
        anniversary = dt.date(start.year + years, 3, 1)
    return anniversary - dt.timedelta(days=1)


def tenths(minutes: int, minutes_per_point: int) -> int:
    """MINUTES as tenths of a point, rounded half up, in whole numbers."""
    return (minutes * 20 + minutes_per_point) // (minutes_per_point * 2)


def _half_up(value: Fraction) -> int:
    return (2 * value.numerator + value.denominator) // (2 * value.denominator)


def _accredited(activity: Activity) -> bool:
    return bool((activity.accreditation or "").strip())


def assign(
    activity: Activity, profile: Profile, start: dt.date, end: dt.date, today: dt.date
) -> str:
    """The key of the category ACTIVITY counts in, or the reason it counts nowhere (REASONS)."""
    if activity.date > today:
        return "after_today"
    if activity.date < start:
        return "before_period"
    if activity.date > end:
        return "after_period"
    if activity.type is not None and activity.type in profile.excluded_types:
        return "excluded"
    accredited = _accredited(activity)
    if activity.type is not None:
        for category in profile.categories:
            if activity.type in category.types and (accredited or not category.accredited):
                return category.key
    for category in profile.categories:
        if activity.category in category.categories and (accredited or not category.accredited):
            return category.key
    return "no_category"


@dataclass(frozen=True)
class Forecast:
    remaining_tenths: int | None
    date: dt.date | None
    shortfall_tenths: int | None


def forecast(
    events: Sequence[tuple[dt.date, int]],
    minimum: int | None,
    minutes_per_point: int,
    today: dt.date,
    deadline: dt.date,
) -> Forecast:
    """The forecast for MINIMUM points from EVENTS, (date, minutes) oldest first (see above)."""
    if minimum is None:
        return Forecast(None, None, None)
    needed = minimum * minutes_per_point
    remaining = needed - sum(minutes for _date, minutes in events)
    if remaining <= 0:
        running = 0
        reached: dt.date | None = None  # a minimum of 0 is met before any activity
        for date, minutes in events:
            running += minutes
            if running >= needed:
                reached = date
                break
        return Forecast(0, reached, 0)
    remaining_tenths = tenths(remaining, minutes_per_point)
    first = today - dt.timedelta(days=PACE_DAYS - 1)
    pace = sum(minutes for date, minutes in events if first <= date <= today)
    if pace == 0:
        return Forecast(remaining_tenths, None, remaining_tenths)
    days = -(-remaining * PACE_DAYS // pace)  # ceil
    date = today + dt.timedelta(days=days)
    if date <= deadline:
        return Forecast(remaining_tenths, date, 0)
    left = max((deadline - today).days, 0)
    short = (Fraction(remaining) - Fraction(pace * left, PACE_DAYS)) * 10 / minutes_per_point
    return Forecast(remaining_tenths, None, _half_up(short))


def _capped(
    counted: Sequence[tuple[Category, Activity]], minutes_per_point: int
) -> list[tuple[dt.date, int]]:
    """The counted minutes by date, each category's held at its cap (for the total)."""
    room = {
        category.key: None if category.cap is None else category.cap * minutes_per_point
        for category, _activity in counted
    }
    events = []
    for category, activity in counted:
        left = room[category.key]
        minutes = activity.minutes if left is None else min(activity.minutes, left)
        if left is not None:
            room[category.key] = left - minutes
        if minutes:
            events.append((activity.date, minutes))
    return events


def status(
    profile: Profile,
    *,
    person: str,
    number: str | None,
    start: dt.date,
    today: dt.date,
    activities: Iterable[Activity],
) -> Status:
    """How far PERSON's registration with PROFILE (its minima in force) is on TODAY."""
    end = period_end(start, profile.years)
    per_point = profile.minutes_per_point
    by_key = {category.key: category for category in profile.categories}
    counted: dict[str, list[Activity]] = {key: [] for key in by_key}
    not_counted: list[NotCounted] = []
    for activity in sorted(activities, key=lambda a: (a.date, a.created_at, a.id)):
        where = assign(activity, profile, start, end, today)
        if where in by_key:
            counted[where].append(activity)
        else:
            not_counted.append(NotCounted(activity, where))
    categories = []
    for category in profile.categories:
        mine = counted[category.key]
        minutes = sum(activity.minutes for activity in mine)
        points = tenths(minutes, per_point)
        if category.cap is not None:
            points = min(points, category.cap * 10)
        ahead = forecast(
            [(a.date, a.minutes) for a in mine], category.minimum, per_point, today, end
        )
        not_set = tuple(
            name
            for name, missing in (
                ("minimum", category.minimum_setting and category.minimum is None),
                ("cap", category.cap_setting and category.cap is None),
            )
            if missing
        )
        categories.append(
            CategoryStatus(
                key=category.key,
                label=category.label,
                tenths=points,
                minimum=category.minimum,
                cap=category.cap,
                remaining_tenths=ahead.remaining_tenths,
                forecast_date=ahead.date,
                shortfall_tenths=ahead.shortfall_tenths,
                counted=tuple(Counted(a, tenths(a.minutes, per_point)) for a in mine),
                not_set=not_set,
            )
        )
    total = sum(category.tenths for category in categories)
    everything = sorted(
        ((by_key[key], a) for key, mine in counted.items() for a in mine),
        key=lambda pair: (pair[1].date, pair[1].created_at, pair[1].id),
    )
    overall = forecast(_capped(everything, per_point), profile.minimum_total, per_point, today, end)
    return Status(
        profile=profile.key,
        profile_label=profile.label,
        person=person,
        number=number,
        period_start=start,
        period_end=end,
        today=today,
        minimum_total=profile.minimum_total,
        total_tenths=total,
        categories=tuple(categories),
        not_counted=tuple(not_counted),
        total_remaining_tenths=overall.remaining_tenths,
        total_forecast_date=overall.date,
        total_shortfall_tenths=overall.shortfall_tenths,
    )
