# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The run at a hand-over level: a hand-over to a debt collector instead of
a reminder, to review, or sent when the level sends by itself and the file
is complete."""

from odoo import api, models
from odoo.fields import Command


class DunningRun(models.AbstractModel):
    _inherit = "dunning.run"

    @api.model
    def _apply_handovers(self, plans, records):
        """Prepare (or refresh) each plan's hand-over of the invoices that
        reached the level, and send those that may go. Returns the hand-over
        of each plan, in their order."""
        if not plans:
            return []
        company = self.env.company
        Handover = self.env["dunning.handover"]
        drafts = Handover.search(
            [
                ("company_id", "=", company.id),
                ("partner_id", "in", [plan.partner_id for plan in plans]),
                ("state", "=", "draft"),
            ]
        ).grouped("partner_id")
        handovers = []
        for plan in plans:
            level, partner = records.level(plan), records.partner(plan)
            draft = drafts.get(partner, Handover)[:1]
            moves = records.reached(plan)
            if draft and not draft.level_id:
                # Prepared by an accountant: left as it is, for them to send.
                handovers.append(draft)
                continue
            if draft:
                draft.write(
                    {
                        "date": plan.on_date,
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
                    policy=self.env["dunning.policy"].browse(plan.policy_id),
                    on_date=plan.on_date,
                )
            # Once withdrawn or cancelled, a file is reviewed before it goes again.
            again = moves.dunning_handover_ids.filtered("date_withdrawn")
            if level.auto_send and not (draft or again or handover.draft_reason):
                handover._send()
            handovers.append(handover)
        return handovers
