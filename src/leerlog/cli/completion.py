"""Shell completion: the words leerlog offers at a Tab, and the scripts that ask for them.

A shell asks by running leerlog with `_LEERLOG_COMPLETE` set (the framework names the variable
after the program, `_{PROGRAM}_COMPLETE`) and the words typed so far: COMP_WORDS and COMP_CWORD
in bash, _TYPER_COMPLETE_ARGS in zsh and fish. The answer is the candidates and nothing else.
The log is only read, through storage's read path with upgrades refused: a missing file is not
created, and a missing, unreadable or old file, a bad config or any other problem just gives
fewer candidates, never a message in the middle of someone's command line.
"""

# No `from __future__ import annotations` here: typer reads the completers' signatures.

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import typer
from typer._completion_classes import BashComplete, FishComplete, ZshComplete

from leerlog.i18n import _

if TYPE_CHECKING:
    from typer._click.shell_completion import CompletionItem

    from leerlog.settings import Settings
    from leerlog.storage.store import Store

COMPLETE_VAR = "_LEERLOG_COMPLETE"
SHELLS = ("bash", "zsh", "fish")
RECENT_IDS = 20  # ids offered for an empty prefix: your newest activities
RECENT_COMPANIONS = 1000  # the newest activities whose `with` names --with offers
SHELL_KEY = "leerlog.completion_shell"  # where the root's parse keeps a shell named on the line

T = TypeVar("T")
Candidates = list[tuple[str, str]]  # (word, what it means: shown by zsh and fish)


def _from_log(ctx: typer.Context, read: "Callable[[Settings, Store], T]", default: T) -> T:
    """What READ finds in the log that the command line names; DEFAULT when there is none."""
    try:
        from leerlog.settings import load
        from leerlog.storage.store import Store

        root = ctx.find_root()
        settings = load(root.params.get("db"), root.params.get("person"))
        if not settings.db_path.is_file():  # never created by a Tab
            return default
        store = Store(settings.db_path, upgrade=False)
        try:
            return read(settings, store)
        finally:
            store.close()
    except Exception:  # a completion that cannot read the log offers what it knows without it
        return default


def _help(text: str) -> str:
    from leerlog.domain.escapes import cell

    text = cell(text)
    return text if len(text) <= 60 else text[:59] + "…"


def _as_typed(words: Candidates, incomplete: str) -> Candidates:
    """WORDS that start with INCOMPLETE in any case, spelled from there as typed: leerlog reads
    types, categories and periods in any case, and the shell keeps only what starts as typed
    (`add Inter<Tab>` gives Intervisie)."""
    if incomplete == incomplete.lower():
        return words
    typed = incomplete.lower()
    return [
        (incomplete + word[len(incomplete) :], meaning)
        if word[: len(incomplete)].lower() == typed
        else (word, meaning)
        for word, meaning in words
    ]


# -- the completers (typer calls them with the context and the word typed so far) ------------


def types(ctx: typer.Context, incomplete: str) -> Candidates:
    """--type: the type keys, built-in and the file's own, and the Dutch words for them."""
    from leerlog.domain.categories import BUILTIN_TYPES, TYPE_WORDS, label_for

    catalogue = _from_log(ctx, lambda _settings, store: store.types(), dict(BUILTIN_TYPES))
    words = {key: _help(label_for(kind)) for key, kind in catalogue.items()}
    for word, key in TYPE_WORDS.items():
        if key in catalogue:
            words.setdefault(word, words[key])
    return _as_typed(list(words.items()), incomplete)


def categories(ctx: typer.Context, incomplete: str) -> Candidates:
    """--category: the categories and every alias for them."""
    from leerlog.domain.categories import CATEGORY_ALIASES, category_name

    words = [(alias, category_name(key)) for alias, key in CATEGORY_ALIASES.items()]
    return _as_typed(words, incomplete)


def what(ctx: typer.Context, incomplete: str) -> Candidates:
    """WHAT: a type (as --type) or a category (as --category); a type key wins a shared word."""
    words = dict(types(ctx, incomplete))
    for word, meaning in categories(ctx, incomplete):
        words.setdefault(word, meaning)
    return list(words.items())


def people(ctx: typer.Context, incomplete: str) -> list[str]:
    """--person: everyone the file knows."""
    return _from_log(ctx, lambda _settings, store: store.person_names(), [])


def companions(ctx: typer.Context, incomplete: str) -> list[str]:
    """--with: the people in the file and the coaches and organisers logged lately."""

    def read(_settings: "Settings", store: "Store") -> list[str]:
        return sorted({*store.person_names(), *store.recent_companions(RECENT_COMPANIONS)})

    return _from_log(ctx, read, [])


def teams(ctx: typer.Context, incomplete: str) -> list[str]:
    """--team: the teams in the file."""
    return _from_log(ctx, lambda _settings, store: store.team_names(), [])


def periods(ctx: typer.Context, incomplete: str) -> Candidates:
    """--period: the named periods in English and Dutch; after a digit, this year's and last
    year's names (2026, 2026-Q3, 2026-11)."""
    from leerlog.domain.periods import DUTCH_NAMES, RELATIVE_NAMES

    words = [(name, "") for name in RELATIVE_NAMES]
    words += [(dutch, english) for dutch, english in DUTCH_NAMES.items()]
    if incomplete[:1].isdigit():
        from leerlog.settings import today

        year = today(os.environ).year
        for each in (year, year - 1):
            words.append((str(each), ""))
            words += [(f"{each}-Q{quarter}", "") for quarter in range(1, 5)]
            words += [(f"{each}-{month:02d}", "") for month in range(1, 13)]
    return _as_typed(words, incomplete)


def registers(ctx: typer.Context, incomplete: str) -> Candidates:
    """REGISTER and --profile: the register profiles, built-in and your own (the folder
    registers/ beside the config file); only the built-in ones when an own one cannot be read."""
    try:
        from leerlog.registers.profile_file import load_all, own_folder
        from leerlog.settings import config_path

        try:
            found = load_all(own_folder(config_path(os.environ)[0]))
        except Exception:
            found = load_all(None)
        return [(key, _help(profile.label)) for key, profile in found.items()]
    except Exception:
        return []


def activity_ids(ctx: typer.Context, incomplete: str) -> Candidates:
    """ID: the ids that start with what is typed; before anything is typed, your newest."""
    from leerlog.domain.categories import category_name

    def read(settings: "Settings", store: "Store") -> Candidates:
        try:
            me: str | None = settings.me
        except Exception:  # nobody to call "you": everyone's newest
            me = None
        words = []
        for row in store.recent_ids(incomplete, me, RECENT_IDS):
            if re.search(r"[\s\x00-\x1f\x7f]", row["id"]):  # an imported id no shell can take
                continue
            kind = row["type"] or category_name(row["category"])
            words.append((row["id"], _help(f"{row['date']} {kind}: {row['title']}")))
        return words

    return _from_log(ctx, read, [])


def _id_items(ctx: Any, param: Any, incomplete: str) -> "list[CompletionItem]":
    from typer._click.shell_completion import CompletionItem

    return [CompletionItem(word, help=meaning) for word, meaning in activity_ids(ctx, incomplete)]


def complete_ids(command: Any) -> None:
    """Give COMMAND's ID argument (an activity's id) the id completer, unless it has one: a
    top-level command with an ID, such as show, needs nothing else to complete it."""
    for param in command.params:
        named_id = param.param_type_name == "argument" and (
            param.metavar == "ID" or param.name in ("id", "id_")
        )
        if named_id and param._custom_shell_complete is None:
            param._custom_shell_complete = _id_items


# -- answering the shell -------------------------------------------------------------------


class _Hoisted:
    """Reads the words as the command line does: --db, --person and --debug after the command
    name are the root's (see LeerlogGroup.hoist), so `list --db F --person <Tab>` reads F."""

    cli: Any

    def get_completions(self, args: list[str], incomplete: str) -> "list[CompletionItem]":
        return super().get_completions(self.cli.hoist(args), incomplete)  # type: ignore[misc]


class _Bash(_Hoisted, BashComplete):
    def format_completion(self, item: "CompletionItem") -> str:
        # bash inserts the word as it is: a name with a space would become two words.
        return re.sub(r"([^\w@%+=:,./-])", r"\\\1", item.value)


# zsh and fish quote what they insert themselves, and show each word's meaning. The framework
# would read the meaning as Rich markup: slower to start, and a title with [brackets] in it
# would lose them or break the answer. These are the framework's formats without that.


class _Zsh(_Hoisted, ZshComplete):
    def format_completion(self, item: "CompletionItem") -> str:
        def escape(text: str) -> str:
            for plain, quoted in (('"', '""'), ("'", "''"), ("$", "\\$"), ("`", "\\`")):
                text = text.replace(plain, quoted)
            return text.replace(":", r"\\:")

        value = f'"{escape(item.value)}"'
        return f'{value}:"{escape(item.help)}"' if item.help else value


class _Fish(_Hoisted, FishComplete):
    def format_completion(self, item: "CompletionItem") -> str:
        meaning = re.sub(r"\s", " ", item.help or "")
        return f"{item.value}\t{meaning}" if meaning else item.value


def respond(cli: Any) -> int:
    """Answer the shell that runs leerlog with _LEERLOG_COMPLETE set; the exit code."""
    from typer._click.shell_completion import add_completion_class
    from typer.completion import shell_complete

    for shell, kind in zip(SHELLS, (_Bash, _Zsh, _Fish), strict=True):
        add_completion_class(kind, shell)
    instruction = os.environ.get(COMPLETE_VAR, "")
    shell, _sep, action = instruction.partition("_")
    if shell in SHELLS:  # click's order (bash_complete) besides the scripts' (complete_bash)
        instruction = f"{action}_{shell}"
    try:
        return shell_complete(cli, {}, "leerlog", COMPLETE_VAR, instruction)
    except Exception:  # nothing on the person's command line; the shell offers file names
        return 1


# -- --show-completion and --install-completion --------------------------------------------


def shell_named(ctx: typer.Context, args: list[str], valued: tuple[str, ...]) -> list[str]:
    """The root's ARGS without a shell named after --show-completion or --install-completion
    among the root's own options (`leerlog --show-completion zsh`); it is kept for them.
    VALUED: the root's options that take a value."""
    at = 0
    while at < len(args) and args[at].startswith("-") and args[at] != "--":
        if args[at] in ("--show-completion", "--install-completion"):
            named = at + 1
            if named < len(args) and not args[named].startswith("-"):
                ctx.meta[SHELL_KEY] = args[named]
                return args[:named] + args[named + 1 :]
            return args
        at += 2 if args[at] in valued else 1
    return args


def _shell(ctx: typer.Context) -> str:
    """The shell named on the command line, else the login shell (SHELL), else the one that
    runs leerlog."""
    from leerlog.domain.errors import InvalidValue

    hint = _("name it after the option, e.g. 'leerlog --install-completion zsh'")
    named = ctx.meta.get(SHELL_KEY)
    if named is not None:
        if named in SHELLS:
            return str(named)
        raise InvalidValue(
            _("completion is there for bash, zsh and fish, not for {shell}").format(
                shell=repr(named)
            ),
            hint,
        )
    login = Path(os.environ.get("SHELL", "")).name
    if login in SHELLS:
        return login
    from typer._completion_shared import _get_shell_name

    running = _get_shell_name()
    if running in SHELLS:
        return str(running)
    raise InvalidValue(_("cannot tell which shell you use (bash, zsh or fish)"), hint)


def script(shell: str) -> str:
    """The completion script for SHELL, as the framework writes it."""
    from typer._completion_shared import get_completion_script

    return get_completion_script(prog_name="leerlog", complete_var=COMPLETE_VAR, shell=shell)


def show(ctx: typer.Context, value: bool) -> None:
    """--show-completion: print the script, to read it or install it by hand."""
    if not value or ctx.resilient_parsing:
        return
    typer.echo(script(_shell(ctx)))
    raise typer.Exit()


def _places(shell: str) -> tuple[Path, Path | None, str]:
    """Where SHELL's script goes, the start-up file that loads it (if one must), and the line."""
    import shlex

    home = Path.home()
    if shell == "bash":
        target = home / ".bash_completions" / "leerlog.sh"
        return target, home / ".bashrc", f"source {shlex.quote(str(target))}"
    if shell == "zsh":
        rc = Path(os.environ.get("ZDOTDIR") or home) / ".zshrc"
        return home / ".zfunc" / "_leerlog", rc, "fpath+=~/.zfunc; autoload -Uz compinit; compinit"
    config = Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config")
    return config / "fish" / "completions" / "leerlog.fish", None, ""  # fish finds it there


def _append_once(path: Path, line: str) -> bool:
    """Add LINE at the end of PATH unless it is there; True when it was added. Appended, not
    rewritten: a start-up file may be a link into someone's own dotfiles."""
    from leerlog.domain.errors import DataProblem
    from leerlog.i18n import os_reason

    try:
        text = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
        if line in text:
            return False
        with path.open("a", encoding="utf-8") as rc:
            rc.write(("\n" if text and not text.endswith("\n") else "") + line + "\n")
    except OSError as error:
        raise DataProblem(
            _("cannot write {path}: {reason}").format(path=path, reason=os_reason(error)),
            _("check the folder and its permissions"),
        ) from None
    return True


def install(ctx: typer.Context, value: bool) -> None:
    """--install-completion: write the script where the shell finds it, and load it there."""
    if not value or ctx.resilient_parsing:
        return
    from leerlog.domain.escapes import lines
    from leerlog.transfer.atomic import atomic_output

    def out(line: str) -> None:
        typer.echo(lines(line))

    shell = _shell(ctx)
    target, rc, line = _places(shell)
    with atomic_output(target) as file:
        file.write(script(shell) + "\n")
    out(_("Installed {shell} completion in {path}.").format(shell=shell, path=target))
    if rc is not None and _append_once(rc, line):
        out(_("Added a line to {path} that loads it.").format(path=rc))
    out(_("It works in terminals opened from now on."))
    raise typer.Exit()
