# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A new customer invoice takes the payment term of its customer's reminder
policy when the customer has none of its own, and says why."""

from odoo import api, fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    dunning_payment_term_reason = fields.Char(
        string="Why This Payment Term",
        compute="_compute_dunning_payment_term_reason",
        help="The customer has no payment term of its own: its reminder "
        "policy (chosen by its payment behaviour) gives this one.",
    )

    # EXTENDS account: only the fallback, for a customer without a payment
    # term of its own, changes. The compute runs when the customer changes:
    # a term set by hand afterwards is kept, a posted invoice never changes.
    @api.depends("partner_id")
    def _compute_invoice_payment_term_id(self):
        res = super()._compute_invoice_payment_term_id()
        for move, (policy, _class) in self._dunning_terms_policies().items():
            if policy.payment_term_id:
                move.invoice_payment_term_id = policy.payment_term_id
        return res

    @api.depends("invoice_payment_term_id", "partner_id", "company_id", "state")
    def _compute_dunning_payment_term_reason(self):
        policies = self._dunning_terms_policies()
        for move in self:
            policy, behaviour_class = policies.get(move, (False, False))
            term = move.invoice_payment_term_id
            move.dunning_payment_term_reason = (
                move.partner_id._dunning_terms_reason(
                    policy, behaviour_class, term.display_name
                )
                if policy and term and term == policy.payment_term_id
                else False
            )

    def _dunning_terms_policies(self):
        """``{move: (policy, behaviour_class)}`` for those of these invoices
        that take their payment term from the customer's reminder policy, as
        ``res.partner._dunning_terms_policy`` says: the draft customer
        invoices whose customer has no payment term of its own (a reminder's
        debit note for fees and interest is no sale). A few queries per
        company."""
        moves = self.filtered(
            lambda move: (
                move.move_type == "out_invoice"
                and move.state == "draft"
                and move.partner_id
                and move.company_id
                # Read for whoever opens the invoice: the field is accounting's.
                and not move.sudo().dunning_claim_reminder_id
            )
        )
        policies = {}
        for company, company_moves in moves.grouped("company_id").items():
            partners = company_moves.partner_id
            # A term of the customer's own wins; the company's default for
            # every customer does not: the policy's replaces it.
            with_own = partners._dunning_own_payment_term(company)
            by_partner = partners._dunning_policies(company)
            for move in company_moves:
                key = move.partner_id.commercial_partner_id.id
                if key not in with_own:
                    policies[move] = by_partner[key]
        return policies
