"""Words as people type them: without diacritics where those do not matter, and the nearest
known word for a typo."""

from __future__ import annotations

import difflib
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
