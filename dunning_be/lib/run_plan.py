"""The run's decisions for one batch of customers: plain values in, one frozen
plan per customer and currency out.

``dunning.run._read_batch`` reads what the decisions need into a ``Batch``;
``plan_batch`` decides, in this order, for each customer:

1. hold: which overdue invoices wait until our own side is in order
   (``hold_invoices``): the customer paused, a bank transaction that pays
   it, an e-mail that never arrived, never sent, no payment term, covered by
   the customer's payments and credit notes;
2. level and gap: the level the other invoices reach (``reach_level``,
   with lib.levels: the level's delay, and the gap since the last reminder);
3. call gate: whether that level waits for a call (``call_gate``);
4. channel: how the level reaches the customer (``choose_channels``, with
   ``level_channels``, which a reminder sent by hand asks too); a customer no
   channel reaches is held as badly addressed;
5. one customer, several currencies: one call, one hand-over file
   (``per_customer``);
6. hand-over: a hand-over level sends no reminder, the collector gets a file
   (``Plan.handover``);
7. claim: what each reminder may claim (lib.claims), and what blocks a
   consumer's first reminder (``plan_claims``, once the module has read the
   facts of the planned invoices only).

``dunning.run._apply`` then writes what the plans say. Texts are not
decided here: a plan says *why* with codes, the module words them in the
reader's language.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from .belgian_law import MissingRateError, from_float, period_end
from .channels import ADDRESS_REASONS, plan_channels
from .claims import Claim, Terms, reminder_claim
from .holds import BankIndex, covered_by_credits
from .levels import next_level, partner_level

# The reasons an invoice is held back, in the order they are checked: the
# first that applies is the one the accountant reads.
HOLD_REASONS = (
    "paused",
    "paid_unmatched",
    "delivery_failed",
    "never_sent",
    "no_payment_term",
    "bad_address",
)


# ----------------------------------------------------------------------
# What the run reads
# ----------------------------------------------------------------------


@dataclass(frozen=True)
class Level:
    """A level of the customer's policy, as the decisions need it."""

    id: int
    delay: int
    call_before: bool = False
    handover: bool = False
    auto_send: bool = True
    charge_fees: bool = False
    send_email: bool = True
    send_letter: bool = False
    send_post: bool = False
    send_sms: bool = False
    letter_fallback: bool = False


@dataclass(frozen=True)
class Document:
    """An open document of the customer in one currency: an invoice, a credit
    note or an unmatched payment. Amounts are in the document's currency;
    ``residual_signed`` in the company's (what pays what is compared in it)."""

    id: int  # the journal entry (of the payment too)
    kind: str  # "invoice", "credit_note" or "payment"
    currency_id: int
    date: date
    total: float
    # As the reminder's line shows it: a credit note's and a payment's
    # negative.
    residual: float
    residual_signed: float = 0.0
    due: date | None = None
    name: str = ""
    payment_reference: str = ""
    level_id: int | None = None
    # The level's rank in its own policy: a level of another policy (the
    # customer changed policy, or class) counts as the level of that rank.
    level_rank: int | None = None
    last_date: date | None = None
    # Of the invoice, for the holds: was it sent, has it a payment term, its
    # delivery failure (read by the module).
    sent: bool = True
    payment_term: bool = True
    delivery_failure: tuple | None = None

    def overdue(self, on_date: date) -> bool:
        return self.kind == "invoice" and self.due < on_date


@dataclass(frozen=True)
class Call:
    """A call of the customer, the latest first."""

    id: int
    level_id: int
    date: date
    open: bool
    date_limit: date | None = None
    outcome: str = ""
    attempt: int = 1


@dataclass(frozen=True)
class Recipient:
    """Where the reminder goes: the customer's invoicing contact, or itself."""

    id: int
    email: str = ""
    phone: str = ""
    address: Mapping = field(default_factory=dict)
    bounced_email: str = ""  # the address its last reminder e-mail bounced from


@dataclass(frozen=True)
class CustomerFacts:
    """One customer of the batch, with its open documents in every currency."""

    id: int
    documents: tuple[Document, ...]  # by due date
    policy_id: int | None = None
    levels: tuple[Level, ...] = ()
    call_max_attempts: int = 1
    calls: tuple[Call, ...] = ()
    recipient: Recipient | None = None
    drafts: Mapping = field(default_factory=dict)  # {currency id: draft id}
    paused_until: date | None = None
    regime: str = "b2b"
    subscription: bool = False
    currencies: tuple = ()  # (currency id, ...), the company's first


@dataclass(frozen=True)
class ClaimFacts:
    """What the claims need besides the customers: the law's rates, our terms
    per regime, each invoice's facts (lib.claims.InvoiceFacts, in its own
    currency), and what earlier reminders booked."""

    rates: Mapping
    civil_rates: Mapping
    terms: Mapping  # {(regime, subscription): Terms}
    invoices: Mapping  # {invoice id: InvoiceFacts}
    booked: tuple = ()  # ((amount, frozenset of invoice ids), ...)
    euro_rates: Mapping = field(default_factory=dict)  # {currency id: rate|None}
    descriptions: Mapping = field(default_factory=dict)  # {invoice id: text}
    enterprise_number: bool = True
    # {customer id: its reminders sent this calendar year}
    reminders_this_year: Mapping = field(default_factory=dict)


@dataclass(frozen=True)
class Batch:
    """Everything the decisions of one batch need, read by the module."""

    on_date: date
    company_currency_id: int
    customers: tuple[CustomerFacts, ...]
    bank: BankIndex | None = None
    hold_never_sent: bool = False
    hold_no_payment_term: bool = False
    # {currency id: its rounding}: an amount due that rounds to zero is none.
    rounding: Mapping = field(default_factory=dict)


# ----------------------------------------------------------------------
# What the run decides
# ----------------------------------------------------------------------


@dataclass(frozen=True)
class Hold:
    """Why an invoice is held back: a reason of ``HOLD_REASONS`` and what the
    note needs (a date, the bank line and how it matched, the documents that
    cover it, the channel reasons)."""

    reason: str
    detail: tuple = ()


@dataclass(frozen=True)
class Line:
    """A line of the reminder: an overdue invoice, a credit note, a payment."""

    move_id: int
    kind: str
    date: date
    amount_total: float
    amount_residual: float
    date_due: date | None = None
    days_late: int | None = None
    level_id: int | None = None
    advanced: bool = False
    first_reminder: bool = False
    description: str = ""


@dataclass(frozen=True)
class Book19:
    """A consumer's first reminder: what it announces may follow."""

    period_end: date
    damages: Decimal
    interest: str
    interest_rate: Decimal
    fee: Decimal
    first_ids: frozenset


@dataclass(frozen=True)
class Plan:
    """What the run does for one customer in one currency."""

    partner_id: int
    currency_id: int
    policy_id: int
    level: Level
    on_date: date
    lines: tuple[Line, ...]
    invoice_ids: tuple[int, ...]  # the overdue invoices it reminds
    reached_ids: tuple[int, ...]  # those this reminder moves to its level
    waiting_since: date
    amount_due: float
    amount_overdue: float
    recipient_id: int | None = None
    channels: tuple[str, ...] = ()
    channel_reasons: tuple[tuple[str, str], ...] = ()
    draft_id: int | None = None
    # "schedule" a call, "wait" for the open one, or None.
    call: str | None = None
    call_attempt: int | None = None
    overdue_call_ids: tuple[int, ...] = ()
    claim: Claim = field(default_factory=Claim)
    terms: Terms | None = None  # ours, in the plan's currency
    regime: str = "b2b"
    charge_fees: bool = False
    book19: Book19 | None = None
    # Why the reminder cannot go as it is: ("no_enterprise_number",),
    # ("no_description", invoice ids), ("no_exchange_rate",).
    blocked: tuple = ()
    no_rate: bool = False  # a day of lateness before the first known rate

    @property
    def handover(self) -> bool:
        """A hand-over to the debt collector instead of a reminder."""
        return self.level.handover and not self.call

    @property
    def send(self) -> bool:
        """Whether the reminder goes out now, rather than to review."""
        return bool(
            self.channels
            and self.level.auto_send
            and not self.draft_id
            and not self.call
            and not self.level.handover
            and not self.blocked
        )

    @property
    def outcome(self) -> str:
        """``call``, ``wait``, ``handover``, ``send`` or ``review``."""
        if self.call == "schedule":
            return "call"
        if self.call:
            return "wait"
        if self.level.handover:
            return "handover"
        return "send" if self.send else "review"

    @property
    def why(self) -> tuple:
        """Why it does not simply go out now, as a code and its detail, or
        ``()``: ``("call",)``, ``("wait",)``, ``("handover",)``,
        ``("blocked", *blocked)``, ``("no_channel", reasons)``, ``("draft",)``
        (a reminder waits for review already), ``("review",)`` (the level is
        reviewed before it is sent)."""
        outcome = self.outcome
        if outcome in ("call", "wait", "handover"):
            return (outcome,)
        if self.blocked:
            return ("blocked", *self.blocked)
        if not self.channels:
            return ("no_channel", self.channel_reasons)
        if self.draft_id:
            return ("draft",)
        if not self.level.auto_send:
            return ("review",)
        return ()


@dataclass(frozen=True)
class BatchPlan:
    """The batch's plans, and the invoices held back ``{invoice id: Hold}``."""

    plans: tuple[Plan, ...]
    holds: Mapping


# ----------------------------------------------------------------------
# The decisions
# ----------------------------------------------------------------------


def plan_batch(batch: Batch) -> BatchPlan:
    """Decide for every customer of ``batch`` (see the module's docstring)."""
    holds, plans = {}, []
    for customer in batch.customers:
        held, spent = hold_invoices(customer, batch)
        holds.update(held)
        open_docs = tuple(
            doc
            for doc in customer.documents
            if doc.id not in held and doc.id not in spent
        )
        if not customer.levels:
            continue
        for currency_id in customer.currencies:
            docs = tuple(d for d in open_docs if d.currency_id == currency_id)
            plan = reach_level(
                customer, docs, currency_id, batch.on_date, batch.rounding
            )
            if plan is None:
                continue
            plan = call_gate(plan, customer)
            plan = choose_channels(plan, customer)
            if (
                not plan.channels
                and not plan.call
                and any(code in ADDRESS_REASONS for code, _d in plan.channel_reasons)
            ):
                # Nobody to send it to: held until the address is fixed; the
                # next run sends it by itself.
                hold = Hold("bad_address", plan.channel_reasons)
                holds.update(dict.fromkeys(plan.invoice_ids, hold))
                continue
            plans.append(plan)
    return BatchPlan(plans=tuple(per_customer(plans)), holds=holds)


def plan_claims(decided: BatchPlan, batch: Batch, facts: ClaimFacts) -> BatchPlan:
    """The claims of the plans ``plan_batch`` decided: read on their
    invoices only (``dunning.run._read_claim_facts``), then decided here."""
    by_id = {customer.id: customer for customer in batch.customers}
    plans = tuple(
        plan_claim(plan, by_id[plan.partner_id], facts, batch) for plan in decided.plans
    )
    return replace(decided, plans=plans)


def hold_invoices(customer: CustomerFacts, batch: Batch) -> tuple[dict, set]:
    """``({invoice id: Hold}, spent)``: the customer's overdue invoices held
    back, each for the first reason of ``HOLD_REASONS`` that applies (but
    ``bad_address``, decided with the channels), and the ids of the payments
    and credit notes that cover some of them: those are left out of its
    reminders too."""
    on_date = batch.on_date
    invoices = [doc for doc in customer.documents if doc.overdue(on_date)]
    held = {}
    if customer.paused_until and customer.paused_until >= on_date:
        hold = Hold("paused", (customer.paused_until,))
        return dict.fromkeys((doc.id for doc in invoices), hold), set()
    for invoice in invoices:
        found = batch.bank and batch.bank.match(
            invoice.name,
            invoice.payment_reference,
            from_float(invoice.residual_signed),
            customer.id,
        )
        if found:
            held[invoice.id] = Hold("paid_unmatched", ("bank", found[0], found[1].key))
        elif invoice.delivery_failure:
            held[invoice.id] = Hold("delivery_failed", invoice.delivery_failure)
        elif batch.hold_never_sent and not invoice.sent:
            held[invoice.id] = Hold("never_sent")
        elif (
            batch.hold_no_payment_term
            and not invoice.payment_term
            and invoice.due == invoice.date
        ):
            held[invoice.id] = Hold("no_payment_term")
    # Paid, not yet matched: a payment or a credit note of the customer pays
    # the invoice in full (compared in the company's currency).
    credits = [
        doc
        for doc in customer.documents
        if doc.kind in ("credit_note", "payment") and doc.residual_signed < 0
    ]
    if not credits:
        return held, set()
    covered = covered_by_credits(
        [
            (invoice.id, from_float(invoice.residual_signed))
            for invoice in invoices
            if invoice.id not in held
        ],
        [-from_float(doc.residual_signed) for doc in credits],
    )
    if not covered:
        return held, set()
    names = tuple(dict.fromkeys(doc.name for doc in credits))
    for invoice_id in covered:
        held[invoice_id] = Hold("paid_unmatched", ("credits", names))
    return held, {doc.id for doc in credits}


def reach_level(
    customer: CustomerFacts,
    documents: tuple[Document, ...],
    currency_id: int,
    on_date: date,
    rounding: Mapping | None = None,
) -> Plan | None:
    """The customer's reminder in ``currency_id`` on ``on_date``: the level
    its overdue ``documents`` reach (the highest any invoice reaches, each by
    its level's delay and the gap since its last reminder), its lines and
    totals; None when no invoice reaches a level, or when its payments and
    credit notes cover what is due."""
    levels = customer.levels
    delays = [level.delay for level in levels]
    ids = [level.id for level in levels]
    invoices = [doc for doc in documents if doc.overdue(on_date)]
    reached = {
        invoice.id: next_level(
            invoice.due,
            on_date,
            delays,
            _level_index(ids, invoice),
            invoice.last_date,
        )
        for invoice in invoices
    }
    top = partner_level(reached.values())
    if top is None:
        return None
    reached_invoices = [doc for doc in invoices if reached[doc.id] == top]
    lines = [
        Line(
            move_id=invoice.id,
            kind="invoice",
            date=invoice.date,
            date_due=invoice.due,
            days_late=(on_date - invoice.due).days,
            amount_total=invoice.total,
            amount_residual=invoice.residual,
            level_id=(
                ids[reached[invoice.id]]
                if reached[invoice.id] is not None
                else invoice.level_id
            ),
            advanced=reached[invoice.id] is not None,
        )
        for invoice in invoices
    ]
    lines += [
        Line(
            move_id=doc.id,
            kind=doc.kind,
            date=doc.date,
            amount_total=doc.total,
            amount_residual=doc.residual,
        )
        for kind in ("credit_note", "payment")
        for doc in documents
        if doc.kind == kind
    ]
    overdue = sum(line.amount_residual for line in lines if line.kind == "invoice")
    due = sum(line.amount_residual for line in lines)
    if _steps(due, (rounding or {}).get(currency_id, 0.01)) <= 0:
        return None  # credit notes and payments cover it: nothing to claim
    return Plan(
        partner_id=customer.id,
        currency_id=currency_id,
        policy_id=customer.policy_id,
        level=levels[top],
        on_date=on_date,
        lines=tuple(lines),
        invoice_ids=tuple(invoice.id for invoice in invoices),
        reached_ids=tuple(invoice.id for invoice in reached_invoices),
        waiting_since=min(
            invoice.last_date or invoice.due for invoice in reached_invoices
        ),
        amount_due=due,
        amount_overdue=overdue,
        draft_id=customer.drafts.get(currency_id),
        regime=customer.regime,
        charge_fees=levels[top].charge_fees,
    )


def call_gate(plan: Plan, customer: CustomerFacts) -> Plan:
    """Whether the plan's level waits for a call: ``call`` is ``"schedule"``
    for a new call (``call_attempt`` its number), ``"wait"`` while one is
    open, None when the level may go; ``overdue_call_ids`` are the customer's
    open calls past their Call By day.

    While the customer has an open call, nothing goes out, whatever the
    level, until the call's Call By day (the policy's Call Deadline) has
    passed: a call not made by then no longer holds anything. Otherwise only
    the calls made for this level since its first invoice waits for it count.
    Every outcome but an open call lets the level go: after a promise, the
    customer was paused until the promised day and its grace, so a run that
    sees the level still due means the promise was broken; after a dispute,
    the disputed invoices left the flow and the others go on; a call
    cancelled or marked done without an outcome is skipped.
    """
    on_date, level = plan.on_date, plan.level
    open_calls = [call for call in customer.calls if call.open]
    overdue = tuple(
        call.id for call in open_calls if call.date_limit and call.date_limit < on_date
    )
    plan = replace(plan, overdue_call_ids=overdue)
    if len(open_calls) > len(overdue):
        return replace(plan, call="wait")  # one call at a time, whatever it is for
    if not level.call_before:
        return plan
    current = [
        call
        for call in customer.calls
        if call.level_id == level.id and call.date >= plan.waiting_since
    ]
    if not current:
        return replace(plan, call="schedule", call_attempt=1)
    latest = current[0]
    if latest.outcome == "no_answer" and latest.attempt < customer.call_max_attempts:
        return replace(plan, call="schedule", call_attempt=latest.attempt + 1)
    return plan


def choose_channels(plan: Plan, customer: CustomerFacts) -> Plan:
    """The channels the plan's level reaches the customer's recipient by,
    and why a wanted one cannot (lib.channels). A hand-over level has none:
    the collector gets a file."""
    recipient = customer.recipient or Recipient(id=customer.id)
    plan = replace(plan, recipient_id=recipient.id)
    if plan.level.handover:
        return plan
    channels, reasons = level_channels(plan.level, recipient)
    return replace(plan, channels=tuple(channels), channel_reasons=tuple(reasons))


def level_channels(level: Level, recipient: Recipient) -> tuple[list, list]:
    """``(channels, reasons)``: how ``level`` reaches ``recipient``
    (lib.channels), for the run and for a reminder sent by hand alike."""
    email = (recipient.email or "").strip()
    return plan_channels(
        send_email=level.send_email,
        send_letter=level.send_letter,
        send_post=level.send_post,
        send_sms=level.send_sms,
        email=email,
        phone=recipient.phone,
        address=recipient.address,
        letter_fallback=level.letter_fallback,
        email_bounced=bool(email) and email == recipient.bounced_email,
    )


def per_customer(plans: list[Plan]) -> list[Plan]:
    """A customer owing in several currencies has a plan per currency; what
    concerns the customer as a whole stays one: one call at a time (the
    first plan that asks for one schedules it, the others wait for it), and
    one hand-over file with the invoices of every currency."""
    by_partner = {}
    for plan in plans:
        by_partner.setdefault(plan.partner_id, []).append(plan)
    result = []
    for partner_plans in by_partner.values():
        if len(partner_plans) == 1:
            result += partner_plans
            continue
        if any(plan.call for plan in partner_plans):
            caller = next((p for p in partner_plans if p.call == "schedule"), None)
            partner_plans = [
                plan
                if plan is caller
                else replace(plan, call="wait", call_attempt=None)
                for plan in partner_plans
            ]
        handover = None
        for plan in partner_plans:
            if not plan.handover:
                result.append(plan)
            elif handover is None:
                handover = len(result)
                result.append(plan)
            else:
                first = result[handover]
                result[handover] = replace(
                    first,
                    invoice_ids=_union(first.invoice_ids, plan.invoice_ids),
                    reached_ids=_union(first.reached_ids, plan.reached_ids),
                )
    return result


def plan_claim(
    plan: Plan, customer: CustomerFacts, facts: ClaimFacts, batch: Batch
) -> Plan:
    """What the plan's reminder may claim under Belgian law (lib.claims), in
    its own currency, on the invoices no reminder claimed on yet; for a
    consumer's first reminder, what it announces, and what blocks it: our
    enterprise number missing, or an invoice that does not say what it was
    for. A reminder in a currency without exchange rate claims nothing and
    waits for review."""
    terms: Terms = facts.terms[customer.regime, customer.subscription]
    if plan.currency_id != batch.company_currency_id:
        euro = facts.euro_rates.get(plan.currency_id)
        if euro is None:
            return replace(plan, blocked=("no_exchange_rate",))
        terms = terms.in_currency(euro)
    invoices = [facts.invoices[i] for i in plan.invoice_ids if i in facts.invoices]
    keys = {invoice.key for invoice in invoices}
    by_letter = bool({"letter", "post"} & set(plan.channels))
    args = (invoices, terms, plan.on_date, facts.rates)
    kwargs = {
        "by_letter": by_letter,
        "number_in_year": facts.reminders_this_year.get(customer.id, 0) + 1,
        "claimed_before": sum(
            (amount for amount, ids in facts.booked if ids & keys), Decimal(0)
        ),
        "civil_rates": facts.civil_rates,
    }
    no_rate = False
    try:
        claim = reminder_claim(*args, **kwargs)
    except MissingRateError:  # a day before the first known rate
        claim = reminder_claim(*args, **kwargs, with_interest=False)
        no_rate = True
    plan = replace(plan, claim=claim, terms=terms, no_rate=no_rate)
    if not claim.first_keys:
        return plan
    first = frozenset(claim.first_keys)
    book19 = Book19(
        period_end=period_end(plan.on_date, "letter" if by_letter else "email"),
        damages=claim.announced_damages,
        interest=claim.announced_interest_rule or "",
        interest_rate=claim.announced_interest or Decimal(0),
        fee=claim.announced_fee,
        first_ids=first,
    )
    lines = tuple(
        replace(
            line,
            first_reminder=True,
            description=facts.descriptions.get(line.move_id, ""),
        )
        if line.move_id in first
        else line
        for line in plan.lines
    )
    blocked = first_reminder_problems(
        facts.enterprise_number,
        [(line.move_id, line.first_reminder, line.description) for line in lines],
    )
    return replace(plan, book19=book19, lines=lines, blocked=blocked)


def first_reminder_problems(
    enterprise_number: bool, lines: list[tuple[int, bool, str]]
) -> tuple:
    """What keeps a consumer's first reminder from going out, as
    ``Plan.blocked`` says it, or ``()``: our enterprise number missing, or
    invoices (``(invoice id, first reminder, description)``) that do not say
    what they were for. The run and the reminder's sending both ask."""
    if not enterprise_number:
        return ("no_enterprise_number",)
    bare = tuple(i for i, first, text in lines if first and not text)
    return ("no_description", bare) if bare else ()


# ----------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------


def _level_index(level_ids: list[int], invoice: Document) -> int | None:
    """Where the invoice's last level stands in the customer's policy. A
    level of another policy counts as the level of the same rank here, or
    the last one: the next reminder is the next level, never one the
    customer already had."""
    if not invoice.level_id:
        return None
    if invoice.level_id in level_ids:
        return level_ids.index(invoice.level_id)
    return min(invoice.level_rank or 0, len(level_ids) - 1)


def _steps(amount: float, rounding: float) -> Decimal:
    """``amount`` in steps of the currency's ``rounding``, rounded half up, as
    Odoo rounds money: zero or less is nothing."""
    steps = Decimal(repr(amount)) / Decimal(repr(rounding))
    return steps.quantize(Decimal(1), ROUND_HALF_UP)


def _union(first: tuple, second: tuple) -> tuple:
    return tuple(dict.fromkeys(first + second))
