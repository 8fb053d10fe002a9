# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The run at a hand-over level: a hand-over to a debt collector instead of
a reminder, to review, or sent when the level sends by itself and the file
is complete."""

from odoo import api, models
from odoo.fields import Command


class DunningRun(models.AbstractModel):
    _inherit = "dunning.run"

    @api.model
    def _apply(self, plans):
        result = super()._apply(plans)
        self._apply_handovers(
            [plan for plan in plans if plan["handover"] and not plan["call"]]
        )
        return result

    @api.model
    def _cancel_paid_drafts(self, company):
        # Hand-overs to review whose invoices were all paid since go too.
        count, open_drafts = super()._cancel_paid_drafts(company)
        drafts = self.env["dunning.handover"].search(
            [("company_id", "=", company.id), ("state", "=", "draft")]
        )
        paid = drafts.filtered(lambda h: not any(h.move_ids.mapped("amount_residual")))
        if paid:
            paid.write({"state": "cancel"})
            paid._message_log_batch(
                dict.fromkeys(
                    paid.ids, self.env._("Cancelled: its invoices were paid.")
                )
            )
        return count, open_drafts

    @api.model
    def _apply_handovers(self, plans):
        """Prepare (or refresh) each plan's hand-over of the invoices that
        reached the level, and send those that may go. Each plan gets its
        ``handover_id``."""
        if not plans:
            return
        Handover = self.env["dunning.handover"]
        drafts = Handover.search(
            [
                ("company_id", "in", [plan["company"].id for plan in plans]),
                ("partner_id", "in", [plan["partner"].id for plan in plans]),
                ("state", "=", "draft"),
            ]
        ).grouped("partner_id")
        for plan in plans:
            level, partner = plan["level"], plan["partner"]
            draft = drafts.get(partner, Handover)[:1]
            moves = plan["reached_invoices"]
            if draft and not draft.level_id:
                # Prepared by an accountant: left as it is, for them to send.
                plan["handover_id"] = draft
                continue
            if draft:
                draft.write(
                    {
                        "date": plan["on_date"],
                        "move_ids": [
                            Command.set((moves | moves._dunning_claim_notes()).ids)
                        ],
                        "collector_id": draft.collector_id.id
                        or level.handover_collector_id.id,
                    }
                )
                draft._fill_lines()
                draft._store_problems()
                handover = draft
            else:
                handover = Handover._prepare(
                    partner,
                    moves,
                    level.handover_collector_id,
                    level=level,
                    policy=plan["policy"],
                    on_date=plan["on_date"],
                )
            # Once withdrawn or cancelled, a file is reviewed before it goes again.
            again = moves.dunning_handover_ids.filtered("date_withdrawn")
            if level.auto_send and not (draft or again or handover.draft_reason):
                handover._send()
            plan["handover_id"] = handover
