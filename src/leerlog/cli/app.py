"""The root command: global options, and the one place where errors become exit codes."""

# No `from __future__ import annotations` here: typer reads these signatures on every run, and
# string annotations make it evaluate each Annotated[...] four times (with a compile each).

import errno
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
from leerlog.cli import completion
from leerlog.cli.common import flush_quietly, output_error, runtime, silence_stdout
from leerlog.cli.help import TranslatedHelp, doc
from leerlog.domain.errors import LeerlogError
from leerlog.domain.escapes import cell
from leerlog.i18n import _, os_reason
from leerlog.settings import check_config_file


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
    "add": "add", "list": "listing", "show": "listing", "edit": "changes", "delete": "changes",
    "undo": "changes", "start": "timers", "stop": "timers", "status": "timers",
    "cancel": "timers", "report": "report", "import": "transfer", "sync": "sync", "pull": "sync",
    "config": "admin", "backup": "admin", "check": "admin", "reflect": "proof",
    "export": "transfer", "types": "admin", "people": "people", "session": "sessions",
    "evidence": "proof", "register": "registers",
}  # fmt: skip

_registered: dict[str, typer.Typer] = {}


def registered(module: str) -> typer.Typer:
    """The commands MODULE registers, collected once per process (its groups are module-level)."""
    if module not in _registered:
        collected = typer.Typer()
        importlib.import_module(f"leerlog.cli.commands.{module}").register(collected)
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
            command = typer.main.get_command_from_info(info, **style)
            completion.complete_ids(command)
            return command
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


class OutputFailed(Exception):
    """Stdout could not take the output; carried past the framework, which would exit 1 on a
    closed pipe."""

    def __init__(self, error: OSError) -> None:
        super().__init__(error)
        self.error = error


def _output_failed(error: OSError) -> int:
    """A closed pipe ends quietly (the reader has what it wanted); anything else is one line."""
    silence_stdout()
    if error.errno == errno.EPIPE:
        return 0
    return _fail(_("cannot write the output: {reason}").format(reason=os_reason(error)), None, 1)


def _unexpected(error: Exception, debug: bool) -> int:
    if isinstance(error, OSError) and output_error(error):  # from the last flush of stdout
        return _output_failed(error)
    if debug:
        traceback.print_exc()
    if isinstance(error, UnicodeEncodeError) and "surrogates" in error.reason:
        return _not_utf8(error)
    return _fail(
        _("unexpected problem: {kind}: {error}").format(kind=type(error).__name__, error=error),
        _("run the command again with --debug to see the traceback, and report it"),
        1,
    )


def _not_utf8(error: UnicodeEncodeError) -> int:
    """A text given in another encoding than UTF-8 (Python keeps its bytes as surrogates)."""
    text = str(error.object)[max(error.start - 20, 0) : error.end + 20]
    shown = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return _fail(
        _("a text holds characters that are not UTF-8: {text}").format(text=repr(shown)),
        _("set your terminal to UTF-8 and type it again"),
        2,
    )


class LeerlogGroup(TranslatedHelp, TyperGroup):
    """Runs a command and turns every expected problem into one or two plain lines."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = LazyCommands()  # type: ignore[assignment]

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return super().parse_args(ctx, completion.shell_named(ctx, args, _VALUED))  # type: ignore[no-any-return]

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)  # the root's --help and --version
        except OSError as error:
            if output_error(error):
                raise OutputFailed(error) from None
            raise

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except OSError as error:
            if output_error(error):
                raise OutputFailed(error) from None
            raise

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        **extra: Any,
    ) -> Any:
        from typer import exceptions as typer_errors
        from typer._click import exceptions as click_errors

        if os.environ.get(completion.COMPLETE_VAR):  # a shell asks what to offer at a Tab
            sys.exit(completion.respond(self))
        args = self.hoist(list(sys.argv[1:] if args is None else args))
        debug = "--debug" in args[: args.index("--")] if "--" in args else "--debug" in args
        extra.pop("standalone_mode", None)
        try:
            check_config_file(os.environ)
            result = super().main(args, prog_name or "leerlog", standalone_mode=False, **extra)
            code = result if isinstance(result, int) else 0
            sys.stdout.flush()  # here, not at exit, so a full disk is reported
        except LeerlogError as error:
            if debug:
                traceback.print_exc()
            code = _fail(error.message, error.hint, error.exit_code)
        except click_errors.UsageError as error:
            from leerlog.cli.usage_errors import command_path, translate_usage_error, usage_hint

            command = error.ctx.command_path if error.ctx else command_path(self, args)
            message = translate_usage_error(error).rstrip(".")
            code = _fail(message, usage_hint(error, args, command), 2)
        except click_errors.ClickException as error:
            code = _fail(error.format_message(), None, error.exit_code)
        except typer_errors.Abort:
            code = _fail(_("stopped; nothing was changed"), None, 1)
        except OutputFailed as failed:
            code = _output_failed(failed.error)
        except Exception as error:
            code = _unexpected(error, debug)
        if code:
            flush_quietly()  # what an interrupted command left in stdout's buffer
        sys.exit(code)

    def hoist(self, args: list[str]) -> list[str]:
        """--db, --person and --debug typed after the command name are the root's, unless the
        command has an option of that name itself (`add --person` is whose activity it is)."""
        end = args.index("--") if "--" in args else len(args)
        at = 0
        while at < end and args[at].startswith("-"):  # the root's own options come first
            at += 2 if args[at] in _VALUED else 1
        if at >= end or args[at] not in COMMANDS:
            return args
        command: Command = self.commands[args[at]]
        position = at + 1
        while isinstance(command, TyperGroup) and position < end:
            inner = command.commands.get(args[position])
            if inner is None:
                break
            command, position = inner, position + 1
        own = {name for param in command.params for name in param.opts}
        front: list[str] = []
        rest = args[: at + 1]
        index = at + 1
        while index < end:
            token = args[index]
            name = token.split("=", 1)[0]
            takes_value = name in _VALUED and "=" not in token
            # Without its value (the last word) it stays: the command then names what is missing.
            if name in _GLOBAL and name not in own and index + takes_value < end:
                front.extend(args[index : index + 1 + takes_value])
                index += 1 + takes_value
                continue
            rest.append(token)
            index += 1
        return front + rest + args[end:]


_VALUED = ("--db", "--person")
_GLOBAL = (*_VALUED, "--debug")


app = typer.Typer(
    cls=LeerlogGroup,
    name="leerlog",
    no_args_is_help=False,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(ctx: typer.Context, value: bool) -> None:
    if value and not ctx.resilient_parsing:  # not while a shell asks for completions
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
            autocompletion=completion.people,
        ),
    ] = None,
    debug: Annotated[
        bool, typer.Option("--debug", help=_("Show a traceback when something fails."))
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help=_("Show the version.")),
    ] = False,
    install_completion: Annotated[
        bool,
        typer.Option(
            "--install-completion",
            metavar="[SHELL]",
            callback=completion.install,
            is_eager=True,
            expose_value=False,
            help=_("Install Tab completion for bash, zsh or fish (default: your shell)."),
        ),
    ] = False,
    show_completion: Annotated[
        bool,
        typer.Option(
            "--show-completion",
            metavar="[SHELL]",
            callback=completion.show,
            is_eager=True,
            expose_value=False,
            help=_("Print the completion script for bash, zsh or fish, to install it by hand."),
        ),
    ] = False,
) -> None:
    """A logbook for workplace learning: log what you learned, see your 70:20:10 balance.

    \b
    Example:
      leerlog add intervisie "Casus over schuldhulp" -m 1u30
      leerlog list
    """
    if ctx.invoked_subcommand is None:  # `leerlog` alone: its help, as a person asked for it
        typer.echo(ctx.get_help())
        raise typer.Exit()
    if db is not None and not db.strip():  # an unset variable in a script: not the default log
        from leerlog.domain.errors import InvalidValue

        raise InvalidValue(_("the database path is empty"), _("give a file with --db PATH"))
    rt = runtime(ctx)
    rt.db_option, rt.person_option = db, person
    ctx.call_on_close(rt.close)


app.callback(help=doc(root), invoke_without_command=True)(root)


_PLUGIN_LOADER = "pydantic.plugin._loader"
_PLUGINS_OFF = ("__all__", "1", "true")  # the values pydantic reads as "no plugins"


def _plugins_off() -> bool:
    return os.environ.get("PYDANTIC_DISABLE_PLUGINS") in _PLUGINS_OFF


def _no_plugin_loader() -> None:
    """While pydantic's plugins are off, its plugin loader is not imported: that module
    imports importlib.metadata (and email, zipfile and csv with it) only to find plugins, some
    30 ms of every run. In its place, a module that answers "no plugins" as the loader would,
    and hands anything else (plugins switched on after all) to the real loader."""
    if not _plugins_off() or _PLUGIN_LOADER in sys.modules:
        return
    import types

    stand_in = types.ModuleType(_PLUGIN_LOADER)

    def real() -> Any:
        if sys.modules.get(_PLUGIN_LOADER) is stand_in:
            del sys.modules[_PLUGIN_LOADER]
        return importlib.import_module(_PLUGIN_LOADER)

    def get_plugins() -> Any:
        return () if _plugins_off() else real().get_plugins()

    def attribute(name: str) -> Any:
        if name.startswith("__"):  # what the import system asks of any module
            raise AttributeError(name)
        return getattr(real(), name)

    stand_in.get_plugins = get_plugins  # type: ignore[attr-defined]
    stand_in.__getattr__ = attribute  # type: ignore[method-assign]
    sys.modules[_PLUGIN_LOADER] = stand_in


def main() -> None:
    """Console entry point."""
    # leerlog's models validate for leerlog alone. Without this, building the first one makes
    # pydantic read the metadata of every installed package in search of plugins (about 7 ms
    # of each run); typer's own validators skip that search the same way. A value set by the
    # person running leerlog stays.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    if sys.stdout is None or sys.stderr is None:  # closed by the shell (`>&-`, `2>&-`)
        from leerlog.cli.common import ClosedStdout

        sys.stdout = sys.stdout or ClosedStdout()
        sys.stderr = sys.stderr or open(os.devnull, "w")  # noqa: SIM115 (for the process's life)
    _no_plugin_loader()
    typer.main.get_command(app).main()
