"""Bad input to `leerlog session`: one or two plain lines, the usual exit code, nothing stored.

Each case runs on a copy of one log and compares the folder's bytes before and after, as
tests/test_input_rules.py does for the other commands.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from typer.testing import CliRunner

from leerlog.cli.app import app

if TYPE_CHECKING:
    from conftest import Run

TODAY = "2026-11-27"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A log with anna's activity and one session; the session's id."""
    root = tmp_path_factory.mktemp("template")
    env: dict[str, str | None] = {
        "LEERLOG_DB": str(root / "data" / "leerlog.db"),
        "LEERLOG_CONFIG": str(root / "config.toml"),
        "LEERLOG_TODAY": TODAY,
        "LEERLOG_PERSON": "anna",
    }
    for args in (
        ("add", "-q", "werk", "Huisbezoek", "-m", "45"),
        ("session", "add", "intervisie", "Casus", "-m", "1u", "--present", "anna,bob"),
    ):
        result = CliRunner().invoke(app, list(args), env=env)
        assert result.exit_code == 0, result.stderr
    return root / "data", result.stdout.split()[0]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


ADD = ("session", "add", "intervisie", "Casus schuldhulp", "-m", "1u30")
NAME = "control or format character"

# (id, exit code, pieces of stderr, arguments); {id} is the template's session id.
# fmt: off
ROWS = [
    ("present-empty", 2, ["--present names nobody"], [*ADD, "--present", ""]),
    ("present-commas-only", 2, ["--present names nobody"], [*ADD, "--present", " , ,"]),
    ("present-empty-name", 2, ["--present has an empty name"], [*ADD, "--present", "anna,,bob"]),
    ("present-trailing-comma", 2, ["--present has an empty name"], [*ADD, "--present", "anna,"]),
    ("present-blank-name", 2, ["--present has an empty name"], [*ADD, "--present", "anna, ,bob"]),
    ("present-101", 2, ["has 101 characters; at most 100"], [*ADD, "--present", "anna," + "x" * 101]),
    ("present-escape", 2, ["U+001B", NAME], [*ADD, "--present", "anna,\x1b[2Jbob"]),
    ("present-bidi", 2, ["U+202E", NAME], [*ADD, "--present", "\u202eanna"]),
    ("present-missing", 2, ["Missing option '--present'"], [*ADD]),
    ("leader-empty", 2, ["--leader has an empty name"], [*ADD, "--present", "anna", "--leader", " "]),
    ("leader-101", 2, ["--leader", "has 101 characters"], [*ADD, "--present", "anna", "--leader", "l" * 101]),
    ("at-25", 2, ["not a time: '25:00'", "HH:MM"], [*ADD, "--present", "anna", "--at", "25:00"]),
    ("at-minutes-60", 2, ["not a time: '9:60'"], [*ADD, "--present", "anna", "--at", "9:60"]),
    ("at-word", 2, ["not a time: 'morgen'"], [*ADD, "--present", "anna", "--at", "morgen"]),
    ("at-empty", 2, ["not a time: ''"], [*ADD, "--present", "anna", "--at", ""]),
    ("minutes-0", 2, ["minutes must be between 1 and 1440, got 0"],
     ["session", "add", "intervisie", "Casus", "-m", "0", "--present", "anna,bob"]),
    ("minutes-1441", 2, ["got 1441"],
     ["session", "add", "intervisie", "Casus", "-m", "1441", "--present", "anna,bob"]),
    ("minutes-not-a-duration", 2, ["not a duration: 'lang'"],
     ["session", "add", "intervisie", "Casus", "-m", "lang", "--present", "anna,bob"]),
    ("minutes-missing", 2, ["missing minutes"],
     ["session", "add", "intervisie", "Casus", "--present", "anna,bob"]),
    ("date-far-ahead", 2, ["more than one day ahead"], [*ADD, "--present", "anna", "-d", "2026-12-25"]),
    ("title-newline", 2, ["U+000A"], ["session", "add", "intervisie", "Ca\nsus", "-m", "1u", "--present", "a"]),
    ("title-501", 2, ["the title has 501 characters"],
     ["session", "add", "intervisie", "t" * 501, "-m", "1u", "--present", "anna"]),
    ("what-unknown", 2, ["did you mean 'intervisie'?"],
     ["session", "add", "intervsie", "Casus", "-m", "1u", "--present", "anna"]),
    ("series-newline", 2, ["--series", "U+000A"], [*ADD, "--present", "anna", "--series", "a\nb"]),
    ("accreditation-bidi", 2, ["accreditation", "U+202E"],
     [*ADD, "--present", "anna", "--accreditation", "SKJ\u202e1"]),
    ("show-unknown", 1, ["no session with id 'ffff'"], ["session", "show", "ffff"]),
    ("show-empty-id", 2, ["the session id is empty"], ["session", "show", " "]),
    ("delete-unknown", 1, ["no session with id"], ["session", "delete", "ffff", "--yes"]),
    ("delete-unconfirmed", 2, ["needs a confirmation", "--yes"], ["session", "delete", "{id}"]),
    ("sheet-unknown", 1, ["no session with id"], ["session", "sheet", "ffff", "-o", "{tmp}/a.pdf"]),
    ("sheet-no-output", 2, ["Missing option '--output'"], ["session", "sheet", "{id}"]),
    ("sheet-suffix", 2, ["neither a .pdf nor a .csv"], ["session", "sheet", "{id}", "-o", "{tmp}/a.docx"]),
    ("sheet-the-database", 2, ["is the database itself"],
     ["session", "sheet", "{id}", "-o", "{tmp}/data/leerlog.csv", "--db", "{tmp}/data/leerlog.csv"]),
    ("list-bad-period", 2, ["period"], ["session", "list", "--period", "gisteren-ochtend"]),
    ("list-unknown-team", 1, ["no team called 'Nord'"], ["session", "list", "--team", "Nord"]),
]
# fmt: on


@pytest.mark.parametrize(
    ("code", "says", "args"), [row[1:] for row in ROWS], ids=[row[0] for row in ROWS]
)
def test_bad_session_input_is_refused_plainly_and_changes_nothing(
    run: Run,
    isolated: Path,
    template: tuple[Path, str],
    code: int,
    says: list[str],
    args: list[str],
) -> None:
    data = isolated / "data"
    shutil.copytree(template[0], data)
    before = snapshot(data)
    filled = [arg.replace("{id}", template[1]).replace("{tmp}", str(isolated)) for arg in args]
    result = run(*filled)
    shown = f"exit {result.exit_code}\nstdout: {result.stdout!r}\nstderr: {result.stderr!r}"
    assert result.exit_code == code, shown
    assert result.stdout == "", shown
    assert "Traceback" not in result.stderr and "unexpected" not in result.stderr, shown
    for piece in says:
        assert piece.lower() in result.stderr.lower(), shown
    lines = result.stderr.splitlines()
    assert 1 <= len(lines) <= 2 and lines[0].startswith("Error: "), shown
    assert all(line.startswith("Hint: ") for line in lines[1:]), shown
    assert snapshot(data) == before, shown
    assert sorted(p.name for p in isolated.iterdir()) == ["data"], shown  # no output file
