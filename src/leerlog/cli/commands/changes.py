"""Commands that change what is logged: edit, delete, undo."""

# No `from __future__ import annotations` here: typer reads these signatures on every run, and
# string annotations make it evaluate each Annotated[...] four times (with a compile each).

from typing import TYPE_CHECKING, Annotated, Any

import typer

from leerlog.cli import common, completion
from leerlog.cli.common import (
    describe,
    out_changed,
    runtime,
    say,
)
from leerlog.cli.editing import add_proof, edit_in_editor, save
from leerlog.cli.help import command
from leerlog.cli.options import AccreditationOption, EvidenceOption, IdArgument
from leerlog.domain.errors import ConfirmationNeeded, InvalidValue
from leerlog.domain.text import user_path
from leerlog.i18n import _, ngettext

if TYPE_CHECKING:
    from leerlog.domain.models import Activity
    from leerlog.storage.journal import Undone


def edit(
    ctx: typer.Context,
    id_: IdArgument,
    category: Annotated[
        str | None,
        typer.Option(
            "--category",
            "-c",
            metavar=_("CATEGORY"),
            help=_("New category."),
            autocompletion=completion.categories,
        ),
    ] = None,
    type_: Annotated[
        str | None,
        typer.Option(
            "--type",
            metavar=_("TYPE"),
            help=_("New type ('' clears it)."),
            autocompletion=completion.types,
        ),
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help=_("New title."))] = None,
    minutes: Annotated[
        str | None, typer.Option("--minutes", "-m", metavar=_("TIME"), help=_("New time."))
    ] = None,
    date: Annotated[
        str | None, typer.Option("--date", "-d", metavar=_("DATE"), help=_("New date."))
    ] = None,
    with_: Annotated[
        str | None,
        typer.Option(
            "--with",
            metavar=_("NAME"),
            help=_("New coach or colleague ('' clears)."),
            autocompletion=completion.companions,
        ),
    ] = None,
    tag: Annotated[
        list[str] | None,
        typer.Option("--tag", "-t", metavar=_("TAG"), help=_("Replaces the tags; repeat.")),
    ] = None,
    reflection: Annotated[
        str | None, typer.Option("--reflection", "-r", help=_("New reflection."))
    ] = None,
    person: Annotated[
        str | None,
        typer.Option(
            "--person",
            "-p",
            metavar=_("NAME"),
            help=_("Move it to this person."),
            autocompletion=completion.people,
        ),
    ] = None,
    accreditation: AccreditationOption = None,
    evidence: EvidenceOption = None,
) -> None:
    """Change an activity; the earlier version stays in the journal ('leerlog undo').

    Without options, at a terminal, the activity opens in your editor ($VISUAL or $EDITOR) as
    TOML; what you save is checked as 'leerlog add' checks it, and a file with problems opens
    again with them at the top. Save an empty file to stop without changing anything.
    --evidence adds a proof file (see 'leerlog evidence').

    \b
    Example:
      leerlog edit 3f2a -m 1h45 --tag schuldhulp
      leerlog edit 3f2a --evidence certificaat.pdf
      leerlog edit 3f2a
    """
    from leerlog.domain.models import Activity, validate_input
    from leerlog.storage.store import now

    rt = runtime(ctx)
    changes: dict[str, Any] = {
        key: value
        for key, value in {
            "category": category, "type": type_, "title": title, "minutes": minutes,
            "date": date, "with": with_, "tags": tag, "reflection": reflection, "person": person,
            "accreditation": accreditation,
        }.items()
        if value is not None
    }  # fmt: skip
    paths = [user_path(path, "--evidence") for path in evidence or ()]
    if paths:
        from leerlog.registers.proofs import check_files

        check_files(paths)
    if not changes and paths:
        add_proof(rt, rt.store.find(id_), paths)
        return
    if not changes:
        if common.interactive():
            edit_in_editor(rt, id_)
            return
        raise InvalidValue(
            _("nothing to change"), _("give at least one option, e.g. --minutes 1h30")
        )
    types = rt.store.types()

    def edited(before: "Activity") -> "Activity":
        """BEFORE with the given fields changed, checked as `add` checks them."""
        data = before.as_json()
        if "type" in changes and "category" not in changes and changes["type"].strip():
            data["category"] = None  # a new type brings its own category
        data.update(changes)
        fields = {k: data[k] for k in ("person", "date", "category", "type", "minutes", "title",
                                       "with", "tags", "reflection", "accreditation")}  # fmt: skip
        entry = validate_input(fields, rt.settings.today, types)
        return Activity(
            id=before.id,
            created_at=before.created_at,
            updated_at=now(),
            session=before.session,  # a record of a group session stays one when edited
            **entry.model_dump(),
        )

    before = rt.store.find(id_)
    save(rt, before, edited(before), paths, again=edited)


def delete(
    ctx: typer.Context,
    id_: IdArgument,
    yes: Annotated[bool, typer.Option("--yes", "-y", help=_("Do not ask."))] = False,
) -> None:
    """Delete an activity; 'leerlog undo' brings it back.

    \b
    Example:
      leerlog delete 3f2a
    """
    rt = runtime(ctx)
    activity = rt.store.find(id_)
    if not yes:
        if not common.interactive():
            raise ConfirmationNeeded(
                _("delete needs a confirmation and there is no terminal to ask"),
                _("add --yes to delete without asking"),
            )
        question = _("Delete {id} {what}?").format(id=activity.id[:8], what=describe(activity))
        from leerlog.cli.prompts import confirm

        if not confirm(question):
            say(_("Nothing was deleted."))
            return
    rt.store.delete(activity, actor=rt.settings.person.value or activity.person)
    out_changed(
        _("{id}  deleted: {what}").format(id=activity.id, what=describe(activity)),
        _("activity {id} was deleted").format(id=activity.id),
    )


def undo(
    ctx: typer.Context,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help=_("Only say what undo would take back; change nothing.")),
    ] = False,
) -> None:
    """Take back your last change (add, edit, delete, import, people rename); repeat to go further
    back.

    \b
    Example:
      leerlog undo --dry-run
      leerlog undo
    """
    rt = runtime(ctx)
    if dry_run:
        preview = rt.store.undo_preview(rt.settings.me)
        common.out(_undone_line(preview, dry_run=True))
        return
    undone = rt.store.undo(rt.settings.me)
    out_changed(_undone_line(undone, dry_run=False), _("the undo was done"))


def _undone_line(undone: "Undone", dry_run: bool) -> str:
    """What undo took back, or would take back, in one line."""
    # A change beside a record (its proof, its structured reflection) journals it once more.
    activities = list({activity.id: activity for activity in reversed(undone.activities)}.values())
    activities.reverse()
    count = len(activities) + undone.more
    if undone.renamed is not None:
        old, new = undone.renamed
        text = (
            ngettext(
                "would undo (renamed {old} to {new}): {count} activity as it was",
                "would undo (renamed {old} to {new}): {count} activities as they were",
                count,
            )
            if dry_run
            else ngettext(
                "undone (renamed {old} to {new}): {count} activity as it was",
                "undone (renamed {old} to {new}): {count} activities as they were",
                count,
            )
        )
        return text.format(old=repr(old), new=repr(new), count=count)
    if count == 1:
        activity = activities[0]
        lines = {
            "add": (_("{id}  undone (added): {what}"), _("{id}  would undo (added): {what}")),
            "edit": (_("{id}  undone (changed): {what}"), _("{id}  would undo (changed): {what}")),
            "delete": (
                _("{id}  undone (deleted): {what}"),
                _("{id}  would undo (deleted): {what}"),
            ),
            "import": (
                _("{id}  undone (imported): {what}"),
                _("{id}  would undo (imported): {what}"),
            ),
            "pull": (_("{id}  undone (pulled): {what}"), _("{id}  would undo (pulled): {what}")),
        }
        return lines[undone.action][dry_run].format(id=activity.id, what=describe(activity))
    sessions = {activity.session for activity in activities}
    if undone.action in ("add", "delete") and len(sessions) == 1 and None not in sessions:
        # A group session, added or deleted as a whole.
        whole = {
            "add": (
                _("{id}  undone (session added): {count} activities"),
                _("{id}  would undo (session added): {count} activities"),
            ),
            "delete": (
                _("{id}  undone (session deleted): {count} activities"),
                _("{id}  would undo (session deleted): {count} activities"),
            ),
        }
        return whole[undone.action][dry_run].format(id=sessions.pop(), count=count)
    if undone.action == "pull":  # a pull's added activities go, the ones it removed come back
        text = (
            ngettext(
                "would undo (pulled): {count} activity as it was",
                "would undo (pulled): {count} activities as they were",
                count,
            )
            if dry_run
            else ngettext(
                "undone (pulled): {count} activity as it was",
                "undone (pulled): {count} activities as they were",
                count,
            )
        )
        return text.format(count=count)
    text = (
        ngettext(
            "would undo: {count} imported activity",
            "would undo: {count} imported activities",
            count,
        )
        if dry_run
        else ngettext(
            "undone: {count} imported activity", "undone: {count} imported activities", count
        )
    )
    return text.format(count=count)


def register(app: typer.Typer) -> None:
    for name, function in (("edit", edit), ("delete", delete), ("undo", undo),):  # fmt: skip
        command(app, name, function)
