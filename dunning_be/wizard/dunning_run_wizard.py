# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command


class DunningRunWizard(models.TransientModel):
    """The daily run, by hand: pick a date, see what would go out, run it."""

    _name = "dunning.run.wizard"
    _description = "Run Payment Reminders"

    date = fields.Date(
        required=True,
        default=fields.Date.context_today,
        help="Reminders are computed as on this day.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    preview_ids = fields.One2many(
        "dunning.run.wizard.line", "wizard_id", string="Preview", readonly=True
    )
    preview_done = fields.Boolean(readonly=True)
    send_count = fields.Integer(compute="_compute_counts")
    rate_warning = fields.Char(compute="_compute_rate_warning")
    review_count = fields.Integer(compute="_compute_counts")

    @api.depends("preview_ids.send")
    def _compute_counts(self):
        for wizard in self:
            wizard.send_count = len(wizard.preview_ids.filtered("send"))
            wizard.review_count = len(wizard.preview_ids) - wizard.send_count

    @api.depends("company_id", "date")
    def _compute_rate_warning(self):
        for wizard in self:
            wizard.rate_warning = self.env["dunning.legal.rate"]._missing_rate_warning(
                wizard.company_id, wizard.date or fields.Date.context_today(self)
            )

    @api.onchange("date")
    def _onchange_date(self):
        self.preview_ids = [Command.clear()]
        self.preview_done = False

    def action_preview(self):
        """Show what the run would do on the date, without doing it."""
        self.ensure_one()
        run = self.env["dunning.run"].with_company(self.company_id)
        partner_ids = run._due_partner_ids(self.company_id, self.date)
        plans = run._plan(self.company_id, self.date, partner_ids)
        Reminder = self.env["dunning.reminder"]
        channel_labels = {
            "email": self.env._("E-mail"),
            "letter": self.env._("Letter"),
            "post": self.env._("Post"),
            "sms": self.env._("SMS"),
        }
        lines = []
        for plan in plans:
            if plan["call"] == "schedule":
                note = self.env._(
                    "Call first: %s is asked to phone the customer.",
                    plan["call_user"].name,
                )
            elif plan["call"] == "wait":
                note = self.env._("Waits for the outcome of the call.")
            elif plan["blocked"]:
                note = plan["blocked"]
            elif not plan["channels"]:
                note = Reminder._reason_text(plan["reasons"])
            elif plan["draft"]:
                note = self.env._("Refreshes the reminder waiting for review.")
            elif not plan["level"].auto_send:
                note = self.env._("Prepared for review.")
            else:
                note = False
            lines.append(
                Command.create(
                    {
                        "partner_id": plan["partner"].id,
                        "level_id": plan["level"].id,
                        "invoice_count": len(plan["invoices"]),
                        "amount_due": plan["amount_due"],
                        "amount_claimable": float(plan["claim"].total),
                        "channels": ", ".join(
                            channel_labels[c] for c in plan["channels"]
                        ),
                        "send": plan["send"],
                        "note": note,
                    }
                )
            )
        self.write({"preview_ids": [Command.clear(), *lines], "preview_done": True})
        return self._reopen()

    def action_run(self):
        self.ensure_one()
        if self.date > fields.Date.context_today(self):
            raise UserError(
                self.env._(
                    "Reminders cannot be sent for a day in the future. "
                    "Choose today or an earlier day."
                )
            )
        summary = self.env["dunning.run"]._run_company(self.company_id, self.date)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dunning_be.dunning_reminder_action"
        )
        action["domain"] = [
            ("company_id", "=", self.company_id.id),
            ("date", "=", self.date),
        ]
        action["context"] = {}
        if not (summary["sent"] or summary["draft"]):
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "title": self.env._("Payment reminders"),
                    "message": self.env._(
                        "No customer is due for a reminder on this day."
                    ),
                    "type": "info",
                    "next": {"type": "ir.actions.act_window_close"},
                },
            }
        return action

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Run Payment Reminders"),
        }


class DunningRunWizardLine(models.TransientModel):
    _name = "dunning.run.wizard.line"
    _description = "Payment Reminder Run Preview"
    _order = "send desc, amount_due desc, id"

    wizard_id = fields.Many2one("dunning.run.wizard", required=True, ondelete="cascade")
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    level_id = fields.Many2one("dunning.level", string="Level", readonly=True)
    invoice_count = fields.Integer(string="Overdue Invoices", readonly=True)
    currency_id = fields.Many2one(related="wizard_id.company_id.currency_id")
    amount_due = fields.Monetary(readonly=True)
    amount_claimable = fields.Monetary(string="Fees and Interest", readonly=True)
    channels = fields.Char(readonly=True)
    send = fields.Boolean(string="Sent Now", readonly=True)
    note = fields.Char(string="Why Not Sent", readonly=True)
