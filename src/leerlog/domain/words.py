"""Words as people type them: without diacritics where those do not matter, the nearest known
word for a typo, and the names in a 'with' field."""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Iterable


def plain(text: str) -> str:
    """Lower case, no surrounding space, no diacritics: 'Casuïstiekoverleg' -> 'casuistiekoverleg'."""
    lowered = text.strip().lower()
    if lowered.isascii():
        return lowered
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def by_closeness(word: str, known: Iterable[str]) -> list[str]:
    """KNOWN, the words most like WORD first (ties in code-point order)."""
    target = plain(word)

    def distance(name: str) -> tuple[float, str]:
        return -difflib.SequenceMatcher(None, target, plain(name)).ratio(), name

    return sorted(known, key=distance)


def nearest(word: str, known: Iterable[str]) -> str | None:
    """The known word closest to WORD, if one is close enough to be what was meant."""
    candidates = {plain(name): name for name in known}
    found = difflib.get_close_matches(plain(word), list(candidates), n=1, cutoff=0.6)
    return candidates[found[0]] if found else None


# The combining marks of the Latin, Greek and Cyrillic scripts (the blocks at U+0300, U+1AB0,
# U+1DC0, U+20D0 and U+FE20): what NFKD splits off 'ë', 'é' or 'ç'. A pattern, not a loop over
# unicodedata.combining(): search folds every text it looks at, reflections of 20,000 characters
# included.
_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def folded(text: str) -> str:
    """TEXT as a search compares it: any case, no diacritics ('Reünie' and 'REUNIE' -> 'reunie').

    SQLite's lower(), LIKE and NOCASE fold ASCII letters only: 'Ë' stays apart from 'ë' there.
    """
    if text.isascii():
        return text.lower()
    return _MARKS.sub("", unicodedata.normalize("NFKD", text).casefold())


# What separates the names in a 'with' field: a comma, semicolon, '&' or '/', or the word 'en'
# or 'and' between spaces ("Anna, Piet", "Anna en Piet"); the spaces around go with it.
_SEPARATOR = re.compile(r"(\s*(?:[,;&/]|\s(?:en|and)\s)\s*)", re.IGNORECASE)


def with_names(text: str) -> list[str]:
    """The names in a 'with' field: 'Anna, Piet en Joost' -> ['Anna', 'Piet', 'Joost']."""
    return [name for name in (part.strip() for part in _SEPARATOR.split(text)[::2]) if name]


def names(text: str, name: str) -> bool:
    """Whether the 'with' field TEXT names NAME (folded already) as one of its whole names."""
    return name in folded(text) and any(folded(other) == name for other in with_names(text))


def renamed_in(text: str, old: str, new: str) -> str:
    """The 'with' field TEXT with every name that `names` matches to OLD replaced by NEW; the
    separators and the other names stay as they were."""
    old = folded(old)
    if not names(text, old):
        return text
    parts = _SEPARATOR.split(text)
    for index in range(0, len(parts), 2):  # names at even places, separators between
        part = parts[index]
        if part.strip() and folded(part.strip()) == old:
            lead = part[: len(part) - len(part.lstrip())]
            parts[index] = lead + new + part[len(part.rstrip()) :]
    return "".join(parts)


def mentions(needle: str, texts: Iterable[str | None]) -> bool:
    """Whether NEEDLE (folded already) is in one of TEXTS as folded() compares them.

    A search looks at every text of a listing, so texts are not folded whole: an ASCII text is
    only lowered, and in any other the needle is looked for with the marks folded() would drop
    allowed between its letters, which finds the same texts at half the cost.
    """
    pattern = _pattern(needle)
    for text in texts:
        if text is None:
            continue
        if text.isascii():
            if needle in text.lower():
                return True
        elif pattern.search(unicodedata.normalize("NFKD", text).casefold()):
            return True
    return False


@functools.lru_cache(maxsize=16)
def _pattern(needle: str) -> re.Pattern[str]:
    return re.compile(f"{_MARKS.pattern}*".join(re.escape(char) for char in needle))
