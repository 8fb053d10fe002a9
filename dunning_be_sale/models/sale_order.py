# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import float_compare
from odoo.tools.misc import formatLang


class SaleOrder(models.Model):
    _inherit = "sale.order"

    dunning_chronic_warning = fields.Boolean(
        string="Chronic Late Payer Warning",
        compute="_compute_dunning_chronic_warning",
        help="The customer is a chronic late payer of this company: shown as a "
        "warning on its quotations.",
    )
    dunning_terms_reason = fields.Char(
        string="Why These Terms",
        compute="_compute_dunning_terms_reason",
        help="Why this quotation has its payment term and prepayment: the "
        "customer's payment behaviour (a new customer, a chronic late payer) "
        "or the reminder policy that gives them. Empty when the customer's "
        "own payment term applies or the terms were changed by hand.",
    )

    @api.depends("partner_id", "company_id", "state")
    def _compute_dunning_chronic_warning(self):
        quotations = self.filtered(
            lambda order: order.state in ("draft", "sent") and order.partner_id
        )
        (self - quotations).dunning_chronic_warning = False
        if not quotations:
            return
        # Salespeople see the warning, not the payment figures behind it (an
        # accounting right): the class only, for these customers.
        keys = quotations.partner_id._dunning_chronic_in(quotations.company_id)
        for order in quotations:
            order.dunning_chronic_warning = (
                order.partner_id.commercial_partner_id.id,
                order.company_id.id,
            ) in keys

    # Payment terms from the customer's reminder policy (dunning_be): a new
    # quotation takes the payment term of the customer's policy when the
    # customer has none of its own, and its prepayment. These computes run
    # when the quotation is made or its customer or company changes: never
    # on a confirmed order, and a term or prepayment set by hand is kept
    # until then.

    def _dunning_terms_quotations(self):
        """These orders that are still quotations, with a customer."""
        return self.filtered(
            lambda order: order.state in ("draft", "sent") and order.partner_id
        )

    def _dunning_terms_policies(self):
        """``{order: (policy, behaviour_class)}`` for these quotations: the
        customer's reminder policy in the order's company (in sudo: read its
        terms only) and the class that chose it."""
        found = {}
        result = {}
        for order in self._dunning_terms_quotations():
            key = (order.partner_id.commercial_partner_id, order.company_id)
            if key not in found:
                found[key] = order.partner_id._dunning_terms_policy(order.company_id)
            result[order] = found[key]
        return result

    def _compute_payment_term_id(self):
        res = super()._compute_payment_term_id()
        # A term of the customer's own wins; the company's default for every
        # customer does not: the policy's replaces it.
        policies = self._dunning_terms_policies()
        with_own = self._dunning_own_payment_terms()
        for order, (policy, _class) in policies.items():
            if policy.payment_term_id and order not in with_own:
                order.payment_term_id = policy.payment_term_id
        return res

    def _dunning_own_payment_terms(self):
        """These quotations whose customer has a payment term of its own in
        the quotation's company; one query per company."""
        orders = self.browse()
        for company, company_orders in self.grouped("company_id").items():
            own = company_orders.partner_id._dunning_own_payment_term(company)
            for order in company_orders:
                if order.partner_id.commercial_partner_id.id in own:
                    orders |= order
        return orders

    @api.depends("partner_id")
    def _compute_require_payment(self):
        res = super()._compute_require_payment()
        for order, (policy, _class) in self._dunning_terms_policies().items():
            if policy.prepayment_percent:
                order.require_payment = True
        return res

    def _compute_prepayment_percent(self):
        res = super()._compute_prepayment_percent()
        for order, (policy, _class) in self._dunning_terms_policies().items():
            if order.require_payment and policy.prepayment_percent:
                share = policy.prepayment_percent / 100
                # The company asks a prepayment of every quotation: the
                # larger share of the two.
                if order.company_id.portal_confirmation_pay:
                    share = max(share, order.company_id.prepayment_percent)
                order.prepayment_percent = share
        return res

    @api.depends(
        "partner_id", "company_id", "state", "payment_term_id",
        "require_payment", "prepayment_percent",
    )  # fmt: skip
    @api.depends_context("lang")
    def _compute_dunning_terms_reason(self):
        self.dunning_terms_reason = False
        with_own = self._dunning_own_payment_terms()
        for order, (policy, behaviour_class) in self._dunning_terms_policies().items():
            terms = []
            term = policy.payment_term_id
            if term and order.payment_term_id == term and order not in with_own:
                terms.append(term.display_name)
            percent = policy.prepayment_percent
            if (
                percent
                and order.require_payment
                and not float_compare(order.prepayment_percent * 100, percent, 2)
            ):
                share = formatLang(
                    self.env, percent, digits=0 if percent.is_integer() else 1
                )
                terms.append(self.env._("%(share)s %% in advance", share=share))
            if terms:
                order.dunning_terms_reason = order.partner_id._dunning_terms_reason(
                    policy, behaviour_class, ", ".join(terms)
                )
