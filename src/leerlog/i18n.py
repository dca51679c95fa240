"""Translations: gettext catalogues (English message ids) and the language chosen once per process.

LEERLOG_LANG=nl|en > config `lang` > the locale (LC_ALL, LC_MESSAGES, LANG starting with nl) >
English. Only text for people is translated; CSV headers, JSON keys, category keys and exit
codes never change.
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path

DOMAIN = "leerlog"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("en", "nl")

_chosen: tuple[str, str] | None = None
_translation: gettext.NullTranslations | None = None


def _from_config() -> str | None:
    """The config file's `lang`, read leniently: a broken file is reported by settings later."""
    from leerlog.settings import config_path

    path, _source = config_path(os.environ)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, ValueError):
        return None
    import tomllib  # only now: without a config file, a run never needs the TOML parser

    try:
        value = tomllib.loads(text).get("lang")
    except ValueError:
        return None
    return value.strip().lower() if isinstance(value, str) else None


def choose() -> tuple[str, str]:
    """The language and why: the first source that names a language leerlog speaks."""
    fixed = os.environ.get("LEERLOG_LANG", "").strip().lower()
    if fixed:
        return (fixed if fixed in LANGUAGES else "en"), "LEERLOG_LANG"
    configured = _from_config()
    if configured in LANGUAGES:
        return str(configured), "config"
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            # The first locale variable that is set decides, as in the C library.
            return ("nl" if value.lower().startswith("nl") else "en"), name
    return "en", "default"


def language() -> tuple[str, str]:
    global _chosen
    if _chosen is None:
        _chosen = choose()
    return _chosen


def _catalogue() -> gettext.NullTranslations:
    global _translation
    if _translation is None:
        lang, _source = language()
        # The message ids are the English texts, so English needs no catalogue to be looked up.
        _translation = (
            gettext.NullTranslations()
            if lang == "en"
            else gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)
        )
    return _translation


def _(message: str) -> str:
    """The message in the chosen language (the English text is the message id)."""
    return _catalogue().gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return _catalogue().ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark a message for extraction without translating it; translate it later, at use time."""
    return message


def reset() -> None:
    """Choose again (tests switch languages within one process)."""
    global _chosen, _translation
    _chosen = None
    _translation = None


def decimal() -> str:
    """The decimal sign people read: a comma in Dutch."""
    return "," if language()[0] == "nl" else "."
