"""Belgian collection law: working days, the Book XIX period, interest,
compensation, damages and fees, computed from plain values.

Figures and sources: the module's README ("Belgian rules"). Money is Decimal,
rounded half-up to the cent once, at the end; never a float.

Working days are Monday to Friday, less the ten legal holidays of the law of
4 January 1974 (1 January, Easter Monday, 1 May, Ascension, Whit Monday,
21 July, 15 August, 1 November, 11 November, 25 December). Community holidays
(11 July, 27 September, 15 November) are not legal holidays. The `holidays`
package knows the Belgian calendar, Easter-dependent days included; on top of
it the ten days are named here, so a change in the package cannot add one.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

import holidays
from stdnum.be import vat as be_vat

# The package's names of the ten legal holidays (it also lists Easter Sunday
# and Whit Sunday, which are Sundays anyway).
LEGAL_HOLIDAYS = frozenset(
    {
        "New Year's Day",
        "Easter Monday",
        "Labor Day",
        "Ascension Day",
        "Pentecost Monday",
        "National Day",
        "Assumption Day",
        "All Saints' Day",
        "Armistice Day",
        "Christmas Day",
    }
)


@cache
def legal_holidays(year: int) -> frozenset[date]:
    """The ten Belgian legal holidays of ``year``."""
    calendar = holidays.country_holidays("BE", years=year, language="en_US")
    days, found = set(), set()
    for day, names in calendar.items():
        # Two holidays on one day come as "Ascension Day; Labor Day".
        legal = LEGAL_HOLIDAYS.intersection(names.split("; "))
        if legal:
            days.add(day)
            found |= legal
    if found != LEGAL_HOLIDAYS:
        raise RuntimeError(
            f"the holidays package does not name {sorted(LEGAL_HOLIDAYS - found)} "
            f"among the Belgian holidays of {year}: check its version"
        )
    return frozenset(days)


def is_working_day(day: date) -> bool:
    """Monday to Friday, less the ten Belgian legal holidays."""
    return day.weekday() < 5 and day not in legal_holidays(day.year)


def add_working_days(start: date, count: int) -> date:
    """The ``count``-th working day after ``start`` (``start`` itself when
    ``count`` is 0, even when it is not a working day)."""
    if count < 0:
        raise ValueError(f"count must not be negative: {count}")
    day = start
    while count:
        day += timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


# ----------------------------------------------------------------------
# Book XIX: the 14-day period after a consumer's first reminder
# ----------------------------------------------------------------------

CHANNELS = ("email", "letter")
PERIOD_DAYS = 14


def period_start(sent: date, channel: str) -> date:
    """Day 1 of the 14 days: the calendar day after an e-mail is sent, the
    third working day after a letter is sent."""
    if channel == "email":
        return sent + timedelta(days=1)
    if channel == "letter":
        return add_working_days(sent, 3)
    raise ValueError(f"channel must be one of {CHANNELS}, not {channel!r}")


def period_end(sent: date, channel: str) -> date:
    """The 14th day, moved to the next working day when it is not one (as a
    deadline under art. 53 of the Judicial Code: the conservative reading)."""
    day = period_start(sent, channel) + timedelta(days=PERIOD_DAYS - 1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def first_claim_date(sent: date, channel: str) -> date:
    """The first day on which damages, interest or fees may be claimed after a
    Book XIX first reminder sent on ``sent`` by ``channel`` (``"email"`` or
    ``"letter"``): the first working day after the 14th day."""
    return add_working_days(period_end(sent, channel), 1)


# ----------------------------------------------------------------------
# Amounts
# ----------------------------------------------------------------------

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
DAYS_A_YEAR = 365

# Book XIX flat damages: (balance up to, fixed part, percent of the part
# above the previous bracket); the last bracket has no upper bound.
B2C_DAMAGES_BRACKETS = (
    (Decimal("150.00"), Decimal(20), Decimal(0)),
    (Decimal("500.00"), Decimal(30), Decimal(10)),
    (None, Decimal(65), Decimal(5)),
)
B2C_DAMAGES_CEILING = Decimal(2000)
B2C_FEE_CEILING = Decimal("7.50")
B2C_FREE_SUBSCRIPTION_REMINDERS = 3
B2B_COMPENSATION = Decimal(40)


def round_cents(amount: Decimal) -> Decimal:
    """Half-up to the cent, as money is rounded once, at the end."""
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


def from_float(value: float | None, places: int = 2) -> Decimal:
    """The Decimal an Odoo float field stands for (money: two places)."""
    return Decimal(str(round(value or 0.0, places)))


def clause_amount(
    amount: Decimal, percent: Decimal | None, minimum: Decimal | None
) -> Decimal:
    """What a penalty clause gives on ``amount``: ``percent`` of it, at least
    ``minimum``; not rounded."""
    return max(Decimal(amount) * Decimal(percent or 0) / HUNDRED, Decimal(minimum or 0))


def b2c_damages_cap(balance: Decimal, euro: Decimal = Decimal(1)) -> Decimal:
    """The legal maximum of flat damages for a consumer owing ``balance``:
    EUR 20 up to 150.00; 30 + 10 % of the part above 150 up to 500.00;
    65 + 5 % of the part above 500, never more than EUR 2,000.

    ``euro``: one euro in the balance's currency; the balance is measured in
    euro against the brackets, and the cap given back in its currency."""
    euro = Decimal(euro)
    balance = Decimal(balance) / euro
    if balance <= 0:
        return Decimal("0.00")
    floor = Decimal(0)
    for ceiling, fixed, percent in B2C_DAMAGES_BRACKETS:
        if ceiling is None or balance <= ceiling:
            cap = fixed + (balance - floor) * percent / HUNDRED
            return round_cents(min(cap, B2C_DAMAGES_CEILING) * euro)
        floor = ceiling
    raise AssertionError("unreachable: the last bracket has no ceiling")


class MissingRateError(ValueError):
    """A half-year of the lateness has no legal interest rate."""


def half_year(day: date) -> tuple[int, int]:
    """``(year, 1)`` for January to June, ``(year, 2)`` for July to December."""
    return (day.year, 1 if day.month <= 6 else 2)


def half_year_bounds(key: tuple[int, int]) -> tuple[date, date]:
    year, half = key
    if half == 1:
        return date(year, 1, 1), date(year, 6, 30)
    return date(year, 7, 1), date(year, 12, 31)


@dataclass(frozen=True)
class InterestSegment:
    """Interest on one base, for consecutive days of one half-year."""

    first_day: date
    last_day: date
    base: Decimal
    rate: Decimal
    amount: Decimal  # not rounded: the total is rounded once

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1


def interest_segments(
    balances: list[tuple[date, Decimal]],
    last_day: date,
    rates: dict,
    rate: Decimal | None = None,
    cap_at_legal: bool = False,
) -> list[InterestSegment]:
    """Simple interest, per day, on a base that changes: ``balances`` are
    ``(from day, open amount)`` in date order, each base running until the
    day before the next one, the last to ``last_day`` inclusive.

    Each day takes the legal rate of its half-year from ``rates``; a
    contractual ``rate`` replaces it, capped at the legal rate when
    ``cap_at_legal`` (consumers). A day is 1/365 of a year.
    """
    segments = []
    for index, (first, base) in enumerate(balances):
        last = last_day
        if index + 1 < len(balances):
            last = min(last_day, balances[index + 1][0] - timedelta(days=1))
        day = first
        while day <= last and base > 0:
            key = half_year(day)
            end = min(last, half_year_bounds(key)[1])
            if key not in rates and (rate is None or cap_at_legal):
                raise MissingRateError(
                    f"No legal interest rate for {key[0]} H{key[1]}: add the "
                    "rate of that half-year."
                )
            day_rate = Decimal(rates[key]) if key in rates else None
            if rate is not None:
                day_rate = min(rate, day_rate) if cap_at_legal else Decimal(rate)
            days = (end - day).days + 1
            segments.append(
                InterestSegment(
                    first_day=day,
                    last_day=end,
                    base=Decimal(base),
                    rate=day_rate,
                    amount=Decimal(base) * day_rate / HUNDRED * days / DAYS_A_YEAR,
                )
            )
            day = end + timedelta(days=1)
    return segments


def b2b_interest(
    amount: Decimal, first_day: date, last_day: date, rates: dict
) -> Decimal:
    """Simple interest on ``amount`` for every day from ``first_day`` to
    ``last_day`` inclusive, each day at the rate of its own half-year
    (``rates``: ``(year, 1 or 2)`` to a percentage), a day being 1/365 of a
    year, rounded half-up to the cent once, at the end. A half-year missing
    from ``rates`` raises MissingRateError."""
    segments = interest_segments([(first_day, Decimal(amount))], last_day, rates)
    return round_cents(sum((s.amount for s in segments), Decimal(0)))


def open_balances(
    amount: Decimal, payments: list[tuple[date, Decimal]], first_day: date
) -> list[tuple[date, Decimal]]:
    """The open amount from ``first_day`` on, as ``(from day, amount)``:
    a payment made on a day takes that day out of its part's interest."""
    base = Decimal(amount)
    balances = [(first_day, base)]
    for day, paid in sorted(payments):
        base -= Decimal(paid)
        if day <= first_day:
            balances[0] = (first_day, base)
        elif balances[-1][0] == day:
            balances[-1] = (day, base)
        else:
            balances.append((day, base))
    return [(day, max(base, Decimal(0))) for day, base in balances]


def complete_rates(rates: dict, until: date) -> tuple[dict, list[tuple[int, int]]]:
    """``rates`` with every half-year after the last known one, up to the
    half-year of ``until``, at the last known rate; and the half-years so
    filled, for a warning that the table needs an update."""
    if not rates:
        return {}, [half_year(until)]
    filled = dict(rates)
    missing = []
    key = max(rates)
    target = half_year(until)
    while key < target:
        key = (key[0], 2) if key[1] == 1 else (key[0] + 1, 1)
        filled[key] = filled[max(k for k in filled if k < key)]
        missing.append(key)
    return filled, missing


def b2b_compensation(
    amount: Decimal,
    clause_percent: Decimal | None = None,
    clause_minimum: Decimal | None = None,
    fixed: Decimal = B2B_COMPENSATION,
) -> Decimal:
    """The recovery compensation on an invoice of ``amount``: the fixed EUR
    40, or the company's penalty clause (a percent of the amount, with its
    minimum) when it has one."""
    if clause_percent is None and clause_minimum is None:
        return round_cents(fixed)
    return round_cents(clause_amount(amount, clause_percent, clause_minimum))


def b2c_reminder_fee(
    fee: Decimal,
    postage: Decimal = Decimal(0),
    first: bool = False,
    subscription: bool = False,
    number_in_year: int = 1,
    euro: Decimal = Decimal(1),
) -> Decimal:
    """What a later reminder to a consumer may cost: at most EUR 7.50 plus
    postage; nothing for the first reminder; nothing for the first three
    reminders of a calendar year on a contract of regular supply
    (``number_in_year`` counts this one). ``euro``: one euro in the fee's
    currency."""
    if first or (subscription and number_in_year <= B2C_FREE_SUBSCRIPTION_REMINDERS):
        return Decimal("0.00")
    ceiling = B2C_FEE_CEILING * Decimal(euro)
    return round_cents(min(Decimal(fee), ceiling) + Decimal(postage))


def b2c_damages(
    balance: Decimal,
    clause_percent: Decimal | None,
    clause_minimum: Decimal | None,
    fees: Decimal = Decimal(0),
    euro: Decimal = Decimal(1),
) -> Decimal:
    """Flat damages a consumer may be asked for on ``balance``: none without a
    clause in the company's terms; otherwise the clause's amount, never above
    the legal cap, the reminder ``fees`` already counting inside the cap.
    ``euro``: one euro in the balance's currency."""
    if clause_percent is None and clause_minimum is None:
        return Decimal("0.00")
    claimed = clause_amount(balance, clause_percent, clause_minimum)
    room = b2c_damages_cap(balance, euro) - Decimal(fees)
    return round_cents(max(min(claimed, room), Decimal(0)))


def enterprise_number_valid(number: str) -> bool:
    """A Belgian enterprise number (KBO/BCE) as written today: 10 digits,
    checked by python-stdnum (its old 9-digit form is refused: a reminder
    must carry the current one)."""
    if len(re.sub(r"\D", "", number or "")) != 10:
        return False
    return be_vat.is_valid(number)
