"""register set, list, remove and status, driven as a person types them, against points and
forecasts worked out by hand from the profiles (1 point per 60 minutes, one decimal, half up).

Today is 2026-11-27 (tests/conftest.py); the pace window is 2025-11-28 .. 2026-11-27.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from cli.conftest import Cli


def status(cli: Cli, *args: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    result = cli.run("register", "status", "--format", "json", *args, env=env)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


def categories(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {category["key"]: category for category in data["categories"]}


def register(cli: Cli, *args: str) -> str:
    result = cli.run("register", "set", *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def reasons(data: dict[str, Any]) -> dict[str, str]:
    return {item["id"]: item["reason"] for item in data["not_counted"]}


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
    # reflectie: supervisie 60 + intervisie 45 = 105 min = 1.75 -> 1.8 (half up)
    assert got["reflectie"]["points"] == 1.8
    # vrije ruimte: coaching 50 + werk 40 = 90 min = 1.5; self-reflection counts nowhere
    assert got["vrije-ruimte"]["points"] == 1.5
    assert [got[k]["minimum"] for k in ("scholing", "reflectie", "vrije-ruimte")] == [60, 50, 50]
    # the total of the rounded categories: 4.5 + 1.8 + 1.5
    assert data["points_total"] == 7.8
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


REGISTERPLEIN = (
    b"[registers.registerplein]\n"
    b"minimum = { geaccrediteerd = 10, reflectie = 2 }\n"
    b"cap = { overig = 1 }\n"
    b"minimum_total = 12\n"
)


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
    # 2700 - 120 * 765 / 365 = 2700 - 251.507 = 2448.493 min = 40.808 points -> 40.8
    assert reflectie["shortfall_at_deadline"] == 40.8
    # no pace at all: everything that remains is short
    assert got["vrije-ruimte"]["forecast_date"] is None
    assert got["vrije-ruimte"]["shortfall_at_deadline"] == 50.0


def test_set_again_changes_start_and_number_and_remove_says_what_it_removed(cli: Cli) -> None:
    first = register(cli, "skj-jeugdzorgwerker", "--start", "1-1-2024", "--number", "0123")
    assert "2024-01-01" in first and "2028-12-31" in first and "0123" in first
    again = register(cli, "skj-jeugdzorgwerker", "--start", "2024-02-29", "--number", "0777")
    assert "2029-02-28" in again  # from 29 February: the day before 1 March 2029
    assert "(was from 2024-01-01, no. 0123)" in again
    assert status(cli)["number"] == "0777"
    removed = cli.run("register", "remove", "skj-jeugdzorgwerker")
    assert removed.exit_code == 0, removed.stderr
    assert "2024-02-29" in removed.stdout and "0777" in removed.stdout
    assert "register set skj-jeugdzorgwerker --start 2024-02-29 --number 0777" in removed.stdout
    gone = cli.run("register", "status")
    cli.fails(gone, 1)
    assert "register set" in gone.stderr
    cli.fails(cli.run("register", "remove", "skj-jeugdzorgwerker"), 1)


def test_list_shows_profiles_with_checked_date_source_and_registration(cli: Cli) -> None:
    register(cli, "vvn-kwaliteitsregister", "--start", "2022-07-02", "--number", "0042")
    result = cli.run("register", "list")
    assert result.exit_code == 0, result.stderr
    for key in ("skj-jeugdzorgwerker", "vvn-kwaliteitsregister", "registerplein"):
        assert key in result.stdout
    assert "2026-12-02" in result.stdout
    assert "https://www.venvn.nl/registers/kwaliteitsregister/herregistreren/" in result.stdout
    assert "2022-07-02..2027-07-01 no. 0042" in result.stdout


def test_read_commands_create_no_database(cli: Cli, db_path: Path) -> None:
    cli.fails(cli.run("register", "status"), 1)
    assert cli.run("register", "list").exit_code == 0
    cli.fails(cli.run("register", "remove", "registerplein"), 1)
    assert not db_path.exists()


def test_several_registrations_json_needs_profile(cli: Cli) -> None:
    register(cli, "skj-jeugdzorgwerker", "--start", "2024-01-01")
    register(cli, "registerplein", "--start", "2025-01-01")
    several = cli.run("register", "status", "--format", "json")
    cli.fails(several, 2)
    assert "registerplein, skj-jeugdzorgwerker" in several.stderr
    assert status(cli, "--profile", "registerplein")["profile"] == "registerplein"
    table = cli.run("register", "status")
    assert table.exit_code == 0
    assert "skj-jeugdzorgwerker" in table.stdout and "registerplein" in table.stdout


OWN = """key = "nrgd-tolk"
label = { en = "Interpreters", nl = "Tolken" }
sources = ["https://www.bureauwbtv.nl/"]
checked = 2026-12-01
years = 5

[[categories]]
key = "pe"
label = "PE points"
minimum = 8
categories = ["formal"]
"""


def test_an_own_profile_beside_the_config_file(cli: Cli, isolated: Path) -> None:
    folder = isolated / "registers"
    folder.mkdir()
    (folder / "tolk.toml").write_text(OWN, encoding="utf-8")
    register(cli, "nrgd-tolk", "--start", "2026-01-01")
    cli.add("course", "Terminologie", "-m", "2u", "-d", "2026-02-01")
    got = categories(status(cli))
    assert got["pe"]["points"] == 2.0 and got["pe"]["minimum"] == 8
    listed = cli.run("register", "list").stdout
    assert "nrgd-tolk" in listed and str(folder / "tolk.toml") in listed


@pytest.mark.parametrize(
    ("text", "line", "says"),
    [
        (OWN.replace("years = 5", "years = 5\nyears = 6"), 6, "not valid TOML"),
        (OWN.replace('categories = ["formal"]', 'categories = ["formeel"]'), 11, "'formeel'"),
        (OWN.replace("minimum = 8", "minimum = -8"), 10, "whole number"),
        (OWN.replace('categories = ["formal"]', 'types = ["intervsie"]'), 11, "'intervisie'"),
        (OWN.replace('key = "pe"\n', ""), 7, "key is missing"),
        (OWN.replace('key = "nrgd-tolk"', 'key = "registerplein"'), 1, "exists already"),
    ],
)
def test_a_broken_own_profile_is_refused_with_file_line_and_reason(
    cli: Cli, isolated: Path, text: str, line: int, says: str
) -> None:
    folder = isolated / "registers"
    folder.mkdir()
    path = folder / "tolk.toml"
    path.write_text(text, encoding="utf-8")
    result = cli.run("register", "list")
    cli.fails(result, 2)
    assert str(path) in result.stderr
    if says != "exists already":
        assert f"line {line}:" in result.stderr
    assert says in result.stderr


def test_config_shows_the_register_settings(cli: Cli, isolated: Path) -> None:
    (isolated / "config.toml").write_bytes(REGISTERPLEIN)
    result = cli.run("config")
    assert result.exit_code == 0, result.stderr
    line = next(line for line in result.stdout.splitlines() if line.startswith("registers."))
    assert line.split()[0] == "registers.registerplein"
    assert "minimum geaccrediteerd=10, reflectie=2; cap overig=1; minimum_total 12" in line
    assert line.endswith("(config)")


LONG_TITLE = (
    "Casus over schuldhulp en de rol van de klantmanager bij een complexe multiproblematiek"
)


def _status_log(cli: Cli, isolated: Path) -> tuple[str, str]:
    (isolated / "config.toml").write_bytes(REGISTERPLEIN)
    register(cli, "registerplein", "--start", "2025-01-01", "--number", "4610001")
    cli.add("course", "Geaccrediteerd", "-m", "3u", "-d", "2026-01-10", "--accreditation", "PE-1")
    cli.add("intervisie", LONG_TITLE, "-m", "1u", "-d", "2026-02-01")
    early = cli.add("course", LONG_TITLE, "-m", "1u", "-d", "2024-12-31")
    late = cli.add("course", "Morgen", "-m", "1u", "-d", "tomorrow")
    return early, late


@pytest.mark.parametrize("columns", [60, 80])
def test_the_status_table_fits_60_and_80_columns(cli: Cli, isolated: Path, columns: int) -> None:
    early, late = _status_log(cli, isolated)
    data = status(cli)
    result = cli.run("register", "status", env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= columns, result.stdout
    # every number and date stays whole
    for category in data["categories"]:
        row = next(line for line in lines if line.startswith(category["label"]))
        assert f"{category['points']:.1f}" in row
    assert "2025-01-01 to 2029-12-31" in result.stdout
    assert f"{early[:8]}  2024-12-31" in result.stdout
    assert f"{late[:8]}  2026-11-28" in result.stdout
    assert "before the period" in result.stdout and "after today" in result.stdout


def test_the_status_table_in_dutch(
    cli: Cli, isolated: Path, subprocess_env: dict[str, str]
) -> None:
    from installed import run_script

    _status_log(cli, isolated)
    result = run_script({**subprocess_env, "LEERLOG_LANG": "nl", "COLUMNS": "80"},
                        "register", "status")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "periode 2025-01-01 tot en met 2029-12-31 (de deadline)" in result.stdout
    assert "geaccrediteerd" in result.stdout and "3,0" in result.stdout
    assert "punten" in result.stdout and "prognose" in result.stdout
    assert "Telt niet mee:" in result.stdout
    assert "voor de periode" in result.stdout and "na vandaag" in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    refused = run_script({**subprocess_env, "LEERLOG_LANG": "nl"},
                         "register", "set", "registerplijn", "--start", "1-1-2025")  # fmt: skip
    assert refused.returncode == 2
    assert "onbekend register 'registerplijn'" in refused.stderr
    assert "'registerplein'" in refused.stderr


def test_set_again_without_number_keeps_it_and_an_empty_number_removes_it(cli: Cli) -> None:
    register(cli, "registerplein", "--start", "2025-01-01", "--number", "04610")
    kept = register(cli, "registerplein", "--start", "2025-02-01")
    assert "no. 04610" in kept and "(was from 2025-01-01, no. 04610)" in kept
    assert status(cli)["number"] == "04610"
    register(cli, "registerplein", "--start", "2025-02-01", "--number", "")
    assert status(cli)["number"] is None


def test_a_registration_for_someone_new_in_the_log_is_noted(cli: Cli) -> None:
    cli.add("werk", "Huisbezoek", "-m", "30", "--person", "joost")
    result = cli.run("register", "set", "registerplein", "--start", "2025-01-01", "-p", "jost")
    assert result.exit_code == 0, result.stderr
    assert "'jost' is new in this log" in result.stderr and "joost" in result.stderr


def test_a_fifo_named_like_a_profile_is_refused_not_waited_for(cli: Cli, isolated: Path) -> None:
    import os

    folder = isolated / "registers"
    folder.mkdir()
    os.mkfifo(folder / "pijp.toml")
    result = cli.run("register", "list")
    cli.fails(result, 2)
    assert "pijp.toml, line 1: it is not a regular file" in result.stderr


def test_an_ended_period_says_how_to_set_the_next(cli: Cli) -> None:
    register(cli, "skj-jeugdzorgwerker", "--start", "2020-01-01")  # ended on 2024-12-31
    later = cli.add("course", "Na de periode", "-m", "1u", "-d", "2025-06-01")
    assert reasons(status(cli)) == {later: "after_period"}
    result = cli.run("register", "status")
    assert "The period has ended; set the next one with leerlog register set" in result.stdout


def test_a_registration_whose_own_profile_is_gone(cli: Cli, isolated: Path) -> None:
    folder = isolated / "registers"
    folder.mkdir()
    (folder / "tolk.toml").write_text(OWN, encoding="utf-8")
    register(cli, "nrgd-tolk", "--start", "2026-01-01")
    (folder / "tolk.toml").unlink()
    result = cli.run("register", "status")
    cli.fails(result, 1)
    assert "'nrgd-tolk' has no profile any more" in result.stderr
    removed = cli.run("register", "remove", "nrgd-tolk")
    assert removed.exit_code == 0, removed.stderr
