"""A customer's payment behaviour, the class it puts them in, and the days
sales outstanding of a company. Plain values in, plain values out.

The figures themselves are summed by one SQL query per company (see
models/dunning_partner_behaviour.py); what they mean is decided here.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta

# The classes, from the most to the least trusted; "new" stands apart.
NEW, RELIABLE, OCCASIONAL, CHRONIC = "new", "reliable", "occasional", "chronic"
CLASSES = (NEW, RELIABLE, OCCASIONAL, CHRONIC)

# The figures look back this many months (paid invoices, reminders, promises).
WINDOW_MONTHS = 12
DSO_DAYS = 90


@dataclass(frozen=True)
class Thresholds:
    """Where one class ends and the next begins (company settings)."""

    new_months: int = 6  # first invoice less than this many months ago
    new_min_paid: int = 3  # fewer invoices paid in the window than this
    occasional_share: int = 20  # % of paid invoices paid late, from
    occasional_days: int = 7  # average days late (weighted by amount), from
    chronic_share: int = 50
    chronic_days: int = 30
    chronic_broken_promises: int = 2  # promises broken in the window, from

    def errors(self):
        """What is wrong with these thresholds, as ``(field, problem)`` pairs."""
        problems = []
        for name in (
            "new_months",
            "new_min_paid",
            "occasional_share",
            "occasional_days",
            "chronic_share",
            "chronic_days",
            "chronic_broken_promises",
        ):
            if getattr(self, name) < 0:
                problems.append((name, "negative"))
        for name in ("occasional_share", "chronic_share"):
            if getattr(self, name) > 100:
                problems.append((name, "over_100"))
        if self.chronic_share < self.occasional_share:
            problems.append(("chronic_share", "below_occasional"))
        if self.chronic_days < self.occasional_days:
            problems.append(("chronic_days", "below_occasional"))
        return problems


@dataclass(frozen=True)
class Behaviour:
    """What a customer did in the window (see ``window_start``)."""

    first_invoice: date | None = None  # ever, not only in the window
    paid_count: int = 0  # invoices paid in full in the window
    late_count: int = 0  # of those, paid after their due date
    days_late: Decimal = Decimal(0)  # see average_days_late
    promises_kept: int = 0
    promises_broken: int = 0
    bad_debtor: bool = False  # Odoo's "Degree of trust": Bad Debtor

    @property
    def late_share(self) -> Decimal:
        """Percentage of the paid invoices that were paid late."""
        if not self.paid_count:
            return Decimal(0)
        return percent(self.late_count, self.paid_count)


def window_start(today: date, months: int = WINDOW_MONTHS) -> date:
    """The first day the figures count: ``months`` before ``today``."""
    return today - relativedelta(months=months)


def percent(part, whole) -> Decimal:
    """``part`` of ``whole`` in percent, to one decimal."""
    if not whole:
        return Decimal(0)
    value = Decimal(part) * 100 / Decimal(whole)
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def average_days_late(late_weight, paid_amount) -> Decimal:
    """A customer's average days late, weighted by amount (a large invoice
    weighs more), to one decimal; 0 when nothing was paid.

    Of the invoices paid in the window, ``late_weight`` sums each late one's
    days late (from its due date to its payment) times its amount, and
    ``paid_amount`` sums the amounts of them all: an invoice paid on time adds
    its amount to the second sum only, as 0 days late. The SQL of
    models/dunning_partner_behaviour.py gives both sums, one row per customer,
    so that no invoice needs to be read into Python."""
    if not paid_amount:
        return Decimal(0)
    value = Decimal(late_weight) / Decimal(paid_amount)
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def classify(behaviour: Behaviour, today: date, thresholds: Thresholds) -> str:
    """The class of a customer on ``today``.

    A bad debtor is chronic, whatever the figures. Then a customer is new while
    there is too little to judge by: a first invoice less than ``new_months``
    ago, or fewer than ``new_min_paid`` invoices paid in the window. The others
    are chronic late payers from ``chronic_share`` % paid late, ``chronic_days``
    days late on average or ``chronic_broken_promises`` broken promises;
    occasionally late from ``occasional_share`` % or ``occasional_days`` days;
    reliable below.
    """
    if behaviour.bad_debtor:
        return CHRONIC
    if (
        behaviour.first_invoice is None
        or behaviour.first_invoice > today - relativedelta(months=thresholds.new_months)
        or behaviour.paid_count < thresholds.new_min_paid
    ):
        return NEW
    share, days = behaviour.late_share, behaviour.days_late
    if (
        share >= thresholds.chronic_share
        or days >= thresholds.chronic_days
        or (
            thresholds.chronic_broken_promises
            and behaviour.promises_broken >= thresholds.chronic_broken_promises
        )
    ):
        return CHRONIC
    if share >= thresholds.occasional_share or days >= thresholds.occasional_days:
        return OCCASIONAL
    return RELIABLE


def days_sales_outstanding(open_receivable, invoiced, days: int = DSO_DAYS):
    """Days sales outstanding: what customers owe today, divided by what was
    invoiced to them (taxes included, less credit notes) in the last ``days``
    days, times ``days``. ``None`` when nothing was invoiced: there is no
    figure to give. To one decimal."""
    invoiced = Decimal(invoiced)
    if invoiced <= 0:
        return None
    value = Decimal(open_receivable) / invoiced * days
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
