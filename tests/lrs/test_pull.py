"""`leerlog pull` against a real Ralph LRS: an LMS's courses become activities, each once."""

from __future__ import annotations

import json
import uuid
from typing import TYPE_CHECKING, Any

from ralph_server import HOMEPAGE, VOIDED, RalphServer

if TYPE_CHECKING:
    from conftest import Leerlog

ADL = "http://adlnet.gov/expapi/verbs/"
CMI5 = "https://w3id.org/xapi/cmi5/context/categories/cmi5"
LMS = {"objectType": "Agent", "account": {"homePage": "https://lms.example.nl", "name": "lms"}}


def lms(
    verb: str,
    person: str,
    course: str,
    name: dict[str, str] | None,
    timestamp: str,
    *,
    duration: str | None = None,
    registration: str | None = None,
    activity_type: str | None = None,
    homepage: str = HOMEPAGE,
) -> dict[str, Any]:
    """A statement as an LMS sends it; with a REGISTRATION, a cmi5 one."""
    definition: dict[str, Any] = {}
    if name is not None:
        definition["name"] = name
    if activity_type is not None:
        definition["type"] = activity_type
    made: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "actor": {"objectType": "Agent", "account": {"homePage": homepage, "name": person}},
        "verb": {"id": ADL + verb, "display": {"en-US": verb}},
        "object": {
            "objectType": "Activity",
            "id": f"https://lms.example.nl/course/{course}",
            "definition": definition,
        },
        "timestamp": timestamp,
    }
    if duration is not None:
        made["result"] = {"duration": duration}
    if registration is not None:
        made["context"] = {
            "registration": registration,
            "contextActivities": {"category": [{"id": CMI5, "objectType": "Activity"}]},
        }
    return made


def void(target: str) -> dict[str, Any]:
    """The LMS voids one of its statements."""
    return {
        "id": str(uuid.uuid4()),
        "actor": LMS,
        "verb": {"id": VOIDED, "display": {"en-US": "voided"}},
        "object": {"objectType": "StatementRef", "id": target},
        "timestamp": "2026-11-26T12:00:00Z",
    }


def pull_summary(added: int, removed: int = 0, already: int = 0, skipped: int = 0) -> str:
    return f"added {added}, removed {removed}, already there {already}, skipped {skipped}"


def pulled(leerlog: Leerlog) -> list[dict[str, Any]]:
    """The activities in the file that a pull made, by date."""
    ids = {row[0] for row in leerlog.table("SELECT activity_id FROM lrs_pulled")}
    return sorted((r for r in leerlog.records() if r["id"] in ids), key=lambda r: r["date"])


def seed(leerlog: Leerlog, ralph: RalphServer) -> dict[str, dict[str, Any]]:
    """anna and bram in the file, one activity of anna's synced; the LMS's statements."""
    leerlog.add("coaching", "Gesprek met coach", "-m", "45", "-d", "2026-11-20")
    leerlog.add("reading", "Vakliteratuur", "-m", "30", "-d", "2026-11-21", "-p", "bram")
    assert leerlog.sync().stdout.splitlines() == ["sent 2, voided 0, already there 0, failed 0"]
    registration = str(uuid.uuid4())
    aggression = {"en-US": "Dealing with aggression", "nl-NL": "Omgaan met  agressie"}
    made = {
        "completed": lms(
            "completed", "anna", "agressie", aggression, "2026-11-03T14:00:00Z",
            duration="PT1H30M", registration=registration,
        ),
        "passed": lms(
            "passed", "anna", "agressie", aggression, "2026-11-03T14:01:00Z",
            registration=registration,
        ),
        "failed": lms(
            "failed", "anna", "agressie", aggression, "2026-11-02T14:00:00Z",
            duration="PT20M", registration=registration,
        ),
        "attended": lms(
            "attended", "bram", "privacy", {"en": "Privacy webinar"}, "2026-11-10T09:00:00+01:00",
            duration="PT0.5H",
        ),
        "voided-later": lms(
            "completed", "anna", "bhv", {"de": "BHV Auffrischung"}, "2026-11-12T10:00:00Z",
            duration="PT2H",
        ),
        "stranger": lms(
            "completed", "zoe", "agressie", aggression, "2026-11-04T10:00:00Z", duration="PT1H",
        ),
    }  # fmt: skip
    assert ralph.post(list(made.values())) == [s["id"] for s in made.values()]
    return made


def test_pull_stores_the_lms_courses_once_and_an_upstream_void_removes_one(
    leerlog: Leerlog, lrs_config: RalphServer
) -> None:
    ralph = lrs_config
    made = seed(leerlog, ralph)
    before = leerlog.file_bytes()
    held = ralph.stored()

    dry = leerlog.ok("pull", "--dry-run")
    assert leerlog.file_bytes() == before  # not even lrs_pulled
    assert dry.stdout.splitlines() == [
        f"add  {made['completed']['id']}  2026-11-03 anna: Omgaan met agressie",
        f"add  {made['attended']['id']}  2026-11-10 bram: Privacy webinar",
        f"add  {made['voided-later']['id']}  2026-11-12 anna: BHV Auffrischung",
    ]
    assert "3 changes would be made" in dry.stderr.splitlines()

    first = leerlog.ok("pull")
    # leerlog's own two statements, zoe's and the cmi5 failed are skipped; the cmi5 passed of
    # the same registration joins the completed's activity.
    assert first.stdout.splitlines() == [pull_summary(3, already=1, skipped=4)]
    assert first.stderr.splitlines() == [
        "skipped 1: cmi5 statements other than completed or passed",
        "skipped 2: leerlog's own statements",
        "skipped 1: statements for someone who is not a person in the file",
    ]
    records = pulled(leerlog)
    assert [
        (r["person"], r["date"], r["category"], r["type"], r["minutes"], r["title"])
        for r in records
    ] == [
        ("anna", "2026-11-03", "formal", None, 90, "Omgaan met agressie"),
        ("bram", "2026-11-10", "formal", None, 30, "Privacy webinar"),
        ("anna", "2026-11-12", "formal", None, 120, "BHV Auffrischung"),
    ]
    rows = dict(leerlog.table("SELECT statement_id, activity_id FROM lrs_pulled"))
    course = records[0]["id"]
    assert rows == {
        made["completed"]["id"]: course,
        made["passed"]["id"]: course,
        made["attended"]["id"]: records[1]["id"],
        made["voided-later"]["id"]: records[2]["id"],
    }
    assert len(leerlog.records()) == 5
    history = leerlog.ok("show", course[:8]).stdout
    assert "anna  pulled from the LRS" in history

    assert ralph.stored() == held
    settled = leerlog.file_bytes()
    again = leerlog.ok("pull")
    assert again.stdout.splitlines() == [pull_summary(0, already=4, skipped=4)]
    assert leerlog.file_bytes() == settled

    ralph.post([void(made["voided-later"]["id"])])
    dry = leerlog.ok("pull", "--dry-run")
    assert dry.stdout.splitlines() == [
        f"remove  {made['voided-later']['id']}  2026-11-12 anna: BHV Auffrischung"
    ]
    assert leerlog.file_bytes() == settled
    removed = leerlog.ok("pull")
    assert removed.stdout.splitlines() == [pull_summary(0, removed=1, already=4, skipped=4)]
    assert [r["title"] for r in pulled(leerlog)] == ["Omgaan met agressie", "Privacy webinar"]
    assert leerlog.table(
        "SELECT voided_at IS NOT NULL FROM lrs_pulled WHERE statement_id = ?",
        (made["voided-later"]["id"],),
    ) == [(1,)]
    assert leerlog.table("SELECT action, count(*) FROM journal GROUP BY action") == [
        ("add", 2),
        ("pull", 4),
    ]
    last = leerlog.ok("pull")
    assert last.stdout.splitlines() == [pull_summary(0, already=5, skipped=4)]
    # Every statement a pull read is only read: the LRS holds what sync and the LMS sent.
    now_held = ralph.stored()
    assert now_held[:-1] == held and now_held[-1]["object"]["id"] == made["voided-later"]["id"]


def test_what_was_pulled_never_comes_back_nor_goes_out_and_forget_clears_it(
    leerlog: Leerlog, lrs_config: RalphServer
) -> None:
    ralph = lrs_config
    made = seed(leerlog, ralph)
    leerlog.ok("pull")
    course, webinar, bhv = pulled(leerlog)
    stored = ralph.count()

    # Pulled activities are in the LRS already: a sync sends none of them, edited or not.
    leerlog.ok("edit", webinar["id"][:8], "--minutes", "40")
    assert leerlog.sync().stdout.splitlines() == ["sent 0, voided 0, already there 0, failed 0"]
    assert ralph.count() == stored
    # Nor does a hand-off file: its statements are those sync would send.
    exported = leerlog.ok("export", "activities", "--format", "xapi").stdout.splitlines()
    objects = {json.loads(line)["object"]["id"] for line in exported}
    assert not {f"urn:leerlog:activity:{r['id']}" for r in (course, webinar, bhv)} & objects

    # Deleted here, or its pull undone: never added again.
    leerlog.ok("delete", "--yes", bhv["id"][:8])
    again = leerlog.ok("pull")
    assert again.stdout.splitlines() == [pull_summary(0, already=4, skipped=4)]
    assert [r["id"] for r in pulled(leerlog)] == [course["id"], webinar["id"]]
    ralph.post(
        [lms("attended", "anna", "intervisie", {"nl": "Intervisie"}, "2026-11-24T10:00:00Z",
             duration="PT45M")]
    )  # fmt: skip
    assert leerlog.ok("pull").stdout.splitlines() == [pull_summary(1, already=4, skipped=4)]
    undone = leerlog.ok("undo")
    assert "undone (pulled)" in undone.stdout and "Intervisie" in undone.stdout
    assert leerlog.ok("pull").stdout.splitlines() == [pull_summary(0, already=5, skipped=4)]
    assert "Intervisie" not in [r["title"] for r in leerlog.records()]

    # A void of an activity deleted here already only marks it.
    ralph.post([void(made["voided-later"]["id"])])
    voided = leerlog.ok("pull")
    assert voided.stdout.splitlines() == [pull_summary(0, already=5, skipped=5)]
    assert "skipped 1: voids of activities deleted here already" in voided.stderr

    assert leerlog.table("SELECT count(*) FROM lrs_pulled WHERE person = 'anna'") == [(4,)]
    leerlog.ok("people", "forget", "anna", "--yes")
    assert leerlog.table("SELECT count(*) FROM lrs_pulled WHERE person = 'anna'") == [(0,)]
    assert leerlog.table("SELECT person FROM lrs_pulled WHERE person IS NOT NULL") == [("bram",)]


def test_since_a_date_and_a_void_read_before_its_statement(
    leerlog: Leerlog, lrs_config: RalphServer
) -> None:
    ralph = lrs_config
    made = seed(leerlog, ralph)
    late = lms("completed", "bram", "ehbo", {"nl": "EHBO"}, "2026-11-25T08:00:00Z", duration="PT3H")
    ralph.post([late, void(made["attended"]["id"])])

    # Ralph applies since to the timestamp: the late course and the void (2026-11-26) only.
    recent = leerlog.ok("pull", "--since", "2026-11-25")
    assert recent.stdout.splitlines() == [pull_summary(1, skipped=1)]
    assert "skipped 1: voids of statements that were never pulled" in recent.stderr
    assert [r["title"] for r in pulled(leerlog)] == ["EHBO"]

    # The voided webinar is read now, after its void: it is never added.
    everything = leerlog.ok("pull")
    assert everything.stdout.splitlines() == [pull_summary(2, already=4, skipped=4)]
    assert [r["title"] for r in pulled(leerlog)] == [
        "Omgaan met agressie",
        "BHV Auffrischung",
        "EHBO",
    ]


def test_the_mapping_gives_a_verb_a_category_and_an_activity_type_a_type(
    leerlog: Leerlog, lrs_config: RalphServer
) -> None:
    ralph = lrs_config
    leerlog.add("coaching", "Gesprek met coach", "-m", "45", "-d", "2026-11-20")
    config = leerlog.tmp_path / "config.toml"
    webinar = "http://id.tincanapi.com/activitytype/webinar"
    config.write_text(
        config.read_text()
        + f'\n[lrs.map]\n"{ADL}attended" = "sociaal"\n"{ADL}experienced" = "werk"\n'
        + f'"{webinar}" = "e-learning"\n'
    )
    ralph.post(
        [
            lms("attended", "anna", "intervisie", {"nl": "Intervisie"}, "2026-11-02T10:00:00Z",
                duration="PT90M"),
            lms("experienced", "anna", "meelopen", {"nl": "Meelopen"}, "2026-11-03T10:00:00Z",
                duration="PT4H"),
            lms("attended", "anna", "privacy", {"nl": "Webinar privacy"}, "2026-11-04T10:00:00Z",
                duration="PT1H", activity_type=webinar),
            lms("completed", "anna", "marathon", {"nl": "Marathoncursus"},
                "2026-11-05T10:00:00Z", duration="P1DT2H"),
        ]
    )  # fmt: skip
    done = leerlog.ok("pull")
    assert done.stdout.splitlines() == [pull_summary(4)]
    assert "1 activity was longer than 24 hours and holds 1440 minutes" in done.stderr
    assert [(r["category"], r["type"], r["minutes"]) for r in pulled(leerlog)] == [
        ("social", None, 90),
        ("experiential", None, 240),
        ("formal", "e-learning", 60),
        ("formal", None, 1440),
    ]
