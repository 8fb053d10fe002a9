from datetime import date
from decimal import Decimal as D

import pytest
from dunning_be_lib.holds import (
    BankIndex,
    BankLine,
    covered_by_credits,
    feed_is_stale,
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
        (BankLine(1, "/A/ 010806817183", D(500)), "reference"),
        (BankLine(1, "Betaling +++010/8068/17183+++", D(10)), "reference"),
        (BankLine(1, "factuur INV/2026/00012, april", D(10)), "number"),
        # Another invoice whose number starts the same: no.
        (BankLine(1, "factuur INV/2026/000123", D(10)), None),
        (BankLine(1, "april", D("605.00"), frozenset({"klant"})), "amount"),
        (BankLine(1, "april", D("605.00"), frozenset({"ander"})), None),
        (BankLine(1, "april", D("605.01"), frozenset({"klant"})), None),
        # Money going out pays nothing.
        (BankLine(1, "+++010/8068/17183+++", D(-605), frozenset({"klant"})), None),
    ],
)
def test_bank_index_match(line, how):
    found = BankIndex([line]).match("INV/2026/00012", REF, D("605.00"), "klant")
    assert (found[0] if found else None) == how
    if found:
        assert found[1] is line


def test_bank_index_other_references_and_many_lines():
    lines = [BankLine(n, f"betaling {n:012d}", D(n + 1)) for n in range(1000)]
    lines.append(BankLine("x", "Order SO-2026-77 paid", D(50)))
    index = BankIndex(lines)
    # A reference that is not a structured communication: as written.
    assert index.match("INV/1", "SO-2026-77", D(1), None)[1].key == "x"
    assert index.match("INV/1", "+++000/0000/00505+++", D(1), None)[1].key == 505
    assert index.match("INV/1", "+++000/0000/01097+++", D(1), None) is None


def test_covered_by_credits():
    invoices = [("a", D(100)), ("b", D(300)), ("c", D(50))]
    # 350 pays a (100) and, not b (300 > 250 left), c (50).
    assert covered_by_credits(invoices, [D(350)]) == {"a", "c"}
    assert covered_by_credits(invoices, [D(40)]) == set()
    assert covered_by_credits(invoices, [D(300), D(100)]) == {"a", "b"}
