"""`leerlog reflect` at a real terminal: each missing part asked, an empty answer asked again."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest
from ptykit import Terminal as Spawn
from ptykit import finish

if TYPE_CHECKING:
    from conftest import Run

QUESTIONS = {
    "en": (
        "Technisch-instrumenteel (methods, skills and knowledge: what you did and how well it "
        "worked): ",
        "Normatief (values, norms, professional ethics): ",
        "Persoonlijk (yourself: your feelings, your beliefs, how you came across): ",
    ),
    "nl": (
        "Technisch-instrumenteel (methoden, vaardigheden en kennis: wat je deed en hoe goed het "
        "werkte): ",
        "Normatief (waarden, normen, beroepsethiek): ",
        "Persoonlijk (jezelf: je gevoelens, je overtuigingen, hoe je overkwam): ",
    ),
}


def added(run: Run) -> str:
    result = run("add", "-q", "intervisie", "Casus meldcode", "-m", "45", "-r", "Eerst zo.")
    assert result.exit_code == 0, result.stderr
    return result.stdout.strip()


def shown(run: Run, activity_id: str) -> dict[str, Any]:
    result = run("show", activity_id, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_skj_parts_are_asked_and_an_empty_answer_is_asked_again(
    spawn: Spawn, run: Run, lang: str
) -> None:
    activity = added(run)
    first, second, third = QUESTIONS[lang]
    child = spawn("reflect", activity[:8], "--template", "skj", lang=lang, columns=200)
    child.expect_exact(first)
    child.sendline("Meldcode stap voor stap geoefend.")
    child.expect_exact(second)
    child.sendline("   ")  # nothing but spaces: the same question again
    child.expect_exact(second)
    child.sendline("Veiligheid gaat voor.")
    child.expect_exact(third)
    child.sendline("Ik stel twijfel uit.")
    code, lines = finish(child)
    assert code == 0, lines
    data = shown(run, activity)
    assert data["reflection_parts"] == {
        "template": "skj",
        "parts": {
            "technisch-instrumenteel": "Meldcode stap voor stap geoefend.",
            "normatief": "Veiligheid gaat voor.",
            "persoonlijk": "Ik stel twijfel uit.",
        },
    }
    assert data["activity"]["reflection"] == (
        "Technisch-instrumenteel: Meldcode stap voor stap geoefend.\n\n"
        "Normatief: Veiligheid gaat voor.\n\nPersoonlijk: Ik stel twijfel uit."
    )


def test_a_part_given_on_the_command_line_is_not_asked(spawn: Spawn, run: Run) -> None:
    activity = added(run)
    first, second, third = QUESTIONS["en"]
    child = spawn(
        "reflect", activity, "--template", "skj", "--part", "normatief=Waarden", columns=200
    )
    child.expect_exact(first)
    child.sendline("Methode")
    child.expect_exact(third)
    child.sendline("Ikzelf")
    code, lines = finish(child)
    assert code == 0, lines
    assert second not in "\n".join(lines)
    assert shown(run, activity)["reflection_parts"]["parts"]["normatief"] == "Waarden"


@pytest.mark.parametrize(("key", "code"), [("\x03", 130), ("\x04", 1)], ids=["ctrl-c", "ctrl-d"])
def test_stopping_at_a_part_changes_nothing(spawn: Spawn, run: Run, key: str, code: int) -> None:
    activity = added(run)
    before = shown(run, activity)
    first, second, _third = QUESTIONS["en"]
    child = spawn("reflect", activity, "--template", "skj", columns=200)
    child.expect_exact(first)
    child.sendline("Methode")
    child.expect_exact(second)
    child.send(key)
    exit_code, lines = finish(child)
    assert exit_code == code, lines
    assert "Stopped; nothing was changed." in lines
    assert shown(run, activity) == before
    assert before["activity"]["reflection"] == "Eerst zo."
    assert before["reflection_parts"] is None
