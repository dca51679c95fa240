"""An import from a pipe, as a cron job pipes an LMS export in: '-' and /dev/stdin are read as
the file itself is, also past the rows a second process reads ahead; a device is refused.

A pipe cannot go back to its start, which the first release needed (it read the first 512
characters to tell the format, then went back): 'underlying stream is not seekable'.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import IO

import pytest

from installed import PATIENCE_SECONDS, script, sqlite, unnoted
from long_import import ROWS, write_long


def leerlog(
    env: dict[str, str], *args: str, stdin: int | IO[bytes] | None = subprocess.DEVNULL
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [script(), *args], stdin=stdin, capture_output=True, text=True, env=env,
        timeout=PATIENCE_SECONDS, check=False,
    )  # fmt: skip


def piped(env: dict[str, str], source: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """leerlog ARGS with SOURCE coming down a pipe, as `cat SOURCE | leerlog ARGS`."""
    with subprocess.Popen(["cat", str(source)], stdout=subprocess.PIPE) as cat:
        done = leerlog(env, *args, stdin=cat.stdout)
    assert cat.returncode == 0
    return done


def rows(db: Path) -> list[tuple[object, ...]]:
    with sqlite(db) as conn:
        return conn.execute(
            "SELECT person, date, category, minutes, title, reflection FROM activities"
            " ORDER BY person, date, title"
        ).fetchall()


@pytest.mark.parametrize("name", ["-", "/dev/stdin"])
def test_a_long_file_down_a_pipe_is_imported_as_the_file_is(
    tmp_path: Path, subprocess_env: dict[str, str], name: str
) -> None:
    source = write_long(tmp_path / "lms.csv", bad_minutes=False)
    by_file = leerlog(subprocess_env, "--db", str(tmp_path / "file.db"), "import", str(source))
    by_pipe = piped(subprocess_env, source, "--db", str(tmp_path / "pipe.db"), "import", name)
    assert by_pipe.returncode == by_file.returncode == 0, by_pipe.stderr
    assert by_pipe.stdout == by_file.stdout == f"imported {ROWS} activities; 0 already present\n"
    assert unnoted(by_pipe.stderr) == unnoted(by_file.stderr)
    assert rows(tmp_path / "pipe.db") == rows(tmp_path / "file.db")


def test_json_lines_with_a_bom_down_a_pipe(tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    # Its format is told by its first character: the pipe's first bytes are read twice.
    source = tmp_path / "export"
    source.write_bytes(
        b"\xef\xbb\xbf"
        + '{"person": "anna", "date": "2026-11-20", "category": "social", "minutes": 45,'
        ' "title": "Intervisie", "reflection": "Één casus"}\n'.encode()
    )
    db = tmp_path / "log.db"
    done = piped(subprocess_env, source, "--db", str(db), "import", "-")
    assert (done.returncode, done.stdout) == (0, "imported 1 activity; 0 already present\n")
    assert rows(db) == [("anna", "2026-11-20", "social", 45, "Intervisie", "Één casus")]


def test_a_bad_row_down_a_pipe_is_named_and_nothing_is_stored(
    tmp_path: Path, subprocess_env: dict[str, str]
) -> None:
    source = write_long(tmp_path / "lms.csv")  # one row past the read-ahead has 0 minutes
    db = tmp_path / "log.db"
    assert leerlog(subprocess_env, "--db", str(db), "list").returncode == 1  # no log yet
    done = piped(subprocess_env, source, "--db", str(db), "import", "-")
    assert done.returncode == 1 and done.stdout == ""
    assert "minutes:" in done.stderr and "1 invalid row; nothing was imported" in done.stderr
    assert not db.exists() or rows(db) == []


@pytest.mark.parametrize(
    ("stdin", "name", "says"),
    [
        (subprocess.DEVNULL, "-", "Error: stdin is empty; nothing was imported"),
        (subprocess.DEVNULL, "/dev/zero", "Error: /dev/zero is not a file or a pipe; nothing"),
    ],
)
def test_what_never_ends_or_holds_nothing_is_refused(
    tmp_path: Path, subprocess_env: dict[str, str], stdin: int, name: str, says: str
) -> None:
    db = tmp_path / "log.db"
    leerlog(subprocess_env, "--db", str(db), "add", "werk", "Huisbezoek", "-m", "45")
    before = db.read_bytes()
    done = leerlog(subprocess_env, "--db", str(db), "import", name, stdin=stdin)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith(says) and "Traceback" not in done.stderr
    assert db.read_bytes() == before
    dutch = leerlog({**subprocess_env, "LEERLOG_LANG": "nl"}, "--db", str(db), "import", name)
    assert dutch.returncode == 1 and "er is niets geïmporteerd" in dutch.stderr


def test_a_fifo_is_read_as_a_pipe(tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    source = tmp_path / "lms.csv"
    source.write_text(
        "person,date,type,minutes,title\nanna,2026-11-20,intervisie,45,Casus\n", "utf-8"
    )
    fifo = tmp_path / "lms.fifo"
    os.mkfifo(fifo)
    with subprocess.Popen(["sh", "-c", f"cat '{source}' > '{fifo}'"]) as writer:
        done = leerlog(subprocess_env, "--db", str(tmp_path / "log.db"), "import", str(fifo))
    assert writer.returncode == 0
    assert (done.returncode, done.stdout) == (0, "imported 1 activity; 0 already present\n")


def test_a_closed_stdin_and_a_file_called_dash(
    tmp_path: Path, subprocess_env: dict[str, str]
) -> None:
    db = tmp_path / "log.db"
    closed = subprocess.run(
        [script(), "--db", str(db), "import", "-"], capture_output=True, text=True,
        env=subprocess_env, timeout=PATIENCE_SECONDS, check=False, preexec_fn=lambda: os.close(0),
    )  # fmt: skip
    assert closed.returncode == 1 and "Traceback" not in closed.stderr
    assert closed.stderr.startswith("Error: cannot read stdin: "), closed.stderr
    assert closed.stderr.splitlines()[1] == "Hint: pipe a file in, or give its name"
    # './-' is the file, '-' is stdin.
    (tmp_path / "-").write_text(
        "person,date,type,minutes,title\nanna,2026-11-20,intervisie,45,Casus\n"
    )
    named = subprocess.run(
        [script(), "--db", str(db), "import", "./-"], capture_output=True, text=True,
        env=subprocess_env, timeout=PATIENCE_SECONDS, check=False, cwd=tmp_path,
        stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert (named.returncode, named.stdout) == (0, "imported 1 activity; 0 already present\n"), (
        named.stderr
    )
