"""The session group: one intervisie, workshop or inspiratielab, logged once for all present."""

# No `from __future__ import annotations` here: typer reads these signatures on every run, and
# string annotations make it evaluate each Annotated[...] four times (with a compile each).

from pathlib import Path
from typing import Annotated

import typer

from leerlog.cli import common
from leerlog.cli.common import (
    describe,
    note_new_people,
    one_line,
    out_changed,
    require_known,
    require_log,
    runtime,
    say,
    select_period,
)
from leerlog.cli.help import command, group
from leerlog.cli.options import (
    AccreditationOption,
    AllowPersonalDataOption,
    DateOption,
    PeriodOption,
    SinceOption,
    TagsOption,
    UntilOption,
)
from leerlog.domain.errors import ConfirmationNeeded, InvalidValue
from leerlog.domain.text import user_path
from leerlog.i18n import _

session_app = group(
    help=_(
        """Group sessions: one meeting logged once for everyone present, with its attendance list.

    \b
    Example:
      leerlog session add intervisie "Casus schuldhulp" -m 1u30 --present anna,bob --at 9:30
      leerlog session sheet 3f2a --output presentielijst.pdf
    """
    )
)

SessionId = Annotated[
    str, typer.Argument(metavar="ID", help=_("The session id, or its first characters."))
]


def add(
    ctx: typer.Context,
    what: Annotated[
        str,
        typer.Argument(
            metavar=_("WHAT"),
            help=_("A type (intervisie, casuistiekoverleg, workshop, ...) or a category."),
            show_default=False,
        ),
    ],
    title: Annotated[
        list[str],
        typer.Argument(metavar=_("TITLE"), help=_("What it was about."), show_default=False),
    ],
    present: Annotated[
        list[str],
        typer.Option(
            "--present",
            metavar=_("NAMES"),
            help=_("Who was there, separated by commas; repeat for more."),
            show_default=False,
        ),
    ],
    leader: Annotated[
        str | None,
        typer.Option(
            "--leader", metavar=_("NAME"), help=_("Who led it (gets no record unless present).")
        ),
    ] = None,
    at: Annotated[
        str | None,
        typer.Option("--at", metavar=_("HH:MM"), help=_("When it began, e.g. 9:30.")),
    ] = None,
    minutes: Annotated[
        str | None,
        typer.Option(
            "--minutes", "-m", metavar=_("TIME"), help=_("How long it took: 45, 1h30, 1u30.")
        ),
    ] = None,
    date: DateOption = "today",
    tag: TagsOption = None,
    series: Annotated[
        str | None,
        typer.Option(
            "--series", metavar=_("NAME"), help=_("The series it belongs to, e.g. a course.")
        ),
    ] = None,
    accreditation: AccreditationOption = None,
) -> None:
    """Log one session for everyone present: an activity each, with the leader as 'with'.

    One 'leerlog undo' takes the whole session back. A person named twice is logged once.

    \b
    Example:
      leerlog session add intervisie "Casus schuldhulp" -m 1u30 --present anna,bob,chantal --leader marieke --at 9:30
      leerlog session add workshop "Talentvol Coachen" -m 3u --present anna --present bob --series "Talentvol Coachen 2026"
    """
    from leerlog.domain.categories import resolve_what
    from leerlog.domain.models import check_value, validate_input
    from leerlog.sessions.model import named, parse_clock, present_names
    from leerlog.sessions.records import log_session

    rt = runtime(ctx)
    settings = rt.settings
    people = present_names(present)
    with_ = named(leader, "--leader") if leader is not None else None
    start = parse_clock(at) if at is not None else None
    from leerlog.domain.text import MAX_WITH

    series_name = one_line(
        series, "--series", MAX_WITH, _("name the series in one line of at most 200 characters")
    )
    types = rt.store.types()
    category, type_key = resolve_what(what, types)
    if minutes is None:
        from leerlog.cli.prompts import ask

        def check(answer: str) -> str:
            check_value("minutes", answer, settings.today, types)
            return answer

        minutes = ask(_("minutes"), _("--minutes, e.g. -m 45 or -m 1h30"), check)
    entry = validate_input(
        {
            "person": people[0], "date": date, "category": category, "type": type_key,
            "minutes": minutes, "title": " ".join(title), "with": with_, "tags": tag or [],
            "accreditation": accreditation,
        },
        settings.today,
        types,
    )  # fmt: skip
    me = settings.me
    known = rt.store.person_names()
    logged = log_session(
        rt.store, entry, people, start=start, series=series_name, actor=me, me=me,
        my_team=settings.team.value,
    )  # fmt: skip
    note_new_people(known, sorted(set(known).union(people)))
    first = logged.activities[0]
    from leerlog.cli.guard import warn_stored

    warn_stored(first, logged.session_id, series_name)  # the same text for everyone: said once
    lines = [
        _("{id}  session: {what}; {count} present").format(
            id=logged.session_id, what=describe(first), count=len(people)
        ),
        *(f"{activity.id}  {activity.person}" for activity in logged.activities),
    ]
    out_changed("\n".join(lines), _("session {id} was stored").format(id=logged.session_id))


def list_(
    ctx: typer.Context,
    team: Annotated[
        str | None,
        typer.Option(
            "--team", metavar=_("TEAM"), help=_("Sessions someone of this team attended.")
        ),
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    period: PeriodOption = None,
) -> None:
    """List the sessions in the log, newest first (all dates unless a period is given).

    \b
    Example:
      leerlog session list --period this-month
      leerlog session list --team "Team Noord"
    """
    from leerlog.sessions.records import list_sessions
    from leerlog.terminal.sessions import sessions_table

    rt = runtime(ctx)
    chosen = select_period(rt, period, since, until, default="all")
    require_log(rt)
    require_known(rt, None, team)
    sessions_table(list_sessions(rt.store, chosen.start, chosen.end, team))


def show(ctx: typer.Context, id_: SessionId) -> None:
    """Show a session: when, what, who led it, and everyone present.

    \b
    Example:
      leerlog session show 3f2a
    """
    from leerlog.sessions.records import find_session, get_session, participants
    from leerlog.terminal.sessions import session_details

    rt = runtime(ctx)
    require_log(rt)
    found = find_session(rt.store, id_)
    session_details(get_session(rt.store, found), participants(rt.store, found))


def delete(
    ctx: typer.Context,
    id_: SessionId,
    yes: Annotated[bool, typer.Option("--yes", "-y", help=_("Do not ask."))] = False,
) -> None:
    """Delete every activity of a session; 'leerlog undo' brings them all back.

    \b
    Example:
      leerlog session delete 3f2a
    """
    from leerlog.sessions.records import delete_session, find_session, get_session

    rt = runtime(ctx)
    require_log(rt)
    found = find_session(rt.store, id_)
    session = get_session(rt.store, found)
    if not yes:
        if not common.interactive():
            raise ConfirmationNeeded(
                _("delete needs a confirmation and there is no terminal to ask"),
                _("add --yes to delete without asking"),
            )
        from leerlog.cli.prompts import confirm

        question = _("Delete session {id} {title} with its {count} activities?").format(
            id=found[:8], title=repr(session.title), count=session.present
        )
        if not confirm(question):
            say(_("Nothing was deleted."))
            return
    removed = delete_session(rt.store, found, actor=rt.settings.me)
    lines = [
        _("{id}  deleted: session {title}; {count} activities").format(
            id=found, title=repr(session.title), count=len(removed)
        ),
        *(f"{activity.id}  {activity.person}" for activity in removed),
    ]
    out_changed("\n".join(lines), _("session {id} was deleted").format(id=found))


def sheet(
    ctx: typer.Context,
    id_: SessionId,
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", metavar=_("FILE"),
            help=_("FILE.pdf (to print and sign) or FILE.csv."), show_default=False,
        ),
    ],
    allow_personal_data: AllowPersonalDataOption = False,
) -> None:  # fmt: skip
    """Write a session's attendance list, to sign, as PDF (one A4 page per 25) or CSV.

    A title, with, tag or series that looks like a client's BSN, IBAN, e-mail address or phone
    number stops it (exit 1, nothing written) unless --allow-personal-data.

    \b
    Example:
      leerlog session sheet 3f2a --output presentielijst.pdf
      leerlog session sheet 3f2a -o presentielijst.csv
    """
    from leerlog.i18n import language
    from leerlog.sessions import sheet as sheets
    from leerlog.sessions.records import find_session, get_session, participants

    rt = runtime(ctx)
    path = user_path(output, "--output")
    sheets.check_output(path)
    if path.is_dir():
        raise InvalidValue(
            _("--output {path} is a folder").format(path=path),
            _("give a file name, e.g. {example}").format(example=path / "presentielijst.pdf"),
        )
    if path.resolve() == rt.settings.db_path.resolve():
        raise InvalidValue(
            _("{path} is the database itself; it was left as it is").format(path=path),
            _("choose another file name for the sheet"),
        )
    require_log(rt)
    found = find_session(rt.store, id_)
    session = get_session(rt.store, found)
    if not allow_personal_data:
        from leerlog.cli import guard

        guard.refuse_session(rt, session, _("nothing was written"), _("write it"))
    data = sheets.sheet(session, participants(rt.store, found), rt.store.types())
    lacking = sheets.write(data, path, language()[0])
    if lacking:
        say(
            _("note: the PDF's font has no letters for {chars}; they are left out of it").format(
                chars=" ".join(lacking[:20])
            )
        )
    say(
        _("Wrote the attendance list of {count} present to {path}").format(
            count=len(data.participants), path=path
        )
    )


def register(app: typer.Typer) -> None:
    for name, function in (
        ("add", add), ("list", list_), ("show", show), ("delete", delete), ("sheet", sheet),
    ):  # fmt: skip
        command(session_app, name, function)
    app.add_typer(session_app, name="session")
