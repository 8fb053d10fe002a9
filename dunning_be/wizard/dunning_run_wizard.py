# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from ast import literal_eval
from collections import Counter

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tools import format_date

from ..models.dunning_run_records import PlanRecords

# The lists the run's outcome shows in: their menus, whose names they take.
LISTS = {
    "list_sent_name": "dunning_be.dunning_reminder_menu",
    "list_review_name": "dunning_be.dunning_reminder_menu_review",
    "list_held_name": "dunning_be.account_move_menu_held",
    "list_calls_name": "dunning_be.dunning_call_menu_today",
    "list_handovers_name": "dunning_be.dunning_handover_menu",
}
# What the run does with a previewed customer (lib.run_plan.Plan.outcome).
OUTCOMES = [
    ("send", "Goes Out Now"),
    ("review", "Prepared for Review"),
    ("call", "Call First"),
    ("wait", "Waiting for a Call"),
    ("handover", "To the Debt Collector"),
]


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
    call_count = fields.Integer(compute="_compute_counts")
    wait_count = fields.Integer(compute="_compute_counts")
    handover_count = fields.Integer(compute="_compute_counts")

    # After the run: what it did, line by line, each next to the list that
    # shows it (see dunning.run._summary_lines).
    run_done = fields.Boolean(readonly=True)
    run_warning = fields.Boolean(readonly=True)
    run_sent = fields.Char(readonly=True)
    run_review = fields.Char(readonly=True)
    run_held = fields.Char(readonly=True)
    run_calls = fields.Char(readonly=True)
    run_handovers = fields.Char(readonly=True)
    run_notes = fields.Text(readonly=True)
    # The lists, named as their menus are, in the user's language.
    list_sent_name = fields.Char(compute="_compute_list_names")
    list_review_name = fields.Char(compute="_compute_list_names")
    list_held_name = fields.Char(compute="_compute_list_names")
    list_calls_name = fields.Char(compute="_compute_list_names")
    list_handovers_name = fields.Char(compute="_compute_list_names")

    @api.depends("preview_ids.outcome")
    def _compute_counts(self):
        for wizard in self:
            counts = Counter(wizard.preview_ids.mapped("outcome"))
            wizard.send_count = counts["send"]
            wizard.review_count = counts["review"]
            wizard.call_count = counts["call"]
            wizard.wait_count = counts["wait"]
            wizard.handover_count = counts["handover"]

    def _compute_list_names(self):
        names = {field: self.env.ref(xmlid).name for field, xmlid in LISTS.items()}
        for wizard in self:
            wizard.update(names)

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
        self.run_done = False

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
        channel_labels = {
            "email": self.env._("E-mail"),
            "letter": self.env._("Letter"),
            "post": self.env._("Post"),
            "sms": self.env._("SMS"),
        }
        records = PlanRecords(run.env, plans)
        lines = []
        for plan in plans:
            channels = ", ".join(channel_labels[c] for c in plan.channels)
            if plan.outcome == "handover":
                channels = self.env._("Hand-Over File")
            lines.append(
                Command.create(
                    {
                        "partner_id": plan.partner_id,
                        "level_id": plan.level.id,
                        "invoice_count": len(plan.invoice_ids),
                        "currency_id": plan.currency_id,
                        "amount_due": plan.amount_due,
                        "amount_claimable": float(plan.claim.total),
                        "channels": channels,
                        "send": plan.send,
                        "outcome": plan.outcome,
                        # The reason the run gives, in the same words.
                        "note": run._plan_note(plan, "preview", records),
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

    def action_open_sent(self):
        """The reminders sent on the run's date."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dunning_be.dunning_reminder_action"
        )
        action["domain"] = [
            ("company_id", "=", self.company_id.id),
            ("date", "=", self.date),
            ("state", "=", "sent"),
        ]
        action["context"] = {}
        return action

    def action_open_review(self):
        return self.env["ir.actions.act_window"]._for_xml_id(
            "dunning_be.dunning_reminder_action_review"
        )

    def action_open_calls(self):
        return self.env["ir.actions.act_window"]._for_xml_id(
            "dunning_be.dunning_call_action_today"
        )

    def action_open_handovers(self):
        return self.env["ir.actions.act_window"]._for_xml_id(
            "dunning_be.dunning_handover_action"
        )

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
        # The summary stays in the wizard, each line next to the list that
        # shows it, until the user opens one or closes the wizard.
        # Each on a line of its own here: a sentence, capitalised.
        lines = {
            key: text[:1].upper() + text[1:]
            for key, text in run._summary_lines(self.company_id, summary, self.date)
        }
        keys = {
            "run_sent": ("sent",),
            "run_review": ("draft",),
            "run_held": ("held",),
            "run_calls": ("calls", "waiting_call"),
            "run_handovers": ("handover_sent", "handover_draft"),
        }
        vals = {
            field: "; ".join(lines.pop(key) for key in names if key in lines) or False
            for field, names in keys.items()
        }
        self.write(
            {
                **vals,
                "run_notes": "\n".join(lines.values()) or False,
                "run_warning": summary.stale_feed,
                "run_done": True,
                "preview_ids": [Command.clear()],
                "preview_done": False,
            }
        )
        return self._reopen()

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Run Payment Reminders"),
            "context": {"dialog_size": "extra-large"},
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
    outcome = fields.Selection(OUTCOMES, string="Next Step", readonly=True)
    # Text: the list wraps it instead of cutting it off.
    note = fields.Text(string="Why Not Sent", readonly=True)
