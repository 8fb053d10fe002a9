# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..lib.behaviour import CLASSES
from ..lib.levels import delay_errors
from .dunning_standard import (
    letter_texts,
    level_names,
    paragraphs,
    policy_names,
    set_translations,
)

# The longest payment term Belgian law allows when agreed (law of 14 August
# 2021), in days.
MAX_AGREED_TERM_DAYS = 60


class DunningPolicy(models.Model):
    _name = "dunning.policy"
    _description = "Reminder Policy"
    _order = "company_id, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    active = fields.Boolean(default=True)
    level_ids = fields.One2many(
        "dunning.level",
        "policy_id",
        string="Levels",
        copy=True,
        help="The reminders of this policy, from the first to the last. "
        "An invoice moves up one level at a time.",
    )
    level_count = fields.Integer(compute="_compute_level_count")
    is_company_default = fields.Boolean(
        string="Company Default",
        compute="_compute_is_company_default",
        help="The default policy of its company (in the settings): customers "
        "without a policy of their own, and of no payment behaviour class "
        "ticked on a policy, get it.",
    )
    shipped = fields.Selection(
        [
            ("standard", "Standard"),
            ("new", "New customers"),
            ("loyal", "Loyal customers"),
        ],
        readonly=True,
        copy=False,
        help="Which of the policies shipped with the module this is: its names "
        "and letters are translated when a language is installed.",
    )
    # The payment behaviour classes whose customers get this policy (when the
    # company chooses policies by behaviour and the customer has none set).
    for_new = fields.Boolean(string="New Customers")
    for_reliable = fields.Boolean(string="Reliable Customers")
    for_occasional = fields.Boolean(string="Occasionally Late Customers")
    for_chronic = fields.Boolean(string="Chronic Late Payers")
    class_priority = fields.Integer(
        string="Priority",
        default=10,
        help="When several policies apply to the same customers, the one with "
        "the lowest number is used.",
    )
    payment_term_id = fields.Many2one(
        "account.payment.term",
        string="Payment Terms of Its Customers",
        check_company=True,
        help="The payment term of its customers' new invoices and quotations "
        "when the customer has no payment term of its own. Empty: the "
        "company's default. A term set by hand on a document always wins. At "
        "most 60 days: the longest term Belgian law allows when agreed (law "
        "of 14 August 2021).",
    )
    promise_grace_days = fields.Integer(
        string="Grace After a Promise (days)",
        default=3,
        help="Days added to the date a customer promised to pay before the next "
        "reminder goes out, so that a payment on its way can arrive.",
    )
    call_retry_days = fields.Integer(
        string="Call Again After (working days)",
        default=2,
        help="Working days (Monday to Friday, Belgian legal holidays excepted) "
        "before a new call when the customer did not answer.",
    )
    call_max_attempts = fields.Integer(
        string="Call Attempts",
        default=3,
        help="How many times to call a customer who does not answer before the "
        "level is sent anyway.",
    )
    call_deadline_days = fields.Integer(
        string="Call Deadline (working days)",
        default=5,
        help="Working days (Monday to Friday, Belgian legal holidays excepted) "
        "after a call's Call On day for the call to be made. A call still not "
        "made after that no longer holds its level: the next run sends the "
        "level without it, notes in the customer's history that the call was "
        "not made, and gives the credit controller's manager an activity. "
        "Calls already planned keep their Call By day when this changes.",
    )

    handover_notice = fields.Selection(
        [
            ("none", "Don't Tell"),
            ("letter", "Letter to Print"),
            ("post", "Letter by Post"),
        ],
        string="Tell the Customer of a Hand-over",
        required=True,
        default="letter",
        help="When invoices go to a debt collector, a letter in the "
        "customer's language says who handles them now: printed by you, or "
        "posted by Odoo's postal service (paid with IAP credits).",
    )

    _promise_grace_days_positive = models.Constraint(
        "CHECK (promise_grace_days >= 0)",
        "The grace period after a promise to pay cannot be negative.",
    )
    _call_retry_days_positive = models.Constraint(
        "CHECK (call_retry_days >= 1)",
        "Call again after at least one working day.",
    )
    _call_max_attempts_positive = models.Constraint(
        "CHECK (call_max_attempts >= 1)",
        "Call at least once: set Call Attempts to 1 or more.",
    )
    _call_deadline_days_positive = models.Constraint(
        "CHECK (call_deadline_days >= 1)",
        "Give a call at least one working day: set Call Deadline to 1 or more.",
    )

    @api.depends("level_ids")
    def _compute_level_count(self):
        for policy in self:
            policy.level_count = len(policy.level_ids)

    @api.depends("company_id.dunning_policy_id")
    def _compute_is_company_default(self):
        for policy in self:
            policy.is_company_default = bool(policy._origin) and (
                policy._origin == policy.company_id.dunning_policy_id
            )

    @api.constrains("level_ids")
    def _check_delays(self):
        for policy in self:
            errors = delay_errors([(lvl.name, lvl.delay) for lvl in policy._levels()])
            if errors:
                earlier, later = errors[0]
                raise ValidationError(
                    self.env._(
                        "In the policy %(policy)s, the level %(later)s comes after "
                        "%(earlier)s, so its delay must be longer. Give %(later)s "
                        "more days after the due date, or change the order.",
                        policy=policy.name,
                        earlier=earlier,
                        later=later,
                    )
                )
            levels = policy._levels()
            early = levels[:-1].filtered("handover")
            if early:
                raise ValidationError(
                    self.env._(
                        "The level %(level)s hands the invoices over to a debt "
                        "collector, so it must be the last level of %(policy)s. "
                        "Move it to the end, or untick Hand Over to a Debt Collector.",
                        level=early[0].name,
                        policy=policy.name,
                    )
                )

    @api.constrains("payment_term_id")
    def _check_payment_term_delay(self):
        for policy in self:
            term = policy.payment_term_id
            if not term:
                continue
            days = term._dunning_longest_delay()
            if days > MAX_AGREED_TERM_DAYS:
                raise ValidationError(
                    self.env._(
                        "The payment term %(term)s of the policy %(policy)s "
                        "gives up to %(days)s days to pay: Belgian law allows "
                        "at most 60 days when agreed (law of 14 August 2021). "
                        "Choose a shorter payment term for %(policy)s, or "
                        "shorten %(term)s.",
                        term=term.display_name,
                        policy=policy.name,
                        days=days,
                    )
                )

    @api.constrains(
        "level_ids", "active", "for_new", "for_reliable", "for_occasional",
        "for_chronic",
    )  # fmt: skip
    def _check_levels_in_use(self):
        self.filtered(lambda policy: not policy.level_ids)._dunning_refuse_in_use()

    def write(self, vals):
        if "level_ids" not in vals:
            return super().write(vals)
        # Levels removed and added in one save: the policy checks that it
        # keeps a level once all are written, not each level as it goes.
        return super(
            DunningPolicy, self.with_context(dunning_policy_write_levels=True)
        ).write(vals)

    @api.model
    def _by_class(self, company):
        """``{class: policy}``: the policy ``company`` gives each payment
        behaviour class, or nothing when it does not choose by behaviour."""
        if not company.dunning_policy_by_behaviour:
            return {}
        policies = self.search(
            [("company_id", "=", company.id)], order="class_priority, id"
        )
        by_class = {}
        for policy in policies:
            for behaviour_class in CLASSES:
                if policy[f"for_{behaviour_class}"]:
                    by_class.setdefault(behaviour_class, policy)
        return by_class

    def _dunning_refuse_in_use(self):
        """Refuse these policies, which have (or will have) no level, where
        they are used: their customers would get no reminder at all. A few
        queries for all of them: the companies, then the customers of each
        company."""
        if not self:
            return
        company = self.env["res.company"].search(
            [("dunning_policy_id", "in", self.ids)], limit=1
        )
        if company:
            raise company.dunning_policy_id._dunning_no_level_error(company=company)
        self._dunning_refuse_by_class()
        for company, policies in self.grouped("company_id").items():
            partner = (
                self.env["res.partner"]
                .with_company(company)
                .search([("dunning_policy_id", "in", policies.ids)], limit=1)
            )
            if partner:
                raise partner.dunning_policy_id._dunning_no_level_error(
                    customer=partner
                )

    def _dunning_refuse_by_class(self):
        """Refuse these policies, without levels, as the policy of a payment
        behaviour class of a company that chooses policies by behaviour."""
        for policy in self:
            if (
                policy.active
                and policy.company_id.dunning_policy_by_behaviour
                and any(policy[f"for_{name}"] for name in CLASSES)
            ):
                raise policy._dunning_no_level_error(by_class=True)

    def _dunning_no_level_error(self, company=None, customer=None, by_class=False):
        """The message for this policy, without levels, where it is used."""
        self.ensure_one()
        if company:
            message = self.env._(
                "Without levels, the reminder policy %(policy)s sends no "
                "reminder: it cannot be the default policy of %(company)s. Add "
                "at least one level to %(policy)s, or choose another policy.",
                policy=self.name,
                company=company.name,
            )
        elif customer:
            message = self.env._(
                "Without levels, the reminder policy %(policy)s sends no "
                "reminder: it cannot be the policy of %(customer)s. Add at "
                "least one level to %(policy)s, or choose another policy.",
                policy=self.name,
                customer=customer.display_name,
            )
        else:
            message = self.env._(
                "Without levels, the reminder policy %(policy)s sends no "
                "reminder: it cannot be the policy of a payment behaviour class "
                "while %(company)s chooses policies by payment behaviour. Add at "
                "least one level to %(policy)s, or choose another policy for "
                "these classes and untick them on %(policy)s.",
                policy=self.name,
                company=self.company_id.name,
            )
        return ValidationError(message)

    def _levels(self):
        """The levels in the order an invoice goes through them."""
        self.ensure_one()
        return self.level_ids.sorted(lambda lvl: (lvl.sequence, lvl.id))

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        return [
            dict(vals, name=self.env._("%s (copy)", policy.name))
            if "name" not in (default or {})
            else vals
            for policy, vals in zip(self, vals_list, strict=True)
        ]

    def _dunning_translate_standard(self, langs, force=False):
        """Write the shipped policies' names and letters in ``langs``.

        Without ``force`` (a language installed later), only the levels still
        named as shipped get the texts, and only the texts not yet translated
        in that language: what a company wrote itself is kept.
        """
        en_env = self.with_context(lang="en_US").env
        english = (policy_names(en_env), level_names(en_env))
        for code in langs:
            if code == "en_US" and not force:
                continue  # the source texts: never overwritten
            env = self.with_context(lang=code).env
            local_names = policy_names(env)
            local_levels = list(zip(level_names(env), letter_texts(env), strict=True))
            for policy in self:
                levels = policy._levels()
                if len(levels) != len(local_levels):
                    continue
                key = policy.shipped or "standard"
                if force or policy.with_env(en_env).name == english[0][key]:
                    set_translations(policy, env, {"name": local_names[key]}, force)
                for level, en_name, (name, (subject, texts)) in zip(
                    levels, english[1], local_levels, strict=True
                ):
                    if force or level.with_env(en_env).name == en_name:
                        set_translations(
                            level,
                            env,
                            {
                                "name": name,
                                "letter_subject": subject,
                                "letter_body": paragraphs(texts),
                            },
                            force,
                        )
