"""`leerlog edit`, `delete` and `undo`: prefixes, confirmations, and lossless take-backs."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from conftest import Run

    from .conftest import Cli, Record

INTERVISIE = (
    "intervisie", "Casus over schuldhulp", "-m", "45", "-d", "2026-11-20",
    "--with", "Piet", "-t", "schuldhulp", "-t", "gesprek", "-r", "Eerst luisteren",
)  # fmt: skip


@pytest.fixture
def original(cli: Cli) -> Record:
    """One intervisie record of anna's with every field filled."""
    return cli.record(cli.add(*INTERVISIE))


def without(record: Record, *fields: str) -> Record:
    return {key: value for key, value in record.items() if key not in fields}


EDITS: list[tuple[list[str], dict[str, Any]]] = [
    (["--minutes", "1h45"], {"minutes": 105}),
    (["-m", "20"], {"minutes": 20}),
    (["--title", "Nieuwe titel"], {"title": "Nieuwe titel"}),
    (["--date", "gisteren"], {"date": "2026-11-26"}),
    (["-d", "2026-11-01"], {"date": "2026-11-01"}),
    (["--type", "supervisie"], {"type": "supervisie"}),
    (["--type", ""], {"type": None}),
    (["--type", "workshop"], {"type": "workshop", "category": "formal"}),
    (["--category", "sociaal"], {}),
    (["--with", ""], {"with": None}),
    (["--with", "Fatima"], {"with": "Fatima"}),
    (["--tag", "nieuw"], {"tags": ["nieuw"]}),
    (["-t", "a", "-t", "b"], {"tags": ["a", "b"]}),
    (["--reflection", "Meer doorvragen"], {"reflection": "Meer doorvragen"}),
    (["--person", "bob"], {"person": "bob"}),
]


@pytest.mark.parametrize(("options", "changed"), EDITS, ids=[" ".join(o) for o, _ in EDITS])
def test_edit_by_prefix_changes_only_the_given_fields(
    run: Run, cli: Cli, original: Record, options: list[str], changed: dict[str, Any]
) -> None:
    result = run("edit", original["id"][:8], *options)
    assert result.exit_code == 0, result.stderr
    after = cli.record(original["id"])
    assert without(after, "updated_at") == {**without(original, "updated_at"), **changed}
    assert after["created_at"] == original["created_at"]
    assert after["updated_at"] >= original["updated_at"]


def test_edit_category_of_record_without_type(run: Run, cli: Cli) -> None:
    new_id = cli.add("sociaal", "Gesprek", "-m", "30")
    assert run("edit", new_id[:6], "--category", "formeel").exit_code == 0
    assert cli.record(new_id)["category"] == "formal"


def test_edited_person_moves_out_of_my_list(run: Run, cli: Cli, original: Record) -> None:
    assert run("edit", original["id"][:8], "--person", "bob").exit_code == 0
    assert cli.ids() == []
    assert cli.ids("--person", "bob") == [original["id"]]


def test_edit_without_options_is_a_usage_error(run: Run, cli: Cli, original: Record) -> None:
    cli.fails(run("edit", original["id"][:8]), 2)
    assert cli.record(original["id"]) == original


@pytest.mark.parametrize(
    "options",
    [
        ["--category", "formal"],
        ["--minutes", "0"],
        ["--date", "2026-11-29"],
        ["--title", " "],
        ["--type", "bestaat-niet"],
    ],
)
def test_edit_breaking_a_rule_is_a_usage_error(
    run: Run, cli: Cli, original: Record, options: list[str]
) -> None:
    cli.fails(run("edit", original["id"][:8], *options), 2)
    assert cli.record(original["id"]) == original


def test_unknown_prefix(run: Run, cli: Cli, original: Record) -> None:
    unknown = "0" if not original["id"].startswith("0") else "1"
    cli.fails(run("edit", unknown, "--title", "x"), 1)
    cli.fails(run("delete", unknown, "--yes"), 1)
    assert cli.record(original["id"]) == original


def test_ambiguous_prefix(run: Run, cli: Cli) -> None:
    # 17 UUIDs over 16 hex digits: at least two share their first character.
    for number in range(17):
        cli.add("werk", f"Taak {number}", "-m", "30")
    before = cli.records()
    first, count = Counter(record["id"][0] for record in before).most_common(1)[0]
    assert count >= 2
    result = run("edit", first, "--title", "x")
    cli.fails(result, 1)
    assert "more than one" in result.stderr
    cli.fails(run("delete", first, "--yes"), 1)
    assert cli.records() == before


def test_delete_without_terminal_or_yes_is_refused(run: Run, cli: Cli, original: Record) -> None:
    cli.fails(run("delete", original["id"][:8]), 2)
    assert cli.ids() == [original["id"]]


@pytest.mark.usefixtures("terminal")
@pytest.mark.parametrize(("answer", "deleted"), [("n\n", False), ("\n", False), ("y\n", True)])
def test_delete_asks_on_a_terminal(
    run: Run, cli: Cli, original: Record, answer: str, deleted: bool
) -> None:
    result = run("delete", original["id"][:8], input=answer)
    assert result.exit_code == 0, result.stderr
    assert "Delete" in result.stderr
    assert cli.ids() == ([] if deleted else [original["id"]])


@pytest.mark.parametrize("flag", ["--yes", "-y"])
def test_delete_with_yes(run: Run, cli: Cli, original: Record, flag: str) -> None:
    result = run("delete", original["id"][:8], flag)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(original["id"])
    assert cli.ids("--all") == []


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(["delete", "--yes"], id="delete"),
        pytest.param(["edit", "--title", "Anders", "-m", "2u", "--with", "", "-t", "x"], id="edit"),
        pytest.param(["edit", "--person", "bob", "--type", ""], id="edit-person"),
    ],
)
def test_undo_gives_back_every_field(
    run: Run, cli: Cli, original: Record, change: list[str]
) -> None:
    command, *options = change
    assert run(command, original["id"][:8], *options).exit_code == 0
    assert cli.records("--all") != [original]

    result = run("undo")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(original["id"])
    assert "undone" in result.stdout
    assert cli.records("--all") == [original]


def test_undo_walks_back_and_then_has_nothing(run: Run, cli: Cli) -> None:
    first = cli.add("werk", "A", "-m", "30", "-d", "gisteren")
    second = cli.add("werk", "B", "-m", "30")
    assert cli.ids() == [second, first]

    assert run("undo").exit_code == 0
    assert cli.ids() == [first]
    assert run("undo").exit_code == 0
    assert cli.ids() == []
    result = run("undo")
    cli.fails(result, 1)
    assert "nothing to undo" in result.stderr


def test_undo_takes_back_only_my_own_changes(run: Run, cli: Cli, original: Record) -> None:
    result = run("undo", env={"LEERLOG_PERSON": "bob"})
    cli.fails(result, 1)
    assert "nothing to undo" in result.stderr
    assert cli.records("--all") == [original]


def test_undo_refuses_when_someone_else_changed_it_since(
    run: Run, cli: Cli, original: Record
) -> None:
    edit = run("--person", "bob", "edit", original["id"][:8], "--title", "Bob was hier")
    assert edit.exit_code == 0, edit.stderr
    edited = cli.record(original["id"])
    assert edited["title"] == "Bob was hier"

    cli.fails(run("undo"), 1)
    assert cli.records("--all") == [edited]

    # Bob can take back his own edit; then anna's add is hers to undo again.
    assert run("--person", "bob", "undo").exit_code == 0
    assert cli.records("--all") == [original]
    assert run("undo").exit_code == 0
    assert cli.records("--all") == []
