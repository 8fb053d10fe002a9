# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class MailMail(models.Model):
    _inherit = "mail.mail"

    def _postprocess_sent_message(
        self, success_pids, success_emails, failure_reason=False, failure_type=None
    ):
        # The final outcome of a reminder's e-mail, delivered or not, is
        # reported on the reminder (see dunning.reminder._email_failed).
        mails = self.filtered(lambda m: m.model == "dunning.reminder" and m.res_id)
        if mails:
            reminders = (
                self.env["dunning.reminder"]
                .sudo()
                .browse(mails.mapped("res_id"))
                .exists()
            )
            reminders = reminders.filtered(
                lambda r: r.email_message_id in mails.mail_message_id
            )
            if failure_type:
                reminders._email_failed("exception", failure_reason or failure_type)
            else:
                reminders._email_delivered()
        handover_mails = self.filtered(
            lambda m: m.model == "dunning.handover" and m.res_id
        )
        if handover_mails:
            handovers = (
                self.env["dunning.handover"]
                .sudo()
                .browse(handover_mails.mapped("res_id"))
                .exists()
                .filtered(
                    lambda h: h.email_message_id in handover_mails.mail_message_id
                )
            )
            if failure_type:
                handovers._email_failed("exception", failure_reason or failure_type)
            else:
                handovers.filtered(
                    lambda h: h.email_state == "queued"
                ).email_state = "sent"
        return super()._postprocess_sent_message(
            success_pids,
            success_emails,
            failure_reason=failure_reason,
            failure_type=failure_type,
        )
