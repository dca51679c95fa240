"""Group sessions at the terminal: the list of sessions, and one session with who was there."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from leerlog.domain.categories import category_name
from leerlog.domain.escapes import cell
from leerlog.domain.parsing import format_minutes
from leerlog.i18n import _
from leerlog.sessions.model import NONE
from leerlog.terminal.fit import Column, fitted_or_natural
from leerlog.terminal.plain import print_grid
from leerlog.terminal.tables import console

if TYPE_CHECKING:
    from leerlog.sessions.model import Participant, Session


def _kind(session: Session) -> str:
    return cell(session.type) if session.type else category_name(session.category)


def sessions_table(sessions: Sequence[Session]) -> None:
    """One line a session, newest first. In a narrow pane leaders and then titles are cut, and
    then the time, the leader and the type are left out; the id, date and count stay whole."""
    if not sessions:
        Console(stderr=True, highlight=False).print(_("No sessions found."), markup=False)
        return
    columns = [
        Column(_("session")), Column(_("date")), Column(_("time"), drop=0),
        Column(_("type"), drop=2), Column(_("present"), "right"),
        Column(_("title"), kind="text", minimum=12, cut=2),
        Column(_("leader"), kind="text", minimum=10, cut=1, drop=1),
    ]  # fmt: skip
    rows = [
        [s.id[:8], s.date.isoformat(), s.time, _kind(s), str(s.present), cell(s.title),
         cell(s.leader or "")]
        for s in sessions
    ]  # fmt: skip
    out = console()
    print_grid(out, fitted_or_natural(columns, rows, out.width))


def session_details(session: Session, people: Sequence[Participant]) -> None:
    """Every field of the session, then the people present with the ids of their activities."""
    out = console()
    time = session.time
    if session.start is not None:
        time += f" ({format_minutes(session.minutes)})"
    fields = [
        (_("session"), session.id),
        (_("title"), session.title),
        (
            _("type"),
            _kind(session) + (f" ({category_name(session.category)})" if session.type else ""),
        ),
        (_("date"), session.date.isoformat()),
        (_("time"), time),
        (_("leader"), session.leader or NONE),
        (_("series"), session.series or NONE),
        (_("logged by"), session.created_by or NONE),
        (_("present"), str(session.present)),
    ]
    width = max(len(label) for label, _value in fields)
    for label, value in fields:
        out.print(Text(f"{label.ljust(width)}  {cell(value)}"), soft_wrap=True)
    out.print()
    columns = [
        Column(_("person"), kind="text", minimum=12, cut=1),
        Column(_("team"), kind="text", minimum=8, cut=0),
        Column(_("activity")),
    ]
    rows = [[cell(p.person), cell(p.team or ""), p.activity_id] for p in people]
    print_grid(out, fitted_or_natural(columns, rows, out.width))
