# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The scheduled run on OCA's job queue: a company's batches in parallel, on
every job worker of every Odoo node that shares the database.

The path (dunning_be's models/dunning_run.py names the steps it reuses):

``_cron_run`` → ``_run_company`` → ``_run_company_start`` (dunning_be: the
warnings, the stale drafts and calls, once) → ``_run_batches``, overridden
here for the scheduled run (``commit``): the *planner*, in one transaction,
  - takes the company's run lock, exclusive (dunning_be's ``_lock``): a plain
    run or a batch job holding it makes the company busy, and the scheduler
    tries again later, as dunning_be does for a busy run;
  - queues nothing while jobs of the company's run of the same day wait or
    run (``_dunning_open_jobs``): it says so;
  - ``_run_company_locked`` (dunning_be: the behaviour, the day of the run);
  - queues one job per batch (``_batches``, the batches of dunning_be) on the
    channel ``root.dunning``, each with an identity key (``_dunning_batch_key``:
    company, day, customers), then the summary job, which waits for them;
  - notes the scheduled run complete (``_dunning_run_progress``): batch jobs
    keep no bookkeeping on the company, so batches side by side write no row
    in common (PostgreSQL would refuse one of them);
  - commits (``ir.cron._commit_progress``): the job runner sees the jobs.

``_dunning_run_batch``, the job of one batch, one transaction (queue_job
forbids a commit in a job; a batch that fails is rolled back whole):
  - takes the company's lock *shared* (batches go on side by side; a plain
    run, which takes it exclusive, and they wait for each other) and the
    batch's lock exclusive; when either is busy, the job is tried again
    a minute later (not counted as a failed try);
  - leaves out what was done already: the whole batch when a job of the same
    batch is done, else the customers reminded that day (identity keys only
    keep a batch from being queued twice while its job waits);
  - ``_run_batch`` (dunning_be); its RunSummary, in JSON, is the job's result.

``_dunning_run_summary``, once every batch job of the run is done: the
planner's part and the batches' results added up, logged as a plain run's
summary and kept as the job's result. A batch job that fails for good tells
the company's credit controller (``_dunning_run_batch_failed``, dunning_be's
``_run_failed``); the summary then waits until the batch is run again.
"""

import hashlib
import json
import logging
from collections import Counter
from dataclasses import dataclass, fields

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.dunning_be.lib.run_summary import RunSummary
from odoo.addons.dunning_be.models.dunning_run import LOCK_NAMESPACE
from odoo.addons.queue_job.delay import group
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import DONE, ENQUEUED, PENDING, STARTED

_logger = logging.getLogger(__name__)

CHANNEL = "root.dunning"
# The setting that sends the scheduled run's batches to the job queue.
ENABLED_PARAMETER = "dunning_be_queue.enabled"
# A batch job that meets another run's lock is tried again this much later.
RETRY_BUSY_SECONDS = 60
# A batch job in these states is part of a run not over yet.
OPEN_STATES = (PENDING, ENQUEUED, STARTED)


@dataclass(frozen=True)
class QueuedRun(RunSummary):
    """What the planner did: the company's steps (RunSummary), the batches it
    queued, or the jobs of the day's run it found still open."""

    batches: int = 0  # batch jobs queued
    customers: int = 0  # their customers
    open_jobs: int = 0  # the day's batch jobs still waiting or running

    def __add__(self, other):
        return _add(self, other)

    def __radd__(self, other):
        return _add(other, self)


def _add(one, other):
    """Two summaries, either a QueuedRun, added up as a QueuedRun."""
    base = RunSummary.__add__(_plain(one), _plain(other))
    extra = {
        spec.name: getattr(one, spec.name, 0) + getattr(other, spec.name, 0)
        for spec in fields(QueuedRun)
        if spec.name not in RunSummary.__dataclass_fields__
    }
    return QueuedRun(**_values(base), **extra)


def _plain(summary):
    """The RunSummary part of ``summary``."""
    return RunSummary(**_values(summary))


def _values(summary):
    return {spec.name: getattr(summary, spec.name) for spec in fields(RunSummary)}


def summary_to_json(summary):
    """A RunSummary as JSON (the counters as objects)."""
    return json.dumps(_values(summary), sort_keys=True)


def summary_from_json(text):
    """The RunSummary ``summary_to_json`` gave."""
    values = json.loads(text) if text else {}
    kinds = {spec.name: spec for spec in fields(RunSummary)}
    return RunSummary(
        **{
            name: Counter(value) if isinstance(value, dict) else value
            for name, value in values.items()
            if name in kinds
        }
    )


class DunningRun(models.AbstractModel):
    _inherit = "dunning.run"

    # ------------------------------------------------------------------
    # The planner
    # ------------------------------------------------------------------

    # EXTENDS dunning_be
    @api.model
    def _run_batches(
        self, company, on_date, partner_ids, with_draft, summary=None, commit=False
    ):
        """The scheduled run (``commit``) queues its batches once the job
        queue is switched on in the settings (``_dunning_queue_enabled``); a
        run by hand (the wizard) runs them here, as without this addon."""
        if not commit or not self._dunning_queue_enabled():
            return super()._run_batches(
                company, on_date, partner_ids, with_draft, summary, commit
            )
        return self._dunning_queue_batches(
            company, on_date, partner_ids, summary or RunSummary()
        )

    @api.model
    def _dunning_queue_batches(self, company, on_date, partner_ids, summary):
        """Plan ``company``'s run of ``on_date`` in jobs (see the module
        docstring). Returns the QueuedRun."""
        if not super()._lock(company):
            _logger.info("Payment reminders for %s: another run is busy", company.name)
            return QueuedRun() + summary + RunSummary(busy=True)
        open_jobs = self._dunning_open_jobs(company)
        if open_jobs:
            if any(job.identity_key.split(":")[2] != str(on_date) for job in open_jobs):
                # Jobs of an earlier day still run: today's run comes after.
                return QueuedRun() + summary + RunSummary(busy=True)
            # Today's run is queued already: its jobs send the reminders.
            return QueuedRun(open_jobs=len(open_jobs)) + summary
        self._run_company_locked(company, on_date)
        batches = [batch for batch in self._batches(partner_ids) if batch]
        if batches:
            run = self.with_company(company)
            jobs = [
                run.delayable(
                    channel=CHANNEL,
                    identity_key=self._dunning_batch_key(company, on_date, batch),
                    description=self.env._(
                        "Payment reminders of %(company)s on %(date)s: "
                        "batch %(index)s of %(count)s (%(customers)s customers)",
                        company=company.name,
                        date=on_date,
                        index=index,
                        count=len(batches),
                        customers=len(batch),
                    ),
                )._dunning_run_batch(company, on_date, batch)
                for index, batch in enumerate(batches, 1)
            ]
            summary_job = run.delayable(
                channel=CHANNEL,
                identity_key=f"dunning:{company.id}:{on_date}:summary",
                description=self.env._(
                    "Payment reminders of %(company)s on %(date)s: summary",
                    company=company.name,
                    date=on_date,
                ),
            )._dunning_run_summary(company, on_date, summary_to_json(summary))
            group(*jobs).on_done(summary_job).delay()
        company._dunning_run_progress(self.env.context.get("dunning_job_key"))
        queued = QueuedRun(batches=len(batches), customers=len(partner_ids)) + summary
        if batches:
            _logger.info(
                "Payment reminders for %s: %s customers queued in %s batches on %s",
                company.name,
                len(partner_ids),
                len(batches),
                CHANNEL,
            )
        self.env["ir.cron"]._commit_progress(len(partner_ids))
        return queued

    @api.model
    def _dunning_queue_enabled(self):
        """Whether the settings send the run's batches to the job queue. Off
        until switched on: a server without the job runner would leave the
        jobs waiting, and the reminders unsent."""
        return bool(self.env["ir.config_parameter"].sudo().get_param(ENABLED_PARAMETER))

    @api.model
    def _dunning_batch_key(self, company, on_date, partner_ids):
        """The identity of a batch's job: the company, the day, the customers."""
        ids = ",".join(str(pid) for pid in sorted(partner_ids))
        digest = hashlib.sha1(ids.encode()).hexdigest()
        return f"dunning:{company.id}:{on_date}:{digest}"

    @api.model
    def _dunning_open_jobs(self, company):
        """The batch jobs of ``company``'s runs that wait or run."""
        # The job queue's own records, read whoever runs: only the states.
        return (
            self.env["queue.job"]
            .sudo()
            .search(
                [
                    ("model_name", "=", self._name),
                    ("method_name", "=", "_dunning_run_batch"),
                    ("identity_key", "=like", f"dunning:{company.id}:%"),
                    ("state", "in", OPEN_STATES),
                ]
            )
        )

    # EXTENDS dunning_be
    @api.model
    def _lock(self, company):
        """A plain run (the wizard's) waits for the batch jobs of the
        company: they hold the lock only while each one runs."""
        return super()._lock(company) and not self._dunning_open_jobs(company)

    # EXTENDS dunning_be
    @api.model
    def _summary_lines(self, company, summary, on_date=None):
        lines = super()._summary_lines(company, summary, on_date)
        if not isinstance(summary, QueuedRun):
            return lines
        said = []
        if summary.batches:
            said.append(
                (
                    "queued",
                    self.env._(
                        "%(customers)s customers queued in %(batches)s batches: "
                        "the job workers send their reminders, and the run's "
                        "summary follows when its last batch is done",
                        customers=summary.customers,
                        batches=summary.batches,
                    ),
                )
            )
        if summary.open_jobs:
            said.append(
                (
                    "open_jobs",
                    self.env._(
                        "the run of this day is queued already (%s batches "
                        "waiting or running): nothing was queued again",
                        summary.open_jobs,
                    ),
                )
            )
        if said:
            lines = said + [line for line in lines if line[0] != "none"]
        return lines

    # ------------------------------------------------------------------
    # The jobs
    # ------------------------------------------------------------------

    @api.model
    def _dunning_run_batch(self, company, on_date, partner_ids):
        """Payment reminders of a batch of customers (a job; see the module
        docstring). Returns the batch's RunSummary in JSON."""
        run = self.with_company(company)
        key = self._dunning_batch_key(company, on_date, partner_ids)
        if not run._dunning_lock_batch(company, key):
            raise RetryableJobError(
                f"Payment reminders of {company.name}: another run holds the "
                f"company or this batch; tried again in {RETRY_BUSY_SECONDS} s.",
                seconds=RETRY_BUSY_SECONDS,
                ignore_retry=True,
            )
        summary = RunSummary()
        if (company.dunning_last_run_date or on_date) > on_date:
            # Requeued after a later day's run, which took these customers
            # up again: a reminder dated then would claim to that old date.
            _logger.info(
                "Payment reminders, batch %s: left out, a run of %s came since",
                key,
                company.dunning_last_run_date,
            )
            return summary_to_json(summary)
        if not run._dunning_batch_done(key):
            reminded = run._dunning_reminded_ids(company, on_date, partner_ids)
            todo = [pid for pid in partner_ids if pid not in reminded]
            if todo:
                # Those with a draft among them: _cancel_unplanned_drafts
                # finds their drafts.
                summary = run._run_batch(company, on_date, todo, set(todo))
        _logger.info(
            "Payment reminders, batch %s: %s",
            key,
            run._summary_text(company, summary, on_date),
        )
        return summary_to_json(summary)

    @api.model
    def _dunning_lock_batch(self, company, key):
        """The company's run lock shared, the batch's own exclusive, until
        the end of the transaction. False when either is taken."""
        self.env.cr.execute(
            SQL(
                "SELECT pg_try_advisory_xact_lock_shared(%s, %s)",
                LOCK_NAMESPACE,
                company.id,
            )
        )
        if not self.env.cr.fetchone()[0]:
            return False
        # The one-key lock: PostgreSQL keeps it apart from the two-key ones.
        batch_lock = int(hashlib.sha1(key.encode()).hexdigest()[:15], 16)
        self.env.cr.execute(SQL("SELECT pg_try_advisory_xact_lock(%s)", batch_lock))
        return self.env.cr.fetchone()[0]

    @api.model
    def _dunning_batch_done(self, key):
        """Whether a job of the batch ``key`` is done: its batch was
        committed whole with the job's state."""
        return bool(
            self.env["queue.job"]
            .sudo()
            .search_count(
                [
                    ("identity_key", "=", key),
                    ("method_name", "=", "_dunning_run_batch"),
                    ("state", "=", DONE),
                ],
                limit=1,
            )
        )

    @api.model
    def _dunning_reminded_ids(self, company, on_date, partner_ids):
        """The customers of ``partner_ids`` with a reminder of ``on_date`` or
        later."""
        groups = self.env["dunning.reminder"]._read_group(
            [
                ("company_id", "=", company.id),
                ("date", ">=", on_date),
                ("state", "in", ("draft", "sent")),
                ("partner_id", "in", list(partner_ids)),
            ],
            ["partner_id"],
        )
        return {partner.id for (partner,) in groups}

    @api.model
    def _dunning_run_summary(self, company, on_date, planned):
        """The run's summary once its batches are done (a job): the
        planner's part (``planned``, JSON) and each batch job's result."""
        total = summary_from_json(planned)
        job = (
            self.env["queue.job"]
            .sudo()
            .search([("uuid", "=", self.env.context.get("job_uuid"))], limit=1)
        )
        for batch in job.dependency_ids:
            try:
                total += summary_from_json(batch.result)
            except (ValueError, TypeError):
                # A job set to done by hand carries no summary of its own.
                _logger.warning("Payment reminders: no summary in job %s", batch.uuid)
        text = self._summary_text(company, total, on_date)
        _logger.info("Payment reminders: %s", text)
        return text

    @api.model
    def _dunning_run_batch_failed(self, exc_name=None, exc_message=None, **_kwargs):
        """A batch job failed for good: the credit controller hears of it
        (dunning_be's ``_run_failed``), with what to do: requeue the job."""
        # queue_job names no job to this hook: the last started of this
        # company that has just been stored failed, in this transaction.
        job = (
            self.env["queue.job"]
            .sudo()
            .search(
                [
                    ("model_name", "=", self._name),
                    ("method_name", "=", "_dunning_run_batch"),
                    ("company_id", "=", self.env.company.id),
                    ("state", "=", "failed"),
                ],
                order="date_started desc, id desc",
                limit=1,
            )
        )
        company, on_date, partner_ids = (
            job.args
            if job.args and len(job.args) == 3
            else (self.env.company, None, [])
        )
        note = self.env._(
            "A batch of the payment reminder run of %(date)s stopped for "
            "%(company)s: %(error)s. Its %(count)s customers got no reminder; "
            "the other batches went on. Correct the cause, then requeue the "
            'job "%(job)s" in Settings > Technical > Queue Jobs: it sends '
            "each reminder once.",
            date=on_date or job.date_created,
            company=company.name,
            error=exc_message or exc_name,
            count=len(partner_ids),
            job=job.name,
        )
        self._run_failed(company, UserError(exc_message or exc_name), note=note)
