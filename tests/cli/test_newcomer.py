"""What a newcomer and an HR cron job trip over: no command, options after the command, a missing
or mistyped database, person or team, output names, and the notes that catch typos early."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from installed import run_script

if TYPE_CHECKING:
    from conftest import Run


@pytest.fixture
def env(subprocess_env: dict[str, str]) -> dict[str, str]:
    return dict(subprocess_env)


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.is_file())


def test_leerlog_alone_prints_its_help_on_stdout(env: dict[str, str]) -> None:
    done = run_script(env)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("Usage: leerlog [OPTIONS] COMMAND")
    assert "Commands:" in done.stdout


def test_db_person_and_debug_work_after_the_command(
    env: dict[str, str], tmp_path: Path, db_path: Path
) -> None:
    other = tmp_path / "other" / "team.db"
    added = run_script(env, "add", "werk", "Huisbezoek", "-m", "45", "--db", str(other), "-q")
    assert added.returncode == 0, added.stderr
    assert other.exists() and not db_path.exists()
    listed = run_script(env, "list", "--format", "json", "--db", str(other))
    assert [r["id"] for r in json.loads(listed.stdout)] == [added.stdout.strip()]
    # undo has no --person of its own: the root's --person says who "me" is.
    assert run_script(env, "undo", "--db", str(other), "--person", "bob").returncode == 1
    # add has its own --person (whose activity it is): that one wins.
    run_script(env, "add", "werk", "Voor bob", "-m", "5", "--person", "bob", f"--db={other}")
    bobs = run_script(env, "--db", str(other), "list", "--person", "bob", "--format", "json")
    assert [r["title"] for r in json.loads(bobs.stdout)] == ["Voor bob"]
    not_a_log = tmp_path / "notes.txt"
    not_a_log.write_text("not a database\n" * 100, encoding="utf-8")
    broken = run_script(env, "undo", "--db", str(not_a_log), "--debug")
    assert broken.returncode == 1 and "Traceback" in broken.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("list",), ("list", "--all"), ("report",), ("report", "--all", "--monthly"),
        ("export", "balance"), ("export", "activities"),
        ("export", "balance", "-o", "{folder}/hr/balance.csv"), ("sync", "--dry-run"), ("sync",),
    ],
)  # fmt: skip
def test_a_read_never_creates_a_database(
    env: dict[str, str], tmp_path: Path, args: tuple[str, ...]
) -> None:
    folder = tmp_path / "typo"
    missing = folder / "team.db"
    args = tuple(arg.format(folder=tmp_path) for arg in args)
    lrs = tmp_path / "lrs.toml"
    lrs.write_text(
        '[lrs]\nendpoint = "http://127.0.0.1:9/xAPI/"\nusername = "u"\nhomepage = "https://x.org"\n'
    )
    done = run_script(
        {
            **env,
            "LEERLOG_DB": str(missing),
            "LEERLOG_CONFIG": str(lrs),
            "LEERLOG_LRS_PASSWORD": "p",
        },
        *args,
    )
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.splitlines()[0] == (
        f"Error: no leerlog database at {missing}; the first 'leerlog add' creates it"
    )
    assert not folder.exists() and not (tmp_path / "hr").exists()


def test_undo_without_a_database_creates_none(env: dict[str, str], db_path: Path) -> None:
    done = run_script(env, "undo")
    assert done.returncode == 1 and "nothing to undo" in done.stderr
    assert not db_path.exists()


@pytest.fixture
def team_log(env: dict[str, str]) -> dict[str, str]:
    for name, team in (("joost", "Team Noord"), ("fatima", "Team Noord"), ("sanne", "Team Zuid")):
        assert run_script(env, "people", "set", name, "--team", team).returncode == 0
        run_script(env, "add", "werk", "Huisbezoek", "-m", "45", "-p", name)
    return env


@pytest.mark.parametrize(
    ("args", "first_line"),
    [
        (("list", "--person", "jost"),
         "Error: nobody called 'jost' in this log; did you mean 'joost'?"),
        (("report", "--person", "jost"),
         "Error: nobody called 'jost' in this log; did you mean 'joost'?"),
        (("export", "balance", "--person", "jost"),
         "Error: nobody called 'jost' in this log; did you mean 'joost'?"),
        (("export", "activities", "--person", "jost"),
         "Error: nobody called 'jost' in this log; did you mean 'joost'?"),
        (("list", "--team", "noord"),
         "Error: no team called 'noord' in this log; did you mean 'Team Noord'?"),
        (("report", "--team", "noord"),
         "Error: no team called 'noord' in this log; did you mean 'Team Noord'?"),
        (("export", "balance", "--team", "noord", "-o", "{folder}/hr.csv"),
         "Error: no team called 'noord' in this log; did you mean 'Team Noord'?"),
        (("export", "activities", "--team", "Team Zud"),
         "Error: no team called 'Team Zud' in this log; did you mean 'Team Zuid'?"),
    ],
)  # fmt: skip
def test_an_unknown_person_or_team_is_exit_1_with_the_nearest_names(
    team_log: dict[str, str], tmp_path: Path, args: tuple[str, ...], first_line: str
) -> None:
    before = files_in(tmp_path)
    done = run_script(team_log, *(arg.format(folder=tmp_path) for arg in args))
    assert (done.returncode, done.stdout) == (1, ""), done
    assert done.stderr.splitlines()[0] == first_line
    assert done.stderr.splitlines()[1].startswith(("Hint: the people: ", "Hint: the teams: "))
    assert files_in(tmp_path) == before


def test_an_unknown_person_in_dutch(team_log: dict[str, str]) -> None:
    done = run_script({**team_log, "LEERLOG_LANG": "nl"}, "report", "--person", "jost")
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "Fout: niemand met de naam 'jost' in dit logboek; bedoel je 'joost'?",
        "Tip: de mensen: fatima, joost, sanne",
    ]


@pytest.mark.parametrize("template", ["hr/{maand}.csv", "hr/{date}-{Period}.csv", "{}.csv"])
def test_an_unknown_placeholder_in_output_is_a_usage_error(
    team_log: dict[str, str], tmp_path: Path, template: str
) -> None:
    before = files_in(tmp_path)
    done = run_script(team_log, "export", "balance", "-o", str(tmp_path / template))
    assert (done.returncode, done.stdout) == (2, "")
    assert "which leerlog does not fill in" in done.stderr.splitlines()[0]
    assert done.stderr.splitlines()[1] == "Hint: use {date} (today) or {period} (the period's name)"
    assert files_in(tmp_path) == before


def test_a_folder_as_output_says_so(team_log: dict[str, str], tmp_path: Path) -> None:
    folder = tmp_path / "hr"
    folder.mkdir()
    done = run_script(team_log, "export", "activities", "-o", str(folder))
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.splitlines()[0] == f"Error: --output {folder} is a folder"
    assert "free space" not in done.stderr
    assert list(folder.iterdir()) == []


def test_creating_the_log_says_where_and_who_you_are_once(
    env: dict[str, str], db_path: Path
) -> None:
    first = run_script(env, "add", "werk", "Huisbezoek", "-m", "45")
    assert first.returncode == 0
    assert first.stderr.splitlines() == [
        f"Created a new log at {db_path}; you are 'anna' (from LEERLOG_PERSON)."
    ]
    second = run_script(env, "add", "werk", "Nog een", "-m", "45")
    assert (second.returncode, second.stderr) == (0, "")


def test_a_new_person_in_a_file_with_people_gets_a_note(team_log: dict[str, str]) -> None:
    done = run_script(team_log, "add", "werk", "Huisbezoek", "-m", "45", "-p", "jost", "-q")
    assert done.returncode == 0
    assert done.stderr.splitlines() == [
        "note: 'jost' is new in this log; known: joost, sanne, fatima"
    ]
    again = run_script(team_log, "add", "werk", "Nog een", "-m", "5", "-p", "jost")
    assert (again.returncode, again.stderr) == (0, "")
    moved = run_script(team_log, "edit", done.stdout.strip(), "--person", "fatma")
    assert moved.returncode == 0
    assert moved.stderr.startswith("note: 'fatma' is new in this log; known: fatima, ")


def test_tag_filters_ignore_case(run: Run) -> None:
    assert run("add", "werk", "Huisbezoek", "-m", "45", "-t", "Schuldhulp").exit_code == 0
    assert run("add", "werk", "Anders", "-m", "45", "-t", "armoede").exit_code == 0
    for typed in ("schuldhulp", "SCHULDHULP", "Schuldhulp"):
        listed = run("list", "--tag", typed, "--format", "json")
        assert [r["title"] for r in json.loads(listed.stdout)] == ["Huisbezoek"]


def test_an_import_that_brings_new_people_says_who(
    team_log: dict[str, str], tmp_path: Path
) -> None:
    source = tmp_path / "merge.csv"
    source.write_text(
        "person,date,category,minutes,title\n"
        "joost,2026-11-02,social,30,Intervisie\n"
        "jost,2026-11-03,social,30,Intervisie\n"
        "karin,2026-11-04,formal,60,Webinar\n",
        encoding="utf-8",
    )
    done = run_script(team_log, "import", str(source))
    assert done.returncode == 0, done
    assert done.stderr.splitlines() == ["note: 2 people are new in this log: 'jost', 'karin'"]
    again = run_script(team_log, "import", str(source))
    assert (again.returncode, again.stderr) == (0, "")


def test_the_import_note_names_only_the_people_of_its_own_rows(
    team_log: dict[str, str], tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Someone logs for a newcomer while the import reads its file: not the import's newcomer.
    from leerlog.transfer import importing

    source = tmp_path / "merge.csv"
    source.write_text(
        "person,date,category,minutes,title\nkarin,2026-11-04,formal,60,Webinar\n", "utf-8"
    )
    real = importing.import_records

    def meanwhile(*args: object, **options: object) -> importing.ImportResult:
        other = run_script(team_log, "--person", "zoe", "add", "werk", "Huisbezoek", "-m", "30")
        assert other.returncode == 0, other.stderr
        return real(*args, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(importing, "import_records", meanwhile)
    done = run("import", str(source))
    assert done.exit_code == 0, done.stderr
    assert done.stderr == "note: 'karin' is new in this log; known: sanne, fatima, joost\n"
