# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from ..lib.belgian_law import enterprise_number_valid


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dunning_policy_id = fields.Many2one(
        related="company_id.dunning_policy_id",
        readonly=False,
        domain="[('company_id', '=', company_id)]",
    )
    dunning_user_id = fields.Many2one(
        related="company_id.dunning_user_id",
        readonly=False,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    dunning_promise_max_days = fields.Integer(
        related="company_id.dunning_promise_max_days", readonly=False
    )
    dunning_enterprise_number = fields.Char(
        related="company_id.company_registry",
        string="Enterprise Number",
        readonly=False,
    )
    dunning_compensation_per = fields.Selection(
        related="company_id.dunning_compensation_per", readonly=False
    )
    dunning_interest_clause = fields.Boolean(
        related="company_id.dunning_interest_clause", readonly=False
    )
    dunning_interest_rate = fields.Float(
        related="company_id.dunning_interest_rate", readonly=False
    )
    dunning_damages_clause = fields.Boolean(
        related="company_id.dunning_damages_clause", readonly=False
    )
    dunning_damages_percent = fields.Float(
        related="company_id.dunning_damages_percent", readonly=False
    )
    dunning_damages_minimum = fields.Monetary(
        related="company_id.dunning_damages_minimum", readonly=False
    )
    dunning_fee = fields.Monetary(related="company_id.dunning_fee", readonly=False)
    dunning_postage = fields.Monetary(
        related="company_id.dunning_postage", readonly=False
    )
    dunning_bank_feed_days = fields.Integer(
        related="company_id.dunning_bank_feed_days", readonly=False
    )
    dunning_hold_never_sent = fields.Boolean(
        related="company_id.dunning_hold_never_sent", readonly=False
    )
    dunning_hold_no_payment_term = fields.Boolean(
        related="company_id.dunning_hold_no_payment_term", readonly=False
    )
    dunning_policy_by_behaviour = fields.Boolean(
        related="company_id.dunning_policy_by_behaviour", readonly=False
    )
    dunning_new_months = fields.Integer(
        related="company_id.dunning_new_months", readonly=False
    )
    dunning_new_min_paid = fields.Integer(
        related="company_id.dunning_new_min_paid", readonly=False
    )
    dunning_occasional_share = fields.Integer(
        related="company_id.dunning_occasional_share", readonly=False
    )
    dunning_occasional_days = fields.Integer(
        related="company_id.dunning_occasional_days", readonly=False
    )
    dunning_chronic_share = fields.Integer(
        related="company_id.dunning_chronic_share", readonly=False
    )
    dunning_chronic_days = fields.Integer(
        related="company_id.dunning_chronic_days", readonly=False
    )
    dunning_chronic_broken_promises = fields.Integer(
        related="company_id.dunning_chronic_broken_promises", readonly=False
    )
    dunning_rate_warning = fields.Char(compute="_compute_dunning_warnings")
    dunning_enterprise_number_warning = fields.Boolean(
        compute="_compute_dunning_warnings"
    )

    @api.depends("company_id", "dunning_enterprise_number")
    def _compute_dunning_warnings(self):
        today = fields.Date.context_today(self)
        for settings in self:
            company = settings.company_id
            settings.dunning_rate_warning = self.env[
                "dunning.legal.rate"
            ]._missing_rate_warning(company, today)
            settings.dunning_enterprise_number_warning = not enterprise_number_valid(
                settings.dunning_enterprise_number or ""
            )
