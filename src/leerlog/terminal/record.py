"""`leerlog show`: every field of one activity, and its history from the journal, as text.

Fields come from the record as data (Activity.as_json()), in a fixed order with a label each; a
field this module has no label for is shown too, under its own name, so a field added to the
record later is never hidden. Long texts are wrapped to the terminal and never cut.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len

from leerlog.domain.categories import category_name, label_for
from leerlog.domain.escapes import cell, lines
from leerlog.domain.parsing import format_minutes
from leerlog.i18n import N_, _, ngettext
from leerlog.terminal.tables import console

if TYPE_CHECKING:
    from leerlog.domain.categories import ActivityType
    from leerlog.registers.evidence import Evidence
    from leerlog.storage.journal import Entry

# The record's fields in the order people read them, each with its label; the timestamps last.
LABELS: dict[str, str] = {
    "id": N_("Id"),
    "person": N_("Person"),
    "date": N_("Date"),
    "category": N_("Category"),
    "type": N_("Type"),
    "minutes": N_("Time"),
    "title": N_("Title"),
    "with": N_("With"),
    "tags": N_("Tags"),
    "reflection": N_("Reflection"),
    "session": N_("Session"),
    "accreditation": N_("Accreditation"),
    "evidence": N_("Evidence"),
    "reflection_parts": N_("Reflection parts"),
    "created_at": N_("Created"),
    "updated_at": N_("Last changed"),
}
_LAST = ("created_at", "updated_at")
_ACTIONS = {
    "add": N_("added"),
    "edit": N_("changed"),
    "delete": N_("deleted"),
    "import": N_("imported"),
    "pull": N_("pulled from the LRS"),
    "rename": N_("renamed"),
}
INDENT = "  "
GAP = 2
MIN_VALUE_WIDTH = 20  # narrower than this, a value runs past a very narrow terminal instead


def _rank(key: str) -> tuple[int, int]:
    if key in _LAST:
        return (2, _LAST.index(key))
    if key in LABELS:
        return (0, list(LABELS).index(key))
    return (1, 0)  # the sort is stable: fields without a label keep the record's order


def ordered(keys: Iterable[str]) -> list[str]:
    """KEYS in reading order: the labelled fields, then any others, then the timestamps."""
    return sorted(keys, key=_rank)


def label(key: str) -> str:
    return _(LABELS[key]) if key in LABELS else cell(key)


def local_time(stamp: str) -> str:
    """A stored UTC timestamp in the reader's local time, to the minute; other text as it is."""
    try:
        moment = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    if moment.tzinfo is None:
        return stamp
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def value_text(key: str, value: Any, types: Mapping[str, ActivityType]) -> str:
    """VALUE of field KEY as people read it (not yet escaped)."""
    if value is None or value == "" or value == [] or value == ():
        return _("(none)")
    if key == "category" and isinstance(value, str):
        return category_name(value)
    if key == "type" and isinstance(value, str) and value in types:
        described = label_for(types[value])
        return value if described.casefold() == value.casefold() else f"{value}: {described}"
    if key == "minutes" and isinstance(value, int) and not isinstance(value, bool):
        words = ngettext("{minutes} minute", "{minutes} minutes", value).format(minutes=value)
        return words if value < 60 else f"{format_minutes(value)} ({words})"
    if key in _LAST and isinstance(value, str):
        return local_time(value)
    if isinstance(value, str):
        return value
    if isinstance(value, list | tuple) and all(isinstance(item, str) for item in value):
        return ", ".join(value)
    return json.dumps(value, ensure_ascii=False)


def wrap(text: str, width: int) -> list[str]:
    """TEXT in lines of at most WIDTH terminal cells, broken between words; its own line breaks
    stay, and a word wider than WIDTH is broken inside. Nothing is left out."""
    width = max(width, 1)
    result: list[str] = []
    for paragraph in text.expandtabs(4).split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if cell_len(candidate) <= width:
                line = candidate
                continue
            if line:
                result.append(line)
            line = ""
            while cell_len(word) > width:
                piece = _longest_prefix(word, width)
                result.append(piece)
                word = word[len(piece) :]
            line = word
        result.append(line.rstrip())
    return result


def _longest_prefix(word: str, width: int) -> str:
    taken = ""
    for char in word:
        if cell_len(taken + char) > width:
            break
        taken += char
    return taken or word[0]  # a character wider than WIDTH still goes, on a line of its own


def _rows(pairs: Sequence[tuple[str, str]], indent: str, width: int) -> list[str]:
    """Label and value side by side; a long value continues under itself."""
    column = max((cell_len(name) for name, _value in pairs), default=0) + GAP
    room = max(width - len(indent) - column, MIN_VALUE_WIDTH)
    out: list[str] = []
    for name, value in pairs:
        wrapped = wrap(lines(value), room)
        out.append(indent + name + " " * (column - cell_len(name)) + wrapped[0])
        out += [(indent + " " * column + rest).rstrip() for rest in wrapped[1:]]
    return [line.rstrip() for line in out]


def _change_text(
    key: str, old: Any, new: Any, types: Mapping[str, ActivityType], names: Mapping[str, str]
) -> str:
    """How one field of a journal entry changed; proof files by name, added (+) or removed (minus sign)."""
    if key == "evidence" and isinstance(old, list | None) and isinstance(new, list | None):
        before, after = old or [], new or []
        added = [f"+ {cell(names.get(item, item[:8]))}" for item in after if item not in before]
        gone = [f"\u2212 {cell(names.get(item, item[:8]))}" for item in before if item not in after]
        return ", ".join(added + gone) or _("(the same files)")
    if key == "reflection_parts":
        old, new = _template_name(old), _template_name(new)
    return _("{old} → {new}").format(
        old=value_text(key, old, types), new=value_text(key, new, types)
    )


def _template_name(parts: Any) -> Any:
    if not isinstance(parts, dict):
        return parts
    from leerlog.registers.reflection import TITLES

    return TITLES.get(str(parts.get("template")), str(parts.get("template")))


def _entry_lines(
    entries: Sequence[Entry],
    types: Mapping[str, ActivityType],
    width: int,
    names: Mapping[str, str],
) -> list[str]:
    """One change as its first entry's line (wrapped under itself in a narrow pane), with what
    every entry in ENTRIES changed."""
    entry = entries[0]
    action = _(_ACTIONS[entry.action]) if entry.action in _ACTIONS else cell(entry.action)
    head = f"{cell(local_time(entry.at))}  {cell(entry.actor)}  {action}"
    if entry.undone_at is not None:
        head += " " + _("(undone {when})").format(when=cell(local_time(entry.undone_at)))
    first, *more = wrap(head, max(width - len(INDENT), MIN_VALUE_WIDTH))
    if more:  # the rest of the text, not its pieces: a word broken inside stays one word
        rest = head[len(first) :].lstrip(" ")
        more = wrap(rest, max(width - len(INDENT * 3), MIN_VALUE_WIDTH))
    changes = [change for each in entries for change in each.changes()]
    changed = [
        (label(key), _change_text(key, old, new, types, names))
        for key, old, new in sorted(changes, key=lambda change: _rank(change[0]))
    ]
    more = [INDENT * 3 + line for line in more]
    return [INDENT + first.rstrip(), *more, *_rows(changed, INDENT * 3, width)]


def _changes(history: Sequence[Entry], changes: Sequence[str]) -> list[list[Entry]]:
    """The history's entries, those of one change (CHANGES names each entry's) together."""
    if len(changes) != len(history):  # written to in between: each entry on its own
        return [[entry] for entry in history]
    grouped: list[list[Entry]] = []
    for at, entry in enumerate(history):
        if at and changes[at] == changes[at - 1]:
            grouped[-1].append(entry)
        else:
            grouped.append([entry])
    return grouped


def _proof_lines(
    files: Sequence[Evidence], parts: Mapping[str, Any] | None, width: int
) -> list[str]:
    """The structured reflection's parts (while current) and the proof files, under headings."""
    result: list[str] = []
    if parts is not None:
        from leerlog.registers.reflection import TEMPLATES, TITLES

        chosen = str(parts["template"])
        rows = [
            (part.label, str(parts["parts"].get(part.key, "")))
            for part in TEMPLATES.get(chosen, ())
        ]
        result += ["", _("Reflection ({template})").format(template=TITLES.get(chosen, chosen))]
        result += _rows(rows, INDENT, width)
    if files:
        rows = [
            (
                f"{item.number}.",
                f"{cell(item.name)}  ({size_text(item.size)})  sha256 {item.sha256}",
            )
            for item in files
        ]
        result += ["", _("Evidence")]
        result += _rows(rows, INDENT, width)
    return result


def record_lines(
    record: Mapping[str, Any],
    history: Sequence[Entry],
    types: Mapping[str, ActivityType],
    width: int,
    files: Sequence[Evidence] = (),
    parts: Mapping[str, Any] | None = None,
    names: Mapping[str, str] | None = None,
    changes: Sequence[str] = (),
) -> list[str]:
    """What `leerlog show` prints, line by line, for WIDTH terminal cells; FILES are the proof
    files shown, PARTS the current structured reflection, NAMES every proof file's name by id,
    CHANGES the change each entry of HISTORY belongs to."""
    pairs = [(label(key), value_text(key, record[key], types)) for key in ordered(record)]
    if parts is not None:
        from leerlog.registers.reflection import TITLES

        chosen = str(parts["template"])
        pairs = [
            (
                name,
                _("in the parts of {template}, below").format(template=TITLES.get(chosen, chosen)),
            )
            if name == label("reflection")
            else (name, value)
            for name, value in pairs
        ]
    result = _rows(pairs, "", width)
    result += _proof_lines(files, parts, width)
    result += ["", _("History")]
    if not history:
        result.append(INDENT + _("(nothing in the journal)"))
    for entries in _changes(history, changes):
        result += _entry_lines(entries, types, width, names or {})
    return result


def print_record(
    record: Mapping[str, Any],
    history: Sequence[Entry],
    types: Mapping[str, ActivityType],
    files: Sequence[Evidence] = (),
    parts: Mapping[str, Any] | None = None,
    names: Mapping[str, str] | None = None,
    changes: Sequence[str] = (),
) -> None:
    out = console()
    shown = record_lines(record, history, types, out.width, files, parts, names, changes)
    out.file.write("".join(line + "\n" for line in shown))
    out.file.flush()


def size_text(size: int) -> str:
    """A file's size as people read it: bytes up to 1 KiB, then KiB or MiB with one decimal."""
    if size < 1024:
        return ngettext("{count} byte", "{count} bytes", size).format(count=size)
    unit, scaled = ("KiB", size / 1024) if size < 1024 * 1024 else ("MiB", size / 1024 / 1024)
    return f"{scaled:.1f} {unit}"


def evidence_table(files: Sequence[Evidence]) -> None:
    """An activity's proof files, one a line, numbered as 'evidence get' and 'remove' take them."""
    from rich.console import Console

    from leerlog.terminal.fit import Column, fitted_or_natural
    from leerlog.terminal.plain import print_grid

    if not files:
        Console(stderr=True, highlight=False).print(_("No proof files."), markup=False)
        return
    # At 60 columns the media type goes first, then the date added; the rest stays whole.
    columns = [
        Column(_("number"), "right"), Column(_("name"), kind="text", minimum=12, cut=1),
        Column(_("size"), "right"),
        Column(_("media type"), kind="text", minimum=10, cut=0, drop=1),
        Column(_("sha256")), Column(_("added"), drop=2),
    ]  # fmt: skip
    rows = [
        [str(item.number), cell(item.name), size_text(item.size), cell(item.media_type),
         item.sha256[:12], local_time(item.added_at)]
        for item in files
    ]  # fmt: skip
    out = console()
    print_grid(out, fitted_or_natural(columns, rows, out.width))
