"""How an edit is stored: the given fields over the record as it is when the write begins, or
the whole record as the person saved it in the editor."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from leerlog.cli.common import Runtime, describe, note_new_person, out_changed, say
from leerlog.domain.escapes import cell
from leerlog.i18n import _, ngettext

if TYPE_CHECKING:
    from leerlog.domain.models import Activity


def add_proof(rt: Runtime, activity: Activity, paths: Sequence[Path]) -> None:
    from leerlog.registers.proofs import add_proofs
    from leerlog.terminal.record import size_text

    kept = add_proofs(rt.store, activity, paths, rt.settings.person.value or activity.person)
    from leerlog.cli.guard import warn_proofs

    warn_proofs(activity.id, [item.name for item in kept])
    out_changed(
        "\n".join(
            _("{id}  proof kept: {number}. {name} ({size})").format(
                id=activity.id[:8],
                number=item.number,
                name=cell(item.name),
                size=size_text(item.size),
            )
            for item in kept
        ),
        _("the proof of {id} was stored").format(id=activity.id),
    )


def save(
    rt: Runtime,
    before: Activity,
    after: Activity,
    paths: Sequence[Path] = (),
    again: Callable[[Activity], Activity] | None = None,
) -> None:
    """Store AFTER in place of BEFORE as one journaled edit, unless nothing changed; PATHS are
    kept as its proof in the same change.

    AGAIN makes AFTER from the record as it is when the write begins: an edit of some fields by
    one person and another's edit of the same record at the same moment both land, neither
    refused nor lost. Without it (the editor showed the whole record), a record changed in the
    meantime is refused.
    """
    if _same(before, after):
        if paths:
            add_proof(rt, before, paths)
            return
        say(_("Nothing changed."))
        return
    known = rt.store.person_names() if after.person != before.person else []
    actor = rt.settings.person.value or after.person
    with rt.store.change(actor, "edit") as change:
        current = change.current(before.id)
        if again is not None and current is not None and current != before:
            before, after = current, again(current)
            if _same(before, after) and not paths:  # someone made this very change meanwhile
                say(_("Nothing changed."))
                return
        change.update(before, after)  # refuses a record deleted in the meantime
        if paths:
            from leerlog.registers.proofs import attach

            attach(change, after, paths)
    note_new_person(after.person, known)
    from leerlog.cli.guard import warn_stored

    warn_stored(after, proofs=paths)
    out_changed(
        _("{id}  changed: {what}").format(id=after.id, what=describe(after)),
        _("activity {id} was changed").format(id=after.id),
    )


def _same(before: Activity, after: Activity) -> bool:
    """Whether AFTER changes nothing of BEFORE but the time it was changed."""
    return after.model_copy(update={"updated_at": before.updated_at}) == before


def _give_up(message: str) -> typer.Exit:
    say(message)
    return typer.Exit(1)


def edit_in_editor(rt: Runtime, id_: str) -> None:
    """The activity as TOML in the person's editor, until what they save passes the rules of
    `add`, or they give up (an empty file, or problems left as they were shown)."""
    from leerlog.domain.models import Activity
    from leerlog.domain.record_toml import RecordProblems, check_record, record_text, with_problems
    from leerlog.storage.store import now
    from leerlog.terminal.editor import edit_text
    from leerlog.terminal.record import local_time

    before = rt.store.find(id_)
    record = before.as_json()
    types = rt.store.types()
    header = [
        _("leerlog activity {id}, created {created}").format(
            id=before.id, created=local_time(before.created_at)
        ),
        _("Change what you like, then save and close: it is checked as 'leerlog add' checks."),
        _('minutes: 45 or "1h30"; date: "2026-11-20" or "gisteren"; "" leaves a field empty.'),
        _("Save an empty file to stop without changing anything."),
    ]
    shown = record_text(record, header)
    again = False
    while True:
        saved = edit_text(shown)
        if again and saved == shown:
            raise _give_up(_("The problems were left as they were; nothing was changed."))
        try:
            entry = check_record(saved, record, rt.settings.today, types)
        except RecordProblems as refused:
            count = len(refused.problems)
            say(
                ngettext(
                    "Not saved: {count} problem; the file opens again.",
                    "Not saved: {count} problems; the file opens again.",
                    count,
                ).format(count=count)
            )
            intro = _("Not saved. Fix what is named here and save again, or save an empty file.")
            shown = with_problems(saved, refused.problems, intro)
            again = True
            continue
        if entry is None:
            raise _give_up(_("The file was empty; nothing was changed."))
        break
    changed = entry.model_dump(mode="json", by_alias=True)
    after = Activity.model_validate({**record, **changed, "updated_at": now()})
    save(rt, before, after)
