"""`leerlog pull` at its edges: statements no date can hold or no file can store, a cmi5 course
corrected upstream, the people as they are once the run holds the file, --since at the limits."""

from __future__ import annotations

import datetime as dt
import json
import uuid
import zoneinfo
from typing import TYPE_CHECKING

import pytest
from ralph_server import HOMEPAGE, PASSWORD
from test_pull import lms, pull_summary, pulled, void
from test_pull_refusals import Pages, configure, servers

from leerlog.lrs.client import LrsClient
from leerlog.lrs.pull import pull, since_parameter
from leerlog.lrs.pulled import Context, Mapping
from leerlog.storage.store import Store

if TYPE_CHECKING:
    from conftest import Leerlog

__all__ = ["servers"]  # the fixture, used by name


@pytest.fixture
def lrs(leerlog: Leerlog, servers: list[Pages], monkeypatch: pytest.MonkeyPatch) -> Pages:
    """An LRS of two pages at a time, configured; anna has a log."""
    monkeypatch.setenv("LEERLOG_LRS_PASSWORD", PASSWORD)
    leerlog.add("coaching", "Gesprek met coach", "-m", "45", "-d", "2026-11-20")
    server = Pages([])
    servers.append(server)
    configure(leerlog, server.endpoint)
    return server


def pages(server: Pages, *statements: list[dict[str, object]]) -> None:
    """What the next pull reads: one page per list, each linking to the next."""
    for number, page in enumerate(statements, 1):
        answer: dict[str, object] = {"statements": page}
        if number < len(statements):
            answer["more"] = f"/xAPI/statements?page={number + 1}"
        server.answers.append(json.dumps(answer).encode())


def test_a_statement_no_date_or_file_can_hold_skips_alone_and_later_pages_are_stored(
    leerlog: Leerlog, lrs: Pages
) -> None:
    far = lms("completed", "anna", "ver", {"nl": "Ver"}, "9999-12-31T23:59:59-05:00",
              duration="PT1H")  # fmt: skip
    odd = lms("completed", "anna", "raar", {"nl-BE": "Cursus \ud800 \x1b[31mrood\x7f"},
              "2026-11-12T10:00:00Z", duration="PT30M")  # fmt: skip
    later = lms("attended", "anna", "later", {"NL": "Later"}, "2026-11-13T10:00:00Z",
                duration="PT15M")  # fmt: skip
    bad_id = {**lms("attended", "anna", "x", {"nl": "X"}, "2026-11-13T10:00:00Z",
                    duration="PT15M"), "id": "not\ud800-an-id"}  # fmt: skip
    pages(lrs, [far, odd, bad_id], [later])
    result = leerlog("pull")
    assert result.exit_code == 0, result
    assert result.stdout.splitlines() == [pull_summary(2, skipped=2)]
    assert "skipped 1: statements without a readable timestamp" in result.stderr
    assert "skipped 1: items that are not statements leerlog can read" in result.stderr
    titles = [(r["title"], r["minutes"]) for r in pulled(leerlog)]
    assert titles == [("Cursus \ufffd [31mrood", 30), ("Later", 15)]


def test_a_cmi5_course_corrected_upstream_keeps_one_activity(leerlog: Leerlog, lrs: Pages) -> None:
    registration = str(uuid.uuid4())
    first = lms("completed", "anna", "bhv", {"nl": "BHV"}, "2026-11-12T10:00:00Z",
                duration="PT1H", registration=registration)  # fmt: skip
    pages(lrs, [first])
    assert leerlog("pull").stdout.splitlines() == [pull_summary(1)]

    # The LMS corrects it: a void, then the completed with the right duration.
    fixed = {**first, "id": str(uuid.uuid4()), "result": {"duration": "PT2H"}}
    pages(lrs, [void(first["id"]), fixed])
    assert leerlog("pull").stdout.splitlines() == [pull_summary(1, removed=1)]
    assert [(r["title"], r["minutes"]) for r in pulled(leerlog)] == [("BHV", 120)]

    # Read again (an LRS that returns voided statements too): nothing changes.
    pages(lrs, [first, void(first["id"]), fixed])
    again = leerlog("pull")
    assert again.stdout.splitlines()[0].startswith("added 0, removed 0")
    assert [(r["title"], r["minutes"]) for r in pulled(leerlog)] == [("BHV", 120)]

    # The passed of another course, then its completed voided: the passed keeps the course.
    other = str(uuid.uuid4())
    done = lms("completed", "anna", "ehbo", {"nl": "EHBO"}, "2026-11-14T10:00:00Z",
               duration="PT3H", registration=other)  # fmt: skip
    passed = lms("passed", "anna", "ehbo", {"nl": "EHBO"}, "2026-11-14T11:00:00Z",
                 duration="PT3H", registration=other)  # fmt: skip
    pages(lrs, [done, passed])
    assert leerlog("pull").stdout.splitlines() == [pull_summary(1, already=1)]
    pages(lrs, [void(done["id"])])
    kept = leerlog("pull")
    assert kept.stdout.splitlines() == [pull_summary(0, skipped=1)]
    assert "cmi5 course whose other statement keeps it" in kept.stderr
    assert [r["title"] for r in pulled(leerlog)] == ["BHV", "EHBO"]


def test_the_people_are_read_once_the_run_holds_the_file(leerlog: Leerlog, lrs: Pages) -> None:
    """A pull that waited for `people forget` does not bring back the person it erased: the
    people it was started with (here: bram, no longer in the file) are not the ones it uses."""
    pages(lrs, [lms("completed", "bram", "bhv", {"nl": "BHV"}, "2026-11-12T10:00:00Z",
                    duration="PT1H")])  # fmt: skip
    store = Store(leerlog.db_path)
    stale = Context(HOMEPAGE, frozenset({"anna", "bram"}), Mapping(), store.types(),
                    dt.date(2026, 11, 27), "2026-11-27T10:00:00.000Z")  # fmt: skip
    result = pull(store, LrsClient(lrs.endpoint, "leerlog", PASSWORD), stale, "anna")
    store.close()
    assert (result.added, dict(result.skipped)) == (0, {"person": 1})
    assert leerlog.table("SELECT count(*) FROM lrs_pulled") == [(0,)]


def test_since_the_first_day_dates_can_hold(leerlog: Leerlog, lrs: Pages) -> None:
    result = leerlog("pull", "--since", "0001-01-01")
    assert result.exit_code == 0, result
    assert lrs.seen == ["/xAPI/statements?limit=500&since=0001-01-01T00%3A00%3A00.000Z"]


def test_since_is_the_start_of_the_day_where_the_log_is_kept() -> None:
    amsterdam = zoneinfo.ZoneInfo("Europe/Amsterdam")
    assert since_parameter(dt.date(2026, 11, 20), amsterdam) == "2026-11-19T22:59:59.999Z"
    assert since_parameter(dt.date(2026, 7, 1), amsterdam) == "2026-06-30T21:59:59.999Z"
    assert since_parameter(dt.date(1, 1, 1), amsterdam) == "0001-01-01T00:00:00.000Z"
