"""`leerlog session sheet`: the attendance list as a PDF with real text, and as CSV, atomically."""

from __future__ import annotations

import csv
import io
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from pypdf import PdfReader

from installed import run_script

if TYPE_CHECKING:
    from conftest import Result, Run

    from .conftest import Cli

NAMES = [
    "Ayşe Y\u0131lmaz", "Łukasz Kowalski", "Đorđe Petrović", "Zoë van den Berg", "Mohammed El Amrani",
    "Fatima Zahra Bouzid", "Sanne de Vries", "=HYPERLINK(\"x\")", "Priya Ramaswamy "
    "Krishnamurthy-Venkataraman Subramanian",
]  # fmt: skip
TITLE = "Talentvol Coachen: motiverende gespreksvoering"


def session(run: Run, present: list[str], *extra: str) -> str:
    result = run(
        "session", "add", "workshop", TITLE, "-m", "3u", "-d", "2026-11-20", "--at", "13:30",
        "--leader", "Marieke Smit", "--present", ",".join(present), *extra,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return result.stdout.split()[0]


def sheet(run: Run, session_id: str, path: Path) -> Result:
    result = run("session", "sheet", session_id[:8], "--output", str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    return result


def pdf_text(path: Path) -> list[str]:
    """The text of each page, read back as a PDF reader or a search would."""
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return [page.extract_text() for page in reader.pages]


def people(count: int) -> list[str]:
    return [f"Deelnemer {n:03d}" for n in range(1, count + 1)]


def test_the_pdf_has_every_name_the_title_the_date_and_the_time(run: Run, tmp_path: Path) -> None:
    assert run("people", "set", "Sanne de Vries", "--team", "Team Noord").exit_code == 0
    session_id = session(run, NAMES, "--series", "Talentvol Coachen 2026")
    target = tmp_path / "lijsten" / "presentielijst.pdf"
    done = sheet(run, session_id, target)
    assert done.stderr == f"Wrote the attendance list of {len(NAMES)} present to {target}\n"
    [text] = pdf_text(target)
    flat = " ".join(text.split())
    for expected in (TITLE, "2026-11-20", "13:30\u201316:30", "Marieke Smit", "Talentvol Coachen 2026",
                     "workshop or training session", session_id, "Team Noord", "Attendance list",
                     "Signature", "Registration number", "Page 1 of 1"):  # fmt: skip
        assert expected in flat, (expected, text)
    for name in NAMES:
        assert " ".join(name.split()) in flat, (name, text)
    # Sorted as people look names up, whatever their accents.
    order = [flat.index(name) for name in ("Ayşe", "Fatima", "Mohammed", "Sanne", "Zoë")]
    assert order == sorted(order)


@pytest.mark.parametrize(("count", "pages"), [(1, 1), (25, 1), (26, 2), (50, 2), (60, 3)])
def test_one_a4_page_per_25_participants(run: Run, tmp_path: Path, count: int, pages: int) -> None:
    present = people(count)
    session_id = session(run, present)
    target = tmp_path / "lijst.pdf"
    sheet(run, session_id, target)
    reader = PdfReader(io.BytesIO(target.read_bytes()))
    assert len(reader.pages) == pages
    for page in reader.pages:  # A4 portrait: 595 x 842 points
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    texts = pdf_text(target)
    for number, text in enumerate(texts):
        on_page = present[number * 25 : (number + 1) * 25]
        assert all(name in text for name in on_page), text
        assert not any(name in text for name in present if name not in on_page)
        # Every page says what it attests, so a page scanned on its own still does.
        assert TITLE in text and "2026-11-20" in text and "13:30\u201316:30" in text
        assert f"Page {number + 1} of {pages}" in text


def test_the_csv_sheet_has_the_same_rows(run: Run, tmp_path: Path) -> None:
    present = [*NAMES, *people(51)]
    session_id = session(run, present)
    sheet(run, session_id, tmp_path / "lijst.pdf")
    sheet(run, session_id, tmp_path / "lijst.csv")
    raw = (tmp_path / "lijst.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(raw)))
    assert raw.splitlines()[0] == (
        "session,date,start,end,minutes,category,type,title,leader,series,name,team,"
        "registration_number,signature"
    )
    # The same people in the same order as the PDF's rows.
    names = [row["name"] for row in rows]
    texts = " ".join(" ".join(text.split()) for text in pdf_text(tmp_path / "lijst.pdf"))
    positions = [texts.index(" ".join(name.lstrip("'").split())) for name in names]
    assert positions == sorted(positions)
    assert len(rows) == len(present)
    assert sorted(name.removeprefix("'") for name in names) == sorted(present)
    # A name a spreadsheet would run as a formula stays text.
    assert '\'=HYPERLINK("x")' in names
    for row in rows:
        assert (row["session"], row["date"], row["start"], row["end"], row["minutes"]) == (
            session_id, "2026-11-20", "13:30", "16:30", "180",
        )  # fmt: skip
        assert (row["type"], row["title"], row["leader"]) == ("workshop", TITLE, "Marieke Smit")
        assert row["registration_number"] == row["signature"] == ""


def test_without_a_start_time_the_sheet_gives_the_duration(run: Run, tmp_path: Path) -> None:
    done = run("session", "add", "intervisie", "Casus", "-m", "1u30", "--present", "anna,bob")
    session_id = done.stdout.split()[0]
    sheet(run, session_id, tmp_path / "lijst.pdf")
    flat = " ".join(pdf_text(tmp_path / "lijst.pdf")[0].split())
    assert "Duration 1h30" in flat and "\u2013" not in flat.split("Duration")[1][:10]
    sheet(run, session_id, tmp_path / "lijst.csv")
    row = next(csv.DictReader((tmp_path / "lijst.csv").open(encoding="utf-8")))
    assert (row["start"], row["end"], row["minutes"], row["leader"]) == ("", "", "90", "")


def test_the_dutch_sheet_has_dutch_labels(
    run: Run, subprocess_env: dict[str, str], tmp_path: Path
) -> None:
    session_id = session(run, ["anna", "bob"])
    target = tmp_path / "presentielijst.pdf"
    done = run_script(
        {**subprocess_env, "LEERLOG_LANG": "nl"}, "session", "sheet", session_id, "-o", str(target)
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == f"De presentielijst met 2 aanwezigen staat in {target}\n"
    flat = " ".join(pdf_text(target)[0].split())
    for label in (
        "Presentielijst",
        "workshop of training",
        "Datum",
        "Tijd",
        "Leiding",
        "Aanwezig",
        "Naam",
        "Registratienummer",
        "Handtekening",
        "Pagina 1 van 1",
    ):
        assert label in flat, (label, flat)  # fmt: skip
    for english in ("Attendance", "Signature", "Leader", "Page"):
        assert english not in flat


def test_letters_the_font_lacks_are_named_and_the_csv_keeps_them(run: Run, tmp_path: Path) -> None:
    session_id = session(run, ["王小明", "anna"])
    done = sheet(run, session_id, tmp_path / "lijst.pdf")
    assert done.stderr.splitlines()[0] == (
        "note: the PDF's font has no letters for 小 明 王; they are left out of it"
    )
    sheet(run, session_id, tmp_path / "lijst.csv")
    assert "王小明" in (tmp_path / "lijst.csv").read_text(encoding="utf-8")


def test_the_output_is_written_atomically_and_keeps_an_old_files_mode(
    run: Run, tmp_path: Path
) -> None:
    session_id = session(run, ["anna", "bob"])
    folder = tmp_path / "uit"
    folder.mkdir()
    target = folder / "lijst.pdf"
    target.write_bytes(b"old")
    target.chmod(0o640)
    sheet(run, session_id, target)
    assert target.read_bytes().startswith(b"%PDF-")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert os.listdir(folder) == ["lijst.pdf"]  # no temporary file left


@pytest.mark.parametrize(
    ("output", "says"),
    [
        ("lijst.txt", "--output {tmp}/lijst.txt is neither a .pdf nor a .csv file"),
        ("lijst", "is neither a .pdf nor a .csv file"),
        ("map.pdf/", "is a folder"),
    ],
)
def test_an_output_that_is_not_a_pdf_or_csv_file_is_a_usage_error(
    run: Run, cli: Cli, tmp_path: Path, output: str, says: str
) -> None:
    session_id = session(run, ["anna"])
    (tmp_path / "map.pdf").mkdir()
    before = cli.snapshot()
    result = run("session", "sheet", session_id, "--output", str(tmp_path / output))
    cli.fails(result, 2)
    assert says.format(tmp=tmp_path) in result.stderr
    assert cli.snapshot() == before
    assert sorted(os.listdir(tmp_path)) == ["data", "map.pdf"]
    assert os.listdir(tmp_path / "map.pdf") == []
