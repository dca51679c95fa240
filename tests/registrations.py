"""register set and register status as the command-line tests drive them, and their JSON."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cli.conftest import Cli

# Registerplein's minima and its overig cap, as a user writes them in the config file.
REGISTERPLEIN = (
    b"[registers.registerplein]\n"
    b"minimum = { geaccrediteerd = 10, reflectie = 2 }\n"
    b"cap = { overig = 1 }\n"
    b"minimum_total = 12\n"
)


def status(cli: Cli, *args: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    result = cli.run("register", "status", "--format", "json", *args, env=env)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


def categories(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {category["key"]: category for category in data["categories"]}


def register(cli: Cli, *args: str) -> str:
    result = cli.run("register", "set", *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def reasons(data: dict[str, Any]) -> dict[str, str]:
    return {item["id"]: item["reason"] for item in data["not_counted"]}
