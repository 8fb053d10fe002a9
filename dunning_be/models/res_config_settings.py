# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import format_amount, formatLang

from ..lib.belgian_law import (
    b2c_clause_excess,
    b2c_fee_void,
    enterprise_number_valid,
    from_float,
    half_year,
)


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
    dunning_consumer_damages = fields.Selection(
        related="company_id.dunning_consumer_damages", readonly=False
    )
    dunning_consumer_fees = fields.Boolean(
        related="company_id.dunning_consumer_fees", readonly=False
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
    dunning_consumer_warning = fields.Text(
        string="Consumer Clauses Warning",
        compute="_compute_dunning_consumer_warning",
        help="Where our terms give consumers more than Book XIX allows: such a "
        "clause is void, not reduced.",
    )
    dunning_consumer_damages_void = fields.Boolean(
        string="Consumer Damages Clause Void",
        compute="_compute_dunning_consumer_warning",
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

    @api.depends(
        "company_id", "dunning_damages_clause", "dunning_damages_percent",
        "dunning_damages_minimum", "dunning_consumer_damages",
        "dunning_consumer_fees", "dunning_fee", "dunning_interest_clause",
        "dunning_interest_rate",
    )  # fmt: skip
    def _compute_dunning_consumer_warning(self):
        today = fields.Date.context_today(self)
        for settings in self:
            warnings, void = [], False
            if settings.dunning_damages_clause and (
                settings.dunning_consumer_damages == "clause"
            ):
                excess = b2c_clause_excess(
                    from_float(settings.dunning_damages_percent),
                    from_float(settings.dunning_damages_minimum),
                )
                if excess:
                    void = True
                    warnings.append(settings._dunning_void_damages_text(excess))
            if settings.dunning_consumer_fees and b2c_fee_void(
                from_float(settings.dunning_fee)
            ):
                warnings.append(
                    self.env._(
                        "Our fee per reminder (%(fee)s) is more than the EUR 7.50 "
                        "the law allows consumers to pay: for them the fee clause "
                        "is void, and they pay no reminder fees. Set a fee of at "
                        "most EUR 7.50, or untick Reminder Fees for Consumers.",
                        fee=format_amount(
                            self.env, settings.dunning_fee, settings.currency_id
                        ),
                    )
                )
            if settings.dunning_interest_clause:
                warnings.append(settings._dunning_void_interest_text(today))
            settings.dunning_consumer_warning = "\n\n".join(filter(None, warnings))
            settings.dunning_consumer_damages_void = void

    def _dunning_void_damages_text(self, excess):
        """Why our damages clause is void for consumers: the balances on
        which it gives more than the caps of art. XIX.4."""

        def money(amount):
            return format_amount(self.env, float(amount), self.currency_id)

        parts = []
        for low, high in excess:
            if not low and high is None:
                parts.append(self.env._("of any amount"))
            elif not low:
                parts.append(self.env._("up to %s", money(high)))
            elif high is None:
                parts.append(self.env._("above %s", money(low)))
            else:
                parts.append(
                    self.env._(
                        "from %(low)s to %(high)s", low=money(low), high=money(high)
                    )
                )
        return self.env._(
            "Our damages clause (%(percent)s %%, at least %(minimum)s) gives "
            "consumers more than the law allows on balances %(balances)s (art. "
            "XIX.4 of the Code of Economic Law). For consumers such a clause is "
            "void, not reduced: they owe no damages at all. Choose The Legal "
            "Scale as Damages for Consumers: our terms then give the law's own "
            "maximum, which never exceeds it.",
            percent=formatLang(self.env, self.dunning_damages_percent, digits=2),
            minimum=money(self.dunning_damages_minimum),
            balances=self.env._(" and ").join(parts),
        )

    def _dunning_void_interest_text(self, today):
        """Why our interest clause is void for consumers, or False: its rate
        is above today's rate of commercial transactions."""
        company = self.company_id
        Rate = self.env["dunning.legal.rate"]
        rates, _missing = Rate._rates_table(company, today)
        current = rates.get(half_year(today))
        clause = from_float(self.dunning_interest_rate)
        if current is None or clause <= current:
            return False
        civil, _missing = Rate._civil_rates_table(company, today)
        return self.env._(
            "Our interest rate (%(clause)s %%) is above the rate of commercial "
            "transactions (%(current)s %%): for consumers the clause is void "
            "(art. XIX.4 of the Code of Economic Law), and they owe only the "
            "ordinary legal interest rate (%(civil)s %% in %(year)s). Set a rate "
            "of at most %(current)s %% to claim the clause's rate from consumers.",
            clause=formatLang(self.env, float(clause), digits=2),
            current=formatLang(self.env, float(current), digits=2),
            civil=formatLang(self.env, float(civil.get(today.year, 0)), digits=2),
            year=today.year,
        )

    def action_dunning_use_legal_scale(self):
        """Give consumers the legal scale of art. XIX.4 as damages: the
        recommended clause, which never exceeds the caps."""
        self.ensure_one()
        self.dunning_consumer_damages = "scale"
        self.execute()
        return {"type": "ir.actions.client", "tag": "reload"}
