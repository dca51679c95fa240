"""The personal-data finder: cheap patterns find candidates, python-stdnum confirms numbers."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from typing import Any, NamedTuple

# The fields a person types free text into; the others (person, date, type, ...) are checked
# by the rules of `add` and cannot hold a client's details.
FIELDS = ("title", "with", "tags", "reflection")

BSN = "bsn"
IBAN = "iban"
EMAIL = "email"
PHONE = "phone"

# A BSN as people write it: nine digits in a row, anywhere but inside a longer or a decimal
# number (`klant111222333`, `BSN 111222333 2 kinderen`); or in groups, 123.456.782,
# 123 456 782, 123-456-782, 1234.56.782, never part of a longer number, a date or an amount (no
# letter or digit right before it, no digit and separator before it; after a word,
# `nr.111-222-333` and `BSN111 222 333` count).
_BSN = (
    r"(?<![0-9+])(?<![0-9][.,])[0-9]{9}(?![0-9]|[.,][0-9])"
    r"|(?:(?<=\bbsn)|(?<![\w+]))(?<![0-9][ .,:/-])"
    r"(?:[0-9]{3}(?P<b>[ .-])[0-9]{3}(?P=b)[0-9]{3}|[0-9]{4}\.[0-9]{2}\.[0-9]{3})"
    r"(?![\w+]|[ .,:/-][0-9])"
)
# An IBAN: a country, two check digits and 11 to 30 letters and digits, with a space, a dot or
# a dash between any of them or not (never the start of an e-mail address); its start as long as
# its country's IBANs is one when that has a valid check sum (see _iban).
_IBAN = r"(?<![0-9])(?![\w.+-]{0,64}@)(?a:[a-z]{2}[ .-]?[0-9]{2}(?:[ .-]?[a-z0-9]){11,30})"
_EMAIL = r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?!\w)"
# A Dutch phone number: +31 or 0031 and nine digits, or 0 and nine: one kind of separator
# (a space or a dash) between the groups, not inside a date, a time, an amount or a longer number.
_PHONE = (
    r"(?<![\w+])(?<![0-9][ .,:/-])(?:(?:\+|00)31[ -]?(?:\(0\)[ -]?)?[1-9]"
    r"|0[1-9])(?:[ -]?[0-9]){8}(?![\w]|[ .,:/-][0-9])"
)

# Digits as they reach a text from elsewhere: full-width (an Asian keyboard), Arabic-Indic and
# Persian (a client's letter), mathematical (styled text from social media).
_DIGIT_RANGES = "0-9\uff10-\uff19\u0660-\u0669\u06f0-\u06f9\U0001d7ce-\U0001d7ff"

# Cheap tests first: every candidate has an '@' or nine digits (an IBAN too: leerlog looks for
# IBANs with nine digits or more, as every Dutch one has), so a text with neither is not looked
# at again. The globs say the same for a database, to leave out the rows none of the patterns
# can match (tests/privacy prove both are wider than the patterns).
PREFILTER_GLOBS = ("*@*", "*" + f"[{_DIGIT_RANGES}]*" * 9)
_NOT_DIGITS = re.compile(f"[^{_DIGIT_RANGES}]+")
# What a text is read as: other digits as 0-9, every space as one, typographic dashes as '-',
# and without the invisible characters a paste can put between digits (a soft hyphen, zero-width
# spaces and joiners, direction marks, a byte order mark).
_PLAIN = str.maketrans(
    {
        **{chr(base + n): str(n) for base in (0xFF10, 0x0660, 0x06F0) for n in range(10)},
        **{chr(0x1D7CE + n): str(n % 10) for n in range(50)},
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2212", "-"),
        **dict.fromkeys("\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\u2061\ufeff"),
    }
)
_SPACES = re.compile(r"\s+")
_COUNTRY = re.compile(r"^(?:\+|00)31[ -]?(?:\(0\)[ -]?)?")


def _digits(text: str) -> int:
    return len(_NOT_DIGITS.sub("", text))


def might_hold(text: str) -> bool:
    """False when TEXT cannot hold anything the finder looks for; cheap, for every text."""
    return "@" in text or _digits(text) >= 9


@cache
def _pattern() -> re.Pattern[str]:
    # Compiled on first use: most texts never get here, and `add` pays only for what it uses.
    return re.compile(
        f"(?P<bsn>{_BSN})|(?P<iban>{_IBAN})|(?P<email>{_EMAIL})|(?P<phone>{_PHONE})",
        re.IGNORECASE,
    )


# Area codes that exist: 01-05 and 07 (regions), 06 (mobile), 084, 085, 087, 088, 091, 097.
_AREA = re.compile(r"0(?:[1-57]|6|8[4578]|9[17])")


class Finding(NamedTuple):
    """What looks like a client's details: in which FIELD, what KIND, and the value masked."""

    field: str
    kind: str
    masked: str


def mask(kind: str, value: str) -> str:
    """VALUE shown so a person recognises it but nobody can read it back whole."""
    if kind == EMAIL:
        local, _at, domain = value.partition("@")
        return f"{local[:1]}…@{domain}"
    compact = re.sub(r"[^0-9A-Za-z+]", "", value).upper()
    return f"{compact[:3]}…{compact[-3:]}"


def _bsn(value: str) -> bool:
    from stdnum.nl import bsn  # imported only when a text has nine digits: `add` stays fast

    return bsn.is_valid(re.sub(r"\D", "", value))


@cache
def _iban_length(country: str) -> int | None:
    """How long an IBAN of COUNTRY is (by stdnum's registry: its BBAN's format, '4!a10!n' for
    NL), None for a country without IBANs."""
    from stdnum import numdb

    bban = numdb.get("iban").info(country)[0][1].get("bban")
    return None if bban is None else 4 + sum(int(n) for n in re.findall(r"[0-9]+", bban))


def _iban(value: str) -> str | None:
    """The start of VALUE as long as its country's IBANs, when that is an IBAN with a valid check
    sum and nine digits or more: "AT61 1904 3002 3457 3201 van" and "NL91ABNA0417164300x" hold
    one."""
    length = _iban_length(value[:2].upper())
    ends = [at + 1 for at, char in enumerate(value) if char not in " .-"]
    if length is None or len(ends) < length:
        return None
    head = value[: ends[length - 1]]
    from stdnum import iban

    valid = _digits(head) >= 9 and iban.is_valid(re.sub(r"[ .-]", "", head).upper())
    return head if valid else None


def _phone(match: re.Match[str]) -> bool:
    value = match.group(PHONE)
    digits = re.sub(r"\D", "", value)
    # One kind of separator between the groups, but for a dash after the area code as Dutch
    # people write it (020-123 45 67, 06-1234 5678): 01-02-2026 10 is a date.
    # In the international form the separators after +31 and (0) do not count: +31 (0)6-1234 5678.
    national = _COUNTRY.sub("", value)
    separators = [c for c in national if c in " -"]
    if len(set(separators)) > 1 and not (separators[0] == "-" and set(separators[1:]) == {" "}):
        return False
    if digits.startswith("0031"):
        return True
    return digits.startswith("31") or _AREA.match(digits) is not None


def in_text(text: str) -> Iterator[tuple[str, str]]:
    """Each (kind, masked value) in TEXT, in order."""
    if not might_hold(text):
        return
    # Pasted from a mail, a document or a message, digits and separators look like others.
    text = _SPACES.sub(" ", text.translate(_PLAIN) if not text.isascii() else text)
    start, pattern = 0, _pattern()
    while (match := pattern.search(text, start)) is not None:
        kind = match.lastgroup or ""
        if kind not in (BSN, IBAN, EMAIL, PHONE):
            kind = next(name for name in (BSN, IBAN, EMAIL, PHONE) if match.group(name))
        value: str | None = match.group(kind)
        if kind == BSN and not _bsn(match.group(kind)):
            value = None
        elif kind == IBAN:
            value = _iban(match.group(kind))
        elif kind == PHONE and not _phone(match):
            value = None
        if value is None:  # what follows its first character may still hold something
            start = match.start() + 1
            continue
        start = match.start() + len(value)
        yield kind, mask(kind, value)


def _texts(record: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    for field in FIELDS:
        value = record.get(field)
        if not value:
            continue
        # Only text: anything else in a record being imported is the import's checks' to refuse.
        if isinstance(value, str):
            yield field, value
        elif isinstance(value, list | tuple):
            for item in value:
                if isinstance(item, str):
                    yield field, item


def in_record(record: Mapping[str, Any]) -> list[Finding]:
    """Every finding in the free-text fields of RECORD (JSON field names: `with`, `tags` a list
    or tuple), once per field, kind and value."""
    texts = list(_texts(record))
    # One cheap test of all of them together first: most records hold nothing to look at.
    if not might_hold(" ".join(text for _field, text in texts)):
        return []
    found: dict[Finding, None] = {}
    for field, text in texts:
        for kind, masked in in_text(text):
            found[Finding(field, kind, masked)] = None
    return list(found)


def in_records(records: Iterable[Mapping[str, Any]]) -> Iterator[tuple[Mapping[str, Any], Finding]]:
    """Each (record, finding) in RECORDS, record by record."""
    for record in records:
        for finding in in_record(record):
            yield record, finding
