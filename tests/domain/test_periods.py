"""Tests for the period grammar: --period, --since and --until turned into days."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leerlog.domain.errors import InvalidValue
from leerlog.domain.periods import Period, parse_period, select_period

Default = Literal["last-365-days", "all"]

TODAY = date(2026, 11, 27)  # a Friday in ISO week 48
ONE_DAY = timedelta(days=1)

RELATIVE = [
    "this-week",
    "last-week",
    "this-month",
    "last-month",
    "this-quarter",
    "last-quarter",
    "this-year",
    "last-year",
    "last-30-days",
]

NEAR_MISS_ALPHABET = "0123456789-qQwW_:.thisalykmonudrey \u0663"
typed_text = st.one_of(st.text(), st.text(alphabet=NEAR_MISS_ALPHABET, max_size=25))
maybe_text = st.one_of(st.none(), typed_text, st.sampled_from(["-7d", "2026-11-01", "today"]))


def as_date(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def span(start: str | None, end: str | None, name: str | None = None) -> Period:
    """A Period from ISO strings; the name defaults to START_END."""
    return Period(as_date(start), as_date(end), f"{start}_{end}" if name is None else name)


def bounds(period: Period) -> tuple[date, date]:
    assert period.start is not None
    assert period.end is not None
    return period.start, period.end


def days(period: Period) -> int:
    start, end = bounds(period)
    return (end - start).days + 1


@pytest.mark.parametrize(
    ("text", "start", "end", "name"),
    [
        ("2026", date(2026, 1, 1), date(2026, 12, 31), "2026"),
        ("1000", date(1000, 1, 1), date(1000, 12, 31), "1000"),
        ("9999", date(9999, 1, 1), date(9999, 12, 31), "9999"),
        ("2026-Q1", date(2026, 1, 1), date(2026, 3, 31), "2026-Q1"),
        ("2024-q1", date(2024, 1, 1), date(2024, 3, 31), "2024-Q1"),
        ("2026-Q2", date(2026, 4, 1), date(2026, 6, 30), "2026-Q2"),
        ("2026-Q3", date(2026, 7, 1), date(2026, 9, 30), "2026-Q3"),
        ("2026-q3", date(2026, 7, 1), date(2026, 9, 30), "2026-Q3"),
        ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31), "2026-Q4"),
        ("2026-01", date(2026, 1, 1), date(2026, 1, 31), "2026-01"),
        ("2026-02", date(2026, 2, 1), date(2026, 2, 28), "2026-02"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "2024-02"),
        ("2000-02", date(2000, 2, 1), date(2000, 2, 29), "2000-02"),
        ("1900-02", date(1900, 2, 1), date(1900, 2, 28), "1900-02"),
        ("2026-04", date(2026, 4, 1), date(2026, 4, 30), "2026-04"),
        ("2026-11", date(2026, 11, 1), date(2026, 11, 30), "2026-11"),
        ("2026-12", date(2026, 12, 1), date(2026, 12, 31), "2026-12"),
        ("9999-12", date(9999, 12, 1), date(9999, 12, 31), "9999-12"),
        ("2026-W01", date(2025, 12, 29), date(2026, 1, 4), "2026-W01"),
        ("2026-w01", date(2025, 12, 29), date(2026, 1, 4), "2026-W01"),
        ("2026-W48", date(2026, 11, 23), date(2026, 11, 29), "2026-W48"),
        ("2020-W53", date(2020, 12, 28), date(2021, 1, 3), "2020-W53"),
        # 2026 starts on a Thursday, so it has 53 ISO weeks.
        ("2026-W53", date(2026, 12, 28), date(2027, 1, 3), "2026-W53"),
        ("2027-W01", date(2027, 1, 4), date(2027, 1, 10), "2027-W01"),
        ("2025-W52", date(2025, 12, 22), date(2025, 12, 28), "2025-W52"),
        ("2021-W01", date(2021, 1, 4), date(2021, 1, 10), "2021-W01"),
        # Relative periods against Friday 2026-11-27.
        ("this-week", date(2026, 11, 23), date(2026, 11, 29), "2026-W48"),
        ("last-week", date(2026, 11, 16), date(2026, 11, 22), "2026-W47"),
        ("this-month", date(2026, 11, 1), date(2026, 11, 30), "2026-11"),
        ("last-month", date(2026, 10, 1), date(2026, 10, 31), "2026-10"),
        ("this-quarter", date(2026, 10, 1), date(2026, 12, 31), "2026-Q4"),
        ("last-quarter", date(2026, 7, 1), date(2026, 9, 30), "2026-Q3"),
        ("this-year", date(2026, 1, 1), date(2026, 12, 31), "2026"),
        ("last-year", date(2025, 1, 1), date(2025, 12, 31), "2025"),
        ("last-30-days", date(2026, 10, 29), date(2026, 11, 27), "2026-10-29_2026-11-27"),
        ("  Last-Month ", date(2026, 10, 1), date(2026, 10, 31), "2026-10"),
        ("THIS-WEEK", date(2026, 11, 23), date(2026, 11, 29), "2026-W48"),
    ],
)
def test_parse_period(text: str, start: date, end: date, name: str) -> None:
    assert parse_period(text, TODAY) == Period(start, end, name)


@pytest.mark.parametrize("text", ["all", "ALL", " All "])
def test_parse_period_all(text: str) -> None:
    assert parse_period(text, TODAY) == Period(None, None, "all")


@pytest.mark.parametrize(
    ("text", "today", "start", "end", "name"),
    [
        ("last-month", date(2026, 1, 15), date(2025, 12, 1), date(2025, 12, 31), "2025-12"),
        ("last-month", date(2026, 3, 31), date(2026, 2, 1), date(2026, 2, 28), "2026-02"),
        ("this-month", date(2024, 2, 10), date(2024, 2, 1), date(2024, 2, 29), "2024-02"),
        ("last-quarter", date(2026, 2, 14), date(2025, 10, 1), date(2025, 12, 31), "2025-Q4"),
        ("last-quarter", date(2026, 4, 1), date(2026, 1, 1), date(2026, 3, 31), "2026-Q1"),
        ("this-quarter", date(2026, 3, 31), date(2026, 1, 1), date(2026, 3, 31), "2026-Q1"),
        # 2026-01-01 is in 2026-W01, whose week before is the last week of 2025.
        ("this-week", date(2026, 1, 1), date(2025, 12, 29), date(2026, 1, 4), "2026-W01"),
        ("last-week", date(2026, 1, 1), date(2025, 12, 22), date(2025, 12, 28), "2025-W52"),
        ("last-week", date(2021, 1, 5), date(2020, 12, 28), date(2021, 1, 3), "2020-W53"),
        # 2021-01-01 still belongs to 2020-W53.
        ("this-week", date(2021, 1, 1), date(2020, 12, 28), date(2021, 1, 3), "2020-W53"),
        ("this-week", date(2026, 11, 23), date(2026, 11, 23), date(2026, 11, 29), "2026-W48"),
        ("this-week", date(2026, 11, 29), date(2026, 11, 23), date(2026, 11, 29), "2026-W48"),
        ("last-year", date(2026, 1, 1), date(2025, 1, 1), date(2025, 12, 31), "2025"),
        ("last-30-days", date(2026, 3, 1), date(2026, 1, 31), date(2026, 3, 1), None),
        ("last-30-days", date(2024, 3, 1), date(2024, 2, 1), date(2024, 3, 1), None),
    ],
)
def test_relative_periods_at_boundaries(
    text: str, today: date, start: date, end: date, name: str | None
) -> None:
    period = parse_period(text, today)
    assert (period.start, period.end) == (start, end)
    assert period.name == (name or f"{start}_{end}")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "everything",
        "next-month",
        "last-31-days",
        "last-365-days",
        "this week",
        "thisweek",
        "0",
        "26",
        "202",
        "20260",
        "0000",
        "0999",
        "0999-01",
        "2026-Q0",
        "2026-Q5",
        "2026-Q9",
        "2026-Q",
        "2026-Q10",
        "2026Q3",
        "2026-00",
        "2026-13",
        "2026-1",
        "2026-001",
        "2026-W00",
        "2026-W54",
        "2025-W53",
        "2027-W53",
        "2026-W1",
        "2026-W001",
        "2026W48",
        "9999-W52",  # its Sunday would be in the year 10000
        "2026-11-27",
        "2026-11_2026-12",
        "\u0662\u0660\u0662\u0666",
        "2026-\u0660\u0661",
        "2026" * 1000,
    ],
)
def test_parse_period_rejects(text: str) -> None:
    with pytest.raises(InvalidValue) as raised:
        parse_period(text, TODAY)
    assert raised.value.message
    assert "\n" not in raised.value.message


def test_parse_period_message_names_the_value() -> None:
    with pytest.raises(InvalidValue) as raised:
        parse_period("next-month", TODAY)
    assert raised.value.message.startswith("not a period: 'next-month'; did you mean '")
    assert "last-month" in (raised.value.hint or "")


def test_missing_week_53_says_how_many_weeks() -> None:
    with pytest.raises(InvalidValue) as raised:
        parse_period("2025-W53", TODAY)
    assert "W52" in (raised.value.hint or "")


@pytest.mark.parametrize(
    ("text", "today"),
    [("last-year", date(1, 6, 1)), ("last-quarter", date(1, 2, 1)), ("last-week", date.min)],
)
def test_relative_periods_at_the_edge_of_the_calendar(text: str, today: date) -> None:
    with pytest.raises(InvalidValue):
        parse_period(text, today)


@pytest.mark.parametrize(
    ("period", "since", "until", "default", "expected"),
    [
        (None, None, None, "last-365-days", span("2025-11-28", "2026-11-27")),
        (None, None, None, "all", span(None, None, "all")),
        ("2026-Q3", None, None, "last-365-days", span("2026-07-01", "2026-09-30", "2026-Q3")),
        ("all", None, None, "last-365-days", span(None, None, "all")),
        ("last-month", None, None, "all", span("2026-10-01", "2026-10-31", "2026-10")),
        (None, "2026-01-01", "2026-03-15", "all", span("2026-01-01", "2026-03-15")),
        (None, "-7d", "gisteren", "all", span("2026-11-20", "2026-11-26")),
        (None, "today", "vandaag", "all", span("2026-11-27", "2026-11-27")),
        (None, "2026-11-01", None, "last-365-days", span("2026-11-01", None, "")),
        (None, None, "2026-06-30", "last-365-days", span(None, "2026-06-30", "")),
        (None, "eergisteren", None, "all", span("2026-11-25", None, "")),
    ],
)
def test_select_period(
    period: str | None, since: str | None, until: str | None, default: Default, expected: Period
) -> None:
    assert select_period(period, since, until, TODAY, default=default) == expected


def test_default_is_365_days_today_included() -> None:
    selected = select_period(None, None, None, TODAY, default="last-365-days")
    assert days(selected) == 365
    assert selected.end == TODAY


@pytest.mark.parametrize(
    ("period", "since", "until"),
    [("2026", "2026-01-01", None), ("2026", None, "2026-12-31"), ("all", "-7d", "today")],
)
def test_period_with_since_or_until_is_a_usage_error(
    period: str, since: str | None, until: str | None
) -> None:
    with pytest.raises(InvalidValue) as raised:
        select_period(period, since, until, TODAY, default="last-365-days")
    assert raised.value.message == "use either --period or --since/--until"


def test_start_after_end_is_a_usage_error() -> None:
    with pytest.raises(InvalidValue) as raised:
        select_period(None, "2026-03-01", "2026-02-28", TODAY, default="all")
    assert raised.value.message.startswith("the period starts after it ends")
    assert "2026-03-01" in raised.value.message


@pytest.mark.parametrize(
    ("period", "since", "until"),
    [("next-year", None, None), (None, "2026-02-30", None), (None, None, "soon"), ("", None, None)],
)
def test_select_period_passes_on_bad_values(
    period: str | None, since: str | None, until: str | None
) -> None:
    with pytest.raises(InvalidValue):
        select_period(period, since, until, TODAY, default="all")


ALL = span(None, None, "all")
SINCE = span("2026-01-01", None, "")
UNTIL = span(None, "2026-06-30", "")


@pytest.mark.parametrize(
    ("period", "earliest", "latest", "expected"),
    [
        # all, with data: from the first activity up to today or the last activity.
        (ALL, "2024-03-05", "2026-11-01", ("2024-03-05", "2026-11-27")),
        (ALL, "2024-03-05", "2026-11-28", ("2024-03-05", "2026-11-28")),
        # all, without data: just today.
        (ALL, None, None, ("2026-11-27", "2026-11-27")),
        # Closed periods ignore the data.
        (
            span("2026-07-01", "2026-09-30"),
            "2020-01-01",
            "2026-11-28",
            ("2026-07-01", "2026-09-30"),
        ),
        # An open end (--since) follows the data like all does.
        (SINCE, "2020-01-01", "2026-11-28", ("2026-01-01", "2026-11-28")),
        (SINCE, None, None, ("2026-01-01", "2026-11-27")),
        # An open start (--until) follows the data like all does.
        (UNTIL, "2025-02-03", "2026-11-01", ("2025-02-03", "2026-06-30")),
        (UNTIL, None, None, ("2026-06-30", "2026-06-30")),
        # An open side never crosses the closed side.
        (span("2026-12-01", None), None, None, ("2026-12-01", "2026-12-01")),
        (span(None, "2020-01-01"), "2024-01-01", "2026-11-27", ("2020-01-01", "2020-01-01")),
    ],
)
def test_resolve(
    period: Period, earliest: str | None, latest: str | None, expected: tuple[str, str]
) -> None:
    resolved = period.resolve(as_date(earliest), as_date(latest), TODAY)
    assert resolved == (date.fromisoformat(expected[0]), date.fromisoformat(expected[1]))


@pytest.mark.parametrize(
    ("period", "day", "inside"),
    [
        (Period(date(2026, 7, 1), date(2026, 9, 30), "2026-Q3"), date(2026, 7, 1), True),
        (Period(date(2026, 7, 1), date(2026, 9, 30), "2026-Q3"), date(2026, 9, 30), True),
        (Period(date(2026, 7, 1), date(2026, 9, 30), "2026-Q3"), date(2026, 6, 30), False),
        (Period(date(2026, 7, 1), date(2026, 9, 30), "2026-Q3"), date(2026, 10, 1), False),
        (Period(None, None, "all"), date.min, True),
        (Period(None, None, "all"), date.max, True),
        (Period(date(2026, 1, 1), None, ""), date(2025, 12, 31), False),
        (Period(date(2026, 1, 1), None, ""), date(2030, 1, 1), True),
        (Period(None, date(2026, 1, 1), ""), date(2026, 1, 1), True),
        (Period(None, date(2026, 1, 1), ""), date(2026, 1, 2), False),
    ],
)
def test_contains(period: Period, day: date, inside: bool) -> None:
    assert period.contains(day) is inside


@given(typed_text)
def test_parse_period_returns_period_or_invalid_value(text: str) -> None:
    try:
        period = parse_period(text, TODAY)
    except InvalidValue:
        return
    if period.name == "all":
        assert period == Period(None, None, "all")
    else:
        assert period.start is not None
        assert period.end is not None
        assert period.start <= period.end


@given(maybe_text, maybe_text, maybe_text, st.sampled_from(["last-365-days", "all"]))
def test_select_period_returns_period_or_invalid_value(
    period: str | None, since: str | None, until: str | None, default: Default
) -> None:
    try:
        selected = select_period(period, since, until, TODAY, default=default)
    except InvalidValue:
        return
    assert isinstance(selected, Period)
    if selected.start is not None and selected.end is not None:
        assert selected.start <= selected.end
    start, end = selected.resolve(date(2020, 1, 1), TODAY, TODAY)
    assert start <= end
