# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class MailNotification(models.Model):
    _inherit = "mail.notification"

    def write(self, vals):
        res = super().write(vals)
        if vals.get("notification_status") == "bounce":
            # Odoo's mail gateway marks the notification of a bounced e-mail.
            messages = self.mail_message_id.filtered(
                lambda m: m.model == "dunning.reminder"
            )
            if messages:
                reminders = (
                    self.env["dunning.reminder"]
                    .sudo()
                    .search([("email_message_id", "in", messages.ids)])
                )
                reminders._email_failed("bounce", vals.get("failure_reason") or "")
        return res
