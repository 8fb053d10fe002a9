# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    dunning_handover_ids = fields.Many2many(
        "dunning.handover",
        "dunning_handover_account_move_rel",
        "move_id",
        "handover_id",
        string="Hand-overs",
        readonly=True,
        copy=False,
        groups="account.group_account_invoice,account.group_account_readonly",
    )
    dunning_handover_id = fields.Many2one(
        "dunning.handover",
        string="With Debt Collector",
        compute="_compute_dunning_handover",
        store=True,
        index="btree_not_null",
        groups="account.group_account_invoice,account.group_account_readonly",
        help="The hand-over that gave this invoice to a debt collector: "
        "dunning_be sends no reminder, call or fee for it.",
    )

    @api.depends("dunning_handover_ids.state")
    def _compute_dunning_handover(self):
        for move in self:
            handovers = move.dunning_handover_ids.filtered(
                lambda h: h.state in ("sent", "done")
            )
            move.dunning_handover_id = handovers.sorted(
                lambda h: (h.date, h.id), reverse=True
            )[:1]

    def _dunning_sync_followup(self):
        """Odoo's own "no follow-up" flag on the receivable lines, which the
        run (and any other follow-up tool) leaves alone: set while the
        invoice is disputed or with a debt collector."""
        out = self.filtered(lambda m: m.dunning_disputed or m.dunning_handover_id)
        for moves, flag in ((out, True), (self - out, False)):
            moves.line_ids.filtered(
                lambda line: line.account_type == "asset_receivable"
            ).no_followup = flag

    def _dunning_claim_notes(self):
        """The open debit notes on which reminders of these invoices booked
        fees and interest."""
        if not self:
            return self
        return self.search(
            [
                ("dunning_claim_reminder_id.move_ids", "in", self.ids),
                ("state", "=", "posted"),
                ("payment_state", "in", ("not_paid", "partial")),
                ("dunning_handover_id", "=", False),
                ("id", "not in", self.ids),
            ]
        )

    def action_dunning_handover(self):
        """Hand the chosen invoices over to a debt collector."""
        return self.env["dunning.handover.wizard"].action_open(moves=self)
