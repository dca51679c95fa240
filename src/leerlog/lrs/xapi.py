"""Activities as xAPI 1.0.3 statements: a pure mapping, the same record always giving the same statement.

Statements carry no `version` property: the LRS sets it (xAPI 1.0.3, Data 2.4.10).
"""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import quote

from leerlog.domain.categories import BUILTIN_TYPES

# Statement ids are UUIDv5 in this namespace (itself uuid5(NAMESPACE_URL, "urn:leerlog:xapi")).
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:leerlog:xapi")

_ADL = "http://adlnet.gov/expapi"
_TINCAN = "http://id.tincanapi.com/activitytype"
VERBS = {
    "attended": f"{_ADL}/verbs/attended",
    "experienced": f"{_ADL}/verbs/experienced",
    "completed": f"{_ADL}/verbs/completed",
    "read": "http://activitystrea.ms/read",
    "voided": f"{_ADL}/verbs/voided",
}
ACTIVITY_TYPES = {
    "meeting": f"{_ADL}/activities/meeting",
    "performance": f"{_ADL}/activities/performance",
    "course": f"{_ADL}/activities/course",
    "tutor-session": f"{_TINCAN}/tutor-session",
    "conference": f"{_TINCAN}/conference",
    "webinar": f"{_TINCAN}/webinar",
    "book": f"{_TINCAN}/book",
}
# (verb, activity type) per catalogue type; own types and bare categories use the default.
_BY_TYPE: dict[str, tuple[str, str]] = {
    "experiment": ("experienced", "performance"),
    "stretch-assignment": ("experienced", "performance"),
    "new-task": ("experienced", "performance"),
    "knowledge-sharing": ("experienced", "performance"),
    "self-reflection": ("experienced", "performance"),
    "coaching": ("attended", "tutor-session"),
    "feedback": ("attended", "tutor-session"),
    "intervisie": ("attended", "meeting"),
    "supervisie": ("attended", "tutor-session"),
    "werkbegeleiding": ("attended", "tutor-session"),
    "casuistiekoverleg": ("attended", "meeting"),
    "collegiale-consultatie": ("attended", "meeting"),
    "meelopen": ("experienced", "performance"),
    "teamgesprek": ("attended", "meeting"),
    "workshop": ("attended", "meeting"),
    "course": ("completed", "course"),
    "lecture": ("attended", "meeting"),
    "inspiratielab": ("attended", "meeting"),
    "e-learning": ("completed", "webinar"),
    "conference": ("attended", "conference"),
    "reading": ("read", "book"),
}
_BY_CATEGORY = {
    "experiential": ("experienced", "performance"),
    "social": ("attended", "meeting"),
    "formal": ("attended", "course"),
}
EXTENSION_TAGS = "urn:leerlog:extension:tags"
EXTENSION_WITH = "urn:leerlog:extension:with"
EXTENSION_TYPE = "urn:leerlog:extension:type"


def duration(minutes: int) -> str:
    """Canonical ISO 8601: PT1H30M, PT45M, PT2H; 1440 minutes is PT24H."""
    hours, rest = divmod(minutes, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{rest}M" if rest or not hours else "")


def statement_id(activity_id: str, version: str, generation: int = 0) -> str:
    """The id of the statement for one version of one activity; GENERATION > 0 for a version
    that is current again after its earlier statement was voided (see `statement`)."""
    key = version + (f"#{generation}" if generation else "")
    return str(uuid.uuid5(NAMESPACE, f"{activity_id}\n{key}"))


def void_id(old_statement_id: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"void\n{old_statement_id}"))


def registration(session: str) -> str:
    """A session's id as xAPI's registration, which must be a UUID: leerlog's own session ids
    are one; a session id imported from elsewhere gets a UUIDv5 of its own, always the same."""
    try:
        return str(uuid.UUID(session))
    except ValueError:
        return str(uuid.uuid5(NAMESPACE, f"session\n{session}"))


def actor(person: str, homepage: str) -> dict[str, Any]:
    """Pseudonymous: an account on the organisation's home page, no e-mail address."""
    return {"objectType": "Agent", "account": {"homePage": homepage, "name": person}}


def _verb(key: str) -> dict[str, Any]:
    return {"id": VERBS[key], "display": {"en-US": key}}


def statement(record: dict[str, Any], homepage: str, generation: int = 0) -> dict[str, Any]:
    """The statement for a JSON-ready activity record (the fields of `list --format json`).

    GENERATION > 0 gives a fresh id for a version whose earlier statement was voided (an
    activity brought back by undo carries its old updated_at).
    """
    type_key = record.get("type")
    verb, kind = _BY_TYPE.get(type_key or "", _BY_CATEGORY[record["category"]])
    definition: dict[str, Any] = {
        "name": {"nl": record["title"]},
        "type": ACTIVITY_TYPES[kind],
    }
    if type_key in BUILTIN_TYPES:
        definition["description"] = {"en": BUILTIN_TYPES[type_key].label}
    result: dict[str, Any] = {"duration": duration(record["minutes"])}
    if record.get("reflection"):
        result["response"] = record["reflection"]
    extensions: dict[str, Any] = {}
    if record.get("tags"):
        extensions[EXTENSION_TAGS] = list(record["tags"])
    if record.get("with"):
        extensions[EXTENSION_WITH] = record["with"]
    if type_key:
        extensions[EXTENSION_TYPE] = type_key
    context: dict[str, Any] = {
        "platform": "leerlog",
        "language": "nl",
        "contextActivities": {
            "category": [
                {
                    "objectType": "Activity",
                    "id": f"urn:leerlog:category:{record['category']}",
                    "definition": {"name": {"en": record["category"]}},
                }
            ]
        },
    }
    if extensions:
        context["extensions"] = extensions
    if record.get("session"):
        # Every participant's statement of one group session: the same registration, and the
        # leader (the record's `with`) as the instructor, pseudonymous like the actor.
        context["registration"] = registration(record["session"])
        if record.get("with"):
            context["instructor"] = actor(record["with"], homepage)
    return {
        "id": statement_id(record["id"], record["updated_at"], generation),
        "actor": actor(record["person"], homepage),
        "verb": _verb(verb),
        "object": {
            "objectType": "Activity",
            # Imported ids may hold any text; percent-encoding keeps the IRI valid (UUIDs unchanged).
            "id": f"urn:leerlog:activity:{quote(record['id'], safe='-._~')}",
            "definition": definition,
        },
        "result": result,
        "context": context,
        "timestamp": f"{record['date']}T00:00:00Z",
    }


def voiding(old_statement_id: str, person: str, homepage: str, timestamp: str) -> dict[str, Any]:
    """The statement that voids an earlier one (an activity edited or deleted)."""
    return {
        "id": void_id(old_statement_id),
        "actor": actor(person, homepage),
        "verb": _verb("voided"),
        "object": {"objectType": "StatementRef", "id": old_statement_id},
        "timestamp": timestamp,
    }
