"""The run's decisions (lib/run_plan.py), one customer at a time, without
Odoo: hold, level, gap, call gate, channel, several currencies, hand-over,
claim."""

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

from dunning_be_lib.claims import InvoiceFacts, Terms
from dunning_be_lib.holds import BankIndex, BankLine
from dunning_be_lib.run_plan import (
    Batch,
    Call,
    ClaimFacts,
    CustomerFacts,
    Document,
    Level,
    Recipient,
    first_reminder_problems,
    plan_batch,
    plan_claims,
)

EUR, USD = 1, 2
TODAY = date(2026, 6, 30)
ADDRESS = {"street": "Veldstraat 1", "zip": "9000", "city": "Gent", "country": 21}
FIRST = Level(id=11, delay=7)
SECOND = Level(id=12, delay=21, send_email=False, send_letter=True)
CALL = Level(id=13, delay=35, call_before=True)
HANDOVER = Level(id=14, delay=60, handover=True)
LEVELS = (FIRST, SECOND, CALL, HANDOVER)


def invoice(id, due, amount=100.0, currency=EUR, **kwargs):
    values = {
        "id": id,
        "kind": "invoice",
        "currency_id": currency,
        "date": due,
        "due": due,
        "total": amount,
        "residual": amount,
        "residual_signed": amount,
        "name": f"INV/{id}",
    }
    values.update(kwargs)
    return Document(**values)


def customer(*documents, **kwargs):
    values = {
        "id": 1,
        "documents": documents,
        "policy_id": 5,
        "levels": LEVELS,
        "call_max_attempts": 2,
        "recipient": Recipient(id=1, email="jan@peeters.be", address=ADDRESS),
        "currencies": tuple(dict.fromkeys(d.currency_id for d in documents)) or (EUR,),
    }
    values.update(kwargs)
    return CustomerFacts(**values)


def decide(*customers, **kwargs):
    return plan_batch(
        Batch(
            on_date=kwargs.pop("on_date", TODAY),
            company_currency_id=EUR,
            customers=customers,
            **kwargs,
        )
    )


def only_plan(decided):
    (plan,) = decided.plans
    return plan


# -- level and gap ------------------------------------------------------------


def at(level, id, due, sent_on, **kwargs):
    """An invoice whose last reminder was of ``level``, sent on ``sent_on``."""
    return invoice(id, due, level_id=level.id, last_date=sent_on, **kwargs)


def test_level_is_the_highest_any_invoice_reaches():
    plan = only_plan(
        decide(
            customer(
                invoice(1, date(2026, 6, 20)),
                at(FIRST, 2, date(2026, 6, 5), date(2026, 6, 12)),
            )
        )
    )
    # 25 days late, its first reminder 18 days ago: the second level.
    assert plan.level == SECOND
    assert plan.reached_ids == (2,)
    assert plan.invoice_ids == (1, 2)
    assert plan.amount_due == plan.amount_overdue == 200.0
    assert [line.level_id for line in plan.lines] == [FIRST.id, SECOND.id]
    assert plan.outcome == "send"


def test_not_yet_late_enough_for_the_first_level():
    assert not decide(customer(invoice(1, date(2026, 6, 26)))).plans


def test_gap_since_the_last_reminder():
    # First level sent on 20 June: the second comes 14 days (21 - 7) later.
    sent = invoice(1, date(2026, 6, 1), level_id=FIRST.id, last_date=date(2026, 6, 20))
    assert not decide(customer(sent)).plans
    plan = only_plan(decide(customer(sent), on_date=date(2026, 7, 4)))
    assert plan.level == SECOND
    assert plan.waiting_since == date(2026, 6, 20)


def test_level_of_another_policy_counts_by_its_rank():
    # The customer changed policy: its invoice had the 2nd level of the old
    # one, so the next is the 3rd here.
    moved = invoice(
        1, date(2026, 5, 1), level_id=99, level_rank=1, last_date=date(2026, 6, 1)
    )
    assert only_plan(decide(customer(moved))).level == CALL


def test_credits_covering_what_is_due_send_nothing():
    credit = Document(
        id=9,
        kind="credit_note",
        currency_id=EUR,
        date=date(2026, 6, 1),
        total=-50.0,
        residual=-150.0,
        residual_signed=-150.0,
        name="RINV/9",
    )
    decided = decide(customer(invoice(1, date(2026, 6, 1)), credit))
    assert not decided.plans
    # The credit pays the invoice in full: held as paid, not yet matched.
    assert decided.holds[1].reason == "paid_unmatched"
    assert decided.holds[1].detail == ("credits", ("RINV/9",))


# -- holds ----------------------------------------------------------------


def test_holds_each_invoice_for_the_first_reason():
    bank = BankIndex([BankLine(key=77, text="betaling INV/1", amount=D(10))])
    decided = decide(
        customer(
            invoice(1, date(2026, 6, 1)),  # paid by the bank line
            invoice(2, date(2026, 6, 1), delivery_failure=("bounce", "a@b.be")),
            invoice(3, date(2026, 6, 1), sent=False),
            invoice(4, date(2026, 6, 1), payment_term=False),
            invoice(5, date(2026, 6, 2)),
        ),
        bank=bank,
        hold_never_sent=True,
        hold_no_payment_term=True,
    )
    holds = {key: hold.reason for key, hold in decided.holds.items()}
    assert holds == {
        1: "paid_unmatched",
        2: "delivery_failed",
        3: "never_sent",
        4: "no_payment_term",
    }
    assert decided.holds[1].detail == ("bank", "number", 77)
    assert only_plan(decided).invoice_ids == (5,)


def test_a_paused_customer_is_held_whole():
    decided = decide(
        customer(invoice(1, date(2026, 6, 1)), paused_until=date(2026, 7, 15))
    )
    assert not decided.plans
    assert decided.holds[1].reason == "paused"
    assert decided.holds[1].detail == (date(2026, 7, 15),)


def test_a_customer_no_channel_reaches_is_held_as_badly_addressed():
    nowhere = Recipient(id=1, email="", address={})
    decided = decide(customer(invoice(1, date(2026, 6, 20)), recipient=nowhere))
    assert not decided.plans
    assert decided.holds[1].reason == "bad_address"
    assert decided.holds[1].detail == (("no_email", ""),)


# -- channels -------------------------------------------------------------


def test_channel_letter_when_the_level_asks_for_it():
    plan = only_plan(
        decide(customer(at(FIRST, 1, date(2026, 6, 5), date(2026, 6, 12))))
    )
    assert plan.channels == ("letter",)
    assert plan.recipient_id == 1


def test_channel_bounced_email_and_no_phone_hold_the_invoices():
    bounced = Recipient(
        id=2, email="jan@peeters.be", address=ADDRESS, bounced_email="jan@peeters.be"
    )
    levels = (replace(FIRST, send_sms=True),)
    decided = decide(
        customer(invoice(1, date(2026, 6, 20)), levels=levels, recipient=bounced)
    )
    assert not decided.plans
    assert decided.holds[1].reason == "bad_address"
    assert decided.holds[1].detail == (("bounced", "jan@peeters.be"), ("no_phone", ""))


def test_channel_none_on_the_level_waits_for_review_with_its_reason():
    levels = (replace(FIRST, send_email=False),)
    plan = only_plan(decide(customer(invoice(1, date(2026, 6, 20)), levels=levels)))
    assert plan.channels == ()
    assert plan.why == ("no_channel", (("no_channel", ""),))
    assert (plan.send, plan.outcome) == (False, "review")


def test_a_draft_waiting_for_review_is_refreshed_not_sent():
    plan = only_plan(decide(customer(invoice(1, date(2026, 6, 20)), drafts={EUR: 8})))
    assert plan.draft_id == 8
    assert (plan.send, plan.outcome, plan.why) == (False, "review", ("draft",))


def test_a_level_reviewed_before_it_is_sent():
    levels = (replace(FIRST, auto_send=False),)
    plan = only_plan(decide(customer(invoice(1, date(2026, 6, 20)), levels=levels)))
    assert (plan.outcome, plan.why) == ("review", ("review",))


# -- call gate ------------------------------------------------------------


LATE = at(SECOND, 1, date(2026, 5, 20), date(2026, 6, 1))


def test_call_gate_schedules_a_call_before_the_level():
    plan = only_plan(decide(customer(LATE)))
    assert plan.level == CALL
    assert (plan.call, plan.call_attempt, plan.outcome) == ("schedule", 1, "call")
    assert not plan.send


def test_call_gate_calls_again_after_no_answer_then_lets_the_level_go():
    no_answer = Call(
        id=3,
        level_id=CALL.id,
        date=date(2026, 6, 25),
        open=False,
        outcome="no_answer",
        attempt=1,
    )
    plan = only_plan(decide(customer(LATE, calls=(no_answer,))))
    assert (plan.call, plan.call_attempt) == ("schedule", 2)
    second = replace(no_answer, id=4, attempt=2)
    plan = only_plan(decide(customer(LATE, calls=(second, no_answer))))
    assert plan.call is None
    assert plan.send


def test_call_gate_an_open_call_holds_every_level_until_its_deadline():
    open_call = Call(
        id=3,
        level_id=CALL.id,
        date=date(2026, 6, 28),
        open=True,
        date_limit=date(2026, 7, 2),
    )
    facts = customer(invoice(1, date(2026, 6, 20)), calls=(open_call,))
    plan = only_plan(decide(facts))
    assert (plan.call, plan.outcome, plan.why) == ("wait", "wait", ("wait",))
    # Past its Call By day, the call holds nothing any more.
    later = only_plan(decide(facts, on_date=date(2026, 7, 3)))
    assert later.call is None
    assert later.overdue_call_ids == (3,)


# -- several currencies, hand-over ------------------------------------------


def test_hand_over_instead_of_a_reminder():
    plan = only_plan(
        decide(
            customer(
                invoice(
                    1, date(2026, 4, 1), level_id=CALL.id, last_date=date(2026, 5, 1)
                )
            )
        )
    )
    assert plan.level == HANDOVER
    assert plan.handover
    assert (plan.outcome, plan.why, plan.channels, plan.send) == (
        "handover",
        ("handover",),
        (),
        False,
    )


def test_one_hand_over_file_for_every_currency():
    docs = (
        invoice(1, date(2026, 4, 1), level_id=CALL.id, last_date=date(2026, 5, 1)),
        invoice(
            2,
            date(2026, 4, 1),
            currency=USD,
            level_id=CALL.id,
            last_date=date(2026, 5, 1),
        ),
    )
    plan = only_plan(decide(customer(*docs)))
    assert plan.currency_id == EUR
    assert plan.invoice_ids == (1, 2)
    assert plan.reached_ids == (1, 2)


def test_one_call_at_a_time_for_every_currency():
    docs = (LATE, replace(LATE, id=2, currency_id=USD))
    eur, usd = decide(customer(*docs)).plans
    assert (eur.call, usd.call) == ("schedule", "wait")
    assert usd.call_attempt is None


# -- claims -----------------------------------------------------------------


def claim_facts(**kwargs):
    values = {
        "rates": {(2026, 1): D("10.15")},
        "civil_rates": {2026: D("4.5")},
        "terms": {
            ("b2b", False): Terms(regime="b2b"),
            ("b2c", False): Terms(regime="b2c"),
        },
        "invoices": {1: InvoiceFacts(key=1, due=date(2026, 6, 5), amount=D(1000))},
    }
    values.update(kwargs)
    return ClaimFacts(**values)


def test_claim_of_a_company_the_fixed_compensation_and_interest():
    batch = Batch(
        on_date=TODAY,
        company_currency_id=EUR,
        customers=(customer(invoice(1, date(2026, 6, 5), 1000.0)),),
    )
    plan = only_plan(plan_claims(plan_batch(batch), batch, claim_facts()))
    kinds = {line.kind: line.amount for line in plan.claim.lines}
    assert kinds["compensation"] == D(40)
    assert kinds["interest"] > 0
    assert plan.terms.regime == "b2b"
    assert not plan.blocked


def test_claim_in_a_currency_without_exchange_rate_is_blocked():
    usd = invoice(1, date(2026, 6, 5), 1000.0, currency=USD)
    batch = Batch(on_date=TODAY, company_currency_id=EUR, customers=(customer(usd),))
    facts = claim_facts(euro_rates={USD: None})
    plan = only_plan(plan_claims(plan_batch(batch), batch, facts))
    assert plan.blocked == ("no_exchange_rate",)
    assert plan.claim.total == 0
    assert (plan.send, plan.why) == (False, ("blocked", "no_exchange_rate"))


def test_claim_a_consumers_first_reminder_without_description_is_blocked():
    consumer = customer(invoice(1, date(2026, 6, 5), 1000.0), regime="b2c")
    batch = Batch(on_date=TODAY, company_currency_id=EUR, customers=(consumer,))
    plan = only_plan(plan_claims(plan_batch(batch), batch, claim_facts()))
    assert plan.claim.first_keys == (1,)
    assert plan.book19.first_ids == {1}
    assert plan.blocked == ("no_description", (1,))
    assert plan.lines[0].first_reminder
    described = claim_facts(descriptions={1: "Printing of 500 flyers"})
    plan = only_plan(plan_claims(plan_batch(batch), batch, described))
    assert not plan.blocked
    assert plan.lines[0].description == "Printing of 500 flyers"
    assert plan.send


def test_first_reminder_problems_the_enterprise_number_first():
    lines = [(1, True, ""), (2, True, "Flyers"), (3, False, "")]
    assert first_reminder_problems(False, lines) == ("no_enterprise_number",)
    assert first_reminder_problems(True, lines) == ("no_description", (1,))
    assert first_reminder_problems(True, lines[1:]) == ()


def test_an_amount_due_below_the_currencys_rounding_is_nothing():
    # A currency rounded to 0.05 (as the Swiss franc in cash): 0.02 is none.
    paid = invoice(1, date(2026, 6, 20), 100.0, currency=USD)
    payment = Document(
        id=9,
        kind="payment",
        currency_id=USD,
        date=date(2026, 6, 25),
        total=-99.98,
        residual=-99.98,
        name="PAY/9",
    )
    facts = customer(paid, payment)
    assert not decide(facts, rounding={USD: 0.05}).plans
    assert only_plan(decide(facts, rounding={USD: 0.01})).amount_due > 0
