"""The personal-data guard and group sessions: what a session keeps of its own (its series, the
title it was logged with) is warned of, refused by `session sheet` and listed by `check`, and
an imported session is its activities."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from installed import run_script
from personal_data import BSN, IBAN, WARNING, warnings

if TYPE_CHECKING:
    from conftest import Run


def test_session_sheet_is_refused(run: Run, tmp_path: Path) -> None:
    done = run("session", "add", "workshop", f"Casus {BSN}", "-m", "1u", "--present", "a,b")
    session_id = done.stdout.split()[0]
    ids = [line.split()[0] for line in done.stdout.splitlines()[1:]]
    target = tmp_path / "lijst.pdf"
    result = run("session", "sheet", session_id[:8], "-o", str(target))
    assert result.exit_code == 1 and result.stdout == ""
    for activity_id in ids:
        assert f"{activity_id[:8]}: the title field looks like it holds a BSN" in result.stderr
    assert "nothing was written" in result.stderr
    assert not target.exists()
    allowed = run("session", "sheet", session_id[:8], "-o", str(target), "--allow-personal-data")
    assert allowed.exit_code == 0, allowed.stderr
    assert target.read_bytes().startswith(b"%PDF")


def test_a_sessions_own_series_and_title_are_guarded(
    run: Run, subprocess_env: dict[str, str], tmp_path: Path
) -> None:
    # The series is the session's alone; its title stays as logged when its activities are edited.
    done = run(
        "session", "add", "workshop", f"Casus {BSN}", "-m", "1u", "--present", "a,b",
        "--series", f"Terugbetaling {IBAN}",
    )  # fmt: skip
    assert done.exit_code == 0, done.stderr
    session_id = done.stdout.split()[0]
    assert warnings(done) == [
        f"warning: the title field of {session_id[:8]} looks like it holds a BSN (123…782); "
        f"{WARNING}",
        f"warning: the series field of {session_id[:8]} looks like it holds an IBAN "
        f"(NL9…300); {WARNING}",
    ]
    target = tmp_path / "lijst.csv"
    # Its activities hold the title too: named as well, but the way out is the session's.
    first = run("session", "sheet", session_id[:8], "-o", str(target))
    assert first.exit_code == 1 and first.stderr.count(": the title field looks like it") == 2
    assert "delete the session and log it again without it" in first.stderr
    for line in done.stdout.splitlines()[1:]:
        assert run("edit", line.split()[0][:8], "--title", "Casus").exit_code == 0
    result = run("session", "sheet", session_id[:8], "-o", str(target))
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.splitlines()[:2] == [
        f"session {session_id[:8]}: the title looks like it holds a BSN (123…782)",
        f"session {session_id[:8]}: the series looks like it holds an IBAN (NL9…300)",
    ]
    assert "the session looks like it holds a client's personal data; nothing was written" in (
        result.stderr
    )
    assert not target.exists()
    allowed = run("session", "sheet", session_id[:8], "-o", str(target), "--allow-personal-data")
    assert allowed.exit_code == 0, allowed.stderr
    assert f"Terugbetaling {IBAN}" in target.read_text(encoding="utf-8")

    target.unlink()
    env = {**subprocess_env, "LEERLOG_LANG": "nl"}
    dutch = run_script(env, "session", "sheet", session_id[:8], "-o", str(target))
    assert dutch.returncode == 1 and not target.exists()
    assert f"sessie {session_id[:8]}: de reeks lijkt een IBAN (NL9…300) te bevatten" in (
        dutch.stderr
    )
    assert "de sessie lijkt persoonsgegevens van een cliënt te bevatten" in dutch.stderr
    assert "om het toch te schrijven, of verwijder de sessie en leg haar opnieuw vast zonder" in (
        dutch.stderr
    )


def test_an_imported_session_is_its_activities(run: Run, tmp_path: Path) -> None:
    # Without a row of its own (it came from another file), its title is its activities': the
    # way out is to edit them, as the refusal says.
    session = "abcd1234-0000-4000-8000-000000000001"
    source = tmp_path / "other.json"
    source.write_text(json.dumps([
        {"person": name, "date": "2026-11-20", "type": "intervisie", "minutes": 30,
         "title": f"Casus {BSN}", "session": session}
        for name in ("anna", "bob")
    ]), encoding="utf-8")  # fmt: skip
    assert run("import", str(source)).exit_code == 0
    target = tmp_path / "lijst.csv"
    refused = run("session", "sheet", "abcd1234", "-o", str(target))
    assert refused.exit_code == 1 and not target.exists()
    assert "2 activities look like they hold a client's personal data" in refused.stderr
    assert "leerlog edit ID" in refused.stderr and "session abcd1234:" not in refused.stderr
    listed = json.loads(run("check", "--all", "--format", "json").stdout)
    assert [r["field"] for r in listed] == ["title", "title"]  # its activities, not the session
    assert session not in {r["id"] for r in listed}
    for record in json.loads(run("list", "--all", "--format", "json").stdout):
        assert run("edit", record["id"][:8], "--title", "Casus").exit_code == 0
    written = run("session", "sheet", "abcd1234", "-o", str(target))
    assert written.exit_code == 0, written.stderr


def test_check_lists_what_a_session_keeps_of_its_own(run: Run) -> None:
    # Its series, and the title it was logged with once its activities no longer have it.
    done = run(
        "session", "add", "workshop", f"Casus {BSN}", "-m", "1u", "--present", "anna,bob",
        "-d", "2026-11-20", "--series", f"Terugbetaling {IBAN}",
    )  # fmt: skip
    session_id = done.stdout.split()[0]
    anna = done.stdout.splitlines()[1].split()[0]
    before = run("check")
    assert before.exit_code == 1
    assert [line.split() for line in before.stdout.splitlines()[1:]] == [
        [anna[:8], "2026-11-20", "anna", "title", "BSN", "123…782"],
        [session_id[:8], "2026-11-20", "anna", "series", "IBAN", "NL9…300"],
    ]
    assert before.stderr.splitlines() == [
        "1 activity looks like it holds a client's personal data",
        "1 session looks like it holds a client's personal data in its own title, series or leader"
        " ('leerlog session show ID')",
    ]
    for line in done.stdout.splitlines()[1:]:
        assert run("edit", line.split()[0][:8], "--title", "Casus").exit_code == 0
    after = json.loads(run("check", "--all", "--format", "json").stdout)
    assert [(r["id"], r["field"], r["kind"], r["value"], r["session"]) for r in after] == [
        (session_id, "session_title", "bsn", "123…782", True),
        (session_id, "series", "iban", "NL9…300", True),
    ]
    # Someone who was not there does not see it as theirs.
    assert run("--person", "carla", "add", "werk", "Huisbezoek", "-m", "30").exit_code == 0
    assert run("--person", "carla", "check").exit_code == 0
    # Deleted, its row stays for undo: --all still finds what it holds.
    assert run("session", "delete", session_id[:8], "--yes").exit_code == 0
    gone = json.loads(run("check", "--all", "--format", "json").stdout)
    assert [(r["id"], r["field"]) for r in gone] == [
        (session_id, "session_title"), (session_id, "series"),
    ]  # fmt: skip
    assert run("check").exit_code == 0  # anna was there no more: her own check is clean


def test_the_leader_a_session_keeps_of_its_own_is_guarded(run: Run, tmp_path: Path) -> None:
    # Its activities' `with` is the leader; edited apart, the sheet prints the leader as logged.
    done = run(
        "session", "add", "intervisie", "Casusbespreking", "-m", "90", "--present", "anna,bob",
        "--leader", f"Marieke {BSN}", "-d", "2026-11-20",
    )  # fmt: skip
    assert done.exit_code == 0, done.stderr
    session_id = done.stdout.split()[0]
    anna, bob = (line.split()[0] for line in done.stdout.splitlines()[1:])
    assert run("edit", anna[:8], "--with", "Marieke").exit_code == 0
    assert run("edit", bob[:8], "--with", "").exit_code == 0
    target = tmp_path / "lijst.csv"
    refused = run("session", "sheet", session_id[:8], "-o", str(target))
    assert refused.exit_code == 1 and refused.stdout == "" and not target.exists()
    assert refused.stderr.splitlines()[0] == (
        f"session {session_id[:8]}: the leader looks like it holds a BSN (123…782)"
    )
    found = json.loads(run("check", "--all", "--format", "json").stdout)
    assert [(r["id"], r["field"], r["kind"], r["session"]) for r in found] == [
        (session_id, "leader", "bsn", True),
    ]
    allowed = run("session", "sheet", session_id[:8], "-o", str(target), "--allow-personal-data")
    assert allowed.exit_code == 0, allowed.stderr
    assert f"Marieke {BSN}" in target.read_text(encoding="utf-8")
    # While an activity still has it as its `with`, that activity speaks for it.
    assert run("edit", bob[:8], "--with", f"Marieke {BSN}").exit_code == 0
    again = json.loads(run("check", "--all", "--format", "json").stdout)
    assert [(r["id"], r["field"]) for r in again] == [(bob, "with")]
