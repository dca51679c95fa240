"""Help in the chosen language: command help from the catalogue, and the framework's own words.

Every word of the help is in the reader's language before the framework lays it out: the
usage line, the section headings, each option's placeholder, default, range and "required".
Translating the finished text instead would leave the columns where the English words put them.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from typing import Any

import typer
from typer._click import formatting
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from leerlog.i18n import N_, _

# A placeholder for a value, by the type the option takes; an option's own metavar comes first.
PLACEHOLDERS = {
    "str": N_("TEXT"),
    "int": N_("N"),
    "float": N_("NUMBER"),
    "Path": N_("PATH"),
    "date": N_("DATE"),
}


# A word of a command line: unquoted characters and quoted parts, as a shell reads it.
_WORD = re.compile(r"""(?:[^\s"']+|"[^"]*"|'[^']*')+""")


def fold_command(line: str, width: int) -> list[str]:
    """An example command line in lines of at most WIDTH cells, broken between words with the
    shell's line continuation ' \\', so that it can still be copied as it stands."""
    if len(line) <= width:
        return [line]
    indent = line[: len(line) - len(line.lstrip())]
    lines = [indent]
    for word in _units(_WORD.findall(line)):
        current = lines[-1]
        if current.strip() and len(current) + 1 + len(word) + 2 > width:
            lines[-1] = current + " \\"
            lines.append(indent + "  " + word)
        else:
            lines[-1] = current + (" " if current.strip() else "") + word
    return lines


def _units(words: list[str]) -> list[str]:
    """The words, an option kept with its value ('-m 1u30'), so a fold does not part them."""
    units: list[str] = []
    for word in words:
        last = units[-1] if units else ""
        if last.startswith("-") and not word.startswith("-") and not {" ", "="} & set(last):
            units[-1] += " " + word
        else:
            units.append(word)
    return units


def fold_examples(text: str, width: int) -> str:
    """TEXT with each example command line ('leerlog ...' in a block kept as written, after a
    line '\\b') folded to WIDTH cells; the prose around it the framework wraps itself."""
    folded: list[str] = []
    kept = False  # in a block the framework prints line by line
    for line in text.split("\n"):
        kept = line.strip() == "\b" or (kept and line.strip() != "")
        example = kept and line.lstrip().startswith("leerlog ")
        folded += fold_command(line, width) if example else [line]
    return "\n".join(folded)


def placeholder(param: TyperOption | TyperArgument) -> str:
    """The word that stands for the value: NAME, DATE, TEXT, N, or the choices a|b|c."""
    if param.metavar is not None:
        return param.metavar
    descriptor = param.type_descriptor
    if descriptor.is_choice:
        return "[" + "|".join(str(getattr(c, "value", c)) for c in descriptor.choices or ()) + "]"
    annotation = descriptor.annotation
    args = getattr(annotation, "__args__", None)
    if args and getattr(annotation, "__origin__", None) in (list, tuple):
        annotation = args[0]
    name = getattr(annotation, "__name__", "str")
    return _(PLACEHOLDERS.get(name, PLACEHOLDERS["str"]))


def value_range(low: float | None, high: float | None) -> str | None:
    if low is None and high is None:
        return None
    if low is None:
        return _("at most {high}").format(high=high)
    if high is None:
        return _("at least {low}").format(low=low)
    return _("{low} to {high}").format(low=low, high=high)


def _default(param: TyperOption | TyperArgument, ctx: Any) -> str:
    if isinstance(param.show_default, str):
        return param.show_default
    if not (param.show_default or ctx.show_default):
        return ""
    value = param._extract_default_help_str(ctx=ctx)
    if value is None:
        return ""
    return param._get_default_string(ctx=ctx, show_default_is_str=False, default_value=value)


def help_record(param: Any, ctx: Any, help_option: Any) -> tuple[str, str] | None:
    """One row of the options or arguments block, every word already in the reader's language."""
    if not isinstance(param, TyperOption | TyperArgument):
        return param.get_help_record(ctx)  # type: ignore[no-any-return]
    if param.hidden:
        return None
    if isinstance(param, TyperArgument):
        name = param.metavar or param.name.upper()
        name += "..." if param.nargs != 1 else ""
    else:
        names = [formatting.join_options(param.opts)[0]]
        if param.secondary_opts:
            names.append(formatting.join_options(param.secondary_opts)[0])
        # A flag shows a placeholder only when it has one of its own (an optional word).
        if (not param.is_flag and not param.count) or (param.is_flag and param.metavar):
            names = [f"{each} {placeholder(param)}" for each in names]
        name = " / ".join(names)
    text = _("Show this message and exit.") if param is help_option else param.help or ""
    extra = []
    default = _default(param, ctx)
    if default:
        extra.append(_("default: {value}").format(value=default))
    limits = value_range(param.min, param.max)
    if limits and not (getattr(param, "count", False) and param.min == 0 and param.max is None):
        extra.append(limits)
    if param.required:
        extra.append(_("required"))
    if extra:
        brackets = "[" + "; ".join(extra) + "]"
        text = f"{text}  {brackets}" if text else brackets
    return name, text


class TranslatedHelp:
    """Usage, headings and option rows in the chosen language, laid out after translation."""

    options_metavar: str | None

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        if self.options_metavar == "[OPTIONS]" and pieces[:1] == ["[OPTIONS]"]:
            pieces[0] = _("[OPTIONS]")
        if pieces and pieces[-1] == "COMMAND [ARGS]...":
            pieces[-1] = _("COMMAND [ARGS]...")
        formatter.write_usage(ctx.command_path, " ".join(pieces), _("Usage:") + " ")

    def format_help_text(self, ctx: Any, formatter: Any) -> None:
        """The help text; an example too long for the terminal is folded, not cut mid-word."""
        text = inspect.cleandoc(self.help or "").partition("\f")[0]  # type: ignore[attr-defined]
        if text:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(
                    fold_examples(text, formatter.width - formatter.current_indent)
                )

    def format_options(self, ctx: Any, formatter: Any) -> None:
        help_option = self.get_help_option(ctx)  # type: ignore[attr-defined]
        rows: dict[str, list[tuple[str, str]]] = {"argument": [], "option": []}
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            record = help_record(param, ctx, help_option)
            if record is not None and param.param_type_name in rows:
                rows[param.param_type_name].append(record)
        for kind, heading in (("argument", _("Arguments")), ("option", _("Options"))):
            if rows[kind]:
                with formatter.section(heading):
                    formatter.write_dl(rows[kind])
        if hasattr(self, "format_commands"):
            self.format_commands(ctx, _HeadingTranslated(formatter))


class _HeadingTranslated:
    """The formatter, with the framework's "Commands" heading in the reader's language."""

    def __init__(self, formatter: Any) -> None:
        self._formatter = formatter

    def section(self, name: str) -> Any:
        return self._formatter.section(_("Commands") if name == "Commands" else name)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._formatter, name)


class HelpCommand(TranslatedHelp, TyperCommand):
    """A command whose help reads in the chosen language."""


class HelpGroup(TranslatedHelp, TyperGroup):
    """A group whose help reads in the chosen language."""


def doc(function: Callable[..., Any]) -> str:
    """A command's docstring (its help, ending with an example), translated."""
    return _(inspect.cleandoc(function.__doc__ or ""))


def command(app: typer.Typer, name: str, function: Callable[..., Any]) -> None:
    """Register FUNCTION as command NAME, its docstring translated as help."""
    app.command(name, help=doc(function), cls=HelpCommand)(function)


def group(**options: Any) -> typer.Typer:
    """A sub-command group whose help is translated too."""
    return typer.Typer(cls=HelpGroup, add_completion=False, rich_markup_mode=None, **options)
