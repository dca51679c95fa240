"""The command-line framework's own error messages, in the chosen language."""

from __future__ import annotations

import re

from leerlog.i18n import N_, _, language

# (pattern of the framework's English message, its message id with the same named fields)
_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.DOTALL), message)
    for pattern, message in (
        (
            r"No such option: (?P<name>\S+?)(?: Did you mean (?P<options>.+?)\?)?",
            N_("No such option: {name}"),
        ),
        (
            r"No such command '(?P<name>.*?)'\.?(?: Did you mean (?P<options>.+?)\?)?",
            N_("No such command: {name}"),
        ),
        (r"Missing argument '(?P<name>.*?)'\.?", N_("Missing argument {name}")),
        (r"Missing option '(?P<name>.*?)'\.?", N_("Missing option {name}")),
        (r"Missing command\.?", N_("Missing command")),
        (
            r"Invalid value for (?P<name>.*?): (?P<detail>.*)",
            N_("Invalid value for {name}: {detail}"),
        ),
        (
            r"Got unexpected extra argument\(s\) \((?P<values>.*)\)",
            N_("Unexpected extra arguments: {values}"),
        ),
        (r"Option '(?P<name>.*?)' requires an argument\.?", N_("Option {name} needs a value")),
        (
            r"Option '(?P<name>.*?)' does not take a value\.?",
            N_("Option {name} does not take a value"),
        ),
    )
)


def translate_usage_error(message: str) -> str:
    """The message in the chosen language; an unknown one stays as the framework wrote it."""
    if language()[0] == "en":
        return message
    for pattern, template in _MESSAGES:
        match = pattern.fullmatch(message.strip())
        if match:
            fields = {key: value or "" for key, value in match.groupdict().items()}
            return _(template).format(**fields)
    return message
