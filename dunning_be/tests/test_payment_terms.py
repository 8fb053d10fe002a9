# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A new customer invoice takes the payment term of the customer's reminder
policy (by payment behaviour class, in the invoice's company) when the
customer has none of its own, and says why; at most 60 days."""

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import DUE, DunningCommon, day
from .common_roles import WebClientMixin


@tagged("post_install", "-at_install")
class TestPaymentTerms(DunningCommon, WebClientMixin):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.dunning_policy_by_behaviour = True
        cls.days_14 = cls.env.ref("dunning_be.account_payment_term_14days")
        cls.days_21 = cls.env.ref("account.account_payment_term_21days")
        cls.days_30 = cls.env.ref("account.account_payment_term_30days")
        cls.days_45 = cls.env.ref("account.account_payment_term_45days")
        cls.immediate = cls.env.ref("account.account_payment_term_immediate")
        Policy = cls.env["dunning.policy"]
        policies = Policy.search([("company_id", "=", cls.company.id)])
        cls.new_policy = policies.filtered(lambda p: p.shipped == "new")
        cls.loyal_policy = policies.filtered(lambda p: p.shipped == "loyal")
        cls.new_policy.payment_term_id = cls.days_14
        cls.loyal_policy.payment_term_id = cls.days_30
        cls.policy.payment_term_id = False  # the standard: the company's default
        cls.chronic_policy = cls.policy.copy(
            {"name": "Chronic late payers", "for_chronic": True}
        )
        cls.chronic_policy.payment_term_id = cls.immediate
        Partner = cls.env["res.partner"]
        cls.newcomer = Partner.create({"name": "Pas Gestart BV", "is_company": True})
        cls.reliable = Partner.create({"name": "Altijd Stipt BV", "is_company": True})
        cls.chronic = Partner.create({"name": "Altijd Laat BV", "is_company": True})
        cls.occasional = Partner.create({"name": "Soms Laat BV", "is_company": True})
        for partner, behaviour_class in (
            (cls.reliable, "reliable"),
            (cls.chronic, "chronic"),
            (cls.occasional, "occasional"),
        ):
            cls._behaviour(partner, behaviour_class)
        cls.billing = new_test_user(
            cls.env,
            login="dunning_terms_billing",
            groups="account.group_account_invoice",
            company_id=cls.company.id,
        )

    @classmethod
    def _behaviour(cls, partner, behaviour_class, company=None):
        """The payment behaviour of ``partner``, as the daily run leaves it."""
        company = company or cls.company
        Behaviour = cls.env["dunning.partner.behaviour"]
        behaviour = Behaviour.search(
            [("partner_id", "=", partner.id), ("company_id", "=", company.id)]
        ) or Behaviour.create({"partner_id": partner.id, "company_id": company.id})
        behaviour.write({"behaviour_class": behaviour_class, "paid_count": 4})
        return behaviour

    def _new_invoice(self, partner, user=None, company=None):
        """A draft customer invoice made in the form, as ``user`` (billing)."""
        company = company or self.company
        Move = (
            self.env["account.move"]
            .with_user(user or self.billing)
            .with_company(company)
            .with_context(default_move_type="out_invoice")
        )
        with Form(Move) as form:
            form.partner_id = partner
            form.invoice_date = DUE
            with form.invoice_line_ids.new() as line:
                line.name = "Bread and pastry, March"
                line.price_unit = 100.0
                line.tax_ids.clear()
        return form.save().with_env(self.env)

    # ------------------------------------------------------------------

    def test_a_new_customer_invoice_gets_the_term_of_its_class(self):
        cases = (
            (self.newcomer, self.days_14, "New customer: 14 Days"),
            (self.reliable, self.days_30, "Reliable customer: 30 Days"),
            (self.chronic, self.immediate, "Chronic late payer: Immediate Payment"),
        )
        for partner, term, reason in cases:
            with self.subTest(customer=partner.name):
                invoice = self._new_invoice(partner)
                self.assertEqual(invoice.invoice_payment_term_id, term)
                self.assertEqual(invoice.dunning_payment_term_reason, reason)
                self.assertEqual(
                    invoice.with_user(self.billing).dunning_payment_term_reason,
                    reason,
                )
        # No policy is ticked for the occasionally late: the default policy
        # gives no term, Odoo's own fallback (none) stays.
        invoice = self._new_invoice(self.occasional)
        self.assertFalse(invoice.invoice_payment_term_id)
        self.assertFalse(invoice.dunning_payment_term_reason)
        # Made in code too, as an import or another module does.
        invoice = self.env["account.move"].create(
            {"move_type": "out_invoice", "partner_id": self.newcomer.id}
        )
        self.assertEqual(invoice.invoice_payment_term_id, self.days_14)

    def test_the_policy_of_the_customer_and_of_the_company(self):
        # The customer's own policy, of its company, wins over its class.
        self.chronic.with_company(self.company).dunning_policy_id = self.loyal_policy
        self.assertEqual(
            self.chronic._dunning_terms_policy(self.company),
            (self.loyal_policy, False),
        )
        invoice = self._new_invoice(self.chronic)
        self.assertEqual(invoice.invoice_payment_term_id, self.days_30)
        self.assertEqual(
            invoice.dunning_payment_term_reason, "Policy Loyal customers: 30 Days"
        )
        # Not by behaviour: every customer without a policy gets the default.
        self.company.dunning_policy_by_behaviour = False
        self.policy.payment_term_id = self.days_21
        self.assertEqual(
            self.newcomer._dunning_terms_policy(self.company), (self.policy, False)
        )
        self.assertEqual(
            self._new_invoice(self.newcomer).dunning_payment_term_reason,
            "Policy Standard: 21 Days",
        )
        # A contact of the customer is the customer.
        contact = self.env["res.partner"].create(
            {"name": "Els Baert", "parent_id": self.reliable.id, "type": "invoice"}
        )
        self.company.dunning_policy_by_behaviour = True
        self.assertEqual(
            contact._dunning_terms_policy(self.company),
            (self.loyal_policy, "reliable"),
        )

    def test_an_own_term_wins(self):
        self.newcomer.with_company(self.company).property_payment_term_id = self.days_45
        invoice = self._new_invoice(self.newcomer)
        self.assertEqual(invoice.invoice_payment_term_id, self.days_45)
        self.assertFalse(invoice.dunning_payment_term_reason)
        form = self.newcomer.with_user(self.billing).with_company(self.company)
        self.assertEqual(
            form.dunning_payment_term_info, "Its own payment term: 45 Days"
        )

    def test_the_companys_default_term_gives_way_to_the_policy(self):
        # The company gives every customer 45 days by default (Odoo's default
        # of the customer's payment term): that is no term of the customer's
        # own, the policy's replaces it; a term set on the customer wins.
        self.env["ir.default"].set(
            "res.partner",
            "property_payment_term_id",
            self.days_45.id,
            company_id=self.company.id,
        )
        self.assertEqual(
            self.newcomer.with_company(self.company).property_payment_term_id,
            self.days_45,
        )
        invoice = self._new_invoice(self.newcomer)
        self.assertEqual(invoice.invoice_payment_term_id, self.days_14)
        self.assertEqual(invoice.dunning_payment_term_reason, "New customer: 14 Days")
        # The occasionally late have no policy term: the company's default.
        self.assertEqual(
            self._new_invoice(self.occasional).invoice_payment_term_id, self.days_45
        )
        self.reliable.with_company(self.company).property_payment_term_id = self.days_21
        self.assertEqual(
            self._new_invoice(self.reliable).invoice_payment_term_id, self.days_21
        )

    def test_a_term_set_by_hand_wins(self):
        Move = (
            self.env["account.move"]
            .with_user(self.billing)
            .with_context(default_move_type="out_invoice")
        )
        with Form(Move) as form:
            form.partner_id = self.newcomer
            self.assertEqual(form.invoice_payment_term_id, self.days_14)
            form.invoice_payment_term_id = self.days_45
            # Other fields change: the term set by hand stays.
            form.invoice_date = DUE
            form.ref = "PO 1234"
            with form.invoice_line_ids.new() as line:
                line.name = "Bread"
                line.price_unit = 100.0
            self.assertEqual(form.invoice_payment_term_id, self.days_45)
        invoice = form.save()
        self.assertEqual(invoice.invoice_payment_term_id, self.days_45)
        self.assertFalse(invoice.dunning_payment_term_reason)
        invoice.write({"narration": "Thank you", "invoice_date": DUE})
        with Form(invoice) as form:
            form.ref = "PO 1235"
        self.assertEqual(invoice.invoice_payment_term_id, self.days_45)
        # Given when the invoice is made in code.
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.newcomer.id,
                "invoice_payment_term_id": self.days_45.id,
            }
        )
        self.assertEqual(invoice.invoice_payment_term_id, self.days_45)
        # A vendor bill keeps Odoo's fallback.
        bill = self.env["account.move"].create(
            {"move_type": "in_invoice", "partner_id": self.newcomer.id}
        )
        self.assertFalse(bill.invoice_payment_term_id)

    def test_a_class_change_affects_only_new_invoices(self):
        draft = self._new_invoice(self.newcomer)
        posted = self._new_invoice(self.newcomer)
        posted.action_post()
        self.assertEqual((draft | posted).invoice_payment_term_id, self.days_14)
        info = self.newcomer.with_user(self.billing).with_company(self.company)
        self.assertEqual(info.dunning_payment_term_info, "New customer: 14 Days")
        # The customer now pays reliably.
        self._behaviour(self.newcomer, "reliable")
        self.env.invalidate_all()
        self.assertEqual(info.dunning_payment_term_info, "Reliable customer: 30 Days")
        with Form(draft.with_user(self.billing)) as form:
            form.ref = "PO 1"
            with form.invoice_line_ids.new() as line:
                line.name = "Pastry"
                line.price_unit = 50.0
        posted.button_draft()
        posted.action_post()
        self.assertEqual(draft.invoice_payment_term_id, self.days_14)
        self.assertEqual(posted.invoice_payment_term_id, self.days_14)
        self.assertFalse(posted.dunning_payment_term_reason)
        new = self._new_invoice(self.newcomer)
        self.assertEqual(new.invoice_payment_term_id, self.days_30)
        self.assertEqual(new.dunning_payment_term_reason, "Reliable customer: 30 Days")

    def test_a_reminder_debit_note_is_no_sale(self):
        # The customer, without figures, is new: its invoices get 14 days,
        # not the debit note of a reminder's fees and interest.
        self.new_policy._levels()[0].charge_fees = True
        self._invoice(self.customer, 1000.0)
        reminder = self._run(day(7))
        self.assertTrue(reminder.claim_move_id)
        self.assertFalse(reminder.claim_move_id.invoice_payment_term_id)
        self.assertEqual(
            self.customer._dunning_terms_policy(self.company),
            (self.new_policy, "new"),
        )

    def test_two_companies(self):
        other = self.setup_other_company(name="Bakkerij Noord")["company"]
        other_policy = other.dunning_policy_id
        other_policy.payment_term_id = self.days_21
        self.billing.company_ids = [Command.link(other.id)]
        # The other company does not choose by behaviour: its default policy.
        self.assertEqual(
            self.newcomer._dunning_terms_policy(other), (other_policy, False)
        )
        here = self._new_invoice(self.newcomer)
        there = self._new_invoice(self.newcomer, company=other)
        self.assertEqual(there.company_id, other)
        self.assertEqual(here.invoice_payment_term_id, self.days_14)
        self.assertEqual(there.invoice_payment_term_id, self.days_21)
        self.assertEqual(there.dunning_payment_term_reason, "Policy Standard: 21 Days")
        # A term of one company cannot be given by a policy of another.
        own_term = self.days_21.copy({"company_id": self.company.id})
        with self.assertRaises(UserError):
            other_policy.payment_term_id = own_term
        # A policy of one company is not the customer's own in another.
        self.reliable.with_company(self.company).dunning_policy_id = self.new_policy
        self.assertEqual(
            self.reliable._dunning_terms_policy(other), (other_policy, False)
        )
        # By behaviour there too: its own figures (none yet: a new customer).
        other.dunning_policy_by_behaviour = True
        other_new = self.env["dunning.policy"].search(
            [("company_id", "=", other.id), ("shipped", "=", "new")]
        )
        other_new.payment_term_id = self.immediate
        # Chronic there: no policy of the other company is ticked for it.
        self._behaviour(self.newcomer, "chronic", company=other)
        self.assertEqual(self.reliable._dunning_terms_policy(other), (other_new, "new"))
        self.assertEqual(
            self.newcomer._dunning_terms_policy(other), (other_policy, False)
        )

    def test_shipped_policies_give_terms(self):
        company = self.env["res.company"].create({"name": "Brouwerij Zuid"})
        terms = {
            policy.shipped: policy.payment_term_id
            for policy in self.env["dunning.policy"].search(
                [("company_id", "=", company.id)]
            )
        }
        self.assertEqual(
            terms,
            {
                "new": self.days_14,
                "standard": self.env["account.payment.term"],
                "loyal": self.days_30,
            },
        )
        self.assertFalse(self.days_14.company_id)
        self.assertEqual(self.days_14._dunning_longest_delay(), 14)

    def test_at_most_60_days(self):
        end_of_next = self.env.ref("account.account_payment_term_end_following_month")
        self.assertEqual(end_of_next._dunning_longest_delay(), 61)
        with self.assertRaisesRegex(ValidationError, "at most 60 days"):
            self.loyal_policy.payment_term_id = end_of_next
        # 31 days after the end of the month: up to 61 days (1 January to 3
        # March); on the 10th of the month after 30 days: up to 70.
        for lines in (
            [{"nb_days": 31, "delay_type": "days_after_end_of_month"}],
            [
                {
                    "nb_days": 30,
                    "delay_type": "days_end_of_month_on_the",
                    "days_next_month": "10",
                }
            ],
            [
                {"value": "percent", "value_amount": 50.0, "nb_days": 0},
                {"value": "percent", "value_amount": 50.0, "nb_days": 75},
            ],
        ):
            term = self.env["account.payment.term"].create(
                {
                    "name": "Long",
                    "line_ids": [Command.clear()]
                    + [
                        Command.create(
                            {"value": "percent", "value_amount": 100.0, **vals}
                        )
                        for vals in lines
                    ],
                }
            )
            with self.assertRaisesRegex(ValidationError, "Belgian law"):
                self.loyal_policy.payment_term_id = term
        # 30 days after the end of the month: at most 60 days, allowed.
        term = self.env["account.payment.term"].create(
            {
                "name": "30 Days End of Month",
                "line_ids": [
                    Command.clear(),
                    Command.create(
                        {
                            "value": "percent",
                            "value_amount": 100.0,
                            "nb_days": 30,
                            "delay_type": "days_after_end_of_month",
                        }
                    ),
                ],
            }
        )
        self.assertEqual(term._dunning_longest_delay(), 60)
        self.loyal_policy.payment_term_id = term
        # 60 days exactly is allowed; a term in use cannot be made longer.
        term = self.env["account.payment.term"].create(
            {
                "name": "60 Days",
                "line_ids": [
                    Command.clear(),
                    Command.create(
                        {"value": "percent", "value_amount": 100.0, "nb_days": 60}
                    ),
                ],
            }
        )
        self.loyal_policy.payment_term_id = term
        with self.assertRaisesRegex(ValidationError, "60 Days"):
            term.line_ids = [
                Command.clear(),
                Command.create(
                    {"value": "percent", "value_amount": 100.0, "nb_days": 90}
                ),
            ]

    def test_readable_by_billing_and_by_a_salesperson(self):
        invoice = self._new_invoice(self.chronic)
        reason = "Chronic late payer: Immediate Payment"
        # Billing opens the invoice as the web client does.
        read = self.open_views(
            self.billing, "account.move", [[False, "form"]], records=invoice
        )
        self.assertEqual(read, invoice)
        self.assertEqual(
            invoice.with_user(self.billing).web_read(
                {"dunning_payment_term_reason": {}}
            )[0]["dunning_payment_term_reason"],
            reason,
        )
        # A salesperson may read invoices (as sale's salespeople do), not the
        # payment figures nor the policies.
        group = self.env["res.groups"].create(
            {
                "name": "Salespeople reading invoices",
                "model_access": [
                    Command.create(
                        {
                            "name": "invoices",
                            "model_id": self.env.ref("account.model_account_move").id,
                            "perm_read": True,
                        }
                    ),
                    Command.create(
                        {
                            "name": "invoice lines",
                            "model_id": self.env.ref(
                                "account.model_account_move_line"
                            ).id,
                            "perm_read": True,
                        }
                    ),
                ],
            }
        )
        salesperson = new_test_user(
            self.env,
            login="dunning_terms_sales",
            groups="base.group_user",
            company_id=self.company.id,
        )
        salesperson.group_ids = [Command.link(group.id)]
        form = (
            self.env["account.move"].with_user(salesperson).get_views([(False, "form")])
        )
        self.assertIn("dunning_payment_term_reason", form["views"]["form"]["arch"])
        values = invoice.with_user(salesperson).web_read(
            {
                "invoice_payment_term_id": {"fields": {"display_name": {}}},
                "dunning_payment_term_reason": {},
            }
        )[0]
        self.assertEqual(values["dunning_payment_term_reason"], reason)
        self.assertEqual(
            values["invoice_payment_term_id"]["display_name"], "Immediate Payment"
        )
        env = self.env(user=salesperson)
        with self.assertRaises(AccessError):
            env["dunning.partner.behaviour"].search([])
        with self.assertRaises(AccessError):
            env["dunning.policy"].search([])
        self.assertEqual(
            self.chronic.with_user(salesperson)._dunning_terms_policy(self.company),
            (self.chronic_policy, "chronic"),
        )
