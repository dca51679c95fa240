"""Register profile files found and read: each problem named with its file, line and reason.

tomllib's message carries the line of a syntax error; for a value that breaks a rule (a missing
key, an unknown type or 70:20:10 category, a bad number) the line of the offending key is found
in the file's text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from leerlog.domain.categories import BUILTIN_TYPES, CATEGORIES
from leerlog.domain.errors import ConfigError
from leerlog.domain.words import nearest
from leerlog.i18n import _
from leerlog.registers.profile import Category, Profile, Rule

MAX_PROFILE_BYTES = 1024 * 1024
_KEY = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")


def builtin_folder() -> Path:
    """The folder of the profiles that ship with leerlog."""
    return Path(__file__).with_name("profiles")


def own_folder(config_file: Path) -> Path:
    """Where a person's own profiles are: the folder `registers/` beside the config file."""
    return config_file.parent / "registers"


def load_all(own: Path | None, type_keys: Iterable[str] = ()) -> dict[str, Profile]:
    """Every profile by key, built-in ones first; TYPE_KEYS are the log's own types.

    An own profile with the key of a built-in one is refused: the built-in rules would be
    silently replaced, and a dossier would claim rules the register does not have.
    """
    known = {*BUILTIN_TYPES, *type_keys}
    profiles: dict[str, Profile] = {}
    for path in sorted(builtin_folder().glob("*.toml")):
        profile = read_profile(path, known, builtin=True)
        profiles[profile.key] = profile
    if own is None or not own.is_dir():
        return profiles
    for path in sorted(own.glob("*.toml")):
        profile = read_profile(path, known, builtin=False)
        if profile.key in profiles:
            earlier = profiles[profile.key]
            raise ConfigError(
                _("{path}: the register {key} exists already ({where})").format(
                    path=path,
                    key=repr(profile.key),
                    where=_("built in") if earlier.builtin else str(earlier.path),
                ),
                _("give the profile another key, e.g. {key}").format(key=f"{profile.key}-eigen"),
            )
        profiles[profile.key] = profile
    return profiles


def _bytes(path: Path) -> bytes:
    """The file's bytes: a regular file of at most 1 MiB, opened without blocking (a FIFO
    named like a profile would otherwise wait for a writer for ever)."""
    import os
    import stat

    from leerlog.i18n import os_reason

    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise _problem(path, 1, _("it is not a regular file"))
            with os.fdopen(os.dup(fd), "rb") as stream:
                data = stream.read(MAX_PROFILE_BYTES + 1)
        finally:
            os.close(fd)
    except OSError as error:
        raise ConfigError(
            _("cannot read the register profile {path}: {reason}").format(
                path=path, reason=os_reason(error)
            ),
            _("check its permissions"),
        ) from None
    if len(data) > MAX_PROFILE_BYTES:
        raise _problem(path, 1, _("it is larger than 1 MiB"))
    return data


def _problem(path: Path, line: int, reason: str) -> ConfigError:
    return ConfigError(
        # TRANSLATORS: {path} is a register profile file, {line} a line number in it.
        _("register profile {path}, line {line}: {reason}").format(
            path=path, line=line, reason=reason
        ),
        _("correct the file, or move it out of {folder}").format(folder=path.parent),
    )


def read_profile(path: Path, known_types: Iterable[str], *, builtin: bool = False) -> Profile:
    """One profile file, checked; ConfigError naming the file, the line and the reason."""
    import tomllib

    from leerlog.domain.toml_errors import toml_reason

    raw = _bytes(path)
    try:
        text = raw.decode("utf-8")
        data = tomllib.loads(text)
    except UnicodeDecodeError:
        raise _problem(path, 1, _("it is not UTF-8 text")) from None
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"\(at line (\d+), column \d+\)$", str(error))  # not a key's text
        line = int(found.group(1)) if found else text.rstrip("\n").count("\n") + 1  # at its end
        reason = toml_reason(error, where=False)  # the line is said before it
        raise _problem(path, line, _("not valid TOML: {error}").format(error=reason)) from None
    except RecursionError:
        raise _problem(path, 1, _("it is nested too deeply")) from None
    reader = _Reader(path, text, set(known_types))
    return reader.profile(data, builtin)


class _Reader:
    """Checks a parsed profile, finding the line of each problem in the file's text."""

    def __init__(self, path: Path, text: str, known_types: set[str]) -> None:
        self.path = path
        self.lines = text.splitlines()
        self.known_types = known_types

    def line(self, key: str | None, table: str | None = None, index: int = 0) -> int:
        """The line of KEY (in the INDEX-th [[TABLE]] when given); the table's own line, or
        line 1, when the key is not written there."""
        start, end = 0, len(self.lines)
        if table is not None:
            headers = [n for n, text in enumerate(self.lines) if text.strip() == f"[[{table}]]"]
            if index < len(headers):
                start = headers[index]
                later = [
                    n for n, text in enumerate(self.lines) if n > start and text.startswith("[")
                ]
                end = later[0] if later else end
        else:
            tables = [n for n, text in enumerate(self.lines) if text.lstrip().startswith("[")]
            end = tables[0] if tables else end
        if key is not None:
            pattern = re.compile(rf"\s*(?:{re.escape(key)}|\"{re.escape(key)}\")\s*=")
            for n in range(start, end):
                if pattern.match(self.lines[n]):
                    return n + 1
        return start + 1 if table is not None else 1

    def fail(self, reason: str, key: str | None, table: str | None = None, index: int = 0) -> None:
        raise _problem(self.path, self.line(key, table, index), reason)

    def profile(self, data: dict[str, Any], builtin: bool) -> Profile:
        for key in ("key", "label", "sources", "checked", "years", "categories"):
            if key not in data:
                self.fail(_("the key {key} is missing").format(key=key), None)
        known = {
            "key", "label", "sources", "checked", "years", "minutes_per_point",
            "excluded_types", "minimum_total", "categories", "rules",
        }  # fmt: skip
        self._unknown(data, known, None)
        key = data["key"]
        if not isinstance(key, str) or not _KEY.fullmatch(key):
            self.fail(_("key must be lowercase letters, digits and dashes"), "key")
        checked = data["checked"]
        if not isinstance(checked, dt.date) or isinstance(checked, dt.datetime):
            self.fail(_("checked must be a date, e.g. 2026-12-02"), "checked")
        sources = data["sources"]
        if (
            not isinstance(sources, list)
            or not sources
            or not all(isinstance(s, str) and s.startswith("https://") for s in sources)
        ):
            self.fail(_("sources must be a list of https:// addresses"), "sources")
        categories = data["categories"]
        if not isinstance(categories, list) or not categories:
            self.fail(_("categories must be one or more [[categories]] tables"), "categories")
        read = tuple(self.category(item, n) for n, item in enumerate(categories))
        keys = [category.key for category in read]
        for n, category_key in enumerate(keys):
            if category_key in keys[:n]:
                self.fail(
                    _("the category {key} is there twice").format(key=repr(category_key)),
                    "key", "categories", n,
                )  # fmt: skip
        rules = data.get("rules", [])
        if not isinstance(rules, list):
            self.fail(_("rules must be [[rules]] tables"), "rules")
        total = data.get("minimum_total")
        return Profile(
            key=key,
            labels=self.labels(data["label"], "label"),
            sources=tuple(sources),
            checked=checked,
            years=self.number(data["years"], "years", None, 0, low=1, high=50),
            minutes_per_point=self.number(
                data.get("minutes_per_point", 60), "minutes_per_point", None, 0, low=1, high=6000
            ),
            excluded_types=self.types(data.get("excluded_types", []), "excluded_types", None, 0),
            minimum_total=None if total is None else self.number(total, "minimum_total", None, 0),
            categories=read,
            rules=tuple(self.rule(item, n, set(keys)) for n, item in enumerate(rules)),
            path=None if builtin else self.path,
        )

    def _unknown(
        self, data: dict[str, Any], known: set[str], table: str | None, n: int = 0
    ) -> None:
        for key in data:
            if key not in known:
                suggestion = nearest(key, sorted(known))
                reason = _("unknown key {key}").format(key=repr(key))
                if suggestion is not None:
                    reason = _("{problem}; did you mean {suggestion}?").format(
                        problem=reason, suggestion=repr(suggestion)
                    )
                self.fail(reason, key, table, n)

    def labels(self, value: Any, key: str, table: str | None = None, n: int = 0) -> dict[str, str]:
        if isinstance(value, str) and value.strip():
            return {"en": value.strip()}
        if (
            not isinstance(value, dict)
            or "en" not in value
            or not set(value) <= {"en", "nl"}
            or not all(isinstance(v, str) and v.strip() for v in value.values())
        ):
            self.fail(
                _('{key} must be text, or {{ en = "...", nl = "..." }}').format(key=key),
                key, table, n,
            )  # fmt: skip
        return {lang: text.strip() for lang, text in value.items()}

    def number(
        self, value: Any, key: str, table: str | None, n: int, low: int = 0, high: int = 100_000
    ) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.fail(
                _("{key} must be a whole number from {low} to {high}").format(
                    key=key, low=low, high=high
                ),
                key, table, n,
            )  # fmt: skip
        return int(value)

    def types(self, value: Any, key: str, table: str | None, n: int) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
            self.fail(_("{key} must be a list of type keys").format(key=key), key, table, n)
        for type_key in value:
            if type_key not in self.known_types:
                reason = _("unknown type {value}").format(value=repr(type_key))
                suggestion = nearest(type_key, sorted(self.known_types))
                if suggestion is not None:
                    reason = _("{problem}; did you mean {suggestion}?").format(
                        problem=reason, suggestion=repr(suggestion)
                    )
                self.fail(reason, key, table, n)
        return tuple(value)

    def category(self, data: Any, n: int) -> Category:
        table = "categories"
        if not isinstance(data, dict):
            self.fail(_("categories must be one or more [[categories]] tables"), "categories")
        known = {
            "key", "label", "minimum", "no_minimum", "cap", "cap_setting", "types", "categories",
            "accredited",
        }  # fmt: skip
        self._unknown(data, known, table, n)
        for key in ("key", "label"):
            if key not in data:
                self.fail(_("the key {key} is missing").format(key=key), None, table, n)
        key = data["key"]
        if not isinstance(key, str) or not _KEY.fullmatch(key):
            self.fail(_("key must be lowercase letters, digits and dashes"), "key", table, n)
        shares = data.get("categories", [])
        if not isinstance(shares, list) or not all(isinstance(c, str) for c in shares):
            self.fail(_("categories must be a list of 70:20:10 categories"), "categories", table, n)
        for share in shares:
            if share not in CATEGORIES:
                self.fail(
                    _("unknown 70:20:10 category {value}; the categories are {known}").format(
                        value=repr(share), known=", ".join(CATEGORIES)
                    ),
                    "categories", table, n,
                )  # fmt: skip
        types = self.types(data.get("types", []), "types", table, n)
        if not shares and not types:
            self.fail(_("the category counts nothing: give types or categories"), None, table, n)
        flags = {}
        for flag in ("accredited", "no_minimum", "cap_setting"):
            flags[flag] = data.get(flag, False)
            if not isinstance(flags[flag], bool):
                self.fail(_("{key} must be true or false").format(key=flag), flag, table, n)
        minimum = data.get("minimum")
        if minimum is not None and flags["no_minimum"]:
            self.fail(_("minimum and no_minimum cannot be combined"), "minimum", table, n)
        cap = data.get("cap")
        return Category(
            key=key,
            labels=self.labels(data["label"], "label", table, n),
            minimum=None if minimum is None else self.number(minimum, "minimum", table, n),
            cap=None if cap is None else self.number(cap, "cap", table, n),
            types=types,
            categories=tuple(shares),
            accredited=flags["accredited"],
            minimum_setting=minimum is None and not flags["no_minimum"],
            cap_setting=flags["cap_setting"],
        )

    def rule(self, data: Any, n: int, keys: set[str]) -> Rule:
        table = "rules"
        if not isinstance(data, dict):
            self.fail(_("rules must be [[rules]] tables"), "rules")
        self._unknown(data, {"ends_before", "minimum_total", "minimum"}, table, n)
        ends = data.get("ends_before")
        if not isinstance(ends, dt.date) or isinstance(ends, dt.datetime):
            self.fail(_("ends_before must be a date, e.g. 2027-07-01"), "ends_before", table, n)
        minimum = data.get("minimum", {})
        if not isinstance(minimum, dict):
            self.fail(_("minimum must be {{ category = points, ... }}"), "minimum", table, n)
        for key, value in minimum.items():
            if key not in keys:
                self.fail(
                    _("unknown category {value}").format(value=repr(key)), "minimum", table, n
                )
            self.number(value, "minimum", table, n)
        total = data.get("minimum_total")
        return Rule(
            ends_before=ends,
            minimum_total=None if total is None else self.number(total, "minimum_total", table, n),
            minimum=dict(minimum),
        )
