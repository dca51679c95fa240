"""The personal-data guard on the command line: a warning when text is stored, a refusal
before activities leave the file (sync, export activities, session sheet, register dossier)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from leerlog.cli.common import Runtime, say
from leerlog.domain.errors import DataProblem
from leerlog.i18n import _, ngettext
from leerlog.privacy import finder

# An import names this many findings, one line each, and counts the rest in one line.
WARN_CAP = 20


def field_name(field: str) -> str:
    """A field's name as a person reads it in a message."""
    return {
        "title": _("title"),
        "with": _("with"),
        "tags": _("tags"),
        "reflection": _("reflection"),
        "series": _("series"),
        "leader": _("leader"),
        "proof": _("proof file name"),
        "session_title": _("session title"),
    }[field]


def kind_name(kind: str) -> str:
    """What a finding looks like, as a person reads it: 'a BSN', 'an IBAN', ..."""
    return {
        finder.BSN: _("a BSN"),
        finder.IBAN: _("an IBAN"),
        finder.EMAIL: _("an e-mail address"),
        finder.PHONE: _("a phone number"),
    }[kind]


def kind_label(kind: str) -> str:
    """What a finding looks like, for a table's cell: 'BSN', 'e-mail address', ..."""
    return {
        finder.BSN: "BSN",
        finder.IBAN: "IBAN",
        finder.EMAIL: _("e-mail address"),
        finder.PHONE: _("phone number"),
    }[kind]


def texts(activity: Any) -> dict[str, Any]:
    """The free-text fields of a stored ACTIVITY, by their JSON names."""
    return {
        "title": activity.title,
        "with": activity.with_,
        "tags": activity.tags,
        "reflection": activity.reflection,
    }


def in_field(field: str, text: str | None) -> list[finder.Finding]:
    """What TEXT, a FIELD beside an activity's own (a session's series, a proof file's name),
    looks like it holds."""
    return [finder.Finding(field, kind, masked) for kind, masked in finder.in_text(text or "")]


def warn_stored(
    activity: Any, id_: str | None = None, series: str | None = None, proofs: Iterable[Any] = ()
) -> None:
    """Say on stderr which field of the just-stored ACTIVITY, or which name of the proof files
    PROOFS (paths) kept with it, looks like a client's details; ID_ names it when that is not
    the activity's id (a session's, with its SERIES)."""
    _warn([*finder.in_record(texts(activity)), *in_field("series", series)], id_ or activity.id)
    warn_proofs(activity.id, [Path(path).name for path in proofs])


def warn_proofs(activity_id: str, names: Iterable[str]) -> None:
    """Say on stderr which of NAMES, of proof files just kept with ACTIVITY_ID, looks like a
    client's details: a dossier writes them."""
    _warn([found for name in names for found in in_field("proof", name)], activity_id)


def _warn(found: Iterable[finder.Finding], id_: str) -> None:
    for item in found:
        say(
            _(
                "warning: the {field} field of {id} looks like it holds {kind} ({value}); "
                "client data does not belong in a learning log"
            ).format(
                field=field_name(item.field),
                id=id_[:8],
                kind=kind_name(item.kind),
                value=item.masked,
            )
        )


def warn_import(found: list[tuple[int, finder.Finding]], left_out: set[int]) -> None:
    """Name what FOUND holds (an import's findings by row) in the rows that were stored (not
    those in LEFT_OUT), up to WARN_CAP."""
    kept = [(number, item) for number, item in found if number not in left_out]
    for number, item in kept[:WARN_CAP]:
        say(
            _(
                "warning: row {row}: the {field} field looks like it holds {kind} ({value}); "
                "client data does not belong in a learning log"
            ).format(
                row=number,
                field=field_name(item.field),
                kind=kind_name(item.kind),
                value=item.masked,
            )
        )
    rest = len(kept) - WARN_CAP
    if rest > 0:
        say(
            ngettext(
                "warning: and {count} more finding; 'leerlog check --all' lists them all",
                "warning: and {count} more findings; 'leerlog check --all' lists them all",
                rest,
            ).format(count=rest)
        )


def suspects(rt: Runtime, where: str, params: list[Any]) -> Iterator[tuple[dict[str, Any], Any]]:
    """Each (record, finding) among the activities WHERE selects (a ' WHERE ...' or ''), oldest
    first; the database leaves out the rows that cannot hold anything."""
    import json

    from leerlog.storage.queries import suspects_sql

    rows = rt.store.query(suspects_sql(where, finder.PREFILTER_GLOBS), params, scan=True)
    for row in sorted(rows, key=lambda row: (row["date"], row["person"], row["id"])):
        record = dict(row)
        record["tags"] = json.loads(record["tags"])
        for found in finder.in_record(record):
            yield record, found


def in_sessions(
    rt: Runtime, where: str, params: list[Any], every: bool = False
) -> Iterator[tuple[dict[str, Any], Any]]:
    """Each (record, finding) in the series, title and leader kept with the sessions that the
    activities WHERE selects belong to (a title or leader only while none of its activities has
    it any more); with EVERY, also with the sessions whose activities are all deleted."""
    from leerlog.sessions.records import own_texts

    for row in own_texts(rt.store, where, params, every=every):
        record = {
            "id": row["id"],
            "date": row["date"],
            "person": row["person"] or "",
            "session": True,
        }
        for field, text in (("session_title", "title"), ("series", "series"), ("leader", "leader")):
            for item in in_field(field, row[text]):
                yield record, item


def in_proof_names(
    rt: Runtime, where: str, params: list[Any]
) -> Iterator[tuple[dict[str, Any], Any]]:
    """Each (record, finding) in the names of the proof files kept with the activities WHERE
    selects: a dossier writes them, in its ZIP, its checksums and its overview."""
    rows = rt.store.query(
        "SELECT a.id, a.date, a.person, e.name FROM (SELECT id, date, person FROM activities"
        f"{where}) AS a JOIN evidence AS e ON e.activity_id = a.id AND e.removed_at IS NULL",
        params,
    )
    for row in rows:
        for item in in_field("proof", row["name"]):
            yield {"id": row["id"], "date": row["date"], "person": row["person"]}, item


def in_proofs(proofs: Mapping[str, Iterable[Any]]) -> Iterator[tuple[dict[str, Any], Any]]:
    """Each (record, finding) in the names of PROOFS already read (a dossier's, by activity)."""
    for activity_id, kept in proofs.items():
        for proof in kept:
            for item in in_field("proof", proof.evidence.name):
                yield {"id": activity_id}, item


def in_activities(activities: Iterable[Any]) -> Iterator[tuple[dict[str, Any], Any]]:
    """Each (record, finding) in ACTIVITIES already read (the activities of a dossier)."""
    for activity in activities:
        record = texts(activity)
        for found in finder.in_record(record):
            yield {"id": activity.id, **record}, found


def _say_found(found: Iterable[tuple[Mapping[str, Any], Any]]) -> int:
    """Name each activity and field of FOUND on stderr; how many activities that is."""
    named: dict[tuple[str, str], list[str]] = {}
    for record, item in found:
        named.setdefault((record["id"], item.field), []).append(
            f"{kind_name(item.kind)} ({item.masked})"
        )
    for (id_, field), kinds in named.items():
        say(
            _("{id}: the {field} field looks like it holds {kinds}").format(
                id=id_[:8], field=field_name(field), kinds=", ".join(kinds)
            )
        )
    return len({id_ for id_, _field in named})


def refuse(found: Iterable[tuple[Mapping[str, Any], Any]], nothing: str, verb: str) -> None:
    """Stop the command (exit 1) when FOUND holds anything, naming each activity and field;
    NOTHING says what was not done ('nothing was sent'), VERB what the option lets through."""
    found = list(found)
    count = _say_found(found)
    if not count:
        return
    hint = (
        _(
            "remove the file with 'leerlog evidence remove ID NUMBER' and add it again under "
            "another name, or give --allow-personal-data to {verb} anyway"
        )
        if all(item.field == "proof" for _record, item in found)
        else _("take it out with 'leerlog edit ID', or give --allow-personal-data to {verb} anyway")
    )
    raise DataProblem(
        ngettext(
            "{count} activity looks like it holds a client's personal data; {nothing}",
            "{count} activities look like they hold a client's personal data; {nothing}",
            count,
        ).format(count=count, nothing=nothing),
        hint.format(verb=verb),
    )


def _with_of_one(rt: Runtime, session: Any) -> bool:
    """Whether one of SESSION's activities has its leader as its `with`."""
    return bool(
        session.leader
        and rt.store.query(
            'SELECT 1 FROM activities WHERE session = ? AND "with" = ? LIMIT 1',
            [session.id, session.leader],
        )
    )


def refuse_session(rt: Runtime, session: Any, nothing: str, verb: str) -> None:
    """Stop the command (exit 1) when SESSION's activities, or the title, series or leader kept
    with it, look like they hold a client's details. The session's own are kept as logged (editing its
    activities does not change them), so when it holds some the way out is to log it again."""
    found = suspects(rt, " WHERE session = ?", [session.id])
    own: dict[finder.Finding, None] = {}
    if session.created_by is not None:  # a session of its own: an imported one is its activities
        # The leader a sheet prints is its activities' `with` while they share one; else the
        # one logged, which no activity holds.
        leader = session.leader if not _with_of_one(rt, session) else None
        own = dict.fromkeys(  # each finding once, in order
            [
                *in_field("title", session.title),
                *in_field("series", session.series),
                *in_field("leader", leader),
            ]
        )
    if not own:
        refuse(found, nothing, verb)
        return
    _say_found(found)
    for item in own:
        say(
            _("session {id}: the {field} looks like it holds {kind} ({value})").format(
                id=session.id[:8],
                field=field_name(item.field),
                kind=kind_name(item.kind),
                value=item.masked,
            )
        )
    raise DataProblem(
        _("the session looks like it holds a client's personal data; {nothing}").format(
            nothing=nothing
        ),
        _(
            "give --allow-personal-data to {verb} anyway, or delete the session and log it "
            "again without it"
        ).format(verb=verb),
    )
