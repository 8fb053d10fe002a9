"""The hand-over to a debt collector: the checks before the file goes, and
what it may still claim per invoice. Figures computed by hand (see each
comment); 2026 H1's legal rate is 10.5 %."""

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

from dunning_be_lib.claims import InvoiceFacts, Terms
from dunning_be_lib.handover import (
    HandedInvoice,
    Party,
    accrued_claims,
    earliest_handover,
    problems,
)

RATES = {(2025, 2): D("10.5"), (2026, 1): D("10.5")}
ON = date(2026, 3, 2)

CREDITOR = Party(
    name="Drukkerij De Letter",
    street="Veldstraat 1",
    zip="9000",
    city="Gent",
    enterprise_number="0477472701",
    phone="+32 9 123 45 67",
    email="boekhouding@deletter.be",
)
AGENCY = Party(
    name="Incasso Vlaanderen",
    street="Meir 10",
    zip="2000",
    city="Antwerpen",
    enterprise_number="0403170701",
    email="dossiers@incasso.be",
    kind="agency",
    registration="FOD-123",
)
DEBTOR = Party(name="Brouwerij Hop", street="Markt 2", zip="9300", city="Aalst")
INVOICE = HandedInvoice(
    "INV/2026/0001", due=date(2026, 1, 31), description="Brochures, 500 copies"
)


def codes(found):
    return [code for code, _subject in found]


def test_a_complete_file_has_no_problem():
    assert problems(CREDITOR, AGENCY, DEBTOR, [INVOICE], False, ON) == []


def test_every_missing_item_is_named():
    found = problems(
        replace(CREDITOR, enterprise_number="", phone="", email="", city=""),
        replace(AGENCY, registration="", enterprise_number="", street="", email=""),
        replace(DEBTOR, zip=""),
        [replace(INVOICE, description="", due=None)],
        False,
        ON,
    )
    assert codes(found) == [
        "creditor_enterprise_number",
        "creditor_address",
        "creditor_phone",
        "creditor_email",
        "collector_registration",
        "collector_enterprise_number",
        "collector_address",
        "collector_email",
        "debtor_address",
        "no_due_date",
        "no_description",
    ]
    assert ("no_description", "INV/2026/0001") in found


def test_lawyers_and_bailiffs_need_no_registration():
    for kind in ("lawyer", "bailiff"):
        collector = replace(AGENCY, kind=kind, registration="")
        assert problems(CREDITOR, collector, DEBTOR, [INVOICE], False, ON) == []


def test_a_partner_that_is_no_collector_is_refused():
    found = problems(CREDITOR, replace(AGENCY, kind=""), DEBTOR, [INVOICE], False, ON)
    assert codes(found) == ["collector_kind"]
    assert codes(problems(CREDITOR, None, DEBTOR, [], False, ON)) == [
        "no_invoice",
        "no_collector",
    ]


def test_invoices_that_cannot_go():
    invoices = [
        replace(INVOICE, number="A", open=False, disputed=True),
        replace(INVOICE, number="B", disputed=True),
        replace(INVOICE, number="C", paid_unmatched=True),
        replace(INVOICE, number="D", with_collector=True),
        # A debit note of fees needs no description: its lines are the claims.
        replace(INVOICE, number="E", claim_note=True, description=""),
    ]
    found = problems(CREDITOR, AGENCY, DEBTOR, invoices, False, ON)
    # A paid invoice is named once, for being paid.
    assert found == [
        ("not_open", "A"),
        ("disputed", "B"),
        ("paid_unmatched", "C"),
        ("with_collector", "D"),
    ]


def test_open_credits_must_be_matched_first():
    found = problems(
        CREDITOR, AGENCY, DEBTOR, [INVOICE], False, ON, credits=("RINV/1", "BNK/7")
    )
    assert found == [("open_credit", "RINV/1"), ("open_credit", "BNK/7")]


def test_consumer_needs_the_first_reminder_and_its_period():
    # First reminder e-mailed Monday 16 February 2026: day 1 is 17 February,
    # the 14th day Monday 2 March, the first claim Tuesday 3 March.
    waiting = replace(INVOICE, number="W", first_claim=date(2026, 3, 3))
    never = replace(INVOICE, number="N", first_claim=None)
    found = problems(CREDITOR, AGENCY, DEBTOR, [waiting, never], True, ON)
    assert found == [("consumer_period", "W"), ("consumer_no_reminder", "N")]
    assert problems(CREDITOR, AGENCY, DEBTOR, [waiting], True, date(2026, 3, 3)) == []
    # A company needs no first reminder.
    assert problems(CREDITOR, AGENCY, DEBTOR, [never], False, ON) == []
    assert earliest_handover([waiting]) == date(2026, 3, 3)
    assert earliest_handover([waiting, never]) is None


FACTS = InvoiceFacts(key=1, due=date(2026, 1, 31), amount=D("1000.00"))


def test_b2b_interest_and_compensation_until_the_hand_over():
    # Interest from 1 February to 2 March: 28 + 2 = 30 days,
    # 1000 × 10.5 % × 30/365 = 8.6301... = 8.63; the fixed EUR 40.
    by_key, no_rate = accrued_claims([FACTS], Terms("b2b"), ON, RATES)
    assert not no_rate
    interest, compensation = by_key[1]
    assert (interest.kind, interest.amount) == ("interest", D("8.63"))
    assert (interest.first_day, interest.last_day) == (date(2026, 2, 1), ON)
    assert (compensation.kind, compensation.amount) == ("compensation", D("40.00"))


def test_what_reminders_booked_is_not_claimed_again():
    # Interest booked until 15 February, compensation booked: 16 February to
    # 2 March is 13 + 2 = 15 days, 1000 × 10.5 % × 15/365 = 4.3150... = 4.32.
    facts = replace(FACTS, interest_until=date(2026, 2, 15), compensated=True)
    by_key, _no_rate = accrued_claims([facts], Terms("b2b"), ON, RATES)
    assert [(line.kind, line.amount) for line in by_key[1]] == [("interest", D("4.32"))]


def test_no_reminder_fee_on_a_hand_over():
    terms = Terms("b2b", fee=D("15.00"), postage=D("1.50"))
    by_key, _no_rate = accrued_claims([FACTS], terms, ON, RATES)
    assert "fee" not in [line.kind for line in by_key[1]]


def test_a_figure_for_several_invoices_goes_with_the_oldest():
    # Compensation per reminder: one EUR 40 for both, on invoice 2, due first.
    older = InvoiceFacts(key=2, due=date(2026, 1, 15), amount=D("200.00"))
    terms = Terms("b2b", compensation_per="reminder")
    by_key, _no_rate = accrued_claims([FACTS, older], terms, ON, RATES)
    assert [line.kind for line in by_key[1]] == ["interest"]
    assert [(line.kind, line.amount) for line in by_key[2]] == [
        ("interest", D("2.65")),  # 16 + 28 + 2 = 46 days: 200 × 10.5 % × 46/365
        ("compensation", D("40.00")),
    ]
    assert by_key[2][1].base == D("1200.00")


def test_consumer_damages_within_the_cap():
    # The legal scale on 1000: 65 + 5 % × 500 = 90; 7.50 of fees booked
    # before leave 82.50.
    facts = replace(FACTS, first_reminder=(date(2026, 1, 5), "email"))
    terms = Terms("b2c", damages_scale=True)
    by_key, _no_rate = accrued_claims([facts], terms, ON, RATES)
    assert [(line.kind, line.amount, line.rule) for line in by_key[1]] == [
        ("damages", D("90.00"), "scale")
    ]
    # A clause of 10 %, at least 40, can exceed the cap: void, nothing.
    void = Terms("b2c", damages_percent=D(10), damages_minimum=D(40))
    assert accrued_claims([facts], void, ON, RATES)[0] == {1: []}
    by_key, _no_rate = accrued_claims(
        [facts], terms, ON, RATES, claimed_before=D("7.50")
    )
    assert by_key[1][0].amount == D("82.50")


def test_a_missing_rate_leaves_interest_out():
    by_key, no_rate = accrued_claims([FACTS], Terms("b2b"), ON, {})
    assert no_rate
    assert [line.kind for line in by_key[1]] == ["compensation"]


def test_nothing_to_hand_over():
    assert accrued_claims([], Terms("b2b"), ON, RATES) == ({}, False)
