"""The README's Install section, run as written: a fresh virtual environment in a temporary home,
`pip install` of the repository, the link in ~/.local/bin, then its cron lines run as cron runs
them (`env -i`, PATH=/usr/bin:/bin); and examples/monthly-export.sh when leerlog is elsewhere or
missing.

The commands come from the README itself, so the README cannot drift from what works. To stay
fast and offline, pip gets `--no-deps --no-build-isolation --no-index`, and the new environment
sees the dependencies (and hatchling, the build backend) of the one running the tests through a
.pth file; leerlog itself is built and installed from a copy of the repository.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from installed import PATIENCE_SECONDS, script

ROOT = Path(__file__).parents[1]
TODAY = "2026-11-27"  # last month is 2026-10
CRON_PATH = "PATH=/usr/bin:/bin"
MISSING = (
    "monthly-export.sh: leerlog not found{where}; install it (README, Install)"
    " or set LEERLOG=/full/path/to/leerlog\n"
)
EXPORT_SCRIPT = "sh " + shlex.quote(str(ROOT / "examples" / "monthly-export.sh"))
BALANCE_HEAD = "\ufeffperson;team;period_start;period_end;activities;minutes_total;"


def install_section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("\n## Install\n")
    return text[start : text.index("\n## ", start + 1)]


def blocks(language: str) -> list[list[str]]:
    """The command lines of the Install section's ```LANGUAGE blocks, without comments."""
    found = re.findall(rf"```{language}\n(.*?)```", install_section(), flags=re.DOTALL)
    return [
        [line for line in block.splitlines() if line.strip() and not line.startswith("#")]
        for block in found
    ]


def sh(line: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["/bin/sh", "-c", line], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
        capture_output=True, text=True, timeout=PATIENCE_SECONDS, check=False,
    )  # fmt: skip


def as_cron(home: Path, command: str, **variables: str) -> subprocess.CompletedProcess[str]:
    """COMMAND as cron runs a crontab line: /bin/sh, HOME and a bare PATH, nothing else."""
    assigned = [f"{name}={value}" for name, value in variables.items()]
    return subprocess.run(
        ["env", "-i", CRON_PATH, f"HOME={home}", "SHELL=/bin/sh", *assigned,
         "/bin/sh", "-c", command],
        cwd=home, stdin=subprocess.DEVNULL, capture_output=True, text=True,
        timeout=PATIENCE_SECONDS, check=False,
    )  # fmt: skip


def copy_repository(target: Path) -> None:
    """What `git clone` would give pip: the project files, without built or cached ones."""
    target.mkdir(parents=True)
    for name in ("pyproject.toml", "README.md", "hatch_build.py"):
        shutil.copy2(ROOT / name, target / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo")
    for name in ("src", "examples"):
        shutil.copytree(ROOT / name, target / name, ignore=ignore)


def share_dependencies(pip: Path) -> None:
    """Let the environment of PIP import what the tests' environment has installed."""
    site_packages = list(pip.parent.parent.glob("lib/python*/site-packages"))
    assert len(site_packages) == 1, site_packages
    ours = [path for path in sys.path if path.endswith("site-packages")]
    (site_packages[0] / "_test_dependencies.pth").write_text("\n".join(ours) + "\n")


def test_the_readme_install_works_in_cron(tmp_path: Path) -> None:
    home = tmp_path / "home"
    copy_repository(home / "src" / "leerlog")
    env = {
        "HOME": str(home),
        "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",  # python3 as the tests run it
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "PIP_NO_INPUT": "1",
    }
    (install,) = blocks("sh")
    assert any(line.startswith("python3 -m venv ") for line in install), install
    for line in install:
        first, *_ = line.split()
        if first.endswith("/bin/pip"):
            share_dependencies(Path(first.replace("~", str(home), 1)))
            line += " --no-deps --no-build-isolation --no-index"
        done = sh(line, env, home)
        assert done.returncode == 0, (line, done.stdout, done.stderr)

    leerlog = home / ".local" / "bin" / "leerlog"
    venv_python = leerlog.resolve().parent / "python"
    where = sh(
        f"{shlex.quote(str(venv_python))} -c 'import leerlog; print(leerlog.__file__)'", env, home
    )
    assert where.stdout.startswith(str(home / ".local" / "lib" / "leerlog")), where
    srv = tmp_path / "srv"
    team_db = str(srv / "team.db")
    for args in (
        "people set fatima --team 'Team Noord'",
        "add intervisie 'Casus over schuldhulp' -m 1u30 -p fatima -d 2026-10-14",
        "add werk 'Eerste huisbezoek' -m 2u -p fatima -d 2026-10-20",
    ):
        done = as_cron(home, f"$HOME/.local/bin/leerlog --db {team_db} {args}", LEERLOG_TODAY=TODAY)
        assert done.returncode == 0, (args, done.stderr)
    # The register profiles are data files: the installed package carries them.
    listed = as_cron(home, f"$HOME/.local/bin/leerlog --db {team_db} register list")
    assert listed.returncode == 0, listed.stderr
    for key in ("skj-jeugdzorgwerker", "vvn-kwaliteitsregister", "registerplein"):
        assert key in listed.stdout, listed.stdout

    # The cron lines of the README, with /srv/leerlog in the temporary folder.
    (cron,) = blocks("cron")
    for line in cron:
        command = line.split(maxsplit=5)[5].replace("/srv/leerlog", str(srv))
        done = as_cron(home, command, LEERLOG_TODAY=TODAY)
        assert (done.returncode, done.stdout) == (0, ""), (command, done.stderr)
        assert "not found" not in done.stderr and done.stderr.startswith("Wrote "), done.stderr
    balance = (srv / "hr" / "balance-2026-10.csv").read_bytes().decode("utf-8")
    assert balance.startswith(BALANCE_HEAD) and "\r\n" in balance
    assert balance.split("\r\n")[1].startswith("fatima;Team Noord;2026-10-01;2026-10-31;2;210;")
    activities = (srv / "hr" / "activiteiten-2026-10.csv").read_bytes().decode("utf-8")
    assert activities.startswith("\ufeffid;person;date;") and activities.count("\r\n") == 3


@pytest.fixture
def team_db(tmp_path: Path) -> Path:
    """A team database made by the tests' own installed leerlog."""
    db = tmp_path / "team.db"
    env = {**os.environ, "LEERLOG_DB": str(db), "LEERLOG_TODAY": TODAY}
    done = subprocess.run(
        [script(), "add", "werk", "-m", "45", "-p", "joost", "-d", "2026-10-05", "Huisbezoek"],
        env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False,
        timeout=PATIENCE_SECONDS,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return db


def test_monthly_export_takes_leerlog_from_the_leerlog_variable(
    tmp_path: Path, team_db: Path
) -> None:
    home, hr = tmp_path / "leeg", tmp_path / "hr"
    home.mkdir()
    done = as_cron(
        home, EXPORT_SCRIPT, LEERLOG=script(),
        LEERLOG_DB=str(team_db), HR_DIR=str(hr), LEERLOG_TODAY=TODAY,
    )  # fmt: skip
    assert (done.returncode, done.stdout) == (0, ""), done.stderr
    assert done.stderr == f"Wrote 1 row to {hr / 'balance-2026-10.csv'}\n"
    text = (hr / "balance-2026-10.csv").read_bytes().decode("utf-8")
    assert text.startswith(BALANCE_HEAD) and "\r\njoost;;2026-10-01;2026-10-31;1;45;45;" in text


@pytest.mark.parametrize("leerlog", [None, "/nergens/bin/leerlog", "/usr"])
def test_monthly_export_says_in_one_line_that_leerlog_is_missing(
    tmp_path: Path, team_db: Path, leerlog: str | None
) -> None:
    home, hr = tmp_path / "leeg", tmp_path / "hr"
    home.mkdir()
    variables = {"LEERLOG_DB": str(team_db), "HR_DIR": str(hr)}
    if leerlog is not None:
        variables["LEERLOG"] = leerlog
    done = as_cron(home, EXPORT_SCRIPT, **variables)
    where = f" at {leerlog}" if leerlog else ""
    assert (done.returncode, done.stdout, done.stderr) == (127, "", MISSING.format(where=where))
    assert not hr.exists()
