"""Payment references: the Belgian structured communication (OGM-VCS) and the
limits of the EPC ("SEPA") QR code.

A structured communication is ``+++DDD/DDDD/DDDDD+++``: ten digits and two
check digits, the ten digits modulo 97, where a remainder of 0 gives 97. Check
digits 00 are therefore never right, and neither are 98 or 99; Odoo's own
validator (``account/tools/structured_reference.py``) compares both sides
modulo 97 and accepts them, which a Belgian bank refuses.
"""

import re
from collections.abc import Callable

# The forms Odoo writes and reads: +++DDD/DDDD/DDDDD+++ (or ***...***), or the
# twelve digits alone; white space anywhere is ignored, as Odoo does.
FORMATTED = re.compile(
    r"(?:\+{3}|\*{3})([0-9]{3})/([0-9]{4})/([0-9]{5})(?:\+{3}|\*{3})"
)
TWELVE_DIGITS = re.compile(r"[0-9]{12}")

# EPC069-12, the EPC QR code: the beneficiary's name and the unstructured
# remittance information, in characters.
EPC_NAME_MAX = 70
EPC_REMITTANCE_MAX = 140


def structured_reference_be_check_digits(number: str) -> str:
    """The two check digits of ten digits: their remainder modulo 97, 97 for
    a remainder of 0."""
    return f"{int(number) % 97 or 97:02d}"


def structured_reference_be_digits(reference: str | None) -> str | None:
    """The twelve digits of ``reference`` when it is a valid Belgian
    structured communication in one of Odoo's forms, else None."""
    text = re.sub(r"\s", "", reference or "")
    found = FORMATTED.fullmatch(text)
    number = "".join(found.groups()) if found else text
    if not TWELVE_DIGITS.fullmatch(number):
        return None
    if number[10:] != structured_reference_be_check_digits(number[:10]):
        return None
    return number


def structured_reference_be_valid(reference: str | None) -> bool:
    """Whether ``reference`` is a valid Belgian structured communication:
    ``+++010/8068/17183+++``, ``***010/8068/17183***`` or ``010806817183``
    (spaces allowed), whose check digits are right (never 00)."""
    return structured_reference_be_digits(reference) is not None


def reference_usable(reference: str | None) -> bool:
    """Whether ``reference`` may be passed on as a payment reference: any
    free reference, but one written as a Belgian structured communication
    only when its check digits are right."""
    text = re.sub(r"\s", "", reference or "")
    if FORMATTED.fullmatch(text) or TWELVE_DIGITS.fullmatch(text):
        return structured_reference_be_valid(text)
    return bool(text)


def epc_remittance(
    numbers: list[str],
    more: Callable[[str, int], str],
    limit: int = EPC_REMITTANCE_MAX,
) -> str:
    """The unstructured remittance of one payment for the invoices
    ``numbers``, at most ``limit`` characters: all the numbers, comma
    separated, when they fit; else ``more(invoices, count)``, a text that
    names the payment as a whole (the reminder's reference), with as many
    numbers as fit, in their order, and the count of those left out. Cut at
    ``limit`` as a last resort, should not even one number fit."""
    text = ", ".join(numbers)
    if len(text) <= limit:
        return text
    for shown in range(len(numbers) - 1, -1, -1):
        text = more(", ".join(numbers[:shown]), len(numbers) - shown)
        if len(text) <= limit:
            return text
    return text[:limit]
