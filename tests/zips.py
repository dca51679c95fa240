"""A dossier ZIP unpacked and checked as its reader would: by unzip and by `sha256sum -c`."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path


def unpack(target: Path, folder: Path) -> Path:
    folder.mkdir()
    with zipfile.ZipFile(target) as archive:
        assert archive.testzip() is None
        archive.extractall(folder)
    return folder


def sha256sum_check(folder: Path) -> list[str]:
    done = subprocess.run(
        ["sha256sum", "-c", "SHA256SUMS"], cwd=folder, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout.splitlines()
