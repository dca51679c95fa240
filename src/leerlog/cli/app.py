"""The root command: global options, and the one place where errors become exit codes."""

# No `from __future__ import annotations` here: typer reads these signatures on every run, and
# string annotations make it evaluate each Annotated[...] four times (with a compile each).

import importlib
import os
import sys
import traceback
from collections.abc import Iterator, Mapping, Sequence
from typing import Annotated, Any

import typer
from typer._click import Command
from typer.core import TyperGroup

from leerlog import __version__
from leerlog.cli.common import runtime
from leerlog.cli.help import TranslatedHelp, doc
from leerlog.domain.errors import LeerlogError
from leerlog.i18n import _
from leerlog.terminal.safe import cell


def _fail(message: str, hint: str | None, code: int) -> int:
    # Messages quote what people typed and what the file holds: escaped, one line each.
    sys.stderr.write(_("Error: {message}").format(message=cell(message)) + "\n")
    if hint:
        sys.stderr.write(_("Hint: {hint}").format(hint=cell(hint)) + "\n")
    return code


# Every top-level command and the module that registers it, in the order `leerlog --help` lists
# them (the framework lists plain commands before groups). A run imports and builds only the
# command it uses: building them all cost more start-up time than most commands take to run.
COMMANDS: dict[str, str] = {
    "add": "entries", "list": "entries", "edit": "entries", "delete": "entries",
    "undo": "entries", "report": "report", "import": "transfer", "sync": "sync",
    "config": "admin", "backup": "admin", "export": "transfer", "types": "admin", "people": "admin",
}  # fmt: skip

_registered: dict[str, typer.Typer] = {}


def registered(module: str) -> typer.Typer:
    """The commands MODULE registers, collected once per process (its groups are module-level)."""
    if module not in _registered:
        collected = typer.Typer()
        importlib.import_module(f"leerlog.cli.{module}").register(collected)
        _registered[module] = collected
    return _registered[module]


def build(name: str) -> Command:
    """The click command NAME, built exactly as the framework builds a registered one."""
    collected = registered(COMMANDS[name])
    style: dict[str, Any] = {
        "pretty_exceptions_short": app.pretty_exceptions_short,
        "rich_markup_mode": app.rich_markup_mode,
    }
    for info in collected.registered_commands:
        if info.name == name:
            return typer.main.get_command_from_info(info, **style)
    for group in collected.registered_groups:
        if group.name == name:
            return typer.main.get_group_from_info(
                group, suggest_commands=app.suggest_commands, **style
            )
    raise KeyError(name)


class LazyCommands(Mapping[str, Command]):
    """The root's commands by name; each is built on first use, the names are known up front."""

    def __init__(self) -> None:
        self._built: dict[str, Command] = {}

    def __getitem__(self, name: str) -> Command:
        if name not in COMMANDS:
            raise KeyError(name)
        if name not in self._built:
            self._built[name] = build(name)
        return self._built[name]

    def __iter__(self) -> Iterator[str]:
        return iter(COMMANDS)

    def __len__(self) -> int:
        return len(COMMANDS)


class LeerlogGroup(TranslatedHelp, TyperGroup):
    """Runs a command and turns every expected problem into one or two plain lines."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = LazyCommands()  # type: ignore[assignment]

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        **extra: Any,
    ) -> Any:
        from typer import exceptions as typer_errors
        from typer._click import exceptions as click_errors

        args = list(sys.argv[1:] if args is None else args)
        debug = "--debug" in args[: args.index("--")] if "--" in args else "--debug" in args
        extra.pop("standalone_mode", None)
        try:
            result = super().main(args, prog_name or "leerlog", standalone_mode=False, **extra)
            code = result if isinstance(result, int) else 0
        except LeerlogError as error:
            if debug:
                traceback.print_exc()
            code = _fail(error.message, error.hint, error.exit_code)
        except click_errors.UsageError as error:
            command = error.ctx.command_path if error.ctx else "leerlog"
            from leerlog.cli.usage_errors import translate_usage_error

            message = translate_usage_error(error).rstrip(".")
            code = _fail(message, _("run '{command} --help' to see how").format(command=command), 2)
        except click_errors.ClickException as error:
            code = _fail(error.format_message(), None, error.exit_code)
        except typer_errors.Abort:
            code = _fail(_("stopped; nothing was changed"), None, 1)
        except Exception as error:
            if debug:
                traceback.print_exc()
            code = _fail(
                _("unexpected problem: {kind}: {error}").format(
                    kind=type(error).__name__, error=error
                ),
                _("run the command again with --debug to see the traceback, and report it"),
                1,
            )
        sys.exit(code)


app = typer.Typer(
    cls=LeerlogGroup,
    name="leerlog",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"leerlog {__version__}")
        raise typer.Exit()


def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar=_("PATH"),
            help=_("The database file (default: LEERLOG_DB, config, user data folder)."),
        ),
    ] = None,
    person: Annotated[
        str | None,
        typer.Option(
            "--person",
            metavar=_("NAME"),
            help=_("Who you are (default: LEERLOG_PERSON, config, login name)."),
        ),
    ] = None,
    debug: Annotated[
        bool, typer.Option("--debug", help=_("Show a traceback when something fails."))
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help=_("Show the version.")),
    ] = False,
) -> None:
    """A logbook for workplace learning: log what you learned, see your 70:20:10 balance.

    \b
    Example:
      leerlog add intervisie "Casus over schuldhulp" -m 1u30
      leerlog list
    """
    rt = runtime(ctx)
    rt.db_option, rt.person_option = db, person
    ctx.call_on_close(rt.close)


app.callback(help=doc(root))(root)


def main() -> None:
    """Console entry point."""
    # leerlog's models validate for leerlog alone. Without this, building the first one makes
    # pydantic read the metadata of every installed package in search of plugins (about 7 ms
    # of each run); typer's own validators skip that search the same way. A value set by the
    # person running leerlog stays.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    typer.main.get_command(app).main()
