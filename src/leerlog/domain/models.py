"""The records leerlog keeps: what a person types (ActivityInput) and what is stored (Activity)."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_core import PydanticCustomError

from leerlog.domain.categories import (
    ActivityType,
    check_type,
    parse_category,
    type_hint,
    type_key_for,
)
from leerlog.domain.errors import InvalidValue
from leerlog.domain.parsing import parse_date, parse_minutes
from leerlog.domain.text import MAX_REFLECTION, MAX_WITH, name_problem, title_problem, too_long
from leerlog.i18n import N_, _

MIN_MINUTES, MAX_MINUTES = 1, 1440
MAX_TITLE = 500


def field_hint(field: str) -> str | None:
    """What to do next when a value of FIELD is refused, in the chosen language; None if unknown."""
    if field == "minutes":
        return _("give the net learning time: 45, 45m, 1h30, 1u30, 1:30, 1.5h or 2u (at most 24h)")
    if field == "date":
        return _(
            "use YYYY-MM-DD, D-M-YYYY, today/vandaag, yesterday/gisteren, a weekday such as"
            " maandag, or -3d/-2w; at most one day ahead"
        )
    if field == "title":
        return _("describe the activity in 1 to 500 characters")
    if field == "person":
        return _("give a name with --person or LEERLOG_PERSON")
    if field == "category":
        return _(
            "use experiential/social/formal, 70/20/10 or an alias such as werk or sociaal; "
            "a type fixes its category ('leerlog types')"
        )
    if field == "type":
        return type_hint()
    if field == "tags":
        return _("tags are short words without commas, e.g. -t schuldhulp -t gesprekstechniek")
    if field == "with":
        return _("name the coach, colleague or organiser in at most 200 characters")
    if field == "reflection":
        return _("keep the reflection to at most 20,000 characters")
    if field == "accreditation":
        return _(
            "give the accreditation id the register gave the activity, in at most 100 characters"
        )
    return None


def _custom(message: str) -> PydanticCustomError:
    return PydanticCustomError("leerlog", message)


def _context(info: Any, key: str) -> Any:
    if not info.context or key not in info.context:
        raise RuntimeError(f"validation needs {key!r} in its context")
    return info.context[key]


def clean_tags(value: Any) -> Any:
    """Tags from a CSV cell ("a,b") or a list: stripped, without empties and repeats, in order.

    Anything else than text or a list is left for pydantic to refuse. The import's fast path
    (leerlog.transfer.import_checks) calls this too, so both read tags the same way.
    """
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list | tuple):
        return value
    tags: list[str] = []
    for tag in value:
        if not isinstance(tag, str):
            raise _custom(_("tags must be text"))
        tag = tag.strip()
        if "," in tag:
            # The CSV keeps tags in one cell separated by commas; such a tag would split.
            raise _custom(_("a tag cannot contain a comma: {tag}").format(tag=repr(tag[:40])))
        if tag and tag not in tags:
            tags.append(tag)
    return tuple(tags)


def category_and_type(
    category: str | None, type_: str | None, types: dict[str, ActivityType]
) -> tuple[str | None, str | None]:
    """The canonical category (None when neither is given) and the type key; InvalidValue when
    one is unknown or they contradict each other. Shared with the import's fast path."""
    canonical = parse_category(category) if category is not None else None
    type_key = type_.strip().lower() if type_ is not None else None
    if type_key is not None:
        canonical = check_type(type_key, canonical, types)
        type_key = type_key_for(type_key, types)
    return canonical, type_key


class ActivityInput(BaseModel):
    """An activity as typed on the command line or read from an import row, checked by the rules.

    Validate with context {"today": date, "types": {key: ActivityType}}.
    """

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)

    person: str
    date: dt.date
    category: str | None = None
    type: str | None = None
    minutes: int
    title: str
    with_: str | None = Field(default=None, alias="with")
    tags: tuple[str, ...] = ()
    reflection: str | None = None
    accreditation: str | None = None

    @field_validator("person")
    @classmethod
    def _person(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise _custom(_("the person is empty"))
        problem = name_problem(value)
        if problem is not None:
            raise _custom(problem)
        return value

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, value: Any, info: Any) -> Any:
        today: dt.date = _context(info, "today")
        if not isinstance(value, str | dt.date):
            # Else pydantic reads a number as seconds since 1970: a JSON 0 would be 1970-01-01.
            raise _custom(
                _("a date is text such as 2026-11-27, not {value}").format(value=_shown(value))
            )
        if isinstance(value, str):
            try:
                value = parse_date(value, today)
            except InvalidValue as error:
                raise _custom(error.message) from None
        # A difference, not today + 1 day: that overflows on 9999-12-31.
        if isinstance(value, dt.date) and (value - today).days > 1:
            raise _custom(_("{date} is more than one day ahead").format(date=value.isoformat()))
        return value

    @field_validator("minutes", mode="before")
    @classmethod
    def _minutes(cls, value: Any) -> Any:
        if isinstance(value, str):
            try:
                value = parse_minutes(value)
            except InvalidValue as error:
                raise _custom(error.message) from None
        if isinstance(value, bool):
            raise _custom(_("not a duration: {value}").format(value=_shown(value)))
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # JSON may write 90 as 90.0
        if isinstance(value, int) and not MIN_MINUTES <= value <= MAX_MINUTES:
            raise _custom(
                _("minutes must be between {low} and {high}, got {value}").format(
                    low=MIN_MINUTES, high=MAX_MINUTES, value=value
                )
            )
        return value

    @field_validator("title")
    @classmethod
    def _title(cls, value: str) -> str:
        if not value.strip():
            raise _custom(_("the title is empty"))
        if len(value) > MAX_TITLE:
            raise _custom(
                _("the title has {length} characters; at most {limit} fit").format(
                    length=len(value), limit=MAX_TITLE
                )
            )
        problem = title_problem(value)
        if problem is not None:
            raise _custom(problem)
        return value

    @field_validator("accreditation", mode="before")
    @classmethod
    def _accreditation(cls, value: Any) -> Any:
        # An id a register gave the activity: one short line, blank means none.
        if not isinstance(value, str):
            return value
        value = value.strip()
        problem = name_problem(value) if value else None
        if problem is not None:
            raise _custom(problem)
        return value or None

    @field_validator("with_", "reflection", "category", "type", mode="before")
    @classmethod
    def _optional_text(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("type")
    @classmethod
    def _type(cls, value: str | None, info: Any) -> str | None:
        # Unknown: the type's own problem, told with the record's others (the check of type and
        # category together below runs only on a record whose fields all passed).
        if value is not None:
            try:
                check_type(value.strip().lower(), None, _context(info, "types"))
            except InvalidValue as error:
                raise _custom(error.message) from None
        return value

    @field_validator("with_", "reflection")
    @classmethod
    def _length(cls, value: str | None, info: Any) -> str | None:
        limit = MAX_WITH if info.field_name == "with_" else MAX_REFLECTION
        problem = None if value is None else too_long(value, limit)
        if value is not None and "\x00" in value:
            # SQLite's GLOB stops at it: the personal-data guard's index would not see past it.
            problem = _("contains U+0000 (a NUL character), which no text may hold; take it out")
        if problem is not None:
            raise _custom(problem)
        return value

    @field_validator("tags", mode="before")
    @classmethod
    def _tags(cls, value: Any) -> Any:
        return clean_tags(value)

    @model_validator(mode="after")
    def _category_and_type(self, info: Any) -> ActivityInput:
        types: dict[str, ActivityType] = _context(info, "types")
        try:
            category, type_key = category_and_type(self.category, self.type, types)
        except InvalidValue as error:
            raise _custom(error.message) from None
        if category is None:
            raise _custom(_("give a category or a type"))
        object.__setattr__(self, "category", category)
        object.__setattr__(self, "type", type_key)
        return self


class Activity(BaseModel):
    """An activity as stored; JSON output uses these field names (`with`, not `with_`)."""

    model_config = ConfigDict(populate_by_name=True, frozen=True)

    id: str
    person: str
    date: dt.date
    category: str
    type: str | None
    minutes: int
    title: str
    with_: str | None = Field(default=None, alias="with")
    tags: tuple[str, ...] = ()
    reflection: str | None = None
    created_at: str
    updated_at: str
    session: str | None = None  # the group session it was logged with (leerlog session add)
    accreditation: str | None = None

    def as_json(self) -> dict[str, Any]:
        """The record under the contract's field names, JSON-ready."""
        return self.model_dump(mode="json", by_alias=True)


def problems(error: ValidationError) -> list[tuple[str, str]]:
    """(field, reason) for every problem pydantic found, in the contract's field names."""
    found: list[tuple[str, str]] = []
    for item in error.errors(include_url=False):
        # The category/type check runs on the whole record; its loc is empty.
        field = ".".join(str(part) for part in item["loc"]) or "category"
        field = "with" if field == "with_" else field
        if field.startswith("tags."):
            field = "tags"
        found.append((field, reason(item)))
    return found


def _shown(value: Any) -> str:
    """VALUE as a file or a command line gave it: 'abc' quoted, a JSON value as JSON."""
    if isinstance(value, str):
        return repr(value)
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 40 else text[:39] + "…"


# What each kind of pydantic error says, with the value refused.
_SAID = {
    "missing": N_("missing"),
    "extra_forbidden": N_("not a field leerlog knows"),
    "string_type": N_("must be text, not {value}"),
    "bool_type": N_("must be true or false, not {value}"),
    "bool_parsing": N_("must be true or false, not {value}"),
    "list_type": N_("must be a list, not {value}"),
    "tuple_type": N_("must be a list, not {value}"),
    "int_type": N_("{value} is not a whole number"),
    "int_parsing": N_("{value} is not a whole number"),
    "int_from_float": N_("{value} is not a whole number"),
    "float_type": N_("{value} is not a number"),
    "float_parsing": N_("{value} is not a number"),
    "finite_number": N_("{value} is not a number"),
    "int_parsing_size": N_("{value} is too large a number"),
}


def reason(item: Any) -> str:
    """Why pydantic refused a value (one of its errors()), in the reader's language: its own
    words are English and name Python's types."""
    kind, context, given = item["type"], item.get("ctx") or {}, item.get("input")
    if kind in _SAID:
        return _(_SAID[kind]).format(value=_shown(given))
    # A number out of range, as it was typed: 0, not '0' (an option's value is text).
    value = given if isinstance(given, str) else _shown(given)
    if kind == "greater_than_equal":
        return _("must be at least {low}, not {value}").format(low=context["ge"], value=value)
    if kind == "less_than_equal":
        return _("must be at most {high}, not {value}").format(high=context["le"], value=value)
    return str(item["msg"]).removeprefix("Value error, ")  # leerlog's own, translated already


def validate_input(
    data: dict[str, Any], today: dt.date, types: dict[str, ActivityType]
) -> ActivityInput:
    """An ActivityInput, or InvalidValue naming the first problem and what to do about it."""
    try:
        return ActivityInput.model_validate(data, context={"today": today, "types": types})
    except ValidationError as error:
        field, reason = problems(error)[0]
        raise InvalidValue(_named(field, reason), field_hint(field)) from None


def _named(field: str, reason: str) -> str:
    """REASON with its field's name in front, unless it names the field already ('not a date')."""
    name = field_name(field)
    if re.search(rf"\b(?:{re.escape(name)}|{re.escape(field)})\b", reason):
        return reason
    return f"{name}: {reason}"


def check_value(field: str, value: str, today: dt.date, types: dict[str, ActivityType]) -> None:
    """InvalidValue when VALUE can never be an activity's FIELD, whatever the other fields hold.

    A prompt checks each answer this way, so a typo is asked again before the next question.
    """
    data: dict[str, Any] = {
        "person": "-", "date": today, "category": "formal", "minutes": 1, "title": "-",
    }  # fmt: skip
    data[field] = value
    try:
        ActivityInput.model_validate(data, context={"today": today, "types": types})
    except ValidationError as error:
        for name, reason in problems(error):
            if name == field:
                raise InvalidValue(reason, field_hint(field)) from None


# The record's fields as people read them; the keys stay the contract's field names.
_FIELD_NAMES = {
    "person": N_("person"),
    "date": N_("date"),
    "category": N_("category"),
    "type": N_("type"),
    "minutes": N_("minutes"),
    "title": N_("title"),
    "with": N_("with"),
    "tags": N_("tags"),
    "reflection": N_("reflection"),
    "team": N_("team"),
    "session": N_("session"),
    "accreditation": N_("accreditation"),
}


def field_name(field: str) -> str:
    """A field's name in the reader's language (import problems and errors name fields)."""
    return _(_FIELD_NAMES[field]) if field in _FIELD_NAMES else field
