"""`leerlog session`: one meeting logged once for all present, taken back whole, listed, shown."""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from installed import sqlite, unnoted

if TYPE_CHECKING:
    from conftest import Result, Run

    from .conftest import Cli, Record

FORTY = [f"deelnemer{n:02d}" for n in range(40)]
SESSION = (
    "session", "add", "intervisie", "Casus over schuldhulp", "-m", "1u30", "-d", "2026-11-20",
    "--leader", "Marieke", "--at", "9:30", "-t", "schuldhulp",
)  # fmt: skip


def logged(result: Result) -> tuple[str, dict[str, str]]:
    """The session id (the first word of the first line) and {person: activity id}."""
    assert result.exit_code == 0, result.stderr
    first, *rest = result.stdout.splitlines()
    session_id = first.split()[0]
    assert str(uuid.UUID(session_id)) == session_id
    people = {}
    for line in rest:
        activity_id, person = line.split("  ", 1)
        assert str(uuid.UUID(activity_id)) == activity_id
        people[person] = activity_id
    return session_id, people


def add_session(run: Run, *present: str, extra: tuple[str, ...] = ()) -> tuple[str, dict[str, str]]:
    return logged(run(*SESSION, "--present", ",".join(present), *extra))


def of_session(cli: Cli, session_id: str) -> list[Record]:
    return [r for r in cli.records("--all") if r["session"] == session_id]


def journal(db_path: Path) -> list[tuple[str, str, str, int]]:
    """(change id, actor, action, entries) per change, in order."""
    with sqlite(db_path) as conn:
        return conn.execute(
            "SELECT change_id, actor, action, count(*) FROM journal GROUP BY change_id"
            " ORDER BY min(seq)"
        ).fetchall()


def test_a_session_of_40_is_one_change_of_40_records_with_one_session_id(
    run: Run, cli: Cli, db_path: Path
) -> None:
    cli.add("werk", "Eerder", "-m", "30")
    session_id, people = add_session(run, *FORTY)
    assert list(people) == FORTY  # the id first, then a line per participant, in order
    records = of_session(cli, session_id)
    assert sorted(r["person"] for r in records) == FORTY
    assert {r["id"] for r in records} == set(people.values())
    for record in records:
        assert (record["date"], record["category"], record["type"], record["minutes"]) == (
            "2026-11-20", "social", "intervisie", 90,
        )  # fmt: skip
        assert (record["title"], record["with"], record["tags"]) == (
            "Casus over schuldhulp", "Marieke", ["schuldhulp"],
        )  # fmt: skip
        assert record["created_at"] == record["updated_at"] == records[0]["created_at"]
    # The leader was not present, so has no record; nor has the one who logged it.
    assert not [r for r in cli.records("--all") if r["person"] == "Marieke"]
    assert [r["title"] for r in cli.records()] == ["Eerder"]  # anna's own
    # One change in the journal: 40 entries, by the one who logged it.
    changes = journal(db_path)
    assert [(actor, action, n) for _id, actor, action, n in changes] == [
        ("anna", "add", 1), ("anna", "add", 40),
    ]  # fmt: skip
    with sqlite(db_path) as conn:
        assert conn.execute(
            "SELECT id, leader, start_time, created_by FROM sessions"
        ).fetchall() == [(session_id, "Marieke", "09:30", "anna")]


def test_each_persons_report_counts_the_session(run: Run) -> None:
    add_session(run, *FORTY)
    for person in (FORTY[0], FORTY[17], FORTY[39]):
        report = json.loads(run("report", "--person", person, "--format", "json").stdout)
        assert (report["total"]["activities"], report["total"]["minutes_social"], report["total"]["minutes_total"]) == (
            1, 90, 90,
        ), report  # fmt: skip
    everyone = json.loads(run("report", "--all", "--format", "json").stdout)
    assert everyone["total"]["activities"] == 40
    assert everyone["total"]["minutes_social"] == 40 * 90


def test_undo_by_the_one_who_logged_it_takes_back_all_40(run: Run, cli: Cli) -> None:
    session_id, _people = add_session(run, *FORTY)
    undone = run("undo")
    assert undone.exit_code == 0, undone.stderr
    assert undone.stdout == f"{session_id}  undone (session added): 40 activities\n"
    assert cli.records("--all") == []
    assert "No sessions found." in run("session", "list").stderr


def test_undo_by_a_participant_does_not_touch_the_session(run: Run, cli: Cli) -> None:
    session_id, _ = add_session(run, *FORTY)
    own = cli.add("werk", "Huisbezoek", "-m", "45", env={"LEERLOG_PERSON": FORTY[3]})
    done = run("undo", env={"LEERLOG_PERSON": FORTY[3]})
    assert done.exit_code == 0 and done.stdout.startswith(f"{own}  undone (added)"), done
    assert len(of_session(cli, session_id)) == 40
    # Nothing else of theirs to undo: the session is the logger's change, not theirs.
    again = run("undo", env={"LEERLOG_PERSON": FORTY[3]})
    cli.fails(again, 1)
    assert "nothing to undo" in again.stderr
    assert len(of_session(cli, session_id)) == 40


def test_a_person_present_twice_is_logged_once_and_the_leader_only_when_present(
    run: Run, cli: Cli
) -> None:
    session_id, people = logged(
        run(*SESSION, "--present", " bob , anna", "--present", "bob,Marieke,anna")
    )
    assert list(people) == ["bob", "anna", "Marieke"]
    assert Counter(r["person"] for r in of_session(cli, session_id)) == {
        "bob": 1, "anna": 1, "Marieke": 1,
    }  # fmt: skip


def test_new_people_in_present_get_the_new_in_this_log_note(run: Run, cli: Cli) -> None:
    cli.add("werk", "Eerst", "-m", "5")
    assert run("people", "set", "joost", "--team", "Noord").exit_code == 0
    one = run(*SESSION, "--present", "anna,jost")
    assert one.exit_code == 0
    assert one.stderr == "note: 'jost' is new in this log; known: joost, anna\n"
    many = run(*SESSION, "--present", "anna,jost,kees,lotte")
    assert many.stderr == "note: 2 people are new in this log: 'kees', 'lotte'\n"
    known = run(*SESSION, "--present", "anna,kees")
    assert known.stderr == ""


def test_edit_and_delete_still_work_per_record(run: Run, cli: Cli) -> None:
    session_id, people = add_session(run, "anna", "bob", "carla")
    edited = run("edit", people["bob"][:8], "-m", "45", "-r", "Ik ging eerder weg")
    assert edited.exit_code == 0, edited.stderr
    bob = cli.record(people["bob"])
    assert (bob["minutes"], bob["session"], bob["with"]) == (45, session_id, "Marieke")
    deleted = run("delete", people["carla"], "--yes")
    assert deleted.exit_code == 0, deleted.stderr
    assert sorted(r["person"] for r in of_session(cli, session_id)) == ["anna", "bob"]
    # Each was its own change: undo takes back the delete, then the edit.
    assert run("undo").stdout.startswith(f"{people['carla']}  undone (deleted)")
    assert run("undo").stdout.startswith(f"{people['bob']}  undone (changed)")
    assert cli.record(people["bob"])["minutes"] == 90
    assert len(of_session(cli, session_id)) == 3


def test_session_delete_is_journaled_and_undoable(run: Run, cli: Cli, db_path: Path) -> None:
    session_id, people = add_session(run, *FORTY)
    other, _ = add_session(run, "anna", "bob")
    before = of_session(cli, session_id)
    asked = run("session", "delete", session_id[:8])
    cli.fails(asked, 2)  # no terminal to confirm on, and no --yes
    assert len(of_session(cli, session_id)) == 40
    done = run("session", "delete", session_id[:8], "--yes")
    assert done.exit_code == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == f"{session_id}  deleted: session 'Casus over schuldhulp'; 40 activities"
    assert sorted(line.split("  ")[0] for line in lines[1:]) == sorted(people.values())
    assert of_session(cli, session_id) == []
    assert len(of_session(cli, other)) == 2
    # Journaled first: every record's last version is in the journal, as one change.
    with sqlite(db_path) as conn:
        conn.row_factory = sqlite3.Row
        entries = conn.execute(
            "SELECT change_id, action, before, after FROM journal WHERE action = 'delete'"
        ).fetchall()
    assert len({e["change_id"] for e in entries}) == 1 and len(entries) == 40
    assert sorted((json.loads(e["before"]) for e in entries), key=lambda r: r["id"]) == sorted(
        before, key=lambda r: r["id"]
    )
    assert all(e["after"] is None for e in entries)
    undone = run("undo")
    assert undone.stdout == f"{session_id}  undone (session deleted): 40 activities\n"
    assert sorted(of_session(cli, session_id), key=lambda r: r["id"]) == sorted(
        before, key=lambda r: r["id"]
    )
    shown = run("session", "show", session_id[:6])
    assert "09:30\u201311:00" in shown.stdout and "Marieke" in shown.stdout


def test_session_list_and_show(run: Run, cli: Cli) -> None:
    assert run("people", "set", "bob", "--team", "Noord").exit_code == 0
    early, _ = logged(
        run("session", "add", "workshop", "Talentvol Coachen", "-m", "3u", "-d", "2026-10-01",
            "--present", "carla,dirk", "--series", "Talentvol Coachen 2026")
    )  # fmt: skip
    late, people = add_session(run, "bob", "anna")
    listed = run("session", "list")
    assert listed.exit_code == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert lines[0].split() == ["session", "date", "time", "type", "present", "title", "leader"]
    assert lines[1].split()[:5] == [late[:8], "2026-11-20", "09:30\u201311:00", "intervisie", "2"]
    assert lines[2].split()[:5] == [early[:8], "2026-10-01", "3h", "workshop", "2"]
    assert [
        line.split()[0]
        for line in run("session", "list", "--team", "Noord").stdout.splitlines()[1:]
    ] == [late[:8]]
    assert len(run("session", "list", "--period", "2026-10").stdout.splitlines()) == 2
    unknown = run("session", "list", "--team", "Nord")
    cli.fails(unknown, 1)
    assert "did you mean 'Noord'?" in unknown.stderr

    shown = run("session", "show", late[:5])
    assert shown.exit_code == 0, shown.stderr
    text = shown.stdout
    for expected in (late, "Casus over schuldhulp", "intervisie (social)", "2026-11-20",
                     "09:30\u201311:00 (1h30)", "Marieke", "logged by  anna", people["bob"],
                     people["anna"]):  # fmt: skip
        assert expected in text, text
    rows = text.split("\n\n", 1)[1].splitlines()
    assert [row.split()[0] for row in rows] == ["person", "anna", "bob"]
    assert rows[2].split()[1] == "Noord"
    series = run("session", "show", early)
    assert "Talentvol Coachen 2026" in series.stdout and "3h" in series.stdout


@pytest.mark.parametrize("command", ["show", "delete", "sheet"])
def test_an_unknown_or_ambiguous_session_id_is_exit_1(
    run: Run, cli: Cli, command: str, tmp_path: Path
) -> None:
    first, people = add_session(run, "anna")
    ids = {first}
    while len({i[0] for i in ids}) == len(ids):  # two sessions whose ids share a first character
        ids.add(add_session(run, "bob")[0])
    shared = Counter(i[0] for i in ids).most_common(1)[0][0]
    extra = ("--output", str(tmp_path / "lijst.pdf")) if command == "sheet" else ()
    extra += ("--yes",) if command == "delete" else ()
    ambiguous = run("session", command, shared, *extra)
    cli.fails(ambiguous, 1)
    assert "more than one session has an id starting with" in ambiguous.stderr
    unknown = run("session", command, "zzzz", *extra)
    cli.fails(unknown, 1)
    assert unknown.stderr.splitlines() == [
        "Error: no session with id 'zzzz'", "Hint: run 'leerlog session list' to see the ids",
    ]  # fmt: skip
    # An activity id is not a session id.
    cli.fails(run("session", command, people["anna"], *extra), 1)
    assert not (tmp_path / "lijst.pdf").exists()


def test_read_commands_on_a_missing_log_are_exit_1_and_create_nothing(
    run: Run, cli: Cli, db_path: Path, tmp_path: Path
) -> None:
    for args in (("list",), ("show", "3f2a"), ("sheet", "3f2a", "-o", str(tmp_path / "a.csv"))):
        result = run("session", *args)
        cli.fails(result, 1)
        assert "no leerlog database at" in result.stderr
    assert not db_path.exists()


def test_the_first_session_creates_the_log_and_says_so(run: Run, db_path: Path) -> None:
    result = run(*SESSION, "--present", "anna,bob")
    assert result.exit_code == 0
    assert result.stderr.startswith("Created a new log at")
    assert unnoted(result.stderr) == ""
    assert db_path.exists()


def test_accreditation_is_taken_by_session_add_add_and_edit(run: Run, cli: Cli) -> None:
    session_id, _ = add_session(run, "anna", "bob", extra=("--accreditation", "SKJ-2026-0042"))
    assert {r["accreditation"] for r in of_session(cli, session_id)} == {"SKJ-2026-0042"}
    own = cli.add("course", "Motiverende gespreksvoering", "-m", "6u", "--accreditation", " R-77 ")
    assert cli.record(own)["accreditation"] == "R-77"
    assert run("edit", own, "--accreditation", "R-78").exit_code == 0
    assert cli.record(own)["accreditation"] == "R-78"
    assert run("edit", own, "--accreditation", "").exit_code == 0
    assert cli.record(own)["accreditation"] is None
    assert cli.record(own)["session"] is None


def test_people_forget_clears_a_sessions_leader_and_logger(
    run: Run, cli: Cli, db_path: Path
) -> None:
    kept, _ = add_session(run, "anna", "bob")
    alone, _ = add_session(run, "anna")
    # The leader is in the file only as the sessions' leader (and in the records' `with`).
    forgotten = run("people", "forget", "Marieke", "--yes")
    assert forgotten.exit_code == 0, forgotten.stderr
    with sqlite(db_path) as conn:
        rows = conn.execute("SELECT id, leader, created_by FROM sessions ORDER BY id").fetchall()
    assert rows == sorted([(kept, "(forgotten)", "anna"), (alone, "(forgotten)", "anna")])
    # The one who logged them: a session only they attended goes; bob's stays, logged by
    # (forgotten).
    assert run("people", "forget", "anna", "--yes").exit_code == 0
    with sqlite(db_path) as conn:
        rows = conn.execute("SELECT id, leader, created_by FROM sessions").fetchall()
    assert rows == [(kept, "(forgotten)", "(forgotten)")]
    assert [r["person"] for r in of_session(cli, kept)] == ["bob"]
    assert "logged by  (forgotten)" in run("session", "show", kept).stdout
