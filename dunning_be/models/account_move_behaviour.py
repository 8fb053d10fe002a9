# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    dunning_chronic_warning = fields.Boolean(
        string="Chronic Late Payer Warning",
        compute="_compute_dunning_chronic_warning",
        help="The customer is a chronic late payer of this company: shown as a "
        "warning on its new invoices.",
    )

    @api.depends("partner_id", "company_id", "move_type", "state")
    def _compute_dunning_chronic_warning(self):
        for move in self:
            partner = move.partner_id.commercial_partner_id.with_company(
                move.company_id
            )
            move.dunning_chronic_warning = bool(
                move.move_type == "out_invoice"
                and move.state == "draft"
                and partner
                and partner.dunning_behaviour_class == "chronic"
            )
