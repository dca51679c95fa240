"""Faults from outside leerlog: locks held by others, unusable files, kills, a stranger's eyes.

The tests run the installed console script in real processes, as cron would, so that locks,
signals and file permissions are the operating system's and not CliRunner's.
"""

from __future__ import annotations

import grp
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from faultkit import PATIENCE_SECONDS, Nobody, script
from reachable import launcher, reachable_site, system_pythons


@pytest.fixture
def env(subprocess_env: dict[str, str]) -> dict[str, str]:
    """The isolated environment, with the venv's bin folder first on PATH for shell loops."""
    bin_dir = str(Path(sys.executable).parent)
    path = os.pathsep.join([bin_dir, subprocess_env.get("PATH", "")])
    # The messages the tests look for are the English ones, whatever the machine's locale.
    return {**subprocess_env, "PATH": path, "LEERLOG_LANG": "en"}


class Leerlog:
    """The installed script in a real process, without a terminal, in the isolated environment."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env

    def __call__(
        self, *args: str, extra: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        """Run `leerlog ARGS`; EXTRA is added to the environment."""
        return subprocess.run(
            [script(), *args],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            env={**self.env, **(extra or {})},
            timeout=PATIENCE_SECONDS,
            check=False,
        )


@pytest.fixture
def leerlog(env: dict[str, str]) -> Leerlog:
    return Leerlog(env)


# --- leerlog as an unprivileged user --------------------------------------------------------------


def _command_for(uid: int, gid: int, folder: Path, copies: Path) -> tuple[str, ...]:
    def works(command: tuple[str, ...]) -> bool:
        try:
            done = subprocess.run(
                [*command, "--version"],
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                env={"PATH": "/usr/bin:/bin", "HOME": str(folder)},
                cwd=folder,
                user=uid,
                group=gid,
                extra_groups=[],
                timeout=PATIENCE_SECONDS,
                check=False,
            )
        except PermissionError:  # the script's interpreter is out of reach
            return False
        return done.returncode == 0 and done.stdout.startswith("leerlog ")

    installed = (script(),)
    if works(installed):
        return installed
    pythons = system_pythons()
    if pythons:
        site = reachable_site(copies)
        for python in pythons:
            command = launcher(python, site)
            if works(command):
                warnings.warn(
                    f"user nobody cannot run {script()} (its venv or its interpreter "
                    f"{os.path.realpath(sys.executable)} is out of reach for other users); the "
                    f"permission tests run a readable copy of leerlog in {site} with {python}",
                    stacklevel=1,
                )
                return command
    pytest.fail(
        f"user nobody cannot run leerlog: neither {script()} nor a system Python "
        f"{sys.version_info.major}.{sys.version_info.minor} with a readable copy of leerlog works"
    )


@pytest.fixture(scope="session")
def nobody_command() -> Iterator[tuple[int, int, tuple[str, ...]]]:
    """Nobody's uid and gid, and a command line that runs leerlog as them."""
    assert os.geteuid() == 0, "the permission tests switch to user nobody, which needs root"
    try:
        uid = pwd.getpwnam("nobody").pw_uid
        gid = grp.getgrnam("nogroup").gr_gid
    except KeyError as missing:
        pytest.fail(f"the permission tests need user nobody and group nogroup: {missing}")
    folder = Path(tempfile.mkdtemp(prefix="leerlog-probe-"))
    copies = Path(tempfile.mkdtemp(prefix="leerlog-site-"))
    try:
        folder.chmod(0o755)
        copies.chmod(0o755)
        yield uid, gid, _command_for(uid, gid, folder, copies / "site-packages")
    finally:
        shutil.rmtree(folder)
        shutil.rmtree(copies)


@pytest.fixture
def nobody(nobody_command: tuple[int, int, tuple[str, ...]]) -> Iterator[Nobody]:
    """pytest's tmp_path lies in a folder only root may enter; this one is open to everyone."""
    uid, gid, command = nobody_command
    folder = Path(tempfile.mkdtemp(prefix="leerlog-faults-"))
    folder.chmod(0o755)
    try:
        yield Nobody(folder, command, uid, gid)
    finally:
        shutil.rmtree(folder)
