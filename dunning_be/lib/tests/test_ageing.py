from datetime import date
from decimal import Decimal

import pytest
from dunning_be_lib.ageing import (
    BUCKETS,
    ageing_bucket,
    ageing_summary,
    days_late,
    week_range,
)

TODAY = date(2026, 3, 15)


def test_days_late_counts_calendar_days():
    assert days_late(date(2026, 3, 12), TODAY) == 3
    assert days_late(date(2026, 2, 13), TODAY) == 30
    # across a year end, and a leap day
    assert days_late(date(2023, 12, 31), date(2024, 3, 1)) == 61


def test_due_today_is_not_late():
    assert days_late(TODAY, TODAY) == 0
    assert ageing_bucket(0) == "not_due"
    assert ageing_bucket(days_late(date(2026, 4, 1), TODAY)) == "not_due"


@pytest.mark.parametrize(
    ("late", "bucket"),
    [
        (1, "1_30"),
        (30, "1_30"),
        (31, "31_60"),
        (60, "31_60"),
        (61, "61_90"),
        (90, "61_90"),
        (91, "over_90"),
        (3650, "over_90"),
        (-5, "not_due"),
    ],
)
def test_bucket_edges(late, bucket):
    assert ageing_bucket(late) == bucket


def test_days_late_refuses_missing_dates():
    with pytest.raises(ValueError):
        days_late(None, TODAY)


def test_summary_counts_and_sums_per_bucket_in_order():
    items = [
        (date(2026, 3, 20), Decimal("100.00")),  # not due
        (date(2026, 3, 12), Decimal("12.10")),  # 3 days
        (date(2026, 2, 23), Decimal("7.90")),  # 20 days
        (date(2026, 1, 29), Decimal("250.00")),  # 45 days
        (date(2025, 12, 15), Decimal("1000.01")),  # 90 days
        (date(2025, 12, 14), Decimal("0.99")),  # 91 days
    ]
    summary = ageing_summary(items, TODAY)
    assert list(summary) == [code for code, _low, _high in BUCKETS]
    assert summary["not_due"] == (1, Decimal("100.00"))
    assert summary["1_30"] == (2, Decimal("20.00"))
    assert summary["31_60"] == (1, Decimal("250.00"))
    assert summary["61_90"] == (1, Decimal("1000.01"))
    assert summary["over_90"] == (1, Decimal("0.99"))


def test_summary_of_nothing_is_all_zero():
    assert all(row == (0, 0) for row in ageing_summary([], TODAY).values())


def test_week_range_runs_monday_to_sunday():
    # 15 March 2026 is a Sunday
    assert week_range(TODAY) == (date(2026, 3, 9), TODAY)
    assert week_range(date(2026, 3, 9)) == (date(2026, 3, 9), TODAY)
    assert week_range(date(2026, 3, 16)) == (date(2026, 3, 16), date(2026, 3, 22))
