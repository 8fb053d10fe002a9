from datetime import date, timedelta
from decimal import Decimal

import pytest
from dunning_be_lib.ageing import (
    BUCKETS,
    ageing_bucket,
    ageing_summary,
    days_late,
    due_date_range,
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


@pytest.mark.parametrize(
    ("code", "first", "last"),
    [
        ("not_due", TODAY, None),
        ("1_30", date(2026, 2, 13), date(2026, 3, 14)),
        ("31_60", date(2026, 1, 14), date(2026, 2, 12)),
        ("61_90", date(2025, 12, 15), date(2026, 1, 13)),
        ("over_90", None, date(2025, 12, 14)),
    ],
)
def test_due_date_range_matches_the_bucket(code, first, last):
    assert due_date_range(code, TODAY) == (first, last)
    # the edges fall in the bucket, the days just outside do not
    for due in (first, last):
        if due is not None:
            assert ageing_bucket(days_late(due, TODAY)) == code
    if first is not None:
        assert ageing_bucket(days_late(first - timedelta(days=1), TODAY)) != code
    if last is not None:
        assert ageing_bucket(days_late(last + timedelta(days=1), TODAY)) != code


def test_due_date_range_refuses_an_unknown_bucket():
    with pytest.raises(ValueError, match="unknown ageing bucket"):
        due_date_range("over_9000", TODAY)


def test_week_range_runs_monday_to_sunday():
    # 15 March 2026 is a Sunday
    assert week_range(TODAY) == (date(2026, 3, 9), TODAY)
    assert week_range(date(2026, 3, 9)) == (date(2026, 3, 9), TODAY)
    assert week_range(date(2026, 3, 16)) == (date(2026, 3, 16), date(2026, 3, 22))
