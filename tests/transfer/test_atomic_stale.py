"""An output's temporary file: locked while written; left by a killed writer, removed by the next
write to the same file (an HR export's CSV, a sheet's PDF, a dossier's ZIP)."""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from leerlog.storage.backup import STALE_SECONDS
from leerlog.transfer.atomic import atomic_binary, atomic_bytes, atomic_output

if TYPE_CHECKING:
    from conftest import Run


def left(folder: Path, name: str, age: float) -> Path:
    path = folder / name
    path.write_bytes(b"half a zip")
    then = time.time() - age
    os.utime(path, (then, then))
    return path


def test_only_temporary_files_of_gone_writers_are_removed(tmp_path: Path) -> None:
    target = tmp_path / "dossier [1].zip"
    stale = left(tmp_path, ".dossier [1].zip.leerlog-k3j4h5g6.tmp", STALE_SECONDS + 5)
    fresh = left(tmp_path, ".dossier [1].zip.leerlog-a1b2c3d4.tmp", 0)
    held = left(tmp_path, ".dossier [1].zip.leerlog-zzzzzzzz.tmp", STALE_SECONDS + 5)
    other = left(tmp_path, ".ander.zip.leerlog-k3j4h5g6.tmp", STALE_SECONDS + 5)
    holder = os.open(held, os.O_RDONLY)
    try:
        fcntl.flock(holder, fcntl.LOCK_EX | fcntl.LOCK_NB)  # a writer that is still at work
        with atomic_binary(target) as out:
            out.write(b"PK")
            # While it is written, its own temporary file is locked.
            ours = [p for p in tmp_path.iterdir() if p not in (fresh, held, other)]
            assert len(ours) == 1 and ours[0].name.startswith(".dossier [1].zip.")
            probe = os.open(ours[0], os.O_RDONLY)
            try:
                try:
                    fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    locked = False
                except BlockingIOError:
                    locked = True
            finally:
                os.close(probe)
            assert locked
    finally:
        os.close(holder)
    assert not stale.exists()
    assert fresh.exists() and held.exists() and other.exists()
    assert target.read_bytes() == b"PK"


def test_a_fifo_or_a_link_with_such_a_name_is_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "dossier.zip"
    fifo = tmp_path / ".dossier.zip.leerlog-fifofifo.tmp"
    os.mkfifo(fifo)
    elsewhere = left(tmp_path, "elders.bin", STALE_SECONDS + 5)
    link = tmp_path / ".dossier.zip.leerlog-linklink.tmp"
    link.symlink_to(elsewhere)
    old = time.time() - STALE_SECONDS - 5
    os.utime(fifo, (old, old))
    with atomic_binary(target) as out:  # does not wait for a writer to open the FIFO
        out.write(b"PK")
    assert fifo.exists() and link.is_symlink() and elsewhere.read_bytes() == b"half a zip"


def test_files_that_only_begin_like_a_temporary_file_are_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "dossier.zip"
    # the user's own file, another target's temporary file, and one of the first release's names
    mine = left(tmp_path, ".dossier.zip.concept.tmp", STALE_SECONDS + 5)
    longer = left(tmp_path, ".dossier.zip.zip.leerlog-k3j4h5g6.tmp", STALE_SECONDS + 5)
    other = left(tmp_path, ".dossier.zip.leerlog-concept-v2.tmp", STALE_SECONDS + 5)
    with atomic_binary(target) as out:
        out.write(b"PK")
    assert mine.exists() and longer.exists() and other.exists()


@pytest.mark.parametrize("kind", ["text", "bytes"])
def test_text_and_whole_byte_outputs_remove_them_too(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "balance.csv"
    stale = left(tmp_path, ".balance.csv.leerlog-k3j4h5g6.tmp", STALE_SECONDS + 5)
    fresh = left(tmp_path, ".balance.csv.leerlog-a1b2c3d4.tmp", 0)
    if kind == "text":
        with atomic_output(target) as out:
            out.write("person\n")
    else:
        atomic_bytes(target, b"person\n")
    assert not stale.exists() and fresh.exists()
    assert target.read_bytes() == b"person\n"


def test_the_monthly_export_clears_what_a_killed_run_left(run: Run, tmp_path: Path) -> None:
    assert run("add", "werk", "Huisbezoek", "-m", "45").exit_code == 0
    hr = tmp_path / "hr"
    hr.mkdir()
    left(hr, ".balance-all.csv.leerlog-k3j4h5g6.tmp", STALE_SECONDS + 5)  # a killed run's
    done = run("export", "balance", "--period", "all", "-o", str(hr / "balance-{period}.csv"))
    assert done.exit_code == 0, done.stderr
    assert sorted(p.name for p in hr.iterdir()) == ["balance-all.csv"]
