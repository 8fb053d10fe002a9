# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import DUE, DunningCommon, day


@tagged("post_install", "-at_install")
class TestWizard(DunningCommon):
    """The run by hand: a date, a preview that sends nothing, then the run."""

    def test_preview_then_run(self):
        self.level_2.auto_send = False
        self._invoice(self.customer, 300.0)
        self._invoice(self.customer_2, 250.0, due=DUE - timedelta(days=14))
        held = self._invoice(self.unreachable, 200.0)
        first = self._run(day(-7))
        self.assertEqual(first.partner_id, self.customer_2)
        with freeze_time(day(10)):
            wizard = Form(self.env["dunning.run.wizard"])
            wizard.date = day(7)
            wizard = wizard.save()
            wizard.action_preview()
            self.assertEqual(len(wizard.preview_ids), 2)
            self.assertEqual((wizard.send_count, wizard.review_count), (1, 1))
            line = wizard.preview_ids.filtered(
                lambda p: p.partner_id == self.customer_2
            )
            self.assertFalse(line.send)
            self.assertEqual(line.note, "Prepared for review.")
            self.assertEqual(line.level_id, self.level_2)
            # The unreachable customer is held back, not previewed.
            self.assertEqual(wizard.hold_count, 1)
            self.assertEqual(wizard.hold_summary, "Badly Addressed 1")
            self.assertFalse(held.dunning_hold, "a preview writes nothing")
            self.assertEqual(
                self.env["dunning.reminder"].search([]),
                first,
                "a preview sends nothing",
            )
            action = wizard.action_run()
        # The summary stays in the wizard, each line next to its list.
        self.assertEqual(
            (action["res_model"], action["res_id"]), (wizard._name, wizard.id)
        )
        self.assertEqual(
            (wizard.run_sent, wizard.run_review, wizard.run_held, wizard.run_notes),
            (
                f"1 reminder sent ({self.level_1.name} 1)",
                f"1 reminder to review ({self.level_2.name} 1)",
                "1 invoice held back (Badly Addressed 1)",
                "Payments not checked against the bank: no bank statement line",
            ),
        )
        # Each line's list shows what the line says.
        sent = self.env["dunning.reminder"].search(wizard.action_open_sent()["domain"])
        self.assertEqual(sent.partner_id, self.customer)
        self.assertEqual((sent.date, sent.state), (day(7), "sent"))
        review = wizard.action_open_review()
        self.assertEqual(review["name"], wizard.list_review_name)
        self.assertEqual(held.dunning_hold, "bad_address")
        self.assertEqual(
            self.env["account.move"].search(
                [*wizard.action_open_held()["domain"], ("dunning_hold", "!=", False)]
            ),
            held,
        )

    def test_nothing_due(self):
        with freeze_time(day(7)):
            wizard = self.env["dunning.run.wizard"].create({"date": day(7)})
            wizard.action_preview()
            self.assertFalse(wizard.preview_ids)
            wizard.action_run()
        self.assertIn("No customer due for a reminder", wizard.run_notes)

    def test_future_date_refused(self):
        with freeze_time(day(7)):
            wizard = self.env["dunning.run.wizard"].create({"date": day(8)})
            with self.assertRaisesRegex(UserError, "future"):
                wizard.action_run()

    def test_partner_history_button(self):
        self._invoice(self.customer)
        reminder = self._run(day(7))
        contact = self.env["res.partner"].create(
            {"name": "Jan", "parent_id": self.customer.id}
        )
        self.assertEqual(self.customer.dunning_reminder_count, 1)
        self.assertEqual(contact.dunning_reminder_count, 1)
        action = contact.action_open_dunning_reminders()
        self.assertEqual(
            self.env["dunning.reminder"].search(action["domain"]), reminder
        )

    def test_paid_draft_is_cancelled_not_sent(self):
        self.level_1.auto_send = False
        invoice = self._invoice(self.customer, 100.0)
        draft = self._run(day(7))
        self.assertEqual(draft.state, "draft")
        self._pay(invoice, 100.0, day(8))
        with self.assertRaisesRegex(UserError, "was paid since"):
            draft.action_send()
        self.assertFalse(self._run(day(9)))
        self.assertEqual(draft.state, "cancel")

    def test_archived_policy_falls_back_to_the_company(self):
        own = self.policy.copy()
        self.customer.dunning_policy_id = own
        own.action_archive()
        self._invoice(self.customer)
        self.assertEqual(self._run(day(7)).policy_id, self.policy)

    def test_cancel(self):
        invoice = self._invoice(self.customer)
        reminder = self._run(day(7))
        reminder.action_cancel()
        self.assertEqual(reminder.state, "cancel")
        self.assertFalse(
            invoice.dunning_level_id, "a cancelled reminder does not count"
        )
        with self.assertRaises(UserError):
            reminder.action_send()
