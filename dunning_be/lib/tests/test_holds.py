from datetime import date
from decimal import Decimal as D

import pytest
from dunning_be_lib.holds import (
    BankLine,
    covered_by_credits,
    feed_is_stale,
    paid_by_bank_line,
)


@pytest.mark.parametrize(
    ("last", "today", "stale"),
    [
        (None, date(2026, 11, 23), False),  # never a statement line
        # Thu 19 Nov + 3 working days = Tue 24 Nov: not stale on Mon 23 Nov.
        (date(2026, 11, 19), date(2026, 11, 23), False),
        # Tue 17 Nov + 3 working days = Fri 20 Nov < Mon 23 Nov: stale.
        (date(2026, 11, 17), date(2026, 11, 23), True),
        # Fri 6 Nov + 3 working days skips Wed 11 Nov (Armistice): Thu 12.
        (date(2026, 11, 6), date(2026, 11, 12), False),
        (date(2026, 11, 6), date(2026, 11, 13), True),
    ],
)
def test_feed_is_stale(last, today, stale):
    assert feed_is_stale(last, today, 3) is stale


REF = "+++010/8068/17183+++"


@pytest.mark.parametrize(
    ("line", "how"),
    [
        (BankLine("/A/ 010806817183", D(500), False), "reference"),
        (BankLine("Betaling +++010/8068/17183+++", D(10), False), "reference"),
        (BankLine("factuur INV/2026/00012 april", D(10), False), "number"),
        # Another invoice whose number starts the same: no.
        (BankLine("factuur INV/2026/000123", D(10), False), None),
        (BankLine("april", D("605.00"), True), "amount"),
        (BankLine("april", D("605.00"), False), None),  # someone else's money
        (BankLine("april", D("605.01"), True), None),
        (BankLine("+++010/8068/17183+++", D(-605), True), None),  # outgoing
    ],
)
def test_paid_by_bank_line(line, how):
    assert paid_by_bank_line(line, "INV/2026/00012", REF, D("605.00")) == how


def test_covered_by_credits():
    invoices = [("a", D(100)), ("b", D(300)), ("c", D(50))]
    # 350 pays a (100) and, not b (300 > 250 left), c (50).
    assert covered_by_credits(invoices, [D(350)]) == {"a", "c"}
    assert covered_by_credits(invoices, [D(40)]) == set()
    assert covered_by_credits(invoices, [D(300), D(100)]) == {"a", "b"}
