"""A small xAPI client: POST statements in batches, retry what may pass later, explain the rest."""

from __future__ import annotations

import base64
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from leerlog.domain.errors import DataProblem
from leerlog.i18n import _, ngettext

RETRYABLE = {500, 502, 503, 504}


class LrsError(DataProblem):
    """The LRS could not be reached or refused what leerlog sent."""

    def __init__(self, message: str, hint: str | None = None, status: int | None = None) -> None:
        super().__init__(message, hint)
        self.status = status


@dataclass
class Answer:
    status: int
    body: str


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
        timeout: float = 30.0,
    ) -> None:
        self.endpoint = endpoint if endpoint.endswith("/") else endpoint + "/"
        self.username = username
        token = base64.b64encode(f"{username}:{password}".encode()).decode("ascii")
        self._headers = {
            "Authorization": f"Basic {token}",
            "X-Experience-API-Version": "1.0.3",
            "Content-Type": "application/json",
        }
        self.attempts = attempts
        self.backoff = backoff
        self.timeout = timeout

    def __repr__(self) -> str:  # never show the credentials, not even in a traceback
        return f"LrsClient({self.endpoint!r}, {self.username!r})"

    def _once(self, method: str, url: str, body: bytes | None) -> Answer:
        request = urllib.request.Request(url, data=body, method=method, headers=self._headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return Answer(response.status, response.read().decode("utf-8", "replace"))
        except urllib.error.HTTPError as error:
            return Answer(error.code, error.read().decode("utf-8", "replace"))

    def request(self, method: str, resource: str, payload: Any = None) -> Answer:
        """One request, retried with backoff on 5xx answers and on connection problems."""
        url = self.endpoint + resource
        body = None if payload is None else json.dumps(payload, ensure_ascii=False).encode()
        reason = ""
        for attempt in range(self.attempts):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                answer = self._once(method, url, body)
            except (urllib.error.URLError, OSError) as error:
                reason = str(getattr(error, "reason", error))
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
            ).format(endpoint=self.endpoint, reason=reason, tries=self.attempts),
            _("check that it runs, then run 'leerlog sync' again: it resumes without duplicates"),
        )

    def post(self, statements: list[dict[str, Any]]) -> Answer:
        return self.request("POST", "statements", statements)

    def put(self, statement: dict[str, Any]) -> Answer:
        return self.request("PUT", f"statements?statementId={statement['id']}", statement)


def refused(answer: Answer, username: str) -> LrsError:
    """The error for an answer that retrying will not change."""
    detail = answer.body.strip().replace("\n", " ")[:200]
    if answer.status in (401, 403):
        return LrsError(
            _("the LRS refused the credentials of {username} (HTTP {status})").format(
                username=repr(username), status=answer.status
            ),
            _("check lrs.username in the config file and LEERLOG_LRS_PASSWORD"),
            answer.status,
        )
    message = _("the LRS answered HTTP {status}: {detail}").format(
        status=answer.status, detail=detail
    )
    return LrsError(message, None, answer.status)
