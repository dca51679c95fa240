"""`leerlog export`: the HR balance, the formula guard, round trips, and output files."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import pytest

from installed import unnoted

if TYPE_CHECKING:
    from conftest import Run

    from .conftest import Cli

HEADER = (
    "person,team,period_start,period_end,activities,minutes_total,minutes_experiential,"
    "minutes_social,minutes_formal,pct_experiential,pct_social,pct_formal,"
    "target_experiential,target_social,target_formal,deviation"
)
IDLE = "0,0,0,0,0,,,,70,20,10,"  # activities, minutes, empty shares, target, empty deviation
TRICKY = {
    "comma": "Casus, met komma",
    "quotes": "Zei \"ja\" en 'nee'",
    "newline": "Twee\nregels",
    "formula": "=SUM(A1)",
    "minus": "-start",
    "plus": "+1 voor de casus",
    "at": "@x",
    "tab": "\tingesprongen",
    "cr": "\rterug",
    "cr-inside": "voor\rna",
    "unicode": "casuïstiek in het café ✓",
    "apostrophe": "'hello",
    "apostrophe-formula": "'=stond er al",
}
IMPORTED = [  # records only an import can make: own ids, odd names, given timestamps
    {"id": "=extern-1", "person": "+anna", "date": "2026-03-04", "category": "formal",
     "type": "reading", "minutes": 120, "title": "Boek", "with": None, "tags": ["-a", "@b"],
     "reflection": None, "created_at": "2026-03-04T10:00:00.000Z"},
    {"id": "extern-2", "person": "@bob", "date": "2025-12-31", "category": "social",
     "type": None, "minutes": 5, "title": "Kort", "with": "=Piet", "tags": [],
     "reflection": "-", "created_at": "2025-12-31T23:59:59.999Z"},
]  # fmt: skip


def succeeds(run: Run, *args: str) -> str:
    """Stdout of a command that must exit 0 and say nothing on stderr."""
    result = run(*args)
    assert (result.exit_code, unnoted(result.stderr)) == (0, ""), result
    return result.stdout


def export_to(run: Run, path: Path, *args: str, db: Path | None = None) -> None:
    """`leerlog [--db DB] export ARGS --output PATH`: exit 0, stdout empty, a line on stderr."""
    result = run(*(["--db", str(db)] if db else []), "export", *args, "--output", str(path))
    assert (result.exit_code, result.stdout) == (0, ""), result.stderr
    assert result.stderr.startswith("Wrote ") and str(path) in result.stderr


def parsed(text: str, delimiter: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def add_with_text(cli: Cli, value: str, *extra: str) -> str:
    """An activity whose with and reflection are VALUE, and its title VALUE on one line (a title
    holds no control character: line breaks and tabs become spaces)."""
    return cli.add("intervisie", "-m", "45", f"--with={value}", f"--reflection={value}", *extra,
                   "--", " ".join(value.split()))  # fmt: skip


# --- round trips ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "json"])
def test_export_import_export_is_identical(run: Run, cli: Cli, tmp_path: Path, fmt: str) -> None:
    for value in TRICKY.values():
        add_with_text(cli, value, "--tag=-vaardig", "--tag=casuïstiek", "-p", "Zoë")
    seed = tmp_path / "seed.json"
    seed.write_text(json.dumps(IMPORTED), encoding="utf-8")
    succeeds(run, "import", str(seed))
    first, second, other = tmp_path / f"1.{fmt}", tmp_path / f"2.{fmt}", tmp_path / "other.db"
    export_to(run, first, "activities", "--format", fmt)
    count = len(TRICKY) + len(IMPORTED)
    added = succeeds(run, "--db", str(other), "import", str(first))
    assert added == f"imported {count} activities; 0 already present\n"
    export_to(run, second, "activities", "--format", fmt, db=other)
    assert second.read_bytes() == first.read_bytes()
    assert cli.records("--all", env={"LEERLOG_DB": str(other)}) == cli.records("--all")
    again = succeeds(run, "--db", str(other), "import", str(first))
    assert again == f"imported 0 activities; {count} already present\n"


def csv_round_trip(run: Run, cli: Cli, tmp_path: Path) -> None:
    """The CSV export, imported into the same file, is already present; into a new one, equal."""
    path = tmp_path / "eigen.csv"
    export_to(run, path, "activities")
    result = run("import", str(path))
    expected = (0, "imported 0 activities; 1 already present\n")
    assert (result.exit_code, result.stdout) == expected, result.stderr
    other = str(tmp_path / "other.db")
    succeeds(run, "--db", other, "import", str(path))
    assert cli.records("--all", env={"LEERLOG_DB": other}) == cli.records("--all")


@pytest.mark.parametrize("value", list(TRICKY.values()), ids=list(TRICKY))
def test_csv_export_reimports_as_already_present(
    run: Run, cli: Cli, tmp_path: Path, value: str
) -> None:
    add_with_text(cli, value, "--tag=-x", "--tag=@y")
    csv_round_trip(run, cli, tmp_path)


def test_tag_with_a_comma_is_refused_or_survives_csv(run: Run, cli: Cli, tmp_path: Path) -> None:
    """The CSV joins tags with ',': a tag holding one must be refused, or come back whole."""
    result = run("add", "werk", "-m", "30", "-t", "a,b", "--", "Komma in een tag")
    if result.exit_code == 2:
        assert "tag" in result.stderr and result.stdout == ""
        return
    assert result.exit_code == 0, result.stderr
    csv_round_trip(run, cli, tmp_path)


# --- the formula guard --------------------------------------------------------------------------


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_activities_csv_neutralises_formulas(run: Run, cli: Cli, start: str) -> None:
    add_with_text(cli, f"{start}1+1", f"--tag={start}t")
    rows = parsed(succeeds(run, "export", "activities"))
    assert len(rows) == 2 and len(rows[1]) == 14, rows
    title, with_, tags, reflection = rows[1][6:10]
    assert with_ == reflection == f"'{start}1+1"
    assert title == (f"'{start}1+1" if start.strip() else "1+1")  # one line, see add_with_text
    assert tags == (f"'{start}t" if start.strip() else "t")  # tags are stripped


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
@pytest.mark.parametrize("excel", [False, True])
def test_balance_csv_neutralises_formulas(run: Run, start: str, excel: bool) -> None:
    succeeds(run, "people", "set", "--team", f"{start}team", "--", f"{start}naam")
    text = succeeds(run, "export", "balance", *(["--excel"] if excel else []))
    rows = parsed(text.removeprefix("\ufeff"), ";" if excel else ",")
    assert rows[1][:2] == [f"'{start}naam", f"'{start}team"]


# --- export balance -----------------------------------------------------------------------------


@pytest.fixture
def team(run: Run, cli: Cli) -> None:
    """anna 640/240/120 minutes (64.0:24.0:12.0); bob only in 2024; carl tomorrow; Zoë and
    émile never logged."""
    for name, team_name in (("Zoë", "Team Noord"), ("carl", "Team Noord"), ("émile", "Team Zuid")):
        succeeds(run, "people", "set", name, "--team", team_name)
    cli.add("werk", "Huisbezoek", "-m", "640", "-d", "2026-11-20")
    cli.add("coaching", "Gesprek met coach", "-m", "240", "-d", "2026-10-15")
    cli.add("training", "Workshop", "-m", "120", "-d", "2026-10-05")
    cli.add("training", "Oude cursus", "-m", "1h", "-d", "2024-03-05", "-p", "bob")
    cli.add("sociaal", "Intervisie morgen", "-m", "30", "-d", "2026-11-28", "-p", "carl")


@pytest.mark.usefixtures("team")
def test_balance_csv_has_one_row_per_known_person(run: Run) -> None:
    span = "2025-11-28,2026-11-27"
    assert succeeds(run, "export", "balance") == "\n".join([
        HEADER,
        f"Zoë,Team Noord,{span},{IDLE}",
        f"anna,,{span},3,1000,640,240,120,64.0,24.0,12.0,70,20,10,6.0",
        f"bob,,{span},{IDLE}",
        f"carl,Team Noord,{span},{IDLE}",
        f"émile,Team Zuid,{span},{IDLE}",
        "",
    ])  # fmt: skip


@pytest.mark.usefixtures("team")
@pytest.mark.parametrize(
    ("args", "people"),
    [(["--person", "anna"], ["anna"]), (["-p", "bob"], ["bob"]),
     (["--team", "Team Noord"], ["Zoë", "carl"]), (["--team", "Team Zuid"], ["émile"])],
)  # fmt: skip
def test_balance_filters(run: Run, args: list[str], people: list[str]) -> None:
    rows = parsed(succeeds(run, "export", "balance", *args))
    assert [row[0] for row in rows[1:]] == people


@pytest.mark.usefixtures("team")
@pytest.mark.parametrize(
    ("args", "start", "end", "label"),
    [([], "2025-11-28", "2026-11-27", "2025-11-28_2026-11-27"),
     (["--period", "2026"], "2026-01-01", "2026-12-31", "2026"),
     (["--period", "2026-Q3"], "2026-07-01", "2026-09-30", "2026-Q3"),
     (["--period", "2026-11"], "2026-11-01", "2026-11-30", "2026-11"),
     (["--period", "2026-W48"], "2026-11-23", "2026-11-29", "2026-W48"),
     (["--period", "this-week"], "2026-11-23", "2026-11-29", "2026-W48"),
     (["--period", "last-week"], "2026-11-16", "2026-11-22", "2026-W47"),
     (["--period", "this-month"], "2026-11-01", "2026-11-30", "2026-11"),
     (["--period", "last-month"], "2026-10-01", "2026-10-31", "2026-10"),
     (["--period", "this-quarter"], "2026-10-01", "2026-12-31", "2026-Q4"),
     (["--period", "last-quarter"], "2026-07-01", "2026-09-30", "2026-Q3"),
     (["--period", "this-year"], "2026-01-01", "2026-12-31", "2026"),
     (["--period", "last-year"], "2025-01-01", "2025-12-31", "2025"),
     (["--period", "last-30-days"], "2026-10-29", "2026-11-27", "2026-10-29_2026-11-27"),
     (["--period", "all"], "2024-03-05", "2026-11-28", "all"),
     (["--since", "2026-11-01", "--until", "2026-11-27"], "2026-11-01", "2026-11-27",
      "2026-11-01_2026-11-27"),
     (["--since", "2026-11-01"], "2026-11-01", "2026-11-28", "2026-11-01_2026-11-28"),
     (["--until", "2026-06-30"], "2024-03-05", "2026-06-30", "2024-03-05_2026-06-30")],
)  # fmt: skip
def test_balance_periods(
    run: Run, tmp_path: Path, args: list[str], start: str, end: str, label: str
) -> None:
    result = run("export", "balance", *args, "-o", str(tmp_path / "{period}.csv"))
    assert (result.exit_code, result.stdout) == (0, ""), result.stderr
    rows = parsed((tmp_path / f"{label}.csv").read_text(encoding="utf-8"))
    assert len(rows) == 6
    assert {(row[2], row[3]) for row in rows[1:]} == {(start, end)}


@pytest.mark.usefixtures("team")
def test_balance_json_has_numbers_and_null(run: Run) -> None:
    data = json.loads(succeeds(run, "export", "balance", "--format", "json", "--period", "all"))
    assert [row["person"] for row in data] == ["Zoë", "anna", "bob", "carl", "émile"]
    shares = {row["person"]: [row[f"pct_{c}"] for c in ("experiential", "social", "formal")]
              + [row["deviation"]] for row in data}  # fmt: skip
    assert shares == {"Zoë": [None] * 4, "anna": [64.0, 24.0, 12.0, 6.0],
                      "bob": [0.0, 0.0, 100.0, 90.0], "carl": [0.0, 100.0, 0.0, 80.0],
                      "émile": [None] * 4}  # fmt: skip
    assert data[1]["minutes_total"] == 1000 and data[1]["team"] is None
    assert all(isinstance(value, int | float | type(None)) for value in shares["anna"])


@pytest.mark.usefixtures("team")
def test_balance_for_excel(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    result = run("export", "balance", "--excel", "-o", str(path), "--person", "anna")
    assert result.exit_code == 0, result.stderr
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf" + HEADER.replace(",", ";").encode() + b"\r\n")
    assert raw.decode("utf-8-sig").split("\r\n")[1:] == [
        "anna;;2025-11-28;2026-11-27;3;1000;640;240;120;64,0;24,0;12,0;70;20;10;6,0",
        "",
    ]
    stdout = succeeds(run, "export", "balance", "--excel", "-p", "anna")
    assert stdout == raw.decode("utf-8").replace("\r\n", "\n")  # CliRunner folds line ends
    refused = run("export", "balance", "--excel", "--format", "json")
    cli_error = (refused.exit_code, refused.stdout, refused.stderr.startswith("Error: "))
    assert cli_error == (2, "", True), refused


# --- output files -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "folder"),
    [(["balance", "--period", "last-month"], "2026-10"), (["balance", "--period", "all"], "all"),
     (["balance", "--since", "2026-11-01"], "2026-11-01_2026-11-27"), (["activities"], "all"),
     (["activities", "--period", "2026-11"], "2026-11")],
)  # fmt: skip
def test_output_file_name_and_folders(
    run: Run, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    args: list[str], folder: str,
) -> None:  # fmt: skip
    cli.add("werk", "Huisbezoek", "-m", "45", "-d", "2026-11-02")
    monkeypatch.chdir(tmp_path)
    result = run("export", *args, "--output", "out/{period}/export-{date}.csv")
    target = Path("out", folder, "export-2026-11-27.csv")
    assert (result.exit_code, result.stdout) == (0, ""), result.stderr
    assert str(target) in result.stderr and len(result.stderr.splitlines()) == 1
    assert os.listdir(target.parent) == [target.name]
    assert target.read_text(encoding="utf-8") == succeeds(run, "export", *args)


@pytest.mark.parametrize("command", [["balance"], ["activities"], ["activities", "--excel"]])
def test_output_dash_is_stdout(
    run: Run, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    cli.add("werk", "Huisbezoek", "-m", "45", "-d", "2026-11-02")
    (tmp_path / "here").mkdir()
    monkeypatch.chdir(tmp_path / "here")
    result = run("export", *command, "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == succeeds(run, "export", *command) and "anna" in result.stdout
    assert os.listdir() == []  # no file called '-'


def broken_writer(rows: Any, out: TextIO, **options: Any) -> int:
    out.write("person,team\nhalf")
    raise OSError(28, "No space left on device")


@pytest.mark.parametrize(
    ("command", "writer"),
    [
        ("balance", "leerlog.report.formats.write_balance_csv"),
        ("activities", "leerlog.transfer.writers.write_activities_csv"),
    ],
)
def test_failed_write_keeps_the_old_file(
    run: Run, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, writer: str
) -> None:
    cli.add("werk", "Huisbezoek", "-m", "45")
    path = tmp_path / "hr" / "export.csv"
    export_to(run, path, command)
    old = path.read_bytes()
    path.chmod(0o640)
    with monkeypatch.context() as patch:
        patch.setattr(writer, broken_writer)
        result = run("export", command, "-o", str(path))
    cli.fails(result, 1)
    assert (path.read_bytes(), os.listdir(path.parent)) == (old, [path.name])
    cli.add("werk", "Nog een", "-m", "30")
    export_to(run, path, command)
    assert path.read_bytes() != old and os.listdir(path.parent) == [path.name]
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
