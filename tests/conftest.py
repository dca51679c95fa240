"""Every test runs against its own database and config, on a fixed day, without colour."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

# The language is chosen when the commands are defined; the tests read English unless a test
# runs leerlog in a subprocess with another LEERLOG_LANG.
os.environ["LEERLOG_LANG"] = "en"

from leerlog.cli.app import app

TODAY = "2026-11-27"


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point LEERLOG_DB and LEERLOG_CONFIG into tmp_path and fix today, person and terminal."""
    monkeypatch.setenv("LEERLOG_DB", str(tmp_path / "data" / "leerlog.db"))
    monkeypatch.setenv("LEERLOG_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("LEERLOG_TODAY", TODAY)
    monkeypatch.delenv("LEERLOG_NOW", raising=False)  # the clock, unless a test fixes it
    monkeypatch.setenv("LEERLOG_PERSON", "anna")
    monkeypatch.setenv("LEERLOG_LANG", "en")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    return tmp_path


@pytest.fixture
def db_path(isolated: Path) -> Path:
    return isolated / "data" / "leerlog.db"


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


Run = Callable[..., Result]


@pytest.fixture
def run() -> Run:
    """Run leerlog in-process, as a person would type it; stdout and stderr kept apart."""

    def invoke(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
        result = CliRunner().invoke(app, list(args), input=input, env=env)
        return Result(result.exit_code, result.stdout, result.stderr)

    return invoke


@pytest.fixture
def dutch(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """leerlog in this process speaks Dutch for the test, and English again after it."""
    from leerlog import i18n

    monkeypatch.setenv("LEERLOG_LANG", "nl")
    i18n.reset()
    yield
    monkeypatch.setenv("LEERLOG_LANG", "en")
    i18n.reset()


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend a person sits at a terminal, so prompts are allowed."""
    monkeypatch.setattr("leerlog.cli.common.interactive", lambda: True)


def leerlog_executable() -> str:
    """The installed console script next to this Python, as cron would call it."""
    return str(Path(sys.executable).parent / "leerlog")


@pytest.fixture
def subprocess_env(isolated: Path) -> dict[str, str]:
    return dict(os.environ)
