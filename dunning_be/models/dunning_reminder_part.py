# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class DunningReminderPart(models.AbstractModel):
    """What the lines and the claimed amounts of a reminder share: their
    reminder, and its company and currency."""

    _name = "dunning.reminder.part"
    _description = "Part of a Payment Reminder"

    reminder_id = fields.Many2one(
        "dunning.reminder", required=True, index=True, ondelete="cascade"
    )
    # Computed, not related, and writable: the run gives it in the values,
    # and Odoo then has no new record to build per line to compute it.
    company_id = fields.Many2one(
        "res.company",
        compute="_compute_company_id",
        store=True,
        precompute=True,
        readonly=False,
        index=True,
    )
    # Computed, not related: Odoo then inserts the (already rounded) amounts
    # without building a new record per amount to find their currency.
    currency_id = fields.Many2one("res.currency", compute="_compute_currency_id")

    @api.depends("reminder_id.company_id")
    def _compute_company_id(self):
        for record in self:
            record.company_id = record.reminder_id.company_id

    @api.depends("reminder_id.currency_id")
    def _compute_currency_id(self):
        for record in self:
            record.currency_id = record.reminder_id.currency_id
