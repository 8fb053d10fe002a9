"""A run's summary (lib/run_summary.py): added up batch by batch."""

from collections import Counter

from dunning_be_lib.run_summary import RunSummary


def test_batches_add_up():
    first = RunSummary(
        sent_per_level=Counter({"First Reminder": 2}),
        held=Counter({"paused": 1}),
        calls=1,
    )
    second = RunSummary(
        sent_per_level=Counter({"First Reminder": 1, "Formal Notice": 1}),
        draft_per_level=Counter({"Formal Notice": 1}),
        held=Counter({"paused": 2, "never_sent": 1}),
        no_bank_feed=True,
    )
    total = first + second
    assert total.sent_per_level == {"First Reminder": 3, "Formal Notice": 1}
    assert (total.sent, total.draft, total.calls) == (4, 1, 1)
    assert total.held == {"paused": 3, "never_sent": 1}
    assert total.no_bank_feed and not total.busy
    # Read by name too, flags as 0 or 1.
    assert (total["sent"], total["no_bank_feed"], total["stale_feed"]) == (4, 1, 0)


def test_an_empty_run_counts_nothing():
    summary = RunSummary() + RunSummary()
    assert (summary.sent, summary.draft, summary.held.total()) == (0, 0, 0)
