"""`leerlog check` in a narrow pane: each finding on one line, its id, field, kind and value whole.

Run piped with COLUMNS (as a scheduled job) and on a real terminal of that width; names with
wide characters keep the columns aligned.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

import pytest
from ptykit import Terminal, finish
from rich.cells import cell_len

from installed import run_script

if TYPE_CHECKING:
    from conftest import Run

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
# (person, title, tag): what check finds is in the title or the tag.
ADDED = [
    ("Maximiliaan van den Heuvel-Oosterbeek", "Casus 123456782 besproken", None),
    ("張偉張偉張偉張偉張偉", "Mail van jan.de.vries@example.nl", "NL91ABNA0417164300"),
]
# (field, kind, value) of each finding, by the row it is in, in each language.
FOUND = {
    "en": [("title", "BSN", "123…782"), ("title", "e-mail address", "j…@example.nl"),
           ("tags", "IBAN", "NL9…300")],
    "nl": [("titel", "BSN", "123…782"), ("titel", "e-mailadres", "j…@example.nl"),
           ("tags", "IBAN", "NL9…300")],
}  # fmt: skip


@pytest.fixture
def ids(run: Run) -> list[str]:
    added = []
    for person, title, tag in ADDED:
        tags = ["-t", tag] if tag else []
        result = run("--person", person, "add", "intervisie", title, "-m", "45", *tags)
        assert result.exit_code == 0, result.stderr
        added.append(result.stdout.split()[0])
    return [added[0], added[1], added[1]]


@pytest.mark.parametrize("piped", [True, False], ids=["piped", "terminal"])
@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("columns", [80, 66, 60, 50])
def test_check_fits_the_pane_and_keeps_each_finding_whole(
    spawn: Terminal, ids: list[str], columns: int, lang: str, piped: bool
) -> None:
    if piped:
        env = dict(os.environ, COLUMNS=str(columns), LEERLOG_LANG=lang)
        done = run_script(env, "check", "--all")
        code, lines = done.returncode, done.stdout.splitlines()
    else:
        code, shown = finish(spawn("check", "--all", lang=lang, columns=columns))
        lines = [ANSI.sub("", line).rstrip() for line in shown]
    assert code == 1, lines
    rows = [line for line in lines if re.match(r"[0-9a-f]{8}  ", line)]
    assert len(rows) == 3, lines
    header = next(line for line in lines if line.startswith("id  "))
    # The table fits; the count after it is a message the terminal wraps like any other.
    assert [line for line in [header, *rows] if cell_len(line) > columns] == [], lines
    for row, id_, (field, kind, value) in zip(rows, ids, FOUND[lang], strict=True):
        assert row.startswith(id_[:8] + "  "), row
        assert re.search(rf"  {field}  +{re.escape(kind)}  +{re.escape(value)}$", row), row
    # Each column starts at the same place on every line, whatever the width of the names.
    starts = {cell_len(row[: row.index(f"  {FOUND[lang][i][0]}  ")]) for i, row in enumerate(rows)}
    assert starts == {
        cell_len(header[: header.index("  " + ("veld" if lang == "nl" else "field"))])
    }
    if columns == 80:
        assert all(" 2026-" in row for row in rows), rows
