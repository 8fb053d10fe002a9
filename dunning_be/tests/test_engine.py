# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from ast import literal_eval
from unittest.mock import patch

from lxml import etree

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import DunningCommon, day


@tagged("post_install", "-at_install")
class TestEngine(DunningCommon):
    """The run reminds the right customer at the right level, once."""

    def test_levels_over_several_runs(self):
        invoice = self._invoice(self.customer)
        self.assertFalse(self._run(day(6)), "nothing before the first level's 7 days")
        first = self._run(day(7))
        self.assertEqual(first.level_id, self.level_1)
        self.assertEqual(first.state, "sent")
        self.assertEqual(invoice.dunning_level_id, self.level_1)
        self.assertEqual(invoice.dunning_last_date, day(7))
        self.assertFalse(self._run(day(8)))
        self.assertFalse(self._run(day(20)))
        second = self._run(day(21))
        self.assertEqual(second.level_id, self.level_2)
        self.assertEqual(second.state, "sent")
        self.assertEqual(invoice.dunning_level_id, self.level_2)
        third = self._run(day(35))
        self.assertEqual(third.level_id, self.level_3)
        # The formal notice is reviewed before it goes: prepared, not sent.
        self.assertEqual(third.state, "draft")
        self.assertIn(self.level_3.name, third.draft_reason)
        self.assertEqual(invoice.dunning_level_id, self.level_2)
        third.action_send()
        self.assertEqual(third.state, "sent")
        self.assertEqual(invoice.dunning_level_id, self.level_3)
        self.assertFalse(self._run(day(80)), "nothing after the last level")

    def test_late_run_never_skips_a_level(self):
        invoice = self._invoice(self.customer)
        reminder = self._run(day(60))
        self.assertEqual(reminder.level_id, self.level_1)
        self.assertEqual(invoice.dunning_level_id, self.level_1)
        # The next level waits the gap between the levels (14 days), not 0.
        self.assertFalse(self._run(day(70)))
        self.assertEqual(self._run(day(74)).level_id, self.level_2)

    def test_same_day_rerun_sends_nothing(self):
        self._invoice(self.customer)
        self.assertEqual(len(self._run(day(7))), 1)
        self.assertFalse(self._run(day(7)))
        self.assertEqual(
            self.env["mail.mail"].search_count([("model", "=", "dunning.reminder")]), 1
        )

    def test_one_reminder_per_customer(self):
        old = self._invoice(self.customer, 1000.0, due=day(-30))
        partial = self._invoice(self.customer, 600.0)
        self._pay(partial, 200.0, day(1))
        recent = self._invoice(self.customer, 300.0, due=day(5))
        not_due = self._invoice(self.customer, 999.0, due=day(30))
        refund = self._invoice(
            self.customer, 150.0, move_type="out_refund", due=day(-1)
        )
        unmatched = self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": self.customer.id,
                "amount": 50.0,
                "date": day(2),
            }
        )
        unmatched.action_post()
        other = self._invoice(self.customer_2, 400.0)

        reminders = self._run(day(7))
        mine = reminders.filtered(lambda r: r.partner_id == self.customer)
        self.assertEqual(len(mine), 1, "one reminder per customer")
        self.assertEqual(len(reminders - mine), 1)
        self.assertEqual((reminders - mine).move_ids, other)
        # The highest level reached: the old invoice is 37 days late, but
        # moves up one level at a time: level 1 for all.
        self.assertEqual(mine.level_id, self.level_1)
        self.assertEqual(mine.move_ids, old | partial | recent)
        self.assertNotIn(not_due, mine.line_ids.move_id)
        kinds = {line.move_id: line.kind for line in mine.line_ids}
        self.assertEqual(kinds[refund], "credit_note")
        self.assertEqual(kinds[unmatched.move_id], "payment")
        self.assertAlmostEqual(mine.amount_overdue, 1000.0 + 400.0 + 300.0)
        self.assertAlmostEqual(mine.amount_due, 1000.0 + 400.0 + 300.0 - 150.0 - 50.0)
        days = {line.move_id: line.days_late for line in mine.line_ids}
        self.assertEqual(days[old], 37)
        self.assertEqual(days[recent], 2)
        # The recent invoice (2 days late) is listed, but has not reached level 1.
        self.assertFalse(recent.dunning_level_id)
        self.assertEqual(old.dunning_level_id, self.level_1)

    def test_highest_level_of_the_customer(self):
        old = self._invoice(self.customer, 1000.0, due=day(-14))
        self.assertEqual(self._run(day(0)).level_id, self.level_1)  # old: 14 days late
        new = self._invoice(self.customer, 500.0)
        # Day 7: the old invoice is 21 days late, but only 7 days passed since
        # its reminder (the levels are 14 days apart); the new one reaches 1.
        self.assertEqual(self._run(day(7)).level_id, self.level_1)
        self.assertEqual(new.dunning_level_id, self.level_1)
        self.assertEqual(old.dunning_level_id, self.level_1)
        reminder = self._run(day(14))
        self.assertEqual(reminder.level_id, self.level_2)
        lines = {line.move_id: line for line in reminder.line_ids}
        self.assertEqual(lines[old].level_id, self.level_2)
        self.assertEqual(lines[new].level_id, self.level_1)
        self.assertFalse(lines[new].advanced)

    def test_credit_covering_everything_sends_nothing(self):
        self._invoice(self.customer, 100.0)
        self._invoice(self.customer, 100.0, move_type="out_refund")
        self.assertFalse(self._run(day(7)))

    def test_no_followup_excludes_invoice(self):
        excluded = self._invoice(self.customer, 1000.0)
        excluded.no_followup = True
        self.assertFalse(self._run(day(7)))
        kept = self._invoice(self.customer, 200.0)
        reminder = self._run(day(7))
        self.assertEqual(reminder.move_ids, kept)
        self.assertNotIn(excluded, reminder.line_ids.move_id)

    def test_paid_invoice_is_not_reminded(self):
        invoice = self._invoice(self.customer, 1000.0)
        self._pay(invoice, 1000.0, day(3))
        self.assertFalse(self._run(day(7)))

    def test_pause(self):
        self._invoice(self.customer)
        self.customer.dunning_pause_until = day(10)
        self.assertFalse(self._run(day(7)))
        self.assertFalse(self._run(day(10)))
        self.assertEqual(self._run(day(11)).level_id, self.level_1)

    def test_customer_policy_overrides_company(self):
        strict = self.env["dunning.policy"].create(
            {
                "name": "Strict",
                "level_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Quick",
                            "sequence": 1,
                            "delay": 2,
                            "mail_template_id": self.level_1.mail_template_id.id,
                        },
                    ),
                ],
            }
        )
        self.customer.dunning_policy_id = strict
        self._invoice(self.customer)
        self._invoice(self.customer_2)
        reminders = self._run(day(2))
        self.assertEqual(reminders.partner_id, self.customer)
        self.assertEqual(reminders.policy_id, strict)

    def test_customer_without_email_gets_a_letter(self):
        self._invoice(self.no_email)
        reminder = self._run(day(7))
        self.assertEqual(reminder.state, "sent")
        self.assertTrue(reminder.send_letter)
        self.assertFalse(reminder.send_email)
        self.assertEqual(reminder.letter_state, "to_print")
        self.assertEqual(
            reminder.channel_note,
            "The customer has no e-mail address.\n"
            "A letter goes to the print queue instead.",
        )
        self.assertFalse(
            self.env["mail.mail"].search([("model", "=", "dunning.reminder")])
        )

    def test_customer_without_email_is_held_until_fixed(self):
        self.level_1.letter_fallback = False
        invoice = self._invoice(self.no_email)
        self.assertFalse(self._run(day(7)), "nobody to send it to: no reminder")
        self.assertEqual(invoice.dunning_hold, "bad_address")
        self.assertIn("no e-mail address", invoice.dunning_hold_note)
        self.assertEqual(invoice.dunning_hold_date, day(7))
        self.assertFalse(invoice.dunning_level_id)
        self.assertFalse(
            self.env["mail.mail"].search([("model", "=", "dunning.reminder")])
        )
        held = self.env.ref("dunning_be.account_move_action_held")
        self.assertIn(
            invoice, self.env["account.move"].search(literal_eval(held.domain))
        )
        # Still held the next day, since the first day.
        self.assertFalse(self._run(day(8)))
        self.assertEqual(invoice.dunning_hold_date, day(7))
        # Once the address is known, the next run sends it by itself.
        self.no_email.email = "info@jacobs.be"
        reminder = self._run(day(9))
        self.assertEqual(reminder.state, "sent")
        self.assertEqual(reminder.email_state, "queued")
        self.assertEqual(reminder.move_ids, invoice)
        self.assertFalse(invoice.dunning_hold)
        self.assertEqual(invoice.dunning_level_id, self.level_1)

    def test_letter_goes_when_email_is_missing(self):
        self.level_1.send_letter = True
        self._invoice(self.no_email)
        reminder = self._run(day(7))
        self.assertEqual(reminder.state, "sent")
        self.assertFalse(reminder.send_email)
        self.assertTrue(reminder.send_letter)
        self.assertEqual(reminder.letter_state, "to_print")

    def test_email_goes_to_the_invoice_address(self):
        # The template's recipient, not Odoo's default (the record's partner).
        contact = self.env["res.partner"].create(
            {
                "name": "Boekhouding",
                "parent_id": self.customer.id,
                "type": "invoice",
                "email": "facturen@goudenkorst.be",
            }
        )
        self._invoice(self.customer, 100.0)
        reminder = self._run(day(7))
        self.assertEqual(reminder.recipient_id, contact)
        mail = self.env["mail.mail"].search(
            [("model", "=", "dunning.reminder"), ("res_id", "=", reminder.id)]
        )
        self.assertEqual(mail.recipient_ids, contact)

    def test_email_content_and_chatter(self):
        invoice = self._invoice(self.customer, 1234.0)
        older = self._invoice(self.customer_2, 50.0)
        older_pdf = self.env["ir.attachment"].create(
            {
                "name": "old.pdf",
                "raw": b"%PDF old",
                "res_model": "account.move",
                "res_id": invoice.id,
            }
        )
        reminder = self._run(day(7)).filtered(lambda r: r.partner_id == self.customer)
        mail = self.env["mail.mail"].search(
            [("model", "=", "dunning.reminder"), ("res_id", "=", reminder.id)]
        )
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.customer)
        self.assertIn(invoice.name, mail.body_html)
        self.assertIn("1,234.00", mail.body_html)
        self.assertEqual(reminder.email_message_id, mail.mail_message_id)
        # Only this reminder's invoices are attached, never other attachments.
        self.assertEqual(len(mail.attachment_ids), 1)
        self.assertNotIn(older_pdf, mail.attachment_ids)
        self.assertIn(invoice.name.replace("/", "_"), mail.attachment_ids.name)
        self.assertNotIn(older.name.replace("/", "_"), mail.attachment_ids.name)
        # The reminder's "Message Sent" tab shows the e-mail as sent; its
        # chatter keeps a short copy, with the attachments.
        self.assertEqual(reminder.email_html, mail.body_html)
        self.assertIn(invoice.name, reminder.email_body)
        self.assertIn("View and pay online", reminder.email_body)
        self.assertIn("1,234.00", reminder.email_message_id.body)
        self.assertNotIn(invoice.name, reminder.email_message_id.body)
        self.assertEqual(reminder.email_message_id.attachment_ids, mail.attachment_ids)
        # Logged on the customer; the invoice lists its reminder instead.
        self.assertTrue(
            any(self.level_1.name in (m.body or "") for m in self.customer.message_ids)
        )
        self.assertFalse(
            any(self.level_1.name in (m.body or "") for m in invoice.message_ids)
        )
        self.assertEqual(invoice.dunning_reminder_ids, reminder)
        # The reminder keeps what went out when the outgoing e-mail is deleted.
        mail.unlink()
        reminder.invalidate_recordset()
        self.assertIn(invoice.name, reminder.email_body)

    def test_email_in_customer_language(self):
        self.env["res.lang"]._activate_lang("nl_BE")
        self.level_1.mail_template_id.with_context(
            lang="nl_BE"
        ).subject = "Betalingsherinnering"
        self.customer.lang = "nl_BE"
        self._invoice(self.customer)
        reminder = self._run(day(7))
        self.assertEqual(reminder.email_message_id.subject, "Betalingsherinnering")

    def test_email_header_fields_without_evaluated_code(self):
        # Sender, recipient, language and subject of the shipped templates are
        # plain field paths: Odoo fills them in without evaluating code, and a
        # credit controller who is no template editor may use them.
        contact = self.env["res.partner"].create(
            {"name": "Comptabilité", "parent_id": self.customer.id, "lang": "fr_BE"}
        )
        self.env["res.lang"]._activate_lang("fr_BE")
        self.company.email = "compta@drukkerij.be"
        for level in (self.level_1, self.level_2, self.level_3):
            template = level.mail_template_id
            for fname in ("subject", "email_from", "partner_to", "lang"):
                with self.subTest(level=level.name, field=fname):
                    self.assertFalse(
                        template._has_unsafe_expression_template_inline_template(
                            template[fname], "dunning.reminder"
                        )
                    )
        self._invoice(self.customer)
        reminder = self._run(day(7))
        template = self.level_1.mail_template_id
        with patch(
            "odoo.addons.mail.models.mail_render_mixin.render_inline_template"
        ) as evaluated:
            values = {
                fname: template._render_field(fname, reminder.ids)[reminder.id]
                for fname in ("subject", "email_from", "partner_to", "lang")
            }
        evaluated.assert_not_called()
        self.assertEqual(values["partner_to"], str(self.customer.id))
        self.assertEqual(values["email_from"], self.company.email_formatted)
        self.assertIn(self.company.name, values["subject"])
        # To the invoice address, in its language, when the run found one.
        reminder.recipient_id = contact
        self.assertEqual(
            template._render_field("partner_to", reminder.ids)[reminder.id],
            str(contact.id),
        )
        self.assertEqual(
            template._render_field("lang", reminder.ids)[reminder.id], "fr_BE"
        )
        # The sender's address when the company has none.
        self.company.write({"email": False, "alias_domain_id": False})
        self.env.invalidate_all()
        self.assertEqual(
            template._render_field("email_from", reminder.ids)[reminder.id],
            self.env.user.email_formatted,
        )

    def test_own_template_with_the_placeholders_without_editor_right(self):
        # Settings > Restrict Template Rendering: employees are no template
        # editors. A credit controller may still make a template of their own
        # with the reminder's placeholders; other code stays refused.
        editor = self.env.ref("mail.group_mail_template_editor")
        self.env.ref("base.group_user").implied_ids -= editor
        controller = new_test_user(
            self.env,
            "reminder_texts",
            groups="account.group_account_user",
            company_id=self.company.id,
        )
        self.assertFalse(controller.has_group("mail.group_mail_template_editor"))
        Template = self.env["mail.template"].with_user(controller)
        template = Template.create(
            {
                "name": "Short reminder",
                "model_id": self.env.ref("dunning_be.model_dunning_reminder").id,
                "subject": "Herinnering {{ object.company_id.name }}",
                "email_from": "{{ object.mail_email_from }}",
                "partner_to": "{{ object.mail_partner_id.id }}",
                "lang": "{{ object.mail_partner_id.lang }}",
            }
        )
        # Refused and undone, as the web client's request would be.
        with (
            self.assertRaisesRegex(AccessError, "sensible placeholders"),
            self.env.cr.savepoint(),
        ):
            template.subject = "{{ object.partner_id.email }}"
        self._invoice(self.customer)
        reminder = self._run(day(7))
        subject = template._render_field("subject", reminder.ids)[reminder.id]
        self.assertEqual(subject, f"Herinnering {self.company.name}")

    def test_email_body_compiled_once_per_batch(self):
        self._invoice(self.customer, 111.0)
        self._invoice(self.customer_2, 222.0)
        self.customer_2.lang = self.customer.lang
        qweb = type(self.env["ir.qweb"])
        with patch.object(
            qweb,
            "_generate_code_uncached",
            autospec=True,
            side_effect=qweb._generate_code_uncached,
        ) as compiled:
            reminders = self._run(day(7))
        bodies = [
            call for call in compiled.call_args_list
            if isinstance(call.args[1], etree._Element)
        ]  # fmt: skip
        self.assertEqual(len(bodies), 1, "one compilation for both e-mails")
        mails = self.env["mail.mail"].search([("res_id", "in", reminders.ids)])
        body = {mail.res_id: mail.body_html for mail in mails}
        first = reminders.filtered(lambda r: r.partner_id == self.customer)
        second = reminders - first
        # Each e-mail still has its own customer and figures.
        self.assertIn("111.00", body[first.id])
        self.assertNotIn("222.00", body[first.id])
        self.assertIn("222.00", body[second.id])
        self.assertIn(self.customer_2.name, body[second.id])
