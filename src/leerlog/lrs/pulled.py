"""Statements of other systems read as activities: which ones count, and what each becomes."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
import uuid
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from leerlog.domain.categories import ActivityType, resolve_what
from leerlog.domain.errors import ConfigError, InvalidValue
from leerlog.domain.escapes import cell
from leerlog.domain.models import MAX_MINUTES, MAX_TITLE, Activity, ActivityInput, problems
from leerlog.i18n import N_, _
from leerlog.lrs.xapi import NAMESPACE, void_id

_ADL = "http://adlnet.gov/expapi/verbs/"
COURSE_VERBS = frozenset(_ADL + verb for verb in ("completed", "passed", "attended"))
CMI5_VERBS = frozenset(_ADL + verb for verb in ("completed", "passed"))
CMI5 = "https://w3id.org/xapi/cmi5/context/categories/cmi5"
VOIDED = _ADL + "voided"
LANGUAGES = ("nl", "nl-NL", "en", "en-US")  # of an activity's name, the first one present

# Why a statement read is not (or no longer) an activity; stderr counts each reason once.
REASONS = {
    "own": N_("leerlog's own statements"),
    "person": N_("statements for someone who is not a person in the file"),
    "verb": N_("statements that are not completed, passed or attended, nor a verb in lrs.map"),
    "cmi5": N_("cmi5 statements other than completed or passed"),
    "duration": N_("statements without a duration (result.duration)"),
    "unreadable-duration": N_("statements whose duration is not ISO 8601 days, hours or minutes"),
    "timestamp": N_("statements without a readable timestamp"),
    "title": N_("statements whose activity name cannot be a title"),
    "date": N_("statements dated more than a day ahead"),
    "rules": N_("statements that break leerlog's rules for an activity"),
    "voided": N_("statements voided upstream before they were pulled"),
    "void-unknown": N_("voids of statements that were never pulled"),
    "void-gone": N_("voids of activities deleted here already"),
    "void-shared": N_("voids of one statement of a cmi5 course whose other statement keeps it"),
    "malformed": N_("items that are not statements leerlog can read"),
}


@dataclass(frozen=True)
class Target:
    """What a mapping makes of a statement: a category, and a catalogue type or none."""

    category: str
    type: str | None = None


@dataclass(frozen=True)
class Mapping:
    """[lrs.map]: a verb or an activity type to a category or a catalogue type."""

    targets: dict[str, Target] = field(default_factory=dict)

    def target(self, verb: str, activity_type: str | None) -> Target:
        """An activity type's mapping wins over the verb's; without either, formal."""
        if activity_type is not None and activity_type in self.targets:
            return self.targets[activity_type]
        return self.targets.get(verb, Target("formal"))


def mapping(raw: dict[str, str], types: dict[str, ActivityType], path: Path) -> Mapping:
    """The config file's [lrs.map], each value read as `leerlog add` reads a category or type."""
    targets: dict[str, Target] = {}
    for key, value in raw.items():
        try:
            category, type_key = resolve_what(value, types)
        except InvalidValue as error:
            raise ConfigError(
                _("lrs.map {key} in {path}: {problem}").format(
                    key=cell(repr(key)), path=path, problem=error.message
                ),
                _(
                    "map it to a category (experiential, social, formal, werk, sociaal, "
                    "formeel, ...) or a type from 'leerlog types'"
                ),
            ) from None
        targets[key] = Target(category, type_key)
    return Mapping(targets)


@dataclass(frozen=True)
class Context:
    """What reading a statement needs to know about the file and the run."""

    homepage: str
    people: frozenset[str]
    mapping: Mapping
    types: dict[str, ActivityType]
    today: dt.date
    stamp: str  # created_at and updated_at of the activities made
    zone: dt.tzinfo | None = None  # the local time zone when None


@dataclass(frozen=True)
class Skip:
    reason: str  # a key of REASONS
    statement_id: str | None = None


@dataclass(frozen=True)
class Void:
    statement_id: str
    target: str


@dataclass(frozen=True)
class Course:
    """A statement that counts: its activity, or why it makes none (a cmi5 statement without a
    duration still joins its course's activity, if another statement made one)."""

    statement_id: str
    person: str
    activity_id: str
    activity: Activity | None
    reason: str | None = None
    capped: bool = False


Reading = Skip | Void | Course

_DURATION = re.compile(
    r"P(?:(?P<w>\d+(?:[.,]\d+)?)W)?(?:(?P<d>\d+(?:[.,]\d+)?)D)?"
    r"(?:T(?:(?P<h>\d+(?:[.,]\d+)?)H)?(?:(?P<m>\d+(?:[.,]\d+)?)M)?(?:(?P<s>\d+(?:[.,]\d+)?)S)?)?",
    re.ASCII,
)
_SECONDS = {"w": 604800, "d": 86400, "h": 3600, "m": 60, "s": 1}


def minutes(text: Any) -> int | None:
    """Whole minutes, rounded up, of an ISO 8601 duration such as PT1H30M, PT0.5H or P1DT2H;
    None when it is not one (years and months have no fixed length)."""
    if not isinstance(text, str):
        return None
    match = _DURATION.fullmatch(text.strip().upper())
    if match is None or text.strip().upper() in ("P", "PT") or text.strip().endswith("T"):
        return None
    try:
        seconds = sum(
            Decimal(value.replace(",", ".")) * _SECONDS[unit]
            for unit, value in match.groupdict().items()
            if value is not None
        )
    except InvalidOperation:
        return None
    return math.ceil(seconds / 60)


def title(definition: Any, fallback: str) -> str:
    """The activity's name in Dutch, else English, else any language, else FALLBACK (its id):
    on one line, at most MAX_TITLE characters."""
    names = definition.get("name") if isinstance(definition, dict) else None
    names = (
        {k: v for k, v in names.items() if isinstance(v, str) and v.strip()}
        if isinstance(names, dict)
        else {}
    )
    by_language = {str(k).split("-")[0].lower(): v for k, v in reversed(names.items())}
    chosen = next((names[lang] for lang in LANGUAGES if lang in names), None) or next(
        (by_language[lang] for lang in ("nl", "en") if lang in by_language), None
    )
    text = _visible(" ".join((chosen or next(iter(names.values()), fallback)).split()))
    return text if len(text) <= MAX_TITLE else text[: MAX_TITLE - 1].rstrip() + "…"


def _visible(text: str) -> str:
    """TEXT without control characters (ESC, DEL, C1) and with a lone surrogate, which no UTF-8
    file can hold, as U+FFFD: another system's name for a course is kept, not refused."""
    if text.isprintable():
        return text
    return "".join(
        "\ufffd" if unicodedata.category(c) == "Cs" else c
        for c in text
        if unicodedata.category(c) != "Cc"
    )


def moment(statement: dict[str, Any]) -> dt.datetime | None:
    """The statement's timestamp (else the LRS's stored time); one without an offset is UTC."""
    for key in ("timestamp", "stored"):
        value = statement.get(key)
        if isinstance(value, str):
            try:
                when = dt.datetime.fromisoformat(value.strip())
                when = when if when.tzinfo else when.replace(tzinfo=dt.UTC)
                when.astimezone(dt.UTC)  # a moment near year 1 or 9999 may not move: unusable
            except (ValueError, OverflowError):
                continue
            return when
    return None


def _day(when: dt.datetime, zone: dt.tzinfo | None) -> dt.date | None:
    """The moment's date in the local time zone (None at the edge of what dates can hold)."""
    try:
        return when.astimezone(zone).date()
    except (OverflowError, ValueError):
        return None


def activity_id(key: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"pull\n{key}"))


def _text(value: Any) -> str | None:
    return _visible(value) if isinstance(value, str) and value else None


def _uuid(value: Any) -> str | None:
    """A statement id as the LRS must give it, a UUID; anything else is not read."""
    try:
        return str(uuid.UUID(value)) if isinstance(value, str) else None
    except ValueError:
        return None


def _own(statement: dict[str, Any], object_id: str | None) -> bool:
    context = statement.get("context")
    platform = context.get("platform") if isinstance(context, dict) else None
    return platform == "leerlog" or (object_id or "").startswith("urn:leerlog:")


def _person(statement: dict[str, Any], ctx: Context) -> str | None:
    actor = statement.get("actor")
    if not isinstance(actor, dict) or actor.get("objectType", "Agent") != "Agent":
        return None
    account = actor.get("account")
    if not isinstance(account, dict) or account.get("homePage") != ctx.homepage:
        return None
    name = account.get("name")
    return name if isinstance(name, str) and name in ctx.people else None


def _cmi5(context: Any) -> bool:
    activities = context.get("contextActivities") if isinstance(context, dict) else None
    found = activities.get("category") if isinstance(activities, dict) else None
    found = [found] if isinstance(found, dict) else found
    return isinstance(found, list) and any(
        isinstance(item, dict) and item.get("id") == CMI5 for item in found
    )


def read(statement: Any, ctx: Context) -> Reading:
    """What one statement of the LRS is to leerlog."""
    sid = _uuid(statement.get("id")) if isinstance(statement, dict) else None
    if sid is None:
        return Skip("malformed")
    verb = statement.get("verb")
    verb_id = _text(verb.get("id")) if isinstance(verb, dict) else None
    target = statement.get("object")
    target = target if isinstance(target, dict) else {}
    object_id = _text(target.get("id"))
    if verb_id is None or object_id is None:
        return Skip("malformed", sid)
    if verb_id == VOIDED and target.get("objectType") == "StatementRef":
        if _uuid(object_id) is None:
            return Skip("malformed", sid)
        return Skip("own", sid) if sid == void_id(object_id) else Void(sid, object_id)
    if _own(statement, object_id):
        return Skip("own", sid)
    person = _person(statement, ctx)
    if person is None:
        return Skip("person", sid)
    context = statement.get("context")
    cmi5 = _cmi5(context)
    if cmi5 and verb_id not in CMI5_VERBS:
        return Skip("cmi5", sid)
    if verb_id not in COURSE_VERBS and verb_id not in ctx.mapping.targets:
        return Skip("verb", sid)
    key = sid
    if cmi5:  # a course's completed and passed are one activity (cmi5 9.3.2, 9.3.3)
        registration = context.get("registration") if isinstance(context, dict) else None
        key = f"cmi5\n{ctx.homepage}\n{person}\n{object_id}\n{registration}"
    aid = activity_id(key)
    result = statement.get("result")
    duration = result.get("duration") if isinstance(result, dict) else None
    if duration is None:
        return Course(sid, person, aid, None, "duration")
    count = minutes(duration)
    if count is None:
        return Course(sid, person, aid, None, "unreadable-duration")
    if count == 0:
        return Course(sid, person, aid, None, "duration")
    when = moment(statement)
    if when is None or _day(when, ctx.zone) is None:
        return Course(sid, person, aid, None, "timestamp")
    definition = target.get("definition")
    kind = definition.get("type") if isinstance(definition, dict) else None
    mapped = ctx.mapping.target(verb_id, kind if isinstance(kind, str) else None)
    data = {
        "person": person,
        "date": _day(when, ctx.zone),
        "category": mapped.category,
        "type": mapped.type,
        "minutes": min(count, MAX_MINUTES),
        "title": title(definition, object_id),
    }
    try:
        entry = ActivityInput.model_validate(data, context={"today": ctx.today, "types": ctx.types})
    except ValidationError as error:
        field_name = problems(error)[0][0]
        reason = field_name if field_name in ("title", "date") else "rules"
        return Course(sid, person, aid, None, reason)
    activity = Activity(id=aid, created_at=ctx.stamp, updated_at=ctx.stamp, **entry.model_dump())
    return Course(sid, person, aid, activity, capped=count > MAX_MINUTES)
