"""Structured reflections: the SKJ and STARR templates, their parts, and the text they make.

A structured reflection is kept beside its activity (table reflections) with the plain text it
made, which becomes the activity's reflection: one block a part, "Label: text", blocks apart
by a blank line. The parts are current while the activity's reflection is still that text; a
later plain edit of the reflection leaves them stale (kept, not shown).
"""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from leerlog.domain.errors import InvalidValue
from leerlog.domain.words import by_closeness, nearest, plain
from leerlog.i18n import N_, _

if TYPE_CHECKING:
    from leerlog.domain.models import Activity
    from leerlog.storage.store import Store


@dataclass(frozen=True)
class Part:
    """One part of a template: its KEY for --part, its LABEL as the register names it (the
    register's own word, never translated), and what it asks about (translated)."""

    key: str
    label: str
    meaning: str


TEMPLATES: dict[str, tuple[Part, ...]] = {
    "skj": (
        Part(
            "technisch-instrumenteel",
            "Technisch-instrumenteel",
            N_("methods, skills and knowledge: what you did and how well it worked"),
        ),
        Part("normatief", "Normatief", N_("values, norms, professional ethics")),
        Part(
            "persoonlijk",
            "Persoonlijk",
            N_("yourself: your feelings, your beliefs, how you came across"),
        ),
    ),
    "starr": (
        Part("situatie", "Situatie", N_("the situation: where, when, who was involved")),
        Part("taak", "Taak", N_("your task: what was expected of you")),
        Part("actie", "Actie", N_("what you did, and how")),
        Part("resultaat", "Resultaat", N_("the result: what came of it")),
        Part(
            "reflectie",
            "Reflectie",
            N_("looking back: what you learned, what you will do differently"),
        ),
    ),
}
TITLES = {"skj": "SKJ", "starr": "STARR"}


def template(name: str) -> str:
    """The template NAME stands for (any case); InvalidValue naming the nearest one."""
    key = plain(name)
    if key in TEMPLATES:
        return key
    close = nearest(name, TEMPLATES) or by_closeness(name, TEMPLATES)[0]
    raise InvalidValue(
        _("no template {name}; did you mean {nearest}?").format(name=repr(name), nearest=close),
        _("the templates are: {names}").format(names=", ".join(TEMPLATES)),
    )


def part_named(chosen: str, name: str) -> Part:
    """The part of template CHOSEN that NAME names (any case, with or without diacritics, or
    its label); InvalidValue naming the parts there are, the nearest first."""
    wanted = plain(name)
    for part in TEMPLATES[chosen]:
        if wanted in (part.key, plain(part.label)):
            return part
    keys = [part.key for part in TEMPLATES[chosen]]
    raise InvalidValue(
        _("{template} has no part {name}").format(template=TITLES[chosen], name=repr(name)),
        _("its parts are: {parts}").format(parts=", ".join(by_closeness(name, keys))),
    )


def part_problem(text: str) -> str | None:
    """What is wrong with the text of a part, in words; None when it can be kept."""
    if not text.strip():
        return _("is empty; write a sentence or more")
    for char in text:
        if char not in "\n\t" and unicodedata.category(char) == "Cc":
            return _(
                "contains U+{code:04X}, a control character; only line breaks and tabs may be in it"
            ).format(code=ord(char))
    return None


def check_part(part: Part, text: str) -> str:
    """TEXT as PART keeps it (line ends made plain, spaces around taken off); InvalidValue."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    problem = part_problem(text)
    if problem is not None:
        raise InvalidValue(
            _("{part}: {problem}").format(part=part.label, problem=problem),
            _("give it as --part {key}=TEXT").format(key=part.key),
        )
    return text


def given_parts(chosen: str, given: Sequence[str]) -> dict[str, str]:
    """The --part NAME=TEXT values, checked, by part key; a part given twice is refused."""
    parts: dict[str, str] = {}
    for value in given:
        name, sign, text = value.partition("=")
        if not sign:
            raise InvalidValue(
                _("--part {value}: write it as NAME=TEXT").format(value=repr(value)),
                _('for example --part {key}="..."').format(key=TEMPLATES[chosen][0].key),
            )
        part = part_named(chosen, name)
        if part.key in parts:
            raise InvalidValue(
                _("the part {name} is given twice").format(name=part.key),
                _("give each part once"),
            )
        parts[part.key] = check_part(part, text)
    return parts


def missing(chosen: str, parts: Mapping[str, str]) -> list[Part]:
    """The parts of template CHOSEN that PARTS does not hold yet, in the template's order."""
    return [part for part in TEMPLATES[chosen] if part.key not in parts]


def reflection_text(chosen: str, parts: Mapping[str, str]) -> str:
    """The plain reflection the parts make: "Label: text" a part, a blank line between (the
    parts PARTS holds, when it does not hold them all yet)."""
    return "\n\n".join(
        f"{part.label}: {parts[part.key]}" for part in TEMPLATES[chosen] if part.key in parts
    )


def check_length(chosen: str, parts: Mapping[str, str]) -> None:
    """InvalidValue when the parts given so far already make a reflection too long to keep
    (the rule itself is the record's: the whole reflection is checked as edit checks it)."""
    from leerlog.domain.text import MAX_REFLECTION, too_long

    problem = too_long(reflection_text(chosen, parts), MAX_REFLECTION)
    if problem is not None:
        raise InvalidValue(
            _("the reflection {problem}; write this part shorter").format(problem=problem)
        )


def _row(conn: sqlite3.Connection, activity_id: str) -> dict[str, Any] | None:
    row = conn.execute(
        "SELECT template, parts, reflection FROM reflections WHERE activity_id = ?",
        (activity_id,),
    ).fetchone()
    if row is None:
        return None
    return {"template": row[0], "parts": json.loads(row[1]), "reflection": row[2]}


def current(conn: sqlite3.Connection, activity: Activity) -> dict[str, Any] | None:
    """ACTIVITY's structured reflection ({"template", "parts", "reflection"}) while it is
    still its reflection; None when it has none or a later edit made it stale."""
    row = _row(conn, activity.id)
    return row if row is not None and row["reflection"] == activity.reflection else None


def current_parts(store: Store, activity: Activity) -> dict[str, Any] | None:
    """current() read through STORE (None while there is no file)."""
    from leerlog.storage.db import broken

    try:
        return current(store.reader(), activity)
    except sqlite3.Error as error:
        raise broken(error, store.path) from None


def save(
    store: Store,
    before: Activity,
    after: Activity,
    chosen: str,
    parts: Mapping[str, str],
    actor: str,
) -> None:
    """AFTER (BEFORE with the parts' text as its reflection) and the parts, stored in one
    journaled change: one undo takes back both."""
    state = {"template": chosen, "parts": dict(parts), "reflection": after.reflection}
    with store.change(actor, "edit") as change:
        earlier = current(change.conn, before)
        change.update(before, after)
        change.conn.execute(
            "INSERT OR REPLACE INTO reflections (activity_id, template, parts, reflection)"
            " VALUES (?, ?, ?, ?)",
            (after.id, chosen, json.dumps(state["parts"], ensure_ascii=False), after.reflection),
        )
        change.side_change(after, {"reflection_parts": earlier}, {"reflection_parts": state})
