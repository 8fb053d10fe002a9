# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from ..lib.references import reference_usable


class DunningHandoverLine(models.Model):
    """One invoice of a hand-over, or one debit note of fees and interest
    that earlier reminders booked, with what is claimed on it, item by item,
    as on the day it was handed over."""

    _name = "dunning.handover.line"
    _description = "Invoice Handed Over"
    _order = "handover_id, sequence, id"

    handover_id = fields.Many2one(
        "dunning.handover",
        string="Hand-over",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        related="handover_id.company_id", store=True, index=True
    )
    currency_id = fields.Many2one(related="handover_id.currency_id")
    sequence = fields.Integer(default=10)
    move_id = fields.Many2one("account.move", string="Invoice", required=True)
    kind = fields.Selection(
        [("invoice", "Invoice"), ("claim_note", "Fees and Interest Booked")],
        required=True,
        default="invoice",
        help="Fees and Interest Booked: a debit note on which an earlier "
        "reminder booked the interest, compensation and fees it claimed.",
    )
    description = fields.Char(
        string="Goods or Services", help="What the invoice was for."
    )
    invoice_date = fields.Date()
    date_due = fields.Date(string="Due Date")
    amount_total = fields.Monetary(string="Invoiced")
    amount_paid = fields.Monetary(string="Paid")
    principal = fields.Monetary(
        help="What is still unpaid of the invoice itself, before interest and costs."
    )
    interest = fields.Monetary()
    interest_note = fields.Text(string="How the Interest Is Computed")
    compensation = fields.Monetary(
        string="Compensation or Damages",
        help="Companies: the fixed compensation for recovery costs (law of 2 "
        "August 2002) or the penalty clause. Consumers: the damages of the "
        "general terms, within the cap of Book XIX.",
    )
    compensation_note = fields.Text(string="How the Compensation Is Computed")
    fees = fields.Monetary(string="Reminder Fees")
    fees_note = fields.Text(string="How the Fees Are Computed")
    amount = fields.Monetary(
        string="Total Claimed",
        compute="_compute_amount",
        store=True,
        help="Principal, interest, compensation or damages and fees, less "
        "what was paid on a debit note of fees.",
    )
    first_reminder_date = fields.Date(
        string="First Reminder",
        help="When the first reminder for this invoice was sent: the proof "
        "Book XIX asks for before anything but the debt is claimed.",
    )
    first_reminder_how = fields.Char(string="First Reminder By")
    history = fields.Text(
        string="Reminder History",
        help="Every reminder and call about this invoice: date, level, "
        "channels and outcome.",
    )

    @api.depends("kind", "principal", "interest", "compensation", "fees", "amount_paid")
    def _compute_amount(self):
        for line in self:
            paid = line.amount_paid if line.kind == "claim_note" else 0.0
            line.amount = (
                line.principal + line.interest + line.compensation + line.fees - paid
            )

    def _payment_reference(self):
        """The invoice's payment reference for the collector, or False: a
        structured communication only when its check digits are right."""
        self.ensure_one()
        reference = self.move_id.payment_reference
        return reference if reference_usable(reference) else False
