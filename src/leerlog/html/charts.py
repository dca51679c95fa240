"""The report's charts as geometry: bars and columns worked out here, drawn by the template."""

from __future__ import annotations

from dataclasses import dataclass

from leerlog.domain.balance import WHOLE_TENTHS, Balance, Target

# The drawing's own units: a bar is BAR_UNITS long whatever the screen, the SVG scales it.
BAR_UNITS = 1000
COLUMN_WIDTH = 40
COLUMN_GAP = 10
CHART_HEIGHT = 200
AXIS_LEFT = 36
LABEL_ROOM = 34


@dataclass(frozen=True)
class Part:
    """One category's piece of a bar or a column: where it starts and how long it is."""

    category: str
    start: float
    length: float


@dataclass(frozen=True)
class Bar:
    """A person's (or month's) shares side by side, with the target's two boundaries marked."""

    parts: tuple[Part, ...]
    marks: tuple[float, float]
    empty: bool


def _parts(balance: Balance, length: float) -> tuple[Part, ...]:
    shares = balance.shares_tenths
    if shares is None:
        return ()
    parts: list[Part] = []
    start = 0.0
    for category, share in zip(("experiential", "social", "formal"), shares, strict=True):
        size = share * length / WHOLE_TENTHS
        if size > 0:
            parts.append(Part(category, round(start, 2), round(size, 2)))
        start += size
    return tuple(parts)


def _marks(target: Target, length: float) -> tuple[float, float]:
    """Where experiential ends and where social ends, if the balance were on target."""
    first = target.experiential * length / 100
    second = (target.experiential + target.social) * length / 100
    return (round(first, 2), round(second, 2))


def bar(balance: Balance) -> Bar:
    """A horizontal bar BAR_UNITS long."""
    return Bar(
        _parts(balance, BAR_UNITS),
        _marks(balance.target, BAR_UNITS),
        balance.shares_tenths is None,
    )


@dataclass(frozen=True)
class Column:
    """One month in the trend: a stacked column of the three shares, bottom up."""

    x: float
    label: str
    year: str
    parts: tuple[Part, ...]  # start and length in chart units from the bottom
    empty: bool


@dataclass(frozen=True)
class Trend:
    """The monthly trend: columns on a 0-100 % scale with the target's boundaries as lines."""

    width: float
    height: float
    top: float
    plot_height: float
    columns: tuple[Column, ...]
    lines: tuple[float, float]  # y of the two target boundaries
    ticks: tuple[tuple[float, str], ...]  # y and label of 0, 50, 100 %


def trend(months: list[tuple[str, Balance]], target: Target) -> Trend:
    """MONTHS as (YYYY-MM, balance), oldest first; the drawing is as wide as they need."""
    top = 10.0
    plot = float(CHART_HEIGHT)
    columns: list[Column] = []
    previous_year = ""
    # Past two years the drawing is scaled down: label every few months, so labels stay apart.
    step = -(-len(months) // 24) if months else 1
    for index, (month, balance) in enumerate(months):
        year, number = month.split("-")
        parts = tuple(
            # From the bottom: experiential first, so the SVG's y grows downwards from top+plot.
            Part(p.category, round(top + plot - p.start - p.length, 2), p.length)
            for p in _parts(balance, plot)
        )
        columns.append(
            Column(
                AXIS_LEFT + index * (COLUMN_WIDTH + COLUMN_GAP),
                number if index % step == 0 else "",
                year if year != previous_year else "",
                parts,
                balance.shares_tenths is None,
            )
        )
        previous_year = year
    first, second = _marks(target, plot)
    width = AXIS_LEFT + max(len(months), 1) * (COLUMN_WIDTH + COLUMN_GAP)
    ticks = tuple((round(top + plot - plot * p / 100, 2), f"{p}%") for p in (0, 50, 100))
    return Trend(
        width,
        top + plot + LABEL_ROOM,
        top,
        plot,
        tuple(columns),
        (round(top + plot - first, 2), round(top + plot - second, 2)),
        ticks,
    )
