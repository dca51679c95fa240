"""A config file that is not a small regular TOML file stops every run plainly, without hanging.

Real processes: a FIFO or a device as LEERLOG_CONFIG would block or never end if leerlog read it,
and the config file is read while the language is chosen, before any command runs.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from faultkit import folder_bytes, plain_error

if TYPE_CHECKING:
    from conftest import Leerlog


def fifo(folder: Path) -> Path:
    path = folder / "config.fifo"
    os.mkfifo(path)
    return path


def device(_folder: Path) -> Path:
    return Path("/dev/zero")


def large(folder: Path) -> Path:
    path = folder / "large.toml"
    path.write_bytes(b'person = "anna"\n' + b"#" * (1024 * 1024) + b"\n")
    return path


def deep(folder: Path) -> Path:
    path = folder / "deep.toml"
    path.write_text("a = " + "[" * 5000 + "]" * 5000 + "\n")
    return path


def a_folder(folder: Path) -> Path:
    path = folder / "config.d"
    path.mkdir()
    return path


def looped(folder: Path) -> Path:
    (folder / "loop2").symlink_to(folder / "loop1")
    (folder / "loop1").symlink_to(folder / "loop2")
    return folder / "loop1"


def under_a_file(folder: Path) -> Path:
    (folder / "file").write_text("")
    return folder / "file" / "config.toml"


CASES: dict[str, tuple[Callable[[Path], Path], str]] = {
    # refused by the system: worded once the language is chosen, which may need this very file
    "symlink-loop": (looped, "Too many levels of symbolic links"),
    "under-a-file": (under_a_file, "Not a directory"),
    "fifo": (fifo, "not a regular file"),
    "dev-zero": (device, "not a regular file"),
    "over-1-mib": (large, "larger than 1 MiB"),
    "deeply-nested": (deep, "nested too deeply"),
    "folder": (a_folder, "is a folder"),
    # ~NAME of a user the system does not know: said in the chosen language, never a traceback
    "home-unknown": (lambda _folder: Path("~leerlog-no-such-user/config.toml"), "no home folder"),
}
COMMANDS = {
    "version": ["--version"],
    "help": ["--help"],
    "list": ["list"],
    "add": ["add", "werk", "Huisbezoek", "-m", "45"],
}


@pytest.mark.parametrize("command", COMMANDS.values(), ids=COMMANDS.keys())
@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
@pytest.mark.parametrize("lang", ["en", None])
def test_an_unusable_config_file_is_exit_2_in_one_plain_line(
    leerlog: Leerlog,
    tmp_path: Path,
    case: tuple[Callable[[Path], Path], str],
    command: list[str],
    lang: str | None,
) -> None:
    """With LEERLOG_LANG unset the config file is read first of all, to find its `lang`."""
    make, says = case
    folder = tmp_path / "conf"
    folder.mkdir()
    config = make(folder)
    env = dict(leerlog.env)
    env["LEERLOG_CONFIG"] = str(config)
    if lang is None:
        env.pop("LEERLOG_LANG", None)
        env["LANG"] = env["LC_ALL"] = "C.UTF-8"
    done = type(leerlog)(env)(*command)
    plain_error(done, 2, str(config), says)
    assert done.stderr.splitlines()[1].startswith("Hint: ")
    assert not (tmp_path / "data").exists()  # nothing was created


def test_a_config_file_of_exactly_1_mib_is_read(leerlog: Leerlog, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    head = b'person = "bob"\n'
    config.write_bytes(head + b"#" * (1024 * 1024 - len(head) - 1) + b"\n")
    assert config.stat().st_size == 1024 * 1024
    done = leerlog("config", extra={"LEERLOG_CONFIG": str(config), "LEERLOG_PERSON": ""})
    assert done.returncode == 0, done
    assert "bob" in done.stdout


def test_the_fifo_is_left_as_it_was(leerlog: Leerlog, tmp_path: Path) -> None:
    folder = tmp_path / "conf"
    folder.mkdir()
    config = fifo(folder)
    plain_error(leerlog("list", extra={"LEERLOG_CONFIG": str(config)}), 2, "not a regular file")
    assert folder_bytes(folder) == {} and config.is_fifo()
