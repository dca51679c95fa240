"""A TOML file that cannot be read is told in the user's language: what is wrong, and where.

tomllib words its errors in English; leerlog gives each of them in Dutch, for the config file
and for a register profile of the user's own.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from installed import run_script
from leerlog.domain.toml_errors import toml_reason

# A text for most of what tomllib can say, and the Dutch that leerlog says instead.
BROKEN = {
    "a b": "'=' verwacht na een sleutel in een sleutel/waarde-paar (op regel 1, kolom 3)",
    "[a": "']' verwacht aan het eind van een tabelkop (aan het eind van het bestand)",
    "[[a": "']]' verwacht aan het eind van een tabellijstkop (aan het eind van het bestand)",
    "a = 1 b": "een nieuwe regel of het einde van het bestand verwacht na een regel"
    " (op regel 1, kolom 7)",
    'a = "x\\qy"': "een '\\' zonder escape in een tekst (op regel 1, kolom 9)",
    "a = 1\na = 2": "een waarde kan niet worden overschreven (aan het eind van het bestand)",
    'a = "\\uD800"': "het teken na de escape is geen Unicode-teken (op regel 1, kolom 12)",
    'a = "\\u12G4"': "ongeldige hexadecimale waarde (op regel 1, kolom 8)",
    "= 1": "ongeldige regel (op regel 1, kolom 1)",
    "a.= 1": "ongeldig eerste teken van een sleutel (op regel 1, kolom 3)",
    "a = ": "ongeldige waarde (aan het eind van het bestand)",
    "a = [1": "een lijst zonder sluitende ] (aan het eind van het bestand)",
    "a = {b = 1": "een inline-tabel zonder sluitende } (aan het eind van het bestand)",
    'a = "x': "een tekst zonder sluitend aanhalingsteken (aan het eind van het bestand)",
    "[a]\n[a]": "a staat er twee keer (op regel 2, kolom 3)",
    "[a.b]\n[a.b]": "a.b staat er twee keer (op regel 2, kolom 5)",
    "a = {b = 1, b = 2}": "de sleutel 'b' staat twee keer in een inline-tabel (op regel 1, kolom 18)",
    'a = "\x01"': "ongeldig teken '\\x01' (op regel 1, kolom 6)",
}


def error_of(text: str) -> tomllib.TOMLDecodeError:
    with pytest.raises(tomllib.TOMLDecodeError) as raised:
        tomllib.loads(text)
    return raised.value


@pytest.mark.usefixtures("dutch")
@pytest.mark.parametrize(("text", "said"), BROKEN.items(), ids=list(BROKEN))
def test_each_message_of_tomllib_is_dutch(text: str, said: str) -> None:
    assert toml_reason(error_of(text)) == said


@pytest.mark.parametrize("text", BROKEN)
def test_in_english_it_is_tomllibs_own_message(text: str) -> None:
    error = error_of(text)
    expected = str(error).replace("(at end of document)", "(at the end of the file)")
    # A key as the file writes it, not as Python writes a tuple.
    expected = expected.replace("('a',)", "a").replace("('a', 'b')", "a.b")
    assert toml_reason(error) == expected


def test_a_message_a_later_python_adds_is_kept_as_it_is() -> None:
    error = tomllib.TOMLDecodeError("Something new (at line 3, column 1)")
    assert toml_reason(error) == "Something new (at line 3, column 1)"
    assert toml_reason(error, where=False) == "Something new"


def test_the_config_file_in_dutch(subprocess_env: dict[str, str], isolated: Path) -> None:
    (isolated / "config.toml").write_bytes(b"person = \n")
    dutch = run_script({**subprocess_env, "LEERLOG_LANG": "nl"}, "report")
    assert dutch.returncode == 2 and dutch.stdout == ""
    assert dutch.stderr.splitlines()[0] == (
        f"Fout: het configuratiebestand {isolated / 'config.toml'} is geen geldige TOML: "
        "ongeldige waarde (op regel 1, kolom 10)"
    )
    (isolated / "config.toml").write_bytes('person = "josé"\n'.encode("latin-1"))
    latin = run_script({**subprocess_env, "LEERLOG_LANG": "nl"}, "report")
    assert latin.returncode == 2 and "geen geldige TOML: het is geen UTF-8-tekst" in latin.stderr
    english = run_script(subprocess_env, "report")
    assert "is not valid TOML: it is not UTF-8 text" in english.stderr


def test_an_own_register_profile_in_dutch(subprocess_env: dict[str, str], isolated: Path) -> None:
    folder = isolated / "registers"
    folder.mkdir()
    (folder / "tolk.toml").write_text('key = "nrgd-tolk"\nyears = 5\nyears = 6\n', "utf-8")
    dutch = run_script({**subprocess_env, "LEERLOG_LANG": "nl"}, "register", "list")
    assert dutch.returncode == 2
    assert "regel 3: geen geldige TOML: een waarde kan niet worden overschreven" in dutch.stderr
    # An error at the end of the file is on its last line, not the first; a line separator
    # inside a text is not a line end, and a key that says 'line 1' is not where it is.
    for text, line in (
        ('key = "nrgd-tolk"\nyears = 5\nlabel = ', 3),
        ('key = "nrgd-\u2028tolk"\nyears = 5\nlabel = \n\n', 3),
        ('key = "nrgd-tolk"\n["line 1"]\n["line 1"]\n', 3),
    ):
        (folder / "tolk.toml").write_text(text, "utf-8")
        end = run_script(subprocess_env, "register", "list")
        assert end.returncode == 2 and f", line {line}: not valid TOML: " in end.stderr, end.stderr
