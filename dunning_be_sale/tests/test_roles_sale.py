# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A salesperson and a purchase user open what dunning_be adds or extends, as
the web client does: quotations and orders, the customer, the invoices of an
order; vendors and bills. The salesperson sees the chronic late payer
warning, not the payment figures behind it."""

from odoo.tests import Form, HttpCase, new_test_user, tagged

from odoo.addons.dunning_be.tests.common import DUE
from odoo.addons.dunning_be.tests.common_roles import RolesCommon

# Fields of Odoo's invoice form that a salesperson without Invoicing rights
# cannot read in Odoo 19, with or without dunning_be: the number of payments
# reads account.payment; the duplicate check (in the browser) searches every
# invoice. So Odoo opens a posted invoice to no such salesperson.
CORE_FAILURES_SALESPERSON = {"payment_count", "duplicated_ref_ids"}


class SaleRolesCommon(RolesCommon):
    """The reminded customer's first invoice comes from an order of its
    salesperson; a new quotation waits."""

    @classmethod
    def _reminded_invoices(cls):
        cls.env.user.group_ids |= cls.env.ref("sales_team.group_sale_manager")
        cls.salesman = new_test_user(
            cls.env,
            login="dunning_salesman",
            groups="sales_team.group_sale_salesman",
            company_id=cls.company.id,
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Drukwerk", "type": "service", "list_price": 1000.0}
        )
        cls.order = cls._order()
        cls.order.action_confirm()
        from_order = cls.order._create_invoices()
        from_order.write(
            {
                "invoice_date": DUE,
                "invoice_date_due": DUE,
                "invoice_payment_term_id": False,
            }
        )
        from_order.action_post()
        _invoice, disputed, handed_over = super()._reminded_invoices()
        (disputed | handed_over).invoice_user_id = cls.salesman
        return from_order, disputed, handed_over

    @classmethod
    def _order(cls):
        return cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "user_id": cls.salesman.id,
                "order_line": [(0, 0, {"product_id": cls.product.id})],
            }
        )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.quotation = cls._order()


@tagged("post_install", "-at_install")
class TestRolesSale(SaleRolesCommon):
    def test_salesperson(self):
        self.assert_reminded()
        user = self.salesman
        self.assertEqual(self.order.invoice_ids, self.invoice)
        orders = self.quotation | self.order
        self.open_action(user, "sale.action_quotations_with_onboarding", orders)
        self.open_action(user, "sale.action_orders", self.order)
        self.open_action(
            user, "account.res_partner_action_customer", self.customer | self.contact
        )
        # The invoices of the order, as its smart button opens them: every
        # field reads but Odoo's own CORE_FAILURES_SALESPERSON.
        read = self.open_action(
            user,
            self.order.with_user(user).action_view_invoice(),
            core_failures=CORE_FAILURES_SALESPERSON,
        )
        self.assertIn(self.invoice, read)
        # The customer's orders, from its form's smart button.
        self.open_action(user, "sale.act_res_partner_2_sale_order", orders)
        # The warning on the quotation and on the customer; no figures.
        [values] = self.quotation.with_user(user).web_read(
            {"dunning_chronic_warning": {}}
        )
        self.assertTrue(values["dunning_chronic_warning"])
        [values] = self.customer.with_user(user).web_read(
            {"dunning_chronic_warning": {}}
        )
        self.assertTrue(values["dunning_chronic_warning"])
        env = self.env(user=user)
        partner_form = env["res.partner"].get_views([(False, "form")])
        arch = partner_form["views"]["form"]["arch"]
        self.assertIn("dunning_chronic_warning", arch)
        self.assertNotIn("dunning_behaviour_class", arch)
        self.assertNotIn("dunning_reminder", arch)
        move_form = env["account.move"].get_views([(False, "form")])
        arch = move_form["views"]["form"]["arch"]
        self.assertNotIn("dunning_reminder_ids", arch)
        self.assertNotIn("dunning_level_id", arch)
        # The customer disputes an invoice: the salesperson sees it.
        self.assertIn("dunning_dispute_reason", arch)
        # A new quotation for the customer, saved from the form.
        with Form(env["sale.order"]) as form:
            form.partner_id = self.customer.with_env(env)
            self.assertTrue(form.dunning_chronic_warning)
            with form.order_line.new() as line:
                line.product_id = self.product

    def test_salesperson_terms(self):
        """The company asks chronic late payers to pay half of a quotation in
        advance, at once: the salesperson's new quotation for the customer
        gets these terms and says why, as the web client opens it."""
        self.company.dunning_policy_by_behaviour = True
        chronic = self.policy.copy({"name": "Chronic late payers"})
        term = self.env.ref("account.account_payment_term_immediate")
        chronic.write({"for_chronic": True, "payment_term_id": term.id})
        user = self.salesman
        env = self.env(user=user)
        with Form(env["sale.order"]) as form:
            form.partner_id = self.customer.with_env(env)
            with form.order_line.new() as line:
                line.product_id = self.product
        quotation = form.record
        self.assertEqual(quotation.payment_term_id, term)
        self.assertTrue(quotation.require_payment)
        self.assertAlmostEqual(quotation.prepayment_percent, 0.5)
        self.open_action(
            user, "sale.action_quotations_with_onboarding", quotation | self.quotation
        )
        [values] = quotation.with_user(user).web_read({"dunning_terms_reason": {}})
        self.assertEqual(
            values["dunning_terms_reason"],
            f"Chronic late payer: {term.display_name}, 50 % in advance",
        )
        # Made before the company asked it: the quotation is kept.
        self.assertFalse(self.quotation.require_payment)
        self.assertFalse(self.quotation.dunning_terms_reason)

    def test_purchase_user(self):
        group = self.env.ref("purchase.group_purchase_user", raise_if_not_found=False)
        if not group:
            self.skipTest("purchase is not installed")
        user = new_test_user(
            self.env,
            login="dunning_buyer",
            groups="purchase.group_purchase_user",
            company_id=self.company.id,
        )
        bill = self._invoice(self.agency, 250.0, move_type="in_invoice")
        self.open_action(
            user, "account.res_partner_action_supplier", self.agency | self.customer
        )
        self.open_action(user, "account.action_move_in_invoice_type", bill)
        arch = (
            self.env["account.move"]
            .with_user(user)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        self.assertNotIn("dunning_level_id", arch)


@tagged("post_install", "-at_install")
class TestRolesSaleTour(SaleRolesCommon, HttpCase):
    """In the browser: a salesperson, then a salesperson who also invoices."""

    def test_salesperson_tour(self):
        self.salesman.password = "dunning_salesman"
        self.start_tour(
            f"/odoo/res.partner/{self.customer.id}",
            "dunning_be_sale_salesperson",
            login="dunning_salesman",
        )

    def test_salesperson_who_invoices_tour(self):
        # Odoo 19 opens a posted invoice to no salesperson without Invoicing
        # rights (see CORE_FAILURES_SALESPERSON): one who invoices does.
        new_test_user(
            self.env,
            login="dunning_seller",
            password="dunning_seller",
            groups="sales_team.group_sale_salesman_all_leads,"
            "account.group_account_invoice",
            company_id=self.company.id,
        )
        self.start_tour(
            f"/odoo/res.partner/{self.customer.id}",
            "dunning_be_sale_salesperson_invoice",
            login="dunning_seller",
        )
