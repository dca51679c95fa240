"""Options and arguments several commands share, declared once, with what Tab offers for them."""

# No `from __future__ import annotations`: typer reads these aliases at run time.

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from leerlog.cli import completion
from leerlog.i18n import _

PersonOption = Annotated[
    str | None,
    typer.Option(
        "--person",
        "-p",
        metavar=_("NAME"),
        help=_("Whose activities (default: you)."),
        autocompletion=completion.people,
    ),
]
TeamOption = Annotated[
    str | None,
    typer.Option(
        "--team",
        metavar=_("TEAM"),
        help=_("Everyone in this team."),
        autocompletion=completion.teams,
    ),
]
AllOption = Annotated[bool, typer.Option("--all", help=_("Everyone in the file."))]
AccreditationOption = Annotated[
    str | None,
    typer.Option(
        "--accreditation",
        metavar="ID",
        help=_("The accreditation id a register gave the activity."),
    ),
]
SinceOption = Annotated[
    str | None,
    typer.Option("--since", metavar=_("DATE"), help=_("From this date (YYYY-MM-DD, -30d, ...).")),
]
UntilOption = Annotated[
    str | None, typer.Option("--until", metavar=_("DATE"), help=_("Up to and including this date."))
]
PeriodOption = Annotated[
    str | None,
    typer.Option(
        "--period",
        metavar=_("PERIOD"),
        help=_("2026, 2026-Q3, 2026-11, 2026-W48, this-week, last-month, last-30-days, all, ..."),
        autocompletion=completion.periods,
    ),
]
WhatArgument = Annotated[
    str | None,
    typer.Argument(
        metavar=_("WHAT"),
        help=_(
            "A type (intervisie, coaching, workshop, ...) or a category "
            "(werk/70, sociaal/20, formeel/10)."
        ),
        show_default=False,
        autocompletion=completion.what,
    ),
]
IdArgument = Annotated[
    str,
    typer.Argument(
        metavar="ID",
        help=_("The id, or its first characters."),
        autocompletion=completion.activity_ids,
    ),
]
WithOption = Annotated[
    str | None,
    typer.Option(
        "--with",
        metavar=_("NAME"),
        help=_("Coach, colleague or organiser."),
        autocompletion=completion.companions,
    ),
]
TagsOption = Annotated[
    list[str] | None,
    typer.Option("--tag", "-t", metavar=_("TAG"), help=_("A tag; repeat for more.")),
]
DateOption = Annotated[
    str,
    typer.Option(
        "--date",
        "-d",
        metavar=_("DATE"),
        help=_("YYYY-MM-DD, today, gisteren, -3d."),
        show_default=_("today"),
    ),
]
EvidenceOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--evidence",
        metavar=_("FILE"),
        help=_("A proof file to keep with it (at most 20 MiB); repeat for more."),
        show_default=False,
        readable=False,  # the command says what keeps it from being read
    ),
]
AllowPersonalDataOption = Annotated[
    bool,
    typer.Option(
        "--allow-personal-data",
        help=_(
            "Let it out even when a title, with, tag or reflection looks like a client's BSN, "
            "IBAN, e-mail address or phone number."
        ),
    ),
]


class TableOrJson(StrEnum):
    """The formats of a command that shows one thing: a table for people, JSON for scripts."""

    table = "table"
    json = "json"


TableOrJsonOption = Annotated[TableOrJson, typer.Option("--format", "-f", help=_("Output format."))]
