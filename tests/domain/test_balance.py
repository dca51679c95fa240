"""Tests for the 70:20:10 balance: hand-computed shares, deviation, targets and properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leerlog.domain.balance import (
    CATEGORY_ORDER,
    DEFAULT_TARGET,
    Balance,
    Target,
    combine,
    deviation_tenths,
    format_tenths,
    parse_target,
    shares_tenths,
    summary_line,
    target_hint,
)
from leerlog.domain.errors import InvalidValue

NO_COUNTS = (0, 0, 0)


def minutes_balance(minutes: tuple[int, int, int], target: Target = DEFAULT_TARGET) -> Balance:
    return Balance(minutes=minutes, counts=NO_COUNTS, target=target)


# --- hand-computed cases -------------------------------------------------------------------------


def test_category_order_is_fixed() -> None:
    assert CATEGORY_ORDER == ("experiential", "social", "formal")


def test_example_from_the_contract() -> None:
    # M = 1000: 640000/1000 = 640, 240000/1000 = 240, 120000/1000 = 120, no remainders.
    # deviation = (|640-700| + |240-200| + |120-100|) / 2 = (60 + 40 + 20) / 2 = 60 -> 6.0
    balance = minutes_balance((640, 240, 120))
    assert balance.shares_tenths == (640, 240, 120)
    assert balance.shares == (64.0, 24.0, 12.0)
    assert balance.deviation_tenths == 60
    assert balance.deviation == 6.0
    assert balance.total_minutes == 1000


def test_three_way_tie_goes_to_experiential() -> None:
    # M = 3: 1000/3 = 333 rest 1 for each; floors sum to 999, one tenth missing.
    # All remainders are 1, so the first listed (experiential) gets it: 334 / 333 / 333.
    assert shares_tenths((1, 1, 1)) == (334, 333, 333)
    # deviation = (|334-700| + |333-200| + |333-100|) / 2 = (366 + 133 + 233) / 2 = 366
    assert minutes_balance((1, 1, 1)).deviation_tenths == 366


def test_tie_between_social_and_formal_goes_to_social() -> None:
    # M = 9: 1000/9 = 111 rest 1; 4000/9 = 444 rest 4 (twice). Floors 111+444+444 = 999,
    # one tenth missing; social and formal tie at rest 4, social is listed first: 11.1/44.5/44.4.
    assert shares_tenths((1, 4, 4)) == (111, 445, 444)


def test_tie_between_social_and_formal_with_two_missing_tenths() -> None:
    # M = 7: 1000/7 = 142 rest 6; 3000/7 = 428 rest 4 (twice). Floors 142+428+428 = 998,
    # two tenths missing: experiential (rest 6), then social wins the tie with formal.
    assert shares_tenths((1, 3, 3)) == (143, 429, 428)


def test_total_not_divisible_by_three_but_exact() -> None:
    # M = 200: 100000/200 = 500, 50000/200 = 250 (twice), no remainders: 50.0 / 25.0 / 25.0.
    assert shares_tenths((100, 50, 50)) == (500, 250, 250)


def test_two_one_zero() -> None:
    # M = 3: 2000/3 = 666 rest 2; 1000/3 = 333 rest 1; 0 rest 0. One tenth missing,
    # largest remainder is experiential: 66.7 / 33.3 / 0.0.
    assert minutes_balance((2, 1, 0)).shares == (66.7, 33.3, 0.0)


def test_seven_minutes_split_five_one_one() -> None:
    # M = 7: 5000/7 = 714 rest 2 (7*714 = 4998); 1000/7 = 142 rest 6 (twice).
    # Floors 714+142+142 = 998, two tenths missing; the largest remainders are social and
    # formal (6 > 2), so each gets one: 71.4 / 14.3 / 14.3 (exact: 71.43 / 14.29 / 14.29).
    assert shares_tenths((5, 1, 1)) == (714, 143, 143)


def test_one_category_only() -> None:
    # M = 60: 0, 0, 60000/60 = 1000. deviation = (700 + 200 + 900) / 2 = 900 -> 90.0
    balance = minutes_balance((0, 0, 60))
    assert balance.shares == (0.0, 0.0, 100.0)
    assert balance.deviation_tenths == 900
    assert balance.deviation == 90.0


def test_by_count_uses_counts() -> None:
    # counts 1, 2, 1 -> M = 4: 250 / 500 / 250, no remainders.
    # deviation = (|250-700| + |500-200| + |250-100|) / 2 = (450 + 300 + 150) / 2 = 450 -> 45.0
    by_count = Balance(minutes=(600, 0, 0), counts=(1, 2, 1), target=DEFAULT_TARGET, by="count")
    assert by_count.shares_tenths == (250, 500, 250)
    assert by_count.deviation_tenths == 450
    assert by_count.total_count == 4
    assert by_count.total_minutes == 600
    # The same data by minutes is all experiential: (300 + 200 + 100) / 2 = 300 -> 30.0
    by_minutes = Balance(minutes=(600, 0, 0), counts=(1, 2, 1), target=DEFAULT_TARGET)
    assert by_minutes.shares_tenths == (1000, 0, 0)
    assert by_minutes.deviation_tenths == 300


def test_custom_target() -> None:
    # 64.0/24.0/12.0 against 60:25:15: (|640-600| + |240-250| + |120-150|) / 2
    # = (40 + 10 + 30) / 2 = 40 -> 4.0
    balance = minutes_balance((640, 240, 120), parse_target("60:25:15"))
    assert balance.deviation_tenths == 40
    assert balance.deviation == 4.0


def test_on_target() -> None:
    # 700/200/100 of M = 1000 is exactly 70:20:10.
    assert minutes_balance((700, 200, 100)).deviation_tenths == 0


# --- empty ---------------------------------------------------------------------------------------


def test_empty_balance_has_no_shares_and_no_deviation() -> None:
    balance = minutes_balance((0, 0, 0))
    assert shares_tenths((0, 0, 0)) is None
    assert balance.shares_tenths is None
    assert balance.shares is None
    assert balance.deviation_tenths is None
    assert balance.deviation is None
    assert format_tenths(balance.deviation_tenths) == ""


def test_by_count_without_activities_is_empty_even_with_minutes() -> None:
    balance = Balance(minutes=(10, 0, 0), counts=(0, 0, 0), target=DEFAULT_TARGET, by="count")
    assert balance.shares is None


# --- formatting ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "decimal", "expected"),
    [
        (640, ".", "64.0"),
        (640, ",", "64,0"),
        (0, ".", "0.0"),
        (5, ".", "0.5"),
        (1000, ".", "100.0"),
        (None, ".", ""),
        (None, ",", ""),
    ],
)
def test_format_tenths(value: int | None, decimal: str, expected: str) -> None:
    assert format_tenths(value, decimal) == expected


def test_summary_line() -> None:
    assert summary_line(minutes_balance((640, 240, 120))) == (
        "64.0 : 24.0 : 12.0 against 70 : 20 : 10 — 6.0% of learning time would have to move"
    )
    assert summary_line(minutes_balance((700, 200, 100))) == (
        "70.0 : 20.0 : 10.0 against 70 : 20 : 10 — on target"
    )
    assert summary_line(minutes_balance((0, 0, 0))) == "no learning logged in this period"
    assert summary_line(minutes_balance((2, 1, 0)), decimal=",").startswith("66,7 : 33,3 : 0,0")


# --- combine -------------------------------------------------------------------------------------


def test_combine_sums_minutes_and_counts() -> None:
    team = combine(
        [
            Balance((600, 0, 120), (3, 0, 1), DEFAULT_TARGET),
            Balance((40, 240, 0), (1, 2, 0), DEFAULT_TARGET),
            Balance((0, 0, 0), (0, 0, 0), DEFAULT_TARGET),
        ]
    )
    assert team == Balance((640, 240, 120), (4, 2, 1), DEFAULT_TARGET)
    assert team.deviation_tenths == 60


def test_combine_keeps_target_and_base() -> None:
    target = Target(60, 25, 15)
    team = combine(iter([Balance((1, 0, 0), (1, 0, 0), target, "count")]))
    assert (team.target, team.by) == (target, "count")


def test_combine_refuses_mixed_or_empty_input() -> None:
    with pytest.raises(InvalidValue):
        combine([])
    with pytest.raises(InvalidValue):
        combine([minutes_balance((1, 0, 0)), minutes_balance((1, 0, 0), Target(60, 25, 15))])
    with pytest.raises(InvalidValue):
        by_count = Balance((1, 0, 0), (1, 0, 0), DEFAULT_TARGET, "count")
        combine([minutes_balance((1, 0, 0)), by_count])


# --- bad values ----------------------------------------------------------------------------------


@pytest.mark.parametrize("values", [(-1, 2, 3), (1, 2), (1, 2, 3, 4), (1.5, 0, 0), (True, 0, 0)])
def test_shares_refuse_bad_values(values: tuple[int, int, int]) -> None:
    with pytest.raises(InvalidValue):
        shares_tenths(values)


def test_balance_refuses_bad_fields() -> None:
    with pytest.raises(InvalidValue):
        Balance((-5, 0, 0), NO_COUNTS, DEFAULT_TARGET)
    with pytest.raises(InvalidValue):
        Balance((5, 0, 0), (0, 0), DEFAULT_TARGET)
    with pytest.raises(InvalidValue):
        Balance((5, 0, 0), NO_COUNTS, DEFAULT_TARGET, by="hours")  # type: ignore[arg-type]


def test_deviation_refuses_shares_not_summing_to_1000() -> None:
    with pytest.raises(InvalidValue):
        deviation_tenths((700, 200, 99), DEFAULT_TARGET)


# --- targets -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("70:20:10", Target(70, 20, 10)),
        ("60:25:15", Target(60, 25, 15)),
        ("  70 : 20 : 10  ", Target(70, 20, 10)),
        ("\t60 :25:  15\n", Target(60, 25, 15)),
        ("60/25/15", Target(60, 25, 15)),
        ("60 / 25 / 15", Target(60, 25, 15)),
        ("100:0:0", Target(100, 0, 0)),
        ("0:0:100", Target(0, 0, 100)),
        ("070:020:010", Target(70, 20, 10)),
    ],
)
def test_parse_target_accepts(text: str, expected: Target) -> None:
    assert parse_target(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "60:25",
        "60:25:16",
        "a:b:c",
        "-10:60:50",
        "70:20:10:0",
        "70::20:10",
        "70:20/10",
        "+70:20:10",
        "70.0:20:10",
        "7 0:20:10",
        "70,20,10",
        "70:20:10:",
        "1_0:80:10",
        "\u0667\u0660:20:10",  # Arabic-Indic digits for 70, which int() would accept
    ],
)
def test_parse_target_refuses(text: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        parse_target(text)
    assert caught.value.hint == target_hint()
    assert "70:20:10" in target_hint()


def test_target_str_and_default() -> None:
    assert str(DEFAULT_TARGET) == "70:20:10"
    assert DEFAULT_TARGET.as_tuple() == (70, 20, 10)


@pytest.mark.parametrize("parts", [(-10, 60, 50), (70, 20, 11), (70, 20, 9)])
def test_target_refuses_bad_parts(parts: tuple[int, int, int]) -> None:
    with pytest.raises(InvalidValue):
        Target(*parts)


# --- properties ----------------------------------------------------------------------------------

amounts = st.one_of(st.integers(0, 10_000), st.integers(0, 10**12))
triples = st.tuples(amounts, amounts, amounts).filter(lambda t: sum(t) > 0)


@st.composite
def targets(draw: st.DrawFn) -> Target:
    experiential = draw(st.integers(0, 100))
    social = draw(st.integers(0, 100 - experiential))
    return Target(experiential, social, 100 - experiential - social)


@given(triples)
def test_shares_sum_to_a_whole_and_stay_within_a_tenth(values: tuple[int, int, int]) -> None:
    shares = shares_tenths(values)
    assert shares is not None
    assert sum(shares) == 1000
    total = sum(values)
    for share, value in zip(shares, values, strict=True):
        assert 0 <= share <= 1000
        # |share - 1000*value/total| < 1, kept in integers by multiplying through by total.
        assert abs(share * total - 1000 * value) < total


@given(triples, targets())
def test_deviation_is_a_share_and_zero_only_on_target(
    values: tuple[int, int, int], target: Target
) -> None:
    shares = shares_tenths(values)
    assert shares is not None
    deviation = deviation_tenths(shares, target)
    assert 0 <= deviation <= 1000
    on_target = shares == tuple(10 * t for t in target.as_tuple())
    assert (deviation == 0) == on_target
    # The time that would have to move is what the over-represented categories have too much.
    excess = sum(max(0, s - 10 * t) for s, t in zip(shares, target.as_tuple(), strict=True))
    assert deviation == excess


@given(targets(), st.integers(1, 10**9))
def test_minutes_in_the_target_proportion_are_on_target(target: Target, scale: int) -> None:
    minutes = (target.experiential * scale, target.social * scale, target.formal * scale)
    balance = minutes_balance(minutes, target)
    assert balance.shares_tenths == tuple(10 * t for t in target.as_tuple())
    assert balance.deviation_tenths == 0


@given(targets())
def test_target_text_round_trips(target: Target) -> None:
    assert parse_target(str(target)) == target
    assert parse_target(str(target).replace(":", " / ")) == target
