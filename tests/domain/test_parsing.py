"""Tests for reading durations and dates as people type them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leerlog.domain.errors import InvalidValue
from leerlog.domain.parsing import date_hint, format_minutes, parse_date, parse_minutes

TODAY = date(2026, 11, 27)

# Characters that make up real durations and dates, so generated text often comes close.
NEAR_MISS_ALPHABET = "0123456789hHuUmMinNdD:.,-+ _tTwWqQ\u0663\t\n"
typed_text = st.one_of(
    st.text(),
    st.text(alphabet=NEAR_MISS_ALPHABET, max_size=25),
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("45", 45),
        ("45m", 45),
        ("45min", 45),
        ("45 min", 45),
        ("45M", 45),
        ("45MIN", 45),
        ("1h30", 90),
        ("1h30m", 90),
        ("1h 30m", 90),
        ("1H30", 90),
        ("1h05", 65),
        ("1h5", 65),
        ("1h00", 60),
        ("1h59", 119),
        ("1u30", 90),
        ("1u30m", 90),
        ("1U30", 90),
        ("1.5h", 90),
        ("1,5h", 90),
        ("1.5u", 90),
        ("0.25h", 15),
        ("0,75u", 45),
        ("1.50h", 90),
        ("2u", 120),
        ("2h", 120),
        ("2 h", 120),
        ("1:30", 90),
        ("0:45", 45),
        ("1:00", 60),
        ("1:59", 119),
        ("  45  ", 45),
        ("\t1h30\n", 90),
        # Rounded to the nearest minute, halves up.
        ("0.01h", 1),  # 0.6 minutes
        ("0.1h", 6),
        ("0.333h", 20),  # 19.98 minutes
        ("0.075h", 5),  # 4.5 minutes
        ("0.0125h", 1),  # 0.75 minutes
        ("0.005h", 0),  # 0.3 minutes
        # No range check here: the model enforces 1..1440.
        ("0", 0),
        ("0m", 0),
        ("0h", 0),
        ("1500", 1500),
        ("25h", 1500),
        ("007", 7),
    ],
)
def test_parse_minutes_accepts(text: str, expected: int) -> None:
    assert parse_minutes(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "abc",
        "h",
        "u",
        "m",
        "min",
        "25x",
        "45.5",
        "45,5",
        "1.5",
        ".5h",
        "1.h",
        "1h70",
        "1h60",
        "1u99",
        "1h130",
        "1:60",
        "1:5",
        "1:5:3",
        "1:30:00",
        ":30",
        "1:",
        "-5",
        "-5m",
        "-1h30",
        "-1:30",
        "--3",
        "+5",
        "1h30h",
        "1hh",
        "1 h 30 m 5",
        "\u0663",
        "\u0663\u0660m",
        "4\uff15",
        "1e3",
        "0x10",
        "1_000",
        "45 minutes please",
        "1" * 21,
        "1" * 10_000,
        " " * 10_000 + "x",
    ],
)
def test_parse_minutes_rejects(text: str) -> None:
    with pytest.raises(InvalidValue) as raised:
        parse_minutes(text)
    assert raised.value.message.startswith("not a duration: ")
    assert raised.value.hint


def test_parse_minutes_message_names_the_value() -> None:
    with pytest.raises(InvalidValue) as raised:
        parse_minutes(" 25x ")
    assert raised.value.message == "not a duration: '25x'"
    assert "1h30" in (raised.value.hint or "")


def test_parse_minutes_negative_says_so() -> None:
    with pytest.raises(InvalidValue) as raised:
        parse_minutes("-5")
    assert "negative" in (raised.value.hint or "")


def test_parse_minutes_message_stays_short_for_long_input() -> None:
    with pytest.raises(InvalidValue) as raised:
        parse_minutes("9" * 10_000)
    assert len(raised.value.message) < 80


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-27", date(2026, 11, 27)),
        ("2026-02-28", date(2026, 2, 28)),
        ("2024-02-29", date(2024, 2, 29)),
        ("1999-12-31", date(1999, 12, 31)),
        ("0001-01-01", date(1, 1, 1)),
        ("9999-12-31", date(9999, 12, 31)),
        ("2026-11-28", date(2026, 11, 28)),  # the future is the model's business
        (" 2026-11-27 ", date(2026, 11, 27)),
        ("today", TODAY),
        ("Today", TODAY),
        ("TODAY", TODAY),
        ("vandaag", TODAY),
        ("Vandaag", TODAY),
        ("yesterday", date(2026, 11, 26)),
        ("gisteren", date(2026, 11, 26)),
        ("eergisteren", date(2026, 11, 25)),
        ("EERGISTEREN", date(2026, 11, 25)),
        ("-0d", TODAY),
        ("-1d", date(2026, 11, 26)),
        ("-3d", date(2026, 11, 24)),
        ("-3D", date(2026, 11, 24)),
        ("-3 d", date(2026, 11, 24)),
        ("-27d", date(2026, 10, 31)),
        ("-365d", date(2025, 11, 27)),
        ("  -3d\t", date(2026, 11, 24)),
    ],
)
def test_parse_date_accepts(text: str, expected: date) -> None:
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "gister",
        "31-11-2026",
        "29-2-2026",
        "-w",
        "zondagmiddag",
        "2026-02-30",
        "2026-02-29",
        "2026-13-01",
        "2026-00-10",
        "2026-04-31",
        "0000-01-01",
        "2026-1-05",
        "2026-01-5",
        "26-01-05",
        "20260105",
        "2026/01/05",
        "2026-01-05T10:00",
        "-3",
        "3d",
        "+3d",
        "--3d",
        "-d",
        "-3dd",
        "-3 days",
        "-1.5d",
        "-\u0663d",
        "\u0662\u0660\u0662\u0666-\u0660\u0661-\u0660\u0665",
        "-99999999d",
        "-" + "9" * 18 + "d",
        "x" * 10_000,
    ],
)
def test_parse_date_rejects(text: str) -> None:
    with pytest.raises(InvalidValue) as raised:
        parse_date(text, TODAY)
    assert raised.value.message.startswith("not a date: ")
    assert date_hint() in (raised.value.hint or "")


def test_parse_date_message_names_the_value() -> None:
    with pytest.raises(InvalidValue) as raised:
        parse_date("2026-02-30", TODAY)
    assert raised.value.message == "not a date: '2026-02-30'"


def test_parse_date_far_back_is_invalid_not_overflow() -> None:
    with pytest.raises(InvalidValue):
        parse_date("-1d", date.min)


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [
        (0, "0m"),
        (1, "1m"),
        (45, "45m"),
        (59, "59m"),
        (60, "1h"),
        (65, "1h05"),
        (90, "1h30"),
        (120, "2h"),
        (1439, "23h59"),
        (1440, "24h"),
        (1500, "25h"),
    ],
)
def test_format_minutes(minutes: int, expected: str) -> None:
    assert format_minutes(minutes) == expected


@given(typed_text)
def test_parse_minutes_returns_minutes_or_invalid_value(text: str) -> None:
    try:
        result = parse_minutes(text)
    except InvalidValue:
        return
    assert isinstance(result, int)
    assert result >= 0


@given(typed_text, st.dates())
def test_parse_date_returns_date_or_invalid_value(text: str, today: date) -> None:
    try:
        result = parse_date(text, today)
    except InvalidValue:
        return
    assert isinstance(result, date)
    assert result <= today or text.strip()[:1].isdigit()


@given(st.integers(min_value=0, max_value=1440))
def test_minutes_round_trip(n: int) -> None:
    assert parse_minutes(str(n)) == n
    assert parse_minutes(f"{n}m") == n
    assert parse_minutes(f"{n // 60}h{n % 60:02d}") == n
    assert parse_minutes(f"{n // 60}u{n % 60:02d}") == n
    assert parse_minutes(f"{n // 60}:{n % 60:02d}") == n
    assert parse_minutes(format_minutes(n)) == n


@given(st.integers(min_value=0, max_value=1440))
def test_fractional_hours_round_to_nearest_minute(n: int) -> None:
    hours = f"{n / 60:.4f}"
    assert parse_minutes(hours + "h") == n
    assert parse_minutes(hours.replace(".", ",") + "u") == n


@given(st.dates(), st.dates())
def test_date_round_trip(day: date, today: date) -> None:
    assert parse_date(day.isoformat(), today) == day


@given(st.dates(min_value=date(1900, 1, 1)), st.integers(min_value=0, max_value=600_000))
def test_days_ago(today: date, days: int) -> None:
    try:
        expected = today - timedelta(days=days)
    except OverflowError:
        with pytest.raises(InvalidValue):
            parse_date(f"-{days}d", today)
        return
    assert parse_date(f"-{days}d", today) == expected
