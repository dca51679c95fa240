"""Every text a person reads in the Dutch interface is Dutch, and help columns line up.

Each run is the installed script in its own process, as a person or cron would start it, in an
isolated environment; the framework's words (click, typer, pydantic) count as English as much as
leerlog's own messages do.
"""

from __future__ import annotations

import os
import pty
import re
import select
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from installed import PATIENCE_SECONDS, run_script, script
from leerlog.domain.categories import BUILTIN_TYPES, CATEGORY_ALIASES

PO = Path(__file__).parents[2] / "src" / "leerlog" / "locale" / "nl" / "LC_MESSAGES" / "leerlog.po"
WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")

# What the framework writes by itself: none of it is in leerlog's catalogue.
FRAMEWORK = {
    "usage", "options", "commands", "arguments", "show", "message", "exit", "default", "required",
    "input", "should", "greater", "less", "equal", "than", "value", "error", "such", "option",
    "possible", "did", "you", "mean", "invalid", "valid", "integer", "range", "missing",
    "requires", "got", "unexpected", "str", "int", "float", "list", "text", "name", "date",
    "path", "file", "period", "dynamic", "env", "var", "choose", "from", "not", "one", "parse",
    "string", "unable", "number",
}  # fmt: skip
# Words people type or read as they are in both languages: option values, category and type keys.
ALLOWED = {
    "table", "csv", "json", "jsonl", "xapi", "minutes", "count", "experiential", "social",
    "formal", "id", "leerlog", "team", "type", "tag", "coach", "workshop", "feedback", "coaching",
    "e", "s", "f", "n", "x", "utf", "lrs", "hr", "noord", "anna", "bob", "sqlite",
    # command names, in usage lines and the commands block
    "add", "list", "show", "edit", "delete", "undo", "report", "import", "sync", "config", "backup",
    "export", "types", "people", "set", "forget", "balance", "activities", "session", "sheet",
    *BUILTIN_TYPES, *CATEGORY_ALIASES,
}  # fmt: skip


def _words(text: str) -> set[str]:
    return {word.lower() for word in WORD.findall(re.sub(r"\{\w*\}", " ", text))}


def english_words() -> set[str]:
    """Words of leerlog's English messages that no Dutch message uses, and the framework's."""
    with PO.open("rb") as handle:
        catalogue = read_po(handle)
    english: set[str] = set()
    dutch: set[str] = set()
    for entry in catalogue:
        if not entry.id or not entry.string:
            continue
        for text in entry.id if isinstance(entry.id, tuple) else (entry.id,):
            english |= _words(text)
        for text in entry.string if isinstance(entry.string, tuple) else (entry.string,):
            dutch |= _words(text)
    return ((english - dutch) | FRAMEWORK) - ALLOWED


def english_in(text: str, vocabulary: set[str]) -> list[str]:
    """English words in what a person reads. Example command lines, option names, quoted values
    and choices are what people type, the same in both languages, so they are left out."""
    found = []
    for line in text.splitlines():
        if line.strip().startswith("leerlog "):
            continue
        line = re.sub(
            r"\b[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}\b", " ", line
        )  # ids ("29be…")
        line = re.sub(r"\b[0-9a-f]{8}\b", " ", line)  # short ids in tables
        line = re.sub(r"'[^']*'", " ", line)  # quoted values, names, commands
        line = re.sub(r"\{\w*\}", " ", line)  # {date} and {period} in file names
        line = re.sub(r"\S*/\S*", " ", line)  # paths
        line = re.sub(r"\[[\w|-]+\]", " ", line)  # choices: [table|csv]
        line = re.sub(r"(?<![\w-])--?[\w-]+", " ", line)  # option names
        line = re.sub(r"\b[A-Z]+(?:_[A-Z]+)+\b", " ", line)  # LEERLOG_DB and the like
        for word in WORD.findall(line):
            if "-" not in word and word.lower().strip("'") in vocabulary:
                found.append(word)
    return found


def misaligned(help_text: str) -> list[str]:
    """Rows of an options, arguments or commands block whose description does not start in the
    block's column (continuation lines of a wrapped description included)."""
    problems: list[str] = []
    starts: list[tuple[int, str]] = []
    in_block = False
    pending = False  # a name too long for the column: its description starts on the next line
    for line in [*help_text.splitlines(), ""]:
        if re.fullmatch(r"[^\s].*:", line):
            in_block, starts, pending = True, [], False
            continue
        if not in_block:
            continue
        if not line.strip():
            if len({start for start, _row in starts}) > 1:
                problems += [row for _start, row in starts]
            in_block = False
            continue
        indent = len(line) - len(line.lstrip())
        if indent == 2 and not pending:
            gap = re.search(r"\S {2,}(\S)", line)
            if gap:
                starts.append((gap.start(1), line))
            else:
                pending = True
        else:
            starts.append((indent, line))
            pending = False
    return problems


def test_the_checks_can_fail() -> None:
    """The Dutch help as it was: placeholders replaced after layout, and English left over."""
    before = (
        "Argumenten:\n"
        "  WAT <tekst>          Een type (intervisie, coaching, workshop, ...) of een\n"
        "                     categorie (werk/70, sociaal/20, formeel/10).\n"
        "  TITEL <tekst>  Waar het over ging.\n"
        "\n"
        "Opties:\n"
        "  -p, --person NAME       Van wie de activiteiten zijn (standaard: van jou).\n"
        "  -q, --quiet             Toon alleen het nieuwe id.\n"
    )
    assert len(misaligned(before)) == 3
    vocabulary = english_words()
    assert english_in(before, vocabulary) == ["NAME"]
    assert english_in("Fout: Input should be greater than or equal to 1", vocabulary)
    assert english_in("Fout: Onbekende opdracht: exprt; bedoel je 'export'?", vocabulary) == []


@pytest.fixture(scope="module")
def vocabulary() -> set[str]:
    words = english_words()
    assert {"usage", "learning", "should", "name", "str"} <= words
    return words


def _env(home: Path) -> dict[str, str]:
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "LEERLOG_DB": str(home / "data" / "leerlog.db"),
        "LEERLOG_CONFIG": str(home / "config.toml"),
        "LEERLOG_TODAY": "2026-11-27",
        "LEERLOG_PERSON": "anna",
        "LEERLOG_LANG": "nl",
        "NO_COLOR": "1",
        "COLUMNS": "100",
        "XDG_DATA_HOME": str(home / "xdg-data"),
        "XDG_CONFIG_HOME": str(home / "xdg-config"),
    }


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A log of anna and bob, made once; each test works on its own copy."""
    home = tmp_path_factory.mktemp("seeded")
    env = _env(home)
    added = run_script(env, "add", "intervisie", "Casus over schuldhulp", "-m", "1u30", "-q")
    assert added.returncode == 0, added.stderr
    for args in (
        ("add", "werk", "Eerste huisbezoek", "-m", "2u", "-d", "gisteren"),
        ("add", "e-learning", "Module Participatiewet", "-m", "45", "-d", "2026-10-12"),
        ("--person", "bob", "add", "coaching", "Gesprek", "-m", "30"),
        ("people", "set", "anna", "--team", "Team Noord"),
        ("people", "set", "bob", "--team", "Team Noord"),
    ):
        assert run_script(env, *args).returncode == 0
    return home / "data" / "leerlog.db", added.stdout.strip()


@pytest.fixture
def dutch(seeded: tuple[Path, str], tmp_path: Path):  # type: ignore[no-untyped-def]
    database, activity = seeded
    (tmp_path / "data").mkdir()
    shutil.copy(database, tmp_path / "data" / "leerlog.db")
    env = _env(tmp_path)

    def run(*args: str):  # type: ignore[no-untyped-def]
        args = tuple(
            arg.replace("{id}", activity[:8]).replace("{tmp}", str(tmp_path)) for arg in args
        )
        return run_script(env, *args)

    return run


HELP = [
    (), ("add",), ("list",), ("show",), ("edit",), ("delete",), ("undo",), ("report",), ("import",),
    ("sync",), ("config",), ("backup",), ("export",), ("export", "balance"),
    ("export", "activities"), ("types",), ("types", "add"), ("people",), ("people", "set"),
    ("people", "list"), ("people", "forget"), ("session",), ("session", "add"), ("session", "list"),
    ("session", "show"), ("session", "delete"), ("session", "sheet"),
]  # fmt: skip


@pytest.mark.parametrize("path", HELP, ids=lambda path: " ".join(path) or "leerlog")
def test_help_is_dutch_and_lines_up(dutch, path: tuple[str, ...], vocabulary: set[str]) -> None:  # type: ignore[no-untyped-def]
    result = dutch(*path, "--help")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.startswith("Gebruik: leerlog") and "Opties:" in text
    assert "Toon deze hulp en stop." in text
    assert english_in(text, vocabulary) == [], text
    assert misaligned(text) == [], text
    assert not re.search(r"<\w|\[standaard: \(|<=x<=", text), text


@pytest.mark.parametrize("path", HELP, ids=lambda path: " ".join(path) or "leerlog")
def test_english_help_has_word_placeholders_and_lines_up(
    tmp_path: Path, path: tuple[str, ...]
) -> None:
    result = run_script({**_env(tmp_path), "LEERLOG_LANG": "en"}, *path, "--help")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.startswith("Usage: leerlog") and "Show this message and exit." in text
    assert misaligned(text) == [], text
    assert not re.search(r"<\w|\[default: \(|<=x<=", text), text


def test_placeholders_are_words(tmp_path: Path) -> None:
    # Wrapped descriptions are joined again: only the words count here.
    english = " ".join(
        run_script({**_env(tmp_path), "LEERLOG_LANG": "en"}, "list", "--help").stdout.split()
    )
    dutch = " ".join(run_script(_env(tmp_path), "list", "--help").stdout.split())
    for words in ("--person NAME", "--since DATE", "--limit N", "[default: 20; 1 to 1000000000]"):
        assert words in english, english
    for words in ("--person NAAM", "--since DATUM", "--limit AANTAL", "1 tot en met 1000000000]"):
        assert words in dutch, dutch
    english = " ".join(
        run_script({**_env(tmp_path), "LEERLOG_LANG": "en"}, "add", "--help").stdout.split()
    )
    assert "TITLE... What it was about." in english and "[default: today]" in english
    assert "-r, --reflection TEXT" in english and "-t, --tag TAG" in english


# (arguments, exit code, what the Dutch message must say)
RUNS = [
    # usage errors, each kind
    (("list", "--tga"), 2, ["Onbekende optie: --tga", "bedoel je", "--tag"]),
    (("exprt",), 2, ["Onbekende opdracht: exprt", "bedoel je 'export'"]),
    (("people", "frget"), 2, ["Onbekende opdracht: frget", "bedoel je 'forget'"]),
    (("add", "--bogus"), 2, ["Onbekende optie: --bogus"]),
    (("edit",), 2, ["Argument ID ontbreekt"]),
    (("types", "add"), 2, ["Argument SLEUTEL ontbreekt"]),
    (("people", "set", "anna"), 2, ["Optie --team ontbreekt"]),
    (("types", "add", "huisbezoek"), 2, ["Optie --category / -c ontbreekt"]),
    (("list", "--limit"), 2, ["Optie --limit heeft een waarde nodig"]),
    (("report", "--person"), 2, ["Optie --person heeft een waarde nodig", "report --help"]),
    (("register", "set", "skj-jeugdzorgwerker", "--start"), 2, ["'leerlog register set --help'"]),
    (("list", "--format", "xml"), 2, ["'xml' is geen van deze keuzes: table, csv, json, jsonl"]),
    (("report", "--by", "uren"), 2, ["'uren' is geen van deze keuzes: minutes, count"]),
    (("list", "--limit", "abc"), 2, ["'abc' is geen geheel getal"]),
    (("list", "--limit", "0"), 2, ["moet minstens 1 zijn, niet 0"]),
    (("sync", "--batch", "6000"), 2, ["mag hoogstens 5000 zijn, niet 6000"]),
    (("list", "extra"), 2, ["Onverwachte extra argumenten: extra"]),
    (("undo", "nu"), 2, ["Onverwachte extra argumenten: nu"]),
    (("list", "--all", "--team", "Team Noord"), 2, ["gaan niet samen"]),
    # validation of what people type
    (("add", "intervisie", "x", "-m", "0"), 2, ["tussen 1 en 1440"]),
    (("add", "intervisie", "x", "-m", "45", "-d", "2026-12-31"), 2, ["meer dan één dag vooruit"]),
    (("add", "intervsie", "x", "-m", "45"), 2, ["bedoel je 'intervisie'"]),
    (("add", "intervisie", "x", "-m", "veel"), 2, ["Tip: geef de netto leertijd"]),
    (("list", "--type", "intervsie"), 2, ["bedoel je 'intervisie'"]),
    (("report", "--period", "2026-13"), 2, ["Fout: "]),
    # prompts and confirmations without a terminal, and the messages around them
    (("add",), 2, ["ontbreekt", "Tip: "]),
    (("add", "intervisie"), 2, ["ontbreekt"]),
    (("delete", "{id}"), 2, ["bevestigen", "--yes"]),
    (("people", "forget", "anna"), 2, ["wissen vraagt om een bevestiging", "--yes"]),
    (("people", "forget", "nobody", "--yes"), 1, ["Fout: "]),
    (("edit", "zzz", "-m", "5"), 1, ["Fout: "]),
    (("edit", "{id}"), 2, ["niets te wijzigen"]),
    (("show", "zzz"), 1, ["geen activiteit met id 'zzz'"]),
    (("import", "ontbreekt.csv"), 1, ["het bestand of de map bestaat niet"]),
    # group sessions
    (("session", "add", "intervisie", "x", "-m", "45", "--present", ""), 2, ["noemt niemand"]),
    (("session", "add", "intervisie", "x", "-m", "45", "--present", "a,,b"), 2, ["lege naam"]),
    (
        ("session", "add", "intervisie", "x", "-m", "45", "--present", "a", "--at", "25:00"),
        2,
        ["geen tijd: '25:00'", "UU:MM"],
    ),
    (("session", "add", "intervisie", "x", "--present", "a"), 2, ["ontbreekt"]),
    (("session", "show", "zzzz"), 1, ["geen sessie met id 'zzzz'"]),
    (("session", "delete", "zzzz", "--yes"), 1, ["geen sessie met id"]),
    (("session", "sheet", "zzzz", "-o", "{tmp}/lijst.txt"), 2, ["geen .pdf- of .csv-bestand"]),
]
# Runs that succeed: what stdout (and stderr) must say.
DONE = [
    (("add", "coaching", "Gesprek over grenzen", "-m", "45"), ["toegevoegd"]),
    (("people", "forget", "bob", "--yes"), ["1 activiteit,", "en 1 persoonsregel verwijderd"]),
    (("people", "set", "carla", "--team", "Team Zuid"), ["carla: Team Zuid"]),
    (("people", "set", "dirk", "--team", "Noord"), ["dirk: team Noord"]),
    (("report", "--team", "Team Noord"), ["Leerbalans van Team Noord", "van het team"]),
    (("report", "--all"), ["Leerbalans van iedereen", "van ieders leertijd"]),
    (("report", "--by", "count"), ["in aantal activiteiten", "van de activiteiten zou"]),
    (("report", "--monthly"), ["oktober 2026", "van je leertijd"]),
    (("list",), ["Casus over schuldhulp"]),
    (("show", "{id}"), ["Titel", "Casus over schuldhulp", "Geschiedenis", "toegevoegd"]),
    (("types",), ["casuïstiekoverleg"]),
    (("people", "list"), ["Team Noord"]),
    (("config",), ["LEERLOG_TODAY"]),
    (("undo",), ["ongedaan"]),
    (("delete", "{id}", "--yes"), ["verwijderd"]),
    (("export", "balance", "--output", "{tmp}/hr/balans-{period}.csv"), ["rijen geschreven naar"]),
    (
        ("session", "add", "intervisie", "Casus", "-m", "1u", "--present", "anna,bob,kees"),
        ["sessie:", "3 aanwezig", "let op: 'kees' is nieuw in dit logboek"],
    ),
    (("session", "list"), ["Geen sessies gevonden."]),
]


@pytest.mark.parametrize(
    ("args", "code", "expected"), RUNS, ids=[" ".join(args) for args, _c, _e in RUNS]
)
def test_problems_are_dutch(dutch, args, code: int, expected: list[str], vocabulary) -> None:  # type: ignore[no-untyped-def]
    result = dutch(*args)
    assert result.returncode == code, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0].startswith("Fout: ") and "Traceback" not in result.stderr
    assert all(line.startswith(("Fout: ", "Tip: ")) for line in lines), result.stderr
    for words in expected:
        assert words in result.stderr, result.stderr
    assert english_in(result.stderr, vocabulary) == [], result.stderr


@pytest.mark.parametrize(("args", "expected"), DONE, ids=[" ".join(args) for args, _e in DONE])
def test_messages_are_dutch(dutch, args, expected: list[str], vocabulary) -> None:  # type: ignore[no-untyped-def]
    result = dutch(*args)
    assert result.returncode == 0, result.stderr
    text = result.stdout + result.stderr
    for words in expected:
        assert words in text, text
    assert "team Team" not in text and "Fout" not in text
    assert english_in(text, vocabulary) == [], text


def at_a_terminal(env: dict[str, str], answers: str, *args: str) -> tuple[str, str]:
    """Run leerlog with a terminal for its questions; (stdout, what the terminal showed)."""
    main, side = pty.openpty()
    process = subprocess.Popen(
        [script(), *args], stdin=side, stderr=side, stdout=subprocess.PIPE, env=env, text=True
    )
    os.close(side)
    os.write(main, answers.encode())
    stdout = process.communicate(timeout=PATIENCE_SECONDS)[0]
    shown = b""
    while select.select([main], [], [], 0)[0]:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal's other side is closed and nothing is left
            break
        if not chunk:
            break
        shown += chunk
    os.close(main)
    return stdout, shown.decode().replace("\r\n", "\n")


def test_questions_at_a_terminal_are_dutch(tmp_path: Path, vocabulary: set[str]) -> None:
    env = _env(tmp_path)
    stdout, shown = at_a_terminal(env, "intervisie\nCasus over grenzen\n45\n", "add")
    assert "toegevoegd" in stdout
    for question in ("Wat voor soort leren (een type of een categorie):", "Titel:", "Minuten:"):
        assert question in shown
    stdout, shown = at_a_terminal(env, "misschien\nnee\n", "people", "forget", "anna")
    assert stdout.strip() == ""
    assert "anna met 1 activiteit definitief wissen? [j/N] " in shown
    assert "antwoord j (ja) of n (nee)" in shown and "Er is niets gewist." in shown
    assert english_in(shown, vocabulary) == [], shown
    stdout, shown = at_a_terminal(env, "ja\n", "people", "forget", "anna")
    assert "anna gewist: 1 activiteit, 1 regel uit de wijzigingsgeschiedenis" in stdout


def test_there_are_enough_runs() -> None:
    assert len(HELP) + len(RUNS) + len(DONE) >= 40
    kinds = {args[:2] for args, _c, _e in RUNS}
    assert {("list", "--tga"), ("exprt",), ("list", "--limit")} <= kinds
