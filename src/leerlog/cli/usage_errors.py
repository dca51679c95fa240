"""The command-line framework's own error messages, in the chosen language.

English keeps the framework's words exactly. In another language the error is rebuilt from what
the framework knows (the option, the close matches, the value and the rule it broke), so no
English is left over and the suggestions stay.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Sequence
from typing import Any

from typer._click import exceptions as click_errors

from leerlog.i18n import N_, _, language

# (pattern of the framework's English message, its message id with the same named fields)
_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.DOTALL), message)
    for pattern, message in (
        (r"Missing argument '(?P<name>.*?)'\.?", N_("Missing argument {name}")),
        (r"Missing option (?P<name>.+?)\.?", N_("Missing option {name}")),
        (r"Missing parameter:? '?(?P<name>.*?)'?\.?", N_("Missing argument {name}")),
        (r"Missing command\.?", N_("Missing command")),
        (
            r"Got unexpected extra arguments? ?(?:\(s\))? \((?P<values>.*)\)\.?",
            N_("Unexpected extra arguments: {values}"),
        ),
        (r"Option '(?P<name>.*?)' requires an? .*", N_("Option {name} needs a value")),
        (
            r"Option '(?P<name>.*?)' does not take a value\.?",
            N_("Option {name} does not take a value"),
        ),
    )
)
_COMMAND = re.compile(r"No such command '(?P<name>.*?)'\.?(?: Did you mean (?P<options>.+?)\?)?")
_INVALID = re.compile(r"Invalid value for (?P<name>.*?): (?P<detail>.*)", re.DOTALL)
# Details as older framework versions and prompts word them.
_NOT_INTEGER = re.compile(r"'?(?P<value>.*?)'? is not a valid int(?:eger)?\.?")
_NOT_NUMBER = re.compile(r"'?(?P<value>.*?)'? is not a valid float\.?")
_RANGE = re.compile(r"'?(?P<value>.*?)'? is not in the range (?P<range>\S+?)\.?")


def translate_usage_error(error: click_errors.UsageError) -> str:
    """The message in the chosen language; an unknown one stays as the framework wrote it."""
    message = error.format_message()
    invalid = _INVALID.fullmatch(message.strip())
    if invalid and hasattr(error.__cause__, "errors"):  # pydantic's words name Python's types
        detail = _invalid_detail(error, invalid.group("detail"))
        return _("Invalid value for {name}: {detail}").format(
            name=invalid.group("name"), detail=detail
        )
    if language()[0] == "en":
        return message
    if isinstance(error, click_errors.NoSuchOption):
        return _unknown(
            _("No such option: {name}").format(name=error.option_name), error.possibilities
        )
    text = message.strip()
    command = _COMMAND.fullmatch(text)
    if command:
        close = re.findall(r"'([^']*)'", command.group("options") or "")
        unknown = _("No such command: {name}").format(name=command.group("name"))
        return _unknown(unknown, [f"'{name}'" for name in close])
    invalid = _INVALID.fullmatch(text)
    if invalid:
        detail = _invalid_detail(error, invalid.group("detail"))
        return _("Invalid value for {name}: {detail}").format(
            name=invalid.group("name"), detail=detail
        )
    for pattern, template in _MESSAGES:
        match = pattern.fullmatch(text)
        if match:
            fields = {key: value or "" for key, value in match.groupdict().items()}
            if "name" in fields:  # the framework quotes each name of an option: '--tag' / '-t'
                fields["name"] = fields["name"].replace("'", "")
            return _(template).format(**fields)
    return message


def _unknown(problem: str, close: Sequence[str] | None) -> str:
    """PROBLEM, and the nearest names when the framework found some."""
    if not close:
        return problem
    return _("{problem}; did you mean {suggestion}?").format(
        problem=problem, suggestion=alternatives(sorted(close))
    )


def alternatives(names: Sequence[str]) -> str:
    """'a', 'a or b', 'a, b or c' in the reader's language."""
    if len(names) == 1:
        return names[0]
    return _("{first} or {last}").format(first=", ".join(names[:-1]), last=names[-1])


def _invalid_detail(error: click_errors.UsageError, detail: str) -> str:
    """Why a value was refused, from the validation error behind the message when there is one."""
    cause = error.__cause__
    if cause is not None and hasattr(cause, "errors"):
        found = cause.errors(include_url=False)
        if found:
            return _pydantic_detail(found[0], getattr(error, "param", None)) or detail
    return _text_detail(detail)


def _pydantic_detail(item: dict[str, Any], param: Any) -> str:
    from leerlog.domain.models import reason

    kind, value = item["type"], item.get("input")
    descriptor = getattr(param, "type_descriptor", None)
    if kind == "value_error" and descriptor is not None and descriptor.is_choice:
        choices = [str(getattr(choice, "value", choice)) for choice in descriptor.choices or ()]
        return _("{value} is not one of {choices}").format(
            value=repr(value), choices=", ".join(choices)
        )
    return reason(item)


def _text_detail(detail: str) -> str:
    detail = detail.removeprefix("Value error, ").strip()
    match = _NOT_INTEGER.fullmatch(detail)
    if match:
        return _("{value} is not a whole number").format(value=repr(match.group("value")))
    match = _NOT_NUMBER.fullmatch(detail)
    if match:
        return _("{value} is not a number").format(value=repr(match.group("value")))
    match = _RANGE.fullmatch(detail)
    if match:
        low, _x, high = match.group("range").partition("<=x<=")
        value = match.group("value")
        if high:
            return _("{value} is not between {low} and {high}").format(
                value=value, low=low, high=high
            )
        bound = match.group("range")
        if bound.startswith("x>="):
            return _("must be at least {low}, not {value}").format(low=bound[3:], value=value)
        if bound.startswith("x<="):
            return _("must be at most {high}, not {value}").format(high=bound[3:], value=value)
    return detail


def dash_text(error: click_errors.UsageError, args: Sequence[str]) -> str | None:
    """The argument the framework took for an unknown option, when it reads as text: a title
    such as '-Casus' or '- 2e gesprek' (the framework names only its first letter or two)."""
    if not isinstance(error, click_errors.NoSuchOption) or error.option_name.startswith("--"):
        return None
    name = error.option_name
    end = args.index("--") if "--" in args else len(args)
    for arg in args[:end]:
        if arg != name and arg.startswith(name) and not arg.startswith("--"):
            return arg
    return None


def usage_hint(error: click_errors.UsageError, args: Sequence[str], command: str) -> str:
    """What to do about a usage error: put -- before a text that starts with '-', else --help."""
    text = dash_text(error, args)
    if text is not None:
        return _("a text that starts with '-' goes after --, as in: {command} … -- {text}").format(
            command=command, text=shlex.quote(text)
        )
    return _("run '{command} --help' to see how").format(command=command)


def command_path(group: Any, args: Sequence[str]) -> str:
    """'leerlog session list': the command ARGS name, as far as they name one, for an error the
    framework raised before it knew (an option without its value)."""
    path, current, value_next = ["leerlog"], group, False
    for arg in args[: args.index("--")] if "--" in args else args:
        commands = getattr(current, "commands", None)
        if commands is None:
            break
        if value_next:  # the value of the option before it ('--person session'), not a command
            value_next = False
        elif arg.startswith("-"):
            value_next = "=" not in arg and arg in _valued(current)
        elif arg in commands:
            path.append(arg)
            current = commands[arg]
    return " ".join(path)


def _valued(command: Any) -> set[str]:
    """The names of COMMAND's options that take a value."""
    return {
        name
        for param in getattr(command, "params", ())
        if getattr(param, "param_type_name", "") == "option"
        and not getattr(param, "is_flag", False)
        and not getattr(param, "count", False)
        for name in getattr(param, "opts", ())
    }
