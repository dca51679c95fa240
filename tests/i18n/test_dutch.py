"""leerlog in Dutch, as a person sees it: help, add, report, errors, types; data stays the same."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

PO = Path(__file__).parents[2] / "src" / "leerlog" / "locale" / "nl" / "LC_MESSAGES" / "leerlog.po"
LEERLOG = str(Path(sys.executable).parent / "leerlog")
WORD = re.compile(r"[A-Za-z]{3,}")


def leerlog(*args: str, lang: str = "nl", **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "LEERLOG_LANG": lang, **env}
    return subprocess.run(
        [LEERLOG, *args], env=environment, stdin=subprocess.DEVNULL, capture_output=True, text=True
    )


def english_sentences() -> list[str]:
    """Lines of the catalogue's English messages that read differently in Dutch: if one of them
    shows up in Dutch output, a message was not translated."""
    with PO.open("rb") as handle:
        catalogue = read_po(handle)
    sentences: set[str] = set()
    for entry in catalogue:
        if not entry.id or not entry.string:
            continue
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        for english in ids:
            for line in english.splitlines():
                line = re.sub(r"\{\w*\}", "", line).strip()
                words = WORD.findall(line)
                if len(words) >= 3 and not any(line in text for text in strings):
                    sentences.add(line)
    return sorted(sentences)


@pytest.fixture(scope="module")
def sentences() -> list[str]:
    found = english_sentences()
    assert len(found) > 100
    return found


@pytest.fixture
def logged(isolated: Path) -> None:
    for args in (
        ("add", "intervisie", "Casus over schuldhulp", "-m", "1u30"),
        ("add", "werk", "Eerste huisbezoek", "-m", "2u", "-d", "gisteren", "-t", "huisbezoek"),
        ("add", "e-learning", "Module Participatiewet", "-m", "45", "-d", "2026-10-12"),
        ("people", "set", "anna", "--team", "Team Noord"),
    ):
        assert leerlog(*args).returncode == 0


def assert_dutch(text: str, sentences: list[str]) -> None:
    leaked = [sentence for sentence in sentences if sentence in text]
    assert leaked == [], f"English in Dutch output: {leaked}"


@pytest.mark.parametrize(
    "args",
    [
        ("--help",),
        ("add", "--help"),
        ("report", "--help"),
        ("types", "--help"),
        ("export", "balance", "--help"),
    ],
    ids=lambda args: " ".join(args),
)
def test_help_is_dutch(args: tuple[str, ...], sentences: list[str]) -> None:
    result = leerlog(*args)
    assert result.returncode == 0
    assert "Gebruik:" in result.stdout and "Voorbeeld" in result.stdout
    assert "Usage:" not in result.stdout and "Show this message" not in result.stdout
    assert_dutch(result.stdout, sentences)


def test_add_and_report_are_dutch(logged: None, sentences: list[str]) -> None:
    added = leerlog("add", "coaching", "Gesprek over grenzen", "-m", "45")
    assert added.returncode == 0 and "toegevoegd" in added.stdout
    report = leerlog("report", "--monthly")
    assert report.returncode == 0
    assert "ervaring (70)" in report.stdout and "sociaal (20)" in report.stdout
    assert "formeel (10)" in report.stdout
    assert "oktober 2026" in report.stdout and "november 2026" in report.stdout
    assert re.search(r"\d+,\d", report.stdout), "Dutch numbers have a decimal comma"
    assert_dutch(report.stdout, sentences)


def test_types_are_dutch(sentences: list[str]) -> None:
    result = leerlog("types")
    assert result.returncode == 0
    assert "casuïstiekoverleg" in result.stdout and "meelopen met een collega" in result.stdout
    assert_dutch(result.stdout, sentences)


@pytest.mark.parametrize(
    "args",
    [
        ("add", "intervisie", "x", "-m", "0"),
        ("add", "intervisie", "x"),
        ("report", "--period", "2026-13"),
        ("list", "--bogus"),
        ("edit", "zzz", "-m", "5"),
    ],
    ids=lambda args: " ".join(args),
)
def test_errors_are_dutch(args: tuple[str, ...], logged: None, sentences: list[str]) -> None:
    result = leerlog(*args)
    assert result.returncode in (1, 2)
    assert result.stderr.startswith("Fout: ")
    assert "Traceback" not in result.stderr
    assert_dutch(result.stderr, sentences)


@pytest.mark.parametrize(
    "args",
    [
        ("export", "balance"),
        ("export", "balance", "--excel"),
        ("export", "balance", "--format", "json"),
        ("export", "activities"),
        ("export", "activities", "--format", "json"),
        ("export", "activities", "--excel"),
        ("report", "--format", "csv"),
        ("report", "--format", "json", "--monthly"),
        ("list", "--format", "csv"),
    ],
    ids=lambda args: " ".join(args),
)
def test_machine_output_is_the_same_in_both_languages(args: tuple[str, ...], logged: None) -> None:
    dutch, english = leerlog(*args, lang="nl"), leerlog(*args, lang="en")
    assert dutch.returncode == english.returncode == 0
    assert dutch.stdout.encode() == english.stdout.encode()


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"LEERLOG_LANG": "nl", "LC_ALL": "en_US.UTF-8"}, ("nl", "LEERLOG_LANG")),
        ({"LEERLOG_LANG": "en", "LANG": "nl_NL.UTF-8"}, ("en", "LEERLOG_LANG")),
        ({"LC_ALL": "nl_NL.UTF-8"}, ("nl", "LC_ALL")),
        ({"LC_MESSAGES": "nl_BE.UTF-8"}, ("nl", "LC_MESSAGES")),
        ({"LANG": "nl_NL.UTF-8"}, ("nl", "LANG")),
        ({"LANG": "en_GB.UTF-8"}, ("en", "LANG")),
        ({}, ("en", "default")),
    ],
)
def test_language_choice(env: dict[str, str], expected: tuple[str, str], isolated: Path) -> None:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in ("LEERLOG_LANG", "LC_ALL", "LC_MESSAGES", "LANG")
    }
    result = subprocess.run(
        [LEERLOG, "config"],
        env={**base, **env},
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr
    line = next(line for line in result.stdout.splitlines() if line.startswith("lang "))
    assert line.split()[1] == expected[0]
    assert line.endswith(f"({expected[1]})") or expected[1] in line


def test_config_lang_is_used_and_the_environment_wins(isolated: Path) -> None:
    Path(os.environ["LEERLOG_CONFIG"]).write_text('lang = "nl"\n')
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in ("LEERLOG_LANG", "LC_ALL", "LC_MESSAGES", "LANG")
    }
    run = lambda **env: subprocess.run(  # noqa: E731
        [LEERLOG, "--help"],
        env={**base, **env},
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert "Gebruik:" in run().stdout
    assert "Usage:" in run(LEERLOG_LANG="en").stdout


@pytest.mark.parametrize("bad", [("LEERLOG_LANG", "fr"), ("config", 'lang = "de"')])
def test_an_unknown_language_is_a_usage_error(bad: tuple[str, str], isolated: Path) -> None:
    name, value = bad
    env = {k: v for k, v in os.environ.items() if k != "LEERLOG_LANG"}
    if name == "config":
        Path(os.environ["LEERLOG_CONFIG"]).write_text(value + "\n")
    else:
        env[name] = value
    result = subprocess.run(
        [LEERLOG, "list"], env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "lang" in result.stderr.lower()
