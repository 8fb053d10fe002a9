"""Handing unpaid invoices over to a debt collector (a collection agency, a
lawyer or a bailiff) under Book XIX, Title 2 of the Code of Economic Law:
what must be known before the file may go, and what it may claim per invoice
on the day it goes. Plain values in, plain values out.

The collector's notice to the debtor must give the creditor's identity,
enterprise number, address, phone and e-mail, the goods or service and the
due date of each debt, and an itemised breakdown of every amount claimed;
for a consumer, nothing but the debt may be claimed before the free first
reminder and its 14 days. A file without one of these is refused here, with
every missing item named, before anything is sent.
"""

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from .belgian_law import MissingRateError
from .claims import InvoiceFacts, Terms, reminder_claim

ZERO = Decimal("0.00")
KINDS = ("agency", "lawyer", "bailiff")
# Collection agencies register with the FOD Economie; lawyers and bailiffs
# are exempt (but bound by the same rules of conduct).
REGISTERED_KINDS = ("agency",)


@dataclass(frozen=True)
class Party:
    """The creditor, the collector or the debtor, as the file names them."""

    name: str
    street: str = ""
    zip: str = ""
    city: str = ""
    enterprise_number: str = ""  # a valid one, or empty
    phone: str = ""
    email: str = ""
    kind: str = ""  # the collector's: agency, lawyer or bailiff
    registration: str = ""  # an agency's FOD Economie registration

    @property
    def has_address(self) -> bool:
        return bool(self.street and self.zip and self.city)


@dataclass(frozen=True)
class HandedInvoice:
    """An invoice to hand over, as the checks need it."""

    number: str
    open: bool = True  # posted, unpaid or partly paid
    due: date | None = None
    description: str = ""  # the goods or service, from its lines
    claim_note: bool = False  # a debit note of fees and interest
    disputed: bool = False
    paid_unmatched: bool = False  # a payment seems on its way
    with_collector: bool = False  # already handed over
    # Consumers: the first day anything may be claimed after the free first
    # reminder (None: no first reminder was sent).
    first_claim: date | None = None


def problems(
    creditor: Party,
    collector: Party | None,
    debtor: Party,
    invoices: list[HandedInvoice],
    consumer: bool,
    on_date: date,
    credits: tuple[str, ...] = (),
) -> list[tuple[str, str]]:
    """What stops the hand-over on ``on_date``: ``(code, subject)`` pairs,
    the subject being the invoice number, a date or empty; no pair means
    the file is complete. ``credits`` names the debtor's open credit notes
    and unmatched payments: the file would claim what it already paid."""
    found = [] if invoices else [("no_invoice", "")]
    found += [("open_credit", credit) for credit in credits]
    found += _creditor_problems(creditor)
    found += _collector_problems(collector)
    if not debtor.has_address:
        found.append(("debtor_address", ""))
    for invoice in invoices:
        found += [
            (code, invoice.number)
            for code in _invoice_problems(invoice, consumer, on_date)
        ]
    return found


def _creditor_problems(creditor):
    checks = (
        ("creditor_enterprise_number", creditor.enterprise_number),
        ("creditor_address", creditor.has_address),
        ("creditor_phone", creditor.phone),
        ("creditor_email", creditor.email),
    )
    return [(code, "") for code, present in checks if not present]


def _collector_problems(collector):
    if collector is None:
        return [("no_collector", "")]
    found = []
    if collector.kind not in KINDS:
        found.append(("collector_kind", ""))
    elif collector.kind in REGISTERED_KINDS and not collector.registration:
        found.append(("collector_registration", ""))
    checks = (
        ("collector_enterprise_number", collector.enterprise_number),
        ("collector_address", collector.has_address),
        ("collector_email", collector.email),
    )
    return found + [(code, "") for code, present in checks if not present]


def _invoice_problems(invoice, consumer, on_date):
    if not invoice.open:
        return ["not_open"]  # nothing else matters
    flags = (
        ("with_collector", invoice.with_collector),
        ("disputed", invoice.disputed),
        ("paid_unmatched", invoice.paid_unmatched),
    )
    found = [code for code, flag in flags if flag]
    if invoice.claim_note:
        return found  # its lines say how each amount was computed
    if invoice.due is None:
        found.append("no_due_date")
    if not invoice.description:
        found.append("no_description")
    if consumer:
        if invoice.first_claim is None:
            found.append("consumer_no_reminder")
        elif invoice.first_claim > on_date:
            found.append("consumer_period")
    return found


def earliest_handover(invoices: list[HandedInvoice]) -> date | None:
    """The first day a consumer's invoices may all go: the latest of their
    first claim dates (None when one has no first reminder)."""
    days = [invoice.first_claim for invoice in invoices if not invoice.claim_note]
    if not days or any(day is None for day in days):
        return None
    return max(days)


def accrued_claims(
    invoices: list[InvoiceFacts],
    terms: Terms,
    on_date: date,
    rates: dict,
    claimed_before: Decimal = ZERO,
    civil_rates: dict | None = None,
) -> tuple[dict, bool]:
    """``({invoice key: [ClaimLine]}, no_rate)``: what may still be claimed
    on ``on_date`` on top of what earlier reminders booked: interest since
    the last day claimed, the compensation (companies) or damages
    (consumers, within the cap, ``claimed_before`` counting inside it) not
    yet claimed. No reminder fee: handing over is not a reminder.
    ``civil_rates``: the ordinary legal interest rate per year, for a
    consumer's void interest clause (see claims.reminder_claim).

    A figure for several invoices at once (compensation per reminder, a
    consumer's damages) goes with the first invoice, the oldest due. With
    ``no_rate`` true, a legal rate was missing and interest is left out.
    """
    if not invoices:
        return {}, False
    terms = replace(terms, fee=ZERO, postage=ZERO)
    args = (invoices, terms, on_date, rates)
    kwargs = {"claimed_before": claimed_before, "civil_rates": civil_rates}
    no_rate = False
    try:
        claim = reminder_claim(*args, **kwargs)
    except MissingRateError:
        claim = reminder_claim(*args, **kwargs, with_interest=False)
        no_rate = True
    first = min(invoices, key=lambda invoice: (invoice.due, invoice.key)).key
    by_key = {invoice.key: [] for invoice in invoices}
    for line in claim.lines:
        by_key[line.key if line.key in by_key else first].append(line)
    return by_key, no_rate
