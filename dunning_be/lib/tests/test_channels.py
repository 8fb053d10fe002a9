from dunning_be_lib.channels import email_valid, missing_address, plan_channels

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
