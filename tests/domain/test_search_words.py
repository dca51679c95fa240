"""Text as search compares it (any case, no accents) and the names in a 'with' field."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leerlog.domain.words import folded, names, renamed_in, with_names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Reünie", "reunie"),
        ("ËËN", "een"),
        ("CASUÏSTIEK", "casuistiek"),
        ("Straße", "strasse"),
        ("ﬁets", "fiets"),  # a ligature
        ("e\u0308en", "een"),  # 'ë' typed as e + combining diaeresis
        ("İstanbul", "istanbul"),
        ("plain ascii", "plain ascii"),
    ],
)
def test_folded(text: str, expected: str) -> None:
    assert folded(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Anna", ["Anna"]),
        ("Anna, Piet", ["Anna", "Piet"]),
        ("Anna;Piet & Joost / Sanne", ["Anna", "Piet", "Joost", "Sanne"]),
        ("Anna en Piet", ["Anna", "Piet"]),
        ("Anna EN Piet and Joost", ["Anna", "Piet", "Joost"]),
        ("Henk Enschede", ["Henk Enschede"]),  # 'en' only as a word of its own
        ("Jan-en-Piet", ["Jan-en-Piet"]),
        (" , Anna,, ", ["Anna"]),
        ("coach Anna", ["coach Anna"]),
    ],
)
def test_with_names(text: str, expected: list[str]) -> None:
    assert with_names(text) == expected


@pytest.mark.parametrize(
    ("text", "old", "new", "expected"),
    [
        ("Jost", "jost", "Joost", "Joost"),
        ("Piet, JOST", "jost", "Joost", "Piet, Joost"),
        ("Jost en Sanne", "jost", "Joost", "Joost en Sanne"),
        (" Jost ;Jost", "Jost", "J", " J ;J"),
        ("Jostinho, Piet", "jost", "Joost", "Jostinho, Piet"),
        ("coach Jost", "jost", "Joost", "coach Jost"),
        ("Zoe", "Zoë", "Zoë de Wit", "Zoë de Wit"),
    ],
)
def test_renamed_in(text: str, old: str, new: str, expected: str) -> None:
    assert renamed_in(text, old, new) == expected


NAME = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1
)
SEPARATOR = st.sampled_from([", ", ",", "; ", " & ", "/", " en ", " and "])


@given(st.lists(NAME, min_size=1, max_size=5), SEPARATOR, st.integers(0, 4), NAME)
def test_a_rename_replaces_the_whole_name_and_keeps_the_rest(
    parts: list[str], separator: str, at: int, new: str
) -> None:
    """After a rename, 'list --with NEW' finds the field exactly where 'list --with OLD' did,
    and the names that were not OLD are all still there."""
    old, new = parts[at % len(parts)].strip(), new.strip()  # as the command line strips them
    text = separator.join(parts)
    if with_names(text) != [part.strip() for part in parts if part.strip()]:
        return  # a generated name holds a separator of its own: not a list of these names
    if not old or with_names(new) != [new]:
        return
    renamed = renamed_in(text, old, new)
    assert names(renamed, folded(new))
    others = [name for name in with_names(text) if folded(name) != folded(old)]
    assert [name for name in with_names(renamed) if folded(name) != folded(new)] == [
        name for name in others if folded(name) != folded(new)
    ]
