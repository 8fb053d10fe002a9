"""Amounts written as Odoo's format_amount writes them (the Odoo test
``test_money_format`` compares both on the installed languages)."""

import pytest
from dunning_be_lib.money import MoneyFormat, group_digits, parse_grouping

NBSP = "\N{NO-BREAK SPACE}"
MINUS = "-\N{ZERO WIDTH NO-BREAK SPACE}"

EURO_NL = {
    "decimals": 2,
    "symbol": "€",
    "before": False,
    "decimal_point": ",",
    "thousands_sep": ".",
    "grouping": "[3,0]",
}
EURO_EN = dict(EURO_NL, decimal_point=".", thousands_sep=",")


@pytest.mark.parametrize(
    ("digits", "grouping", "expected"),
    [
        # Odoo's own examples of res.lang's split and intersperse.
        ("1234567", "[3,0]", "1.234.567"),
        ("123", "[3,0]", "123"),
        ("-1234", "[3,0]", "-1.234"),
        ("12345678", "[3,2,0]", "1.23.45.678"),  # Indian lakh grouping
        ("12345678", "[3,-1]", "12345.678"),
        ("12345678", "[]", "12345678"),
        ("12345678", "[2]", "123456.78"),
    ],
)
def test_group_digits(digits, grouping, expected):
    assert group_digits(digits, parse_grouping(grouping), ".") == expected


def test_dutch_euro():
    money = MoneyFormat(**EURO_NL)
    assert money(1234567.5) == f"1.234.567,50{NBSP}€"
    assert money(40) == f"40,00{NBSP}€"
    assert money(0) == f"0,00{NBSP}€"


def test_a_negative_amount_keeps_its_minus_with_the_digits():
    assert MoneyFormat(**EURO_NL)(-1234.5) == f"{MINUS}1.234,50{NBSP}€"


def test_symbol_before_and_spaces_that_do_not_break():
    dollar = dict(EURO_EN, symbol="$", before=True, thousands_sep=" ")
    assert MoneyFormat(**dollar)(98765.4) == f"${NBSP}98{NBSP}765.40"


def test_a_currency_without_decimals():
    yen = dict(EURO_EN, decimals=0, symbol="¥", before=True)
    assert MoneyFormat(**yen)(1234567) == f"¥{NBSP}1,234,567"


def test_no_thousands_separator_and_no_symbol():
    plain = dict(EURO_NL, thousands_sep=False, symbol=False)
    assert MoneyFormat(**plain)(1234.5) == f"1234,50{NBSP}"
