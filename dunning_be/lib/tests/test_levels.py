from datetime import date, timedelta

import pytest
from dunning_be_lib.levels import delay_errors, next_level, partner_level

DUE = date(2026, 3, 1)
DELAYS = (3, 15, 30)  # first reminder, second, formal notice


def day(n):
    """The date ``n`` days after the due date."""
    return DUE + timedelta(days=n)


def test_nothing_before_the_first_delay():
    assert next_level(DUE, day(-5), DELAYS) is None
    assert next_level(DUE, day(0), DELAYS) is None
    assert next_level(DUE, day(2), DELAYS) is None
    assert next_level(DUE, day(3), DELAYS) == 0


def test_levels_over_several_runs():
    sent = []
    last_level = last_date = None
    for n in range(60):
        level = next_level(DUE, day(n), DELAYS, last_level, last_date)
        if level is not None:
            sent.append((n, level))
            last_level, last_date = level, day(n)
    assert sent == [(3, 0), (15, 1), (30, 2)]


def test_a_late_first_run_sends_the_first_level_not_the_last():
    assert next_level(DUE, day(60), DELAYS) == 0
    # and the next level waits for the gap between the delays (12 days)
    assert next_level(DUE, day(61), DELAYS, 0, day(60)) is None
    assert next_level(DUE, day(71), DELAYS, 0, day(60)) is None
    assert next_level(DUE, day(72), DELAYS, 0, day(60)) == 1


def test_same_day_rerun_sends_nothing_new():
    assert next_level(DUE, day(3), DELAYS) == 0
    assert next_level(DUE, day(3), DELAYS, 0, day(3)) is None
    assert next_level(DUE, day(15), DELAYS, 1, day(15)) is None


def test_after_the_last_level_nothing_more():
    assert next_level(DUE, day(400), DELAYS, 2, day(30)) is None


def test_invalid_delays_are_refused():
    with pytest.raises(ValueError):
        next_level(DUE, day(10), (10, 10, 20))


def test_delay_errors_name_the_two_levels():
    levels = [("Friendly", 3), ("Firm", 15), ("Formal notice", 15), ("Last", 10)]
    assert delay_errors(levels) == [
        ("Firm", "Formal notice"),
        ("Formal notice", "Last"),
    ]
    assert delay_errors([("One", 5)]) == []
    assert delay_errors([("A", 0), ("B", 1)]) == []


def test_partner_level_is_the_highest_reached():
    assert partner_level([None, 0, 2, 1]) == 2
    assert partner_level([None, None]) is None
    assert partner_level([]) is None
