# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class MailNotification(models.Model):
    _inherit = "mail.notification"

    def write(self, vals):
        res = super().write(vals)
        status = vals.get("notification_status")
        if status in ("sent", "exception", "bounce"):
            # A reminder's state follows what happened to its e-mail.
            messages = self.mail_message_id.filtered(lambda m: m.model == "dunning.reminder")
            reminders = (
                self.env["dunning.reminder"]
                .sudo()
                .search([("email_message_id", "in", messages.ids)])
                if messages
                else self.env["dunning.reminder"]
            )
            if reminders and status == "sent":
                reminders._email_delivered()
            elif reminders:
                reason = vals.get("failure_reason") or vals.get("failure_type") or ""
                reminders._email_failed(status, reason)
        return res
