# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The daily run queues its batches: one job per batch on root.dunning, each
with its identity key; performing them reminds each customer once; a second
run of the same day while they wait queues nothing and a run by hand waits."""

import logging
from unittest.mock import patch

from freezegun import freeze_time

from odoo import SUPERUSER_ID
from odoo.exceptions import UserError
from odoo.tests import Form, new_test_user, tagged

from odoo.addons.dunning_be.models import dunning_run
from odoo.addons.dunning_be.tests.common import DunningCommon, day
from odoo.addons.queue_job.job import Job
from odoo.addons.queue_job.tests.common import trap_jobs

RUN_LOGGER = "odoo.addons.dunning_be.models.dunning_run"
QUEUE_LOGGER = "odoo.addons.dunning_be_queue.models.dunning_run"
# Not "INFO": Odoo names its level 25 so too.


@tagged("post_install", "-at_install")
class TestQueue(DunningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice_1 = cls._invoice(cls.customer, 100.0)
        cls.invoice_2 = cls._invoice(cls.customer_2, 150.0)
        cls.Run = cls.env["dunning.run"].with_user(SUPERUSER_ID)
        cls.env["ir.config_parameter"].set_param("dunning_be_queue.enabled", "True")

    def _cron(self):
        """The daily run as on day 7, its commits left to the test."""
        cron = type(self.env["ir.cron"])
        with (
            freeze_time(day(7)),
            patch.object(dunning_run, "BATCH_SIZE", 1),
            patch.object(cron, "_commit_progress", return_value=600.0),
        ):
            self.Run._cron_run()

    def _reminders(self):
        return self.env["dunning.reminder"].search(
            [("company_id", "=", self.company.id)]
        )

    def _jobs(self, method):
        return (
            self.env["queue.job"]
            .sudo()
            .search(
                [
                    ("model_name", "=", "dunning.run"),
                    ("method_name", "=", method),
                    ("company_id", "=", self.company.id),
                ]
            )
        )

    def _perform(self, jobs):
        """Run stored jobs as a job worker does, in the test's transaction."""
        for record in jobs:
            job = Job.load(self.env, record.uuid)
            job.set_started()
            with self.env.cr.savepoint():
                job.perform()
            job.set_done()
            job.store()
            job.enqueue_waiting()
        self.env.invalidate_all()

    def test_off_until_switched_on(self):
        # Installed with queue_job, but the servers may run no job runner:
        # until the setting is on, the daily run sends the reminders itself.
        self.env["ir.config_parameter"].set_param("dunning_be_queue.enabled", False)
        with trap_jobs() as trap:
            self._cron()
            trap.assert_jobs_count(0)
        reminders = self._reminders()
        self.assertEqual(reminders.partner_id, self.customer | self.customer_2)
        self.assertEqual(set(reminders.mapped("state")), {"sent"})

    def test_batch_requeued_after_a_later_run_sends_nothing(self):
        # A batch of day 7 that failed, requeued once day 8's run came: its
        # reminders would be dated and claimed to day 7.
        self._cron()
        batches = self._jobs("_dunning_run_batch")
        self.assertEqual(len(batches), 2)
        self.company.dunning_last_run_date = day(8)
        with freeze_time(day(8)):
            self._perform(batches)
        self.assertEqual(set(batches.mapped("state")), {"done"})
        self.assertFalse(self._reminders())

    def test_cron_queues_one_job_per_batch(self):
        with trap_jobs() as trap:
            self._cron()
            batch = self.Run._dunning_run_batch
            trap.assert_jobs_count(2, only=batch)
            for customer in (self.customer, self.customer_2):
                trap.assert_enqueued_job(
                    batch,
                    args=(self.company, day(7), [customer.id]),
                    properties={
                        "channel": "root.dunning",
                        "identity_key": self.Run._dunning_batch_key(
                            self.company, day(7), [customer.id]
                        ),
                    },
                )
            trap.assert_jobs_count(1, only=self.Run._dunning_run_summary)
            self.assertFalse(self._reminders(), "the jobs send, not the planner")
            # The planner did the company's steps once.
            self.assertEqual(self.company.dunning_last_run_date, day(7))

            # The same batches queued again while they wait: the identity
            # keys keep them out.
            self._cron()
            trap.assert_jobs_count(2, only=batch)

            with freeze_time(day(7)):
                trap.perform_enqueued_jobs()
        reminders = self._reminders()
        self.assertEqual(reminders.partner_id, self.customer | self.customer_2)
        self.assertEqual(len(reminders), 2, "each customer reminded once")
        self.assertEqual(set(reminders.mapped("state")), {"sent"})

    def test_second_run_while_jobs_wait(self):
        with self.assertLogs(RUN_LOGGER, logging.INFO) as logs:
            self._cron()
        batches = self._jobs("_dunning_run_batch")
        self.assertEqual(len(batches), 2)
        self.assertEqual(set(batches.mapped("state")), {"pending"})
        self.assertEqual(set(batches.mapped("channel")), {"root.dunning"})
        self.assertIn("2 customers queued in 2 batches", "\n".join(logs.output))
        summary = self._jobs("_dunning_run_summary")
        self.assertEqual(summary.state, "wait_dependencies")
        self.assertEqual(summary.dependency_ids, batches)

        # The scheduler starts the job again the same day: nothing is queued
        # twice, and the log says why.
        with self.assertLogs(RUN_LOGGER, logging.INFO) as logs:
            self._cron()
        self.assertEqual(self._jobs("_dunning_run_batch"), batches)
        self.assertIn("queued already (2 batches", "\n".join(logs.output))

        # An accountant's run by hand waits for the jobs.
        accountant = new_test_user(
            self.env,
            "dunning_queue_accountant",
            groups="account.group_account_manager",
            company_ids=[(6, 0, self.company.ids)],
            company_id=self.company.id,
        )
        with freeze_time(day(7)):
            wizard = Form(
                self.env["dunning.run.wizard"]
                .with_user(accountant)
                .with_context(allowed_company_ids=self.company.ids)
            ).save()
            wizard.date = day(7)
            with self.assertRaisesRegex(UserError, "being sent by another run"):
                wizard.action_run()
        self.assertFalse(self._reminders())

        with freeze_time(day(7)):
            self._perform(batches)
        self.assertEqual(len(self._reminders()), 2)
        self.assertEqual(set(batches.mapped("state")), {"done"})
        # The summary, once the batches are done, says what the run did.
        self.assertEqual(summary.state, "pending")
        with self.assertLogs(QUEUE_LOGGER, logging.INFO) as logs, freeze_time(day(7)):
            self._perform(summary)
        self.assertIn("2 reminders sent", summary.result)
        self.assertIn(summary.result, "\n".join(logs.output))

        # A job run again (a duplicate queued after it started) sends nothing.
        with freeze_time(day(7)):
            again = self.Run._dunning_run_batch(
                self.company, day(7), [self.customer.id]
            )
        self.assertEqual(len(self._reminders()), 2)
        self.assertNotIn('"sent_per_level": {"', again)

    def test_reminded_customers_left_out(self):
        # A customer reminded by a run by hand that day, then its batch's
        # job (queued before) runs: it sends nothing more.
        with freeze_time(day(7)):
            self.Run._run_company(self.company, day(7), [self.customer.id])
            self.Run._dunning_run_batch(
                self.company, day(7), [self.customer.id, self.customer_2.id]
            )
        reminders = self._reminders()
        self.assertEqual(len(reminders), 2)
        self.assertEqual(reminders.partner_id, self.customer | self.customer_2)

    def test_setting_names_the_runner_line(self):
        settings = self.env["res.config.settings"].create({"dunning_queue_capacity": 3})
        self.assertEqual(
            settings.dunning_queue_channels, "channels = root:4,root.dunning:3"
        )
        settings.execute()
        self.assertEqual(
            self.env["ir.config_parameter"].get_param("dunning_be_queue.capacity"),
            "3",
        )
        views = settings.get_views([(False, "form")])
        arch = views["views"]["form"]["arch"]
        self.assertIn('name="dunning_queue_capacity"', arch)
