# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Our own administration first: invoices held back with their reason, and
a stale bank feed that stops a company."""

from collections import Counter
from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from ..lib.run_summary import RunSummary
from .common import DunningCommon, day


@tagged("post_install", "-at_install")
class TestHolds(DunningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_data["default_journal_sale"].invoice_reference_model = "be"
        cls.bank = cls.company_data["default_journal_bank"]

    def _bank_line(self, amount, ref, on_date, partner=None, journal=None):
        return self.env["account.bank.statement.line"].create(
            {
                "journal_id": (journal or self.bank).id,
                "date": on_date,
                "payment_ref": ref,
                "amount": amount,
                "partner_id": partner.id if partner else False,
            }
        )

    def test_paid_by_bank_reference_is_held_then_cleared(self):
        paid = self._invoice(self.customer, 605.0)
        other = self._invoice(self.customer, 200.0)
        self.assertTrue(paid.payment_reference.startswith("+++"))
        line = self._bank_line(605.0, f"Betaling {paid.payment_reference}", day(5))
        reminder = self._run(day(7))
        self.assertEqual(reminder.move_ids, other, "the other invoice goes on")
        self.assertEqual(paid.dunning_hold, "paid_unmatched")
        self.assertEqual(paid.dunning_hold_date, day(7))
        self.assertIn("payment reference", paid.dunning_hold_note)
        self.assertFalse(other.dunning_hold)
        # The bank line was for something else after all: the next run
        # clears the hold by itself and reminds the invoice.
        line.payment_ref = "Andere betaling"
        reminder = self._run(day(8))
        self.assertFalse(paid.dunning_hold)
        self.assertEqual(reminder.move_ids, paid | other)
        self.assertEqual(paid.dunning_level_id, self.level_1)

    def test_paid_by_number_or_exact_amount_from_the_customer(self):
        by_number = self._invoice(self.customer, 300.0)
        by_amount = self._invoice(self.customer_2, 412.5)
        self._bank_line(300.0, f"factuur {by_number.name}", day(5))
        self._bank_line(412.5, "april", day(5), partner=self.customer_2)
        self.assertFalse(self._run(day(7)))
        self.assertEqual(by_number.dunning_hold, "paid_unmatched")
        self.assertIn("mentions its number", by_number.dunning_hold_note)
        self.assertEqual(by_amount.dunning_hold, "paid_unmatched")
        self.assertIn("exactly its open amount", by_amount.dunning_hold_note)

    def test_covered_by_an_open_credit_note(self):
        invoice = self._invoice(self.customer, 500.0)
        newer = self._invoice(self.customer, 80.0, due=day(-1))
        refund = self._invoice(self.customer, 500.0, move_type="out_refund")
        reminder = self._run(day(7))
        self.assertEqual(invoice.dunning_hold, "paid_unmatched")
        self.assertIn(refund.name, invoice.dunning_hold_note)
        # The credit note is spent on the held invoice: the reminder is for
        # the newer invoice alone, at its full amount.
        self.assertEqual(reminder.move_ids, newer)
        self.assertEqual(reminder.amount_due, 80.0)

    def test_paused_and_disputed_are_held_with_their_reason(self):
        paused = self._invoice(self.customer, 100.0)
        disputed = self._invoice(self.customer_2, 100.0)
        self.customer.dunning_pause_until = day(10)
        disputed._dunning_set_dispute("Levering onvolledig", day(2))
        self.assertFalse(self._run(day(7)))
        self.assertEqual(paused.dunning_hold, "paused")
        self.assertEqual(disputed.dunning_hold, "disputed")
        self.assertEqual(disputed.dunning_hold_note, "Levering onvolledig")
        disputed.action_dunning_resolve_dispute()
        self.assertFalse(disputed.dunning_hold)
        # After the pause the hold clears and the reminder goes.
        reminders = self._run(day(11))
        self.assertFalse(paused.dunning_hold)
        self.assertEqual(reminders.move_ids, paused | disputed)

    def test_stale_bank_feed_stops_one_company_only(self):
        company_b = self.setup_other_company(name="Verhaeghe Brussel")["company"]
        self._invoice(self.customer, 100.0)
        # Company A's newest statement line: Monday 2 March, the due date;
        # on Monday 9 March that is 5 working days old, more than 3.
        self._bank_line(10.0, "Rente", day(0))
        invoice_b = self._create_invoice(
            invoice_date=day(0),
            invoice_date_due=day(0),
            partner_id=self.customer,
            invoice_payment_term_id=False,
            company_id=company_b.id,
            journal_id=self.env["account.journal"]
            .search([("company_id", "=", company_b.id), ("type", "=", "sale")], limit=1)
            .id,
            invoice_line_ids=[self._prepare_invoice_line(price_unit=200.0, tax_ids=[])],
        )
        invoice_b.action_post()
        with self.assertLogs("odoo.addons.dunning_be.models.dunning_run", "WARNING"):
            summary = self.env["dunning.run"]._run_company(self.company, day(7))
        self.assertEqual(summary["stale_feed"], 1)
        self.assertFalse(self.env["dunning.reminder"].search([]))
        # Company B never imported a statement: it is not stopped.
        reminder_b = self._run(day(7), company=company_b)
        self.assertEqual(reminder_b.move_ids, invoice_b)
        # A fresh statement line for A, and A's run goes on.
        self._bank_line(5.0, "Rente", day(6))
        self.assertTrue(self._run(day(7)))

    def test_feed_delay_counts_working_days(self):
        self.company.dunning_bank_feed_days = 5
        self._invoice(self.customer, 100.0)
        self._bank_line(10.0, "Rente", day(0))
        self.assertTrue(self._run(day(7)))  # 5 working days: not more than 5
        self.assertEqual(day(7) - day(0), timedelta(days=7))

    def _email_invoice(self, invoice, status):
        message = invoice.message_post(
            body="Uw factuur",
            partner_ids=invoice.partner_id.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        message.sudo().notification_ids.filtered(
            lambda n: n.notification_type == "email"
        ).notification_status = status
        return message

    def test_delivery_failed_is_held_then_cleared(self):
        bounced = self._invoice(self.customer, 100.0)
        queued = self._invoice(self.customer_2, 100.0)
        self._email_invoice(bounced, "bounce")
        self._email_invoice(queued, "ready")
        self.assertFalse(self._run(day(7)))
        self.assertEqual(bounced.dunning_hold, "delivery_failed")
        self.assertIn("bounced", bounced.dunning_hold_note)
        self.assertIn(self.customer.email, bounced.dunning_hold_note)
        self.assertEqual(queued.dunning_hold, "delivery_failed")
        self.assertIn("outgoing queue", queued.dunning_hold_note)
        # Sent again, and delivered: the hold clears, the reminder goes.
        self._email_invoice(bounced, "sent")
        reminder = self._run(day(8))
        self.assertFalse(bounced.dunning_hold)
        self.assertEqual(reminder.move_ids, bounced)

    def test_blacklisted_address_is_held(self):
        invoice = self._invoice(self.customer, 100.0)
        self.env["mail.blacklist"].sudo()._add(self.customer.email)
        self.assertFalse(self._run(day(7)))
        self.assertEqual(invoice.dunning_hold, "delivery_failed")
        self.assertIn("blacklisted", invoice.dunning_hold_note)

    def test_optional_checks_hold_only_when_turned_on(self):
        invoice = self._invoice(self.customer, 100.0)  # never sent, no term
        self.assertFalse(invoice.is_move_sent)
        self.company.dunning_hold_never_sent = True
        self.assertFalse(self._run(day(7)))
        self.assertEqual(invoice.dunning_hold, "never_sent")
        self.company.dunning_hold_never_sent = False
        self.company.dunning_hold_no_payment_term = True
        self.assertFalse(self._run(day(7)))
        self.assertEqual(invoice.dunning_hold, "no_payment_term")
        # Off again (the default): a warning in the list, not a hold.
        self.company.dunning_hold_no_payment_term = False
        self.assertTrue(self._run(day(7)))
        self.assertFalse(invoice.dunning_hold)

    def test_notices_to_our_users_are_not_deliveries(self):
        invoice = self._invoice(self.customer, 100.0)
        colleague = self.env["res.users"].create(
            {
                "name": "Collega",
                "login": "collega",
                "email": "collega@example.be",
                "notification_type": "email",
            }
        )
        # As Odoo tells a colleague an activity was assigned to them.
        invoice.message_notify(
            partner_ids=colleague.partner_id.ids,
            body="Opvolgen",
            subject="Factuur: opvolgen",
        )
        self.assertTrue(
            self.env["mail.notification"]
            .sudo()
            .search(
                [
                    ("mail_message_id.model", "=", "account.move"),
                    ("mail_message_id.res_id", "=", invoice.id),
                    ("notification_type", "=", "email"),
                ]
            ),
            "the colleague got an e-mail about the invoice",
        )
        self.assertTrue(self._run(day(7)))
        self.assertFalse(invoice.dunning_hold)

    def test_reconcile_the_bank_line_from_the_hold(self):
        invoice = self._invoice(self.customer, 605.0)
        line = self._bank_line(605.0, f"Betaling {invoice.payment_reference}", day(5))
        self.assertFalse(self._run(day(7)))
        self.assertEqual(invoice.dunning_hold, "paid_unmatched")
        self.assertEqual(self.customer.dunning_hold_count, 1)
        action = invoice.action_dunning_reconcile()
        self.assertEqual(action["params"]["type"], "success")
        self.assertEqual(invoice.payment_state, invoice._get_invoice_in_payment_state())
        self.assertFalse(invoice.amount_residual)
        self.assertTrue(line.is_reconciled)
        self.assertEqual(line.partner_id, self.customer)
        self.assertFalse(invoice.dunning_hold)
        self.customer.invalidate_recordset(["dunning_hold_count"])
        self.assertEqual(self.customer.dunning_hold_count, 0)
        self.assertIn("Matched with its payment", invoice.message_ids[0].body)
        # Nothing left to match: a clear message, nothing changed.
        invoice.dunning_hold = "paid_unmatched"
        with self.assertRaisesRegex(UserError, "Nothing was found to match"):
            invoice.action_dunning_reconcile()

    def test_reconcile_the_unmatched_payment_from_the_hold(self):
        invoice = self._invoice(self.customer, 300.0)
        newer = self._invoice(self.customer, 80.0, due=day(-1))
        payment = self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": self.customer.id,
                "amount": 300.0,
                "date": day(3),
                "journal_id": self.bank.id,
            }
        )
        payment.action_post()
        self._bank_line(5.0, "Rente", day(6))  # a fresh feed
        reminder = self._run(day(7))
        self.assertEqual(reminder.move_ids, newer)
        self.assertEqual(invoice.dunning_hold, "paid_unmatched")
        self.assertIn(payment.move_id.name, invoice.dunning_hold_note)
        # From the list, with the held invoice selected.
        held = self.env["account.move"].search(
            [("dunning_hold", "=", "paid_unmatched")]
        )
        self.assertEqual(held, invoice)
        held.action_dunning_reconcile()
        self.assertFalse(invoice.amount_residual)
        self.assertEqual(newer.amount_residual, 80.0, "the newer one is left alone")
        self.assertFalse(invoice.dunning_hold)

    def test_resolve_actions_per_reason(self):
        invoice = self._invoice(self.customer, 100.0)
        self._email_invoice(invoice, "bounce")
        self.assertFalse(self._run(day(7)))
        send = invoice.with_context(discard_logo_check=True).action_dunning_send_again()
        self.assertEqual(send["res_model"], "account.move.send.wizard")
        self.assertEqual(send["context"]["active_ids"], invoice.ids)
        customer = invoice.action_dunning_open_customer()
        self.assertEqual(
            (customer["res_model"], customer["res_id"]),
            ("res.partner", self.customer.id),
        )

    def test_partner_counter_and_button(self):
        first = self._invoice(self.customer, 100.0)
        second = self._invoice(self.customer, 200.0)
        self.customer.dunning_pause_until = day(10)
        self.assertFalse(self._run(day(7)))
        contact = self.env["res.partner"].create(
            {"name": "Jan", "parent_id": self.customer.id}
        )
        self.assertEqual(self.customer.dunning_hold_count, 2)
        self.assertEqual(contact.dunning_hold_count, 2)
        self.assertEqual(self.customer_2.dunning_hold_count, 0)
        action = contact.action_open_dunning_holds()
        self.assertEqual(
            self.env["account.move"].search(action["domain"]), first | second
        )
        # Counted per company: the other company has none.
        company_b = self.setup_other_company(name="Verhaeghe Brussel")["company"]
        self.assertEqual(
            self.customer.sudo().with_company(company_b).dunning_hold_count, 0
        )

    def test_summary_says_per_level_per_reason_and_calls(self):
        self._invoice(self.customer, 100.0)
        paused = self._invoice(self.customer_2, 100.0)
        self.customer_2.dunning_pause_until = day(10)
        self._invoice(self.unreachable, 100.0)
        run = self.env["dunning.run"]
        summary = run._run_company(self.company, day(7))
        self.assertEqual(
            run._summary_text(self.company, summary),
            f"{self.company.name}: 1 reminder sent ({self.level_1.name} 1); "
            "2 invoices held back (Customer Paused 1, Badly Addressed 1); "
            "payments not checked against the bank: no bank statement line.",
        )
        self.assertEqual(paused.dunning_hold, "paused")
        summary = RunSummary(calls=2, held=Counter({"disputed": 1}), no_bank_feed=True)
        self.assertEqual(
            self.env["dunning.run"]._summary_text(self.company, summary),
            f"{self.company.name}: 1 invoice held back (Disputed 1); "
            "2 calls scheduled; payments not checked against the bank: no bank "
            "statement line.",
        )

    def test_wizard_says_the_feed_is_stale(self):
        self._invoice(self.customer, 100.0)
        self._bank_line(10.0, "Rente", day(0))
        with freeze_time(day(10)):
            wizard = self.env["dunning.run.wizard"].create({"date": day(7)})
            wizard.action_preview()
            self.assertFalse(wizard.preview_ids)
            self.assertIn("can't be trusted", wizard.feed_warning)
            with self.assertLogs(
                "odoo.addons.dunning_be.models.dunning_run", "WARNING"
            ):
                action = wizard.action_run()
        # The wizard stays open with the warning instead of a summary.
        self.assertEqual(action["res_id"], wizard.id)
        self.assertTrue(wizard.run_done and wizard.run_warning)
        self.assertIn("Import the bank statements", wizard.run_notes)
        self.assertFalse(self.env["dunning.reminder"].search([]))
