"""`leerlog sync` against a real Ralph LRS on 127.0.0.1: what arrives, and only once."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from ralph.models.xapi.base.statements import BaseXapiStatement
from ralph_server import HOMEPAGE, VOIDED, RalphServer, one_statement, voided_ids

from leerlog.lrs.xapi import statement, statement_id, void_id

if TYPE_CHECKING:
    from conftest import Leerlog

ACTIVITY = "urn:leerlog:activity:"


def expected_ids(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The statement id every current activity should have in the LRS, and its record."""
    return {statement_id(r["id"], r["updated_at"]): r for r in records}


def current(stored: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Per activity id, the statements in the LRS that are not voided (what a reader sees)."""
    voided = voided_ids(stored)
    found: dict[str, list[str]] = defaultdict(list)
    for s in stored:
        if s["verb"]["id"] != VOIDED and s["id"] not in voided:
            found[s["object"]["id"].removeprefix(ACTIVITY)].append(s["id"])
    return dict(found)


def assert_lrs_matches(ralph: RalphServer, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every activity has exactly its current statement in the LRS, nothing else is current."""
    stored = ralph.stored()
    ids = [s["id"] for s in stored]
    assert len(ids) == len(set(ids)), "the LRS holds a statement id twice"
    found = current(stored)
    missing = sorted({r["id"] for r in records} - set(found))
    assert missing == [], "activities without a current (unvoided) statement in the LRS"
    assert set(found) == {r["id"] for r in records}
    for record in records:
        # The statement of the record's version; a version whose statement was voided before
        # (undo brings back the old updated_at) gets a fresh id: "#1", "#2", ...
        versions = [record["updated_at"]] + [f"{record['updated_at']}#{n}" for n in range(1, 4)]
        allowed = {statement_id(record["id"], version) for version in versions}
        assert len(found[record["id"]]) == 1 and found[record["id"]][0] in allowed
    return stored


def check_read_back(got: dict[str, Any], rec: dict[str, Any]) -> None:
    """A statement as the LRS gives it back: the activity's person, duration and category."""
    model = BaseXapiStatement.model_validate(got)
    assert got["id"] == statement_id(rec["id"], rec["updated_at"])
    assert got["object"]["id"] == ACTIVITY + rec["id"]
    assert got["actor"]["account"] == {"homePage": HOMEPAGE, "name": rec["person"]}
    assert model.result is not None
    assert model.result.duration == dt.timedelta(minutes=rec["minutes"])
    assert got["timestamp"].startswith(rec["date"])
    categories = got["context"]["contextActivities"]["category"]
    assert [c["id"] for c in categories] == [f"urn:leerlog:category:{rec['category']}"]
    assert got["object"]["definition"]["name"] == {"nl": rec["title"]}


def test_sync_of_2000_activities_then_edit_and_delete(
    leerlog: Leerlog, lrs_config: RalphServer
) -> None:
    ralph = lrs_config
    leerlog.import_rows(leerlog.rows(2000))
    records = leerlog.records()
    assert len(records) == 2000
    assert len({r["person"] for r in records}) > 1
    assert {r["date"][:4] for r in records} == {"2025", "2026"}

    result = leerlog.sync()
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [leerlog.summary(2000)]
    assert "Traceback" not in result.stderr
    stored = assert_lrs_matches(ralph, records)
    assert len(stored) == 2000
    assert leerlog.table("SELECT count(*) FROM lrs_sent") == [(2000,)]

    # Read every statement back by id. Measured first: 20 GETs took 0.7-1.2 s here (Ralph's fs
    # backend rereads its file per request), so all 2,000 take one to two and a half minutes,
    # under a few minutes: every one is read, no sample.
    expected = expected_ids(records)
    for sid, rec in expected.items():
        check_read_back(one_statement(ralph.get(f"statements?statementId={sid}")), rec)

    # Nothing new: nothing sent.
    result = leerlog.sync()
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [leerlog.summary(0)]
    assert ralph.count() == 2000

    # One edit and one delete: one new statement, two voids.
    edited, deleted = records[10], records[20]
    new_minutes = 37 if edited["minutes"] != 37 else 38
    leerlog.ok("edit", edited["id"], "--minutes", str(new_minutes), "--title", "Bijgewerkt")
    leerlog.ok("delete", deleted["id"], "--yes")
    records_after = leerlog.records()
    assert len(records_after) == 1999
    edited_now = next(r for r in records_after if r["id"] == edited["id"])
    assert edited_now["updated_at"] != edited["updated_at"]

    result = leerlog.sync()
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [leerlog.summary(1, voided=2)]
    stored = assert_lrs_matches(ralph, records_after)
    assert len(stored) == 2003
    old_edited = statement_id(edited["id"], edited["updated_at"])
    old_deleted = statement_id(deleted["id"], deleted["updated_at"])
    added = {s["id"]: s for s in stored[2000:]}
    voids = [s for s in added.values() if s["verb"]["id"] == VOIDED]
    assert sorted(s["object"]["id"] for s in voids) == sorted([old_edited, old_deleted])
    for void in voids:
        BaseXapiStatement.model_validate(void)
        assert void["object"]["objectType"] == "StatementRef"
        assert void["id"] == void_id(void["object"]["id"])
        owner = edited if void["object"]["id"] == old_edited else deleted
        assert void["actor"]["account"] == {"homePage": HOMEPAGE, "name": owner["person"]}
    new_id = statement_id(edited["id"], edited_now["updated_at"])
    assert set(added) - {v["id"] for v in voids} == {new_id}
    check_read_back(one_statement(ralph.get(f"statements?statementId={new_id}")), edited_now)
    assert added[new_id]["result"]["duration"] == f"PT{new_minutes}M"
    assert leerlog.table("SELECT count(*) FROM lrs_sent") == [(1999,)]
    assert leerlog.table("SELECT count(*) FROM lrs_voids") == [(0,)]
    assert leerlog.table("SELECT 1 FROM lrs_sent WHERE activity_id = ?", (deleted["id"],)) == []

    result = leerlog.sync()
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [leerlog.summary(0)]
    assert ralph.count() == 2003


def dry_run_lines(leerlog: Leerlog) -> list[tuple[str, str]]:
    """(kind, statement id) per line of `sync --dry-run`."""
    result = leerlog.sync("--dry-run")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    count = len(lines)
    assert result.stderr.strip() == f"{count} statement{'s' if count != 1 else ''} would be sent"
    parsed = []
    for line in lines:
        kind, sid, _description = line.split("  ", 2)
        parsed.append((kind, sid))
    return parsed


def test_dry_run_sends_and_changes_nothing(leerlog: Leerlog, lrs_config: RalphServer) -> None:
    ralph = lrs_config
    leerlog.import_rows(leerlog.rows(25, seed=7))
    records = leerlog.records()
    before = leerlog.file_bytes()

    lines = dry_run_lines(leerlog)
    assert sorted(lines) == sorted(("send", sid) for sid in expected_ids(records))
    result = leerlog.sync("--dry-run")
    for rec in records:  # each line says which activity it is for
        assert any(rec["title"] in line for line in result.stdout.splitlines()), rec["title"]
    assert ralph.count() == 0
    assert leerlog.file_bytes() == before
    assert leerlog.table("SELECT count(*) FROM lrs_sent") == [(0,)]

    result = leerlog.sync()
    assert result.stdout.splitlines() == [leerlog.summary(25)]
    assert dry_run_lines(leerlog) == []

    leerlog.ok("edit", records[0]["id"], "--minutes", "99")
    leerlog.ok("delete", records[1]["id"], "--yes")
    before = leerlog.file_bytes()
    lrs_before = ralph.stored()
    lines = dry_run_lines(leerlog)
    voids = {sid for kind, sid in lines if kind == "void"}
    assert voids == {
        void_id(statement_id(records[0]["id"], records[0]["updated_at"])),
        void_id(statement_id(records[1]["id"], records[1]["updated_at"])),
    }
    assert ralph.stored() == lrs_before
    assert leerlog.file_bytes() == before
    assert leerlog.table("SELECT count(*) FROM lrs_voids") == [(0,)]
    assert leerlog.table("SELECT count(*) FROM lrs_sent") == [(25,)]


def test_dry_run_lists_exactly_what_sync_then_sends(
    leerlog: Leerlog, lrs_config: RalphServer
) -> None:
    """After an edit, a delete and an add, the dry run names every statement the sync sends."""
    ralph = lrs_config
    leerlog.import_rows(leerlog.rows(10, seed=8))
    records = leerlog.records()
    assert leerlog.sync().exit_code == 0
    leerlog.ok("edit", records[0]["id"], "--minutes", "99")
    leerlog.ok("delete", records[1]["id"], "--yes")
    leerlog.add("reading", "Nieuw boek", "-m", "30")
    had = {s["id"] for s in ralph.stored()}

    listed = dry_run_lines(leerlog)
    result = leerlog.sync()
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [leerlog.summary(2, voided=2)]
    sent = {s["id"] for s in ralph.stored()} - had
    edited = next(r for r in leerlog.records() if r["id"] == records[0]["id"])
    new_for_edited = statement_id(edited["id"], edited["updated_at"])
    assert new_for_edited in sent
    listed_ids = {sid for _, sid in listed}
    assert sent - listed_ids == set(), "sync sent statements the dry run did not list"
    assert listed_ids - sent == set(), "the dry run listed statements sync did not send"
    assert len(listed) == 4


def test_a_future_activity_waits_for_its_day(leerlog: Leerlog, lrs_config: RalphServer) -> None:
    ralph = lrs_config
    today_id = leerlog.add("coaching", "Vandaag", "-m", "30")
    tomorrow_id = leerlog.add("workshop", "Morgen", "-m", "2h", "-d", "2026-11-28")
    records = {r["id"]: r for r in leerlog.records()}
    assert records[tomorrow_id]["date"] == "2026-11-28"

    assert [sid for _, sid in dry_run_lines(leerlog)] == [
        statement_id(today_id, records[today_id]["updated_at"])
    ]
    result = leerlog.sync()
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [leerlog.summary(1)]
    assert [s["object"]["id"] for s in ralph.stored()] == [ACTIVITY + today_id]
    assert leerlog.sync().stdout.splitlines() == [leerlog.summary(0)]

    tomorrow = {"LEERLOG_TODAY": "2026-11-28"}
    result = leerlog.sync(env=tomorrow)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [leerlog.summary(1)]
    stored = ralph.stored()
    assert [s["object"]["id"] for s in stored] == [ACTIVITY + today_id, ACTIVITY + tomorrow_id]
    assert stored[1]["timestamp"].startswith("2026-11-28")
    assert stored[1]["id"] == statement_id(tomorrow_id, records[tomorrow_id]["updated_at"])
    assert leerlog.sync(env=tomorrow).stdout.splitlines() == [leerlog.summary(0)]


def test_people_forget_removes_what_sync_remembers_of_them(
    leerlog: Leerlog, lrs_config: RalphServer
) -> None:
    ralph = lrs_config
    gone = "bram.vanderberg"
    leerlog.add("coaching", "Gesprek", "-m", "30")
    for number in range(3):
        leerlog.add("reading", f"Boek {number}", "-m", "45", "-p", gone)
    ids_of_gone = [r["id"] for r in leerlog.records() if r["person"] == gone]
    assert leerlog.sync().stdout.splitlines() == [leerlog.summary(4)]
    sent_rows = leerlog.table("SELECT person, count(*) FROM lrs_sent GROUP BY person")
    assert sorted(sent_rows) == [("anna", 1), (gone, 3)]
    statements_of_gone = [s["id"] for s in ralph.stored() if s["actor"]["account"]["name"] == gone]
    assert len(statements_of_gone) == 3

    leerlog.ok("people", "forget", gone, "--yes")
    assert leerlog.table("SELECT person, count(*) FROM lrs_sent GROUP BY person") == [("anna", 1)]
    assert leerlog.table("SELECT count(*) FROM lrs_voids") == [(0,)]
    on_disk = b"".join(b for b in leerlog.file_bytes().values() if b)
    assert gone.encode() not in on_disk
    for text in [*ids_of_gone, *statements_of_gone]:
        assert text.encode() not in on_disk, text

    # The next sync neither resends anna's activity nor touches what the LRS holds.
    result = leerlog.sync()
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [leerlog.summary(0)]
    assert ralph.count() == 4


def test_undo_after_sync_leaves_the_activity_current_in_the_lrs(
    leerlog: Leerlog, lrs_config: RalphServer
) -> None:
    """Delete and edit are voided in the LRS; undoing them must make the activity current again.

    undo restores the earlier record verbatim, updated_at included, so the statement id it
    maps to is one the LRS already holds and has voided.
    """
    ralph = lrs_config
    kept = leerlog.add("coaching", "Blijft", "-m", "30")
    deleted = leerlog.add("intervisie", "Weg en terug", "-m", "90")
    edited = leerlog.add("reading", "Heen en terug", "-m", "45")
    assert leerlog.sync().stdout.splitlines() == [leerlog.summary(3)]

    leerlog.ok("delete", deleted, "--yes")
    leerlog.ok("edit", edited, "--minutes", "50")
    assert leerlog.sync().stdout.splitlines() == [leerlog.summary(1, voided=2)]
    assert set(current(ralph.stored())) == {kept, edited}

    leerlog.ok("undo")  # the edit
    leerlog.ok("undo")  # the delete
    records = leerlog.records()
    assert {r["id"] for r in records} == {kept, deleted, edited}
    result = leerlog.sync()
    assert result.exit_code == 0, result.stderr
    assert_lrs_matches(ralph, records)


def test_statements_in_the_lrs_equal_the_export(leerlog: Leerlog, lrs_config: RalphServer) -> None:
    """What sync sends is what `export activities --format xapi` shows."""
    ralph = lrs_config
    leerlog.add("coaching", "Met alles", "-m", "1h30", "--with", "Marieke", "-t", "a", "-t", "b",
                "-r", "Geleerd: doorvragen.")  # fmt: skip
    leerlog.add("formeel", "Kaal", "-m", "1")
    assert leerlog.sync().exit_code == 0
    exported = [json.loads(line) for line in leerlog.ok("export", "activities", "--format",
                                                          "xapi").stdout.splitlines()]  # fmt: skip
    stored = {s["id"]: s for s in ralph.stored()}
    assert len(exported) == len(stored) == 2
    for data in exported:
        held = {k: v for k, v in stored[data["id"]].items() if k not in ("stored", "authority")}
        assert held == data
    records = leerlog.records()
    assert sorted(stored) == sorted(statement(r, HOMEPAGE)["id"] for r in records)
