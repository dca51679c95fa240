"""`leerlog report` as data (JSON): hand-computed balances, targets, periods, scopes, months."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from conftest import Run

    from .conftest import Cli

Report = dict[str, Any]

SHARE_KEYS = ("pct_experiential", "pct_social", "pct_formal")
MINUTE_KEYS = ("minutes_experiential", "minutes_social", "minutes_formal")
SUMMED_KEYS = ("activities", "minutes_total", *MINUTE_KEYS)


def report_json(run: Run, *args: str) -> Report:
    """`leerlog report --format json ARGS`, parsed; the command must succeed quietly."""
    result = run("report", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


def shares(row: Report) -> tuple[float | None, ...]:
    return tuple(row[key] for key in SHARE_KEYS)


def targets(row: Report) -> tuple[int, int, int]:
    return (row["target_experiential"], row["target_social"], row["target_formal"])


def add_anna_hand_case(cli: Cli) -> None:
    """640 / 240 / 120 minutes in four activities (2 / 1 / 1): 64.0 : 24.0 : 12.0 by minutes."""
    cli.add("werk", "Huisbezoek", "-m", "320", "-d", "2026-11-20")
    cli.add("experiment", "Nieuwe intake", "-m", "320", "-d", "2026-11-02")
    cli.add("coaching", "Gesprek met coach", "-m", "240", "-d", "2026-10-15")
    cli.add("training", "Workshop Participatiewet", "-m", "120", "-d", "2026-06-01")


# --- the balance, computed by hand --------------------------------------------------------


def test_hand_computed_balance(cli: Cli, run: Run) -> None:
    add_anna_hand_case(cli)
    data = report_json(run)
    assert data["scope"] == "anna"
    assert data["by"] == "minutes"
    assert data["target"] == "70:20:10"
    [anna] = data["people"]
    assert anna == {
        "person": "anna",
        "team": None,
        "period_start": "2025-11-28",
        "period_end": "2026-11-27",
        "activities": 4,
        "minutes_total": 1000,
        "minutes_experiential": 640,
        "minutes_social": 240,
        "minutes_formal": 120,
        "pct_experiential": 64.0,
        "pct_social": 24.0,
        "pct_formal": 12.0,
        "target_experiential": 70,
        "target_social": 20,
        "target_formal": 10,
        "deviation": 6.0,
    }
    assert data["total"] == {k: v for k, v in anna.items() if k != "person"}


@pytest.mark.parametrize(
    ("options", "expected_shares", "expected_targets", "deviation"),
    [
        pytest.param((), (64.0, 24.0, 12.0), (70, 20, 10), 6.0, id="default"),
        # counts 2 / 1 / 1: |50-70| + |25-20| + |25-10| = 40, halved
        pytest.param(("--by", "count"), (50.0, 25.0, 25.0), (70, 20, 10), 20.0, id="by-count"),
        # |64-60| + |24-25| + |12-15| = 8, halved
        pytest.param(("--target", "60:25:15"), (64.0, 24.0, 12.0), (60, 25, 15), 4.0, id="target"),
        pytest.param(
            ("--target", "64:24:12"), (64.0, 24.0, 12.0), (64, 24, 12), 0.0, id="on-target"
        ),
    ],
)
def test_basis_and_target(
    cli: Cli,
    run: Run,
    options: tuple[str, ...],
    expected_shares: tuple[float, ...],
    expected_targets: tuple[int, int, int],
    deviation: float,
) -> None:
    add_anna_hand_case(cli)
    data = report_json(run, *options)
    [anna] = data["people"]
    assert shares(anna) == expected_shares
    assert targets(anna) == expected_targets
    assert anna["deviation"] == deviation
    assert data["target"] == ":".join(map(str, expected_targets))
    # The basis changes the shares, never the minutes and counts reported beside them.
    assert (anna["activities"], anna["minutes_total"]) == (4, 1000)


def test_largest_remainder_rounding(cli: Cli, run: Run) -> None:
    """A third each: 33.3 + 33.3 + 33.3 misses a tenth, which goes to the category listed first."""
    for what in ("werk", "intervisie", "reading"):
        cli.add(what, "Een derde", "-m", "100", "-d", "2026-11-20")
    [anna] = report_json(run)["people"]
    assert shares(anna) == (33.4, 33.3, 33.3)
    assert anna["deviation"] == 36.6  # (36.6 + 13.3 + 23.3) / 2


@pytest.mark.parametrize(
    ("options", "expected_targets", "deviation"),
    [
        pytest.param((), (60, 25, 15), 4.0, id="config"),
        pytest.param(("--target", "70:20:10"), (70, 20, 10), 6.0, id="option-overrides-config"),
    ],
)
def test_target_from_config(
    cli: Cli,
    run: Run,
    isolated: Path,
    options: tuple[str, ...],
    expected_targets: tuple[int, int, int],
    deviation: float,
) -> None:
    add_anna_hand_case(cli)
    (isolated / "config.toml").write_text('target = "60:25:15"\n', encoding="utf-8")
    [anna] = report_json(run, *options)["people"]
    assert targets(anna) == expected_targets
    assert anna["deviation"] == deviation


# --- nothing logged -------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["carol"], ids=["known-without-activity"])
def test_person_without_activity_gets_empty_shares(cli: Cli, run: Run, who: str) -> None:
    add_anna_hand_case(cli)
    assert run("people", "set", "carol", "--team", "Noord").exit_code == 0
    data = report_json(run, "--person", who)
    [row] = data["people"]
    assert row["person"] == who
    assert (row["activities"], row["minutes_total"]) == (0, 0)
    assert shares(row) == (None, None, None)
    assert row["deviation"] is None
    assert shares(data["total"]) == (None, None, None)
    assert data["total"]["deviation"] is None


# --- periods (today is Friday 2026-11-27) ---------------------------------------------------


@dataclass(frozen=True)
class PeriodCase:
    """Period options, the span they name, and activity dates just inside and just outside."""

    options: tuple[str, ...]
    name: str
    start: str
    end: str
    inside: tuple[str, ...]
    outside: tuple[str, ...]


PERIOD_CASES = {
    "default-365-days": PeriodCase(
        (), "2025-11-28_2026-11-27", "2025-11-28", "2026-11-27",
        ("2025-11-28", "2026-11-27"), ("2025-11-27", "2026-11-28"),
    ),
    "this-week": PeriodCase(
        ("--period", "this-week"), "2026-W48", "2026-11-23", "2026-11-29",
        ("2026-11-23", "2026-11-28"), ("2026-11-22",),
    ),
    "last-month": PeriodCase(
        ("--period", "last-month"), "2026-10", "2026-10-01", "2026-10-31",
        ("2026-10-01", "2026-10-31"), ("2026-09-30", "2026-11-01"),
    ),
    "quarter": PeriodCase(
        ("--period", "2026-Q3"), "2026-Q3", "2026-07-01", "2026-09-30",
        ("2026-07-01", "2026-09-30"), ("2026-06-30", "2026-10-01"),
    ),
    "iso-week-01": PeriodCase(
        ("--period", "2026-W01"), "2026-W01", "2025-12-29", "2026-01-04",
        ("2025-12-29", "2026-01-04"), ("2025-12-28", "2026-01-05"),
    ),
    "year": PeriodCase(
        ("--period", "2026"), "2026", "2026-01-01", "2026-12-31",
        ("2026-01-01", "2026-11-28"), ("2025-12-31",),
    ),
    "last-30-days": PeriodCase(
        ("--period", "last-30-days"), "2026-10-29_2026-11-27", "2026-10-29", "2026-11-27",
        ("2026-10-29", "2026-11-27"), ("2026-10-28", "2026-11-28"),
    ),
    "since-alone": PeriodCase(
        ("--since", "2026-11-01"), "2026-11-01_2026-11-27", "2026-11-01", "2026-11-27",
        ("2026-11-01", "2026-11-27"), ("2026-10-31",),
    ),
    "since-until-inclusive": PeriodCase(
        ("--since", "2026-11-05", "--until", "2026-11-10"), "2026-11-05_2026-11-10",
        "2026-11-05", "2026-11-10", ("2026-11-05", "2026-11-10"), ("2026-11-04", "2026-11-11"),
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", PERIOD_CASES.values(), ids=PERIOD_CASES.keys())
def test_period(cli: Cli, run: Run, case: PeriodCase) -> None:
    for day in case.inside:
        cli.add("werk", f"in {day}", "-m", "10", "-d", day)
    for day in case.outside:
        cli.add("werk", f"out {day}", "-m", "1", "-d", day)
    data = report_json(run, *case.options)
    assert (data["period"], data["period_start"], data["period_end"]) == (
        case.name,
        case.start,
        case.end,
    )
    [anna] = data["people"]
    assert (anna["period_start"], anna["period_end"]) == (case.start, case.end)
    assert (anna["activities"], anna["minutes_total"]) == (len(case.inside), 10 * len(case.inside))


@pytest.mark.parametrize(
    ("days", "start", "end"),
    [
        pytest.param([], "2026-11-27", "2026-11-27", id="empty-file"),
        pytest.param(["2024-03-05", "2026-01-10"], "2024-03-05", "2026-11-27", id="ends-today"),
        pytest.param(["2024-03-05", "2026-11-28"], "2024-03-05", "2026-11-28", id="ends-tomorrow"),
    ],
)
def test_period_all_follows_the_data(
    cli: Cli, run: Run, days: list[str], start: str, end: str
) -> None:
    assert run("people", "set", "anna", "--team", "Noord").exit_code == 0  # the file exists
    for day in days:
        cli.add("werk", f"on {day}", "-m", "10", "-d", day)
    data = report_json(run, "--period", "all")
    assert (data["period"], data["period_start"], data["period_end"]) == ("all", start, end)
    assert data["total"]["activities"] == len(days)


# --- scope: a team, everyone ----------------------------------------------------------------


def test_team_report_covers_only_the_team(cli: Cli, run: Run) -> None:
    add_anna_hand_case(cli)
    cli.add("intervisie", "Intervisie", "-m", "90", "--person", "bob", "-d", "2026-11-10")
    cli.add("werk", "Huisbezoek", "-m", "210", "--person", "bob", "-d", "2026-11-11")
    cli.add("werk", "Huisbezoek", "-m", "45", "--person", "dave", "-d", "2026-11-11")
    for person, team in (("bob", "Noord"), ("carol", "Noord"), ("dave", "Zuid")):
        assert run("people", "set", person, "--team", team).exit_code == 0
    data = report_json(run, "--team", "Noord")
    assert data["scope"] == "team Noord"
    assert [(p["person"], p["team"]) for p in data["people"]] == [
        ("bob", "Noord"),
        ("carol", "Noord"),
    ]
    bob, carol = data["people"]
    assert shares(bob) == (70.0, 30.0, 0.0)
    assert bob["deviation"] == 10.0
    assert (carol["activities"], carol["minutes_total"]) == (0, 0)
    assert shares(carol) == (None, None, None)
    assert carol["deviation"] is None
    total = data["total"]
    assert total["team"] == "Noord"
    assert {key: total[key] for key in SUMMED_KEYS} == {
        key: bob[key] + carol[key] for key in SUMMED_KEYS
    }
    assert shares(total) == shares(bob)


def test_all_covers_everyone_in_code_point_order(cli: Cli, run: Run) -> None:
    for person in ("zed", "Émile", "anna", "Zoë", "bob"):
        cli.add("werk", "Huisbezoek", "-m", "60", "--person", person, "-d", "2026-11-20")
    assert run("people", "set", "carol", "--team", "Noord").exit_code == 0
    data = report_json(run, "--all")
    assert data["scope"] == "everyone"
    assert [p["person"] for p in data["people"]] == ["Zoë", "anna", "bob", "carol", "zed", "Émile"]
    assert data["total"]["activities"] == 5
    assert data["total"]["minutes_total"] == 300


# --- the monthly trend ----------------------------------------------------------------------


@pytest.mark.parametrize("scope", [(), ("--all",)], ids=["me", "everyone"])
def test_monthly_has_every_month_of_the_period(cli: Cli, run: Run, scope: tuple[str, ...]) -> None:
    cli.add("werk", "Buiten de periode", "-m", "5", "-d", "2026-09-10")
    cli.add("werk", "Huisbezoek", "-m", "60", "-d", "2026-09-20")
    cli.add("coaching", "Coach", "-m", "30", "-d", "2026-11-20")
    cli.add("reading", "Vakliteratuur", "-m", "10", "--person", "bob", "-d", "2026-11-21")
    data = report_json(run, "--since", "2026-09-15", "--monthly", *scope)
    months = data["months"]
    assert [(m["month"], m["period_start"], m["period_end"]) for m in months] == [
        ("2026-09", "2026-09-15", "2026-09-30"),
        ("2026-10", "2026-10-01", "2026-10-31"),
        ("2026-11", "2026-11-01", "2026-11-27"),
    ]
    september, october, november = months
    assert (september["minutes_total"], shares(september)) == (60, (100.0, 0.0, 0.0))
    assert {key: october[key] for key in SUMMED_KEYS} == dict.fromkeys(SUMMED_KEYS, 0)
    assert shares(october) == (None, None, None)
    assert october["deviation"] is None
    assert november["minutes_social"] == 30
    assert november["minutes_formal"] == (10 if scope else 0)
    for key in SUMMED_KEYS:
        assert sum(m[key] for m in months) == data["total"][key]
