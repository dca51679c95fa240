"""The 70:20:10 balance: shares per category that sum to 100.0, and their distance to a target."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from leerlog.domain.errors import InvalidValue
from leerlog.i18n import _

CATEGORY_ORDER = ("experiential", "social", "formal")

# Shares are kept in tenths of a percent, so a whole is 1000 and every step is exact integer work.
WHOLE_TENTHS = 1000

_TARGET_SPLIT = re.compile(r"\s*([:/])\s*")
_WHOLE_NUMBER = re.compile(r"[0-9]+")  # int() alone would take "+5", "1_0", other scripts' digits


def target_hint() -> str:
    """How to write a target, in the chosen language."""
    return _("write three whole numbers that add up to 100, e.g. 70:20:10")


@dataclass(frozen=True)
class Target:
    """The wished-for shares in whole percent, in CATEGORY_ORDER."""

    experiential: int
    social: int
    formal: int

    def __post_init__(self) -> None:
        parts = self.as_tuple()
        if any(type(p) is not int or p < 0 for p in parts) or sum(parts) != 100:
            message = _("not a valid target: {target}").format(target=self)
            raise InvalidValue(message, hint=target_hint())

    def as_tuple(self) -> tuple[int, int, int]:
        return (self.experiential, self.social, self.formal)

    def __str__(self) -> str:
        return ":".join(str(p) for p in self.as_tuple())


DEFAULT_TARGET = Target(70, 20, 10)


def parse_target(text: str) -> Target:
    """Read `70:20:10` (or `70 / 20 / 10`) into a Target."""
    # Three numbers of at most three digits and two separators never need more room; longer input
    # is refused before int() meets a number too long to convert.
    pieces = _TARGET_SPLIT.split(text.strip()) if len(text) <= 40 else []
    numbers, separators = pieces[::2], set(pieces[1::2])
    # A mix such as `70:20/10` is more likely a typo than a choice, so it is refused.
    if len(numbers) != 3 or len(separators) != 1 or not all(map(_WHOLE_NUMBER.fullmatch, numbers)):
        message = _("not a valid target: {target}").format(target=repr(text.strip()))
        raise InvalidValue(message, hint=target_hint())
    values = [int(n) for n in numbers]
    if sum(values) != 100:
        message = _("the target {target} adds up to {total}, not 100").format(
            target=repr(text.strip()), total=sum(values)
        )
        raise InvalidValue(message, hint=target_hint())
    return Target(*values)


def _triple_problem(what: str) -> str:
    """The message for a malformed triple, one whole sentence per kind of triple."""
    if what == "minutes":
        return _("minutes must be three whole numbers of at least 0, got {values}")
    if what == "counts":
        return _("counts must be three whole numbers of at least 0, got {values}")
    if what == "shares":
        return _("the shares must be three whole numbers of at least 0, got {values}")
    return _("the values to share out must be three whole numbers of at least 0, got {values}")


def _check_triple(values: tuple[int, ...], what: str) -> None:
    """WHAT: minutes, counts, shares or values (to share out)."""
    if type(values) is tuple and len(values) == 3:
        # The common case, checked without a generator: reports check thousands of triples.
        a, b, c = values
        if type(a) is int and type(b) is int and type(c) is int and min(a, b, c) >= 0:
            return
    if len(values) != 3 or any(type(v) is not int or v < 0 for v in values):
        raise InvalidValue(_triple_problem(what).format(values=repr(values)))


def shares_tenths(values: tuple[int, int, int]) -> tuple[int, int, int] | None:
    """Shares in tenths of a percent, largest-remainder rounded; None when nothing is logged."""
    _check_triple(values, "values")
    total = sum(values)
    if total == 0:
        return None
    floors = [WHOLE_TENTHS * v // total for v in values]
    remainders = [WHOLE_TENTHS * v % total for v in values]
    # Remainders sum to missing * total with each below total, so missing <= 2 and only
    # categories with a positive remainder get a tenth: no share moves a full tenth from exact.
    missing = WHOLE_TENTHS - sum(floors)
    # sorted() is stable, also in reverse, so on equal remainders the category listed first wins.
    for i in sorted(range(3), key=remainders.__getitem__, reverse=True)[:missing]:
        floors[i] += 1
    return (floors[0], floors[1], floors[2])


def deviation_tenths(shares: tuple[int, int, int], target: Target) -> int:
    """Half the summed gap to the target, in tenths: the share of time that would have to move."""
    _check_triple(shares, "shares")
    gaps = [s - 10 * t for s, t in zip(shares, target.as_tuple(), strict=True)]
    if sum(gaps) != 0:
        message = _("the shares {shares} do not add up to {whole} tenths").format(
            shares=repr(shares), whole=WHOLE_TENTHS
        )
        raise InvalidValue(message)
    # The gaps sum to zero, so the positive ones equal the negative ones and the total is even.
    return sum(abs(g) for g in gaps) // 2


def format_tenths(value: int | None, decimal: str = ".") -> str:
    """640 -> "64.0"; None (nothing logged) -> ""."""
    if value is None:
        return ""
    sign = "-" if value < 0 else ""
    whole, tenth = divmod(abs(value), 10)
    return f"{sign}{whole}{decimal}{tenth}"


@dataclass(frozen=True)
class Balance:
    """Minutes and activity counts per category for one person (or team) and period."""

    minutes: tuple[int, int, int]
    counts: tuple[int, int, int]
    target: Target
    by: Literal["minutes", "count"] = "minutes"

    def __post_init__(self) -> None:
        _check_triple(self.minutes, "minutes")
        _check_triple(self.counts, "counts")
        if self.by not in ("minutes", "count"):
            message = _("cannot balance by {by}").format(by=repr(self.by))
            raise InvalidValue(message, hint=_("use minutes or count"))

    @property
    def total_minutes(self) -> int:
        return sum(self.minutes)

    @property
    def total_count(self) -> int:
        return sum(self.counts)

    @property
    def base(self) -> tuple[int, int, int]:
        """The numbers the shares are taken of: minutes, or counts with by="count"."""
        return self.counts if self.by == "count" else self.minutes

    # Cached: a report asks for them several times per row, and the fields never change.
    @functools.cached_property
    def shares_tenths(self) -> tuple[int, int, int] | None:
        return shares_tenths(self.base)

    @functools.cached_property
    def deviation_tenths(self) -> int | None:
        shares = self.shares_tenths
        return None if shares is None else deviation_tenths(shares, self.target)

    @property
    def shares(self) -> tuple[float, float, float] | None:
        shares = self.shares_tenths
        return None if shares is None else (shares[0] / 10, shares[1] / 10, shares[2] / 10)

    @property
    def deviation(self) -> float | None:
        deviation = self.deviation_tenths
        return None if deviation is None else deviation / 10


def combine(balances: Iterable[Balance]) -> Balance:
    """Sum minutes and counts, e.g. for a team; all parts must share one target and one base."""
    parts = list(balances)
    if not parts:
        raise InvalidValue(_("there are no balances to combine"))
    first = parts[0]
    if any(b.target != first.target or b.by != first.by for b in parts):
        raise InvalidValue(
            _("only balances with the same target and the same base can be combined")
        )
    return Balance(
        _column_sums(b.minutes for b in parts),
        _column_sums(b.counts for b in parts),
        first.target,
        first.by,
    )


def _column_sums(triples: Iterable[tuple[int, int, int]]) -> tuple[int, int, int]:
    experiential, social, formal = (sum(column) for column in zip(*triples, strict=True))
    return (experiential, social, formal)


def summary_line(
    balance: Balance, decimal: str = ".", by: str = "minutes", whose: str = "own"
) -> str:
    """One sentence: shares against the target and how much would have to move to reach it.

    BY is "minutes" or "count"; WHOSE is "own", "team" or "everyone" (whose learning time it is).
    """
    shares, deviation = balance.shares_tenths, balance.deviation_tenths
    if shares is None or deviation is None:
        return _("no learning logged in this period")
    shown = " : ".join(format_tenths(s, decimal) for s in shares)
    target = " : ".join(str(t) for t in balance.target.as_tuple())
    if deviation == 0:
        # TRANSLATORS: {shown} is e.g. "64.0 : 24.0 : 12.0", {target} e.g. "70 : 20 : 10".
        return _("{shown} against {target} — on target").format(shown=shown, target=target)
    moving = format_tenths(deviation, decimal)
    if by == "count":
        sentence = _(
            "{shown} against {target} — {moving}% of the activities would have to be of another kind"
        )
    elif whose == "team":
        sentence = _(
            "{shown} against {target} — {moving}% of the team's learning time would have to move"
        )
    elif whose == "everyone":
        sentence = _(
            "{shown} against {target} — {moving}% of everyone's learning time would have to move"
        )
    else:
        sentence = _("{shown} against {target} — {moving}% of learning time would have to move")
    return sentence.format(shown=shown, target=target, moving=moving)
