"""Dutch Excel both ways: `export activities --excel`, the file as Excel saves it, `import`."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from installed import unnoted

if TYPE_CHECKING:
    from conftest import Run

    from .conftest import Cli

BOM = "\ufeff"
HEADER = (
    "id,person,date,category,type,minutes,title,with,tags,reflection,created_at,updated_at,"
    "session,accreditation"
)
TITLES = [
    "Casus over schuldhulp",
    "=SUM(A1)",  # the formula guard writes '=SUM(A1)
    "'s Middags; overleg",  # a real leading apostrophe, and the Excel separator
    "'=stond er al",  # an apostrophe before a formula start: written ''=stond er al
    "-10% korting op de cursus",
    "+1 voor de casus gebeld",
    "@team noord",
    'Zei "ja", en toen',
]
EDITED = "Titel, in Excel veranderd"


def succeeds(run: Run, *args: str) -> str:
    result = run(*args)
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


def exported_json(run: Run, db: Path | None = None) -> list[dict[str, Any]]:
    """Every activity of the file, as `export activities --format json` gives it."""
    text = succeeds(run, *(["--db", str(db)] if db else []), "export", "activities", "-f", "json")
    return json.loads(text)


def saved_by_excel(source: Path, target: Path, edit: dict[str, str] | None = None) -> None:
    """SOURCE as Dutch Excel saves it as 'CSV UTF-8': a BOM, ';', CRLF, every cell quoted,
    dates as D-M-YYYY; with the title of the activity whose id is a key of EDIT replaced."""
    text = source.read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    header = rows[0]
    at = {name: header.index(name) for name in ("id", "date", "title")}
    for row in rows[1:]:
        day = dt.date.fromisoformat(row[at["date"]])
        row[at["date"]] = f"{day.day}-{day.month}-{day.year}"
        row[at["title"]] = (edit or {}).get(row[at["id"]], row[at["title"]])
    out = io.StringIO()
    csv.writer(out, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows)
    target.write_bytes((BOM + out.getvalue()).encode("utf-8"))


@pytest.fixture
def logged(cli: Cli, run: Run, tmp_path: Path) -> list[str]:
    """Activities with titles, with, tags and reflections that Excel and the guard touch."""
    ids = [
        cli.add("intervisie", "-m", "45", "-d", f"2026-11-{day:02d}", f"--with=-{day} Piet",
                "-t", "=x", "-t", "y", f"--reflection=Eerste regel\nTweede; regel {day}",
                "--", title)
        for day, title in enumerate(TITLES, start=1)
    ]  # fmt: skip
    seed = tmp_path / "seed.json"
    imported = {"id": "=extern-1", "person": "+anna", "date": "2026-03-04", "type": "reading",
                "minutes": 120, "title": "Boek", "created_at": "2026-03-04T10:00:00.000Z"}  # fmt: skip
    seed.write_text(json.dumps([imported]), encoding="utf-8")
    succeeds(run, "import", str(seed))
    return [*ids, "=extern-1"]


def test_export_activities_excel_is_the_dutch_excel_dialect(
    run: Run, tmp_path: Path, logged: list[str]
) -> None:
    path = tmp_path / "activiteiten.csv"
    result = run("export", "activities", "--excel", "-o", str(path))
    assert (result.exit_code, result.stdout) == (0, ""), result.stderr
    raw = path.read_bytes()
    assert raw.startswith((BOM + HEADER.replace(",", ";") + "\r\n").encode())
    text = raw.decode("utf-8-sig")
    assert text.endswith("\r\n") and text.count("\r\n") == len(logged) + 1
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    titles = sorted(row[6] for row in rows[1:])
    assert titles == sorted(["''=stond er al", "'+1 voor de casus gebeld", "'-10% korting op de cursus",
                             "'=SUM(A1)", "'@team noord", "'s Middags; overleg", "Boek",
                             "Casus over schuldhulp", 'Zei "ja", en toen'])  # fmt: skip
    stdout = succeeds(run, "export", "activities", "--excel")
    assert stdout == BOM + text.replace("\r\n", "\n")  # CliRunner folds line ends


def test_a_file_saved_by_dutch_excel_comes_back(
    run: Run, cli: Cli, tmp_path: Path, logged: list[str]
) -> None:
    """Export for Excel, save it as Dutch Excel does with one title edited, import it into a
    new file: the same records, the edited title changed, formula guards undone."""
    exported, saved, other = tmp_path / "export.csv", tmp_path / "bewerkt.csv", tmp_path / "n.db"
    succeeds(run, "export", "activities", "--excel", "-o", str(exported))
    edited_id = logged[1]  # the "=SUM(A1)" one
    saved_by_excel(exported, saved, edit={edited_id: EDITED})
    raw = saved.read_bytes()
    assert raw.startswith(b'\xef\xbb\xbf"id";"person";"date";')
    assert b'"4-3-2026"' in raw and b'"\'=SUM(A1)"' not in raw and b'"\'-1 Piet"' in raw
    result = run("--db", str(other), "import", str(saved))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"imported {len(logged)} activities; 0 already present\n"
    expected = exported_json(run)
    for record in expected:
        if record["id"] == edited_id:
            assert record["title"] == "=SUM(A1)"
            record["title"] = EDITED
    assert exported_json(run, other) == expected
    # The unedited rows are already in the original file; the edited one has a new title.
    again = run("import", str(saved))
    assert again.exit_code == 1 and "other content" in again.stderr
    assert cli.record(edited_id)["title"] == "=SUM(A1)"


def test_what_else_excel_does_on_save_is_read(run: Run, cli: Cli, tmp_path: Path) -> None:
    """D-M-YYYY dates, empty cells left off the end of a row, cells quoted or not, doubled
    quotes; the header decides the dialect, whatever the file is called."""
    path = tmp_path / "uit-excel.txt"
    lines = [
        "person;date;category;type;minutes;title;with;tags;reflection",
        '"anna";"27-11-2026";"social";"intervisie";"45";"Zei ""ja""";"";"";""',
        "anna;3-1-2026;werk;;90;Alleen de eerste kolommen",
        "anna;2026-11-02;formal;;30;'=A1+1;Opleider",
        "",
    ]
    path.write_bytes((BOM + "\r\n".join(lines)).encode("utf-8"))
    result = run("import", str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "imported 3 activities; 0 already present\n"
    found = {(r["date"], r["title"], r["with"], r["type"]) for r in cli.records("--all")}
    assert found == {
        ("2026-11-27", 'Zei "ja"', None, "intervisie"),
        ("2026-01-03", "Alleen de eerste kolommen", None, None),
        ("2026-11-02", "=A1+1", "Opleider", None),
    }


def _comma_row(path: Path) -> None:
    """The first record of an Excel file written again with ',' between its cells."""
    text = path.read_bytes().decode("utf-8-sig")
    lines = text.split("\r\n")
    cells = next(csv.reader([lines[1]], delimiter=";"))
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    lines[1] = out.getvalue()
    path.write_bytes((BOM + "\r\n".join(lines)).encode("utf-8"))


def _semicolon_row(path: Path) -> None:
    """The first record of a plain CSV file written again with ';' between its cells."""
    lines = path.read_bytes().decode().split("\n")
    cells = next(csv.reader([lines[1]]))
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="").writerow(cells)
    lines[1] = out.getvalue()
    path.write_text("\n".join(lines), encoding="utf-8")


def _mixed_header(path: Path) -> None:
    text = path.read_bytes().decode("utf-8-sig")
    path.write_text(text.replace(";person;", ";person,", 1), encoding="utf-8-sig")


def _bytes(db: Path) -> list[bytes | None]:
    """The database file and its WAL, None when absent."""
    return [p.read_bytes() if p.exists() else None for p in (db, Path(f"{db}-wal"))]


MIXED = {  # name: (export options, how the file is spoiled, what stderr says)
    "comma-row-in-excel-file": (
        ["--excel"], _comma_row,
        "row 2, record: has 1 cells, the header has 14: this row separates its cells with ',',"
        " the header with ';'\nError: 1 invalid row; nothing was imported\n",
    ),
    "semicolon-row-in-csv": (
        [], _semicolon_row,
        "row 2, record: has 1 cells, the header has 14: this row separates its cells with ';',"
        " the header with ','\nError: 1 invalid row; nothing was imported\n",
    ),
    "header-with-both": (
        ["--excel"], _mixed_header,
        "separates the columns of its header with both ',' and ';'; nothing was imported\n"
        "Hint: save it with one separator: ',' (CSV) or ';' (CSV for Dutch Excel)\n",
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", list(MIXED))
def test_mixed_separators_are_a_clear_error_and_store_nothing(
    run: Run, cli: Cli, tmp_path: Path, logged: list[str], name: str
) -> None:
    options, spoil, says = MIXED[name]
    path = tmp_path / "gemengd.csv"
    succeeds(run, "export", "activities", *options, "-o", str(path))
    spoil(path)
    other = tmp_path / "nieuw.db"
    succeeds(run, "--db", str(other), "add", "werk", "-m", "30", "Al in het logboek")
    before = _bytes(other)
    result = run("--db", str(other), "import", str(path))
    assert (result.exit_code, result.stdout) == (1, ""), result.stderr
    stderr = unnoted(result.stderr)
    assert says in stderr and "Traceback" not in stderr
    assert len(stderr.splitlines()) <= 3, stderr
    assert _bytes(other) == before
    assert [r["title"] for r in cli.records("--all", env={"LEERLOG_DB": str(other)})] == [
        "Al in het logboek"
    ]
