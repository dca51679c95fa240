"""`leerlog add`: every input form of the contract, the stored record, and refused values."""

from __future__ import annotations

import re
import stat
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from leerlog import i18n
from leerlog.domain.categories import BUILTIN_TYPES

if TYPE_CHECKING:
    from conftest import Run

    from .conftest import Cli

UTC_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z")


def only_record(cli: Cli) -> dict[str, object]:
    records = cli.records()
    assert len(records) == 1
    return records[0]


@pytest.mark.parametrize(
    ("typed", "minutes"),
    [
        ("45", 45),
        ("45m", 45),
        ("45min", 45),
        ("1h30", 90),
        ("1h30m", 90),
        ("1.5h", 90),
        ("1,5h", 90),
        ("1:30", 90),
        ("1u30", 90),
        ("2u", 120),
    ],
)
def test_minutes_forms(cli: Cli, typed: str, minutes: int) -> None:
    cli.add("werk", "Huisbezoek", "-m", typed)
    assert only_record(cli)["minutes"] == minutes


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("2026-11-20", "2026-11-20"),
        ("today", "2026-11-27"),
        ("vandaag", "2026-11-27"),
        ("yesterday", "2026-11-26"),
        ("gisteren", "2026-11-26"),
        ("-3d", "2026-11-24"),
        ("2026-11-28", "2026-11-28"),
    ],
)
def test_date_forms(cli: Cli, typed: str, stored: str) -> None:
    cli.add("werk", "Huisbezoek", "-m", "30", f"--date={typed}")
    assert only_record(cli)["date"] == stored


def test_date_defaults_to_today(cli: Cli) -> None:
    cli.add("werk", "Huisbezoek", "-m", "30")
    assert only_record(cli)["date"] == "2026-11-27"


@pytest.mark.parametrize(
    ("what", "category"),
    [
        ("experiential", "experiential"),
        ("70", "experiential"),
        ("job", "experiential"),
        ("work", "experiential"),
        ("werk", "experiential"),
        ("ervaring", "experiential"),
        ("WERK", "experiential"),
        ("social", "social"),
        ("20", "social"),
        ("sociaal", "social"),
        ("Sociaal", "social"),
        ("formal", "formal"),
        ("10", "formal"),
        ("formeel", "formal"),
        ("training", "formal"),
    ],
)
def test_category_aliases(cli: Cli, what: str, category: str) -> None:
    cli.add(what, "Iets geleerd", "-m", "30")
    record = only_record(cli)
    assert (record["category"], record["type"]) == (category, None)


@pytest.mark.parametrize("what", ["opleiding", "OPLEIDING", "Cursus"])
def test_opleiding_as_what_is_the_type_course_formal_either_way(cli: Cli, what: str) -> None:
    cli.add(what, "Iets geleerd", "-m", "30")
    record = only_record(cli)
    assert (record["category"], record["type"]) == ("formal", "course")


@pytest.mark.parametrize("what", ["coaching", "feedback", "Coaching", "FEEDBACK"])
def test_type_wins_over_alias(cli: Cli, what: str) -> None:
    cli.add(what, "Gesprek", "-m", "30")
    record = only_record(cli)
    assert (record["category"], record["type"]) == ("social", what.lower())


@pytest.mark.parametrize("key", sorted(BUILTIN_TYPES))
def test_every_catalogue_type_gives_its_category(cli: Cli, key: str) -> None:
    cli.add(key, "Iets geleerd", "-m", "30")
    record = only_record(cli)
    assert (record["type"], record["category"]) == (key, BUILTIN_TYPES[key].category)


def test_unquoted_words_form_one_title(cli: Cli) -> None:
    cli.add("werk", "Eerste", "huisbezoek", "alleen", "-m", "2u")
    assert only_record(cli)["title"] == "Eerste huisbezoek alleen"


def test_title_starting_with_dash_after_double_dash(cli: Cli) -> None:
    cli.add("werk", "-m", "30", "--", "-5 tips voor gesprekken")
    assert only_record(cli)["title"] == "-5 tips voor gesprekken"


@pytest.fixture
def speaking(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    """Switch the language of the in-process runs; English again afterwards."""

    def switch(lang: str) -> None:
        monkeypatch.setenv("LEERLOG_LANG", lang)
        i18n.reset()

    yield switch
    switch("en")


@pytest.mark.parametrize(
    ("lang", "says", "see_help"),
    [
        ("en", "Hint: a text that starts with '-' goes after --, as in: leerlog add … -- ",
         "Hint: run 'leerlog add --help' to see how"),
        ("nl", "Tip: een tekst die met '-' begint komt na --, zoals in: leerlog add … -- ",
         "Tip: gebruik 'leerlog add --help' om te zien hoe het werkt"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("title", ["-5 tips voor gesprekken", "- tweede gesprek"])
def test_a_title_taken_for_an_option_is_told_to_go_after_double_dash(
    run: Run, db_path: Path, speaking: Callable[[str], None], lang: str, says: str,
    see_help: str, title: str,
) -> None:  # fmt: skip
    speaking(lang)
    done = run("add", "werk", title, "-m", "30")
    assert done.exit_code == 2
    assert done.stderr.splitlines()[1] == says + f"'{title}'"
    assert not db_path.parent.exists()
    # A mistyped option still points to the help.
    typo = run("add", "werk", "Huisbezoek", "-m", "30", "-x")
    assert typo.exit_code == 2
    assert typo.stderr.splitlines()[1] == see_help


@pytest.mark.parametrize(
    ("lang", "says"),
    [
        ("en", "Error: not a date: 'gisteravond'\nHint: use YYYY-MM-DD, D-M-YYYY, today/vandaag, "
         "yesterday/gisteren, a weekday such as maandag, or -3d/-2w; at most one day ahead\n"),
        ("nl", "Fout: geen datum: 'gisteravond'\nTip: gebruik YYYY-MM-DD, D-M-JJJJ, vandaag/today, "
         "gisteren/yesterday, een weekdag zoals maandag, of -3d/-2w; hoogstens één dag vooruit\n"),
    ],
)  # fmt: skip
def test_a_wrong_date_names_the_forms_that_work(
    run: Run, cli: Cli, speaking: Callable[[str], None], lang: str, says: str
) -> None:
    speaking(lang)
    done = run("add", "werk", "Huisbezoek", "-m", "30", "-d", "gisteravond")
    assert (done.exit_code, done.stderr) == (2, says)
    # Each form the hint names is one that add takes.
    forms = ["2026-11-20", "20-11-2026", "today", "vandaag", "yesterday", "gisteren", "maandag"]
    for form in [*forms, "-3d", "-2w"]:
        added = run("add", "werk", "Huisbezoek", "-m", "30", "-d", form, "-q")
        assert added.exit_code == 0, (form, added.stderr)
    assert len(cli.records("--all")) == 9


def test_all_optional_fields_are_stored(cli: Cli) -> None:
    cli.add(
        "intervisie", "Casus over schuldhulp", "-m", "1u30", "--with", "Piet",
        "-t", "schuldhulp", "--tag", "gesprekstechniek", "-r", "Eerst luisteren",
    )  # fmt: skip
    record = only_record(cli)
    assert record["with"] == "Piet"
    assert record["tags"] == ["schuldhulp", "gesprekstechniek"]
    assert record["reflection"] == "Eerst luisteren"
    assert record["person"] == "anna"


def test_person_option_logs_for_someone_else(cli: Cli) -> None:
    new_id = cli.add("werk", "Huisbezoek", "-m", "30", "--person", "bob")
    assert cli.record(new_id)["person"] == "bob"
    assert cli.records() == []


def test_quiet_prints_only_the_id(run: Run, cli: Cli) -> None:
    result = run("add", "werk", "Huisbezoek", "-m", "30", "-q")
    assert result.exit_code == 0
    assert result.stdout.endswith("\n") and result.stdout.count("\n") == 1
    assert str(uuid.UUID(result.stdout.strip())) == result.stdout.strip()
    assert only_record(cli)["id"] == result.stdout.strip()


def test_confirmation_line_starts_with_the_id(run: Run, cli: Cli) -> None:
    result = run("add", "intervisie", "Casus", "-m", "45")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    record = only_record(cli)
    assert lines[0].startswith(record["id"] + " ")


def test_new_record_has_uuid_and_utc_timestamps(cli: Cli) -> None:
    new_id = cli.add("werk", "Huisbezoek", "-m", "30")
    record = cli.record(new_id)
    assert uuid.UUID(record["id"]).version == 4
    for field in ("created_at", "updated_at"):
        assert UTC_STAMP.fullmatch(record[field]), record[field]
    assert record["created_at"] == record["updated_at"]


def test_title_of_500_characters_is_accepted(cli: Cli) -> None:
    cli.add("werk", "x" * 500, "-m", "30")
    assert only_record(cli)["title"] == "x" * 500


INVALID = [
    pytest.param(["werk", "T", "-m", "0"], id="minutes-0"),
    pytest.param(["werk", "T", "--minutes=-5"], id="minutes-negative"),
    pytest.param(["werk", "T", "-m", "1441"], id="minutes-1441"),
    pytest.param(["werk", "T", "-m", "25h"], id="minutes-25h"),
    pytest.param(["werk", "T", "-m", "abc"], id="minutes-abc"),
    pytest.param(["werk", "T", "-m", "30", "-d", "2026-02-30"], id="date-not-in-calendar"),
    pytest.param(["werk", "T", "-m", "30", "-d", "2027-11-27"], id="date-year-ahead"),
    pytest.param(["werk", "T", "-m", "30", "-d", "2026-11-29"], id="date-two-days-ahead"),
    pytest.param(["werk", "T", "-m", "30", "-d", "someday"], id="date-word"),
    pytest.param(["bla", "T", "-m", "30"], id="unknown-category"),
    pytest.param(["huisbezoek", "T", "-m", "30"], id="unknown-type"),
    pytest.param(["werk", "", "-m", "30"], id="empty-title"),
    pytest.param(["werk", "   ", "-m", "30"], id="whitespace-title"),
    pytest.param(["werk", "x" * 501, "-m", "30"], id="title-501"),
    pytest.param(["werk", "T", "-m", "30", "--person", ""], id="empty-person"),
    pytest.param(["werk", "T", "-m", "30", "--bogus"], id="unknown-option"),
]


@pytest.mark.parametrize("args", INVALID)
def test_invalid_values_are_usage_errors_and_leave_the_file_alone(
    run: Run, cli: Cli, args: list[str]
) -> None:
    first = cli.add("werk", "Eerste", "-m", "30")
    before = cli.snapshot()
    assert before["leerlog.db"] is not None

    cli.fails(run("add", *args), 2)

    assert cli.snapshot() == before
    assert cli.ids("--all") == [first]


@pytest.mark.parametrize("args", INVALID)
def test_invalid_values_do_not_create_the_file(
    run: Run, cli: Cli, db_path: Path, args: list[str]
) -> None:
    cli.fails(run("add", *args), 2)
    assert not db_path.parent.exists()


@pytest.mark.parametrize(
    "args",
    [
        pytest.param([], id="nothing"),
        pytest.param(["-m", "30"], id="no-what"),
        pytest.param(["werk", "-m", "30"], id="no-title"),
        pytest.param(["werk", "Huisbezoek"], id="no-minutes"),
    ],
)
def test_missing_values_without_terminal(
    run: Run, cli: Cli, db_path: Path, args: list[str]
) -> None:
    result = run("add", *args)
    cli.fails(result, 2)
    assert "missing" in result.stderr
    assert not db_path.exists()
    assert not db_path.parent.exists()


@pytest.mark.parametrize(
    ("args", "answers", "expected"),
    [
        pytest.param(
            [], "intervisie\nCasus over schuldhulp\n1u30\n",
            ("intervisie", "Casus over schuldhulp", 90), id="everything",
        ),
        pytest.param(
            ["coaching", "-m", "45"], "Gesprek met Piet\n",
            ("coaching", "Gesprek met Piet", 45), id="title",
        ),
        pytest.param(
            ["workshop", "Motiverende gespreksvoering"], "2u\n",
            ("workshop", "Motiverende gespreksvoering", 120), id="minutes",
        ),
    ],
)  # fmt: skip
@pytest.mark.usefixtures("terminal")
def test_missing_values_are_asked_on_a_terminal(
    run: Run, cli: Cli, args: list[str], answers: str, expected: tuple[str, str, int]
) -> None:
    result = run("add", *args, input=answers)
    assert result.exit_code == 0, result.stderr
    record = only_record(cli)
    assert (record["type"], record["title"], record["minutes"]) == expected
    # CliRunner echoes the typed answers to stdout; the confirmation is the last line.
    assert result.stdout.splitlines()[-1].startswith(record["id"] + " ")


def test_first_add_creates_folder_and_private_file(cli: Cli, db_path: Path) -> None:
    assert not db_path.parent.exists()
    cli.add("werk", "Huisbezoek", "-m", "30")
    assert db_path.parent.is_dir()
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600


def test_mode_of_an_existing_file_is_kept(cli: Cli, db_path: Path) -> None:
    cli.add("werk", "Huisbezoek", "-m", "30")
    db_path.chmod(0o660)
    cli.add("werk", "Tweede", "-m", "30")
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o660
