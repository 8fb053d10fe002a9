# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Command

from ..lib.belgian_law import enterprise_number_valid, from_float
from ..lib.claims import Terms
from .dunning_standard import (
    SHIPPED_PAYMENT_TERMS,
    SHIPPED_POLICIES,
    level_names,
    policy_names,
)


class ResCompany(models.Model):
    _inherit = "res.company"

    dunning_policy_id = fields.Many2one(
        "dunning.policy",
        string="Reminder Policy",
        domain="[('company_id', '=', id)]",
        help="The reminder levels used for customers that have no policy of their own.",
    )

    dunning_policy_by_behaviour = fields.Boolean(
        string="Policy by Payment Behaviour",
        default=True,
        help="Give each customer the policy of its payment behaviour class (new, "
        "reliable, occasionally late, chronic late payer), as ticked on the "
        "policies. A policy set on the customer always wins; customers of a "
        "class no policy is ticked for get the default policy.",
    )
    dunning_user_id = fields.Many2one(
        "res.users",
        string="Default Credit Controller",
        domain="[('share', '=', False), ('company_ids', 'in', id)]",
        help="Who phones customers before a reminder level that asks for a "
        "call, when the customer has no credit controller of its own. Empty: "
        "the salesperson of the invoice.",
    )

    dunning_promise_max_days = fields.Integer(
        string="Promise to Pay Within",
        default=60,
        help="Days. A customer's promise to pay, recorded after a call, cannot "
        "be for a later day than this many days ahead.",
    )

    dunning_bank_feed_days = fields.Integer(
        string="Bank Feed Late After",
        default=3,
        help="Working days. When the newest bank statement line is older, the "
        "run sends no reminder for this company: what is unpaid can't be "
        "trusted. A company that never imported a statement is not stopped.",
    )

    dunning_hold_never_sent = fields.Boolean(
        string="Hold Invoices Never Sent",
        help="Hold back an invoice that was never sent from Odoo (not "
        "printed, e-mailed or sent electronically). Off: such invoices are "
        "only shown as a warning, for companies that deliver invoices outside "
        "Odoo.",
    )
    dunning_hold_no_payment_term = fields.Boolean(
        string="Hold Invoices Without Payment Term",
        help="Hold back an invoice without payment term (due on its invoice "
        "date). Off: only a warning, for companies that sell for cash.",
    )

    # What the company's general terms say; the law's figures are the default.
    dunning_compensation_per = fields.Selection(
        [("invoice", "Per Invoice"), ("reminder", "Per Reminder")],
        string="EUR 40 Compensation",
        default="invoice",
        required=True,
        help="Business customers owe a fixed recovery compensation of at "
        "least EUR 40 for each late invoice: so the EU Court of Justice read "
        "the directive (C-585/20, BFF Finance Iberia, 20 October 2022), and a "
        "term that cuts it is presumed grossly unfair. Per invoice is the "
        "default. Per reminder claims it once for all the invoices of a "
        "reminder: less than the law allows.",
    )
    dunning_interest_clause = fields.Boolean(
        string="Interest Clause",
        help="Our general terms set their own late interest rate. Without it, "
        "business customers owe the legal rate and consumers owe no interest.",
    )
    dunning_interest_rate = fields.Float(
        string="Clause Interest Rate (%)",
        digits=(5, 2),
        help="Percent per year. For consumers it must not be above the rate "
        "of commercial transactions: above it the clause is void (art. XIX.4 "
        "of the Code of Economic Law), and consumers owe only the ordinary "
        "legal interest rate.",
    )
    dunning_damages_clause = fields.Boolean(
        string="Damages Clause",
        help="Our general terms set flat damages (a penalty clause). For "
        "business customers it replaces the EUR 40 when it gives more, on the "
        "amount still open. For consumers, see Damages for Consumers.",
    )
    dunning_damages_percent = fields.Float(
        string="Damages (% of the Amount Due)", digits=(5, 2), default=10.0
    )
    dunning_damages_minimum = fields.Monetary(
        string="Minimum Damages",
        currency_field="currency_id",
        default=40.0,
    )
    dunning_consumer_damages = fields.Selection(
        [
            ("clause", "Our Damages Clause"),
            ("scale", "The Legal Scale"),
            ("none", "None"),
        ],
        string="Damages for Consumers",
        default="clause",
        required=True,
        help="What our general terms give as flat damages when a consumer "
        "pays late. Our damages clause: the percentage and minimum above, "
        "when our terms set flat damages; if it can give more than the caps "
        "of art. XIX.4 of the Code of Economic Law on any balance, it is void "
        "for consumers, and they owe no damages at all. The legal scale (the "
        "recommended setting): our terms give the caps of art. XIX.4 "
        "themselves (EUR 20 up to EUR 150; EUR 30 plus 10 % above EUR 150 up "
        "to EUR 500; EUR 65 plus 5 % above EUR 500, at most EUR 2,000), "
        "which can never exceed them. None: consumers owe no damages.",
    )
    dunning_consumer_fees = fields.Boolean(
        string="Reminder Fees for Consumers",
        help="Our general terms charge consumers the fee per reminder. "
        "Without it, consumers pay no reminder fees. The fee must not be more "
        "than EUR 7.50 (plus postage): above it the clause is void and "
        "consumers pay none. Never on the first reminder, and always inside "
        "the damages cap.",
    )
    dunning_fee = fields.Monetary(
        string="Fee per Reminder",
        currency_field="currency_id",
        help="Charged on reminders of levels that charge fees and interest. "
        "Consumers pay it only when our terms say so (Reminder Fees for "
        "Consumers), at most EUR 7.50, never on the first reminder, counted "
        "inside the damages cap.",
    )
    dunning_postage = fields.Monetary(
        string="Postage per Letter",
        currency_field="currency_id",
        help="Added to the fee when the reminder goes by letter.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        companies._dunning_ensure_policy()
        return companies

    @api.constrains("dunning_policy_id")
    def _check_dunning_policy_company(self):
        for company in self:
            policy = company.dunning_policy_id
            if policy and policy.company_id != company:
                raise ValidationError(
                    self.env._(
                        "The reminder policy %(policy)s belongs to %(other)s. "
                        "Choose a policy of %(company)s.",
                        policy=policy.name,
                        other=policy.company_id.name,
                        company=company.name,
                    )
                )

    @api.constrains("dunning_policy_id")
    def _check_dunning_policy_levels(self):
        # The levels of every policy written are read in one query.
        for company in self:
            policy = company.dunning_policy_id
            if policy and not policy.level_ids:
                raise policy._dunning_no_level_error(company=company)

    _dunning_bank_feed_days_positive = models.Constraint(
        "CHECK (dunning_bank_feed_days > 0)",
        "The bank feed delay is a number of working days, at least 1.",
    )
    _dunning_promise_max_days_positive = models.Constraint(
        "CHECK (dunning_promise_max_days > 0)",
        "A promise to pay must be allowed at least 1 day ahead: set Promise to "
        "Pay Within to 1 or more days.",
    )

    @api.constrains(
        "dunning_interest_rate", "dunning_damages_percent",
        "dunning_damages_minimum", "dunning_fee", "dunning_postage",
    )  # fmt: skip
    def _check_dunning_amounts(self):
        for company in self:
            if (
                min(
                    company.dunning_interest_rate,
                    company.dunning_damages_percent,
                    company.dunning_damages_minimum,
                    company.dunning_fee,
                    company.dunning_postage,
                )
                < 0
            ):
                raise ValidationError(
                    self.env._(
                        "The interest rate, damages, fee and postage of "
                        "%(company)s cannot be negative.",
                        company=company.name,
                    )
                )

    def _dunning_last_run(self):
        """The day of this company's last payment reminder run: the day the
        run noted, or the latest of its reminders (drafts included) for the
        runs made before it noted any."""
        self.ensure_one()
        [(latest,)] = self.env["dunning.reminder"]._read_group(
            [("company_id", "=", self.id), ("state", "in", ("draft", "sent"))],
            aggregates=["date:max"],
        )
        return max(filter(None, (self.dunning_last_run_date, latest)), default=False)

    def _dunning_enterprise_number(self):
        """The company's enterprise number (KBO/BCE), or False when it has
        none or a wrong one: a consumer's first reminder must carry it."""
        self.ensure_one()
        number = self.company_registry or ""
        return number if enterprise_number_valid(number) else False

    def _dunning_terms(self, regime, subscription=False):
        """The company's clauses for a customer of ``regime``, as the pure
        core reads them."""
        self.ensure_one()
        consumer = regime == "b2c"
        damages = self.dunning_damages_clause
        if consumer:
            damages = damages and self.dunning_consumer_damages == "clause"
        return Terms(
            regime=regime,
            compensation_per=self.dunning_compensation_per,
            interest_rate=(
                from_float(self.dunning_interest_rate)
                if self.dunning_interest_clause
                else None
            ),
            damages_percent=from_float(self.dunning_damages_percent)
            if damages
            else None,
            damages_minimum=from_float(self.dunning_damages_minimum)
            if damages
            else None,
            damages_scale=consumer and self.dunning_consumer_damages == "scale",
            fee=from_float(self.dunning_fee),
            consumer_fees=self.dunning_consumer_fees,
            postage=from_float(self.dunning_postage),
            subscription=subscription,
        )

    @api.model
    def _dunning_ensure_policies(self):
        self.search([("dunning_policy_id", "=", False)])._dunning_ensure_policy()

    def _dunning_ensure_policy(self):
        """Give every company without a policy the shipped ones, ready to use,
        their names and letters in every installed language: the standard
        policy as its default, and those for new and for loyal customers."""
        langs = {code for code, _label in self.env["res.lang"].get_installed()}
        names = policy_names(self.env)
        for company in self.filtered(lambda c: not c.dunning_policy_id):
            policies = self.env["dunning.policy"].create(
                [
                    {
                        "name": names[key],
                        "shipped": key,
                        "company_id": company.id,
                        "level_ids": self._dunning_shipped_levels(levels),
                        "payment_term_id": self._dunning_shipped_payment_term(key),
                        **{f"for_{name}": True for name in classes},
                    }
                    for key, (levels, classes) in SHIPPED_POLICIES.items()
                ]
            )
            company.dunning_policy_id = policies.filtered(
                lambda p: p.shipped == "standard"
            )
            # English first: the other languages are translations of it.
            policies._dunning_translate_standard(
                ["en_US", *sorted(langs - {"en_US"})], force=True
            )

    @api.model
    def _dunning_shipped_payment_term(self, key):
        """The id of the payment term the shipped policy ``key`` gives its
        customers, or False (the company's default)."""
        xmlid = SHIPPED_PAYMENT_TERMS[key]
        term = xmlid and self.env.ref(xmlid, raise_if_not_found=False)
        return term.id if term else False

    @api.model
    def _dunning_shipped_levels(self, levels):
        commands = []
        for sequence, (name, (suffix, delay, letter, auto, call)) in enumerate(
            zip(level_names(self.env), levels, strict=True), start=1
        ):
            template = self.env.ref(
                f"dunning_be.mail_template_{suffix}", raise_if_not_found=False
            )
            sms = self.env.ref(
                f"dunning_be.sms_template_{suffix}", raise_if_not_found=False
            )
            commands.append(
                Command.create(
                    {
                        "sequence": sequence * 10,
                        "name": name,
                        "delay": delay,
                        "send_email": bool(template),
                        "send_letter": letter or not template,
                        "mail_template_id": template.id if template else False,
                        "sms_template_id": sms.id if sms else False,
                        "letter_attach_invoices": letter,
                        "auto_send": auto,
                        "call_before": call,
                    }
                )
            )
        return commands
