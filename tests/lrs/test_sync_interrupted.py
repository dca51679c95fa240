"""Ctrl-C at a terminal while `leerlog sync` or `leerlog pull` waits for the LRS: the person
reads that what was done is kept and how to go on, in their language; the next run sends the
rest without sending anything twice."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from fake_lrs import FakeLrs
from ralph_server import PASSWORD

from installed import PATIENCE_SECONDS
from leerlog.lrs.xapi import statement_id

sys.path.insert(0, str(Path(__file__).parents[1] / "tty"))
from ptykit import Terminal, finish

if TYPE_CHECKING:
    from conftest import Leerlog

STOPPED = {
    "en": [
        "Stopped; what was done before is kept.",
        "Run 'leerlog {command}' again and it resumes without duplicates.",
    ],
    "nl": [
        "Gestopt; wat al gedaan is, blijft bewaard.",
        "Start 'leerlog {command}' opnieuw en het gaat verder zonder dubbele gegevens.",
    ],
}
NOTHING = {"en": "Stopped; nothing was changed.", "nl": "Gestopt; er is niets veranderd."}


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> Terminal:
    monkeypatch.setenv("LEERLOG_LRS_PASSWORD", PASSWORD)
    spawn = Terminal()
    yield spawn  # type: ignore[misc]
    spawn.close()


def waiting_for(lrs: FakeLrs, requests: int) -> None:
    """Until the LRS has been asked REQUESTS times (a safety net, not a timing claim)."""
    deadline = time.monotonic() + PATIENCE_SECONDS
    while len(lrs.requests) < requests:
        assert time.monotonic() < deadline, lrs.requests
        time.sleep(0.05)


@pytest.mark.parametrize("lang", sorted(STOPPED))
def test_ctrl_c_during_a_sync_keeps_the_batches_sent_and_the_next_run_sends_the_rest(
    leerlog: Leerlog, terminal: Terminal, lang: str
) -> None:
    leerlog.add("coaching", "Gesprek met coach", "-m", "45", "-d", "2026-11-20")
    leerlog.add("reading", "Vakliteratuur", "-m", "30", "-d", "2026-11-21")
    leerlog.add("intervisie", "Casus", "-m", "90", "-d", "2026-11-22")
    logged = {statement_id(r["id"], r["updated_at"]) for r in leerlog.records()}
    with FakeLrs("hold") as lrs:
        leerlog.configure(lrs.endpoint)
        child = terminal("sync", "--batch", "1", lang=lang)
        try:
            assert lrs.state.arrived.wait(PATIENCE_SECONDS)  # the first batch is at the LRS
            lrs.mode = "silent"  # it answers the first batch; the second gets no answer
            lrs.state.release.set()
            waiting_for(lrs, 2)
            child.sendintr()
            code, shown = finish(child)
        finally:
            lrs.state.release.set()
        assert code == 130, shown
        assert not any("Traceback" in line for line in shown), shown
        lines = [line.format(command="sync") for line in STOPPED[lang]]
        assert shown[-3:-1] == lines, shown
        kept = {row[0] for row in leerlog.table("SELECT statement_id FROM lrs_sent")}
        assert len(kept) == 1 and kept <= logged, kept

        lrs.mode = "good"
        done = leerlog.sync()
        assert done.exit_code == 0, done
        assert done.stdout == leerlog.summary(2) + "\n"
        assert {row[0] for row in leerlog.table("SELECT statement_id FROM lrs_sent")} == logged
        assert set(lrs.state.stored) == logged


@pytest.mark.parametrize(("lang", "dry_run"), [("en", False), ("nl", False), ("nl", True)])
def test_ctrl_c_during_a_pull_says_what_is_kept_or_that_a_dry_run_changed_nothing(
    leerlog: Leerlog, terminal: Terminal, lang: str, dry_run: bool
) -> None:
    leerlog.add("coaching", "Gesprek met coach", "-m", "45", "-d", "2026-11-20")
    before = leerlog.file_bytes()
    with FakeLrs("silent") as lrs:
        leerlog.configure(lrs.endpoint)
        child = terminal("pull", *(["--dry-run"] if dry_run else []), lang=lang)
        waiting_for(lrs, 1)
        child.sendintr()
        code, shown = finish(child)
    assert code == 130, shown
    assert not any("Traceback" in line for line in shown), shown
    if dry_run:
        assert shown[-2] == NOTHING[lang], shown
    else:
        assert shown[-3:-1] == [line.format(command="pull") for line in STOPPED[lang]], shown
    assert leerlog.file_bytes()["leerlog.db"] == before["leerlog.db"]
