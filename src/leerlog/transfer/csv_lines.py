"""The activities CSV's lines, composed by SQLite and finished by Python a batch at a time.

SQLite writes each row as one text: its cells joined by CELL, the tags joined by commas and,
when there are several, between TAGS marks (JSON arrays as leerlog stores them: strings
without escapes, separated by ', '). Most batches of such lines need nothing but the marks
replaced: no cell holds a double quote, CR, LF or the delimiter, or starts like a formula
(see csv_dialect.cell()). Python checks that on the batch's text as a whole, which is quick;
any other batch is written line by line, each cell as csv_dialect.cell() and csv.writer make
it. A row whose text holds a mark itself, or whose tags are stored in another form, comes
back as FALLBACK and the row as a JSON array, for the general writer (which fails on tags
that are not JSON, as it always did).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from leerlog.transfer.csv_dialect import neutralise

# The columns of the activities CSV, as stored (see writers.ACTIVITY_COLUMNS).
COLUMNS = (
    "id", "person", "date", "category", "type", "minutes", "title",
    "with", "tags", "reflection", "created_at", "updated_at", "session", "accreditation",
)  # fmt: skip
CELL = "\x1f"  # between cells
TAGS = "\x1e"  # around a tags cell with several tags
# No line SQLite composes starts with a TAGS mark: an id holding one comes back as FALLBACK.
FALLBACK = TAGS
# Text columns the models do not keep control characters out of: checked for the marks.
_UNCHECKED = ("id", "type", "with", "reflection", "created_at", "updated_at", "session")
_RISKY = ("=", "+", "-", "@", "\t", "'")  # after an apostrophe neutralise() looks further
_JOINED = "replace(substr(tags, 3, length(tags) - 4), '\", \"', ',')"
# Tags as leerlog stores them: a JSON array of strings without escapes, separated by ', '.
_AS_STORED = (
    f"tags = '[]' OR instr(tags, '\\') = 0 AND json_valid(tags)"
    f" AND '[\"' || replace({_JOINED}, ',', '\", \"') || '\"]' = tags"
)
_TAG_CELL = (
    f"CASE WHEN tags = '[]' THEN '' WHEN instr({_JOINED}, ',')"
    f" THEN '{TAGS}' || {_JOINED} || '{TAGS}' ELSE {_JOINED} END"
)


def line_sql() -> str:
    """One SQL expression over a row of activities: its line, or FALLBACK and the row."""
    cells = [_TAG_CELL if column == "tags" else f'"{column}"' for column in COLUMNS]
    line = f"printf('{CELL.join(['%s'] * len(COLUMNS))}', {', '.join(cells)})"
    marked = " OR ".join(f"instr(\"{c}\", '{mark}')" for c in _UNCHECKED for mark in (CELL, TAGS))
    unusual = f"NOT ({_AS_STORED}) OR {marked}"
    raw = ", ".join(f'"{column}"' for column in COLUMNS)
    return (
        f"coalesce(CASE WHEN {unusual} THEN NULL ELSE {line} END,"
        f" '{FALLBACK}' || json_array({raw}))"
    )


def finished(batch: Sequence[str], excel: bool) -> str | None:
    """The CSV text of a batch of lines (each with its line ending), if it needs nothing but
    the marks replaced; None otherwise."""
    separator, end = (";", "\r\n") if excel else (",", "\n")
    text = "\n".join(batch)
    if '"' in text or "\r" in text or text.count("\n") != len(batch) - 1:
        return None
    if text.startswith((*_RISKY, FALLBACK)) or f"\n{FALLBACK}" in text:
        return None
    for char in _RISKY:
        if char in text and any(f"{before}{char}" in text for before in (CELL, TAGS, "\n")):
            return None
    if excel:
        if separator in text:
            return None
        text = text.replace(TAGS, "").replace("\n", end)
    else:
        outside = "".join(text.split(TAGS)[0::2]) if TAGS in text else text
        if separator in outside:
            return None
        text = text.replace(TAGS, '"')
    return text.replace(CELL, separator) + end


def write_each(batch: Sequence[str], writerow: Callable[[list[str]], Any], general: Any) -> None:
    """Write a batch line by line: FALLBACK rows by GENERAL (a row as a list), the others
    cell by cell through WRITEROW."""
    for line in batch:
        if line.startswith(FALLBACK):
            general(json.loads(line[len(FALLBACK) :]))
            continue
        cells = line.split(CELL)
        cells[8] = cells[8].strip(TAGS)
        writerow([neutralise(cell) for cell in cells])
