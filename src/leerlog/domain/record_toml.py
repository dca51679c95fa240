"""An activity as a TOML text to change in an editor, and that text read back and checked.

The text is written by hand (a flat record needs no TOML writer) and read with tomllib. Its
fields are those a person may give `add` or `edit` (ActivityInput's), under the contract's
names; id and timestamps are comments, leerlog keeps them. What is read back is checked by the
same rules as `add`, and every problem is named, so the file can be shown again with all of
them at the top.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from leerlog.domain.categories import ActivityType
from leerlog.domain.escapes import cell
from leerlog.domain.models import ActivityInput, field_hint
from leerlog.domain.models import reason as said_by
from leerlog.domain.words import nearest
from leerlog.i18n import _

# The lines leerlog puts at the top of a file it shows again: replaced, not piled up, each time.
PROBLEM = "# ! "
_MULTILINE = ("reflection",)  # written as a block, so that more lines can simply be typed
_WHERE = re.compile(r"\(at line (\d+), column (\d+)\)")


class RecordProblems(Exception):
    """The text cannot be stored; PROBLEMS says why, one line each, in the reader's language."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = list(problems)


def editable() -> list[str]:
    """The fields of the text, in order: what a person may type for an activity."""
    return [info.alias or name for name, info in ActivityInput.model_fields.items()]


def _required() -> set[str]:
    return {
        info.alias or name
        for name, info in ActivityInput.model_fields.items()
        if info.is_required()
    }


def _escape(char: str, multiline: bool) -> str:
    if char == "\\":
        return "\\\\"
    if char == '"':
        return '\\"'
    if char == "\n" and multiline:
        return "\n"
    if char == "\t":
        return "\t" if multiline else "\\t"
    if ord(char) < 0x20 or ord(char) == 0x7F:
        return f"\\u{ord(char):04x}"
    return char


def toml_string(text: str, multiline: bool = False) -> str:
    """TEXT as a TOML basic string that tomllib reads back exactly."""
    body = "".join(_escape(char, multiline) for char in text)
    # A multi-line string drops the line break right after its opening quotes: the text starts
    # on the next line, and ends right before the closing quotes (no line break is added).
    return f'"""\n{body}"""' if multiline else f'"{body}"'


def _toml_value(key: str, value: Any) -> str:
    if value is None:
        return toml_string("", key in _MULTILINE)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_string(str(item)) for item in value) + "]"
    return toml_string(str(value), key in _MULTILINE)


def record_text(record: Mapping[str, Any], header: Sequence[str]) -> str:
    """The editable fields of RECORD (JSON-ready, as Activity.as_json()) as TOML, under HEADER's
    lines as comments."""
    comments = [f"# {cell(line)}".rstrip() for line in header]
    fields = [f"{key} = {_toml_value(key, record.get(key))}" for key in editable()]
    return "\n".join([*comments, "", *fields]) + "\n"


def with_problems(text: str, problems: Sequence[str], intro: str) -> str:
    """TEXT again with INTRO and PROBLEMS at the top as comments; earlier ones are replaced."""
    kept = text.splitlines()
    while kept and kept[0].startswith(PROBLEM.rstrip()):
        kept.pop(0)
    block = [PROBLEM + cell(line) for line in (intro, *problems)]
    return "\n".join([*block, *kept]) + "\n"


def _where(error: tomllib.TOMLDecodeError) -> str:
    found = _WHERE.search(str(error))
    if found is None:
        return _("the file is not valid TOML (at its end: is a closing quote or bracket missing?)")
    return _("the file is not valid TOML at line {line}, column {column}").format(
        line=found.group(1), column=found.group(2)
    )


def _kind_problem(key: str, value: Any) -> str | None:
    """Why VALUE cannot be field KEY before the rules look at it: the wrong kind of TOML value."""
    if key == "minutes":
        if isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)):
            return None
        return _('minutes: write a whole number or a time in quotes, such as 45 or "1h30"')
    if key == "date":
        if isinstance(value, str) or (
            isinstance(value, dt.date) and not isinstance(value, dt.datetime)
        ):
            return None
        return _('date: write a date in quotes, such as "2026-11-20" or "gisteren"')
    if key == "tags":
        if isinstance(value, str) or (
            isinstance(value, list) and all(isinstance(item, str) for item in value)
        ):
            return None
        return _('tags: write a list of words in quotes, such as ["schuldhulp", "gesprek"]')
    if isinstance(value, str):
        return None
    return _('{field}: write text in double quotes, such as {field} = "..."').format(field=key)


def read_fields(text: str) -> dict[str, Any]:
    """The TOML of TEXT as it stands; {} when no field is left (an empty file, or only
    comments). RecordProblems when it is not TOML."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RecordProblems([_where(error)]) from None


def _usable(data: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The fields of DATA that the rules can read (dates as text), and why the others cannot
    be: unknown, missing, or the wrong kind of value."""
    known = editable()
    usable: dict[str, Any] = {}
    problems: list[str] = []
    for key, value in data.items():
        if key not in known:
            problem = _("unknown field {field}").format(field=repr(key))
            suggestion = nearest(key, known)
            if suggestion is not None:
                problem = _("{problem}; did you mean {suggestion}?").format(
                    problem=problem, suggestion=repr(suggestion)
                )
            problems.append(problem)
            continue
        kind = _kind_problem(key, value)
        if kind is not None:
            problems.append(kind)
            continue
        usable[key] = value.isoformat() if isinstance(value, dt.date) else value
    required = _required()
    problems += [
        _("{field} is missing; every activity needs one").format(field=key)
        for key in known
        if key in required and key not in data
    ]
    return usable, problems


def check_record(
    text: str,
    before: Mapping[str, Any],
    today: dt.date,
    types: dict[str, ActivityType],
) -> ActivityInput | None:
    """TEXT checked as `add` checks what is typed; None when no field is left (the person gave
    up). BEFORE is the record the text was made from: a type changed without its category
    brings its own category, as `edit --type` does. RecordProblems names every problem."""
    data = read_fields(text)
    if not data:
        return None
    fields, problems = _usable(data)
    new_type = fields.get("type")
    if (
        isinstance(new_type, str)
        and new_type.strip()
        and new_type != before.get("type")
        and fields.get("category") == before.get("category")
    ):
        fields["category"] = None
    try:
        entry = ActivityInput.model_validate(fields, context={"today": today, "types": types})
    except ValidationError as error:
        problems += [line for line in _explained(error) if line not in problems]
        raise RecordProblems(problems) from None
    if problems:
        raise RecordProblems(problems)
    return entry


def _explained(error: ValidationError) -> list[str]:
    found: list[str] = []
    for item in error.errors(include_url=False):
        if item["type"] == "missing":  # named already, in the reader's language
            continue
        loc = [str(part) for part in item["loc"]]
        # The check of category and type together runs on the whole record: its loc is empty.
        field = {"with_": "with"}.get(loc[0], loc[0]) if loc else None
        said = said_by(item)
        reason = said if field is None or field in said else f"{field}: {said}"
        hint = field_hint(field or "category")
        line = _("{problem} ({hint})").format(problem=reason, hint=hint) if hint else reason
        if line not in found:
            found.append(line)
    return found
