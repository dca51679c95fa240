"""The timer commands in the Dutch interface: help, answers and problems, all in Dutch.

Each run is the installed script in its own process, with LEERLOG_LANG=nl and the clock fixed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_dutch_everywhere import _env, english_in, english_words, misaligned

from installed import run_script

START = "2026-11-27T09:30"


@pytest.fixture(scope="module")
def vocabulary() -> set[str]:
    return english_words()


def dutch(home: Path, now: str, *args: str):  # type: ignore[no-untyped-def]
    env = {**_env(home), "LEERLOG_NOW": now}
    del env["LEERLOG_TODAY"]  # today follows LEERLOG_NOW
    return run_script(env, *args)


@pytest.mark.parametrize("command", ["start", "stop", "status", "cancel"])
def test_help_is_dutch_and_lines_up(tmp_path: Path, command: str, vocabulary: set[str]) -> None:
    result = dutch(tmp_path, START, command, "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Gebruik: leerlog {command}") and "Voorbeeld:" in result.stdout
    assert english_in(result.stdout, vocabulary) == [], result.stdout
    assert misaligned(result.stdout) == [], result.stdout


def test_a_day_with_a_timer_reads_in_dutch(tmp_path: Path, vocabulary: set[str]) -> None:
    said = []

    def ok(now: str, *args: str) -> str:
        result = dutch(tmp_path, now, *args)
        assert result.returncode == 0, result.stderr
        said.append(result.stdout + result.stderr)
        return result.stdout

    assert ok(START, "start", "intervisie", "Casus over schuldhulp") == (
        "timer gestart om 09:30: sociaal (20)/intervisie: Casus over schuldhulp\n"
    )
    assert ok("2026-11-27T10:15", "status") == (
        "sociaal (20)/intervisie: Casus over schuldhulp (sinds 09:30, 45m)\n"
    )
    stopped = ok("2026-11-27T10:15", "stop")
    assert stopped.endswith(
        "  toegevoegd: 2026-11-27 45m sociaal (20)/intervisie: Casus over schuldhulp\n"
    )
    ok("2026-11-27T11:00", "start", "werk", "Huisbezoek")
    lines = ok("2026-11-27T11:30", "start", "--stop", "lezen", "Vakliteratuur").splitlines()
    assert lines[0].endswith("  toegevoegd: 2026-11-27 30m ervaring (70): Huisbezoek")
    assert lines[1] == "timer gestart om 11:30: formeel (10)/reading: Vakliteratuur"
    assert ok("2026-11-27T11:40", "cancel") == (
        "timer geannuleerd, er is niets vastgelegd: formeel (10)/reading: Vakliteratuur (sinds 11:30, 10m)\n"
    )
    none = dutch(tmp_path, "2026-11-27T11:40", "status")
    assert (none.returncode, none.stdout, none.stderr) == (
        1,
        "",
        "Er loopt geen timer voor anna.\n",
    )
    for text in said:
        assert english_in(text, vocabulary) == [], text


# (arguments, when, exit code, what the Dutch message must say)
PROBLEMS = [
    (("start", "werk", "Dubbel"), "2026-11-27T09:40", 1, ["er loopt al een timer voor anna", "Tip: stop hem eerst"]),
    (("stop", "-p", "bob"), START, 1, ["er loopt geen timer voor bob", "'leerlog start WAT TITEL'"]),
    (("cancel", "-p", "bob"), START, 1, ["er loopt geen timer voor bob"]),
    (("stop", "--at", "25:00"), START, 2, ["geen tijdstip: '25:00'", "geef hem als UU:MM"]),
    (("stop", "--at", "9:00"), START, 2, ["--at 9:00 is vóór de start van de timer (09:30)"]),
    (("stop", "--at", "9:45"), START, 2, ["--at 9:45 is later dan nu (09:30)"]),
    (("start", "-p", "bob", "werk", "x", "--at", "10:00"), START, 2, ["later dan nu", "'leerlog add'"]),
    (("start", "-p", "bob", "intervsie", "x"), START, 2, ["bedoel je 'intervisie'"]),
    (("start", "-p", "bob", "werk"), START, 2, ["ontbreekt"]),
    (("stop",), "2026-11-28T10:00", 1, ["loopt al 24h30 sinds 2026-11-27 09:30", "hij blijft lopen"]),
    (("status",), "straks", 2, ["LEERLOG_NOW is geen datum met tijd: 'straks'", "JJJJ-MM-DDTUU:MM"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "now", "code", "expected"), PROBLEMS, ids=[" ".join(p[0]) for p in PROBLEMS]
)
def test_problems_are_dutch(
    tmp_path: Path,
    args: tuple[str, ...],
    now: str,
    code: int,
    expected: list[str],
    vocabulary: set[str],
) -> None:
    started = dutch(tmp_path, START, "start", "intervisie", "Casus over schuldhulp")
    assert started.returncode == 0, started.stderr
    result = dutch(tmp_path, now, *args)
    assert result.returncode == code, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0].startswith("Fout: ") and all(
        line.startswith(("Fout: ", "Tip: ")) for line in lines
    )
    for words in expected:
        assert words in result.stderr, result.stderr
    assert english_in(result.stderr, vocabulary) == [], result.stderr
