"""With pydantic's plugins off, leerlog starts without pydantic's plugin loader.

That loader imports importlib.metadata (and email, zipfile and csv with it) only to look for
plugins. In its place leerlog puts a module that answers "no plugins"; once plugins are on, the
real loader answers instead.
"""

from __future__ import annotations

import os
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from conftest import Run

PROBE = """
import os, sys
from leerlog.cli.app import main
sys.argv = ['leerlog', 'add', 'werk', 'Huisbezoek', '-m', '45', '--quiet']
try:
    main()
except SystemExit as stop:
    code = stop.code
loader = sys.modules['pydantic.plugin._loader']
print('probe', code, 'importlib.metadata' in sys.modules, hasattr(loader, '__file__'), file=sys.stderr)
"""

# After the add: plugins switched on in the same process, and a new model built.
SWITCHED_ON = """
os.environ['PYDANTIC_DISABLE_PLUGINS'] = ''
import pydantic
class Later(pydantic.BaseModel):
    x: int
loader = sys.modules['pydantic.plugin._loader']
print('probe', hasattr(loader, '__file__'), Later(x=1).x, file=sys.stderr)
"""


def probe(run: Run, script: str, env: dict[str, str] | None) -> list[str]:
    """What SCRIPT says, run in a new process on a log that exists (creating one and its
    migrations needs more)."""
    assert run("add", "werk", "Eerst", "-m", "30").exit_code == 0
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False, env=env
    )
    assert result.returncode == 0, result.stderr
    # What the probe says: leerlog may write notes to stderr too.
    return [line for line in result.stderr.splitlines() if line.startswith("probe ")]


def test_add_builds_its_models_without_the_plugin_loader(run: Run) -> None:
    assert probe(run, PROBE, None) == ["probe 0 False False"]


@pytest.mark.parametrize("value", ["", "some_plugin"])
def test_a_value_of_ones_own_switches_plugins_on_with_the_real_loader(value: str, run: Run) -> None:
    assert probe(run, PROBE, {**os.environ, "PYDANTIC_DISABLE_PLUGINS": value}) == [
        "probe 0 True True"
    ]


def test_plugins_switched_on_later_get_the_real_loader(run: Run) -> None:
    assert probe(run, PROBE + SWITCHED_ON, None) == ["probe 0 False False", "probe True 1"]
