# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The payment terms a customer gets from its reminder policy: the policy
that applies to it in a company (its own, that of its payment behaviour
class, else the company's), and the short reason shown next to the term on
its invoices and quotations."""

from odoo import api, fields, models
from odoo.tools import SQL

# Payment behaviour is accounting's: the same groups as the other dunning
# fields of the customer's form.
from .res_partner_behaviour import ACCOUNTING


class ResPartner(models.Model):
    _inherit = "res.partner"

    dunning_payment_term_info = fields.Char(
        string="Payment Terms Given",
        compute="_compute_dunning_payment_term_info",
        groups=ACCOUNTING,
        help="The payment term this customer's new invoices and quotations "
        "get in this company, and why: its own payment term, else the one of "
        "its reminder policy (its own, that of its payment behaviour class, "
        "else the company's default policy). A term set by hand on a "
        "document always wins.",
    )

    @api.depends_context("company")
    @api.depends("property_payment_term_id", "dunning_policy_id")
    def _compute_dunning_payment_term_info(self):
        company = self.env.company
        with_own = self._dunning_own_payment_term(company)
        for partner in self:
            own = partner.commercial_partner_id.property_payment_term_id
            if partner.commercial_partner_id.id in with_own:
                partner.dunning_payment_term_info = self.env._(
                    "Its own payment term: %s", own.display_name
                )
                continue
            policy, behaviour_class = partner._dunning_terms_policy(company)
            term = policy.payment_term_id
            partner.dunning_payment_term_info = (
                partner._dunning_terms_reason(
                    policy, behaviour_class, term.display_name
                )
                if term
                else self.env._("The company's default payment term")
            )

    def _dunning_own_payment_term(self, company):
        """The ids of these customers (their commercial partners) that have a
        payment term of their own in ``company``: set on them, not the
        company's default for every customer (``ir.default``), which a policy's
        term replaces. One query; the term is a company-dependent field, a
        JSON column by company."""
        partners = self.commercial_partner_id | self
        if not partners:
            return set()
        partners.flush_recordset(["property_payment_term_id"])
        rows = self.env.execute_query(
            SQL(
                "SELECT COALESCE(commercial_partner_id, id) FROM res_partner"
                " WHERE id = ANY(%s)"
                " AND (property_payment_term_id ->> %s) IS NOT NULL",
                partners.ids,
                str(company.id),
            )
        )
        return {partner_id for (partner_id,) in rows}

    def _dunning_terms_policy(self, company):
        """``(policy, behaviour_class)``: the reminder policy that gives this
        customer (its commercial partner) its payment terms in ``company``,
        and the payment behaviour class that chose it, or False when the
        customer's own policy or the company's default policy applied.

        A customer with no behaviour figures in ``company`` (no invoice yet)
        is a new customer. Salespeople call this too: the customer's policy
        and class are read in sudo, never the figures behind the class, and
        the policy is returned in sudo so that its terms
        (``payment_term_id``) can be read by whoever calls; only read it."""
        self.ensure_one()
        return self._dunning_policies(company)[self.commercial_partner_id.id]

    @api.model
    def _dunning_terms_reason(self, policy, behaviour_class, what):
        """The short reason for the user, in the current language, why a
        document gets ``what`` (the term, already written out: a payment
        term's name, or "50 % in advance"): the payment behaviour class that
        chose ``policy``, else the policy's name."""
        if behaviour_class == "new":
            return self.env._("New customer: %s", what)
        if behaviour_class == "reliable":
            return self.env._("Reliable customer: %s", what)
        if behaviour_class == "occasional":
            return self.env._("Occasionally late: %s", what)
        if behaviour_class == "chronic":
            return self.env._("Chronic late payer: %s", what)
        return self.env._(
            "Policy %(policy)s: %(terms)s", policy=policy.sudo().name, terms=what
        )
