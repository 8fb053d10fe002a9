# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
import subprocess
from unittest.mock import patch

from reportlab.pdfgen import canvas

from odoo.tests import tagged

from odoo.addons.sms.tools.sms_api import SmsApi
from odoo.addons.snailmail.models import snailmail_letter

from .common import day
from .test_letter import LetterCommon


def _pdf(text):
    """A one-page PDF saying ``text``."""
    stream = io.BytesIO()
    page = canvas.Canvas(stream)
    page.drawString(100, 750, text)
    page.save()
    return stream.getvalue()


def _pdftotext(pdf):
    """The PDF's text, page by page."""
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    return text.split("\f")[:-1]


@tagged("post_install", "-at_install")
class TestSms(LetterCommon):
    def setUp(self):
        super().setUp()
        self.level_1.send_sms = True
        self.customer.phone = "+32 470 12 34 56"

    def _sms_gateway(self, state):
        """Odoo's SMS queue sends, the provider answering ``state``."""

        def send(api, messages, delivery_reports_url=False):
            return [
                {"uuid": number["uuid"], "state": state}
                for message in messages
                for number in message["numbers"]
            ]

        sms = self.env["sms.sms"].sudo().search([("state", "=", "outgoing")])
        with patch.object(SmsApi, "_send_sms_batch", send):
            sms._send(unlink_failed=False, unlink_sent=False)
        return sms

    def test_sms_sent(self):
        self._invoice(self.customer, 321.0)
        reminder = self._run(day(7))
        self.assertEqual(reminder.sms_state, "queued")
        self.assertEqual(reminder.sms_message_id.message_type, "sms")
        sms = self.env["sms.sms"].sudo().search([("state", "=", "outgoing")])
        self.assertEqual(len(sms), 1)
        self.assertEqual(sms.number, "+32470123456")
        self.assertIn(self.company.name, sms.body)
        self.assertIn("321.00", sms.body)
        self.assertIn("friendly reminder", sms.body)
        self._sms_gateway("success")
        self.assertEqual(reminder.sms_state, "sent")
        self.assertEqual(reminder.state, "sent")

    def test_sms_error_with_email_stays_sent(self):
        self._invoice(self.customer)
        reminder = self._run(day(7))
        self._sms_gateway("wrong_number_format")
        self.assertEqual(reminder.sms_state, "error")
        self.assertEqual(reminder.state, "sent", "the e-mail still went out")
        self.assertIn(
            "The SMS could not be sent", reminder.message_ids[:1].body.striptags()
        )

    def test_sms_only_error_goes_back_to_review(self):
        self.level_1.send_email = False
        invoice = self._invoice(self.customer)
        reminder = self._run(day(7))
        self.assertEqual((reminder.send_email, reminder.send_sms), (False, True))
        self._sms_gateway("wrong_number_format")
        self.assertEqual(reminder.state, "draft")
        self.assertIn("The SMS could not be sent", reminder.draft_reason)
        self.assertFalse(invoice.dunning_level_id)

    def test_no_phone_no_sms(self):
        self.customer.phone = False
        self._invoice(self.customer)
        reminder = self._run(day(7))
        self.assertEqual(reminder.state, "sent")
        self.assertFalse(reminder.send_sms)
        self.assertIn("no phone number", reminder.channel_note)


@tagged("post_install", "-at_install")
class TestPost(LetterCommon):
    def setUp(self):
        super().setUp()
        self.level_1.write({"send_email": False, "send_post": True})

    def _postal_service(self, letter, sent=True, error=None):
        """Odoo's postal service prints the letter, IAP answering."""
        response = {
            "request_code": 200,
            "total_cost": 1,
            "request": {
                "documents": [
                    {
                        "letter_id": letter.id,
                        "sent": sent,
                        "send_id": "X1",
                        "error": error,
                    }
                ]
            },
        }
        with patch.object(
            snailmail_letter.iap_tools, "iap_jsonrpc", return_value=response
        ) as call:
            letter.with_context(
                force_report_rendering=True
            )._snailmail_print_valid_address()
        return call

    def test_letter_posted(self):
        self._invoice(self.customer)
        reminder = self._run(day(7))
        self.assertTrue(reminder.send_post)
        self.assertEqual(reminder.post_state, "pending")
        letter = reminder.snailmail_letter_id
        self.assertEqual(letter.state, "pending")
        self.assertEqual(
            letter.report_template,
            self.env.ref("dunning_be.action_report_dunning_reminder"),
        )
        self.assertEqual((letter.model, letter.res_id), (reminder._name, reminder.id))
        call = self._postal_service(letter)
        document = call.call_args.kwargs["params"]["documents"][0]
        # The letter sent to the postal service is the reminder letter.
        self.assertIn(reminder.reference, "".join(_pdftotext(letter.attachment_id.raw)))
        self.assertEqual(document["letter_id"], letter.id)
        self.assertEqual(letter.state, "sent")
        self.assertEqual(reminder.post_state, "posted")
        self.assertEqual(reminder.state, "sent")

    def test_letter_not_posted_goes_back_to_review(self):
        invoice = self._invoice(self.customer)
        reminder = self._run(day(7))
        self._postal_service(
            reminder.snailmail_letter_id, sent=False, error="CREDIT_ERROR"
        )
        self.assertEqual(reminder.post_state, "error")
        self.assertEqual(reminder.state, "draft")
        self.assertIn("could not be posted", reminder.draft_reason)
        self.assertFalse(invoice.dunning_level_id)


@tagged("post_install", "-at_install")
class TestFallback(LetterCommon):
    def test_bounced_email_falls_back_to_letter(self):
        invoice = self._invoice(self.customer)
        first = self._run(day(7))
        notifications = (
            self.env["mail.notification"]
            .sudo()
            .search([("mail_message_id", "=", first.email_message_id.id)])
        )
        notifications.write({"notification_status": "bounce", "failure_reason": "550"})
        self.assertEqual(first.email_state, "bounced")
        # The accountant sends it again: the same address bounced, so a letter.
        first.action_send()
        self.assertEqual(first.state, "sent")
        self.assertTrue(first.send_letter)
        self.assertEqual(first.letter_state, "to_print")
        self.assertIn(
            "The last reminder e-mail to boekhouding@goudenkorst.be bounced.",
            first.channel_note,
        )
        self.assertIn("A letter goes to the print queue instead.", first.channel_note)
        self.assertEqual(invoice.dunning_level_id, self.level_1)
        # The next level goes by letter too, until the address changes.
        second = self._run(day(21))
        self.assertEqual(second.level_id, self.level_2)
        self.assertEqual((second.send_email, second.send_letter), (False, True))
        reminders = self.env["dunning.reminder"]
        bounced = reminders._bounced_emails(self.company, self.customer.ids)
        self.assertEqual(bounced, {self.customer.id: "boekhouding@goudenkorst.be"})
        self.customer.email = "facturen@goudenkorst.be"
        channels, reasons = reminders._channels_for(
            self.level_3, self.customer, bounced[self.customer.id]
        )
        self.assertEqual((channels, reasons), (["email", "letter"], []))

    def test_one_batch_mixes_channels(self):
        self._invoice(self.customer)
        self._invoice(self.no_email)
        reminders = {r.partner_id: r for r in self._run(day(7))}
        by_email, by_letter = reminders[self.customer], reminders[self.no_email]
        self.assertEqual((by_email.state, by_letter.state), ("sent", "sent"))
        self.assertEqual((by_email.send_email, by_email.send_letter), (True, False))
        self.assertFalse(by_email.channel_note)
        self.assertEqual((by_letter.send_email, by_letter.send_letter), (False, True))
        self.assertIn("no e-mail address", by_letter.channel_note)

    def test_no_fallback_holds_the_invoices(self):
        self.level_1.letter_fallback = False
        first = self._invoice(self.no_email)
        second = self._invoice(self.no_email, 50.0)
        self.assertFalse(self._run(day(7)))
        self.assertEqual(
            (first | second).mapped("dunning_hold"), ["bad_address", "bad_address"]
        )

    def test_bad_email_and_no_address_hold_with_both_reasons(self):
        # The fallback letter can't go either: the reason says both.
        self.no_email.write({"email": "jacobs(at)telenet.be", "street": False})
        invoice = self._invoice(self.no_email)
        self.assertFalse(self._run(day(7)))
        self.assertEqual(invoice.dunning_hold, "bad_address")
        self.assertIn("jacobs(at)telenet.be is not valid", invoice.dunning_hold_note)
        self.assertIn("missing: street", invoice.dunning_hold_note)


@tagged("post_install", "-at_install")
class TestPrintQueue(LetterCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.level_1.write({"send_email": False, "send_letter": True})
        cls.french = cls.env["res.partner"].create(
            {
                "name": "Boulangerie Dupont",
                "is_company": True,
                "street": "Rue Haute 5",
                "zip": "1000",
                "city": "Bruxelles",
                "country_id": cls.env.ref("base.be").id,
            }
        )

    def _print(self, reminders=None):
        # wkhtmltopdf's runs, Odoo's (with their documents) or the one with
        # the report's fonts local (with one document).
        reports = type(self.env["ir.actions.report"])
        runs = []
        real, real_local = reports._run_wkhtmltopdf, reports._dunning_local_pdf

        def count(report, bodies, *args, **kwargs):
            runs.append(len(bodies))
            return real(report, bodies, *args, **kwargs)

        def count_local(report, *args, **kwargs):
            pdf = real_local(report, *args, **kwargs)
            if pdf:
                runs.append(1)
            return pdf

        target = reminders if reminders is not None else self.env["dunning.reminder"]
        with (
            patch.object(reports, "_run_wkhtmltopdf", count),
            patch.object(reports, "_dunning_local_pdf", count_local),
        ):
            action = target.with_context(
                force_report_rendering=True
            ).action_print_letters()
        attachment_id = int(action["url"].split("/")[3].split("?")[0])
        return self.env["ir.attachment"].browse(attachment_id), runs

    def test_print_queue_prints_all_letters_as_one_pdf(self):
        for partner in (self.customer, self.customer_2, self.french):
            self._invoice(partner)
        reminders = self._run(day(7))
        self.assertEqual(set(reminders.mapped("letter_state")), {"to_print"})
        attachment, runs = self._print()
        self.assertEqual(runs, [1], "one wkhtmltopdf run, with one document")
        self.assertEqual(attachment.mimetype, "application/pdf")
        self.assertFalse(attachment.res_model)
        pages = _pdftotext(attachment.raw)
        self.assertEqual(len(pages), 3)
        # In the customers' order; the reference and the structured
        # communication are in a system font, which pdftotext reads.
        ordered = reminders.sorted(lambda r: r.partner_id.name)
        for page, reminder in zip(pages, ordered, strict=True):
            self.assertIn(reminder.reference, page)
            self.assertIn(reminder.move_ids.payment_reference, page)
        self.assertEqual(set(reminders.mapped("letter_state")), {"printed"})
        self.assertIn("The letter was printed.", reminders[0].message_ids[0].body)
        # Nothing is left to print.
        with self.assertRaisesRegex(Exception, "No letter is waiting"):
            self.env["dunning.reminder"].action_print_letters()

    def test_letters_with_their_invoices(self):
        self.level_1.letter_attach_invoices = True
        invoices = {}
        for partner in (self.customer, self.customer_2):
            invoice = self._invoice(partner)
            self.env["ir.attachment"].create(
                {
                    "name": f"{invoice.name}.pdf",
                    "raw": _pdf(f"INVOICE COPY {partner.name}"),
                    "mimetype": "application/pdf",
                    "res_model": "account.move",
                    "res_id": invoice.id,
                    "res_field": "invoice_pdf_report_file",
                }
            )
            invoices[partner] = invoice
        reminders = self._run(day(7)).sorted("partner_id")
        attachment, runs = self._print(reminders)
        self.assertEqual(runs, [1])
        pages = _pdftotext(attachment.raw)
        self.assertEqual(len(pages), 4)
        first, second = reminders
        self.assertIn(first.reference, pages[0])
        self.assertIn(f"INVOICE COPY {first.partner_id.name}", pages[1])
        self.assertIn(second.reference, pages[2])
        self.assertIn(f"INVOICE COPY {second.partner_id.name}", pages[3])
