"""`leerlog edit ID` without options, at a real terminal: the record in the person's editor.

The editor is tests/tty/scripted_editor.py, which changes the file as each test plans and keeps
what it was shown; leerlog is the installed script on a pseudo-terminal.
"""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from ptykit import Terminal as Spawn
from ptykit import finish

from installed import run_script, script

if TYPE_CHECKING:
    from conftest import Run

EDITOR = f"{sys.executable} {Path(__file__).with_name('scripted_editor.py')}"
ADDED = (
    "intervisie", "Casus over schuldhulp", "-m", "45", "-d", "2026-11-20", "--with", "Piet",
    "-t", "schuldhulp", "-t", "gesprek", "-r", 'Eerst luisteren, "dan" pas \\ oplossen.\nTweede.',
)  # fmt: skip
CHANGED = {"en": "changed: ", "nl": "gewijzigd: "}
NOT_SAVED = {"en": "Not saved: 2 problems", "nl": "Niet bewaard: 2 fouten"}
MINUTES_PROBLEM = {"en": "between 1 and 1440", "nl": "tussen 1 en 1440"}
DATE_PROBLEM = {"en": "more than one day ahead", "nl": "meer dan één dag vooruit"}
NOTHING_CHANGED = {"en": "Nothing changed.", "nl": "Er is niets gewijzigd."}
NOTHING_WAS_CHANGED = {"en": "nothing was changed", "nl": "er is niets veranderd"}


def shown(run: Run, activity_id: str) -> dict[str, Any]:
    """`leerlog show ID --format json`: the record and its history."""
    result = run("show", activity_id, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


@pytest.fixture
def original(run: Run) -> dict[str, Any]:
    """One activity with every field filled, as show gives it."""
    result = run("add", "--quiet", *ADDED)
    assert result.exit_code == 0, result.stderr
    return shown(run, result.stdout.strip())


class Editor:
    """The scripted editor's settings for one run, and what it saw."""

    def __init__(self, folder: Path) -> None:
        self.log = folder / "editor"

    def env(self, *plan: dict[str, Any], **extra: str) -> dict[str, str]:
        settings = {"VISUAL": "", "EDITOR": EDITOR, "EDITOR_PLAN": json.dumps(plan)}
        return settings | {"EDITOR_LOG": str(self.log)} | extra

    @property
    def openings(self) -> int:
        counter = self.log / "openings"
        return int(counter.read_text()) if counter.exists() else 0

    def given(self, opening: int) -> str:
        return (self.log / f"{opening}.toml").read_text(encoding="utf-8")

    def seen(self, opening: int) -> dict[str, Any]:
        data: dict[str, Any] = json.loads((self.log / f"{opening}.json").read_text())
        return data


@pytest.fixture
def editor(tmp_path: Path) -> Editor:
    return Editor(tmp_path)


def edit(spawn: Spawn, activity_id: str, env: dict[str, str], lang: str = "en") -> tuple[int, str]:
    child = spawn("edit", activity_id[:8], lang=lang, env=env)
    code, lines = finish(child)
    text = "\n".join(lines)
    assert "Traceback" not in text, text
    return code, text


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_a_saved_change_is_one_edit_of_exactly_that(
    spawn: Spawn, run: Run, original: dict[str, Any], editor: Editor, lang: str
) -> None:
    record = original["activity"]
    plan = {"replace": [["minutes = 45", 'minutes = "1u30"'], ["Casus over", "Casus na"]]}
    code, text = edit(spawn, record["id"], editor.env(plan), lang)
    assert code == 0, text
    assert CHANGED[lang] + "2026-11-20 1h30" in text
    # The file it was shown holds the record's fields, exactly, in a private file now gone.
    given = tomllib.loads(editor.given(1))
    assert given == {
        "person": "anna", "date": "2026-11-20", "category": "social", "type": "intervisie",
        "minutes": 45, "title": "Casus over schuldhulp", "with": "Piet",
        "tags": ["schuldhulp", "gesprek"], "reflection": record["reflection"],
        "accreditation": "",
    }  # fmt: skip
    assert record["id"] in editor.given(1)
    seen = editor.seen(1)
    assert seen["mode"] == 0o600
    assert seen["path"].endswith(".toml") and not Path(seen["path"]).exists()
    after = shown(run, record["id"])
    expected = {**record, "minutes": 90, "title": "Casus na schuldhulp"}
    assert {**after["activity"], "updated_at": None} == {**expected, "updated_at": None}
    [added, edited] = after["history"]
    assert added["action"] == "add" and edited["action"] == "edit"
    assert edited["changes"] == [
        {"field": "minutes", "old": 45, "new": 90},
        {"field": "title", "old": "Casus over schuldhulp", "new": "Casus na schuldhulp"},
    ]
    assert run("undo").exit_code == 0  # an edit like any other
    assert shown(run, record["id"])["activity"] == record


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_an_invalid_save_opens_again_with_its_problems_and_nothing_is_stored_until_valid(
    spawn: Spawn, run: Run, original: dict[str, Any], editor: Editor, lang: str
) -> None:
    record = original["activity"]
    invalid = {"replace": [["minutes = 45", "minutes = 0"], ["2026-11-20", "2026-12-31"]]}
    valid = {
        "replace": [["minutes = 0", "minutes = 50"], ['"2026-12-31"', '"gisteren"']],
        "run": [script(), "show", record["id"], "--format", "json"],
    }
    code, text = edit(spawn, record["id"], editor.env(invalid, valid), lang)
    assert code == 0, text
    assert editor.openings == 2
    assert NOT_SAVED[lang] in text
    # The second opening: the problems first, as comments, then what was saved.
    problems = [line for line in editor.given(2).splitlines() if line.startswith("# ! ")]
    assert len(problems) == 3, editor.given(2)
    assert MINUTES_PROBLEM[lang] in problems[1] + problems[2]
    assert DATE_PROBLEM[lang] in problems[1] + problems[2]
    assert "minutes = 0" in editor.given(2) and '"2026-12-31"' in editor.given(2)
    # While the editor had it open the second time, the record was as it had been.
    assert json.loads((editor.log / "2.out").read_text()) == original
    after = shown(run, record["id"])
    assert (after["activity"]["minutes"], after["activity"]["date"]) == (50, "2026-11-26")
    assert [entry["action"] for entry in after["history"]] == ["add", "edit"]
    assert {change["field"] for change in after["history"][1]["changes"]} == {"minutes", "date"}


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_an_unchanged_save_changes_nothing(
    spawn: Spawn, run: Run, original: dict[str, Any], editor: Editor, lang: str
) -> None:
    code, text = edit(spawn, original["activity"]["id"], editor.env({}), lang)
    assert code == 0, text
    assert NOTHING_CHANGED[lang] in text
    assert shown(run, original["activity"]["id"]) == original  # no journal entry either


@pytest.mark.parametrize(
    "plan",
    [
        pytest.param([{"write": ""}], id="empty-file"),
        pytest.param([{"write": "# all gone\n\n"}], id="only-comments"),
        pytest.param([{"replace": [["minutes = 45", "minutes = 0"]]}, {}], id="problems-left"),
        pytest.param([{"replace": [["minutes = 45", "minutes = 0"]]}, {"write": ""}], id="later"),
    ],
)
def test_giving_up_changes_nothing(
    spawn: Spawn, run: Run, original: dict[str, Any], editor: Editor, plan: list[dict[str, Any]]
) -> None:
    code, text = edit(spawn, original["activity"]["id"], editor.env(*plan), "nl")
    assert code == 1, text
    assert NOTHING_WAS_CHANGED["nl"] in text
    assert editor.openings == len(plan)
    assert shown(run, original["activity"]["id"]) == original


def test_an_editor_that_fails_stores_nothing(
    spawn: Spawn, run: Run, original: dict[str, Any], editor: Editor
) -> None:
    plan = {"replace": [["minutes = 45", "minutes = 50"]], "exit": 3}
    code, text = edit(spawn, original["activity"]["id"], editor.env(plan))
    assert code == 1, text
    errors = [line for line in text.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1 and "exit status 3; nothing was changed" in errors[0], text
    assert shown(run, original["activity"]["id"]) == original


def test_an_editor_that_cannot_start_is_named(
    spawn: Spawn, run: Run, original: dict[str, Any], editor: Editor
) -> None:
    env = editor.env(EDITOR="leerlog-has-no-such-editor --wait")
    code, text = edit(spawn, original["activity"]["id"], env)
    assert code == 1, text
    assert "cannot start the editor 'leerlog-has-no-such-editor'" in text
    assert shown(run, original["activity"]["id"]) == original


def test_visual_comes_before_editor_and_may_carry_arguments(
    spawn: Spawn, run: Run, original: dict[str, Any], editor: Editor
) -> None:
    plan = {"replace": [["minutes = 45", "minutes = 50"]]}
    env = editor.env(plan, VISUAL=f"{EDITOR} --wait 'two words'", EDITOR="false")
    code, text = edit(spawn, original["activity"]["id"], env)
    assert code == 0, text
    assert editor.seen(1)["flags"] == ["--wait", "two words"]
    assert shown(run, original["activity"]["id"])["activity"]["minutes"] == 50


def test_a_change_made_meanwhile_is_not_overwritten(
    spawn: Spawn, run: Run, original: dict[str, Any], editor: Editor
) -> None:
    activity_id = original["activity"]["id"]
    meanwhile = [script(), "edit", activity_id, "--title", "Intussen veranderd"]
    plan = {"replace": [["minutes = 45", "minutes = 50"]], "run": meanwhile}
    code, text = edit(spawn, activity_id, editor.env(plan))
    assert code == 1, text
    assert "changed in the meantime" in text
    after = shown(run, activity_id)["activity"]
    assert (after["title"], after["minutes"]) == ("Intussen veranderd", 45)


def test_without_a_terminal_edit_needs_options_and_opens_no_editor(
    subprocess_env: dict[str, str], run: Run, original: dict[str, Any], editor: Editor
) -> None:
    env = subprocess_env | editor.env({"replace": [["minutes = 45", "minutes = 50"]]})
    done = run_script(env, "edit", original["activity"]["id"][:8])
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("Error: nothing to change")
    assert editor.openings == 0
    assert shown(run, original["activity"]["id"]) == original
