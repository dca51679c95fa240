"""Questions on a real terminal: a typo is asked again, Ctrl-C and Ctrl-D stop and store nothing."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest
from ptykit import Terminal as Spawn
from ptykit import finish

if TYPE_CHECKING:
    from conftest import Run

STOPPED = {"en": "Stopped; nothing was changed.", "nl": "Gestopt; er is niets veranderd."}
QUESTIONS = {
    "en": ("What kind of learning (a type or a category): ", "Title: ", "Minutes: "),
    "nl": ("Wat voor soort leren (een type of een categorie): ", "Titel: ", "Minuten: "),
}
NOT_A_DURATION = {"en": "not a duration: 'anderhalf uur'", "nl": "geen tijdsduur: 'anderhalf uur'"}
DID_YOU_MEAN = {"en": "did you mean 'intervisie'?", "nl": "bedoel je 'intervisie'?"}


def records(run: Run) -> list[dict[str, Any]]:
    result = run("list", "--all", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert isinstance(data, list)
    return data


@pytest.fixture
def earlier(run: Run) -> list[dict[str, Any]]:
    """A file that already holds one activity of someone else."""
    result = run("--person", "bob", "add", "werk", "Eerste huisbezoek alleen", "-m", "2u")
    assert result.exit_code == 0, result.stderr
    return records(run)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_a_typo_at_each_prompt_is_asked_again_and_the_answers_stay(
    spawn: Spawn, run: Run, earlier: list[dict[str, Any]], lang: str
) -> None:
    what, title, minutes = QUESTIONS[lang]
    child = spawn("add", lang=lang)
    child.expect_exact(what)
    child.sendline("intervsie")
    child.expect_exact(DID_YOU_MEAN[lang])
    child.expect_exact(what)  # the same question again, not the next one
    child.sendline("intervisie")
    child.expect_exact(title)
    child.sendline("x" * 501)  # one character too long
    child.expect_exact("501")
    child.expect_exact(title)
    child.sendline("Casus over schuldhulp bij een gezin met zorgen")
    child.expect_exact(minutes)
    child.sendline("anderhalf uur")
    child.expect_exact(NOT_A_DURATION[lang])
    child.expect_exact(minutes)
    child.sendline("1u30")
    code, shown = finish(child)
    assert code == 0, shown
    new = [record for record in records(run) if record not in earlier]
    assert [(r["person"], r["type"], r["title"], r["minutes"]) for r in new] == [
        ("anna", "intervisie", "Casus over schuldhulp bij een gezin met zorgen", 90)
    ]
    assert "Traceback" not in "\n".join(shown)


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize(("key", "code"), [("\x03", 130), ("\x04", 1)], ids=["ctrl-c", "ctrl-d"])
@pytest.mark.parametrize("at", [0, 1, 2], ids=["what", "title", "minutes"])
def test_ctrl_c_and_end_of_input_stop_and_store_nothing(
    spawn: Spawn,
    run: Run,
    earlier: list[dict[str, Any]],
    lang: str,
    key: str,
    code: int,
    at: int,
) -> None:
    child = spawn("add", lang=lang)
    answers = ("coaching", "Gesprek met Piet")[:at]
    for question, answer in zip(QUESTIONS[lang][:at], answers, strict=True):
        child.expect_exact(question)
        child.sendline(answer)
    child.expect_exact(QUESTIONS[lang][at])
    child.send(key)
    exit_code, shown = finish(child)
    assert exit_code == code, shown
    # The cursor was behind the question: the message is a line of its own.
    assert STOPPED[lang] in shown, shown
    assert "Traceback" not in "\n".join(shown)
    assert records(run) == earlier


@pytest.mark.parametrize(
    ("lang", "choices", "answers", "deleted"),
    [
        pytest.param("nl", "[j/N]", ["j"], True, id="nl-j"),
        pytest.param("nl", "[j/N]", ["JA"], True, id="nl-JA"),
        pytest.param("nl", "[j/N]", ["nee"], False, id="nl-nee"),
        pytest.param("nl", "[j/N]", ["misschien", "j"], True, id="nl-again-j"),
        pytest.param("nl", "[j/N]", [""], False, id="nl-default"),
        pytest.param("en", "[y/N]", ["yes"], True, id="en-yes"),
        pytest.param("en", "[y/N]", ["n"], False, id="en-n"),
        pytest.param("en", "[y/N]", ["ja"], True, id="en-ja"),
    ],
)
def test_delete_asks_yes_or_no_in_the_persons_language(
    spawn: Spawn,
    run: Run,
    earlier: list[dict[str, Any]],
    lang: str,
    choices: str,
    answers: list[str],
    deleted: bool,
) -> None:
    child = spawn("delete", earlier[0]["id"][:8], lang=lang)
    for answer in answers:
        child.expect_exact(choices + " ")
        child.sendline(answer)
    if len(answers) > 1:
        assert {"nl": "antwoord j (ja) of n (nee)", "en": "please answer"}[lang] in child.before
    code, shown = finish(child)
    assert code == 0, shown
    assert records(run) == ([] if deleted else earlier)


def test_people_forget_asks_in_dutch_and_takes_ja(
    spawn: Spawn, run: Run, earlier: list[dict[str, Any]]
) -> None:
    child = spawn("people", "forget", "bob", lang="nl")
    child.expect_exact("[j/N] ")
    child.sendline("Ja")
    code, shown = finish(child)
    assert code == 0, shown
    assert records(run) == []


@pytest.mark.parametrize(("key", "code"), [("\x03", 130), ("\x04", 1)], ids=["ctrl-c", "ctrl-d"])
def test_ctrl_c_at_the_delete_question_keeps_the_activity(
    spawn: Spawn, run: Run, earlier: list[dict[str, Any]], key: str, code: int
) -> None:
    child = spawn("delete", earlier[0]["id"][:8], lang="nl")
    child.expect_exact("[j/N] ")
    child.send(key)
    exit_code, shown = finish(child)
    assert exit_code == code, shown
    assert STOPPED["nl"] in shown, shown
    assert records(run) == earlier
