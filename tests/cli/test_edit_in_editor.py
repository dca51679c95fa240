"""`leerlog edit ID` in the editor, run in-process as if at a terminal: texts with quotes,
backslashes, line breaks and control characters go through the TOML file exactly.

tests/tty/test_edit_in_editor_pty.py runs the same on a real pseudo-terminal.
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from conftest import Run

    from .conftest import Cli

EDITOR = f"{sys.executable} {Path(__file__).parents[1] / 'tty' / 'scripted_editor.py'}"
TRICKY = 'Regel één: "citaat" en C:\\pad\\naar\n\tingesprongen \x1b[31m rood \u202e om """ klaar'


def env(folder: Path, *plan: dict[str, Any]) -> dict[str, str]:
    return {"VISUAL": "", "EDITOR": EDITOR, "EDITOR_PLAN": json.dumps(plan),
            "EDITOR_LOG": str(folder)}  # fmt: skip


@pytest.mark.usefixtures("terminal")
def test_tricky_text_comes_back_exactly_and_an_unchanged_save_changes_nothing(
    run: Run, cli: Cli, tmp_path: Path
) -> None:
    activity_id = cli.add("werk", 'Titel met "quotes" en \\ en ü', "-m", "30", "-r", TRICKY)
    before = cli.record(activity_id)
    result = run("edit", activity_id, env=env(tmp_path / "log", {}))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "Nothing changed.\n")
    given = tomllib.loads((tmp_path / "log" / "1.toml").read_text(encoding="utf-8"))
    assert (given["title"], given["reflection"]) == (before["title"], TRICKY)
    assert cli.record(activity_id) == before


@pytest.mark.usefixtures("terminal")
def test_problems_about_hostile_text_stay_comments_and_nothing_is_stored(
    run: Run, cli: Cli, tmp_path: Path
) -> None:
    activity_id = cli.add("werk", "Iets", "-m", "30")
    before = cli.record(activity_id)
    hostile = {"replace": [['type = ""', 'type = "x\\u001b]0;pwned\\u0007\\nnew = 1"']]}
    result = run("edit", activity_id, env=env(tmp_path / "log", hostile, {"write": ""}))
    assert result.exit_code == 1, result.stderr
    assert result.stderr.endswith("The file was empty; nothing was changed.\n")
    second = (tmp_path / "log" / "2.toml").read_text(encoding="utf-8")
    problems = [line for line in second.splitlines() if line.startswith("# ! ")]
    assert len(problems) == 2 and "unknown type" in problems[1], second
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f]", second)
    assert tomllib.loads(second)["type"] == "x\x1b]0;pwned\x07\nnew = 1"  # the text as saved
    assert cli.record(activity_id) == before
