"""Installing completion: --install-completion writes each shell's script where that shell looks
and loads it; --show-completion prints it; the bash script, sourced in a real bash, completes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from installed import PATIENCE_SECONDS, run_script

if TYPE_CHECKING:
    from conftest import Run

SHELLS = ("bash", "zsh", "fish")


@pytest.fixture
def env(subprocess_env: dict[str, str], tmp_path: Path) -> dict[str, str]:
    """A home of its own; shells' own settings from the machine left out."""
    home = tmp_path / "home"
    home.mkdir()
    env = {**subprocess_env, "HOME": str(home)}
    for name in ("ZDOTDIR", "XDG_CONFIG_HOME", "BASH_ENV", "ENV"):
        env.pop(name, None)
    return env


def files_in(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# Where each shell's script goes, the start-up file that loads it, and what the script holds.
PLACES = {
    "bash": (".bash_completions/leerlog.sh", ".bashrc", "_leerlog_completion()"),
    "zsh": (".zfunc/_leerlog", ".zshrc", "_leerlog_completion()"),
    "fish": (".config/fish/completions/leerlog.fish", None, "complete --command leerlog"),
}


@pytest.mark.parametrize("shell", SHELLS)
def test_install_writes_the_script_where_the_shell_in_SHELL_finds_it(
    env: dict[str, str], shell: str
) -> None:
    home = Path(env["HOME"])
    done = run_script({**env, "SHELL": f"/usr/bin/{shell}"}, "--install-completion")
    assert (done.returncode, done.stderr) == (0, ""), done
    script, rc, function = PLACES[shell]
    written = files_in(home)
    assert sorted(written) == sorted(name for name in (script, rc) if name)
    assert function in written[script]
    assert f"_LEERLOG_COMPLETE=complete_{shell}" in written[script]
    shown = run_script(env, "--show-completion", shell)
    assert written[script] == shown.stdout  # the same script --show-completion prints
    assert f"Installed {shell} completion in {home / script}." in done.stdout
    if shell == "bash":
        assert written[rc] == f"source {home / script}\n"
    if shell == "zsh":  # the folder on zsh's function path, then completion started
        assert written[rc] == "fpath+=~/.zfunc; autoload -Uz compinit; compinit\n"
        assert written[script].startswith("#compdef leerlog\n")
        assert "compdef _leerlog_completion leerlog" in written[script]
    if shell == "fish":
        assert "_TYPER_COMPLETE_ARGS=(commandline -cp) leerlog" in written[script]


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_install_again_keeps_the_start_up_file_as_it_was_and_adds_one_line(
    env: dict[str, str], shell: str
) -> None:
    home = Path(env["HOME"])
    _script, rc, _function = PLACES[shell]
    assert rc is not None
    (home / rc).write_text("alias ll='ls -l'", encoding="utf-8")  # no newline at the end
    for _ in range(2):
        done = run_script(env, "--install-completion", shell)
        assert (done.returncode, done.stderr) == (0, ""), done
    lines = (home / rc).read_text(encoding="utf-8").splitlines()
    assert lines[0] == "alias ll='ls -l'" and len(lines) == 2
    assert "loads it" not in done.stdout  # the second time: the line was there already


def test_install_names_the_shell_on_the_command_line_over_SHELL(env: dict[str, str]) -> None:
    home = Path(env["HOME"])
    done = run_script({**env, "SHELL": "/bin/bash"}, "--install-completion", "fish")
    assert done.returncode == 0, done.stderr
    assert sorted(files_in(home)) == [PLACES["fish"][0]]
    # fish looks in its config folder, which XDG_CONFIG_HOME moves.
    moved = Path(env["HOME"]) / "config"
    done = run_script({**env, "XDG_CONFIG_HOME": str(moved)}, "--install-completion", "fish")
    assert done.returncode == 0, done.stderr
    assert (moved / "fish" / "completions" / "leerlog.fish").is_file()


@pytest.mark.parametrize("shell", SHELLS)
def test_show_completion_prints_the_script_for_the_shell_named(
    env: dict[str, str], shell: str
) -> None:
    done = run_script({**env, "SHELL": "/bin/sh"}, "--show-completion", shell)
    assert (done.returncode, done.stderr) == (0, "")
    assert PLACES[shell][2] in done.stdout
    assert f"_LEERLOG_COMPLETE=complete_{shell}" in done.stdout
    assert files_in(Path(env["HOME"])) == {}
    # Without a name: the shell in SHELL.
    assert run_script({**env, "SHELL": f"/bin/{shell}"}, "--show-completion").stdout == done.stdout


@pytest.mark.parametrize("option", ["--install-completion", "--show-completion"])
def test_a_shell_without_completion_is_a_usage_error(env: dict[str, str], option: str) -> None:
    done = run_script(env, option, "tcsh")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "Error: completion is there for bash, zsh and fish, not for 'tcsh'\n"
        "Hint: name it after the option, e.g. 'leerlog --install-completion zsh'\n"
    )
    assert files_in(Path(env["HOME"])) == {}


def test_install_that_cannot_write_says_so(env: dict[str, str]) -> None:
    home = Path(env["HOME"])
    (home / ".bash_completions").write_text("a file where the folder goes", encoding="utf-8")
    done = run_script(env, "--install-completion", "bash")
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith("Error: cannot write ") and "Traceback" not in done.stderr
    assert not (home / ".bashrc").exists()


def test_the_dutch_install_speaks_dutch(env: dict[str, str]) -> None:
    done = run_script({**env, "LEERLOG_LANG": "nl"}, "--install-completion", "zsh")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Tab-aanvulling voor zsh geïnstalleerd in ")
    assert "Ze werkt in terminals die je vanaf nu opent." in done.stdout


def bash_complete(env: dict[str, str], script: Path, *words: str) -> list[str]:
    """Source SCRIPT in a real bash, set the words as bash does at a Tab, call the function."""
    typed = " ".join(f"'{word}'" for word in ("leerlog", *words))
    program = (
        f"source '{script}'\n"
        f"COMP_WORDS=({typed}); COMP_CWORD={len(words)}\n"
        "_leerlog_completion leerlog\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    path = f"{Path(sys.executable).parent}:{env.get('PATH', '')}"
    done = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", program],
        env={**env, "PATH": path},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=PATIENCE_SECONDS,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, ""), done
    return [line for line in done.stdout.splitlines() if line]


def test_the_installed_bash_script_completes_in_bash(env: dict[str, str], run: Run) -> None:
    assert run_script(env, "--install-completion", "bash").returncode == 0
    script = Path(env["HOME"]) / ".bash_completions" / "leerlog.sh"
    assert run("people", "set", "joost", "--team", "Team Noord").exit_code == 0
    assert run("add", "werk", "Huisbezoek", "-m", "45", "--person", "johan").exit_code == 0
    assert bash_complete(env, script, "add", "int") == ["intervisie"]
    assert bash_complete(env, script, "add", "--person", "jo") == ["johan", "joost"]
    assert bash_complete(env, script, "report", "--period", "vorige-") == [
        "vorige-week", "vorige-maand",
    ]  # fmt: skip
    # A team with a space comes back as one word for bash's command line.
    assert bash_complete(env, script, "list", "--team", "") == ["Team\\ Noord"]
    assert bash_complete(env, script, "ex") == ["export"]
