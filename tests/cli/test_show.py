"""`leerlog show ID`: every field of one activity, and its history from the journal."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from installed import run_script

if TYPE_CHECKING:
    from conftest import Run

    from .conftest import Cli

REFLECTION = "Eerst luisteren, dan pas oplossingen zoeken.\nVolgende keer vraag ik door."
ADDED = (
    "intervisie", "Casus over schuldhulp", "-m", "45", "-d", "2026-11-20", "--with", "Piet",
    "-t", "schuldhulp", "-t", "gesprek", "-r", REFLECTION,
)  # fmt: skip
STAMP = r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}"


@pytest.fixture
def changed(run: Run, cli: Cli) -> str:
    """An activity added by anna, edited by anna and by bob, deleted and brought back."""
    activity_id = cli.add(*ADDED)
    assert run("edit", activity_id[:8], "-m", "1h45", "--title", "Casus twee").exit_code == 0
    result = run("--person", "bob", "edit", activity_id[:8], "--with", "", "-t", "nieuw")
    assert result.exit_code == 0, result.stderr
    assert run("delete", activity_id, "--yes").exit_code == 0
    assert run("undo").exit_code == 0
    return activity_id


def test_show_prints_every_field_and_the_history(run: Run, changed: str) -> None:
    result = run("show", changed[:6])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    fields = lines[: lines.index("")]
    assert [line.split("  ")[0] for line in fields] == [
        "Id", "Person", "Date", "Category", "Type", "Time", "Title", "With", "Tags",
        "Reflection", "", "Session", "Accreditation", "Created", "Last changed",
    ]  # fmt: skip
    values = [re.sub(r"^\S+(?: \S+)?\s{2,}", "", line).strip() for line in fields]
    assert values[:10] == [
        changed, "anna", "2026-11-20", "social", "intervisie: peer supervision (intervisie)",
        "1h45 (105 minutes)", "Casus twee", "(none)", "nieuw",
        "Eerst luisteren, dan pas oplossingen zoeken.",
    ]  # fmt: skip
    assert values[10] == "Volgende keer vraag ik door."  # the reflection's own second line
    assert values[11:13] == ["(none)", "(none)"]  # no group session, no accreditation
    assert all(re.fullmatch(STAMP, value) for value in values[13:])
    history = lines[lines.index("History") + 1 :]
    assert [re.sub(STAMP, "<when>", line) for line in history] == [
        "  <when>  anna  added",
        "  <when>  anna  changed",
        "      Time   45 minutes → 1h45 (105 minutes)",
        "      Title  Casus over schuldhulp → Casus twee",
        "  <when>  bob  changed",
        "      With  Piet → (none)",
        "      Tags  schuldhulp, gesprek → nieuw",
        "  <when>  anna  deleted (undone <when>)",
    ]


def test_show_as_json_gives_the_record_and_its_history(run: Run, cli: Cli, changed: str) -> None:
    result = run("show", changed, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["activity"] == cli.record(changed)
    history = data["history"]
    assert [(e["action"], e["actor"], e["undone_at"] is None) for e in history] == [
        ("add", "anna", True), ("edit", "anna", True), ("edit", "bob", True),
        ("delete", "anna", False),
    ]  # fmt: skip
    assert [e["changes"] for e in history] == [
        [],
        [{"field": "minutes", "old": 45, "new": 105},
         {"field": "title", "old": "Casus over schuldhulp", "new": "Casus twee"}],
        [{"field": "with", "old": "Piet", "new": None},
         {"field": "tags", "old": ["schuldhulp", "gesprek"], "new": ["nieuw"]}],
        [],
    ]  # fmt: skip
    assert all(e["at"].endswith("Z") for e in history)


def test_an_imported_activity_shows_its_import(run: Run, cli: Cli, tmp_path: Path) -> None:
    source = tmp_path / "in.json"
    record = {"person": "anna", "date": "2026-11-02", "category": "formal", "minutes": 30,
              "title": "Webinar"}  # fmt: skip
    source.write_text(json.dumps([record]), encoding="utf-8")
    assert run("import", str(source)).exit_code == 0
    [activity_id] = cli.ids()
    result = run("show", activity_id)
    assert result.exit_code == 0, result.stderr
    assert re.search(rf"^  {STAMP}  anna  imported$", result.stdout, re.MULTILINE)
    assert re.search(r"^Type +\(none\)$", result.stdout, re.MULTILINE)


def test_a_long_reflection_is_wrapped_to_the_terminal_and_shown_whole(run: Run, cli: Cli) -> None:
    words = [f"woord{number}" for number in range(700)]
    reflection = " ".join(words[:350]) + "\n\n" + " ".join(words[350:])
    activity_id = cli.add("werk", "Lang verhaal", "-m", "30", "-r", reflection)
    result = run("show", activity_id, env={"COLUMNS": "60"})
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 60
    start = next(i for i, line in enumerate(lines) if line.startswith("Reflection"))
    block = lines[start : next(i for i, line in enumerate(lines) if line.startswith("Session"))]
    assert " ".join(block).split()[1:] == words  # every word, in order
    assert "" in block  # the empty line between its paragraphs stays


def test_printed_text_is_escaped(run: Run, cli: Cli) -> None:
    activity_id = cli.add("werk", "Iets", "-m", "30", "-r", "rood\x1b[31m en \u202eom")
    result = run("show", activity_id)
    assert result.exit_code == 0, result.stderr
    assert "rood\\x1b[31m en \\u202eom" in result.stdout
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    data = json.loads(run("show", activity_id, "--format", "json").stdout)
    assert data["activity"]["reflection"] == "rood\x1b[31m en \u202eom"  # data keeps it exactly


def test_unknown_and_ambiguous_ids_are_exit_1(run: Run, cli: Cli) -> None:
    # 17 UUIDs over 16 hex digits: at least two share their first character.
    ids = [cli.add("werk", f"Taak {number}", "-m", "30") for number in range(17)]
    shared = next(c for c in "0123456789abcdef" if sum(i.startswith(c) for i in ids) > 1)
    result = run("show", shared)
    cli.fails(result, 1)
    assert "more than one" in result.stderr
    result = run("show", "zz")
    cli.fails(result, 1)
    assert "no activity with id 'zz'" in result.stderr
    cli.fails(run("show", " "), 2)


def test_a_missing_database_is_exit_1_and_stays_missing(run: Run, cli: Cli, db_path: Path) -> None:
    result = run("show", "3f2a")
    cli.fails(result, 1)
    assert "no leerlog database at" in result.stderr
    assert not db_path.exists()


def test_show_in_dutch(subprocess_env: dict[str, str], cli: Cli, changed: str) -> None:
    done = run_script({**subprocess_env, "LEERLOG_LANG": "nl"}, "show", changed[:8])
    assert done.returncode == 0, done.stderr
    labels = [line.split("  ")[0] for line in done.stdout.splitlines()[:15]]
    assert labels == [
        "Id", "Persoon", "Datum", "Categorie", "Type", "Tijd", "Titel", "Met", "Tags",
        "Reflectie", "", "Sessie", "Accreditatie", "Aangemaakt", "Laatst gewijzigd",
    ]  # fmt: skip
    text = re.sub(STAMP, "<when>", done.stdout)
    assert re.search(r"^Met +\(geen\)$", text, re.MULTILINE), text
    assert re.search(r"^Tijd +1h45 \(105 minuten\)$", text, re.MULTILINE), text
    for words in (
        "\nGeschiedenis\n", "  <when>  anna  toegevoegd\n", "  <when>  bob  gewijzigd\n",
        "      Tijd   45 minuten → 1h45 (105 minuten)\n",
        "  <when>  anna  verwijderd (ongedaan gemaakt <when>)\n",
    ):  # fmt: skip
        assert words in text, text


def test_show_is_listed_right_after_list(run: Run) -> None:
    block = run("--help").stdout.split("Commands:")[1]
    names = [line.split()[0] for line in block.splitlines() if line.strip()]
    assert names[names.index("list") + 1] == "show"
