"""Start and stop a real Learning Record Store (Ralph) on 127.0.0.1 for the sync tests."""

from __future__ import annotations

import base64
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import bcrypt

USERNAME = "leerlog"
PASSWORD = "s3cret-Ralph-pw"  # only this test LRS knows it
HOMEPAGE = "https://gemeente.example.nl/medewerkers"  # the accounts' homePage leerlog sends
VOIDED = "http://adlnet.gov/expapi/verbs/voided"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class RalphServer:
    """One Ralph process with Basic auth and the file-system backend; restartable on one port."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        (home / "data").mkdir(parents=True, exist_ok=True)
        hashed = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(rounds=4)).decode()
        (home / "auth.json").write_text(
            json.dumps(
                [
                    {
                        "username": USERNAME,
                        "hash": hashed,
                        "scopes": ["all"],
                        "agent": {"mbox": f"mailto:{USERNAME}@example.org"},
                    }
                ]
            )
        )

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}/xAPI/"

    def start(self) -> None:
        env = dict(os.environ)
        env.update(
            RALPH_RUNSERVER_BACKEND="fs",
            RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH=str(self.home / "data"),
            RALPH_AUTH_FILE=str(self.home / "auth.json"),
            RALPH_RUNSERVER_AUTH_BACKENDS="basic",
            RALPH_APP_DIR=str(self.home / "app"),
        )
        log = (self.home / "server.log").open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "uvicorn", "ralph_app:app",
                "--app-dir", str(Path(__file__).parent),
                "--host", "127.0.0.1", "--port", str(self.port), "--log-level", "warning",
            ],
            env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"Ralph stopped at start: {(self.home / 'server.log').read_text()}"
                )
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{self.port}/__lbheartbeat__", timeout=1
                ):
                    return
            except (urllib.error.URLError, OSError):
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("Ralph did not answer within 60 s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def _request(self, method: str, resource: str, payload: Any = None) -> tuple[int, str]:
        """One request as the test user: the status and the body, also for 4xx answers."""
        token = base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode()
        headers = {"Authorization": f"Basic {token}", "X-Experience-API-Version": "1.0.3"}
        body = None
        if payload is not None:
            body = json.dumps(payload).encode()
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(
            self.endpoint + resource, data=body, method=method, headers=headers
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def get(self, resource: str) -> Any:
        """GET a resource as the test user; the parsed JSON answer."""
        status, body = self._request("GET", resource)
        assert status == 200, (status, body)
        return json.loads(body)

    def post(self, statements: list[dict[str, Any]]) -> list[str]:
        """POST statements as another system (an LMS) would; the ids Ralph stored."""
        status, body = self._request("POST", "statements", statements)
        assert status == 200, (status, body)
        return list(json.loads(body))

    def put(self, statement: dict[str, Any]) -> int:
        """PUT one statement under its own id, as another client of the LRS would; the status."""
        status, _ = self._request("PUT", f"statements?statementId={statement['id']}", statement)
        return status

    @property
    def data_file(self) -> Path:
        return self.home / "data" / "fs_lrs.jsonl"

    def count(self) -> int:
        """How many whole statements the file holds; safe to call while Ralph appends."""
        try:
            return self.data_file.read_bytes().count(b"\n")
        except FileNotFoundError:
            return 0

    def stored(self) -> list[dict[str, Any]]:
        """Every statement the LRS holds, read from its file (fast, and includes voided ones).

        Only whole lines count: a line Ralph is still writing is left for the next call.
        """
        try:
            data = self.data_file.read_bytes()
        except FileNotFoundError:
            return []
        whole = data[: data.rfind(b"\n") + 1].decode()
        return [json.loads(line) for line in whole.splitlines() if line.strip()]


def voided_ids(statements: list[dict[str, Any]]) -> set[str]:
    """The ids that voiding statements in STATEMENTS refer to."""
    return {s["object"]["id"] for s in statements if s["verb"]["id"] == VOIDED}


def one_statement(answer: Any) -> dict[str, Any]:
    """The statement in a GET ?statementId= answer (Ralph wraps it in {"statements": [...]})."""
    if isinstance(answer, dict) and "statements" in answer:
        assert len(answer["statements"]) == 1, answer
        return answer["statements"][0]
    return answer
