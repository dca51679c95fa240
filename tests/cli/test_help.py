"""Every command explains itself: `--help` with an example, help on every option, --version."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest
import typer

from leerlog import __version__
from leerlog.cli.app import app

if TYPE_CHECKING:
    from conftest import Run


def walk(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every command of the tree, the root included, with the words that reach it."""
    yield path, command
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from walk(sub, (*path, name))


COMMANDS = list(walk(typer.main.get_command(app)))
PATHS = [path for path, _ in COMMANDS]
OPTIONS = [
    (path, param)
    for path, command in COMMANDS
    for param in command.params
    if param.param_type_name == "option"
]


def test_the_tree_has_every_command() -> None:
    expected = {
        (), ("add",), ("list",), ("show",), ("edit",), ("delete",), ("undo",), ("start",),
        ("stop",), ("status",), ("cancel",), ("config",),
        ("types",), ("types", "add"), ("people",), ("people", "set"), ("people", "list"),
        ("session",), ("session", "add"), ("session", "list"), ("session", "show"),
        ("session", "delete"), ("session", "sheet"),
    }  # fmt: skip
    assert expected <= set(PATHS)


@pytest.mark.parametrize("path", PATHS, ids=lambda path: " ".join(path) or "leerlog")
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_has_an_example(run: Run, path: tuple[str, ...], flag: str) -> None:
    result = run(*path, flag)
    assert result.exit_code == 0, result.stderr
    assert "Example" in result.stdout
    examples = [line.split() for line in result.stdout.splitlines() if line.strip()]
    examples = [words for words in examples if words[0] == "leerlog"]
    # At least one example line shows this very command.
    assert any(words[: 1 + len(path)] == ["leerlog", *path] for words in examples), result.stdout


@pytest.mark.parametrize(
    ("path", "param"), OPTIONS, ids=[f"{' '.join(p) or 'leerlog'} {o.opts[0]}" for p, o in OPTIONS]
)
def test_every_option_has_help(run: Run, path: tuple[str, ...], param: Any) -> None:
    assert param.help and param.help.strip()
    result = run(*path, "--help")
    assert param.opts[0] in result.stdout


@pytest.mark.parametrize("args", [["--version"], ["--version", "list"]])
def test_version(run: Run, args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 0
    assert result.stdout == f"leerlog {__version__}\n"


def test_no_arguments_shows_help(run: Run) -> None:
    result = run()
    assert "Usage" in result.stdout + result.stderr
    assert "Example" in result.stdout + result.stderr


def _help_texts(command: Any) -> dict[tuple[str, ...], str]:
    """The help of every command in the tree, each in its own context chain."""
    from typer._click import Context

    texts = {}
    for path, sub in walk(command):
        ctx = Context(command, info_name="leerlog")
        node = command
        for name in path:
            node = node.commands[name]
            ctx = Context(node, info_name=name, parent=ctx)
        assert node is sub
        texts[path] = sub.get_help(ctx)
    return texts


def test_commands_built_on_demand_match_the_whole_tree_built_up_front() -> None:
    """A run builds only its own command; the tree, its order and every help stay the same."""
    from leerlog.cli.app import COMMANDS, registered, root
    from leerlog.cli.help import HelpGroup

    eager = typer.Typer(cls=HelpGroup, name="leerlog", add_completion=False, rich_markup_mode=None)
    eager.callback(help=app.registered_callback.help)(root)  # type: ignore[union-attr]
    # The modules in the order they used to register on the root at import.
    modules = (
        "add",
        "listing",
        "changes",
        "timers",
        "report",
        "transfer",
        "sync",
        "admin",
        "people",
        "sessions",
        "proof",
        "registers",
    )
    for module in modules:
        collected = registered(module)
        eager.registered_commands += collected.registered_commands
        eager.registered_groups += collected.registered_groups
    lazy, built = typer.main.get_command(app), typer.main.get_command(eager)
    assert list(lazy.commands) == list(built.commands) == list(COMMANDS)  # type: ignore[attr-defined]
    assert _help_texts(lazy) == _help_texts(built)
