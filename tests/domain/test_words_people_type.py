"""The words people type, in English and in Dutch: type words, date forms, period names, and the
nearest known word for a typo."""

from __future__ import annotations

from datetime import date

import pytest

from leerlog.domain.categories import BUILTIN_TYPES, check_type, resolve_what, type_key_for
from leerlog.domain.errors import InvalidValue
from leerlog.domain.parsing import parse_date
from leerlog.domain.periods import parse_period
from leerlog.domain.words import nearest, plain

FRIDAY = date(2026, 11, 27)

TYPE_WORDS = {
    "cursus": "course", "opleiding": "course", "congres": "conference",
    "studiedag": "conference", "lezing": "lecture", "college": "lecture", "seminar": "lecture",
    "vakliteratuur": "reading", "lezen": "reading", "webinar": "e-learning",
    "zelfreflectie": "self-reflection", "kennisdelen": "knowledge-sharing",
    "nieuwe-taak": "new-task", "casuïstiekoverleg": "casuistiekoverleg",
    "casusoverleg": "casuistiekoverleg", "experimenteren": "experiment",
}  # fmt: skip


@pytest.mark.parametrize(("word", "key"), sorted(TYPE_WORDS.items()))
def test_every_dutch_type_word_is_its_type_as_what_and_as_type(word: str, key: str) -> None:
    for typed in (word, word.upper(), f" {word.capitalize()} ", plain(word)):
        assert resolve_what(typed, BUILTIN_TYPES) == (BUILTIN_TYPES[key].category, key)
        assert type_key_for(typed, BUILTIN_TYPES) == key
        assert check_type(typed, None, BUILTIN_TYPES) == BUILTIN_TYPES[key].category


def test_type_keys_and_aliases_keep_their_meaning() -> None:
    assert resolve_what("coaching", BUILTIN_TYPES) == ("social", "coaching")
    assert resolve_what("werk", BUILTIN_TYPES) == ("experiential", None)
    assert resolve_what("Formeel", BUILTIN_TYPES) == ("formal", None)
    with pytest.raises(InvalidValue, match="is formal, not social"):
        check_type("cursus", "social", BUILTIN_TYPES)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tomorrow", date(2026, 11, 28)), ("morgen", date(2026, 11, 28)),
        ("overmorgen", date(2026, 11, 29)), ("eergisteren", date(2026, 11, 25)),
        ("friday", FRIDAY), ("vrijdag", FRIDAY), ("Vrijdag", FRIDAY),
        ("thursday", date(2026, 11, 26)), ("donderdag", date(2026, 11, 26)),
        ("saturday", date(2026, 11, 21)), ("zaterdag", date(2026, 11, 21)),
        ("sunday", date(2026, 11, 22)), ("zondag", date(2026, 11, 22)),
        ("monday", date(2026, 11, 23)), ("maandag", date(2026, 11, 23)),
        ("tuesday", date(2026, 11, 24)), ("dinsdag", date(2026, 11, 24)),
        ("wednesday", date(2026, 11, 25)), ("woensdag", date(2026, 11, 25)),
        ("27-11-2026", FRIDAY), ("1-2-2025", date(2025, 2, 1)), ("05-03", date(2026, 3, 5)),
        ("1-12", date(2026, 12, 1)), ("-2w", date(2026, 11, 13)), ("-1w", date(2026, 11, 20)),
        ("-0w", FRIDAY),
    ],
)  # fmt: skip
def test_dutch_and_english_date_forms(text: str, expected: date) -> None:
    assert parse_date(text, FRIDAY) == expected


@pytest.mark.parametrize("text", ["31-11-2026", "29-2-2026", "0-1", "1-13", "1-1-26", "-2x"])
def test_impossible_dutch_dates_are_refused(text: str) -> None:
    with pytest.raises(InvalidValue, match="not a date"):
        parse_date(text, FRIDAY)


DUTCH_PERIODS = {
    "deze-week": "this-week", "vorige-week": "last-week", "deze-maand": "this-month",
    "vorige-maand": "last-month", "dit-kwartaal": "this-quarter", "vorig-kwartaal": "last-quarter",
    "dit-jaar": "this-year", "vorig-jaar": "last-year", "laatste-30-dagen": "last-30-days",
    "alles": "all",
}  # fmt: skip


@pytest.mark.parametrize(("dutch", "english"), sorted(DUTCH_PERIODS.items()))
def test_dutch_period_names_are_the_english_periods(dutch: str, english: str) -> None:
    assert parse_period(dutch, FRIDAY) == parse_period(english, FRIDAY)
    assert parse_period(dutch.upper(), FRIDAY) == parse_period(english, FRIDAY)


@pytest.mark.parametrize(
    ("typo", "meant"),
    [("vorige-mand", "vorige-maand"), ("last-mont", "last-month"), ("dezeweek", "deze-week")],
)
def test_a_typo_in_a_period_names_the_nearest(typo: str, meant: str) -> None:
    with pytest.raises(InvalidValue, match=f"did you mean '{meant}'"):
        parse_period(typo, FRIDAY)


@pytest.mark.parametrize(
    ("typo", "meant"),
    [("intervsie", "intervisie"), ("cursuss", "cursus"), ("wrkshop", "workshop"),
     ("sociaa", "sociaal"), ("casuistiek-overleg", "casuistiekoverleg")],
)  # fmt: skip
def test_a_typo_in_what_names_the_nearest(typo: str, meant: str) -> None:
    with pytest.raises(InvalidValue, match=f"did you mean '{meant}'"):
        resolve_what(typo, BUILTIN_TYPES)


def test_nothing_close_suggests_nothing() -> None:
    assert nearest("zzzzqqq", BUILTIN_TYPES) is None
    with pytest.raises(InvalidValue) as refused:
        resolve_what("zzzzqqq", BUILTIN_TYPES)
    assert "did you mean" not in refused.value.message
