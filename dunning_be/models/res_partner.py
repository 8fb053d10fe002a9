# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from ast import literal_eval

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Which collection law applies: the law of 2 August 2002, or Book XIX.
REGIME_SELECTION = [("b2b", "Business"), ("b2c", "Consumer")]


class ResPartner(models.Model):
    _inherit = "res.partner"

    dunning_policy_id = fields.Many2one(
        "dunning.policy",
        string="Reminder Policy",
        company_dependent=True,
        domain="[('company_id', '=', current_company_id)]",
        groups="account.group_account_invoice,account.group_account_readonly",
        help="Leave empty to use the company's policy.",
    )
    dunning_pause_until = fields.Date(
        string="No Reminders Until",
        company_dependent=True,
        help="No reminder is sent to this customer up to and including this date.",
    )
    dunning_user_id = fields.Many2one(
        "res.users",
        string="Credit Controller",
        company_dependent=True,
        domain="[('share', '=', False), ('company_ids', 'in', current_company_id)]",
        help="Who phones this customer before a reminder level that asks for a "
        "call. Empty: the company's default credit controller, else the "
        "salesperson of the invoice.",
    )
    dunning_regime_override = fields.Selection(
        REGIME_SELECTION,
        string="Treat As",
        help="Which collection law applies to this customer. Empty: "
        "automatic: a company, or anyone with a VAT number, is a business "
        "(law of 2 August 2002); a private person is a consumer (Book XIX of "
        "the Code of Economic Law).",
    )
    dunning_regime = fields.Selection(
        REGIME_SELECTION,
        string="Collection Law",
        compute="_compute_dunning_regime",
        help="Business: interest from the day after the due date and EUR 40 "
        "compensation. Consumer: a free first reminder, 14 days to pay, then "
        "capped damages and fees.",
    )
    dunning_subscription = fields.Boolean(
        string="Regular Supply Contract",
        help="The customer buys on a contract of regular supply (a "
        "subscription): as a consumer, its first three reminders of each "
        "calendar year are free.",
    )
    dunning_call_ids = fields.One2many(
        "dunning.call",
        "partner_id",
        string="Payment Calls",
        readonly=True,
        groups="account.group_account_invoice,account.group_account_readonly",
    )
    dunning_reminder_ids = fields.One2many(
        "dunning.reminder",
        "partner_id",
        string="Payment Reminders",
        readonly=True,
        groups="account.group_account_invoice,account.group_account_readonly",
    )
    dunning_reminder_count = fields.Integer(
        string="Reminders",
        compute="_compute_dunning_reminder_count",
        groups="account.group_account_invoice,account.group_account_readonly",
    )

    dunning_hold_count = fields.Integer(
        string="Held Back",
        compute="_compute_dunning_hold_count",
        groups="account.group_account_invoice,account.group_account_readonly",
        help="Overdue invoices of this customer that the reminders hold back "
        "until our own side is in order.",
    )

    @api.depends(
        "is_company", "vat", "dunning_regime_override",
        "commercial_partner_id.is_company", "commercial_partner_id.vat",
        "commercial_partner_id.dunning_regime_override",
    )  # fmt: skip
    def _compute_dunning_regime(self):
        for partner in self:
            commercial = partner.commercial_partner_id or partner
            partner.dunning_regime = commercial.dunning_regime_override or (
                "b2b" if commercial.is_company or commercial.vat else "b2c"
            )

    @api.depends("dunning_reminder_ids")
    def _compute_dunning_reminder_count(self):
        counts = dict(
            self.env["dunning.reminder"]._read_group(
                [("partner_id", "in", self.commercial_partner_id.ids)],
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.dunning_reminder_count = counts.get(
                partner.commercial_partner_id, 0
            )

    @api.depends_context("company")
    def _compute_dunning_hold_count(self):
        # The current company's holds: one customer, one count per company.
        counts = dict(
            self.env["account.move"]._read_group(
                [
                    ("company_id", "=", self.env.company.id),
                    ("commercial_partner_id", "in", self.commercial_partner_id.ids),
                    ("dunning_hold", "!=", False),
                    ("state", "=", "posted"),
                    ("payment_state", "in", ("not_paid", "partial")),
                ],
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.dunning_hold_count = counts.get(partner.commercial_partner_id, 0)

    @api.constrains("dunning_policy_id")
    def _check_dunning_policy_company(self):
        company = self.env.company
        for partner in self:
            policy = partner.dunning_policy_id
            if policy and policy.company_id != company:
                raise ValidationError(
                    self.env._(
                        "The reminder policy %(policy)s belongs to %(other)s, "
                        "not to %(company)s. Choose a policy of %(company)s "
                        "for %(customer)s.",
                        policy=policy.name,
                        other=policy.company_id.name,
                        company=company.name,
                        customer=partner.display_name,
                    )
                )

    @api.constrains("dunning_policy_id")
    def _check_dunning_policy_levels(self):
        # The levels of every policy written are read in one query.
        for partner in self:
            policy = partner.dunning_policy_id
            if policy and not policy.level_ids:
                raise policy._dunning_no_level_error(customer=partner)

    def _dunning_policy(self):
        """The reminder policy of this customer in the current company (see
        ``_dunning_policies``)."""
        self.ensure_one()
        policies = self._dunning_policies(self.env.company)
        return policies[self.commercial_partner_id.id][0].with_env(self.env)

    def _dunning_policies(self, company):
        """``{partner id: (policy, behaviour_class)}``: the reminder policy of
        each of these customers (and of their commercial partners) in
        ``company``, and the payment behaviour class that chose it (False
        when it did not). The one rule,
        for the run, the calls and the payment terms alike: the customer's own
        policy, else that of its behaviour class when the company chooses by
        behaviour (a customer without figures yet is a new one), else the
        company's default policy. In a few queries for all of them.

        Salespeople call this too (for payment terms): the policies and
        classes are read in sudo, never the figures behind a class, and the
        policies are returned in sudo so that their terms can be read by
        whoever calls; only read them."""
        partners = self.commercial_partner_id.sudo().with_company(company)
        default = company.sudo().dunning_policy_id
        own = {
            partner.id: partner.dunning_policy_id
            for partner in partners
            if partner.dunning_policy_id.active
            and partner.dunning_policy_id.company_id == company
        }
        by_class = (
            self.env["dunning.policy"].sudo()._by_class(company)
            if len(own) < len(partners)
            else {}
        )
        classes = (
            self.env["dunning.partner.behaviour"]
            .sudo()
            ._stored_classes(company, partners.ids)
            if by_class
            else {}
        )
        policies = {}
        for partner in partners:
            behaviour_class = classes.get(partner.id) or "new"
            if partner.id in own:
                policies[partner.id] = (own[partner.id], False)
            elif by_class.get(behaviour_class):
                policies[partner.id] = (by_class[behaviour_class], behaviour_class)
            else:
                policies[partner.id] = (default, False)
        # A contact has its company's policy.
        for partner in self:
            policies.setdefault(partner.id, policies[partner.commercial_partner_id.id])
        return policies

    def action_open_dunning_holds(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dunning_be.account_move_action_held"
        )
        action["domain"] = [
            *literal_eval(action["domain"]),
            ("commercial_partner_id", "=", self.commercial_partner_id.id),
        ]
        action["context"] = {"search_default_held": 1, "search_default_group_hold": 1}
        return action

    def action_open_dunning_reminders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dunning_be.dunning_reminder_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"search_default_partner_id": False}
        return action
