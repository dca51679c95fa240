"""The balance report as an HTML page: the report's numbers, the charts' geometry, one template."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from leerlog.domain.balance import Balance, format_tenths, summary_line
from leerlog.domain.categories import category_name
from leerlog.html import charts
from leerlog.i18n import N_, _, decimal, language, team_name
from leerlog.report.balances import Report
from leerlog.report.formats import balance_json, balance_record

CATEGORIES = ("experiential", "social", "formal")
MONTHS = (
    N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
    N_("July"), N_("August"), N_("September"), N_("October"), N_("November"), N_("December"),
)  # fmt: skip


@dataclass(frozen=True)
class Cell:
    """A table cell: what people read, and the number of `--format json` under its key."""

    label: str  # the column's heading, repeated on a phone where the row becomes a card
    text: str
    key: str
    value: str  # the JSON value, as JSON
    number: bool


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    total: bool = False


@dataclass(frozen=True)
class Person:
    name: str
    team: str
    bar: charts.Bar
    alternative: str


def _tenths(value: int | None) -> str:
    return format_tenths(value, decimal())


def month_name(month: str) -> str:
    """'2026-03' as people read it: 'March 2026' (in Dutch 'maart 2026')."""
    year, number = month.split("-")
    return _("{month} {year}").format(month=_(MONTHS[int(number) - 1]), year=year)


def _cell(label: str, key: str, record: dict[str, Any], text: str | None = None) -> Cell:
    value = balance_json(record)[key]
    shown = text if text is not None else _shown(key, record[key])
    return Cell(label, shown, key, json.dumps(value, ensure_ascii=False), key not in _WORDS)


_WORDS = ("person", "team", "month")
_TENTHS = ("pct_experiential", "pct_social", "pct_formal", "deviation")


def _shown(key: str, value: Any) -> str:
    if key in _TENTHS:
        return _tenths(value)
    return "" if value is None else str(value)


def _shares_text(balance: Balance) -> str:
    shares = balance.shares_tenths
    if shares is None:
        return _("nothing logged")
    return ", ".join(
        _("{category} {share}%").format(category=category_name(name), share=_tenths(share))
        for name, share in zip(CATEGORIES, shares, strict=True)
    )


def _target_text(balance: Balance) -> str:
    return " : ".join(str(t) for t in balance.target.as_tuple())


def _balance_cells(record: dict[str, Any]) -> list[Cell]:
    return [
        _cell(_("activities"), "activities", record),
        _cell(_("minutes"), "minutes_total", record),
        *(_cell(category_name(name), f"pct_{name}", record) for name in CATEGORIES),
        _cell(_("deviation"), "deviation", record),
    ]


def category_rows(report: Report) -> list[Row]:
    """The three categories and the total of the whole scope."""
    record = _record(report, report.total, "", report.scope.team)
    rows: list[Row] = []
    for name in CATEGORIES:
        rows.append(
            Row(
                (
                    Cell(_("category"), category_name(name), "", '""', False),
                    _cell(_("minutes"), f"minutes_{name}", record),
                    _cell(_("share"), f"pct_{name}", record),
                    _cell(_("target"), f"target_{name}", record),
                )
            )
        )
    rows.append(
        Row(
            (
                Cell(_("category"), _("total"), "", '""', False),
                _cell(_("minutes"), "minutes_total", record),
                Cell(_("share"), "" if report.total.shares_tenths is None else _tenths(1000),
                     "", '""', True),
                Cell(_("target"), "100", "", '""', True),
            ),
            total=True,
        )
    )  # fmt: skip
    return rows


def _record(report: Report, balance: Balance, person: str, team: str | None) -> dict[str, Any]:
    start, end = report.start.isoformat(), report.end.isoformat()
    return balance_record(person, team, start, end, balance)


def people_rows(report: Report) -> list[Row]:
    rows: list[Row] = []
    for person in report.people:
        record = _record(report, person.balance, person.person, person.team)
        rows.append(
            Row(
                (
                    _cell(_("person"), "person", record),
                    _cell(_("team"), "team", record),
                    *_balance_cells(record),
                )
            )
        )
    return rows


def month_rows(report: Report) -> list[Row]:
    rows: list[Row] = []
    for month in report.months or []:
        record = balance_record(
            "", report.scope.team, month.start.isoformat(), month.end.isoformat(), month.balance
        )
        record["month"] = month.month
        rows.append(
            Row(
                (
                    _cell(_("month"), "month", record, month_name(month.month)),
                    *_balance_cells(record),
                )
            )
        )
    return rows


def people(report: Report) -> list[Person]:
    return [
        Person(
            p.person,
            team_name(p.team) if p.team else "",
            charts.bar(p.balance),
            _("{name}: {shares} (target {target})").format(
                name=p.person, shares=_shares_text(p.balance), target=_target_text(p.balance)
            ),
        )
        for p in report.people
    ]


def title(report: Report) -> str:
    period = _("{start} to {end}").format(start=report.start, end=report.end)
    if "_" not in report.period_name:
        period = f"{report.period_name} ({period})"
    by = _("by minutes") if report.by == "minutes" else _("by number of activities")
    return _("Learning balance of {who} · {period} · {by}").format(
        who=report.scope.display(), period=period, by=by
    )


def _whose(report: Report) -> str:
    if report.scope.people is not None:
        return "own"
    return "team" if report.scope.team is not None else "everyone"


def _trend(report: Report) -> dict[str, Any] | None:
    if report.months is None:
        return None
    drawing = charts.trend([(m.month, m.balance) for m in report.months], report.target)
    description = "; ".join(
        f"{month_name(m.month)}: {_shares_text(m.balance)}" for m in report.months
    )
    return {"chart": drawing, "description": description}


def render(report: Report, today: dt.date) -> str:
    """The whole page as one string: inline CSS and SVG, nothing fetched from elsewhere."""
    from jinja2 import Environment, PackageLoader, StrictUndefined

    environment = Environment(
        loader=PackageLoader("leerlog.html", "templates"),
        autoescape=True,  # every name and title is text, never markup
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    template = environment.get_template("report.html.j2")
    legend = [(name, category_name(name)) for name in CATEGORIES]
    return template.render(
        lang=language()[0],
        title=title(report),
        summary=summary_line(report.total, decimal(), report.by, _whose(report)),
        categories=category_rows(report),
        people_rows=people_rows(report) if not report.single else [],
        people=people(report),  # one person's page has their bar too, not the table
        months=month_rows(report) if report.months is not None else [],
        trend=_trend(report),
        legend=legend,
        units=charts,
        text={
            "balance": _("Balance"),
            "people": _("Balance per person"),
            "people_note": _("Each bar shows the shares; the two marks show where the target puts the boundaries."),
            "trend": _("Monthly trend"),
            "trend_note": _("Shares of each month, bottom up; the dashed lines mark the target."),
            "target": _("target"),
            "made": _("Made by leerlog on {date}.").format(date=today.isoformat()),
        },
    )  # fmt: skip
