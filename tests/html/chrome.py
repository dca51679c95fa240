"""Headless Chromium driven over its DevTools pipe (fds 3 and 4), with the standard library only.

The pipe needs no port, no WebSocket client and no extra package; the browser reports every
request the page makes (Network.requestWillBeSent), and scripts run from here, never from the
page, measure the layout. Imported by name from the tests in this folder.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

PATIENCE_SECONDS = 120  # a safety net against a hung browser, not a performance claim


def executable() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


class Browser:
    """One headless browser; `open(url, width)` loads a page in a new tab of that width."""

    def __init__(self, path: str) -> None:
        self.profile = tempfile.mkdtemp(prefix="leerlog-chromium-")
        to_browser, self._writer = os.pipe()
        self._reader, from_browser = os.pipe()
        # Move the child's ends out of the way first, so dup2 onto 3 and 4 cannot clobber them.
        high_in, high_out = _above(to_browser), _above(from_browser)

        def child_fds() -> None:
            os.dup2(high_in, 3)
            os.dup2(high_out, 4)

        self.process = subprocess.Popen(
            [
                path, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--no-default-browser-check", "--hide-scrollbars", "--remote-debugging-pipe",
                f"--user-data-dir={self.profile}", "about:blank",
            ],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            pass_fds=(3, 4), preexec_fn=child_fds,  # before any thread starts
        )  # fmt: skip
        for fd in {to_browser, from_browser, high_in, high_out}:
            os.close(fd)
        self._buffer = b""
        self._next = 0
        self.events: list[dict[str, Any]] = []

    def send(
        self, method: str, params: dict[str, Any] | None = None, session: str | None = None
    ) -> Any:
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params or {}}
        if session is not None:
            message["sessionId"] = session
        os.write(self._writer, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method: str, session: str) -> dict[str, Any]:
        for event in self.events:
            if event.get("method") == method and event.get("sessionId") == session:
                return event
        while True:
            event = self._read()
            self.events.append(event)
            if event.get("method") == method and event.get("sessionId") == session:
                return event

    def _read(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            ready, _w, _x = select.select([self._reader], [], [], PATIENCE_SECONDS)
            if not ready:
                raise RuntimeError(f"chromium said nothing for {PATIENCE_SECONDS} seconds")
            chunk = os.read(self._reader, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed its DevTools pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def open(self, url: str, width: int, height: int = 900) -> Tab:
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        for domain in ("Network.enable", "Page.enable"):
            self.send(domain, {}, session)
        # A phone (mobile: the page's meta viewport applies) or a desktop window of WIDTH pixels.
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
            session,
        )
        self.send("Page.navigate", {"url": url}, session)
        self.wait_for("Page.loadEventFired", session)
        return Tab(self, session, width)

    def close(self) -> None:
        with contextlib.suppress(OSError, RuntimeError):  # it may close the pipe as it goes
            self.send("Browser.close")
        try:
            self.process.wait(timeout=PATIENCE_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._writer)
        os.close(self._reader)
        shutil.rmtree(self.profile, ignore_errors=True)


class Tab:
    def __init__(self, browser: Browser, session: str, width: int) -> None:
        self.browser = browser
        self.session = session
        self.width = width

    def evaluate(self, expression: str) -> Any:
        result = self.browser.send(
            "Runtime.evaluate", {"expression": expression, "returnByValue": True}, self.session
        )
        return result["result"].get("value")

    def requested(self) -> list[str]:
        """Every URL this tab asked for, the page itself included."""
        return [
            event["params"]["request"]["url"]
            for event in self.browser.events
            if event.get("method") == "Network.requestWillBeSent"
            and event.get("sessionId") == self.session
        ]

    def screenshot(self, path: Path) -> None:
        """The whole page, WIDTH pixels wide, as PNG."""
        height = self.evaluate("document.documentElement.scrollHeight")
        shot = self.browser.send(
            "Page.captureScreenshot",
            {
                "format": "png",
                "captureBeyondViewport": True,
                "clip": {"x": 0, "y": 0, "width": self.width, "height": height, "scale": 1},
            },
            self.session,
        )
        path.write_bytes(base64.b64decode(shot["data"]))

    def print_pdf(self, path: Path) -> None:
        """The page as the browser prints it, on the paper its @page rule asks for."""
        printed = self.browser.send(
            "Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True}, self.session
        )
        path.write_bytes(base64.b64decode(printed["data"]))


def _above(fd: int) -> int:
    """A copy of FD numbered 10 or more."""
    return fcntl.fcntl(fd, fcntl.F_DUPFD, 10)


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from the PNG's IHDR chunk."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
