"""Text cells of a file opened in a spreadsheet, made safe to open.

A spreadsheet that opens a CSV file reads a cell starting with ``=``, ``+``,
``-`` or ``@`` as a formula, and a tab or a carriage return at the start can
hide one. A debtor's name or address is typed by people outside the company
(a consumer in the portal): ``=HYPERLINK("http://...","Click")`` would become
a live link, or worse, in the collector's spreadsheet. OWASP's rule against
CSV injection (https://owasp.org/www-community/attacks/CSV_Injection) puts a
single quote before such a text, so that the spreadsheet shows it as text.

Only text cells are neutralised: an amount or a date the file writes itself
is data, and ``-40.00`` must stay the number it is.
"""

from datetime import date

# The characters a spreadsheet reads as the start of a formula (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(text: str) -> str:
    """``text`` as a CSV text cell: prefixed with ``'`` when a spreadsheet
    would read it as a formula, unchanged otherwise."""
    if text and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_cell(value, kind: str) -> str:
    """A cell of the CSV file. ``kind`` is the column's: ``date`` (ISO),
    ``money`` (two decimals, a point), or ``text``, the only kind a person
    types and so the only one neutralised."""
    if kind == "date":
        return value.strftime("%Y-%m-%d") if isinstance(value, date) else ""
    if kind == "money":
        return f"{value or 0.0:.2f}"
    return safe_text(value or "")
