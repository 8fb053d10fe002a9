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
from .references import structured_reference_be_valid

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

    key: object
    text: str  # its label, communication and the name of who paid
    amount: Decimal
    customers: frozenset = frozenset()  # whose bank account or name it is from


TOKEN = re.compile(r"[^\s,;:()\[\]]+")


class BankIndex:
    """The unreconciled bank lines of a company, indexed so that each invoice
    is looked up in constant time, whatever the number of lines."""

    def __init__(self, lines: list[BankLine]):
        self.references, self.tokens, self.amounts = {}, {}, {}
        for line in lines:
            if line.amount <= 0:
                continue  # money going out pays no invoice
            # A Belgian structured communication: 12 digits, wherever they
            # stand in the line's digits (+++010/8068/17183+++, 010806817183).
            found = digits(line.text)
            for start in range(len(found) - 11):
                self.references.setdefault(found[start : start + 12], line)
            for token in TOKEN.findall(line.text.lower()):
                self.tokens.setdefault(token.strip(".-"), line)
            cents = line.amount.quantize(CENT)
            for customer in line.customers:
                self.amounts.setdefault((customer, cents), line)

    def match(
        self, number: str, reference: str | None, open_amount: Decimal, customer
    ) -> tuple[str, BankLine] | None:
        """``(how, line)``: the line that pays the invoice ``number`` of
        ``customer`` (its ``reference`` and ``open_amount``), and how:
        ``"reference"``, ``"number"`` or ``"amount"``; None when none does."""
        ref = digits(reference)
        # Twelve digits with wrong check digits (00 among them) are no
        # structured communication: no bank accepts them, nothing pays by them.
        if (
            len(ref) == 12
            and structured_reference_be_valid(ref)
            and ref in self.references
        ):
            return "reference", self.references[ref]
        if reference and len(ref) != 12 and reference.lower() in self.tokens:
            return "reference", self.tokens[reference.lower()]
        if number and number.lower() in self.tokens:
            return "number", self.tokens[number.lower()]
        line = self.amounts.get((customer, open_amount.quantize(CENT)))
        return ("amount", line) if line else None


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
