"""people rename, list --search/--with, undo --dry-run and the warning of a twin, in Dutch."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_dutch_everywhere import _env, english_in, english_words, misaligned

from installed import run_script, unnoted


@pytest.fixture(scope="module")
def vocabulary() -> set[str]:
    return english_words()


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """A Dutch log: anna's activity, two for 'jost' (a typo of joost), joost in Team Zuid."""
    env = _env(tmp_path)
    for args in (
        ("add", "intervisie", "Casus over schuldhulp", "-m", "1u30", "--with", "Jost, Piet"),
        ("add", "werk", "Huisbezoek", "-m", "45", "-p", "jost", "-t", "Reünie"),
        ("add", "werk", "Tweede", "-m", "45", "-p", "jost"),
        ("people", "set", "jost", "--team", "Team Noord"),
        ("people", "set", "joost", "--team", "Team Zuid"),
    ):
        done = run_script(env, *args)
        assert done.returncode == 0, done.stderr
    return env


@pytest.mark.parametrize(
    "path", [("people", "rename"), ("undo",), ("list",)], ids=lambda path: " ".join(path)
)
def test_help_is_dutch_and_lines_up(
    tmp_path: Path, vocabulary: set[str], path: tuple[str, ...]
) -> None:
    text = run_script(_env(tmp_path), *path, "--help").stdout
    assert "Voorbeeld:" in text
    assert english_in(text, vocabulary) == [], text
    assert misaligned(text) == [], text


def test_rename_and_its_undo_speak_dutch(env: dict[str, str], vocabulary: set[str]) -> None:
    steps = [
        (("people", "rename", "jost", "joost"),
         "'jost' samengevoegd met 'joost': 2 activiteiten verplaatst, en 'joost' in het veld "
         "'met' van 1 andere activiteit\n",
         "let op: 'jost' zat in Team Noord; 'joost' blijft in Team Zuid\n"),
        (("undo", "--dry-run"),
         "zou ongedaan maken (hernoemd van 'jost' naar 'joost'): 3 activiteiten weer zoals ze "
         "waren\n", ""),
        (("undo",),
         "ongedaan gemaakt (hernoemd van 'jost' naar 'joost'): 3 activiteiten weer zoals ze "
         "waren\n", ""),
        (("people", "rename", "jost", "Jost Bakker"),
         "'jost' heet nu 'Jost Bakker': 2 activiteiten verplaatst, en 'Jost Bakker' in het veld "
         "'met' van 1 andere activiteit\n", ""),
    ]  # fmt: skip
    for args, stdout, stderr in steps:
        done = run_script(env, *args)
        assert (done.returncode, done.stdout, done.stderr) == (0, stdout, stderr)
        assert english_in(done.stdout + done.stderr, vocabulary) == []


def test_the_twin_warning_and_dry_runs_speak_dutch(
    env: dict[str, str], vocabulary: set[str]
) -> None:
    first = run_script(env, "list", "-p", "jost", "--format", "csv").stdout.splitlines()[-1][:36]
    done = run_script(env, "add", "werk", "Huisbezoek", "-m", "45", "-p", "jost", "-q")
    assert done.returncode == 0
    assert unnoted(done.stderr) == (
        f"waarschuwing: dit staat al in het logboek als {first} (zelfde persoon, datum, "
        "categorie, minuten en titel); toch opnieuw opgeslagen, 'leerlog undo' draait dat terug\n"
    )
    dry = run_script(env, "undo", "--dry-run")
    assert dry.stdout.startswith(f"{done.stdout.strip()}  zou ongedaan maken (toegevoegd): ")
    for text in (done.stderr, dry.stdout):
        assert english_in(text, vocabulary) == [], text


@pytest.mark.parametrize(
    ("args", "code", "expected"),
    [
        (("people", "rename", "jots", "joost"), 1,
         ["Fout: niemand met de naam 'jots' in dit logboek; bedoel je 'jost'?",
          "Tip: de mensen: anna, joost, jost"]),
        (("people", "rename", "jost", "jost"), 2, ["Fout: 'jost' en 'jost' zijn dezelfde naam"]),
        (("people", "rename", "jost", " "), 2, ["Fout: de naam is leeg"]),
        (("list", "--search", " "), 2, ["Fout: de zoektekst is leeg", "Tip: geef een woord"]),
        (("list", "--with", ""), 2, ["Fout: de naam is leeg", "Tip: geef een naam"]),
    ],
)  # fmt: skip
def test_problems_are_dutch(
    env: dict[str, str], vocabulary: set[str], args: tuple[str, ...], code: int, expected: list[str]
) -> None:
    done = run_script(env, *args)
    assert (done.returncode, done.stdout) == (code, "")
    for words in expected:
        assert words in done.stderr, done.stderr
    assert english_in(done.stderr, vocabulary) == [], done.stderr


def test_search_finds_what_dutch_people_type(env: dict[str, str]) -> None:
    done = run_script(env, "list", "--all", "--search", "REUNIE", "--format", "csv")
    assert [line.split(",")[6] for line in done.stdout.splitlines()[1:]] == ["Huisbezoek"]
    done = run_script(env, "list", "--with", "jost", "--format", "csv")
    assert [line.split(",")[6] for line in done.stdout.splitlines()[1:]] == [
        "Casus over schuldhulp"
    ]


def test_renaming_yourself_is_noted_in_dutch(env: dict[str, str], vocabulary: set[str]) -> None:
    done = run_script(env, "people", "rename", "anna", "Anna de Vries")
    assert done.returncode == 0, done.stderr
    assert done.stderr == (
        "let op: je bent nog steeds 'anna' (uit LEERLOG_PERSON); maak daar 'Anna de Vries' van, "
        "anders komt wat je hierna logt weer bij 'anna'\n"
    )
    assert english_in(done.stderr, vocabulary) == []
