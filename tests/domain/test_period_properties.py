"""Properties of the period grammar over two centuries of "today": weeks, months, quarters and
years read back and tile the calendar."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st
from test_periods import ONE_DAY, RELATIVE, bounds, days

from leerlog.domain.periods import Period, parse_period, select_period

dates_1900_2100 = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


@given(dates_1900_2100, st.sampled_from(RELATIVE))
def test_relative_period_names_read_back(today: date, text: str) -> None:
    period = parse_period(text, today)
    assert period.start is not None
    assert period.end is not None
    assert period.start <= today
    if text == "last-30-days":
        since, until = str(period.start), str(period.end)
        assert select_period(None, since, until, today, default="all") == period
    else:
        assert parse_period(period.name, today) == period


@given(dates_1900_2100)
def test_weeks(today: date) -> None:
    this, last = parse_period("this-week", today), parse_period("last-week", today)
    for week in (this, last):
        assert days(week) == 7
        monday = bounds(week)[0]
        assert monday.isoweekday() == 1
        iso = monday.isocalendar()
        assert week.name == f"{iso.year}-W{iso.week:02d}"
    assert this.contains(today)
    assert last.end == bounds(this)[0] - ONE_DAY


@given(dates_1900_2100)
def test_months(today: date) -> None:
    this, last = parse_period("this-month", today), parse_period("last-month", today)
    for month in (this, last):
        assert month.start is not None
        assert month.end is not None
        assert month.start.day == 1
        assert month.end.month == month.start.month
        assert (month.end + ONE_DAY).day == 1
        assert 28 <= days(month) <= 31
    assert this.contains(today)
    assert last.end == bounds(this)[0] - ONE_DAY


@given(dates_1900_2100)
def test_quarters(today: date) -> None:
    this, last = parse_period("this-quarter", today), parse_period("last-quarter", today)
    for quarter in (this, last):
        assert quarter.start is not None
        assert quarter.end is not None
        assert quarter.start.day == 1
        assert quarter.start.month in (1, 4, 7, 10)
        assert quarter.end.month == quarter.start.month + 2
        assert (quarter.end + ONE_DAY).day == 1
        assert 90 <= days(quarter) <= 92
        assert quarter.name == f"{quarter.start.year}-Q{(quarter.start.month + 2) // 3}"
    assert this.contains(today)
    assert last.end == bounds(this)[0] - ONE_DAY


@given(dates_1900_2100)
def test_years_and_last_30_days(today: date) -> None:
    this, last = parse_period("this-year", today), parse_period("last-year", today)
    assert this == Period(date(today.year, 1, 1), date(today.year, 12, 31), str(today.year))
    assert last.end == bounds(this)[0] - ONE_DAY
    assert days(last) in (365, 366)
    recent = parse_period("last-30-days", today)
    assert recent.end == today
    assert days(recent) == 30


@given(dates_1900_2100)
def test_default_period_is_365_days(today: date) -> None:
    selected = select_period(None, None, None, today, default="last-365-days")
    assert selected.end == today
    assert days(selected) == 365
    assert selected.name == f"{selected.start}_{today}"
