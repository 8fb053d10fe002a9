# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Killed runs and runs at the same time, on real, separately committed cursors.

These tests commit: they work in the main company with customers of their own
and pass those customers to the run, so that nothing else in the database
counts, and they remove what they made afterwards.
"""

from contextlib import closing
from dataclasses import replace
from unittest.mock import patch

from psycopg2 import DatabaseError
from psycopg2.errors import SerializationFailure, UniqueViolation

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..models import dunning_run
from .common import day
from .common_committed import CommittedCustomersCase


@tagged("post_install", "-at_install")
class TestConcurrency(CommittedCustomersCase):
    def _run(self, cr, **kwargs):
        env = api.Environment(cr, SUPERUSER_ID, {})
        company = env["res.company"].browse(self.company_id)
        return env["dunning.run"]._run_company(
            company, day(7), list(self.partner_ids), **kwargs
        )

    def _committed(self):
        """``(reminders, queued e-mails)`` of our customers, as committed."""
        with closing(self.db.cursor()) as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            reminders = env["dunning.reminder"].search(
                [("partner_id", "in", self.partner_ids)]
            )
            mails = env["mail.mail"].search_count(
                [("model", "=", "dunning.reminder"), ("res_id", "in", reminders.ids)]
            )
            return len(reminders), mails

    def test_run_killed_midway_and_restarted(self):
        calls = []
        apply = dunning_run.DunningRun._apply

        def apply_then_die(run, plans):
            calls.append(plans)
            if len(calls) == 2:
                raise KeyboardInterrupt("killed")  # the process dies in batch 2
            return apply(run, plans)

        with (
            patch.object(dunning_run, "BATCH_SIZE", 1),
            patch.object(dunning_run.DunningRun, "_apply", apply_then_die),
            closing(self.db.cursor()) as cr,
            self.assertRaises(KeyboardInterrupt),
        ):
            self._run(cr, commit=True)
        # Batch 1 was committed; batch 2 was lost with its e-mail.
        self.assertEqual(self._committed(), (1, 1))
        with (
            patch.object(dunning_run, "BATCH_SIZE", 1),
            closing(self.db.cursor()) as cr,
        ):
            summary = self._run(cr, commit=True)
        self.assertEqual(summary["sent"], 2, "the restart sends the rest")
        self.assertEqual(self._committed(), (3, 3))
        with closing(self.db.cursor()) as cr:
            self.assertEqual(self._run(cr, commit=True)["sent"], 0)
        self.assertEqual(
            self._committed(), (3, 3), "each customer reminded exactly once"
        )

    def test_two_runs_at_once(self):
        with (
            closing(self.db.cursor()) as cron_cr,
            closing(self.db.cursor()) as wizard_cr,
        ):
            first = self._run(cron_cr)  # holds the company's lock, not committed yet
            self.assertEqual(first["sent"], 3)
            with self.assertRaisesRegex(UserError, "another run"):
                self._run(wizard_cr)
            wizard_cr.rollback()
            cron_cr.commit()
            self.assertEqual(self._run(wizard_cr)["sent"], 0)
            wizard_cr.commit()
        self.assertEqual(self._committed(), (3, 3))

    def test_run_started_before_the_other_committed(self):
        with (
            closing(self.db.cursor()) as cron_cr,
            closing(self.db.cursor()) as wizard_cr,
        ):
            # The second run's transaction sees the database as it was before
            # the first one committed...
            wizard_cr.execute("SELECT 1 FROM account_move LIMIT 1")
            self.assertEqual(self._run(cron_cr)["sent"], 3)
            cron_cr.commit()
            # ... so PostgreSQL refuses its writes on the same invoices.
            with self.assertRaises(SerializationFailure):
                self._run(wizard_cr)
            wizard_cr.rollback()
        self.assertEqual(self._committed(), (3, 3))

    def test_two_runs_at_once_prepare_one_draft(self):
        """Drafts write no invoice row: the database refuses the second run's
        batch all the same (the company's rows both runs write, and one
        draft per customer, see test_drafts.py)."""
        plan = dunning_run.DunningRun._plan

        def plan_for_review(run, *args, **kwargs):
            # Each level reviewed before it is sent: a draft, no e-mail.
            return tuple(
                replace(each, level=replace(each.level, auto_send=False))
                for each in plan(run, *args, **kwargs)
            )

        with (
            patch.object(dunning_run.DunningRun, "_plan", plan_for_review),
            closing(self.db.cursor()) as cron_cr,
            closing(self.db.cursor()) as wizard_cr,
        ):
            wizard_cr.execute("SELECT 1 FROM dunning_reminder LIMIT 1")  # snapshot
            self.assertEqual(self._run(cron_cr)["draft"], 3)
            cron_cr.commit()
            with (
                mute_logger("odoo.sql_db"),
                self.assertRaises(DatabaseError) as refused,
            ):
                self._run(wizard_cr)
            self.assertIsInstance(
                refused.exception, (UniqueViolation, SerializationFailure)
            )
            wizard_cr.rollback()
        with closing(self.db.cursor()) as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            drafts = env["dunning.reminder"].search(
                [("partner_id", "in", self.partner_ids), ("state", "=", "draft")]
            )
            self.assertEqual(sorted(drafts.partner_id.ids), sorted(self.partner_ids))

    def test_a_hand_over_sent_twice_at_once_goes_once(self):
        with closing(self.db.cursor()) as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            lawyer = env["res.partner"].create(
                {
                    "name": "Mr. Claeys, advocaat",
                    "is_company": True,
                    "email": "kantoor@claeys.example",
                    "dunning_collector_kind": "lawyer",
                }
            )
            partner = env["res.partner"].browse(self.partner_ids[0])
            handover = env["dunning.handover"]._prepare(
                partner, partner.invoice_ids, lawyer
            )
            cr.commit()  # pylint: disable=invalid-commit
            handover_id, lawyer_id = handover.id, lawyer.id
        self.addCleanup(self._cleanup_handover, handover_id, lawyer_id)

        def send(cr):
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["dunning.handover"].browse(handover_id).action_send()

        # The checks of the file are not what this test is about.
        with (
            patch.object(
                type(self.env["dunning.handover"]), "_problem_texts", lambda self: {}
            ),
            closing(self.db.cursor()) as user_cr,
            closing(self.db.cursor()) as other_cr,
        ):
            other_cr.execute("SELECT 1 FROM dunning_handover LIMIT 1")  # its snapshot
            send(user_cr)
            user_cr.commit()
            with self.assertRaises(SerializationFailure):
                send(other_cr)
            other_cr.rollback()
            with self.assertRaisesRegex(UserError, "Only a hand-over to review"):
                send(other_cr)  # tried again, as Odoo retries a request
        with closing(self.db.cursor()) as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            handover = env["dunning.handover"].browse(handover_id)
            self.assertEqual(handover.state, "sent")
            mails = env["mail.mail"].search(
                [("model", "=", "dunning.handover"), ("res_id", "=", handover_id)]
            )
            self.assertEqual(len(mails), 1, "the collector gets the file once")

    def _cleanup_handover(self, handover_id, lawyer_id):
        with closing(self.db.cursor()) as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["mail.mail"].search(
                [("model", "=", "dunning.handover"), ("res_id", "=", handover_id)]
            ).unlink()
            env["ir.attachment"].search(
                [("res_model", "=", "dunning.handover"), ("res_id", "=", handover_id)]
            ).unlink()
            env["dunning.handover"].browse(handover_id).unlink()
            env["res.partner"].browse(lawyer_id).active = False
            cr.commit()  # pylint: disable=invalid-commit
