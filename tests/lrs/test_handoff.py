"""Hand-offs to a Learning Record Store that are as exact as `leerlog sync`: a log moved to a new
file by CSV, and `export activities --format xapi` loaded into an LRS, against a real Ralph."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from ralph.models.xapi.base.statements import BaseXapiStatement
from ralph_server import HOMEPAGE, VOIDED, RalphServer, voided_ids
from test_sync import assert_lrs_matches

from leerlog.lrs.xapi import voiding

if TYPE_CHECKING:
    from conftest import Leerlog

# Set by the LRS when it stores a statement; not part of what leerlog sent.
SET_BY_THE_LRS = ("stored", "authority", "version")


def live(stored: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The statements a reader of the LRS sees as current: neither voided nor voiding."""
    voided = voided_ids(stored)
    return {
        s["id"]: {k: v for k, v in s.items() if k not in SET_BY_THE_LRS}
        for s in stored
        if s["verb"]["id"] != VOIDED and s["id"] not in voided
    }


def load(server: RalphServer, statements: list[dict[str, Any]]) -> None:
    """POST a file's statements in order, in batches, as an LRS administrator would load it;
    every batch is taken (200 new, 204 already held): no conflict."""
    for start in range(0, len(statements), 100):
        status, body = server._request("POST", "statements", statements[start : start + 100])
        assert status in (200, 204), (status, body)


def export_xapi(leerlog: Leerlog, *args: str) -> list[dict[str, Any]]:
    result = leerlog.ok("export", "activities", "--format", "xapi", *args)
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.fixture
def other_lrs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Empty Ralph servers on demand, each stopped after the test."""
    servers: list[RalphServer] = []

    def start() -> RalphServer:
        server = RalphServer(tmp_path_factory.mktemp("ralph"))
        server.start()
        servers.append(server)
        return server

    try:
        yield start
    finally:
        for server in servers:
            server.stop()


def test_a_log_moved_by_csv_syncs_without_conflict_after_edits_synced_before(
    leerlog: Leerlog, lrs_config: RalphServer, tmp_path: Path
) -> None:
    ralph = lrs_config
    edited = leerlog.add("coaching", "Gesprek", "-m", "45", "-t", "nazorg", "--with", "Marieke")
    kept = leerlog.add("reading", "Vakblad", "-m", "30", "-r", "Over schulden gelezen.")
    gone = leerlog.add("intervisie", "Casus", "-m", "90")
    assert leerlog.sync().stdout.splitlines() == [leerlog.summary(3)]
    leerlog.ok("edit", edited, "--minutes", "50", "--title", "Gesprek, bijgewerkt")
    assert leerlog.sync().stdout.splitlines() == [leerlog.summary(1, voided=1)]

    # The team's log moves to a new file: export as CSV, import there.
    moved = tmp_path / "moved.csv"
    leerlog.ok("export", "activities", "-o", str(moved))
    new_file = {"LEERLOG_DB": str(tmp_path / "new" / "leerlog.db")}
    leerlog.ok("import", str(moved), env=new_file)
    assert leerlog.records(env=new_file) == leerlog.records()

    # The new file's statements are the ones the LRS already holds: nothing conflicts.
    result = leerlog.sync(env=new_file)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [leerlog.summary(0, already=3)]
    assert_lrs_matches(ralph, leerlog.records(env=new_file))

    # Another new file, edited and deleted there before its first sync: it never sent the
    # statements the LRS holds of them, but their voids go all the same, and each activity
    # keeps exactly one live statement.
    other_file = {"LEERLOG_DB": str(tmp_path / "other" / "leerlog.db")}
    leerlog.ok("import", str(moved), env=other_file)
    leerlog.ok("edit", edited, "--minutes", "55", env=other_file)
    leerlog.ok("delete", gone, "--yes", env=other_file)
    result = leerlog.sync(env=other_file)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [leerlog.summary(1, voided=2, already=1)]
    records = leerlog.records(env=other_file)
    assert {r["id"] for r in records} == {edited, kept}
    assert_lrs_matches(ralph, records)
    assert leerlog.sync(env=other_file).stdout.splitlines() == [leerlog.summary(0)]


def _edit_and_delete(leerlog: Leerlog, ids: dict[str, str]) -> None:
    leerlog.ok("edit", ids["edited"], "--minutes", "50")
    leerlog.ok("edit", ids["twice"], "--title", "Eerste versie")
    leerlog.ok("edit", ids["twice"], "-t", "nazorg", "--title", "Tweede versie")
    leerlog.ok("delete", ids["deleted"], "--yes")
    leerlog.ok("delete", ids["participant"], "--yes")
    ids["new"] = leerlog.add("workshop", "Nieuw", "-m", "120")


def test_the_xapi_export_gives_an_empty_lrs_the_live_statements_sync_gives(
    leerlog: Leerlog, lrs_config: RalphServer, other_lrs: Any
) -> None:
    synced = lrs_config
    ids = {
        "edited": leerlog.add("coaching", "Gesprek", "-m", "45", "-t", "a", "--with", "Marieke"),
        "twice": leerlog.add("reading", "Vakblad", "-m", "30", "-r", "Geleerd."),
        "deleted": leerlog.add("e-learning", "Module", "-m", "60", "-d", "2026-10-01"),
        "kept": leerlog.add("formeel", "Kaal", "-m", "1", "-p", "bram"),
    }
    leerlog.ok("session", "add", "intervisie", "Casus", "--present", "anna,bram,chantal",
               "--leader", "Marieke", "-m", "1u30")  # fmt: skip
    ids["participant"] = next(r["id"] for r in leerlog.records() if r["person"] == "chantal")
    assert leerlog.sync().exit_code == 0
    handed = other_lrs()  # an LRS fed by successive hand-offs of the file
    first = export_xapi(leerlog)
    assert [s for s in first if s["verb"]["id"] == VOIDED] == []
    load(handed, first)
    assert live(handed.stored()) == live(synced.stored())

    _edit_and_delete(leerlog, ids)
    assert leerlog.sync().stdout.splitlines() == [leerlog.summary(3, voided=4)]
    second = export_xapi(leerlog)
    voids = [s for s in second if s["verb"]["id"] == VOIDED]
    # One void per earlier version: the edited, the deleted and the participant once, the
    # activity edited twice for both of its earlier versions (one of them never sent).
    assert len(voids) == 5
    assert second[: len(voids)] == voids  # voids first, so no reader sees two current
    empty = other_lrs()
    load(empty, second)
    load(handed, second)
    assert live(empty.stored()) == live(handed.stored()) == live(synced.stored())
    assert_lrs_matches(synced, leerlog.records())

    # Undo brings back earlier versions, whose first statements were voided.
    leerlog.ok("undo")  # the new workshop goes
    leerlog.ok("undo")  # the participant comes back
    assert leerlog.sync().stdout.splitlines() == [leerlog.summary(1, voided=1)]
    third = export_xapi(leerlog)
    fresh = other_lrs()
    load(fresh, third)
    load(handed, third)
    load(synced, third)  # the same voids and statements as sync's: no conflict, nothing new live
    assert live(fresh.stored()) == live(handed.stored()) == live(synced.stored())
    assert len(live(fresh.stored())) == len(leerlog.records()) == 6

    # Nothing leerlog sends or writes has a version property; all pass Ralph's strict model.
    everything = synced.stored() + third
    for data in everything:
        assert "version" not in data, data
        BaseXapiStatement.model_validate(data)


def test_an_export_for_one_person_holds_only_their_voids(
    leerlog: Leerlog, lrs_config: RalphServer
) -> None:
    mine = leerlog.add("coaching", "Gesprek", "-m", "45")
    theirs = leerlog.add("coaching", "Gesprek", "-m", "45", "-p", "bram")
    leerlog.ok("delete", mine, "--yes")
    leerlog.ok("delete", theirs, "--yes")
    exported = export_xapi(leerlog, "--person", "bram")
    assert [s["actor"]["account"]["name"] for s in exported] == ["bram"]
    assert exported[0]["verb"]["id"] == VOIDED


def test_a_void_planned_by_an_earlier_release_goes_without_a_version(
    leerlog: Leerlog, lrs_config: RalphServer
) -> None:
    ralph = lrs_config
    activity = leerlog.add("coaching", "Gesprek", "-m", "45")
    assert leerlog.sync().exit_code == 0
    leerlog.ok("delete", activity, "--yes")
    # An earlier release kept the void it planned (a run stopped before sending it) with the
    # version property it then set.
    ((sent, person),) = leerlog.table("SELECT statement_id, person FROM lrs_sent")
    body = {**voiding(sent, person, HOMEPAGE, "2026-11-27T10:00:00Z"), "version": "1.0.3"}
    conn = sqlite3.connect(leerlog.db_path)
    with conn:
        conn.execute(
            "INSERT INTO lrs_voids (statement_id, activity_id, person, body, planned_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (body["id"], activity, person, json.dumps(body), "2026-11-27T10:00:00.000Z"),
        )
        conn.execute("DELETE FROM lrs_sent")
    conn.close()
    assert leerlog.sync().stdout.splitlines() == [leerlog.summary(0, voided=1)]
    void = next(s for s in ralph.stored() if s["verb"]["id"] == VOIDED)
    assert "version" not in void
    assert leerlog.table("SELECT count(*) FROM lrs_voids") == [(0,)]
