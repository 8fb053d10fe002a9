# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import subprocess
from unittest.mock import patch

from odoo.tests import HttpCase, new_test_user, tagged

from .common import DunningCommon, day


@tagged("post_install", "-at_install")
class TestPortal(DunningCommon, HttpCase):
    """The customer sees its reminders in the portal and pays from the e-mail."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Structured communications, which the letter prints in a system font.
        cls.company_data["default_journal_sale"].invoice_reference_model = "be"
        cls.invoice = cls._invoice(cls.customer, 480.0)
        cls.invoice_2 = cls._invoice(cls.customer_2, 75.0)
        cls.portal_user = new_test_user(
            cls.env,
            login="goudenkorst",
            password="goudenkorst",
            groups="base.group_portal",
            partner_id=cls.env["res.partner"]
            .create({"name": "Els Baert", "parent_id": cls.customer.id})
            .id,
        )

    def test_email_links_the_invoice_portal_page(self):
        reminder = self._run(day(7)).filtered(lambda r: r.partner_id == self.customer)
        body = reminder.email_body  # the e-mail as sent
        self.assertTrue(self.invoice.access_token)
        self.assertIn(
            f"/my/invoices/{self.invoice.id}?access_token={self.invoice.access_token}",
            body,
        )
        self.assertIn("View and pay online", body)

    def test_portal_lists_own_reminders_only(self):
        reminders = self._run(day(7))
        own = reminders.filtered(lambda r: r.partner_id == self.customer)
        other = reminders - own
        self.authenticate("goudenkorst", "goudenkorst")
        page = self.url_open("/my/reminders")
        self.assertEqual(page.status_code, 200)
        self.assertIn(own.get_portal_url(), page.text)
        self.assertNotIn(f"/my/reminders/{other.id}", page.text)
        detail = self.url_open(f"/my/reminders/{own.id}")
        self.assertEqual(detail.status_code, 200)
        self.assertIn(self.invoice.name, detail.text)
        self.assertIn("Download the letter", detail.text)
        self.assertIn("View and pay", detail.text)
        # What the reminder may claim under Belgian law, as in the letter.
        self.assertIn("Recovery Compensation", detail.text)
        # Another customer's reminder sends the portal user home.
        stranger = self.url_open(f"/my/reminders/{other.id}")
        self.assertNotIn(f"{other.amount_due:.2f}", stranger.text)
        self.assertTrue(stranger.url.endswith("/my") or "/my/home" in stranger.url)
        home = self.url_open("/my/home")
        self.assertIn("/my/reminders", home.text)

    def test_token_opens_the_letter(self):
        reminder = self._run(day(7)).filtered(lambda r: r.partner_id == self.customer)
        url = reminder.get_portal_url(report_type="html")
        letter = self.url_open(url)
        self.assertEqual(letter.status_code, 200)
        self.assertIn("Did our invoice end up at the bottom of the pile?", letter.text)
        self.assertIn(self.invoice.name, letter.text)

    def _letter_text(self, response):
        """The downloaded letter: a PDF, and its text."""
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertTrue(response.content.startswith(b"%PDF"))
        return subprocess.run(
            ["pdftotext", "-layout", "-", "-"],
            input=response.content,
            capture_output=True,
            check=True,
        ).stdout.decode()

    def _assert_letter_of(self, reminder, text):
        # The letter's body is in the layout's web font, which wkhtmltopdf
        # draws as shapes; its reference and the invoices' structured
        # communications are in a system font, which pdftotext reads.
        self.assertIn(reminder.reference, text)
        self.assertIn(self.invoice.payment_reference, text)
        self.assertNotIn(self.invoice_2.payment_reference, text)

    def test_portal_user_downloads_the_letter(self):
        # Letters that go with their invoices by post: the download is the
        # letter alone, and renders no invoice.
        self.level_1.letter_attach_invoices = True
        reminders = self._run(day(7))
        reminder = reminders.filtered(lambda r: r.partner_id == self.customer)
        other = reminders - reminder
        stored = [("res_model", "in", ["dunning.reminder", "account.move"])]
        attachments = self.env["ir.attachment"].search_count(stored)
        self.authenticate("goudenkorst", "goudenkorst")
        Reminder = self.registry["dunning.reminder"]
        letters_pdf, rendered_by = Reminder._letters_pdf, []

        def spy(reminders, *args, **kwargs):
            rendered_by.append((reminders.env.user, reminders.env.company))
            return letters_pdf(reminders, *args, **kwargs)

        # Without the token: the portal user's own rights open it.
        with patch.object(Reminder, "_letters_pdf", spy):
            response = self.url_open(
                f"/my/reminders/{reminder.id}?report_type=pdf&download=true"
            )
        self._assert_letter_of(reminder, self._letter_text(response))
        # Rendered for the portal user, not the superuser, in the reminder's
        # company.
        self.assertEqual(rendered_by, [(self.portal_user, reminder.company_id)])
        # Downloaded, named after the reminder and the customer.
        disposition = response.headers["Content-Disposition"]
        self.assertTrue(disposition.startswith("attachment;"), disposition)
        self.assertIn(
            f"Payment_reminder_{reminder.reference}_Bakkerij_De_Gouden_Korst.pdf",
            disposition,
        )
        # Nothing is stored by a download.
        self.assertEqual(self.env["ir.attachment"].search_count(stored), attachments)
        # Another customer's letter sends the portal user home.
        stranger = self.url_open(f"/my/reminders/{other.id}?report_type=pdf")
        self.assertNotEqual(stranger.headers["Content-Type"], "application/pdf")

    def test_token_downloads_the_letter_logged_out(self):
        reminder = self._run(day(7)).filtered(lambda r: r.partner_id == self.customer)
        response = self.url_open(
            reminder.get_portal_url(report_type="pdf", download=True)
        )
        self._assert_letter_of(reminder, self._letter_text(response))
        # Without the token, no letter.
        anonymous = self.url_open(f"/my/reminders/{reminder.id}?report_type=pdf")
        self.assertNotEqual(anonymous.headers["Content-Type"], "application/pdf")
