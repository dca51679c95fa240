"""The charts' geometry, worked out by hand: where each part of a bar starts and ends."""

from __future__ import annotations

from leerlog.domain.balance import Balance, Target
from leerlog.html.charts import BAR_UNITS, bar, trend

TARGET = Target(70, 20, 10)


def test_a_bar_has_its_parts_end_to_end_and_the_target_marked() -> None:
    drawn = bar(Balance((640, 240, 120), (1, 1, 1), TARGET))
    assert BAR_UNITS == 1000
    assert [(p.category, p.start, p.length) for p in drawn.parts] == [
        ("experiential", 0.0, 640.0), ("social", 640.0, 240.0), ("formal", 880.0, 120.0),
    ]  # fmt: skip
    assert drawn.marks == (700.0, 900.0)  # 70 % and 70 + 20 %
    assert not drawn.empty


def test_an_empty_balance_draws_no_parts() -> None:
    drawn = bar(Balance((0, 0, 0), (0, 0, 0), TARGET))
    assert drawn.parts == () and drawn.empty and drawn.marks == (700.0, 900.0)


def test_the_trend_stacks_each_month_bottom_up_on_a_200_unit_scale() -> None:
    months = [
        ("2026-12", Balance((30, 10, 10), (1, 1, 1), TARGET)),  # 60 : 20 : 20
        ("2027-01", Balance((0, 0, 0), (0, 0, 0), TARGET)),
    ]
    drawn = trend(months, TARGET)
    december, january = drawn.columns
    # The plot runs from y = 10 (100 %) to y = 210 (0 %): 60 % is 120 units from the bottom.
    assert [(p.category, p.start, p.length) for p in december.parts] == [
        ("experiential", 90.0, 120.0), ("social", 50.0, 40.0), ("formal", 10.0, 40.0),
    ]  # fmt: skip
    assert (december.label, december.year, january.label, january.year) == (
        "12",
        "2026",
        "01",
        "2027",
    )
    assert january.empty and january.parts == ()
    assert drawn.lines == (70.0, 30.0)  # 70 % and 90 % of 200 up from y = 210
    assert [label for _y, label in drawn.ticks] == ["0%", "50%", "100%"]


def test_a_long_trend_labels_every_few_months() -> None:
    empty = Balance((0, 0, 0), (0, 0, 0), TARGET)
    months = [(f"{2020 + i // 12}-{i % 12 + 1:02d}", empty) for i in range(60)]
    labels = [column.label for column in trend(months, TARGET).columns]
    assert labels[:4] == ["01", "", "", "04"] and sum(1 for label in labels if label) == 20
