# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    dunning_chronic_warning = fields.Boolean(
        string="Chronic Late Payer",
        compute="_compute_dunning_chronic_warning",
        groups="sales_team.group_sale_salesman",
        help="The customer is a chronic late payer of the current company: "
        "shown as a warning on its form to salespeople, who do not see the "
        "payment figures behind it.",
    )

    @api.depends_context("company")
    @api.depends("commercial_partner_id")
    def _compute_dunning_chronic_warning(self):
        company = self.env.company
        chronic = self._dunning_chronic_in(company)
        for partner in self:
            key = (partner.commercial_partner_id.id, company.id)
            partner.dunning_chronic_warning = key in chronic
