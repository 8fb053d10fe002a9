# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import smtplib
from unittest.mock import MagicMock, patch

from odoo.tests import tagged

from .common import DunningCommon, day


@tagged("post_install", "-at_install")
class TestDelivery(DunningCommon):
    """A reminder's state follows what really happened to its e-mail."""

    def _send_queue(self, error=None):
        """Let Odoo's mail queue send the reminders' e-mails, the SMTP server
        answering ``error`` (or accepting them)."""
        server = type(self.env["ir.mail_server"])
        mails = self.env["mail.mail"].search([("model", "=", "dunning.reminder")])
        with (
            patch.object(server, "_disable_send", return_value=False),
            patch.object(server, "_connect__", return_value=MagicMock()),
            patch.object(
                server, "send_email", side_effect=error, return_value="<msg@test>"
            ),
        ):
            mails.send(raise_exception=False)
        return mails

    def test_delivered_email(self):
        invoice = self._invoice(self.customer)
        reminder = self._run(day(7))
        self.assertEqual(reminder.email_state, "queued")
        self._send_queue()
        self.assertEqual(reminder.email_state, "sent")
        self.assertEqual(reminder.state, "sent")
        self.assertEqual(invoice.dunning_level_id, self.level_1)

    def test_failed_email_never_marks_sent(self):
        invoice = self._invoice(self.customer)
        reminder = self._run(day(7))
        mails = self._send_queue(
            smtplib.SMTPRecipientsRefused(
                {"boekhouding@goudenkorst.be": (550, b"No such user")}
            )
        )
        self.assertEqual(mails.state, "exception")
        self.assertEqual(reminder.email_state, "failed")
        self.assertEqual(reminder.state, "draft")
        self.assertIn("could not be sent", reminder.draft_reason)
        # The invoice is back at its former level: the customer was not reminded.
        self.assertFalse(invoice.dunning_level_id)
        self.assertFalse(invoice.dunning_last_date)
        # Later runs leave it for review instead of sending again.
        self.assertFalse(self._run(day(8)) - reminder)
        self.assertEqual(reminder.state, "draft")
        self.assertEqual(
            self.env["mail.mail"].search_count([("model", "=", "dunning.reminder")]), 1
        )

    def test_bounced_email(self):
        invoice = self._invoice(self.customer)
        reminder = self._run(day(7))
        self._send_queue()
        self.assertEqual(reminder.email_state, "sent")
        # What Odoo's mail gateway does when the bounce comes back.
        notifications = (
            self.env["mail.notification"]
            .sudo()
            .search([("mail_message_id", "=", reminder.email_message_id.id)])
        )
        self.assertTrue(notifications)
        notifications.sudo().write(
            {
                "notification_status": "bounce",
                "failure_type": "mail_bounce",
                "failure_reason": "550 mailbox unavailable",
            }
        )
        self.assertEqual(reminder.email_state, "bounced")
        self.assertEqual(reminder.state, "draft")
        self.assertIn("bounced", reminder.draft_reason)
        self.assertIn("550 mailbox unavailable", reminder.draft_reason)
        self.assertFalse(invoice.dunning_level_id)

    def test_failed_email_with_letter_stays_sent(self):
        self.level_1.send_letter = True
        invoice = self._invoice(self.customer)
        reminder = self._run(day(7))
        self.assertTrue(reminder.send_letter)
        self._send_queue(smtplib.SMTPRecipientsRefused({"x": (550, b"No")}))
        self.assertEqual(reminder.email_state, "failed")
        self.assertEqual(
            reminder.state, "sent", "the letter still reminds the customer"
        )
        self.assertEqual(invoice.dunning_level_id, self.level_1)
