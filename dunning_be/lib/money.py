"""Amounts written for people, the way Odoo's ``format_amount`` writes them.

The e-mails and letters write a dozen amounts per reminder (each claim, each
invoice, the totals): thousands per run. Odoo's ``format_amount`` parses the
language's grouping again for each amount; here a language's and currency's
format is made once and then applied to each amount. The text is the same
character for character (``test_money`` checks it against Odoo's own).
"""

import ast
import functools
import re

NO_BREAK_SPACE = "\N{NO-BREAK SPACE}"
ZERO_WIDTH_NO_BREAK_SPACE = "\N{ZERO WIDTH NO-BREAK SPACE}"

# What Odoo's res.lang keeps apart around the digits: a sign before, text after.
_NUMBER = re.compile(r"([^0-9]*)([^ ]*)(.*)")


@functools.lru_cache(maxsize=64)
def parse_grouping(grouping):
    """A language's grouping as Odoo stores it (``"[3,0]"``): a tuple of
    group sizes from the right; 0 repeats the previous size, -1 stops."""
    return tuple(ast.literal_eval(grouping or "[]"))


def group_digits(digits, grouping, separator):
    """``digits`` (an integer part, maybe signed) with ``separator`` between
    its groups, as Odoo's ``res.lang.format(..., grouping=True)`` puts it.
    It is res.lang's ``intersperse`` and ``split`` again, because this core
    imports no Odoo; ``test_money`` holds both to the same text."""
    left, rest, right = _NUMBER.match(digits).groups()
    reverse = rest[::-1]
    groups = []
    size = len(reverse)
    for count in grouping:
        if not reverse or count == -1:
            break
        if count == 0:
            while reverse:
                groups.append(reverse[:size])
                reverse = reverse[size:]
            break
        groups.append(reverse[:count])
        reverse = reverse[count:]
        size = count
    if reverse:
        groups.append(reverse)
    return left + separator.join(group[::-1] for group in reversed(groups)) + right


class MoneyFormat:
    """How one language writes amounts of one currency.

    ``decimals`` is the currency's number of decimals, ``before`` whether
    its symbol comes before the amount; the rest is the language's
    (decimal point, thousands separator, grouping as stored by Odoo).
    Call it with an amount already rounded to the currency.
    """

    __slots__ = ("_grouping", "_pattern", "_point", "_post", "_pre", "_separator")

    def __init__(
        self, *, decimals, symbol, before, decimal_point, thousands_sep, grouping
    ):
        self._pattern = f"%.{decimals}f"
        self._point = decimal_point
        self._separator = thousands_sep or ""
        self._grouping = parse_grouping(grouping)
        symbol = symbol or ""
        self._pre = f"{symbol}{NO_BREAK_SPACE}" if before else ""
        self._post = "" if before else f"{NO_BREAK_SPACE}{symbol}"

    def __call__(self, amount):
        parts = (self._pattern % amount).split(".")
        parts[0] = group_digits(parts[0], self._grouping, self._separator)
        text = (
            self._point.join(parts)
            .replace(" ", NO_BREAK_SPACE)
            .replace("-", "-" + ZERO_WIDTH_NO_BREAK_SPACE)
        )
        return f"{self._pre}{text}{self._post}"
