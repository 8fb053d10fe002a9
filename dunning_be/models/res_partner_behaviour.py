# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from .dunning_partner_behaviour import CLASS_SELECTION

# Partner field: the behaviour's field it shows.
BEHAVIOUR_FIELDS = {
    "dunning_behaviour_date": "date",
    "dunning_first_invoice_date": "first_invoice_date",
    "dunning_paid_count": "paid_count",
    "dunning_late_count": "late_count",
    "dunning_late_share": "late_share",
    "dunning_days_late": "days_late",
    "dunning_reminders_received": "reminder_count",
    "dunning_max_level_id": "max_level_id",
    "dunning_promise_kept_count": "promise_kept_count",
    "dunning_promise_broken_count": "promise_broken_count",
    "dunning_amount_open": "amount_open",
    "dunning_amount_overdue": "amount_overdue",
}
# Payment behaviour is accounting's: these fields read dunning.partner.behaviour.
ACCOUNTING = "account.group_account_invoice,account.group_account_readonly"


class ResPartner(models.Model):
    _inherit = "res.partner"

    dunning_behaviour_ids = fields.One2many(
        "dunning.partner.behaviour",
        "partner_id",
        string="Payment Behaviours",
        groups=ACCOUNTING,
    )
    # The current company's: a customer pays one company better than another.
    dunning_behaviour_id = fields.Many2one(
        "dunning.partner.behaviour",
        string="Payment Behaviour Figures",
        compute="_compute_dunning_behaviour_id",
        groups=ACCOUNTING,
    )
    dunning_behaviour_class = fields.Selection(
        CLASS_SELECTION,
        string="Payment Behaviour",
        compute="_compute_dunning_behaviour_id",
        search="_search_dunning_behaviour_class",
        help="How this customer pays this company, from the last 12 months. "
        "Empty until the customer has a posted invoice and the daily run (or "
        "Update) has looked at it.",
        groups=ACCOUNTING,
    )
    # The figures of the current company's behaviour, for the customer's tab.
    dunning_behaviour_date = fields.Date(
        string="Behaviour Computed On",
        compute="_compute_dunning_behaviour_id",
        groups=ACCOUNTING,
    )
    dunning_first_invoice_date = fields.Date(
        string="First Invoice",
        compute="_compute_dunning_behaviour_id",
        groups=ACCOUNTING,
    )
    dunning_paid_count = fields.Integer(
        string="Invoices Paid",
        compute="_compute_dunning_behaviour_id",
        groups=ACCOUNTING,
    )
    dunning_late_count = fields.Integer(
        string="Paid Late",
        compute="_compute_dunning_behaviour_id",
        groups=ACCOUNTING,
    )
    dunning_late_share = fields.Float(
        string="Share Paid Late (%)",
        digits=(5, 1),
        compute="_compute_dunning_behaviour_id",
        groups=ACCOUNTING,
    )
    dunning_days_late = fields.Float(
        string="Average Days Late",
        digits=(7, 1),
        compute="_compute_dunning_behaviour_id",
        groups=ACCOUNTING,
    )
    dunning_reminders_received = fields.Integer(
        string="Reminders Received",
        compute="_compute_dunning_behaviour_id",
        groups=ACCOUNTING,
    )
    dunning_max_level_id = fields.Many2one(
        "dunning.level",
        string="Highest Level",
        compute="_compute_dunning_behaviour_id",
        groups=ACCOUNTING,
    )
    dunning_promise_kept_count = fields.Integer(
        string="Promises Kept",
        compute="_compute_dunning_behaviour_id",
        groups=ACCOUNTING,
    )
    dunning_promise_broken_count = fields.Integer(
        string="Promises Broken",
        compute="_compute_dunning_behaviour_id",
        groups=ACCOUNTING,
    )
    dunning_amount_open = fields.Monetary(
        string="Open Amount",
        currency_field="dunning_behaviour_currency_id",
        compute="_compute_dunning_behaviour_id",
        groups=ACCOUNTING,
    )
    dunning_amount_overdue = fields.Monetary(
        string="Overdue Amount",
        currency_field="dunning_behaviour_currency_id",
        compute="_compute_dunning_behaviour_id",
        groups=ACCOUNTING,
    )
    dunning_behaviour_currency_id = fields.Many2one(
        "res.currency",
        string="Behaviour Currency",
        compute="_compute_dunning_behaviour_id",
        groups=ACCOUNTING,
    )

    @api.depends_context("company")
    @api.depends("dunning_behaviour_ids")
    def _compute_dunning_behaviour_id(self):
        company = self.env.company
        behaviours = self.env["dunning.partner.behaviour"].search(
            [
                ("company_id", "=", company.id),
                ("partner_id", "in", self.commercial_partner_id.ids),
            ]
        )
        by_partner = {behaviour.partner_id: behaviour for behaviour in behaviours}
        empty = self.env["dunning.partner.behaviour"]
        for partner in self:
            behaviour = by_partner.get(partner.commercial_partner_id, empty)
            partner.dunning_behaviour_id = behaviour
            partner.dunning_behaviour_class = behaviour.behaviour_class
            partner.dunning_behaviour_currency_id = company.currency_id
            for fname, source in BEHAVIOUR_FIELDS.items():
                partner[fname] = behaviour[source]

    def _search_dunning_behaviour_class(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        classes = [v for v in value if v]
        condition = [
            ("company_id", "=", self.env.company.id),
            ("behaviour_class", "in", classes),
        ]
        # A contact has its company's behaviour.
        if operator == "in":
            return [("commercial_partner_id.dunning_behaviour_ids", "any", condition)]
        return [("commercial_partner_id.dunning_behaviour_ids", "not any", condition)]

    def _dunning_chronic_in(self, companies):
        """``{(commercial partner id, company id)}`` of these customers that
        are chronic late payers of ``companies``. The warning of it shows to
        whoever sells to them, salespeople too: only the class is read, in
        sudo, never the figures behind it."""
        chronic = (
            self.env["dunning.partner.behaviour"]
            .sudo()
            .search_fetch(
                [
                    ("partner_id", "in", self.commercial_partner_id.ids),
                    ("company_id", "in", companies.ids),
                    ("behaviour_class", "=", "chronic"),
                ],
                ["partner_id", "company_id"],
            )
        )
        return {(row.partner_id.id, row.company_id.id) for row in chronic}

    def action_dunning_refresh_behaviour(self):
        """Compute this customer's payment behaviour again, now."""
        partners = self.commercial_partner_id
        # The figures are written in SQL: check the right to write them here.
        self.env["dunning.partner.behaviour"].check_access("create")
        self.env["dunning.partner.behaviour"]._refresh(
            self.env.company, fields.Date.context_today(self), partners.ids
        )
        return True

    def action_open_dunning_behaviour_invoices(self):
        """The invoices behind the figures: this customer's, in this company."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [
            ("move_type", "=", "out_invoice"),
            ("state", "=", "posted"),
            ("company_id", "=", self.env.company.id),
            ("commercial_partner_id", "=", self.commercial_partner_id.id),
        ]
        action["context"] = {"default_move_type": "out_invoice"}
        return action
