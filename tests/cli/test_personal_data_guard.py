"""The personal-data guard through the real commands: warnings when stored, refusals on the way
out (export activities, the dossier), --allow-personal-data, and `leerlog check`; a session's
own texts are tests/cli/test_session_privacy.py's."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from installed import run_script
from personal_data import BSN, IBAN, WARNING, warnings

if TYPE_CHECKING:
    from conftest import Result, Run

    from .conftest import Cli

# --- warnings: the text is stored, stderr names the field ---------------------------------------


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ([f"Casus {BSN}"], "title"),
        (["Casus", "--with", f"moeder van {BSN}"], "with"),
        (["Casus", "--tag", IBAN], "tags"),
        (["Casus", "--reflection", f"Schuld op {IBAN} besproken"], "reflection"),
    ],
)
def test_add_stores_the_text_and_warns_naming_the_field(
    run: Run, cli: Cli, args: list[str], field: str
) -> None:
    result = run("add", "--quiet", "intervisie", *args, "-m", "45")
    assert result.exit_code == 0, result.stderr
    new_id = result.stdout.strip()
    kind = "a BSN (123…782)" if BSN in " ".join(args) else "an IBAN (NL9…300)"
    assert warnings(result) == [
        f"warning: the {field} field of {new_id[:8]} looks like it holds {kind}; {WARNING}"
    ]
    assert BSN not in result.stderr and IBAN not in result.stderr
    stored = cli.record(new_id)
    assert BSN in json.dumps(stored) or IBAN in json.dumps(stored)


def test_ordinary_text_and_a_count_give_no_warning(run: Run) -> None:
    result = run("add", "intervisie", "Verslag 123456789 activiteiten", "-m", "45", "-r", "1u30")
    assert result.exit_code == 0 and warnings(result) == [], result.stderr


def test_edit_warns_and_stores(run: Run, cli: Cli) -> None:
    new_id = cli.add("intervisie", "Casus", "-m", "45")
    result = run("edit", new_id[:8], "--reflection", "mail j.jansen@example.nl terug")
    assert result.exit_code == 0, result.stderr
    assert warnings(result) == [
        f"warning: the reflection field of {new_id[:8]} looks like it holds an e-mail address"
        f" (j…@example.nl); {WARNING}"
    ]
    assert cli.record(new_id)["reflection"] == "mail j.jansen@example.nl terug"


def test_session_add_warns_once(run: Run) -> None:
    result = run("session", "add", "workshop", "Bel 06-12345678", "-m", "1u", "--present", "a,b")
    assert result.exit_code == 0, result.stderr
    session_id = result.stdout.split()[0]
    assert warnings(result) == [
        f"warning: the title field of {session_id[:8]} looks like it holds a phone number"
        f" (061…678); {WARNING}"
    ]


def test_stop_of_a_timer_warns(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LEERLOG_TODAY")
    start = run("start", "intervisie", f"Casus {BSN}", env={"LEERLOG_NOW": "2026-11-27T09:30"})
    assert start.exit_code == 0, start.stderr
    stop = run("stop", env={"LEERLOG_NOW": "2026-11-27T10:30"})
    assert stop.exit_code == 0, stop.stderr
    assert len(warnings(stop)) == 1 and "the title field of" in stop.stderr


def test_reflect_warns(run: Run, cli: Cli) -> None:
    new_id = cli.add("supervisie", "Casus", "-m", "45")
    parts = {"situatie": f"cliënt {BSN}", "taak": "t", "actie": "a", "resultaat": "r"}
    parts |= {"reflectie": "x"}
    args = [arg for key, text in parts.items() for arg in ("--part", f"{key}={text}")]
    result = run("reflect", new_id[:8], "--template", "starr", *args)
    assert result.exit_code == 0, result.stderr
    assert warnings(result) == [
        f"warning: the reflection field of {new_id[:8]} looks like it holds a BSN (123…782);"
        f" {WARNING}"
    ]


def test_import_warns_per_row_up_to_twenty(run: Run, cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["person", "date", "type", "minutes", "title", "reflection"])
        writer.writerow(["anna", "2026-11-01", "intervisie", "45", "Gewoon", ""])
        writer.writerow(["anna", "2026-11-02", "intervisie", "45", "Casus", f"op {IBAN}"])
        for day in range(3, 28):
            writer.writerow(["bob", f"2026-11-{day:02d}", "intervisie", "45", f"Casus {BSN}", ""])
    result = run("import", str(path))
    assert result.exit_code == 0, result.stderr
    found = warnings(result)
    # rows 2 and 3 (the header is row 1), then rows 4..22: twenty lines, and the 6 left counted
    assert found[0] == (
        f"warning: row 3: the reflection field looks like it holds an IBAN (NL9…300); {WARNING}"
    )
    assert (
        found[1]
        == f"warning: row 4: the title field looks like it holds a BSN (123…782); {WARNING}"
    )
    assert len(found) == 21
    assert found[20] == "warning: and 6 more findings; 'leerlog check --all' lists them all"
    assert len(cli.records("--all")) == 27


def test_a_number_where_text_belongs_is_the_imports_to_refuse(
    run: Run, cli: Cli, tmp_path: Path
) -> None:
    path = tmp_path / "in.jsonl"
    rows = [
        {"person": "anna", "date": "2026-11-01", "type": "course", "minutes": 60, "title": 1},
        {"person": "anna", "date": "2026-11-02", "type": "course", "minutes": 60, "tags": [1],
         "title": "Goed"},
        {"person": "anna", "date": "2026-11-03", "type": "course", "minutes": 60, "title": "Ook"},
    ]  # fmt: skip
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    refused = run("import", str(path))
    assert refused.exit_code == 1 and "Traceback" not in refused.stderr
    assert "row 1, title:" in refused.stderr and "row 2, tags:" in refused.stderr
    assert run("import", str(path), "--skip-invalid").exit_code == 0
    assert [r["title"] for r in cli.records("--all")] == ["Ook"]


def test_the_warning_without_a_terminal(subprocess_env: dict[str, str]) -> None:
    done = run_script(subprocess_env, "add", "intervisie", f"Casus {BSN}", "-m", "45", "--quiet")
    assert done.returncode == 0, done.stderr
    assert f"looks like it holds a BSN (123…782); {WARNING}" in done.stderr
    assert BSN not in done.stderr


# --- refusals: nothing is written unless --allow-personal-data ----------------------------------


@pytest.fixture
def flagged(cli: Cli) -> tuple[str, str]:
    cli.add("intervisie", "Gewoon", "-m", "45")
    first = cli.add("intervisie", f"Casus {BSN}", "-m", "45", "-d", "2026-11-20")
    second = cli.add("intervisie", "Casus", "-m", "45", "-t", IBAN, "-d", "2026-11-21")
    return first, second


def refused(result: Result, ids: tuple[str, str], nothing: str) -> None:
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[:2] == [
        f"{ids[0][:8]}: the title field looks like it holds a BSN (123…782)",
        f"{ids[1][:8]}: the tags field looks like it holds an IBAN (NL9…300)",
    ]
    assert lines[2] == (
        f"Error: 2 activities look like they hold a client's personal data; {nothing}"
    )
    assert "--allow-personal-data" in lines[3]


@pytest.mark.parametrize("format_", ["csv", "jsonl", "json", "xapi"])
def test_export_activities_to_stdout_is_refused(
    run: Run, flagged: tuple[str, str], format_: str, isolated: Path
) -> None:
    (isolated / "config.toml").write_text('[lrs]\nhomepage = "https://example.org"\n')
    result = run("export", "activities", "--format", format_)
    refused(result, flagged, "nothing was written")
    allowed = run("export", "activities", "--format", format_, "--allow-personal-data")
    assert allowed.exit_code == 0, allowed.stderr
    assert BSN in allowed.stdout and IBAN in allowed.stdout


def test_export_activities_to_a_file_writes_nothing(
    run: Run, flagged: tuple[str, str], tmp_path: Path
) -> None:
    new = tmp_path / "out" / "new.csv"
    refused(run("export", "activities", "-o", str(new)), flagged, "nothing was written")
    assert not new.exists() and not new.parent.exists()
    old = tmp_path / "old.csv"
    old.write_text("what was there\n")
    refused(run("export", "activities", "--excel", "-o", str(old)), flagged, "nothing was written")
    assert old.read_text() == "what was there\n"
    # no temporary file is left beside it either
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["old.csv"]
    allowed = run("export", "activities", "-o", str(old), "--allow-personal-data")
    assert allowed.exit_code == 0, allowed.stderr
    assert BSN in old.read_text()


def test_the_check_runs_on_exactly_what_leaves(run: Run, flagged: tuple[str, str]) -> None:
    """An export of another period, or of another person, holds none of them: written."""
    other = run("export", "activities", "--since", "2026-11-22")
    assert other.exit_code == 0, other.stderr
    assert other.stdout.count("\n") == 2  # the header and "Gewoon"
    assert run("export", "activities", "--person", "bob").exit_code == 1  # bob is unknown


@pytest.mark.parametrize("field", ["reflection", "with"])
def test_a_nul_character_is_refused_as_it_would_hide_what_follows(
    run: Run, tmp_path: Path, field: str
) -> None:
    # SQLite's GLOB stops at U+0000: the guard's index would not see the BSN after it, and an
    # export would write it. No text may hold one.
    source = tmp_path / "lms.json"
    rows = [
        {"person": "anna", "date": "2026-11-20", "type": "intervisie", "minutes": 30,
         "title": "Casus", field: f"x\u0000 bsn {BSN}"},
        {"person": "anna", "date": "2026-11-21", "type": "intervisie", "minutes": 30,
         "title": "Gewoon"},
    ]  # fmt: skip
    source.write_text(json.dumps(rows), encoding="utf-8")
    refused = run("import", str(source))
    assert refused.exit_code == 1
    assert f"row 1, {field}: contains U+0000 (a NUL character)" in refused.stderr
    kept = run("import", str(source), "--skip-invalid")
    assert kept.exit_code == 0 and "imported 1 activity" in kept.stdout
    out = run("export", "activities")
    assert out.exit_code == 0 and BSN not in out.stdout and "Gewoon" in out.stdout


# --- leerlog check ------------------------------------------------------------------------------


def test_check_lists_every_finding(run: Run, flagged: tuple[str, str], cli: Cli) -> None:
    cli.add("intervisie", "Bel 010 123 4567", "-m", "45", "--person", "bob", "-d", "2026-11-22")
    mine = run("check")
    assert mine.exit_code == 1
    rows = [line.split() for line in mine.stdout.splitlines()]
    assert rows[0] == ["id", "date", "person", "field", "kind", "value"]
    assert rows[1:] == [
        [flagged[0][:8], "2026-11-20", "anna", "title", "BSN", "123…782"],
        [flagged[1][:8], "2026-11-21", "anna", "tags", "IBAN", "NL9…300"],
    ]
    assert "2 activities look like they hold" in mine.stderr
    everyone = json.loads(run("check", "--all", "--format", "json").stdout)
    assert [(r["person"], r["field"], r["kind"], r["value"]) for r in everyone] == [
        ("anna", "title", "bsn", "123…782"),
        ("anna", "tags", "iban", "NL9…300"),
        ("bob", "title", "phone", "010…567"),
    ]
    assert run("check", "--person", "bob", "-f", "json").exit_code == 1


def test_check_of_a_clean_log_is_exit_0(run: Run, cli: Cli) -> None:
    cli.add("intervisie", "Verslag 123456789 activiteiten", "-m", "45")
    result = run("check", "--all")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "Nothing found that looks like a client's personal data.\n"


def test_check_never_creates_a_log(run: Run, db_path: Path) -> None:
    result = run("check")
    assert result.exit_code == 1 and "no leerlog database" in result.stderr
    assert not db_path.exists()


def test_check_and_the_refusal_in_dutch(subprocess_env: dict[str, str], cli: Cli) -> None:
    new_id = cli.add("intervisie", f"Casus {BSN}", "-m", "45")
    env = {**subprocess_env, "LEERLOG_LANG": "nl"}
    done = run_script(env, "check")
    assert done.returncode == 1
    assert done.stdout.split()[:6] == ["id", "datum", "persoon", "veld", "soort", "waarde"]
    assert done.stdout.split()[6:] == [new_id[:8], "2026-11-27", "anna", "titel", "BSN", "123…782"]
    assert "1 activiteit lijkt persoonsgegevens van een cliënt te bevatten" in done.stderr
    out = run_script(env, "export", "activities")
    assert out.returncode == 1 and out.stdout == ""
    assert f"{new_id[:8]}: het veld titel lijkt een BSN (123…782) te bevatten" in out.stderr
    assert "er is niets geschreven" in out.stderr
    assert out.stderr.splitlines()[-1] == (
        "Tip: haal het weg met 'leerlog edit ID', of geef --allow-personal-data om het toch te"
        " schrijven"
    )
    added = run_script(env, "add", "intervisie", f"Casus {BSN}", "-m", "45")
    assert "het veld titel van" in added.stderr and "horen niet in een leerlogboek" in added.stderr


def test_register_dossier_is_refused(run: Run, cli: Cli, tmp_path: Path) -> None:
    done = run("register", "set", "skj-jeugdzorgwerker", "--start", "2024-01-01")
    assert done.exit_code == 0, done.stderr
    counted = cli.add("course", "Training meldcode", "-m", "3u", "-r", f"Casus {BSN} geoefend")
    # self-reflection counts nowhere for SKJ: it is not in the dossier, so it stops nothing
    cli.add("self-reflection", "Terugblik", "-m", "1u", "--with", "j.jansen@example.nl")
    target = tmp_path / "dossier.zip"
    result = run("register", "dossier", "-o", str(target))
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.splitlines()[0] == (
        f"{counted[:8]}: the reflection field looks like it holds a BSN (123…782)"
    )
    assert "1 activity looks like it holds a client's personal data; nothing was written" in (
        result.stderr
    )
    assert "example.nl" not in result.stderr
    assert not target.exists()
    allowed = run("register", "dossier", "-o", str(target), "--allow-personal-data")
    assert allowed.exit_code == 0, allowed.stderr
    assert target.read_bytes().startswith(b"PK")
