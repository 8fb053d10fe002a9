# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Our own administration first: invoices held back with their reason, and
a stale bank feed that stops a company."""

from datetime import timedelta

from odoo.tests import tagged

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
