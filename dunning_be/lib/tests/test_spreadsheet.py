"""The CSV cells a spreadsheet would read as a formula (OWASP's CSV
injection rule): text cells are neutralised, amounts and dates stay data."""

import csv
import io
from datetime import date

import pytest
from dunning_be_lib.spreadsheet import csv_cell, safe_text


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://x","y")',
        "+32 9 222 33 44",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(1+1)",
        "\t=1+1",
        "\r=1+1",
        "=",
    ],
)
def test_formula_start_is_neutralised(text):
    assert safe_text(text) == "'" + text
    assert csv_cell(text, "text") == "'" + text


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Bakkerij De Gouden Korst",
        "Veldstraat 1, 9000 Gent, Belgium",
        " =1+1",  # a space first: read as text
        "'=already quoted",
        "Jan = Piet",  # a sign further on is no formula
        "\n=1+1",  # not in OWASP's list: a line break starts no formula
    ],
)
def test_plain_text_is_unchanged(text):
    assert safe_text(text) == text
    assert csv_cell(text, "text") == text


def test_missing_text_is_empty():
    assert csv_cell(None, "text") == ""
    assert csv_cell(False, "text") == ""


def test_amounts_and_dates_stay_data():
    # A negative amount the file writes is a number, not a formula.
    assert csv_cell(-40.0, "money") == "-40.00"
    assert csv_cell(1005.466, "money") == "1005.47"
    assert csv_cell(None, "money") == "0.00"
    assert csv_cell(date(2026, 3, 2), "date") == "2026-03-02"
    assert csv_cell(False, "date") == ""
    # The same characters in a text column are neutralised.
    assert csv_cell("-40.00", "text") == "'-40.00"


def test_csv_round_trip_keeps_the_quote_inside_one_cell():
    # A separator or a quote in the name does not open a new cell.
    name = '=HYPERLINK("http://x";"y")'
    stream = io.StringIO()
    csv.writer(stream, delimiter=";").writerow([csv_cell(name, "text"), "1.00"])
    [row] = csv.reader(io.StringIO(stream.getvalue()), delimiter=";")
    assert row == ["'" + name, "1.00"]
