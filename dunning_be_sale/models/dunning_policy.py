# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

# The share asked in advance of chronic late payers, when a policy is ticked
# for them and asks none yet.
CHRONIC_PREPAYMENT = 50.0


class DunningPolicy(models.Model):
    _inherit = "dunning.policy"

    prepayment_percent = fields.Float(
        string="Prepayment of Quotations (%)",
        digits=(5, 1),
        compute="_compute_prepayment_percent",
        store=True,
        readonly=False,
        help="The share of its customers' new quotations to be paid online "
        "before the quotation is confirmed (the quotation's Online Payment). "
        "Empty: none asked, unless the company asks one for every quotation. "
        "Ticking Chronic Late Payers asks 50 %. A prepayment set by hand on a "
        "quotation always wins.",
    )

    @api.depends("for_chronic")
    def _compute_prepayment_percent(self):
        # Chronic late payers pay half in advance unless the policy says
        # otherwise; what the company wrote is kept.
        for policy in self:
            if policy.for_chronic and not policy.prepayment_percent:
                policy.prepayment_percent = CHRONIC_PREPAYMENT
            else:
                policy.prepayment_percent = policy.prepayment_percent

    @api.constrains("prepayment_percent")
    def _check_prepayment_percent(self):
        for policy in self:
            if not 0 <= policy.prepayment_percent <= 100:
                raise ValidationError(
                    self.env._(
                        "The prepayment of the policy %(policy)s is a share of "
                        "the quotation: give a percentage from 0 to 100 (0: no "
                        "prepayment).",
                        policy=policy.name,
                    )
                )
