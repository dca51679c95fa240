"""What `leerlog check` found, as a table that fits the pane: the id and the value stay whole."""

from __future__ import annotations

from collections.abc import Sequence

from leerlog.domain.escapes import cell
from leerlog.i18n import _
from leerlog.terminal.fit import Column, fitted_or_natural
from leerlog.terminal.plain import print_grid
from leerlog.terminal.tables import console


def findings_table(rows: Sequence[Sequence[str]]) -> None:
    """One line a finding: id, date, person, field, kind, masked value (the field and kind as a
    person reads them). In a narrow pane the person is cut, then the date and the person go; the
    id, field, kind and value stay whole."""
    columns = [
        Column(_("id")), Column(_("date"), drop=0),
        Column(_("person"), kind="text", minimum=8, cut=0, drop=1),
        Column(_("field")), Column(_("kind")), Column(_("value")),
    ]  # fmt: skip
    out = console()
    shown = [[id_[:8], date, cell(person), *rest] for id_, date, person, *rest in rows]
    print_grid(out, fitted_or_natural(columns, shown, out.width))
