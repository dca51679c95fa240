"""The text of `leerlog show`: fields in order with labels, any field the record gains later
included, long texts wrapped and never cut."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from leerlog import i18n
from leerlog.storage.journal import Entry
from leerlog.terminal.record import record_lines, wrap

RECORD: dict[str, Any] = {
    "id": "3f2a0000-0000-4000-8000-000000000000", "person": "anna", "date": "2026-11-20",
    "category": "social", "type": None, "minutes": 90, "title": "Intervisie", "with": None,
    "tags": [], "reflection": None, "created_at": "2026-11-20T10:00:00.000Z",
    "updated_at": "2026-11-20T10:00:00.000Z",
}  # fmt: skip
# Fields other versions of the record carry: three with a label already, one without.
LATER = {
    "session": "5d1c0000-0000-4000-8000-000000000000",
    "accreditation": "ABC-123",
    "evidence": [{"name": "certificaat.pdf", "size": 1024}],
    "room": "Zaal 2",
}


def labels(lines: list[str]) -> list[str]:
    return [line.split("  ")[0] for line in lines[: lines.index("")] if line[:1] != " "]


def test_fields_added_to_the_record_later_are_shown_before_the_timestamps() -> None:
    lines = record_lines({**RECORD, **LATER}, [], {}, 100)
    assert labels(lines) == [
        "Id", "Person", "Date", "Category", "Type", "Time", "Title", "With", "Tags",
        "Reflection", "Session", "Accreditation", "Evidence", "room", "Created", "Last changed",
    ]  # fmt: skip
    text = "\n".join(lines)
    assert "ABC-123" in text and "Zaal 2" in text and "certificaat.pdf" in text
    assert lines[-2:] == ["History", "  (nothing in the journal)"]


@pytest.mark.usefixtures("dutch")
def test_their_labels_are_dutch_in_dutch() -> None:
    assert labels(record_lines({**RECORD, **LATER}, [], {}, 100)) == [
        "Id", "Persoon", "Datum", "Categorie", "Type", "Tijd", "Titel", "Met", "Tags",
        "Reflectie", "Sessie", "Accreditatie", "Bewijs", "room", "Aangemaakt", "Laatst gewijzigd",
    ]  # fmt: skip


def test_a_change_to_a_field_without_a_label_is_in_the_history() -> None:
    before = {**RECORD, "room": "Zaal 2"}
    after = {**before, "room": "Zaal 3", "minutes": 60, "updated_at": "2026-11-21T10:00:00.000Z"}
    entry = Entry("edit", "anna", "2026-11-21T10:00:00.000Z", None, before, after)
    lines = record_lines(after, [entry], {}, 100)
    assert lines[-2:] == [
        "      Time  1h30 (90 minutes) → 1h (60 minutes)",
        "      room  Zaal 2 → Zaal 3",
    ]


@pytest.mark.parametrize(
    "actor",
    ["Maximiliaan van den Heuvel-Oosterbeek", "maximiliaan.vandenheuvel-oosterbeek.extern"],
)
@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("width", [80, 60, 40])
def test_a_long_history_line_is_wrapped_under_itself_and_keeps_every_word(
    monkeypatch: pytest.MonkeyPatch, lang: str, width: int, actor: str
) -> None:
    monkeypatch.setenv("LEERLOG_LANG", lang)
    i18n.reset()
    after = {**RECORD, "minutes": 60, "updated_at": "2026-11-21T10:00:00.000Z"}
    entry = Entry("edit", actor, "2026-11-21T10:00:00.000Z", "2026-11-21T10:05:00.000Z",
                  RECORD, after)  # fmt: skip
    try:
        lines = record_lines(after, [entry], {}, width)
    finally:
        monkeypatch.setenv("LEERLOG_LANG", "en")
        i18n.reset()
    assert [line for line in lines if cell_len(line) > width] == []
    history = lines[lines.index("History" if lang == "en" else "Geschiedenis") + 1 :]
    time = next(i for i, line in enumerate(history) if line.strip().startswith(("Time", "Tijd")))
    head = history[:time]
    assert head[0].startswith("  2026-11-21 ") and not head[0].startswith("   ")
    assert all(line.startswith("      ") for line in head[1:]), head
    assert all(line == line.rstrip() for line in head), head
    undone = "(undone" if lang == "en" else "(ongedaan gemaakt"
    changed = "changed" if lang == "en" else "gewijzigd"
    # Every character is there, in order, and the name is whole again when its lines are read
    # on: between words a line ends at a space, inside a word wider than the pane it does not.
    shown = [line.strip() for line in head]
    assert actor in " ".join(shown) or actor in "".join(shown), head
    words = " ".join(shown).split()
    said = f"{changed} {undone} 2026-11-21"
    assert "".join(words).startswith("".join(f"2026-11-21 {words[1]} {actor} {said}".split()))
    assert words[-1].endswith(")") and (len(head) == 1) == (width >= 100), head


@given(
    st.text(alphabet=st.sampled_from("ab cé中\n\t"), max_size=300),
    st.integers(min_value=1, max_value=80),
)
def test_wrapping_keeps_every_character_but_spaces_and_fits(text: str, width: int) -> None:
    wrapped = wrap(text, width)
    assert all(cell_len(line) <= max(width, 2) for line in wrapped)
    assert "".join("".join(wrapped).split()) == "".join(text.split())
