"""The attendance sheet registers ask for, as data, and as CSV or PDF in a file.

Title, type, date, start and end time (when the start was given), leader, and a row per
participant: name, team, registration number (when known), and an empty cell to sign.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from leerlog.domain.categories import category_name, label_for
from leerlog.domain.errors import InvalidValue
from leerlog.i18n import _
from leerlog.sessions.model import Sheet

if TYPE_CHECKING:
    from leerlog.domain.categories import ActivityType
    from leerlog.sessions.model import Participant, Session

SUFFIXES = (".pdf", ".csv")
# The CSV sheet: the session on every row, so that each row stands on its own in a spreadsheet.
CSV_COLUMNS = (
    "session", "date", "start", "end", "minutes", "category", "type", "title", "leader",
    "series", "name", "team", "registration_number", "signature",
)  # fmt: skip


def sheet(
    session: Session, participants: list[Participant], types: dict[str, ActivityType]
) -> Sheet:
    """The sheet of SESSION, its type named in the reader's language."""
    known = types.get(session.type) if session.type else None
    if known is not None:
        kind = label_for(known)
    elif session.type:
        kind = session.type
    else:
        kind = category_name(session.category)
    return Sheet(session, kind, participants)


def check_output(path: Path) -> str:
    """The format FILE asks for by its suffix; a usage error for any other."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InvalidValue(
            _("--output {path} is neither a .pdf nor a .csv file").format(path=path),
            _("give a file name ending in .pdf or .csv, e.g. --output presentielijst.pdf"),
        )
    return suffix[1:]


def write_csv(data: Sheet, out: TextIO) -> int:
    """The sheet as CSV (the formula guard applies); returns the number of participants."""
    from leerlog.transfer.csv_dialect import cell, csv_writer

    session = data.session
    writer = csv_writer(out)
    writer.writerow(CSV_COLUMNS)
    for participant in data.participants:
        writer.writerow(
            [
                cell(value)
                for value in (
                    session.id, session.date.isoformat(), session.start, session.end,
                    session.minutes, session.category, session.type, session.title,
                    session.leader, session.series, participant.person, participant.team,
                    participant.registration, "",
                )
            ]
        )  # fmt: skip
    return len(data.participants)


def write(data: Sheet, path: Path, language: str) -> list[str]:
    """The sheet in PATH (PDF or CSV by its suffix), written atomically; for a PDF, the
    characters its font could not show."""
    from leerlog.transfer.atomic import atomic_bytes, atomic_output

    if check_output(path) == "csv":
        with atomic_output(path) as handle:
            write_csv(data, handle)
        return []
    from leerlog.sessions.sheet_pdf import render

    content, missing = render(data, language)
    atomic_bytes(path, content)
    return missing
