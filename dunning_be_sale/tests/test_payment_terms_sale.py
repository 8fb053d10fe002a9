# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A new quotation takes the payment term and the prepayment of the
customer's reminder policy (by payment behaviour class, in the quotation's
company) when the customer has no term of its own; what is set by hand, and
confirmed orders, stay as they are."""

from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPaymentTermsSale(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.write(
            {"dunning_policy_by_behaviour": True, "portal_confirmation_pay": False}
        )
        Term = cls.env["account.payment.term"]
        cls.term_14 = Term.create(
            {
                "name": "14 dagen",
                "line_ids": [
                    Command.create(
                        {"value": "percent", "value_amount": 100.0, "nb_days": 14}
                    )
                ],
            }
        )
        cls.term_30 = cls.env.ref("account.account_payment_term_30days")
        cls.term_45 = cls.env.ref("account.account_payment_term_45days")
        cls.term_now = cls.env.ref("account.account_payment_term_immediate")
        cls.term_21 = cls.env.ref("account.account_payment_term_21days")
        policies = cls._policies(cls.company)
        cls.new_policy = policies["new"]
        cls.loyal_policy = policies["loyal"]
        cls.new_policy.payment_term_id = cls.term_14
        cls.loyal_policy.payment_term_id = cls.term_30
        # The company ticks a policy for chronic late payers: half in advance,
        # paid at once.
        cls.chronic_policy = policies["standard"].copy(
            {"name": "Chronische laatbetalers"}
        )
        cls.chronic_policy.write(
            {"for_chronic": True, "payment_term_id": cls.term_now.id}
        )
        Partner = cls.env["res.partner"]
        cls.new = Partner.create({"name": "Nieuw BV", "is_company": True})
        cls.reliable = Partner.create({"name": "Altijd Stipt BV", "is_company": True})
        cls.chronic = Partner.create({"name": "Altijd Laat BV", "is_company": True})
        cls.contact = Partner.create(
            {"name": "Jan Laat", "parent_id": cls.chronic.id, "type": "contact"}
        )
        cls._set_class(cls.reliable, cls.company, "reliable")
        cls._set_class(cls.chronic, cls.company, "chronic")
        cls.product = cls.env["product.product"].create(
            {"name": "Drukwerk", "type": "service", "list_price": 100.0}
        )
        cls.salesman = new_test_user(
            cls.env,
            login="verkoper_termijnen",
            groups="sales_team.group_sale_salesman",
            company_id=cls.company.id,
        )

    @classmethod
    def _policies(cls, company):
        policies = cls.env["dunning.policy"].search([("company_id", "=", company.id)])
        return {policy.shipped: policy for policy in policies if policy.shipped}

    @classmethod
    def _set_class(cls, partner, company, behaviour_class):
        Behaviour = cls.env["dunning.partner.behaviour"]
        behaviour = Behaviour.search(
            [("partner_id", "=", partner.id), ("company_id", "=", company.id)]
        )
        if behaviour:
            behaviour.behaviour_class = behaviour_class
        else:
            Behaviour.create(
                {
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "behaviour_class": behaviour_class,
                }
            )

    def _quotation(self, partner, env=None, **values):
        env = env or self.env
        return env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [Command.create({"product_id": self.product.id})],
                **values,
            }
        )

    def test_chronic_policy_asks_half_in_advance(self):
        self.assertEqual(self.chronic_policy.prepayment_percent, 50.0)
        self.assertFalse(self.new_policy.prepayment_percent)
        # A share the company chose is kept when it ticks chronic late payers.
        self.loyal_policy.prepayment_percent = 30.0
        self.loyal_policy.for_chronic = True
        self.assertEqual(self.loyal_policy.prepayment_percent, 30.0)
        # In the policy's form too.
        with Form(self.new_policy) as form:
            form.for_chronic = True
            self.assertEqual(form.prepayment_percent, 50.0)
            form.prepayment_percent = 40.0
        self.assertEqual(self.new_policy.prepayment_percent, 40.0)
        with self.assertRaises(ValidationError):
            self.new_policy.prepayment_percent = 120.0

    def test_each_class_gets_its_policy_terms(self):
        new = self._quotation(self.new)
        self.assertEqual(new.payment_term_id, self.term_14)
        self.assertFalse(new.require_payment)
        self.assertEqual(new.dunning_terms_reason, "New customer: 14 dagen")
        reliable = self._quotation(self.reliable)
        self.assertEqual(reliable.payment_term_id, self.term_30)
        self.assertFalse(reliable.require_payment)
        self.assertEqual(
            reliable.dunning_terms_reason,
            f"Reliable customer: {self.term_30.display_name}",
        )
        # A contact of the chronic late payer: the company's class counts.
        for partner in (self.chronic, self.contact):
            chronic = self._quotation(partner)
            self.assertEqual(chronic.payment_term_id, self.term_now)
            self.assertTrue(chronic.require_payment)
            self.assertAlmostEqual(chronic.prepayment_percent, 0.5)
            self.assertEqual(
                chronic.dunning_terms_reason,
                f"Chronic late payer: {self.term_now.display_name}, 50 % in advance",
            )
            self.assertEqual(
                chronic._get_prepayment_required_amount(),
                chronic.currency_id.round(chronic.amount_total / 2),
            )

    def test_own_term_wins(self):
        self.new.property_payment_term_id = self.term_45
        self.chronic.property_payment_term_id = self.term_45
        new = self._quotation(self.new)
        self.assertEqual(new.payment_term_id, self.term_45)
        self.assertFalse(new.dunning_terms_reason)
        # Its own term, and the prepayment of its policy.
        chronic = self._quotation(self.chronic)
        self.assertEqual(chronic.payment_term_id, self.term_45)
        self.assertTrue(chronic.require_payment)
        self.assertEqual(
            chronic.dunning_terms_reason, "Chronic late payer: 50 % in advance"
        )

    def test_the_companys_default_term_gives_way_to_the_policy(self):
        # The company gives every customer 45 days by default: no term of the
        # customer's own, the policy's replaces it.
        self.env["ir.default"].set(
            "res.partner",
            "property_payment_term_id",
            self.term_45.id,
            company_id=self.company.id,
        )
        self.assertEqual(self.new.property_payment_term_id, self.term_45)
        new = self._quotation(self.new)
        self.assertEqual(new.payment_term_id, self.term_14)
        self.assertEqual(new.dunning_terms_reason, "New customer: 14 dagen")
        self.new.property_payment_term_id = self.term_21
        self.assertEqual(self._quotation(self.new).payment_term_id, self.term_21)

    def test_hand_set_terms_win(self):
        order = self._quotation(
            self.chronic,
            payment_term_id=self.term_21.id,
            require_payment=False,
        )
        self.assertEqual(order.payment_term_id, self.term_21)
        self.assertFalse(order.require_payment)
        self.assertFalse(order.dunning_terms_reason)
        order = self._quotation(self.chronic, prepayment_percent=0.3)
        self.assertTrue(order.require_payment)
        self.assertAlmostEqual(order.prepayment_percent, 0.3)
        self.assertEqual(
            order.dunning_terms_reason,
            f"Chronic late payer: {self.term_now.display_name}",
        )
        # In the form: the customer first, then the terms by hand.
        with Form(self.env["sale.order"]) as form:
            form.partner_id = self.new
            self.assertEqual(form.payment_term_id, self.term_14)
            self.assertEqual(form.dunning_terms_reason, "New customer: 14 dagen")
            form.payment_term_id = self.term_21
            self.assertFalse(form.dunning_terms_reason)
            with form.order_line.new() as line:
                line.product_id = self.product
        self.assertEqual(form.record.payment_term_id, self.term_21)
        with Form(self.env["sale.order"]) as form:
            form.partner_id = self.chronic
            self.assertTrue(form.require_payment)
            self.assertAlmostEqual(form.prepayment_percent, 0.5)
            form.prepayment_percent = 0.25
            with form.order_line.new() as line:
                line.product_id = self.product
        self.assertTrue(form.record.require_payment)
        self.assertAlmostEqual(form.record.prepayment_percent, 0.25)

    def test_company_prepayment_of_every_quotation(self):
        # The company asks 100 % of every quotation: the larger share wins;
        # customers of a policy without prepayment pay what the company asks.
        self.company.write({"portal_confirmation_pay": True, "prepayment_percent": 1.0})
        chronic = self._quotation(self.chronic)
        self.assertAlmostEqual(chronic.prepayment_percent, 1.0)
        self.assertEqual(
            chronic.dunning_terms_reason,
            f"Chronic late payer: {self.term_now.display_name}",
        )
        self.company.prepayment_percent = 0.2
        self.assertAlmostEqual(self._quotation(self.chronic).prepayment_percent, 0.5)
        new = self._quotation(self.new)
        self.assertTrue(new.require_payment)
        self.assertAlmostEqual(new.prepayment_percent, 0.2)

    def test_class_change_only_new_quotations(self):
        quotation = self._quotation(self.new)
        order = self._quotation(self.chronic)
        order.action_confirm()
        self.assertEqual(order.payment_term_id, self.term_now)
        # The new customer pays well; the chronic late payer becomes reliable.
        self._set_class(self.new, self.company, "reliable")
        self._set_class(self.chronic, self.company, "reliable")
        self.env.invalidate_all()
        self.assertEqual(quotation.payment_term_id, self.term_14)
        self.assertEqual(order.payment_term_id, self.term_now)
        self.assertTrue(order.require_payment)
        self.assertAlmostEqual(order.prepayment_percent, 0.5)
        # The quotation's term no longer is its policy's: no reason given.
        self.assertFalse(quotation.dunning_terms_reason)
        self.assertFalse(order.dunning_terms_reason)
        self.assertEqual(self._quotation(self.new).payment_term_id, self.term_30)
        chronic = self._quotation(self.chronic)
        self.assertEqual(chronic.payment_term_id, self.term_30)
        self.assertFalse(chronic.require_payment)
        # The confirmed order's invoice keeps the order's term.
        invoice = order._create_invoices()
        self.assertEqual(invoice.invoice_payment_term_id, self.term_now)
        # A policy's term changed later: quotations made are kept.
        self.new_policy.payment_term_id = self.term_21
        self.env.invalidate_all()
        self.assertEqual(quotation.payment_term_id, self.term_14)

    def test_two_companies(self):
        other = self.env["res.company"].create({"name": "Andere BV"})
        self.env.user.company_ids |= other
        other.dunning_policy_by_behaviour = True
        other_policies = self._policies(other)
        self.assertTrue(other_policies, "a new company gets the shipped policies")
        other_policies["new"].payment_term_id = self.term_21
        # Chronic in this company, new to the other one: it pays the other
        # company at 21 days, without prepayment.
        other_env = self.env["sale.order"].with_company(other).env
        order = self._quotation(self.chronic, other_env)
        self.assertEqual(order.company_id, other)
        self.assertEqual(order.payment_term_id, self.term_21)
        self.assertFalse(order.require_payment)
        self.assertEqual(order.dunning_terms_reason, "New customer: 21 Days")
        self.assertTrue(self._quotation(self.chronic).require_payment)
        # A company that does not choose policies by behaviour: its default.
        other.dunning_policy_by_behaviour = False
        other.dunning_policy_id.payment_term_id = self.term_30
        order = self._quotation(self.chronic, other_env)
        self.assertEqual(order.payment_term_id, self.term_30)
        self.assertIn(other.dunning_policy_id.name, order.dunning_terms_reason)

    def test_salesperson_sees_the_reason(self):
        env = self.env(user=self.salesman)
        with self.assertRaises(AccessError):
            self.chronic.with_env(env).dunning_behaviour_class  # noqa: B018
        self.assertFalse(env["dunning.partner.behaviour"].has_access("read"))
        self.assertFalse(env["dunning.policy"].has_access("read"))
        with Form(env["sale.order"]) as form:
            form.partner_id = self.chronic.with_env(env)
            self.assertEqual(form.payment_term_id, self.term_now)
            self.assertTrue(form.require_payment)
            self.assertEqual(
                form.dunning_terms_reason,
                f"Chronic late payer: {self.term_now.display_name}, 50 % in advance",
            )
            with form.order_line.new() as line:
                line.product_id = self.product
        order = form.record
        [values] = order.with_env(env).web_read(
            {
                "payment_term_id": {"fields": {"display_name": {}}},
                "require_payment": {},
                "prepayment_percent": {},
                "dunning_terms_reason": {},
            }
        )
        self.assertTrue(values["require_payment"])
        self.assertIn("50 % in advance", values["dunning_terms_reason"])
        order = self._quotation(self.new, env)
        self.assertEqual(order.payment_term_id, self.term_14)
        self.assertEqual(order.dunning_terms_reason, "New customer: 14 dagen")
        view = env["sale.order"].get_view(view_type="form")
        self.assertIn("dunning_terms_reason", view["arch"])
