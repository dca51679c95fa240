"""Tables in a narrow pane: at 80 and 60 columns nothing that must stay whole is cut or wrapped.

Every command runs twice: piped with COLUMNS, and on a real terminal of that width (no COLUMNS).
The numbers it must show come from the same command's JSON.
"""

from __future__ import annotations

import json
import os
import re
from typing import TYPE_CHECKING, Any

import pytest
from ptykit import Terminal, finish
from rich.cells import cell_len

from installed import run_script

if TYPE_CHECKING:
    from conftest import Run

TEAM = "Team Noord-Oost Participatie"
PERIOD = "2026-Q4"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
URL = re.compile(r"  https://\S+$")
LABELS = {
    "en": {"experiential": "experiential", "social": "social", "formal": "formal"},
    "nl": {"experiential": "ervaring (70)", "social": "sociaal (20)", "formal": "formeel (10)"},
}
MONTHS = {"en": ("October", "November", "December"), "nl": ("oktober", "november", "december")}
CATEGORIES = ("experiential", "social", "formal")

# (person, team, WHAT, title, minutes, date, tags): a team's quarter, as people write it.
ACTIVITIES = [
    ("anna", TEAM, "intervisie",
     "Casus over schuldhulp en de rol van de klantmanager bij een complexe multiproblematiek",
     "1u30", "2026-11-20", ["schuldhulp", "intervisie"]),
    ("anna", TEAM, "werk", "Eerste huisbezoek alleen bij een gezin met vijf kinderen", "2u",
     "2026-10-01", []),
    ("anna", TEAM, "collegiale-consultatie",
     "Overleg met een collega over een klant die niet komt opdagen", "25", "2026-11-25", []),
    ("Fatima El Amrani-Bouzidi", TEAM, "casuistiekoverleg",
     "Casuïstiekoverleg jongeren zonder startkwalificatie", "1h", "2026-11-02", ["jongeren"]),
    ("Maximiliaan van den Heuvel-Oosterbeek", TEAM, "e-learning",
     "Webinar Participatiewet en de nieuwe regels voor de kostendelersnorm", "45",
     "2026-11-26", ["participatiewet", "webinar"]),
    ("Maximiliaan van den Heuvel-Oosterbeek", TEAM, "stretch-assignment",
     "Projectleider pilot 'Iedereen doet mee' in de wijk", "7u", "2026-10-14", []),
    ("Wilhelmina Tjoa-Verschuren", "Team Zuid Schuldhulpverlening en Inkomen", "formeel",
     "Cursus motiverende gespreksvoering, dag 2", "6u", "2026-11-12", ["mgv"]),
]  # fmt: skip

COMMANDS = {
    "report": ["report", "--period", PERIOD],
    "team": ["report", "--team", TEAM, "--period", PERIOD],
    "all": ["report", "--all", "--period", PERIOD],
    "count": ["report", "--all", "--by", "count", "--period", PERIOD],
    "monthly": ["report", "--team", TEAM, "--monthly", "--period", PERIOD],
    "list": ["list"],
    "list-all": ["list", "--all"],
    "register": ["register", "status"],
    "types": ["types"],
    "sessions": ["session", "list"],
    "registers": ["register", "list"],
}
# A type of the team's own with a key of 39 characters (at most 40 are allowed).
OWN_TYPE = "samen-huisbezoek-met-wijkteam-jeugdzorg"
# A casuïstiekoverleg of three, led by someone with a long name: (date, type, present).
SESSION = ("2026-11-19", "casuistiekoverleg", 3)


@pytest.fixture
def team_log(run: Run) -> None:
    for person, team, what, title, minutes, date, tags in ACTIVITIES:
        tag_args = [arg for tag in tags for arg in ("-t", tag)]
        result = run("--person", person, "add", what, title, "-m", minutes, "-d", date, *tag_args)
        assert result.exit_code == 0, result.stderr
        assert run("people", "set", person, "--team", team).exit_code == 0
    registered = run(
        "register", "set", "registerplein", "--start", "2025-01-01", "--number", "100046123"
    )
    assert registered.exit_code == 0, registered.stderr
    own = run("types", "add", OWN_TYPE, "--category", "social", "--label", "huisbezoek samen")
    assert own.exit_code == 0, own.stderr
    date, type_, _present = SESSION
    people = ",".join(person for person, *_rest in ACTIVITIES[2:5])
    session = run(
        "session", "add", type_, "Casuïstiekoverleg over jongeren zonder startkwalificatie",
        "-m", "1u30", "-d", date, "--at", "13:30", "--present", people,
        "--leader", "Wilhelmina Tjoa-Verschuren",
    )  # fmt: skip
    assert session.exit_code == 0, session.stderr


def _check_types(lines: list[str], lang: str) -> None:
    """Every key whole at the start of its line, with its category beside it."""
    from leerlog.domain.categories import BUILTIN_TYPES

    text = "\n".join(lines)
    keys = [(item.key, item.category) for item in BUILTIN_TYPES.values()]
    for key, category in [*keys, (OWN_TYPE, "social")]:
        row = [line for line in lines if line.startswith(key + " ")]
        assert len(row) == 1, (key, text)
        assert f" {LABELS[lang][category]}" in row[0], row[0]


def _check_sessions(lines: list[str]) -> None:
    """The session's line: its id, the date and how many were there, whole."""
    date, _type, present = SESSION
    row = [line for line in lines if re.match(rf"[0-9a-f]{{8}}  {date}  ", line)]
    assert len(row) == 1, lines
    assert re.search(rf" {present}  \S", row[0]), row[0]
    assert "…" in row[0], row[0]  # the title gave way, nothing else


def _check_registers(lines: list[str], data: dict[str, Any]) -> None:
    """The registration's period and number whole on the register's line; every register."""
    for key in ("registerplein", "skj-jeugdzorgwerker", "vvn-kwaliteitsregister"):
        assert sum(line.startswith(key + " ") for line in lines) == 1, (key, lines)
    row = next(line for line in lines if line.startswith(data["profile"] + " "))
    period = f"{data['period_start']}..{data['period_end']}"
    assert re.search(rf"  {re.escape(period)}  {data['number']}\s*$", row), row


def _json(command: str) -> Any:
    args = COMMANDS[command] + (["--limit", "1000"] if command.startswith("list") else [])
    result = run_script(dict(os.environ), *args, "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _shown(spawn: Terminal, command: str, columns: int, lang: str, piped: bool) -> list[str]:
    if piped:
        env = dict(os.environ, COLUMNS=str(columns), LEERLOG_LANG=lang)
        result = run_script(env, *COMMANDS[command])
        assert result.returncode == 0, result.stderr
        lines = result.stdout.split("\n")
        assert lines[-1] == "" and "\r" not in result.stdout
        lines = lines[:-1]
        trailing = [line for line in lines if line != line.rstrip()]
        assert trailing == [], trailing
        return lines
    code, lines = finish(spawn(*COMMANDS[command], lang=lang, columns=columns))
    assert code == 0, lines
    return [ANSI.sub("", line) for line in lines]


def _tenths(value: float | None, lang: str) -> str:
    return "" if value is None else f"{value:.1f}".replace(".", "," if lang == "nl" else ".")


def _hours(minutes: int, lang: str) -> str:
    tenths = (minutes * 10 + 30) // 60
    return f"{tenths // 10}{',' if lang == 'nl' else '.'}{tenths % 10}"


def _amount(row: dict[str, Any], lang: str, by: str) -> str:
    """What the shares are of, as a pattern: the number of activities by count (the hours beside
    it when there is room), else the hours."""
    hours = re.escape(_hours(row["minutes_total"], lang))
    return rf"{row['activities']}(?:\s+{hours})?" if by == "count" else hours


def _numbers(row: dict[str, Any], lang: str, by: str) -> str:
    """A row's amount, three shares and deviation, as they stand in one line of a people table."""
    cells = [_tenths(row[f"pct_{name}"], lang) for name in CATEGORIES]
    cells.append(_tenths(row["deviation"], lang))
    shares = r"\s+".join(map(re.escape, cells))
    return rf"(?<!\S){_amount(row, lang, by)}\s+{shares}(?!\S)"


def _check_report(lines: list[str], data: dict[str, Any], lang: str, command: str) -> None:
    text = "\n".join(lines)
    for date in (data["period_start"], data["period_end"]):
        assert any(date in line for line in lines), (date, text)
    total, by = data["total"], data["by"]
    for name in CATEGORIES:
        label = LABELS[lang][name]
        row = [line for line in lines if line.startswith(label + " ")]
        assert len(row) == 1, (label, text)
        share = re.escape(_tenths(total[f"pct_{name}"], lang))
        if by == "count":  # the count comes first (its figure per category is not in the JSON)
            assert re.match(rf"{re.escape(label)}\s+\d+\s.*\s{share}\s", row[0]), row[0]
        else:
            hours = re.escape(_hours(total[f"minutes_{name}"], lang))
            assert re.search(rf"(?<!\S){hours}\s+{share}\s", row[0]), row[0]
        assert "┃" in row[0], row[0]  # the bar shrank but kept its target mark
    total_row = [line for line in lines if line.startswith(("total ", "totaal "))]
    assert len(total_row) == 1, text
    assert re.search(rf"(?<!\S){_amount(total, lang, by)}\s", total_row[0]), text
    if command in ("team", "all", "count"):
        for person in data["people"]:
            found = any(re.search(_numbers(person, lang, by), line) for line in lines)
            assert found, (person, text)
    if command == "monthly":
        for month, name in zip(data["months"], MONTHS[lang], strict=True):
            year = month["month"][:4]
            row = [line for line in lines if line.startswith(f"{name} {year} ")]
            assert len(row) == 1, (name, text)
            assert re.search(rf" {re.escape(_hours(month['minutes_total'], lang))}(?!\S)", row[0])


def _check_register(lines: list[str], data: dict[str, Any], lang: str) -> None:
    """Each category's points whole on its line, the deadline, and what does not count."""
    text = "\n".join(lines)
    for category in data["categories"]:
        # Registerplein's Dutch labels are its keys; the JSON is in English.
        label = category["key"] if lang == "nl" else category["label"]
        row = [line for line in lines if line.startswith(label + " ")]
        assert len(row) == 1, (label, text)
        assert f" {_tenths(category['points'], lang)} " in row[0] + " ", row[0]
    assert any(data["period_end"] in line for line in lines), text
    for item in data["not_counted"]:
        assert any(line.startswith(item["id"][:8] + " ") for line in lines), (item, text)


def _check_list(lines: list[str], data: list[dict[str, Any]], lang: str) -> None:
    from leerlog.domain.parsing import format_minutes

    text = "\n".join(lines)
    assert len(data) >= 3
    for record in data:
        row = [line for line in lines if line.startswith(record["id"][:8] + " ")]
        assert len(row) == 1, (record["id"], text)
        words = row[0].split()
        assert record["date"] in words, row[0]
        assert format_minutes(record["minutes"]) in words, row[0]
        if record["type"]:
            assert record["type"] in words, row[0]
        else:
            assert f" {LABELS[lang][record['category']]}" in row[0], row[0]
    # The long title is there, cut with … (the last thing that gave way).
    long_title = ACTIVITIES[0][3]
    assert any(long_title[:12] in line and "…" in line for line in lines), text


@pytest.mark.usefixtures("team_log")
@pytest.mark.parametrize("piped", [True, False], ids=["piped", "terminal"])
@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("columns", [80, 60])
@pytest.mark.parametrize("command", list(COMMANDS))
def test_tables_fit_the_width_and_keep_what_must_stay_whole(
    spawn: Terminal, command: str, columns: int, lang: str, piped: bool
) -> None:
    lines = _shown(spawn, command, columns, lang, piped)
    # A register's source is a web address on a line of its own: it stays whole to be copied.
    too_wide = [line for line in lines if cell_len(line) > columns and not URL.match(line)]
    assert too_wide == [], too_wide
    assert "Traceback" not in "\n".join(lines)
    if command == "types":
        _check_types(lines, lang)
        return
    if command == "sessions":
        _check_sessions(lines)
        return
    data = _json("register" if command == "registers" else command)
    if command.startswith("list"):
        _check_list(lines, data, lang)
    elif command == "register":
        _check_register(lines, data, lang)
    elif command == "registers":
        _check_registers(lines, data)
    else:
        _check_report(lines, data, lang, command)


@pytest.mark.usefixtures("team_log")
@pytest.mark.parametrize("piped", [True, False], ids=["piped", "terminal"])
@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("command", ["report", "all", "monthly"])
def test_a_report_too_wide_for_40_columns_keeps_its_numbers_whole(
    spawn: Terminal, command: str, lang: str, piped: bool
) -> None:
    # Below what a table needs, its essential columns stay, at their narrowest: a number is
    # never cut ('-2…' for -29.0) nor the columns that say least brought back.
    text = "\n".join(_shown(spawn, command, 40, lang, piped))
    assert re.search(r"\d…", text) is None, text
    data = _json(command)
    shares = [data["total"][f"pct_{name}"] for name in CATEGORIES]
    shares += [p[f"pct_{name}"] for p in data.get("people", []) for name in CATEGORIES]
    for share in shares:
        assert re.search(rf"(?<!\S){re.escape(_tenths(share, lang))}(?!\S)", text), (share, text)
