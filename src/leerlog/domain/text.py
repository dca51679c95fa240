"""Rules for text people type: names without invisible characters, the longest texts, and paths
that start with ~."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from leerlog.domain.errors import InvalidValue
from leerlog.i18n import _

MAX_NAME = 100  # a person's or a team's name
MAX_WITH = 200
MAX_REFLECTION = 20_000

# Cc: control characters (NUL, ESC, line breaks, tab, DEL, C1); Cf: format characters (the
# bidi overrides and isolates, zero-width space and joiners, the BOM). In a name they make one
# person look like another, or turn a listing around.
_NAME_REFUSES = frozenset(("Cc", "Cf"))
_TITLE_REFUSES = frozenset(("Cc",))


def _first(value: str, categories: frozenset[str]) -> str | None:
    """The first character of VALUE in one of CATEGORIES, as U+XXXX; None when there is none."""
    if value.isprintable():  # the common case, in C: no Cc, Cf (or other C*, Z*) at all
        return None
    for char in value:
        if unicodedata.category(char) in categories:
            return f"U+{ord(char):04X}"
    return None


def too_long(value: str, limit: int) -> str | None:
    """What is wrong with VALUE's length, in words; None when it fits."""
    if len(value) <= limit:
        return None
    return _("has {length} characters; at most {limit} fit").format(length=len(value), limit=limit)


def name_problem(value: str) -> str | None:
    """What keeps VALUE (stripped, not empty) from being a person's or a team's name; None if
    nothing does. Blank names are the callers' to word: for some a blank means "none"."""
    code = _first(value, _NAME_REFUSES)
    if code is not None:
        return _("contains {code}, a control or format character; a name cannot hold those").format(
            code=code
        )
    return too_long(value, MAX_NAME)


def title_problem(value: str) -> str | None:
    """A title is one line of visible text: no control characters, a line break included."""
    code = _first(value, _TITLE_REFUSES)
    if code is None:
        return None
    return _(
        "contains {code}, a control character such as a line break; keep it to one line"
    ).format(code=code)


def user_path(text: str | Path, name: str | None = None) -> Path:
    """TEXT as a path, a leading ~ or ~USER made that home folder. When there is no such home,
    NAME (the option or variable it came from) makes that an InvalidValue; without NAME (while
    the language is still being chosen) TEXT stays as it is."""
    try:
        return Path(text).expanduser()
    except RuntimeError:  # ~USER of a user the system does not know, or no home at all
        if name is None:
            return Path(text)
        home = str(text).split("/", 1)[0]
        raise InvalidValue(
            _("{name} {path}: there is no home folder {home}").format(
                name=name, path=text, home=repr(home)
            ),
            _("write the path in full, e.g. /home/NAME/..."),
        ) from None
