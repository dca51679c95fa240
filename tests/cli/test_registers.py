"""register status, driven as a person types it, against points and forecasts worked out by hand from the profiles (1 point per 60 minutes, one decimal: points
rounded down, what remains and a shortfall rounded up).

Today is 2026-11-27 (tests/conftest.py); the pace window is 2025-11-28 .. 2026-11-27.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from registrations import REGISTERPLEIN, categories, reasons, register, status

if TYPE_CHECKING:
    from cli.conftest import Cli


def test_skj_points_per_category_from_a_prepared_log(cli: Cli) -> None:
    register(cli, "skj-jeugdzorgwerker", "--start", "2024-01-01", "--number", "0123456")
    cli.add("course", "Motiverende gespreksvoering", "-m", "3u", "-d", "2026-10-02")
    cli.add("lecture", "Hechting", "-m", "1u30", "-d", "2025-03-01")
    cli.add("supervisie", "Supervisie 1", "-m", "1u", "-d", "2026-10-03")
    cli.add("intervisie", "Casus", "-m", "45", "-d", "2026-09-01")
    selfish = cli.add("self-reflection", "Zelfreflectie", "-m", "2u", "-d", "2026-10-03")
    cli.add("coaching", "Coachgesprek", "-m", "50", "-d", "2026-10-04")
    cli.add("werk", "Huisbezoek", "-m", "40", "-d", "2024-01-01")  # the period's first day
    before = cli.add("werk", "Oud huisbezoek", "-m", "30", "-d", "2023-12-31")
    tomorrow = cli.add("course", "Morgen", "-m", "1u", "-d", "tomorrow")

    data = status(cli)

    assert data["period_start"] == "2024-01-01"
    assert data["period_end"] == "2028-12-31"  # five years, the day before 2029-01-01
    assert data["number"] == "0123456"  # text: the leading 0 stays
    got = categories(data)
    # scholing: course 180 + lecture 90 = 270 min = 4.5 points (tomorrow's course not counted)
    assert got["scholing"]["points"] == 4.5
    # reflectie: supervisie 60 + intervisie 45 = 105 min = 1.75 -> 1.7 (a tenth once earned)
    assert got["reflectie"]["points"] == 1.7
    # vrije ruimte: coaching 50 + werk 40 = 90 min = 1.5; self-reflection counts nowhere
    assert got["vrije-ruimte"]["points"] == 1.5
    assert [got[k]["minimum"] for k in ("scholing", "reflectie", "vrije-ruimte")] == [60, 50, 50]
    # the total of the minutes: 270 + 105 + 90 = 465 min = 7.75 -> 7.7
    assert data["points_total"] == 7.7
    assert data["minimum_total"] is None
    assert reasons(data) == {selfish: "excluded", before: "before_period", tomorrow: "after_today"}


def test_tomorrow_counts_once_it_is_today(cli: Cli) -> None:
    register(cli, "skj-jeugdzorgwerker", "--start", "2024-01-01")
    tomorrow = cli.add("course", "Morgen", "-m", "1u", "-d", "2026-11-28")
    assert reasons(status(cli)) == {tomorrow: "after_today"}
    later = status(cli, env={"LEERLOG_TODAY": "2026-11-28"})
    assert reasons(later) == {}
    assert categories(later)["scholing"]["points"] == 1.0


def test_vvn_accredited_and_not(cli: Cli) -> None:
    register(cli, "vvn-kwaliteitsregister", "--start", "2022-07-02")
    cli.add("course", "Wondzorg", "-m", "2u", "-d", "2026-03-01", "--accreditation", "ABC123")
    cli.add("course", "Zonder accreditatie", "-m", "1u30", "-d", "2026-03-02")
    cli.add("werk", "Geaccrediteerd werk", "-m", "20", "-d", "2026-03-03", "--accreditation", "9")
    late = {"LEERLOG_TODAY": "2027-07-05"}
    after = cli.add("course", "Na de periode", "-m", "1u", "-d", "2027-07-02", env=late)

    data = status(cli, env=late)

    got = categories(data)
    # geaccrediteerd: 120 + 20 = 140 min = 2.333 -> 2.3; overig: 90 min = 1.5
    assert got["geaccrediteerd"]["points"] == 2.3
    assert got["overig"]["points"] == 1.5
    assert got["overig"]["minimum"] is None and got["overig"]["not_set"] == []
    assert data["points_total"] == 3.8  # 2.3 + 1.5
    assert reasons(data) == {after: "after_period"}  # the period ended on 2027-07-01


@pytest.mark.parametrize(
    ("start", "end", "total", "accredited"),
    [
        ("2022-06-30", "2027-06-29", 147, 64),  # ends before 2027-07-01: 20% less
        ("2022-07-01", "2027-06-30", 147, 64),  # the last day before 2027-07-01
        ("2022-07-02", "2027-07-01", 184, 80),  # ends on 2027-07-01: not before it
    ],
)
def test_vvn_147_64_rule_on_both_sides_of_1_july_2027(
    cli: Cli, start: str, end: str, total: int, accredited: int
) -> None:
    register(cli, "vvn-kwaliteitsregister", "--start", start)
    data = status(cli)
    assert data["period_end"] == end
    assert data["minimum_total"] == total
    assert categories(data)["geaccrediteerd"]["minimum"] == accredited
    # nothing logged, so nothing at any pace: all of it short at the deadline
    assert data["shortfall_total"] == float(total)
    assert data["forecast_date_total"] is None


def test_registerplein_with_minima_from_the_config(cli: Cli, isolated: Path) -> None:
    (isolated / "config.toml").write_bytes(REGISTERPLEIN)
    register(cli, "registerplein", "--start", "2025-01-01", "--number", "4610001")
    cli.add("course", "Geaccrediteerd", "-m", "3u", "-d", "2026-01-10", "--accreditation", "PE-1")
    # an accredited intervisie is reflectie: a category naming its type comes first
    cli.add("intervisie", "Intervisie", "-m", "1u", "-d", "2026-02-01", "--accreditation", "PE-2")
    cli.add("casuistiekoverleg", "Casuistiek", "-m", "1u30", "-d", "2026-03-01")
    cli.add("course", "Zonder PE-nummer", "-m", "1u30", "-d", "2026-04-01")
    cli.add("teamgesprek", "Teamleren", "-m", "1u", "-d", "2026-05-01")

    data = status(cli)

    got = categories(data)
    assert got["geaccrediteerd"]["points"] == 3.0  # 180 min
    assert got["geaccrediteerd"]["minimum"] == 10
    # reflectie: 60 + 90 = 150 min = 2.5 of 2; reached with the second, on 2026-03-01
    assert got["reflectie"]["points"] == 2.5
    assert got["reflectie"]["remaining"] == 0.0
    assert got["reflectie"]["forecast_date"] == "2026-03-01"
    assert got["reflectie"]["shortfall_at_deadline"] == 0.0
    # overig: course 90 + teamgesprek 60 = 150 min = 2.5, held at its cap of 1
    assert got["overig"]["points"] == 1.0
    assert got["overig"]["cap"] == 1
    assert data["minimum_total"] == 12
    assert data["points_total"] == 6.5  # 3.0 + 2.5 + 1.0


def test_registerplein_without_config_says_what_is_not_set(cli: Cli) -> None:
    register(cli, "registerplein", "--start", "2025-01-01")
    cli.add("intervisie", "Intervisie", "-m", "1u", "-d", "2026-02-01")
    data = status(cli)
    got = categories(data)
    assert got["reflectie"]["points"] == 1.0
    assert got["reflectie"]["minimum"] is None
    assert got["reflectie"]["not_set"] == ["minimum"]
    assert got["reflectie"]["remaining"] is None and got["reflectie"]["forecast_date"] is None
    assert got["overig"]["not_set"] == ["cap"]
    table = cli.run("register", "status")
    assert table.exit_code == 0, table.stderr
    assert "not set" in table.stdout
    block = "  [registers.registerplein]\n  minimum = { geaccrediteerd = N, reflectie = N }\n"
    assert block + "  cap = { overig = N }\n" in table.stdout


def test_forecast_steady_pace_reaches_the_minimum_on_the_date_worked_out(cli: Cli) -> None:
    register(cli, "skj-jeugdzorgwerker", "--start", "2024-01-01")
    # before the pace window (ends 2025-11-27): 240 + 480 + 480 = 1200 min
    for date, minutes in (("2024-09-01", "4u"), ("2025-03-01", "8u"), ("2025-11-27", "8u")):
        cli.add("course", "Vroeger", "-m", minutes, "-d", date)
    # in the window 2025-11-28 .. 2026-11-27: 480 + 480 + 240 = 1200 min a year
    for date, minutes in (("2025-11-28", "8u"), ("2026-05-10", "8u"), ("2026-11-27", "4u")):
        cli.add("course", "Recent", "-m", minutes, "-d", date)

    scholing = categories(status(cli))["scholing"]

    assert scholing["points"] == 40.0  # 2400 min
    assert scholing["remaining"] == 20.0  # 60 * 60 - 2400 = 1200 min
    # days = ceil(1200 * 365 / 1200) = 365: 2026-11-27 + 365 days = 2027-11-27
    assert scholing["forecast_date"] == "2027-11-27"
    assert scholing["shortfall_at_deadline"] == 0.0


def test_forecast_slow_pace_gives_the_shortfall_at_the_deadline(cli: Cli) -> None:
    register(cli, "skj-jeugdzorgwerker", "--start", "2024-01-01")
    cli.add("intervisie", "Oud", "-m", "3u", "-d", "2024-03-01")  # outside the window
    cli.add("supervisie", "Supervisie", "-m", "2u", "-d", "2026-06-01")  # pace 120 min a year

    got = categories(status(cli))

    reflectie = got["reflectie"]
    assert reflectie["points"] == 5.0  # 300 min
    assert reflectie["remaining"] == 45.0  # 3000 - 300 = 2700 min
    # ceil(2700 * 365 / 120) = 8213 days: long after the deadline, so no date.
    assert reflectie["forecast_date"] is None
    # Days left: 2026-11-27 to 2028-12-31 = 365 + 366 (29 Feb 2028) + 34 = 765.
    # 2700 - 120 * 765 / 365 = 2700 - 251.507 = 2448.493 min = 40.808 points -> 40.9 (up)
    assert reflectie["shortfall_at_deadline"] == 40.9
    # no pace at all: everything that remains is short
    assert got["vrije-ruimte"]["forecast_date"] is None
    assert got["vrije-ruimte"]["shortfall_at_deadline"] == 50.0
