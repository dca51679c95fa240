"""Register profiles: what a register counts, and the minima that hold for one registration.

The profiles are TOML files (read by profile_file): built-in ones in the package's `profiles/`
folder, a person's own in the folder `registers/` beside the config file. A rule the
sources do not settle is a setting: a category without `minimum` (and without
`no_minimum = true`) takes its minimum from the config file, as does a cap marked
`cap_setting = true`; `[registers.KEY]` in the config file may override any minimum and cap.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from leerlog.domain.errors import ConfigError, InvalidValue
from leerlog.domain.words import nearest
from leerlog.i18n import _, language


@dataclass(frozen=True)
class Category:
    """One category of a register: what counts in it, and its minimum and cap in points."""

    key: str
    labels: Mapping[str, str]
    minimum: int | None  # None: none, or a setting that is not given (see minimum_setting)
    cap: int | None
    types: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    accredited: bool = False
    minimum_setting: bool = False  # the minimum comes from the config file
    cap_setting: bool = False  # the cap comes from the config file

    @property
    def label(self) -> str:
        return _label(self.labels)


@dataclass(frozen=True)
class Rule:
    """Minima that hold instead of the usual ones when the period ends before a date."""

    ends_before: dt.date
    minimum_total: int | None
    minimum: Mapping[str, int]


@dataclass(frozen=True)
class Profile:
    """A register: its categories in file order, its period and its own rules."""

    key: str
    labels: Mapping[str, str]
    sources: tuple[str, ...]
    checked: dt.date
    years: int
    minutes_per_point: int
    excluded_types: tuple[str, ...]
    minimum_total: int | None
    categories: tuple[Category, ...]
    rules: tuple[Rule, ...] = ()
    path: Path | None = None  # where an own profile was read from; None for a built-in one

    @property
    def label(self) -> str:
        return _label(self.labels)

    @property
    def builtin(self) -> bool:
        return self.path is None


def _label(labels: Mapping[str, str]) -> str:
    return labels.get(language()[0]) or labels.get("en") or next(iter(labels.values()))


# -- the rules that hold for one registration ----------------------------------------------------


def effective(profile: Profile, period_end: dt.date, config: Mapping[str, Any]) -> Profile:
    """PROFILE with the minima that hold for a period ending on PERIOD_END: its date rules, then
    the config file's `[registers.KEY]` (CONFIG, checked by check_config)."""
    minimum: dict[str, int] = {}
    total = profile.minimum_total
    for rule in profile.rules:
        if period_end < rule.ends_before:
            minimum.update(rule.minimum)
            if rule.minimum_total is not None:
                total = rule.minimum_total
            break
    minimum.update(config.get("minimum", {}))
    caps: dict[str, int] = dict(config.get("cap", {}))
    if "minimum_total" in config:
        total = int(config["minimum_total"])
    categories = tuple(
        replace(
            category,
            minimum=minimum.get(category.key, category.minimum),
            cap=caps.get(category.key, category.cap),
            minimum_setting=category.minimum_setting and category.key not in minimum,
            cap_setting=category.cap_setting and category.key not in caps,
        )
        for category in profile.categories
    )
    return replace(profile, minimum_total=total, categories=categories)


def check_config(
    profiles: Mapping[str, Profile], config: Mapping[str, Mapping[str, Any]], where: str
) -> None:
    """The config file's [registers.KEY] tables name registers and categories that exist."""
    for key, table in config.items():
        if key not in profiles:
            message = _("[registers.{key}] in {path}: there is no such register").format(
                key=key, path=where
            )
            suggestion = nearest(key, list(profiles))
            if suggestion is not None:
                message = _("{problem}; did you mean {suggestion}?").format(
                    problem=message, suggestion=repr(suggestion)
                )
            raise ConfigError(message, _("the registers: {keys}").format(keys=", ".join(profiles)))
        keys = [category.key for category in profiles[key].categories]
        for name in ("minimum", "cap"):
            for category in table.get(name, {}):
                if category not in keys:
                    raise ConfigError(
                        _(
                            "[registers.{profile}] {table} in {path}: unknown category {value}"
                        ).format(profile=key, table=name, path=where, value=repr(category)),
                        _("the categories of {profile} are {keys}").format(
                            profile=key, keys=", ".join(keys)
                        ),
                    )


def unknown_profile(key: str, profiles: Mapping[str, Profile]) -> InvalidValue:
    """The error for a profile key that names no profile, with the nearest name."""
    message = _("unknown register {value}").format(value=repr(key))
    suggestion = nearest(key, list(profiles))
    if suggestion is not None:
        message = _("{problem}; did you mean {suggestion}?").format(
            problem=message, suggestion=repr(suggestion)
        )
    return InvalidValue(
        message,
        _("the registers: {keys}; run 'leerlog register list'").format(keys=", ".join(profiles)),
    )
