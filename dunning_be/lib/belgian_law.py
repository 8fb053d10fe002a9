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
) -> list[InterestSegment]:
    """Simple interest, per day, on a base that changes: ``balances`` are
    ``(from day, open amount)`` in date order, each base running until the
    day before the next one, the last to ``last_day`` inclusive.

    Each day takes the rate of its half-year from ``rates``; a contractual
    ``rate`` replaces it (a consumer's clause above the legal rate is void:
    see claims.clause_void). A day is 1/365 of a year.
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
            if key not in rates and rate is None:
                raise MissingRateError(
                    f"No legal interest rate for {key[0]} H{key[1]}: add the "
                    "rate of that half-year."
                )
            day_rate = Decimal(rates[key] if rate is None else rate)
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
    """The recovery compensation on an invoice of which ``amount`` is still
    open: the fixed EUR 40, or the company's penalty clause (a percent of the
    open amount, with its minimum) when it gives more. The EUR 40 is the
    law's minimum (directive 2011/7/EU art. 7(3)): a clause replaces it only
    when it gives more, as both compensate the same recovery costs."""
    if clause_percent is None and clause_minimum is None:
        return round_cents(fixed)
    return round_cents(
        max(clause_amount(amount, clause_percent, clause_minimum), Decimal(fixed))
    )


def b2c_fee_void(fee: Decimal, euro: Decimal = Decimal(1)) -> bool:
    """A consumer fee clause of ``fee`` per reminder breaks the EUR 7.50 of
    art. XIX.4: it is void, not reduced. ``euro``: one euro in the fee's
    currency."""
    return round_cents(fee) > round_cents(B2C_FEE_CEILING * Decimal(euro))


def b2c_reminder_fee(
    fee: Decimal,
    postage: Decimal = Decimal(0),
    first: bool = False,
    subscription: bool = False,
    number_in_year: int = 1,
    euro: Decimal = Decimal(1),
) -> Decimal:
    """What a later reminder to a consumer may cost under a fee clause of
    ``fee``: the fee plus postage; nothing for the first reminder; nothing
    for the first three reminders of a calendar year on a contract of regular
    supply (``number_in_year`` counts this one); nothing at all when the fee
    is above EUR 7.50 (the clause is void). ``euro``: one euro in the fee's
    currency."""
    if first or (subscription and number_in_year <= B2C_FREE_SUBSCRIPTION_REMINDERS):
        return Decimal("0.00")
    if not fee or b2c_fee_void(fee, euro):
        return Decimal("0.00")
    return round_cents(Decimal(fee) + Decimal(postage))


def b2c_damages(
    balance: Decimal,
    clause_percent: Decimal | None,
    clause_minimum: Decimal | None,
    fees: Decimal = Decimal(0),
    euro: Decimal = Decimal(1),
    scale: bool = False,
) -> Decimal:
    """Flat damages a consumer may be asked for on ``balance``, the reminder
    ``fees`` already claimed counting inside the legal cap:

    - ``scale``: the company's terms give the legal scale itself (the caps of
      art. XIX.4 as the agreed amount): the cap less the fees;
    - a clause (``clause_percent``, ``clause_minimum``) that can exceed the
      cap for some balance is void, not reduced: nothing;
    - a clause that never exceeds it: the clause's amount, at most the cap
      less the fees;
    - no clause: nothing.

    ``euro``: one euro in the balance's currency."""
    cap = b2c_damages_cap(balance, euro)
    no_clause = clause_percent is None and clause_minimum is None
    if scale:
        claimed = cap
    elif no_clause or b2c_clause_excess(clause_percent, clause_minimum, euro):
        return Decimal("0.00")
    else:
        claimed = clause_amount(balance, clause_percent, clause_minimum)
    return round_cents(max(min(claimed, cap - Decimal(fees)), Decimal(0)))


# Where the cap's formula changes, in euro (the 2,000 ceiling is reached at
# 500 + (2,000 - 65) / 5 %).
B2C_CAP_BREAKS = (Decimal(150), Decimal(500), Decimal(39200))


def b2c_clause_excess(
    percent: Decimal | None, minimum: Decimal | None, euro: Decimal = Decimal(1)
) -> tuple[tuple[Decimal, Decimal | None], ...]:
    """The balances on which a damages clause (``percent`` of the balance, at
    least ``minimum``) gives more than the cap of art. XIX.4, as ``(from,
    to)`` ranges in the clause's currency (``to`` None: no end): such a
    clause is void for consumers. Empty when it never does.

    Both the clause and the cap are straight lines between a few balances
    (the cap's brackets, where the clause's minimum stops), so each piece
    is solved exactly. ``euro``: one euro in the clause's currency."""
    euro = Decimal(euro)
    percent = Decimal(percent or 0)
    # In euro, against the brackets; to the cent, as a converted amount was
    # rounded to the cent in its own currency.
    minimum = round_cents(Decimal(minimum or 0) / euro)
    breaks = set(B2C_CAP_BREAKS)
    if percent > 0 and minimum > 0:
        breaks.add(minimum * HUNDRED / percent)
    points = [Decimal(0), *sorted(b for b in breaks if b > 0)]

    def excess(balance, lower, upper):
        """Clause minus cap at ``balance``, the cap as on (lower, upper]."""
        clause = max(balance * percent / HUNDRED, minimum)
        if upper is not None and upper <= B2C_CAP_BREAKS[0]:
            cap = Decimal(20)
        elif upper is not None and upper <= B2C_CAP_BREAKS[1]:
            cap = 30 + (balance - B2C_CAP_BREAKS[0]) / 10
        elif upper is not None and upper <= B2C_CAP_BREAKS[2]:
            cap = 65 + (balance - B2C_CAP_BREAKS[1]) / 20
        else:
            cap = B2C_DAMAGES_CEILING
        return clause - cap

    ranges = []
    for lower, upper in zip(points, [*points[1:], None], strict=True):
        # On (lower, upper] the excess is a straight line: from its value
        # just after ``lower`` and its slope, the part above zero.
        # The step stays inside the piece, where the clause is one line.
        step = Decimal(1) if upper is None else (upper - lower) / 2
        start = excess(lower, lower, upper)
        slope = (excess(lower + step, lower, upper) - start) / step
        end = None if upper is None else start + slope * (upper - lower)
        if start > 0 and (end is None or end > 0):
            found = (lower, upper)
        elif start > 0:
            found = (lower, lower - start / slope)
        elif slope > 0 and (end is None or end > 0):
            found = (lower - start / slope, upper)
        else:
            continue
        if ranges and ranges[-1][1] == found[0]:
            found = (ranges.pop()[0], found[1])
        ranges.append(found)
    return tuple(
        (
            round_cents(low * euro),
            None if high is None else round_cents(high * euro),
        )
        for low, high in ranges
    )


def civil_rate_table(rates: dict) -> dict:
    """The ordinary legal interest rate (``{year: percent}``) as a
    half-year table, for ``interest_segments``: both halves of a year take
    its rate."""
    return {(year, half): rate for year, rate in rates.items() for half in (1, 2)}


def complete_yearly_rates(rates: dict, until: date) -> tuple[dict, list[int]]:
    """``rates`` (``{year: percent}``) with every year after the last known
    one, up to the year of ``until``, at the last known rate; and the years
    so filled, for a warning that the table needs an update."""
    if not rates:
        return {}, [until.year]
    filled = dict(rates)
    missing = []
    last = max(rates)
    for year in range(last + 1, until.year + 1):
        filled[year] = rates[last]
        missing.append(year)
    return filled, missing


def enterprise_number_valid(number: str) -> bool:
    """A Belgian enterprise number (KBO/BCE) as written today: 10 digits,
    checked by python-stdnum (its old 9-digit form is refused: a reminder
    must carry the current one)."""
    if len(re.sub(r"\D", "", number or "")) != 10:
        return False
    return be_vat.is_valid(number)
