"""The records leerlog keeps: what a person types (ActivityInput) and what is stored (Activity)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_core import PydanticCustomError

from leerlog.categories import ActivityType, check_type, parse_category
from leerlog.errors import InvalidValue
from leerlog.parsing import parse_date, parse_minutes

MIN_MINUTES, MAX_MINUTES = 1, 1440
MAX_TITLE = 500

# What to do next, per field, when a value is refused.
FIELD_HINTS: dict[str, str] = {
    "minutes": "give the net learning time: 45, 45m, 1h30, 1u30, 1:30, 1.5h or 2u (at most 24h)",
    "date": "use YYYY-MM-DD, today/vandaag, yesterday/gisteren or -3d; at most one day ahead",
    "title": "describe the activity in 1 to 500 characters",
    "person": "give a name with --person or LEERLOG_PERSON",
    "category": "use experiential/social/formal, 70/20/10 or an alias such as werk or sociaal; "
    "a type fixes its category ('leerlog types')",
    "type": "run 'leerlog types' to see the catalogue",
    "tags": "tags are short words without commas, e.g. -t schuldhulp -t gesprekstechniek",
}


def _custom(message: str) -> PydanticCustomError:
    return PydanticCustomError("leerlog", message)


def _context(info: Any, key: str) -> Any:
    if not info.context or key not in info.context:
        raise RuntimeError(f"validation needs {key!r} in its context")
    return info.context[key]


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

    @field_validator("person")
    @classmethod
    def _person(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise _custom("the person is empty")
        return value

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, value: Any, info: Any) -> Any:
        today: dt.date = _context(info, "today")
        if isinstance(value, str):
            try:
                value = parse_date(value, today)
            except InvalidValue as error:
                raise _custom(error.message) from None
        if isinstance(value, dt.date) and value > today + dt.timedelta(days=1):
            raise _custom(f"{value.isoformat()} is more than one day ahead")
        return value

    @field_validator("minutes", mode="before")
    @classmethod
    def _minutes(cls, value: Any) -> Any:
        if isinstance(value, str):
            try:
                value = parse_minutes(value)
            except InvalidValue as error:
                raise _custom(error.message) from None
        is_number = isinstance(value, int) and not isinstance(value, bool)
        if is_number and not MIN_MINUTES <= value <= MAX_MINUTES:
            raise _custom(f"minutes must be between 1 and 1440, got {value}")
        return value

    @field_validator("title")
    @classmethod
    def _title(cls, value: str) -> str:
        if not value.strip():
            raise _custom("the title is empty")
        if len(value) > MAX_TITLE:
            raise _custom(f"the title has {len(value)} characters; at most {MAX_TITLE} fit")
        return value

    @field_validator("with_", "reflection", "category", "type", mode="before")
    @classmethod
    def _optional_text(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("tags", mode="before")
    @classmethod
    def _tags(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.split(",")
        if not isinstance(value, list | tuple):
            return value
        tags: list[str] = []
        for tag in value:
            if not isinstance(tag, str):
                raise _custom("tags must be text")
            tag = tag.strip()
            if "," in tag:
                # The CSV keeps tags in one cell separated by commas; such a tag would split.
                raise _custom(f"a tag cannot contain a comma: {tag[:40]!r}")
            if tag and tag not in tags:
                tags.append(tag)
        return tuple(tags)

    @model_validator(mode="after")
    def _category_and_type(self, info: Any) -> ActivityInput:
        types: dict[str, ActivityType] = _context(info, "types")
        try:
            category = parse_category(self.category) if self.category is not None else None
            type_key = self.type.strip().lower() if self.type is not None else None
            if type_key is not None:
                category = check_type(type_key, category, types)
        except InvalidValue as error:
            raise _custom(error.message) from None
        if category is None:
            raise _custom("give a category or a type")
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
        found.append((field, item["msg"]))
    return found


def validate_input(
    data: dict[str, Any], today: dt.date, types: dict[str, ActivityType]
) -> ActivityInput:
    """An ActivityInput, or InvalidValue naming the first problem and what to do about it."""
    try:
        return ActivityInput.model_validate(data, context={"today": today, "types": types})
    except ValidationError as error:
        field, reason = problems(error)[0]
        raise InvalidValue(
            reason if field in reason else f"{field}: {reason}",
            FIELD_HINTS.get(field),
        ) from None
