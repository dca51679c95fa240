"""Help in a narrow pane: no line is wider than the terminal, and an example too long for it is
folded between words with the shell's ' \\', so it can still be copied as it stands."""

from __future__ import annotations

import os
import shlex
from unittest import mock

import pytest
from test_help import COMMANDS, PATHS
from typer.testing import CliRunner

from installed import run_script
from leerlog import i18n
from leerlog.cli.app import app
from leerlog.cli.help import fold_command


def _examples(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.startswith("  leerlog ")]


def _joined(lines: list[str]) -> list[str]:
    """The example command lines of a help text, each fold put back together."""
    commands: list[str] = []
    open_line = False
    for line in lines:
        if open_line:
            commands[-1] += " " + line.strip().removesuffix("\\").rstrip()
        elif line.startswith("    leerlog "):  # examples stand indented under the prose
            commands.append(line.strip().removesuffix("\\").rstrip())
        else:
            continue
        open_line = line.endswith(" \\")
    return commands


def _help(lang: str, width: int, path: tuple[str, ...]) -> tuple[list[str], str]:
    """The help as shown at WIDTH columns, and the help text it was made from. English runs in
    the process; Dutch in the installed script, since command help is translated at start-up."""
    if lang == "en":
        shown = CliRunner().invoke(app, [*path, "--help"], terminal_width=width)
        assert shown.exit_code == 0, shown.output
        return shown.stdout.splitlines(), dict(COMMANDS)[path].help or ""
    env = dict(os.environ, LEERLOG_LANG=lang, COLUMNS=str(width))
    done = run_script(env, *path, "--help")
    assert done.returncode == 0, done.stderr
    try:
        i18n.reset()
        with mock.patch.dict(os.environ, LEERLOG_LANG=lang):
            written = i18n._(dict(COMMANDS)[path].help or "")
    finally:
        i18n.reset()
    return done.stdout.splitlines(), written


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("width", [60, 80])
@pytest.mark.parametrize("path", PATHS, ids=lambda path: " ".join(path) or "leerlog")
def test_help_fits_and_its_examples_copy_whole(
    lang: str, width: int, path: tuple[str, ...]
) -> None:
    lines, written = _help(lang, width, path)
    too_wide = [line for line in lines if len(line) > width]
    assert too_wide == [], too_wide
    assert [shlex.split(c) for c in _joined(lines)] == [shlex.split(c) for c in _examples(written)]
    assert _examples(written), written  # every command has an example


def test_a_fold_parts_words_not_quotes_or_an_option_from_its_value() -> None:
    line = '    leerlog session add werk "Casus met een lange titel" -m 1u30 --present anna,bob'
    assert fold_command(line, 48) == [
        "    leerlog session add werk \\",
        '      "Casus met een lange titel" -m 1u30 \\',
        "      --present anna,bob",
    ]
    assert fold_command(line, len(line)) == [line]
