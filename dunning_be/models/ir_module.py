# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class IrModuleModule(models.Model):
    _inherit = "ir.module.module"

    def _load_module_terms(self, modules, langs, overwrite=False):
        res = super()._load_module_terms(modules, langs, overwrite=overwrite)
        # The standard policies are made by code, not loaded from data: a
        # language installed later gets their names and letters here.
        if "dunning_be" in modules:
            # Every company's, whoever installs the language.
            companies = (
                self.env["res.company"]
                .sudo()
                .search([("dunning_policy_id", "!=", False)])
            )
            self.env["dunning.policy"].sudo().search(
                [("company_id", "in", companies.ids)]
            )._dunning_translate_standard(langs)
        return res
