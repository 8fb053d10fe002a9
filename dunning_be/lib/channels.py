"""Which channels a reminder can go by, and why not when it cannot.

A level asks for some channels (e-mail, letter); the customer's file decides
which of them can reach it. A reminder is sent by every channel that can; with
none, it is kept for review with the reasons, never sent into the void.
"""

import re
from collections.abc import Mapping

# Good enough to refuse "none", "info@" and "jan.peeters.be"; the mail server
# has the last word (a bounce puts the reminder back to review).
_EMAIL = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>.]{2,}$")

# Address fields a letter needs.
ADDRESS_FIELDS = ("street", "zip", "city", "country")


def email_valid(email: str | None) -> bool:
    """True when ``email`` is one well-formed address."""
    return bool(email) and bool(_EMAIL.match(email.strip()))


def missing_address(address: Mapping[str, object]) -> list[str]:
    """The keys of the address fields a letter lacks (empty: complete)."""
    return [key for key in ADDRESS_FIELDS if not address.get(key)]


def plan_channels(
    *,
    send_email: bool,
    send_letter: bool,
    email: str | None,
    address: Mapping[str, object],
) -> tuple[list[str], list[tuple[str, str]]]:
    """``(channels, reasons)``: the channels that reach the customer, and why
    each wanted channel that does not was left out.

    Channels are ``"email"`` and ``"letter"``. A reason is ``(code, detail)``:
    ``no_email``, ``bad_email`` (detail: the address), ``no_address`` (detail:
    the missing fields' keys, comma-separated) or ``no_channel``; the module
    turns them into sentences in the user's language.
    """
    channels, reasons = [], []
    if send_email:
        if not email:
            reasons.append(("no_email", ""))
        elif not email_valid(email):
            reasons.append(("bad_email", email.strip()))
        else:
            channels.append("email")
    if send_letter:
        missing = missing_address(address)
        if missing:
            reasons.append(("no_address", ",".join(missing)))
        else:
            channels.append("letter")
    if not send_email and not send_letter:
        reasons.append(("no_channel", ""))
    return channels, reasons
