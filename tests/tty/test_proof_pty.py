"""Proof and reflection at a real terminal: each missing part of `reflect` asked (an empty
answer asked again), and `evidence list` within 80 and 60 columns."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from ptykit import Terminal as Spawn
from ptykit import finish
from rich.cells import cell_len

if TYPE_CHECKING:
    from conftest import Run

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
NEEDED = {
    "en": "an answer is needed here; Ctrl-C stops without changing anything",
    "nl": "hier is een antwoord nodig; Ctrl-C stopt zonder iets te veranderen",
}
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
    child.sendline("   ")  # nothing but spaces: why, and the same question again
    child.expect_exact(NEEDED[lang])
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


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("columns", [80, 60])
def test_the_evidence_list_fits_and_keeps_numbers_sizes_and_hashes_whole(
    spawn: Spawn, run: Run, isolated: Path, columns: int, lang: str
) -> None:
    activity = added(run)
    names = ["Certificaat training meldcode kindermishandeling en huiselijk geweld 2026.pdf",
             "lijst.jpg"]  # fmt: skip
    for size, name in enumerate(names, 1):
        (isolated / name).write_bytes(name.encode() * size * 1000)
        assert run("evidence", "add", activity, str(isolated / name)).exit_code == 0
    child = spawn("evidence", "list", activity, lang=lang, columns=columns)
    code, lines = finish(child)
    assert code == 0, lines
    lines = [ANSI.sub("", line) for line in lines if line.strip()]
    assert [line for line in lines if cell_len(line) > columns] == []
    assert len(lines) == 3, lines  # the header and one line a file: nothing wrapped
    for number, name in enumerate(names, 1):
        content = (isolated / name).read_bytes()
        words = lines[number].split()
        assert words[0] == str(number)
        assert hashlib.sha256(content).hexdigest()[:12] in words
        assert f"{len(content) / 1024:.1f}" in words
    assert "lijst.jpg" in lines[2]
