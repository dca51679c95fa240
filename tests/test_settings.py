"""Effective settings: option > environment > config > default, config errors, and "today"."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from leerlog.domain.errors import ConfigError, InvalidValue
from leerlog.settings import DEFAULT_TARGET, Settings, load

if TYPE_CHECKING:
    from conftest import Run

# Where each setting can come from, strongest first; the last source is the fallback.
SOURCES = {
    "db": ("--db", "LEERLOG_DB", "config", "default"),
    "person": ("--person", "LEERLOG_PERSON", "config", "login name"),
}
LOGIN = "login-user"


@pytest.fixture(autouse=True)
def fixed_login(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("leerlog.settings.login_name", lambda: LOGIN)


def write_config(path: Path, values: dict[str, str]) -> Path:
    path.write_text("".join(f"{key} = {json.dumps(value)}\n" for key, value in values.items()))
    return path


def load_from(
    tmp_path: Path,
    options: dict[str, str] | None = None,
    env: dict[str, str] | None = None,
    config: dict[str, str] | None = None,
) -> Settings:
    """load() with exactly these options, environment variables and config keys."""
    config_file = write_config(tmp_path / "settings.toml", config or {})
    options = options or {}
    return load(
        db_option=options.get("--db"),
        person_option=options.get("--person"),
        env={"LEERLOG_CONFIG": str(config_file), **(env or {})},
    )


def value_from(tmp_path: Path, key: str, source: str) -> str:
    """A value that tells where it came from."""
    name = source.strip("-").lower().replace(" ", "-")
    return str(tmp_path / f"{name}.db") if key == "db" else f"{name}-person"


@pytest.mark.parametrize("key", sorted(SOURCES))
@pytest.mark.parametrize("strongest", [0, 1, 2, 3])
def test_the_strongest_given_source_wins(tmp_path: Path, key: str, strongest: int) -> None:
    option, variable, _, _ = SOURCES[key]
    given = SOURCES[key][strongest:3]
    settings = load_from(
        tmp_path,
        options={option: value_from(tmp_path, key, option)} if option in given else {},
        env={variable: value_from(tmp_path, key, variable)} if variable in given else {},
        config={key: value_from(tmp_path, key, "config")} if "config" in given else {},
    )
    setting = getattr(settings, key)
    source = SOURCES[key][strongest]
    assert setting.source == source
    if key == "person" and source == "login name":
        assert setting.value == LOGIN
    elif key == "db" and source == "default":
        assert Path(setting.value).parts[-2:] == ("leerlog", "leerlog.db")
    else:
        assert setting.value == value_from(tmp_path, key, source)


def test_settings_without_config_or_environment(tmp_path: Path) -> None:
    settings = load(env={"LEERLOG_CONFIG": str(tmp_path / "missing.toml")})
    assert settings.config_file == tmp_path / "missing.toml"
    assert settings.config_source == "LEERLOG_CONFIG"
    assert (settings.team.value, settings.team.source) == (None, "not set")
    assert (settings.target.value, settings.target.source) == (DEFAULT_TARGET, "default")
    assert settings.me == LOGIN


def test_every_config_key_is_used(tmp_path: Path) -> None:
    settings = load_from(
        tmp_path,
        config={"db": "/srv/team.db", "person": " bea ", "team": "Noord", "target": "60:25:15"},
    )
    assert [(s.value, s.source) for s in (settings.db, settings.person)] == [
        ("/srv/team.db", "config"),
        ("bea", "config"),
    ]
    assert (settings.team.value, settings.team.source) == ("Noord", "config")
    assert (settings.target.value, settings.target.source) == ("60:25:15", "config")
    assert settings.db_path == Path("/srv/team.db")


def test_a_blank_person_variable_is_passed_over(tmp_path: Path) -> None:
    settings = load_from(tmp_path, env={"LEERLOG_PERSON": "   "}, config={"person": "bea"})
    assert (settings.person.value, settings.person.source) == ("bea", "config")


def test_a_blank_person_option_is_a_usage_error(tmp_path: Path) -> None:
    settings = load_from(tmp_path, options={"--person": "  "}, env={"LEERLOG_PERSON": "piet"})
    with pytest.raises(InvalidValue):
        _ = settings.me


def test_no_login_name_and_no_person_is_a_config_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("leerlog.settings.login_name", lambda: None)
    settings = load_from(tmp_path)
    assert settings.person.source == "login name"
    with pytest.raises(ConfigError):
        _ = settings.me


@pytest.mark.parametrize("source", ["--db", "LEERLOG_DB", "config"])
def test_a_tilde_in_the_db_path_is_the_home_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: str
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    given = "~/logs/leerlog.db"
    settings = load_from(
        tmp_path,
        options={"--db": given} if source == "--db" else {},
        env={"LEERLOG_DB": given} if source == "LEERLOG_DB" else {},
        config={"db": given} if source == "config" else {},
    )
    assert settings.db.value == str(tmp_path / "logs" / "leerlog.db")
    assert settings.db.source == source


def test_a_tilde_in_the_config_path_is_the_home_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    write_config(tmp_path / "leerlog.toml", {"person": "bea"})
    settings = load(env={"LEERLOG_CONFIG": "~/leerlog.toml"})
    assert settings.config_file == tmp_path / "leerlog.toml"
    assert settings.person.value == "bea"


# --- config errors -------------------------------------------------------------------------------

BAD_CONFIGS = {
    "unknown key": b'colour = "red"\n',
    "misspelt key": b'persoon = "anna"\n',
    "bad toml": b"person = anna\n",
    "unclosed string": b'person = "anna\n',
    "number": b"person = 5\n",
    "boolean": b"db = true\n",
    "table": b'[db]\npath = "x"\n',
    "empty string": b'person = ""\n',
    "blank string": b'team = "   "\n',
    "target not summing to 100": b'target = "50:30:30"\n',
    "target not a target": b'target = "veel"\n',
    "undecodable bytes": b"\xff\xfe",
}


@pytest.mark.parametrize("content", BAD_CONFIGS.values(), ids=BAD_CONFIGS.keys())
def test_a_bad_config_file_is_a_usage_error(tmp_path: Path, content: bytes) -> None:
    config_file = tmp_path / "config.toml"
    config_file.write_bytes(content)
    with pytest.raises(ConfigError) as raised:
        load(env={"LEERLOG_CONFIG": str(config_file)})
    assert raised.value.exit_code == 2
    assert str(config_file) in raised.value.message
    assert raised.value.hint


def test_a_config_path_that_is_a_folder_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as raised:
        load(env={"LEERLOG_CONFIG": str(tmp_path)})
    assert raised.value.exit_code == 2


def test_the_cli_reports_a_bad_config_with_exit_2(run: Run, isolated: Path) -> None:
    (isolated / "config.toml").write_bytes(BAD_CONFIGS["unknown key"])
    result = run("list")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("Error: unknown key")
    assert "colour" in result.stderr
    assert "Traceback" not in result.stderr


# --- today ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("given", ["2026-11-27", " 2026-11-27 "])
def test_leerlog_today_fixes_today(tmp_path: Path, given: str) -> None:
    assert load_from(tmp_path, env={"LEERLOG_TODAY": given}).today == dt.date(2026, 11, 27)


@pytest.mark.parametrize("given", [{}, {"LEERLOG_TODAY": ""}])
def test_without_leerlog_today_today_is_the_system_date(
    tmp_path: Path, given: dict[str, str]
) -> None:
    before = dt.date.today()
    today = load_from(tmp_path, env=given).today
    assert today in {before, dt.date.today()}


@pytest.mark.parametrize("given", ["27-11-2026", "tomorrow", "2026-13-01", "2026-02-30"])
def test_a_bad_leerlog_today_is_a_usage_error(tmp_path: Path, given: str) -> None:
    with pytest.raises(ConfigError) as raised:
        load_from(tmp_path, env={"LEERLOG_TODAY": given})
    assert raised.value.exit_code == 2
    assert "LEERLOG_TODAY" in raised.value.message
