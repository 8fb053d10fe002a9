# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Command

from .dunning_standard import DEFAULT_LEVELS, level_names


class ResCompany(models.Model):
    _inherit = "res.company"

    dunning_policy_id = fields.Many2one(
        "dunning.policy",
        string="Reminder Policy",
        domain="[('company_id', '=', id)]",
        help="The reminder levels used for customers that have no policy of their own.",
    )

    dunning_user_id = fields.Many2one(
        "res.users",
        string="Default Credit Controller",
        domain="[('share', '=', False), ('company_ids', 'in', id)]",
        help="Who phones customers before a reminder level that asks for a "
        "call, when the customer has no credit controller of its own. Empty: "
        "the salesperson of the invoice.",
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
        its names and letters in every installed language."""
        for company in self.filtered(lambda c: not c.dunning_policy_id):
            levels = []
            for sequence, (name, (suffix, delay, letter, auto)) in enumerate(
                zip(level_names(self.env), DEFAULT_LEVELS, strict=True), start=1
            ):
                template = self.env.ref(
                    f"dunning_be.mail_template_{suffix}", raise_if_not_found=False
                )
                sms = self.env.ref(
                    f"dunning_be.sms_template_{suffix}", raise_if_not_found=False
                )
                levels.append(
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
            langs = {code for code, _label in self.env["res.lang"].get_installed()}
            # English first: the other languages are translations of it.
            policy._dunning_translate_standard(
                ["en_US", *sorted(langs - {"en_US"})], force=True
            )
