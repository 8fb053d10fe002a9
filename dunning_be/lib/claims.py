"""What one reminder may claim from a customer, line by line, with how each
figure was computed, under the law of 2 August 2002 (companies) or Book XIX
of the Code of Economic Law (consumers). Plain values in, plain values out.
"""

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal

from .belgian_law import (
    B2B_COMPENSATION,
    InterestSegment,
    b2b_compensation,
    b2c_damages,
    b2c_damages_cap,
    b2c_reminder_fee,
    clause_amount,
    first_claim_date,
    interest_segments,
    open_balances,
    round_cents,
)

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class InvoiceFacts:
    """An overdue invoice as the claim needs it."""

    key: int
    due: date
    amount: Decimal  # what it asked for
    payments: tuple = ()  # (day, amount) paid on it, credit notes included
    interest_until: date | None = None  # last day of interest already claimed
    compensated: bool = False  # compensation or damages already claimed on it
    first_reminder: tuple | None = None  # consumers: (day, "email"/"letter")

    @property
    def open_amount(self) -> Decimal:
        return self.amount - sum((paid for _day, paid in self.payments), ZERO)


@dataclass(frozen=True)
class Terms:
    """The customer's regime and the company's clauses and settings."""

    regime: str  # "b2b" or "b2c"
    compensation_per: str = "invoice"  # or "reminder"
    compensation: Decimal = B2B_COMPENSATION
    interest_rate: Decimal | None = None  # contractual; None: legal (B2B), none (B2C)
    damages_percent: Decimal | None = None  # the damages clause; both None: none
    damages_minimum: Decimal | None = None
    fee: Decimal = ZERO
    postage: Decimal = ZERO
    subscription: bool = False
    # One euro in the invoices' currency: the law's figures in euro (the
    # consumer's damages cap, the EUR 7.50 fee) are converted with it.
    euro: Decimal = Decimal(1)

    @property
    def damages_clause(self) -> bool:
        return self.damages_percent is not None or self.damages_minimum is not None

    def in_currency(self, rate: Decimal) -> "Terms":
        """These terms for invoices in another currency than the company's,
        the euro: ``rate`` is one euro in that currency. The fixed amounts
        (compensation, damages minimum, fee, postage) are converted and
        rounded to the cent; rates and percentages stay as they are."""
        rate = Decimal(rate)

        def convert(amount):
            return None if amount is None else round_cents(amount * rate)

        return replace(
            self,
            compensation=convert(self.compensation),
            damages_minimum=convert(self.damages_minimum),
            fee=convert(self.fee),
            postage=convert(self.postage),
            euro=self.euro * rate,
        )


@dataclass(frozen=True)
class ClaimLine:
    kind: str  # "interest", "compensation", "damages" or "fee"
    amount: Decimal
    key: int | None = None  # the invoice, when the line is for one
    base: Decimal = ZERO
    first_day: date | None = None
    last_day: date | None = None
    segments: tuple[InterestSegment, ...] = ()
    rule: str = ""  # legal_rate, clause_rate, fixed, clause, cap, fee, fee_postage


@dataclass(frozen=True)
class Claim:
    lines: tuple[ClaimLine, ...] = ()
    # Consumers: the invoices this reminder is the first (free) one for, the
    # damages it must announce, and the invoices still in their 14 days.
    first_keys: tuple[int, ...] = ()
    announced_damages: Decimal = ZERO
    waiting: dict = field(default_factory=dict)  # key: first claim date

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), ZERO)


def reminder_claim(
    invoices: list[InvoiceFacts],
    terms: Terms,
    on_date: date,
    rates: dict,
    by_letter: bool = False,
    number_in_year: int = 1,
    claimed_before: Decimal = ZERO,
    with_interest: bool = True,
) -> Claim:
    """What a reminder dated ``on_date`` covering ``invoices`` may claim.

    ``rates``: the legal rates per half-year (see belgian_law.b2b_interest);
    ``by_letter``: the reminder goes on paper (postage may be added);
    ``number_in_year``: this reminder's number in the calendar year, for
    subscriptions; ``claimed_before``: reminder fees and damages already
    claimed on these invoices, which count inside the consumer's damages cap;
    ``with_interest``: False leaves interest out (no rate is known).
    """
    if terms.regime == "b2b":
        return _b2b_claim(invoices, terms, on_date, rates, by_letter, with_interest)
    if terms.regime == "b2c":
        return _b2c_claim(
            invoices,
            terms,
            on_date,
            rates,
            by_letter,
            number_in_year,
            claimed_before,
            with_interest,
        )
    raise ValueError(f"regime must be 'b2b' or 'b2c', not {terms.regime!r}")


def _interest_line(invoice, first_day, on_date, rates, rate, cap_at_legal):
    if invoice.interest_until and invoice.interest_until >= first_day:
        first_day = invoice.interest_until + timedelta(days=1)
    if first_day > on_date:
        return None
    balances = open_balances(invoice.amount, list(invoice.payments), first_day)
    segments = tuple(
        interest_segments(balances, on_date, rates, rate, cap_at_legal=cap_at_legal)
    )
    amount = round_cents(sum((s.amount for s in segments), Decimal(0)))
    if amount <= 0:
        return None
    return ClaimLine(
        kind="interest",
        amount=amount,
        key=invoice.key,
        base=invoice.open_amount,
        first_day=first_day,
        last_day=on_date,
        segments=segments,
        rule="clause_rate" if rate is not None else "legal_rate",
    )


def _b2b_claim(invoices, terms, on_date, rates, by_letter, with_interest):
    lines = []
    for invoice in invoices if with_interest else ():
        line = _interest_line(
            invoice,
            invoice.due + timedelta(days=1),
            on_date,
            rates,
            terms.interest_rate,
            cap_at_legal=False,
        )
        if line:
            lines.append(line)
    rule = "clause" if terms.damages_clause else "fixed"
    new = [invoice for invoice in invoices if not invoice.compensated]
    if terms.compensation_per == "invoice":
        for invoice in new:
            amount = _compensation(invoice.amount, terms)
            lines.append(
                ClaimLine(
                    "compensation", amount, invoice.key, invoice.amount, rule=rule
                )
            )
    elif new:
        base = sum((invoice.amount for invoice in new), ZERO)
        lines.append(
            ClaimLine("compensation", _compensation(base, terms), base=base, rule=rule)
        )
    postage = terms.postage if by_letter else ZERO
    fee = round_cents(terms.fee + postage)
    if terms.fee and fee > 0:
        lines.append(ClaimLine("fee", fee, rule="fee_postage" if postage else "fee"))
    return Claim(lines=tuple(lines))


def _compensation(amount, terms):
    if terms.damages_clause:
        return b2b_compensation(amount, terms.damages_percent, terms.damages_minimum)
    return b2b_compensation(amount, fixed=terms.compensation)


def _b2c_claim(
    invoices, terms, on_date, rates, by_letter, number_in_year, claimed_before,
    with_interest,
):  # fmt: skip
    first = [invoice for invoice in invoices if not invoice.first_reminder]
    waiting, eligible = {}, []
    for invoice in invoices:
        if not invoice.first_reminder:
            continue
        claim_date = first_claim_date(*invoice.first_reminder)
        if claim_date > on_date:
            waiting[invoice.key] = claim_date
        else:
            eligible.append((invoice, claim_date))
    lines = []
    # Consumers owe interest only by a clause of the company's terms.
    if with_interest and terms.interest_rate is not None:
        for invoice, claim_date in eligible:
            line = _interest_line(
                invoice, claim_date, on_date, rates, terms.interest_rate, True
            )
            if line:
                lines.append(line)
    # Fees and damages only when every invoice's period is over: the first
    # reminder is free, and nothing is due within the 14 days.
    fee = ZERO
    if eligible and not first and not waiting:
        postage = terms.postage if by_letter and terms.fee else ZERO
        fee = b2c_reminder_fee(
            terms.fee,
            postage,
            subscription=terms.subscription,
            number_in_year=number_in_year,
            euro=terms.euro,
        )
        # Fees count inside the damages cap too: never above what is left.
        balance = sum((invoice.open_amount for invoice, _day in eligible), ZERO)
        room = max(b2c_damages_cap(balance, terms.euro) - claimed_before, ZERO)
        fee = min(fee, room)
        if fee > 0:
            rule = "fee_postage" if postage else "fee"
            lines.append(ClaimLine("fee", fee, rule=rule))
        new = [invoice for invoice, _day in eligible if not invoice.compensated]
        if new and terms.damages_clause:
            base = sum((invoice.open_amount for invoice in new), ZERO)
            damages = b2c_damages(
                base,
                terms.damages_percent,
                terms.damages_minimum,
                claimed_before + fee,
                terms.euro,
            )
            if damages > 0:
                rule = "cap" if damages < _clause_amount(base, terms) else "clause"
                lines.append(ClaimLine("damages", damages, base=base, rule=rule))
    announced = ZERO
    if first and terms.damages_clause:
        base = sum((invoice.open_amount for invoice in first), ZERO)
        announced = b2c_damages(
            base, terms.damages_percent, terms.damages_minimum, euro=terms.euro
        )
    return Claim(
        lines=tuple(lines),
        first_keys=tuple(invoice.key for invoice in first),
        announced_damages=announced,
        waiting=waiting,
    )


def _clause_amount(base, terms):
    return round_cents(
        clause_amount(base, terms.damages_percent, terms.damages_minimum)
    )
