"""`leerlog pull` against a small fake LRS: it refuses what it cannot use (no password, a bad
[lrs.map], a next page elsewhere, an answer that is not statements), keeping what it stored
before, passes --since on, and pulls a page longer than it asked for whole."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from fake_lrs import NOT_JSON
from ralph_server import PASSWORD
from test_pull import lms

if TYPE_CHECKING:
    from conftest import Leerlog

LEERLOG = str(Path(sys.executable).parent / "leerlog")
PATIENCE_SECONDS = 600  # a safety net against a hung child, not a performance claim


class Pages(ThreadingHTTPServer):
    """An LRS that answers every GET with the next of its ANSWERS, and records each path."""

    def __init__(self, answers: list[bytes]) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.answers = answers
        self.seen: list[str] = []
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/xAPI/"


class _Handler(BaseHTTPRequestHandler):
    server: Pages

    def log_message(self, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self.server.seen.append(self.path)
        body = self.server.answers.pop(0) if self.server.answers else b'{"statements": []}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def servers() -> Iterator[list[Pages]]:
    made: list[Pages] = []
    yield made
    for server in made:
        server.shutdown()
        server.server_close()


def configure(leerlog: Leerlog, endpoint: str, extra: str = "") -> None:
    leerlog.configure(endpoint)
    config = leerlog.tmp_path / "config.toml"
    config.write_text(config.read_text() + extra)


def test_a_next_page_on_another_host_is_refused_and_the_pages_before_stay(
    leerlog: Leerlog, servers: list[Pages], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEERLOG_LRS_PASSWORD", PASSWORD)
    leerlog.add("coaching", "Gesprek met coach", "-m", "45", "-d", "2026-11-20")
    elsewhere = Pages([])
    course = lms("completed", "anna", "bhv", {"nl": "BHV"}, "2026-11-12T10:00:00Z", duration="PT2H")
    away = elsewhere.endpoint.replace("127.0.0.1", "localhost") + "statements?page=2"
    lrs = Pages([json.dumps({"statements": [course], "more": away}).encode()])
    servers += [lrs, elsewhere]
    configure(leerlog, lrs.endpoint)

    result = leerlog("pull")
    assert result.exit_code == 1, result
    assert result.stderr.splitlines()[0] == (
        f"Error: the LRS's link to its next page of statements leads to {away}, away from "
        f"{lrs.endpoint}; leerlog does not follow it, so nothing was sent there"
    )
    assert "the pages before it are stored" in result.stderr
    assert elsewhere.seen == []
    assert lrs.seen == ["/xAPI/statements?limit=500"]
    assert [r["title"] for r in leerlog.records()] == ["Gesprek met coach", "BHV"]
    assert leerlog.table("SELECT statement_id FROM lrs_pulled") == [(course["id"],)]


def test_an_answer_that_is_not_statements_stores_nothing(
    leerlog: Leerlog, servers: list[Pages], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEERLOG_LRS_PASSWORD", PASSWORD)
    leerlog.add("coaching", "Gesprek met coach", "-m", "45", "-d", "2026-11-20")
    lrs = Pages([NOT_JSON.encode(), b'{"statements": {"id": "x"}}'])
    servers.append(lrs)
    configure(leerlog, lrs.endpoint)
    before = leerlog.file_bytes()
    for _attempt in range(2):
        result = leerlog("pull")
        assert result.exit_code == 1, result
        assert "to a GET of statements with something else than statements" in result.stderr
        assert "\x1b" not in result.stderr and "\u202e" not in result.stderr
        assert "Traceback" not in result.stderr
    assert leerlog.file_bytes() == before


def test_the_since_date_goes_to_the_lrs_and_a_bad_one_is_refused(
    leerlog: Leerlog, servers: list[Pages], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEERLOG_LRS_PASSWORD", PASSWORD)
    leerlog.add("coaching", "Gesprek met coach", "-m", "45", "-d", "2026-11-20")
    lrs = Pages([])
    servers.append(lrs)
    configure(leerlog, lrs.endpoint)
    assert leerlog.ok("pull", "--since", "-7d").stdout.splitlines() == [
        "added 0, removed 0, already there 0, skipped 0"
    ]
    assert lrs.seen == ["/xAPI/statements?limit=500&since=2026-11-19T23%3A59%3A59.999Z"]
    bad = leerlog("pull", "--since", "yesteryear")
    assert bad.exit_code == 2 and "not a date: 'yesteryear'" in bad.stderr, bad
    assert len(lrs.seen) == 1


@pytest.mark.parametrize(
    ("table", "says"),
    [
        ('"http://adlnet.gov/expapi/verbs/attended" = "sociall"', "unknown category or type"),
        ('"http://adlnet.gov/expapi/verbs/attended" = 20', "must name a category or a type"),
        ('"http://adlnet.gov/expapi/verbs/attended" = ""', "must name a category or a type"),
    ],
)
def test_a_bad_mapping_is_refused_before_the_lrs_is_asked(
    leerlog: Leerlog, servers: list[Pages], monkeypatch: pytest.MonkeyPatch, table: str, says: str
) -> None:
    monkeypatch.setenv("LEERLOG_LRS_PASSWORD", PASSWORD)
    leerlog.add("coaching", "Gesprek met coach", "-m", "45", "-d", "2026-11-20")
    lrs = Pages([])
    servers.append(lrs)
    configure(leerlog, lrs.endpoint, f"\n[lrs.map]\n{table}\n")
    result = leerlog("pull")
    assert result.exit_code == 2, result
    assert "lrs.map 'http://adlnet.gov/expapi/verbs/attended'" in result.stderr
    assert says in result.stderr and "Hint: " in result.stderr
    assert lrs.seen == []


def pull_process(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`leerlog pull` as cron runs it: no terminal, a process of its own."""
    return subprocess.run(
        [LEERLOG, "pull"], env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
        timeout=PATIENCE_SECONDS,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("lang", "says"),
    [
        ("en", "Error: the LRS password is missing and there is no terminal to ask"),
        ("nl", "Fout: het LRS-wachtwoord ontbreekt en er is geen terminal om het te vragen"),
    ],
)
def test_without_a_password_and_a_terminal_pull_exits_2_asking_nothing(
    leerlog: Leerlog, servers: list[Pages], lang: str, says: str
) -> None:
    leerlog.add("coaching", "Gesprek met coach", "-m", "45", "-d", "2026-11-20")
    lrs = Pages([])
    servers.append(lrs)
    configure(leerlog, lrs.endpoint)
    env = {k: v for k, v in os.environ.items() if k != "LEERLOG_LRS_PASSWORD"}
    done = pull_process({**env, "LEERLOG_LANG": lang})
    assert done.returncode == 2, done
    assert done.stderr.splitlines()[0] == says
    assert lrs.seen == []


def test_the_summary_and_the_reasons_are_dutch_in_dutch(
    leerlog: Leerlog, servers: list[Pages]
) -> None:
    leerlog.add("coaching", "Gesprek met coach", "-m", "45", "-d", "2026-11-20")
    stranger = lms(
        "completed", "zoe", "bhv", {"nl": "BHV"}, "2026-11-12T10:00:00Z", duration="PT2H"
    )
    lrs = Pages([json.dumps({"statements": [stranger]}).encode()])
    servers.append(lrs)
    configure(leerlog, lrs.endpoint)
    done = pull_process({**os.environ, "LEERLOG_LANG": "nl", "LEERLOG_LRS_PASSWORD": PASSWORD})
    assert done.returncode == 0, done
    assert done.stdout == "toegevoegd: 0, verwijderd: 0, al aanwezig: 0, overgeslagen: 1\n"
    assert done.stderr == (
        "overgeslagen 1: statements voor iemand die geen persoon in het bestand is\n"
    )


def test_a_page_longer_than_asked_for_is_pulled_whole_and_once(
    leerlog: Leerlog, servers: list[Pages], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEERLOG_LRS_PASSWORD", PASSWORD)
    leerlog.add("coaching", "Gesprek met coach", "-m", "45", "-d", "2026-11-20")
    page = [
        lms("attended", "anna", f"les-{n}", {"nl": f"Les {n}"}, "2026-11-12T10:00:00Z",
            duration=f"PT{n % 90 + 1}M")
        for n in range(1200)
    ]  # fmt: skip
    lrs = Pages([json.dumps({"statements": page}).encode()] * 2)
    servers.append(lrs)
    configure(leerlog, lrs.endpoint)
    assert leerlog.ok("pull").stdout == "added 1200, removed 0, already there 0, skipped 0\n"
    assert leerlog.ok("pull").stdout == "added 0, removed 0, already there 1200, skipped 0\n"
    assert leerlog.table("SELECT count(*), sum(minutes) FROM activities") == [
        (1201, 45 + sum(n % 90 + 1 for n in range(1200)))
    ]


def test_a_cmi5_passed_read_before_its_completed_joins_the_course_in_the_same_run(
    leerlog: Leerlog, servers: list[Pages], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEERLOG_LRS_PASSWORD", PASSWORD)
    leerlog.add("coaching", "Gesprek met coach", "-m", "45", "-d", "2026-11-20")
    name = {"nl": "Agressie"}
    passed = lms("passed", "anna", "a", name, "2026-11-12T10:00:00Z", registration="r1")
    completed = lms(
        "completed", "anna", "a", name, "2026-11-12T10:05:00Z", duration="PT1H", registration="r1"
    )
    lrs = Pages([json.dumps({"statements": [passed, completed]}).encode()] * 2)
    servers.append(lrs)
    configure(leerlog, lrs.endpoint)
    assert leerlog.ok("pull").stdout == "added 1, removed 0, already there 1, skipped 0\n"
    assert leerlog.ok("pull").stdout == "added 0, removed 0, already there 2, skipped 0\n"
    rows = leerlog.table("SELECT statement_id, activity_id FROM lrs_pulled ORDER BY pulled_at")
    assert {sid for sid, _aid in rows} == {passed["id"], completed["id"]}
    assert len({aid for _sid, aid in rows}) == 1
