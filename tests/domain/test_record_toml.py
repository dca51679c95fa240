"""An activity as TOML for an editor: written so tomllib reads back every text exactly, and read
back with every problem named, by the rules of `add`."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leerlog.domain.categories import BUILTIN_TYPES
from leerlog.domain.record_toml import (
    PROBLEM,
    RecordProblems,
    check_record,
    editable,
    read_fields,
    record_text,
    with_problems,
)

TODAY = dt.date(2026, 11, 27)
RECORD: dict[str, Any] = {
    "id": "3f2a0000-0000-4000-8000-000000000000", "person": "anna", "date": "2026-11-20",
    "category": "social", "type": "intervisie", "minutes": 45, "title": "Casus over schuldhulp",
    "with": "Piet", "tags": ["schuldhulp", "gesprek"], "reflection": "Eerst luisteren.\nDan pas.",
    "created_at": "2026-11-20T10:00:00.000Z", "updated_at": "2026-11-20T10:00:00.000Z",
    "session": None, "accreditation": None,
}  # fmt: skip
TEXT = record_text(RECORD, ["a header line"])


def check(text: str) -> Any:
    return check_record(text, RECORD, TODAY, dict(BUILTIN_TYPES))


def problems(text: str) -> list[str]:
    with pytest.raises(RecordProblems) as refused:
        check(text)
    return refused.value.problems


def test_the_text_holds_the_editable_fields_and_the_header_as_comments() -> None:
    assert TEXT.startswith("# a header line\n\n")
    assert list(read_fields(TEXT)) == editable()
    assert editable() == [
        "person", "date", "category", "type", "minutes", "title", "with", "tags", "reflection",
        "accreditation",
    ]  # fmt: skip
    assert 'reflection = """\nEerst luisteren.\nDan pas."""' in TEXT


def test_the_unchanged_text_is_the_record() -> None:
    entry = check(TEXT)
    assert entry.model_dump(mode="json", by_alias=True) == {key: RECORD[key] for key in editable()}


@given(
    texts=st.fixed_dictionaries(
        {key: st.text() for key in ("person", "title", "with", "reflection", "category")}
    ),
    tags=st.lists(st.text()),
)
def test_every_text_comes_back_exactly(texts: dict[str, str], tags: list[str]) -> None:
    record = {**RECORD, **texts, "tags": tags}
    read = read_fields(record_text(record, ["\x1b]0;x\x07 header\nsecond line"]))
    assert {key: read[key] for key in (*texts, "tags")} == {**texts, "tags": tags}


def test_empty_fields_are_written_as_empty_text_and_read_as_none() -> None:
    record = {**RECORD, "type": None, "with": None, "tags": [], "reflection": None}
    text = record_text(record, [])
    assert 'with = ""' in text and "tags = []" in text and 'reflection = """\n"""' in text
    entry = check(text)
    assert (entry.type, entry.with_, entry.tags, entry.reflection) == (None, None, (), None)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("minutes = 45", 'minutes = "1u30"', {"minutes": 90}),
        ('date = "2026-11-20"', 'date = "gisteren"', {"date": dt.date(2026, 11, 26)}),
        ('date = "2026-11-20"', "date = 2026-11-01", {"date": dt.date(2026, 11, 1)}),
        ('type = "intervisie"', 'type = "workshop"', {"type": "workshop", "category": "formal"}),
        ('category = "social"', 'category = "sociaal"', {"category": "social"}),
        ('tags = ["schuldhulp", "gesprek"]', 'tags = "a, b"', {"tags": ("a", "b")}),
        ('with = "Piet"\n', "", {"with_": None}),
    ],
)
def test_what_people_write_is_read_as_add_reads_it(
    old: str, new: str, expected: dict[str, Any]
) -> None:
    entry = check(TEXT.replace(old, new))
    assert {key: getattr(entry, key) for key in expected} == expected


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("minutes = 45", "minutes = 0", ["minutes must be between 1 and 1440, got 0"]),
        ("minutes = 45", "minutes = 1.5", ["minutes: write a whole number"]),
        ('date = "2026-11-20"', 'date = "2026-12-31"', ["2026-12-31 is more than one day ahead"]),
        ('date = "2026-11-20"', "date = 2026-11-20T10:00:00", ["date: write a date in quotes"]),
        (
            'title = "Casus over schuldhulp"',
            'title = " "',
            ["the title is empty (describe the activity"],
        ),
        ('title = "Casus over schuldhulp"\n', "", ["title is missing"]),
        ('type = "intervisie"', 'type = "intervsie"', ["did you mean 'intervisie'?"]),
        ('category = "social"', 'category = "formal"', ["category"]),
        ("tags = [", "tags = [1, ", ["tags: write a list of words"]),
        ('with = "Piet"', "with = 3", ['with: write text in double quotes, such as with = "..."']),
        ('with = "Piet"', 'wiht = "Piet"', ["unknown field 'wiht'; did you mean 'with'?"]),
        ('with = "Piet"', 'with = "Piet', ["not valid TOML at line 9, column 13"]),
        ('with = "Piet"', "[with]", ["with: write text in double quotes"]),  # a table
    ],
)
def test_each_problem_is_named(old: str, new: str, expected: list[str]) -> None:
    assert old in TEXT
    found = problems(TEXT.replace(old, new))
    assert len(found) == len(expected), found
    for line, words in zip(found, expected, strict=True):
        assert words in line, found


def test_every_problem_is_named_at_once() -> None:
    text = TEXT.replace("minutes = 45", "minutes = 0").replace("2026-11-20", "2026-12-31")
    text = text.replace('with = "Piet"', 'wiht = "Piet"')
    found = problems(text)
    assert len(found) == 3, found
    assert "unknown field 'wiht'" in found[0]
    assert any("1440" in line for line in found) and any("ahead" in line for line in found)


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", TEXT.split("\n\n")[0]])
def test_a_text_without_fields_is_giving_up(text: str) -> None:
    assert check(text) is None


def test_problems_go_on_top_and_replace_the_earlier_ones() -> None:
    once = with_problems(TEXT, ["first problem"], "intro")
    assert once.splitlines()[:3] == [
        PROBLEM + "intro",
        PROBLEM + "first problem",
        "# a header line",
    ]
    twice = with_problems(once, ["second\nproblem"], "intro")
    assert twice.splitlines()[:3] == [
        PROBLEM + "intro",
        PROBLEM + "second\\x0aproblem",
        "# a header line",
    ]
    assert check(twice) is not None  # comments only: the fields are untouched
