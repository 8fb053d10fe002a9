# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.fields import Command


class MailComposeMessage(models.TransientModel):
    _inherit = "mail.compose.message"

    def _prepare_mail_values(self, res_ids):
        values = super()._prepare_mail_values(res_ids)
        if self.model != "dunning.reminder":
            return values
        # Each reminder carries its own invoices' PDFs (see dunning.reminder).
        extra = self.env.context.get("dunning_attachments")
        if extra:
            for res_id, mail_values in values.items():
                links = [Command.link(att_id) for att_id in extra.get(res_id, [])]
                if links:
                    mail_values["attachment_ids"] = (
                        list(mail_values.get("attachment_ids") or []) + links
                    )
        # The chatter keeps a short copy; ``body_html`` is what is sent, and
        # the reminder's "Message Sent" tab shows it. A full copy would be
        # sanitized again for every e-mail (the run's largest cost).
        summaries = self.env.context.get("dunning_chatter_summaries")
        if summaries:
            for res_id, mail_values in values.items():
                if res_id in summaries and mail_values.get("body_html"):
                    mail_values["body"] = summaries[res_id]
        return values

    def _dunning_send_mass_mail(self, res_ids):
        """Odoo's mass mode (``_action_send_mail_mass_mail``) in one pass over
        ``res_ids``: the same values, mails and notifications, without its
        chunks of 50 and the cache reset after each, which made every chunk
        read the reminders, their lines and their PDFs again."""
        self.ensure_one()
        # Queued only, as the run does: Odoo's mail queue sends them.
        assert not self.force_send, "the run queues its e-mails"
        values = self._manage_mail_values(self._prepare_mail_values(res_ids))
        mails = self.env["mail.mail"].sudo().create(list(values.values()))
        self.env["mail.notification"].create(
            self._generate_mail_notification_values(mails)
        )
        self.env[self.model].browse(values.keys())._message_mail_after_hook(mails)
        return mails
