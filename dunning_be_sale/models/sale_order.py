# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    dunning_chronic_warning = fields.Boolean(
        string="Chronic Late Payer Warning",
        compute="_compute_dunning_chronic_warning",
        help="The customer is a chronic late payer of this company: shown as a "
        "warning on its quotations.",
    )

    @api.depends("partner_id", "company_id", "state")
    def _compute_dunning_chronic_warning(self):
        quotations = self.filtered(
            lambda order: order.state in ("draft", "sent") and order.partner_id
        )
        (self - quotations).dunning_chronic_warning = False
        if not quotations:
            return
        # Salespeople see the warning, not the payment figures behind it (an
        # accounting right): the class only, for these customers.
        keys = quotations.partner_id._dunning_chronic_in(quotations.company_id)
        for order in quotations:
            order.dunning_chronic_warning = (
                order.partner_id.commercial_partner_id.id,
                order.company_id.id,
            ) in keys
