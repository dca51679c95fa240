"""`leerlog report --format html`: the page's numbers are --format json's, names are text, the
page fetches nothing, goes to a file atomically or down a pipe, and speaks Dutch when asked."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from installed import run_script
from page_tables import outside_references, rows, shown

if TYPE_CHECKING:
    from conftest import Run

    from .conftest import Cli

HOSTILE = "<script>alert(1)</script>"
KEYS = ("activities", "minutes_total", "pct_experiential", "pct_social", "pct_formal", "deviation")


def add_team(cli: Cli, run: Run) -> None:
    """anna 640/240/120 min; HOSTILE 30/30/0; bob 0/0/60 (by hand: see the tests)."""
    for name, team in (("anna", "Noord"), (HOSTILE, "Noord"), ("bob", "Zuid")):
        assert run("people", "set", name, "--team", team).exit_code == 0
    cli.add("werk", "Huisbezoek", "-m", "640", "-d", "2026-11-20")
    cli.add("coaching", "Gesprek met coach", "-m", "240", "-d", "2026-10-15")
    cli.add("training", "Workshop Participatiewet", "-m", "120", "-d", "2026-10-05")
    cli.add("werk", "Dossier", "-m", "30", "-d", "2026-11-02", "-p", HOSTILE)
    cli.add("intervisie", "Casus", "-m", "30", "-d", "2026-11-02", "-p", HOSTILE)
    cli.add("training", "Cursus", "-m", "60", "-d", "2026-11-03", "-p", "bob")


def page(run: Run, folder: Path, *args: str) -> str:
    out = folder / "report.html"
    result = run("report", *args, "--format", "html", "--output", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == f"Wrote the report to {out}\n"
    return out.read_text(encoding="utf-8")


def as_json(run: Run, *args: str) -> dict[str, Any]:
    result = run("report", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_the_page_shows_the_numbers_of_json_worked_out_by_hand(
    cli: Cli, run: Run, tmp_path: Path
) -> None:
    add_team(cli, run)
    args = ("--all", "--period", "2026-Q4", "--monthly")
    html = page(run, tmp_path, *args)
    data = as_json(run, *args)
    people = rows(html, "people")
    assert people == [{key: p[key] for key in ("person", "team", *KEYS)} for p in data["people"]]
    # By hand: HOSTILE 30:30:0 of 60 -> 50:50:0, (20 + 30 + 10) / 2 = 30.0 to move; anna
    # 640:240:120 of 1000 -> 64:24:12, 6.0; bob 60 formal -> 0:0:100, (70 + 20 + 90) / 2 = 90.0.
    assert people == [
        {"person": HOSTILE, "team": "Noord", "activities": 2, "minutes_total": 60,
         "pct_experiential": 50.0, "pct_social": 50.0, "pct_formal": 0.0, "deviation": 30.0},
        {"person": "anna", "team": "Noord", "activities": 3, "minutes_total": 1000,
         "pct_experiential": 64.0, "pct_social": 24.0, "pct_formal": 12.0, "deviation": 6.0},
        {"person": "bob", "team": "Zuid", "activities": 1, "minutes_total": 60,
         "pct_experiential": 0.0, "pct_social": 0.0, "pct_formal": 100.0, "deviation": 90.0},
    ]  # fmt: skip
    # All: 670:270:180 of 1120 -> 59.8 (59.82), 24.1 (24.11), 16.1 (16.07).
    categories = rows(html, "categories")
    assert categories[:3] == [
        {"minutes_experiential": 670, "pct_experiential": 59.8, "target_experiential": 70},
        {"minutes_social": 270, "pct_social": 24.1, "target_social": 20},
        {"minutes_formal": 180, "pct_formal": 16.1, "target_formal": 10},
    ]
    assert categories[3] == {"minutes_total": 1120}
    for row in categories[:3]:
        for key, value in row.items():
            assert data["total"][key] == value
    # October 0:240:120 -> 0 : 66.7 : 33.3; November 670:30:60 of 760 -> 88.2 : 3.9 : 7.9
    # (881.6, 39.5, 78.9 tenths, the two spare tenths to the largest remainders); December empty.
    months = rows(html, "months")
    assert months == [{"month": m["month"], **{k: m[k] for k in KEYS}} for m in data["months"]]
    assert [(m["month"], m["pct_experiential"], m["pct_social"], m["pct_formal"]) for m in months] == [
        ("2026-10", 0.0, 66.7, 33.3), ("2026-11", 88.2, 3.9, 7.9), ("2026-12", None, None, None),
    ]  # fmt: skip
    assert shown(html, "months")[0][0] == "October 2026"
    assert shown(html, "people")[1][:6] == ["anna", "Noord", "3", "1000", "64.0", "24.0"]


def test_a_name_is_text_everywhere_and_the_page_fetches_nothing(
    cli: Cli, run: Run, tmp_path: Path
) -> None:
    add_team(cli, run)
    html = page(run, tmp_path, "--all", "--monthly")
    assert "<script" not in html.lower()
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 3  # the bar, its label, a cell
    assert shown(html, "people")[0][0] == HOSTILE
    assert outside_references(html) == []
    assert html.count("<svg") == 4  # three bars and the trend, each with a text alternative
    assert html.count('role="img"') == 4
    assert (
        'aria-label="anna: experiential 64.0%, social 24.0%, formal 12.0% (target 70 : 20 : 10)"'
        in html
    )
    assert '<desc id="trend-desc">' in html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert "@media print" in html and "size: A4" in html


def test_one_persons_page_has_their_balance_and_bar_and_no_people_table(
    cli: Cli, run: Run, tmp_path: Path
) -> None:
    add_team(cli, run)
    html = page(run, tmp_path, "--person", "bob")
    assert [row[:3] for row in shown(html, "categories")] == [
        ["experiential", "0", "0.0"], ["social", "0", "0.0"], ["formal", "60", "100.0"],
        ["total", "60", "100.0"],
    ]  # fmt: skip
    assert 'data-table="people"' not in html and 'data-table="months"' not in html
    assert "Learning balance of bob" in html
    # their bar, with the target's two marks, and its text alternative
    assert html.count('<svg class="bar"') == 1 and html.count('class="mark"') == 2
    assert 'aria-label="bob: ' in html


def test_the_file_is_written_whole_and_replaced_whole(cli: Cli, run: Run, tmp_path: Path) -> None:
    add_team(cli, run)
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "report.html").write_text("old", encoding="utf-8")
    html = page(run, folder, "--team", "Noord")
    assert sorted(p.name for p in folder.iterdir()) == ["report.html"]  # no temporary file left
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert [row["person"] for row in rows(html, "people")] == [HOSTILE, "anna"]


def test_output_names_the_period_and_takes_json_too(cli: Cli, run: Run, tmp_path: Path) -> None:
    add_team(cli, run)
    template = str(tmp_path / "hr" / "balans-{period}-{date}.json")
    result = run("report", "--all", "--period", "last-month", "--format", "json", "-o", template)
    assert result.exit_code == 0, result.stderr
    written = tmp_path / "hr" / "balans-2026-10-2026-11-27.json"
    assert json.loads(written.read_text(encoding="utf-8")) == as_json(
        run, "--all", "--period", "last-month"
    )


def test_without_output_the_page_goes_down_a_pipe_in_dutch(
    cli: Cli, run: Run, subprocess_env: dict[str, str]
) -> None:
    add_team(cli, run)
    env = subprocess_env | {"LEERLOG_LANG": "nl"}
    result = run_script(env, "report", "--all", "--format", "html")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    html = result.stdout
    assert '<html lang="nl">' in html
    assert "Balans per persoon" in html and "Verloop per maand" not in html  # no --monthly
    anna = shown(html, "people")[1]
    assert anna[:5] == ["anna", "Noord", "3", "1000", "64,0"]  # a decimal comma for people
    assert rows(html, "people")[1]["pct_experiential"] == 64.0  # the JSON number beside it
    assert shown(html, "categories")[0][0] == "ervaring (70)"


def test_the_html_library_is_loaded_only_for_the_page(run: Run) -> None:
    """`add` and the table report start as fast as before: Jinja2 is imported by --format html only."""
    probe = (
        "import sys\n"
        "from leerlog.cli.app import main\n"
        "sys.argv = ['leerlog', *sys.argv[1:]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('jinja2' in sys.modules, file=sys.stderr)\n"
    )

    def loads(*args: str) -> str:
        result = subprocess.run(
            [sys.executable, "-c", probe, *args], capture_output=True, text=True, check=False
        )
        return result.stderr.strip().splitlines()[-1]

    assert loads("add", "werk", "Huisbezoek", "-m", "45") == "False"
    assert loads("report") == "False"
    assert loads("report", "--format", "html") == "True"
