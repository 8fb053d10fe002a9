"""Hand-computed cases of Belgian collection law, table by table.

Every expected figure below was computed by hand from the rules (shared
Belgian rules, sections 2, 3 and 7), not by running the code: the comment next
to each case shows how. Calendar facts were checked against a calendar and
dateutil.easter (Easter 2026: Sunday 5 April; Easter 2027: Sunday 28 March).
Amounts are compared exactly, as Decimal, to the cent.
"""

from dataclasses import replace
from datetime import date
from decimal import ROUND_HALF_UP
from decimal import Decimal as D

import pytest
from dunning_be_lib.belgian_law import (
    MissingRateError,
    b2b_compensation,
    b2b_interest,
    b2c_clause_excess,
    b2c_damages,
    b2c_damages_cap,
    b2c_reminder_fee,
    complete_rates,
    complete_yearly_rates,
    enterprise_number_valid,
    first_claim_date,
    interest_segments,
    is_working_day,
    open_balances,
    period_end,
)
from dunning_be_lib.claims import Announcement, InvoiceFacts, Terms, reminder_claim
from dunning_be_lib.holds import BankIndex, BankLine
from dunning_be_lib.references import (
    epc_remittance,
    structured_reference_be_check_digits,
    structured_reference_be_digits,
    structured_reference_be_valid,
)

# The published legal rates (percent a year), rules section 2. 2026 H2 is not
# published: left out on purpose.
RATES = {
    (2022, 1): D("8.0"),
    (2022, 2): D("8.0"),
    (2023, 1): D("10.5"),
    (2023, 2): D("12.0"),
    (2024, 1): D("12.5"),
    (2024, 2): D("12.5"),
    (2025, 1): D("11.5"),
    (2025, 2): D("10.5"),
    (2026, 1): D("10.5"),
}
# The ordinary legal interest rate, per year (rules section 3).
CIVIL = {2024: D("5.75"), 2025: D("4.5"), 2026: D("4.5")}


# ----------------------------------------------------------------------
# Working days (rules section 7)
# ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        pytest.param(date(2026, 4, 6), False, id="easter-monday-2026"),
        pytest.param(date(2026, 4, 3), True, id="good-friday-2026-not-legal"),
        pytest.param(date(2026, 5, 14), False, id="ascension-2026-easter+39"),
        pytest.param(date(2026, 5, 25), False, id="whit-monday-2026-easter+50"),
        pytest.param(date(2026, 7, 21), False, id="national-day-tuesday"),
        pytest.param(date(2026, 7, 20), True, id="monday-before-national-day"),
        pytest.param(date(2027, 3, 29), False, id="easter-monday-2027"),
        pytest.param(date(2027, 9, 27), True, id="french-community-day-monday"),
        pytest.param(date(2027, 11, 15), True, id="german-community-day-monday"),
        pytest.param(date(2027, 1, 1), False, id="new-year-friday"),
        pytest.param(date(2026, 2, 14), False, id="saturday"),
    ],
)
def test_is_working_day(day, working):
    assert is_working_day(day) is working


# ----------------------------------------------------------------------
# Book XIX: the 14 days after a consumer's first reminder (section 3)
# ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "channel", "end", "first_claim"),
    [
        # The rules' example. E-mail Fri 6 Mar 2026: day 1 Sat 7 Mar; day 14
        # = 7 + 13 = Fri 20 Mar (working); first claim Mon 23 Mar.
        pytest.param(
            date(2026, 3, 6),
            "email",
            date(2026, 3, 20),
            date(2026, 3, 23),
            id="email-friday-rules-example",
        ),
        # The same day by letter: 3rd working day after Fri 6 Mar = Mon 9 (1),
        # Tue 10 (2), Wed 11 (3): day 1 Wed 11 Mar; day 14 = 11 + 13 = Tue
        # 24 Mar; first claim Wed 25 Mar.
        pytest.param(
            date(2026, 3, 6),
            "letter",
            date(2026, 3, 24),
            date(2026, 3, 25),
            id="letter-friday-same-day",
        ),
        # E-mail Sat 7 Mar: day 1 Sun 8; day 14 = Sat 21 Mar -> Sun 22 ->
        # Mon 23 (working); first claim Tue 24 Mar.
        pytest.param(
            date(2026, 3, 7),
            "email",
            date(2026, 3, 23),
            date(2026, 3, 24),
            id="email-14th-day-saturday",
        ),
        # E-mail Sun 8 Mar: day 1 Mon 9; day 14 = Sun 22 Mar -> Mon 23;
        # first claim Tue 24 Mar.
        pytest.param(
            date(2026, 3, 8),
            "email",
            date(2026, 3, 23),
            date(2026, 3, 24),
            id="email-14th-day-sunday",
        ),
        # Letter Wed 4 Mar: Thu 5 (1), Fri 6 (2), Mon 9 (3): day 1 Mon 9;
        # day 14 = 9 + 13 = Sun 22 Mar -> Mon 23; first claim Tue 24 Mar.
        pytest.param(
            date(2026, 3, 4),
            "letter",
            date(2026, 3, 23),
            date(2026, 3, 24),
            id="letter-14th-day-sunday",
        ),
        # E-mail Mon 23 Mar: day 1 Tue 24 Mar; day 14 = 24 Mar + 13 = Mon
        # 6 Apr, Easter Monday -> Tue 7 Apr; first claim Wed 8 Apr.
        pytest.param(
            date(2026, 3, 23),
            "email",
            date(2026, 4, 7),
            date(2026, 4, 8),
            id="email-14th-day-easter-monday",
        ),
        # E-mail Sat 21 Mar: day 1 Sun 22; day 14 = Sat 4 Apr -> Sun 5
        # (Easter) -> Mon 6 (Easter Monday) -> Tue 7 Apr; first claim Wed 8.
        pytest.param(
            date(2026, 3, 21),
            "email",
            date(2026, 4, 7),
            date(2026, 4, 8),
            id="email-14th-day-saturday-before-easter",
        ),
        # Letter Thu 2 Apr 2026: Fri 3 (1, Good Friday is no legal holiday),
        # Mon 6 Easter Monday skipped, Tue 7 (2), Wed 8 (3): day 1 Wed 8 Apr;
        # day 14 = 8 + 13 = Tue 21 Apr; first claim Wed 22 Apr.
        pytest.param(
            date(2026, 4, 2),
            "letter",
            date(2026, 4, 21),
            date(2026, 4, 22),
            id="letter-over-easter-monday-2026",
        ),
        # Letter Thu 25 Mar 2027: Fri 26 (1), Mon 29 Easter Monday skipped,
        # Tue 30 (2), Wed 31 (3): day 1 Wed 31 Mar; day 14 = Tue 13 Apr 2027;
        # first claim Wed 14 Apr.
        pytest.param(
            date(2027, 3, 25),
            "letter",
            date(2027, 4, 13),
            date(2027, 4, 14),
            id="letter-over-easter-monday-2027",
        ),
        # E-mail Thu 16 Apr 2026: day 1 Fri 17; day 14 = 17 + 13 = Thu 30 Apr
        # (working); the day after, Fri 1 May, is Labour Day: first claim
        # Mon 4 May.
        pytest.param(
            date(2026, 4, 16),
            "email",
            date(2026, 4, 30),
            date(2026, 5, 4),
            id="email-first-claim-after-labour-day",
        ),
        # E-mail Thu 30 Apr 2026: day 1 Fri 1 May; day 14 = Thu 14 May,
        # Ascension -> Fri 15 May; first claim Mon 18 May.
        pytest.param(
            date(2026, 4, 30),
            "email",
            date(2026, 5, 15),
            date(2026, 5, 18),
            id="email-14th-day-ascension",
        ),
        # Letter Wed 23 Dec 2026: Thu 24 (1), Fri 25 Christmas, weekend,
        # Mon 28 (2), Tue 29 (3): day 1 Tue 29 Dec; day 14 = 29 Dec + 13 =
        # Mon 11 Jan 2027; first claim Tue 12 Jan 2027.
        pytest.param(
            date(2026, 12, 23),
            "letter",
            date(2027, 1, 11),
            date(2027, 1, 12),
            id="letter-over-christmas-into-next-year",
        ),
    ],
)
def test_period_end_and_first_claim_date(sent, channel, end, first_claim):
    assert period_end(sent, channel) == end
    assert first_claim_date(sent, channel) == first_claim


# ----------------------------------------------------------------------
# Book XIX damages cap at each bracket edge (section 3)
# ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("balance", "cap"),
    [
        pytest.param(D("0.01"), D("20.00"), id="0.01-flat-20"),
        pytest.param(D("100.00"), D("20.00"), id="100.00-flat-20"),
        pytest.param(D("150.00"), D("20.00"), id="150.00-last-flat"),
        # 30 + 10% x 0.01 = 30.001 -> 30.00
        pytest.param(D("150.01"), D("30.00"), id="150.01-second-bracket"),
        # 30 + 10% x 0.05 = 30.005 -> half-up 30.01
        pytest.param(D("150.05"), D("30.01"), id="150.05-half-up"),
        # 30 + 10% x 150 = 45.00
        pytest.param(D("300.00"), D("45.00"), id="300.00"),
        # 30 + 10% x 350 = 65.00
        pytest.param(D("500.00"), D("65.00"), id="500.00-top-of-second"),
        # 65 + 5% x 0.01 = 65.0005 -> 65.00
        pytest.param(D("500.01"), D("65.00"), id="500.01-third-bracket"),
        # 65 + 5% x 0.10 = 65.005 -> half-up 65.01
        pytest.param(D("500.10"), D("65.01"), id="500.10-half-up"),
        # 65 + 5% x 500 = 90.00 (the rules' example)
        pytest.param(D("1000.00"), D("90.00"), id="1000.00-rules-example"),
        # 65 + 5% x 38699.80 = 65 + 1934.99 = 1999.99
        pytest.param(D("39199.80"), D("1999.99"), id="just-below-ceiling"),
        # 65 + 5% x 38700 = 65 + 1935 = 2000.00: the ceiling reached exactly
        pytest.param(D("39200.00"), D("2000.00"), id="ceiling-reached"),
        # 65 + 5% x 38700.01 = 2000.0005 -> ceiling 2000.00
        pytest.param(D("39200.01"), D("2000.00"), id="ceiling-just-above"),
        # 65 + 5% x 99500 = 5040 -> ceiling 2000.00
        pytest.param(D("100000.00"), D("2000.00"), id="ceiling-far-above"),
    ],
)
def test_b2c_damages_cap(balance, cap):
    assert b2c_damages_cap(balance) == cap


# ----------------------------------------------------------------------
# B2B interest (section 2): simple, per day, 1/365, rate of each half-year,
# rounded once at the end
# ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "first_day", "last_day", "expected"),
    [
        # 1 day in 2026 H1: 1000 x 10.5% x 1/365 = 105/365 = 0.2877 -> 0.29
        pytest.param(
            D(1000), date(2026, 3, 2), date(2026, 3, 2), D("0.29"), id="one-day"
        ),
        # 1 Mar - 30 Apr 2026 = 31 + 30 = 61 days at 10.5%:
        # 1000 x 10.5% x 61/365 = 6405/365 = 17.5479 -> 17.55
        pytest.param(
            D(1000),
            date(2026, 3, 1),
            date(2026, 4, 30),
            D("17.55"),
            id="one-half-year-61-days",
        ),
        # Half-year boundary 2025: 1-30 Jun = 30 days at 11.5%, 1-31 Jul =
        # 31 days at 10.5%: (1000 x 11.5 x 30 + 1000 x 10.5 x 31) / 36500
        # = (345000 + 325500) / 36500 = 18.3699 -> 18.37
        pytest.param(
            D(1000),
            date(2025, 6, 1),
            date(2025, 7, 31),
            D("18.37"),
            id="half-year-boundary-2025",
        ),
        # Two days across the boundary: 30 Jun 2025 at 11.5%, 1 Jul at 10.5%:
        # 10000 x (11.5 + 10.5) / 36500 = 220000/36500 = 6.0274 -> 6.03
        pytest.param(
            D(10000),
            date(2025, 6, 30),
            date(2025, 7, 1),
            D("6.03"),
            id="boundary-last-and-first-day",
        ),
        # Rounding once: 400 x 11.5/36500 = 0.1260 (alone 0.13) plus
        # 400 x 10.5/36500 = 0.1151 (alone 0.12): rounded per day 0.25, but
        # once at the end 8800/36500 = 0.2411 -> 0.24
        pytest.param(
            D(400),
            date(2025, 6, 30),
            date(2025, 7, 1),
            D("0.24"),
            id="rounded-once-not-per-segment",
        ),
        # Leap year, 1 Feb - 31 Mar 2024 = 29 + 31 = 60 days at 12.5%, a day
        # still 1/365: 1000 x 12.5 x 60 / 36500 = 20.5479 -> 20.55
        # (a 366-day year would give 20.49)
        pytest.param(
            D(1000),
            date(2024, 2, 1),
            date(2024, 3, 31),
            D("20.55"),
            id="leap-february",
        ),
        # 29 Feb 2024 alone: 1000 x 12.5 / 36500 = 0.3425 -> 0.34
        pytest.param(
            D(1000),
            date(2024, 2, 29),
            date(2024, 2, 29),
            D("0.34"),
            id="leap-day-alone",
        ),
        # The whole leap year 2024: 366 days at 12.5% (H1 182 + H2 184):
        # 1000 x 12.5 x 366 / 36500 = 125.3425 -> 125.34 (more than a year's
        # 125.00, as each day is 1/365)
        pytest.param(
            D(1000),
            date(2024, 1, 1),
            date(2024, 12, 31),
            D("125.34"),
            id="leap-year-366-days",
        ),
        # Three half-years: 1-31 Dec 2022 = 31 days at 8.0%; 2023 H1 = 31 +
        # 28 + 31 + 30 + 31 + 30 = 181 days at 10.5%; 1-31 Jul 2023 = 31 days
        # at 12.0%: 2000 x (8 x 31 + 10.5 x 181 + 12 x 31) / 36500
        # = (496000 + 3801000 + 744000) / 36500 = 138.1096 -> 138.11
        pytest.param(
            D(2000),
            date(2022, 12, 1),
            date(2023, 7, 31),
            D("138.11"),
            id="three-half-years-2022-2023",
        ),
        # Three half-years: 20-30 Jun 2023 = 11 days at 10.5%; 2023 H2 = 184
        # days at 12.0%; 1-15 Jan 2024 = 15 days at 12.5%:
        # 5000 x (10.5 x 11 + 12 x 184 + 12.5 x 15) / 36500
        # = (577500 + 11040000 + 937500) / 36500 = 343.9726 -> 343.97
        pytest.param(
            D(5000),
            date(2023, 6, 20),
            date(2024, 1, 15),
            D("343.97"),
            id="three-half-years-2023-2024",
        ),
    ],
)
def test_b2b_interest(amount, first_day, last_day, expected):
    assert b2b_interest(amount, first_day, last_day, RATES) == expected


@pytest.mark.parametrize(
    ("first_day", "last_day"),
    [
        # 2026 H2 is not published: a day of it has no rate.
        pytest.param(date(2026, 6, 1), date(2026, 7, 1), id="into-2026-h2"),
        # 2021 H2 is not in the table either.
        pytest.param(date(2021, 12, 31), date(2022, 1, 5), id="from-2021-h2"),
    ],
)
def test_b2b_interest_missing_rate(first_day, last_day):
    with pytest.raises(MissingRateError, match="H2"):
        b2b_interest(D(1000), first_day, last_day, RATES)
    assert issubclass(MissingRateError, ValueError)


@pytest.mark.parametrize(
    ("until", "filled", "missing"),
    [
        # Up to 2026 H1 nothing is missing.
        pytest.param(date(2026, 6, 30), {}, [], id="up-to-date"),
        # 2026 H2 takes the last known rate, 10.5.
        pytest.param(
            date(2026, 9, 30), {(2026, 2): D("10.5")}, [(2026, 2)], id="one-half"
        ),
        # 2026 H2 and 2027 H1 both take 10.5.
        pytest.param(
            date(2027, 2, 1),
            {(2026, 2): D("10.5"), (2027, 1): D("10.5")},
            [(2026, 2), (2027, 1)],
            id="two-halves",
        ),
    ],
)
def test_complete_rates(until, filled, missing):
    rates, added = complete_rates(RATES, until)
    assert rates == {**RATES, **filled}
    assert added == missing


# ----------------------------------------------------------------------
# Partial payments changing the base
# ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("payments", "balances"),
    [
        # 400 paid on 1 Apr: 1000 from 1 Mar, 600 from 1 Apr.
        pytest.param(
            [(date(2026, 4, 1), D(400))],
            [(date(2026, 3, 1), D(1000)), (date(2026, 4, 1), D(600))],
            id="one-payment",
        ),
        # 200 paid before interest starts: 800 from 1 Mar.
        pytest.param(
            [(date(2026, 2, 15), D(200))],
            [(date(2026, 3, 1), D(800))],
            id="paid-before-first-day",
        ),
        # 100 and 300 the same day: one change, 1000 - 400 = 600.
        pytest.param(
            [(date(2026, 4, 1), D(100)), (date(2026, 4, 1), D(300))],
            [(date(2026, 3, 1), D(1000)), (date(2026, 4, 1), D(600))],
            id="two-payments-same-day",
        ),
        # Overpaid: the base never goes below zero.
        pytest.param(
            [(date(2026, 4, 1), D(1200))],
            [(date(2026, 3, 1), D(1000)), (date(2026, 4, 1), D(0))],
            id="overpaid",
        ),
    ],
)
def test_open_balances(payments, balances):
    assert open_balances(D(1000), payments, date(2026, 3, 1)) == balances


def test_partial_payment_across_a_half_year_boundary():
    # 1000 open from 1 Jun 2025, 500 paid on 15 Jul, interest to 31 Jul:
    #   1-30 Jun:  1000 at 11.5% x 30 days = 345000 / 36500
    #   1-14 Jul:  1000 at 10.5% x 14 days = 147000 / 36500
    #   15-31 Jul:  500 at 10.5% x 17 days =  89250 / 36500
    # total 581250 / 36500 = 15.9247 -> 15.92
    balances = open_balances(D(1000), [(date(2025, 7, 15), D(500))], date(2025, 6, 1))
    segments = interest_segments(balances, date(2025, 7, 31), RATES)
    assert [(s.first_day, s.last_day, s.days, s.base, s.rate) for s in segments] == [
        (date(2025, 6, 1), date(2025, 6, 30), 30, D(1000), D("11.5")),
        (date(2025, 7, 1), date(2025, 7, 14), 14, D(1000), D("10.5")),
        (date(2025, 7, 15), date(2025, 7, 31), 17, D(500), D("10.5")),
    ]
    total = sum((s.amount for s in segments), D(0))
    assert total.quantize(D("0.01"), rounding=ROUND_HALF_UP) == D("15.92")


# ----------------------------------------------------------------------
# Compensation, fees, damages, enterprise number
# ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "percent", "minimum", "expected"),
    [
        pytest.param(D(1000), None, None, D("40.00"), id="fixed-40"),
        # 10% x 250 = 25 < minimum 40 -> 40.00
        pytest.param(D(250), D(10), D(40), D("40.00"), id="clause-minimum"),
        # 10% x 1234.56 = 123.456 -> 123.46
        pytest.param(D("1234.56"), D(10), D(40), D("123.46"), id="clause-percent"),
        # The EUR 40 is the floor: 2% x 1000 = 20 < 40 -> 40.00
        pytest.param(D(1000), D(2), None, D("40.00"), id="floor-under-2-percent"),
        # A clause of a flat 25 gives less than 40 -> 40.00
        pytest.param(D(5000), None, D(25), D("40.00"), id="floor-under-flat-25"),
        # 2% x 3000 = 60 > 40: the clause -> 60.00
        pytest.param(D(3000), D(2), None, D("60.00"), id="2-percent-above-floor"),
    ],
)
def test_b2b_compensation(amount, percent, minimum, expected):
    assert b2b_compensation(amount, percent, minimum) == expected


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        # The first reminder is free, whatever the fee.
        pytest.param(
            {"fee": D("7.50"), "postage": D("1.96"), "first": True},
            D("0.00"),
            id="first-free",
        ),
        # A fee of 10 breaks the EUR 7.50: void, not cut down -> nothing.
        pytest.param({"fee": D(10), "postage": D("1.96")}, D("0.00"), id="void-10"),
        # Exactly 7.50, postage on top: 7.50 + 1.96 = 9.46
        pytest.param(
            {"fee": D("7.50"), "postage": D("1.96")}, D("9.46"), id="7.50-plus-postage"
        ),
        pytest.param({"fee": D(5)}, D("5.00"), id="below-cap"),
        # Not a subscription: the 2nd reminder of the year may cost 7.50.
        pytest.param(
            {"fee": D("7.50"), "number_in_year": 2}, D("7.50"), id="no-subscription-2nd"
        ),
        # Subscriptions: reminders 1, 2, 3 of the calendar year are free.
        pytest.param(
            {"fee": D("7.50"), "subscription": True, "number_in_year": 1},
            D("0.00"),
            id="subscription-1st-of-year",
        ),
        pytest.param(
            {"fee": D("7.50"), "subscription": True, "number_in_year": 3},
            D("0.00"),
            id="subscription-3rd-of-year",
        ),
        # The 4th may cost 7.50 + postage 1.96 = 9.46
        pytest.param(
            {
                "fee": D("7.50"),
                "postage": D("1.96"),
                "subscription": True,
                "number_in_year": 4,
            },
            D("9.46"),
            id="subscription-4th-of-year",
        ),
    ],
)
def test_b2c_reminder_fee(kwargs, expected):
    assert b2c_reminder_fee(**kwargs) == expected


SCALE = "scale"  # the terms give the legal scale of art. XIX.4


@pytest.mark.parametrize(
    ("balance", "percent", "minimum", "fees", "expected"),
    [
        # Clause 10%/min 40 on 1000 would give 100, above the cap 65 + 5% x
        # 500 = 90: it can exceed the caps, so it is void: nothing (it used
        # to be cut down to 90).
        pytest.param(D(1000), D(10), D(40), D(0), D("0.00"), id="void-above-cap"),
        # The same clause on 300 gives max(30, 40) = 40, under the cap 30 +
        # 10% x 150 = 45, but it exceeds the cap on other balances (under 250,
        # above 800): void all the same.
        pytest.param(D(300), D(10), D(40), D(0), D("0.00"), id="void-under-cap-here"),
        # 10% without minimum: above the cap from 800 (10% of b > 65 + 5%
        # of (b - 500) when b > 800): void.
        pytest.param(D(120), D(10), None, D(0), D("0.00"), id="void-percent"),
        # A flat 20 is exactly the cap on 150.00 (20) and below it above:
        # valid -> 20.00
        pytest.param(D("150.00"), None, D(20), D(0), D("20.00"), id="flat-20-at-cap"),
        # A flat 20.01 exceeds the cap 20 up to 150: void.
        pytest.param(D(1000), None, D("20.01"), D(0), D("0.00"), id="void-flat-20.01"),
        # The legal scale on 1000: 65 + 5% x 500 = 90.00; a fee of 7.50
        # already inside the cap: 90 - 7.50 = 82.50
        pytest.param(D(1000), SCALE, None, D(0), D("90.00"), id="scale-1000"),
        pytest.param(D(1000), SCALE, None, D("7.50"), D("82.50"), id="scale-fees"),
        # The scale on 150.00: 20; on 150.01: 30 + 0.001 = 30.001 -> 30.00
        pytest.param(D("150.00"), SCALE, None, D(0), D("20.00"), id="scale-150.00"),
        pytest.param(D("150.01"), SCALE, None, D(0), D("30.00"), id="scale-150.01"),
        # Fees 25 above the cap 20: nothing left, never negative
        pytest.param(D(100), SCALE, None, D(25), D("0.00"), id="fees-fill-cap"),
        # No clause: no damages
        pytest.param(D(1000), None, None, D(0), D("0.00"), id="no-clause"),
        # The scale on 60000: 65 + 5% x 59500 = 3040 -> the 2000 ceiling
        pytest.param(D(60000), SCALE, None, D(0), D("2000.00"), id="ceiling"),
    ],
)
def test_b2c_damages(balance, percent, minimum, fees, expected):
    if percent == SCALE:
        assert b2c_damages(balance, None, None, fees, scale=True) == expected
    else:
        assert b2c_damages(balance, percent, minimum, fees) == expected


@pytest.mark.parametrize(
    ("percent", "minimum", "ranges"),
    [
        # 10%, at least 40: the cap is 20 up to 150 (< 40); from 150 to 400
        # the clause is 40 and the cap 30 + (b - 150) / 10 reaches 40 at 250;
        # from 500 the cap is 65 + (b - 500) / 20 and the clause b / 10:
        # equal at b / 20 = 40, b = 800; above, the clause wins for good.
        pytest.param(
            D(10), D(40), ((D(0), D(250)), (D(800), None)), id="default-10-min-40"
        ),
        # A flat 20 never exceeds the cap (20 up to 150, more above).
        pytest.param(D(0), D(20), (), id="flat-20"),
        pytest.param(None, D("20.01"), ((D(0), D(150)),), id="flat-20.01"),
        # 5%: the cap grows by 5% too from 500 (65 + 5% above 500 > 5% of
        # it) up to 39,200, then stays at 2000: 5% x b > 2000 from 40,000.
        pytest.param(D(5), None, ((D(40000), None),), id="5-percent"),
        # 10% alone: 10% x b > 65 + (b - 500) / 20 from b = 800 on.
        pytest.param(D(10), None, ((D(800), None),), id="10-percent"),
        # 15%, at least 50: above the cap on every balance (50 > 20 up to
        # 150; 50 > 30 + (b - 150) / 10 up to 350, where 15% x 350 = 52.5
        # takes over and stays above).
        pytest.param(D(15), D(50), ((D(0), None),), id="15-min-50-everywhere"),
        # 13%: 13% x 500 = 65 = the cap; above 500 the clause grows faster.
        pytest.param(D(13), None, ((D(500), None),), id="13-percent"),
        pytest.param(None, None, (), id="no-clause"),
    ],
)
def test_b2c_clause_excess(percent, minimum, ranges):
    assert b2c_clause_excess(percent, minimum) == ranges


@pytest.mark.parametrize(
    ("until", "filled", "missing"),
    [
        # 2026 is known: nothing to fill.
        pytest.param(date(2026, 12, 31), CIVIL, [], id="known"),
        # 2027 and 2028 take 2026's 4.5 until they are entered.
        pytest.param(
            date(2028, 3, 1),
            {**CIVIL, 2027: D("4.5"), 2028: D("4.5")},
            [2027, 2028],
            id="two-years-missing",
        ),
    ],
)
def test_complete_yearly_rates(until, filled, missing):
    assert complete_yearly_rates(CIVIL, until) == (filled, missing)


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        # 04031707 mod 97: 97 x 41564 = 4031708, so the rest is 96 -> 97 - 96
        # = 01: 0403.170.701 is valid.
        pytest.param("0403.170.701", True, id="valid-dotted"),
        pytest.param("BE 0403 170 701", True, id="valid-with-prefix"),
        pytest.param("0403.170.702", False, id="wrong-check-digits"),
        # 02022399 mod 97: 97 x 20849 = 2022353, rest 46 -> 97 - 46 = 51
        pytest.param("0202.239.951", True, id="valid-0202"),
        pytest.param("2403.170.701", False, id="starts-with-2"),
        pytest.param("403.170.701", False, id="nine-digits"),
    ],
)
def test_enterprise_number_valid(number, valid):
    assert enterprise_number_valid(number) is valid


# ----------------------------------------------------------------------
# One reminder, end to end
# ----------------------------------------------------------------------

B2B = Terms(regime="b2b")
CLAUSE = {"damages_percent": D(10), "damages_minimum": D(40)}


def _lines(claim):
    return [(line.kind, line.key, line.amount) for line in claim.lines]


# Invoice 1: 1000 due Sat 31 Jan 2026; interest 1 Feb - 31 Mar = 28 + 31 = 59
# days at 10.5%: 1000 x 10.5 x 59 / 36500 = 16.9726 -> 16.97.
# Invoice 2: 500 due 28 Feb 2026; interest 1 - 31 Mar = 31 days:
# 500 x 10.5 x 31 / 36500 = 4.4589 -> 4.46.
B2B_ONE = InvoiceFacts(key=1, due=date(2026, 1, 31), amount=D(1000))
B2B_TWO = InvoiceFacts(key=2, due=date(2026, 2, 28), amount=D(500))


@pytest.mark.parametrize(
    ("invoices", "terms", "lines", "total"),
    [
        # 16.97 + 4.46 + 40 + 40 = 101.43
        pytest.param(
            [B2B_ONE, B2B_TWO],
            B2B,
            [
                ("interest", 1, D("16.97")),
                ("interest", 2, D("4.46")),
                ("compensation", 1, D("40.00")),
                ("compensation", 2, D("40.00")),
            ],
            D("101.43"),
            id="b2b-interest-and-40-per-invoice",
        ),
        # One 40 for the reminder: 16.97 + 4.46 + 40 = 61.43
        pytest.param(
            [B2B_ONE, B2B_TWO],
            Terms(regime="b2b", compensation_per="reminder"),
            [
                ("interest", 1, D("16.97")),
                ("interest", 2, D("4.46")),
                ("compensation", None, D("40.00")),
            ],
            D("61.43"),
            id="b2b-40-per-reminder",
        ),
        # Invoice 1 already compensated: only invoice 2's 40.
        # 16.97 + 4.46 + 40 = 61.43
        pytest.param(
            [
                InvoiceFacts(
                    key=1, due=date(2026, 1, 31), amount=D(1000), compensated=True
                ),
                B2B_TWO,
            ],
            B2B,
            [
                ("interest", 1, D("16.97")),
                ("interest", 2, D("4.46")),
                ("compensation", 2, D("40.00")),
            ],
            D("61.43"),
            id="b2b-already-compensated",
        ),
    ],
)
def test_b2b_reminder_claim(invoices, terms, lines, total):
    claim = reminder_claim(invoices, terms, date(2026, 3, 31), RATES)
    assert _lines(claim) == lines
    assert claim.total == total


def test_b2b_partial_payment_changes_the_base():
    # 1000 due 28 Feb 2026, 400 paid on 1 Apr, reminder on 30 Apr:
    #   1 - 31 Mar: 1000 x 10.5 x 31 / 36500 = 325500 / 36500
    #   1 - 30 Apr:  600 x 10.5 x 30 / 36500 = 189000 / 36500
    # total 514500 / 36500 = 14.0959 -> 14.10; compensation 40 on the
    # invoice: 54.10. The interest line shows the open 600 as its base.
    invoice = InvoiceFacts(
        key=7,
        due=date(2026, 2, 28),
        amount=D(1000),
        payments=((date(2026, 4, 1), D(400)),),
    )
    claim = reminder_claim([invoice], B2B, date(2026, 4, 30), RATES)
    assert _lines(claim) == [
        ("interest", 7, D("14.10")),
        ("compensation", 7, D("40.00")),
    ]
    assert claim.lines[0].base == D(600)
    assert claim.total == D("54.10")


def test_b2b_clause_on_a_partly_paid_invoice():
    # 2000 due 28 Feb 2026, 1200 paid on 1 Mar, clause 10%, at least 40, a
    # reminder on 31 Mar: the clause applies to the 800 still open, 80.00
    # (not 10% of 2000 = 200). Interest: 1 Mar is the day of the payment,
    # so the whole period runs on 800: 800 x 10.5 x 31 / 36500 = 7.1342
    # -> 7.13. Total 87.13.
    invoice = InvoiceFacts(
        key=3,
        due=date(2026, 2, 28),
        amount=D(2000),
        payments=((date(2026, 3, 1), D(1200)),),
    )
    claim = reminder_claim(
        [invoice], Terms(regime="b2b", **CLAUSE), date(2026, 3, 31), RATES
    )
    assert _lines(claim) == [
        ("interest", 3, D("7.13")),
        ("compensation", 3, D("80.00")),
    ]
    assert claim.lines[1].base == D(800)
    assert claim.lines[1].rule == "clause"
    assert claim.total == D("87.13")


def test_b2b_floor_under_a_2_percent_clause():
    # A 2% clause on invoice 1 (1000): 20 < 40, the floor: 40.00, the rule
    # "fixed"; per reminder, on 1000 + 500 open: 2% x 1500 = 30 < 40: 40.00.
    # Interest as in the first b2b case: 16.97 + 4.46.
    terms = Terms(regime="b2b", damages_percent=D(2))
    claim = reminder_claim([B2B_ONE, B2B_TWO], terms, date(2026, 3, 31), RATES)
    assert _lines(claim) == [
        ("interest", 1, D("16.97")),
        ("interest", 2, D("4.46")),
        ("compensation", 1, D("40.00")),
        ("compensation", 2, D("40.00")),
    ]
    assert {line.rule for line in claim.lines[2:]} == {"fixed"}
    per_reminder = Terms(
        regime="b2b", damages_percent=D(2), compensation_per="reminder"
    )
    claim = reminder_claim([B2B_ONE, B2B_TWO], per_reminder, date(2026, 3, 31), RATES)
    assert _lines(claim)[-1] == ("compensation", None, D("40.00"))


# Consumer invoices: 1000 due 15 Feb 2026, the first reminder e-mailed on
# Fri 6 Mar 2026 (14th day Fri 20 Mar, first claim Mon 23 Mar).
SENT = (date(2026, 3, 6), "email")


def _b2c(amount=D(1000), payments=(), first_reminder=SENT):
    return InvoiceFacts(
        key=1,
        due=date(2026, 2, 15),
        amount=amount,
        payments=payments,
        first_reminder=first_reminder,
    )


LEGAL_SCALE = {"damages_scale": True}
FEES = {"fee": D("7.50"), "consumer_fees": True}


@pytest.mark.parametrize(
    ("invoice", "terms", "on_date", "kwargs", "lines", "announced", "waiting"),
    [
        # First reminder: free; it announces the damages, the legal scale on
        # 1000: 65 + 5% x 500 = 90.00.
        pytest.param(
            _b2c(first_reminder=None),
            Terms(regime="b2c", **FEES, **LEGAL_SCALE),
            date(2026, 3, 6),
            {},
            [],
            D("90.00"),
            {},
            id="b2c-first-reminder-free-announces-90",
        ),
        # A void clause (10%, at least 40) announces no damages at all.
        pytest.param(
            _b2c(amount=D(300), first_reminder=None),
            Terms(regime="b2c", **CLAUSE),
            date(2026, 3, 6),
            {},
            [],
            D("0.00"),
            {},
            id="b2c-first-reminder-void-clause-announces-nothing",
        ),
        # A flat 20 (never above the cap): announced on 300 -> 20.00.
        pytest.param(
            _b2c(amount=D(300), first_reminder=None),
            Terms(regime="b2c", damages_minimum=D(20)),
            date(2026, 3, 6),
            {},
            [],
            D("20.00"),
            {},
            id="b2c-first-reminder-announces-flat-clause",
        ),
        # On the 14th day itself (Fri 20 Mar): nothing, waits until 23 Mar.
        pytest.param(
            _b2c(),
            Terms(regime="b2c", **FEES, **LEGAL_SCALE),
            date(2026, 3, 20),
            {},
            [],
            D("0.00"),
            {1: date(2026, 3, 23)},
            id="b2c-within-14-days-claims-nothing",
        ),
        # Sun 22 Mar: still nothing, the first claim is Mon 23 Mar.
        pytest.param(
            _b2c(),
            Terms(regime="b2c", **LEGAL_SCALE),
            date(2026, 3, 22),
            {},
            [],
            D("0.00"),
            {1: date(2026, 3, 23)},
            id="b2c-weekend-after-14th-day-claims-nothing",
        ),
        # Mon 23 Mar, the void clause 10%/40 on 1000: no damages (it used to
        # claim 90.00, the clause cut down to the cap).
        pytest.param(
            _b2c(),
            Terms(regime="b2c", **CLAUSE),
            date(2026, 3, 23),
            {},
            [],
            D("0.00"),
            {},
            id="b2c-void-clause-no-damages",
        ),
        # Mon 23 Mar, the legal scale, no fee: 90.00.
        pytest.param(
            _b2c(),
            Terms(regime="b2c", **LEGAL_SCALE),
            date(2026, 3, 23),
            {},
            [("damages", None, D("90.00"))],
            D("0.00"),
            {},
            id="b2c-after-period-legal-scale",
        ),
        # Fee 7.50 inside the cap: fee 7.50 + damages 90 - 7.50 = 82.50.
        pytest.param(
            _b2c(),
            Terms(regime="b2c", **FEES, **LEGAL_SCALE),
            date(2026, 3, 23),
            {},
            [("fee", None, D("7.50")), ("damages", None, D("82.50"))],
            D("0.00"),
            {},
            id="b2c-fee-counts-inside-cap",
        ),
        # A fee of 7.50 but no fee clause in the terms: no fee; the scale
        # gives the whole 90.00.
        pytest.param(
            _b2c(),
            Terms(regime="b2c", fee=D("7.50"), **LEGAL_SCALE),
            date(2026, 3, 23),
            {},
            [("damages", None, D("90.00"))],
            D("0.00"),
            {},
            id="b2c-fee-without-clause",
        ),
        # A fee clause of 10: above 7.50, void: no fee; damages 90.00.
        pytest.param(
            _b2c(),
            Terms(regime="b2c", fee=D(10), consumer_fees=True, **LEGAL_SCALE),
            date(2026, 3, 23),
            {},
            [("damages", None, D("90.00"))],
            D("0.00"),
            {},
            id="b2c-void-fee-clause",
        ),
        # 7.50 claimed before and 7.50 now: damages 90 - 15 = 75.00.
        pytest.param(
            _b2c(),
            Terms(regime="b2c", **FEES, **LEGAL_SCALE),
            date(2026, 3, 23),
            {"claimed_before": D("7.50")},
            [("fee", None, D("7.50")), ("damages", None, D("75.00"))],
            D("0.00"),
            {},
            id="b2c-earlier-fees-inside-cap",
        ),
        # 700 paid on 10 Mar: the base is 300; the scale: 30 + 10% x 150 =
        # 45.00.
        pytest.param(
            _b2c(payments=((date(2026, 3, 10), D(700)),)),
            Terms(regime="b2c", **LEGAL_SCALE),
            date(2026, 3, 23),
            {},
            [("damages", None, D("45.00"))],
            D("0.00"),
            {},
            id="b2c-partial-payment-changes-damages-base",
        ),
        # Subscription, 3rd reminder of the year: free, nothing claimed.
        pytest.param(
            _b2c(),
            Terms(regime="b2c", **FEES, postage=D("1.96"), subscription=True),
            date(2026, 3, 23),
            {"by_letter": True, "number_in_year": 3},
            [],
            D("0.00"),
            {},
            id="b2c-subscription-3rd-free",
        ),
        # Subscription, 4th reminder, by letter: 7.50 + 1.96 = 9.46.
        pytest.param(
            _b2c(),
            Terms(regime="b2c", **FEES, postage=D("1.96"), subscription=True),
            date(2026, 3, 23),
            {"by_letter": True, "number_in_year": 4},
            [("fee", None, D("9.46"))],
            D("0.00"),
            {},
            id="b2c-subscription-4th-fee",
        ),
        # Balance 100 (cap 20), 15.00 of fees and damages claimed before:
        # the fee of 7.50 shrinks to the 5.00 left; no room for damages.
        pytest.param(
            _b2c(amount=D(100)),
            Terms(regime="b2c", **FEES, **LEGAL_SCALE),
            date(2026, 3, 23),
            {"claimed_before": D("15.00")},
            [("fee", None, D("5.00"))],
            D("0.00"),
            {},
            id="b2c-fee-shrinks-to-the-cap",
        ),
        # Balance 1000 (cap 90), 90.00 claimed before: no fee, no damages.
        pytest.param(
            _b2c(),
            Terms(regime="b2c", **FEES, **LEGAL_SCALE),
            date(2026, 3, 23),
            {"claimed_before": D("90.00")},
            [],
            D("0.00"),
            {},
            id="b2c-cap-used-up",
        ),
        # No damages clause: only the fee, still within the cap of 20 on 50.
        pytest.param(
            _b2c(amount=D(50)),
            Terms(regime="b2c", **FEES),
            date(2026, 3, 23),
            {"claimed_before": D("15.00")},
            [("fee", None, D("5.00"))],
            D("0.00"),
            {},
            id="b2c-fees-alone-within-cap",
        ),
        # Interest clause 12%, above the 10.5% of commercial transactions:
        # void, so the ordinary legal rate of 2026, 4.5%, from the first
        # claim date Mon 23 Mar to Wed 22 Apr: 9 + 22 = 31 days:
        # 1000 x 4.5 x 31 / 36500 = 3.8219 -> 3.82 (it used to be 12% cut
        # to 10.5%: 8.92).
        pytest.param(
            _b2c(),
            Terms(regime="b2c", interest_rate=D(12)),
            date(2026, 4, 22),
            {"civil_rates": CIVIL},
            [("interest", 1, D("3.82"))],
            D("0.00"),
            {},
            id="b2c-void-interest-clause-legal-rate",
        ),
        # Interest clause 10.5%, exactly the rate of commercial transactions:
        # valid: 1000 x 10.5 x 31 / 36500 = 8.9178 -> 8.92.
        pytest.param(
            _b2c(),
            Terms(regime="b2c", interest_rate=D("10.5")),
            date(2026, 4, 22),
            {"civil_rates": CIVIL},
            [("interest", 1, D("8.92"))],
            D("0.00"),
            {},
            id="b2c-interest-clause-at-the-rate",
        ),
    ],
)
def test_b2c_reminder_claim(invoice, terms, on_date, kwargs, lines, announced, waiting):
    claim = reminder_claim([invoice], terms, on_date, RATES, **kwargs)
    assert _lines(claim) == lines
    assert claim.total == sum((amount for _k, _i, amount in lines), D("0.00"))
    assert claim.announced_damages == announced
    assert claim.waiting == waiting
    assert claim.first_keys == (() if invoice.first_reminder else (1,))


def _announced(**kwargs):
    """The invoice of ``_b2c`` (first reminder on Fri 6 Mar 2026), whose
    first reminder announced ``kwargs``."""
    return replace(_b2c(), announced=Announcement(reminder=9, **kwargs))


@pytest.mark.parametrize(
    ("invoice", "terms", "lines"),
    [
        # The first reminder announced no interest (the clause came later):
        # none, on Wed 22 Apr as ever after.
        pytest.param(
            _announced(damages=D(90)),
            Terms(regime="b2c", interest_rate=D(8)),
            [],
            id="interest-not-announced",
        ),
        # It announced 8 %; the clause is 10 % now (under 10.5 %, valid):
        # 8 % from Mon 23 Mar to Wed 22 Apr, 31 days:
        # 1000 x 8 x 31 / 36500 = 6.7945 -> 6.79
        pytest.param(
            _announced(interest_rate=D(8)),
            Terms(regime="b2c", interest_rate=D(10)),
            [("interest", 1, D("6.79"))],
            id="interest-at-the-announced-rate",
        ),
        # It announced the legal rate (its clause of 12 % was void): the
        # legal 4.5 %, though the clause is 9 % now: 1000 x 4.5 x 31 / 36500
        # = 3.8219 -> 3.82
        pytest.param(
            _announced(interest_rate=D("4.5"), interest_rule="civil_rate"),
            Terms(regime="b2c", interest_rate=D(9)),
            [("interest", 1, D("3.82"))],
            id="interest-at-the-announced-legal-rate",
        ),
        # No fee announced: none, though our terms charge consumers 7.50
        # now; the legal scale gives 90 but only 63 were announced.
        pytest.param(
            _announced(damages=D(63)),
            Terms(regime="b2c", **FEES, **LEGAL_SCALE),
            [("damages", None, D("63.00"))],
            id="fee-not-announced-damages-as-announced",
        ),
        # Announced a fee of 5 and damages of 90: the fee 5.00 (our 7.50 now
        # is more), damages 90 - 5 = 85.00 inside the cap.
        pytest.param(
            _announced(damages=D(90), fee=D(5)),
            Terms(regime="b2c", **FEES, **LEGAL_SCALE),
            [("fee", None, D("5.00")), ("damages", None, D("85.00"))],
            id="fee-as-announced",
        ),
        # A void clause announced no damages: none, though the company has
        # chosen the legal scale since.
        pytest.param(
            _announced(),
            Terms(regime="b2c", **LEGAL_SCALE),
            [],
            id="no-damages-announced",
        ),
    ],
)
def test_b2c_claims_only_what_was_announced(invoice, terms, lines):
    on_date = date(2026, 4, 22)
    claim = reminder_claim([invoice], terms, on_date, RATES, civil_rates=CIVIL)
    assert _lines(claim) == lines


# A consumer invoice of 1000, its first reminder e-mailed Mon 12 May 2025:
# day 1 Tue 13 May, the 14th day Mon 26 May (a working day: Ascension 2025
# is Thu 29 May), the first claim Tue 27 May 2025.
SENT_2025 = (date(2025, 5, 12), "email")


@pytest.mark.parametrize(
    ("on_date", "amount", "rule"),
    [
        # Up to Mon 30 Jun 2025: 27 May - 30 Jun = 5 + 30 = 35 days, all in
        # 2025 H1 (11.5%): the clause of 11% is below, valid:
        # 1000 x 11 x 35 / 36500 = 10.5479 -> 10.55
        pytest.param(date(2025, 6, 30), D("10.55"), "clause_rate", id="within-h1"),
        # Up to Thu 31 Jul 2025: 35 days in H1 + 31 in H2, where the rate is
        # 10.5% < 11%: the clause is above it, void for the whole period,
        # which takes the legal 4.5% of 2025:
        # 1000 x 4.5 x 66 / 36500 = 8.1370 -> 8.14
        # (it used to be 11% then 10.5%: (385000 + 325500) / 36500 = 19.47)
        pytest.param(date(2025, 7, 31), D("8.14"), "civil_rate", id="across-h2"),
    ],
)
def test_b2c_void_interest_clause_across_a_half_year(on_date, amount, rule):
    invoice = _b2c(first_reminder=SENT_2025)
    terms = Terms(regime="b2c", interest_rate=D(11))
    claim = reminder_claim([invoice], terms, on_date, RATES, civil_rates=CIVIL)
    assert _lines(claim) == [("interest", 1, amount)]
    assert claim.lines[0].rule == rule
    assert claim.lines[0].first_day == date(2025, 5, 27)


@pytest.mark.parametrize(
    ("terms", "interest", "rule", "fee"),
    [
        # Clause 8% (under 10.5%) and a fee clause of 7.50: both announced.
        pytest.param(
            Terms(regime="b2c", interest_rate=D(8), **FEES),
            D(8),
            "clause_rate",
            D("7.50"),
            id="clause-and-fee",
        ),
        # Clause 12% (above 10.5%, void): the legal 4.5% of 2026 announced;
        # a fee without a fee clause is not announced.
        pytest.param(
            Terms(regime="b2c", interest_rate=D(12), fee=D("7.50")),
            D("4.5"),
            "civil_rate",
            D("0.00"),
            id="void-clause-legal-rate",
        ),
        # No interest clause, a void fee clause of 10: nothing announced.
        pytest.param(
            Terms(regime="b2c", fee=D(10), consumer_fees=True),
            None,
            "",
            D("0.00"),
            id="nothing",
        ),
    ],
)
def test_b2c_first_reminder_announces(terms, interest, rule, fee):
    claim = reminder_claim(
        [_b2c(first_reminder=None)], terms, date(2026, 3, 6), RATES, civil_rates=CIVIL
    )
    assert claim.lines == ()
    assert (claim.announced_interest, claim.announced_interest_rule) == (
        interest,
        rule,
    )
    assert claim.announced_fee == fee


# ----------------------------------------------------------------------
# Payment references and the EPC QR code (rules section 5; EPC069-12):
# ten digits and two check digits, the ten digits modulo 97, 97 for a
# remainder of 0. Every check digit was computed by hand, as shown.
# ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reference", "valid"),
    [
        # 0108068171 = 108,068,171; 97 x 1,114,104 = 108,068,088;
        # 108,068,171 - 108,068,088 = 83: check digits 83.
        ("+++010/8068/17183+++", True),
        ("***010/8068/17183***", True),
        ("010806817183", True),
        (" +++010 / 8068 / 17183+++ ", True),  # white space, as Odoo ignores it
        ("010 8068 17183", True),
        # The same ten digits with 84: a wrong check digit.
        ("+++010/8068/17184+++", False),
        # 0108068088 = 108,068,088 = 97 x 1,114,104: remainder 0, so the
        # check digits are 97, never 00 (Odoo accepts 00: 0 % 97 == 0 % 97).
        ("+++010/8068/08897+++", True),
        ("+++010/8068/08800+++", False),
        ("010806808800", False),
        # 0000000001: remainder 1, check digits 01; 98 is 1 modulo 97 too,
        # which Odoo accepts and a bank refuses.
        ("+++000/0000/00101+++", True),
        ("+++000/0000/00198+++", False),
        # Not one of Odoo's forms, or not twelve digits.
        ("010/8068/17183", False),  # slashes without the +++
        ("+++010/8068/17183", False),
        ("+++010/8068/1718+++", False),
        ("01080681718", False),
        ("0108068171830", False),
        ("INV/2026/00012", False),
        ("", False),
        (None, False),
    ],
)
def test_structured_reference_be_valid(reference, valid):
    assert structured_reference_be_valid(reference) is valid


@pytest.mark.parametrize(
    ("number", "check"),
    [
        ("0108068171", "83"),  # 108,068,171 - 97 x 1,114,104 = 83
        ("0108068088", "97"),  # 97 x 1,114,104: remainder 0 gives 97
        ("0000000001", "01"),
        # 97 x 103,092,783 = 9,999,999,951; 9,999,999,999 - 9,999,999,951 = 48
        ("9999999999", "48"),
    ],
)
def test_check_digits(number, check):
    assert structured_reference_be_check_digits(number) == check


def test_digits_of_a_valid_reference():
    assert structured_reference_be_digits("+++010/8068/17183+++") == "010806817183"
    assert structured_reference_be_digits("+++010/8068/08800+++") is None


def test_bank_line_with_check_digits_00_pays_nothing():
    # An invoice whose reference has check digits 00 is not paid "by
    # reference" by a bank line carrying those twelve digits (no bank takes
    # them as a structured communication); the valid 97 one is.
    line = BankLine(1, "Betaling +++010/8068/08800+++", D(10))
    index = BankIndex([line])
    assert index.match("INV/1", "+++010/8068/08800+++", D(605), "klant") is None
    line = BankLine(2, "Betaling +++010/8068/08897+++", D(10))
    found = BankIndex([line]).match("INV/1", "+++010/8068/08897+++", D(605), "k")
    assert found == ("reference", line)


def _more(invoices, count):
    return f"Reminder R000042: {invoices} + {count} more"


def test_remittance_of_few_invoices_is_their_numbers():
    numbers = ["INV/2026/00001", "INV/2026/00002"]
    assert epc_remittance(numbers, _more) == "INV/2026/00001, INV/2026/00002"


def test_remittance_of_forty_invoices_fits_in_140():
    # 40 numbers of 14 characters: 40 x 14 + 39 x 2 (", ") = 638 > 140.
    # "Reminder R000042: " is 18 characters, " + NN more" 10: 28 around the
    # numbers, 112 left. k numbers take 14k + 2(k - 1) = 16k - 2 <= 112,
    # k <= 7.125: 7 numbers (110 characters), 33 more; 18 + 110 + 10 = 138.
    numbers = [f"INV/2026/{n:05d}" for n in range(1, 41)]
    text = epc_remittance(numbers, _more)
    assert text == (
        "Reminder R000042: INV/2026/00001, INV/2026/00002, INV/2026/00003, "
        "INV/2026/00004, INV/2026/00005, INV/2026/00006, INV/2026/00007 "
        "+ 33 more"
    )
    assert len(text) == 138


def test_remittance_at_the_limit():
    # One number of exactly 140 characters is kept as it is.
    assert epc_remittance(["A" * 140], _more) == "A" * 140
    # One of 141 is not: the reminder's text alone (27 characters) stands in.
    assert epc_remittance(["A" * 141], _more) == "Reminder R000042:  + 1 more"
    # Should even that not fit, it is cut at the limit: 27 characters, 20.
    assert epc_remittance(["A" * 21], _more, limit=20) == "Reminder R000042:  +"
