# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, new_test_user, tagged

from .common import DunningCommon, day


@tagged("post_install", "-at_install")
class TestPortal(DunningCommon, HttpCase):
    """The customer sees its reminders in the portal and pays from the e-mail."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice = cls._invoice(cls.customer, 480.0)
        cls._invoice(cls.customer_2, 75.0)
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
        body = reminder.email_message_id.body
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
