"""An unreadable JSON import says what is wrong in the reader's language, not Python's English."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_dutch_everywhere import _env

from installed import run_script

HINT = "Tip: importeer een JSON-array van objecten, of JSON Lines\n"
# file content -> what is wrong with it, in Dutch
BROKEN = {
    '[{"person": "anna",, }]': "er ontbreekt een naam tussen dubbele aanhalingstekens",
    '[{"person" "anna"}]': "er ontbreekt een ':'",
    '[{"person": "anna" "date": "2026-11-01"}]': "er ontbreekt een ','",
    '[{"person": ': "er ontbreekt een waarde",
    '[{"title": "Casus': "een tekst heeft geen afsluitende '\"'",
    '[{"title": "Casus\tschuldhulp"}]': "een tekst bevat een tab, regeleinde of ander stuurteken",
    '[{"title": "C:\\map"}]': "een tekst bevat een '\\' die geen geldige escape is",
    '[{"person": "anna"}] [': "na het einde van de JSON staat nog iets",
}


def _python_says(content: str) -> json.JSONDecodeError:
    try:
        json.loads(content)
    except json.JSONDecodeError as error:
        return error
    raise AssertionError(f"valid JSON: {content}")


@pytest.mark.parametrize("content", list(BROKEN))
def test_a_broken_json_file_is_told_in_dutch(tmp_path: Path, content: str) -> None:
    env = _env(tmp_path)
    assert run_script(env, "add", "werk", "Huisbezoek", "-m", "45", "-q").returncode == 0
    path = tmp_path / "kapot.json"
    path.write_text(content, encoding="utf-8")
    python = _python_says(content)
    where = f"op regel {python.lineno}, kolom {python.colno}"
    done = run_script(env, "import", str(path))
    assert done.returncode == 1
    assert done.stderr == (
        f"Fout: {path} is geen geldige JSON: {BROKEN[content]} {where}; er is niets geïmporteerd\n"
        + HINT
    )
    assert python.msg not in done.stderr
    listed = run_script(env, "list", "--format", "json")
    assert [row["title"] for row in json.loads(listed.stdout)] == ["Huisbezoek"]


def test_a_broken_json_line_is_told_in_dutch(tmp_path: Path) -> None:
    env = _env(tmp_path)
    path = tmp_path / "regels.jsonl"
    path.write_text('{"person": "anna", \n', encoding="utf-8")
    done = run_script(env, "import", str(path))
    assert done.returncode == 1
    first = done.stderr.splitlines()[0]
    assert first == (
        "rij 1, record: geen geldige JSON (er ontbreekt een naam tussen dubbele aanhalingstekens)"
    )
