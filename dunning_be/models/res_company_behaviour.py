# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..lib.behaviour import Thresholds

# Company field per threshold of lib.behaviour.Thresholds.
THRESHOLD_FIELDS = {
    "new_months": "dunning_new_months",
    "new_min_paid": "dunning_new_min_paid",
    "occasional_share": "dunning_occasional_share",
    "occasional_days": "dunning_occasional_days",
    "chronic_share": "dunning_chronic_share",
    "chronic_days": "dunning_chronic_days",
    "chronic_broken_promises": "dunning_chronic_broken_promises",
}


class ResCompany(models.Model):
    _inherit = "res.company"

    dunning_new_months = fields.Integer(
        string="New for (Months)",
        default=6,
        help="A customer whose first invoice is more recent is a new customer.",
    )
    dunning_new_min_paid = fields.Integer(
        string="New Until Paid Invoices",
        default=3,
        help="A customer who paid fewer invoices in the last 12 months is a "
        "new customer: there is too little to judge by.",
    )
    dunning_occasional_share = fields.Integer(
        string="Occasionally Late From (% Paid Late)",
        default=20,
        help="Share of the invoices paid in 12 months that were paid late, "
        "from which a customer is occasionally late.",
    )
    dunning_occasional_days = fields.Integer(
        string="Occasionally Late From (Days Late)",
        default=7,
        help="Average days late, weighted by amount, from which a customer is "
        "occasionally late.",
    )
    dunning_chronic_share = fields.Integer(
        string="Chronic From (% Paid Late)",
        default=50,
        help="Share of the invoices paid late from which a customer is a "
        "chronic late payer.",
    )
    dunning_chronic_days = fields.Integer(
        string="Chronic From (Days Late)",
        default=30,
        help="Average days late from which a customer is a chronic late payer.",
    )
    dunning_chronic_broken_promises = fields.Integer(
        string="Chronic From (Broken Promises)",
        default=2,
        help="Promises to pay broken in 12 months from which a customer is a "
        "chronic late payer. 0: promises do not count.",
    )

    @api.constrains(*THRESHOLD_FIELDS.values())
    def _check_dunning_thresholds(self):
        messages = {
            "negative": self.env._("%(field)s cannot be negative."),
            "over_100": self.env._("%(field)s is a percentage: at most 100."),
            "below_occasional": self.env._(
                "%(field)s must be at least the threshold for occasionally late "
                "customers: a chronic late payer is later than an occasional one."
            ),
        }
        for company in self:
            errors = company._dunning_behaviour_thresholds().errors()
            if errors:
                name, problem = errors[0]
                field = self._fields[THRESHOLD_FIELDS[name]]
                raise ValidationError(
                    messages[problem] % {"field": field._description_string(self.env)}
                )

    @api.constrains("dunning_policy_by_behaviour")
    def _check_dunning_class_policy_levels(self):
        companies = self.filtered("dunning_policy_by_behaviour")
        if companies:
            self.env["dunning.policy"].search(
                [("company_id", "in", companies.ids), ("level_ids", "=", False)]
            )._dunning_refuse_by_class()

    def _dunning_behaviour_thresholds(self):
        self.ensure_one()
        return Thresholds(
            **{key: self[fname] for key, fname in THRESHOLD_FIELDS.items()}
        )
