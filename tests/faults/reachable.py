"""How leerlog runs as user nobody when the venv is out of that user's reach.

The venv may live where nobody cannot enter: its interpreter under pyenv in /root (mode 0700), or
the whole clone in a folder only root may enter. Then leerlog and the packages it needs at run
time are copied to a folder every user can read, and the system interpreter of the same
major.minor runs them from there. (Imported by name: pytest puts this folder on sys.path.)
"""

from __future__ import annotations

import re
import shutil
import sys
from importlib import metadata
from pathlib import Path

LAUNCH = (
    "import site, sys; site.addsitedir({site!r}); sys.argv[0] = 'leerlog'; "
    "from leerlog.cli.app import main; main()"
)


def system_pythons() -> list[str]:
    """Interpreters of this major.minor outside any user's home."""
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    return [p for p in (f"/usr/bin/{version}", f"/usr/local/bin/{version}") if Path(p).is_file()]


def _requirements(name: str) -> list[str]:
    """The distributions NAME needs at run time (extras left out)."""
    try:
        requires = metadata.distribution(name).requires or []
    except metadata.PackageNotFoundError:  # a dependency for another platform
        return []
    return [re.split(r"[\s;<>=!~\[(]", r, maxsplit=1)[0] for r in requires if "extra" not in r]


def _copy_distribution(name: str, target: Path) -> None:
    try:
        dist = metadata.distribution(name)
    except metadata.PackageNotFoundError:
        return
    for file in dist.files or []:
        if file.parts[0] == ".." or "__pycache__" in file.parts:
            continue  # scripts in bin/, byte code
        source = Path(str(dist.locate_file(file)))
        if source.is_file():
            (target / file).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / file)


def reachable_site(target: Path) -> Path:
    """TARGET filled with leerlog (as it is in the work tree) and its run-time dependencies."""
    import leerlog

    shutil.copytree(
        Path(leerlog.__file__).parent,
        target / "leerlog",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    seen: set[str] = set()
    todo = _requirements("leerlog")
    while todo:
        name = todo.pop()
        key = re.sub(r"[-_.]+", "-", name).lower()
        if key not in seen:
            seen.add(key)
            todo.extend(_requirements(name))
            _copy_distribution(name, target)
    for path in [target, *target.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return target


def launcher(python: str, site: Path) -> tuple[str, ...]:
    return (python, "-c", LAUNCH.format(site=str(site)))
