"""Arbitrary text into every parser: a valid value or leerlog's own error, never anything else.

Each parser is fed unicode of every kind (control and format characters, other scripts' digits,
lone surrogates as undecodable command-line bytes arrive), alphabets heavy in what its grammar
uses, known-good values with a few characters added, and long digit runs. Any exception that is
not a LeerlogError would reach the person as "unexpected problem" (exit 1) instead of a usage
error, so it fails the test.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from leerlog.domain.balance import Target, parse_target
from leerlog.domain.categories import BUILTIN_TYPES, CATEGORIES, parse_category, resolve_what
from leerlog.domain.errors import DataProblem, InvalidValue, LeerlogError
from leerlog.domain.models import MAX_MINUTES, MAX_TITLE, MIN_MINUTES, ActivityInput, validate_input
from leerlog.domain.parsing import format_minutes, parse_date, parse_minutes
from leerlog.domain.periods import Period, parse_period, select_period
from leerlog.transfer import csv_dialect, readers, writers

if TYPE_CHECKING:
    pass

T = TypeVar("T")
FUZZ = settings(max_examples=300, deadline=None)
# Shrinking a failing import file of thousands of characters takes minutes; an unshrunk example
# names the exception just as well.
READERS = settings(FUZZ, phases=[phase for phase in Phase if phase is not Phase.shrink])
TODAY = dt.date(2026, 11, 27)
LONG_DIGITS = "7" * 5000  # longer than the 4300 digits int() converts by default

# --- the shared strategy ---------------------------------------------------------------------

GOOD = [
    "45", "45m", "45min", "1h30", "1h30m", "1.5h", "1,5h", "1:30", "1u30", "2u", " 90 ",
    "2026-11-27", "today", "Vandaag", "yesterday", "gisteren", "eergisteren", "-3d",
    "2026", "2026-Q3", "2026-11", "2026-W48", "2026-w53", "this-week", "last-month",
    "last-quarter", "last-30-days", "all", "70:20:10", "60 / 25 / 15", "0:0:100",
    "werk", "70", "Sociaal", "formeel", "coaching", "feedback", "intervisie", "e-learning",
]  # fmt: skip
ODD = st.characters(categories=["Cc", "Cf", "Cs", "Zs", "Zl", "Zp", "Nd", "No", "Lm"])
GRAMMAR = "0123456789:;/.,-+_ hHuUmMinqQwWdD"
TEXT = st.one_of(
    st.text(),
    st.text(ODD),
    st.text(st.one_of(st.sampled_from(GRAMMAR), ODD)),
    st.text(st.sampled_from(GRAMMAR), max_size=25),
    st.text(st.sampled_from("0123456789:hu,"), max_size=12),
    st.text(st.sampled_from("0123456789-:/ "), max_size=12),
    st.sampled_from(GOOD),
    st.builds(
        lambda good, extra: good + extra, st.sampled_from(GOOD), st.text(GRAMMAR, max_size=3)
    ),
    st.builds(lambda extra, good: extra + good, st.text(ODD, max_size=2), st.sampled_from(GOOD)),
    st.integers(1, 6000).map(lambda n: "9" * n),
)
DATES = st.one_of(st.dates(), st.just(TODAY), st.sampled_from([dt.date.min, dt.date.max]))


def outcome(parse: Callable[[], T], refusal: type[LeerlogError] = InvalidValue) -> T | None:
    """The parsed value, or None when leerlog refused the input with its own error: InvalidValue
    for a typed value (a usage problem, exit 2), DataProblem for an import file (exit 1)."""
    try:
        return parse()
    except LeerlogError as error:
        assert isinstance(error, refusal), repr(error)
        assert error.message.strip(), repr(error)
        return None


# --- the parsers -----------------------------------------------------------------------------


@FUZZ
@given(TEXT)
def test_parse_minutes_gives_minutes_or_invalid_value(text: str) -> None:
    minutes = outcome(lambda: parse_minutes(text))
    assert minutes is None or (type(minutes) is int and minutes >= 0)


@FUZZ
@given(TEXT, DATES)
def test_parse_date_gives_a_date_or_invalid_value(text: str, today: dt.date) -> None:
    day = outcome(lambda: parse_date(text, today))
    assert day is None or type(day) is dt.date


def _whole(period: Period) -> bool:
    return period.start is not None and period.end is not None and period.start <= period.end


@FUZZ
@given(TEXT, DATES)
def test_parse_period_gives_a_span_or_invalid_value(text: str, today: dt.date) -> None:
    period = outcome(lambda: parse_period(text, today))
    if period is None:
        return
    assert period.name == "all" or _whole(period)
    # A named period reads back as itself: not last-30-days (a START_END span), nor a relative
    # period that lands before year 1000, which the grammar leaves out.
    if "_" not in period.name and (period.start is None or period.start.year >= 1000):
        assert parse_period(period.name, today) == period


@FUZZ
@given(
    st.none() | TEXT,
    st.none() | TEXT,
    st.none() | TEXT,
    DATES,
    st.sampled_from(["last-365-days", "all"]),
)
def test_select_period_gives_a_span_or_invalid_value(
    period: str | None, since: str | None, until: str | None, today: dt.date, default: Any
) -> None:
    chosen = outcome(lambda: select_period(period, since, until, today, default=default))
    if chosen is not None and chosen.start is not None and chosen.end is not None:
        assert chosen.start <= chosen.end


@FUZZ
@given(TEXT)
def test_parse_target_gives_a_target_or_invalid_value(text: str) -> None:
    target = outcome(lambda: parse_target(text))
    assert target is None or (isinstance(target, Target) and sum(target.as_tuple()) == 100)


@FUZZ
@given(TEXT)
def test_parse_category_gives_a_category_or_invalid_value(text: str) -> None:
    category = outcome(lambda: parse_category(text))
    assert category is None or category in CATEGORIES


@FUZZ
@given(TEXT)
def test_resolve_what_gives_a_category_and_type_or_invalid_value(text: str) -> None:
    resolved = outcome(lambda: resolve_what(text, BUILTIN_TYPES))
    if resolved is not None:
        category, type_key = resolved
        assert category in CATEGORIES
        assert type_key is None or BUILTIN_TYPES[type_key].category == category


# --- whole records ---------------------------------------------------------------------------

FIELDS = ("person", "date", "category", "type", "minutes", "title", "with", "tags", "reflection")
TEXT_RECORDS = st.fixed_dictionaries(
    {},
    optional={
        **{name: TEXT for name in FIELDS},
        "tags": TEXT | st.lists(TEXT, max_size=4),
    },
)
JSON_SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | TEXT
JSON_RECORDS = st.fixed_dictionaries(
    {"person": st.just("anna") | JSON_SCALARS, "date": st.just("-1d") | JSON_SCALARS,
     "category": st.just("werk") | JSON_SCALARS, "minutes": JSON_SCALARS,
     "title": st.just("Huisbezoek") | JSON_SCALARS},
    optional={"type": JSON_SCALARS, "with": JSON_SCALARS, "reflection": JSON_SCALARS,
              "tags": JSON_SCALARS | st.lists(JSON_SCALARS, max_size=3)},
)  # fmt: skip
VALID = {"person": "anna", "date": "today", "category": "werk", "minutes": "45", "title": "t"}


def check_rules(entry: ActivityInput, today: dt.date) -> None:
    """What every accepted record holds to, however it was typed."""
    assert entry.person.strip() == entry.person != ""
    assert type(entry.minutes) is int and MIN_MINUTES <= entry.minutes <= MAX_MINUTES
    assert entry.title.strip() and len(entry.title) <= MAX_TITLE
    assert entry.category in CATEGORIES
    assert entry.type is None or BUILTIN_TYPES[entry.type].category == entry.category
    assert (entry.date - today).days <= 1
    assert all(tag.strip() == tag != "" and "," not in tag for tag in entry.tags)


@FUZZ
@given(TEXT_RECORDS, DATES)
def test_validate_input_gives_a_record_or_invalid_value(
    data: dict[str, Any], today: dt.date
) -> None:
    entry = outcome(lambda: validate_input(data, today, BUILTIN_TYPES))
    if entry is not None:
        check_rules(entry, today)


@FUZZ
@given(JSON_RECORDS)
def test_validate_input_keeps_the_rules_for_json_values(data: dict[str, Any]) -> None:
    """An import reads JSON: numbers, floats, booleans and null, not only text."""
    entry = outcome(lambda: validate_input(data, TODAY, BUILTIN_TYPES))
    if entry is not None:
        check_rules(entry, TODAY)
        assert type(data["minutes"]) is not bool, "a boolean is not a number of minutes"


# --- import files ----------------------------------------------------------------------------

JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
)
CSV_CELLS = st.sampled_from((*writers.ACTIVITY_COLUMNS, "colour", "", " title")) | TEXT
CSV_TEXT = st.one_of(
    TEXT,
    st.builds(
        lambda header, rows: "\n".join([",".join(header), *rows]),
        st.lists(st.sampled_from(writers.ACTIVITY_COLUMNS), min_size=1, unique=True),
        st.lists(TEXT, max_size=5),
    ),
    st.builds(
        lambda rows: "\r\n".join(",".join(row) for row in rows), st.lists(st.lists(CSV_CELLS))
    ),
)
JSON_TEXT = TEXT | JSON_VALUES.map(json.dumps)
JSONL_TEXT = TEXT | st.lists(JSON_TEXT, max_size=5).map("\n".join)


def _read(text: str, fmt: str) -> Callable[[], list[readers.Record]]:
    """Read TEXT as an import file of format FMT, to the end."""
    return lambda: list(readers.read_records(io.StringIO(text, newline=""), fmt, "f"))


def read_all(text: str, fmt: str) -> list[readers.Record] | None:
    """Every record of TEXT read as FMT, or None when the reader refused the whole file."""
    records = outcome(_read(text, fmt), DataProblem)
    if records is not None:
        numbers = [number for number, _ in records]
        assert numbers == sorted(set(numbers)) and all(n >= 1 for n in numbers)
        assert all(isinstance(record, dict | str) for _, record in records)
    return records


@READERS
@given(CSV_TEXT)
def test_read_records_csv_gives_records_or_data_problem(text: str) -> None:
    records = read_all(text, "csv")
    assert records is None or all(number >= 2 for number, _ in records)


@READERS
@given(JSON_TEXT)
def test_read_records_json_gives_records_or_data_problem(text: str) -> None:
    read_all(text, "json")


@READERS
@given(JSONL_TEXT)
def test_read_records_jsonl_gives_records_or_data_problem(text: str) -> None:
    read_all(text, "jsonl")


@FUZZ
@given(TEXT)
def test_restore_undoes_neutralise(text: str) -> None:
    written = csv_dialect.neutralise(text)
    assert not written.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert csv_dialect.restore(written) == text


PRINTABLE = st.text(st.characters(exclude_categories=["Cs"]))  # what a UTF-8 file can hold


@FUZZ
@given(PRINTABLE, PRINTABLE, st.lists(PRINTABLE.filter(lambda t: "," not in t), max_size=3))
def test_an_exported_csv_reads_back_cell_for_cell(
    title: str, reflection: str, tags: list[str]
) -> None:
    row = {"id": "id-1", "person": "anna", "date": "2026-11-01", "category": "social",
           "type": None, "minutes": 45, "title": title, "with": None, "tags": tags,
           "reflection": reflection, "created_at": "2026-11-01T10:00:00.000Z"}  # fmt: skip
    out = io.StringIO()
    writers.write_activities_csv([row], out)
    records = read_all(out.getvalue(), "csv")
    assert records is not None and len(records) == 1
    _, cells = records[0]
    assert isinstance(cells, dict)
    assert (cells["title"], cells["reflection"], cells["tags"]) == (
        title,
        reflection,
        ",".join(tags),
    )


# --- inputs the strategies do not reach ---------------------------------------------------------


EDGES = [
    pytest.param(lambda: parse_target(f"{LONG_DIGITS}:0:100"), id="target-of-5000-digits"),
    pytest.param(lambda: parse_target(f"70:20:{LONG_DIGITS}"), id="target-ending-in-5000-digits"),
    pytest.param(lambda: validate_input(VALID, dt.date.max, BUILTIN_TYPES), id="today-9999-12-31"),
]
FILE_EDGES = [
    pytest.param("x" * 200_000 + "\n", "csv", id="csv-header-beyond-field-limit"),
    pytest.param("[" * 100_000, "json", id="json-nested-100000-deep"),
    pytest.param("[" * 100_000 + "\n", "jsonl", id="jsonl-nested-100000-deep"),
    pytest.param(f'[{{"minutes": {LONG_DIGITS}}}]', "json", id="json-number-of-5000-digits"),
    pytest.param(f'{{"minutes": {LONG_DIGITS}}}\n', "jsonl", id="jsonl-number-of-5000-digits"),
]


@pytest.mark.parametrize("call", EDGES)
def test_far_out_values_get_invalid_value(call: Callable[[], object]) -> None:
    outcome(call)


@pytest.mark.parametrize(("text", "fmt"), FILE_EDGES)
def test_far_out_import_files_get_data_problem(text: str, fmt: str) -> None:
    read_all(text, fmt)


@pytest.mark.parametrize("minutes", [0.0, 1441.0, 1e9, True, False], ids=repr)
def test_json_minutes_that_break_the_rules_are_refused(minutes: object) -> None:
    """JSON has floats and booleans; they must meet the same 1 to 1440 rule as text does."""
    entry = outcome(lambda: validate_input({**VALID, "minutes": minutes}, TODAY, BUILTIN_TYPES))
    assert entry is None, f"{minutes!r} was accepted as {entry.minutes if entry else None} minutes"


# --- round trips of valid values ---------------------------------------------------------------


def test_every_duration_of_a_day_reads_back_as_written() -> None:
    for minutes in range(MIN_MINUTES, MAX_MINUTES + 1):
        assert parse_minutes(format_minutes(minutes)) == minutes, format_minutes(minutes)


@FUZZ
@given(st.integers(0, 10**12))
def test_any_duration_reads_back_as_written(minutes: int) -> None:
    assert parse_minutes(format_minutes(minutes)) == minutes


@FUZZ
@given(st.dates(), DATES)
def test_an_iso_date_reads_back_as_written(day: dt.date, today: dt.date) -> None:
    assert parse_date(day.isoformat(), today) == day
