"""Hand-computed cases of Belgian collection law, table by table.

Every expected figure below was computed by hand from the rules (shared
Belgian rules, sections 2, 3 and 7), not by running the code: the comment next
to each case shows how. Calendar facts were checked against a calendar and
dateutil.easter (Easter 2026: Sunday 5 April; Easter 2027: Sunday 28 March).
Amounts are compared exactly, as Decimal, to the cent.
"""

from datetime import date
from decimal import ROUND_HALF_UP
from decimal import Decimal as D

import pytest
from dunning_be_lib.belgian_law import (
    MissingRateError,
    b2b_compensation,
    b2b_interest,
    b2c_damages,
    b2c_damages_cap,
    b2c_reminder_fee,
    complete_rates,
    enterprise_number_valid,
    first_claim_date,
    interest_segments,
    is_working_day,
    open_balances,
    period_end,
)
from dunning_be_lib.claims import InvoiceFacts, Terms, reminder_claim

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
        # A fee of 10 is cut to 7.50, postage on top: 7.50 + 1.96 = 9.46
        pytest.param(
            {"fee": D(10), "postage": D("1.96")}, D("9.46"), id="capped-plus-postage"
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


@pytest.mark.parametrize(
    ("balance", "percent", "minimum", "fees", "expected"),
    [
        # Clause 10%/min 40 on 1000 = 100, above the cap 65 + 5% x 500 = 90
        pytest.param(D(1000), D(10), D(40), D(0), D("90.00"), id="above-cap"),
        # Same, a fee of 7.50 already inside the cap: 90 - 7.50 = 82.50
        pytest.param(
            D(1000), D(10), D(40), D("7.50"), D("82.50"), id="fees-inside-cap"
        ),
        # Clause max(10% x 300 = 30, 40) = 40 <= cap 30 + 10% x 150 = 45
        pytest.param(D(300), D(10), D(40), D(0), D("40.00"), id="clause-min"),
        # Clause 10% x 120 = 12.00 <= cap 20
        pytest.param(D(120), D(10), None, D(0), D("12.00"), id="below-cap"),
        # Clause 40 on 150.00: cap 20
        pytest.param(D("150.00"), None, D(40), D(0), D("20.00"), id="cap-150.00"),
        # Clause 40 on 150.01: cap 30 + 0.001 = 30.001 -> 30.00
        pytest.param(D("150.01"), None, D(40), D(0), D("30.00"), id="cap-150.01"),
        # Fees 25 above the cap 20: nothing left, never negative
        pytest.param(D(100), None, D(40), D(25), D("0.00"), id="fees-fill-cap"),
        # No clause: no damages
        pytest.param(D(1000), None, None, D(0), D("0.00"), id="no-clause"),
        # Clause 10% x 60000 = 6000, cap 65 + 5% x 59500 = 3040 -> 2000
        pytest.param(D(60000), D(10), None, D(0), D("2000.00"), id="ceiling"),
    ],
)
def test_b2c_damages(balance, percent, minimum, fees, expected):
    assert b2c_damages(balance, percent, minimum, fees) == expected


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


@pytest.mark.parametrize(
    ("invoice", "terms", "on_date", "kwargs", "lines", "announced", "waiting"),
    [
        # First reminder: free; it announces the damages, clause 10%/min 40
        # on 1000 = 100, capped at 65 + 5% x 500 = 90.00.
        pytest.param(
            _b2c(first_reminder=None),
            Terms(regime="b2c", fee=D("7.50"), **CLAUSE),
            date(2026, 3, 6),
            {},
            [],
            D("90.00"),
            {},
            id="b2c-first-reminder-free-announces-90",
        ),
        # First reminder on 300: max(30, 40) = 40 <= cap 30 + 15 = 45.
        pytest.param(
            _b2c(amount=D(300), first_reminder=None),
            Terms(regime="b2c", **CLAUSE),
            date(2026, 3, 6),
            {},
            [],
            D("40.00"),
            {},
            id="b2c-first-reminder-announces-clause",
        ),
        # On the 14th day itself (Fri 20 Mar): nothing, waits until 23 Mar.
        pytest.param(
            _b2c(),
            Terms(regime="b2c", fee=D("7.50"), **CLAUSE),
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
            Terms(regime="b2c", **CLAUSE),
            date(2026, 3, 22),
            {},
            [],
            D("0.00"),
            {1: date(2026, 3, 23)},
            id="b2c-weekend-after-14th-day-claims-nothing",
        ),
        # Mon 23 Mar, no fee: clause 100 capped at 90.00.
        pytest.param(
            _b2c(),
            Terms(regime="b2c", **CLAUSE),
            date(2026, 3, 23),
            {},
            [("damages", None, D("90.00"))],
            D("0.00"),
            {},
            id="b2c-after-period-clause-capped",
        ),
        # Fee 7.50 inside the cap: fee 7.50 + damages 90 - 7.50 = 82.50.
        pytest.param(
            _b2c(),
            Terms(regime="b2c", fee=D("7.50"), **CLAUSE),
            date(2026, 3, 23),
            {},
            [("fee", None, D("7.50")), ("damages", None, D("82.50"))],
            D("0.00"),
            {},
            id="b2c-fee-counts-inside-cap",
        ),
        # 7.50 claimed before and 7.50 now: damages 90 - 15 = 75.00.
        pytest.param(
            _b2c(),
            Terms(regime="b2c", fee=D("7.50"), **CLAUSE),
            date(2026, 3, 23),
            {"claimed_before": D("7.50")},
            [("fee", None, D("7.50")), ("damages", None, D("75.00"))],
            D("0.00"),
            {},
            id="b2c-earlier-fees-inside-cap",
        ),
        # 700 paid on 10 Mar: the base is 300; clause max(30, 40) = 40 <=
        # cap 30 + 10% x 150 = 45 -> 40.00.
        pytest.param(
            _b2c(payments=((date(2026, 3, 10), D(700)),)),
            Terms(regime="b2c", **CLAUSE),
            date(2026, 3, 23),
            {},
            [("damages", None, D("40.00"))],
            D("0.00"),
            {},
            id="b2c-partial-payment-changes-damages-base",
        ),
        # Subscription, 3rd reminder of the year: free, nothing claimed.
        pytest.param(
            _b2c(),
            Terms(regime="b2c", fee=D("7.50"), postage=D("1.96"), subscription=True),
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
            Terms(regime="b2c", fee=D("7.50"), postage=D("1.96"), subscription=True),
            date(2026, 3, 23),
            {"by_letter": True, "number_in_year": 4},
            [("fee", None, D("9.46"))],
            D("0.00"),
            {},
            id="b2c-subscription-4th-fee",
        ),
        # Interest clause 12%, capped at the legal 10.5%, from the first claim
        # date Mon 23 Mar to Wed 22 Apr: 9 + 22 = 31 days:
        # 1000 x 10.5 x 31 / 36500 = 8.9178 -> 8.92
        # Balance 100 (cap 20), 15.00 of fees and damages claimed before:
        # the fee of 7.50 shrinks to the 5.00 left; no room for damages.
        pytest.param(
            _b2c(amount=D(100)),
            Terms(regime="b2c", fee=D("7.50"), **CLAUSE),
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
            Terms(regime="b2c", fee=D("7.50"), **CLAUSE),
            date(2026, 3, 23),
            {"claimed_before": D("90.00")},
            [],
            D("0.00"),
            {},
            id="b2c-cap-used-up",
        ),
        # No clause: only the fee, still within the cap of 20 on 50.
        pytest.param(
            _b2c(amount=D(50)),
            Terms(regime="b2c", fee=D("7.50")),
            date(2026, 3, 23),
            {"claimed_before": D("15.00")},
            [("fee", None, D("5.00"))],
            D("0.00"),
            {},
            id="b2c-fees-alone-within-cap",
        ),
        pytest.param(
            _b2c(),
            Terms(regime="b2c", interest_rate=D(12)),
            date(2026, 4, 22),
            {},
            [("interest", 1, D("8.92"))],
            D("0.00"),
            {},
            id="b2c-interest-clause-capped-at-legal",
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
