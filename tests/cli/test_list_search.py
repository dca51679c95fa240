"""`leerlog list --search`, `--with` and `--tag`: in any case and without accents, with the rest."""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from conftest import Run

    from .conftest import Cli

# (person, WHAT, title, date, extra options): each searchable text in one field only.
LOGBOOK: list[tuple[str, str, str, str, list[str]]] = [
    ("anna", "workshop", "Reünie van de opleiding", "2026-10-15", []),
    ("anna", "intervisie", "Casus", "2026-11-20", ["-r", "Ik leerde GRENZEN stellen"]),
    ("anna", "werk", "Huisbezoek", "2026-11-24", ["--with", "Piet Ëlsen, Joost"]),
    ("anna", "coaching", "Gesprek", "2026-11-25", ["-t", "Schuldhulp", "-t", "ÉÉN-op-één"]),
    ("anna", "werk", "Grenzeloos werken", "2026-11-26", ["--with", "Joost en Sanne"]),
    ("bob", "coaching", "Gesprek met Joost", "2026-11-26", ["--with", "Joost"]),
    ("bob", "reading", "Vakliteratuur", "2026-11-27", ["--with", "coach Joost", "-t", "lezen"]),
]


@pytest.fixture
def logbook(cli: Cli) -> None:
    for person, what, title, date, extra in LOGBOOK:
        cli.add(what, title, "-m", "30", "-d", date, "--person", person, *extra)


def titles(cli: Cli, *args: str) -> list[str]:
    return [record["title"] for record in cli.records(*args)]


@pytest.mark.usefixtures("logbook")
@pytest.mark.parametrize(
    ("args", "expected"),
    [
        # each field, in another case than it was typed
        pytest.param(["--search", "OPLEIDING"], ["Reünie van de opleiding"], id="title"),
        pytest.param(["--search", "grenzen stellen"], ["Casus"], id="reflection"),
        pytest.param(["--search", "piet"], ["Huisbezoek"], id="with"),
        pytest.param(["--search", "SCHULD"], ["Gesprek"], id="tag"),
        pytest.param(["--search", "grenze"], ["Grenzeloos werken", "Casus"],
                     id="title-and-reflection"),
        # letters outside ASCII, which SQLite's LIKE and lower() leave alone
        pytest.param(["--search", "REÜNIE"], ["Reünie van de opleiding"], id="upper-umlaut"),
        pytest.param(["--search", "ëlsen"], ["Huisbezoek"], id="lower-umlaut-of-upper"),
        pytest.param(["--search", "één-op-ÉÉN"], ["Gesprek"], id="accents-in-a-tag"),
        # and without the accents people often leave out
        pytest.param(["--search", "reunie"], ["Reünie van de opleiding"], id="without-umlaut"),
        pytest.param(["--search", "een-op-een"], ["Gesprek"], id="without-accents"),
        pytest.param(["--search", "nergens"], [], id="nothing"),
        pytest.param(["--search", "literatuur"], [], id="mine-only"),
        pytest.param(["--search", "joost", "--all"],
                     ["Vakliteratuur", "Gesprek met Joost", "Grenzeloos werken", "Huisbezoek"],
                     id="everyone"),
        # with the other filters
        pytest.param(["--search", "grenze", "--category", "social"], ["Casus"], id="category"),
        pytest.param(["--search", "grenze", "--until", "2026-11-25"], ["Casus"], id="period"),
        pytest.param(["--search", "joost", "-p", "bob", "--type", "reading"], ["Vakliteratuur"],
                     id="person-and-type"),
        pytest.param(["--search", "e", "--all", "--limit", "2"],
                     ["Vakliteratuur", "Gesprek met Joost"], id="limit"),
        # --with: a whole name among those in 'with', in any case
        pytest.param(["--with", "JOOST", "--all"],
                     ["Gesprek met Joost", "Grenzeloos werken", "Huisbezoek"], id="with-name"),
        pytest.param(["--with", "piet ëlsen"], ["Huisbezoek"], id="with-umlaut"),
        pytest.param(["--with", "Piet Elsen"], ["Huisbezoek"], id="with-without-umlaut"),
        pytest.param(["--with", "sanne"], ["Grenzeloos werken"], id="with-after-en"),
        pytest.param(["--with", "Piet"], [], id="with-part-of-a-name"),
        pytest.param(["--with", "coach Joost", "--all"], ["Vakliteratuur"], id="with-whole-text"),
        pytest.param(["--with", "joost", "--search", "werken"], ["Grenzeloos werken"],
                     id="with-and-search"),
        # --tag: any case, also outside ASCII
        pytest.param(["--tag", "schuldhulp"], ["Gesprek"], id="tag-lower"),
        pytest.param(["--tag", "één-op-één"], ["Gesprek"], id="tag-lower-accents"),
        pytest.param(["--tag", "ÉÉN-OP-ÉÉN"], ["Gesprek"], id="tag-upper-accents"),
        pytest.param(["--tag", "schuld"], [], id="tag-is-whole"),
        pytest.param(["--tag", "LEZEN", "--all", "--with", "coach joost"], ["Vakliteratuur"],
                     id="tag-and-with"),
    ],
)  # fmt: skip
def test_search_with_and_tag(cli: Cli, args: list[str], expected: list[str]) -> None:
    assert titles(cli, *args) == expected


@pytest.mark.usefixtures("logbook")
def test_search_in_every_format(run: Run, cli: Cli) -> None:
    expected = cli.records("--search", "joost", "--all")
    assert len(expected) == 4
    table = run("list", "--search", "JOOST", "--all")
    assert table.stdout.splitlines()[0].split()[:2] == ["id", "date"]
    assert table.exit_code == 0, table.stderr
    assert [line.split()[0] for line in table.stdout.splitlines()[1:]] == [
        record["id"][:8] for record in expected
    ]
    as_csv = run("list", "--search", "JOOST", "--all", "--format", "csv")
    assert [row["id"] for row in csv.DictReader(io.StringIO(as_csv.stdout))] == [
        record["id"] for record in expected
    ]
    jsonl = run("list", "--search", "JOOST", "--all", "--format", "jsonl")
    assert [json.loads(line) for line in jsonl.stdout.splitlines()] == expected


def test_a_tag_or_text_with_quotes_and_backslashes(cli: Cli) -> None:
    """Tags are JSON in the file; a search looks at the tags, not at their JSON."""
    cli.add("werk", "Map", "-m", "30", "-t", 'C:\\"oud"')
    cli.add("werk", "Leeg", "-m", "30", "-t", "x")
    assert titles(cli, "--search", '\\"OUD"') == ["Map"]
    assert titles(cli, "--search", '"') == ["Map"]
    assert titles(cli, "--search", "[") == []
    assert titles(cli, "--tag", 'c:\\"OUD"') == ["Map"]


def test_a_long_reflection_is_searched_to_its_end(cli: Cli) -> None:
    cli.add("werk", "Lang", "-m", "30", "-r", "é" * 19_990 + " Slotsom")
    assert titles(cli, "--search", "SLOTSOM") == ["Lang"]


@pytest.mark.usefixtures("logbook")
@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["--search", ""], id="search-empty"),
        pytest.param(["--search", "  "], id="search-blank"),
        pytest.param(["--with", " "], id="with-blank"),
        pytest.param(["--search"], id="search-without-value"),
    ],
)
def test_blank_search_or_name_is_a_usage_error(run: Run, cli: Cli, args: list[str]) -> None:
    cli.fails(run("list", *args), 2)


def test_help_shows_the_new_options_with_examples(run: Run) -> None:
    text = run("list", "--help").stdout
    for words in ("--search TEXT", "--with NAME", "leerlog list --search", "leerlog list --with"):
        assert words in text, text
