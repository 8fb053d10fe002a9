# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from ast import literal_eval
from collections import Counter

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tools import format_date


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
    last_run_date = fields.Date(
        string="Last Run",
        compute="_compute_last_run_date",
        help="The day of the company's last payment reminder run. A run "
        "cannot be dated earlier.",
    )
    preview_ids = fields.One2many(
        "dunning.run.wizard.line", "wizard_id", string="Preview", readonly=True
    )
    preview_done = fields.Boolean(readonly=True)
    hold_count = fields.Integer(
        string="Held Back",
        readonly=True,
        help="Overdue invoices the run would hold back until our own side is in order.",
    )
    hold_summary = fields.Char(string="Held Back Per Reason", readonly=True)
    feed_warning = fields.Char(readonly=True)
    send_count = fields.Integer(compute="_compute_counts")
    rate_warning = fields.Char(compute="_compute_rate_warning")
    review_count = fields.Integer(compute="_compute_counts")

    @api.depends("preview_ids.send")
    def _compute_counts(self):
        for wizard in self:
            wizard.send_count = len(wizard.preview_ids.filtered("send"))
            wizard.review_count = len(wizard.preview_ids) - wizard.send_count

    @api.depends("company_id")
    def _compute_last_run_date(self):
        for wizard in self:
            wizard.last_run_date = wizard.company_id._dunning_last_run()

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
        stop, feed_warning = run._bank_feed_warning(self.company_id, self.date)
        holds = {}
        plans = (
            []
            if stop
            else run._plan(self.company_id, self.date, partner_ids, holds=holds)
        )
        held = Counter(reason for reason, _note in holds.values())
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
                        "currency_id": plan["currency"].id,
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
        self.write(
            {
                "preview_ids": [Command.clear(), *lines],
                "preview_done": True,
                "hold_count": held.total(),
                "hold_summary": run._hold_counts_text(held),
                "feed_warning": feed_warning,
            }
        )
        return self._reopen()

    def action_open_held(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dunning_be.account_move_action_held"
        )
        action["domain"] = [
            *literal_eval(action["domain"]),
            ("company_id", "=", self.company_id.id),
        ]
        return action

    def action_run(self):
        self.ensure_one()
        if self.date > fields.Date.context_today(self):
            raise UserError(
                self.env._(
                    "Reminders cannot be sent for a day in the future. "
                    "Choose today or an earlier day."
                )
            )
        last_run = self.company_id._dunning_last_run()
        if last_run and self.date < last_run:
            raise UserError(
                self.env._(
                    "The last payment reminder run of %(company)s was on "
                    "%(date)s: a run cannot be dated earlier, the reminders "
                    "already sent count from that day. Choose %(date)s or a "
                    "later day.",
                    company=self.company_id.name,
                    date=format_date(self.env, last_run),
                )
            )
        run = self.env["dunning.run"].with_company(self.company_id)
        summary = run._run_company(self.company_id, self.date)
        if summary["sent"] or summary["draft"]:
            following = self.env["ir.actions.act_window"]._for_xml_id(
                "dunning_be.dunning_reminder_action"
            )
            following["domain"] = [
                ("company_id", "=", self.company_id.id),
                ("date", "=", self.date),
            ]
            following["context"] = {}
        elif run._hold_counts(summary):
            following = self.action_open_held()
        else:
            following = {"type": "ir.actions.act_window_close"}
        # The summary stays on screen while the reminders (or the held
        # invoices) open.
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Payment reminders"),
                "message": run._summary_text(self.company_id, summary, self.date),
                "type": "warning" if summary.get("stale_feed") else "info",
                "sticky": bool(summary.get("stale_feed")),
                "next": following,
            },
        }

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
    # The plan's: a customer is reminded once per currency it owes in.
    currency_id = fields.Many2one("res.currency", readonly=True)
    amount_due = fields.Monetary(readonly=True)
    amount_claimable = fields.Monetary(string="Fees and Interest", readonly=True)
    channels = fields.Char(readonly=True)
    send = fields.Boolean(string="Sent Now", readonly=True)
    note = fields.Char(string="Why Not Sent", readonly=True)
