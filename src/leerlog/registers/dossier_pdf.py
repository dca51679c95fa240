"""The dossier's overview as an A4 PDF: the registration, its status, every counted activity.

Real text (searchable, and read back by the tests), in the reader's language, with a page
number on every page. Hours are shown as h:mm (1:30 is an hour and a half), points with one
decimal. Titles, organisers and accreditations wrap within their column; a reflection wraps
across the page's width and flows on to the next page when it is long.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from leerlog.i18n import _, decimal, ngettext
from leerlog.transfer.pdf import A4_HEIGHT, FONT, MARGIN, document, finish, fitted, missing

if TYPE_CHECKING:
    from fpdf import FPDF

    from leerlog.registers.status import CategoryStatus, Counted, Status

WIDTH = 210.0 - 2 * MARGIN
BOTTOM = A4_HEIGHT - 18.0  # where the text of a page ends; the page number goes below it
LINE = 4.2  # a line of 9-point text (mm)
LABEL_WIDTH = 42.0
# The status table: category, points, minimum, remaining, forecast (mm).
STATUS_COLUMNS = (54.0, 18.0, 18.0, 20.0, 70.0)
STATUS_ALIGN = "LRRRL"
# An activity: date, title, hours, points, accreditation, organiser (mm).
ACTIVITY_COLUMNS = (23.0, 67.0, 14.0, 16.0, 30.0, 30.0)
ACTIVITY_ALIGN = "LLRRLL"
NONE = "—"


def tenths(value: int) -> str:
    """Points (as tenths) with one decimal and the reader's decimal sign: 12,5 in Dutch."""
    return f"{value // 10}{decimal()}{value % 10}"


def hours(minutes: int) -> str:
    """Minutes as h:mm."""
    return f"{minutes // 60}:{minutes % 60:02d}"


class _Pages:
    """Writes from the top of a page down, starting a new page (with its number and, inside
    a table, the table's header again) when the next piece does not fit."""

    def __init__(self, pdf: FPDF, running: str) -> None:
        self.pdf = pdf
        self.running = running
        self.repeat: Callable[[], None] | None = None

    def new_page(self) -> None:
        pdf = self.pdf
        pdf.add_page()
        pdf.set_xy(MARGIN, A4_HEIGHT - 12.0)
        pdf.set_font(FONT, "", 7.5)
        pdf.set_text_color(90)
        pdf.cell(WIDTH * 0.7, 5, fitted(pdf, self.running, WIDTH * 0.7, 7.5))
        pdf.set_font(FONT, "", 7.5)
        page = _("Page {page} of {pages}").format(page=pdf.page_no(), pages="{nb}")
        pdf.cell(WIDTH * 0.3, 5, page, align="R")
        pdf.set_text_color(0)
        pdf.set_xy(MARGIN, MARGIN)
        if self.repeat is not None:
            self.repeat()

    def room(self, height: float) -> None:
        if self.pdf.get_y() + height > BOTTOM:
            self.new_page()


def render(
    status: Status, entries: dict[str, tuple[str, ...]], language: str
) -> tuple[bytes, list[str]]:
    """The overview's bytes, and the characters its font has no glyph for; ENTRIES are the
    paths of each activity's proof files in the ZIP."""
    title = _("Register dossier")
    pdf = document(f"{title}: {status.person}, {status.profile_label}", language)
    pages = _Pages(pdf, f"leerlog · {status.person} · {status.profile_label}")
    pages.new_page()
    pdf.set_font(FONT, "B", 15)
    pdf.multi_cell(WIDTH, 7, title, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    _details(pdf, status)
    pdf.ln(4)
    _status(pages, status)
    for category in status.categories:
        _category(pages, entries, category)
    return finish(pdf), missing(pdf)


def _details(pdf: FPDF, status: Status) -> None:
    period = _("{start} to {end}").format(
        start=status.period_start.isoformat(), end=status.period_end.isoformat()
    )
    rows = (
        (_("Person"), status.person),
        (_("Register"), f"{status.profile_label} ({status.profile})"),
        (_("Registration number"), status.number or NONE),
        (_("Period"), period),
        (_("Deadline"), status.period_end.isoformat()),
        (_("Drawn up on"), status.today.isoformat()),
    )
    for label, value in rows:
        pdf.set_font(FONT, "B", 9.5)
        pdf.cell(LABEL_WIDTH, 5.5, label)
        pdf.set_font(FONT, "", 9.5)
        pdf.multi_cell(WIDTH - LABEL_WIDTH, 5.5, value, align="L", new_x="LMARGIN", new_y="NEXT")


def _heading(pages: _Pages, text: str) -> None:
    pages.room(9.0 + 3 * LINE)  # a heading is never left alone at the foot of a page
    pdf = pages.pdf
    pdf.ln(3)
    pdf.set_font(FONT, "B", 11.5)
    pdf.multi_cell(WIDTH, 6, text, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


def _capital(label: str) -> str:
    """A profile's label at the start of a heading: scholing becomes Scholing."""
    return label[:1].upper() + label[1:]


def _forecast(remaining: int | None, date: dt.date | None, shortfall: int | None) -> str:
    """Reached (remaining 0), the date the minimum is expected at the pace of the last 365
    days, or what will still be missing at the deadline at that pace."""
    if remaining is None:
        return NONE
    if remaining == 0:
        return _("reached on {date}").format(date=date.isoformat()) if date else _("reached")
    if date is not None:
        return _("expected on {date}").format(date=date.isoformat())
    return _("{points} short at the deadline").format(points=tenths(shortfall or 0))


def _status(pages: _Pages, status: Status) -> None:
    _heading(pages, _("Status"))
    headers = (_("Category"), _("Points"), _("Minimum"), _("Remaining"), _("Forecast"))
    rows = []
    for category in status.categories:
        label = category.label
        if category.cap is not None:
            label += " " + _("(at most {cap})").format(cap=category.cap)
        remaining = category.remaining_tenths
        minimum = NONE if category.minimum is None else str(category.minimum)
        rows.append(
            (
                label,
                tenths(category.tenths),
                _("not set") if "minimum" in category.not_set else minimum,
                NONE if remaining is None else tenths(remaining),
                _forecast(remaining, category.forecast_date, category.shortfall_tenths),
            )
        )
    left = status.total_remaining_tenths
    rows.append(
        (
            _("Total"),
            tenths(status.total_tenths),
            NONE if status.minimum_total is None else str(status.minimum_total),
            NONE if left is None else tenths(left),
            _forecast(left, status.total_forecast_date, status.total_shortfall_tenths),
        )
    )
    _header_row(pages.pdf, STATUS_COLUMNS, headers, STATUS_ALIGN)
    for number, row in enumerate(rows):
        _row(pages, STATUS_COLUMNS, row, STATUS_ALIGN, bold=number == len(rows) - 1)


def _header_row(
    pdf: FPDF, widths: tuple[float, ...], headers: tuple[str, ...], aligns: str
) -> None:
    pdf.set_fill_color(230)
    pdf.set_font(FONT, "B", 8.5)
    for width, text, align in zip(widths, headers, aligns, strict=True):
        pdf.cell(width, 6, fitted(pdf, text, width, 8.5), border=1, fill=True, align=align)
        pdf.set_font(FONT, "B", 8.5)
    pdf.ln(6)


def _row(
    pages: _Pages,
    widths: tuple[float, ...],
    cells: tuple[str, ...],
    aligns: str,
    bold: bool = False,
) -> None:
    """One row of a table; each cell wraps within its column, the row as tall as the tallest.

    A cell with a word wider than its column (an organiser such as "Jeugdzorgacademie") is
    set smaller, down to SMALLEST points, so that words wrap whole rather than break."""
    pdf = pages.pdf
    style = "B" if bold else ""
    sizes, lines = [], []
    for width, text in zip(widths, cells, strict=True):
        sizes.append(_whole_words(pdf, style, text, width - 1))
        pdf.set_font(FONT, style, sizes[-1])
        lines.append(
            pdf.multi_cell(width - 1, LINE, text, dry_run=True, output="LINES") if text else [""]
        )
    height = max(len(cell) for cell in lines) * LINE + 1.5
    pages.room(height)
    x, y = MARGIN, pdf.get_y()
    for width, cell, align, size in zip(widths, lines, aligns, sizes, strict=True):
        pdf.set_font(FONT, style, size)
        pdf.rect(x, y, width, height)
        pdf.set_xy(x + 0.5, y + 0.75)
        for line in cell:
            pdf.cell(width - 1, LINE, line, align=align)
            pdf.set_xy(x + 0.5, pdf.get_y() + LINE)
        x += width
    pdf.set_xy(MARGIN, y + height)


SIZE, SMALLEST = 9.0, 7.0  # points: a table's text, and the least a cell is set at


def _whole_words(pdf: FPDF, style: str, text: str, width: float) -> float:
    """The size at which TEXT's widest word fits WIDTH mm (SMALLEST when none does)."""
    pdf.set_font(FONT, style, SIZE)
    widest = max(text.split(), key=pdf.get_string_width, default="")
    fitted(pdf, widest, width, SIZE, SMALLEST)  # leaves the font at the size the word fits
    return float(pdf.font_size_pt)


def _category(pages: _Pages, entries: dict[str, tuple[str, ...]], category: CategoryStatus) -> None:
    pdf = pages.pdf
    count = len(category.counted)
    _heading(
        pages,
        ngettext(
            "{label}: {points} points from {count} activity",
            "{label}: {points} points from {count} activities",
            count,
        ).format(label=_capital(category.label), points=tenths(category.tenths), count=count),
    )
    if not count:
        pdf.set_font(FONT, "", 9)
        pdf.multi_cell(
            WIDTH, LINE, _("No activity counts here in this period."), new_x="LMARGIN", new_y="NEXT"
        )
        return
    headers = (
        _("Date"), _("Activity"), _("Hours"), _("Points"), _("Accreditation"), _("Organiser"),
    )  # fmt: skip

    def header() -> None:
        _header_row(pdf, ACTIVITY_COLUMNS, headers, ACTIVITY_ALIGN)

    pages.room(6 + 2 * LINE)
    header()
    pages.repeat = header
    for item in category.counted:
        _activity(pages, entries, item)
    pages.repeat = None


def _activity(pages: _Pages, entries: dict[str, tuple[str, ...]], item: Counted) -> None:
    activity = item.activity
    cells = (
        activity.date.isoformat(), activity.title, hours(activity.minutes), tenths(item.tenths),
        activity.accreditation or "", activity.with_ or "",
    )  # fmt: skip
    _row(pages, ACTIVITY_COLUMNS, cells, ACTIVITY_ALIGN)
    notes: list[tuple[str, str]] = []
    if activity.reflection:
        notes.append((_("Reflection"), activity.reflection))
    if entries.get(activity.id):
        notes.append((_("Evidence"), "\n".join(entries[activity.id])))
    for label, text in notes:
        _note(pages, label, text)


def _note(pages: _Pages, label: str, text: str) -> None:
    """LABEL, then TEXT wrapped over the table's width, line by line so it flows over pages
    (a page it flows on to says so at the top, instead of repeating the table's header)."""
    pdf = pages.pdf
    pdf.set_font(FONT, "", 8.5)
    lines = pdf.multi_cell(WIDTH - 4, LINE, text, dry_run=True, output="LINES")
    pages.room(LINE + 1 + min(2, len(lines)) * LINE)
    table_header = pages.repeat

    def heading(shown: str = label) -> None:
        pdf.set_x(MARGIN + 2)
        pdf.set_font(FONT, "B", 8.5)
        pdf.cell(WIDTH - 4, LINE + 1, shown, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, "", 8.5)

    heading()
    pages.repeat = lambda: heading(_("{label} (continued)").format(label=label))
    for line in lines:
        pages.room(LINE)
        pdf.set_x(MARGIN + 2)
        pdf.cell(WIDTH - 4, LINE, line, new_x="LMARGIN", new_y="NEXT")
    pages.repeat = table_header
    pdf.ln(1)
