"""Keep a Learning Record Store up to date: new statements, voids for edits and deletions."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from leerlog.i18n import _
from leerlog.lrs.client import LrsClient, LrsError, redirected, refused, unexpected
from leerlog.lrs.history import changed, pulled_activities
from leerlog.lrs.pull import NOT_PULLED
from leerlog.lrs.xapi import statement, void_id, voiding
from leerlog.storage.db import transaction
from leerlog.storage.journal import COLUMNS
from leerlog.storage.store import Store, now

BATCH = 500


@dataclass
class SyncResult:
    sent: int = 0
    voided: int = 0
    already: int = 0
    failed: int = 0
    conflicts: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return _("sent {sent}, voided {voided}, already there {already}, failed {failed}").format(
            sent=self.sent, voided=self.voided, already=self.already, failed=self.failed
        )


@dataclass(frozen=True)
class Planned:
    """One statement to send, and what it is for (shown by --dry-run and in errors)."""

    kind: str  # "send" or "void"
    activity_id: str
    version: str  # the activity's updated_at for "send"
    statement: dict[str, Any]
    description: str


def new_voids(store: Store, homepage: str) -> list[Planned]:
    """A void for every sent activity that was edited or deleted since, and for every first
    version of an activity that came from elsewhere and was edited or deleted here.

    An imported activity may have been synced by the file it came from (an export and import
    keep its updated_at, and so its statement id): the LRS may hold that statement, which this
    file never sent, so its void goes too. An LRS accepts a void of a statement it does not hold
    (xAPI 1.0.3, Data 2.3.2). Each void is stamped with the time of the change that superseded
    the statement, as `export activities --format xapi` stamps it.
    """
    rows = store.query(
        """SELECT s.activity_id, s.person, s.statement_id, s.version, a.id IS NULL AS gone
           FROM lrs_sent AS s LEFT JOIN activities AS a ON a.id = s.activity_id
           WHERE a.id IS NULL OR a.updated_at <> s.version"""
    )
    sent = {row["activity_id"]: row for row in rows}
    known = set(sent) | {
        row["activity_id"] for row in store.query("SELECT activity_id FROM lrs_sent")
    }
    done = {row["statement_id"] for row in store.query("SELECT statement_id FROM lrs_voided")}
    queued = {row["statement_id"] for row in store.query("SELECT statement_id FROM lrs_voids")}
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    times: dict[str, str] = {}
    planned: list[Planned] = []
    pulled = pulled_activities(store)
    for timeline in changed(store):
        if timeline.activity_id in pulled:
            continue
        for item in timeline.superseded:
            times[item.statement_id] = item.at
            if (
                timeline.outside
                and item.first
                and timeline.activity_id not in known
                and item.statement_id not in done
                and void_id(item.statement_id) not in queued
            ):
                planned.append(
                    _void(item.activity_id, item.statement_id, item.version.person, item.at,
                          homepage, timeline.current is None)
                )  # fmt: skip
    for row in sent.values():
        at = times.get(row["statement_id"], stamp)
        planned.append(
            _void(row["activity_id"], row["statement_id"], row["person"], at, homepage, row["gone"])
        )
    return planned


def _void(
    activity_id: str, statement_id: str, person: str, at: str, homepage: str, gone: bool
) -> Planned:
    return Planned(
        "void",
        activity_id,
        "",
        voiding(statement_id, person, homepage, at),
        (_("activity {id} (deleted)") if gone else _("activity {id} (edited)")).format(
            id=activity_id[:8]
        ),
    )


def queue_voids(store: Store, voids: list[Planned]) -> None:
    """Keep planned voids in the file, so a retry sends the very same statement."""
    if not voids:
        return
    conn = store.writer()
    with transaction(conn, store.path):
        for item in voids:
            conn.execute(
                "INSERT OR IGNORE INTO lrs_voids"
                " (statement_id, activity_id, person, body, planned_at) VALUES (?, ?, ?, ?, ?)",
                (
                    item.statement["id"],
                    item.activity_id,
                    item.statement["actor"]["account"]["name"],
                    json.dumps(item.statement, ensure_ascii=False),
                    now(),
                ),
            )
            conn.execute("DELETE FROM lrs_sent WHERE activity_id = ?", (item.activity_id,))


def queued_voids(store: Store) -> list[Planned]:
    rows = store.query("SELECT activity_id, body FROM lrs_voids ORDER BY planned_at, statement_id")
    planned = []
    for row in rows:
        body = json.loads(row["body"])
        body.pop("version", None)  # planned by a leerlog that still set it; the LRS sets it
        planned.append(
            Planned(
                "void",
                row["activity_id"],
                "",
                body,
                _("activity {id}").format(id=row["activity_id"][:8]),
            )
        )
    return planned


def unsent_where(today: dt.date) -> tuple[str, list[Any]]:
    """Which activities the LRS does not have yet, as a WHERE clause on activities and its
    parameters: what `unsent` pages through, so a check before a sync reads exactly these."""
    where = f""" WHERE date <= ? AND NOT EXISTS (
                    SELECT 1 FROM lrs_sent AS s
                    WHERE s.activity_id = activities.id AND s.version = activities.updated_at
                ) AND {NOT_PULLED}"""
    return where, [today.isoformat()]


def unsent(store: Store, homepage: str, today: dt.date, size: int) -> Iterator[list[Planned]]:
    """Pages of activities the LRS does not have yet; future dates wait until their day."""
    after = ("", "")
    where, params = unsent_where(today)
    while True:
        rows = store.query(
            f"SELECT {COLUMNS} FROM activities{where} AND (date, id) > (?, ?)"
            " ORDER BY date, id LIMIT ?",
            (*params, *after, size),
        )
        if not rows:
            return
        voided = _voided(store, [row["id"] for row in rows])
        page = []
        for row in rows:
            record = dict(row)
            record["tags"] = json.loads(record["tags"])
            generation = 0
            while (made := statement(record, homepage, generation))["id"] in voided:
                generation += 1
            description = f"{record['date']} {record['person']}: {record['title']}"
            page.append(Planned("send", record["id"], record["updated_at"], made, description))
        yield page
        after = (rows[-1]["date"], rows[-1]["id"])


def _voided(store: Store, activity_ids: list[str]) -> set[str]:
    """Statement ids the LRS holds as voided for these activities: never to be reused."""
    marks = ", ".join("?" for _id in activity_ids)
    rows = store.query(
        f"SELECT statement_id FROM lrs_voided WHERE activity_id IN ({marks})", activity_ids
    )
    return {row["statement_id"] for row in rows}


def _chunks(items: list[Planned], size: int) -> Iterator[list[Planned]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def confirmed_ids(body: str) -> list[str] | None:
    """The statement ids in a 200 answer to a POST, or None when the body is not such a list."""
    try:
        ids = json.loads(body)
    except ValueError:
        return None
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        return None
    return ids


class Syncer:
    """Sends batches and records, after each, what the LRS now holds.

    A statement counts as sent only on a 200 whose body lists exactly the ids sent, or on a 204
    to its own PUT. An LRS that already held some of a batch (Ralph then answers a POST with
    204, or lists only the new ids) is asked again per statement, by PUT, which confirms each.
    """

    def __init__(self, store: Store, client: LrsClient, progress: Callable[[int], None]) -> None:
        self.store, self.client, self.progress = store, client, progress
        self.result = SyncResult()

    def send(self, batch: list[Planned]) -> None:
        answer = self.client.post([item.statement for item in batch])
        ids = [item.statement["id"] for item in batch]
        if answer.status == 200:
            listed = confirmed_ids(answer.body)
            if listed is not None and sorted(listed) == sorted(ids):
                self._count(batch[0].kind, len(batch))
                self._record(batch)
            elif (
                listed is not None
                and len(set(listed)) == len(listed) < len(ids)
                and set(listed) < set(ids)
            ):
                self._one_by_one(batch, new=set(listed))
            else:
                raise unexpected(answer, "POST")
        elif answer.status == 204:
            self._one_by_one(batch, new=set())
        elif 300 <= answer.status < 400:
            raise redirected(answer, self.client.endpoint)
        elif answer.status in (401, 403):
            raise refused(answer, self.client.username)
        elif 400 <= answer.status < 500:
            self._one_by_one(batch)
        else:
            raise unexpected(answer, "POST")
        self.progress(len(batch))

    def _count(self, kind: str, n: int) -> None:
        if kind == "void":
            self.result.voided += n
        else:
            self.result.sent += n

    def _one_by_one(self, batch: list[Planned], new: set[str] | None = None) -> None:
        """Each statement by PUT: after a refused batch, to name the activity the LRS objects to;
        after a POST that confirmed only part of a batch, to confirm the rest (NEW: the ids the
        LRS said it stored; the others it held already)."""
        for item in batch:
            answer = self.client.put(item.statement)
            if answer.status == 204:
                if new is None or item.statement["id"] in new:
                    self._count(item.kind, 1)
                else:
                    self.result.already += 1
                self._record([item])
            elif answer.status == 409:
                self.result.failed += 1
                self.result.conflicts.append(
                    _(
                        "conflict: the LRS holds other content under the statement id for {what}"
                    ).format(what=item.description)
                )
            elif 300 <= answer.status < 400:
                raise redirected(answer, self.client.endpoint)
            elif 400 <= answer.status < 500:
                self.result.failed += 1
                error = refused(answer, self.client.username)
                raise LrsError(
                    _("the LRS refused the statement for {what}: {problem}").format(
                        what=item.description, problem=error.message
                    ),
                    error.hint or _("check the activity with 'leerlog list', then sync again"),
                    answer.status,
                )
            else:
                raise unexpected(answer, "PUT")

    def _record(self, batch: list[Planned]) -> None:
        """Remember what the LRS holds now; a run that stops after this resumes from here."""
        conn = self.store.writer()
        stamp = now()
        with transaction(conn, self.store.path):
            conn.executemany(
                "INSERT OR REPLACE INTO lrs_sent (activity_id, person, statement_id, version, sent_at)"
                " VALUES (?, ?, ?, ?, ?)",
                [
                    (
                        i.activity_id,
                        i.statement["actor"]["account"]["name"],
                        i.statement["id"],
                        i.version,
                        stamp,
                    )
                    for i in batch
                    if i.kind == "send"
                ],
            )
            voids = [i for i in batch if i.kind == "void"]
            conn.executemany(
                "INSERT OR IGNORE INTO lrs_voided (statement_id, activity_id, person) VALUES (?, ?, ?)",
                [
                    (
                        i.statement["object"]["id"],
                        i.activity_id,
                        i.statement["actor"]["account"]["name"],
                    )
                    for i in voids
                ],
            )
            conn.executemany(
                "DELETE FROM lrs_voids WHERE statement_id = ?",
                [(i.statement["id"],) for i in voids],
            )


def sync(
    store: Store,
    client: LrsClient,
    homepage: str,
    today: dt.date,
    *,
    batch: int = BATCH,
    progress: Callable[[int], None] = lambda _: None,
    waiting: Callable[[], None] | None = None,
) -> SyncResult:
    """Voids first (so an edited activity never shows twice as current), then new statements.

    The run holds the file's sync lock, so `people forget` waits until it ends (WAITING is
    called when the run itself has to wait for one); the run's deadline starts once it holds it.
    """
    with store.exclusive(waiting):
        client.begin()
        syncer = Syncer(store, client, progress)
        queue_voids(store, new_voids(store, homepage))
        for chunk in _chunks(queued_voids(store), batch):
            syncer.send(chunk)
        for page in unsent(store, homepage, today, batch):
            syncer.send(page)
    return syncer.result


def dry_run(store: Store, homepage: str, today: dt.date) -> Iterator[Planned]:
    """What sync would send, without sending or changing anything."""
    yield from queued_voids(store)
    yield from new_voids(store, homepage)
    for page in unsent(store, homepage, today, BATCH):
        yield from page
