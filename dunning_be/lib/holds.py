"""Our own administration first: which overdue invoices must not be reminded
yet, and why. Plain values in, reason codes out.

A hold keeps one invoice out of its customer's reminder until its cause goes
away; a stale bank feed stops a whole company's run, because "unpaid" can't
be trusted when the bank's news is days old.
"""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .belgian_law import add_working_days

# In the order a hold is reported when several apply: the first explains best.
HOLD_REASONS = (
    "paid_unmatched",
    "disputed",
    "paused",
    "delivery_failed",
    "bad_address",
    "never_sent",
    "no_payment_term",
)
CENT = Decimal("0.01")


def feed_is_stale(last_line: date | None, today: date, max_days: int) -> bool:
    """Whether a bank feed whose newest statement line is dated ``last_line``
    is too old on ``today``: more than ``max_days`` working days behind. A
    company that never had a statement line has no feed to be stale."""
    if last_line is None:
        return False
    return add_working_days(last_line, max_days) < today


def digits(text: str | None) -> str:
    return re.sub(r"\D", "", text or "")


@dataclass(frozen=True)
class BankLine:
    """An unreconciled bank statement line: money received, not yet matched."""

    text: str  # its label and communication
    amount: Decimal
    from_customer: bool  # from a bank account or the name of the customer


def paid_by_bank_line(
    line: BankLine, number: str, reference: str | None, open_amount: Decimal
) -> str | None:
    """How ``line`` pays the invoice ``number`` (structured ``reference``,
    ``open_amount``): ``"reference"``, ``"number"`` or ``"amount"``; None when
    it does not."""
    if line.amount <= 0:
        return None
    ref = digits(reference)
    # A Belgian structured communication has 12 digits; other references
    # are compared as they are written.
    if reference and (
        (len(ref) == 12 and ref in digits(line.text))
        or (len(ref) != 12 and reference.lower() in line.text.lower())
    ):
        return "reference"
    if number and re.search(
        rf"(?<![\w/]){re.escape(number.lower())}(?![\w/])", line.text.lower()
    ):
        return "number"
    if line.from_customer and abs(line.amount - open_amount) < CENT:
        return "amount"
    return None


def covered_by_credits(
    invoices: list[tuple[object, Decimal]], credits: list[Decimal]
) -> set:
    """The invoices (``(key, open amount)``, oldest first) that the customer's
    unmatched payments and open credit notes (``credits``, positive amounts)
    cover: a credit of an invoice's exact amount pays that invoice; what is
    left pays the oldest invoices it can pay in full."""
    covered, left = set(), []
    for credit in sorted(credits, reverse=True):
        exact = next(
            (
                key
                for key, amount in invoices
                if key not in covered and abs(amount - credit) < CENT
            ),
            None,
        )
        if exact is None:
            left.append(credit)
        else:
            covered.add(exact)
    for credit in left:
        for key, amount in invoices:
            if key not in covered and amount <= credit + CENT / 2:
                covered.add(key)
                credit -= amount
    return covered
