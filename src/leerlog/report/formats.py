"""The balance as HR rows, and the report as JSON and CSV under the HR column names."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from leerlog.domain.balance import Balance, format_tenths
from leerlog.report.balances import Report
from leerlog.transfer.csv_dialect import cell, csv_writer

BALANCE_COLUMNS = (
    "person", "team", "period_start", "period_end", "activities", "minutes_total",
    "minutes_experiential", "minutes_social", "minutes_formal",
    "pct_experiential", "pct_social", "pct_formal",
    "target_experiential", "target_social", "target_formal", "deviation",
)  # fmt: skip
_TENTHS_COLUMNS = ("pct_experiential", "pct_social", "pct_formal", "deviation")


def balance_record(
    person: str, team: str | None, start: str, end: str, balance: Balance
) -> dict[str, Any]:
    """One HR row; shares and deviation in tenths of a percent (None when there is no activity)."""
    shares = balance.shares_tenths or (None, None, None)
    return {
        "person": person,
        "team": team,
        "period_start": start,
        "period_end": end,
        "activities": balance.total_count,
        "minutes_total": balance.total_minutes,
        "minutes_experiential": balance.minutes[0],
        "minutes_social": balance.minutes[1],
        "minutes_formal": balance.minutes[2],
        "pct_experiential": shares[0],
        "pct_social": shares[1],
        "pct_formal": shares[2],
        "target_experiential": balance.target.experiential,
        "target_social": balance.target.social,
        "target_formal": balance.target.formal,
        "deviation": balance.deviation_tenths,
    }


def balance_json(record: dict[str, Any]) -> dict[str, Any]:
    """The record for JSON: tenths become numbers with one decimal, empty stays null."""
    return {
        key: (value / 10 if value is not None else None) if key in _TENTHS_COLUMNS else value
        for key, value in record.items()
    }


def write_balance_csv(records: Iterable[dict[str, Any]], out: TextIO, excel: bool = False) -> int:
    """The HR CSV of the contract; `excel` writes what Dutch Excel opens (';', decimal comma)."""
    decimal = "," if excel else "."
    writer = csv_writer(out, excel)
    writer.writerow(BALANCE_COLUMNS)
    count = 0
    for record in records:
        row = [
            format_tenths(record[column], decimal)
            if column in _TENTHS_COLUMNS
            else cell(record[column])
            for column in BALANCE_COLUMNS
        ]
        writer.writerow(row)
        count += 1
    return count


def _people(report: Report) -> list[dict[str, Any]]:
    start, end = report.start.isoformat(), report.end.isoformat()
    return [balance_record(p.person, p.team, start, end, p.balance) for p in report.people]


def _months(report: Report) -> list[dict[str, Any]]:
    person = report.scope.people[0] if report.single and report.scope.people else ""
    return [
        balance_record(person, report.scope.team, m.start.isoformat(), m.end.isoformat(), m.balance)
        for m in report.months or []
    ]


def write_report_json(report: Report, out: TextIO) -> None:
    """One object: period, basis, target, the combined total, one row per person (and month)."""
    total = balance_record(
        "", report.scope.team, report.start.isoformat(), report.end.isoformat(), report.total
    )
    document: dict[str, Any] = {
        "scope": report.scope.describe(),
        "period": report.period_name,
        "period_start": report.start.isoformat(),
        "period_end": report.end.isoformat(),
        "by": report.by,
        "target": str(report.target),
        "total": balance_json({k: v for k, v in total.items() if k != "person"}),
        "people": [balance_json(row) for row in _people(report)],
    }
    if report.months is not None:
        document["months"] = [
            {"month": m.month, **balance_json(row)}
            for m, row in zip(report.months, _months(report), strict=True)
        ]
    out.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")


def write_report_csv(report: Report, out: TextIO) -> None:
    """One row per person (or, with --monthly, per month), under the HR header."""
    rows = _months(report) if report.months is not None else _people(report)
    write_balance_csv(rows, out)
