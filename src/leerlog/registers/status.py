"""How far a registration is, as data: what `register status` shows and the dossier holds.

Pure: built by the points computation from a profile and the person's activities, rendered by
the terminal, as JSON, and in the dossier's overview. Points are kept as whole tenths of a point
(an int), so sums are exact; they are shown with one decimal.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from leerlog.domain.models import Activity


def points(tenths: int) -> float:
    """Tenths of a point as the number JSON shows: one decimal."""
    return round(tenths / 10, 1)


def _tenths_or_none(tenths: int | None) -> float | None:
    return None if tenths is None else points(tenths)


@dataclass(frozen=True)
class Counted:
    """An activity counted in a category, with the points it brings (tenths)."""

    activity: Activity
    tenths: int


@dataclass(frozen=True)
class CategoryStatus:
    """One category of a register: its points in the period against its minimum."""

    key: str
    label: str
    tenths: int  # the points that count, after the cap
    minimum: int | None  # None: the profile leaves it to a setting that is not given
    cap: int | None
    remaining_tenths: int | None
    forecast_date: dt.date | None  # when the minimum is (or was) reached at the current pace
    shortfall_tenths: int | None  # what is still missing at the deadline at that pace
    counted: tuple[Counted, ...]
    # What the config file must still give for this category: "minimum" and/or "cap".
    not_set: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "points": points(self.tenths),
            "minimum": self.minimum,
            "cap": self.cap,
            "remaining": None if self.remaining_tenths is None else points(self.remaining_tenths),
            "forecast_date": None if self.forecast_date is None else self.forecast_date.isoformat(),
            "shortfall_at_deadline": (
                None if self.shortfall_tenths is None else points(self.shortfall_tenths)
            ),
            "not_set": list(self.not_set),
        }


@dataclass(frozen=True)
class NotCounted:
    """An activity of the person that this register does not count, and why (a code word)."""

    activity: Activity
    reason: str


@dataclass(frozen=True)
class Status:
    """A person's registration in one register, on one day."""

    profile: str
    profile_label: str
    person: str
    number: str | None
    period_start: dt.date
    period_end: dt.date  # the deadline
    today: dt.date
    minimum_total: int | None
    total_tenths: int
    categories: tuple[CategoryStatus, ...]
    not_counted: tuple[NotCounted, ...]
    # The forecast for minimum_total (None when the profile has none), as for a category.
    total_remaining_tenths: int | None = None
    total_forecast_date: dt.date | None = None
    total_shortfall_tenths: int | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "profile": self.profile,
            "person": self.person,
            "number": self.number,
            "period_start": self.period_start.isoformat(),
            "period_end": self.period_end.isoformat(),
            "minimum_total": self.minimum_total,
            "points_total": points(self.total_tenths),
            "remaining_total": _tenths_or_none(self.total_remaining_tenths),
            "forecast_date_total": (
                None if self.total_forecast_date is None else self.total_forecast_date.isoformat()
            ),
            "shortfall_total": _tenths_or_none(self.total_shortfall_tenths),
            "categories": [category.as_json() for category in self.categories],
            "not_counted": [
                {"id": item.activity.id, "reason": item.reason} for item in self.not_counted
            ],
        }
