# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    dunning_line_ids = fields.One2many(
        "dunning.reminder.line", "move_id", string="Reminder Lines", readonly=True
    )
    dunning_reminder_ids = fields.Many2many(
        "dunning.reminder",
        "dunning_reminder_account_move_rel",
        "move_id",
        "reminder_id",
        string="Reminders",
        readonly=True,
        copy=False,
    )
    dunning_level_id = fields.Many2one(
        "dunning.level",
        string="Reminder Level",
        compute="_compute_dunning_level",
        store=True,
        index="btree_not_null",
        help="The last reminder level this invoice reached.",
    )
    dunning_last_date = fields.Date(
        string="Last Reminder",
        compute="_compute_dunning_level",
        store=True,
        help="When this invoice's last reminder level was sent.",
    )

    @api.depends("dunning_line_ids.advanced", "dunning_line_ids.reminder_id.state")
    def _compute_dunning_level(self):
        # A level counts once sent: a reminder back to review or cancelled
        # gives the invoice its former level again.
        for move in self:
            lines = move.dunning_line_ids.filtered(
                lambda line: line.advanced and line.reminder_id.state == "sent"
            )
            last = max(
                lines,
                key=lambda line: (line.reminder_id.date, line.level_id.delay, line.id),
                default=None,
            )
            move.dunning_level_id = last.level_id if last else False
            move.dunning_last_date = last.reminder_id.date if last else False
