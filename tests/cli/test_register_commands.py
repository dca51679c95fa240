"""register set, list and remove, own profiles, the config's [registers] and the status table,
driven as a person types them. Today is 2026-11-27 (tests/conftest.py)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from registrations import REGISTERPLEIN, categories, reasons, register, status

if TYPE_CHECKING:
    from cli.conftest import Cli
    from conftest import Run


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
    assert re.search(r"\s2022-07-02\.\.2027-07-01\s+0042\n", result.stdout), result.stdout


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


NEAREST = "Error: nobody called 'anaa' in this log; did you mean 'anna'?"


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("register", "status", "-p", "anaa"), NEAREST),
        (("register", "dossier", "-p", "anaa", "-o", "dossier.zip"), NEAREST),
        (
            ("people", "forget", "anaa", "--yes"),
            "Error: the file does not know 'anaa'; did you mean 'anna'?",
        ),
    ],
)
def test_a_misspelt_person_is_named_with_the_nearest_one(
    run: Run, args: tuple[str, ...], said: str
) -> None:
    assert run("add", "werk", "Huisbezoek", "-m", "45", "-q").exit_code == 0
    assert run("register", "set", "skj-jeugdzorgwerker", "--start", "2025-01-01").exit_code == 0
    result = run(*args)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.splitlines()[0] == said
    assert run("people", "list").stdout.count("anna") == 1  # nothing was forgotten
