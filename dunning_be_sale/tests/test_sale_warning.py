# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import Form, TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestSaleWarning(TransactionCase):
    """A chronic late payer's quotations carry the warning, for salespeople too."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        Partner = cls.env["res.partner"]
        cls.chronic = Partner.create({"name": "Altijd Laat BV", "is_company": True})
        cls.contact = Partner.create(
            {"name": "Jan Laat", "parent_id": cls.chronic.id, "type": "contact"}
        )
        cls.reliable = Partner.create({"name": "Altijd Stipt BV", "is_company": True})
        Behaviour = cls.env["dunning.partner.behaviour"]
        for partner, klass in ((cls.chronic, "chronic"), (cls.reliable, "reliable")):
            Behaviour.create(
                {
                    "partner_id": partner.id,
                    "company_id": cls.company.id,
                    "behaviour_class": klass,
                }
            )
        cls.product = cls.env["product.product"].create(
            {"name": "Drukwerk", "list_price": 100.0}
        )
        cls.salesman = new_test_user(
            cls.env,
            login="verkoper",
            groups="sales_team.group_sale_salesman",
            company_id=cls.company.id,
        )

    def _quotation(self, partner, env=None):
        env = env or self.env
        return env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [(0, 0, {"product_id": self.product.id})],
            }
        )

    def test_quotation_of_a_chronic_late_payer(self):
        self.assertTrue(self._quotation(self.chronic).dunning_chronic_warning)
        # A contact of the company: the company's behaviour counts.
        self.assertTrue(self._quotation(self.contact).dunning_chronic_warning)
        self.assertFalse(self._quotation(self.reliable).dunning_chronic_warning)

    def test_confirmed_order_has_no_warning(self):
        order = self._quotation(self.chronic)
        order.action_confirm()
        self.assertFalse(order.dunning_chronic_warning)

    def test_other_company_has_its_own_behaviour(self):
        other = self.env["res.company"].create({"name": "Andere BV"})
        self.env.user.company_ids |= other
        order = self._quotation(
            self.chronic, self.env["sale.order"].with_company(other).env
        )
        self.assertEqual(order.company_id, other)
        self.assertFalse(order.dunning_chronic_warning)

    def test_salesperson_sees_the_warning_in_the_form(self):
        env = self.env(user=self.salesman)
        self.assertFalse(
            env["dunning.partner.behaviour"].has_access("read"),
            "the payment figures stay with accounting",
        )
        form = Form(env["sale.order"])
        form.partner_id = self.chronic.with_env(env)
        self.assertTrue(form.dunning_chronic_warning)
        view = env["sale.order"].get_view(view_type="form")
        self.assertIn("dunning_chronic_warning", view["arch"])
        self.assertIn("Chronic late payer:", view["arch"])
