"""How late an open invoice is, and the ageing bucket it falls in.

The buckets are the usual ones of an aged receivables report. The reminder
run, the overview and the demo summary all use these, so that "20 days late"
means the same thing everywhere.
"""

from datetime import date, timedelta

# (code, first day late, last day late); ``None`` has no upper bound.
BUCKETS = (
    ("not_due", None, 0),
    ("1_30", 1, 30),
    ("31_60", 31, 60),
    ("61_90", 61, 90),
    ("over_90", 91, None),
)

BUCKET_LABELS = {
    "not_due": "Not yet due",
    "1_30": "1-30 days late",
    "31_60": "31-60 days late",
    "61_90": "61-90 days late",
    "over_90": "More than 90 days late",
}


def days_late(due_date: date, on_date: date) -> int:
    """Days between the due date and ``on_date``; zero or negative when not late.

    An invoice due today is not late yet: the debtor may pay all day long.
    """
    if due_date is None or on_date is None:
        raise ValueError("days_late() needs both a due date and a date to count to")
    return (on_date - due_date).days


def ageing_bucket(late: int) -> str:
    """The code of the bucket for ``late`` days late (see ``BUCKETS``)."""
    for code, low, high in BUCKETS:
        if (low is None or late >= low) and (high is None or late <= high):
            return code
    raise AssertionError(f"no bucket for {late} days")  # pragma: no cover


def ageing_summary(items, on_date: date):
    """Count and sum open items per bucket.

    ``items`` is an iterable of ``(due_date, open_amount)`` pairs, amounts as
    ``Decimal`` or ``int`` cents. Returns ``{code: (count, total)}`` with every
    bucket present, in the order of ``BUCKETS``.
    """
    summary = {code: [0, 0] for code, _low, _high in BUCKETS}
    for due_date, amount in items:
        row = summary[ageing_bucket(days_late(due_date, on_date))]
        row[0] += 1
        row[1] += amount
    return {code: tuple(row) for code, row in summary.items()}


def week_range(on_date: date):
    """Monday and Sunday of the week of ``on_date``."""
    monday = on_date - timedelta(days=on_date.weekday())
    return monday, monday + timedelta(days=6)
