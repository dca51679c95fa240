"""A long import at a real terminal, its end read ahead by a second process: it finishes as one
would, in Dutch too, and Ctrl-C while the second process reads stops both, storing nothing."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from ptykit import Terminal as Spawn
from ptykit import finish

from installed import sqlite
from long_import import LATE, ROWS, write_long


def activities(db: Path) -> int:
    with sqlite(db) as conn:
        return int(conn.execute("SELECT count(*) FROM activities").fetchone()[0])


def test_a_long_import_at_a_terminal_finishes_with_its_warning(
    spawn: Spawn, tmp_path: Path
) -> None:
    source = write_long(tmp_path / "lang.csv", bad_minutes=False)
    db = tmp_path / "log.db"
    child = spawn("--db", str(db), "import", str(source), lang="nl", env={"NO_COLOR": ""})
    code, shown = finish(child)
    assert code == 0, shown
    text = "\n".join(shown)
    assert f"waarschuwing: rij {LATE + 2}:" in text
    assert re.search(r"\b18\.?000 activiteiten geïmporteerd", text), text
    assert activities(db) == ROWS


# The live count past the rows read before the fork, its digits grouped as each language does.
COUNTS = {"en": r"importing [2-9]\d,\d{3} rows", "nl": r"importeren: [2-9]\d\.\d{3} regels"}
STOPPED = {"en": "Stopped; nothing was changed.", "nl": "Gestopt; er is niets veranderd."}


@pytest.mark.parametrize("lang", sorted(COUNTS))
def test_ctrl_c_while_the_second_process_reads_stores_nothing(
    spawn: Spawn, tmp_path: Path, lang: str
) -> None:
    source = write_long(tmp_path / "groot.csv", rows=300_000, bad_minutes=False)
    db = tmp_path / "log.db"
    # With colour, so the live count runs on its own thread while the second process is forked.
    child = spawn("--db", str(db), "import", str(source), lang=lang, env={"NO_COLOR": ""})
    child.expect(re.compile(COUNTS[lang]))
    child.sendintr()
    code, shown = finish(child)
    assert code == 130, shown
    assert not any("Traceback" in line for line in shown), shown
    assert STOPPED[lang] in shown, shown
    assert not db.exists() or activities(db) == 0
    # Neither process is left: the fork runs the same command line as the parent.
    left = subprocess.run(["pgrep", "-f", str(source)], capture_output=True, text=True)
    assert left.stdout == "", left.stdout


def _visible(line: str) -> str:
    """What a terminal shows of LINE: the text after its last carriage return or line erase."""
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", re.split(r"\r|\x1b\[2K", line)[-1])


def test_a_rejected_import_says_its_problems_once_the_live_count_is_gone(
    spawn: Spawn, tmp_path: Path
) -> None:
    source = write_long(tmp_path / "fout.csv")  # row LATE + 7 has 0 minutes
    db = tmp_path / "log.db"
    child = spawn("--db", str(db), "import", str(source), lang="nl", env={"NO_COLOR": ""})
    code, shown = finish(child)
    assert code == 1, shown
    problem = [_visible(line) for line in shown if f"rij {LATE + 7}" in line]
    assert len(problem) == 1 and problem[0].startswith(f"rij {LATE + 7}, "), shown
    assert not db.exists() or activities(db) == 0


@pytest.mark.parametrize(
    ("lang", "says"),
    [("en", "'-' reads the file from stdin, but stdin is the terminal"),
     ("nl", "'-' leest het bestand van stdin, maar stdin is de terminal")],
)  # fmt: skip
def test_import_dash_at_a_terminal_says_to_pipe_a_file_in(
    spawn: Spawn, tmp_path: Path, lang: str, says: str
) -> None:
    # It would wait for a file typed in by hand; a person who typed '-' meant a pipe.
    db = tmp_path / "log.db"
    code, shown = finish(spawn("--db", str(db), "import", "-", lang=lang))
    assert code == 2, shown
    assert any(says in line for line in shown), shown
    assert "| leerlog import -" in "\n".join(shown)
    assert not db.exists()
