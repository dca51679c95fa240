"""The add command: one activity, asked for where it is missing."""

# No `from __future__ import annotations` here: typer reads these signatures on every run, and
# string annotations make it evaluate each Annotated[...] four times (with a compile each).

from collections.abc import Callable
from typing import Annotated, TypeVar

import typer

from leerlog.cli.common import (
    describe,
    note_new_person,
    out_changed,
    runtime,
    say,
)
from leerlog.cli.guard import warn_stored
from leerlog.cli.help import command
from leerlog.cli.options import (
    AccreditationOption,
    DateOption,
    EvidenceOption,
    PersonOption,
    TagsOption,
    WhatArgument,
    WithOption,
)
from leerlog.domain.text import user_path
from leerlog.i18n import _

T = TypeVar("T")


def _ask(label: str, option: str, check: "Callable[[str], T]", hint: bool = True) -> "T":
    # Imported here: an add with everything on its command line asks nothing.
    from leerlog.cli.prompts import ask

    return ask(label, option, check, hint)


def add(
    ctx: typer.Context,
    what: WhatArgument = None,
    title: Annotated[
        list[str] | None,
        typer.Argument(metavar=_("TITLE"), help=_("What it was about."), show_default=False),
    ] = None,
    minutes: Annotated[
        str | None,
        typer.Option(
            "--minutes",
            "-m",
            metavar=_("TIME"),
            help=_("Net learning time: 45, 1h30, 1u30, 1:30, 1,5h."),
        ),
    ] = None,
    date: DateOption = "today",
    with_: WithOption = None,
    tag: TagsOption = None,
    reflection: Annotated[
        str | None,
        typer.Option("--reflection", "-r", help=_("What you learned, what will change.")),
    ] = None,
    accreditation: AccreditationOption = None,
    evidence: EvidenceOption = None,
    person: PersonOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help=_("Print only the new id."))] = False,
) -> None:
    """Log a learning activity.

    Missing values are asked for on a terminal. A title that starts with '-' goes after '--'.

    \b
    Example:
      leerlog add intervisie "Casus over schuldhulp" -m 1u30
      leerlog add werk "Eerste huisbezoek alleen" -m 2u -d gisteren -t huisbezoek
      leerlog add formeel "Training meldcode" -m 3u --evidence certificaat.pdf
    """
    from leerlog.domain.categories import resolve_what
    from leerlog.domain.models import Activity, check_value, validate_input
    from leerlog.storage.store import new_id, now

    rt = runtime(ctx)
    settings = rt.settings
    paths = [user_path(path, "--evidence") for path in evidence or ()]
    if paths:  # the files are checked before anything is asked or written
        from leerlog.registers.proofs import check_files

        check_files(paths)
    types = rt.store.types()
    # Each answer is checked as it is given: a typo asks that question again and keeps the rest.
    if what is None:
        category, type_key = _ask(
            _("what kind of learning (a type or a category)"),
            _("WHAT, e.g. intervisie"),
            lambda answer: resolve_what(answer, types),
            hint=False,  # the message names the nearest word; the long hint would hide it
        )
    else:
        category, type_key = resolve_what(what, types)

    def checked(field: str) -> Callable[[str], str]:
        def check(answer: str) -> str:
            check_value(field, answer, settings.today, types)
            return answer

        return check

    if title:
        text = " ".join(title)
    else:
        text = _ask(_("title"), _('TITLE, e.g. "Casus over schuldhulp"'), checked("title"))
    if minutes is None:
        minutes = _ask(_("minutes"), _("--minutes, e.g. -m 45 or -m 1h30"), checked("minutes"))
    who_ = person if person is not None else settings.me
    entry = validate_input(
        {
            "person": who_,
            "date": date,
            "category": category,
            "type": type_key,
            "minutes": minutes,
            "title": text,
            "with": with_,
            "tags": tag or [],
            "reflection": reflection,
            "accreditation": accreditation,
        },
        settings.today,
        types,
    )
    stamp = now()
    activity = Activity(id=new_id(), created_at=stamp, updated_at=stamp, **entry.model_dump())
    team = settings.team.value if activity.person == settings.person.value else None
    known: list[str] = []  # the file's people, when the write finds the person new to them
    actor = settings.person.value or activity.person
    if paths:
        from leerlog.registers.proofs import add_with_proofs

        twin = add_with_proofs(rt.store, activity, actor, team, paths, known)
    else:
        twin = rt.store.add(activity, actor=actor, team=team, known=known)
    note_new_person(activity.person, sorted(known))
    warn_stored(activity, proofs=paths)
    if twin is not None:
        say(
            _(
                "warning: this is logged already as {id} (same person, date, category, minutes "
                "and title); stored again, 'leerlog undo' takes it back"
            ).format(id=twin)
        )
    out_changed(
        activity.id
        if quiet
        else _("{id}  added: {what}").format(id=activity.id, what=describe(activity)),
        _("activity {id} was stored").format(id=activity.id),
    )


def register(app: typer.Typer) -> None:
    for name, function in (("add", add),):  # fmt: skip
        command(app, name, function)
