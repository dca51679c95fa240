"""`leerlog types`, `people` and `config`: the catalogue, teams, and where settings come from."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from leerlog.domain.categories import BUILTIN_TYPES

if TYPE_CHECKING:
    from conftest import Run

    from .conftest import Cli

CONFIG_LINE = re.compile(r"([\w.]+(?:\"[^\"]+\")?)\s+(.*?)\s*\((.*)\)")


def table_rows(text: str) -> dict[str, list[str]]:
    """A plain table's rows under the header, keyed by the first column."""
    rows = [re.split(r"\s{2,}", line.strip()) for line in text.splitlines()[1:] if line.strip()]
    return {cells[0]: cells[1:] for cells in rows}


def types_rows(run: Run) -> dict[str, list[str]]:
    result = run("types")
    assert result.exit_code == 0, result.stderr
    return table_rows(result.stdout)


def people_rows(run: Run) -> dict[str, list[str]]:
    result = run("people", "list")
    assert result.exit_code == 0, result.stderr
    return table_rows(result.stdout)


def config_rows(run: Run, *global_options: str) -> dict[str, tuple[str, str]]:
    """`leerlog config` as {key: (value, source)}."""
    result = run(*global_options, "config")
    assert result.exit_code == 0, result.stderr
    rows: dict[str, tuple[str, str]] = {}
    for line in result.stdout.splitlines():
        match = CONFIG_LINE.fullmatch(line.strip())
        assert match, line
        rows[match[1]] = (match[2].strip(), match[3])
    return rows


def write_config(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# -- types -----------------------------------------------------------------------------------


def test_types_lists_the_whole_catalogue(run: Run) -> None:
    rows = types_rows(run)
    assert set(rows) == set(BUILTIN_TYPES)
    assert len(rows) == 21
    for key, activity_type in BUILTIN_TYPES.items():
        assert rows[key] == [activity_type.category, activity_type.label, "built in"]


def test_own_type_is_shared_through_the_file(run: Run, cli: Cli) -> None:
    result = run("types", "add", "huisbezoek", "--category", "werk", "--label", "home visit")
    assert result.exit_code == 0, result.stderr

    new_id = cli.add("huisbezoek", "x", "-m", "30")
    record = cli.record(new_id)
    assert (record["type"], record["category"]) == ("huisbezoek", "experiential")
    assert types_rows(run)["huisbezoek"] == ["experiential", "home visit", "own"]
    assert len(types_rows(run)) == 22
    # Bob, on the same file, sees and uses it too.
    assert cli.add("huisbezoek", "y", "-m", "30", env={"LEERLOG_PERSON": "bob"})


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["Bad Key", "--category", "werk"], id="bad-key"),
        pytest.param(["x", "--category", "werk"], id="too-short"),
        pytest.param(["1abc", "--category", "werk"], id="starts-with-digit"),
        pytest.param(["coaching", "--category", "sociaal"], id="builtin-exists"),
        pytest.param(["werk", "--category", "werk"], id="category-alias"),
        pytest.param(["opleiding", "--category", "formal"], id="category-alias-formal"),
        pytest.param(["huisbezoek", "--category", "bla"], id="unknown-category"),
        pytest.param(["huisbezoek"], id="no-category"),
    ],
)
def test_types_add_refuses(run: Run, cli: Cli, args: list[str]) -> None:
    cli.fails(run("types", "add", *args), 2)
    assert len(types_rows(run)) == 21


def test_types_add_refuses_an_own_type_twice(run: Run, cli: Cli) -> None:
    assert run("types", "add", "huisbezoek", "--category", "werk").exit_code == 0
    cli.fails(run("types", "add", "Huisbezoek", "--category", "formal"), 2)
    assert types_rows(run)["huisbezoek"][0] == "experiential"


# -- people ----------------------------------------------------------------------------------


def test_people_set_and_clear_team(run: Run) -> None:
    result = run("people", "set", "anna", "--team", "Team Noord")
    assert result.exit_code == 0, result.stderr
    assert people_rows(run)["anna"][0] == "Team Noord"

    assert run("people", "set", "anna", "--team", "").exit_code == 0
    assert "Team Noord" not in run("people", "list").stdout
    assert "anna" in people_rows(run)


def test_people_list_counts_activities(run: Run, cli: Cli) -> None:
    cli.add("werk", "A", "-m", "1u30", "-d", "2026-11-20")
    cli.add("werk", "B", "-m", "30", "-d", "2026-11-25")
    assert run("people", "set", "bob", "--team", "Team Zuid").exit_code == 0
    rows = people_rows(run)
    assert rows["anna"] == ["2", "2.0", "2026-11-25"]
    assert rows["bob"] == ["Team Zuid", "0", "0.0"]


def test_people_set_empty_name(run: Run, cli: Cli) -> None:
    cli.fails(run("people", "set", " ", "--team", "Team Noord"), 2)


# -- config ----------------------------------------------------------------------------------


def test_config_from_environment(run: Run, db_path: Path, isolated: Path) -> None:
    rows = config_rows(run)
    assert rows["db"][0] == str(db_path)
    assert rows["db"][1].startswith("LEERLOG_DB")
    assert rows["person"] == ("anna", "LEERLOG_PERSON")
    assert rows["target"] == ("70:20:10", "default")
    assert rows["today"] == ("2026-11-27", "LEERLOG_TODAY")
    assert rows["config"][0] == str(isolated / "config.toml")


def test_global_options_win(run: Run, tmp_path: Path) -> None:
    other = tmp_path / "elders" / "team.db"
    rows = config_rows(run, "--db", str(other), "--person", "bob")
    assert rows["db"][0] == str(other)
    assert rows["db"][1].startswith("--db")
    assert rows["person"] == ("bob", "--person")


def test_config_file_is_used_when_environment_is_silent(
    run: Run, cli: Cli, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LEERLOG_PERSON")
    monkeypatch.delenv("LEERLOG_DB")
    db = isolated / "from-config" / "log.db"
    write_config(
        isolated / "config.toml",
        'person = "piet"', 'target = "60:25:15"', 'team = "Team Zuid"', f'db = "{db}"',
    )  # fmt: skip
    rows = config_rows(run)
    assert rows["person"] == ("piet", "config")
    assert rows["team"] == ("Team Zuid", "config")
    assert not any(key.startswith("lrs.map") for key in rows)
    assert rows["target"] == ("60:25:15", "config")
    assert rows["db"][0] == str(db)
    assert rows["db"][1].startswith("config")

    new_id = cli.add("werk", "Eerste dag", "-m", "30")
    assert db.exists()
    assert cli.record(new_id)["person"] == "piet"
    cli.add("werk", "Voor een ander", "-m", "30", "--person", "bob")
    people = people_rows(run)
    assert people["piet"][0] == "Team Zuid"
    assert "Team Zuid" not in people["bob"]


@pytest.mark.parametrize(
    "lines",
    [
        pytest.param(['colour = "blue"'], id="unknown-key"),
        pytest.param(["person = "], id="invalid-toml"),
        pytest.param(['target = "60:25:16"'], id="target-not-100"),
        pytest.param(['target = "veel"'], id="target-text"),
        pytest.param(["person = 5"], id="not-a-string"),
        pytest.param(['person = ""'], id="empty"),
    ],
)
@pytest.mark.parametrize("command", [["config"], ["list"], ["add", "werk", "x", "-m", "30"]])
def test_bad_config_file(
    run: Run, cli: Cli, isolated: Path, db_path: Path, lines: list[str], command: list[str]
) -> None:
    path = write_config(isolated / "config.toml", *lines)
    result = run(*command)
    cli.fails(result, 2)
    assert str(path) in result.stderr
    assert not db_path.exists()


def test_today_that_is_not_a_date(run: Run, cli: Cli) -> None:
    result = run("list", env={"LEERLOG_TODAY": "notadate"})
    cli.fails(result, 2)
    assert "LEERLOG_TODAY" in result.stderr


def test_config_shows_how_pull_maps_an_lrs_verb(run: Run, isolated: Path) -> None:
    attended = "http://adlnet.gov/expapi/verbs/attended"
    webinar = "http://id.tincanapi.com/activitytype/webinar"
    write_config(
        isolated / "config.toml",
        "[lrs.map]", f'"{webinar}" = "e-learning"', f'"{attended}" = " sociaal "',
    )  # fmt: skip
    rows = config_rows(run)
    assert rows[f'lrs.map."{attended}"'] == ("sociaal", "config")
    assert rows[f'lrs.map."{webinar}"'] == ("e-learning", "config")


@pytest.mark.parametrize("columns", [60, 80])
def test_config_in_a_narrow_pane_puts_a_long_settings_source_on_its_own_line(
    run: Run, isolated: Path, monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    monkeypatch.chdir(isolated)
    monkeypatch.setenv("LEERLOG_CONFIG", "instellingen/leerlog-config.toml")
    wide = config_rows(run, "--db", "gedeeld/team-noord/leerlog.db")  # no COLUMNS: as piped
    done = run("--db", "gedeeld/team-noord/leerlog.db", "config", env={"COLUMNS": str(columns)})
    assert done.exit_code == 0, done.stderr
    lines = done.stdout.splitlines()
    assert [line for line in lines if len(line) > columns] == []
    # Each setting whole: key and value on one line, its source on that line or the next.
    shown: dict[str, tuple[str, str]] = {}
    for line in lines:
        if line.startswith(" "):  # the source, or the rest of it
            key, (value, source) = list(shown.items())[-1]
            part = line.strip().removeprefix("(").removesuffix(")")
            shown[key] = (value, f"{source} {part}".strip())
        else:
            match = CONFIG_LINE.fullmatch(line) or re.fullmatch(r"(\S+) +(\S+)", line)
            assert match, line
            shown[match[1]] = (match[2].strip(), match[3] if match.re is CONFIG_LINE else "")
    assert shown == wide
    if columns == 60:
        assert len(lines) > len(wide)  # the long ones took a second line
