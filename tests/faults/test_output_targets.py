"""Where --output points at something other than a plain file: a device, a FIFO, a descriptor
the shell opened, a link, a name too long for a temporary file beside it.

Written as `>` would write them: never replaced by a regular file, never truncating a file the
shell opened for appending. Real processes, so that pipes and descriptors are the system's.
"""

from __future__ import annotations

import os
import stat
import subprocess
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from faultkit import PATIENCE_SECONDS, script, succeeds
from test_output import run_into

if TYPE_CHECKING:
    from conftest import Leerlog

HEADER = "person,team,period_start,period_end"


@pytest.fixture
def logged(leerlog: Leerlog) -> None:
    succeeds(leerlog("add", "werk", "Huisbezoek", "-m", "45", "-q"))


@pytest.mark.usefixtures("logged")
def test_a_link_to_a_device_writes_into_the_device_and_stays_a_link(
    leerlog: Leerlog, tmp_path: Path
) -> None:
    # Through a link of its own, so that a broken leerlog replaces the link, not /dev/null.
    link = tmp_path / "discard"
    link.symlink_to("/dev/null")
    done = leerlog("export", "balance", "-o", str(link))
    assert (done.returncode, done.stdout) == (0, ""), done
    assert link.is_symlink() and os.readlink(link) == "/dev/null"
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@pytest.mark.usefixtures("logged")
def test_a_fifo_is_written_into_and_stays_a_fifo(leerlog: Leerlog, tmp_path: Path) -> None:
    fifo = tmp_path / "to-hr"
    os.mkfifo(fifo)
    read: list[str] = []
    reader = threading.Thread(target=lambda: read.append(fifo.read_text()), daemon=True)
    reader.start()
    done = leerlog("export", "balance", "-o", str(fifo))
    assert done.returncode == 0, done
    assert stat.S_ISFIFO(fifo.lstat().st_mode)  # else the reader waits for a writer in vain
    reader.join(PATIENCE_SECONDS)
    assert read and read[0].startswith(HEADER) and "anna," in read[0]


@pytest.mark.usefixtures("logged")
def test_a_link_to_a_file_replaces_that_file_and_keeps_the_link(
    leerlog: Leerlog, tmp_path: Path
) -> None:
    real = tmp_path / "shared" / "balance.csv"
    real.parent.mkdir()
    real.write_text("last month\n")
    link = tmp_path / "balance.csv"
    link.symlink_to(real)
    done = leerlog("export", "balance", "-o", str(link))
    assert done.returncode == 0, done
    assert link.is_symlink() and link.resolve() == real
    assert real.read_text().startswith(HEADER)


@pytest.mark.usefixtures("logged")
# (/dev/stdout is the same to leerlog; a broken leerlog run as root would replace the system's.)
@pytest.mark.parametrize("name", ["/dev/fd/1", "/proc/self/fd/1"])
def test_the_shells_own_stdout_is_appended_to_not_replaced(
    leerlog: Leerlog, tmp_path: Path, name: str
) -> None:
    kept = tmp_path / "hr.log"
    kept.write_text("kept\n")
    with kept.open("a") as log:
        done = run_into(leerlog, log.fileno(), "export", "balance", "-o", name)
    assert done.returncode == 0, done.stderr
    lines = kept.read_text().splitlines()
    assert lines[0] == "kept" and lines[1].startswith(HEADER) and lines[2].startswith("anna,")


@pytest.mark.usefixtures("logged")
def test_a_descriptor_that_is_not_open_is_one_plain_error(leerlog: Leerlog) -> None:
    done = leerlog("export", "balance", "-o", "/dev/fd/9")
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.splitlines() == [
        "Error: cannot write /dev/fd/9: Bad file descriptor",
        "Hint: check the path and permissions",
    ]
    dutch = leerlog("export", "balance", "-o", "/dev/fd/9", extra={"LEERLOG_LANG": "nl"})
    assert dutch.stderr.splitlines() == [
        "Fout: kan /dev/fd/9 niet schrijven: geen open bestand met dat nummer",
        "Tip: controleer het pad en de rechten",
    ]


@pytest.mark.usefixtures("logged")
def test_a_name_of_255_bytes_is_written(leerlog: Leerlog, tmp_path: Path) -> None:
    target = tmp_path / "hr" / ("b" * 251 + ".csv")
    done = leerlog("export", "balance", "-o", str(target))
    assert done.returncode == 0, done
    assert target.read_text().startswith(HEADER)
    assert [p.name for p in target.parent.iterdir()] == [target.name]


@pytest.mark.usefixtures("logged")
@pytest.mark.parametrize("format_", ["json", "csv", "html"])
def test_a_report_to_dash_is_stdout(leerlog: Leerlog, format_: str) -> None:
    done = leerlog("report", "--format", format_, "-o", "-")
    assert (done.returncode, done.stderr) == (0, ""), done
    assert done.stdout == leerlog("report", "--format", format_).stdout != ""


def test_a_proof_file_to_dash_is_stdout(leerlog: Leerlog, tmp_path: Path) -> None:
    proof = tmp_path / "certificaat.txt"
    proof.write_text("Deelname meldcode, 3 uur\n")
    added = leerlog("add", "workshop", "Meldcode", "-m", "3u", "--evidence", str(proof), "-q")
    assert added.returncode == 0, added
    done = leerlog("evidence", "get", succeeds(added).strip(), "1", "-o", "-")
    assert done.returncode == 0, done
    assert done.stdout == proof.read_text()
    assert done.stderr == "Wrote 'certificaat.txt' (25 bytes) to /dev/stdout\n"


@pytest.mark.usefixtures("logged")
def test_a_descriptor_of_leerlogs_own_files_is_refused(leerlog: Leerlog, db_path: Path) -> None:
    # While a report runs, leerlog holds the database and its WAL open as regular files: written
    # into, a WAL would lose what it holds.
    before = leerlog("list", "--format", "json").stdout
    for number in range(3, 8):
        done = leerlog("report", "--format", "csv", "-o", f"/dev/fd/{number}")
        assert done.returncode in (1, 2) and done.stdout == "", done  # 2: the database itself
        assert done.stderr.startswith(f"Error: /dev/fd/{number} is the database itself") or (
            done.stderr.startswith(f"Error: cannot write /dev/fd/{number}: ")
        ), done.stderr
    assert leerlog("list", "--format", "json").stdout == before
    assert leerlog("check", "--all").returncode == 0  # the file reads as before


@pytest.mark.usefixtures("logged")
def test_a_pipe_the_shell_gave_beyond_2_is_written(leerlog: Leerlog) -> None:
    # As `-o >(gzip > x.gz)` gives it.
    read, write = os.pipe()
    try:
        done = subprocess.run(
            [script(), "export", "balance", "-o", f"/dev/fd/{write}"],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            env=leerlog.env,
            timeout=PATIENCE_SECONDS,
            check=False,
            pass_fds=(write,),
        )
    finally:
        os.close(write)
    with os.fdopen(read) as piped:
        assert piped.read().startswith(HEADER)
    assert done.returncode == 0, done


@pytest.mark.usefixtures("logged")
@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["list"], ["Error: cannot write the output: Bad file descriptor"]),
        (
            ["export", "balance", "-o", "/dev/stdout"],
            [
                "Error: cannot write /dev/stdout: Bad file descriptor",
                "Hint: check the path and permissions",
            ],
        ),
    ],
)
def test_a_stdout_the_shell_closed_is_one_plain_error(
    leerlog: Leerlog, args: list[str], said: list[str]
) -> None:
    done = subprocess.run(
        ["sh", "-c", 'exec "$0" "$@" >&-', script(), *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=leerlog.env,
        timeout=PATIENCE_SECONDS,
        check=False,
    )
    assert (done.returncode, done.stderr.splitlines()) == (1, said)
