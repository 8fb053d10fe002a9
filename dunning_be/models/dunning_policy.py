# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..lib.levels import delay_errors


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

    @api.depends("level_ids")
    def _compute_level_count(self):
        for policy in self:
            policy.level_count = len(policy.level_ids)

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
