"""Which reminder level an invoice reaches on a given day.

A policy's levels are ordered; each has a delay in days after the due date,
strictly increasing. An invoice moves up one level at a time: it reaches the
level after its last one when

- the day is on or after its due date plus that level's delay, and
- at least the gap between the two levels' delays has passed since its last
  reminder,

so a late first run sends the first level, never a later one, and a run
repeated on the same day sends nothing new (the gap is at least one day).
Levels are passed as indexes into the policy's list of delays.
"""

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from itertools import pairwise


def delay_errors(levels: Sequence[tuple[str, int]]) -> list[tuple[str, str]]:
    """Pairs of consecutive levels whose delays do not strictly increase.

    ``levels`` are ``(name, delay)`` in the policy's order. An empty list means
    the delays are valid; otherwise each pair names the two levels to change.
    """
    return [
        (earlier[0], later[0])
        for earlier, later in pairwise(levels)
        if later[1] <= earlier[1]
    ]


def next_level(
    due_date: date,
    on_date: date,
    delays: Sequence[int],
    last_level: int | None = None,
    last_date: date | None = None,
) -> int | None:
    """The index of the level the invoice reaches on ``on_date``, or ``None``.

    ``last_level`` and ``last_date`` describe its last reminder (``None`` when
    it never had one).
    """
    if any(later <= earlier for earlier, later in pairwise(delays)):
        raise ValueError(f"delays must strictly increase: {list(delays)}")
    level = 0 if last_level is None else last_level + 1
    if level >= len(delays):
        return None  # the last level was reached: nothing further to send
    if on_date < due_date + timedelta(days=delays[level]):
        return None
    if last_date is not None and level > 0:
        gap = delays[level] - delays[level - 1]
        if (on_date - last_date).days < gap:
            return None
    return level


def partner_level(levels: Iterable[int | None]) -> int | None:
    """The level of one reminder for a customer: the highest its invoices reach."""
    return max((level for level in levels if level is not None), default=None)
