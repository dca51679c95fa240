"""`leerlog import`: all or nothing, row numbers, plain errors, idempotency, input forms, undo."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from installed import unnoted

if TYPE_CHECKING:
    from conftest import Result, Run

    from .conftest import Cli

CATEGORIES = ("werk", "sociaal", "formeel")
BALANCE_HEADER = (
    "person,team,period_start,period_end,activities,minutes_total,minutes_experiential,"
    "minutes_social,minutes_formal,pct_experiential,pct_social,pct_formal,"
    "target_experiential,target_social,target_formal,deviation"
)


def activity_rows(count: int, **fixed: Any) -> Iterator[dict[str, Any]]:
    """COUNT different valid rows without id ('Activiteit 0', ...); FIXED sets fields in each."""
    for number in range(count):
        yield {
            "person": f"p{number % 7}",
            "date": f"2026-{1 + number % 11:02d}-{1 + number % 28:02d}",
            "category": CATEGORIES[number % 3],
            "minutes": 1 + number % 600,
            "title": f"Activiteit {number}",
            **fixed,
        }


def write_activities(
    path: Path, rows: Iterable[Mapping[str, Any]], columns: Sequence[str] | None = None
) -> Path:
    """ROWS as an activities CSV, a JSON array (.json) or JSON lines (.jsonl), by PATH's suffix."""
    records = list(rows)
    if path.suffix == ".json":
        path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    elif path.suffix == ".jsonl":
        lines = (json.dumps(record, ensure_ascii=False) + "\n" for record in records)
        path.write_text("".join(lines), encoding="utf-8")
    else:
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, columns or list(records[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(records)
    return path


def imported(run: Run, path: Path, *options: str) -> Result:
    """`leerlog import PATH`; never a traceback, whatever the outcome."""
    result = run("import", str(path), *options)
    assert "Traceback" not in result.stdout + result.stderr
    return result


def rejected(result: Result, *fragments: str) -> None:
    """Exit 1 with every problem row and the summary on stderr, nothing on stdout."""
    assert result.exit_code == 1, result
    assert result.stdout == ""
    assert "Error: " in result.stderr and "nothing was imported" in result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, (fragment, result.stderr)


def exported_rows(run: Run) -> list[str]:
    result = run("export", "activities")
    assert result.exit_code == 0, result.stderr
    return result.stdout.splitlines()[1:]


# --- 10,000 rows, one of them invalid ---------------------------------------------------------

TEN_THOUSAND = 10_000
BAD_RECORD = 5000  # the 5000th record sits in spreadsheet row 5001: the header is row 1


@pytest.fixture
def big_file(tmp_path: Path) -> Path:
    rows = list(activity_rows(TEN_THOUSAND))
    rows[BAD_RECORD - 1]["minutes"] = 0
    return write_activities(tmp_path / "groot.csv", rows)


def test_one_invalid_row_stores_nothing(run: Run, cli: Cli, big_file: Path) -> None:
    cli.add("werk", "Al in het logboek", "-m", "30")
    before = cli.snapshot()
    result = imported(run, big_file)
    rejected(result, "row 5001, minutes:", "1 invalid row")
    assert "row 5000" not in result.stderr and "row 5002" not in result.stderr
    assert cli.snapshot() == before


def test_skip_invalid_stores_the_other_rows(run: Run, big_file: Path) -> None:
    result = imported(run, big_file, "--skip-invalid")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "imported 9999 activities; 0 already present; 1 invalid rows left out\n"
    assert unnoted(result.stderr).splitlines() == [
        "row 5001, minutes: minutes must be between 1 and 1440, got 0 (left out)"
    ]
    assert len(exported_rows(run)) == TEN_THOUSAND - 1


# --- files that cannot be imported at all -------------------------------------------------------

CSV_HEAD = b"person,date,category,minutes,title\n"
LATE_LATIN_1 = b"".join(
    [CSV_HEAD, *(b"anna,2026-11-01,werk,30,Regel %d\n" % n for n in range(2000)), b"caf\xe9\n"]
)


# name -> (content, or None for a file that does not exist; what stderr names)
UNUSABLE: dict[str, tuple[bytes | None, str]] = {
    "kolommen.csv": (CSV_HEAD[:-1] + b",kleur\nanna,2026-11-01,werk,30,x,rood\n", "kleur"),
    "balans.csv": (BALANCE_HEADER.encode() + b"\nanna,,2026-01-01,2026-11-27\n", "header"),
    "geen-titel.csv": (b"person,date,category,minutes\nanna,2026-11-01,werk,30\n", "title"),
    "gemengd.csv": (b"person;date;category,minutes;title\nanna;2026-11-01;werk;30;x\n", "';'"),
    "latin1.csv": (CSV_HEAD + b"anna,2026-11-01,werk,30,caf\xe9\n", "UTF-8"),
    "laat-latin1.csv": (LATE_LATIN_1, "UTF-8"),
    "kapot.json": (b'[{"person": ', "not valid JSON"),
    "object.json": (b'{"person": "anna"}', "not an array"),
    "leeg.csv": (b"", "empty"),
    "witruimte.jsonl": (b"\n  \n", "empty"),
    "alleen-header.csv": (CSV_HEAD, "no activities"),
    "lege-lijst.json": (b"[]", "no activities"),
    "bestaat-niet.csv": (None, "No such file"),
}


@pytest.mark.parametrize("name", list(UNUSABLE))
def test_unusable_file_is_a_plain_error(run: Run, cli: Cli, tmp_path: Path, name: str) -> None:
    content, fragment = UNUSABLE[name]
    cli.add("werk", "Al in het logboek", "-m", "30")
    before = cli.snapshot()
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = imported(run, path)
    cli.fails(result, 1)
    assert len(result.stderr.splitlines()) <= 2, result.stderr
    assert fragment in result.stderr
    assert cli.snapshot() == before


@pytest.mark.parametrize("skip", [False, True])
def test_broken_json_line(run: Run, cli: Cli, tmp_path: Path, skip: bool) -> None:
    good = [json.dumps(row) + "\n" for row in activity_rows(3)]
    path = tmp_path / "regels.jsonl"
    path.write_text(good[0] + '{"person": \n' + good[1] + good[2], encoding="utf-8")
    result = imported(run, path, *(["--skip-invalid"] if skip else []))
    if skip:
        assert result.exit_code == 0, result.stderr
        assert "row 2, record: not valid JSON" in result.stderr
        assert [r["title"] for r in cli.records("--all")] == [f"Activiteit {n}" for n in (2, 1, 0)]
    else:
        rejected(result, "row 2, record: not valid JSON")
        assert cli.records("--all") == []


@pytest.mark.parametrize(
    ("suffix", "rows"), [(".csv", (4, 5)), (".json", (3, 4)), (".jsonl", (3, 4))]
)
def test_row_numbers_count_records(
    run: Run, tmp_path: Path, suffix: str, rows: tuple[int, int]
) -> None:
    """A record over three lines is still one row; CSV counts its header as row 1."""
    records = list(activity_rows(4))
    records[0]["reflection"] = "Over\ndrie\nregels"
    records[2]["minutes"] = 0
    records[3]["date"] = "2027-01-01"
    result = imported(run, write_activities(tmp_path / f"rijen{suffix}", records))
    rejected(result, f"row {rows[0]}, minutes:", f"row {rows[1]}, date:", "2 invalid rows")


# --- idempotency --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("edit", "code", "message"),
    [
        (lambda text: text, 0, "imported 0 activities; 1 already present\n"),
        (lambda text: "person,date,category,minutes,title\nanna,2026-11-01,werk,30,Bezoek\n", 0,
         "imported 0 activities; 1 already present\n"),
        (lambda text: text.replace("Bezoek", "Ander bezoek"), 1, "exists with other content"),
    ],
    ids=["same-id-same-content", "no-id-same-key", "same-id-other-content"],
)  # fmt: skip
def test_reimport(
    run: Run, cli: Cli, tmp_path: Path, edit: Callable[[str], str], code: int, message: str
) -> None:
    activity_id = cli.add("werk", "Bezoek", "-m", "30", "-d", "2026-11-01")
    path = tmp_path / "weer.csv"
    path.write_text(edit(run("export", "activities").stdout), encoding="utf-8")
    before = cli.snapshot()
    result = imported(run, path)
    if code == 0:
        assert (result.exit_code, result.stdout) == (0, message), result.stderr
    else:
        rejected(result, f"row 2, id: {activity_id} {message}")
    assert cli.snapshot() == before


@pytest.mark.parametrize(
    ("first", "second", "first_id", "second_id"),
    [(10, 11, False, False), (10, 2600, False, False), (10, 11, True, True),
     (10, 2600, True, True), (10, 11, True, False), (10, 2600, True, False)],
)  # fmt: skip
def test_duplicates_in_one_file_are_stored_once(
    run: Run, tmp_path: Path, first: int, second: int, first_id: bool, second_id: bool
) -> None:
    rows = list(activity_rows(3000, id=""))
    rows[second] = dict(rows[first])
    rows[first]["id"] = "dubbel-1" if first_id else ""
    rows[second]["id"] = "dubbel-1" if second_id else ""
    result = imported(run, write_activities(tmp_path / "dubbel.csv", rows))
    assert (result.exit_code, result.stdout) == (
        0, "imported 2999 activities; 1 already present\n"
    ), result.stderr  # fmt: skip
    assert len(exported_rows(run)) == 2999


# --- what import accepts ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cells", "field", "expected"),
    [
        ({"minutes": "1u30"}, "minutes", 90),
        ({"date": "gisteren"}, "date", "2026-11-26"),
        ({"category": "sociaal"}, "category", "social"),
        ({"category": "", "type": "intervisie"}, "category", "social"),
        ({"category": "", "type": "intervisie"}, "type", "intervisie"),
        ({"title": "'=1+1"}, "title", "=1+1"),
        ({"title": "'@x"}, "title", "@x"),
        ({"title": "'hello"}, "title", "'hello"),
        ({"with": "'-Piet"}, "with", "-Piet"),
        ({"tags": "a, b,a"}, "tags", ["a", "b"]),
        ({"with": "", "reflection": ""}, "with", None),
        ({"id": "eigen-id", "created_at": "2026-01-02T03:04:05.000Z"}, "created_at",
         "2026-01-02T03:04:05.000Z"),
    ],
)  # fmt: skip
def test_import_accepts(
    run: Run, cli: Cli, tmp_path: Path, cells: dict[str, str], field: str, expected: Any
) -> None:
    """Columns in reverse order, only the ones needed, and the forms `add` accepts."""
    row = {**next(activity_rows(1)), **cells}
    path = write_activities(tmp_path / "vrij.csv", [row], columns=list(reversed(row)))
    result = imported(run, path)
    assert (result.exit_code, result.stdout) == (0, "imported 1 activity; 0 already present\n")
    assert cli.records("--all")[0][field] == expected


def test_undo_takes_back_the_whole_import(run: Run, cli: Cli, tmp_path: Path) -> None:
    kept = cli.add("werk", "Voor de import", "-m", "30")
    assert imported(run, write_activities(tmp_path / "drie.csv", activity_rows(3))).exit_code == 0
    result = run("undo")
    assert (result.exit_code, result.stdout) == (0, "undone: 3 imported activities\n")
    assert cli.ids("--all") == [kept]


def test_an_unknown_type_is_the_type_columns_problem_told_with_the_rows_others(
    run: Run, cli: Cli, tmp_path: Path
) -> None:
    path = tmp_path / "types.csv"
    path.write_text(
        "person,date,type,minutes,title\n"
        "anna,2026-11-01,intervsie,5,Casus\n"
        "anna,2026-13-01,bogus,0,\n",
        encoding="utf-8",
    )
    cli.add("werk", "Bezoek", "-m", "30", "-d", "2026-11-01")
    before = cli.snapshot()
    result = imported(run, path)
    rejected(
        result,
        "row 2, type: unknown type 'intervsie'; did you mean 'intervisie'?",
        "row 3, date: ",
        "row 3, type: unknown type 'bogus'",
        "row 3, minutes: ",
        "row 3, title: ",
    )
    assert "category" not in result.stderr
    assert cli.snapshot() == before
