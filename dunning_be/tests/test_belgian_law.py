# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Belgian collection law on real reminders: interest and EUR 40 for
companies, Book XIX for consumers, and the debit note that books a claim."""

from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.account.tools import is_valid_structured_reference_be

from .common import ENTERPRISE_NUMBER, ConsumerCommon, day


@tagged("post_install", "-at_install")
class TestBelgianLaw(ConsumerCommon):
    def _render_letter(self, reminder):
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            "dunning_be.report_dunning_reminder", reminder.ids
        )
        return html.decode()

    def test_regime_from_partner_and_override(self):
        self.assertEqual(self.customer.dunning_regime, "b2b")
        self.assertEqual(self.consumer.dunning_regime, "b2c")
        self_employed = self.env["res.partner"].create(
            {"name": "Jan Peeters", "vat": "BE0477472701"}
        )
        self.assertEqual(self_employed.dunning_regime, "b2b")
        self.consumer.dunning_regime_override = "b2b"
        self.assertEqual(self.consumer.dunning_regime, "b2b")
        contact = self.env["res.partner"].create(
            {"name": "Boekhouding", "parent_id": self.customer.id, "type": "invoice"}
        )
        self.assertEqual(contact.dunning_regime, "b2b")

    def test_b2b_reminder_shows_interest_and_compensation(self):
        invoice = self._invoice(self.customer, 1000.0)
        reminder = self._run(day(7))
        self.assertEqual(reminder.regime, "b2b")
        # 3 to 9 March 2026: 7 days at 10.5 % (2026 H1):
        # 1000 x 10.5 % x 7 / 365 = 2.0137 -> 2.01; plus EUR 40 per invoice.
        self.assertEqual(
            self._claims(reminder), {"interest": 2.01, "compensation": 40.0}
        )
        self.assertAlmostEqual(reminder.amount_claimable, 42.01)
        interest = reminder.claim_ids.filtered(lambda c: c.kind == "interest")
        self.assertEqual(interest.move_id, invoice)
        self.assertEqual(interest.date_from, date(2026, 3, 3))
        self.assertEqual(interest.date_to, day(7))
        self.assertIn("7/365", interest.explanation)
        self.assertIn("10.50", interest.explanation)
        # Shown, not charged: the standard levels do not charge.
        self.assertFalse(reminder.claim_move_id)
        letter = self._render_letter(reminder)
        self.assertIn("Recovery Compensation", letter)
        self.assertIn("42.01", letter)
        self.assertIn("7/365", letter)
        self.assertIn("42.01", reminder.email_body)
        self.assertIn("Late Interest", reminder.email_body)

    def test_b2b_interest_across_half_years_and_compensation_per_reminder(self):
        self.company.dunning_compensation_per = "reminder"
        self._invoice(self.customer, 1000.0, due=date(2025, 12, 1))
        self._invoice(self.customer, 500.0, due=date(2025, 12, 1))
        reminder = self._run(date(2026, 1, 10))
        # 2 to 31 December 2025: 30 days at 10.5 %; 1 to 10 January 2026: 10
        # days at 10.5 %: 1000 x 10.5 % x 40 / 365 = 11.5068 -> 11.51 and
        # 500 x 10.5 % x 40 / 365 = 5.7534 -> 5.75; one EUR 40 for both.
        interest = reminder.claim_ids.filtered(lambda c: c.kind == "interest")
        self.assertEqual(sorted(interest.mapped("amount")), [5.75, 11.51])
        self.assertIn(" + ", interest[0].explanation)  # two half-years
        compensation = reminder.claim_ids.filtered(lambda c: c.kind == "compensation")
        self.assertEqual(compensation.amount, 40.0)
        self.assertFalse(compensation.move_id)

    def test_b2c_first_reminder_is_free_and_complete(self):
        self.company.dunning_consumer_damages = "scale"
        self.level_1.charge_fees = True
        invoice = self._invoice(self.consumer, 1000.0)
        reminder = self._run(day(7))
        self.assertEqual(reminder.state, "sent")
        self.assertEqual(reminder.regime, "b2c")
        self.assertTrue(reminder.book19_first)
        self.assertFalse(reminder.claim_ids)
        self.assertFalse(reminder.claim_move_id)
        # E-mail on Monday 9 March: day 1 is Tuesday 10, the 14th Monday 23.
        self.assertEqual(reminder.book19_period_end, date(2026, 3, 23))
        # The legal scale on 1,000: 65 + 5 % x 500 = 90.
        self.assertEqual(reminder.book19_damages, 90.0)
        line = reminder.line_ids.filtered(lambda l: l.move_id == invoice)
        self.assertTrue(line.first_reminder)
        self.assertEqual(line.description, invoice.invoice_line_ids[0].name)
        for text in (reminder.email_body, self._render_letter(reminder)):
            self.assertIn(ENTERPRISE_NUMBER, text)
            self.assertIn("03/23/2026", text)
            self.assertIn("90.00", text)
            self.assertIn(line.description, text)
            self.assertIn("03/02/2026", text)  # the due date

    def test_b2c_first_reminder_needs_enterprise_number(self):
        self.company.company_registry = False
        self._invoice(self.consumer, 1000.0)
        # The run wizard's preview says why, in the run's own words.
        with freeze_time(day(7)):
            wizard = self.env["dunning.run.wizard"].create({"date": day(7)})
            wizard.action_preview()
        self.assertEqual(wizard.preview_ids.outcome, "review")
        reminder = self._run(day(7))
        self.assertEqual(reminder.state, "draft")
        self.assertIn("enterprise number", reminder.draft_reason)
        self.assertEqual(wizard.preview_ids.note, reminder.draft_reason)
        self.assertFalse(reminder.email_message_id)
        with self.assertRaisesRegex(UserError, "enterprise number"):
            reminder.action_send()
        self.company.company_registry = ENTERPRISE_NUMBER
        reminder.action_send()
        self.assertEqual(reminder.state, "sent")

    def test_b2c_nothing_claimed_before_the_period_ends(self):
        self.company.write(
            {
                "dunning_consumer_damages": "scale",
                "dunning_consumer_fees": True,
                "dunning_fee": 7.5,
            }
        )
        self.level_2.charge_fees = True
        self.level_3.charge_fees = True
        self._invoice(self.consumer, 1000.0)
        self._run(day(7))  # the free first reminder, e-mailed Monday 9 March
        # Level 2 on Monday 23 March: the 14th day; nothing may be claimed
        # before Tuesday 24 March.
        second = self._run(day(21))
        self.assertEqual(second.level_id, self.level_2)
        self.assertFalse(second.book19_first)
        self.assertFalse(second.claim_ids)
        self.assertFalse(second.claim_move_id)
        self.assertIn("03/24/2026", second.claim_note)
        # Level 3 on 6 April: fee 7.50, damages 90 - 7.50 = 82.50 (the fee
        # counts inside the cap), booked on a debit note.
        third = self._run(day(35))
        self.assertEqual(self._claims(third), {"fee": 7.5, "damages": 82.5})
        damages = third.claim_ids.filtered(lambda c: c.kind == "damages")
        self.assertIn("legal scale on a balance of $\xa01,000.00", damages.explanation)
        self.assertFalse(third.claim_move_id)  # the formal notice is reviewed
        third.action_send()
        self.assertAlmostEqual(third.claim_move_id.amount_total, 90.0)

    def test_debit_note_created_once(self):
        self.company_data["default_journal_sale"].invoice_reference_model = "be"
        self.level_1.charge_fees = True
        self.level_2.charge_fees = True
        invoice = self._invoice(self.customer, 1000.0)
        first = self._run(day(7))
        note = first.claim_move_id
        self.assertEqual(note.state, "posted")
        self.assertEqual(note.move_type, "out_invoice")
        self.assertEqual(note.partner_id, self.customer)
        self.assertEqual(note.dunning_claim_reminder_id, first)
        self.assertAlmostEqual(note.amount_total, 42.01)
        self.assertFalse(note.invoice_line_ids.tax_ids)
        self.assertEqual(
            set(note.invoice_line_ids.mapped("product_id.name")),
            {"Late Payment Interest", "Recovery Compensation"},
        )
        self.assertEqual(note.journal_id, self.company_data["default_journal_sale"])
        self.assertTrue(is_valid_structured_reference_be(note.payment_reference))
        self.assertIn(note.name, first.email_body)
        # Booking again books nothing.
        self.assertFalse(first._book_claims())
        self.assertEqual(first.claim_move_id, note)
        # The second reminder claims the days since the first one only, and
        # no second EUR 40; no interest on the debit note itself.
        second = self._run(day(21))
        # The debit note is a receivable of its own: reminded like any other
        # invoice once overdue, without interest nor compensation on it.
        self.assertFalse(second.claim_ids.filtered(lambda c: c.move_id == note))
        interest = second.claim_ids.filtered(lambda c: c.kind == "interest")
        self.assertEqual(interest.move_id, invoice)
        self.assertEqual(interest.date_from, day(8))
        # 10 to 23 March: 14 days: 1000 x 10.5 % x 14 / 365 = 4.0274 -> 4.03
        self.assertEqual(self._claims(second), {"interest": 4.03})
        self.assertNotEqual(second.claim_move_id, note)
        notes = self.env["account.move"].search(
            [
                ("dunning_claim_reminder_id", "!=", False),
                ("partner_id", "=", self.customer.id),
            ]
        )
        self.assertEqual(len(notes), 2)

    def test_partial_payment_changes_the_base(self):
        invoice = self._invoice(self.customer, 1000.0)
        self._pay(invoice, 400.0, day(3))
        reminder = self._run(day(7))
        # 3 to 4 March on 1000 (2 days), 5 to 9 March on 600 (5 days):
        # (1000 x 2 + 600 x 5) x 10.5 % / 365 = 5000 x 0.105 / 365 = 1.4384 -> 1.44
        self.assertEqual(self._claims(reminder)["interest"], 1.44)

    def test_missing_rate_warns_and_uses_the_last_one(self):
        wizard = self.env["dunning.run.wizard"].create({"date": date(2026, 11, 23)})
        self.assertIn("2026 H2", wizard.rate_warning)
        settings = self.env["res.config.settings"].create({})
        self.assertIn("2026 H2", settings.dunning_rate_warning)
        self._invoice(self.customer, 1000.0, due=date(2026, 11, 2))
        reminder = self._run(date(2026, 11, 9))
        # 3 to 9 November: 7 days at the last known rate, 10.5 %: 2.01
        self.assertEqual(self._claims(reminder)["interest"], 2.01)
        with self.assertLogs("odoo.addons.dunning_be.models.dunning_run", "WARNING"):
            summary = self.env["dunning.run"]._run_company(
                self.company, date(2026, 11, 9)
            )
        self.assertEqual(summary["rate_missing"], 1)
        self.env["dunning.legal.rate"].create({"year": 2026, "half": "2", "rate": 10.0})
        wizard.invalidate_recordset()
        self.assertFalse(wizard.rate_warning)

    def test_rate_unique_per_half_year(self):
        with self.assertRaises(IntegrityError), self.cr.savepoint():
            self.env["dunning.legal.rate"].create(
                {"year": 2026, "half": "1", "rate": 9.0}
            )

    def test_b2c_subscription_reminders_free_three_times_a_year(self):
        self.company.write(
            {
                "dunning_consumer_damages": "scale",
                "dunning_consumer_fees": True,
                "dunning_fee": 7.5,
            }
        )
        self.consumer.dunning_subscription = True
        self._invoice(self.consumer, 1000.0)
        self._run(day(7))
        self._run(day(21))
        third = self._run(day(35))
        # The third reminder of 2026: no fee, so the damages take the whole
        # cap on 1,000: 65 + 5 % x 500 = 90.
        self.assertEqual(self._claims(third), {"damages": 90.0})

    def test_cancelled_reminder_reverses_its_debit_note(self):
        self.level_1.charge_fees = True
        self.level_2.charge_fees = True
        self._invoice(self.customer, 1000.0)
        first = self._run(day(7))
        note = first.claim_move_id
        first.action_cancel()
        self.assertEqual(note.payment_state, "reversed")
        # Nothing of the cancelled reminder counts as claimed: the next one
        # claims the interest from the due date and the EUR 40 again.
        second = self._run(day(21))
        interest = second.claim_ids.filtered(lambda c: c.kind == "interest")
        self.assertEqual(interest.date_from, date(2026, 3, 3))
        self.assertIn("compensation", self._claims(second))

    def test_lateness_before_the_first_known_rate_leaves_interest_out(self):
        # The table starts in 2022: December 2021 has no rate.
        self._invoice(self.customer, 1000.0, due=date(2021, 12, 1))
        reminder = self._run(date(2022, 1, 10))
        self.assertEqual(self._claims(reminder), {"compensation": 40.0})
        self.assertIn("No legal interest rate", reminder.claim_note)

    def test_b2c_letter_period_counts_from_printing(self):
        self.consumer.email = False  # a letter instead of the e-mail
        self._invoice(self.consumer, 1000.0)
        first = self._run(day(7))
        self.assertEqual(first.letter_state, "to_print")
        # Printed on Monday 9 March: the third working day after is Thursday
        # 12 March, day 1; the 14th day is Wednesday 25 March.
        self.assertEqual(first.book19_period_end, date(2026, 3, 25))
        with freeze_time(day(14)):  # printed a week later, Monday 16 March
            first.action_print_letters()
        self.assertEqual(first.letter_date, day(14))
        # Day 1 is Thursday 19 March, the 14th day Wednesday 1 April.
        self.assertEqual(first.book19_period_end, date(2026, 4, 1))
        second = self._run(day(21))
        self.assertFalse(second.claim_ids)
        self.assertIn("04/02/2026", second.claim_note)

    def test_bounced_reminder_keeps_its_booked_claim(self):
        self.level_1.charge_fees = True
        self._invoice(self.customer, 1000.0)
        first = self._run(day(7))
        note = first.claim_move_id
        first._email_failed("bounce", "mailbox full")
        self.assertEqual(first.state, "draft")
        self.customer.email = "betalingen@goudenkorst.be"
        self._run(day(8))  # refreshes the draft: the booked figures stay
        self.assertEqual(self._claims(first), {"interest": 2.01, "compensation": 40.0})
        with freeze_time(day(8)):
            first.action_send()
        self.assertEqual(first.state, "sent")
        self.assertEqual(first.claim_move_id, note)
        self.assertEqual(
            self.env["account.move"].search_count(
                [("dunning_claim_reminder_id", "=", first.id)]
            ),
            1,
        )

    def test_shared_rates_changed_by_managers_only(self):
        accountant = self.env["res.users"].create(
            {
                "name": "Accountant",
                "login": "dunning_accountant",
                "company_id": self.company.id,
                "company_ids": [(6, 0, self.company.ids)],
                "group_ids": [(6, 0, [self.env.ref("account.group_account_user").id])],
            }
        )
        shared = self.env.ref("dunning_be.legal_rate_2026_1")
        Rate = self.env["dunning.legal.rate"].with_user(accountant)
        self.assertEqual(Rate.browse(shared.id).rate, 10.5)  # readable
        with self.assertRaises(AccessError):
            Rate.browse(shared.id).rate = 9.0
        own = Rate.create(
            {"year": 2026, "half": "2", "rate": 10.0, "company_id": self.company.id}
        )
        rates, missing = Rate._rates_table(self.company, date(2026, 11, 23))
        self.assertEqual((rates[(2026, 2)], missing), (own.rate, []))
