"""A real Ralph LRS on loopback, and leerlog configured to sync to it."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from ralph_server import PASSWORD, USERNAME, RalphServer

HOMEPAGE = "https://gemeente.example.nl/medewerkers"


@pytest.fixture
def ralph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RalphServer]:
    """A fresh LRS for one test, stopped afterwards."""
    server = RalphServer(tmp_path_factory.mktemp("ralph"))
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def lrs_config(ralph: RalphServer, isolated: Path, monkeypatch: pytest.MonkeyPatch) -> RalphServer:
    """leerlog's config pointing at the test LRS, and the password in the environment."""
    Path(os.environ["LEERLOG_CONFIG"]).write_text(
        f'[lrs]\nendpoint = "{ralph.endpoint}"\nusername = "{USERNAME}"\nhomepage = "{HOMEPAGE}"\n'
    )
    monkeypatch.setenv("LEERLOG_LRS_PASSWORD", PASSWORD)
    return ralph
