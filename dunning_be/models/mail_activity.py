# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from odoo.addons.mail.tools.discuss import Store


class MailActivity(models.Model):
    _inherit = "mail.activity"

    dunning_call_id = fields.Many2one(
        "dunning.call",
        compute="_compute_dunning_call_id",
        string="Payment Call",
        help="The payment call this activity stands for.",
    )

    def _compute_dunning_call_id(self):
        calls = self.env["dunning.call"].search([("activity_id", "in", self.ids)])
        by_activity = {call.activity_id: call for call in calls}
        for activity in self:
            activity.dunning_call_id = by_activity.get(activity, False)

    def _to_store_defaults(self, target):
        # The web client opens the "Call outcome" wizard for these.
        return [*super()._to_store_defaults(target), Store.One("dunning_call_id", [])]

    def action_dunning_call_outcome(self, feedback=False):
        """ "Mark done" on a payment call: the outcome wizard, the activity
        stays open until an outcome is chosen."""
        self.ensure_one()
        call = self.dunning_call_id
        if not call or call.state != "open":
            # Not (or no longer) a call to record: done as any activity.
            self.action_feedback(feedback=feedback)
            return False
        action = call.action_outcome()
        action["context"] = dict(action["context"], default_note=feedback or False)
        return action

    def action_feedback_schedule_next(self, feedback=False, attachment_ids=None):
        if len(self) == 1 and self.dunning_call_id.state == "open":
            return self.action_dunning_call_outcome(feedback=feedback)
        return super().action_feedback_schedule_next(
            feedback=feedback, attachment_ids=attachment_ids
        )

    def _action_done(self, feedback=False, attachment_ids=None):
        if not self.env.context.get("dunning_call_outcome"):
            self._dunning_open_calls()._close_without_outcome("done")
        return super()._action_done(feedback=feedback, attachment_ids=attachment_ids)

    @api.ondelete(at_uninstall=False)
    def _unlink_dunning_call(self):
        # A cancelled call (or an old overdue one that Odoo cleans up): the
        # escalation goes on.
        if self.env.context.get("dunning_call_outcome"):
            return
        self._dunning_open_calls()._close_without_outcome("skipped")

    def _dunning_open_calls(self):
        # Bookkeeping of the module's own calls: whoever may close the
        # activity closes its call, even without access to the calls list.
        return (
            self.env["dunning.call"]
            .sudo()
            .search([("activity_id", "in", self.ids), ("state", "=", "open")])
        )
