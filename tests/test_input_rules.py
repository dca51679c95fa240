"""The second release's rules for text, checked alike by add, edit, import and people set.

person and team: no control or format character, not blank, at most 100 characters; title: no
control character; with: at most 200; reflection: at most 20,000; import dates only as text;
created_at/updated_at stored in UTC with a time. Each refusal has its exit code and one plain
message (an import lists its rows first) and leaves the database byte for byte as it was.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from typer.testing import CliRunner

from leerlog.cli.app import app

if TYPE_CHECKING:
    from conftest import Run

TODAY = "2026-11-27"


def _cli(env: dict[str, str | None], *args: str) -> str:
    result = CliRunner().invoke(app, list(args), env=env)
    assert result.exit_code == 0, (args, result.stdout, result.stderr)
    return result.stdout


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A database folder with two activities of anna's and bob in team Noord; anna's first id."""
    root = tmp_path_factory.mktemp("template")
    env: dict[str, str | None] = {
        "LEERLOG_DB": str(root / "data" / "leerlog.db"),
        "LEERLOG_CONFIG": str(root / "config.toml"),
        "LEERLOG_TODAY": TODAY,
        "LEERLOG_PERSON": "anna",
    }
    first = _cli(env, "add", "-q", "werk", "Eerste huisbezoek", "-m", "1h30", "-d", "-7d")
    _cli(env, "add", "-q", "intervisie", "Casus schuldhulp", "-m", "45")
    _cli(env, "people", "set", "bob", "--team", "Noord")
    return root / "data", first.strip()


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@dataclass(frozen=True)
class Bad:
    args: tuple[str, ...]
    code: int
    says: tuple[str, ...]  # pieces of stderr, each case-insensitive
    env: dict[str, str] = field(default_factory=dict)
    file: tuple[str, str] | None = None  # (name, content) in the row's folder: {file}
    config: str | None = None  # written to LEERLOG_CONFIG first


def bad(case_id: str, code: int, says: str | tuple[str, ...], *args: str, **extra: Any) -> Any:
    fragments = (says,) if isinstance(says, str) else says
    return pytest.param(Bad(args, code, fragments, **extra), id=case_id)


def imp(case_id: str, name: str, content: str, *says: str) -> Any:
    return bad(case_id, 1, ("1 invalid row", *says), "import", "{file}", file=(name, content))


def record(**changes: Any) -> str:
    """One JSON record, valid unless CHANGES make it otherwise."""
    base = {"person": "anna", "date": "2026-11-01", "category": "werk", "minutes": 45, "title": "t"}
    return json.dumps([{**base, **changes}])


ADD = ("add", "werk", "Huisbezoek", "-m", "45")
CSV = "person,date,category,minutes,title\n"
NAME = "control or format character"
TITLE = "control character such as a line break"

# fmt: off
ROWS = [
    # add: person (the option, the global option and LEERLOG_PERSON), title, with, reflection
    bad("add-person-nul", 2, ("person: contains U+0000", NAME), *ADD, "-p", "an\x00na"),
    bad("add-person-escape", 2, ("U+001B", NAME), *ADD, "-p", "\x1b[31manna"),
    bad("add-person-newline", 2, ("U+000A", NAME), *ADD, "-p", "an\nna"),
    bad("add-person-bidi-override", 2, ("U+202E", NAME), *ADD, "-p", "anna\u202e"),
    bad("add-person-zero-width", 2, ("U+200B", NAME), *ADD, "-p", "an\u200bna"),
    bad("add-person-101", 2, "has 101 characters; at most 100", *ADD, "-p", "x" * 101),
    bad("add-global-person-bidi", 2, ("U+2066", NAME), "--person", "\u2066anna", *ADD),
    bad("add-env-person-escape", 2, ("U+001B", NAME), *ADD, env={"LEERLOG_PERSON": "a\x1bb"}),
    bad("add-title-newline", 2, ("title: contains U+000A", TITLE), "add", "werk", "Casus\nx", "-m", "45"),
    bad("add-title-tab", 2, ("U+0009", TITLE), "add", "werk", "Casus\tx", "-m", "45"),
    bad("add-title-escape", 2, ("U+001B", TITLE), "add", "werk", "\x1b]8;;x\x07Casus", "-m", "45"),
    bad("add-with-201", 2, "with: has 201 characters; at most 200", *ADD, "--with", "x" * 201),
    bad("add-reflection-20001", 2, "reflection: has 20001 characters; at most 20000", *ADD,
        "-r", "x" * 20_001),
    # edit
    bad("edit-person-bidi", 2, ("U+202D", NAME), "edit", "{id}", "-p", "\u202danna"),
    bad("edit-person-101", 2, "has 101 characters", "edit", "{id}", "-p", "y" * 101),
    bad("edit-title-newline", 2, ("U+000D", TITLE), "edit", "{id}", "--title", "a\rb"),
    bad("edit-with-201", 2, "has 201 characters", "edit", "{id}", "--with", "w" * 201),
    bad("edit-reflection-20001", 2, "has 20001 characters", "edit", "{id}", "-r", "r" * 20_001),
    # import: every problem as "row N, field: reason", then the error; nothing stored
    imp("import-json-date-0", "a.json", record(date=0), "row 1, date", "a date is text", "not 0"),
    imp("import-json-date-number", "a.json", record(date=20261101), "row 1, date", "a date is text"),
    imp("import-json-person-nul", "a.json", record(person="an\u0000na"), "row 1, person", "U+0000"),
    imp("import-json-person-bidi", "a.json", record(person="\u202eanna"), "row 1, person", NAME),
    imp("import-json-person-101", "a.json", record(person="p" * 101), "row 1, person",
        "has 101 characters"),
    imp("import-csv-person-zero-width", "a.csv", CSV + "an\u200dna,2026-11-01,werk,45,t\n",
        "row 2, person", "U+200D"),
    imp("import-csv-title-newline", "a.csv", CSV + 'anna,2026-11-01,werk,45,"Casus\nschuld"\n',
        "row 2, title", "U+000A"),
    imp("import-json-title-escape", "a.json", record(title="\u001b[2J"), "row 1, title", TITLE),
    imp("import-json-with-201", "a.json", record(**{"with": "w" * 201}), "row 1, with",
        "201 characters"),
    imp("import-json-reflection-20001", "a.json", record(reflection="r" * 20_001),
        "row 1, reflection", "20001 characters"),
    imp("import-created-at-date-only", "a.json", record(created_at="2026-01-15"),
        "row 1, created_at", "has no time"),
    imp("import-updated-at-date-only", "a.json", record(updated_at="20260115"),
        "row 1, updated_at", "has no time"),
    # people set: the name and the team
    bad("people-set-name-escape", 2, ("person: contains U+001B", NAME), "people", "set",
        "\x1b[1mbob", "--team", "Noord"),
    bad("people-set-name-101", 2, "has 101 characters", "people", "set", "b" * 101, "--team", "N"),
    bad("people-set-team-bidi", 2, ("team: contains U+202E", NAME), "people", "set", "bob",
        "--team", "Noord\u202e"),
    bad("people-set-team-newline", 2, ("team: contains U+000A", NAME), "people", "set", "bob",
        "--team", "No\nord"),
    bad("people-set-team-101", 2, "team: has 101 characters", "people", "set", "bob",
        "--team", "t" * 101),
    # config person and team
    bad("config-person-escape", 2, ("person in", "U+001B"), *ADD, config='person = "a\\u001bb"\n'),
    bad("config-team-zero-width", 2, ("team in", "U+200B"), "list", config='team = "N\\u200bo"\n'),
]
# fmt: on


@pytest.mark.parametrize("row", ROWS)
def test_text_that_breaks_a_rule_is_refused_plainly_and_changes_nothing(
    run: Run, isolated: Path, template: tuple[Path, str], row: Bad
) -> None:
    data = isolated / "data"
    shutil.copytree(template[0], data)
    values = {"id": template[1]}
    if row.file is not None:
        name, content = row.file
        (isolated / name).write_text(content, encoding="utf-8")
        values["file"] = str(isolated / name)
    if row.config is not None:
        (isolated / "config.toml").write_text(row.config, encoding="utf-8")
    before = snapshot(data)

    args = [arg.format(**values) if arg.startswith("{") else arg for arg in row.args]
    result = run(*args, env=row.env or None)

    shown = f"exit {result.exit_code}\nstdout: {result.stdout!r}\nstderr: {result.stderr!r}"
    assert result.exit_code == row.code, shown
    assert result.stdout == "", shown
    assert "Traceback" not in result.stderr and "unexpected" not in result.stderr, shown
    for fragment in row.says:
        assert fragment.lower() in result.stderr.lower(), shown
    lines = result.stderr.splitlines()
    message = lines[-2:] if row.args[0] == "import" else lines
    if row.args[0] == "import":
        assert [line for line in lines[:-2] if not line.startswith("row ")] == [], shown
    assert message[0].startswith("Error: ") and len(message) <= 2, shown
    assert all(line.startswith("Hint: ") for line in message[1:]), shown
    assert snapshot(data) == before, shown


# --- what the rules allow, and the round trip ------------------------------------------------------


def test_text_at_every_limit_is_stored_and_the_export_imports_again(
    run: Run, tmp_path: Path
) -> None:
    person = "Zoë " + "n" * 96  # 100 characters
    reflection = ("Eerst luisteren,\n\tdan vragen.\n" * 700)[:20_000]
    result = run(
        "add", "werk", "Casus 👩‍💻 met Zoë", "-m", "45", "-p", person,
        "--with", "w" * 200, "-r", reflection,
    )  # fmt: skip
    assert result.exit_code == 0, result
    assert run("people", "set", "bob", "--team", "T" * 100).exit_code == 0
    for fmt in ("csv", "json", "jsonl"):
        exported = run("export", "activities", "--format", fmt).stdout
        (tmp_path / f"all.{fmt}").write_text(exported, encoding="utf-8")
        fresh = tmp_path / f"fresh-{fmt}.db"
        done = run("--db", str(fresh), "import", str(tmp_path / f"all.{fmt}"))
        assert done.exit_code == 0, done
        again = run("--db", str(fresh), "export", "activities", "--format", fmt).stdout
        assert again == exported


def test_imported_timestamps_are_stored_in_utc_with_a_time(run: Run, tmp_path: Path) -> None:
    source = tmp_path / "stamps.jsonl"
    rows = [
        {"created_at": "2026-01-15T10:00:00+01:00", "updated_at": "2026-01-16T09:30:00-05:00"},
        {"created_at": "2026-01-15 09:00", "updated_at": "2026-01-15T09:00:00.000Z"},
        {"created_at": "2026-01-15T09:00:00.123456Z"},
    ]
    lines = [
        json.dumps({**json.loads(record(title=f"t{n}"))[0], **stamps})
        for n, stamps in enumerate(rows)
    ]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert run("import", str(source)).exit_code == 0
    listed = json.loads(run("list", "--all", "--format", "json").stdout)
    stamps = {r["title"]: (r["created_at"], r["updated_at"]) for r in listed}
    assert stamps == {
        "t0": ("2026-01-15T09:00:00.000Z", "2026-01-16T14:30:00.000Z"),
        "t1": ("2026-01-15T09:00:00.000Z", "2026-01-15T09:00:00.000Z"),
        "t2": ("2026-01-15T09:00:00.123456Z", "2026-01-15T09:00:00.123456Z"),
    }
    again = run("import", str(source))
    assert (again.exit_code, again.stdout) == (0, "imported 0 activities; 3 already present\n")
