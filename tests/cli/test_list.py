"""`leerlog list`: order, whose records, filters, periods, limits and the four formats."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from conftest import Run

    from .conftest import Cli

CSV_HEADER = (
    "id,person,date,category,type,minutes,title,with,tags,reflection,created_at,updated_at,"
    "session,accreditation"
)
JSON_FIELDS = {
    "id", "person", "date", "category", "type", "minutes", "title",
    "with", "tags", "reflection", "created_at", "updated_at", "session", "accreditation",
}  # fmt: skip

# (person, WHAT, title, date, extra options)
LOGBOOK: list[tuple[str, str, str, str, list[str]]] = [
    ("anna", "workshop", "Motiverende gespreksvoering", "2026-10-15", []),
    ("anna", "intervisie", "Casus over schuldhulp", "2026-11-20", ["-t", "schuldhulp"]),
    ("anna", "werk", "Eerste huisbezoek", "2026-11-25", ["-t", "huisbezoek", "-t", "schuldhulp"]),
    ("bob", "coaching", "Gesprek met teamleider", "2026-11-26", []),
    ("carla", "reading", "Vakliteratuur armoede", "2026-11-27", ["--with", "Bibliotheek"]),
]


@pytest.fixture
def logbook(run: Run, cli: Cli) -> None:
    """Three people's activities; bob is in Team Noord, carla in Team Zuid."""
    for person, what, title, date, extra in LOGBOOK:
        cli.add(what, title, "-m", "30", "-d", date, "--person", person, *extra)
    for person, team in (("bob", "Team Noord"), ("carla", "Team Zuid")):
        assert run("people", "set", person, "--team", team).exit_code == 0


def titles(cli: Cli, *args: str) -> list[str]:
    return [record["title"] for record in cli.records(*args)]


@pytest.mark.usefixtures("logbook")
@pytest.mark.parametrize(
    ("args", "expected"),
    [
        pytest.param(
            [], ["Eerste huisbezoek", "Casus over schuldhulp", "Motiverende gespreksvoering"],
            id="mine-newest-first",
        ),
        pytest.param(["--person", "bob"], ["Gesprek met teamleider"], id="person"),
        pytest.param(["-p", "carla"], ["Vakliteratuur armoede"], id="person-short"),
        pytest.param(
            ["--all"],
            ["Vakliteratuur armoede", "Gesprek met teamleider", "Eerste huisbezoek",
             "Casus over schuldhulp", "Motiverende gespreksvoering"],
            id="all",
        ),
        pytest.param(["--team", "Team Noord"], ["Gesprek met teamleider"], id="team"),
        pytest.param(["--category", "sociaal"], ["Casus over schuldhulp"], id="category-alias"),
        pytest.param(["-c", "10"], ["Motiverende gespreksvoering"], id="category-share"),
        pytest.param(["--all", "--category", "social"],
                     ["Gesprek met teamleider", "Casus over schuldhulp"], id="category-all"),
        pytest.param(["--type", "intervisie"], ["Casus over schuldhulp"], id="type"),
        pytest.param(["--type", "coaching"], [], id="type-not-mine"),
        pytest.param(["--tag", "schuldhulp"], ["Eerste huisbezoek", "Casus over schuldhulp"],
                     id="tag"),
        pytest.param(["--tag", "huisbezoek"], ["Eerste huisbezoek"], id="tag-one"),
        pytest.param(["--since", "2026-11-01", "--until", "2026-11-24"],
                     ["Casus over schuldhulp"], id="since-until"),
        pytest.param(["--since", "2026-11-20"], ["Eerste huisbezoek", "Casus over schuldhulp"],
                     id="since-inclusive"),
        pytest.param(["--until", "2026-11-20"],
                     ["Casus over schuldhulp", "Motiverende gespreksvoering"],
                     id="until-inclusive"),
        pytest.param(["--period", "2026-11"], ["Eerste huisbezoek", "Casus over schuldhulp"],
                     id="period-month"),
        pytest.param(["--period", "last-month"], ["Motiverende gespreksvoering"],
                     id="period-last-month"),
        pytest.param(["--limit", "1"], ["Eerste huisbezoek"], id="limit"),
        pytest.param(["-n", "2", "--all"], ["Vakliteratuur armoede", "Gesprek met teamleider"],
                     id="limit-all"),
    ],
)  # fmt: skip
def test_filters(cli: Cli, args: list[str], expected: list[str]) -> None:
    assert titles(cli, *args) == expected


@pytest.mark.usefixtures("logbook")
def test_default_is_me_only(cli: Cli) -> None:
    assert {record["person"] for record in cli.records()} == {"anna"}
    assert {record["person"] for record in cli.records("--all")} == {"anna", "bob", "carla"}


@pytest.mark.usefixtures("logbook")
@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["--limit", "0"], id="limit-0"),
        pytest.param(["--limit", "x"], id="limit-text"),
        pytest.param(["--format", "xml"], id="format"),
        pytest.param(["--category", "bla"], id="category"),
        pytest.param(["--since", "2026-11-20", "--until", "2026-11-01"], id="start-after-end"),
        pytest.param(["--all", "--person", "bob"], id="all-and-person"),
    ],
)
def test_bad_options_are_usage_errors(run: Run, cli: Cli, args: list[str]) -> None:
    cli.fails(run("list", *args), 2)


@pytest.mark.usefixtures("logbook")
def test_csv(run: Run) -> None:
    result = run("list", "--all", "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == CSV_HEADER
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [row["title"] for row in rows][:3] == [
        "Vakliteratuur armoede", "Gesprek met teamleider", "Eerste huisbezoek",
    ]  # fmt: skip
    huisbezoek = rows[2]
    assert huisbezoek["tags"] == "huisbezoek,schuldhulp"
    assert (huisbezoek["person"], huisbezoek["category"], huisbezoek["type"]) == (
        "anna", "experiential", "",
    )  # fmt: skip
    assert huisbezoek["minutes"] == "30"
    assert rows[0]["with"] == "Bibliotheek"


@pytest.mark.parametrize(
    ("title", "cell"),
    [("=SUM(A1)", "'=SUM(A1)"), ("+31 20 1234", "'+31 20 1234"), ("@home", "'@home")],
)
def test_csv_neutralises_formulas(run: Run, cli: Cli, title: str, cell: str) -> None:
    cli.add("werk", "-m", "30", "--", title)
    result = run("list", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [row["title"] for row in rows] == [cell]
    assert cli.records()[0]["title"] == title


@pytest.mark.usefixtures("logbook")
def test_json_uses_the_contract_field_names(cli: Cli) -> None:
    records = cli.records("--all")
    assert len(records) == len(LOGBOOK)
    for record in records:
        assert set(record) == JSON_FIELDS
        assert isinstance(record["tags"], list)
        assert isinstance(record["minutes"], int)
    assert records[2]["tags"] == ["huisbezoek", "schuldhulp"]


@pytest.mark.usefixtures("logbook")
def test_jsonl_is_one_object_per_line(run: Run, cli: Cli) -> None:
    result = run("list", "--all", "--format", "jsonl")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [json.loads(line) for line in lines] == cli.records("--all")


@pytest.mark.usefixtures("logbook")
def test_table_is_plain_text(run: Run, cli: Cli) -> None:
    result = run("list", "--all")
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout + result.stderr
    for record in cli.records("--all"):
        assert record["id"][:8] in result.stdout
        assert record["title"] in result.stdout


@pytest.mark.parametrize("fmt", ["table", "json", "jsonl", "csv"])
def test_list_without_database_is_exit_1_and_creates_nothing(
    run: Run, db_path: Path, fmt: str
) -> None:
    result = run("list", "--all", "--format", fmt)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith(f"Error: no leerlog database at {db_path}; ")
    assert not db_path.exists()
    assert not db_path.parent.exists()
