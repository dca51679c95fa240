"""A session's xAPI statements: one registration for all present, the leader as instructor,
accepted by Ralph's strict model and by a live Ralph LRS."""

from __future__ import annotations

import json
import uuid
from typing import TYPE_CHECKING, Any

from ralph.models.xapi.base.statements import BaseXapiStatement
from ralph_server import HOMEPAGE, RalphServer, one_statement

from leerlog.lrs.xapi import registration, statement

if TYPE_CHECKING:
    from conftest import Leerlog

PRESENT = ["anna", "bram", "chantal", "daan", "eline", "Ayşe Y\u0131lmaz"]


def session(leerlog: Leerlog, *extra: str) -> str:
    result = leerlog.ok(
        "session", "add", "casuistiekoverleg", "Casus met de GGD", "-m", "1u30", "-d", "2026-11-20",
        "--at", "10:00", "--present", ",".join(PRESENT), *extra,
    )  # fmt: skip
    return result.stdout.split()[0]


def exported(leerlog: Leerlog) -> list[dict[str, Any]]:
    text = leerlog.ok("export", "activities", "--format", "xapi").stdout
    return [json.loads(line) for line in text.splitlines()]


def test_every_statement_of_a_session_passes_ralphs_model_with_one_registration(
    leerlog: Leerlog, lrs_config: RalphServer
) -> None:
    session_id = session(leerlog, "--leader", "Marieke de Leider")
    leerlog.add("werk", "Alleen", "-m", "30")
    statements = exported(leerlog)
    ours = [s for s in statements if s["context"].get("registration")]
    assert len(ours) == len(PRESENT) and len(statements) == len(PRESENT) + 1
    for data in statements:
        BaseXapiStatement.model_validate(data)  # strict: raises on any problem
    assert {s["context"]["registration"] for s in ours} == {session_id}
    assert sorted(s["actor"]["account"]["name"] for s in ours) == sorted(PRESENT)
    for data in ours:
        assert data["context"]["instructor"] == {
            "objectType": "Agent",
            "account": {"homePage": HOMEPAGE, "name": "Marieke de Leider"},
        }
        assert data["actor"]["account"]["homePage"] == HOMEPAGE
    alone = next(s for s in statements if not s["context"].get("registration"))
    assert "instructor" not in alone["context"]


def test_the_lrs_takes_them_and_gives_back_the_same_registration(
    leerlog: Leerlog, lrs_config: RalphServer
) -> None:
    ralph = lrs_config
    session_id = session(leerlog, "--leader", "Marieke")
    result = leerlog.sync()
    assert result.exit_code == 0, result.stderr
    assert leerlog.summary(len(PRESENT)) in result.stdout
    stored = ralph.stored()
    assert len(stored) == len(PRESENT)
    for data in stored:
        model = BaseXapiStatement.model_validate(data)
        assert model.context is not None and str(model.context.registration) == session_id
        assert data["context"]["instructor"]["account"]["name"] == "Marieke"
    got = one_statement(ralph.get(f"statements?statementId={stored[0]['id']}"))
    assert got["context"]["registration"] == session_id
    # What sync sent is what the export shows.
    assert sorted(s["id"] for s in exported(leerlog)) == sorted(s["id"] for s in stored)


def test_a_session_without_leader_has_no_instructor(
    leerlog: Leerlog, lrs_config: RalphServer
) -> None:
    session_id = session(leerlog)
    for data in exported(leerlog):
        BaseXapiStatement.model_validate(data)
        assert data["context"]["registration"] == session_id
        assert "instructor" not in data["context"]


def test_an_imported_session_id_that_is_no_uuid_gets_a_stable_registration() -> None:
    record = {
        "id": "a1", "person": "anna", "date": "2026-11-20", "category": "social",
        "type": "intervisie", "minutes": 60, "title": "Casus", "with": "Lea", "tags": [],
        "reflection": None, "created_at": "2026-11-20T10:00:00.000Z",
        "updated_at": "2026-11-20T10:00:00.000Z", "session": "LMS-cohort 7/2026",
        "accreditation": None,
    }  # fmt: skip
    data = statement(record, HOMEPAGE)
    BaseXapiStatement.model_validate(data)
    assert data["context"]["registration"] == registration("LMS-cohort 7/2026")
    assert uuid.UUID(data["context"]["registration"]).version == 5
    other = statement({**record, "id": "a2", "person": "bram"}, HOMEPAGE)
    assert other["context"]["registration"] == data["context"]["registration"]
    upper = "5F0C6B1E-3D2A-4C8E-9B7A-1D2E3F405162"
    assert registration(upper) == upper.lower()
