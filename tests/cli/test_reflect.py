"""reflect --template skj|starr: the parts become the reflection, one undo takes both back."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest

from installed import run_script, sqlite

if TYPE_CHECKING:
    from cli.conftest import Cli
    from conftest import Run

SKJ = {
    "technisch-instrumenteel": "Ik oefende de meldcode stap voor stap.",
    "normatief": "Veiligheid van het kind gaat voor.",
    "persoonlijk": "Ik merkte dat ik twijfel uitstel.\nDat wil ik anders.",
}
SKJ_TEXT = (
    "Technisch-instrumenteel: Ik oefende de meldcode stap voor stap.\n\n"
    "Normatief: Veiligheid van het kind gaat voor.\n\n"
    "Persoonlijk: Ik merkte dat ik twijfel uitstel.\nDat wil ik anders."
)


def parts_args(parts: dict[str, str]) -> list[str]:
    return [arg for key, text in parts.items() for arg in ("--part", f"{key}={text}")]


def shown(run: Run, activity_id: str) -> dict[str, Any]:
    result = run("show", activity_id, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_parts_given_in_a_script_become_the_reflection(
    cli: Cli, run: Run, subprocess_env: dict[str, str]
) -> None:
    activity = cli.add("intervisie", "Casus meldcode", "-m", "1u30")
    result = run_script(
        subprocess_env, "reflect", activity[:8], "--template", "SKJ", *parts_args(SKJ)
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"{activity}  reflection (SKJ): 2026-11-27 1h30 ")
    data = shown(run, activity)
    assert data["activity"]["reflection"] == SKJ_TEXT
    assert data["reflection_parts"] == {"template": "skj", "parts": SKJ}
    assert data["activity"]["updated_at"] > data["activity"]["created_at"]


def test_starr_parts_keep_the_template_order_whatever_order_they_are_given_in(
    cli: Cli, run: Run
) -> None:
    activity = cli.add("werk", "Huisbezoek", "-m", "45")
    given = {"reflectie": "R2", "actie": "A", "situatie": "S", "resultaat": "R1", "taak": "T"}
    result = run("reflect", activity, "--template", "starr", *parts_args(given))
    assert result.exit_code == 0, result.stderr
    assert cli.record(activity)["reflection"] == (
        "Situatie: S\n\nTaak: T\n\nActie: A\n\nResultaat: R1\n\nReflectie: R2"
    )


def test_one_undo_takes_back_the_reflection_and_its_parts(cli: Cli, run: Run) -> None:
    activity = cli.add("intervisie", "Casus", "-m", "45", "-r", "Eerst zo.")
    assert run("reflect", activity, "--template", "skj", *parts_args(SKJ)).exit_code == 0
    undone = run("undo")
    assert undone.exit_code == 0, undone.stderr
    assert undone.stdout.startswith(f"{activity}  undone (changed): ")
    data = shown(run, activity)
    assert data["activity"]["reflection"] == "Eerst zo."
    assert data["reflection_parts"] is None
    with sqlite(cli.db_path) as conn:
        assert conn.execute("SELECT count(*) FROM reflections").fetchone() == (0,)


def test_undo_of_a_second_reflect_brings_back_the_first_parts(cli: Cli, run: Run) -> None:
    activity = cli.add("intervisie", "Casus", "-m", "45")
    run("reflect", activity, "--template", "skj", *parts_args(SKJ))
    starr = {"situatie": "S", "taak": "T", "actie": "A", "resultaat": "R", "reflectie": "L"}
    run("reflect", activity, "--template", "starr", *parts_args(starr))
    assert shown(run, activity)["reflection_parts"]["template"] == "starr"
    assert run("undo").exit_code == 0
    data = shown(run, activity)
    assert data["reflection_parts"] == {"template": "skj", "parts": SKJ}
    assert data["activity"]["reflection"] == SKJ_TEXT


def test_a_plain_edit_of_the_reflection_makes_the_parts_stale(cli: Cli, run: Run) -> None:
    activity = cli.add("intervisie", "Casus", "-m", "45")
    run("reflect", activity, "--template", "skj", *parts_args(SKJ))
    edited = run("edit", activity, "--reflection", "Korter gezegd: meldcode geoefend.")
    assert edited.exit_code == 0, edited.stderr
    data = shown(run, activity)
    assert data["reflection_parts"] is None
    assert data["activity"]["reflection"] == "Korter gezegd: meldcode geoefend."
    text = run("show", activity).stdout
    assert "Reflection     Korter gezegd: meldcode geoefend." in text
    assert "Normatief      " not in text and "Reflection (SKJ)" not in text
    # Undoing the plain edit makes them current again.
    run("undo")
    assert shown(run, activity)["reflection_parts"] == {"template": "skj", "parts": SKJ}


def test_show_lists_the_current_parts_under_their_labels(cli: Cli, run: Run) -> None:
    activity = cli.add("intervisie", "Casus", "-m", "45")
    run("reflect", activity, "--template", "skj", *parts_args(SKJ))
    lines = run("show", activity).stdout.splitlines()
    at = lines.index("Reflection (SKJ)")
    assert lines[at + 1 : at + 5] == [
        "  Technisch-instrumenteel  Ik oefende de meldcode stap voor stap.",
        "  Normatief                Veiligheid van het kind gaat voor.",
        "  Persoonlijk              Ik merkte dat ik twijfel uitstel.",
        "                           Dat wil ik anders.",
    ]
    assert "Reflection     in the parts of SKJ, below" in lines
    # The history shows the change once: the reflection and the template it was written in.
    assert "      Reflection parts  (none) \u2192 SKJ" in lines


@pytest.mark.parametrize(
    ("lang", "says"),
    [
        ("en", "Error: SKJ needs the parts technisch-instrumenteel, persoonlijk, and there is no "
               "terminal to ask\nHint: give each as --part NAME=TEXT, e.g. --part "
               'technisch-instrumenteel="..."\n'),
        ("nl", "Fout: SKJ mist de onderdelen technisch-instrumenteel, persoonlijk, en er is geen "
               "terminal om ze te vragen\nTip: geef elk als --part NAAM=TEKST, bijv. --part "
               'technisch-instrumenteel="..."\n'),
    ],
)  # fmt: skip
def test_without_a_terminal_every_part_must_be_given(
    cli: Cli, subprocess_env: dict[str, str], lang: str, says: str
) -> None:
    activity = cli.add("intervisie", "Casus", "-m", "45")
    before = cli.snapshot()
    result = run_script(
        subprocess_env | {"LEERLOG_LANG": lang},
        "reflect", activity, "--template", "skj", "--part", "normatief=Waarden",
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == says
    assert cli.snapshot() == before


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--template", "STAR"), "no template 'STAR'; did you mean starr?"),
        (("--template", "skj", "--part", "persoonlyk=x"), "its parts are: persoonlijk, "),
        (("--template", "starr", "--part", "reflektie=x"), "its parts are: reflectie, "),
    ],
    ids=["template", "skj-part", "starr-part"],
)
def test_an_unknown_name_is_refused_with_the_nearest_first(
    cli: Cli, run: Run, args: tuple[str, ...], says: str
) -> None:
    activity = cli.add("intervisie", "Casus", "-m", "45")
    before = cli.snapshot()
    result = run("reflect", activity, *args)
    cli.fails(result, 2)
    assert says in result.stderr
    assert cli.snapshot() == before


def test_a_part_may_be_named_by_its_label_in_any_case(cli: Cli, run: Run) -> None:
    activity = cli.add("intervisie", "Casus", "-m", "45")
    given = {"Technisch-Instrumenteel": "a", "NORMATIEF": "b", "Persoonlijk": "c"}
    result = run("reflect", activity, "--template", "skj", *parts_args(given))
    assert result.exit_code == 0, result.stderr
    assert shown(run, activity)["reflection_parts"]["parts"] == {
        "technisch-instrumenteel": "a",
        "normatief": "b",
        "persoonlijk": "c",
    }


@pytest.mark.usefixtures("terminal")
def test_at_a_terminal_a_part_that_makes_the_reflection_too_long_is_asked_again(
    cli: Cli, run: Run
) -> None:
    activity = cli.add("werk", "Huisbezoek", "-m", "45")
    given = {key: key[0] * 4900 for key in ("situatie", "taak", "actie", "resultaat")}
    # 4 x 4900 characters, the labels "Situatie: ", "Taak: ", "Actie: ", "Resultaat: " (34) and
    # three blank-line separators (6): 19,640. "Reflectie: " (11) after one more separator (2)
    # leaves room for 347 characters; 400 are too many, "Kort." fits.
    result = run(
        "reflect", activity, "--template", "starr", *parts_args(given),
        input="x" * 400 + "\nKort.\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "the reflection has 20053 characters; at most 20000 fit; write this part shorter" in (
        result.stderr
    )
    assert result.stderr.count("Reflectie (looking back: ") == 2
    reflection = cli.record(activity)["reflection"]
    assert len(reflection) == 19_640 + 2 + 11 + 5
    assert reflection.endswith("\n\nReflectie: Kort.")


def test_the_same_parts_again_change_nothing(cli: Cli, run: Run) -> None:
    activity = cli.add("intervisie", "Casus", "-m", "45")
    run("reflect", activity, "--template", "skj", *parts_args(SKJ))
    before = cli.snapshot()
    again = run("reflect", activity, "--template", "skj", *parts_args(SKJ))
    assert (again.exit_code, again.stdout, again.stderr) == (0, "", "Nothing changed.\n")
    assert cli.snapshot() == before
