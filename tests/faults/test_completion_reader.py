"""Tab completion by someone who may only read the log (HR, a colleague's team file): the words
come from the file, and the file and its folder stay exactly as they were."""

from __future__ import annotations

import subprocess

import pytest
from faultkit import PATIENCE_SECONDS, Nobody, folder_bytes, succeeds

from installed import run_script


def asked(reader: Nobody, *words: str) -> list[str]:
    """What leerlog, run as READER, answers bash for the last of WORDS."""
    line = " ".join(("leerlog", *words))
    done = subprocess.run(
        list(reader.command),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env={
            **reader.env(),
            "_LEERLOG_COMPLETE": "complete_bash",
            "COMP_WORDS": line,
            "COMP_CWORD": str(len(words)),
        },
        cwd=reader.folder,
        user=reader.uid,
        group=reader.gid,
        extra_groups=[],
        timeout=PATIENCE_SECONDS,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, ""), done
    return [line for line in done.stdout.splitlines() if line]


@pytest.mark.parametrize("folder_mode", [0o755, 0o777])
def test_a_reader_gets_the_words_and_changes_nothing(
    nobody: Nobody, subprocess_env: dict[str, str], folder_mode: int
) -> None:
    folder = nobody.folder / "team"
    folder.mkdir()
    path = folder / "leerlog.db"
    env = {**subprocess_env, "LEERLOG_DB": str(path)}
    succeeds(run_script(env, "people", "set", "joost", "--team", "Team Noord"))
    succeeds(run_script(env, "add", "werk", "Huisbezoek", "-m", "45", "--person", "johan"))
    path.chmod(0o644)  # readable by everyone, writable by its owner only
    folder.chmod(folder_mode)  # 0777: the reader could leave -wal and -shm behind, if it opened
    before = folder_bytes(folder)
    assert asked(nobody, "--db", str(path), "list", "--team", "") == ["Team\\ Noord"]
    assert asked(nobody, "--db", str(path), "add", "--person", "jo") == ["johan", "joost"]
    assert asked(nobody, "add", "--db", str(path), "--person", "jo") == ["johan", "joost"]
    assert folder_bytes(folder) == before
