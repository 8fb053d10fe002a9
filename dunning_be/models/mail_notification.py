# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class MailNotification(models.Model):
    _inherit = "mail.notification"

    def write(self, vals):
        res = super().write(vals)
        if vals.get("notification_status"):
            self._dunning_follow(
                vals["notification_status"], vals.get("failure_reason")
            )
        return res

    def _dunning_follow(self, status, reason):
        """Report what became of a reminder's e-mail, SMS or postal letter on
        the reminder, and of a hand-over's e-mail on the hand-over: Odoo's
        mail gateway, SMS and postal services all record it on the message's
        notifications."""
        if status == "bounce":
            handover_mails = self.filtered(
                lambda n: (
                    n.mail_message_id.model == "dunning.handover"
                    and n.notification_type == "email"
                )
            )
            if handover_mails:
                self.env["dunning.handover"].sudo().search(
                    [("email_message_id", "in", handover_mails.mail_message_id.ids)]
                )._email_failed("bounce", reason or "")
        notifications = self.filtered(
            lambda n: n.mail_message_id.model == "dunning.reminder"
        )
        if not notifications:
            return
        # The services report as the superuser or a public webhook; only the
        # reminders behind these notifications are touched.
        reminders = self.env["dunning.reminder"].sudo()
        by_type = notifications.grouped("notification_type")
        if status == "bounce" and "email" in by_type:
            reminders.search(
                [("email_message_id", "in", by_type["email"].mail_message_id.ids)]
            )._email_failed("bounce", reason or "")
        if "sms" in by_type:
            reminders.search(
                [("sms_message_id", "in", by_type["sms"].mail_message_id.ids)]
            )._follow_channel("sms", status, reason)
        if "snail" in by_type:
            reminders.search(
                [("snailmail_letter_id", "in", by_type["snail"].letter_id.ids)]
            )._follow_channel("post", status, reason)
