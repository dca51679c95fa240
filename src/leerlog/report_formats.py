"""The report as JSON and CSV, with the HR column names of the balance export."""

from __future__ import annotations

import json
from typing import Any, TextIO

from leerlog.formats import balance_json, balance_record, write_balance_csv
from leerlog.reporting import Report


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
