"""The balance report as data: per-person and per-month totals from one SQL aggregate each."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from leerlog.domain.balance import Balance, Target, combine
from leerlog.domain.periods import Period
from leerlog.i18n import _, team_name
from leerlog.storage.store import Store

_SUMS = """
    coalesce(sum(CASE WHEN a.category = 'experiential' THEN a.minutes END), 0) AS m_e,
    coalesce(sum(CASE WHEN a.category = 'social' THEN a.minutes END), 0) AS m_s,
    coalesce(sum(CASE WHEN a.category = 'formal' THEN a.minutes END), 0) AS m_f,
    count(CASE WHEN a.category = 'experiential' THEN 1 END) AS c_e,
    count(CASE WHEN a.category = 'social' THEN 1 END) AS c_s,
    count(CASE WHEN a.category = 'formal' THEN 1 END) AS c_f"""


@dataclass(frozen=True)
class Scope:
    """Whose balance: one or more named people, a team, or everyone (both None)."""

    people: tuple[str, ...] | None = None
    team: str | None = None

    def people_filter(self, column: str) -> tuple[str, list[Any]]:
        if self.people is not None:
            return f"{column} IN ({', '.join('?' for _person in self.people)})", list(self.people)
        if self.team is not None:
            return f"{column} IN (SELECT name FROM people WHERE team = ?)", [self.team]
        return "1", []

    def describe(self) -> str:
        """The scope in English, the same in every language: the `scope` value of JSON reports."""
        if self.people is not None:
            return ", ".join(self.people)
        return f"team {self.team}" if self.team is not None else "everyone"

    def display(self) -> str:
        """The scope as people read it, in the chosen language (describe() in English)."""
        if self.people is not None:
            return ", ".join(self.people)
        if self.team is not None:
            return team_name(self.team)
        return _("everyone")


@dataclass(frozen=True)
class PersonBalance:
    person: str
    team: str | None
    balance: Balance


@dataclass(frozen=True)
class MonthBalance:
    month: str  # YYYY-MM
    start: dt.date
    end: dt.date
    balance: Balance


@dataclass(frozen=True)
class Report:
    """Everything a renderer needs; computed before anything is printed."""

    scope: Scope
    start: dt.date
    end: dt.date
    period_name: str
    target: Target
    by: Literal["minutes", "count"]
    people: list[PersonBalance]
    total: Balance
    months: list[MonthBalance] | None = None

    @property
    def single(self) -> bool:
        return self.scope.people is not None and len(self.scope.people) == 1


def _balance(row: Any, target: Target, by: Literal["minutes", "count"]) -> Balance:
    return Balance(
        (row["m_e"], row["m_s"], row["m_f"]), (row["c_e"], row["c_s"], row["c_f"]), target, by
    )


def date_range(store: Store) -> tuple[dt.date | None, dt.date | None]:
    """The earliest and latest activity date in the file."""
    row = store.query("SELECT min(date) AS first, max(date) AS last FROM activities")[0]
    first, last = row["first"], row["last"]
    return (
        dt.date.fromisoformat(first) if first else None,
        dt.date.fromisoformat(last) if last else None,
    )


def resolve(store: Store, period: Period, today: dt.date) -> tuple[dt.date, dt.date]:
    """Concrete dates; only an open period needs to look at the data."""
    if period.start is not None and period.end is not None:
        return period.start, period.end
    return period.resolve(*date_range(store), today)


def person_balances(
    store: Store,
    scope: Scope,
    span: tuple[dt.date, dt.date],
    target: Target,
    by: Literal["minutes", "count"],
) -> list[PersonBalance]:
    """One GROUP BY: every person in scope, with their totals in the span (zeros included)."""
    where, params = scope.people_filter("p.name")
    rows = store.query(
        f"""SELECT p.name AS person, p.team AS team, {_SUMS}
            FROM people AS p
            LEFT JOIN activities AS a ON a.person = p.name AND a.date >= ? AND a.date <= ?
            WHERE {where}
            GROUP BY p.name ORDER BY p.name""",
        [span[0].isoformat(), span[1].isoformat(), *params],
        scan=True,
    )
    found = [PersonBalance(r["person"], r["team"], _balance(r, target, by)) for r in rows]
    if scope.people is not None:
        # A named person the file does not know yet still gets a (empty) row.
        known = {p.person for p in found}
        empty = Balance((0, 0, 0), (0, 0, 0), target, by)
        found += [PersonBalance(name, None, empty) for name in scope.people if name not in known]
        found.sort(key=lambda p: p.person)
    return found


def _months(start: dt.date, end: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    months: list[tuple[str, dt.date, dt.date]] = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        first = dt.date(year, month, 1)
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        months.append(
            (
                f"{year:04d}-{month:02d}",
                max(first, start),
                min(following - dt.timedelta(days=1), end),
            )
        )
        year, month = following.year, following.month
    return months


def month_balances(
    store: Store,
    scope: Scope,
    span: tuple[dt.date, dt.date],
    target: Target,
    by: Literal["minutes", "count"],
) -> list[MonthBalance]:
    """One GROUP BY per month of the span; months without activity appear with zeros."""
    where, params = scope.people_filter("a.person")
    rows = store.query(
        f"""SELECT substr(a.date, 1, 7) AS month, {_SUMS}
            FROM activities AS a
            WHERE a.date >= ? AND a.date <= ? AND {where}
            GROUP BY month""",
        [span[0].isoformat(), span[1].isoformat(), *params],
        scan=True,
    )
    by_month = {row["month"]: _balance(row, target, by) for row in rows}
    empty = Balance((0, 0, 0), (0, 0, 0), target, by)
    return [
        MonthBalance(name, first, last, by_month.get(name, empty))
        for name, first, last in _months(*span)
    ]


def build_report(
    store: Store,
    scope: Scope,
    period: Period,
    today: dt.date,
    target: Target,
    by: Literal["minutes", "count"] = "minutes",
    monthly: bool = False,
) -> Report:
    span = resolve(store, period, today)
    people = person_balances(store, scope, span, target, by)
    empty = Balance((0, 0, 0), (0, 0, 0), target, by)
    total = combine(p.balance for p in people) if people else empty
    months = month_balances(store, scope, span, target, by) if monthly else None
    return Report(scope, *span, period.label(*span), target, by, people, total, months)
