"""Belgian collection law: the calendar of working days.

Working days are Monday to Friday, less the ten legal holidays of the law of
4 January 1974 (1 January, Easter Monday, 1 May, Ascension, Whit Monday,
21 July, 15 August, 1 November, 11 November, 25 December). Community holidays
(11 July, 27 September, 15 November) are not legal holidays. The `holidays`
package knows the Belgian calendar, Easter-dependent days included; on top of
it the ten days are named here, so a change in the package cannot add one.
"""

from datetime import date, timedelta
from functools import cache

import holidays

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
    days = frozenset(day for day, name in calendar.items() if name in LEGAL_HOLIDAYS)
    if len(days) != len(LEGAL_HOLIDAYS):
        raise RuntimeError(
            f"the holidays package lists {len(days)} Belgian legal holidays "
            f"in {year}, not {len(LEGAL_HOLIDAYS)}: check its version"
        )
    return days


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
