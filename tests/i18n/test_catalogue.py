"""The Dutch catalogue is complete: every message in the code has a translation that keeps its fields."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).parents[2]
PO = ROOT / "src" / "leerlog" / "locale" / "nl" / "LC_MESSAGES" / "leerlog.po"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
METHODS = [
    ("src/leerlog/cli/**.py", "leerlog.i18n_extract:extract"),
    ("src/leerlog/**.py", "python"),
]
FIELD = re.compile(r"\{(\w*)[^{}]*\}")


def _messages_in_code() -> set[str]:
    found: set[str] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), METHODS, keywords=KEYWORDS
    ):
        # A plural message is looked up by its singular form.
        found.add(message if isinstance(message, str) else message[0])
    return found


@pytest.fixture(scope="module")
def catalogue():  # type: ignore[no-untyped-def]
    with PO.open("rb") as handle:
        return read_po(handle)


def test_the_code_has_messages_to_translate() -> None:
    messages = _messages_in_code()
    # A sample from each layer: a help text, an error of the domain, a table header.
    assert "Show this message and exit." in messages
    assert any(message.startswith("Log a learning activity.") for message in messages)
    assert "No activities found." in messages
    assert len(messages) > 150


def test_every_message_in_the_code_has_a_dutch_translation(catalogue) -> None:  # type: ignore[no-untyped-def]
    missing = []
    for message in sorted(_messages_in_code()):
        entry = catalogue.get(message)
        if entry is None or not entry.string or entry.fuzzy:
            missing.append(message)
            continue
        translations = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if not all(translations):
            missing.append(message)
    assert missing == [], f"{len(missing)} messages lack a Dutch translation: {missing[:10]}"


def test_translations_keep_every_placeholder(catalogue) -> None:  # type: ignore[no-untyped-def]
    broken = []
    for entry in catalogue:
        if not entry.id or not entry.string:
            continue
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        expected = set(FIELD.findall(ids[-1]))
        for text in strings:
            if set(FIELD.findall(text)) != expected:
                broken.append((ids[0], text))
    assert broken == []


def test_a_dropped_placeholder_is_caught() -> None:
    """The check above can fail: a translation without {value} is found."""
    assert set(FIELD.findall("geen duur: {value}")) != set(FIELD.findall("geen duur"))


def test_the_catalogue_holds_no_messages_the_code_no_longer_has(catalogue) -> None:  # type: ignore[no-untyped-def]
    in_code = _messages_in_code()
    stale = [
        e.id
        for e in catalogue
        if e.id and (e.id[0] if isinstance(e.id, tuple) else e.id) not in in_code
    ]
    assert stale == [], f"run 'make translations': {stale[:10]}"


def test_no_message_is_in_the_catalogue_twice() -> None:
    # Babel keeps the last of two; GNU msgfmt refuses the file.
    ids = re.findall(r'^msgid ((?:".*"\n)+)', PO.read_text(encoding="utf-8"), re.MULTILINE)
    assert sorted({i for i in ids if ids.count(i) > 1}) == []
