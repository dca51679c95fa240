"""A timer's arithmetic: --at times of day, the minutes it ran, and local time around summer time."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leerlog.domain.errors import DataProblem, InvalidValue
from leerlog.timers.clock import (
    ended,
    minutes_between,
    read_stamp,
    stamp,
    started,
    time_of_day,
)

UTC = dt.UTC


@pytest.fixture
def amsterdam() -> Iterator[None]:
    """The local time zone is Europe/Amsterdam (summer time ends on 2026-10-25 at 03:00)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TZ", "Europe/Amsterdam")
        time.tzset()
        yield
    time.tzset()


def local(text: str) -> dt.datetime:
    """A local date and time, as LEERLOG_NOW gives one."""
    return dt.datetime.fromisoformat(text).astimezone()


def at_seconds(seconds: float) -> tuple[dt.datetime, dt.datetime]:
    begin = dt.datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    return begin, begin + dt.timedelta(seconds=seconds)


# --- the minutes it ran: the nearest minute, half a minute up, at least 1 ------------------------


@pytest.mark.parametrize(
    ("seconds", "minutes"),
    [
        (0, 1), (1, 1), (29.5, 1), (30, 1), (59, 1), (89.5, 1), (89.999, 1), (90, 2),
        (90.001, 2), (149.5, 2), (150, 3), (45 * 60 + 29.999, 45), (45 * 60 + 30, 46),
        (1440 * 60, 1440), (1440 * 60 + 29.999, 1440), (1440 * 60 + 30, 1441),
    ],
)  # fmt: skip
def test_minutes_are_rounded_to_the_nearest_and_at_least_one(seconds: float, minutes: int) -> None:
    assert minutes_between(*at_seconds(seconds)) == minutes


@given(st.integers(min_value=0, max_value=3 * 86_400_000))
def test_rounding_is_never_more_than_half_a_minute_off(ms: int) -> None:
    minutes = minutes_between(*at_seconds(ms / 1000))
    assert minutes >= 1
    assert abs(minutes * 60_000 - ms) <= 30_000 or (minutes == 1 and ms < 30_000)


# --- --at: a time of day --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9:30", (9, 30)),
        ("09:30", (9, 30)),
        ("9.30", (9, 30)),
        (" 23:59 ", (23, 59)),
        ("0:00", (0, 0)),
    ],
)
def test_a_time_of_day(text: str, expected: tuple[int, int]) -> None:
    assert time_of_day(text) == dt.time(*expected)


@pytest.mark.parametrize(
    "text", ["24:00", "9:60", "930", "9:3", "half tien", "", "-1:00", "9:30pm"]
)
def test_what_is_not_a_time_of_day_is_a_usage_error(text: str) -> None:
    with pytest.raises(InvalidValue) as raised:
        time_of_day(text)
    assert raised.value.exit_code == 2
    assert "HH:MM" in (raised.value.hint or "")


def test_start_at_is_earlier_today_never_later_than_now() -> None:
    now = local("2026-11-27T09:30")
    assert started(now, None) == now
    assert started(now, "8:15") == local("2026-11-27T08:15")
    assert started(now, "9:30") == now
    with pytest.raises(InvalidValue, match="later than now"):
        started(now, "9:31")


def test_stop_at_is_on_the_day_it_started() -> None:
    begin = local("2026-11-27T09:00")
    assert ended(begin, local("2026-11-27T12:00"), "10:15") == local("2026-11-27T10:15")
    # Forgotten overnight: the time is on the day it started, not today.
    assert ended(begin, local("2026-11-28T08:00"), "17:00") == local("2026-11-27T17:00")
    with pytest.raises(InvalidValue, match="before the timer started"):
        ended(begin, local("2026-11-27T12:00"), "8:59")
    with pytest.raises(InvalidValue, match="later than now"):
        ended(begin, local("2026-11-27T12:00"), "12:01")


def test_stop_at_the_minute_it_started_is_one_minute() -> None:
    begin = local("2026-11-27T09:30:40")
    end = ended(begin, local("2026-11-27T12:00"), "9:30")
    assert end == begin
    assert minutes_between(begin, end) == 1


def test_stop_at_after_midnight_is_the_next_day() -> None:
    begin = local("2026-11-27T23:00")
    end = ended(begin, local("2026-11-28T01:00"), "0:30")
    assert end == local("2026-11-28T00:30")
    assert minutes_between(begin, end) == 90


def test_a_clock_far_behind_the_start_is_a_data_problem() -> None:
    begin = local("2026-11-27T09:00")
    assert ended(begin, begin - dt.timedelta(seconds=20), None) == begin  # seconds apart: fine
    with pytest.raises(DataProblem, match="is a clock wrong"):
        ended(begin, local("2026-11-27T08:00"), None)


# --- local time and UTC ---------------------------------------------------------------------------


def test_stamps_are_utc_and_read_back_as_the_same_moment(amsterdam: None) -> None:
    moment = local("2026-11-27T09:30:15.250")
    assert stamp(moment) == "2026-11-27T08:30:15.250Z"
    assert read_stamp(stamp(moment)) == moment
    assert read_stamp(stamp(moment)).hour == 9  # shown in local time


def test_the_minutes_across_the_end_of_summer_time_are_the_real_ones(amsterdam: None) -> None:
    # 01:30 summer time to 03:30 winter time: the clock went 03:00 -> 02:00 in between.
    begin, end = local("2026-10-25T01:30"), local("2026-10-25T03:30")
    assert stamp(begin) == "2026-10-24T23:30:00.000Z"
    assert minutes_between(begin, end) == 180
    assert ended(begin, local("2026-10-25T04:00"), "3:30") == end


def test_the_minutes_across_the_start_of_summer_time_are_the_real_ones(amsterdam: None) -> None:
    # 01:30 winter time to 03:30 summer time: the clock went 02:00 -> 03:00 in between.
    assert minutes_between(local("2026-03-29T01:30"), local("2026-03-29T03:30")) == 60
