# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A letter is dated the day it is printed or handed to the post, with its
days late and late interest counted to that day; the reminder keeps the day
it was decided."""

import re

from freezegun import freeze_time

from odoo import Command
from odoo.tests import new_test_user, tagged

from ..models.dunning_reminder_letter import LETTER_QUEUE_DAYS
from .common import day
from .test_letter import LETTER, LetterCommon

DECIDED = day(7)  # Monday 9 March 2026
PRINTED = day(27)  # 20 days later, Sunday 29 March 2026


@tagged("post_install", "-at_install")
class TestLetterDate(LetterCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant = new_test_user(
            cls.env,
            login="letter_date_accountant",
            groups="account.group_account_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )

    def _render(self, reminder):
        """The letter's text, as the accountant prints it."""
        html = (
            self.env["ir.actions.report"]
            .with_user(self.accountant)
            ._render_qweb_html(LETTER, reminder.ids)[0]
        )
        return self._text(html.decode() if isinstance(html, bytes) else html)

    def _days_late(self, text, invoice):
        """The days late the letter gives ``invoice``."""
        match = re.search(re.escape(invoice.name) + r" \S+ \S+ (\d+) ", text)
        self.assertTrue(match, f"{invoice.name} not in the letter")
        return int(match.group(1))

    def _interest(self, reminder):
        return reminder.claim_ids.filtered(lambda c: c.kind == "interest")

    def _queued_letter(self, amount=1000.0):
        invoice = self._invoice(self.no_email, amount)
        reminder = self._run(DECIDED)
        self.assertEqual(reminder.letter_state, "to_print")
        return invoice, reminder.with_user(self.accountant)

    def test_letter_printed_later_is_dated_the_printing_day(self):
        invoice, reminder = self._queued_letter()
        # Decided on 9 March: 7 days late, 7 days of interest at 10.5 %:
        # 1000 x 10.5 % x 7 / 365 = 2.01, and EUR 40.
        self.assertEqual(self._interest(reminder).amount, 2.01)
        self.assertEqual(reminder.amount_claimable, 42.01)
        with freeze_time(PRINTED):
            reminder.action_print_letters()
        # The reminder keeps its day; the letter has its own.
        self.assertEqual(reminder.date, DECIDED)
        self.assertEqual(reminder.letter_date, PRINTED)
        # What it claims without booking it runs to the printing day:
        # 1000 x 10.5 % x 27 / 365 = 7.7671 -> 7.77; the EUR 40 stays.
        interest = self._interest(reminder)
        self.assertEqual(interest.date_to, PRINTED)
        self.assertEqual(interest.amount, 7.77)
        self.assertIn("27/365", interest.explanation)
        compensation = reminder.claim_ids - interest
        self.assertEqual(compensation.mapped("amount"), [40.0])
        self.assertEqual(reminder.amount_claimable, 47.77)
        self.assertFalse(reminder.claim_move_id)
        # Printed again any day, the letter says what it said that day.
        text = self._render(reminder)
        self.assertIn("Date 03/29/2026", text)
        self.assertNotIn("03/09/2026", text)
        self.assertEqual(self._days_late(text, invoice), 27)
        self.assertIn("× 27/365 (03/03/2026 to 03/29/2026)", text)
        self.assertIn("7.77", text)
        self.assertIn("Total 47.77", text)

    def test_preview_is_dated_today_and_writes_nothing(self):
        invoice, reminder = self._queued_letter()
        with freeze_time(PRINTED):
            text = self._render(reminder)
        self.assertIn("Date 03/29/2026", text)
        self.assertEqual(self._days_late(text, invoice), 27)
        self.assertIn("× 27/365", text)
        self.assertIn("Total 47.77", text)
        # A preview: the reminder is as it was decided.
        self.assertEqual(reminder.letter_state, "to_print")
        self.assertFalse(reminder.letter_date)
        self.assertEqual(self._interest(reminder).amount, 2.01)
        self.assertEqual(self._interest(reminder).date_to, DECIDED)
        # On its own day, the letter is the reminder as decided.
        with freeze_time(DECIDED):
            text = self._render(reminder)
        self.assertIn("Date 03/09/2026", text)
        self.assertEqual(self._days_late(text, invoice), 7)
        self.assertIn("× 7/365", text)

    def test_booked_claims_are_printed_as_booked(self):
        self.level_1.charge_fees = True
        invoice, reminder = self._queued_letter()
        note = reminder.claim_move_id
        self.assertTrue(note)
        self.assertEqual(note.amount_total, 42.01)
        with freeze_time(PRINTED):
            reminder.action_print_letters()
        # The debit note booked 7 days of interest: the letter says so.
        self.assertEqual(reminder.claim_move_id, note)
        self.assertEqual(self._interest(reminder).amount, 2.01)
        self.assertEqual(self._interest(reminder).date_to, DECIDED)
        self.assertEqual(reminder.amount_claimable, 42.01)
        text = self._render(reminder)
        self.assertIn(f"debit note {note.name}", text)
        self.assertIn("× 7/365", text)
        self.assertNotIn("27/365", text)
        self.assertIn("Total 42.01", text)
        # Dated and counted to the printing day all the same.
        self.assertIn("Date 03/29/2026", text)
        self.assertEqual(self._days_late(text, invoice), 27)

    def test_paid_in_part_before_printing(self):
        invoice, reminder = self._queued_letter()
        self._pay(invoice, 400.0, day(17))
        with freeze_time(PRINTED):
            reminder.action_print_letters()
        # 3 to 18 March on 1000, from the payment day on 600:
        # 1000 x 10.5 % x 16 / 365 = 4.6027 and 600 x 10.5 % x 11 / 365 =
        # 1.8986: 6.5014 -> 6.50.
        self.assertEqual(self._interest(reminder).amount, 6.5)

    def test_letter_handed_to_the_post_is_dated_that_day(self):
        self.level_1.write({"send_email": False, "send_post": True})
        invoice = self._invoice(self.customer)
        reminder = self._run(DECIDED)
        letter = reminder.snailmail_letter_id
        self.assertEqual(reminder.post_state, "pending")
        self.assertFalse(reminder.letter_date)
        # Odoo's postal service renders the letter when it takes it.
        with freeze_time(PRINTED):
            letter.with_context(force_report_rendering=True)._fetch_attachment()
        self.assertTrue(letter.attachment_id)
        self.assertEqual(reminder.letter_date, PRINTED)
        self.assertEqual(self._interest(reminder).date_to, PRINTED)
        self.assertEqual(self._interest(reminder).amount, 7.77)
        text = self._render(reminder)
        self.assertIn("Date 03/29/2026", text)
        self.assertEqual(self._days_late(text, invoice), 27)

    def test_email_copy_keeps_the_day_it_was_sent(self):
        invoice = self._invoice(self.customer)
        reminder = self._run(DECIDED)
        self.assertEqual((reminder.send_email, reminder.send_letter), (True, False))
        with freeze_time(PRINTED):
            text = self._render(reminder)
        self.assertIn("Date 03/09/2026", text)
        self.assertEqual(self._days_late(text, invoice), 7)
        self.assertIn("× 7/365", text)

    def test_print_action_reloads_the_list(self):
        _invoice, reminder = self._queued_letter()
        with freeze_time(PRINTED):
            # The list's "Print Letters" with nothing selected.
            action = (
                self.env["dunning.reminder"]
                .with_user(self.accountant)
                .action_print_letters()
            )
        # A download the web client follows with the button's onClose: the
        # list (or form) it came from reloads (see action_service.js,
        # _executeActURLAction). target "download" would not reload it.
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertTrue(action["close"])
        self.assertNotEqual(action.get("target"), "download")
        self.assertRegex(action["url"], r"^/web/content/\d+\?download=true$")
        self.assertEqual(reminder.letter_state, "printed")


@tagged("post_install", "-at_install")
class TestLettersWaiting(LetterCommon):
    """The overview's "Letters Waiting to Be Printed": the letters in the
    print queue for more than LETTER_QUEUE_DAYS working days."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant = new_test_user(
            cls.env,
            login="letters_waiting_accountant",
            groups="account.group_account_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.no_email_2 = cls.env["res.partner"].create(
            {
                "name": "Bloemen Maes",
                "is_company": True,
                "street": "Korenmarkt 3",
                "zip": "9000",
                "city": "Gent",
                "country_id": cls.env.ref("base.be").id,
            }
        )

    def _overview(self, on_date):
        with freeze_time(on_date):
            return self.env["dunning.overview"].with_user(self.accountant).create({})

    def _waiting(self, on_date):
        overview = self._overview(on_date)
        action = overview.action_open_letters_waiting()
        self.assertEqual(action["res_model"], "dunning.reminder")
        shown = (
            self.env["dunning.reminder"]
            .with_user(self.accountant)
            .search(action["domain"])
        )
        self.assertEqual(overview.letters_waiting_count, len(shown))
        return shown

    def test_letters_waiting_more_than_three_working_days(self):
        self.assertEqual(LETTER_QUEUE_DAYS, 3)
        self._invoice(self.no_email)
        monday = self._run(day(7))  # queued Monday 9 March
        self._invoice(self.no_email_2, due=day(3))
        thursday = self._run(day(10))  # queued Thursday 12 March
        self.assertEqual((monday | thursday).mapped("letter_state"), ["to_print"] * 2)
        # Thursday: Monday's letter waited 3 working days, not more.
        self.assertFalse(self._waiting(day(10)))
        # Friday: Monday's waits for the 4th working day.
        self.assertEqual(self._waiting(day(11)), monday)
        # Monday 16: Thursday's waited Friday and Monday, 2 working days.
        self.assertEqual(self._waiting(day(14)), monday)
        # Wednesday 18: Friday, Monday, Tuesday, and now a 4th.
        self.assertEqual(self._waiting(day(16)), monday | thursday)
        # Printed: no longer waiting.
        with freeze_time(day(16)):
            monday.with_user(self.accountant).action_print_letters()
        self.assertEqual(self._waiting(day(16)), thursday)

    def test_working_days_skip_public_holidays(self):
        # Queued Thursday 2 April 2026; Easter Monday 6 April is a holiday:
        # Friday 3, Tuesday 7, Wednesday 8 are its 3 working days.
        self._invoice(self.no_email, due=day(24))
        reminder = self._run(day(31))
        self.assertEqual(reminder.date_sent, day(31))
        self.assertFalse(self._waiting(day(37)))
        self.assertEqual(self._waiting(day(38)), reminder)
