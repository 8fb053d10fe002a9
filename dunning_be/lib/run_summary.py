"""What a run did for one company: counts per thing, added up batch by
batch. The module words it for the accountant (``dunning.run._summary_lines``).
"""

from collections import Counter
from dataclasses import dataclass, field, fields


@dataclass(frozen=True)
class RunSummary:
    """A run's outcome for one company. ``sent`` and ``draft`` count the
    reminders per level name; ``held`` the invoices held back per reason."""

    sent_per_level: Counter = field(default_factory=Counter)
    draft_per_level: Counter = field(default_factory=Counter)
    held: Counter = field(default_factory=Counter)
    handover_sent: int = 0
    handover_draft: int = 0
    calls: int = 0  # calls scheduled
    waiting_call: int = 0  # customers waiting for the outcome of a call
    cancelled: int = 0  # reminders to review cancelled
    calls_cancelled: int = 0  # calls to make closed: their invoices were paid
    # How the run went: the bank feed too old (nothing sent), no bank feed at
    # all, a legal rate missing, another run busy, the scheduler's time up,
    # an error.
    stale_feed: bool = False
    no_bank_feed: bool = False
    rate_missing: bool = False
    busy: bool = False
    stopped: bool = False
    failed: bool = False

    @property
    def sent(self) -> int:
        return self.sent_per_level.total()

    @property
    def draft(self) -> int:
        return self.draft_per_level.total()

    def __add__(self, other: "RunSummary") -> "RunSummary":
        values = {}
        for spec in fields(self):
            mine, theirs = getattr(self, spec.name), getattr(other, spec.name)
            if isinstance(mine, Counter):
                values[spec.name] = mine + theirs
            elif isinstance(mine, bool):
                values[spec.name] = mine or theirs
            else:
                values[spec.name] = mine + theirs
        return RunSummary(**values)

    def __getitem__(self, key: str) -> int:
        """A count by name, as ``summary["sent"]``: flags count 0 or 1."""
        return int(getattr(self, key))
