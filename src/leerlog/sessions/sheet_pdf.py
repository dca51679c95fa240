"""The attendance sheet as an A4 PDF: the session on top of every page, 25 participants a page.

Every page carries the title, type, date, time and leader, so a page that was signed and
scanned on its own still says what it attests. The text is real text (searchable, and read
back by the tests); names are never wrapped: a long one is set smaller, then cut with ….
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from leerlog.i18n import _
from leerlog.sessions.model import NONE
from leerlog.transfer.pdf import A4_HEIGHT, FONT, MARGIN, document, finish, fitted, missing

if TYPE_CHECKING:
    from fpdf import FPDF

    from leerlog.sessions.model import Participant, Sheet

PER_PAGE = 25
WIDTH = 210.0 - 2 * MARGIN
# The columns of the list: number, name, team, registration number, signature (mm).
COLUMNS = (9.0, 62.0, 36.0, 35.0, 38.0)
LABEL_WIDTH = 38.0
LINE = 5.5  # a line of the session's details
HEADER_ROW = 7.0
MAX_ROW = 10.0  # room to sign
FOOTER = 10.0  # below the list: the page number


def render(sheet: Sheet, language: str) -> tuple[bytes, list[str]]:
    """The PDF's bytes, and the characters its font has no glyph for."""
    pdf = document(_("Attendance list") + ": " + sheet.session.title, language)
    people = sheet.participants
    pages = max(1, -(-len(people) // PER_PAGE))
    for page in range(pages):
        pdf.add_page()
        top = _head(pdf, sheet)
        chunk = people[page * PER_PAGE : (page + 1) * PER_PAGE]
        _list(pdf, chunk, page * PER_PAGE, top)
        _foot(pdf, sheet, page + 1, pages)
    content = finish(pdf)
    return content, missing(pdf)


def _head(pdf: FPDF, sheet: Sheet) -> float:
    """The session's details at the top of a page; where the list starts."""
    session = sheet.session
    pdf.set_xy(MARGIN, MARGIN)
    pdf.set_font(FONT, "B", 10)
    pdf.set_text_color(90)
    pdf.cell(WIDTH, 5, _("Attendance list"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0)
    _title(pdf, session.title)
    pdf.ln(2)
    rows = [
        (_("Type"), sheet.kind),
        (_("Date"), session.date.isoformat()),
        (_("Time") if session.start else _("Duration"), session.time),
        (_("Leader"), session.leader or NONE),
    ]
    if session.series:
        rows.append((_("Series"), session.series))
    rows.append((_("Present"), str(len(sheet.participants))))
    rows.append((_("Session"), session.id))
    for label, value in rows:
        pdf.set_font(FONT, "B", 9.5)
        pdf.cell(LABEL_WIDTH, LINE, label)
        pdf.set_font(FONT, "", 9.5)
        pdf.cell(WIDTH - LABEL_WIDTH, LINE, fitted(pdf, value, WIDTH - LABEL_WIDTH, 9.5))
        pdf.ln(LINE)
    return pdf.get_y() + 4


def _title(pdf: FPDF, title: str) -> None:
    """The title in at most three lines, set smaller as it grows (then in as many as it takes)."""
    size = 15.0
    while True:
        pdf.set_font(FONT, "B", size)
        lines = pdf.multi_cell(WIDTH, size * 0.45, title, dry_run=True, output="LINES")
        if len(lines) <= 3 or size <= 10:
            break
        size -= 1
    pdf.multi_cell(WIDTH, size * 0.45, title, align="L", new_x="LMARGIN", new_y="NEXT")


def _list(pdf: FPDF, people: list[Participant], before: int, top: float) -> None:
    """A table of PEOPLE (numbered after BEFORE others), from TOP down to the footer."""
    room = A4_HEIGHT - FOOTER - MARGIN / 2 - top - HEADER_ROW
    height = min(MAX_ROW, room / PER_PAGE)
    pdf.set_xy(MARGIN, top)
    pdf.set_fill_color(230)
    headers = ("#", _("Name"), _("Team"), _("Registration number"), _("Signature"))
    for width, text in zip(COLUMNS, headers, strict=True):
        pdf.set_font(FONT, "B", 8.5)
        pdf.cell(width, HEADER_ROW, fitted(pdf, text, width, 8.5), border=1, fill=True)
    pdf.ln(HEADER_ROW)
    for number, person in enumerate(people, start=before + 1):
        cells = (str(number), person.person, person.team or "", person.registration or "", "")
        for width, text in zip(COLUMNS, cells, strict=True):
            _cell(pdf, width, height, text)
        pdf.ln(height)


def _cell(pdf: FPDF, width: float, height: float, text: str) -> None:
    """One cell of the list: on one line at 10 points, else on two lines (8 points or a little
    smaller), else on one line smaller still, and cut."""
    pdf.set_font(FONT, "", 10)
    if pdf.get_string_width(text) > width - 2:
        for size in (8.0, 7.5, 7.0):
            pdf.set_font_size(size)
            line = size * 0.45
            lines = pdf.multi_cell(width, line, text, dry_run=True, output="LINES")
            if len(lines) <= 2 and height >= 2 * line + 0.5:
                x, y = pdf.get_x(), pdf.get_y()
                pdf.rect(x, y, width, height)
                pdf.set_xy(x, y + (height - len(lines) * line) / 2)
                pdf.multi_cell(width, line, text, align="L")
                pdf.set_xy(x + width, y)
                return
        pdf.set_font_size(10)
    pdf.cell(width, height, fitted(pdf, text, width, 10), border=1)


def _foot(pdf: FPDF, sheet: Sheet, page: int, pages: int) -> None:
    pdf.set_xy(MARGIN, A4_HEIGHT - FOOTER)
    pdf.set_font(FONT, "", 8)
    pdf.set_text_color(90)
    pdf.cell(WIDTH / 2, 5, "leerlog · " + sheet.session.id[:8])
    pdf.cell(WIDTH / 2, 5, _("Page {page} of {pages}").format(page=page, pages=pages), align="R")
    pdf.set_text_color(0)
