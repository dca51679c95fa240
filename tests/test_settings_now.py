""" "Now" for reproducible runs: LEERLOG_NOW beside LEERLOG_TODAY, and what each fixes."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from leerlog.domain.errors import ConfigError
from leerlog.settings import load


@pytest.fixture
def amsterdam() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TZ", "Europe/Amsterdam")
        time.tzset()
        yield
    time.tzset()


def settings(tmp_path: Path, **env: str):  # type: ignore[no-untyped-def]
    return load(env={"LEERLOG_CONFIG": str(tmp_path / "none.toml"), "LEERLOG_PERSON": "a", **env})


def test_leerlog_now_is_a_local_date_and_time(tmp_path: Path, amsterdam: None) -> None:
    now = settings(tmp_path, LEERLOG_NOW="2026-11-27T09:30").now
    assert now.isoformat() == "2026-11-27T09:30:00+01:00"
    assert settings(tmp_path, LEERLOG_NOW=" 2026-07-01T09:30:15.5 ").now.isoformat() == (
        "2026-07-01T09:30:15.500000+02:00"
    )
    # With an offset of its own it is the same moment, in local time.
    assert settings(tmp_path, LEERLOG_NOW="2026-11-27T09:30Z").now.isoformat() == (
        "2026-11-27T10:30:00+01:00"
    )


def test_today_follows_leerlog_now_unless_leerlog_today_is_set(tmp_path: Path) -> None:
    assert settings(tmp_path, LEERLOG_NOW="2026-11-27T23:59").today == dt.date(2026, 11, 27)
    both = settings(tmp_path, LEERLOG_NOW="2026-11-27T09:30", LEERLOG_TODAY="2026-12-01")
    assert (both.today, both.now.date()) == (dt.date(2026, 12, 1), dt.date(2026, 11, 27))


def test_leerlog_today_alone_puts_the_clock_on_its_date(tmp_path: Path) -> None:
    before = dt.datetime.now().astimezone()
    now = settings(tmp_path, LEERLOG_TODAY="2026-11-27").now
    after = dt.datetime.now().astimezone()
    assert now.date() == dt.date(2026, 11, 27) and now.tzinfo is not None
    assert before.time() <= now.time() <= after.time() or after.date() != before.date()


@pytest.mark.parametrize("given", [{}, {"LEERLOG_NOW": ""}])
def test_without_either_now_is_the_clock(tmp_path: Path, given: dict[str, str]) -> None:
    before = dt.datetime.now().astimezone()
    now = settings(tmp_path, **given).now
    assert before <= now <= dt.datetime.now().astimezone()


@pytest.mark.parametrize(
    "given", ["straks", "2026-11-27", "27-11-2026 09:30", "2026-11-27T25:00", "09:30", "now"]
)
def test_a_bad_leerlog_now_is_a_usage_error(tmp_path: Path, given: str) -> None:
    with pytest.raises(ConfigError) as raised:
        settings(tmp_path, LEERLOG_NOW=given)
    assert raised.value.exit_code == 2
    assert raised.value.message == f"LEERLOG_NOW is not a date and time: {given!r}"
    assert raised.value.hint == "set it as YYYY-MM-DDTHH:MM (local time), or unset it"
