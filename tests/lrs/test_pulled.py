"""Reading another system's statement as an activity: durations, names, dates, what counts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from ralph_server import HOMEPAGE
from test_pull import ADL, lms

from leerlog.domain.categories import BUILTIN_TYPES
from leerlog.domain.errors import ConfigError
from leerlog.lrs.pull import since_parameter
from leerlog.lrs.pulled import Context, Course, Skip, Target, Void, mapping, minutes, read, title
from leerlog.lrs.xapi import statement, void_id, voiding

PLUS_ONE = dt.timezone(dt.timedelta(hours=1))
TODAY = dt.date(2026, 11, 27)


def context(raw: dict[str, str] | None = None) -> Context:
    return Context(
        HOMEPAGE,
        frozenset({"anna", "bram"}),
        mapping(raw or {}, BUILTIN_TYPES, Path("config.toml")),
        BUILTIN_TYPES,
        TODAY,
        "2026-11-27T10:00:00.000Z",
        PLUS_ONE,
    )


def course(**changes: Any) -> dict[str, Any]:
    made = lms("completed", "anna", "bhv", {"nl": "BHV"}, "2026-11-12T10:00:00Z", duration="PT1H")
    made.update(changes)
    return made


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PT1H30M", 90), ("PT45M", 45), ("PT0.5H", 30), ("PT1,5H", 90), ("P1DT2H", 1560),
        ("P1W", 10080), ("PT30S", 1), ("PT1M0.001S", 2), ("PT0S", 0), ("pt2h", 120),
        ("P1M", None), ("P1Y", None), ("P", None), ("PT", None), ("P1DT", None),
        ("30min", None), ("", None), (90, None), (None, None),
    ],
)  # fmt: skip
def test_durations_are_iso_8601_rounded_up_to_whole_minutes(text: Any, expected: int) -> None:
    assert minutes(text) == expected


def test_the_name_is_dutch_first_then_english_then_any_then_the_id() -> None:
    assert title({"name": {"en-US": "A", "nl-NL": "B", "nl": "C"}}, "id") == "C"
    assert title({"name": {"en-US": "A", "nl-NL": "B"}}, "id") == "B"
    assert title({"name": {"en-US": "A", "en": "E"}}, "id") == "E"
    assert title({"name": {"de": "Kurs", "fr": "Cours"}}, "id") == "Kurs"
    assert title({"name": {"nl": "  "}}, "urn:x") == "urn:x"
    assert title(None, "urn:x") == "urn:x"
    assert title({"name": {"nl": "Omgaan\n met\tagressie "}}, "id") == "Omgaan met agressie"
    long = title({"name": {"nl": "x" * 600}}, "id")
    assert len(long) == 500 and long.endswith("…")


def test_a_course_becomes_an_activity_dated_in_the_local_time_zone() -> None:
    late = course(timestamp="2026-11-12T23:30:00Z", result={"duration": "PT25H"})
    reading = read(late, context())
    assert isinstance(reading, Course) and reading.activity is not None
    activity = reading.activity
    assert (activity.person, activity.date, activity.category, activity.type) == (
        "anna",
        dt.date(2026, 11, 13),
        "formal",
        None,
    )
    assert (activity.minutes, activity.title, reading.capped) == (1440, "BHV", True)
    assert read(late, context()).activity_id == activity.id  # always the same activity


def test_a_cmi5_courses_completed_and_passed_are_one_activity() -> None:
    done = lms("completed", "anna", "x", None, "2026-11-12T10:00:00Z", registration="r1")
    passed = lms("passed", "anna", "x", None, "2026-11-12T10:01:00Z", registration="r1")
    other = lms("passed", "anna", "x", None, "2026-11-12T10:01:00Z", registration="r2")
    first, second, third = (read(s, context()) for s in (done, passed, other))
    assert isinstance(first, Course) and isinstance(second, Course) and isinstance(third, Course)
    assert first.activity_id == second.activity_id != third.activity_id
    assert (first.activity, first.reason) == (None, "duration")
    failed = lms("failed", "anna", "x", None, "2026-11-12T10:00:00Z", registration="r1")
    assert read(failed, context()) == Skip("cmi5", failed["id"])


def test_what_is_not_a_course_of_a_person_in_the_file_is_skipped() -> None:
    ctx = context()
    record = {
        "id": "a1", "person": "anna", "date": "2026-11-02", "category": "formal", "type": None,
        "minutes": 60, "title": "Eigen", "updated_at": "2026-11-02T10:00:00.000Z",
    }  # fmt: skip
    own = statement(record, HOMEPAGE)
    assert read(own, ctx) == Skip("own", own["id"])
    own_void = voiding(own["id"], "anna", HOMEPAGE, "2026-11-03T10:00:00Z")
    assert own_void["id"] == void_id(own["id"]) and read(own_void, ctx).reason == "own"
    other_void = {**own_void, "id": "00000000-0000-4000-8000-000000000002"}
    assert read(other_void, ctx) == Void(other_void["id"], own["id"])
    assert read({**own_void, "id": "v2"}, ctx) == Skip("malformed")  # an id must be a UUID
    group = course(actor={"objectType": "Group", "member": []})
    cases = {
        "person": [
            course(actor={"objectType": "Agent", "mbox": "mailto:anna@example.nl"}),
            lms("completed", "anna", "x", None, "2026-11-12T10:00:00Z", homepage="https://x"),
            lms("completed", "zoe", "x", None, "2026-11-12T10:00:00Z"),
            group,
        ],
        "verb": [lms("experienced", "anna", "x", None, "2026-11-12T10:00:00Z")],
        "malformed": [course(verb={"display": {}}), course(object="x")],
    }
    for reason, statements in cases.items():
        assert [read(s, ctx).reason for s in statements] == [reason] * len(statements)  # type: ignore[union-attr]
    assert read("not a statement", ctx) == Skip("malformed")


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"result": {}}, "duration"),
        ({"result": {"duration": "PT0M"}}, "duration"),
        ({"result": {"duration": "1 uur"}}, "unreadable-duration"),
        ({"timestamp": "yesterday"}, "timestamp"),
        ({"timestamp": "2026-12-01T10:00:00Z"}, "date"),
        ({"object": {"id": "urn:x", "definition": {"name": {"nl": "\x1b\x7f"}}}}, "title"),
    ],
)
def test_a_course_without_a_usable_duration_date_or_title_makes_none(
    changes: dict[str, Any], reason: str
) -> None:
    reading = read(course(**changes), context())
    assert isinstance(reading, Course) and (reading.activity, reading.reason) == (None, reason)


def test_control_characters_leave_a_title_and_a_lone_surrogate_becomes_a_mark() -> None:
    definition = {"name": {"nl": "a\x1b[1mb\ud800"}}
    reading = read(course(object={"id": "urn:x", "definition": definition}), context())
    assert isinstance(reading, Course) and reading.activity is not None
    assert reading.activity.title == "a[1mb\ufffd"


def test_without_a_timestamp_the_stored_time_dates_it() -> None:
    stored = course(stored="2026-11-20T12:00:00+00:00")
    del stored["timestamp"]
    reading = read(stored, context())
    assert isinstance(reading, Course) and reading.activity is not None
    assert reading.activity.date == dt.date(2026, 11, 20)


def test_an_activity_type_in_the_mapping_wins_over_the_verb() -> None:
    webinar = "http://id.tincanapi.com/activitytype/webinar"
    ctx = context({f"{ADL}attended": "sociaal", webinar: "e-learning", f"{ADL}read": "coaching"})
    assert ctx.mapping.targets == {
        f"{ADL}attended": Target("social"),
        webinar: Target("formal", "e-learning"),
        f"{ADL}read": Target("social", "coaching"),  # a type wins over a category alias
    }
    attended = lms("attended", "anna", "x", {"nl": "W"}, "2026-11-12T10:00:00Z", duration="PT1H")
    typed = {**attended, "object": {**attended["object"], "definition": {"type": webinar}}}
    kinds = [read(s, ctx).activity for s in (attended, typed)]  # type: ignore[union-attr]
    assert [(a.category, a.type) for a in kinds] == [("social", None), ("formal", "e-learning")]


def test_a_mapping_to_nothing_known_names_its_key() -> None:
    with pytest.raises(ConfigError) as refused:
        context({f"{ADL}attended": "sociall"})
    assert f"lrs.map '{ADL}attended'" in refused.value.message
    assert "did you mean 'social'?" in refused.value.message


def test_since_is_the_start_of_the_day_in_utc_as_the_lrs_takes_it_exclusive() -> None:
    assert since_parameter(dt.date(2026, 11, 20)) == "2026-11-19T23:59:59.999Z"
