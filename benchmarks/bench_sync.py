"""Figure f: `leerlog sync` of 10,000 activities against a bare loop posting the same statements.

Both sides talk to a fresh Ralph LRS on 127.0.0.1 (the test suite's server helper), in
batches of the same size, so the difference is leerlog's own work: reading the file,
building statements, recording what was sent.
"""

from __future__ import annotations

import base64
import json
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from generate import generate
from harness import ENV, LEERLOG, WORK, Figure, fresh, make_db, run

sys.path.insert(0, str(Path(__file__).parent.parent / "tests" / "lrs"))

from ralph_server import PASSWORD, USERNAME, RalphServer

HOMEPAGE = "https://gemeente.example.nl/medewerkers"
BATCH = 500


def _statements(db: Path) -> list[dict]:
    sys.path.insert(0, str(Path(__file__).parent.parent / "src"))
    from leerlog.lrs.xapi import statement

    export = WORK / "sync-export.jsonl"
    run(
        [
            LEERLOG,
            "--db",
            str(db),
            "export",
            "activities",
            "--format",
            "jsonl",
            "--output",
            str(export),
        ]
    )
    return [statement(json.loads(line), HOMEPAGE) for line in export.read_text().splitlines()]


def _post_all(server: RalphServer, statements: list[dict]) -> float:
    token = base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode()
    headers = {
        "Authorization": f"Basic {token}",
        "X-Experience-API-Version": "1.0.3",
        "Content-Type": "application/json",
    }
    start = time.perf_counter()
    for i in range(0, len(statements), BATCH):
        body = json.dumps(statements[i : i + BATCH]).encode()
        request = urllib.request.Request(
            server.endpoint + "statements", body, headers, method="POST"
        )
        with urllib.request.urlopen(request, timeout=120) as response:
            response.read()
    return time.perf_counter() - start


def _with_server(action):  # type: ignore[no-untyped-def]
    """ACTION against a fresh Ralph whose folder (and statements) are removed afterwards."""
    with tempfile.TemporaryDirectory(dir=WORK) as folder:
        server = RalphServer(Path(folder))
        server.start()
        try:
            return action(server)
        finally:
            server.stop()


def measure(runs: int, scale: float) -> Figure:
    count = max(100, int(10_000 * scale))
    source = WORK / f"sync-{count}.csv"
    generate(source, count // 100, 100)
    template = WORK / f"sync-{count}.db"
    make_db(source, template)
    statements = _statements(template)
    config = WORK / "sync.toml"

    def ours(server: RalphServer) -> float:
        config.write_text(
            f'[lrs]\nendpoint = "{server.endpoint}"\nusername = "{USERNAME}"\nhomepage = "{HOMEPAGE}"\n'
        )
        db = fresh(WORK / "sync-run.db")
        db.write_bytes(template.read_bytes())
        env = {**ENV, "LEERLOG_CONFIG": str(config), "LEERLOG_LRS_PASSWORD": PASSWORD}
        return run([LEERLOG, "--db", str(db), "sync", "--batch", str(BATCH)], env)[0]

    mine, theirs = [], []
    for _ in range(runs):
        mine.append(_with_server(ours))
        theirs.append(_with_server(lambda server: _post_all(server, statements)))
    return Figure(
        "f",
        f"sync of {count} activities to Ralph vs a bare loop posting the same statements",
        statistics.median(mine),
        statistics.median(theirs),
        1.5,
    )
