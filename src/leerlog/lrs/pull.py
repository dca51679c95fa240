"""Read other systems' statements from the LRS into the log: each once, voids remove them again.

There is no cursor: every run reads all statements (or those since a date) and remembers, in
lrs_pulled, every statement it made an activity of or joined to one, and every statement
voided upstream; what is remembered is never added again. Each page is written in one
journaled transaction, so a run that stops keeps the pages before, and the next one resumes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
import urllib.parse
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from leerlog.domain.models import Activity
from leerlog.i18n import _
from leerlog.lrs.client import LrsClient, redirected, refused, unreadable
from leerlog.lrs.pulled import Context, Course, Skip, Void, read
from leerlog.storage.journal import COLUMNS, Change, row_to_activity
from leerlog.storage.store import Store, now

PAGE = 500

# The activities leerlog pulled from the LRS: sync never sends them back (a WHERE condition on
# activities, for sync and for export --format xapi).
NOT_PULLED = "NOT EXISTS (SELECT 1 FROM lrs_pulled AS p WHERE p.activity_id = activities.id)"


@dataclass(frozen=True)
class Line:
    """One change a pull makes, as --dry-run shows it."""

    kind: str  # "add" or "remove"
    statement_id: str
    activity: Activity

    def describe(self) -> str:
        a = self.activity
        return f"{self.kind}  {self.statement_id}  {a.date} {a.person}: {a.title}"


@dataclass
class PullResult:
    added: int = 0
    removed: int = 0
    already: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    capped: int = 0
    lines: list[Line] = field(default_factory=list)

    def summary(self) -> str:
        return _(
            "added {added}, removed {removed}, already there {already}, skipped {skipped}"
        ).format(
            added=self.added,
            removed=self.removed,
            already=self.already,
            skipped=self.skipped.total(),
        )


@dataclass
class _Plan:
    """One page's changes: new activities, activities to remove, lrs_pulled rows to write."""

    adds: list[tuple[str, Activity]] = field(default_factory=list)
    removes: list[tuple[str, Activity]] = field(default_factory=list)
    remember: dict[str, tuple[str | None, str | None, bool]] = field(default_factory=dict)
    gone: set[str] = field(default_factory=set)  # activities a void on this page removed

    def __bool__(self) -> bool:
        return bool(self.adds or self.removes or self.remember)


CHUNK = 500  # ids per IN (...): an LRS may send a longer page than asked for


def _rows(conn: sqlite3.Connection, sql: str, ids: list[str]) -> list[sqlite3.Row]:
    """SQL's rows for IDS, its {marks} filled in, in chunks within SQLite's variable limit."""
    unique = list(dict.fromkeys(ids))
    rows: list[sqlite3.Row] = []
    for start in range(0, len(unique), CHUNK):
        chunk = unique[start : start + CHUNK]
        rows += conn.execute(sql.format(marks=", ".join("?" * len(chunk))), chunk).fetchall()
    return rows


class Puller:
    """Turns pages of statements into changes; a dry run keeps them in memory only."""

    def __init__(self, store: Store, ctx: Context, actor: str, dry_run: bool) -> None:
        self.store, self.ctx, self.actor, self.dry_run = store, ctx, actor, dry_run
        self.result = PullResult()
        # What a dry run would have written so far: lrs_pulled rows, activities added/removed.
        self._pulled: dict[str, tuple[str | None, bool]] = {}
        self._activities: dict[str, Activity | None] = {}

    def _known(
        self, conn: sqlite3.Connection, ids: list[str]
    ) -> dict[str, tuple[str | None, bool]]:
        """lrs_pulled's activity and voided mark of the statements among IDS it holds."""
        rows = _rows(
            conn,
            "SELECT statement_id, activity_id, voided_at IS NOT NULL FROM lrs_pulled"
            " WHERE statement_id IN ({marks})",
            ids,
        )
        known = {row[0]: (row[1], bool(row[2])) for row in rows}
        known.update({i: self._pulled[i] for i in ids if i in self._pulled})
        return known

    def _joined(self, conn: sqlite3.Connection, activity_ids: list[str]) -> set[str]:
        """The activities among ACTIVITY_IDS that a statement not voided was pulled into before:
        one deleted here stays deleted; one an upstream void removed comes back with a new
        statement of its course (a cmi5 correction: a void and a new completed)."""
        rows = _rows(
            conn,
            "SELECT activity_id FROM lrs_pulled WHERE voided_at IS NULL AND activity_id IN ({marks})",
            activity_ids,
        )
        pulled = {aid for aid, voided in self._pulled.values() if not voided}
        return {row[0] for row in rows} | (pulled & set(activity_ids))

    def _current(self, conn: sqlite3.Connection, activity_ids: list[str]) -> dict[str, Activity]:
        rows = _rows(
            conn, f"SELECT {COLUMNS} FROM activities WHERE id IN ({{marks}})", activity_ids
        )
        found = {row["id"]: row_to_activity(row) for row in rows}
        for aid in activity_ids:
            if aid in self._activities:
                if self._activities[aid] is None:
                    found.pop(aid, None)
                else:
                    found[aid] = self._activities[aid]  # type: ignore[assignment]
        return found

    def _plan(self, conn: sqlite3.Connection, readings: list[Any]) -> tuple[_Plan, PullResult]:
        """What the page changes, read through CONN; the counts it adds to the result."""
        plan, counts = _Plan(), PullResult()
        ids = [r.statement_id for r in readings if isinstance(r, Course)]
        ids += [r.target for r in readings if isinstance(r, Void)]
        known = self._known(conn, ids) if ids else {}
        aids = list({r.activity_id for r in readings if isinstance(r, Course)})
        aids += [a for a, _v in known.values() if a is not None]
        joined = self._joined(conn, aids) if aids else set()
        current = self._current(conn, aids) if aids else {}
        voided_here = {r.target for r in readings if isinstance(r, Void)}
        later: list[Course] = []  # without an activity of their own: they may join one made here
        for reading in readings:
            if isinstance(reading, Skip):
                counts.skipped[reading.reason] += 1
            elif isinstance(reading, Course) and reading.activity is None:
                later.append(reading)
            elif isinstance(reading, Course):
                self._course(reading, known, joined, current, voided_here, plan, counts)
            else:
                self._void(conn, reading, known, current, plan, counts)
        for reading in later:
            self._course(reading, known, joined, current, voided_here, plan, counts)
        return plan, counts

    def _course(
        self,
        reading: Course,
        known: dict[str, tuple[str | None, bool]],
        joined: set[str],
        current: dict[str, Activity],
        voided_here: set[str],
        plan: _Plan,
        counts: PullResult,
    ) -> None:
        sid, aid = reading.statement_id, reading.activity_id
        if sid in known:
            counts.already += 1
        elif sid in voided_here:  # its void is on this page: it never becomes an activity
            known[sid] = (None, True)
            plan.remember[sid] = (None, reading.person, True)
            counts.skipped["voided"] += 1
        elif (aid in joined and aid not in plan.gone) or aid in current:  # it has its activity
            known[sid] = (aid, False)
            plan.remember[sid] = (aid, reading.person, False)
            counts.already += 1
        elif reading.activity is None:
            counts.skipped[reading.reason or "rules"] += 1
        else:
            known[sid] = (aid, False)
            joined.add(aid)
            current[aid] = reading.activity
            plan.remember[sid] = (aid, reading.person, False)
            plan.adds.append((sid, reading.activity))
            counts.added += 1
            counts.capped += reading.capped

    def _shared(self, conn: sqlite3.Connection, aid: str, target: str, plan: _Plan) -> bool:
        """Whether a statement other than TARGET, not voided, holds activity AID."""
        rows = conn.execute(
            "SELECT statement_id FROM lrs_pulled"
            " WHERE activity_id = ? AND voided_at IS NULL AND statement_id <> ?",
            (aid, target),
        ).fetchall()
        live = {row[0] for row in rows}
        live |= {sid for sid, (a, voided) in self._pulled.items() if a == aid and not voided}
        for sid, (a, _person, voided) in plan.remember.items():
            if voided:
                live.discard(sid)
            elif a == aid:
                live.add(sid)
        live.discard(target)
        return bool(live)

    def _void(
        self,
        conn: sqlite3.Connection,
        reading: Void,
        known: dict[str, tuple[str | None, bool]],
        current: dict[str, Activity],
        plan: _Plan,
        counts: PullResult,
    ) -> None:
        target = reading.target
        if target not in known:
            known[target] = (None, True)
            plan.remember[target] = (None, None, True)
            counts.skipped["void-unknown"] += 1
            return
        aid, voided = known[target]
        if voided:
            counts.already += 1
            return
        known[target] = (aid, True)
        plan.remember[target] = (aid, None, True)
        if aid is not None and aid in current and self._shared(conn, aid, target, plan):
            counts.skipped["void-shared"] += 1  # the course's other statement keeps it
        elif aid is not None and aid in current:
            plan.removes.append((target, current.pop(aid)))
            plan.gone.add(aid)
            counts.removed += 1
        else:
            counts.skipped["void-gone"] += 1

    def page(self, statements: list[Any]) -> None:
        readings = [read(statement, self.ctx) for statement in statements]
        plan, counts = self._plan(self.store.reader(), readings)
        if plan and not self.dry_run:
            # Planned again inside the write transaction: what it reads there is what it changes.
            with self.store.change(self.actor, "pull") as change:
                plan, counts = self._plan(change.conn, readings)
                self._write(change.conn, plan, change)
        elif plan:
            for sid, (aid, _person, voided) in plan.remember.items():
                was = self._pulled.get(sid, (aid, False))
                self._pulled[sid] = (aid if aid is not None else was[0], voided)
            self._activities.update({a.id: a for _sid, a in plan.adds})
            self._activities.update({a.id: None for _sid, a in plan.removes})
        self.result.lines += [Line("add", sid, a) for sid, a in plan.adds]
        self.result.lines += [Line("remove", sid, a) for sid, a in plan.removes]
        for name in ("added", "removed", "already", "capped"):
            setattr(self.result, name, getattr(self.result, name) + getattr(counts, name))
        self.result.skipped.update(counts.skipped)

    def _write(self, conn: sqlite3.Connection, plan: _Plan, change: Change) -> None:
        stamp = now()
        for _sid, activity in plan.removes:  # first: a course's new statement may bring it back
            change.remove(activity)
        if plan.adds:
            change.insert_many([activity.as_json() for _sid, activity in plan.adds])
        for sid, (aid, person, voided) in plan.remember.items():
            conn.execute(
                "INSERT INTO lrs_pulled (statement_id, activity_id, person, pulled_at, voided_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (statement_id) DO UPDATE SET"
                " voided_at = coalesce(lrs_pulled.voided_at, excluded.voided_at)",
                (sid, aid, person, stamp, stamp if voided else None),
            )


def _statements(answer_body: str) -> tuple[list[Any], str | None] | None:
    """The statements and the `more` link of an answer; None when it is not such an answer."""
    try:
        data = json.loads(answer_body)
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("statements"), list):
        return None
    more = data.get("more")
    if more is not None and not isinstance(more, str):
        return None
    return data["statements"], more or None


def since_parameter(day: dt.date, zone: dt.tzinfo | None = None) -> str:
    """--since DATE as the LRS's `since`: the start of that day in the local time zone (ZONE),
    in UTC, as activities' dates are local. `since` is exclusive (xAPI), so a millisecond
    before, or a statement of exactly midnight would be left out. At the first day dates can
    hold, the start of that day in UTC."""
    try:
        midnight = dt.datetime.combine(day, dt.time())
        local = midnight.replace(tzinfo=zone) if zone is not None else midnight.astimezone()
        start = local.astimezone(dt.UTC)
        start -= dt.timedelta(milliseconds=1)
    except (OverflowError, ValueError):
        start = dt.datetime.combine(day, dt.time(), dt.UTC)
    return f"{start.year:04d}" + start.strftime("-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def pages(client: LrsClient, since: dt.date | None, size: int = PAGE) -> Iterator[list[Any]]:
    """The LRS's statements, page by page, following `more` within the endpoint's origin."""
    query = {"limit": str(size)}
    if since is not None:
        query["since"] = since_parameter(since)
    url: str | None = client.endpoint + "statements?" + urllib.parse.urlencode(query)
    while url is not None:
        answer = client.request("GET", "", url=url)
        if 300 <= answer.status < 400:
            raise redirected(answer, client.endpoint)
        if 400 <= answer.status < 500:
            raise refused(answer, client.username)
        read = _statements(answer.body) if answer.status == 200 else None
        if read is None:
            raise unreadable(answer)
        statements, more = read
        yield statements
        url = client.follow(more) if more and statements else None


def pull(
    store: Store,
    client: LrsClient,
    ctx: Context,
    actor: str,
    *,
    since: dt.date | None = None,
    dry_run: bool = False,
    progress: Callable[[int], None] = lambda _: None,
    waiting: Callable[[], None] | None = None,
) -> PullResult:
    """Read the LRS into the log (or, DRY_RUN, say what that would change and change nothing).

    A real run holds the file's sync lock, so `people forget` waits until it ends.
    """
    lock = contextlib.nullcontext() if dry_run else store.exclusive(waiting)
    with lock:
        # The people as they are now: a `people forget` this run waited for is not undone.
        puller = Puller(store, replace(ctx, people=frozenset(store.person_names())), actor, dry_run)
        client.begin()
        for statements in pages(client, since):
            puller.page(statements)
            progress(len(statements))
    return puller.result
