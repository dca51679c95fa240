"""`leerlog sync` against an LRS that misbehaves: redirects, answers that confirm nothing, answers
that trickle or never come. Each run exits 1, records nothing, and the next run sends all."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from fake_lrs import NOT_JSON, TOKEN, FakeLrs
from ralph_server import PASSWORD, RalphServer

from leerlog.lrs.xapi import statement_id

if TYPE_CHECKING:
    from conftest import Leerlog

LEERLOG = str(Path(sys.executable).parent / "leerlog")
PATIENCE_SECONDS = 600  # a safety net against a hung child, not a performance claim


def sync(*args: str) -> subprocess.CompletedProcess[str]:
    """`leerlog sync` as cron runs it: the installed script, in a process of its own."""
    return subprocess.run(
        [LEERLOG, "sync", *args], env=dict(os.environ), stdin=subprocess.DEVNULL,
        capture_output=True, text=True, timeout=PATIENCE_SECONDS,
    )  # fmt: skip


def failed(done: subprocess.CompletedProcess[str]) -> str:
    """A plain failure, exit 1, no data, no traceback; the stderr."""
    assert done.returncode == 1, done
    assert done.stdout == "", done
    assert done.stderr.startswith("Error: "), done
    assert "Traceback" not in done.stderr, done
    return done.stderr


@pytest.fixture
def logged(leerlog: Leerlog, monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """Three activities of two people; the statement ids sync should send."""
    monkeypatch.setenv("LEERLOG_LRS_PASSWORD", PASSWORD)
    leerlog.add("coaching", "Gesprek met coach", "-m", "45", "-d", "2026-11-20")
    leerlog.add("reading", "Vakliteratuur", "-m", "30", "-d", "2026-11-21", "-p", "bram")
    leerlog.add("intervisie", "Casus", "-m", "90", "-d", "2026-11-22")
    return {statement_id(r["id"], r["updated_at"]) for r in leerlog.records()}


def sent(leerlog: Leerlog) -> set[str]:
    return {row[0] for row in leerlog.table("SELECT statement_id FROM lrs_sent")}


# mode, --timeout, what the error says
HOSTILE = {
    "redirect-302": ("30", ["HTTP 302", "redirect", "{elsewhere}statements"]),
    "redirect-307": ("30", ["HTTP 307", "redirect", "{elsewhere}statements"]),
    "ok-json": ("30", ["HTTP 200", "POST", 'began: {"ok":true}', "nothing was recorded"]),
    "not-json": ("30", ["HTTP 200", "POST", r"\x1b[31mLRS onderhoud\x1b[0m\u202egnirts"]),
    "204-post": ("30", ["HTTP 200", "PUT", 'began: {"ok":true}', "nothing was recorded"]),
    "trickle": ("1", ["did not answer within 1 s", "sync' again"]),
    "silent": ("1", ["did not answer within 1 s", "sync' again"]),
}


@pytest.mark.parametrize("mode", sorted(HOSTILE))
def test_a_hostile_lrs_gets_nothing_recorded_and_the_next_run_sends_all(
    leerlog: Leerlog, logged: set[str], mode: str
) -> None:
    timeout, fragments = HOSTILE[mode]
    with FakeLrs(mode) as lrs, FakeLrs("good") as elsewhere:
        lrs.state.redirect_to = elsewhere.endpoint + "statements"
        leerlog.configure(lrs.endpoint)
        stderr = failed(sync("--timeout", timeout))
        for fragment in fragments:
            assert fragment.replace("{elsewhere}", elsewhere.endpoint) in stderr, (fragment, stderr)
        assert "\x1b" not in stderr and "\u202e" not in stderr  # shown escaped, not run
        if mode == "not-json":
            shown = stderr.split("began: ", 1)[1].split("\n", 1)[0]
            assert shown.encode().decode("unicode_escape") == NOT_JSON[:200]
            assert "x" * 200 not in shown  # only the first 200 characters
        assert sent(leerlog) == set()
        assert leerlog.table("SELECT count(*) FROM lrs_voided") == [(0,)]
        assert lrs.requests, "the configured LRS was asked"
        assert lrs.requests[0].headers["Authorization"] == f"Basic {TOKEN}"
        # The password went to the configured origin only: never to where a redirect pointed.
        assert elsewhere.requests == []

        lrs.mode = "good"
        done = sync("--timeout", timeout)
        assert (done.returncode, done.stderr) == (0, ""), done
        assert sent(leerlog) == logged
        assert set(lrs.state.stored) == logged
        assert elsewhere.requests == []
        assert sync().stdout == leerlog.summary(0) + "\n"


def test_an_answer_that_trickles_after_the_lrs_stored_is_resumed_without_duplicates(
    leerlog: Leerlog, logged: set[str], ralph: RalphServer
) -> None:
    """The LRS stores the batch, but its answer trickles past the deadline: nothing is recorded,
    and the next run confirms what the LRS holds instead of storing it twice."""
    with FakeLrs("forward-trickle") as proxy:
        proxy.state.upstream = ralph.endpoint
        leerlog.configure(proxy.endpoint)
        stderr = failed(sync("--timeout", "2"))
        assert "did not answer within 2 s" in stderr
        assert proxy.state.arrived.wait(PATIENCE_SECONDS)  # the LRS has answered the proxy
    assert sent(leerlog) == set()
    assert {s["id"] for s in ralph.stored()} == logged  # stored, but never confirmed to leerlog

    leerlog.configure(ralph.endpoint)
    done = sync()
    assert (done.returncode, done.stderr) == (0, ""), done
    assert done.stdout == leerlog.summary(0, already=3) + "\n"
    assert sent(leerlog) == logged
    ids = [s["id"] for s in ralph.stored()]
    assert sorted(ids) == sorted(logged)  # each statement once


def test_the_whole_run_has_a_deadline_and_the_next_run_resumes(
    leerlog: Leerlog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each answer comes in time, but 40 requests take longer than the run may (10 x 1 s)."""
    monkeypatch.setenv("LEERLOG_LRS_PASSWORD", PASSWORD)
    leerlog.import_rows(leerlog.rows(40, seed=7))
    expected = {statement_id(r["id"], r["updated_at"]) for r in leerlog.records()}
    with FakeLrs("slow") as lrs:
        leerlog.configure(lrs.endpoint)
        stderr = failed(sync("--timeout", "1", "--batch", "1"))
        assert "deadline: 10 s for the whole run" in stderr, stderr
        assert "sync' again" in stderr
        first = sent(leerlog)
        assert first < expected  # stopped before the end
        assert first <= set(lrs.state.stored)  # recorded only what the LRS confirmed

        lrs.mode = "good"
        before = len(lrs.state.received)
        done = sync("--batch", "1")
        assert (done.returncode, done.stderr) == (0, ""), done
        assert sent(leerlog) == expected
        again = lrs.state.received[before:]
        assert set(again).isdisjoint(first)  # what was recorded is not sent again
        assert set(lrs.state.stored) == expected


def test_a_redirected_put_is_not_followed_either(leerlog: Leerlog, logged: set[str]) -> None:
    """A POST answered by 204 confirms nothing, so each statement goes again by PUT: a redirect
    of those is refused too."""
    with FakeLrs("204-redirect") as lrs, FakeLrs("good") as elsewhere:
        lrs.state.redirect_to = elsewhere.endpoint + "statements"
        leerlog.configure(lrs.endpoint)
        stderr = failed(sync())
        assert "HTTP 307" in stderr and elsewhere.endpoint in stderr
        assert [r.method for r in lrs.requests] == ["POST", "PUT"]
        assert elsewhere.requests == []
        assert sent(leerlog) == set()


@pytest.mark.parametrize("endpoint", ["file:///etc/passwd", "ftp://lrs.example.org/xAPI/"])
def test_an_endpoint_that_is_not_http_is_a_usage_error(
    leerlog: Leerlog, logged: set[str], endpoint: str
) -> None:
    leerlog.configure(endpoint)
    done = sync()
    assert done.returncode == 2, done
    assert done.stderr.startswith("Error: lrs.endpoint is not an http or https address")
    assert sent(leerlog) == set()
