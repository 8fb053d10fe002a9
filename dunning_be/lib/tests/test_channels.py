from dunning_be_lib.channels import (
    email_valid,
    missing_address,
    phone_valid,
    plan_channels,
)

FULL = {"street": "Veldstraat 1", "zip": "9000", "city": "Gent", "country": "BE"}


def test_email_valid():
    assert email_valid("jan@peeters.be")
    assert email_valid(" boekhouding@drie-linden.be ")
    for bad in (
        None,
        "",
        "none",
        "info@",
        "jan.peeters.be",
        "a@b",
        "a b@c.be",
        "a@b.be,c@d.be",
    ):
        assert not email_valid(bad), bad


def test_missing_address():
    assert missing_address(FULL) == []
    assert missing_address({**FULL, "zip": "", "country": None}) == ["zip", "country"]


def test_both_channels_reach():
    assert plan_channels(
        send_email=True, send_letter=True, email="a@b.be", address=FULL
    ) == (
        ["email", "letter"],
        [],
    )


def test_letter_falls_back_when_email_missing():
    channels, reasons = plan_channels(
        send_email=True, send_letter=True, email="", address=FULL
    )
    assert channels == ["letter"]
    assert reasons == [("no_email", "")]


def test_nothing_reaches():
    channels, reasons = plan_channels(
        send_email=True, send_letter=True, email="info@", address={"street": "x"}
    )
    assert channels == []
    assert reasons == [("bad_email", "info@"), ("no_address", "zip,city,country")]


def test_level_without_channel():
    assert plan_channels(
        send_email=False, send_letter=False, email="a@b.be", address=FULL
    ) == (
        [],
        [("no_channel", "")],
    )


def test_post_and_sms():
    assert plan_channels(
        send_email=False,
        send_letter=False,
        send_post=True,
        send_sms=True,
        email=None,
        phone="+32 470 12 34 56",
        address=FULL,
    ) == (["post", "sms"], [])


def test_sms_without_phone():
    channels, reasons = plan_channels(
        send_email=True,
        send_letter=False,
        send_sms=True,
        email="a@b.be",
        phone="0470",
        address=FULL,
    )
    assert channels == ["email"]
    assert reasons == [("no_phone", "0470")]


def test_falls_back_to_letter_without_email():
    channels, reasons = plan_channels(
        send_email=True,
        send_letter=False,
        email=None,
        address=FULL,
        letter_fallback=True,
    )
    assert channels == ["letter"]
    assert reasons == [("no_email", ""), ("fallback", "letter")]


def test_falls_back_to_letter_after_bounce():
    channels, reasons = plan_channels(
        send_email=True,
        send_letter=False,
        email="a@b.be",
        address=FULL,
        letter_fallback=True,
        email_bounced=True,
    )
    assert channels == ["letter"]
    assert reasons == [("bounced", "a@b.be"), ("fallback", "letter")]


def test_no_fallback_without_the_setting_or_an_address():
    assert plan_channels(
        send_email=True, send_letter=False, email=None, address=FULL
    ) == ([], [("no_email", "")])
    assert plan_channels(
        send_email=True,
        send_letter=False,
        email=None,
        address={},
        letter_fallback=True,
    ) == ([], [("no_email", ""), ("no_address", "street,zip,city,country")])


def test_no_fallback_when_paper_goes_anyway():
    channels, reasons = plan_channels(
        send_email=True,
        send_letter=True,
        email=None,
        address=FULL,
        letter_fallback=True,
    )
    assert channels == ["letter"]
    assert reasons == [("no_email", "")]


def test_phone_valid():
    assert phone_valid("+32 470 12 34 56")
    assert phone_valid("0470123456")
    assert not phone_valid(None)
    assert not phone_valid("n/a")
