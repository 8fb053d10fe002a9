# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from ..lib.ageing import days_late


class DunningReminderLine(models.Model):
    """One open item on a reminder: an overdue invoice, a credit note or a
    payment not yet matched, as it stood on the reminder's date. The letter
    counts its days late to its own date (see ``_days_late_on``)."""

    _name = "dunning.reminder.line"
    _inherit = ["dunning.reminder.part"]
    _description = "Payment Reminder Line"
    _order = "reminder_id, kind, date_due, id"

    move_id = fields.Many2one(
        "account.move", string="Document", required=True, index=True
    )
    kind = fields.Selection(
        [
            ("invoice", "Invoice"),
            ("credit_note", "Credit Note"),
            ("payment", "Payment"),
        ],
        required=True,
    )
    date = fields.Date(string="Document Date")
    date_due = fields.Date(string="Due Date")
    days_late = fields.Integer()
    # Amounts of the parts are plain numbers (NUMERIC, as a Monetary's), in
    # the reminder's currency and rounded to it by the run (lib.run_plan):
    # a Monetary field looks its currency up again for each of the
    # thousands of amounts a run inserts. Views show them as money.
    amount_total = fields.Float(string="Original Amount", digits=0, aggregator="sum")
    amount_residual = fields.Float(
        string="Open Amount",
        digits=0,
        aggregator="sum",
        help="Negative for credit notes and payments.",
    )
    level_id = fields.Many2one(
        "dunning.level",
        string="Level",
        help="The level this invoice is at with this reminder.",
    )
    advanced = fields.Boolean(
        string="New Level", help="This reminder moved the invoice to its level."
    )
    first_reminder = fields.Boolean(
        string="First Reminder",
        help="A consumer's first reminder of this invoice (Book XIX).",
    )
    description = fields.Char(
        string="Goods or Services",
        help="What the invoice was for, as a consumer's first reminder must say.",
    )

    def _days_late_on(self, day):
        """How late the invoice is on ``day`` (the letter's date): the stored
        ``days_late`` counts to the reminder's date, the day it was decided."""
        self.ensure_one()
        if not self.date_due:
            return self.days_late
        return days_late(self.date_due, day)
