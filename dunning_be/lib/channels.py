"""Which channels a reminder can go by, and why not when it cannot.

A level asks for some channels (e-mail, letter, post, SMS); the customer's file
decides which of them can reach it. A reminder is sent by every channel that
can; with none, it is kept for review with the reasons, never sent into the
void. A level may fall back to a letter when its e-mail cannot go out.
"""

import re
from collections.abc import Mapping

# Good enough to refuse "none", "info@" and "jan.peeters.be"; the mail server
# has the last word (a bounce puts the reminder back to review).
_EMAIL = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>.]{2,}$")

# Address fields a letter needs.
ADDRESS_FIELDS = ("street", "zip", "city", "country")

# The reasons that say the customer's file lacks what a channel needs (rather
# than the level having no channel): with no channel left, the run holds the
# customer's invoices as badly addressed until the file is fixed.
ADDRESS_REASONS = frozenset(
    {"no_email", "bad_email", "bounced", "no_address", "no_phone"}
)

# Channels in the order the reminder lists them.
CHANNELS = ("email", "letter", "post", "sms")

# The shortest number an SMS provider accepts (a Belgian mobile has 9 digits
# after the 0); the provider checks the rest and reports an error.
_MIN_PHONE_DIGITS = 8


def email_valid(email: str | None) -> bool:
    """True when ``email`` is one well-formed address."""
    return bool(email) and bool(_EMAIL.match(email.strip()))


def phone_valid(phone: str | None) -> bool:
    """True when ``phone`` holds enough digits to be a phone number."""
    return sum(char.isdigit() for char in phone or "") >= _MIN_PHONE_DIGITS


def missing_address(address: Mapping[str, object]) -> list[str]:
    """The keys of the address fields a letter lacks (empty: complete)."""
    return [key for key in ADDRESS_FIELDS if not address.get(key)]


def plan_channels(
    *,
    send_email: bool,
    send_letter: bool,
    email: str | None,
    address: Mapping[str, object],
    send_post: bool = False,
    send_sms: bool = False,
    phone: str | None = None,
    letter_fallback: bool = False,
    email_bounced: bool = False,
) -> tuple[list[str], list[tuple[str, str]]]:
    """``(channels, reasons)``: the channels that reach the customer, and why
    each wanted channel that does not was left out.

    Channels are ``"email"``, ``"letter"`` (the print queue), ``"post"``
    (posted for the company by a postal service) and ``"sms"``. A reason is
    ``(code, detail)``: ``no_email``, ``bad_email`` and ``bounced`` (detail:
    the address), ``no_address`` (detail: the missing fields' keys,
    comma-separated), ``no_phone``, ``no_channel``, and ``fallback`` (detail:
    ``letter``) when a letter goes instead of the e-mail. The module turns
    them into sentences in the user's language.
    """
    channels, reasons = [], []
    if send_email:
        if not email:
            reasons.append(("no_email", ""))
        elif not email_valid(email):
            reasons.append(("bad_email", email.strip()))
        elif email_bounced:
            reasons.append(("bounced", email.strip()))
        else:
            channels.append("email")
    missing = missing_address(address)
    paper = [
        c for c, wanted in (("letter", send_letter), ("post", send_post)) if wanted
    ]
    if paper and missing:
        reasons.append(("no_address", ",".join(missing)))
    elif paper:
        channels.extend(paper)
    elif send_email and "email" not in channels and letter_fallback:
        if missing:
            reasons.append(("no_address", ",".join(missing)))
        else:
            channels.append("letter")
            reasons.append(("fallback", "letter"))
    if send_sms:
        if phone_valid(phone):
            channels.append("sms")
        else:
            reasons.append(("no_phone", (phone or "").strip()))
    if not (send_email or send_letter or send_post or send_sms):
        reasons.append(("no_channel", ""))
    return channels, reasons
