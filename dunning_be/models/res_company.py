# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Command

# The policy every company starts with: (xml id of the e-mail template, days
# after the due date, letter too, sent without review).
DEFAULT_LEVELS = (
    ("mail_template_level_1", 7, False, True),
    ("mail_template_level_2", 21, False, True),
    ("mail_template_level_3", 35, True, False),
)


def _level_names(env):
    """The standard levels' names, in ``env``'s language."""
    return (env._("First reminder"), env._("Second reminder"), env._("Formal notice"))


class ResCompany(models.Model):
    _inherit = "res.company"

    dunning_policy_id = fields.Many2one(
        "dunning.policy",
        string="Reminder Policy",
        domain="[('company_id', '=', id)]",
        help="The reminder levels used for customers that have no policy of their own.",
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

    @api.model
    def _dunning_ensure_policies(self):
        self.search([("dunning_policy_id", "=", False)])._dunning_ensure_policy()

    def _dunning_ensure_policy(self):
        """Give every company without a policy the standard one, ready to use,
        its names in every installed language."""
        for company in self.filtered(lambda c: not c.dunning_policy_id):
            levels = []
            for sequence, (name, (xmlid, delay, letter, auto)) in enumerate(
                zip(_level_names(self.env), DEFAULT_LEVELS, strict=True), start=1
            ):
                template = self.env.ref(f"dunning_be.{xmlid}", raise_if_not_found=False)
                levels.append(
                    Command.create(
                        {
                            "sequence": sequence * 10,
                            "name": name,
                            "delay": delay,
                            "send_email": bool(template),
                            "send_letter": letter or not template,
                            "mail_template_id": template.id if template else False,
                            "auto_send": auto,
                        }
                    )
                )
            policy = self.env["dunning.policy"].create(
                {
                    "name": self.env._("Standard"),
                    "company_id": company.id,
                    "level_ids": levels,
                }
            )
            company.dunning_policy_id = policy
            for code, _label in self.env["res.lang"].get_installed():
                env = self.with_context(lang=code).env
                policy.with_env(env).name = env._("Standard")
                for level, name in zip(
                    policy._levels(), _level_names(env), strict=True
                ):
                    level.with_env(env).name = name
