"""Hostile text in a shared file never reaches a terminal raw.

Another tool, an older leerlog or a colleague with sqlite3 can put anything in the team file.
These tests plant escape sequences, bidi overrides and other control characters in every text
column, then run every command that prints for people in a real process: stdout and stderr hold
no raw control character but the newlines of the layout. Data formats (CSV, JSON) are files and
keep the text exactly; that is checked too.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
from pathlib import Path

import pytest

from installed import run_script, sqlite

HOSTILE = {
    "csi": "\x1b[2J\x1b[H",  # clear the screen
    "osc0": "\x1b]0;pwned\x07",  # retitle the window
    "osc8": "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\",  # a disguised link
    "bel": "ring\x07",
    "cr": "over\rwritten",
    "nul": "nul\x00byte",
    "c1": "\x9b31mred",
    "rlo": "\u202egnp.exe",
    "zero-width": "\u200b\u2066x\u2069",
    "newline": "two\nlines",
}
# What may appear raw: the newlines of the layout (and tabs, which are layout too).
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
PLANTED = " ".join(HOSTILE.values())
TYPED = PLANTED.replace("\x00", "")  # what a command line can carry


def no_raw_control(done: subprocess.CompletedProcess[str]) -> None:
    found = RAW.findall(done.stdout + done.stderr)
    assert found == [], (done.args, found, done.stdout[-400:], done.stderr[-400:])
    assert "Traceback" not in done.stderr


@pytest.fixture
def env(subprocess_env: dict[str, str], isolated: Path) -> dict[str, str]:
    config = isolated / "config.toml"
    config.write_text(
        '[lrs]\nendpoint = "http://127.0.0.1:9/xAPI/"\nusername = "u"\n'
        'homepage = "https://example.org"\n',
        encoding="utf-8",
    )
    return {**subprocess_env, "LEERLOG_LRS_PASSWORD": "secret"}


@pytest.fixture
def planted(env: dict[str, str], db_path: Path) -> str:
    """A file where every text column of one activity, its person, team and a type are hostile."""
    done = run_script(env, "add", "intervisie", "Casus", "-m", "45", "-t", "x", "-q")
    assert done.returncode == 0, done.stderr
    activity_id = done.stdout.strip()
    assert run_script(env, "types", "add", "buddy", "--category", "social").returncode == 0
    with sqlite(db_path) as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute(
            'UPDATE activities SET title = ?, "with" = ?, reflection = ?, tags = ?',
            (PLANTED, PLANTED, PLANTED, json.dumps(list(HOSTILE.values()))),
        )
        conn.execute("UPDATE types SET label = ? WHERE key = 'buddy'", (PLANTED,))
        conn.execute(
            "INSERT INTO people (name, team, created_at) VALUES (?, ?, ?)",
            (PLANTED, PLANTED, "2026-11-01T10:00:00.000Z"),
        )
        conn.execute("UPDATE people SET team = ? WHERE name = 'anna'", (PLANTED,))
    return activity_id


def test_every_printing_command_escapes_what_the_file_holds(
    env: dict[str, str], planted: str
) -> None:
    commands = [
        ("list",), ("list", "--all"), ("list", "--team", TYPED), ("report",),
        ("report", "--all"), ("report", "--all", "--monthly"), ("report", "--team", TYPED),
        ("report", "--person", TYPED), ("people", "list"), ("types",), ("config",),
        ("sync", "--dry-run"), ("show", planted), ("edit", planted, "--minutes", "50"),
        ("show", planted), ("undo",),
        ("delete", planted, "--yes"), ("undo",), ("list", "--tag", HOSTILE["osc8"]),
    ]  # fmt: skip
    for args in commands:
        no_raw_control(run_script(env, *args))


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_input_is_refused_or_stored_but_never_echoed_raw(
    env: dict[str, str], isolated: Path, name: str
) -> None:
    text = HOSTILE[name].replace("\x00", "")  # an argument cannot hold NUL; the import can
    for args in (
        ("add", "werk", text, "-m", "30"),
        ("add", "werk", "Iets", "-m", "30", "--with", text, "-t", text, "-r", text),
        ("add", "werk", "Iets", "-m", text),
        ("add", text, "Iets", "-m", "30"),
        ("list", "--person", text),
        ("edit", text, "-m", "30"),
        ("people", "set", text, "--team", text),
        ("report", "--period", text),
    ):
        no_raw_control(run_script(env, *args))
    source = isolated / "hostile.json"
    record = {"person": HOSTILE[name], "date": "2026-11-01", "category": "social",
              "minutes": 30, "title": HOSTILE[name], "tags": [HOSTILE[name]]}  # fmt: skip
    source.write_text(json.dumps([record]), encoding="utf-8")
    no_raw_control(run_script(env, "import", str(source)))


def test_data_formats_keep_the_text_exactly(
    env: dict[str, str], isolated: Path, planted: str
) -> None:
    done = run_script(env, "list", "--all", "--format", "jsonl")
    assert done.returncode == 0, done.stderr
    [record] = [json.loads(line) for line in done.stdout.splitlines()]
    assert (record["title"], record["with"]) == (PLANTED, PLANTED)
    assert record["tags"] == list(HOSTILE.values())
    target = isolated / "activities.csv"
    assert run_script(env, "export", "activities", "-o", str(target)).returncode == 0
    with target.open(encoding="utf-8", newline="") as handle:
        [row] = list(csv.DictReader(handle))
    assert (row["title"], row["with"], row["reflection"]) == (PLANTED, PLANTED, PLANTED)


def test_the_escapes_are_readable() -> None:
    from leerlog.domain.escapes import cell, lines

    assert cell("a\x1b[2Jb\u202ec\td\ne") == "a\\x1b[2Jb\\u202ec\\x09d\\x0ae"
    assert lines("a\x1bb\tc\nd\x9b") == "a\\x1bb\tc\nd\\x9b"
    # Emoji joined by ZWJ, accents and other scripts are text, not control.
    plain = "Casus over schuldhulp, 👩\u200d💻 café, 中文"
    assert cell(plain) == plain
