"""Tab completion through the shells' own protocol: the installed leerlog in a process of its own,
asked as each generated script asks (bash: COMP_WORDS and COMP_CWORD; zsh and fish: the line in
_TYPER_COMPLETE_ARGS), with the answer parsed as the shell would read it."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import pytest
import typer

from installed import run_script, sqlite
from leerlog.cli import app as root
from leerlog.cli.app import COMMANDS
from leerlog.storage.db import SCHEMA_VERSION

if TYPE_CHECKING:
    from conftest import Run

SHELLS = ("bash", "zsh", "fish")


_INSTRUCTIONS: dict[str, str] = {}


def instruction(env: dict[str, str], shell: str) -> str:
    """What the generated script for SHELL puts in _LEERLOG_COMPLETE when it asks."""
    if shell not in _INSTRUCTIONS:
        shown = run_script(env, "--show-completion", shell)
        assert shown.returncode == 0, shown.stderr
        found = re.findall(r"_LEERLOG_COMPLETE=(\w+)", shown.stdout)
        assert found, shown.stdout
        _INSTRUCTIONS[shell] = found[0]
    return _INSTRUCTIONS[shell]


def ask(
    env: dict[str, str], shell: str, *words: str, how: str | None = None
) -> subprocess.CompletedProcess[str]:
    """leerlog asked for the last of WORDS (what is typed so far of it), as SHELL asks."""
    line = " ".join(("leerlog", *words))
    asking = {**env, "_LEERLOG_COMPLETE": how or instruction(env, shell)}
    if shell == "bash":
        asking |= {"COMP_WORDS": line, "COMP_CWORD": str(len(words))}
    else:
        asking |= {"_TYPER_COMPLETE_ARGS": line, "_TYPER_COMPLETE_FISH_ACTION": "get-args"}
    return run_script(asking)


def words_of(shell: str, answer: str) -> list[str]:
    """The candidates in ANSWER, as SHELL reads them: the words it would insert."""
    if shell == "bash":  # one a line, escaped for the command line
        return [re.sub(r"\\(.)", r"\1", line) for line in answer.splitlines() if line]
    if shell == "fish":  # word, tab, what it means
        return [line.split("\t")[0] for line in answer.splitlines() if line]
    if answer.strip() in ("", "_files"):  # zsh: nothing of ours, so file names
        return []
    body = re.fullmatch(r"_arguments '\*: :\(\((.*)\)\)'\n?", answer, re.DOTALL)
    assert body, answer
    return [
        word.replace('""', '"')
        for word in re.findall(r'^"((?:[^"]|"")*)"', body.group(1), re.MULTILINE)
    ]


def complete(env: dict[str, str], shell: str, *words: str) -> list[str]:
    done = ask(env, shell, *words)
    assert (done.returncode, done.stderr) == (0, ""), done
    return words_of(shell, done.stdout)


@pytest.fixture
def env(subprocess_env: dict[str, str]) -> dict[str, str]:
    return dict(subprocess_env)


@pytest.fixture
def team_log(run: Run) -> dict[str, str]:
    """A log of a few people, two teams, an own type and a coach; the ids by title."""
    ids = {}
    for person, title, what in (
        ("joost", "Casus", "intervisie"), ("johan", "Training", "workshop"),
        ("anna", "Eerste huisbezoek", "werk"), ("anna", "Met de coach", "coaching"),
    ):  # fmt: skip
        done = run("add", what, title, "-m", "30", "--person", person, "-q", "--with", "Coach Kim")
        assert done.exit_code == 0, done.stderr
        ids[title] = done.stdout.strip()
    for name, team in (("jolien", "Team Noord"), ("anna", "Team Noord"), ("joost", "Zuid")):
        assert run("people", "set", name, "--team", team).exit_code == 0
    assert run("types", "add", "huisbezoek", "--category", "werk").exit_code == 0
    return ids


@pytest.mark.parametrize("shell", SHELLS)
def test_what_offers_the_types_and_categories_that_start_so(
    env: dict[str, str], shell: str, team_log: dict[str, str]
) -> None:
    assert complete(env, shell, "add", "int") == ["intervisie"]
    assert complete(env, shell, "start", "int") == ["intervisie"]  # a timer's WHAT too
    assert complete(env, shell, "add", "hu") == ["huisbezoek"]  # the file's own type
    assert complete(env, shell, "add", "cur") == ["cursus"]  # a Dutch word for a type
    assert sorted(complete(env, shell, "add", "soc")) == ["sociaal", "social"]  # category words
    # In any case, as add reads them; what was typed stays as typed.
    assert complete(env, shell, "add", "Inter") == ["Intervisie"]
    assert sorted(complete(env, shell, "add", "Soc")) == ["Sociaal", "Social"]
    offered = complete(env, shell, "add", "")
    assert {"intervisie", "casuistiekoverleg", "huisbezoek", "werk", "70", "formeel"} <= set(
        offered
    )
    assert len(offered) == len(set(offered))  # coaching is a type and an alias: offered once


@pytest.mark.parametrize("shell", SHELLS)
def test_people_teams_and_coaches_come_from_the_file(
    env: dict[str, str], shell: str, team_log: dict[str, str]
) -> None:
    assert sorted(complete(env, shell, "add", "--person", "jo")) == ["johan", "jolien", "joost"]
    assert sorted(complete(env, shell, "report", "-p", "")) == ["anna", "johan", "jolien", "joost"]
    assert sorted(complete(env, shell, "list", "--team", "")) == ["Team Noord", "Zuid"]
    assert complete(env, shell, "export", "balance", "--team", "Te") == ["Team Noord"]
    assert complete(env, shell, "add", "werk", "--with", "Co") == ["Coach Kim"]
    assert "jolien" in complete(env, shell, "edit", "x", "--with", "")  # people, and coaches
    assert complete(env, shell, "people", "set", "jol") == ["jolien"]


@pytest.mark.parametrize("shell", SHELLS)
def test_periods_in_english_and_dutch(env: dict[str, str], shell: str) -> None:
    expected = ["vorig-jaar", "vorig-kwartaal", "vorige-maand", "vorige-week"]
    assert sorted(complete(env, shell, "report", "--period", "vor")) == expected
    assert sorted(complete(env, shell, "list", "--period", "last-")) == [
        "last-30-days", "last-month", "last-quarter", "last-week", "last-year",
    ]  # fmt: skip
    assert complete(env, shell, "export", "activities", "--period", "al") == ["all", "alles"]
    assert complete(env, shell, "report", "--period", "Vorige-m") == ["Vorige-maand"]
    # After a digit: the names of this year's and last year's quarters and months (today is
    # 2026-11-27 in the tests).
    quarters = complete(env, shell, "report", "--period", "2026-Q")
    assert quarters == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    assert "2025-11" in complete(env, shell, "report", "--period", "2025-1")


@pytest.mark.parametrize("shell", SHELLS)
def test_ids_are_your_newest_and_those_that_start_so(
    env: dict[str, str], shell: str, team_log: dict[str, str]
) -> None:
    mine = {team_log["Eerste huisbezoek"], team_log["Met de coach"]}  # LEERLOG_PERSON is anna
    assert set(complete(env, shell, "edit", "")) == mine
    assert set(complete(env, shell, "delete", "")) == mine
    assert set(complete(env, shell, "show", "")) == mine
    someone_elses = team_log["Casus"]
    assert complete(env, shell, "delete", someone_elses[:8]) == [someone_elses]
    assert complete(env, shell, "edit", someone_elses, "--minutes", "") == []


@pytest.mark.parametrize("shell", SHELLS)
def test_commands_and_options(env: dict[str, str], shell: str) -> None:
    assert set(complete(env, shell, "")) == set(COMMANDS)
    assert complete(env, shell, "ex") == ["export"]
    assert sorted(complete(env, shell, "export", "")) == ["activities", "balance"]
    assert complete(env, shell, "add", "--m") == ["--minutes"]
    assert sorted(complete(env, shell, "list", "--t")) == ["--tag", "--team", "--type"]
    assert complete(env, shell, "list", "--format", "j") == ["json", "jsonl"]
    assert sorted(complete(env, shell, "list", "--type", "lez")) == ["lezen", "lezing"]


def test_zsh_and_fish_say_what_each_word_means(
    env: dict[str, str], team_log: dict[str, str]
) -> None:
    fish = ask(env, "fish", "add", "intervisie").stdout
    assert fish == "intervisie\tpeer supervision (intervisie)\n"
    zsh = ask(env, "zsh", "edit", team_log["Casus"][:8]).stdout
    assert "2026-11-27 intervisie\\\\: Casus" in zsh  # zsh's _arguments needs the colon escaped
    dutch = ask({**env, "LEERLOG_LANG": "nl"}, "fish", "").stdout
    assert "add\tLeg een leeractiviteit vast." in dutch


def test_global_options_after_the_command_name_are_read(
    env: dict[str, str], run: Run, tmp_path: Path, team_log: dict[str, str]
) -> None:
    other = tmp_path / "other.db"
    assert run("--db", str(other), "people", "set", "zoë", "--team", "Oost").exit_code == 0
    for words in (
        ("list", "--db", str(other), "--team", ""),
        ("--db", str(other), "list", "--team", ""),
        (f"--db={other}", "report", "--team", ""),
        ("--version", "--db", str(other), "report", "--team", ""),  # --version waits its turn
    ):
        assert complete(env, "bash", *words) == ["Oost"], words
    # --db waiting for its value: the shell offers file names (nothing of leerlog's).
    assert complete(env, "bash", "list", "--db", "") == []


@pytest.mark.parametrize("shell", SHELLS)
def test_click_order_of_the_instruction_works_too(env: dict[str, str], shell: str) -> None:
    done = ask(env, shell, "add", "intervi", how=f"{shell}_complete")
    assert (done.returncode, done.stderr) == (0, "")
    assert words_of(shell, done.stdout) == ["intervisie"]


def test_without_a_log_nothing_is_created_and_builtin_words_remain(
    env: dict[str, str], tmp_path: Path
) -> None:
    missing = tmp_path / "nowhere" / "leerlog.db"
    env["LEERLOG_DB"] = str(missing)
    for shell in SHELLS:
        assert complete(env, shell, "add", "int") == ["intervisie"]
        assert complete(env, shell, "list", "--period", "vorige-w") == ["vorige-week"]
        assert complete(env, shell, "add", "--person", "") == []
        assert complete(env, shell, "list", "--team", "") == []
        assert complete(env, shell, "edit", "") == []
    assert not missing.parent.exists()


def snapshot(path: Path) -> dict[str, bytes | None]:
    files = [path.with_name(path.name + suffix) for suffix in ("", "-wal", "-shm")]
    return {f.name: f.read_bytes() if f.exists() else None for f in files}


@pytest.mark.parametrize("problem", ["not a database", "a bad config"])
def test_problems_give_fewer_words_never_a_message(
    env: dict[str, str], tmp_path: Path, team_log: dict[str, str], problem: str
) -> None:
    if problem == "not a database":
        env["LEERLOG_DB"] = str(tmp_path / "notes.txt")
        Path(env["LEERLOG_DB"]).write_text("not a database\n" * 100, encoding="utf-8")
    else:
        Path(env["LEERLOG_CONFIG"]).write_text("bogus = 1\n", encoding="utf-8")
    before = snapshot(Path(env["LEERLOG_DB"]))
    for shell in SHELLS:
        assert complete(env, shell, "add", "--person", "jo") == []
        assert complete(env, shell, "add", "int") == ["intervisie"]  # the built-in types
    assert snapshot(Path(env["LEERLOG_DB"])) == before


def test_a_question_leerlog_cannot_read_gets_no_answer_and_no_message(env: dict[str, str]) -> None:
    asking = {"_LEERLOG_COMPLETE": "complete_bash", "COMP_WORDS": "leerlog a", "COMP_CWORD": "one"}
    done = run_script({**env, **asking})
    assert (done.returncode, done.stdout, done.stderr) == (1, "", "")
    done = run_script({**env, "_LEERLOG_COMPLETE": "complete_tcsh"})
    assert done.returncode == 1 and "Traceback" not in done.stderr


def test_a_log_that_needs_an_upgrade_is_read_by_no_tab(
    env: dict[str, str], db_path: Path, team_log: dict[str, str]
) -> None:
    with sqlite(db_path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    before = snapshot(db_path)
    assert complete(env, "bash", "add", "--person", "jo") == []
    assert snapshot(db_path) == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["leerlog.db"]  # no backup
    # The next command upgrades it, as always, and then Tab reads it again.
    assert run_script(env, "list").returncode == 0
    assert sorted(complete(env, "bash", "add", "--person", "jo")) == ["johan", "jolien", "joost"]


def test_an_id_argument_of_any_top_level_command_completes(
    monkeypatch: pytest.MonkeyPatch, team_log: dict[str, str]
) -> None:
    """A command another part of leerlog adds, such as show, needs nothing of its own."""

    def show(id_: Annotated[str, typer.Argument(metavar="ID", help="The id.")]) -> None:
        """Show one activity."""

    def register(collected: typer.Typer) -> None:
        collected.command("show")(show)

    monkeypatch.setitem(root.COMMANDS, "show", "fake_show")
    monkeypatch.setitem(root._registered, "fake_show", typer.Typer())
    register(root._registered["fake_show"])
    command = root.build("show")
    context = command.make_context("show", [], resilient_parsing=True)
    (argument,) = command.params
    offered = argument.shell_complete(context, team_log["Casus"][:6])
    assert [item.value for item in offered] == [team_log["Casus"]]


def test_fish_is_told_when_to_offer_file_names_instead(env: dict[str, str]) -> None:
    def is_args(line: str) -> int:
        asking = {"_LEERLOG_COMPLETE": "complete_fish", "_TYPER_COMPLETE_FISH_ACTION": "is-args"}
        done = run_script({**env, **asking, "_TYPER_COMPLETE_ARGS": line})
        assert (done.stdout, done.stderr) == ("", "")
        return done.returncode

    assert is_args("leerlog add int") == 0  # leerlog has words for this
    assert is_args("leerlog import ") == 1  # a FILE: fish offers file names


def test_a_global_option_missing_its_value_is_not_read_as_the_command(run: Run) -> None:
    """`leerlog list --db` once read `list` as the database and printed the help (exit 0)."""
    done = run("list", "--db")
    assert (done.exit_code, done.stdout) == (2, "")
    assert done.stderr.startswith("Error: ")


@pytest.mark.parametrize("shell", SHELLS)
def test_register_keys_are_the_profiles_built_in_and_own(
    env: dict[str, str], shell: str, isolated: Path
) -> None:
    assert complete(env, shell, "register", "set", "s") == ["skj-jeugdzorgwerker"]
    folder = isolated / "registers"
    folder.mkdir()
    (folder / "eigen.toml").write_text(
        'key = "register-eigen"\nlabel = "Eigen"\nsources = ["https://example.org/"]\n'
        'checked = 2026-12-01\nyears = 5\n\n[[categories]]\nkey = "pe"\nlabel = "PE"\n'
        'categories = ["formal"]\n',
        encoding="utf-8",
    )
    assert complete(env, shell, "register", "status", "--profile", "regis") == [
        "registerplein", "register-eigen",
    ]  # fmt: skip
    (folder / "kapot.toml").write_text("key = = 1\n", encoding="utf-8")  # then the built-in ones
    assert complete(env, shell, "register", "remove", "regis") == ["registerplein"]
