"""`leerlog report` as people and HR see it: the table, the CSV, plain errors, and a real process."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from conftest import Run

    from .conftest import Cli

HEADER = (
    "person,team,period_start,period_end,activities,minutes_total,minutes_experiential,"
    "minutes_social,minutes_formal,pct_experiential,pct_social,pct_formal,"
    "target_experiential,target_social,target_formal,deviation"
)
TENTHS_COLUMNS = ("pct_experiential", "pct_social", "pct_formal", "deviation")
SUMMARY = "64.0 : 24.0 : 12.0 against 70 : 20 : 10 — 6.0% of learning time would have to move"
# A report of everyone speaks of everyone's time, not of the reader's.
EVERYONE = SUMMARY.replace("of learning time", "of everyone's learning time")
CATEGORIES = ("experiential", "social", "formal")
GLYPHS = ("█", "▓", "░", "┃")
ONE_DECIMAL = re.compile(r"\d+\.\d")


def add_hand_case(cli: Cli) -> None:
    """anna: 640 / 240 / 120 minutes, 64.0 : 24.0 : 12.0; October 360 minutes, November 640."""
    cli.add("werk", "Huisbezoek", "-m", "640", "-d", "2026-11-20")
    cli.add("coaching", "Gesprek met coach", "-m", "240", "-d", "2026-10-15")
    cli.add("training", "Workshop Participatiewet", "-m", "120", "-d", "2026-10-05")


def report_output(run: Run, *args: str) -> str:
    """`leerlog report ARGS`: exit 0, nothing on stderr, stdout returned."""
    result = run("report", *args)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def report_csv(run: Run, *args: str) -> list[dict[str, str]]:
    """`leerlog report --format csv ARGS`: the exact HR header, `\\n` line ends, parsed rows."""
    text = report_output(run, "--format", "csv", *args)
    assert text.split("\n", 1)[0] == HEADER
    assert "\r" not in text
    assert text.endswith("\n")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    for row in rows:
        for column in TENTHS_COLUMNS:
            assert row[column] == "" or ONE_DECIMAL.fullmatch(row[column]), (column, row)
    return rows


def row_cells(table: str, first: str) -> list[str]:
    """The whitespace-separated cells of the one table line that starts with FIRST (a word or
    a few, such as "November 2026")."""
    start = first.split()
    found = [line.split() for line in table.splitlines() if line.split()[: len(start)] == start]
    assert len(found) == 1, (first, table)
    return found[0]


# --- refused input, and a file that does not exist yet --------------------------------------


@pytest.mark.parametrize(
    ("options", "mentioned"),
    [
        (("--period", "2026-13"), "2026-13"),
        (("--period", "nonsense"), "nonsense"),
        (("--since", "2026-11-10", "--until", "2026-11-01"), "2026-11-10"),
        (("--period", "2026", "--since", "2026-01-01"), "--period"),
        (("--target", "60:25"), "60:25"),
        (("--target", "60:25:16"), "60:25:16"),
        (("--target", "a:b:c"), "a:b:c"),
        (("--by", "hours"), "hours"),
        (("--person", "bob", "--all"), "--all"),
        (("--team", "Noord", "--all"), "--all"),
    ],
)
def test_refused_input_is_a_usage_error(
    cli: Cli, run: Run, options: tuple[str, ...], mentioned: str
) -> None:
    result = run("report", *options)
    cli.fails(result, 2)
    assert mentioned in result.stderr


@pytest.mark.parametrize(
    "options",
    [(), ("--all",), ("--team", "Noord"), ("--period", "all", "--monthly"), ("--format", "csv")],
    ids=["me", "all", "team", "all-monthly", "csv"],
)
def test_report_on_missing_database_is_exit_1_and_creates_nothing(
    run: Run, db_path: Path, options: tuple[str, ...]
) -> None:
    result = run("report", *options)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith(f"Error: no leerlog database at {db_path}; ")
    assert not db_path.exists()
    assert not db_path.parent.exists()


# --- CSV ------------------------------------------------------------------------------------


def test_csv_rows(cli: Cli, run: Run) -> None:
    add_hand_case(cli)
    cli.add("intervisie", "Intervisie", "-m", "90", "--person", "bob", "-d", "2026-11-10")
    assert run("people", "set", "carol", "--team", "Noord").exit_code == 0
    rows = report_csv(run, "--all")
    assert [row["person"] for row in rows] == ["anna", "bob", "carol"]
    anna, bob, carol = rows
    assert anna == {
        **dict.fromkeys(HEADER.split(","), ""),
        "person": "anna",
        "period_start": "2025-11-28",
        "period_end": "2026-11-27",
        "activities": "3",
        "minutes_total": "1000",
        "minutes_experiential": "640",
        "minutes_social": "240",
        "minutes_formal": "120",
        "pct_experiential": "64.0",
        "pct_social": "24.0",
        "pct_formal": "12.0",
        "target_experiential": "70",
        "target_social": "20",
        "target_formal": "10",
        "deviation": "6.0",
    }
    assert [bob[c] for c in TENTHS_COLUMNS] == ["0.0", "100.0", "0.0", "80.0"]
    assert (carol["team"], carol["activities"], carol["minutes_total"]) == ("Noord", "0", "0")
    assert [carol[c] for c in TENTHS_COLUMNS] == ["", "", "", ""]


@pytest.mark.parametrize(
    ("person", "team", "person_cell", "team_cell"),
    [
        ("=cmd", "Noord", "'=cmd", "Noord"),
        ("+31", "Noord", "'+31", "Noord"),
        ("-x", "Noord", "'-x", "Noord"),
        ("@sum", "Noord", "'@sum", "Noord"),
        ("bob", "=HYPERLINK(1)", "bob", "'=HYPERLINK(1)"),
        ("a=b", "Noord", "a=b", "Noord"),
    ],
)
def test_csv_neutralises_formulas(
    cli: Cli, run: Run, person: str, team: str, person_cell: str, team_cell: str
) -> None:
    cli.add("werk", "Huisbezoek", "-m", "60", f"--person={person}", "-d", "2026-11-20")
    assert run("people", "set", f"--team={team}", "--", person).exit_code == 0
    [row] = report_csv(run, f"--person={person}")
    assert (row["person"], row["team"]) == (person_cell, team_cell)


def test_csv_monthly_has_a_row_per_month(cli: Cli, run: Run) -> None:
    add_hand_case(cli)
    rows = report_csv(run, "--monthly", "--period", "2026-Q4")
    assert [(r["period_start"], r["period_end"], r["minutes_total"]) for r in rows] == [
        ("2026-10-01", "2026-10-31", "360"),
        ("2026-11-01", "2026-11-30", "640"),
        ("2026-12-01", "2026-12-31", "0"),
    ]
    assert {row["person"] for row in rows} == {"anna"}
    assert rows[2]["pct_experiential"] == ""


# --- the table ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "rows"),
    [
        pytest.param((), {}, id="me"),
        pytest.param(
            ("--all",),
            {"anna": ["anna", "3", "16.7", "64.0", "24.0", "12.0", "6.0"]},
            id="all",
        ),
        pytest.param(
            ("--monthly",),
            {
                # Months are shown as people read them: "October 2026".
                "September 2026": ["September", "2026", "0", "0.0"],
                "October 2026": ["October", "2026", "2", "6.0", "0.0", "66.7", "33.3", "70.0"],
                "November 2026": ["November", "2026", "1", "10.7", "100.0", "0.0", "0.0", "30.0"],
            },
            id="monthly",
        ),
    ],
)
def test_table(cli: Cli, run: Run, options: tuple[str, ...], rows: dict[str, list[str]]) -> None:
    add_hand_case(cli)
    table = report_output(run, *options)
    assert "\x1b" not in table
    assert (EVERYONE if "--all" in options else SUMMARY) in table.splitlines()
    for word in (*CATEGORIES, *GLYPHS):
        assert word in table
    assert row_cells(table, "experiential")[:7] == [
        "experiential",
        "1",
        "640",
        "10.7",
        "64.0",
        "70",
        "-6.0",
    ]
    assert row_cells(table, "total")[:6] == ["total", "3", "1000", "16.7", "100.0", "100"]
    for first, cells in rows.items():
        assert row_cells(table, first)[: len(cells)] == cells


@pytest.mark.parametrize(
    "options", [("--person", "carol"), ("--team", "Noord")], ids=["person", "team"]
)
def test_table_without_activity(cli: Cli, run: Run, options: tuple[str, ...]) -> None:
    add_hand_case(cli)
    assert run("people", "set", "carol", "--team", "Noord").exit_code == 0
    table = report_output(run, *options)
    assert "no learning logged in this period" in table
    assert row_cells(table, "experiential")[1:4] == ["0", "0", "0.0"]


@pytest.mark.parametrize(
    ("person", "team"),
    [("[/]", "Noord"), ("[bold]eve", "Noord"), ("bob", "[red]Noord")],
    ids=["closing-tag", "opening-tag", "team"],
)
def test_table_shows_names_literally(cli: Cli, run: Run, person: str, team: str) -> None:
    """Names are data: text in square brackets must not be read as Rich markup."""
    cli.add("werk", "Huisbezoek", "-m", "60", "--person", person, "-d", "2026-11-20")
    assert run("people", "set", person, "--team", team).exit_code == 0
    table = report_output(run, "--all")
    assert row_cells(table, person)[:2] == [person, team]


def test_piped_process_without_no_color_has_no_escape_codes(
    cli: Cli, subprocess_env: dict[str, str]
) -> None:
    add_hand_case(cli)
    env = {k: v for k, v in subprocess_env.items() if k not in {"NO_COLOR", "FORCE_COLOR"}}
    env["TERM"] = "xterm-256color"
    # The installed console script next to this Python (conftest's leerlog_executable).
    executable = str(Path(sys.executable).parent / "leerlog")
    done = subprocess.run(
        [executable, "report", "--all"],
        capture_output=True,
        stdin=subprocess.DEVNULL,
        env=env,
        encoding="utf-8",
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stdout + done.stderr
    assert EVERYONE in done.stdout.splitlines()
    assert row_cells(done.stdout, "anna")[:3] == ["anna", "3", "16.7"]
