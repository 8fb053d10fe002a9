# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    dunning_chronic_warning = fields.Boolean(
        string="Chronic Late Payer Warning",
        compute="_compute_dunning_chronic_warning",
        groups="account.group_account_invoice,account.group_account_readonly",
        help="The customer is a chronic late payer of this company: shown as a "
        "warning on its new invoices.",
    )

    @api.depends("partner_id", "company_id", "move_type", "state")
    def _compute_dunning_chronic_warning(self):
        drafts = self.filtered(
            lambda move: (
                move.move_type == "out_invoice"
                and move.state == "draft"
                and move.partner_id
            )
        )
        # Whoever opens the invoice, the class only (not the payment figures).
        chronic = drafts.partner_id._dunning_chronic_in(drafts.company_id)
        for move in self:
            key = (move.partner_id.commercial_partner_id.id, move.company_id.id)
            move.dunning_chronic_warning = move in drafts and key in chronic
