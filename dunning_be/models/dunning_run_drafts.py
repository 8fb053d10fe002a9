# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The reminders and hand-overs waiting for review, kept true by each run:
cancelled when their invoices were paid or their customer is no longer due,
refreshed with what changed since they were prepared."""

from odoo import api, models

from .dunning_run_records import PlanRecords


class DunningRun(models.AbstractModel):
    _inherit = "dunning.run"

    @api.model
    def _cancel_paid_drafts(self, company):
        """Reminders and hand-overs waiting for review whose invoices were
        all paid since. Returns the count of reminders cancelled and the
        reminders still open."""
        note = self.env._("Cancelled: its invoices were paid.")
        drafts = self.env["dunning.reminder"].search(
            [("company_id", "=", company.id), ("state", "=", "draft")]
        )
        paid = drafts.filtered(lambda r: not any(r.move_ids.mapped("amount_residual")))
        self._cancel_drafts(dict.fromkeys(paid, note))
        handovers = self.env["dunning.handover"].search(
            [("company_id", "=", company.id), ("state", "=", "draft")]
        )
        paid_handovers = handovers.filtered(
            lambda h: not any(h.move_ids.mapped("amount_residual"))
        )
        if paid_handovers:
            paid_handovers.write({"state": "cancel"})
            paid_handovers._message_log_batch(dict.fromkeys(paid_handovers.ids, note))
        return len(paid), drafts - paid

    @api.model
    def _cancel_stale_drafts(self, company, on_date):
        """Reminders to review that must not go any more: their invoices all
        paid, or their customer no longer due (its invoices paid, covered by
        credit notes or taken out of the reminders). Returns the count and the
        ids of the customers with a draft still open, whose batch refreshes or
        cancels it (``_cancel_unplanned_drafts``)."""
        count, drafts = self._cancel_paid_drafts(company)
        if drafts:
            due = set(self._due_partner_ids(company, on_date))
            gone = drafts.filtered(lambda r: r.partner_id.id not in due)
            self._cancel_drafts(
                {
                    draft: self.env._("Cancelled: %s.", self._draft_moves_reason(draft))
                    for draft in gone
                }
            )
            count, drafts = count + len(gone), drafts - gone
        return count, set(drafts.partner_id.ids)

    @api.model
    def _cancel_unplanned_drafts(self, company, partner_ids, plans, holds):
        """Cancel the drafts of the batch's customers (``partner_ids``, those
        with a draft) that get no reminder today (see ``_unplanned_reasons``):
        sending them would remind what must not be reminded."""
        if not partner_ids:
            return 0
        drafts = self.env["dunning.reminder"].search(
            [
                ("company_id", "=", company.id),
                ("state", "=", "draft"),
                ("partner_id", "in", list(partner_ids)),
            ]
        )
        reasons = self._unplanned_reasons(drafts, plans, holds)
        self._cancel_drafts(
            {
                draft: self.env._("Cancelled: %s.", reason)
                for draft, reason in reasons.items()
            }
        )
        return len(reasons)

    @api.model
    def _unplanned_reasons(self, drafts, plans, holds):
        """``{draft: why}`` for the drafts whose customer gets no reminder from
        ``plans`` (the run's, for today): its invoices held back (disputed,
        paused, paid but not matched...), a call to make first, a hand-over
        to a debt collector, or nothing due."""
        # A customer has a plan per currency it owes in, a draft per plan.
        plan_of = {(p.partner_id, p.currency_id): p for p in plans}
        labels = dict(
            self.env["account.move"]
            ._fields["dunning_hold"]
            ._description_selection(self.env)
        )
        held_by_partner = {}
        for move, (reason, _note) in holds.items():
            held_by_partner.setdefault(move.commercial_partner_id, set()).add(
                labels[reason]
            )
        reasons = {}
        for draft in drafts:
            plan = plan_of.get((draft.partner_id.id, draft.currency_id.id))
            held = held_by_partner.get(draft.partner_id)
            if plan and plan.outcome in ("send", "review"):
                continue
            if plan:
                reasons[draft] = self._plan_note(plan, audience="draft")
            elif held:
                reasons[draft] = self.env._(
                    "its invoices are held back (%s)", ", ".join(sorted(held))
                )
            else:
                reasons[draft] = self._draft_moves_reason(draft)
        return reasons

    @api.model
    def _draft_moves_reason(self, draft):
        """Why ``draft``'s customer has nothing to remind, from its invoices."""
        moves = draft.move_ids
        disputed = moves.filtered("dunning_disputed")
        if disputed:
            return self.env._(
                "%s is disputed by the customer", ", ".join(disputed.mapped("name"))
            )
        excluded = moves.filtered("no_followup")
        if excluded:
            return self.env._(
                "%s is taken out of the reminders", ", ".join(excluded.mapped("name"))
            )
        if not any(moves.mapped("amount_residual")):
            return self.env._("its invoices were paid")
        return self.env._("nothing of this customer is due for a reminder today")

    @api.model
    def _refresh_drafts(self, drafts):
        """Plan ``drafts`` again, as the run did on their day, with what
        changed since: a part paid, an invoice disputed or held back, a
        customer paused. Each draft is brought up to date; returns ``{draft:
        why}`` for those that must not go."""
        refused = {}
        for (company, on_date), group in drafts.grouped(
            lambda r: (r.company_id, r.date)
        ).items():
            run = self.with_company(company)
            holds = {}
            plans = run._plan(company, on_date, group.partner_id.ids, holds=holds)
            refused.update(run._unplanned_reasons(group, plans, holds))
            records = PlanRecords(run.env, plans)
            for plan in plans:
                draft = group.browse(plan.draft_id)
                if draft in group and draft not in refused:
                    vals = run._reminder_vals(plan, records)
                    # What its sending found out stays: the address an e-mail
                    # bounced from, why it waits.
                    for fname in ("email_to", "channel_note", "draft_reason"):
                        vals.pop(fname)
                    draft.line_ids.unlink()
                    draft.write(vals)
        return refused

    @api.model
    def _cancel_drafts(self, messages):
        """Cancel the drafts of ``{draft: why}``, each with its note; what
        they claimed is reversed, unless the customer paid part of it."""
        drafts = self.env["dunning.reminder"].union(*messages)
        if not drafts:
            return
        drafts._cancel_claims(skip_paid=True)
        drafts.write({"state": "cancel"})
        # Before another reminder of the customer becomes its draft.
        drafts.flush_recordset(["state"])
        drafts._message_log_batch({draft.id: text for draft, text in messages.items()})

    @api.model
    def _cancel_paid_calls(self, company):
        """Calls still to make whose invoices were all paid since: nobody
        phones a customer who paid."""
        calls = self.env["dunning.call"].search(
            [("company_id", "=", company.id), ("state", "=", "open")]
        )
        paid = calls.filtered(lambda c: not any(c.move_ids.mapped("amount_residual")))
        if paid:
            paid._close_paid()
        return len(paid)
