"""tomllib's messages in the chosen language: what is wrong in a TOML text, and where.

tomllib words its errors in English only. Each message it has is matched here and given as a
translatable text; one it gained in a later Python stays as it is.
"""

from __future__ import annotations

import contextlib
import re

from leerlog.i18n import N_, _

# Every message tomllib has, as it words it; {value} stands for the key or character it names.
_MESSAGES = (
    N_("Expected '=' after a key in a key/value pair"),
    N_("Expected ']' at the end of a table declaration"),
    N_("Expected ']]' at the end of an array declaration"),
    N_("Expected newline or end of document after a statement"),
    N_("Unescaped '\\' in a string"),
    N_("Cannot overwrite a value"),
    N_("Escaped character is not a Unicode scalar value"),
    N_("Invalid date or datetime"),
    N_("Invalid hex value"),
    N_("Invalid initial character for a key part"),
    N_("Invalid statement"),
    N_("Invalid value"),
    N_("Unclosed array"),
    N_("Unclosed inline table"),
    N_("Unterminated string"),
    N_("Cannot declare {value} twice"),
    N_("Cannot mutate immutable namespace {value}"),
    N_("Cannot redefine namespace {value}"),
    N_("Duplicate inline table key {value}"),
    N_("Found invalid character {value}"),
    N_("Illegal character {value}"),
    N_("Expected {value}"),  # last: the messages above that start with "Expected" come first
)
# Compiled on first use (re keeps it): a run without a broken file never needs it.
_WHERE = (
    r"(?P<message>.*?) \((?:at line (?P<line>\d+), column (?P<column>\d+)|at end of document)\)"
)


def _key(value: str) -> str:
    """A key as tomllib names it, ('registers', 'skj'), as the file has it: registers.skj."""
    if value.startswith("(") and value.endswith(")"):
        import ast

        with contextlib.suppress(ValueError, SyntaxError):
            parts = ast.literal_eval(value)
            if isinstance(parts, tuple) and parts and all(isinstance(p, str) for p in parts):
                return ".".join(parts)
    return value


def toml_reason(error: ValueError, *, where: bool = True) -> str:
    """ERROR (tomllib's, or the UnicodeDecodeError of a file that is not UTF-8) as a person
    reads it in the chosen language; with WHERE, the line and column tomllib names."""
    if isinstance(error, UnicodeDecodeError):
        return _("it is not UTF-8 text")
    text = str(error)
    found = re.fullmatch(_WHERE, text)
    message = found.group("message") if found else text
    for shown in _MESSAGES:
        pattern = re.escape(shown).replace(re.escape("{value}"), "(?P<value>.+)")
        match = re.fullmatch(pattern, message)
        if match:
            groups = match.groupdict()  # only a message with {value} is a format
            message = _(shown).format(value=_key(groups["value"])) if groups else _(shown)
            break
    if not where or found is None:
        return message
    if found.group("line") is None:
        return _("{problem} (at the end of the file)").format(problem=message)
    return _("{problem} (at line {line}, column {column})").format(
        problem=message, line=found.group("line"), column=found.group("column")
    )
