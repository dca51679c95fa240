"""An HTML page is not shown on a terminal: without --output, report --format html says so."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from ptykit import Terminal as Spawn
from ptykit import finish

if TYPE_CHECKING:
    from conftest import Run

SAYS = {
    "en": (
        "Error: --format html writes a page for a browser, not for the terminal",
        "Hint: give --output FILE, e.g. --output balance.html, or pipe it to a file",
    ),
    "nl": (
        "Fout: --format html schrijft een pagina voor een browser, niet voor de terminal",
        "Tip: geef --output BESTAND, bijvoorbeeld --output balans.html, of stuur het door naar "
        "een bestand",
    ),
}


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_page_is_refused_on_a_terminal_with_a_hint(run: Run, spawn: Spawn, lang: str) -> None:
    assert run("add", "werk", "Huisbezoek", "-m", "45").exit_code == 0
    child = spawn("report", "--format", "html", lang=lang, columns=200)
    code, shown = finish(child)
    assert code == 2
    assert [line for line in shown if line] == list(SAYS[lang])


def _pseudonyms(run: Run) -> list[str]:
    result = run("export", "balance", "--pseudonymise")
    assert result.exit_code == 0, result.stderr
    return [line.split(",")[0] for line in result.stdout.splitlines()[1:]]


@pytest.mark.parametrize(
    ("lang", "question", "answer", "renewed"),
    [
        ("en", "Give everyone new pseudonyms in future exports? [y/N] ", "", False),
        ("en", "Give everyone new pseudonyms in future exports? [y/N] ", "y", True),
        ("nl", "Iedereen nieuwe pseudoniemen geven in volgende exports? [j/N] ", "ja", True),
    ],
)
def test_reset_pseudonyms_asks_first(
    run: Run, spawn: Spawn, lang: str, question: str, answer: str, renewed: bool
) -> None:
    assert run("add", "werk", "Huisbezoek", "-m", "45").exit_code == 0
    before = _pseudonyms(run)
    child = spawn("people", "reset-pseudonyms", lang=lang)
    child.expect_exact(question)
    child.sendline(answer)
    code, _shown = finish(child)
    assert code == 0
    after = _pseudonyms(run)
    assert len(after) == len(before) == 1
    assert (after != before) is renewed
