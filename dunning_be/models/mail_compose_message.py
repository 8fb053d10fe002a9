# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.fields import Command


class MailComposeMessage(models.TransientModel):
    _inherit = "mail.compose.message"

    def _prepare_mail_values(self, res_ids):
        values = super()._prepare_mail_values(res_ids)
        # Each reminder carries its own invoices' PDFs (see dunning.reminder).
        extra = self.env.context.get("dunning_attachments")
        if extra and self.model == "dunning.reminder":
            for res_id, mail_values in values.items():
                links = [Command.link(att_id) for att_id in extra.get(res_id, [])]
                if links:
                    mail_values["attachment_ids"] = (
                        list(mail_values.get("attachment_ids") or []) + links
                    )
        return values
