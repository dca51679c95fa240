"""`leerlog session` at a real terminal: the minutes asked for, the delete confirmed, in Dutch."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from ptykit import Terminal as Spawn
from ptykit import finish

if TYPE_CHECKING:
    from conftest import Run

ADD = ("session", "add", "intervisie", "Casus", "--present", "anna,bob,carla", "--at", "9:30")


def sessions(run: Run) -> dict[str | None, int]:
    result = run("list", "--all", "--format", "json")
    assert result.exit_code == 0, result.stderr
    records: list[dict[str, Any]] = json.loads(result.stdout) if result.stdout.strip() else []
    found: dict[str | None, int] = {}
    for record in records:
        found[record["session"]] = found.get(record["session"], 0) + 1
    return found


@pytest.mark.parametrize(
    ("lang", "question", "refusal"),
    [("en", "Minutes: ", "minutes must be between 1 and 1440"),
     ("nl", "Minuten: ", "tussen 1 en 1440")],
)  # fmt: skip
def test_missing_minutes_are_asked_for_and_asked_again(
    spawn: Spawn, run: Run, lang: str, question: str, refusal: str
) -> None:
    child = spawn(*ADD, lang=lang)
    child.expect_exact(question)
    child.sendline("0")
    child.expect_exact(refusal)
    child.expect_exact(question)
    child.sendline("1u30")
    code, shown = finish(child)
    assert code == 0, shown
    assert list(sessions(run).values()) == [3]


@pytest.mark.parametrize(("key", "code"), [("\x03", 130), ("\x04", 1)], ids=["ctrl-c", "ctrl-d"])
def test_stopping_at_the_question_stores_nothing(
    spawn: Spawn, run: Run, db_path: Path, key: str, code: int
) -> None:
    child = spawn(*ADD)
    child.expect_exact("Minutes: ")
    child.send(key)
    exit_code, shown = finish(child)
    assert exit_code == code, shown
    assert "Stopped; nothing was changed." in shown
    assert not db_path.exists()  # not even the file was made


@pytest.mark.parametrize(("answer", "deleted"), [("ja", True), ("nee", False)])
def test_session_delete_asks_in_dutch(spawn: Spawn, run: Run, answer: str, deleted: bool) -> None:
    added = run(*ADD, "-m", "1u")
    session_id = added.stdout.split()[0]
    child = spawn("session", "delete", session_id[:8], lang="nl")
    child.expect_exact(f"Sessie {session_id[:8]} 'Casus' met de 3 activiteiten ervan verwijderen?")
    child.expect_exact("[j/N]")
    child.sendline(answer)
    code, shown = finish(child)
    assert code == 0, shown
    assert sessions(run) == ({} if deleted else {session_id: 3})
