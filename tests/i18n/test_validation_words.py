"""What the validation library refuses is said in the reader's words, in English as in Dutch:
never its own English ("Input should be a valid string") nor Python's names (True, 30.5 as a
float)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from conftest import Run

ROWS = (
    '{"person": 5, "date": "2026-01-01", "category": "werk", "minutes": true, "title": "x"}\n'
    '{"person": "anna", "date": "2026-01-01", "category": "werk", "minutes": 30, "title": "x",'
    ' "foo": 1}\n'
    '{"person": "anna", "date": "2026-01-01", "category": ["werk"], "minutes": 30.5,'
    ' "title": "x"}\n'
    '{"person": "anna", "minutes": 30, "title": "x", "tags": 5}\n'
    '{"person": "anna", "date": null, "category": "werk", "minutes": NaN, "title": "x"}\n'
)
SAID = {
    "en": [
        "row 1, person: must be text, not 5",
        "row 1, minutes: not a duration: true",
        "row 2, foo: not a field leerlog knows",
        'row 3, category: must be text, not ["werk"]',
        "row 3, minutes: 30.5 is not a whole number",
        "row 4, date: missing",
        "row 4, tags: must be a list, not 5",
        "row 5, date: a date is text such as 2026-11-27, not null",
        "row 5, minutes: NaN is not a number",
    ],
    "nl": [
        "rij 1, person: moet tekst zijn, niet 5",
        "rij 1, minutes: geen tijdsduur: true",
        "rij 2, foo: geen veld dat leerlog kent",
        'rij 3, category: moet tekst zijn, niet ["werk"]',
        "rij 3, minutes: 30.5 is geen geheel getal",
        "rij 4, date: ontbreekt",
        "rij 4, tags: moet een lijst zijn, niet 5",
        "rij 5, date: een datum is tekst zoals 2026-11-27, niet null",
        "rij 5, minutes: NaN is geen getal",
    ],
}


@pytest.mark.parametrize("language", ["en", "nl"])
def test_an_import_names_each_refused_value_in_the_readers_words(
    run: Run, tmp_path: Path, language: str, request: pytest.FixtureRequest
) -> None:
    if language == "nl":
        request.getfixturevalue("dutch")
    path = tmp_path / "rijen.jsonl"
    path.write_text(ROWS, encoding="utf-8")
    result = run("import", str(path))
    assert result.exit_code == 1 and result.stdout == ""
    lines = result.stderr.splitlines()
    for line in SAID[language]:
        assert line in lines, result.stderr
    assert "Input should" not in result.stderr and "Field required" not in result.stderr


@pytest.mark.parametrize(
    ("args", "detail"),
    [
        (("list", "--limit", "0"), "must be at least 1, not 0"),
        (("list", "--limit", "abc"), "'abc' is not a whole number"),
        (("list", "--format", "xml"), "'xml' is not one of table, csv, json, jsonl"),
        (("report", "--by", "uren"), "'uren' is not one of minutes, count"),
        (("sync", "--batch", "6000"), "must be at most 5000, not 6000"),
    ],
)
def test_an_option_refused_by_validation_is_said_plainly_in_english(
    run: Run, args: tuple[str, ...], detail: str
) -> None:
    result = run(*args)
    assert result.exit_code == 2 and result.stdout == ""
    first = result.stderr.splitlines()[0]
    assert first.startswith("Error: Invalid value for ") and first.endswith(f": {detail}"), first
