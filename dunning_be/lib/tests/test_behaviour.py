from datetime import date
from decimal import Decimal

import pytest
from dunning_be_lib.behaviour import (
    CHRONIC,
    NEW,
    OCCASIONAL,
    RELIABLE,
    Behaviour,
    Thresholds,
    average_days_late,
    classify,
    days_sales_outstanding,
    percent,
    window_start,
)

TODAY = date(2026, 11, 23)
OLD = date(2024, 1, 15)  # a first invoice long ago
DEFAULT = Thresholds()


def known(**kwargs):
    """A customer known for long enough not to be new."""
    return Behaviour(first_invoice=OLD, **{"paid_count": 10, **kwargs})


def test_window_is_twelve_months_back():
    assert window_start(TODAY) == date(2025, 11, 23)
    assert window_start(date(2028, 2, 29)) == date(2027, 2, 28)


def test_percent_rounds_half_up_to_one_decimal():
    assert percent(1, 3) == Decimal("33.3")
    assert percent(2, 3) == Decimal("66.7")
    assert percent(1, 8) == Decimal("12.5")
    assert percent(0, 0) == 0


def test_average_days_late_weighs_by_amount():
    # Two invoices paid: 300 paid 30 days late, 100 paid early. The SQL's sums:
    # days late x amount of the late one, amounts of both (the early one
    # counts as 0 days late).
    late_weight, paid_amount = 30 * 300, 300 + 100
    # (30 x 300 + 0 x 100) / 400
    assert average_days_late(late_weight, paid_amount) == Decimal("22.5")
    assert average_days_late(0, 0) == 0  # nothing paid


def test_average_days_late_rounds_half_up_to_one_decimal():
    # As PostgreSQL sums them: numeric amounts, Decimal in Python.
    assert average_days_late(Decimal("10.00"), Decimal("3.00")) == Decimal("3.3")
    # 1.25 days: up to 1.3, where rounding half to even would give 1.2.
    assert average_days_late(Decimal("5.00"), Decimal("4.00")) == Decimal("1.3")
    assert average_days_late(Decimal("0.00"), Decimal("500.00")) == 0


def test_bad_debtor_is_chronic_even_when_new():
    assert classify(Behaviour(bad_debtor=True), TODAY, DEFAULT) == CHRONIC


@pytest.mark.parametrize(
    "behaviour",
    [
        Behaviour(),  # no invoice at all
        Behaviour(first_invoice=date(2026, 6, 1), paid_count=20),  # under 6 months
        known(paid_count=2),  # too few paid to judge
    ],
)
def test_new(behaviour):
    assert classify(behaviour, TODAY, DEFAULT) == NEW


def test_new_ends_six_months_after_the_first_invoice():
    six_months = Behaviour(first_invoice=date(2026, 5, 23), paid_count=5)
    assert classify(six_months, TODAY, DEFAULT) == RELIABLE
    one_day_less = Behaviour(first_invoice=date(2026, 5, 24), paid_count=5)
    assert classify(one_day_less, TODAY, DEFAULT) == NEW


@pytest.mark.parametrize(
    ("behaviour", "expected"),
    [
        (known(), RELIABLE),
        (known(late_count=1, days_late=Decimal(2)), RELIABLE),  # 10 %
        (known(late_count=2), OCCASIONAL),  # 20 %: from
        (known(late_count=1, days_late=Decimal(7)), OCCASIONAL),  # 7 days: from
        (known(late_count=5), CHRONIC),  # 50 %
        (known(late_count=1, days_late=Decimal(30)), CHRONIC),
        (known(promises_broken=2), CHRONIC),
        (known(promises_broken=1, promises_kept=3), RELIABLE),
    ],
)
def test_classes_at_their_thresholds(behaviour, expected):
    assert classify(behaviour, TODAY, DEFAULT) == expected


def test_thresholds_are_settings():
    lenient = Thresholds(
        chronic_share=80, occasional_share=60, chronic_broken_promises=0
    )
    assert classify(known(late_count=5), TODAY, lenient) == RELIABLE
    assert classify(known(promises_broken=9), TODAY, lenient) == RELIABLE
    assert classify(known(late_count=7), TODAY, lenient) == OCCASIONAL


def test_thresholds_errors():
    assert DEFAULT.errors() == []
    assert ("chronic_share", "below_occasional") in Thresholds(
        chronic_share=10
    ).errors()
    assert ("occasional_share", "over_100") in Thresholds(
        occasional_share=120, chronic_share=130
    ).errors()
    assert ("new_months", "negative") in Thresholds(new_months=-1).errors()


def test_days_sales_outstanding():
    # 30,000 owed today, 45,000 invoiced in 90 days: 60 days.
    assert days_sales_outstanding(30000, 45000) == Decimal("60.0")
    assert days_sales_outstanding(1000, 3000, days=30) == Decimal("10.0")
    assert days_sales_outstanding(500, 0) is None
