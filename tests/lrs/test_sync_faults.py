"""`leerlog sync` when things go wrong: the LRS stops, refuses, is absent or holds other content."""

from __future__ import annotations

import base64
import copy
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from ralph_server import HOMEPAGE, PASSWORD, USERNAME, RalphServer, free_port

from leerlog.lrs.xapi import statement, statement_id

if TYPE_CHECKING:
    from conftest import Leerlog, Result

LEERLOG = str(Path(sys.executable).parent / "leerlog")
SYNC_AGAIN = re.compile(r"sync'? again", re.IGNORECASE)


def plain_failure(result: Result, code: int) -> None:
    """A failure as a person should see it: the exit code, an Error line, no traceback."""
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    assert result.stderr.startswith("Error: "), result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_the_lrs_stopping_mid_sync_is_resumed_without_duplicates(
    leerlog: Leerlog, lrs_config: RalphServer
) -> None:
    ralph = lrs_config
    leerlog.import_rows(leerlog.rows(3000, seed=3))
    records = leerlog.records()
    expected = {statement_id(r["id"], r["updated_at"]) for r in records}
    assert len(expected) == 3000

    process = subprocess.Popen(
        [LEERLOG, "sync", "--batch", "50"],
        env=dict(os.environ), stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        while process.poll() is None and ralph.count() <= 500:
            time.sleep(0.01)
        ralph.stop()
        stdout, stderr = process.communicate(timeout=300)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    held = ralph.count()
    assert 500 < held < 3000, f"the LRS must stop mid-sync; it held {held} statements"

    assert process.returncode == 1, (process.returncode, stdout, stderr)
    assert stdout == ""
    assert stderr.startswith("Error: ")
    assert "LRS" in stderr
    assert SYNC_AGAIN.search(stderr), stderr
    assert "Traceback" not in stderr
    recorded = leerlog.table("SELECT count(*) FROM lrs_sent")[0][0]
    assert recorded <= held  # never remembered as sent what the LRS does not hold

    ralph.start()
    result = subprocess.run(
        [LEERLOG, "sync", "--batch", "50"], env=dict(os.environ), stdin=subprocess.DEVNULL,
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    resent = held - recorded  # held by the LRS, but the run stopped before remembering it
    assert result.stdout.splitlines() == [leerlog.summary(3000 - held, already=resent)]

    stored = ralph.stored()
    ids = [s["id"] for s in stored]
    assert len(ids) == len(set(ids)), "a statement is in the LRS twice"
    assert len(ids) == 3000
    assert set(ids) == expected
    objects = [s["object"]["id"] for s in stored]
    assert len(set(objects)) == 3000
    assert leerlog.table("SELECT count(*) FROM lrs_sent") == [(3000,)]

    again = leerlog.sync()
    assert again.stdout.splitlines() == [leerlog.summary(0)]
    assert ralph.count() == 3000


def test_a_wrong_password_is_refused_without_showing_it(
    leerlog: Leerlog, lrs_config: RalphServer
) -> None:
    ralph = lrs_config
    leerlog.add("coaching", "Gesprek met coach", "-m", "45")
    wrong = "wrong-Passw0rd-4711"
    for debug in ((), ("--debug",)):
        result = leerlog(*debug, "sync", env={"LEERLOG_LRS_PASSWORD": wrong})
        if not debug:  # --debug adds the traceback, on purpose
            plain_failure(result, 1)
        assert result.exit_code == 1, (result.stdout, result.stderr)
        assert "credentials" in result.stderr
        assert USERNAME in result.stderr
        assert "LEERLOG_LRS_PASSWORD" in result.stderr  # what to check
        token = base64.b64encode(f"{USERNAME}:{wrong}".encode()).decode()
        for secret in (wrong, token):
            assert secret not in result.stdout + result.stderr
    assert ralph.count() == 0
    assert leerlog.table("SELECT count(*) FROM lrs_sent") == [(0,)]
    on_disk = b"".join(b for b in leerlog.file_bytes().values() if b)
    assert wrong.encode() not in on_disk


def test_the_right_password_appears_in_no_output_and_not_in_the_file(
    leerlog: Leerlog, lrs_config: RalphServer
) -> None:
    ralph = lrs_config
    leerlog.add("coaching", "Gesprek met coach", "-m", "45", "-r", "Doorvragen helpt.")
    leerlog.add("reading", "Boek", "-m", "30", "-t", "schuld")
    token = base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode()
    outputs = [
        leerlog.sync("--dry-run"),
        leerlog("--debug", "sync"),
        leerlog.ok("edit", leerlog.records()[0]["id"], "--minutes", "50"),
        leerlog.sync(),
        leerlog.ok("config"),
        leerlog.ok("export", "activities", "--format", "xapi"),
    ]
    assert [r.exit_code for r in outputs] == [0] * len(outputs)
    assert outputs[1].stdout.splitlines() == [leerlog.summary(2)]
    assert outputs[3].stdout.splitlines() == [leerlog.summary(1, voided=1)]
    assert ralph.count() == 4
    for result in outputs:
        for secret in (PASSWORD, token):
            assert secret not in result.stdout + result.stderr
    files = leerlog.file_bytes()
    assert files[leerlog.db_path.name]
    for content in files.values():
        if content:
            assert PASSWORD.encode() not in content
            assert token.encode() not in content


def test_without_a_password_and_without_a_terminal_is_a_usage_error(
    leerlog: Leerlog, lrs_config: RalphServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    ralph = lrs_config
    leerlog.add("coaching", "Gesprek", "-m", "45")
    monkeypatch.delenv("LEERLOG_LRS_PASSWORD")
    result = leerlog.sync()
    plain_failure(result, 2)
    assert "LEERLOG_LRS_PASSWORD" in result.stderr
    # As cron runs it: the installed script, stdin not a terminal.
    ran = subprocess.run(
        [LEERLOG, "sync"], env=dict(os.environ), stdin=subprocess.DEVNULL,
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert ran.returncode == 2, (ran.stdout, ran.stderr)
    assert ran.stderr.startswith("Error: ") and "LEERLOG_LRS_PASSWORD" in ran.stderr
    assert "Traceback" not in ran.stderr
    assert ralph.count() == 0


@pytest.mark.parametrize("missing", ["endpoint", "username", "homepage"])
def test_a_missing_lrs_setting_is_a_usage_error(
    leerlog: Leerlog, lrs_config: RalphServer, missing: str
) -> None:
    ralph = lrs_config
    values = {"endpoint": ralph.endpoint, "username": USERNAME, "homepage": HOMEPAGE}
    del values[missing]
    lines = ["[lrs]", *(f'{key} = "{value}"' for key, value in values.items())]
    Path(os.environ["LEERLOG_CONFIG"]).write_text("\n".join(lines) + "\n")
    leerlog.add("coaching", "Gesprek", "-m", "45")
    result = leerlog.sync()
    plain_failure(result, 2)
    assert f"lrs.{missing}" in result.stderr
    assert result.stdout == ""
    assert ralph.count() == 0


def test_no_lrs_section_at_all_is_a_usage_error(leerlog: Leerlog) -> None:
    leerlog.add("coaching", "Gesprek", "-m", "45")
    result = leerlog.sync()
    plain_failure(result, 2)
    assert "lrs.endpoint" in result.stderr


def test_an_lrs_that_does_not_run_fails_after_retries(
    leerlog: Leerlog, monkeypatch: pytest.MonkeyPatch
) -> None:
    endpoint = f"http://127.0.0.1:{free_port()}/xAPI/"  # nothing listens here
    leerlog.configure(endpoint)
    monkeypatch.setenv("LEERLOG_LRS_PASSWORD", PASSWORD)
    leerlog.add("coaching", "Gesprek", "-m", "45")
    result = leerlog.sync()
    plain_failure(result, 1)
    assert result.stdout == ""
    assert "LRS" in result.stderr and endpoint in result.stderr
    assert "tries" in result.stderr  # it tried more than once
    assert SYNC_AGAIN.search(result.stderr), result.stderr
    assert leerlog.table("SELECT count(*) FROM lrs_sent") == [(0,)]


def test_a_conflict_names_the_activity(leerlog: Leerlog, lrs_config: RalphServer) -> None:
    """The LRS holds other content under the id of one statement: 409, reported by activity."""
    ralph = lrs_config
    leerlog.add("coaching", "Eerste gesprek", "-m", "45", "-d", "2026-11-20")
    leerlog.add("intervisie", "Intervisie casus Jansen", "-m", "90", "-d", "2026-11-21")
    leerlog.add("reading", "Derde: vakliteratuur", "-m", "30", "-d", "2026-11-22")
    records: dict[str, dict[str, Any]] = {r["title"]: r for r in leerlog.records()}
    target = records["Intervisie casus Jansen"]

    theirs = copy.deepcopy(statement(target, HOMEPAGE))
    theirs["object"]["definition"]["name"] = {"nl": "Iets heel anders"}
    assert ralph.put(theirs) == 204

    result = leerlog.sync()
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    conflict_lines = [line for line in result.stderr.splitlines() if "conflict" in line.lower()]
    assert len(conflict_lines) == 1, result.stderr
    assert "Intervisie casus Jansen" in conflict_lines[0]
    assert target["date"] in conflict_lines[0]
    assert result.stdout.splitlines() == [leerlog.summary(2, failed=1)]

    stored = {s["id"]: s for s in ralph.stored()}
    assert len(stored) == 3
    assert stored[theirs["id"]]["object"]["definition"]["name"] == {"nl": "Iets heel anders"}
    others = [r for r in records.values() if r is not target]
    for rec in others:
        assert statement_id(rec["id"], rec["updated_at"]) in stored
    sent = {row[0] for row in leerlog.table("SELECT activity_id FROM lrs_sent")}
    assert sent == {r["id"] for r in others}

    # Not forgotten: the next sync reports it again, and sends nothing else.
    result = leerlog.sync()
    assert result.exit_code == 1
    assert "Intervisie casus Jansen" in result.stderr
    assert result.stdout.splitlines() == [leerlog.summary(0, failed=1)]
    assert ralph.count() == 3
