"""A small LRS on 127.0.0.1 for the sync tests, good or hostile as a test sets its mode.

An http.server in a thread, on an ephemeral port. It records every request it gets (method,
path, headers, body) and, in the good modes, the statements, as an LRS would keep them.
"""

from __future__ import annotations

import base64
import json
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from ralph_server import PASSWORD, USERNAME

TOKEN = base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode()

# What each mode answers. "good": as xAPI says (POST: 200 and the list of ids; PUT: 204);
# "slow": good, after SLOW_SECONDS; "hold": good, once the test sets `release`;
# "204-post": 204 to a POST, 200 {"ok":true} to a PUT; "204-redirect": 204, then 307 to a PUT;
# "forward-trickle": the request goes to the real LRS, its answer trickles back.
MODES = (
    "good", "slow", "hold", "redirect-302", "redirect-307", "ok-json", "not-json",
    "204-post", "204-redirect", "trickle", "silent", "forward-trickle",
)  # fmt: skip
SLOW_SECONDS = 0.4
TRICKLE_SECONDS = 0.2  # one byte this often
NOT_JSON = "<html>\x1b[31mLRS onderhoud\x1b[0m\u202egnirts</html>\n" + "x" * 300


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class State:
    mode: str
    redirect_to: str = ""
    upstream: str = ""  # forward-trickle: the real LRS behind this one
    requests: list[Seen] = field(default_factory=list)
    stored: dict[str, dict[str, Any]] = field(default_factory=dict)
    received: list[str] = field(default_factory=list)  # statement ids, in the good modes
    arrived: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)


class Handler(BaseHTTPRequestHandler):
    server: Server

    def log_message(self, *args: Any) -> None:  # quiet
        pass

    def do_POST(self) -> None:
        self._handle()

    def do_PUT(self) -> None:
        self._handle()

    def do_GET(self) -> None:
        """A pull's query: no answer in "silent", otherwise no statements."""
        state = self.server.state
        with state.lock:
            state.requests.append(Seen(self.command, self.path, dict(self.headers), b""))
        if state.mode == "silent":
            state.stop.wait()
        else:
            self._answer(200, b'{"statements": [], "more": ""}')

    def _answer(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None):
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if body or status != 204:
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _handle(self) -> None:
        state = self.server.state
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        with state.lock:
            state.requests.append(Seen(self.command, self.path, dict(self.headers), body))
        mode = state.mode
        if mode.startswith("redirect-"):
            self._answer(int(mode[-3:]), b"moved", {"Location": state.redirect_to})
        elif mode == "ok-json":
            self._answer(200, b'{"ok":true}')
        elif mode == "not-json":
            self._answer(200, NOT_JSON.encode())
        elif mode.startswith("204-") and self.command == "POST":
            self._answer(204)
        elif mode == "204-post":
            self._answer(200, b'{"ok":true}')
        elif mode == "204-redirect":
            self._answer(307, b"moved", {"Location": state.redirect_to})
        elif mode == "trickle":
            self._trickle(200, b'["' + b"0" * 10_000 + b'"]')
        elif mode == "forward-trickle":
            answer = self._forward(body)
            state.arrived.set()
            self._trickle(*answer)
        elif mode == "silent":
            state.stop.wait()
        else:
            self._good(body)

    def _good(self, body: bytes) -> None:
        state = self.server.state
        if self.headers.get("Authorization") != f"Basic {TOKEN}":
            self._answer(401, b'{"error":"unauthorised"}')
            return
        if state.mode == "slow":
            time.sleep(SLOW_SECONDS)
        if state.mode == "hold":
            state.arrived.set()
            state.release.wait()
        payload = json.loads(body)
        statements = payload if isinstance(payload, list) else [payload]
        with state.lock:
            for statement in statements:
                state.received.append(statement["id"])
                state.stored.setdefault(statement["id"], statement)
        if self.command == "PUT":
            self._answer(204)
        else:
            self._answer(200, json.dumps([s["id"] for s in statements]).encode())

    def _forward(self, body: bytes) -> tuple[int, bytes]:
        """The request as it came, to the real LRS; its status and body."""
        state = self.server.state
        headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
        url = state.upstream.rstrip("/") + self.path.removeprefix("/xAPI")
        request = urllib.request.Request(url, data=body, method=self.command, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def _trickle(self, status: int, body: bytes) -> None:
        """Headers at once, then the body one byte at a time, slowly: never a silent socket."""
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.flush()
        for offset in range(len(body)):
            if self.server.state.stop.wait(TRICKLE_SECONDS):
                return
            try:
                self.wfile.write(body[offset : offset + 1])
                self.wfile.flush()
            except OSError:
                return


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, state: State) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.state = state


class FakeLrs:
    """`with FakeLrs("ok-json") as lrs:` serves until the block ends; set lrs.mode to change."""

    def __init__(self, mode: str = "good") -> None:
        assert mode in MODES, mode
        self.state = State(mode)
        self.server = Server(self.state)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/xAPI/"

    @property
    def mode(self) -> str:
        return self.state.mode

    @mode.setter
    def mode(self, mode: str) -> None:
        assert mode in MODES, mode
        self.state.mode = mode

    @property
    def requests(self) -> list[Seen]:
        with self.state.lock:
            return list(self.state.requests)

    def __enter__(self) -> FakeLrs:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.state.stop.set()
        self.state.release.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()
