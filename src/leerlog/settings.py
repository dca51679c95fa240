"""Effective settings: command-line options, environment, config file, defaults, and "today"."""

from __future__ import annotations

import datetime as dt
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from leerlog.domain.errors import ConfigError, InvalidValue
from leerlog.domain.text import user_path
from leerlog.domain.toml_errors import toml_reason
from leerlog.i18n import N_, _, os_reason

CONFIG_KEYS = ("db", "person", "team", "target", "lang", "lrs", "registers")
LANGUAGES = ("en", "nl")
LRS_KEYS = ("endpoint", "username", "homepage", "map")
REGISTER_KEYS = ("minimum", "cap", "minimum_total")
MAX_POINTS = 100_000
DEFAULT_TARGET = "70:20:10"
MAX_CONFIG_BYTES = 1024 * 1024
Registers = dict[str, dict[str, Any]]  # [registers.KEY] tables, see _registers


@dataclass(frozen=True)
class Setting:
    """A value and where it came from, for `leerlog config`."""

    value: str | None
    source: str


def config_path(env: Mapping[str, str]) -> tuple[Path, str]:
    """Where the config file is, and why there."""
    if env.get("LEERLOG_CONFIG"):
        return user_path(env["LEERLOG_CONFIG"]), "LEERLOG_CONFIG"  # see check_config_file
    import platformdirs

    return platformdirs.user_config_path("leerlog", appauthor=False) / "config.toml", "default"


def configured_language() -> str | None:
    """The config file's `lang`, read leniently (load reports a broken file), translating nothing:
    this runs while the language is being chosen."""
    path, _source = config_path(os.environ)
    try:
        value = _parse(path).get("lang")
    except _Unusable:
        return None
    return value.strip().lower() if isinstance(value, str) else None


class _Unusable(Exception):
    """Why the config file cannot be read: a _REASONS key, or the OSError or the TOML error, worded
    by config_toml once the language is chosen (which may read this very file)."""

    def __init__(self, reason: str | OSError | ValueError, *, parse: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.parse = parse  # read, but not TOML


_REASONS = {
    "folder": N_("it is a folder"),
    "special": N_("it is not a regular file"),
    "large": N_("it is larger than 1 MiB"),
    "deep": N_("it is nested too deeply"),
}


def _config_bytes(path: Path) -> bytes | None:
    """The config file's bytes, None when there is none; only a regular file of at most 1 MiB.

    Opened without blocking and checked before it is read: a FIFO would wait for a writer for
    ever, and a device such as /dev/zero never ends.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise _Unusable(error) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise _Unusable("folder")
        if not stat.S_ISREG(info.st_mode):
            raise _Unusable("special")
        chunks: list[bytes] = []
        size = 0
        while size <= MAX_CONFIG_BYTES:
            chunk = os.read(fd, MAX_CONFIG_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > MAX_CONFIG_BYTES:
            raise _Unusable("large")
        return b"".join(chunks)
    except OSError as error:
        raise _Unusable(error) from None
    finally:
        os.close(fd)


def _parse(path: Path) -> dict[str, Any]:
    raw = _config_bytes(path)
    if raw is None:
        return {}
    import tomllib  # only now: without a config file, a run never needs the TOML parser

    try:
        return tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise _Unusable(error, parse=True) from None
    except RecursionError:
        raise _Unusable("deep", parse=True) from None


def config_toml(path: Path) -> dict[str, Any]:
    """The config file parsed, {} when there is none; ConfigError when it cannot be read as TOML."""
    try:
        return _parse(path)
    except _Unusable as problem:
        reason = problem.reason
        if isinstance(reason, OSError):
            reason = os_reason(reason)
        elif isinstance(reason, ValueError):
            reason = toml_reason(reason)
        elif reason in _REASONS:
            reason = _(_REASONS[reason])
        if problem.parse:
            raise ConfigError(
                _("the config file {path} is not valid TOML: {error}").format(
                    path=path, error=reason
                ),
                _('write it as key = "value" lines, e.g. person = "anna"'),
            ) from None
        raise ConfigError(
            _("cannot read the config file {path}: {reason}").format(path=path, reason=reason),
            _("point LEERLOG_CONFIG at a TOML file of a few lines")
            if problem.reason in _REASONS
            else _("check its permissions"),
        ) from None


def check_config_file(env: Mapping[str, str]) -> None:
    """The config file, if any, can be read as TOML (and LEERLOG_CONFIG's ~NAME is a home). It
    decides the language of every message, so every run checks this, even --version; its keys
    are checked when settings are loaded."""
    if env.get("LEERLOG_CONFIG"):
        user_path(env["LEERLOG_CONFIG"], "LEERLOG_CONFIG")
    config_toml(config_path(env)[0])


def _read_config(path: Path) -> tuple[dict[str, str], Registers, dict[str, str]]:
    """The config file's text keys, its [registers.KEY] tables (see _registers) and [lrs.map]."""
    data = config_toml(path)
    unknown = sorted(set(data) - set(CONFIG_KEYS))
    if unknown:
        raise ConfigError(
            _("unknown key in {path}: {keys}").format(path=path, keys=", ".join(unknown)),
            _("the keys are {keys}").format(keys=", ".join(CONFIG_KEYS)),
        )
    registers = _registers(data.pop("registers", {}), path)
    lrs = data.pop("lrs", {})
    if not isinstance(lrs, dict) or set(lrs) - set(LRS_KEYS):
        raise ConfigError(
            _("[lrs] in {path} may only hold {keys}").format(path=path, keys=", ".join(LRS_KEYS)),
            _('write e.g. [lrs] endpoint = "https://lrs.example.org/xAPI/"'),
        )
    lrs_map = _lrs_map(lrs.pop("map", {}), path)
    data.update({f"lrs.{key}": value for key, value in lrs.items()})
    config: dict[str, str] = {}
    for key, value in data.items():
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(
                _("{key} in {path} must be non-empty text").format(key=key, path=path),
                _('write it as {key} = "..."').format(key=key),
            )
        config[key] = value.strip()
        if key in ("person", "team"):
            _check_name(key, config[key], path)
    if config.get("lang", "en").lower() not in LANGUAGES:
        raise ConfigError(
            _("lang in {path} must be en or nl, not {value}").format(
                path=path, value=repr(config["lang"])
            ),
            _('write lang = "nl" or lang = "en"'),
        )
    if "target" in config:
        check_target(config["target"], _("target in {path}").format(path=path))
    return config, registers, lrs_map


def _lrs_map(value: Any, path: Path) -> dict[str, str]:
    """[lrs.map]: verb or activity type IRI = category or type, as `leerlog pull` reads them."""
    table = value if isinstance(value, dict) else {"": value}
    for key, target in table.items():
        if table is not value or not isinstance(target, str) or not target.strip():
            name = f"lrs.map {key!r}" if key else "lrs.map"
            message = _("{name} in {path} must name a category or a type, as text")
            example = _('write e.g. [lrs.map] "http://adlnet.gov/expapi/verbs/attended" = "social"')
            raise ConfigError(message.format(name=name, path=path), example)
    return {key: target.strip() for key, target in table.items()}


def _points(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_POINTS


def _registers(value: Any, path: Path) -> dict[str, dict[str, Any]]:
    """[registers.KEY] tables: minimum and cap = { category = points }, minimum_total = points;
    only their shape and numbers (where the profiles are read, which registers exist)."""
    example = _("write e.g. [registers.registerplein] minimum = { reflectie = 20 }")
    if not isinstance(value, dict):
        raise ConfigError(
            _("registers in {path} must be tables [registers.KEY]").format(path=path), example
        )
    tables: dict[str, dict[str, Any]] = {}
    for key, table in value.items():
        where = f"[registers.{key}]"
        if not isinstance(table, dict) or set(table) - set(REGISTER_KEYS):
            raise ConfigError(
                _("{table} in {path} may only hold {keys}").format(
                    table=where, path=path, keys=", ".join(REGISTER_KEYS)
                ),
                example,
            )
        for name in ("minimum", "cap"):
            numbers = table.get(name, {})
            if not isinstance(numbers, dict) or not all(map(_points, numbers.values())):
                raise ConfigError(
                    _("{name} in {table} in {path} must be {{ category = points, ... }}").format(
                        name=name, table=where, path=path
                    ),
                    _("points are whole numbers from 0 to {high}").format(high=MAX_POINTS),
                )
        if "minimum_total" in table and not _points(table["minimum_total"]):
            raise ConfigError(
                _("minimum_total in {table} in {path} must be a whole number of points").format(
                    table=where, path=path
                ),
                _("points are whole numbers from 0 to {high}").format(high=MAX_POINTS),
            )
        tables[key] = table
    return tables


def _check_name(key: str, value: str, path: Path) -> None:
    """A config person or team follows the rules for names in the file."""
    from leerlog.domain.text import name_problem

    problem = name_problem(value)
    if problem is not None:
        raise ConfigError(
            _("{key} in {path} {problem}").format(key=key, path=path, problem=problem),
            _("a name is visible text of at most 100 characters"),
        )


def check_target(text: str, where: str) -> None:
    """A target that cannot be used is a configuration error."""
    from leerlog.domain.balance import parse_target

    try:
        parse_target(text)
    except InvalidValue as error:
        # TRANSLATORS: {where} is e.g. "target in /path/config.toml", {problem} what is wrong.
        message = _("{where}: {problem}").format(where=where, problem=error.message)
        raise ConfigError(message, error.hint) from None


def check_language(env: Mapping[str, str]) -> None:
    """LEERLOG_LANG names a language leerlog speaks, or is not set."""
    value = env.get("LEERLOG_LANG", "").strip().lower()
    if value and value not in LANGUAGES:
        raise ConfigError(
            _("LEERLOG_LANG must be en or nl, not {value}").format(value=repr(env["LEERLOG_LANG"])),
            _("set it to nl or en, or unset it"),
        )


def today(env: Mapping[str, str]) -> dt.date:
    """Today, or the date fixed by LEERLOG_TODAY (else by LEERLOG_NOW) for reproducible runs."""
    fixed = env.get("LEERLOG_TODAY")
    if not fixed:
        return now(env).date() if env.get("LEERLOG_NOW") else dt.date.today()
    try:
        return dt.date.fromisoformat(fixed.strip())
    except ValueError:
        raise ConfigError(
            _("LEERLOG_TODAY is not a date: {value}").format(value=repr(fixed)),
            _("set it as YYYY-MM-DD, or unset it"),
        ) from None


def now(env: Mapping[str, str]) -> dt.datetime:
    """Now, in the local time zone: LEERLOG_NOW (an ISO local date and time, for reproducible
    runs), else the clock, on the date LEERLOG_TODAY fixes when only that is set (for timers)."""
    fixed = env.get("LEERLOG_NOW")
    if not fixed:
        clock = dt.datetime.now()
        if env.get("LEERLOG_TODAY"):
            clock = dt.datetime.combine(today(env), clock.time())
        return clock.astimezone()
    try:
        if len(fixed.strip()) <= len("YYYY-MM-DD"):
            raise ValueError("a date without a time")
        # A time without an offset is local time; one with an offset is moved into local time.
        return dt.datetime.fromisoformat(fixed.strip()).astimezone()
    except ValueError:
        raise ConfigError(
            _("LEERLOG_NOW is not a date and time: {value}").format(value=repr(fixed)),
            _("set it as YYYY-MM-DDTHH:MM (local time), or unset it"),
        ) from None


def login_name() -> str | None:
    """The operating system's login name, if it can be found."""
    import getpass

    try:
        return getpass.getuser() or None
    except (OSError, KeyError, ImportError):
        return None


@dataclass(frozen=True)
class Settings:
    """What every command needs to know before it touches data."""

    db: Setting
    person: Setting
    team: Setting
    target: Setting
    config_file: Path
    config_source: str
    today: dt.date
    lrs: dict[str, str]  # endpoint, username, homepage, as far as configured
    # When the settings were read: LEERLOG_NOW, or the clock (see now()).
    now: dt.datetime = field(default_factory=lambda: dt.datetime.now().astimezone())
    # [registers.KEY] of the config file: a register's minima and caps (see _registers).
    registers: dict[str, dict[str, Any]] = field(default_factory=dict)
    lrs_map: dict[str, str] = field(default_factory=dict)  # [lrs.map], see _lrs_map

    @property
    def db_path(self) -> Path:
        return Path(self.db.value or "")

    @property
    def me(self) -> str:
        if not self.person.value and self.person.source == "--person":
            raise InvalidValue(_("the person is empty"), _("give a name with --person NAME"))
        if not self.person.value:
            raise ConfigError(
                _("cannot tell who you are"), _("use --person NAME or set LEERLOG_PERSON")
            )
        return self.person.value


def load(
    db_option: str | None = None,
    person_option: str | None = None,
    env: Mapping[str, str] | None = None,
) -> Settings:
    """Resolve every setting in the contract's order: option > environment > config > default."""
    env = os.environ if env is None else env
    check_language(env)
    path, path_source = config_path(env)
    config, registers, lrs_map = _read_config(path)
    if db_option:
        db = Setting(str(user_path(db_option, "--db")), "--db")
    elif env.get("LEERLOG_DB"):
        db = Setting(str(user_path(env["LEERLOG_DB"], "LEERLOG_DB")), "LEERLOG_DB")
    elif "db" in config:
        db = Setting(str(user_path(config["db"], "db")), "config")
    else:
        import platformdirs

        default = platformdirs.user_data_path("leerlog", appauthor=False) / "leerlog.db"
        db = Setting(str(default), "default")
    if person_option is not None:
        person = Setting(person_option.strip(), "--person")
    elif env.get("LEERLOG_PERSON", "").strip():
        person = Setting(env["LEERLOG_PERSON"].strip(), "LEERLOG_PERSON")
    elif "person" in config:
        person = Setting(config["person"], "config")
    else:
        person = Setting(login_name(), "login name")
    team = Setting(config["team"], "config") if "team" in config else Setting(None, "not set")
    has_target = "target" in config
    target = Setting(config.get("target", DEFAULT_TARGET), "config" if has_target else "default")
    lrs = {key[4:]: value for key, value in config.items() if key.startswith("lrs.")}
    return Settings(
        db, person, team, target, path, path_source, today(env), lrs, now(env), registers, lrs_map
    )
