from datetime import date

import pytest
from dunning_be_lib.belgian_law import add_working_days, is_working_day, legal_holidays


def test_ten_legal_holidays_with_easter_dependent_dates():
    # Easter 2026 is 5 April; 2027 is 28 March.
    assert sorted(legal_holidays(2026)) == [
        date(2026, 1, 1),
        date(2026, 4, 6),  # Easter Monday
        date(2026, 5, 1),
        date(2026, 5, 14),  # Ascension: Easter + 39
        date(2026, 5, 25),  # Whit Monday: Easter + 50
        date(2026, 7, 21),
        date(2026, 8, 15),
        date(2026, 11, 1),
        date(2026, 11, 11),
        date(2026, 12, 25),
    ]
    assert date(2027, 3, 29) in legal_holidays(2027)  # Easter Monday
    assert date(2027, 5, 6) in legal_holidays(2027)  # Ascension
    assert date(2027, 5, 17) in legal_holidays(2027)  # Whit Monday


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 11, 23), True),  # a Monday
        (date(2026, 11, 21), False),  # Saturday
        (date(2026, 11, 22), False),  # Sunday
        (date(2026, 11, 11), False),  # Armistice, a Wednesday
        (date(2026, 7, 11), False),  # Flemish community day: a Saturday anyway
        (date(2025, 7, 11), True),  # Flemish community day on a Friday: working
        (date(2026, 9, 28), True),  # the day after the French community day
        (date(2026, 4, 6), False),  # Easter Monday
    ],
)
def test_is_working_day(day, working):
    assert is_working_day(day) is working


def test_add_working_days_skips_weekends_and_holidays():
    # Friday 6 November 2026 + 3 working days: Mon 9, Tue 10, (Wed 11 is
    # Armistice) Thu 12.
    assert add_working_days(date(2026, 11, 6), 3) == date(2026, 11, 12)
    assert add_working_days(date(2026, 11, 23), 2) == date(2026, 11, 25)
    assert add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 28)
    assert add_working_days(date(2026, 11, 22), 0) == date(2026, 11, 22)
    with pytest.raises(ValueError, match="negative"):
        add_working_days(date(2026, 11, 22), -1)


def test_two_holidays_on_one_day():
    # 2008: Ascension (Easter 23 March + 39) fell on 1 May, Labour Day.
    assert date(2008, 5, 1) in legal_holidays(2008)
    assert len(legal_holidays(2008)) == 9
    assert not is_working_day(date(2008, 5, 1))
    assert is_working_day(date(2008, 6, 2))
