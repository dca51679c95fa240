"""Dutch words, Dutch dates and typos through the installed command, in both languages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

LEERLOG = str(Path(sys.executable).parent / "leerlog")


def leerlog(*args: str, lang: str = "en") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [LEERLOG, *args],
        env={**os.environ, "LEERLOG_LANG": lang},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_klantmanager_types_dutch_words_and_dates() -> None:
    for args in (
        ("add", "Cursus", "Participatiewet", "-m", "1u30", "-d", "maandag"),
        ("add", "casuïstiekoverleg", "Jongere zonder startkwalificatie", "-m", "1u", "-d", "1-11"),
        ("add", "vakliteratuur", "Artikel", "-m", "30", "-d", "morgen"),
        ("add", "werk", "Huisbezoek", "-m", "45", "-d", "-1w"),
    ):
        assert leerlog(*args, lang="nl").returncode == 0
    done = leerlog("list", "--format", "json", "--period", "alles", "--type", "lezen")
    assert [(r["type"], r["date"]) for r in json.loads(done.stdout)] == [("reading", "2026-11-28")]
    records = json.loads(leerlog("list", "--format", "json").stdout)
    assert [(r["category"], r["type"], r["date"]) for r in records] == [
        ("formal", "reading", "2026-11-28"),
        ("formal", "course", "2026-11-23"),
        ("experiential", None, "2026-11-20"),
        ("social", "casuistiekoverleg", "2026-11-01"),
    ]
    month = json.loads(leerlog("report", "--period", "deze-maand", "--format", "json").stdout)
    assert (month["period"], month["total"]["minutes_total"]) == ("2026-11", 90 + 60 + 30 + 45)


@pytest.mark.parametrize(
    ("args", "english", "dutch"),
    [
        (("add", "intervsie", "Casus", "-m", "1u"), "did you mean 'intervisie'?",
         "bedoel je 'intervisie'?"),
        (("report", "--period", "vorige-mand"), "did you mean 'vorige-maand'?",
         "bedoel je 'vorige-maand'?"),
        (("list", "--type", "worksop"), "did you mean 'workshop'?", "bedoel je 'workshop'?"),
    ],
)  # fmt: skip
def test_a_typo_names_the_nearest_word_in_both_languages(
    args: tuple[str, ...], english: str, dutch: str
) -> None:
    for lang, expected in (("en", english), ("nl", dutch)):
        done = leerlog(*args, lang=lang)
        assert done.returncode == 2, done
        assert expected in done.stderr.splitlines()[0], done.stderr
        assert done.stdout == ""
