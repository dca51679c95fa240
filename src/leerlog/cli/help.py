"""Help in the chosen language: command help from the catalogue, and the framework's own words."""

from __future__ import annotations

import functools
import inspect
import re
from collections.abc import Callable
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from leerlog.i18n import N_, _, language

# The words the help framework writes itself; each is a message id in the catalogue.
FRAMEWORK_WORDS = (
    N_("Usage:"),
    N_("Options:"),
    N_("Commands:"),
    N_("Arguments:"),
    N_("Show this message and exit."),
    N_("[OPTIONS]"),
    N_("COMMAND [ARGS]..."),
    N_("[default:"),
    N_("[required]"),
    N_("<str>"),
    N_("<int range>"),
    N_("<int>"),
    N_("<list[str]>"),
)


@functools.cache
def _pattern() -> re.Pattern[str]:
    """Compiled on first use: only help in another language than English needs it."""
    return re.compile("|".join(re.escape(word) for word in FRAMEWORK_WORDS))


def translate_help(text: str) -> str:
    """Replace the framework's English words; our own texts arrive translated already."""
    if language()[0] == "en":
        return text
    return _pattern().sub(lambda match: _(match.group(0)), text)


class TranslatedHelp:
    def get_help(self, ctx: Any) -> str:
        return translate_help(super().get_help(ctx))  # type: ignore[misc]


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
