# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Job workers on real, separately committed cursors: two workers on one
company's batches at once, a job that fails half-way and is run again, a
second run of the same day while the jobs are queued.

These tests commit: they work in the main company with customers of their own
and pass those customers to the run, and remove what they made afterwards.
"""

import threading
from contextlib import closing
from unittest.mock import patch

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.dunning_be.models import dunning_run, dunning_run_handover
from odoo.addons.dunning_be.tests.common import day
from odoo.addons.dunning_be.tests.common_committed import CommittedCustomersCase
from odoo.addons.queue_job.controllers import main as queue_job_main
from odoo.addons.queue_job.controllers.main import RunJobController
from odoo.addons.queue_job.job import Job

from ..models import dunning_run as queue_run


@tagged("post_install", "-at_install")
class TestQueueWorkers(CommittedCustomersCase):
    CUSTOMERS = 4

    def setUp(self):
        super().setUp()
        # As outside Odoo's test mode, a job worker commits the job before
        # it looks for the jobs that wait for it.
        self.patch(queue_job_main, "config", {"test_enable": False})
        # The setting on, in every thread's transaction.
        self.patch(
            type(self.env["dunning.run"]), "_dunning_queue_enabled", lambda run: True
        )

    def _cleanup_more(self, env):
        env["queue.job"].search(
            [("identity_key", "=like", f"dunning:{self.company_id}:%")]
        ).unlink()
        company = env["res.company"].browse(self.company_id)
        env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", company.partner_id.id),
                ("summary", "=", "Payment reminders did not run"),
            ]
        ).unlink()

    def _plan(self, cr):
        """The scheduled run's planner (it commits): two batches of two."""
        env = api.Environment(cr, SUPERUSER_ID, {})
        company = env["res.company"].browse(self.company_id)
        with patch.object(dunning_run, "BATCH_SIZE", 2):
            return env["dunning.run"]._run_company(
                company, day(7), list(self.partner_ids), commit=True
            )

    def _jobs(self, method="_dunning_run_batch"):
        """``{uuid: state}`` of our jobs, as committed."""
        with closing(self.db.cursor()) as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            jobs = env["queue.job"].search(
                [
                    ("identity_key", "=like", f"dunning:{self.company_id}:%"),
                    ("method_name", "=", method),
                ],
                order="id",
            )
            return {job.uuid: job.state for job in jobs}

    def _batch_of(self, job_uuid):
        """The customers of a batch job."""
        with closing(self.db.cursor()) as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            return env["queue.job"].search([("uuid", "=", job_uuid)]).args[2]

    def _enqueue(self, uuids):
        """What the job runner does before it calls a worker."""
        with closing(self.db.cursor()) as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            for job_uuid in uuids:
                job = Job.load(env, job_uuid)
                job.set_enqueued()
                job.store()
            cr.commit()  # pylint: disable=invalid-commit

    def _work(self, job_uuid):
        """One job worker: the request /queue_job/runjob makes, on a cursor
        of its own, then its commit."""
        with closing(self.db.cursor()) as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            job = RunJobController._acquire_job(env, job_uuid)
            self.assertTrue(job, "the job is acquired")
            try:
                RunJobController._runjob(env, job)
            finally:
                cr.commit()  # pylint: disable=invalid-commit

    def _committed(self):
        """``{customer: (reminders, queued e-mails)}``, as committed."""
        with closing(self.db.cursor()) as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            result = {}
            for partner_id in self.partner_ids:
                reminders = env["dunning.reminder"].search(
                    [("partner_id", "=", partner_id)]
                )
                mails = env["mail.mail"].search_count(
                    [
                        ("model", "=", "dunning.reminder"),
                        ("res_id", "in", reminders.ids),
                    ]
                )
                result[partner_id] = (len(reminders), mails)
            return result

    def test_two_workers_on_one_company_at_once(self):
        with closing(self.db.cursor()) as cr:
            self._plan(cr)
        jobs = self._jobs()
        self.assertEqual(list(jobs.values()), ["pending", "pending"])
        self._enqueue(jobs)
        # Both batches read and decide, then wait for each other before they
        # write: both hold the company's lock (shared) at once.
        both = threading.Barrier(2, timeout=30)
        apply = dunning_run.DunningRun._apply

        def apply_together(run, plans):
            both.wait()
            return apply(run, plans)

        errors = []

        def worker(job_uuid):
            try:
                self._work(job_uuid)
            except Exception as error:  # noqa: BLE001 -- reported below
                errors.append(error)

        # queue_job's own bookkeeping once a job is done (the summary job
        # waits for both) writes one row for both workers: when they end at
        # the same instant, as here, one of them can fail there (queue_job
        # retries it within the same transaction). Outside what this test
        # proves: one after the other.
        bookkeeping = threading.Lock()
        enqueue_dependents = RunJobController._enqueue_dependent_jobs.__func__

        def one_at_a_time(cls, env, job):
            with bookkeeping:
                return enqueue_dependents(cls, env, job)

        with (
            patch.object(dunning_run.DunningRun, "_apply", apply_together),
            patch.object(
                RunJobController,
                "_enqueue_dependent_jobs",
                classmethod(one_at_a_time),
            ),
        ):
            threads = [threading.Thread(target=worker, args=(u,)) for u in jobs]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(60)
        self.assertFalse(errors)
        # Neither was refused: batches side by side write no row in common.
        self.assertEqual(list(self._jobs().values()), ["done", "done"])
        self.assertEqual(
            self._committed(),
            dict.fromkeys(self.partner_ids, (1, 1)),
            "each customer reminded exactly once",
        )
        # The summary, once both are done, adds them up.
        summary = self._jobs("_dunning_run_summary")
        self.assertEqual(list(summary.values()), ["pending"])
        self._enqueue(summary)
        self._work(next(iter(summary)))
        with closing(self.db.cursor()) as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            job = env["queue.job"].search([("uuid", "in", list(summary))])
            self.assertEqual(job.state, "done")
            self.assertIn("4 reminders sent", job.result)

    def test_job_failing_half_way_is_run_again(self):
        with closing(self.db.cursor()) as cr:
            self._plan(cr)
        first, second = self._jobs()
        self._enqueue([first, second])
        self._work(second)

        # The first batch fails after its reminders and e-mails are written.
        def fail(run, plans, records):
            raise ValueError("the disk is full")

        with (
            patch.object(dunning_run_handover.DunningRun, "_apply_handovers", fail),
            mute_logger("odoo.addons.queue_job.controllers.main"),
            self.assertRaises(ValueError),
        ):
            self._work(first)
        self.assertEqual(self._jobs()[first], "failed")
        failed = self._batch_of(first)
        self.assertEqual(
            self._committed(),
            {pid: (0, 0) if pid in failed else (1, 1) for pid in self.partner_ids},
            "the failed batch is undone whole, the other one stands",
        )
        # The credit controller hears of it.
        with closing(self.db.cursor()) as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            activity = env["mail.activity"].search(
                [
                    ("res_model", "=", "res.partner"),
                    (
                        "res_id",
                        "=",
                        env["res.company"].browse(self.company_id).partner_id.id,
                    ),
                    ("summary", "=", "Payment reminders did not run"),
                ]
            )
            self.assertIn("the disk is full", str(activity.note))
            # What to do: requeue this job, which sends each reminder once.
            self.assertIn("requeue the job", str(activity.note))
            self.assertIn("Its 2 customers got no reminder", str(activity.note))

        # Requeued (as from Queue Jobs > Requeue) and run again: each
        # reminder goes once.
        self._enqueue([first])
        self._work(first)
        self.assertEqual(self._jobs()[first], "done")
        self.assertEqual(self._committed(), dict.fromkeys(self.partner_ids, (1, 1)))
        # A duplicate of the batch, queued after the first had started, finds
        # it done and sends nothing.
        with closing(self.db.cursor()) as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env["res.company"].browse(self.company_id)
            env["dunning.run"]._dunning_run_batch(company, day(7), failed)
            cr.commit()  # pylint: disable=invalid-commit
        self.assertEqual(self._committed(), dict.fromkeys(self.partner_ids, (1, 1)))

    def test_second_run_while_jobs_are_queued(self):
        with closing(self.db.cursor()) as cr:
            self._plan(cr)
        jobs = self._jobs()
        # The scheduler again the same day: nothing queued twice.
        with closing(self.db.cursor()) as cr:
            summary = self._plan(cr)
        self.assertEqual(summary.open_jobs, 2)
        self.assertEqual(self._jobs(), jobs)
        # A run by hand (the wizard's) is refused while the jobs wait.
        with (
            closing(self.db.cursor()) as cr,
            self.assertRaisesRegex(UserError, "another run"),
        ):
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env["res.company"].browse(self.company_id)
            env["dunning.run"]._run_company(company, day(7), list(self.partner_ids))
        # A batch job meets a plain run holding the company: tried again
        # later, not counted as a failed try.
        self._enqueue(jobs)
        first = next(iter(jobs))
        with closing(self.db.cursor()) as other:
            other.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)",
                (dunning_run.LOCK_NAMESPACE, self.company_id),
            )
            self._work(first)
            other.rollback()
        with closing(self.db.cursor()) as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            job = env["queue.job"].search([("uuid", "=", first)])
            self.assertEqual((job.state, job.retry), ("pending", 0))
            self.assertGreater(job.eta, env.cr.now().replace(tzinfo=None))
        self.assertEqual(self._committed(), dict.fromkeys(self.partner_ids, (0, 0)))
        self.assertEqual(queue_run.RETRY_BUSY_SECONDS, 60)
