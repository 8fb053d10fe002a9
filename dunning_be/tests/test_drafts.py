# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Reminders to review stay true: what changed since they were prepared
(a payment, a dispute, a pause, a hold) refreshes or cancels them, at the
next run and when they are sent; one draft per customer and company."""

from psycopg2.errors import UniqueViolation

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import DunningCommon, day


@tagged("post_install", "-at_install")
class TestDrafts(DunningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Every level of the policy is reviewed before it goes.
        (cls.level_1 | cls.level_2 | cls.level_3).auto_send = False
        cls.invoice = cls._invoice(cls.customer, 1000.0)
        cls.other = cls._invoice(cls.customer, 400.0)

    def _draft(self):
        draft = self._run(day(7))
        self.assertEqual(draft.state, "draft")
        self.assertEqual(draft.move_ids, self.invoice | self.other)
        self.assertEqual(draft.amount_due, 1400.0)
        return draft

    def _notes(self, record):
        return "\n".join(record.message_ids.mapped("body"))

    def test_part_paid_since_is_sent_with_what_is_due(self):
        draft = self._draft()
        self._pay(self.invoice, 600.0, day(8))
        draft.action_send()
        self.assertEqual(draft.state, "sent")
        self.assertEqual(draft.amount_due, 800.0)
        line = draft.line_ids.filtered(lambda l: l.move_id == self.invoice)
        self.assertEqual(line.amount_residual, 400.0)
        self.assertIn("800.00", draft.email_message_id.body)

    def test_part_paid_since_is_refreshed_by_the_next_run(self):
        draft = self._draft()
        self._pay(self.other, 400.0, day(8))
        self.assertFalse(self._run(day(9)) - draft, "no second draft")
        self.assertEqual(draft.state, "draft")
        self.assertEqual(draft.move_ids, self.invoice)
        self.assertEqual(draft.amount_due, 1000.0)

    def test_disputed_since_is_refused_then_cancelled(self):
        draft = self._draft()
        (self.invoice | self.other)._dunning_set_dispute("Wrong quantities", day(8))
        with self.assertRaisesRegex(UserError, "disputed"):
            draft.action_send()
        self.assertEqual(draft.state, "draft")
        self.assertFalse(draft.email_message_id)
        self._run(day(9))
        self.assertEqual(draft.state, "cancel")
        self.assertIn("disputed", self._notes(draft))

    def test_one_invoice_disputed_leaves_the_other(self):
        draft = self._draft()
        self.other._dunning_set_dispute("Wrong quantities", day(8))
        draft.action_send()
        self.assertEqual(draft.state, "sent")
        self.assertEqual(draft.move_ids, self.invoice)
        self.assertEqual(draft.amount_due, 1000.0)

    def test_paused_since_is_refused_then_cancelled(self):
        draft = self._draft()
        self.customer.dunning_pause_until = day(30)
        with self.assertRaisesRegex(UserError, "held back"):
            draft.action_send()
        self._run(day(9))
        self.assertEqual(draft.state, "cancel")
        self.assertIn("held back", self._notes(draft))

    def test_taken_out_of_the_reminders_is_cancelled(self):
        draft = self._draft()
        (self.invoice | self.other).no_followup = True
        with self.assertRaisesRegex(UserError, "taken out of the reminders"):
            draft.action_send()
        self._run(day(9))
        self.assertEqual(draft.state, "cancel")

    def test_paid_in_full_is_cancelled(self):
        draft = self._draft()
        self._pay(self.invoice, 1000.0, day(8))
        self._pay(self.other, 400.0, day(8))
        with self.assertRaisesRegex(UserError, "was paid"):
            draft.action_send()
        self._run(day(9))
        self.assertEqual(draft.state, "cancel")

    def test_a_call_to_make_cancels_the_draft(self):
        draft = self._draft()
        # While a call is open nothing goes out: the draft is not sent.
        self.env["dunning.call"].create(
            {
                "partner_id": self.customer.id,
                "company_id": self.company.id,
                "level_id": self.level_1.id,
                "user_id": self.env.user.id,
                "date": day(8),
                "move_ids": [self.invoice.id, self.other.id],
            }
        )
        with self.assertRaisesRegex(UserError, "called first"):
            draft.action_send()
        self._run(day(9))
        self.assertEqual(draft.state, "cancel")
        self.assertIn("called first", self._notes(draft))

    def test_customer_now_a_contact_of_another_company_is_refused(self):
        """The draft's customer became a contact of another company: its
        invoices are that company's now, so the draft has nothing to send."""
        draft = self._draft()
        group = self.env["res.partner"].create({"name": "Groep", "is_company": True})
        self.customer.write({"parent_id": group.id, "is_company": False})
        with self.assertRaisesRegex(UserError, "due for a reminder"):
            draft.action_send()
        self.assertEqual(draft.state, "draft")
        self.assertEqual(
            self.customer._dunning_policies(self.company)[self.customer.id],
            group._dunning_policies(self.company)[group.id],
            "a contact has its company's policy",
        )

    def test_one_draft_per_customer_in_the_database(self):
        draft = self._draft()
        vals = {
            "partner_id": draft.partner_id.id,
            "company_id": draft.company_id.id,
            "policy_id": draft.policy_id.id,
            "level_id": draft.level_id.id,
            "date": day(8),
            "state": "draft",
        }
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(UniqueViolation),
            self.env.cr.savepoint(),
        ):
            self.env["dunning.reminder"].create(vals)
        # Another company, or a reminder no longer to review, is free.
        self.env["dunning.reminder"].create(dict(vals, state="cancel"))

    def test_bounced_reminder_takes_back_the_draft(self):
        self.level_1.auto_send = True
        first = self._run(day(7))
        self.assertEqual(first.state, "sent")
        second = self._run(day(21))
        self.assertEqual(second.state, "draft")
        # The first e-mail bounces: the customer was never reminded; the
        # second level, which assumed it was, gives way.
        first._email_failed("bounce", "mailbox unknown")
        self.assertEqual(first.state, "draft")
        self.assertEqual(second.state, "cancel")
        self.assertIn("did not reach the customer", self._notes(second))
        drafts = self.env["dunning.reminder"].search(
            [("partner_id", "=", self.customer.id), ("state", "=", "draft")]
        )
        self.assertEqual(drafts, first)

    def test_reviewed_and_unchanged_goes_as_prepared(self):
        draft = self._draft()
        lines = [
            (line.move_id, line.amount_residual, line.level_id)
            for line in draft.line_ids
        ]
        draft.action_send()
        self.assertEqual(draft.state, "sent")
        self.assertEqual(draft.date, day(7))
        self.assertEqual(
            [
                (line.move_id, line.amount_residual, line.level_id)
                for line in draft.line_ids
            ],
            lines,
        )
        self.assertEqual(draft.move_ids, self.invoice | self.other)
