# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The daily run through Odoo's own scheduler (``method_direct_trigger``):
what it leaves behind for the job (triggers, next call, failures) when a
company is stopped by a stale bank feed, by another run, or by an error."""

from contextlib import closing
from datetime import timedelta
from unittest.mock import patch

from odoo import sql_db
from odoo.tests import tagged

from ..models import dunning_run
from .common import DunningCommon, day


@tagged("post_install", "-at_install")
class TestScheduler(DunningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cron = cls.env.ref("dunning_be.ir_cron_dunning_run")
        cls.company_b = cls.setup_other_company(name="Verhaeghe Brussel")["company"]
        cls.invoice_a = cls._invoice(cls.customer, 100.0)
        cls.invoice_a2 = cls._invoice(cls.customer_2, 150.0)
        cls.invoice_b = cls._create_invoice(
            invoice_date=day(0),
            invoice_date_due=day(0),
            partner_id=cls.customer,
            invoice_payment_term_id=False,
            company_id=cls.company_b.id,
            journal_id=cls.env["account.journal"]
            .search(
                [("company_id", "=", cls.company_b.id), ("type", "=", "sale")], limit=1
            )
            .id,
            invoice_line_ids=[cls._prepare_invoice_line(price_unit=200.0, tax_ids=[])],
        )
        cls.invoice_b.action_post()

    def setUp(self):
        super().setUp()
        # A job that already ran once, due a while ago, as in a live database.
        self.cron.write(
            {
                "nextcall": self.env.cr.now() - timedelta(hours=1),
                "lastcall": self.env.cr.now() - timedelta(days=1),
            }
        )
        self.env["ir.cron.trigger"].search([("cron_id", "=", self.cron.id)]).unlink()

    def _trigger(self):
        """Run the job as Odoo's scheduler does, in a transaction of its own
        (here, inside the test's); the job as it is left."""
        with self.enter_registry_test_mode():
            self.cron.method_direct_trigger()
        self.cron.invalidate_recordset()
        self.env.invalidate_all()
        now = self.env.cr.now()
        triggers = self.env["ir.cron.trigger"].search([("cron_id", "=", self.cron.id)])
        return now, triggers

    def _assert_settled(self, now, triggers):
        """Nothing starts the job again at once; it is due again tomorrow."""
        self.assertFalse(
            triggers.filtered(lambda t: t.call_at <= now + timedelta(minutes=1)),
            "no trigger makes the scheduler start the job again at once",
        )
        self.assertGreater(self.cron.nextcall, now)
        self.assertTrue(self.cron.active)
        self.assertEqual(self.cron.failure_count, 0)

    def _reminders(self, company):
        return (
            self.env["dunning.reminder"]
            .sudo()
            .search([("company_id", "=", company.id)])
        )

    def test_stale_feed_in_one_company(self):
        # Company A's newest statement line is months old: it is stopped.
        self.env["account.bank.statement.line"].create(
            {
                "journal_id": self.company_data["default_journal_bank"].id,
                "date": day(0),
                "payment_ref": "Rente",
                "amount": 10.0,
            }
        )
        with self.assertLogs("odoo.addons.dunning_be.models.dunning_run", "WARNING"):
            now, triggers = self._trigger()
        self._assert_settled(now, triggers)
        self.assertFalse(self._reminders(self.company))
        self.assertEqual(self._reminders(self.company_b).move_ids, self.invoice_b)
        progress = self.env["ir.cron.progress"].search(
            [("cron_id", "=", self.cron.id)], order="id desc", limit=1
        )
        self.assertEqual(progress.remaining, 0, "the stopped company leaves no work")
        self.assertEqual(progress.done, 1)

    def test_busy_company_is_tried_again_later(self):
        # Another run holds company A's lock, on a connection of its own.
        db = sql_db.db_connect(self.env.cr.dbname)
        with closing(db.cursor()) as other:
            other.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)",
                (dunning_run.LOCK_NAMESPACE, self.company.id),
            )
            now, triggers = self._trigger()
            other.rollback()
        self._assert_settled(now, triggers)
        self.assertFalse(self._reminders(self.company))
        self.assertTrue(self._reminders(self.company_b))
        # One trigger, a quarter of an hour later, for the company that waited.
        self.assertEqual(len(triggers), 1)
        self.assertAlmostEqual(
            triggers.call_at,
            now + timedelta(minutes=dunning_run.RETRY_BUSY_MINUTES),
            delta=timedelta(minutes=2),
        )

    def test_error_in_one_company(self):
        self.company.dunning_user_id = self.env.user
        apply = dunning_run.DunningRun._apply

        def apply_or_fail(run, plans):
            if run.env.company == self.company:
                raise ValueError("wkhtmltopdf is not installed")
            return apply(run, plans)

        with (
            patch.object(dunning_run.DunningRun, "_apply", apply_or_fail),
            self.assertLogs("odoo.addons.dunning_be.models.dunning_run", "ERROR"),
        ):
            now, triggers = self._trigger()
        self._assert_settled(now, triggers)
        self.assertFalse(self._reminders(self.company), "the failed batch is undone")
        self.assertEqual(self._reminders(self.company_b).move_ids, self.invoice_b)
        # The credit controller of the company is told, once, with the cause.
        activity = self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", self.company.partner_id.id),
                ("summary", "=", "Payment reminders did not run"),
            ]
        )
        self.assertEqual(activity.user_id, self.env.user)
        self.assertIn("wkhtmltopdf is not installed", str(activity.note))
        self.assertIn(self.company.name, str(activity.note))
        # A lasting problem: the job fails in no way Odoo counts, and the
        # activity is kept up to date rather than repeated.
        for _attempt in range(2):
            self.cron.nextcall = self.env.cr.now() - timedelta(minutes=1)
            with (
                patch.object(dunning_run.DunningRun, "_apply", apply_or_fail),
                self.assertLogs("odoo.addons.dunning_be.models.dunning_run", "ERROR"),
            ):
                now, triggers = self._trigger()
            self._assert_settled(now, triggers)
        self.assertEqual(
            self.env["mail.activity"].search_count(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "=", self.company.partner_id.id),
                    ("summary", "=", "Payment reminders did not run"),
                ]
            ),
            1,
        )

    def test_time_limit_resumes_where_it_stopped(self):
        # Each call has no time left after its first batch of one customer:
        # the scheduler calls the job again, and each call goes on after the
        # last customer committed, never from the start.
        seen = []
        apply = dunning_run.DunningRun._apply

        def apply_and_note(run, plans):
            seen.extend(plan.partner_id for plan in plans)
            return apply(run, plans)

        with (
            patch.object(dunning_run, "BATCH_SIZE", 1),
            patch("odoo.addons.base.models.ir_cron.MIN_TIME_PER_JOB", 0),
            patch.object(dunning_run.DunningRun, "_apply", apply_and_note),
        ):
            now, triggers = self._trigger()
        self._assert_settled(now, triggers)
        self.assertEqual(len(seen), 3, "each customer of each company once")
        self.assertEqual(len(set(seen)), 2)  # the customer is in both companies
        self.assertEqual(
            self._reminders(self.company).move_ids, self.invoice_a | self.invoice_a2
        )
        self.assertEqual(self._reminders(self.company_b).move_ids, self.invoice_b)
        self.assertTrue(self.company.dunning_last_run_date)
        last = self.env["ir.cron.progress"].search(
            [("cron_id", "=", self.cron.id)], order="id desc", limit=1
        )
        self.assertEqual(last.remaining, 0)
