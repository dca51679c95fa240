"""The CSV rules of every file leerlog writes: RFC 4180 or Dutch Excel, and the formula guard."""

from __future__ import annotations

import csv
from typing import Any, TextIO

# A spreadsheet runs a cell starting with one of these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _runs_as_formula(text: str) -> bool:
    # Apostrophes we (or a person) put in front count too, so that restore() undoes exactly
    # one neutralise(): "'=x" is written as "''=x" and read back as "'=x".
    return text.lstrip("'").startswith(_FORMULA_STARTS)


def neutralise(text: str) -> str:
    """Prefix a cell that a spreadsheet would run as a formula with ', so it stays text."""
    return "'" + text if _runs_as_formula(text) else text


def restore(text: str) -> str:
    """Undo neutralise(): drop one ' before a formula character (import reads our own CSV)."""
    return text[1:] if text.startswith("'") and _runs_as_formula(text[1:]) else text


class _LineFeed:
    """Lets csv quote cells holding a CR or LF (it only does so for its own line ending), then
    ends each record with a bare LF as the contract asks."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def write(self, text: str) -> int:
        return self.out.write(text[:-2] + "\n" if text.endswith("\r\n") else text)


def csv_writer(out: TextIO, excel: bool = False) -> Any:
    """RFC 4180 rows: ',' and LF, or for Excel ';' and CRLF; cells with line breaks quoted."""
    if excel:
        return csv.writer(out, delimiter=";", lineterminator="\r\n")
    return csv.writer(_LineFeed(out), lineterminator="\r\n")


def cell(value: Any) -> str:
    """One CSV cell: numbers as they are, lists joined by ',', text guarded against formulas."""
    if type(value) is int:  # most cells of the balance export; checked first for speed
        return str(value)
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        value = ",".join(value)
    return neutralise(str(value)) if isinstance(value, str) else str(value)
