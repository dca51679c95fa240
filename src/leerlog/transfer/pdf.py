"""PDF documents with real, searchable text, in the DejaVu Sans that leerlog ships.

The PDF's own fonts know Latin-1 only; names such as Ayşe, Łukasz or Đorđe need a TrueType
font, and a system's fonts differ from one machine to the next, so leerlog carries its own
(fonts/, with their licence). fpdf2 embeds the glyphs a document uses, nothing more.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fpdf import FPDF

FONT = "DejaVu"
FONTS = Path(__file__).parent / "fonts"
A4_WIDTH, A4_HEIGHT = 210.0, 297.0  # millimetres
MARGIN = 15.0


def document(title: str, language: str) -> FPDF:
    """An empty A4 document (portrait, millimetres, 15 mm margins) that breaks no page by
    itself: the caller decides what goes on each page."""
    from fpdf import FPDF

    # fpdf2 logs the characters a font lacks; leerlog says so itself (see missing()).
    logging.getLogger("fpdf").setLevel(logging.ERROR)
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_title(title)
    pdf.set_creator("leerlog")
    pdf.set_lang(language)
    return pdf


def fitted(pdf: FPDF, text: str, width: float, size: float, smallest: float = 6.0) -> str:
    """TEXT in WIDTH mm at the current font: the size goes down to SMALLEST points first (it
    stays set), then the text is cut with …"""
    while size > smallest and pdf.get_string_width(text) > width - 2:
        size -= 0.5
        pdf.set_font_size(size)
    if pdf.get_string_width(text) <= width - 2:
        return text
    while text and pdf.get_string_width(text + "…") > width - 2:
        text = text[:-1]
    return text.rstrip() + "…"


def missing(pdf: FPDF) -> list[str]:
    """The characters written that the fonts have no glyph for (shown as nothing)."""
    codes: set[int] = set()
    for font in pdf.fonts.values():
        codes.update(getattr(font, "missing_glyphs", ()))
    return [chr(code) for code in sorted(codes)]


def finish(pdf: FPDF) -> bytes:
    """The document's bytes."""
    return bytes(pdf.output())
