# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from ..lib.belgian_law import enterprise_number_valid
from ..lib.handover import Party

COLLECTOR_KINDS = [
    ("agency", "Collection Agency"),
    ("lawyer", "Lawyer"),
    ("bailiff", "Bailiff"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    dunning_collector_kind = fields.Selection(
        COLLECTOR_KINDS,
        string="Debt Collector",
        help="Unpaid invoices can be handed over to this partner. A collection "
        "agency must be registered with the FOD Economie; lawyers and bailiffs "
        "are exempt from registration.",
    )
    dunning_collector_registration = fields.Char(
        string="FOD Economie Registration",
        help="The number under which the FOD Economie (Federal Public Service "
        "Economy) registered this collection agency for amicable debt "
        "collection.",
    )
    dunning_handover_ids = fields.One2many(
        "dunning.handover",
        "partner_id",
        string="Hand-overs to a Debt Collector",
        readonly=True,
        groups="account.group_account_invoice,account.group_account_readonly",
    )
    dunning_handover_count = fields.Integer(
        string="Hand-overs",
        compute="_compute_dunning_handover_count",
        groups="account.group_account_invoice,account.group_account_readonly",
    )

    @api.depends("dunning_handover_ids")
    def _compute_dunning_handover_count(self):
        counts = dict(
            self.env["dunning.handover"]._read_group(
                [("partner_id", "in", self.commercial_partner_id.ids)],
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.dunning_handover_count = counts.get(
                partner.commercial_partner_id, 0
            )

    def _dunning_enterprise_number(self):
        """The Belgian enterprise number (KBO/BCE) of this partner's company,
        or abroad its company ID, else its VAT number; False when it has
        none, or a wrong Belgian one."""
        self.ensure_one()
        partner = self.commercial_partner_id
        number = partner.company_registry or ""
        if partner.country_id.code in (False, "BE"):
            return number if enterprise_number_valid(number) else False
        return number or partner.vat or False

    def _dunning_party(self):
        """This partner as the hand-over file names it (lib.handover.Party)."""
        self.ensure_one()
        return Party(
            name=self.name or "",
            street=self.street or "",
            zip=self.zip or "",
            city=self.city or "",
            enterprise_number=self._dunning_enterprise_number() or "",
            phone=self.phone or "",
            email=self.email or "",
            kind=self.dunning_collector_kind or "",
            registration=self.dunning_collector_registration or "",
        )

    def action_open_dunning_handovers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dunning_be.dunning_handover_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        return action

    def action_dunning_handover(self):
        """Hand this customer's overdue invoices over to a debt collector."""
        self.ensure_one()
        return self.env["dunning.handover.wizard"].action_open(
            partner=self.commercial_partner_id
        )
