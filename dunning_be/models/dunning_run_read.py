# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The run's first step for a batch of customers: read what the decisions
need (lib/run_plan.py), in a handful of queries for the whole batch, as plain
values. Nothing here decides nor writes."""

from odoo import api, models
from odoo.fields import Domain

from ..lib.run_plan import (
    Batch,
    Call,
    CustomerFacts,
    Document,
    Level,
    Recipient,
)

MOVE_FIELDS = [
    "name",
    "move_type",
    "commercial_partner_id",
    "invoice_date",
    "invoice_date_due",
    "currency_id",
    "amount_total_in_currency_signed",
    "amount_residual",
    "amount_residual_signed",
    "dunning_level_id",
    "dunning_last_date",
    "invoice_user_id",
    "payment_reference",
    "is_move_sent",
    "invoice_payment_term_id",
    # Read with the rest: the claims leave out what a reminder claimed on.
    "dunning_claim_reminder_id",
]


class DunningRun(models.AbstractModel):
    _inherit = "dunning.run"

    @api.model
    def _read_batch(self, company, on_date, partner_ids):
        """The ``lib.run_plan.Batch`` of these customers of ``company`` on
        ``on_date``: their open documents, policies and levels, calls,
        recipients and drafts, and what the holds need
        (``_read_hold_facts``). The claims read theirs once the plans are
        decided (``_read_claim_facts``), on the planned invoices only."""
        partners = self.env["res.partner"].with_company(company).browse(partner_ids)
        moves = self.env["account.move"].search_fetch(
            self._open_invoice_domain(company)
            & Domain("commercial_partner_id", "in", partners.ids),
            MOVE_FIELDS,
            order="invoice_date_due, id",
        )
        payments = self.env["account.move.line"].search_fetch(
            [
                ("company_id", "=", company.id),
                ("partner_id.commercial_partner_id", "in", partners.ids),
                ("parent_state", "=", "posted"),
                ("account_type", "=", "asset_receivable"),
                ("reconciled", "=", False),
                ("amount_residual", "<", 0),
                ("move_id.move_type", "=", "entry"),
            ],
            [
                "move_id",
                "partner_id",
                "date",
                "currency_id",
                "amount_currency",
                "amount_residual",
                "amount_residual_currency",
            ],
            order="date, id",
        )
        drafts = self.env["dunning.reminder"].search_fetch(
            [
                ("company_id", "=", company.id),
                ("partner_id", "in", partners.ids),
                ("state", "=", "draft"),
            ],
            ["partner_id", "currency_id"],
        )
        contacts = self.env["res.partner"].search_fetch(
            [("parent_id", "in", partners.ids), ("type", "=", "invoice")],
            ["parent_id", "email", "phone", "street", "zip", "city", "country_id"],
            order="id",
        )
        calls = self.env["dunning.call"].search_fetch(
            [("company_id", "=", company.id), ("partner_id", "in", partners.ids)],
            ["partner_id", "level_id", "date", "date_limit", "state", "outcome",
             "attempt"],
            order="date desc, id desc",
        )  # fmt: skip
        policies = partners._dunning_policies(company)
        bounced = self.env["dunning.reminder"]._bounced_emails(company, partners.ids)
        # The overdue invoices that a hold may concern: not those of a
        # paused customer, held whole.
        paused = partners.filtered(
            lambda p: p.dunning_pause_until and p.dunning_pause_until >= on_date
        )
        on_hold = moves.filtered(
            lambda m: (
                m.move_type == "out_invoice"
                and m.invoice_date_due < on_date
                and m.commercial_partner_id not in paused
            )
        )
        bank, failures = self._read_hold_facts(company, on_hold)

        policy_of = {
            partner_id: policy.with_env(self.env)
            for partner_id, (policy, _class) in policies.items()
        }
        levels_of = {}
        for policy in policy_of.values():
            if policy and policy not in levels_of:
                levels_of[policy] = policy._levels()
        payments_by_partner = payments.grouped(
            lambda line: line.partner_id.commercial_partner_id
        )
        moves_by_partner = moves.grouped("commercial_partner_id")
        calls_by_partner = calls.grouped("partner_id")
        draft_by_partner = {}
        for draft in drafts:
            draft_by_partner.setdefault(draft.partner_id.id, {})[
                draft.currency_id.id
            ] = draft.id
        contact_of = {}
        for contact in contacts:
            contact_of.setdefault(contact.parent_id, contact)
        ranks = {}  # a level of another policy: its rank in its own

        def rank(level, levels):
            if not level or level in levels:
                return None
            if level not in ranks:
                ranks[level] = list(level.policy_id._levels()).index(level)
            return ranks[level]

        customers = []
        for partner in partners:
            policy = policy_of[partner.id]
            levels = levels_of.get(policy, self.env["dunning.level"])
            partner_moves = moves_by_partner.get(partner, moves.browse())
            partner_payments = payments_by_partner.get(partner, payments.browse())
            documents = [
                Document(
                    id=move.id,
                    kind="invoice"
                    if move.move_type == "out_invoice"
                    else "credit_note",
                    currency_id=move.currency_id.id,
                    date=move.invoice_date,
                    due=move.invoice_date_due,
                    total=move.amount_total_in_currency_signed,
                    residual=(
                        move.amount_residual
                        if move.move_type == "out_invoice"
                        else -move.amount_residual
                    ),
                    residual_signed=move.amount_residual_signed,
                    name=move.name,
                    payment_reference=move.payment_reference or "",
                    level_id=move.dunning_level_id.id or None,
                    level_rank=rank(move.dunning_level_id, levels),
                    last_date=move.dunning_last_date or None,
                    sent=move.is_move_sent,
                    payment_term=bool(move.invoice_payment_term_id),
                    delivery_failure=failures.get(move.id),
                )
                for move in partner_moves
            ]
            documents += [
                Document(
                    id=line.move_id.id,
                    kind="payment",
                    currency_id=line.currency_id.id,
                    date=line.date,
                    total=line.amount_currency,
                    residual=line.amount_residual_currency,
                    residual_signed=line.amount_residual,
                    name=line.move_id.name,
                )
                for line in partner_payments
            ]
            currencies = partner_moves.currency_id | partner_payments.currency_id
            currencies = (
                currencies.sorted(lambda c: (c != company.currency_id, c.name))
                or company.currency_id
            )
            recipient = contact_of.get(partner, partner)
            customers.append(
                CustomerFacts(
                    id=partner.id,
                    documents=tuple(documents),
                    policy_id=policy.id or None,
                    levels=tuple(self._level_facts(level) for level in levels),
                    call_max_attempts=policy.call_max_attempts if policy else 1,
                    calls=tuple(
                        Call(
                            id=call.id,
                            level_id=call.level_id.id,
                            date=call.date,
                            open=call.state == "open",
                            date_limit=call.date_limit or None,
                            outcome=call.outcome or "",
                            attempt=call.attempt,
                        )
                        for call in calls_by_partner.get(partner, calls.browse())
                    ),
                    recipient=self._recipient_facts(recipient, bounced.get(partner.id)),
                    drafts=draft_by_partner.get(partner.id, {}),
                    paused_until=partner.dunning_pause_until or None,
                    regime=partner.dunning_regime,
                    subscription=partner.dunning_subscription,
                    currencies=tuple(currencies.ids),
                )
            )
        batch = Batch(
            on_date=on_date,
            company_currency_id=company.currency_id.id,
            customers=tuple(customers),
            bank=bank,
            hold_never_sent=company.dunning_hold_never_sent,
            hold_no_payment_term=company.dunning_hold_no_payment_term,
            rounding={
                currency.id: currency.rounding
                for currency in moves.currency_id
                | payments.currency_id
                | company.currency_id
            },
        )
        return batch

    @api.model
    def _level_facts(self, level):
        return Level(
            id=level.id,
            delay=level.delay,
            call_before=level.call_before,
            handover=level.handover,
            auto_send=level.auto_send,
            charge_fees=level.charge_fees,
            send_email=level.send_email,
            send_letter=level.send_letter,
            send_post=level.send_post,
            send_sms=level.send_sms,
            letter_fallback=level.letter_fallback,
        )

    @api.model
    def _recipient_facts(self, recipient, bounced_email=None):
        """The lib.run_plan.Recipient of the contact ``recipient``;
        ``bounced_email``: the address its last reminder e-mail bounced from."""
        return Recipient(
            id=recipient.id,
            email=recipient.email or "",
            phone=recipient.phone or "",
            address={
                "street": recipient.street,
                "zip": recipient.zip,
                "city": recipient.city,
                "country": recipient.country_id.id,
            },
            bounced_email=bounced_email or "",
        )
