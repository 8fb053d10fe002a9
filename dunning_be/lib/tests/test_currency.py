"""Invoices in another currency than the euro: the law's euro figures and the
company's fixed amounts are converted at one rate, the percentages stay.

One euro is worth 1.25 of the invoices' currency (say USD) in every case
below; each figure was computed by hand, as shown next to it.
"""

from datetime import date
from decimal import Decimal as D

from dunning_be_lib.belgian_law import (
    b2c_damages,
    b2c_damages_cap,
    b2c_reminder_fee,
)
from dunning_be_lib.claims import InvoiceFacts, Terms, reminder_claim

EURO = D("1.25")
RATES = {(2026, 1): D("10.5")}


def test_euro_is_the_default():
    assert b2c_damages_cap(D("1000.00")) == D("90.00")
    # A fee of 10 breaks the EUR 7.50: void.
    assert b2c_reminder_fee(D("10.00")) == D("0.00")
    assert Terms("b2b").euro == D(1)


def test_damages_cap_measures_the_balance_in_euro():
    # USD 1,250 is EUR 1,000: cap EUR 65 + 5 % of 500 = EUR 90 = USD 112.50.
    assert b2c_damages_cap(D("1250.00"), EURO) == D("112.50")
    # USD 150 is EUR 120, the first bracket: EUR 20 = USD 25.
    assert b2c_damages_cap(D("150.00"), EURO) == D("25.00")
    # USD 500 is EUR 400: EUR 30 + 10 % of 250 = EUR 55 = USD 68.75.
    assert b2c_damages_cap(D("500.00"), EURO) == D("68.75")
    # Never more than EUR 2,000 = USD 2,500.
    assert b2c_damages_cap(D("1000000.00"), EURO) == D("2500.00")
    assert b2c_damages_cap(D("0.00"), EURO) == D("0.00")


def test_reminder_fee_ceiling_in_euro():
    # At most EUR 7.50 = USD 9.375, to the cent 9.38: USD 9.38 is within it,
    # postage on top; USD 9.39 is above it, void.
    assert b2c_reminder_fee(D("9.38"), D("1.00"), euro=EURO) == D("10.38")
    assert b2c_reminder_fee(D("9.39"), D("1.00"), euro=EURO) == D("0.00")
    assert b2c_reminder_fee(D("5.00"), euro=EURO) == D("5.00")


def test_converted_clauses_at_the_limit_stay_valid():
    # EUR 7.50 at 1.08347 is 8.126..., rounded 8.13 in the invoice's
    # currency: that is the limit itself, not above it. A flat EUR 20 is
    # 21.67, 20.0006 back in euro: 20.00 to the cent, the cap, not above.
    rate = D("1.08347")
    assert b2c_reminder_fee(D("8.13"), euro=rate) == D("8.13")
    assert b2c_damages(D("100.00"), None, D("21.67"), euro=rate) == D("21.67")


def test_damages_within_the_converted_cap():
    # The legal scale on USD 1,250 (EUR 1,000): USD 112.50, less USD 9.38
    # of fees.
    assert b2c_damages(D("1250.00"), None, None, D("9.38"), EURO, scale=True) == D(
        "103.12"
    )
    # A flat USD 25 (EUR 20) never exceeds the cap: valid; USD 25.01 does.
    assert b2c_damages(D("100.00"), None, D(25), euro=EURO) == D("25.00")
    assert b2c_damages(D("100.00"), None, D("25.01"), euro=EURO) == D("0.00")


def test_terms_in_another_currency():
    terms = Terms(
        "b2c",
        damages_percent=D(10),
        damages_minimum=D(40),
        fee=D("7.50"),
        postage=D("1.50"),
        interest_rate=D(8),
    ).in_currency(EURO)
    assert terms.compensation == D("50.00")  # EUR 40 x 1.25
    assert terms.damages_minimum == D("50.00")
    assert terms.fee == D("9.38")  # 9.375, half-up
    assert terms.postage == D("1.88")  # 1.875, half-up
    assert terms.damages_percent == D(10)
    assert terms.interest_rate == D(8)
    assert terms.euro == EURO
    # No clause stays no clause.
    assert Terms("b2b").in_currency(EURO).damages_minimum is None


def test_b2b_claim_on_a_usd_invoice():
    invoice = InvoiceFacts(key=1, due=date(2026, 3, 2), amount=D("1000.00"))
    claim = reminder_claim(
        [invoice], Terms("b2b").in_currency(EURO), date(2026, 3, 9), RATES
    )
    interest, compensation = claim.lines
    # USD 1,000 x 10.5 % x 7 / 365 = 2.0137: the rate is a percentage.
    assert interest.amount == D("2.01")
    # The fixed EUR 40 at the day's rate: USD 50.
    assert compensation.amount == D("50.00")
    assert claim.total == D("52.01")


def test_b2c_damages_capped_in_the_invoices_currency():
    day = date(2026, 3, 2)
    invoice = InvoiceFacts(
        key=1,
        due=day,
        amount=D("1250.00"),
        first_reminder=(day, "email"),  # period over on 17 March 2026
    )
    terms = Terms("b2c", damages_scale=True)
    claim = reminder_claim([invoice], terms.in_currency(EURO), date(2026, 4, 1), RATES)
    (damages,) = claim.lines
    # The legal scale on USD 1,250 (EUR 1,000): USD 112.50 (EUR 90).
    assert damages.kind == "damages"
    assert damages.amount == D("112.50")
    assert damages.rule == "scale"
