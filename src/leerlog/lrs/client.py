"""A small xAPI client: POST statements in batches, retry what may pass later, explain the rest.

It never follows a redirect (the password goes to the configured origin only), and every
request and the whole run have a deadline that holds even against an LRS that trickles its
answer byte by byte: each request runs in a worker thread that is given up at its deadline.
"""

from __future__ import annotations

import base64
import http.client
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from leerlog.domain.errors import ConfigError, DataProblem
from leerlog.domain.escapes import cell
from leerlog.i18n import _, ngettext

RETRYABLE = {500, 502, 503, 504}
REQUEST_SECONDS = 30.0  # the default deadline of one request
RUN_FACTOR = 10  # the whole run may take this many times the deadline of one request
MAX_ANSWER = 8 * 1024 * 1024  # bytes of an answer leerlog reads; 5,000 ids take 200 KB
SHOWN = 200  # characters of an unexpected answer shown to the person


def excerpt(body: str) -> str:
    """The start of an answer's body as a person may see it."""
    return cell(body.strip()[:SHOWN])


class LrsError(DataProblem):
    """The LRS could not be reached or refused what leerlog sent."""

    def __init__(self, message: str, hint: str | None = None, status: int | None = None) -> None:
        super().__init__(message, hint)
        self.status = status


class LrsTimeout(LrsError):
    """A request or the whole run passed its deadline; the run stops, the next one resumes."""


@dataclass
class Answer:
    status: int
    body: str
    location: str | None = None


class _RefuseRedirects(urllib.request.HTTPRedirectHandler):
    """A 3xx comes back as the answer (an HTTPError) instead of a request to somewhere else."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _read(response: Any) -> str:
    data = response.read(MAX_ANSWER + 1)
    if len(data) > MAX_ANSWER:
        raise OSError(_("the answer is longer than {size} MiB").format(size=MAX_ANSWER >> 20))
    return data.decode("utf-8", "replace")


class _Exchange(threading.Thread):
    """One HTTP request in a thread of its own, so the caller can stop waiting at any moment.

    A daemon thread: given up at its deadline, it ends with its socket's timeout, or with the
    process, and its answer is never used.
    """

    def __init__(self, opener: urllib.request.OpenerDirector, request: Any, timeout: float):
        super().__init__(daemon=True)
        self.opener, self.request, self.timeout = opener, request, timeout
        self.answer: Answer | None = None
        self.error: BaseException | None = None
        self.done = threading.Event()

    def run(self) -> None:
        try:
            try:
                with self.opener.open(self.request, timeout=self.timeout) as response:
                    self.answer = Answer(response.status, _read(response))
            except urllib.error.HTTPError as error:
                with error:
                    self.answer = Answer(error.code, _read(error), error.headers.get("Location"))
        except BaseException as error:
            self.error = error
        finally:
            self.done.set()


def _timed_out(error: BaseException) -> bool:
    reason = getattr(error, "reason", error)
    return isinstance(error, TimeoutError) or isinstance(reason, TimeoutError)


def check_endpoint(endpoint: str) -> str:
    """The endpoint with its trailing slash; anything but an http(s) address is refused."""
    parts = urllib.parse.urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(
            _("lrs.endpoint is not an http or https address: {endpoint}").format(
                endpoint=cell(repr(endpoint))
            ),
            _('give the xAPI address of the LRS, e.g. endpoint = "https://lrs.example.org/xAPI/"'),
        )
    return endpoint if endpoint.endswith("/") else endpoint + "/"


class LrsClient:
    """Talks xAPI 1.0.3 to one endpoint with HTTP Basic auth; the password stays in memory only."""

    def __init__(
        self,
        endpoint: str,
        username: str,
        password: str,
        *,
        attempts: int = 4,
        backoff: float = 0.5,
        timeout: float = REQUEST_SECONDS,
        run_timeout: float | None = None,
        command: str = "sync",
    ) -> None:
        self.endpoint = check_endpoint(endpoint)
        self.command = command  # the leerlog command that runs it, named by the hints
        self._shown = cell(self.endpoint)  # the endpoint as messages show it
        self.username = username
        self._token = base64.b64encode(f"{username}:{password}".encode()).decode("ascii")
        self.attempts = attempts
        self.backoff = backoff
        self.timeout = timeout
        self.run_timeout = timeout * RUN_FACTOR if run_timeout is None else run_timeout
        self._run_end: float | None = None
        self._opener = urllib.request.build_opener(_RefuseRedirects())

    def __repr__(self) -> str:  # never show the credentials, not even in a traceback
        return f"LrsClient({self.endpoint!r}, {self.username!r})"

    def begin(self) -> None:
        """Start the clock of the whole run (the first request does it when nobody did)."""
        self._run_end = time.monotonic() + self.run_timeout

    def _left(self) -> float:
        if self._run_end is None:
            self.begin()
        assert self._run_end is not None
        left = self._run_end - time.monotonic()
        if left <= 0:
            raise self._stopped(
                _(
                    "'leerlog {command}' stopped at its deadline: {seconds} s for the whole run"
                ).format(command=self.command, seconds=f"{self.run_timeout:g}")
            )
        return left

    def _stopped(self, message: str) -> LrsTimeout:
        return LrsTimeout(message, self._resume_hint())

    def _resume_hint(self) -> str:
        return _(
            "what was done before is kept: run 'leerlog {command}' again and it resumes "
            "without duplicates (--timeout sets the seconds per request)"
        ).format(command=self.command)

    def _once(self, method: str, url: str, body: bytes | None) -> Answer:
        """One request within its deadline: the request's own, or what is left of the run's."""
        request = urllib.request.Request(url, data=body, method=method)
        request.add_unredirected_header("Authorization", f"Basic {self._token}")
        request.add_header("X-Experience-API-Version", "1.0.3")
        request.add_header("Content-Type", "application/json")
        seconds = min(self.timeout, self._left())
        exchange = _Exchange(self._opener, request, seconds)
        exchange.start()
        if not exchange.done.wait(seconds) or (
            exchange.error is not None and _timed_out(exchange.error)
        ):
            self._left()  # the run's deadline, if that is the one that passed
            raise self._stopped(
                _("the LRS at {endpoint} did not answer within {seconds} s").format(
                    endpoint=self._shown, seconds=f"{self.timeout:g}"
                )
            )
        if exchange.error is not None:
            raise exchange.error
        assert exchange.answer is not None
        return exchange.answer

    def request(
        self, method: str, resource: str, payload: Any = None, *, url: str | None = None
    ) -> Answer:
        """One request, retried with backoff on 5xx answers and on connection problems; URL
        (of the endpoint's origin, see follow) instead of a RESOURCE of the endpoint."""
        url = url or self.endpoint + resource
        body = None if payload is None else json.dumps(payload, ensure_ascii=False).encode()
        reason = ""
        for attempt in range(self.attempts):
            if attempt:
                pause = self.backoff * 2 ** (attempt - 1)
                time.sleep(min(pause, self._left()))
            try:
                answer = self._once(method, url, body)
            except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
                reason = cell(str(getattr(error, "reason", error)))
                continue
            if answer.status not in RETRYABLE:
                return answer
            reason = f"HTTP {answer.status}"
        raise LrsError(
            # TRANSLATORS: {reason} is e.g. "HTTP 503" or the network's own (English) message.
            # English says "tries" for one try too (as before); other languages may differ.
            ngettext(
                "the LRS at {endpoint} did not answer properly ({reason}) after {tries} tries",
                "the LRS at {endpoint} did not answer properly ({reason}) after {tries} tries",
                self.attempts,
            ).format(endpoint=self._shown, reason=reason, tries=self.attempts),
            _("check that it runs; {resume}").format(resume=self._resume_hint()),
        )

    def post(self, statements: list[dict[str, Any]]) -> Answer:
        return self.request("POST", "statements", statements)

    def put(self, statement: dict[str, Any]) -> Answer:
        return self.request("PUT", f"statements?statementId={statement['id']}", statement)

    def follow(self, link: str) -> str:
        """The URL of a `more` link (relative to the endpoint); LrsError when it leads away
        from the endpoint's scheme, host and port: the password goes nowhere else."""
        url = urllib.parse.urljoin(self.endpoint, link)
        if _origin(url) != _origin(self.endpoint):
            raise LrsError(
                _(
                    "the LRS's link to its next page of statements leads to {url}, away from "
                    "{endpoint}; leerlog does not follow it, so nothing was sent there"
                ).format(url=excerpt(url), endpoint=self._shown),
                _(
                    "the pages before it are stored; ask whoever runs the LRS to have it link "
                    "within lrs.endpoint"
                ),
            )
        return url


def _origin(url: str) -> tuple[str, str, int | None]:
    """Scheme, host and port, the port given or the scheme's own; an unreadable port is -1."""
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        port = -1
    if port is None:
        port = {"http": 80, "https": 443}.get(scheme)
    return scheme, (parts.hostname or "").lower(), port


def redirected(answer: Answer, endpoint: str) -> LrsError:
    """A 3xx: never followed, so the credentials go nowhere else; nothing counts as sent."""
    return LrsError(
        _(
            "the LRS at {endpoint} answered HTTP {status}, a redirect to {location}; leerlog "
            "does not follow redirects, so nothing was sent there"
        ).format(
            endpoint=cell(endpoint),
            status=answer.status,
            location=excerpt(answer.location or "") or _("(no location)"),
        ),
        _("if that address is the LRS, set it as lrs.endpoint in the config file"),
        answer.status,
    )


def unexpected(answer: Answer, method: str) -> LrsError:
    """An answer that does not confirm what was sent: nothing of it counts as sent."""
    return LrsError(
        _(
            "the LRS answered HTTP {status} to a {method} without confirming the statements; "
            "nothing was recorded as sent. Its answer began: {detail}"
        ).format(status=answer.status, method=method, detail=excerpt(answer.body) or '""'),
        _("check that lrs.endpoint in the config file is the xAPI address of the LRS"),
        answer.status,
    )


def unreadable(answer: Answer) -> LrsError:
    """An answer to a GET of statements that is not {"statements": [...]}: nothing is stored."""
    return LrsError(
        _(
            "the LRS answered HTTP {status} to a GET of statements with something else than "
            "statements; nothing of it was stored. Its answer began: {detail}"
        ).format(status=answer.status, detail=excerpt(answer.body) or '""'),
        _("check that lrs.endpoint in the config file is the xAPI address of the LRS"),
        answer.status,
    )


def refused(answer: Answer, username: str) -> LrsError:
    """The error for an answer that retrying will not change."""
    if answer.status in (401, 403):
        return LrsError(
            _("the LRS refused the credentials of {username} (HTTP {status})").format(
                username=cell(repr(username)), status=answer.status
            ),
            _("check lrs.username in the config file and LEERLOG_LRS_PASSWORD"),
            answer.status,
        )
    message = _("the LRS answered HTTP {status}: {detail}").format(
        status=answer.status, detail=excerpt(answer.body)
    )
    return LrsError(message, None, answer.status)
