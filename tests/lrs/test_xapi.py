"""Activities as xAPI statements, checked with Ralph's strict model (no server needed)."""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import uuid
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, reject, settings
from hypothesis import strategies as st
from ralph.models.xapi.base.common import IRI
from ralph.models.xapi.base.statements import BaseXapiStatement
from ralph_server import HOMEPAGE, VOIDED

from leerlog.domain.categories import BUILTIN_TYPES, CATEGORIES, CATEGORY_ALIASES, ActivityType
from leerlog.domain.errors import InvalidValue
from leerlog.domain.models import validate_input
from leerlog.lrs.xapi import (
    ACTIVITY_TYPES,
    EXTENSION_TAGS,
    EXTENSION_TYPE,
    EXTENSION_WITH,
    VERBS,
    statement,
    statement_id,
    void_id,
    voiding,
)

ACTIVITY_ID = "5f0c6b1e-3d2a-4c8e-9b7a-1d2e3f405162"
OWN_TYPE = ActivityType("buddy-gesprek", "gesprek met een buddy", "social", builtin=False)
TYPES = {**BUILTIN_TYPES, OWN_TYPE.key: OWN_TYPE}


def record(**changes: Any) -> dict[str, Any]:
    """An activity as `leerlog list --format json` gives it."""
    base: dict[str, Any] = {
        "id": ACTIVITY_ID,
        "person": "anna",
        "date": "2026-11-02",
        "category": "social",
        "type": "intervisie",
        "minutes": 90,
        "title": "Intervisie over een lastig huisbezoek",
        "with": None,
        "tags": [],
        "reflection": None,
        "created_at": "2026-11-02T14:03:11.123Z",
        "updated_at": "2026-11-02T14:03:11.123Z",
    }
    base.update(changes)
    return base


def valid(data: dict[str, Any]) -> BaseXapiStatement:
    """Ralph's strict model accepts the statement (raises with every problem otherwise)."""
    return BaseXapiStatement.model_validate(data)


def is_iri(text: str) -> bool:
    try:
        IRI.model_validate(text)
    except ValueError:
        return False
    return True


def check_shape(data: dict[str, Any], rec: dict[str, Any]) -> None:
    """The properties every statement for REC has, whatever the record holds."""
    model = valid(data)
    assert data["id"] == statement_id(rec["id"], rec["updated_at"])
    assert uuid.UUID(data["id"]).version == 5
    # Pseudonymous actor: an account on the configured home page, named after the person.
    assert data["actor"] == {
        "objectType": "Agent",
        "account": {"homePage": HOMEPAGE, "name": rec["person"]},
    }
    assert not {"mbox", "mbox_sha1sum", "openid"} & set(data["actor"])
    assert data["verb"]["id"] in VERBS.values()
    assert data["verb"]["id"] != VOIDED
    assert data["object"]["objectType"] == "Activity"
    assert data["object"]["definition"]["name"] == {"nl": rec["title"]}
    assert data["object"]["definition"]["type"] in ACTIVITY_TYPES.values()
    assert data["result"]["duration"] == duration_text(rec["minutes"])
    assert model.result is not None
    assert model.result.duration == dt.timedelta(minutes=rec["minutes"])
    assert data["timestamp"] == f"{rec['date']}T00:00:00Z"
    assert model.timestamp == dt.datetime.fromisoformat(rec["date"]).replace(tzinfo=dt.UTC)
    categories = data["context"]["contextActivities"]["category"]
    assert isinstance(categories, list)
    assert [c["id"] for c in categories] == [f"urn:leerlog:category:{rec['category']}"]
    assert all(is_iri(c["id"]) for c in categories)
    extensions = data["context"].get("extensions", {})
    assert all(is_iri(key) for key in extensions)
    if rec.get("reflection"):
        assert data["result"]["response"] == rec["reflection"]
    else:
        assert "response" not in data["result"]
    if rec.get("tags"):
        assert extensions[EXTENSION_TAGS] == list(rec["tags"])
    else:
        assert EXTENSION_TAGS not in extensions
    if rec.get("with"):
        assert extensions[EXTENSION_WITH] == rec["with"]
    else:
        assert EXTENSION_WITH not in extensions
    if rec.get("type"):
        assert extensions[EXTENSION_TYPE] == rec["type"]
    else:
        assert EXTENSION_TYPE not in extensions


def duration_text(minutes: int) -> str:
    """ISO 8601 written out independently of leerlog: PT1H30M, PT45M, PT2H."""
    hours, rest = divmod(minutes, 60)
    text = "PT"
    if hours:
        text += f"{hours}H"
    if rest or not hours:
        text += f"{rest}M"
    return text


# -- every kind of record ---------------------------------------------------------------------


@pytest.mark.parametrize("type_key", sorted(BUILTIN_TYPES))
def test_every_catalogue_type_gives_a_valid_statement(type_key: str) -> None:
    rec = record(type=type_key, category=BUILTIN_TYPES[type_key].category)
    data = statement(rec, HOMEPAGE)
    check_shape(data, rec)
    assert data["object"]["definition"]["description"] == {"en": BUILTIN_TYPES[type_key].label}


def test_catalogue_types_use_the_fitting_verbs() -> None:
    """Reading is read, courses are completed, conversations attended, on-the-job experienced."""
    expected = {
        "reading": ("read", "book"),
        "course": ("completed", "course"),
        "e-learning": ("completed", "webinar"),
        "conference": ("attended", "conference"),
        "coaching": ("attended", "tutor-session"),
        "intervisie": ("attended", "meeting"),
        "experiment": ("experienced", "performance"),
    }
    for type_key, (verb, kind) in expected.items():
        rec = record(type=type_key, category=BUILTIN_TYPES[type_key].category)
        data = statement(rec, HOMEPAGE)
        assert data["verb"]["id"] == VERBS[verb], type_key
        assert data["object"]["definition"]["type"] == ACTIVITY_TYPES[kind], type_key


@pytest.mark.parametrize("category", CATEGORIES)
def test_a_bare_category_gives_a_valid_statement(category: str) -> None:
    rec = record(type=None, category=category)
    data = statement(rec, HOMEPAGE)
    check_shape(data, rec)
    assert "description" not in data["object"]["definition"]


def test_an_own_type_gives_a_valid_statement() -> None:
    rec = record(type=OWN_TYPE.key, category=OWN_TYPE.category)
    data = statement(rec, HOMEPAGE)
    check_shape(data, rec)
    assert data["context"]["extensions"][EXTENSION_TYPE] == OWN_TYPE.key


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [
        (1, "PT1M"),
        (45, "PT45M"),
        (60, "PT1H"),
        (90, "PT1H30M"),
        (1439, "PT23H59M"),
        (1440, "PT24H"),
    ],
)
def test_durations_are_iso_8601(minutes: int, expected: str) -> None:
    rec = record(minutes=minutes)
    data = statement(rec, HOMEPAGE)
    assert data["result"]["duration"] == expected
    check_shape(data, rec)


@pytest.mark.parametrize("date", ["1999-12-31", "2000-02-29", "2026-01-01"])
def test_dates_across_years(date: str) -> None:
    rec = record(date=date)
    data = statement(rec, HOMEPAGE)
    assert data["timestamp"] == f"{date}T00:00:00Z"
    check_shape(data, rec)


@pytest.mark.parametrize("tags", [[], ["schuldhulp"], ["schuldhulp", "gesprekstechniek", "ééé"]])
@pytest.mark.parametrize("with_", [None, "Marieke (coach)"])
@pytest.mark.parametrize("reflection", [None, "Ik vraag voortaan eerst door.\nEn noteer het."])
def test_with_and_without_tags_with_and_reflection(
    tags: list[str], with_: str | None, reflection: str | None
) -> None:
    rec = record(tags=tags, reflection=reflection, **{"with": with_})
    data = statement(rec, HOMEPAGE)
    check_shape(data, rec)
    if not (tags or with_):
        assert set(data["context"].get("extensions", {})) == {EXTENSION_TYPE}


# -- properties -------------------------------------------------------------------------------


def test_the_same_record_always_gives_the_same_statement() -> None:
    rec = record(tags=["a", "b"], reflection="r", **{"with": "w"})
    first = statement(rec, HOMEPAGE)
    again = statement(copy.deepcopy(rec), HOMEPAGE)
    assert first == again
    assert json.dumps(first, sort_keys=True) == json.dumps(again, sort_keys=True)
    assert rec == record(tags=["a", "b"], reflection="r", **{"with": "w"})  # input left alone


def test_another_version_gets_another_id() -> None:
    before = statement(record(), HOMEPAGE)
    after = statement(record(updated_at="2026-11-03T08:00:00.000Z"), HOMEPAGE)
    assert before["id"] != after["id"]
    # the object is still the same activity
    assert before["object"]["id"] == after["object"]["id"]
    other = statement(record(id=str(uuid.uuid4())), HOMEPAGE)
    assert other["id"] not in (before["id"], after["id"])


def test_the_statement_names_no_email_address() -> None:
    data = statement(record(person="anna.de.vries"), HOMEPAGE)
    assert "mailto:" not in json.dumps(data)
    assert data["actor"]["account"] == {"homePage": HOMEPAGE, "name": "anna.de.vries"}


def test_the_voiding_statement_validates() -> None:
    old = statement(record(), HOMEPAGE)["id"]
    data = voiding(old, "anna", HOMEPAGE, "2026-11-27T10:00:00Z")
    model = valid(data)
    assert model.verb.id is not None
    assert data["verb"]["id"] == VOIDED
    assert data["object"] == {"objectType": "StatementRef", "id": old}
    assert data["actor"] == {
        "objectType": "Agent",
        "account": {"homePage": HOMEPAGE, "name": "anna"},
    }
    assert data["id"] == void_id(old) != old
    assert voiding(old, "anna", HOMEPAGE, "2026-11-27T10:00:00Z") == data


# -- random valid records ---------------------------------------------------------------------

text = st.text(min_size=1, max_size=40)
optional_text = st.one_of(st.none(), st.just(""), text)


@st.composite
def records(draw: st.DrawFn) -> dict[str, Any]:
    """A record that leerlog's own validation accepts, as `list --format json` would give it."""
    type_key = draw(st.one_of(st.none(), st.sampled_from(sorted(TYPES))))
    category = None if type_key else draw(st.sampled_from(sorted(CATEGORY_ALIASES)))
    data = {
        "person": draw(text),
        "date": draw(st.dates(dt.date(1900, 1, 1), dt.date(2026, 11, 28))).isoformat(),
        "category": category,
        "type": type_key,
        "minutes": draw(st.integers(1, 1440)),
        "title": draw(st.text(min_size=1, max_size=500)),
        "with": draw(optional_text),
        "tags": draw(st.lists(text.filter(lambda t: "," not in t), max_size=5)),
        "reflection": draw(st.one_of(st.none(), st.text(max_size=2000))),
    }
    try:
        checked = validate_input(data, dt.date(2026, 11, 27), TYPES)
    except InvalidValue:
        reject()
    rec = checked.model_dump(mode="json", by_alias=True)
    stamp = draw(st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2100, 1, 1)))
    rec["id"] = str(draw(st.uuids()))
    rec["created_at"] = rec["updated_at"] = stamp.isoformat(timespec="milliseconds") + "Z"
    return rec


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records())
@example(record(title="x", reflection="  y  ", tags=["t"], person="Ø", **{"with": "z"}))
def test_random_valid_records_give_valid_statements(rec: dict[str, Any]) -> None:
    data = statement(rec, HOMEPAGE)
    check_shape(data, rec)
    assert statement(copy.deepcopy(rec), HOMEPAGE) == data
    json.loads(json.dumps(data, ensure_ascii=False))  # plain JSON


# -- export activities --format xapi ----------------------------------------------------------


def test_export_xapi_writes_one_valid_statement_per_line(run: Any, isolated: Path) -> None:
    Path(os.environ["LEERLOG_CONFIG"]).write_text(f'[lrs]\nhomepage = "{HOMEPAGE}"\n')
    assert run("types", "add", OWN_TYPE.key, "--category", "social").exit_code == 0
    adds = [
        ("coaching", "Gesprek met coach", "-m", "1h30", "--with", "Marieke", "-t", "gesprek"),
        ("reading", "Vakliteratuur schuldhulp", "-m", "45", "-d", "2000-02-29"),
        ("werk", "Eerste keer een huisbezoek", "-m", "24h", "-r", "Beter voorbereiden."),
        (OWN_TYPE.key, "Buddy", "-m", "1", "-d", "1999-12-31", "-p", "bram"),
        ("formeel", "Webinar Participatiewet", "-m", "60", "-d", "2026-11-28"),
    ]
    for args in adds:
        result = run("add", "--quiet", *args)
        assert result.exit_code == 0, result.stderr
    listed = run("list", "--all", "--format", "json")
    by_id = {r["id"]: r for r in json.loads(listed.stdout)}

    result = run("export", "activities", "--format", "xapi")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(adds) == len(by_id)
    ids = set()
    for line in lines:
        data = json.loads(line)
        valid(data)
        activity_id = data["object"]["id"].removeprefix("urn:leerlog:activity:")
        assert data == statement(by_id[activity_id], HOMEPAGE)  # as sync would send it
        check_shape(data, by_id[activity_id])
        ids.add(activity_id)
    assert ids == set(by_id)

    written = isolated / "out" / "xapi-{date}.jsonl"
    result = run("export", "activities", "--format", "xapi", "--output", str(written))
    assert result.exit_code == 0, result.stderr
    path = isolated / "out" / "xapi-2026-11-27.jsonl"
    assert path.read_text(encoding="utf-8").splitlines() == lines


@pytest.mark.parametrize(
    "config", [None, '[lrs]\nendpoint = "http://127.0.0.1:9/xAPI/"\nusername = "x"\n']
)
def test_export_xapi_without_a_homepage_is_a_usage_error(run: Any, config: str | None) -> None:
    if config is not None:
        Path(os.environ["LEERLOG_CONFIG"]).write_text(config)
    assert run("add", "--quiet", "coaching", "Gesprek", "-m", "30").exit_code == 0
    result = run("export", "activities", "--format", "xapi")
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert "lrs.homepage" in result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr


def test_imported_ids_that_are_not_uuids_still_give_valid_statements(
    run: Any, isolated: Path
) -> None:
    """An import may bring its own ids (up to 200 characters of text): the statement stays valid."""
    Path(os.environ["LEERLOG_CONFIG"]).write_text(f'[lrs]\nhomepage = "{HOMEPAGE}"\n')
    rows = [
        {"id": "logboek-2019-17", "person": "anna", "date": "2019-03-04", "type": "coaching",
         "minutes": 30, "title": "Oud logboek, regel 17"},
        {"id": "logboek 2019/18", "person": "anna", "date": "2019-03-05", "type": "reading",
         "minutes": 45, "title": "Oud logboek, regel 18"},
        {"id": "HR#2020:ä", "person": "anna", "date": "2020-01-06", "category": "werk",
         "minutes": 60, "title": "Oud logboek, regel 19"},
    ]  # fmt: skip
    source = isolated / "oud.jsonl"
    source.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    result = run("import", str(source))
    assert result.exit_code == 0, result.stderr
    result = run("export", "activities", "--format", "xapi")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    invalid = []
    for line in lines:
        data = json.loads(line)
        try:
            valid(data)
        except ValueError:
            invalid.append(data["object"]["id"])
    assert invalid == [], "object.id must be an IRI; these are not"
