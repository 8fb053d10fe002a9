# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class SnailmailLetter(models.Model):
    _inherit = "snailmail.letter"

    def _fetch_attachment(self):
        # EXTENDS snailmail: the postal service renders a reminder's letter
        # once, when it is handed to it; the letter is dated that day (see
        # dunning_reminder_letter.py).
        if not self.attachment_id and self.model == "dunning.reminder":
            reminder = self.env["dunning.reminder"].browse(self.res_id).exists()
            reminder._date_letters(fields.Date.context_today(self))
        return super()._fetch_attachment()
