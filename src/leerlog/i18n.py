"""Translations: gettext catalogues (English message ids) and the language chosen once per process.

LEERLOG_LANG=nl|en > config `lang` (read by the reader the command line installs) > the locale
(LC_ALL, LC_MESSAGES, LANG starting with nl) > English. Only text for people is translated; CSV headers, JSON keys, category keys and exit
codes never change.
"""

from __future__ import annotations

import errno
import gettext
import os
from collections.abc import Callable
from pathlib import Path

DOMAIN = "leerlog"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("en", "nl")

_chosen: tuple[str, str] | None = None


def _no_config() -> str | None:
    return None


_config_language: Callable[[], str | None] = _no_config
_translation: gettext.NullTranslations | None = None


def read_config_with(reader: Callable[[], str | None]) -> None:
    """Let the command line say how to read the config file's `lang` (this module reads no
    files itself, so the domain can translate without depending on the settings)."""
    global _config_language
    _config_language = reader


def choose() -> tuple[str, str]:
    """The language and why: the first source that names a language leerlog speaks."""
    fixed = os.environ.get("LEERLOG_LANG", "").strip().lower()
    if fixed:
        return (fixed if fixed in LANGUAGES else "en"), "LEERLOG_LANG"
    configured = _config_language()
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


def team_name(team: str) -> str:
    """A team as people read it: 'team Noord', but 'Team Noord' stays as it is."""
    if team.casefold().startswith(("team ", "team-", "team_")) or team.casefold() == "team":
        return team
    return _("team {team}").format(team=team)


# Why the system refused a file, for the reasons people meet; the rest keep the system's words.
_OS_REASONS = {
    errno.ENOENT: N_("no such file or folder"),
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("permission denied"),
    errno.EISDIR: N_("it is a folder"),
    errno.ENOTDIR: N_("a part of the path is not a folder"),
    errno.ENOSPC: N_("the disk is full"),
    errno.EROFS: N_("the file system is read-only"),
    errno.EEXIST: N_("it exists already"),
    errno.ENAMETOOLONG: N_("the name is too long"),
    errno.EBADF: N_("no such open file"),
    errno.EPIPE: N_("the reader has gone"),
    errno.ENXIO: N_("no such device, or no reader of it"),
}


def os_reason(error: OSError) -> str:
    """Why the system refused, in the chosen language; English keeps the system's own words."""
    reason = error.strerror or str(error)
    if language()[0] == "en" or error.errno not in _OS_REASONS:
        return reason
    return _(_OS_REASONS[error.errno])
