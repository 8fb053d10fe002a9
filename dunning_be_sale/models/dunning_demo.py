# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The demo's quotations: a new customer's at the term of the policy for new
customers, the chronic brewer's asking half in advance."""

from odoo import Command, api, fields, models

from odoo.addons.dunning_be.models.dunning_demo import PRODUCTS


class DunningDemo(models.AbstractModel):
    _inherit = "dunning.demo"

    @api.model
    def _setup_demo_sale_terms(self, company, new_customer, chronic_customer):
        """``company`` ticks a policy for chronic late payers (a copy of its
        default policy: the same reminders, half of a quotation in advance);
        ``new_customer`` (no invoice yet) and ``chronic_customer`` get a
        quotation each."""
        env = self.with_company(company).env
        chronic = company.dunning_policy_id.copy(
            {"name": self.env._("Chronic late payers")}
        )
        chronic.write({"for_chronic": True, "class_priority": 5})
        langs = [code for code, _label in env["res.lang"].get_installed()]
        chronic.update_field_translations(
            "name",
            {
                code: self.with_context(lang=code).env._("Chronic late payers")
                for code in langs
            },
        )
        # The brewer's class, from its invoices, before its quotation is made
        # (the daily run computes it for every customer).
        env["dunning.partner.behaviour"]._refresh(
            company, fields.Date.context_today(self), chronic_customer.ids
        )
        products = {
            product.name: product
            for product in env["product.product"].search(
                [("name", "in", list(PRODUCTS.values()))]
            )
        }
        env["sale.order"].create(
            [
                {
                    "company_id": company.id,
                    "partner_id": partner.id,
                    "user_id": env.ref("base.user_admin").id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": products[PRODUCTS[key]].id,
                                "product_uom_qty": quantity,
                                "price_unit": price,
                            }
                        )
                    ],
                }
                for partner, key, quantity, price in (
                    (new_customer, "print", 2000, 0.32),
                    (chronic_customer, "labels", 20000, 0.06),
                )
            ]
        )
