"""The points computation as pure functions: periods, tenths, where an activity counts, the
forecast, and the minima that hold; every number worked out by hand in the comments."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leerlog.domain.models import Activity
from leerlog.registers.points import assign, forecast, period_end, status, tenths
from leerlog.registers.profile import effective
from leerlog.registers.profile_file import builtin_folder, load_all

D = dt.date
TODAY = D(2026, 11, 27)
PROFILES = load_all(None)


def activity(
    date: dt.date, minutes: int, category: str, type_: str | None = None, accreditation: str = ""
) -> Activity:
    return Activity(
        id=f"{date.isoformat()}-{minutes}-{type_ or category}",
        person="anna",
        date=date,
        category=category,
        type=type_,
        minutes=minutes,
        title="t",
        created_at="2026-01-01T00:00:00Z",
        updated_at="2026-01-01T00:00:00Z",
        accreditation=accreditation or None,
    )


def test_the_three_built_in_profiles_ship_with_their_source_and_check_date() -> None:
    assert sorted(p.name for p in builtin_folder().glob("*.toml")) == [
        "registerplein.toml", "skj-jeugdzorgwerker.toml", "vvn-kwaliteitsregister.toml",
    ]  # fmt: skip
    assert sorted(PROFILES) == ["registerplein", "skj-jeugdzorgwerker", "vvn-kwaliteitsregister"]
    for profile in PROFILES.values():
        assert profile.checked == D(2026, 12, 2)
        assert profile.sources and all(s.startswith("https://") for s in profile.sources)
        assert profile.years == 5 and profile.minutes_per_point == 60


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (D(2024, 1, 1), D(2028, 12, 31)),
        (D(2024, 2, 29), D(2029, 2, 28)),  # no 29 February in 2029: the day before 1 March
        (D(2023, 3, 1), D(2028, 2, 29)),  # the day before 1 March 2028 is the leap day
        (D(2022, 7, 2), D(2027, 7, 1)),
    ],
)
def test_a_period_of_five_calendar_years(start: dt.date, end: dt.date) -> None:
    assert period_end(start, 5) == end


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [(0, 0), (3, 1), (2, 0), (9, 2), (105, 18), (50, 8), (60, 10), (270, 45)],
)
def test_tenths_are_rounded_half_up(minutes: int, expected: int) -> None:
    # 3 min = 0.05 point -> 0.1; 2 min = 0.033 -> 0.0; 9 min = 0.15 -> 0.2; 105 min = 1.75 -> 1.8
    assert tenths(minutes, 60) == expected


def test_where_an_activity_counts_for_skj() -> None:
    skj = PROFILES["skj-jeugdzorgwerker"]
    start, end = D(2024, 1, 1), D(2028, 12, 31)

    def where(item: Activity) -> str:
        return assign(item, skj, start, end, TODAY)

    assert where(activity(D(2026, 1, 1), 60, "formal", "course")) == "scholing"
    assert where(activity(D(2026, 1, 1), 60, "social", "supervisie")) == "reflectie"
    assert where(activity(D(2026, 1, 1), 60, "social", "coaching")) == "vrije-ruimte"
    assert where(activity(D(2026, 1, 1), 60, "experiential")) == "vrije-ruimte"
    assert where(activity(D(2026, 1, 1), 60, "experiential", "self-reflection")) == "excluded"
    assert where(activity(D(2023, 12, 31), 60, "formal")) == "before_period"
    assert where(activity(D(2024, 1, 1), 60, "formal")) == "scholing"
    assert where(activity(D(2026, 11, 28), 60, "formal")) == "after_today"
    assert assign(activity(D(2029, 1, 1), 60, "formal"), skj, start, end, D(2029, 2, 1)) == (
        "after_period"
    )


def test_an_own_type_no_category_names_counts_nowhere() -> None:
    plein = PROFILES["registerplein"]
    item = activity(D(2026, 1, 1), 60, "social", "intervisie")
    assert assign(item, plein, D(2025, 1, 1), D(2029, 12, 31), TODAY) == "reflectie"
    # SKJ with only its first category, scholing, which takes formal activities only
    skj = PROFILES["skj-jeugdzorgwerker"]
    narrowed = replace(skj, categories=skj.categories[:1])
    assert assign(item, narrowed, D(2024, 1, 1), D(2028, 12, 31), TODAY) == "no_category"


def test_vvn_accredited_needs_an_accreditation_id() -> None:
    vvn = PROFILES["vvn-kwaliteitsregister"]
    start, end = D(2022, 7, 2), D(2027, 7, 1)
    with_id = activity(D(2026, 1, 1), 60, "formal", "course", accreditation="ABC")
    without = activity(D(2026, 1, 1), 60, "formal", "course")
    assert assign(with_id, vvn, start, end, TODAY) == "geaccrediteerd"
    assert assign(without, vvn, start, end, TODAY) == "overig"


@pytest.mark.parametrize(
    ("end", "total", "accredited"),
    [(D(2027, 6, 29), 147, 64), (D(2027, 6, 30), 147, 64), (D(2027, 7, 1), 184, 80)],
)
def test_vvn_coulance_for_a_period_ending_before_1_july_2027(
    end: dt.date, total: int, accredited: int
) -> None:
    rules = effective(PROFILES["vvn-kwaliteitsregister"], end, {})
    assert rules.minimum_total == total
    assert rules.categories[0].minimum == accredited


def test_config_overrides_minima_and_caps() -> None:
    config = {"minimum": {"reflectie": 20}, "cap": {"overig": 10}, "minimum_total": 100}
    rules = effective(PROFILES["registerplein"], D(2029, 12, 31), config)
    by_key = {c.key: c for c in rules.categories}
    assert by_key["reflectie"].minimum == 20 and not by_key["reflectie"].minimum_setting
    assert by_key["geaccrediteerd"].minimum is None and by_key["geaccrediteerd"].minimum_setting
    assert by_key["overig"].cap == 10 and not by_key["overig"].cap_setting
    assert rules.minimum_total == 100


def test_forecast_steady_pace() -> None:
    # 60 points = 3600 min; 2400 counted, 1200 of them in the last 365 days; 1200 remain:
    # ceil(1200 * 365 / 1200) = 365 days after 2026-11-27.
    events = [(D(2025, 3, 1), 1200), (D(2026, 3, 1), 1200)]
    result = forecast(events, 60, 60, TODAY, D(2028, 12, 31))
    assert result.date == D(2027, 11, 27)
    assert result.remaining_tenths == 200 and result.shortfall_tenths == 0


def test_forecast_window_is_today_minus_364_to_today() -> None:
    # 2025-11-27 is outside the window, 2025-11-28 inside: pace 100 min. Remaining
    # 600 - 200 = 400 min: ceil(400 * 365 / 100) = 1460 days after today = 2030-11-26.
    events = [(D(2025, 11, 27), 100), (D(2025, 11, 28), 100)]
    result = forecast(events, 10, 60, TODAY, D(2031, 1, 1))
    assert result.date == TODAY + dt.timedelta(days=1460) == D(2030, 11, 26)


def test_forecast_slow_pace_shortfall_at_the_deadline() -> None:
    # 50 points = 3000 min; 300 counted (120 in the window); 2700 remain.
    # 765 days to 2028-12-31: 2700 - 120 * 765 / 365 = 2448.49 min = 40.81 points -> 408 tenths
    events = [(D(2024, 3, 1), 180), (D(2026, 6, 1), 120)]
    result = forecast(events, 50, 60, TODAY, D(2028, 12, 31))
    assert result.date is None
    assert result.remaining_tenths == 450
    assert result.shortfall_tenths == 408


def test_forecast_reached_and_no_pace_and_no_minimum() -> None:
    # 2 points = 120 min: reached with the second activity's 60 minutes
    events = [(D(2026, 2, 1), 60), (D(2026, 3, 1), 60), (D(2026, 4, 1), 60)]
    reached = forecast(events, 2, 60, TODAY, D(2029, 12, 31))
    assert (reached.date, reached.remaining_tenths, reached.shortfall_tenths) == (
        D(2026, 3, 1), 0, 0,
    )  # fmt: skip
    idle = forecast([(D(2024, 2, 1), 60)], 2, 60, TODAY, D(2029, 12, 31))
    assert (idle.date, idle.remaining_tenths, idle.shortfall_tenths) == (None, 10, 10)
    zero = forecast([], 0, 60, TODAY, D(2029, 12, 31))
    assert (zero.date, zero.remaining_tenths, zero.shortfall_tenths) == (None, 0, 0)
    none = forecast(events, None, 60, TODAY, D(2029, 12, 31))
    assert (none.date, none.remaining_tenths, none.shortfall_tenths) == (None, None, None)
    # the deadline has passed: no days left, all that remains is short
    late = forecast([(D(2026, 6, 1), 60)], 2, 60, TODAY, D(2026, 10, 1))
    assert (late.date, late.shortfall_tenths) == (None, 10)


def test_status_caps_and_total_forecast() -> None:
    config = {"minimum": {"geaccrediteerd": 2, "reflectie": 1}, "cap": {"overig": 1}}
    config["minimum_total"] = 5  # type: ignore[assignment]
    rules = effective(PROFILES["registerplein"], D(2029, 12, 31), config)
    items = [
        activity(D(2026, 1, 1), 120, "formal", "course", accreditation="PE"),
        activity(D(2026, 2, 1), 90, "formal", "reading"),
        activity(D(2026, 3, 1), 60, "social", "intervisie"),
    ]
    result = status(
        rules, person="anna", number=None, start=D(2025, 1, 1), today=TODAY, activities=items
    )
    points = {c.key: c.tenths for c in result.categories}
    # geaccrediteerd 120 min = 2.0; overig 90 min = 1.5 held at 1.0; reflectie 60 min = 1.0
    assert points == {"geaccrediteerd": 20, "reflectie": 10, "overig": 10}
    assert result.total_tenths == 40
    # total: 5 points = 300 min; counted 120 + 60 (cap) + 60 = 240; 60 remain. Pace of the
    # last 365 days, overig held at its cap: 240 min. ceil(60 * 365 / 240) = 92 days.
    assert result.total_remaining_tenths == 10
    assert result.total_forecast_date == TODAY + dt.timedelta(days=92)
    assert [c.counted[0].tenths for c in result.categories] == [20, 10, 15]


def test_profile_files_are_read_with_the_log_own_types(tmp_path: Path) -> None:
    folder = tmp_path / "registers"
    folder.mkdir()
    (folder / "eigen.toml").write_text(
        'key = "eigen"\nlabel = "Eigen"\nsources = ["https://example.org/"]\n'
        'checked = 2026-12-01\nyears = 3\n\n[[categories]]\nkey = "pe"\nlabel = "PE"\n'
        'types = ["huisbezoek"]\n',
        encoding="utf-8",
    )
    found = load_all(folder, ["huisbezoek"])
    assert found["eigen"].categories[0].types == ("huisbezoek",)
    assert found["eigen"].path == folder / "eigen.toml"
    assert period_end(D(2026, 1, 1), found["eigen"].years) == D(2028, 12, 31)


@given(
    done=st.integers(0, 6000),
    recent=st.integers(1, 3000),
    minimum=st.integers(1, 200),
    days_left=st.integers(0, 3000),
)
def test_forecast_date_is_the_first_day_the_pace_covers_what_remains(
    done: int, recent: int, minimum: int, days_left: int
) -> None:
    events = [(D(2020, 1, 1), done), (TODAY, recent)]
    deadline = TODAY + dt.timedelta(days=days_left)
    result = forecast(events, minimum, 60, TODAY, deadline)
    remaining = minimum * 60 - done - recent
    if remaining <= 0:
        assert result.shortfall_tenths == 0 and result.date is not None
        return
    if result.date is not None:
        days = (result.date - TODAY).days
        # the pace covers what remains on that day, and not a day earlier
        assert days * recent >= remaining * 365 > (days - 1) * recent
        assert result.date <= deadline and result.shortfall_tenths == 0
    else:
        assert result.shortfall_tenths is not None and result.shortfall_tenths >= 0
        assert days_left * recent < remaining * 365
        assert result.shortfall_tenths <= tenths(remaining, 60)
