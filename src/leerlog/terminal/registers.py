"""Registers at the terminal: the profiles and a person's registrations, and a status."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text

from leerlog.domain.escapes import cell
from leerlog.i18n import _, decimal
from leerlog.terminal.fit import Column, fitted_or_natural
from leerlog.terminal.plain import print_grid
from leerlog.terminal.tables import console

if TYPE_CHECKING:
    import datetime as dt

    from rich.console import Console

    from leerlog.registers.profile import Profile
    from leerlog.registers.status import CategoryStatus, Status

NONE = "—"


def shown(tenths: int) -> str:
    """Tenths of a point with one decimal, in the reader's decimal sign."""
    sign = "-" if tenths < 0 else ""
    tenths = abs(tenths)
    return f"{sign}{tenths // 10}{decimal()}{tenths % 10}"


def reason_text(code: str) -> str:
    """Why an activity does not count, in words."""
    if code == "after_today":
        return _("after today")
    if code == "before_period":
        return _("before the period")
    if code == "after_period":
        return _("after the period")
    if code == "excluded":
        return _("type not counted")
    if code == "no_category":
        return _("in no category")
    return code


def profiles_table(
    profiles: Sequence[Profile], registered: dict[str, tuple[dt.date, dt.date, str | None]]
) -> None:
    """One line a register: key, name, when its rules were checked, and the person's
    registration (start to deadline, number); then each register's sources.

    The period and the number stay whole in a narrow pane: the name and the date go first."""
    columns = [
        Column(_("register")),
        Column(_("name"), kind="text", minimum=10, cut=1, drop=2),
        Column(_("checked"), drop=1),
        Column(_("registered")),
        Column(_("number")),
    ]
    rows = []
    for profile in profiles:
        period, number = NONE, ""
        mine = registered.get(profile.key)
        if mine is not None:
            start, end, known = mine
            period, number = f"{start.isoformat()}..{end.isoformat()}", cell(known or NONE)
        name = cell(profile.label) + ("" if profile.builtin else " " + _("(own)"))
        rows.append([cell(profile.key), name, profile.checked.isoformat(), period, number])
    out = console()
    print_grid(out, fitted_or_natural(columns, rows, out.width))
    out.print()
    for profile in profiles:
        where = _("built in") if profile.path is None else str(profile.path)
        out.print(Text(f"{profile.key}: {where}"), soft_wrap=True)
        for source in profile.sources:
            out.print(Text(f"  {cell(source)}"), soft_wrap=True)


def _minimum(category: CategoryStatus) -> str:
    if "minimum" in category.not_set:
        return _("not set")
    return NONE if category.minimum is None else str(category.minimum)


def _forecast(
    remaining: int | None, date: dt.date | None, shortfall: int | None, reached: bool
) -> str:
    if remaining is None:
        return NONE
    if reached:
        return NONE if date is None else _("reached {date}").format(date=date.isoformat())
    if date is not None:
        return date.isoformat()
    return _("short {points}").format(points=shown(shortfall or 0))


def _not_set(out: Console, status: Status, config_file: str) -> None:
    """What the config file must still give, and the table to write there."""
    lines = [f"[registers.{status.profile}]"]
    for name in ("minimum", "cap"):
        keys = [c.key for c in status.categories if name in c.not_set]
        if keys:
            lines.append(f"{name} = {{ " + ", ".join(f"{key} = N" for key in keys) + " }")
    if len(lines) == 1:
        return
    out.print()
    out.print(Text(_("Not set yet; write in {path}, with N in points:").format(path=config_file)))
    for line in lines:
        out.print(Text("  " + line), soft_wrap=True)


def status_table(status: Status, config_file: str) -> None:
    """Per category: points, minimum, what is left and the forecast; the total; then the
    activities that do not count and why. Fits 60 columns: names are cut first."""
    out = console()
    head = f"{cell(status.profile_label)} ({status.profile}): {cell(status.person)}"
    if status.number:
        head += ", " + _("no. {number}").format(number=cell(status.number))
    out.print(Text(head))
    out.print(
        Text(
            _("period {start} to {end} (the deadline)").format(
                start=status.period_start.isoformat(), end=status.period_end.isoformat()
            )
        )
    )
    out.print(Text(_("today {today}").format(today=status.today.isoformat())))
    if status.today > status.period_end:
        out.print(
            Text(
                _("The period has ended; set the next one with {command}").format(
                    command=f"leerlog register set {status.profile} --start DATE"
                )
            )
        )
    out.print()
    columns = [
        Column(_("category"), kind="text", minimum=8, cut=1),
        Column(_("points"), "right"),
        Column(_("minimum"), "right"),
        Column(_("left"), "right"),
        Column(_("forecast")),
    ]
    rows = []
    for category in status.categories:
        points = shown(category.tenths)
        if category.cap is not None:
            points = _("{points} (max {cap})").format(points=points, cap=category.cap)
        remaining = category.remaining_tenths
        rows.append(
            [
                cell(category.label),
                points,
                _minimum(category),
                NONE if remaining is None else shown(remaining),
                _forecast(
                    remaining, category.forecast_date, category.shortfall_tenths, remaining == 0
                ),
            ]
        )
    total = status.total_remaining_tenths
    rows.append(
        [
            _("total"),
            shown(status.total_tenths),
            NONE if status.minimum_total is None else str(status.minimum_total),
            NONE if total is None else shown(total),
            _forecast(total, status.total_forecast_date, status.total_shortfall_tenths, total == 0),
        ]
    )
    print_grid(out, fitted_or_natural(columns, rows, out.width))
    _not_set(out, status, config_file)
    if not status.not_counted:
        return
    out.print()
    out.print(Text(_("Not counted:")))
    columns = [
        Column(_("id")),
        Column(_("date")),
        Column(_("title"), kind="text", minimum=10, cut=1),
        Column(_("reason"), kind="text", minimum=12, cut=2),
    ]
    rows = [
        [item.activity.id[:8], item.activity.date.isoformat(), cell(item.activity.title),
         reason_text(item.reason)]
        for item in status.not_counted
    ]  # fmt: skip
    print_grid(out, fitted_or_natural(columns, rows, out.width))
