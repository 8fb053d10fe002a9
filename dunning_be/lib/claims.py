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
    MissingRateError,
    b2b_compensation,
    b2c_damages,
    b2c_damages_cap,
    b2c_fee_void,
    b2c_reminder_fee,
    civil_rate_table,
    clause_amount,
    first_claim_date,
    half_year,
    half_year_bounds,
    interest_segments,
    open_balances,
    round_cents,
)

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Announcement:
    """What a consumer's first reminder announced may follow its 14 days:
    nothing is claimed later that it did not announce."""

    reminder: int  # the first reminder, several invoices may share it
    damages: Decimal = ZERO  # on the balance of its invoices
    interest_rate: Decimal | None = None  # None: no interest announced
    interest_rule: str = "clause_rate"  # or civil_rate: the clause was void
    fee: Decimal = ZERO  # per later reminder, postage apart; 0: none


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
    announced: Announcement | None = None  # consumers: None, not known

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
    # Consumers: the terms give the legal scale of art. XIX.4 as the damages.
    damages_scale: bool = False
    fee: Decimal = ZERO
    # Consumers pay reminder fees only when our terms say so (art. XIX.4).
    consumer_fees: bool = False
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
    # legal_rate, clause_rate, civil_rate (a consumer's void interest clause:
    # the ordinary legal rate), fixed, clause, cap, scale, announced (as the
    # first reminder announced), fee, fee_postage
    rule: str = ""


@dataclass(frozen=True)
class Claim:
    lines: tuple[ClaimLine, ...] = ()
    # Consumers: the invoices this reminder is the first (free) one for, what
    # it must announce may follow (damages, the interest rate and whether it
    # is the clause's or the ordinary legal rate, the fee of each later
    # reminder), and the invoices still in their 14 days.
    first_keys: tuple[int, ...] = ()
    announced_damages: Decimal = ZERO
    announced_interest: Decimal | None = None
    announced_interest_rule: str = ""  # clause_rate or civil_rate
    announced_fee: Decimal = ZERO
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
    civil_rates: dict | None = None,
) -> Claim:
    """What a reminder dated ``on_date`` covering ``invoices`` may claim.

    ``rates``: the legal rates per half-year (see belgian_law.b2b_interest);
    ``civil_rates``: the ordinary legal interest rate per year, due by a
    consumer whose interest clause is above ``rates`` (void);
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
            civil_rates or {},
        )
    raise ValueError(f"regime must be 'b2b' or 'b2c', not {terms.regime!r}")


def _interest_line(
    invoice, first_day, on_date, rates, rate, civil_rates=None, civil=False
):
    """Interest on ``invoice`` from ``first_day`` to ``on_date``: at ``rate``
    (a clause), else at the half-year ``rates``. With ``civil_rates`` (a
    consumer), a clause above the rate of commercial transactions on any day
    of the period is void: the whole period takes the ordinary legal rate,
    as it does with ``civil`` (what the first reminder announced)."""
    if invoice.interest_until and invoice.interest_until >= first_day:
        first_day = invoice.interest_until + timedelta(days=1)
    if first_day > on_date:
        return None
    rule = "clause_rate" if rate is not None else "legal_rate"
    if civil_rates is not None and (
        civil or clause_void(rate, rates, first_day, on_date)
    ):
        rates, rate, rule = civil_rate_table(civil_rates), None, "civil_rate"
    balances = open_balances(invoice.amount, list(invoice.payments), first_day)
    segments = tuple(interest_segments(balances, on_date, rates, rate))
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
        rule=rule,
    )


def clause_void(rate, rates, first_day, last_day):
    """A consumer's interest clause of ``rate`` is above the rate of
    commercial transactions (``rates``, per half-year) on some day from
    ``first_day`` to ``last_day``: void (art. XIX.4), not reduced. A
    half-year without a rate raises MissingRateError."""
    key = half_year(first_day)
    while True:
        if key not in rates:
            raise MissingRateError(
                f"No legal interest rate for {key[0]} H{key[1]}: add the "
                "rate of that half-year."
            )
        if Decimal(rate) > Decimal(rates[key]):
            return True
        end = half_year_bounds(key)[1]
        if end >= last_day:
            return False
        key = half_year(end + timedelta(days=1))


def _b2b_claim(invoices, terms, on_date, rates, by_letter, with_interest):
    lines = []
    for invoice in invoices if with_interest else ():
        line = _interest_line(
            invoice,
            invoice.due + timedelta(days=1),
            on_date,
            rates,
            terms.interest_rate,
        )
        if line:
            lines.append(line)
    # A penalty clause applies to what is still open, and replaces the
    # fixed compensation only when it gives more.
    new = [invoice for invoice in invoices if not invoice.compensated]
    if terms.compensation_per == "invoice":
        for invoice in new:
            base = invoice.open_amount
            amount, rule = _compensation(base, terms)
            line = ClaimLine("compensation", amount, invoice.key, base, rule=rule)
            lines.append(line)
    elif new:
        base = sum((invoice.open_amount for invoice in new), ZERO)
        amount, rule = _compensation(base, terms)
        lines.append(ClaimLine("compensation", amount, base=base, rule=rule))
    postage = terms.postage if by_letter else ZERO
    fee = round_cents(terms.fee + postage)
    if terms.fee and fee > 0:
        lines.append(ClaimLine("fee", fee, rule="fee_postage" if postage else "fee"))
    return Claim(lines=tuple(lines))


def _compensation(amount, terms):
    """``(amount, rule)``: the fixed compensation, or the clause's amount
    when it gives more."""
    fixed = round_cents(terms.compensation)
    if not terms.damages_clause:
        return fixed, "fixed"
    amount = b2b_compensation(
        amount, terms.damages_percent, terms.damages_minimum, terms.compensation
    )
    return amount, "clause" if amount > fixed else "fixed"


def _b2c_claim(
    invoices, terms, on_date, rates, by_letter, number_in_year, claimed_before,
    with_interest, civil_rates,
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
    # Consumers owe interest only by a clause of the company's terms, and
    # never more than their first reminder announced.
    if with_interest and terms.interest_rate is not None:
        for invoice, claim_date in eligible:
            announced = invoice.announced
            if announced is not None and announced.interest_rate is None:
                continue
            rate = terms.interest_rate
            civil = announced is not None and announced.interest_rule == "civil_rate"
            if announced is not None and not civil:
                rate = min(rate, announced.interest_rate)
            line = _interest_line(
                invoice, claim_date, on_date, rates, rate, civil_rates, civil
            )
            if line:
                lines.append(line)
    # Fees and damages only when every invoice's period is over: the first
    # reminder is free, and nothing is due within the 14 days.
    settled = eligible and not first and not waiting
    fee = ZERO
    fee_clause = _announced_fee(terms, [invoice for invoice, _day in eligible])
    if settled and terms.consumer_fees and fee_clause:
        postage = terms.postage if by_letter else ZERO
        fee = b2c_reminder_fee(
            fee_clause,
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
    if settled:
        new = [invoice for invoice, _day in eligible if not invoice.compensated]
        if new and (terms.damages_clause or terms.damages_scale):
            base = sum((invoice.open_amount for invoice in new), ZERO)
            damages = _b2c_damages(base, terms, claimed_before + fee)
            rule = "cap" if damages < _clause_amount(base, terms) else "clause"
            if terms.damages_scale:
                rule = "scale"
            ceiling = _announced_damages(new, damages)
            if ceiling < damages:
                # Never more than the first reminder announced.
                damages, rule = ceiling, "announced"
            if damages > 0:
                lines.append(ClaimLine("damages", damages, base=base, rule=rule))
    return Claim(
        lines=tuple(lines),
        first_keys=tuple(invoice.key for invoice in first),
        waiting=waiting,
        **(_announced(first, terms, on_date, rates, civil_rates) if first else {}),
    )


def _announced_fee(terms, invoices):
    """The fee of our terms, never above what the first reminders of
    ``invoices`` announced; zero when one of them announced none, or when
    the fee is above the legal EUR 7.50 (void)."""
    fee = terms.fee
    if b2c_fee_void(fee, terms.euro):
        return ZERO
    for invoice in invoices:
        if invoice.announced is not None:
            fee = min(fee, invoice.announced.fee)
    return fee


def _announced_damages(invoices, damages):
    """The most the first reminders of ``invoices`` announced as damages (each
    first reminder once); ``damages`` itself when one is not known."""
    if any(invoice.announced is None for invoice in invoices):
        return damages
    announced = {i.announced.reminder: i.announced.damages for i in invoices}
    return sum(announced.values(), ZERO)


def _b2c_damages(base, terms, fees=ZERO):
    return b2c_damages(
        base,
        terms.damages_percent,
        terms.damages_minimum,
        fees,
        terms.euro,
        scale=terms.damages_scale,
    )


def _announced(first, terms, on_date, rates, civil_rates):
    """What a consumer's first reminder announces may follow its 14 days:
    the damages on the balance of ``first``, the interest rate (the clause's,
    or the ordinary legal rate when the clause is above today's rate of
    commercial transactions) and the fee of a later reminder."""
    base = sum((invoice.open_amount for invoice in first), ZERO)
    announced = {"announced_damages": _b2c_damages(base, terms)}
    rate, rule = terms.interest_rate, "clause_rate"
    if rate is not None and half_year(on_date) in rates:
        if clause_void(rate, rates, on_date, on_date):
            # No legal rate known for the year: nothing to announce.
            rate, rule = civil_rates.get(on_date.year), "civil_rate"
        if rate is not None:
            announced["announced_interest_rule"] = rule
            announced["announced_interest"] = rate
    if terms.consumer_fees and terms.fee and not b2c_fee_void(terms.fee, terms.euro):
        announced["announced_fee"] = round_cents(terms.fee)
    return announced


def _clause_amount(base, terms):
    return round_cents(
        clause_amount(base, terms.damages_percent, terms.damages_minimum)
    )
